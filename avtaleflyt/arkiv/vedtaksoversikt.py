"""«Vedtak i deltakerkommunene»: each participant's decision on an archived text, as a document.

The adopted text must not change after the councils adopted it, so the decisions (kommune, organ,
meeting date, saksnummer, utfall, the vedtakstekst) are kept beside it, not in it: one Markdown
file per archived event (`VEDTAKSOVERSIKT`, listed in the MANIFEST like every file), written from
that event's own `prosess.json` and `avtale.json` and nothing else. So the archiver and `verify`
make it by the same function from the same bytes: verify makes it again and compares byte for byte,
and a document that says something the records do not, is a finding.

Markdown is plain UTF-8 text: readable without any program, shown as a table on any git host,
and diffable with plain git. The last line names the document's format (`FORMAT`, an HTML comment
Markdown does not show); verify makes an archived document again by the format it names. A new
wording is therefore a new format added to `FORMATER`, never an edit of an existing one: an
archive written years ago must still compare equal. Which decision counts per participant (corrections, which body may
adopt this form) is asked of `avtaleflyt.prosess.fakta`, the same source the archiver's trailers
come from.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from avtaleflyt.prosess import fakta
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN, Prosess, Vedtak

VEDTAKSOVERSIKT = "vedtak-i-deltakerkommunene.md"
"""Path inside `<id>/` of the document."""

TITTEL = "Vedtak i deltakerkommunene"

FORMAT = "avtaleflyt-vedtaksoversikt/1"
"""The format the archiver writes now (see the module docstring: never edit a written format)."""

_MERKE = re.compile(rb"<!-- (avtaleflyt-vedtaksoversikt/[0-9]+) -->\n\Z")

BESTEMT = {
    "kommunestyre": "Kommunestyret",
    "fylkesting": "Fylkestinget",
    "representantskap": "Representantskapet",
    "formannskap": "Formannskapet",
    "fylkesutvalg": "Fylkesutvalget",
    "felles_formannskap": "Det felles formannskapet",
    "hovedutvalg": "Hovedutvalget",
}
"""The body as the subject of a sentence; another body is named as «Organet (navn)»."""

_ANNET = {
    "vedtatt_med_endringer": "vedtok den med endringer",
    "ikke_vedtatt": "vedtok den ikke",
}
"""What a participant did with a text it did not adopt as it stands (the summary sentence)."""

_HANDLING = {
    "vedtatt": "vedtok avtalen",
    "vedtatt_med_endringer": "vedtok avtalen med endringer",
    "ikke_vedtatt": "vedtok ikke avtalen",
}


def _dato(d: str) -> str:
    """A meeting date as the councils' own minutes write it: «08.09.2026»."""
    return dt.date.fromisoformat(d).strftime("%d.%m.%Y")


def med_vedtaksoversikt(filer: Mapping[str, bytes], avtale_hash: str) -> dict[str, bytes]:
    """An event's files with the document made from its own avtale.json and prosess.json (or
    without it, when no participant has decided on the text yet): what the archiver writes and
    what verify expects. Raises ValueError/KeyError/TypeError for unreadable records."""
    ut = {s: d for s, d in filer.items() if s != VEDTAKSOVERSIKT}
    if "prosess.json" not in filer or "avtale.json" not in filer:
        return ut
    dokument = lag_vedtaksoversikt(
        json.loads(filer["avtale.json"]), json.loads(filer["prosess.json"]), avtale_hash
    )
    if dokument is not None:
        ut[VEDTAKSOVERSIKT] = dokument
    return ut


