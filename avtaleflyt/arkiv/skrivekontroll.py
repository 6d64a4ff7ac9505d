"""The checks the archiver makes under the write lock before it writes: the history it wrote is
still there (journal), commits after the last journaled one are crashed events of its own (adopted
and tagged), and a rerun of an archived event carries the same files. Split from `arkiv.py` so the
write path reads in one screen; nothing here writes a commit.
"""

from __future__ import annotations

from pathlib import Path

from git import Repo

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.feil import ArkivAvvist, ArkivSkadet
from avtaleflyt.arkiv.hendelse import ArkivHendelse
from avtaleflyt.arkiv.journal import Journal
from avtaleflyt.arkiv.trailere import bygg_melding


def kontroller_historikk(repo: Repo, journal: Journal) -> None:
    """Refuse to write on top of rewritten history or moved/deleted tags (see journal.py)."""
    hode = gitlag.hode(repo)
    if not journal.finnes():
        if hode is not None:  # an existing archive (e.g. a clone) is adopted as it is
            journal.legg_til({"type": "grunnlag", "hode": hode, "tagger": gitlag.tags(repo)})
        return
    siste = journal.siste_hode()
    if siste and (hode is None or not gitlag.er_forfar(repo, siste, hode)):
        raise ArkivSkadet(
            f"Historikken i arkivet {repo.working_tree_dir or repo.git_dir} er skrevet om: "
            f"commit {siste[:12]}, som arkivet skrev, finnes ikke lenger i grenen "
            f"(nå {str(hode)[:12]}). Arkivet skriver ikke videre på en omskrevet historikk; "
            "gjenopprett grenen fra et speil og kjør `avtale verify`."
        )
    naa = gitlag.tags(repo)
    for navn, objekt in journal.tags().items():
        faktisk = naa.get(navn)
        if faktisk != objekt:
            hva = "er slettet" if faktisk is None else f"peker nå på {faktisk[:12]}"
            raise ArkivSkadet(
                f"Taggen {navn} var {objekt[:12]} da arkivet skrev den, men {hva}. "
                "Arkivet skriver ikke videre; gjenopprett taggen og kjør `avtale verify`."
            )


def adopter_avbrutte(repo: Repo, journal: Journal) -> None:
    """Commits after the last journaled head must be events an archiver crashed after writing."""
    siste = journal.siste_hode()
    hode = gitlag.hode(repo)
    if hode is None or siste == hode:
        return
    omrade = f"{siste}..{hode}" if siste else hode
    kjente = set(journal.commits().values())
    for e in les.hendelser(repo, fra=omrade):
        if e.commit in kjente:
            continue
        if not e.er_gyldig():
            raise ArkivSkadet(
                f"Commit {e.commit[:12]} («{e.emne}») er ikke skrevet av avtaleflyt (mangler "
                "gyldige arkivtrailere). Arkivet skriver ikke videre; kjør `avtale verify`."
            )
        journal.legg_til(
            {
                "type": "commit",
                "hendelse_id": e.hendelse_id,
                "avtale_id": e.avtale_id,
                "commit": e.commit,
            }
        )


def tagg_avbrutte(repo: Repo, journal: Journal, tmp: Path) -> None:
    """Tag the events an archiver crashed on between its commit and its tag.

    Their own rerun would do it too, but doing it on every write means only an agreement's newest
    event can ever lack its tag, which is what lets `les.hendelser_sikkert` trust the tags."""
    taggede = {p.get("hendelse_id") for p in journal.poster() if p.get("type") == "tag"}
    for hendelse_id, commit in journal.commits().items():
        if hendelse_id in taggede:
            continue
        e = les.tolk_hendelse(commit, repo.git.log("-1", "--format=%B", commit))
        if not e.er_gyldig() or e.tag is None:
            continue
        objekt = gitlag.rev(repo, f"refs/tags/{e.tag}")
        if objekt is None:
            objekt = gitlag.lag_tag(
                repo, e.tag, commit, bygg_melding(e.emne, "", list(e.trailere)), tmp
            )
        journal.legg_til(
            {
                "type": "tag",
                "navn": e.tag,
                "objekt": objekt,
                "commit": commit,
                "hendelse_id": hendelse_id,
            }
        )


def finn_hendelse(repo: Repo, journal: Journal, h: ArkivHendelse) -> str | None:
    commit = journal.commits().get(h.hendelse_id)
    if commit is not None:
        return commit
    if gitlag.hode(repo) is None:
        return None
    if not any(p.get("type") == "grunnlag" for p in journal.poster()):
        return None  # the journal covers the whole history (crashed events were adopted)
    for e in reversed(les.hendelser(repo, h.avtale_id, alle_commits=True)):
        if e.hendelse_id == h.hendelse_id:
            return e.commit
    return None


def sammenlign(
    repo: Repo, commit: str, h: ArkivHendelse, innhold: dict[str, bytes], tmp: Path
) -> None:
    """A rerun must carry the same files as the archived event; otherwise refuse."""
    arkivert = les.tre_filer(repo, commit, h.avtale_id)
    forventet = {
        sti: oid for sti, oid in gitlag.skriv_blobber(repo, innhold, tmp, skriv=False).items()
    }
    if arkivert != forventet:
        ulike = sorted(set(arkivert.items()) ^ set(forventet.items()))
        stier = sorted({s for s, _ in ulike})
        raise ArkivAvvist(
            f"Hendelsen {h.tag} ({h.hendelse_id}) er allerede arkivert i commit {commit[:12]} "
            f"med annet innhold ({', '.join(stier[:8])}). En arkivert hendelse endres aldri; "
            "lag en ny versjon. Ingenting er arkivert."
        )
