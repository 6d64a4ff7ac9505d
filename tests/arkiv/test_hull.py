"""The holes issue 15 found in `verify`: a deleted branch, an empty archive, `git replace`, an
unknown id and trailers that disagree with prosess.json and the manifest. Each was reported clean
(«Ingen funn», exit 0) before; real repositories, tampered with plain git as an attacker would."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


def avtale(*args: str) -> subprocess.CompletedProcess:
    kode = "from avtaleflyt.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", kode, *args], capture_output=True, text=True, timeout=120
    )


def regler(funn) -> set[str]:
    return {f.rule for f in funn}


@pytest.fixture
def fylt(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []
    return arkivsti


def test_deleted_branch_is_a_finding_and_register_refuses(fylt):
    git(fylt, "update-ref", "-d", "refs/heads/main")
    funn = verifiser(fylt)
    assert "ARKIV-GREN" in regler(funn)
    assert any("refs/heads/main" in f.message and "2 tagger" in f.message for f in funn)
    ut = avtale("verify", "--arkiv", str(fylt), "--uten-gjengivelse")
    assert ut.returncode == 1, ut.stdout + ut.stderr
    assert "Ingen funn" not in ut.stdout and "ARKIV-GREN" in ut.stdout
    reg = avtale("register", "--kommune", "5027", "--arkiv", str(fylt))
    assert reg.returncode == 2, reg.stdout + reg.stderr
    assert "(0)" not in reg.stdout and "grenen" in reg.stderr and "Traceback" not in reg.stderr


def test_empty_archive_is_a_finding(arkiv, arkivsti):
    arkiv.opprett()
    funn = verifiser(arkivsti)
    assert regler(funn) == {"ARKIV-TOM"}
    ut = avtale("verify", "--arkiv", str(arkivsti))
    assert ut.returncode == 1 and "ARKIV-TOM" in ut.stdout


def _forfalsk_commit(repo: Path, commit: str, gammel: bytes, ny: bytes) -> str:
    raw = subprocess.run(
        ["git", "-C", str(repo), "cat-file", "commit", commit], capture_output=True, check=True
    ).stdout
    assert gammel in raw
    return (
        subprocess.run(
            ["git", "-C", str(repo), "hash-object", "-t", "commit", "-w", "--stdin"],
            input=raw.replace(gammel, ny),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )


def test_git_replace_is_found_and_never_believed(fylt):
    """The README's plain `git log` shows the forged trailer; avtaleflyt reads the original."""
    commit = git(fylt, "rev-parse", "gauldal-landbruk/v1/vedtatt^{commit}").strip()
    falsk = _forfalsk_commit(fylt, commit, b"Vedtatt-5027: 2026-04-23", b"Vedtatt-5027: 2026-03-01")
    git(fylt, "replace", commit, falsk)
    blob = git(fylt, "rev-parse", f"{commit}:gauldal-landbruk/avtale.json").strip()
    falsk_blob = (
        subprocess.run(
            ["git", "-C", str(fylt), "hash-object", "-w", "--stdin"],
            input=b'{"forfalsket": true}',
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    git(fylt, "replace", blob, falsk_blob)
    assert "2026-03-01" in git(fylt, "log", "--format=%(trailers)", commit, "-1")

    funn = verifiser(fylt, rerender=arkivdata.gjengi)
    erstattet = [f for f in funn if f.rule == "ARKIV-ERSTATTET"]
    assert len(erstattet) == 2, funn
    assert any(commit[:12] in f.message for f in erstattet)
    assert "ARKIV-SJEKKSUM" not in regler(funn)  # the original bytes were checked
    # reads through GitPython (log and the persistent cat-file) see the original too
    a = Arkiv(fylt)
    vedtatt = next(e for e in a.hendelser("gauldal-landbruk") if e.hendelse == "vedtatt")
    assert vedtatt.vedtatt()["5027"].startswith("2026-04-23")
    assert b"forfalsket" not in a.les_fil("gauldal-landbruk", "avtale.json", ved=commit)


def test_unknown_id_is_not_reported_clean(fylt):
    with pytest.raises(ArkivFeil, match="finnes ikke i arkivet"):
        verifiser(fylt, "gauldal-landbruk-skrivefeil")
    ut = avtale("verify", "gauldal-landbruk-skrivefeil", "--arkiv", str(fylt))
    assert ut.returncode == 2
    assert "finnes ikke i arkivet" in ut.stderr and "Ingen funn" not in ut.stdout


def _med_prosess(h, endre) -> object:
    prosess = json.loads(h.files["prosess.json"])
    endre(prosess)
    return dataclasses.replace(
        h, files={**h.files, "prosess.json": json.dumps(prosess, sort_keys=True).encode()}
    )


def test_trailer_that_prosess_json_does_not_support_is_a_finding(arkiv, arkivsti):
    def flytt(prosess):
        prosess["vedtak"][0]["motedato"] = "2026-04-01"
        prosess["vedtak"][1]["saksnummer"] = "PS 99/26"

    arkiv.arkiver(_med_prosess(arkivdata.hendelse(), flytt))
    funn = [f for f in verifiser(arkivsti) if f.rule == "ARKIV-TRAILER-PROSESS"]
    assert len(funn) == 2, funn
    assert any("Vedtatt-5027" in f.message and "2026-04-23" in f.message for f in funn)
    assert any("Vedtatt-5028" in f.message and "PS 11/26" in f.message for f in funn)


def test_signature_trailer_without_signature_in_prosess_json_is_a_finding(arkiv, arkivsti):
    h = arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2))
    arkiv.arkiver(_med_prosess(h, lambda p: p["signaturer"].pop()))
    funn = [f for f in verifiser(arkivsti) if f.rule == "ARKIV-TRAILER-PROSESS"]
    assert [f.message for f in funn if "Signert-5029" in f.message], funn


def test_amended_trailer_on_a_clone_is_found_against_manifest_and_prosess(fylt):
    """A forger on a copy without the journal rewrites the last commit's Vedtatt trailer and moves
    the tag with it; the event id still matches, so only the comparison with the manifest and
    prosess.json shows it."""
    (fylt / ".git/avtaleflyt/journal.jsonl").unlink()
    melding = git(fylt, "log", "-1", "--format=%B", "HEAD")
    falsk = re.sub(r"Vedtatt-5027: \S+", "Vedtatt-5027: 2026-01-30", melding)
    assert falsk != melding
    git(fylt, "commit", "--amend", "-q", "--allow-empty", "-m", falsk)
    git(fylt, "tag", "-f", "-a", "-m", falsk, "gauldal-landbruk/v1/signert", "HEAD")
    funn = verifiser(fylt, rerender=arkivdata.gjengi)
    assert {"ARKIV-TRAILER-MANIFEST", "ARKIV-TRAILER-PROSESS"} <= regler(funn), funn
    assert any("Vedtatt-5027" in f.message for f in funn if f.rule == "ARKIV-TRAILER-MANIFEST")


def test_no_replace_objects_for_every_git_call(fylt):
    """The archive's own repository handle carries GIT_NO_REPLACE_OBJECTS (GitPython's calls and
    its persistent cat-file included), whatever the caller's environment says."""
    with Arkiv(fylt).repo() as repo:
        assert repo.git.environment().get("GIT_NO_REPLACE_OBJECTS") == "1"
    assert "GIT_NO_REPLACE_OBJECTS" not in os.environ