def tellende_vedtak(
    avtale: Mapping[str, Any], prosess: Mapping[str, Any], avtale_hash: str
) -> dict[str, tuple[int, dict[str, Any]]]:
    """Each participant's decision that counts on the text with `avtale_hash`, as (index, the
    record as archived). Read leniently: only the fields the legal facts need are required, so
    records archived under an older process schema still read."""
    raa = [v for v in prosess.get("vedtak") or [] if isinstance(v, dict)]
    vedtak = [
        Vedtak.model_construct(
            id=v["id"],
            kommune=v["kommune"],
            organ=v["organ"],
            mote=str(v.get("mote") or ""),
            motedato=dt.date.fromisoformat(v["motedato"]),
            utfall=v["utfall"],
            vedtakstekst=str(v.get("vedtakstekst") or ""),
            versjon=int(v.get("versjon") or 0),
            avtale_hash=v["avtale_hash"],
            korrigerer=v.get("korrigerer"),
        )
        for v in raa
    ]
    siste = fakta.siste_vedtak(
        Prosess.model_construct(avtale=str(prosess.get("avtale") or ""), vedtak=vedtak),
        dt.date.max,
        avtale.get("type"),
        avtale_hash=avtale_hash,
    )
    deltakere = {str(d.get("kommunenummer")) for d in avtale.get("deltakere") or []}
    return {nr: (i, raa[i]) for nr, (i, _) in siste.items() if nr in deltakere}


def format_i(dokument: bytes) -> str | None:
    """The format an archived document names on its last line (None: none)."""
    treff = _MERKE.search(dokument)
    return treff.group(1).decode("ascii") if treff else None


def lag_vedtaksoversikt(
    avtale: Mapping[str, Any],
    prosess: Mapping[str, Any],
    avtale_hash: str,
    dokumentformat: str = FORMAT,
) -> bytes | None:
    """The document for one archived event (parsed avtale.json and prosess.json) in `dokumentformat`, or
    None when no participant has a decision on this text yet. Raises KeyError/ValueError/TypeError
    for records that are not decisions (verify reports those), KeyError for an unknown format."""
    return FORMATER[dokumentformat](avtale, prosess, avtale_hash)


def _format_1(
    avtale: Mapping[str, Any], prosess: Mapping[str, Any], avtale_hash: str
) -> bytes | None:
    """avtaleflyt-vedtaksoversikt/1. Written into archives: do not change a byte of it."""
    tellende = tellende_vedtak(avtale, prosess, avtale_hash)
    if not tellende:
        return None
    moter = {m.get("id"): m for m in prosess.get("moter") or [] if isinstance(m, dict)}
    deltakere = [
        (str(d.get("kommunenummer")), str(d.get("navn"))) for d in avtale.get("deltakere") or []
    ]
    linjer = [
        f"# {TITTEL}",
        "",
        f"**{avtale.get('tittel')}**, versjon {avtale.get('versjon')} (avtale-id "
        f"`{avtale.get('id')}`).",
        "",
        "Oversikten viser vedtaket hver deltaker har truffet om denne teksten, slik vedtakene er "
        "ført i prosessdataene (`prosess.json`) som er arkivert sammen med den. Den er ikke en del "
        "av avtaleteksten: teksten som ble vedtatt, står uendret i `dokumenter/`.",
        "",
        f"Teksten har avtale-hash `{avtale_hash}`. Vedtakene nedenfor gjelder denne avtale-hashen. "
        "De som vedtok teksten, står også i commit-ens trailere (`Vedtatt-<kommunenummer>`) og i "
        "`MANIFEST.json`.",
        "",
        _sammendrag(deltakere, tellende),
        "",
        "| Deltaker | Organ | Møtedato | Saksnummer | Utfall |",
        "|---|---|---|---|---|",
    ]
    for nr, navn in deltakere:
        if nr not in tellende:
            linjer.append(f"| {navn} ({nr}) | – | – | – | ikke behandlet |")
            continue
        v = tellende[nr][1]
        linjer.append(
            f"| {navn} ({nr}) | {ORGAN_NAVN.get(v['organ'], v['organ'])} | "
            f"{_dato(v['motedato'])} | {_saksnummer(v, moter)} | "
            f"{UTFALL_NAVN.get(v['utfall'], v['utfall'])} |"
        )
    for nr, navn in deltakere:
        linjer += ["", f"## {navn} ({nr})", ""]
        if nr not in tellende:
            linjer.append(f"Det er ikke ført noe vedtak om denne teksten for {navn}.")
            continue
        linjer += _vedtaket(tellende[nr][1], moter)
    linjer += ["", f"<!-- {FORMAT} -->"]
    return ("\n".join(linjer) + "\n").encode("utf-8")


