"""The site's pages: what each page says, rendered through the Jinja2 templates in `maler/`.

Each function returns the finished bytes of one page (or a few), so the builder can compare
them with what is on disk and leave an unchanged page alone. Every link is relative (built with
`adresse.relativ` from the page's own path), so the site works from `file://` and from any
folder of a web server. The templates ship inside this package (package data), not under
`templates/`, whose every file the archive snapshots into each event as `maler/`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from avtaleflyt.findings import Finding
from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.dokument import dokumentkropp
from avtaleflyt.nettsted.filrader import filrad, vedleggsrader
from avtaleflyt.nettsted.innhold import Avtaleinnhold, Oversikt, Versjon
from avtaleflyt.nettsted.lesning import (
    andel_og_belop,
    antall_samarbeid,
    beskrivelse,
    deltakere_i,
    form,
    i_kraft_for,
    kommunenavn,
    kommunens_vedtak,
    rolle,
    siste_dato,
    status,
    versjonsstatus,
    vert_for,
)
from avtaleflyt.nettsted.tekst import dato
from avtaleflyt.nettsted.tekstdiff import Avsnitt, blokker, sammenlign_tekst
from avtaleflyt.nettsted.tidslinje import forklaring, steg, tegning
from avtaleflyt.nettsted.vedtaksdokument import som_html
from avtaleflyt.revisjon import endringer

MALER = Path(__file__).resolve().parent / "maler"


@functools.cache
def miljo() -> Environment:
    """One environment per process: its templates ship with the program and never change while
    it runs, so each is compiled once and not checked on disk before every page."""
    return Environment(
        loader=FileSystemLoader(MALER),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


@dataclass(frozen=True)
class Referanse:
    """The date the pages' «in force» answers are for, and why that date."""

    dato: dt.date
    valgt: bool
    """True when the user gave the date (`--dato`); else the archive's latest legal date."""

    @property
    def kort(self) -> str:
        return dato(self.dato)

    @property
    def tekst(self) -> str:
        if self.valgt:
            return (
                f"Status og samarbeid i kraft gjelder {dato(self.dato)}, datoen som ble valgt da "
                "nettstedet ble laget."
            )
        return (
            f"Status og samarbeid i kraft gjelder {dato(self.dato)}, datoen for siste arkiverte "
            "hendelse. Arkivet har ingen senere hendelser, så oversikten gjelder til noe nytt "
            "blir arkivert."
        )


