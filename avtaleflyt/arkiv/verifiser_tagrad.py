"""`verify`'s check of what `register` reads from a milestone tag instead of the commit (issue 15
item 6): the tag message's trailers must be the commit's, and its register row (`registerrad`)
must be what the archived `avtale.json` at the tagged commit gives. A tag written before the row
existed has none and is only checked for its trailers.
"""

from __future__ import annotations

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.registerrad import NOKKEL, les_rad, rad_fra_json
from avtaleflyt.arkiv.tagindeks import melding, tagmelding
from avtaleflyt.arkiv.trailere import les_trailere
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll

REGEL = "ARKIV-TAG-REGISTER"


def sjekk_tagrader(kt: Kontroll, tagger: list[les.ArkivTag]) -> None:
    """Each annotated milestone tag against its commit. A tag object's check is kept in the cache
    under its name and object id (the object names its message and commit, and through the commit
    the avtale.json); the others' objects are read in one pipelined `cat-file`, and `avtale.json`
    rows are computed once per distinct file (every event of a version archives the same bytes)."""
    aktuelle = [t for t in sorted(tagger, key=lambda t: t.navn) if t.annotert and t.avtale_id]
    lagret = {t.navn: kt.hb.tag(t.navn, t.objekt) if kt.hb else None for t in aktuelle}
    navn = []
    for t in aktuelle:
        if lagret[t.navn] is None:
            navn += [t.objekt, t.commit, f"{t.commit}:{t.avtale_id}/avtale.json"]
    objekter = {oid: (typ, data) for oid, typ, data in gitlag.les_objekter(kt.repo, navn)}
    rader: dict[tuple[str, bytes], dict | None] = {}
    for t in aktuelle:
        funn = lagret[t.navn]
        if funn is not None:
            kt.funn.extend(funn)
            kt.st.tagger_fra_hurtigbuffer += 1
            continue
        foer = len(kt.funn)
        _sjekk_tag(kt, t, objekter, rader)
        if kt.hb:
            kt.hb.ny_tag(t.navn, t.objekt, kt.funn[foer:])


def _sjekk_tag(
    kt: Kontroll,
    t: les.ArkivTag,
    objekter: dict[str, tuple[str, bytes]],
    rader: dict[tuple[str, bytes], dict | None],
) -> None:
    typ, data = objekter.get(t.objekt, ("missing", b""))
    ctyp, cdata = objekter.get(t.commit, ("missing", b""))
    if typ != "tag" or ctyp != "commit":
        return  # sjekk_tagger reports a tag that is no annotated tag of a commit
    tekst = tagmelding(data)
    if les_trailere(tekst.decode("utf-8", "replace")) != les_trailere(
        melding(cdata).decode("utf-8", "replace")
    ):
        kt.feil(
            f"refs/tags/{t.navn}",
            REGEL,
            f"Taggen {t.navn} har andre trailere enn commit {t.commit[:12]} den peker på; "
            "registeret leser datoene og vedtakene fra taggen, så den er endret etter "
            "arkiveringen.",
        )
    rad = les_rad(tekst)
    if rad is None:
        if f"\n\n{NOKKEL}".encode() in tekst:
            kt.feil(
                f"refs/tags/{t.navn}",
                REGEL,
                f"Registerlinjen i taggen {t.navn} kan ikke leses (ikke gyldig JSON).",
            )
        return
    ftyp, avtale_json = objekter.get(f"{t.commit}:{t.avtale_id}/avtale.json", ("missing", b""))
    if (ftyp, avtale_json) not in rader:
        rader[(ftyp, avtale_json)] = rad_fra_json(avtale_json) if ftyp == "blob" else None
    forventet = rader[(ftyp, avtale_json)]
    if rad != forventet:
        ulike = sorted(
            k for k in set(rad) | set(forventet or {}) if rad.get(k) != (forventet or {}).get(k)
        )
        kt.feil(
            f"refs/tags/{t.navn}",
            REGEL,
            f"Registerlinjen i taggen {t.navn} stemmer ikke med avtale.json i commit "
            f"{t.commit[:12]} (ulikt: {', '.join(ulike)}); `avtale register` ville vist "
            "noe annet enn det som er arkivert.",
        )
