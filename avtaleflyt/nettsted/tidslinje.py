"""An agreement's timeline: the dated steps a councillor or an auditor asks about, in order, and
the same steps drawn as an SVG picture (the list is the text equivalent the picture points to).

The steps come from the archive: drafts (each version's `versjonsdato`), drøfting, each body's
decision with date, case number and outcome (the archived process records), each signature,
adopted/signed by all, «vedtatt med endringer», entry into force and termination (the archived
events through `revisjon.historikk`). Which decision counts for a version is `prosess.fakta`'s
answer; this module only orders and words them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

from avtaleflyt.nettsted.innhold import Avtaleinnhold
from avtaleflyt.nettsted.tekst import dato, dato_kort
from avtaleflyt.prosess import fakta
from avtaleflyt.rendering.templating import opplisting
from schemas.prosess import ORGAN_NAVN, UTFALL_NAVN

RANG = {
    "utkast": 0,
    "drofting": 1,
    "innstilling": 2,
    "vedtak": 3,
    "endret": 4,
    "vedtatt_alle": 5,
    "signatur": 6,
    "signert_alle": 7,
    "ikraft": 8,
    "opphort": 9,
}

FORKLARING = {
    "utkast": "utkast til en versjon",
    "drofting": "drøfting med tillitsvalgte",
    "innstilling": "innstilling eller annen behandling",
    "vedtak": "vedtak i kommunestyre eller annet vedtaksorgan",
    "endret": "vedtatt med endringer (ny versjon trengs)",
    "vedtatt_alle": "vedtatt av alle",
    "signatur": "signatur",
    "signert_alle": "signert av alle",
    "ikraft": "trer i kraft",
    "opphort": "opphørt",
}
"""What each kind of step means, for the picture's legend."""


@dataclass(frozen=True)
class Steg:
    dato: dt.date
    art: str
    tekst: str
    """A whole sentence (the text equivalent)."""
    spor: str | None
    """The participant's number whose lane the step is drawn in; None: the agreement's own lane."""
    versjon: int | None = None
    utfall: str | None = None
    saksnummer: str | None = None
    kort: str = ""
    """What happened in a few words, for the participant's table («Kommunestyre: vedtatt»)."""


def steg(a: Avtaleinnhold, at: dt.date) -> list[Steg]:
    """Every dated step of the agreement up to `at`, oldest first."""
    navn = a.deltakere()
    ut: list[Steg] = []
    for v in a.versjoner.values():
        if v.avtale is not None and v.avtale.versjonsdato is not None:
            ut.append(
                Steg(
                    v.avtale.versjonsdato,
                    "utkast",
                    f"Utkast til versjon {v.nr} datert {dato(v.avtale.versjonsdato)}.",
                    None,
                    v.nr,
                )
            )
    ut += _prosess(a, navn, at)
    ut += _arkivert(a, navn)
    return sorted(
        (s for s in ut if s.dato <= at),
        key=lambda s: (s.dato, RANG[s.art], s.spor or "", s.versjon or 0),
    )


def _prosess(a: Avtaleinnhold, navn: dict[str, str], at: dt.date) -> list[Steg]:
    """Drøfting and decisions from the archived process records; without them, the adoptions the
    archived manifests name."""
    p = a.prosess
    ut: list[Steg] = []
    if p is None:
        for v in a.versjoner.values():
            for y in v.info.vedtak:
                ut.append(
                    _vedtak_steg(
                        y.dato, y.kommunenummer, navn, y.organ, "vedtatt", y.saksnummer, v.nr
                    )
                )
        return ut
    for d in p.drofting:
        hvem = opplisting([navn.get(k, k) for k in d.kommuner])
        org = f" med {opplisting(list(d.organisasjoner))}" if d.organisasjoner else ""
        protokoll = f" Protokoll: {d.protokoll}." if d.protokoll else ""
        spor = d.kommuner[0] if len(d.kommuner) == 1 else None
        ut.append(Steg(d.dato, "drofting", f"Drøfting i {hvem}{org}.{protokoll}", spor))
    for _, x in fakta.effektive_vedtak(p, at):
        ut.append(
            _vedtak_steg(x.motedato, x.kommune, navn, x.organ, x.utfall, x.saksnummer, x.versjon)
        )
    return ut


