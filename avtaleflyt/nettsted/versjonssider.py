"""The pages of one agreement version: its text with downloads and vedlegg, «Vedtak i
deltakerkommunene», and the changes from the version before."""

from __future__ import annotations

from markupsafe import Markup

from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.dokument import dokumentkropp
from avtaleflyt.nettsted.filrader import filrad, vedleggsrader
from avtaleflyt.nettsted.innhold import Avtaleinnhold, Versjon
from avtaleflyt.nettsted.lesning import versjonsstatus
from avtaleflyt.nettsted.sidegrunn import Sidegrunn
from avtaleflyt.nettsted.tekst import dato
from avtaleflyt.nettsted.tekstdiff import Avsnitt, blokker, sammenlign_tekst
from avtaleflyt.nettsted.vedtaksdokument import som_html
from avtaleflyt.revisjon import endringer


class Versjonssider(Sidegrunn):
    """Page methods for a version; `Sider` adds the start, municipality, agreement and check
    pages."""

    def _under_avtalen(self, sti: str, a: Avtaleinnhold) -> list[dict[str, str | None]]:
        """The breadcrumbs every page under an agreement starts with: all cooperations, then the
        agreement."""
        return [
            {"tekst": "Alle samarbeid", "href": self._lenke(sti, adresse.startside())},
            {"tekst": a.tittel, "href": self._lenke(sti, adresse.avtaleside(a.avtale_id))},
        ]

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
            smuler=[*self._under_avtalen(sti, a), {"tekst": f"Versjon {v.nr}", "href": None}],
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
                *self._under_avtalen(sti, a),
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
                *self._under_avtalen(sti, a),
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
