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
    """Each annotated milestone tag against its commit; `avtale.json` rows are computed once per
    distinct file (every event of a version archives the same bytes)."""
    rader: dict[bytes, dict | None] = {}
    for t in sorted(tagger, key=lambda t: t.navn):
        if not t.annotert or not t.avtale_id:
            continue
        typ, data = gitlag.objekt(kt.repo, t.objekt)
        ctyp, cdata = gitlag.objekt(kt.repo, t.commit)
        if typ != "tag" or ctyp != "commit":
            continue  # sjekk_tagger reports a tag that is no annotated tag of a commit
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
            continue
        try:
            ftyp, avtale_json = gitlag.objekt(kt.repo, f"{t.commit}:{t.avtale_id}/avtale.json")
        except ValueError:
            ftyp, avtale_json = "missing", b""
        if avtale_json not in rader:
            rader[avtale_json] = rad_fra_json(avtale_json) if ftyp == "blob" else None
        forventet = rader[avtale_json]
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
