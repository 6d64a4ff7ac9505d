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

A commit's folder checks and a tag's content checks are kept per id in the result cache
(`verifiser_hurtigbuffer`, in the git directory); the next run checks only the commits and tags
it has no result for, and everything that ids cannot vouch for (refs, trailers, journal,
signatures, working copy, the object store's files) every time. The findings are the same as
with `hurtigbuffer=False`, which checks everything again.
"""

from __future__ import annotations

from pathlib import Path

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv import verifiser_hurtigbuffer as hurtigbuffer
from avtaleflyt.arkiv.feil import ArkivFeil
from avtaleflyt.arkiv.klokke import SIMULERING_CONFIG, er_simulering, er_simulert
from avtaleflyt.arkiv.les import ArkivertHendelse
from avtaleflyt.arkiv.verifiser_commits import (
    Mappekontroll,
    les_blobber,
    les_commits,
    sjekk_mappe,
)
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
    hurtigbuffer: bool = True,
) -> list[Finding]:
    """All findings about the archive at `arkiv` (optionally one agreement). [] means clean.

    `hurtigbuffer=False` checks every commit again instead of reusing earlier results of the
    same commits (`verifiser_hurtigbuffer`); the findings are the same either way."""
    st = statistikk if statistikk is not None else Statistikk()
    with gitlag.apne(arkiv) as repo:
        return _kjor(Kontroll(repo, avtale_id, rerender, st), Path(arkiv), hurtigbuffer)


def _kjor(kt: Kontroll, sti: Path, bruk: bool) -> list[Finding]:
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
    hb = kt.hb = hurtigbuffer.apne(kt, bruk)
    kt.st.hurtigbuffer_grunn = hb.grunn
    hendelser, kontroller = les_commits(kt, hb.commits)
    if kt.avtale_id and not hendelser and not les.tagger(kt.repo, kt.avtale_id):
        kjente = ", ".join(les.avtaler(kt.repo)) or "ingen"
        raise UkjentAvtale(
            f"Avtalen «{kt.avtale_id}» finnes ikke i arkivet {sti}: ingen commit eller tag "
            f"gjelder den (avtalene i arkivet: {kjente})."
        )
    les_blobber(kt, kontroller)
    per_commit: dict[str, list[Mappekontroll]] = {}
    for k in kontroller:
        per_commit.setdefault(k[0], []).append(k)
    for e in hendelser:
        lagret = hb.commit(e.commit)
        if lagret is not None:
            _gjenbruk(kt, lagret)
            continue
        enheter = [_sjekk_enhet(kt, *k) for k in per_commit.get(e.commit, [])]
        hb.ny_commit(e.commit, [k[1] for k in per_commit.get(e.commit, [])], enheter)
    sjekk_journal(kt, hendelser)
    sjekk_tagger(kt, hendelser)
    sjekk_arbeidskopi(kt)
    hurtigbuffer.lagre(
        hb, [e.commit for e in hendelser], {f"{t.navn}\n{t.objekt}" for t in kt.tagger}
    )
    return kt.funn


def _sjekk_enhet(kt: Kontroll, sha: str, mappe: str, e: ArkivertHendelse, tre: dict) -> dict:
    """Check one agreement folder of one commit; returns what the cache keeps of it: its
    findings, its share of the statistics and the re-renders it did (a later commit with the same
    inputs is not rendered again, cached or not, so the findings come out the same)."""
    foer_funn, foer_filer, foer_bytes = len(kt.funn), kt.st.filer, kt.st.bytes_kontrollert
    foer_gjengitt = kt.st.gjengitte_versjoner
    foer_bytte = {k: len(v) for k, v in kt.st.gjengiverbytte.items()}
    kt.nye_gjengivelser = []
    if sjekk_mappe(kt, sha, mappe, e, tre):
        gjengi(kt, tre, mappe, sha[:12])
    return {
        "f": [hurtigbuffer.fra_funn(f) for f in kt.funn[foer_funn:]],
        "filer": kt.st.filer - foer_filer,
        "bytes": kt.st.bytes_kontrollert - foer_bytes,
        "gjengitt": kt.st.gjengitte_versjoner - foer_gjengitt,
        "nokler": kt.nye_gjengivelser,
        "bytte": [
            [fra, til, hvor]
            for (fra, til), liste in kt.st.gjengiverbytte.items()
            for hvor in liste[foer_bytte.get((fra, til), 0) :]
        ],
    }


def _gjenbruk(kt: Kontroll, lagret: dict) -> None:
    """An earlier run's result for this commit, as if checked now (see `_sjekk_enhet`)."""
    st = kt.st
    st.fra_hurtigbuffer += 1
    t = int(lagret["t"])
    st.hurtigbuffer_fra = min(st.hurtigbuffer_fra or t, t)
    st.hurtigbuffer_til = max(st.hurtigbuffer_til, t)
    for enhet in lagret["m"]:
        kt.funn.extend(hurtigbuffer.til_funn(f) for f in enhet["f"])
        st.filer += enhet["filer"]
        st.bytes_kontrollert += enhet["bytes"]
        st.gjengitte_versjoner += enhet["gjengitt"]
        kt.gjengitt.update(enhet["nokler"])
        for fra, til, hvor in enhet["bytte"]:
            st.gjengiverbytte.setdefault((fra, til), []).append(hvor)
