"""Thin helpers over git plumbing through GitPython's CLI wrapper (`repo.git.*`).

Objects are written with `hash-object -w`, trees are built in a private index
(`GIT_INDEX_FILE`), commits with `commit-tree`, and the branch moves only with a compare-and-swap
`update-ref <ref> <new> <old>`. None of these touch the working tree or the shared index, so a
crash between two steps leaves at most unreferenced objects, which git ignores and gc removes.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
from pathlib import Path

from git import Repo
from git.exc import GitCommandError

from avtaleflyt.arkiv import registerrad
from avtaleflyt.arkiv.feil import ArkivFeil

UTEN_ERSTATNING = {"GIT_NO_REPLACE_OBJECTS": "1"}
"""Every git call of the archive reads the objects as they are: `git replace` (refs/replace/*)
would let anyone with access to a copy show another commit or file under the archived id, and
`verify` would check the forgery instead of what was archived."""

STANDARD_IDENTITET = {
    "GIT_AUTHOR_NAME": "avtaleflyt arkiv",
    "GIT_AUTHOR_EMAIL": "arkiv@avtaleflyt.invalid",
    "GIT_COMMITTER_NAME": "avtaleflyt arkiv",
    "GIT_COMMITTER_EMAIL": "arkiv@avtaleflyt.invalid",
}


def apne(sti: str | os.PathLike) -> Repo:
    """Open the repository at `sti` with replace objects disabled for every git process GitPython
    starts for it (commands and its persistent `cat-file`). Raises GitPython's
    InvalidGitRepositoryError/NoSuchPathError like `Repo`."""
    repo = Repo(sti)
    repo.git.update_environment(**UTEN_ERSTATNING)
    return repo


def git_dir(repo: Repo) -> Path:
    return Path(repo.git_dir).resolve()


def arbeidsmappe(repo: Repo) -> Path:
    """`.git/avtaleflyt/`: the archive's own bookkeeping (lock, journal, worktree state)."""
    p = git_dir(repo) / "avtaleflyt"
    p.mkdir(exist_ok=True)
    return p


def rev(repo: Repo, navn: str) -> str | None:
    """The object id `navn` resolves to, or None."""
    ut = repo.git.rev_parse("-q", "--verify", navn, with_exceptions=False)
    return ut.strip() or None


def hode_ref(repo: Repo) -> str:
    """The branch HEAD points to (e.g. refs/heads/main), even before the first commit."""
    return repo.git.symbolic_ref("HEAD").strip()


def hode(repo: Repo) -> str | None:
    return rev(repo, "HEAD^{commit}")


def uten_gren(repo: Repo) -> tuple[str, str] | None:
    """(rule, Norwegian reason) when HEAD names no commit: an empty archive, or one whose branch
    was deleted (then the tags and the journal still name what was archived); None otherwise."""
    if hode(repo) is not None:
        return None
    ref = repo.git.symbolic_ref("-q", "HEAD", with_exceptions=False).strip() or "HEAD"
    refs = repo.git.for_each_ref("--format=%(refname)").split()
    tagger = [r for r in refs if r.startswith("refs/tags/")]
    journal = git_dir(repo) / "avtaleflyt" / "journal.jsonl"
    if not refs and not (journal.exists() and journal.stat().st_size):
        return (
            "ARKIV-TOM",
            f"Arkivet {repo.working_tree_dir or repo.git_dir} er tomt: ingen hendelse er "
            "arkivert, så det er ingenting å kontrollere eller lese.",
        )
    andre = [r for r in refs if r.startswith("refs/heads/")]
    return (
        "ARKIV-GREN",
        f"Grenen {ref}, som HEAD peker på, finnes ikke i arkivet "
        f"{repo.working_tree_dir or repo.git_dir}, men arkivet har {len(tagger)} tagger"
        + (f" og grenene {', '.join(andre)}" if andre else "")
        + ": grenen er slettet eller flyttet, og ingen hendelse kan leses. Gjenopprett den fra "
        "et speil eller fra journalen (git update-ref) og kjør `avtale verify`.",
    )


def null_oid(repo: Repo) -> str:
    return "0" * len(repo.git.hash_object("--stdin", istream=subprocess.DEVNULL).strip())


def tomt_tre(repo: Repo) -> str:
    return repo.git.mktree(istream=subprocess.DEVNULL).strip()


def identitet(repo: Repo) -> dict[str, str]:
    """Author/committer env: the repository's configured user, else a neutral archive identity."""
    navn = repo.git.config("--get", "user.name", with_exceptions=False).strip()
    epost = repo.git.config("--get", "user.email", with_exceptions=False).strip()
    return {} if navn and epost else dict(STANDARD_IDENTITET)


def skriv_blobber(
    repo: Repo, filer: dict[str, bytes], tmp: Path, *, skriv: bool = True
) -> dict[str, str]:
    """Write every file as a blob (no filters: bytes are stored exactly); path -> blob id.

    With `skriv=False` only the ids are computed, to compare content with what is archived.
    """
    stier = sorted(filer)
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        lokale = []
        for i, sti in enumerate(stier):
            f = Path(d) / f"{i}.bin"
            f.write_bytes(filer[sti])
            lokale.append(str(f))
        ut = repo.git.hash_object(*(["-w"] if skriv else []), "--no-filters", "--", *lokale).split()
    if len(ut) != len(stier):
        raise RuntimeError("git hash-object ga feil antall objekter")
    return dict(zip(stier, ut, strict=True))


def bygg_tre(
    repo: Repo, forelder: str | None, mappe: str, blobber: dict[str, str], tmp: Path
) -> str:
    """Tree = parent's tree with `mappe/` replaced by exactly `blobber` (paths inside mappe)."""
    fd, indeks = tempfile.mkstemp(prefix="indeks-", dir=tmp)
    os.close(fd)
    os.unlink(indeks)
    env = {"GIT_INDEX_FILE": indeks}
    try:
        if forelder:
            repo.git.read_tree(forelder, env=env)
            repo.git.rm("-r", "--cached", "-q", "--ignore-unmatch", "--", mappe, env=env)
        args: list[str] = ["--add"]
        for sti, oid in sorted(blobber.items()):
            args += ["--cacheinfo", f"100644,{oid},{mappe}/{sti}"]
        repo.git.update_index(*args, env=env)
        return repo.git.write_tree(env=env).strip()
    finally:
        Path(indeks).unlink(missing_ok=True)


def lag_commit(repo: Repo, tre: str, forelder: str | None, melding: str, tmp: Path) -> str:
    fil = _midlertidig_tekst(tmp, melding)
    try:
        args = [tre] + (["-p", forelder] if forelder else []) + ["-F", str(fil)]
        return repo.git.commit_tree(*args, env=identitet(repo)).strip()
    finally:
        fil.unlink(missing_ok=True)


def flytt_ref(repo: Repo, ref: str, ny: str, gammel: str | None, grunn: str) -> bool:
    """Compare-and-swap: move `ref` to `ny` only if it still is `gammel`. False if it moved."""
    try:
        repo.git.update_ref("-m", grunn, ref, ny, gammel or null_oid(repo))
    except GitCommandError:
        return False
    return True


def signeringsnokkel(repo: Repo) -> str | None:
    return repo.git.config("--get", "user.signingkey", with_exceptions=False).strip() or None


def lag_tag(repo: Repo, navn: str, commit: str, melding: str, tmp: Path) -> str:
    """Annotated tag, signed (`-s`) when `user.signingkey` is configured; returns the tag object.

    A milestone tag's message gets the register row of the tagged `avtale.json` (`registerrad`)."""
    fil = _midlertidig_tekst(tmp, _med_registerrad(repo, navn, commit, melding))
    try:
        modus = "-s" if signeringsnokkel(repo) else "-a"
        try:
            repo.git.tag(modus, "-F", str(fil), navn, commit, env=identitet(repo) or None)
        except GitCommandError as exc:
            grunn = (exc.stderr or "").strip().replace("stderr: ", "").strip("'\n ")
            hva = "signere" if modus == "-s" else "lage"
            raise ArkivFeil(
                f"Kunne ikke {hva} taggen {navn} ({grunn or exc}). Commit {commit[:12]} er "
                "arkivert; kjør hendelsen på nytt når dette er rettet, så lages bare taggen."
            ) from None
    finally:
        fil.unlink(missing_ok=True)
    objekt_id = rev(repo, f"refs/tags/{navn}") or ""
    if modus == "-s" and b"-----BEGIN " not in objekt(repo, objekt_id)[1]:
        # git 2.39 with a broken SSH key writes an *unsigned* tag with the error text in its
        # message and exits 0. That tag is ours from this very step, not yet journaled: remove
        # it (compare-and-delete) so the rerun can sign it properly.
        repo.git.update_ref("-d", f"refs/tags/{navn}", objekt_id)
        raise ArkivFeil(
            f"Kunne ikke signere taggen {navn}: git laget en tag uten signatur (sjekk "
            f"user.signingkey og gpg.format). Commit {commit[:12]} er arkivert; kjør hendelsen "
            "på nytt når signeringen virker, så lages bare taggen."
        )
    return objekt_id


def _med_registerrad(repo: Repo, navn: str, commit: str, melding: str) -> str:
    """`melding` with the register row of `<id>/avtale.json` at `commit` when `navn` is a
    milestone tag `<id>/v<N>/<hendelse>` (written here so every path that tags gets it)."""
    if navn.count("/") != 2 or registerrad.NOKKEL in melding:
        return melding
    try:
        typ, data = objekt(repo, f"{commit}:{navn.split('/')[0]}/avtale.json")
    except ValueError:
        return melding
    return registerrad.med_rad(melding, registerrad.rad_fra_json(data) if typ == "blob" else None)


def er_forfar(repo: Repo, forfar: str, etterkommer: str) -> bool:
    status, _, _ = repo.git.merge_base(
        "--is-ancestor", forfar, etterkommer, with_extended_output=True, with_exceptions=False
    )
    return status == 0


def objekt(repo: Repo, oid: str) -> tuple[str, bytes]:
    """(type, bytes) of an object through GitPython's persistent `cat-file --batch`."""
    _, typ, _, data = repo.git.get_object_data(oid)
    return (typ.decode() if isinstance(typ, bytes) else typ), data


def tags(repo: Repo, monster: str = "refs/tags/") -> dict[str, str]:
    """tag name -> object id the ref names (the tag object for annotated tags); no peeling."""
    ut = repo.git.for_each_ref("--format=%(refname) %(objectname)", monster)
    svar: dict[str, str] = {}
    for linje in ut.splitlines():
        ref, _, oid = linje.rpartition(" ")
        svar[ref.removeprefix("refs/tags/")] = oid
    return svar


def _midlertidig_tekst(tmp: Path, tekst: str) -> Path:
    fd, navn = tempfile.mkstemp(prefix="melding-", dir=tmp)
    with os.fdopen(fd, "wb") as f:
        f.write(tekst.encode("utf-8"))
    return Path(navn)


def les_objekter(repo: Repo, oider: list[str]):
    """Stream many objects through one pipelined `cat-file --batch`.

    Yields (oid, type, bytes) in request order. Requests are written from a thread while the
    answers are read, so thousands of objects cost one process and no per-object round trip.
    """
    proc = repo.git.cat_file("--batch", as_process=True, istream=subprocess.PIPE)
    inn, ut = proc.proc.stdin, proc.proc.stdout

    def skriv() -> None:
        try:
            for oid in oider:
                inn.write(oid.encode() + b"\n")
            inn.close()
        except BrokenPipeError:
            pass

    t = threading.Thread(target=skriv, daemon=True)
    t.start()
    try:
        for oid in oider:
            hode = ut.readline().split()
            if len(hode) < 3 or hode[1] == b"missing":
                yield oid, "missing", b""
                continue
            storrelse = int(hode[2])
            data = ut.read(storrelse)
            ut.read(1)
            yield oid, hode[1].decode(), data
    finally:
        t.join()
        proc.proc.wait()