def _vedtak_steg(
    d: dt.date,
    nr: str,
    navn: dict[str, str],
    organ: str,
    utfall: str,
    sak: str | None,
    versjon: int,
) -> Steg:
    organnavn = ORGAN_NAVN.get(organ, organ)
    utfallnavn = UTFALL_NAVN.get(utfall, utfall)
    saken = f", sak {sak}" if sak else ""
    art = "innstilling" if utfall in ("innstilling", "utsatt") else "vedtak"
    if utfall == "vedtatt_med_endringer":
        art = "endret"
    tekst = f"{navn.get(nr, nr)} {organnavn}: {utfallnavn} (versjon {versjon}){saken}."
    kort = f"{organnavn[:1].upper()}{organnavn[1:]}: {utfallnavn}"
    return Steg(d, art, tekst, nr, versjon, utfall, sak, kort)


def _arkivert(a: Avtaleinnhold, navn: dict[str, str]) -> list[Steg]:
    """The archived legal events: adopted, amended, signed, in force, terminated."""
    ut: list[Steg] = []
    h = a.historikk
    for v in h.versjoner.values():
        if v.vedtatt:
            ut.append(
                Steg(
                    v.vedtatt,
                    "vedtatt_alle",
                    f"Versjon {v.versjon} er vedtatt av alle.",
                    None,
                    v.versjon,
                )
            )
        endret = v.hendelse("endret")
        if endret is not None and endret.juridisk_dato is not None:
            ved = endret.trailer("Endret-Ved") or ""
            nr = ved.split(" ", 1)[0] if ved else ""
            hvem = f" i {navn.get(nr, nr)}" if nr else ""
            ut.append(
                Steg(
                    endret.juridisk_dato,
                    "endret",
                    f"Versjon {v.versjon} ble vedtatt med endringer{hvem}: den kan ikke tre i kraft, "
                    "en ny versjon må behandles.",
                    None,
                    v.versjon,
                )
            )
        for s in v.signaturer:
            av = f" av {s.navn}" if s.navn else ""
            ut.append(
                Steg(
                    s.dato,
                    "signatur",
                    f"Versjon {v.versjon} signert for {s.kommunenavn}{av}.",
                    s.kommunenummer,
                    v.versjon,
                    kort=f"Signert{av}",
                )
            )
        if v.signert:
            ut.append(
                Steg(
                    v.signert,
                    "signert_alle",
                    f"Versjon {v.versjon} er signert av alle parter.",
                    None,
                    v.versjon,
                )
            )
        if v.ikraft:
            til = (
                f" Den gjaldt til og med {dato(v.gyldig_til - dt.timedelta(days=1))}."
                if v.gyldig_til
                else ""
            )
            ut.append(
                Steg(v.ikraft, "ikraft", f"Versjon {v.versjon} trer i kraft.{til}", None, v.versjon)
            )
    if h.opphort:
        ut.append(
            Steg(
                h.opphort,
                "opphort",
                f"Samarbeidet er opphørt fra {dato(h.opphort)} (versjon {h.opphort_versjon} var "
                "siste gjeldende).",
                None,
                h.opphort_versjon,
            )
        )
    return ut


# --------------------------------------------------------------------------- the picture

BREDDE = 960
VENSTRE = 170
HOYRE = 20
RAD = 34
TOPP = 16


def _x(d: dt.date, start: dt.date, slutt: dt.date) -> float:
    spenn = max((slutt - start).days, 1)
    return VENSTRE + (BREDDE - VENSTRE - HOYRE) * (d - start).days / spenn


def form(art: str, x: float, y: float) -> str:
    """The SVG shape of one kind of step at (x, y); the legend draws the same shapes."""
    if art in ("vedtak", "vedtatt_alle"):
        return f'<circle cx="{x:g}" cy="{y:g}" r="6"/>'
    if art == "endret":
        return f'<path d="M{x:g} {y - 8:g} L{x + 8:g} {y:g} L{x:g} {y + 8:g} L{x - 8:g} {y:g} Z"/>'
    if art in ("signatur", "signert_alle"):
        return f'<rect x="{x - 5:g}" y="{y - 5:g}" width="10" height="10"/>'
    if art == "drofting":
        return f'<path d="M{x:g} {y - 7:g} L{x + 7:g} {y + 6:g} L{x - 7:g} {y + 6:g} Z"/>'
    if art == "opphort":
        return (
            f'<path d="M{x - 6:g} {y - 6:g} L{x + 6:g} {y + 6:g} '
            f'M{x + 6:g} {y - 6:g} L{x - 6:g} {y + 6:g}"/>'
        )
    if art == "ikraft":
        return f'<path d="M{x:g} {y - 9:g} L{x:g} {y + 9:g}"/>'
    if art == "utkast":
        return f'<rect x="{x - 4:g}" y="{y - 6:g}" width="8" height="12"/>'
    return f'<circle cx="{x:g}" cy="{y:g}" r="4"/>'


