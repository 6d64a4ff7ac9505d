"""Signed milestone tags with real SSH keys (ssh-keygen) and plain `git verify-tag`: setting up
an archive to sign, what `verify` says about unsigned and wrongly signed tags, a copy and a clone
as an auditor receives them, the CLI's setup option and the demo's signed archive."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from avtaleflyt.arkiv import Arkiv, ArkivFeil
from avtaleflyt.arkiv.signering import Signering, lag_nokkel
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git

pytestmark = pytest.mark.requires_tool("ssh-keygen")

EPOST = "arkivar@kommune.invalid"
V1 = "gauldal-landbruk/v1/vedtatt"


def nokkel(mappe: Path, navn: str) -> Path:
    """A new private key (its .pub beside it)."""
    return lag_nokkel(mappe / "nokler" / navn, navn)


def signert_arkiv(tmp_path: Path) -> tuple[Path, Path]:
    arkivsti = tmp_path / "arkiv"
    privat = nokkel(tmp_path, "arkivnokkel")
    Arkiv(arkivsti).opprett(signering=Signering(privat, signerer=EPOST))
    return arkivsti, privat


def verify_tag(arkivsti: Path, tag: str, *config: str) -> subprocess.CompletedProcess:
    """Plain `git verify-tag`, as the README has the auditor run it (no avtaleflyt)."""
    c = [a for kv in config for a in ("-c", kv)]
    return subprocess.run(
        ["git", *c, "-C", str(arkivsti), "verify-tag", tag], capture_output=True, text=True
    )


def test_setup_writes_the_config_plain_git_reads_with_allowed_signers_inside_the_archive(
    tmp_path,
):
    arkivsti, privat = signert_arkiv(tmp_path)
    assert git(arkivsti, "config", "gpg.format").strip() == "ssh"
    assert git(arkivsti, "config", "user.signingkey").strip() == str(privat.resolve())
    relativ = git(arkivsti, "config", "gpg.ssh.allowedSignersFile").strip()
    assert relativ == ".git/avtaleflyt/allowed_signers"  # relative: a copy still verifies
    tillatte = (arkivsti / relativ).read_text()
    offentlig = " ".join(privat.with_suffix(".pub").read_text().split()[:2])
    assert tillatte == f'{EPOST} namespaces="git" {offentlig}\n'
    egne = [p for p in (arkivsti / ".git/avtaleflyt").iterdir() if p.is_file()]
    assert not any(b"PRIVATE KEY" in p.read_bytes() for p in egne)  # the key stays outside


def test_tags_are_ssh_signed_and_verify_with_plain_git(tmp_path):
    arkivsti, _ = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    tag = git(arkivsti, "cat-file", "-p", V1)
    assert "-----BEGIN SSH SIGNATURE-----" in tag
    assert "Hendelse: vedtatt" in tag  # the trailers are repeated in the tag message
    ut = verify_tag(arkivsti, V1)
    assert ut.returncode == 0 and f'Good "git" signature for {EPOST}' in ut.stderr, ut.stderr
    (arkivsti / "gauldal-landbruk").mkdir(exist_ok=True)
    ut = subprocess.run(  # from a folder inside the archive too: git runs from the top
        ["git", "verify-tag", V1], cwd=arkivsti / "gauldal-landbruk", capture_output=True
    )
    assert ut.returncode == 0
    assert [t.signert for t in Arkiv(arkivsti).tagger()] == [True]
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_a_copy_of_the_archive_verifies_where_it_lands_a_clone_needs_the_key(tmp_path):
    arkivsti, privat = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    kopi = tmp_path / "revisor" / "arkiv"
    shutil.copytree(arkivsti, kopi)
    shutil.rmtree(arkivsti)  # the original is gone: nothing may point back to it
    assert verify_tag(kopi, V1).returncode == 0
    assert verifiser(kopi, rerender=arkivdata.gjengi) == []

    klone = tmp_path / "klone"
    subprocess.run(["git", "clone", "-q", str(kopi), str(klone)], check=True)
    assert verify_tag(klone, V1).returncode != 0  # a clone carries no config and no key list
    funn = verifiser(klone)
    assert [(f.rule, f.severity) for f in funn] == [("ARKIV-SIGNATUR-UKONTROLLERT", "advarsel")]
    assert "1 tagger er SSH-signert" in funn[0].message
    # the auditor's own list, with the key the municipality published:
    egen = tmp_path / "revisor" / "allowed_signers"
    egen.write_text(f'{EPOST} namespaces="git" {privat.with_suffix(".pub").read_text()}')
    assert verify_tag(klone, V1, f"gpg.ssh.allowedSignersFile={egen}").returncode == 0
    git(klone, "config", "gpg.ssh.allowedSignersFile", str(egen))
    assert verifiser(klone) == []


def test_signature_by_a_key_not_in_allowed_signers_is_an_error(tmp_path):
    arkivsti, _ = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    fremmed = nokkel(tmp_path, "fremmed")
    # someone re-signs the milestone with their own key (same commit, same message)
    melding = git(arkivsti, "tag", "-l", "--format=%(contents:body)", V1)
    emne = git(arkivsti, "tag", "-l", "--format=%(contents:subject)", V1).strip()
    git(
        arkivsti, "-c", f"user.signingkey={fremmed}", "tag", "-f", "-s",
        "-m", f"{emne}\n\n{melding.strip()}", V1, f"{V1}^{{commit}}",
    )  # fmt: skip
    assert verify_tag(arkivsti, V1).returncode != 0
    funn = [f for f in verifiser(arkivsti) if f.rule.startswith("ARKIV-SIGNATUR")]
    assert [(f.rule, f.severity) for f in funn] == [("ARKIV-SIGNATUR", "feil")]
    assert f"{V1} kan ikke bekreftes mot de godkjente nøklene" in funn[0].message


def test_allowed_signers_edited_to_another_key_makes_every_signature_an_error(tmp_path):
    arkivsti, _ = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    fremmed = nokkel(tmp_path, "fremmed").with_suffix(".pub")
    (arkivsti / ".git/avtaleflyt/allowed_signers").write_text(
        f'{EPOST} namespaces="git" {fremmed.read_text()}'
    )
    funn = verifiser(arkivsti)
    assert [(f.rule, f.severity) for f in funn] == [("ARKIV-SIGNATUR", "feil")]


def test_unsigned_tag_in_a_signing_archive_is_a_warning(tmp_path):
    arkivsti = tmp_path / "arkiv"
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())  # before signing was set up
    Arkiv(arkivsti).opprett(signering=Signering(nokkel(tmp_path, "k"), signerer=EPOST))
    Arkiv(arkivsti).arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    assert [t.signert for t in Arkiv(arkivsti).tagger()] == [True, False]  # signert, vedtatt
    funn = verifiser(arkivsti, rerender=arkivdata.gjengi)
    assert [(f.rule, f.severity, f.file) for f in funn] == [
        ("ARKIV-USIGNERT", "advarsel", f"refs/tags/{V1}")
    ]


def test_no_warning_about_unsigned_tags_where_the_archive_does_not_sign(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    assert "BEGIN SSH SIGNATURE" not in git(arkivsti, "cat-file", "-p", V1)
    assert [t.signert for t in arkiv.tagger()] == [False]
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_a_new_key_is_added_and_tags_signed_with_the_old_one_still_verify(tmp_path):
    arkivsti, _ = signert_arkiv(tmp_path)
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    Arkiv(arkivsti).opprett(signering=Signering(nokkel(tmp_path, "ny"), signerer="ny@k.invalid"))
    Arkiv(arkivsti).arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    linjer = (arkivsti / ".git/avtaleflyt/allowed_signers").read_text().splitlines()
    assert [linje.split()[0] for linje in linjer] == [EPOST, "ny@k.invalid"]
    assert "ny@k.invalid" in verify_tag(arkivsti, "gauldal-landbruk/v1/signert").stderr
    assert verify_tag(arkivsti, V1).returncode == 0
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []


def test_setup_refuses_a_key_that_cannot_sign_and_changes_nothing(tmp_path):
    arkivsti = tmp_path / "arkiv"
    Arkiv(arkivsti).opprett()
    ikke_nokkel = tmp_path / "notat.txt"
    ikke_nokkel.write_text("ikke en nøkkel\n")
    for feil in (tmp_path / "finnes-ikke", ikke_nokkel):
        with pytest.raises(ArkivFeil, match="ingenting er endret"):
            Arkiv(arkivsti).opprett(signering=Signering(feil))
    with pytest.raises(ArkivFeil, match="ikke en linje for allowed_signers"):
        Arkiv(arkivsti).opprett(
            signering=Signering(nokkel(tmp_path, "k"), tillatte_signerere=("bare tull",))
        )
    assert git(arkivsti, "config", "--get", "user.signingkey", sjekk=False).strip() == ""
    assert not (arkivsti / ".git/avtaleflyt/allowed_signers").exists()


def _avtale(*args: str, **env: str) -> subprocess.CompletedProcess:
    kode = "from avtaleflyt.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", kode, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_cli_archive_sets_up_signing_once_and_refuses_a_bad_key(tmp_path):
    arkivsti = tmp_path / "arkiv"
    tom = tmp_path / "avtaler"
    tom.mkdir()
    privat = nokkel(tmp_path, "arkivar")
    ut = _avtale(
        "archive", "--arkiv", str(arkivsti), "--signeringsnokkel", str(privat),
        AVTALE_AVTALER=str(tom),
    )  # fmt: skip
    assert ut.returncode == 0, ut.stderr
    assert "signeres med" in ut.stdout
    assert git(arkivsti, "config", "user.signingkey").strip() == str(privat.resolve())
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())
    assert verify_tag(arkivsti, V1).returncode == 0

    galt = _avtale(
        "archive", "--arkiv", str(arkivsti), "--signeringsnokkel", str(tmp_path / "borte"),
        AVTALE_AVTALER=str(tom),
    )  # fmt: skip
    assert galt.returncode == 2
    assert "kunne ikke settes opp" in galt.stderr and "Traceback" not in galt.stderr
    assert git(arkivsti, "config", "user.signingkey").strip() == str(privat.resolve())


def test_the_demo_signs_its_tags_with_its_own_key_and_plain_git_verifies_them(tmp_path):
    from demo import kjor_demo

    ut = tmp_path / "ut"
    resultat = kjor_demo(ut, ider=["gauldal-landbruk"])
    assert resultat.verifisert, resultat.verifikasjon
    assert resultat.signeringsnokkel is not None
    assert resultat.signeringsnokkel.parent == ut / "signering"  # never in the repository
    assert resultat.tagger
    for tag in resultat.tagger:
        svar = verify_tag(resultat.arkiv, tag)
        assert svar.returncode == 0, (tag, svar.stderr)
        assert 'Good "git" signature for demo-arkiv@avtaleflyt.invalid' in svar.stderr


@pytest.fixture
def gpg_hjem(monkeypatch):
    """A throw-away keyring with one signing key; its gpg-agent is stopped afterwards."""
    import tempfile

    hjem = Path(tempfile.mkdtemp(prefix="gpg-"))  # short path: the agent's socket lives here
    hjem.chmod(0o700)
    monkeypatch.setenv("GNUPGHOME", str(hjem))
    subprocess.run(
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", f"Arkivar <{EPOST}>",
         "ed25519", "sign", "never"],
        check=True, capture_output=True,
    )  # fmt: skip
    ut = subprocess.run(
        ["gpg", "--batch", "--with-colons", "--list-secret-keys"], check=True, capture_output=True
    )
    fpr = next(
        linje.split(":")[9] for linje in ut.stdout.decode().splitlines() if linje.startswith("fpr")
    )
    yield fpr
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False, capture_output=True)
    shutil.rmtree(hjem, ignore_errors=True)


@pytest.mark.requires_tool("gpg")
def test_gpg_signed_tags_verify_and_an_unsigned_one_is_a_warning(tmp_path, gpg_hjem):
    arkivsti = tmp_path / "arkiv"
    Arkiv(arkivsti).arkiver(arkivdata.hendelse())  # before signing was set up
    Arkiv(arkivsti).opprett(signering=Signering(gpg_hjem, format="openpgp"))
    assert git(arkivsti, "config", "gpg.format").strip() == "openpgp"
    Arkiv(arkivsti).arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    tag = git(arkivsti, "cat-file", "-p", "gauldal-landbruk/v1/signert")
    assert "-----BEGIN PGP SIGNATURE-----" in tag
    assert verify_tag(arkivsti, "gauldal-landbruk/v1/signert").returncode == 0
    funn = verifiser(arkivsti, rerender=arkivdata.gjengi)
    assert [(f.rule, f.severity) for f in funn] == [("ARKIV-USIGNERT", "advarsel")]
