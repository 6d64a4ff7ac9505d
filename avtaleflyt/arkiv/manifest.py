"""MANIFEST.json: one entry per file with SHA-256 and size, named as Noark 5's dokumentobjekt.

Noark 5 gives every dokumentobjekt `sjekksum` (hex), `sjekksumAlgoritme` (`SHA256`) and
`filstoerrelse` (bytes). The manifest also carries the event's identity, the avtale-hash, the
schema and template versions and the adoptions, so one file tells an auditor what the commit holds.
`gjengiverversjon` names the renderer that wrote the documents; a manifest without it was written
before the version was recorded, by renderer `GJENGIVERVERSJON_FOER` (see `gjengiverversjon`).
`vedlegg` lists the agreement's attachments the event holds (`vedlegg/<fil>`), numbered as the
agreement lists them, with the SHA-256 the data states; it is there only when the event holds
attachment files, so manifests of texts without attachments, and of events archived before
attachments were kept, are unchanged (an additive format change).
It is deterministic (sorted keys, no clock), so a rerun of an event produces the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from avtaleflyt.arkiv.hendelse import ArkivHendelse

ALGORITME = "SHA256"
MANIFEST_FORMAT = "avtaleflyt-arkiv/1"
VEDLEGG = "vedlegg/"
"""Where in `<id>/` the attachments lie, as beside avtale.yaml."""
GJENGIVERVERSJON_FOER = "avtaleflyt-docx/1"
"""The renderer of every document archived before the MANIFEST recorded one: the hand-built
WordprocessingML writer. Events of such a version keep leaving the field out, so a rerun of an old
event writes the same manifest bytes."""


def sjekksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def lag_manifest(h: ArkivHendelse) -> bytes:
    """The manifest of the event's files (MANIFEST.json itself is not listed)."""
    doc = {
        "format": MANIFEST_FORMAT,
        "avtaleId": h.avtale_id,
        "versjon": h.versjon,
        "hendelse": h.hendelse,
        "hendelseId": h.hendelse_id,
        "juridiskDato": h.juridisk_dato.isoformat(),
        "avtaleHash": h.avtale_hash,
        "skjemaversjon": h.schema_version,
        "malversjon": h.template_version,
        **({"gjengiverversjon": h.renderer_version} if h.renderer_version else {}),
        **({"vedlegg": vedlegg} if (vedlegg := vedleggsliste(h.files)) else {}),
        "ikrafttredelse": h.ikrafttredelse.isoformat() if h.ikrafttredelse else None,
        "vedtak": [
            {
                "kommunenummer": v.kommunenummer,
                "organ": v.organ,
                "dato": v.dato.isoformat(),
                "saksnummer": v.saksnummer,
                "avtaleHash": v.avtale_hash,
            }
            for v in sorted(h.vedtak, key=lambda v: v.kommunenummer)
        ],
        "signaturer": [
            {
                "kommunenummer": s.kommunenummer,
                "dato": s.dato.isoformat(),
                "navn": s.navn,
                "avtaleHash": s.avtale_hash,
            }
            for s in sorted(h.signaturer, key=lambda s: (s.kommunenummer, s.dato))
        ],
        "dokumentobjekter": [
            {
                "referanseDokumentfil": sti,
                "sjekksum": sjekksum(bytes(data)),
                "sjekksumAlgoritme": ALGORITME,
                "filstoerrelse": len(data),
            }
            for sti, data in sorted(h.files.items())
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def vedleggsliste(filer: Mapping[str, bytes]) -> list[dict]:
    """The attachments of an event's avtale.json, numbered, with their archive path and the
    SHA-256 the data states; [] when the event holds no file under `vedlegg/`."""
    if not any(s.startswith(VEDLEGG) for s in filer) or "avtale.json" not in filer:
        return []
    return vedlegg_i(json.loads(filer["avtale.json"]))


def vedlegg_i(data: Mapping) -> list[dict]:
    """The manifest's `vedlegg` list for a parsed avtale.json."""
    return [
        {
            "nummer": i,
            "tittel": v.get("tittel"),
            "art": v.get("art"),
            "referanseDokumentfil": VEDLEGG + str(v.get("fil")),
            "sjekksum": v.get("sha256"),
            "sjekksumAlgoritme": ALGORITME,
        }
        for i, v in enumerate(data.get("vedlegg") or [], start=1)
    ]


def les_manifest(data: bytes) -> dict:
    """Parse a manifest; raises ValueError with a Norwegian reason when it is not one."""
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"MANIFEST.json er ikke gyldig JSON: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != MANIFEST_FORMAT:
        raise ValueError(f"MANIFEST.json har ikke formatet «{MANIFEST_FORMAT}»")
    objekter = doc.get("dokumentobjekter")
    if not isinstance(objekter, list) or not all(
        isinstance(o, dict)
        and isinstance(o.get("referanseDokumentfil"), str)
        and isinstance(o.get("sjekksum"), str)
        and isinstance(o.get("filstoerrelse"), int)
        for o in objekter
    ):
        raise ValueError("MANIFEST.json mangler gyldige dokumentobjekter")
    return doc


def gjengiverversjon(doc: dict) -> str:
    """The renderer version a parsed manifest records; `GJENGIVERVERSJON_FOER` when it has none."""
    verdi = doc.get("gjengiverversjon")
    return verdi if isinstance(verdi, str) and verdi.strip() else GJENGIVERVERSJON_FOER