class Sider:
    """Renders pages for one archive and reference date."""

    def __init__(self, oversikt: Oversikt, referanse: Referanse) -> None:
        self.oversikt = oversikt
        self.ref = referanse
        self.env = miljo()

    def _side(self, mal: str, sti: str, **kontekst) -> bytes:
        rot = adresse.relativ(sti, "")
        tekst = self.env.get_template(mal).render(
            rot=rot, simulering=self.oversikt.simulering, referanse=self.ref, **kontekst
        )
        return tekst.encode("utf-8")

    def _lenke(self, fra: str, til: str) -> str:
        return adresse.relativ(fra, til)

    # ------------------------------------------------------------------ summaries

    def sammendrag(self, a: Avtaleinnhold) -> dict:
        """What the start page and the municipality pages say about one agreement, as plain
        data: the builder keeps it in its manifest, so an agreement whose events did not change
        is not read again to make those pages."""
        siste = a.siste.avtale
        navarende = (
            [[d.kommunenummer, d.navn] for d in siste.deltakere]
            if siste is not None
            else [[nr, n] for nr, n in a.deltakere().items()]
        )
        register: dict[str, dict] = {}
        historikk: dict[str, list[dict]] = {}
        for nr in a.deltakere():
            rad = i_kraft_for(a, nr, self.ref.dato)
            if rad is not None:
                post, v = rad
                andel, belop = andel_og_belop(post, v, nr)
                register[nr] = {
                    "form": post.form,
                    "rolle": rolle(post, nr),
                    "vert": post.vertskommune or "–",
                    "andel": ", ".join(x for x in (andel, belop) if x) or "ikke oppgitt",
                    "belop": bool(belop),
                    "versjon": post.versjon,
                    "fra": dato(post.i_kraft_fra),
                    "til": dato(post.i_kraft_til) if post.i_kraft_til else "",
                }
            for vi in sorted(a.historikk.versjoner.values(), key=lambda vi: vi.versjon):
                if nr not in deltakere_i(a.versjoner[vi.versjon]):
                    continue
                historikk.setdefault(nr, []).append(
                    {
                        "versjon": vi.versjon,
                        "vedtak": kommunens_vedtak(vi, nr),
                        "periode": versjonsstatus(a, vi),
                    }
                )
        return {
            "tittel": a.tittel,
            "form": form(a),
            "status": status(a, self.ref.dato),
            "deltakere": navarende,
            "alle": a.deltakere(),
            "register": register,
            "historikk": historikk,
        }

    # ------------------------------------------------------------------ start

    def start(self, alle: dict[str, dict]) -> bytes:
        sti = adresse.startside()
        rekke = sorted(alle.items(), key=lambda p: (p[1]["tittel"], p[0]))
        avtaler = [
            {
                "tittel": s["tittel"],
                "href": self._lenke(sti, adresse.avtaleside(avtale_id)),
                "form": s["form"],
                "deltakere": [
                    {"navn": n, "href": self._lenke(sti, adresse.kommuneside(nr))}
                    for nr, n in s["deltakere"]
                ],
                "status": s["status"],
            }
            for avtale_id, s in rekke
        ]
        teller = Counter(nr for s in alle.values() for nr in s["alle"])
        kommuner = [
            {
                "nr": nr,
                "navn": navn,
                "href": self._lenke(sti, adresse.kommuneside(nr)),
                "antall": antall_samarbeid(teller[nr]),
            }
            for nr, navn in sorted(kommunenavn(alle).items(), key=lambda p: (p[1], p[0]))
        ]
        return self._side(
            "start.html.j2",
            sti,
            tittel="Alle samarbeid",
            meny="start",
            smuler=[],
            avtaler=avtaler,
            kommuner=kommuner,
        )

    def _deltakere(self, sti: str, a: Avtaleinnhold) -> list[dict]:
        siste = a.siste.avtale
        navn = (
            {d.kommunenummer: d.navn for d in siste.deltakere}
            if siste is not None
            else a.deltakere()
        )
        return [
            {"navn": n, "href": self._lenke(sti, adresse.kommuneside(nr))} for nr, n in navn.items()
        ]

    # ------------------------------------------------------------------ municipality

    def kommune(self, nr: str, alle: dict[str, dict]) -> bytes:
        sti = adresse.kommuneside(nr)
        navn = kommunenavn(alle).get(nr, nr)
        poster, historikk = [], []
        for avtale_id, s in sorted(alle.items(), key=lambda p: (p[1]["tittel"], p[0])):
            if nr not in s["alle"]:
                continue
            href = self._lenke(sti, adresse.avtaleside(avtale_id))
            if nr in s["register"]:
                poster.append({"tittel": s["tittel"], "href": href, **s["register"][nr]})
            historikk += [
                {"tittel": s["tittel"], "href": href, **h} for h in s["historikk"].get(nr, [])
            ]
        return self._side(
            "kommune.html.j2",
            sti,
            tittel=navn,
            meny="",
            smuler=[
                {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
                {"tekst": navn, "href": None},
            ],
            navn=navn,
            nr=nr,
            poster=poster,
            har_belop=any(p["belop"] for p in poster),
            historikk=historikk,
        )

    # ------------------------------------------------------------------ agreement

    def avtale(self, a: Avtaleinnhold) -> bytes:
        sti = adresse.avtaleside(a.avtale_id)
        sist = siste_dato(a)  # the page shows the agreement's own archive, not the build's date
        alle = steg(a, sist)
        siste = a.siste.avtale
        kommuner = []
        for nr, navn in a.deltakere().items():
            rader = [
                {
                    "iso": s.dato.isoformat(),
                    "dato": dato(s.dato),
                    "hva": s.kort,
                    "versjon": s.versjon or "–",
                    "sak": s.saksnummer or "–",
                }
                for s in alle
                if s.spor == nr and s.art in ("vedtak", "endret", "innstilling", "signatur")
            ]
            kommuner.append(
                {
                    "anker": adresse.kommuneanker(nr),
                    "navn": navn,
                    "href": self._lenke(sti, adresse.kommuneside(nr)),
                    "rader": rader,
                }
            )
        versjoner = []
        nrs = sorted(a.versjoner)
        for i, n in enumerate(nrs):
            v = a.historikk.versjoner[n]
            versjoner.append(
                {
                    "nr": n,
                    "vedtatt": dato(v.vedtatt) if v.vedtatt else "nei",
                    "signert": dato(v.signert) if v.signert else "nei",
                    "periode": versjonsstatus(a, v),
                    "href": self._lenke(sti, adresse.versjonsside(a.avtale_id, n)),
                    "endringer": {
                        "fra": nrs[i - 1],
                        "href": self._lenke(sti, adresse.endringsside(a.avtale_id, nrs[i - 1], n)),
                    }
                    if i > 0
                    else None,
                }
            )
        return self._side(
            "avtale.html.j2",
            sti,
            tittel=a.tittel,
            meny="",
            smuler=[
                {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
                {"tekst": a.tittel, "href": None},
            ],
            avtale_id=a.avtale_id,
            form=form(a),
            vert=vert_for(siste),
            deltakere=self._deltakere(sti, a),
            status=status(a, sist),
            siste_dato=dato(sist),
            svg=tegning(a, alle, sist, f"Tidslinje for {a.tittel}", beskrivelse(a)),
            forklaring=forklaring(),
            steg=[
                {"iso": s.dato.isoformat(), "dato": dato(s.dato), "tekst": s.tekst, "art": s.art}
                for s in alle
            ],
            kommuner=kommuner,
            versjoner=versjoner,
        )

    def versjon(self, a: Avtaleinnhold, v: Versjon, html: bytes | None) -> bytes:
        sti = adresse.versjonsside(a.avtale_id, v.nr)
        info = v.info
        nrs = sorted(a.versjoner)
        forrige = nrs[nrs.index(v.nr) - 1] if nrs.index(v.nr) > 0 else None
        dokumenter = [filrad(sti, a.avtale_id, d) for d in v.dokumenter]
        oversikt = v.vedtaksoversikt
        return self._side(
            "versjon.html.j2",
            sti,
            tittel=f"{a.tittel}, versjon {v.nr}",
            meny="",
            smuler=[
                {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
                {"tekst": a.tittel, "href": self._lenke(sti, adresse.avtaleside(a.avtale_id))},
                {"tekst": f"Versjon {v.nr}", "href": None},
            ],
            avtaletittel=a.tittel,
            nr=v.nr,
            vedtatt=dato(info.vedtatt) if info.vedtatt else "nei",
            signert=dato(info.signert) if info.signert else "nei",
            periode=versjonsstatus(a, info),
            avtale_hash=info.avtale_hash,
            tag=info.tag,
            feil=v.feil,
            dokumenter=dokumenter,
            har_pdf=v.dokument(".pdf") is not None,
            vedlegg=vedleggsrader(sti, a.avtale_id, v),
            vedtak={
                "href": self._lenke(sti, adresse.vedtaksside(a.avtale_id, v.nr)),
                "fil": filrad(sti, a.avtale_id, oversikt),
            }
            if oversikt is not None
            else None,
            forrige={
                "nr": forrige,
                "href": self._lenke(sti, adresse.endringsside(a.avtale_id, forrige, v.nr)),
            }
            if forrige is not None
            else None,
            tekst=dokumentkropp(html) if html is not None else None,
        )

    def vedtak(self, a: Avtaleinnhold, v: Versjon, md: bytes | None) -> bytes:
        """«Vedtak i deltakerkommunene» of a version: the archived document itself, and its
        download with SHA-256 (the version page links here and shows no decisions of its own)."""
        sti = adresse.vedtaksside(a.avtale_id, v.nr)
        assert v.vedtaksoversikt is not None
        return self._side(
            "vedtak.html.j2",
            sti,
            tittel=f"{a.tittel}, versjon {v.nr}: vedtak i deltakerkommunene",
            meny="",
            smuler=[
                {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
                {"tekst": a.tittel, "href": self._lenke(sti, adresse.avtaleside(a.avtale_id))},
                {
                    "tekst": f"Versjon {v.nr}",
                    "href": self._lenke(sti, adresse.versjonsside(a.avtale_id, v.nr)),
                },
                {"tekst": "Vedtak i deltakerkommunene", "href": None},
            ],
            avtaletittel=a.tittel,
            nr=v.nr,
            fil=filrad(sti, a.avtale_id, v.vedtaksoversikt),
            tekst=som_html(md) if md is not None else None,
        )

    def endringer(
        self,
        a: Avtaleinnhold,
        fra: Versjon,
        til: Versjon,
        html_fra: bytes | None,
        html_til: bytes | None,
    ) -> bytes:
        sti = adresse.endringsside(a.avtale_id, fra.nr, til.nr)
        avsnitt: list[Avsnitt] | None = None
        if html_fra is not None and html_til is not None:
            avsnitt = sammenlign_tekst(
                blokker(html_fra.decode("utf-8", "replace")),
                blokker(html_til.decode("utf-8", "replace")),
            )
        return self._side(
            "endringer.html.j2",
            sti,
            tittel=f"{a.tittel}: endringer fra versjon {fra.nr} til {til.nr}",
            meny="",
            smuler=[
                {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
                {"tekst": a.tittel, "href": self._lenke(sti, adresse.avtaleside(a.avtale_id))},
                {"tekst": f"Endringer v{fra.nr}–v{til.nr}", "href": None},
            ],
            avtaletittel=a.tittel,
            fra=fra.nr,
            til=til.nr,
            fra_href=self._lenke(sti, adresse.versjonsside(a.avtale_id, fra.nr)),
            til_href=self._lenke(sti, adresse.versjonsside(a.avtale_id, til.nr)),
            endringer=[e.tekst for e in endringer(fra.data, til.data)],
            avsnitt=[Avsnitt(Markup(x.html), x.endret) for x in avsnitt]
            if avsnitt is not None
            else None,
            antall_endret=sum(1 for x in avsnitt or [] if x.endret),
        )

    # ------------------------------------------------------------------ verification

    def kontroll(
        self,
        funn: list[Finding],
        kontroller: list[str],
        tid: dt.datetime,
        ok_tekst: str,
        omfang: str,
    ) -> bytes:
        sti = adresse.kontrollside()
        per_regel = Counter(f.rule for f in funn)
        return self._side(
            "kontroll.html.j2",
            sti,
            tittel="Kontroll av arkivet",
            meny="kontroll",
            smuler=[],
            ok=not funn,
            resultat="ingen funn" if not funn else f"{len(funn)} funn",
            forklaring=ok_tekst
            if not funn
            else "Kontrollen fant avvik i arkivet. Opplysningene på nettstedet kan da ikke stoles på "
            "uten at avvikene er forklart. Funnene står under.",
            tid=f"{dato(tid.date())} kl. {tid:%H:%M:%S}",
            tid_iso=tid.isoformat(timespec="seconds"),
            hode=self.oversikt.hode or "–",
            siste_dato=dato(self.oversikt.siste_dato) if self.oversikt.siste_dato else "",
            kontroller=kontroller,
            omfang=omfang,
            funn=[{"regel": f.rule, "melding": f.message, "sted": f.file} for f in funn[:500]],
            antall_funn=len(funn),
            per_regel=[{"regel": r, "antall": n} for r, n in sorted(per_regel.items())],
        )
