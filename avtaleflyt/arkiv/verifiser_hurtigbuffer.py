"""The result cache of `verifiser`: what a commit's folders and a tag's contents were found to be,
kept in `.git/avtaleflyt/verify-cache/`, so the next `verify` checks only what is new.

Why an auditor can trust it. A commit id names its message, tree and parents, and through them
every byte the per-commit checks read (manifests, checksums, decisions, the re-render); a tag
object id names its message and target. Their results cannot change while the ids and the bytes
under them stay, so they are kept per commit (and per tag name + tag object) and reused:

- the key of the cache file holds everything else a result depends on: this program's code (a
  digest of the `avtaleflyt` and `schemas` packages), the renderer's version, the Jinja2, pydantic,
  python-docx and lxml versions, whether documents are re-rendered, and which agreement (or all);
- what ids alone cannot vouch for is checked on every run, never cached: which commits are on the
  branch, the trailers of every commit, every ref (tags, branch, `refs/replace/*`), the journal,
  signatures against today's allowed signers, grafts and the working copy;
- that the bytes under an id are still the ones checked: git does not re-hash objects when it
  reads them, so an object edited in place keeps its id. The cache records every file of the
  object store (size, mtime, ctime, inode: ctime cannot be set back by a user); a loose object
  file that is new or changed is re-hashed against its name, a pack whose times changed (git
  freshens packs) is re-hashed against the checksum in its name, and any other change under
  `pack/` (gc, fetch, repack, an edit) means a full check;
- with `refs/replace/*`, grafts, a shallow copy or alternates the cache is not used at all;
- `verify --uten-hurtigbuffer` checks everything again (and refreshes the cache); the report
  says how many commits were checked now and when the others were.

The file is written to a temporary name and renamed (`os.replace`), so a concurrent reader sees
the old or the new file, never half of one; writers merge what is on disk first. The cache lives
only in this copy's git directory: a clone or fetch never carries it, so an auditor's own copy
checks everything once. Whoever can write `.git` can also edit the cache (as they can the
journal); an auditor's formal check runs in their own clone or with `--uten-hurtigbuffer`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import avtaleflyt
import schemas
from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.klokke import OSLO
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll, Statistikk
from avtaleflyt.findings import Finding

FORMAT = "avtaleflyt-verify-cache/1"
MAPPE = "verify-cache"
MAKS_FILER = 4
"""Cache files kept per archive (one per program version and setting); older ones are removed."""
BIBLIOTEKER = ("jinja2", "pydantic", "python-docx", "lxml")


@functools.cache
def programdigest() -> str:
    """Every file of the packages whose code decides a check's result (the re-render included),
    and the libraries the renderer stands on: any change makes every result stale."""
    h = hashlib.sha256(FORMAT.encode())
    for pakke in (avtaleflyt, schemas):
        rot = Path(str(pakke.__file__)).resolve().parent
        for f in sorted(rot.rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                h.update(f.relative_to(rot).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for navn in BIBLIOTEKER:
        try:
            h.update(f"{navn}={metadata.version(navn)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{navn}=-\0".encode())
    return h.hexdigest()


def innstillinger(kt: Kontroll) -> dict | None:
    """What besides the ids decides the results; None when it cannot be known (a re-render
    callback that does not state its `gjengiverversjon`)."""
    if kt.rerender is None:
        gjengiver = "ingen"
    else:
        versjon = getattr(kt.rerender, "gjengiverversjon", None)
        if not isinstance(versjon, str):
            return None
        gjengiver = versjon
    return {"program": programdigest(), "gjengiver": gjengiver, "avtale": kt.avtale_id or ""}


@dataclass
class Hurtigbuffer:
    """One run's view of the cache: the entries it may reuse and the ones it adds."""

    fil: Path | None
    """None: the cache is neither read nor written in this run (`grunn` says why)."""
    grunn: str = ""
    """Why earlier results are not reused ("" when they are)."""
    innstillinger: dict = field(default_factory=dict)
    lager: dict[str, str] = field(default_factory=dict)
    commits: dict[str, dict] = field(default_factory=dict)
    tagger: dict[str, dict] = field(default_factory=dict)
    nye: bool = False
    tid: int = field(default_factory=lambda: int(time.time()))

    def commit(self, sha: str) -> dict | None:
        return self.commits.get(sha)

    def ny_commit(self, sha: str, mapper: list[str], enheter: list[dict]) -> None:
        if self.fil is not None:
            self.commits[sha] = {"t": self.tid, "mapper": mapper, "m": enheter}
            self.nye = True

    def tag(self, navn: str, objekt: str) -> list[Finding] | None:
        post = self.tagger.get(f"{navn}\n{objekt}")
        return None if post is None else [til_funn(f) for f in post["f"]]

    def ny_tag(self, navn: str, objekt: str, funn: list[Finding]) -> None:
        if self.fil is not None:
            self.tagger[f"{navn}\n{objekt}"] = {"t": self.tid, "f": [fra_funn(f) for f in funn]}
            self.nye = True


