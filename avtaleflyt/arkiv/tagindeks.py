"""The milestone tags as an index of the whole archive: which events exist, without a history walk.

The archive tags every event `<id>/v<N>/<hendelse>` and packs its refs after each write, so
`packed-refs` lists every tag with the commit it peels to (git's `fully-peeled` trait): one file
read names every event and its commit. `rev-list HEAD` (served from the commit-graph, no object
read) says which commits the branch holds and in which order `git log` lists them. The index is
used only when the two agree exactly: every commit of the branch carries exactly one milestone
tag and every milestone tag is annotated and points into the branch. Then the tags list the
same events as the log, in the log's order, and a reader needs to open only the commits it
cares about (`les_objekter`). Otherwise (a crash between commit and tag, a hand-made commit, a
tag moved out of the branch, loose refs a fetch left) the index says None and callers read the
log; `verify` reports each of those cases.

It trusts the tag *names* of the commits a caller does not open: a tag swapped onto another event
of the branch keeps the counts equal. Callers check the names of the events they read
(`ArkivertHendelse.tag`), and `verify` checks every tag against its commit's trailers.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.hendelse import HENDELSER

_ARTER = "|".join(re.escape(h) for h in HENDELSER)
_MILEPAEL = rf"refs/tags/([a-z0-9-]+)/v([1-9][0-9]*)/({_ARTER})"
_PAKKET = re.compile(rf"^([0-9a-f]+) {_MILEPAEL}\n\^([0-9a-f]+)$".encode(), re.MULTILINE)
"""A milestone tag in packed-refs (tag object, name) with the commit it peels to on the next line."""
_NAVN = re.compile(rf"^{_MILEPAEL}$")


class TaggetHendelse(NamedTuple):
    """One event as its tag names it; `plass` is its position in the branch, 0 = oldest."""

    tag: str
    avtale_id: str
    versjon: int
    hendelse: str
    commit: str
    plass: int
    objekt: str = ""
    """The annotated tag object (its message carries the trailers and the register row)."""


class Tagger:
    """The milestone tags of an archive whose tags stand for exactly its branch's commits."""

    def __init__(self, tagger: list[tuple[bytes, bytes, bytes, bytes, bytes]], revs: list[bytes]):
        self._tagger = tagger  # bytes as read: only the few agreements a caller asks for decode
        self._revs = revs

    def commits(self, hendelse: str) -> dict[bytes, bytes]:
        """commit id -> agreement (both bytes) of every event of one kind (e.g. «vedtatt»)."""
        art = hendelse.encode()
        return {c: a for _, a, _, h, c in self._tagger if h == art}

    def objekter(self, hendelse: str) -> dict[bytes, bytes]:
        """tag object id -> agreement (both bytes) of every milestone tag of one kind."""
        art = hendelse.encode()
        return {o: a for o, a, _, h, _ in self._tagger if h == art}

    def avtaler(self) -> set[str]:
        """Every agreement with a milestone tag."""
        return {a.decode() for _, a, *_ in self._tagger}

    def for_avtaler(self, avtaler: set[str]) -> dict[str, list[TaggetHendelse]]:
        """Per agreement its tagged events, oldest first in the log's order."""
        onskede = {a.encode() for a in avtaler}
        valgte = [t for t in self._tagger if t[1] in onskede]
        commits = {c for *_, c in valgte}
        n = len(self._revs)
        plass = {sha: n - 1 - i for i, sha in enumerate(self._revs) if sha in commits}
        ut: dict[str, list[TaggetHendelse]] = {}
        for o, a, v, h, c in sorted(valgte, key=lambda t: plass[t[4]]):
            avtale, art = a.decode(), h.decode()
            ut.setdefault(avtale, []).append(
                TaggetHendelse(
                    f"{avtale}/v{v.decode()}/{art}",
                    avtale,
                    int(v),
                    art,
                    c.decode(),
                    plass[c],
                    o.decode(),
                )
            )
        return ut


