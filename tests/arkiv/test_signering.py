"""Signed milestone tags with a real SSH key (ssh-keygen) and `git verify-tag`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git

pytestmark = pytest.mark.requires_tool("ssh-keygen")

EPOST = "arkivar@kommune.invalid"


def nokkel(mappe: Path, navn: str) -> Path:
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", navn, "-f", str(mappe / navn)],
        check=True,
    )
    return mappe / f"{navn}.pub"


def signert_arkiv(tmp_path: Path) -> tuple[Path, Path]:
    arkivsti = tmp_path / "arkiv"
    Arkiv(arkivsti).opprett()
    pub = nokkel(tmp_path, "arkivnokkel")
    tillatte = tmp_path / "allowed_signers"
    tillatte.write_text(f'{EPOST} namespaces="git" {pub.read_text().strip()}\n')
    for k, v in (
        ("user.name", "Arkivet"),
        ("user.email", EPOST),
        ("gpg.format", "ssh"),
        ("user.signingkey", str(pub)),
        ("gpg.ssh.allowedSignersFile", str(tillatte)),
    ):
        git(arkivsti, "config", k, v)
    return arkivsti, tillatte


def test_tags_are_ssh_signed_and_verify_with_plain_git(tmp_path):
    arkivsti, _ = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    tag = git(arkivsti, "cat-file", "-p", "gauldal-landbruk/v1/vedtatt")
    assert "-----BEGIN SSH SIGNATURE-----" in tag
    assert "Hendelse: vedtatt" in tag  # the trailers are repeated in the tag message
    ut = subprocess.run(
        ["git", "-C", str(arkivsti), "verify-tag", "gauldal-landbruk/v1/vedtatt"],
        capture_output=True,
        text=True,
    )
    assert ut.returncode == 0 and f'Good "git" signature for {EPOST}' in ut.stderr
    assert [t.signert for t in Arkiv(arkivsti).tagger()] == [True]
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_signature_by_an_unknown_key_is_a_finding(tmp_path):
    arkivsti, tillatte = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    fremmed = nokkel(tmp_path, "fremmed")
    tillatte.write_text(f'{EPOST} namespaces="git" {fremmed.read_text().strip()}\n')
    funn = verifiser(arkivsti)
    assert [f.rule for f in funn] == ["ARKIV-SIGNATUR"]
    assert "gauldal-landbruk/v1/vedtatt kan ikke bekreftes" in funn[0].message


def test_unsigned_tag_when_no_key_is_configured(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    assert "BEGIN SSH SIGNATURE" not in git(
        arkivsti, "cat-file", "-p", "gauldal-landbruk/v1/vedtatt"
    )
    assert [t.signert for t in arkiv.tagger()] == [False]