def fra_funn(f: Finding) -> list:
    return list(dataclasses.astuple(f))


def til_funn(data: list) -> Finding:
    return Finding(*data)


def apne(kt: Kontroll, bruk: bool) -> Hurtigbuffer:
    """The cache for this run: its earlier entries when they may be trusted (see the module
    docstring), else none (`grunn` says why, in Norwegian, for the report)."""
    git_dir = gitlag.git_dir(kt.repo)
    innst = innstillinger(kt)
    hindring = (
        _hindring(kt, git_dir)
        if innst is not None
        else ("gjengiveren oppgir ikke versjonen sin (gjengiverversjon)")
    )
    lager = objektlager(git_dir) if hindring is None else None
    if hindring is not None or lager is None or innst is None:
        return Hurtigbuffer(None, grunn=hindring or "objektlageret har alternates")
    nokkel = hashlib.sha256(json.dumps(innst, sort_keys=True).encode()).hexdigest()[:24]
    hb = Hurtigbuffer(git_dir / "avtaleflyt" / MAPPE / f"{nokkel}.json", innstillinger=innst)
    hb.lager = lager
    if not bruk:
        hb.grunn = "full kontroll ble valgt med --uten-hurtigbuffer"
        return hb
    data = _les(hb.fil) if hb.fil is not None else None
    if data is None or data.get("innstillinger") != innst:
        hb.grunn = "ingen tidligere kontroll med samme program og innstillinger"
        return hb
    endret = _endret_lager(git_dir / "objects", data["lager"], lager)
    if endret:
        hb.grunn = endret
        return hb
    hb.commits, hb.tagger = data["commits"], data["tagger"]
    hb.nye = data["lager"] != lager  # new loose objects, verified: record them
    return hb


def _hindring(kt: Kontroll, git_dir: Path) -> str | None:
    """What makes plain git show other history than the ids name, or the copy incomplete: then
    nothing is cached or reused."""
    if kt.repo.git.for_each_ref("--count=1", "--format=%(refname)", "refs/replace/").strip():
        return "arkivet har erstatninger (refs/replace)"
    grafts = git_dir / "info" / "grafts"
    if grafts.is_file() and grafts.read_bytes().strip():
        return "arkivet har info/grafts"
    if (git_dir / "shallow").exists():
        return "kopien er grunn (shallow)"
    return None


def objektlager(git_dir: Path) -> dict[str, str] | None:
    """Every file of the object store (loose objects and pack files, by path under `objects/`)
    -> size, mtime, ctime and inode; None when the store borrows objects from another one."""
    objekter = git_dir / "objects"
    if (objekter / "info" / "alternates").exists():
        return None
    ut: dict[str, str] = {}
    with os.scandir(objekter) as mapper:
        for m in mapper:
            if not (m.is_dir() and (m.name == "pack" or len(m.name) == 2)):
                continue
            with os.scandir(m.path) as filer:
                for f in filer:
                    if f.name.startswith("tmp_") or not f.is_file(follow_symlinks=False):
                        continue
                    s = f.stat(follow_symlinks=False)
                    ut[f"{m.name}/{f.name}"] = (
                        f"{s.st_size} {s.st_mtime_ns} {s.st_ctime_ns} {s.st_ino}"
                    )
    return ut