def tagger_som_logg(repo: Repo) -> Tagger | None:
    """The milestone tags, when they stand for exactly the branch's commits (every commit has
    one milestone tag, every milestone tag is annotated and points into the branch); None
    otherwise (then read the log). Costs one file read and one `rev-list` (no object read);
    the `rev-list` runs while `packed-refs` is parsed (both ~15 ms at 10,000 events)."""
    with tempfile.TemporaryFile() as fil_ut:
        rev_list = subprocess.Popen(
            ["git", "rev-list", "HEAD"],
            stdin=subprocess.DEVNULL,
            stdout=fil_ut,
            stderr=subprocess.DEVNULL,
            **_git_miljo(repo),
        )
        tagger = _milepaeler(repo)
        status = rev_list.wait()
        fil_ut.seek(0)
        revs = fil_ut.read().split()
    if tagger is None or status != 0:
        return None  # no branch: the log path says what there is to say
    if len(tagger) != len(revs) or set(map(itemgetter(4), tagger)) != set(revs):
        return None  # a commit without its tag, one with two, or a tag outside the branch
    return Tagger(tagger, revs)


def les_objekter(repo: Repo, navn: list[bytes]) -> bytes:
    """The answer of one `cat-file --batch` run for these objects (`<oid>` or `<rev>:<path>`),
    read at once (no per-object round trip); walk it with `objekter`."""
    if not navn:
        return b""
    return _batch(repo, ["git", "cat-file", "--batch", "--buffer"], navn)


def objekter(svar: bytes, antall: int) -> Iterator[tuple[str, int, int]]:
    """(type, start, end) of each of the `antall` objects in a `cat-file --batch` answer, in
    request order, without copying them; type "missing" for one that does not exist."""
    i = 0
    for _ in range(antall):
        slutt = svar.index(b"\n", i)
        hode = svar[i:slutt].split(b" ")
        if len(hode) < 3:
            yield "missing", slutt, slutt
            i = slutt + 1
            continue
        start = slutt + 1
        i = start + int(hode[2])
        yield hode[1].decode("ascii"), start, i
        i += 1


def med_linje(
    repo: Repo, commits: dict[bytes, bytes], linje: bytes, *, hver: bytes = b""
) -> set[str] | None:
    """The names (`commits`: object id -> name) of the objects whose bytes contain `linje`, read
    through one `cat-file --batch` and searched in one pass over the whole answer.

    Each object is announced by a record separator and its id, so a hit is attributed by looking
    back to the nearest separator, with no per-object Python work. Our messages never hold
    control characters (`trailere.problem_i_tekst`); if an object does, the count of separators
    is off and every object is searched on its own. With `hver`, None unless that line occurs
    exactly once per object (e.g. «Hendelse: vedtatt» in every vedtatt tag: a tag message
    rewritten by hand is not the archive's, and then the log must be read)."""
    ider = list(commits)
    ut = _batch(
        repo,
        ["git", "cat-file", "--batch=\x1e%(objectname) %(objecttype) %(objectsize)", "--buffer"],
        ider,
    )
    if hver and ut.count(hver) != len(ider):
        return None
    if ut.count(b"\x1e") != len(ider):
        svar = les_objekter(repo, ider)
        return {
            commits[oid].decode()
            for oid, (_, start, slutt) in zip(ider, objekter(svar, len(ider)), strict=True)
            if svar.find(linje, start, slutt) != -1
        }
    treff: set[str] = set()
    start = ut.find(linje)
    while start != -1:
        hode = ut.rfind(b"\x1e", 0, start) + 1
        treff.add(commits[ut[hode : ut.index(b" ", hode)]].decode())
        start = ut.find(linje, start + 1)
    return treff


def melding(commit: bytes) -> bytes:
    """A commit object's message (the part after the header)."""
    return commit.split(b"\n\n", 1)[-1]


