"""`verifiser`: everything an auditor would check, reported as findings (never stops at the first).

For every commit (of one agreement, or all) it checks the trailers, reads the manifest of each
agreement folder the commit changed and recomputes SHA-256 and size of every file; it re-renders
every archived version through the `rerender` callback and compares bytes; it checks that every
adoption (manifest and prosess.json) names the archived avtale-hash; that every tag points to the
commit whose trailers name it, that every event has its tag and signed tags verify; and, when this
copy has the journal, that no written commit left the branch and no tag moved.
Each blob is read and hashed once (git stores equal bytes once, so an equal blob id is equal
bytes), through one pipelined `cat-file --batch`; each distinct version is re-rendered once.

The checks live in `verifiser_commits` (trailers, manifests, decisions), `verifiser_gjengivelse`
(re-rendering) and `verifiser_historikk` (tags, journal, working copy); this module runs them in
order, so the findings come in the same order: per commit, then journal, tags and working copy.
"""

from __future__ import annotations

from pathlib import Path

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.feil import ArkivFeil
from avtaleflyt.arkiv.klokke import SIMULERING_CONFIG, er_simulering, er_simulert
from avtaleflyt.arkiv.verifiser_commits import les_blobber, les_commits, sjekk_mappe
from avtaleflyt.arkiv.verifiser_gjengivelse import gjengi
from avtaleflyt.arkiv.verifiser_historikk import (
    _melding,
    sjekk_arbeidskopi,
    sjekk_erstatninger,
    sjekk_gren,
    sjekk_journal,
    sjekk_tagger,
)
from avtaleflyt.arkiv.verifiser_kontekst import Gjengiver, Kontroll, Statistikk
from avtaleflyt.findings import Finding

__all__ = ["Gjengiver", "Statistikk", "UkjentAvtale", "verifiser"]


class UkjentAvtale(ArkivFeil):
    """`verify ID` for an id no commit or tag of the archive names (a typo must not pass clean)."""


def verifiser(
    arkiv: str | Path,
    avtale_id: str | None = None,
    *,
    rerender: Gjengiver | None = None,
    statistikk: Statistikk | None = None,
) -> list[Finding]:
    """All findings about the archive at `arkiv` (optionally one agreement). [] means clean."""
    st = statistikk if statistikk is not None else Statistikk()
    with gitlag.apne(arkiv) as repo:
        return _kjor(Kontroll(repo, avtale_id, rerender, st), Path(arkiv))


def _kjor(kt: Kontroll, sti: Path) -> list[Finding]:
    sjekk_erstatninger(kt)
    if not sjekk_gren(kt):
        return kt.funn
    hode = gitlag.hode(kt.repo) or ""
    kt.simulering = er_simulert(les.tolk_hendelse(hode, _melding(kt, hode)).trailere)
    if er_simulering(kt.repo) and not kt.simulering:
        kt.feil(
            str(sti),
            "ARKIV-SIMULERING",
            f"Arkivet {sti} er merket som simulering (git config {SIMULERING_CONFIG}), men "
            "hendelsene i det er ekte: et arkiv gjøres aldri om til en simulering.",
        )
    hendelser, kontroller = les_commits(kt)
    if kt.avtale_id and not hendelser and not les.tagger(kt.repo, kt.avtale_id):
        kjente = ", ".join(les.avtaler(kt.repo)) or "ingen"
        raise UkjentAvtale(
            f"Avtalen «{kt.avtale_id}» finnes ikke i arkivet {sti}: ingen commit eller tag "
            f"gjelder den (avtalene i arkivet: {kjente})."
        )
    les_blobber(kt, kontroller)
    for sha, mappe, e, tre in kontroller:
        if sjekk_mappe(kt, sha, mappe, e, tre):
            gjengi(kt, tre, mappe, sha[:12])
    sjekk_journal(kt, hendelser)
    sjekk_tagger(kt, hendelser)
    sjekk_arbeidskopi(kt)
    return kt.funn
