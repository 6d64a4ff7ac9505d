"""The trailers against the rest of the commit, and the legal dates against the commit time.

The trailers are what plain `git log` shows an auditor (docs/arkiv.md), so each must say what the
manifest and `prosess.json` of the same commit say: every `Vedtatt-<nr>` an adoption in the
records (municipality, meeting date, case number, adopted), every `Signert-<nr>` a signature,
`Ikrafttredelse`, `Skjemaversjon` and `Malversjon` the manifest's values. The event id covers only
agreement, version, kind, date and hash, so without this a rewritten `Vedtatt-5027` kept a valid
`Hendelse-Id` and passed.

An event is written when it has happened (the archive keeps its own clock, `klokke`), so in an
archive that is not a simulation no legal date may lie after the day its commit was made
(Europe/Oslo). Commit time can be set by whoever makes the commit; this catches an archive written
ahead of the clock, not a forger who also sets the time (the journal, tags and mirrors do that).
"""

from __future__ import annotations

import datetime as dt
import json

from avtaleflyt.arkiv import les
from avtaleflyt.arkiv.klokke import OSLO, er_simulert
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll

MANIFEST_FELT = (
    ("Skjemaversjon", "skjemaversjon"),
    ("Malversjon", "malversjon"),
    ("Ikrafttredelse", "ikrafttredelse"),
)


def trailere_mot_innhold(
    kt: Kontroll, fil: str, doc: dict, e: les.ArkivertHendelse, tre: dict[str, str], mappe: str
) -> None:
    """Compare the event's trailers with its manifest and, when archived, its prosess.json."""
    k = e.commit[:12]
    _mot_manifest(kt, fil, doc, e, k)
    if "prosess.json" not in tre:
        return
    try:
        data = json.loads(kt.data(tre["prosess.json"]))
    except ValueError:
        return  # unreadable records are reported by the decision check
    if isinstance(data, dict):
        _mot_prosess(kt, f"{k}:{mappe}/prosess.json", data, e, k)


def _mot_manifest(kt: Kontroll, fil: str, doc: dict, e: les.ArkivertHendelse, k: str) -> None:
    for trailer, nokkel in MANIFEST_FELT:
        t, m = e.trailer(trailer), doc.get(nokkel)
        if t != m:
            kt.feil(
                fil,
                "ARKIV-TRAILER-MANIFEST",
                f"Commit {k}: traileren {trailer} er «{t or 'mangler'}», men manifestet sier "
                f"«{m or 'ingenting'}».",
                sti=nokkel,
            )
    vedtak = {
        str(v.get("kommunenummer")): f"{v.get('dato')} sak {v.get('saksnummer')}"
        for v in doc.get("vedtak") or []
        if isinstance(v, dict)
    }
    signaturer = {
        str(s.get("kommunenummer")): str(s.get("dato"))
        for s in doc.get("signaturer") or []
        if isinstance(s, dict)
    }
    for navn, trailere, manifest in (
        ("Vedtatt", e.vedtatt(), vedtak),
        ("Signert", e.signert(), signaturer),
    ):
        for nr in sorted(set(trailere) | set(manifest)):
            t, m = trailere.get(nr), manifest.get(nr)
            if t != m:
                kt.feil(
                    fil,
                    "ARKIV-TRAILER-MANIFEST",
                    f"Commit {k}: traileren {navn}-{nr} er «{t or 'mangler'}», men manifestet "
                    f"sier «{m or 'ingenting'}».",
                    sti="vedtak" if navn == "Vedtatt" else "signaturer",
                )


def _mot_prosess(kt: Kontroll, fil: str, data: dict, e: les.ArkivertHendelse, k: str) -> None:
    moter = {m.get("id"): m for m in data.get("moter") or [] if isinstance(m, dict)}
    vedtak = [v for v in data.get("vedtak") or [] if isinstance(v, dict)]
    for nr, verdi in sorted(e.vedtatt().items()):
        dato, _, sak = verdi.partition(" sak ")
        if not any(_stotter(v, nr, dato, sak, e.versjon, moter) for v in vedtak):
            kt.feil(
                fil,
                "ARKIV-TRAILER-PROSESS",
                f"Commit {k}: traileren Vedtatt-{nr}: {verdi} har ikke noe vedtak bak seg i "
                f"prosess.json (kommune {nr}, møtedato {dato}, sak {sak}, utfall vedtatt, "
                f"versjon {e.versjon}).",
                sti="vedtak",
            )
    signaturer = [s for s in data.get("signaturer") or [] if isinstance(s, dict)]
    for nr, dato in sorted(e.signert().items()):
        if not any(
            s.get("kommune") == nr
            and str(s.get("dato")) == dato
            and s.get("versjon") in (None, e.versjon)
            for s in signaturer
        ):
            kt.feil(
                fil,
                "ARKIV-TRAILER-PROSESS",
                f"Commit {k}: traileren Signert-{nr}: {dato} har ingen signatur bak seg i "
                f"prosess.json (kommune {nr}, dato {dato}, versjon {e.versjon}).",
                sti="signaturer",
            )


def _stotter(v: dict, nr: str, dato: str, sak: str, versjon: int | None, moter: dict) -> bool:
    """Whether the adoption record `v` is the one a `Vedtatt-<nr>: <dato> sak <sak>` names (the
    case number as the archiver took it: the record's, else its meeting's, else the meeting id)."""
    if v.get("kommune") != nr or str(v.get("motedato")) != dato or v.get("utfall") != "vedtatt":
        return False
    if versjon is not None and v.get("versjon") not in (None, versjon):
        return False
    mote = moter.get(v.get("mote")) or {}
    return (v.get("saksnummer") or mote.get("saksnummer") or v.get("mote")) == sak


def dato_mot_commit(kt: Kontroll, e: les.ArkivertHendelse) -> None:
    """Simulated and real events never mix; a real event's legal dates are not after its commit."""
    if e.avtale_id is None:
        return  # a commit without trailers is reported on its own
    k = e.commit[:12]
    if er_simulert(e.trailere) != kt.simulering:
        kt.feil(
            e.commit,
            "ARKIV-SIMULERING",
            f"Commit {k} ({e.tag}) er "
            + (
                "merket som simulert (Simulering: ja), men arkivet er ekte"
                if not kt.simulering
                else "ikke merket som simulert, men arkivet er en simulering"
            )
            + ": ekte og simulerte hendelser blandes aldri.",
        )
        return
    tid = kt.commit_tid.get(e.commit)
    if kt.simulering or not tid:
        return
    skrevet = dt.datetime.fromtimestamp(tid, OSLO).date()
    datoer = [("juridisk dato", e.juridisk_dato)]
    datoer += [(f"Vedtatt-{nr}", _dato(v)) for nr, v in sorted(e.vedtatt().items())]
    datoer += [(f"Signert-{nr}", _dato(v)) for nr, v in sorted(e.signert().items())]
    senere = [f"{navn} {d.isoformat()}" for navn, d in datoer if d is not None and d > skrevet]
    if senere:
        kt.feil(
            e.commit,
            "ARKIV-DATO-FREMTID",
            f"Commit {k} ({e.tag}) ble skrevet {skrevet.isoformat()}, men {', '.join(senere)} "
            "ligger etter: hendelsen ble arkivert før den hadde skjedd, i et arkiv som ikke er "
            "en simulering.",
        )


def _dato(verdi: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(verdi.split(" ", 1)[0])
    except ValueError:
        return None