def _endret_lager(objekter: Path, lagret: dict[str, str], naa: dict[str, str]) -> str:
    """Why the stored results may no longer describe the bytes git returns ("" when they do).
    Git freshens what it would write again (the mtime of a loose object or of the pack holding
    it), so a file whose times changed is hashed again, not trusted or thrown away: a loose object
    whose bytes hash to its name is that object, and a pack whose bytes hash to the checksum its
    name and trailer carry is the pack. Any other change in `pack/` (an index, a new or vanished
    pack: gc, fetch, repack; or an edit) means a full check."""
    for sti in sorted(set(lagret) | set(naa)):
        if lagret.get(sti) == naa.get(sti):
            continue
        if sti not in naa or (sti.startswith("pack/") and not _pakke_frisket(sti, lagret, naa)):
            return (
                f"objektlageret er endret siden forrige kontroll ({sti}: gc, repack eller endring)"
            )
        if sti.startswith("pack/"):
            if not _pakke_stemmer(objekter / sti):
                return f"pakkefilen {sti} stemmer ikke med sjekksummen i navnet sitt"
        elif not _objekt_stemmer(objekter, sti):
            return f"objektet {sti} i objektlageret stemmer ikke med navnet sitt"
    return ""


def _pakke_frisket(sti: str, lagret: dict[str, str], naa: dict[str, str]) -> bool:
    """A pack file that was recorded and still has its size and inode (only its times moved)."""
    if not (sti.endswith(".pack") and sti in lagret):
        return False
    storrelse, _, _, inode = lagret[sti].split()
    ny_storrelse, _, _, ny_inode = naa[sti].split()
    return (storrelse, inode) == (ny_storrelse, ny_inode)


def _pakke_stemmer(fil: Path) -> bool:
    """The pack's bytes hash to the checksum in its trailer, which is the name git gave it."""
    navn = fil.name.removeprefix("pack-").removesuffix(".pack")
    algoritme = {40: "sha1", 64: "sha256"}.get(len(navn))
    if algoritme is None:
        return False
    h = hashlib.new(algoritme)
    lengde = h.digest_size
    try:
        with fil.open("rb") as f:
            rest = fil.stat().st_size - lengde
            while rest > 0:
                blokk = f.read(min(rest, 1 << 20))
                if not blokk:
                    return False
                h.update(blokk)
                rest -= len(blokk)
            tilhenger = f.read()
    except OSError:
        return False
    return h.hexdigest() == navn and tilhenger.hex() == navn


def _objekt_stemmer(objekter: Path, sti: str) -> bool:
    """A loose object's bytes hash to its name (SHA-1 or SHA-256 by the name's length)."""
    navn = sti.replace("/", "")
    algoritme = {40: "sha1", 64: "sha256"}.get(len(navn))
    try:
        data = zlib.decompress((objekter / sti).read_bytes())
    except (OSError, zlib.error):
        return False
    return algoritme is not None and hashlib.new(algoritme, data).hexdigest() == navn


def _les(fil: Path) -> dict | None:
    """The cache file, or None when missing, unreadable or of another format (then it is
    rebuilt: a damaged cache costs a full check, never a wrong result)."""
    try:
        data = json.loads(fil.read_bytes())
    except (OSError, ValueError):
        return None
    try:
        gyldig = (
            data.get("format") == FORMAT
            and all(isinstance(data.get(k), dict) for k in ("lager", "commits", "tagger"))
            and all(_gyldig_commit(p) for p in data["commits"].values())
            and all(
                isinstance(p["t"], int) and _gyldige_funn(p["f"]) for p in data["tagger"].values()
            )
        )
    except (AttributeError, KeyError, TypeError):
        gyldig = False
    return data if gyldig else None