def _batch(repo: Repo, args: list[str], navn: list[bytes]) -> bytes:
    """The output of a `cat-file --batch` run fed `navn` (raises CalledProcessError)."""
    status, ut, feil = _kjor(repo, args, b"\n".join(navn) + b"\n")
    if status != 0:
        raise subprocess.CalledProcessError(status, args, ut, feil)
    return ut


def _kjor(repo: Repo, args: list[str], inn: bytes = b"") -> tuple[int, bytes, bytes]:
    """(exit status, stdout, stderr) of a git run, its input and output through files: through
    pipes (`subprocess.run(input=…, capture_output=True)`) Python writes 512 bytes and reads
    32 KiB per poll, and the 4 MB answer for the 4,000 `vedtatt` tags of the benchmark cost
    20–30 ms of this process's CPU, more than git's own work; from a file it is one read."""
    with tempfile.TemporaryFile() as fil_inn, tempfile.TemporaryFile() as fil_ut:
        fil_inn.write(inn)
        fil_inn.seek(0)
        svar = subprocess.run(
            args, stdin=fil_inn, stdout=fil_ut, stderr=subprocess.PIPE, **_git_miljo(repo)
        )
        fil_ut.seek(0)
        return svar.returncode, fil_ut.read(), svar.stderr


def _git_miljo(repo: Repo) -> dict:
    return {
        "cwd": repo.working_tree_dir or repo.git_dir,
        "env": {**os.environ, **gitlag.UTEN_ERSTATNING, "GIT_DIR": str(gitlag.git_dir(repo))},
    }


def _milepaeler(repo: Repo) -> list[tuple[bytes, bytes, bytes, bytes, bytes]] | None:
    """(tag object, agreement, version, event, commit) of every milestone tag; None when one is not an
    annotated tag of a commit.

    From `packed-refs` alone (one regular expression over the file) when it carries git's peeled
    values, every tag in it is annotated and no loose tag ref exists, as after every event the
    archive writes; otherwise from `for-each-ref`, which opens every tag object to peel it."""
    git_dir = gitlag.git_dir(repo)
    loose = git_dir / "refs" / "tags"
    packed = git_dir / "packed-refs"
    if _loose_refs(loose) or not packed.is_file():
        return _fra_for_each_ref(repo)
    try:
        tekst = packed.read_bytes()
    except FileNotFoundError:  # deleted since the check: let git read the refs
        return _fra_for_each_ref(repo)
    hode = tekst.split(b"\n", 1)[0]
    if (
        not hode.startswith(b"# pack-refs with:")
        or b"fully-peeled" not in hode.split()
        or tekst.count(b" refs/tags/") != tekst.count(b"\n^")
    ):
        return _fra_for_each_ref(repo)
    return _PAKKET.findall(tekst)


def _loose_refs(mappe: Path) -> bool:
    """Whether a loose ref file lies under `mappe`. A writer packing its refs deletes loose
    files and their folders while this looks (`os.walk` skips a folder gone meanwhile); a
    file seen is answered with `for-each-ref`, which reads the refs as git does."""
    return any(filer for _, _, filer in os.walk(mappe))


def _fra_for_each_ref(repo: Repo) -> list[tuple[bytes, bytes, bytes, bytes, bytes]] | None:
    ut = repo.git.for_each_ref(
        "--format=%(refname) %(objecttype) %(*objecttype) %(*objectname) %(objectname)",
        "refs/tags/",
    )
    tagger = []
    for linje in ut.splitlines():
        deler = linje.split()
        m = _NAVN.match(deler[0]) if deler else None
        if m is None:
            continue
        if deler[1:3] != ["tag", "commit"] or len(deler) != 5:
            return None
        tagger.append(tuple(x.encode() for x in (deler[4], *m.groups(), deler[3])))
    return tagger


def tagmelding(tag: bytes) -> bytes:
    """An annotated tag object's message without its signature (which git appends to it)."""
    tekst = melding(tag)
    i = tekst.find(b"\n-----BEGIN ")
    return tekst[: i + 1] if i != -1 else tekst