def forklaring() -> list[tuple[str, Markup]]:
    """(meaning, small inline SVG) per kind of step, for the legend under the picture."""
    return [
        (
            tekst,
            Markup(
                '<svg aria-hidden="true" focusable="false" width="18" height="18" '
                f'viewBox="0 0 18 18"><g class="merke {art}">{form(art, 9, 9)}</g></svg>'
            ),
        )
        for art, tekst in FORKLARING.items()
    ]


def tegning(
    a: Avtaleinnhold, alle: list[Steg], at: dt.date, tittel: str, beskrivelse: str
) -> Markup:
    """The timeline as an inline SVG: one lane for the agreement's own steps and the periods in
    force, one lane per participant; each shape has a tooltip, the picture a title and a
    description, and the ordered list beside it is its text equivalent."""
    if not alle:
        return Markup("")
    start = min(s.dato for s in alle).replace(day=1)
    slutt = max([s.dato for s in alle] + [at]) + dt.timedelta(days=20)
    spor = [(None, "Avtalen"), *sorted(a.deltakere().items())]
    rad = {nr: i for i, (nr, _) in enumerate(spor)}
    bunn = TOPP + RAD * len(spor)
    deler = [
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        'aria-labelledby="tl-tittel tl-beskrivelse" '
        f'viewBox="0 0 {BREDDE} {bunn + 40}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="tl-tittel">{escape(tittel)}</title>',
        f'<desc id="tl-beskrivelse">{escape(beskrivelse)}</desc>',
    ]
    for i, (_, navn) in enumerate(spor):
        y = TOPP + RAD * i
        deler.append(
            f'<rect x="0" y="{y}" width="{BREDDE}" height="{RAD}" class="spor{i % 2}"/>'
            f'<text x="8" y="{y + RAD // 2 + 5}" class="spornavn">{escape(navn)}</text>'
        )
    d = start
    steg_mnd = max(1, ((slutt - start).days // 30) // 12 + 1)
    while d <= slutt:
        x = round(_x(d, start, slutt), 1)
        deler.append(
            f'<line x1="{x:g}" x2="{x:g}" y1="{TOPP}" y2="{bunn + 6}" class="rutenett"/>'
            f'<text x="{x + 3:g}" y="{bunn + 22}" class="akse">{dato_kort(d, kun_maned=True)}</text>'
        )
        m = d.month - 1 + steg_mnd
        d = dt.date(d.year + m // 12, m % 12 + 1, 1)
    for v in sorted(a.historikk.versjoner.values(), key=lambda v: v.versjon):
        if v.ikraft:
            x1 = round(_x(v.ikraft, start, slutt), 1)
            b = round(max(_x(v.gyldig_til or slutt, start, slutt) - x1, 2), 1)
            til = f" til {dato(v.gyldig_til)}" if v.gyldig_til else ""
            deler.append(
                f'<g class="periode"><title>Versjon {v.versjon} i kraft fra {dato(v.ikraft)}{til}'
                f'</title><rect x="{x1:g}" y="{TOPP + 6}" width="{b:g}" height="{RAD - 12}" rx="4"/>'
                f'<text x="{x1 + 6:g}" y="{TOPP + RAD - 13}">v{v.versjon} i kraft</text></g>'
            )
    for s in alle:
        x = round(_x(s.dato, start, slutt), 1)
        y = TOPP + RAD * rad.get(s.spor, 0) + RAD // 2
        klasse = f"merke {s.art}" + (f" {s.utfall}" if s.utfall else "")
        deler.append(
            f'<g class="{klasse}"><title>{dato_kort(s.dato)}: {escape(s.tekst)}</title>'
            f"{form(s.art, x, y)}</g>"
        )
    deler.append("</svg>")
    return Markup("\n".join(deler))
