"""`verify`'s check of what an event keeps beside the agreement text: the attachments and the
document «Vedtak i deltakerkommunene».

- Attachments (`vedlegg/<fil>`): the archived avtale.json states each file's SHA-256, and the
  avtale-hash every adoption names is computed from that data, so each attachment file must have
  exactly that SHA-256 (ARKIV-VEDLEGG). The MANIFEST's checksums alone would not do: whoever rewrites
  a file can rewrite its manifest entry, not the adopted data. An event whose manifest lists
  attachments (`vedlegg`) must hold every attachment avtale.json names and no other file under
  `vedlegg/`. A manifest without the list was written before attachments were archived (or for a
  text without them): then there is nothing to compare, and no finding.
- «Vedtak i deltakerkommunene» (`vedtaksoversikt.VEDTAKSOVERSIKT`): made again from the event's own
  avtale.json and prosess.json by the archiver's function, in the format the document names on its
  last line, and compared byte for byte (ARKIV-VEDTAKSOVERSIKT); a later wording of the document
  is a new format, so an old archive still compares equal. An event archived before the document
  existed has none; that is no finding.
"""

from __future__ import annotations

import json

from avtaleflyt.arkiv.manifest import VEDLEGG, vedlegg_i
from avtaleflyt.arkiv.vedtaksoversikt import (
    FORMATER,
    VEDTAKSOVERSIKT,
    format_i,
    lag_vedtaksoversikt,
)
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll

SAMME_VEDLEGG = "avtale-hashen binder vedleggene gjennom SHA-256 i avtaledataene (avtaleflyt)"


def sjekk_bilag(kt: Kontroll, doc: dict, tre: dict[str, str], mappe: str, k: str) -> None:
    """Check one agreement folder's attachments and decision document as one commit left them."""
    if "avtale.json" not in tre:
        return  # reported by the manifest check
    try:
        avtale = json.loads(kt.data(tre["avtale.json"]))
    except ValueError:
        return  # unreadable data is reported by the re-render check
    if isinstance(avtale, dict):
        _vedlegg(kt, doc, tre, mappe, k, avtale)
        _vedtaksoversikt(kt, doc, tre, mappe, k)


def _vedlegg(
    kt: Kontroll, doc: dict, tre: dict[str, str], mappe: str, k: str, avtale: dict
) -> None:
    filer = sorted(s for s in tre if s.startswith(VEDLEGG))
    oppfort = doc.get("vedlegg")
    if oppfort is None and not filer:
        return  # archived before attachments were kept, or a text without them
    fil = f"{k}:{mappe}/MANIFEST.json"
    if oppfort != vedlegg_i(avtale):
        kt.feil(
            fil,
            "ARKIV-VEDLEGG",
            f"Commit {k}: manifestets liste over vedlegg sier ikke det avtale.json sier "
            f"(vedleggene i avtaledataene: {len(avtale.get('vedlegg') or [])}, i manifestet: "
            f"{len(oppfort) if isinstance(oppfort, list) else 'ingen liste'}).",
            sti="vedlegg",
            grunnlag=SAMME_VEDLEGG,
        )
    navngitt = set()
    for i, v in enumerate(avtale.get("vedlegg") or [], start=1):
        sti = f"{VEDLEGG}{v.get('fil')}"
        navngitt.add(sti)
        hvor = f"{k}:{mappe}/{sti}"
        if sti not in tre:
            kt.feil(
                hvor,
                "ARKIV-VEDLEGG",
                f"Commit {k}: vedlegg {i} («{v.get('tittel')}») mangler i arkivet: {mappe}/{sti} "
                "finnes ikke, men avtalen lister det.",
                sti=f"vedlegg.{i - 1}.fil",
                grunnlag=SAMME_VEDLEGG,
            )
            continue
        faktisk = kt.st.sjekksummer.get(tre[sti], ("", -1))[0]
        if faktisk != v.get("sha256"):
            kt.feil(
                hvor,
                "ARKIV-VEDLEGG",
                f"Commit {k}: vedlegg {i} («{v.get('tittel')}»), {mappe}/{sti}, har SHA-256 "
                f"{faktisk[:16]}…, men avtale.json oppgir {str(v.get('sha256'))[:16]}…: filen er "
                "ikke vedlegget som ble vedtatt.",
                sti=f"vedlegg.{i - 1}.sha256",
                grunnlag=SAMME_VEDLEGG,
            )
    for sti in filer:
        if sti not in navngitt:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-VEDLEGG",
                f"Commit {k}: {mappe}/{sti} ligger blant vedleggene, men avtalen lister det ikke.",
                grunnlag=SAMME_VEDLEGG,
            )


def _vedtaksoversikt(kt: Kontroll, doc: dict, tre: dict[str, str], mappe: str, k: str) -> None:
    if VEDTAKSOVERSIKT not in tre:
        return  # archived before the document existed
    hvor = f"{k}:{mappe}/{VEDTAKSOVERSIKT}"
    if "prosess.json" not in tre:
        kt.feil(
            hvor,
            "ARKIV-VEDTAKSOVERSIKT",
            f"Commit {k}: {mappe}/{VEDTAKSOVERSIKT} finnes, men commit-en har ingen prosess.json "
            "å kontrollere den mot.",
        )
        return
    arkivert = kt.data(tre[VEDTAKSOVERSIKT])
    dokumentformat = format_i(arkivert)
    if dokumentformat not in FORMATER:
        kt.feil(
            hvor,
            "ARKIV-VEDTAKSOVERSIKT",
            f"Commit {k}: {mappe}/{VEDTAKSOVERSIKT} har ikke et kjent format på siste linje "
            f"(«{dokumentformat or 'ingen'}»; kjente: {', '.join(FORMATER)}), så den kan ikke lages på nytt "
            "og kontrolleres mot prosess.json.",
        )
        return
    try:
        ny = lag_vedtaksoversikt(
            json.loads(kt.data(tre["avtale.json"])),
            json.loads(kt.data(tre["prosess.json"])),
            str(doc.get("avtaleHash")),
            dokumentformat,
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return  # prosess.json without readable decisions is reported by the decision check
    if ny == arkivert:
        return
    if ny is None:
        hva = "prosess.json har ikke noe vedtak om teksten"
    else:
        hva = f"første forskjell: {_forste_forskjell(arkivert, ny)}"
    kt.feil(
        hvor,
        "ARKIV-VEDTAKSOVERSIKT",
        f"Commit {k}: {mappe}/{VEDTAKSOVERSIKT} sier ikke det vedtakene i prosess.json i samme "
        f"commit sier ({hva}).",
    )


def _forste_forskjell(arkivert: bytes, ny: bytes) -> str:
    a = arkivert.decode("utf-8", "replace").splitlines()
    b = ny.decode("utf-8", "replace").splitlines()
    for nr, (x, y) in enumerate(zip(a, b, strict=False), start=1):
        if x != y:
            return f"linje {nr} er «{x[:120]}», prosess.json gir «{y[:120]}»"
    return f"arkivert {len(a)} linjer, prosess.json gir {len(b)}"
