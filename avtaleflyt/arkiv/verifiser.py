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

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.verifiser_commits import les_blobber, les_commits, sjekk_mappe
from avtaleflyt.arkiv.verifiser_gjengivelse import gjengi
from avtaleflyt.arkiv.verifiser_historikk import sjekk_arbeidskopi, sjekk_journal, sjekk_tagger
from avtaleflyt.arkiv.verifiser_kontekst import Gjengiver, Kontroll, Statistikk
from avtaleflyt.findings import Finding

__all__ = ["Gjengiver", "Statistikk", "verifiser"]


def verifiser(
    arkiv: str | Path,
    avtale_id: str | None = None,
    *,
    rerender: Gjengiver | None = None,
    statistikk: Statistikk | None = None,
) -> list[Finding]:
    """All findings about the archive at `arkiv` (optionally one agreement). [] means clean."""
    st = statistikk if statistikk is not None else Statistikk()
    with Repo(arkiv) as repo:
        return _kjor(Kontroll(repo, avtale_id, rerender, st))


def _kjor(kt: Kontroll) -> list[Finding]:
    if gitlag.hode(kt.repo) is None:
        return []
    hendelser, kontroller = les_commits(kt)
    les_blobber(kt, kontroller)
    for sha, mappe, e, tre in kontroller:
        if sjekk_mappe(kt, sha, mappe, e, tre):
            gjengi(kt, tre, mappe, sha[:12])
    sjekk_journal(kt, hendelser)
    sjekk_tagger(kt, hendelser)
    sjekk_arbeidskopi(kt)
    return kt.funn
