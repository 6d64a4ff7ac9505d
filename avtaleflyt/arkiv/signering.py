"""Signed milestone tags: how an archive is set up to sign, and how a signed tag is checked.

The journal is a tripwire, not a security boundary; signed tags are (with mirrors at each
municipality). Setting up signing writes the git config plain git reads (`gpg.format`,
`user.signingkey` and, for SSH, `gpg.ssh.allowedSignersFile`), so every later tag is made with
`git tag -s` and an auditor checks it with plain `git verify-tag`.

The list of allowed keys (`allowed_signers`) lives inside the git directory
(`.git/avtaleflyt/allowed_signers`), and the config names it relative to where git runs
`verify-tag` (the working tree's top, or the git directory of a bare repository). A copy of the
archive (cp -r, tar, a USB stick) therefore verifies wherever it lands; an absolute path would
point back to the archiving machine. A `git clone` carries neither config nor file: its auditor
gets the public key from the municipality and names it with `-c gpg.ssh.allowedSignersFile=`.
The file only adds keys (a new key is appended), so tags signed before a key change still verify.
The private key never enters the archive; the config only names where it is.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.feil import ArkivFeil

TILLATTE_SIGNERERE = "allowed_signers"
"""File name inside `.git/avtaleflyt/` (the name git's documentation uses)."""

FORMATER = ("ssh", "openpgp")


@dataclass(frozen=True)
class Signering:
    """How the archive signs its tags.

    `nokkel`: for SSH the private key file (`ssh-keygen -t ed25519`; a `.pub` file works when the
    private key is in ssh-agent); for OpenPGP the key id or fingerprint in the gpg keyring.
    `tillatte_signerere`: lines for `allowed_signers` («principal namespaces="git" ssh-ed25519
    AAAA…»), e.g. the keys of earlier archivists; the signing key's own public key is always
    added, under `signerer` (default: the archive's committer e-mail).
    """

    nokkel: str | os.PathLike
    format: str = "ssh"
    tillatte_signerere: tuple[str, ...] = ()
    signerer: str | None = None


def konfigurer(repo: Repo, signering: Signering) -> None:
    """Write the signing config; ArkivFeil (nothing changed) if the key cannot sign."""
    if signering.format not in FORMATER:
        raise ArkivFeil(
            f"Ukjent signeringsformat «{signering.format}»; gyldige: {', '.join(FORMATER)}."
        )
    if signering.format == "openpgp":
        repo.git.config("gpg.format", "openpgp")
        repo.git.config("user.signingkey", str(signering.nokkel))
        return
    nokkel = Path(signering.nokkel).expanduser().resolve()
    offentlig = offentlig_nokkel(nokkel)
    prinsipal = signering.signerer or _epost(repo)
    linjer = [f'{prinsipal} namespaces="git" {offentlig}', *signering.tillatte_signerere]
    for linje in linjer:
        _kontroller_linje(linje)
    _prov_signering(nokkel, offentlig, prinsipal)
    fil = gitlag.arbeidsmappe(repo) / TILLATTE_SIGNERERE
    _legg_til(fil, linjer)
    repo.git.config("gpg.format", "ssh")
    repo.git.config("user.signingkey", str(nokkel))
    repo.git.config("gpg.ssh.allowedSignersFile", _relativ(repo, fil))


def er_konfigurert(repo: Repo) -> bool:
    """Whether this archive signs its tags (a key is configured): then an unsigned tag is a
    warning in `verify`."""
    return gitlag.signeringsnokkel(repo) is not None or tillatte_signerere(repo) is not None


def tillatte_signerere(repo: Repo) -> Path | None:
    """The allowed-signers file git would use for this archive, resolved as git resolves it
    (relative to the working tree's top, or the git directory when bare); None when none is
    configured and none is in the archive's own folder."""
    verdi = repo.git.config("--get", "gpg.ssh.allowedSignersFile", with_exceptions=False).strip()
    if verdi:
        sti = Path(verdi).expanduser()
        if not sti.is_absolute():
            sti = Path(repo.working_tree_dir or repo.git_dir) / sti
        return sti
    egen = gitlag.git_dir(repo) / "avtaleflyt" / TILLATTE_SIGNERERE
    return egen if egen.is_file() else None


def kontroller_tag(repo: Repo, navn: str) -> str | None:
    """Why the signature on tag `navn` does not verify against the allowed signers, or None.

    The allowed-signers path is passed as an absolute path, so the answer does not depend on the
    directory git happens to run in."""
    args: list[str] = []
    fil = tillatte_signerere(repo)
    if fil is not None:
        args = ["-c", f"gpg.ssh.allowedSignersFile={fil}"]
    status, _, feil = repo.git.execute(
        ["git", *args, "verify-tag", navn],
        with_extended_output=True,
        with_exceptions=False,
    )
    if status == 0:
        return None
    linjer = [linje.strip() for linje in str(feil).splitlines() if linje.strip()]
    return linjer[-1] if linjer else "ukjent feil"


def offentlig_nokkel(nokkel: Path) -> str:
    """«ssh-ed25519 AAAA…» for a private (or public) SSH key file; ArkivFeil if unreadable."""
    if not nokkel.is_file():
        raise ArkivFeil(f"Signeringsnøkkelen {nokkel} finnes ikke; ingenting er endret.")
    kandidat = nokkel if nokkel.suffix == ".pub" else nokkel.with_name(nokkel.name + ".pub")
    if kandidat.is_file():
        tekst = kandidat.read_text(encoding="utf-8").split()
    else:
        ut = _ssh_keygen("-y", "-f", str(nokkel))
        if ut.returncode != 0:
            raise ArkivFeil(
                f"Fant ikke den offentlige nøkkelen til {nokkel} ({_siste(ut.stderr)}); "
                "ingenting er endret."
            )
        tekst = ut.stdout.split()
    if len(tekst) < 2:
        raise ArkivFeil(f"{kandidat} er ikke en offentlig SSH-nøkkel; ingenting er endret.")
    return f"{tekst[0]} {tekst[1]}"


def lag_nokkel(fil: Path, kommentar: str) -> Path:
    """A new ed25519 key pair without passphrase at `fil` / `fil.pub` (for the demo and tests;
    a real archive's key is made and kept by its operator). Returns the private key."""
    fil.parent.mkdir(parents=True, exist_ok=True)
    ut = _ssh_keygen("-q", "-t", "ed25519", "-N", "", "-C", kommentar, "-f", str(fil))
    if ut.returncode != 0:
        raise ArkivFeil(f"Kunne ikke lage signeringsnøkkel i {fil}: {_siste(ut.stderr)}")
    return fil


def ssh_keygen_finnes() -> bool:
    return shutil.which("ssh-keygen") is not None


def _ssh_keygen(*args: str, inn: bytes | None = None) -> subprocess.CompletedProcess:
    if not ssh_keygen_finnes():
        raise ArkivFeil(
            "ssh-keygen finnes ikke på denne maskinen; SSH-signering av taggene krever OpenSSH "
            "(eller bruk en GPG-nøkkel). Ingenting er endret."
        )
    return subprocess.run(
        ["ssh-keygen", *args],
        input=inn if inn is not None else b"",
        capture_output=True,
        check=False,
    )


def _prov_signering(nokkel: Path, offentlig: str, prinsipal: str) -> None:
    """Sign and verify a test text now, so a key that cannot sign (wrong file, passphrase
    without agent) is refused at setup, not at the first legal event."""
    with tempfile.TemporaryDirectory(prefix="avtaleflyt-signering-") as d:
        data = Path(d) / "prove.txt"
        data.write_bytes(b"avtaleflyt signeringsprove\n")
        signert = _ssh_keygen("-Y", "sign", "-n", "git", "-f", str(nokkel), str(data))
        if signert.returncode != 0:
            raise ArkivFeil(
                f"Nøkkelen {nokkel} kan ikke signere ({_siste(signert.stderr)}); en nøkkel med "
                "passord må ligge i ssh-agent. Ingenting er endret."
            )
        tillatt = Path(d) / TILLATTE_SIGNERERE
        tillatt.write_text(f'{prinsipal} namespaces="git" {offentlig}\n', encoding="utf-8")
        sjekk = _ssh_keygen(
            "-Y", "verify", "-f", str(tillatt), "-I", prinsipal, "-n", "git",
            "-s", f"{data}.sig",
            inn=data.read_bytes(),
        )  # fmt: skip
        if sjekk.returncode != 0:
            raise ArkivFeil(
                f"Signaturen fra {nokkel} kunne ikke bekreftes ({_siste(sjekk.stderr)}); "
                "ingenting er endret."
            )


def _kontroller_linje(linje: str) -> None:
    deler = linje.split()
    if (
        "\n" in linje.strip()
        or len(deler) < 3
        or not any(d.startswith(("ssh-", "ecdsa-", "sk-")) for d in deler[1:])
    ):
        raise ArkivFeil(
            f"«{linje.strip()[:80]}» er ikke en linje for allowed_signers (prinsipal, valg og "
            'nøkkel, f.eks. «arkivar@kommune.no namespaces="git" ssh-ed25519 AAAA…»); '
            "ingenting er endret."
        )


def _legg_til(fil: Path, linjer: list[str]) -> None:
    """Append the lines whose key is not in the file yet; never remove one (old tags must
    keep verifying after a key change)."""
    gamle = fil.read_text(encoding="utf-8").splitlines() if fil.is_file() else []
    kjente = {tuple(linje.split()) for linje in gamle}
    nye = [linje.strip() for linje in linjer if tuple(linje.split()) not in kjente]
    if nye:
        fil.write_text("\n".join([*gamle, *nye]) + "\n", encoding="utf-8")


def _relativ(repo: Repo, fil: Path) -> str:
    rot = Path(repo.working_tree_dir or repo.git_dir).resolve()
    return Path(os.path.relpath(fil.resolve(), rot)).as_posix()


def _epost(repo: Repo) -> str:
    epost = repo.git.config("--get", "user.email", with_exceptions=False).strip()
    return epost or gitlag.STANDARD_IDENTITET["GIT_COMMITTER_EMAIL"]


def _siste(tekst: bytes | str) -> str:
    if isinstance(tekst, bytes):
        tekst = tekst.decode("utf-8", "replace")
    linjer = [linje.strip() for linje in tekst.splitlines() if linje.strip()]
    return linjer[-1] if linjer else "ukjent feil"
