"""The site's pages: what each page says, rendered through the Jinja2 templates in `maler/`.

Each function returns the finished bytes of one page (or a few), so the builder can compare
them with what is on disk and leave an unchanged page alone. Every link is relative (built with
`adresse.relativ` from the page's own path), so the site works from `file://` and from any
folder of a web server. The templates ship inside this package (package data), not under
`templates/`, whose every file the archive snapshots into each event as `maler/`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from avtaleflyt.findings import Finding
from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.innhold import Avtaleinnhold
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
from avtaleflyt.nettsted.tidslinje import forklaring, steg, tegning
from avtaleflyt.nettsted.versjonssider import Versjonssider


class Sider(Versjonssider):
    """Renders pages for one archive and reference date."""

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