def _sammendrag(
    deltakere: list[tuple[str, str]], tellende: Mapping[str, tuple[int, dict[str, Any]]]
) -> str:
    vedtatt = [
        nr for nr, _ in deltakere if nr in tellende and tellende[nr][1]["utfall"] == "vedtatt"
    ]
    if deltakere and len(vedtatt) == len(deltakere):
        siste = max(tellende[nr][1]["motedato"] for nr in vedtatt)
        return (
            "Alle deltakerne har vedtatt teksten slik den står. Det siste vedtaket ble truffet "
            f"{_dato(siste)}."
        )
    andre = [
        f"{navn} {_utfall_ellers(tellende.get(nr))}" for nr, navn in deltakere if nr not in vedtatt
    ]
    return f"Teksten er ikke vedtatt av alle deltakerne slik den står: {_opplisting(andre)}."


def _utfall_ellers(tellende: tuple[int, dict[str, Any]] | None) -> str:
    if tellende is None:
        return "har ikke behandlet den"
    return _ANNET.get(tellende[1]["utfall"], "har ikke vedtatt den")


def _opplisting(navn: list[str]) -> str:
    return navn[0] if len(navn) == 1 else ", ".join(navn[:-1]) + " og " + navn[-1]


def _saksnummer(v: Mapping[str, Any], moter: Mapping[Any, Mapping[str, Any]]) -> str:
    """The decision's case number, else its meeting's, else the meeting id (as the trailers do)."""
    if v.get("saksnummer"):
        return str(v["saksnummer"])
    mote = moter.get(v.get("mote")) or {}
    return str(mote.get("saksnummer") or v.get("mote") or "–")


def _votering(v: Mapping[str, Any]) -> str:
    votering = v.get("votering") or {}
    if votering.get("enstemmig"):
        return " enstemmig"
    tall = [
        f"{votering[n]} {ord}"
        for n, ord in (("for", "for"), ("mot", "mot"), ("avholdende", "avholdende"))
        if votering.get(n) is not None
    ]
    return f" ({', '.join(tall)})" if tall else ""


def _vedtaket(v: Mapping[str, Any], moter: Mapping[Any, Mapping[str, Any]]) -> list[str]:
    organnavn = BESTEMT.get(v["organ"]) or f"Organet ({ORGAN_NAVN.get(v['organ'], v['organ'])})"
    handling = _HANDLING.get(v["utfall"], UTFALL_NAVN.get(v["utfall"], v["utfall"]))
    linjer = [
        f"{organnavn} behandlet saken i møtet {_dato(v['motedato'])}, "
        f"sak {_saksnummer(v, moter)}, og {handling}{_votering(v)}. Saken gjaldt versjon "
        f"{v.get('versjon')} av avtalen.",
        "",
        "Vedtaket lyder:",
        "",
        *(f"> {linje}".rstrip() for linje in str(v.get("vedtakstekst") or "").splitlines()),
    ]
    if v.get("korrigerer"):
        linjer += ["", f"Registreringen retter en tidligere registrering («{v['korrigerer']}»)."]
    if v.get("merknad"):
        linjer += ["", f"Merknad: {v['merknad']}"]
    linjer += ["", f"Registrert som vedtak «{v['id']}» i prosessdataene."]
    return linjer


FORMATER: dict[str, Callable[[Mapping[str, Any], Mapping[str, Any], str], bytes | None]] = {
    "avtaleflyt-vedtaksoversikt/1": _format_1,
}
"""Every format ever written, by name; `FORMAT` is the one written now."""
