"""The rows a version's pages list its archived files in: documents, attachments (vedlegg) and
«Vedtak i deltakerkommunene», each with its download link, size and the SHA-256 of the archived
bytes from MANIFEST.json, as an auditor checks them with `sha256sum`."""

from __future__ import annotations

from avtaleflyt.nettsted import adresse
from avtaleflyt.nettsted.innhold import Dokument, Versjon
from avtaleflyt.nettsted.tekst import storrelse

ART_NAVN = {
    "databehandleravtale": "databehandleravtale",
    "delegeringsvedtak": "delegeringsvedtak",
    "tjenestebeskrivelse": "tjenestebeskrivelse",
    "ansatteliste": "liste over ansatte",
    "annet": "annet",
}
"""The kinds of attachment (schemas.avtale.klausuler.VedleggArt) in words."""


def filrad(sti: str, avtale_id: str, d: Dokument, avvik: str = "") -> dict:
    """One downloadable file as the templates show it; `sti` is the page linking to it."""
    return {
        "href": adresse.relativ(sti, adresse.arkivfil(avtale_id, d.versjon, d.sti)),
        "format": d.format,
        "filnavn": d.filnavn,
        "storrelse": storrelse(d.storrelse),
        "sjekksum": d.sjekksum,
        "avvik": avvik,
    }


def vedleggsrader(sti: str, avtale_id: str, v: Versjon) -> list[dict]:
    """The version's attachments in the agreement's order. A file whose bytes do not have the
    SHA-256 the agreement data states (the one the councils' avtale-hash binds), or that the
    event does not hold, says so beside it: verify reports the same as ARKIV-VEDLEGG."""
    rader = []
    for x in v.vedlegg:
        avvik = ""
        if x.fil is None:
            avvik = "Filen finnes ikke i arkivet."
        elif not x.sjekksum_data:
            avvik = "Avtaledataene lister ikke dette vedlegget."
        elif x.sjekksum_data != x.fil.sjekksum:
            avvik = f"Avtaledataene oppgir en annen SHA-256: {x.sjekksum_data}."
        rader.append(
            {
                "nummer": x.nummer,
                "tittel": x.tittel,
                "art": ART_NAVN.get(x.art, x.art),
                "fil": filrad(sti, avtale_id, x.fil) if x.fil is not None else None,
                "avvik": avvik,
            }
        )
    return rader
