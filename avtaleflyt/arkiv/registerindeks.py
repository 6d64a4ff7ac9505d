"""A derived index of the milestone tags' messages, kept in `.git/avtaleflyt/register-indeks.json`,
so `register` answers without starting git (issue 15 item 6).

The tags stay the source of truth; the file is a cache of what `register` would read from them:
for every milestone tag its name, commit, position in the branch, tag object and message (bytes
exactly as stored, signature removed), and per municipality the agreements one of whose `vedtatt`
tags has a `Vedtatt-<nr>` line. It is keyed by a SHA-256 over every ref the archive has, read as
git stores them: `HEAD`, every loose ref file under `refs/`, `packed-refs`, and `info/grafts` and
`shallow` when present. Every object id a tag, the branch and its history resolve to is in those
files, and git objects never change under their ids, so equal keys mean the same tags, the same
tag messages and the same branch: the index cannot be stale. A tag moved, deleted, replaced or
added, a new event, a rewritten or deleted branch all change the key, and the next `register`
rebuilds the index from the tags (today's path, one `rev-list` and one `cat-file --batch`) before
it answers. No git process runs when the key matches.

Reading the refs directly is safe against a concurrent writer: the loose refs are read before
`packed-refs`, as git itself reads them, and `pack-refs` writes the new `packed-refs` before it
deletes a loose file, so a ref being packed is seen in one of the two. A key read while a writer
is between two steps is either a state the archive really had or one no index is stored under.
An index is stored only when the key is the same before and after reading the tags, written to a
temporary file and renamed over the old one (`os.replace`), so a reader sees the whole old or the
whole new file; a file that cannot be read as a whole (a crash, a disk error) is rebuilt.

Refs that are not plain files (git's `reftable` format, a linked worktree's `commondir`) have no
key here: `register` then reads the tags as before. So does a municipality number with `:` or a
line break, which no trailer line can hold.

Anyone who can write the archive's git folder can also write this file (as they can the tags).
`verify` holds an index whose key matches the refs to a new build from the tags (`kontroller`,
finding ARKIV-REGISTERINDEKS), `avtale register --fra-logg` never reads it, and deleting it makes
the next `register` read the tags.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import NamedTuple

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.tagindeks import (
    Tagger,
    TaggetHendelse,
    les_objekter,
    med_linje,
    objekter,
    tagger_som_logg,
    tagmelding,
)
from avtaleflyt.locking import file_lock

FORMAT = 2
FIL = "register-indeks.json"
_VEDTATT = re.compile(rb"\nVedtatt-([^:\n]*): ")
_HVER_VEDTATT = b"\nHendelse: vedtatt\n"
"""Every `vedtatt` tag of the archive has this line once (see `tagindeks.med_linje`)."""


class Tagmelding(NamedTuple):
    """One milestone tag and its message (the tag object's text after its header, no signature)."""

    tag: TaggetHendelse
    melding: bytes


def nokkel(git_dir: Path) -> str | None:
    """SHA-256 over every file git keeps refs in; None when the refs are not plain files."""
    if (git_dir / "commondir").exists() or (git_dir / "reftable").exists():
        return None
    h = hashlib.sha256(b"avtaleflyt register-indeks %d\n" % FORMAT)

    def legg_til(navn: str, sti: Path) -> None:
        try:
            data = sti.read_bytes()
        except FileNotFoundError:
            data = None
        except (IsADirectoryError, NotADirectoryError):
            data = b"\0mappe"
        merke = b"-" if data is None else b"%d" % len(data)
        h.update(b"%s %s\n" % (navn.encode("utf-8", "surrogateescape"), merke))
        h.update(data or b"")

    legg_til("HEAD", git_dir / "HEAD")
    refs = git_dir / "refs"
    for mappe, undermapper, filer in os.walk(refs):
        undermapper.sort()
        for f in sorted(filer):
            sti = Path(mappe) / f
            legg_til(sti.relative_to(git_dir).as_posix(), sti)
    for navn in ("packed-refs", "info/grafts", "shallow"):
        legg_til(navn, git_dir / navn)
    return h.hexdigest()


def meldinger(repo: Repo, kommunenummer: str) -> list[Tagmelding] | None:
    """Every milestone tag, with its message, of the agreements one of whose `vedtatt` tags names
    `kommunenummer` (`Vedtatt-<nr>` line), per agreement oldest first in the log's order; None
    when the tags cannot stand for the log (then read the log). From the index when its key
    matches, else from the tags (and the index is stored for the next call)."""
    git_dir = gitlag.git_dir(repo)
    k = nokkel(git_dir) if _kan_indekseres(kommunenummer) else None
    if k is None:
        return _fra_taggene(repo, kommunenummer)
    fra_fil = _les(git_dir / "avtaleflyt" / FIL, k, kommunenummer)
    if fra_fil is not _MANGLER:
        return fra_fil  # type: ignore[return-value]
    indeks = bygg(repo)
    if indeks.nokkel == k:
        _lagre(git_dir, indeks)
    return indeks.utvalg(kommunenummer)


def _kan_indekseres(kommunenummer: str) -> bool:
    return ":" not in kommunenummer and "\n" not in kommunenummer


def _fra_taggene(repo: Repo, kommunenummer: str) -> list[Tagmelding] | None:
    """Without the index: the `vedtatt` tags searched for the line, then the hits' tags read."""
    tagger = tagger_som_logg(repo)
    if tagger is None:
        return None
    linje = f"\nVedtatt-{kommunenummer}: ".encode()
    navngitt = med_linje(repo, tagger.objekter("vedtatt"), linje, hver=_HVER_VEDTATT)
    if navngitt is None:
        return None
    aktuelle = [t for ts in tagger.for_avtaler(navngitt).values() for t in ts]
    svar = les_objekter(repo, [t.objekt.encode() for t in aktuelle])
    return [
        Tagmelding(t, tagmelding(svar[start:slutt]))
        for t, (_, start, slutt) in zip(aktuelle, objekter(svar, len(aktuelle)), strict=True)
    ]


class Indeks(NamedTuple):
    nokkel: str | None
    """The key of the refs the index was built from; None when they changed while it was read."""
    logg: bool
    """The tags cannot stand for the log: `register` reads the log."""
    kommuner: dict[str, list[str]]
    avtaler: dict[str, list[Tagmelding]]

    def utvalg(self, kommunenummer: str) -> list[Tagmelding] | None:
        if self.logg:
            return None
        return [m for a in self.kommuner.get(kommunenummer, []) for m in self.avtaler[a]]


def bygg(repo: Repo) -> Indeks:
    """The index from the tags: one `rev-list` and one `cat-file --batch` over every milestone
    tag. Keyed by the refs as read before; the key is None if they changed meanwhile."""
    git_dir = gitlag.git_dir(repo)
    for_ = nokkel(git_dir)
    tagger = tagger_som_logg(repo)
    indeks = _fra(repo, tagger) if tagger is not None else Indeks(for_, True, {}, {})
    etter = nokkel(git_dir)
    return indeks._replace(nokkel=for_ if for_ == etter else None)


def _fra(repo: Repo, tagger: Tagger) -> Indeks:
    """Every milestone tag's message, and per municipality the agreements one of whose `vedtatt`
    tags has its `Vedtatt-<nr>` line. The checks and searches are those of `tagindeks.med_linje`
    over the `vedtatt` tags (each object with the newlines around it in its `cat-file` answer):
    unless every `vedtatt` tag has «Hendelse: vedtatt» once, the log must be read."""
    alle = tagger.for_avtaler(set(tagger.avtaler()))
    liste = [t for ts in alle.values() for t in ts]
    vedtatt = [t for t in liste if t.hendelse == "vedtatt"]
    svar = les_objekter(repo, [t.objekt.encode() for t in liste])
    kommuner: dict[str, set[str]] = {}
    tekst: dict[str, bytes] = {}
    antall_hver = 0
    for t, (_, start, slutt) in zip(liste, objekter(svar, len(liste)), strict=True):
        objekt = svar[start:slutt]
        tekst[t.objekt] = tagmelding(objekt)
        if t.hendelse == "vedtatt":
            omgitt = b"\n" + objekt + b"\n"  # as the object stands in `med_linje`'s answer
            antall_hver += omgitt.count(_HVER_VEDTATT)
            for nr in _VEDTATT.findall(omgitt):
                kommuner.setdefault(nr.decode("utf-8", "surrogateescape"), set()).add(t.avtale_id)
    if antall_hver != len(vedtatt):
        return Indeks(None, True, {}, {})
    return Indeks(
        None,
        False,
        {nr: sorted(a) for nr, a in sorted(kommuner.items())},
        {a: [Tagmelding(t, tekst[t.objekt]) for t in ts] for a, ts in sorted(alle.items())},
    )


_MANGLER = object()


def _les(fil: Path, k: str, kommunenummer: str) -> object:
    """The answer from the index file when its key is `k`; `_MANGLER` when there is no such file
    or it cannot be read as a whole. Reads the header, the municipality's line and the lines of
    its agreements, not the whole file."""
    try:
        with fil.open("rb") as f:
            hode = json.loads(f.readline())
            if hode.get("format") != FORMAT or hode.get("nokkel") != k:
                return _MANGLER
            if hode["logg"]:
                return None
            if kommunenummer not in hode["kommuner"]:
                return []
            start = f.tell()
            ut: list[Tagmelding] = []
            for _, fra, lengde in json.loads(_linje(f, start, hode["kommuner"][kommunenummer])):
                ut.extend(_tagmeldinger(json.loads(_linje(f, start, [fra, lengde]))))
            return ut
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return _MANGLER


def _linje(f, start: int, plass: list[int]) -> bytes:
    fra, lengde = plass
    f.seek(start + fra)
    data = f.read(lengde)
    if len(data) != lengde:
        raise ValueError("indeksen er kortere enn hodet sier")
    return data


def _tagmeldinger(linjer: list[list]) -> Iterator[Tagmelding]:
    for tag, avtale_id, versjon, hendelse, commit, plass, objekt, melding in linjer:
        t = TaggetHendelse(tag, avtale_id, versjon, hendelse, commit, plass, objekt)
        yield Tagmelding(t, melding.encode("utf-8", "surrogateescape"))


def _serialisert(indeks: Indeks) -> bytes:
    """One header line (key, and each municipality's place in the body), then one JSON line per
    agreement (its tags and messages) and one per municipality (its agreements' places): a reader
    parses the header, one municipality's line and the lines of its agreements."""
    linjer: list[bytes] = []
    n = 0

    def legg_til(verdi: object) -> list[int]:
        nonlocal n
        linje = json.dumps(verdi, separators=(",", ":")).encode("ascii")
        linjer.append(linje)
        n += len(linje) + 1
        return [n - len(linje) - 1, len(linje)]

    plass = {
        a: legg_til([[*m.tag, m.melding.decode("utf-8", "surrogateescape")] for m in ms])
        for a, ms in indeks.avtaler.items()
    }
    kommuner = {
        nr: legg_til([[a, *plass[a]] for a in ider]) for nr, ider in indeks.kommuner.items()
    }
    hode = {"format": FORMAT, "nokkel": indeks.nokkel, "logg": indeks.logg, "kommuner": kommuner}
    return b"\n".join([json.dumps(hode, separators=(",", ":")).encode("ascii"), *linjer]) + b"\n"


def _lagre(git_dir: Path, indeks: Indeks) -> None:
    """Write the index whole or not at all: a temporary file renamed over the old one, by one
    writer at a time (another process building it meanwhile answers from its own build). A
    read-only archive or a full disk leaves the index unwritten: it is a cache."""
    mappe = git_dir / "avtaleflyt"
    with suppress(OSError):
        mappe.mkdir(exist_ok=True)
        try:
            with file_lock(mappe / f"{FIL}.lock", timeout=0):
                fd, tmp = tempfile.mkstemp(prefix=f"{FIL}.", suffix=".tmp", dir=mappe)
                try:
                    with os.fdopen(fd, "wb") as f:
                        f.write(_serialisert(indeks))
                    os.replace(tmp, mappe / FIL)
                finally:
                    with suppress(FileNotFoundError):
                        os.unlink(tmp)
        except TimeoutError:  # filelock.Timeout: another process is writing it
            pass


def oppdater(repo: Repo) -> None:
    """Rebuild a stored index whose key no longer matches (after the archive wrote an event), so
    the next `register` is fast too. An archive nobody has run `register` on has no index and
    gets none here: the build reads every tag (about 0.6 s of CPU at 10,000 events)."""
    git_dir = gitlag.git_dir(repo)
    fil = git_dir / "avtaleflyt" / FIL
    if not fil.is_file():
        return
    k = nokkel(git_dir)
    if k is None or _les(fil, k, "") is not _MANGLER:
        return
    with suppress(subprocess.CalledProcessError, OSError):
        indeks = bygg(repo)
        if indeks.nokkel == k:
            _lagre(git_dir, indeks)


def kontroller(repo: Repo) -> str | None:
    """A Norwegian sentence when the stored index's key matches the refs but its content is not
    what the tags give (edited by hand: `register` would answer from it); None otherwise."""
    git_dir = gitlag.git_dir(repo)
    fil = git_dir / "avtaleflyt" / FIL
    k = nokkel(git_dir)
    if k is None or not fil.is_file():
        return None
    try:
        hode = json.loads(fil.open("rb").readline())
    except (OSError, ValueError):
        return None
    if not isinstance(hode, dict) or hode.get("nokkel") != k or hode.get("format") != FORMAT:
        return None  # not used: register rebuilds it
    indeks = bygg(repo)
    if indeks.nokkel != k:
        return None  # the archive changed meanwhile
    if fil.read_bytes() != _serialisert(indeks):
        return (
            f"Registerindeksen {fil.relative_to(git_dir).as_posix()} sier noe annet enn taggene "
            "den er bygget fra, og er endret etter at den ble skrevet. Slett filen; "
            "`avtale register` bygger den på nytt fra taggene."
        )
    return None