def _gyldig_commit(post: dict) -> bool:
    return (
        isinstance(post["t"], int)
        and isinstance(post["mapper"], list)
        and all(
            _gyldige_funn(e["f"])
            and isinstance(e["filer"], int)
            and isinstance(e["bytes"], int)
            and isinstance(e["gjengitt"], int)
            and all(isinstance(n, str) for n in e["nokler"])
            and all(isinstance(b, list) and len(b) == 3 for b in e["bytte"])
            for e in post["m"]
        )
    )


def _gyldige_funn(funn: list) -> bool:
    return isinstance(funn, list) and all(isinstance(f, list) and len(f) == 8 for f in funn)


def lagre(hb: Hurtigbuffer, grenen: list[str], tagger: set[str]) -> None:
    """Write the cache when this run added to it: merged with what a concurrent run wrote under
    the same object store, to a temporary file renamed into place."""
    if hb.fil is None or not hb.nye:
        return
    commits, tagposter = dict(hb.commits), dict(hb.tagger)
    disk = _les(hb.fil)
    if (
        disk is not None
        and disk.get("innstillinger") == hb.innstillinger
        and disk["lager"] == hb.lager
    ):
        commits = {**disk["commits"], **commits}
        tagposter = {**disk["tagger"], **tagposter}
    if len(commits) > 2 * len(grenen) + 1000:  # history was rewritten often: keep the branch's
        commits = {s: commits[s] for s in grenen if s in commits}
    if len(tagposter) > 2 * len(tagger) + 1000:
        tagposter = {k: v for k, v in tagposter.items() if k in tagger}
    data = {
        "format": FORMAT,
        "innstillinger": hb.innstillinger,
        "lager": hb.lager,
        "commits": commits,
        "tagger": tagposter,
    }
    try:
        hb.fil.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=hb.fil.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
            os.replace(tmp, hb.fil)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _rydd(hb.fil)
    except OSError:
        return  # a cache that cannot be written costs the next run time, not a result


def _rydd(behold: Path) -> None:
    """Keep the newest cache files; remove temporary files a crashed run left an hour ago."""
    filer = []
    for f in behold.parent.iterdir():
        try:
            mtid = f.stat().st_mtime
        except OSError:
            continue
        if f.name.startswith(".tmp-"):
            if mtid < time.time() - 3600:
                f.unlink(missing_ok=True)
        elif f.suffix == ".json" and f != behold:
            filer.append((mtid, f))
    for _, f in sorted(filer, reverse=True)[MAKS_FILER - 1 :]:
        f.unlink(missing_ok=True)


def beskrivelse(st: Statistikk) -> str:
    """One Norwegian sentence: how many commits were checked now and when the others were."""
    naa = st.commits - st.fra_hurtigbuffer
    if not st.fra_hurtigbuffer:
        tekst = f"Alle {st.commits} commits er kontrollert nå"
        return tekst + (f" ({st.hurtigbuffer_grunn})." if st.hurtigbuffer_grunn else ".")
    fra, til = (_tid(t) for t in (st.hurtigbuffer_fra, st.hurtigbuffer_til))
    naar = fra if fra == til else f"{fra}–{til}"
    return (
        f"{naa} av {st.commits} commits er kontrollert nå, {st.fra_hurtigbuffer} er hentet fra "
        f"tidligere kontroller ({naar}) av de samme commit-ene med samme program; tagger, "
        "journal, referanser, signaturer og arbeidskopi er kontrollert nå. Full kontroll: "
        "avtale verify --uten-hurtigbuffer."
    )


def _tid(sekunder: int) -> str:
    return dt.datetime.fromtimestamp(sekunder, OSLO).strftime("%d.%m.%Y kl. %H:%M")
