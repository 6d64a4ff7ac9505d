"""Fault injection: the archiver is killed (os._exit) right after each named step of an event in
a real subprocess; a rerun completes the event with exactly one commit and one tag.

Only the killed run needs a process of its own; the events before it and the reruns after it
archive in this process, as any later writer would."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from avtaleflyt.arkiv import STEG, Arkiv
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


def arkiver(arkivsti: Path, avtale_id: str) -> str:
    """One «vedtatt» event archived in this process; the commit it names."""
    return Arkiv(arkivsti).arkiver(arkivdata.hendelse(avtale_id))


def kjor(arkivsti: Path, avtale_id: str, krasj: str | None = None) -> subprocess.CompletedProcess:
    args = arkivdata.arkiver_kommando(str(arkivsti), avtale_id, "vedtatt")
    if krasj:
        args.append(krasj)
    return subprocess.run(args, capture_output=True, text=True, timeout=120, cwd=arkivdata.ROT)


@pytest.mark.parametrize("steg", STEG)
def test_killed_after_each_step_then_rerun_completes_with_one_commit(arkivsti, steg):
    arkiver(arkivsti, "forste")  # an earlier event, so a view exists to sync
    drept = kjor(arkivsti, "gauldal-landbruk", krasj=steg)
    assert drept.returncode == 77, drept.stderr

    tags_for = set(git(arkivsti, "tag").split())
    if steg in ("las", "kontroll", "objekter", "tre", "commit"):
        # nothing visible yet: only unreferenced objects at most
        assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"
        assert "gauldal-landbruk/v1/vedtatt" not in tags_for

    commit = arkiver(arkivsti, "gauldal-landbruk")

    h = arkivdata.hendelse("gauldal-landbruk")
    treff = git(
        arkivsti, "log", "--format=%H", "-F", f"--grep=Hendelse-Id: {h.hendelse_id}"
    ).split()
    assert treff == [commit]
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "2"
    assert git(arkivsti, "rev-parse", "gauldal-landbruk/v1/vedtatt^{commit}").strip() == commit
    assert git(arkivsti, "status", "--porcelain", "--untracked-files=all") == ""
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []
    # and a third run changes nothing
    assert arkiver(arkivsti, "gauldal-landbruk") == commit
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "2"


def test_crash_in_middle_of_view_sync_is_finished_by_next_event(arkivsti):
    """Simulate a read-tree killed half-way: marker says `pagar`, a stale index.lock, a file of
    the new tree missing from the view. The next event finishes the sync and proceeds."""
    arkiver(arkivsti, "forste")
    assert kjor(arkivsti, "andre", krasj="arbeidskopi-start").returncode == 77
    (arkivsti / ".git" / "index.lock").write_text("")
    Arkiv(arkivsti).arkiver(arkivdata.hendelse("tredje"))
    assert (arkivsti / "andre" / "avtale.json").exists()
    assert git(arkivsti, "status", "--porcelain", "--untracked-files=all") == ""
    assert verifiser(arkivsti) == []


def _tagger_for(arkivsti: Path, avtale_id: str) -> list[str]:
    return sorted(git(arkivsti, "tag", "--list", f"{avtale_id}/*").split())


def test_history_reads_an_untagged_newest_event_and_the_next_write_tags_it(arkivsti):
    """Crash between commit and tag: the auditor's fast reader must not trust the tags (the
    newest event has none yet) and falls back to the log; the next write of any agreement tags
    the event, after which the tags alone give the same history."""
    from avtaleflyt.arkiv import les

    arkiver(arkivsti, "gauldal-landbruk")
    drept = subprocess.run(
        arkivdata.arkiver_kommando(str(arkivsti), "gauldal-landbruk", "signert", "journal-commit"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=arkivdata.ROT,
    )
    assert drept.returncode == 77, drept.stderr
    assert _tagger_for(arkivsti, "gauldal-landbruk") == ["gauldal-landbruk/v1/vedtatt"]
    with Arkiv(arkivsti).repo() as repo:
        assert [e.hendelse for e in les.hendelser_sikkert(repo, "gauldal-landbruk")] == [
            "vedtatt",
            "signert",
        ]
        assert [e.hendelse for e in les.hendelser_fra_tagger(repo, "gauldal-landbruk")] == [
            "vedtatt"
        ]

    arkiver(arkivsti, "annen-avtale")  # any later write
    assert _tagger_for(arkivsti, "gauldal-landbruk") == [
        "gauldal-landbruk/v1/signert",
        "gauldal-landbruk/v1/vedtatt",
    ]
    with Arkiv(arkivsti).repo() as repo:
        fra_tagger = les.hendelser_fra_tagger(repo, "gauldal-landbruk")
        assert (
            les.hendelser_sikkert(repo, "gauldal-landbruk")
            == fra_tagger
            == les.hendelser(repo, "gauldal-landbruk")
        )
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []
    # the crashed event's own rerun finds commit and tag, and adds neither
    igjen = subprocess.run(
        arkivdata.arkiver_kommando(str(arkivsti), "gauldal-landbruk", "signert"),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=arkivdata.ROT,
    )
    assert igjen.returncode == 0, igjen.stderr
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "3"
    assert len(git(arkivsti, "tag").split()) == 3


@pytest.mark.parametrize(
    "steg", ["ref", "journal-commit", "tag", "journal-tag", "arbeidskopi-start"]
)
def test_first_event_of_a_new_archive_killed_after_the_ref_is_finished_by_the_rerun(arkivsti, steg):
    """No earlier event: the view was never synced, so it is empty rather than dirty."""
    assert kjor(arkivsti, "gauldal-landbruk", krasj=steg).returncode == 77
    commit = arkiver(arkivsti, "gauldal-landbruk")
    assert git(arkivsti, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(arkivsti, "rev-parse", "gauldal-landbruk/v1/vedtatt^{commit}").strip() == commit
    assert (arkivsti / "gauldal-landbruk" / "MANIFEST.json").exists()
    assert git(arkivsti, "status", "--porcelain", "--untracked-files=all") == ""
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_a_human_edit_in_the_view_of_a_new_archive_is_still_refused(arkivsti):
    assert kjor(arkivsti, "gauldal-landbruk", krasj="ref").returncode == 77
    (arkivsti / "notat.txt").write_text("lagt til for hånd\n")
    svar = kjor(arkivsti, "gauldal-landbruk")
    assert svar.returncode != 0 and "notat.txt" in svar.stderr
    assert not (arkivsti / "gauldal-landbruk").exists()
