"""The archive's read API: events, files at an event or tag, tags. Used by `verify` and the
auditor views (`avtaleflyt.revisjon`).

Everything is read from git history, never from the journal or the working tree, so a clone or a
municipality's mirror answers the same. An agreement's history is one path-limited
`git log -- <id>/MANIFEST.json` (fast with the commit-graph's changed-path Bloom filters, which
the archive keeps up to date); file contents go through GitPython's persistent `cat-file --batch`.
Legal dates come from trailers; commit and tagger times are never read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from git import Repo
from git.exc import GitCommandError

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.hendelse import MANIFEST, hendelse_id_for
from avtaleflyt.arkiv.trailere import emne, les_trailere

_POST = "\x1e"
_FELT = "\x1f"


@dataclass(frozen=True)
class ArkivertHendelse:
    """One archived event as the log tells it. `trailere` keeps order and repeated keys."""

    commit: str
    avtale_id: str | None
    versjon: int | None
    hendelse: str | None
    hendelse_id: str | None
    juridisk_dato: dt.date | None
    avtale_hash: str | None
    trailere: tuple[tuple[str, str], ...]
    emne: str

    @property
    def tag(self) -> str | None:
        if self.avtale_id and self.versjon and self.hendelse:
            return f"{self.avtale_id}/v{self.versjon}/{self.hendelse}"
        return None

    def trailer(self, navn: str) -> str | None:
        return next((v for k, v in self.trailere if k == navn), None)

    def vedtatt(self) -> dict[str, str]:
        """kommunenummer -> "<dato> sak <saksnummer>" from `Vedtatt-<nr>` trailers."""
        return {k.removeprefix("Vedtatt-"): v for k, v in self.trailere if k.startswith("Vedtatt-")}

    def signert(self) -> dict[str, str]:
        return {k.removeprefix("Signert-"): v for k, v in self.trailere if k.startswith("Signert-")}

    @property
    def ikrafttredelse(self) -> dt.date | None:
        return _dato(self.trailer("Ikrafttredelse"))

    def er_gyldig(self) -> bool:
        """True when the trailers name a complete event whose id matches its content."""
        avtale_id, versjon, hendelse = self.avtale_id, self.versjon, self.hendelse
        dato, avtale_hash = self.juridisk_dato, self.avtale_hash
        if (
            avtale_id is None
            or versjon is None
            or hendelse is None
            or dato is None
            or avtale_hash is None
        ):
            return False
        return self.hendelse_id == hendelse_id_for(
            avtale_id, versjon, hendelse, dato.isoformat(), avtale_hash
        )


@dataclass(frozen=True)
class ArkivTag:
    navn: str
    objekt: str
    commit: str
    annotert: bool
    signert: bool
    avtale_id: str | None
    versjon: int | None
    hendelse: str | None


def tolk_hendelse(commit: str, melding: str) -> ArkivertHendelse:
    t = les_trailere(melding)
    verdi = dict(t)
    return ArkivertHendelse(
        commit=commit,
        avtale_id=verdi.get("Avtale-Id"),
        versjon=_heltall(verdi.get("Versjon")),
        hendelse=verdi.get("Hendelse"),
        hendelse_id=verdi.get("Hendelse-Id"),
        juridisk_dato=_dato(verdi.get("Juridisk-Dato")),
        avtale_hash=verdi.get("Avtale-Hash"),
        trailere=tuple(t),
        emne=emne(melding),
    )


def hendelser(
    repo: Repo, avtale_id: str | None = None, *, fra: str = "HEAD", alle_commits: bool = False
) -> list[ArkivertHendelse]:
    """Events oldest first; with `avtale_id`, the commits that changed `<id>/MANIFEST.json`.

    Every event rewrites its manifest (it names the event), so this is the agreement's event
    history; the single-file path also lets the Bloom filters rule out more commits than the
    folder would. A hand-made commit that leaves the manifest alone is not an event and is not
    listed (read files at an event's commit, never at HEAD); `verify` reports such commits.
    `alle_commits=True` lists every commit that touched `<id>/`.
    """
    args = ["--reverse", f"--format={_POST}%H{_FELT}%B", fra]
    if avtale_id:
        args += ["--", f"{avtale_id}/" if alle_commits else f"{avtale_id}/{MANIFEST}"]
    status, ut, feil = repo.git.log(*args, with_extended_output=True, with_exceptions=False)
    if status != 0:
        if fra == "HEAD" and gitlag.hode(repo) is None:
            return []  # no event archived yet
        raise GitCommandError(["git", "log", *args], status, feil)
    svar = []
    for post in ut.split(_POST):
        if post.strip():
            sha, _, melding = post.partition(_FELT)
            svar.append(tolk_hendelse(sha.strip(), melding))
    return svar


_REKKEFOLGE = {"vedtatt": 0, "signert": 1, "i-kraft": 2, "endret": 3, "opphort": 4}


def hendelser_fra_tagger(repo: Repo, avtale_id: str) -> list[ArkivertHendelse]:
    """The agreement's events read through its milestone tags: one `for-each-ref` over the
    packed refs `refs/tags/<id>/`, with each tagged commit's message, so no history walk.

    Much faster than `hendelser` on a large archive, but it trusts the tags: an event whose tag
    is missing (a crash before the tag step, until the rerun) or a moved tag shows up here wrong;
    `verify` reports both, and `hendelser_sikkert` checks for both before trusting this.
    Order: version, legal date, then vedtatt, signert, i-kraft, endret, opphort on the same date
    (the order the archive writes them in; never the commit or tagger time).
    """
    return [e for _, e in _taggede(repo, avtale_id)]


def _taggede(repo: Repo, avtale_id: str) -> list[tuple[str, ArkivertHendelse]]:
    ut = repo.git.for_each_ref(
        f"--format={_POST}%(refname){_FELT}%(*objectname){_FELT}%(*contents)",
        f"refs/tags/{avtale_id}/",
    )
    svar = []
    for post in ut.split(_POST):
        if post.strip():
            ref, _, rest = post.partition(_FELT)
            sha, _, melding = rest.partition(_FELT)
            if sha.strip():
                svar.append(
                    (ref.strip().removeprefix("refs/tags/"), tolk_hendelse(sha.strip(), melding))
                )
    return sorted(
        svar,
        key=lambda p: (
            p[1].versjon or 0,
            p[1].juridisk_dato or dt.date.min,
            _REKKEFOLGE.get(p[1].hendelse or "", 9),
        ),
    )


def hendelser_sikkert(repo: Repo, avtale_id: str) -> list[ArkivertHendelse]:
    """The agreement's events, through the tags when they can be trusted, else through the log.

    The tags are trusted when every tag names the event its commit carries (not moved onto
    another event) and the agreement's manifest at HEAD, which every event rewrites, belongs to
    a tagged event (so no event after the last tag is missing one: the archiver tags crashed
    events whenever it next runs, so only the latest event can lack its tag). Both checks cost
    one `for-each-ref` and one object read, against a walk of the whole history for `hendelser`.
    Same events as `hendelser` on an archive the archiver wrote, in legal order (version, legal
    date, kind) rather than commit order; the two differ only where an event was archived after
    a later one of the same version.
    """
    taggede = _taggede(repo, avtale_id)
    try:
        _, typ, _, data = repo.git.get_object_data(f"HEAD:{avtale_id}/{MANIFEST}")
        siste_id = json.loads(data).get("hendelseId") if typ in (b"blob", "blob") else None
    except (ValueError, AttributeError, UnicodeDecodeError):  # no HEAD, no such file, not JSON
        siste_id = None
    if not taggede and siste_id is None:
        return []
    tilliten = (
        siste_id is not None
        and any(e.hendelse_id == siste_id for _, e in taggede)
        and all(e.er_gyldig() and e.tag == navn for navn, e in taggede)
    )
    if not tilliten:
        return hendelser(repo, avtale_id)
    return [e for _, e in taggede]


def tagger(repo: Repo, avtale_id: str | None = None) -> list[ArkivTag]:
    """Tags (all, or `<id>/…`), sorted by name; `signert` when the tag carries a signature."""
    monster = f"refs/tags/{avtale_id}/" if avtale_id else "refs/tags/"
    ut = repo.git.for_each_ref(
        "--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(contents:signature)",
        monster,
    )
    svar = []
    for linje in ut.split("\n"):
        if "\x00" not in linje:
            continue
        ref, oid, typ, peeled, signatur = (linje.split("\x00") + [""] * 5)[:5]
        navn = ref.removeprefix("refs/tags/")
        deler = navn.split("/")
        ok = len(deler) == 3 and deler[1].startswith("v")
        svar.append(
            ArkivTag(
                navn=navn,
                objekt=oid,
                commit=peeled or oid,
                annotert=typ == "tag",
                signert=bool(signatur.strip()),
                avtale_id=deler[0] if ok else None,
                versjon=_heltall(deler[1][1:]) if ok else None,
                hendelse=deler[2] if ok else None,
            )
        )
    return sorted(svar, key=lambda t: t.navn)


def les_fil(repo: Repo, ved: str, sti: str) -> bytes:
    """Exact bytes of `sti` (path in the repository) at a commit or tag; KeyError if absent."""
    oid = gitlag.rev(repo, f"{ved}^{{commit}}:{sti}")
    if oid is None:
        raise KeyError(f"{sti} finnes ikke i {ved}")
    typ, data = gitlag.objekt(repo, oid)
    if typ != "blob":
        raise KeyError(f"{sti} i {ved} er ikke en fil")
    return data


def tre_filer(repo: Repo, ved: str, mappe: str) -> dict[str, str]:
    """path inside `mappe` -> blob id, recursively, at a commit or tag ({} if absent)."""
    ut: dict[str, str] = {}
    try:
        _les_tre(repo, f"{ved}:{mappe}", "", ut)
    except ValueError:  # cat-file: no such path at that revision
        return {}
    return ut


def filer(repo: Repo, ved: str, avtale_id: str) -> dict[str, bytes]:
    """All files of one agreement at a commit or tag, paths relative to `<id>/`."""
    return {
        sti: gitlag.objekt(repo, oid)[1] for sti, oid in tre_filer(repo, ved, avtale_id).items()
    }


def manifest(repo: Repo, ved: str, avtale_id: str) -> bytes:
    return les_fil(repo, ved, f"{avtale_id}/{MANIFEST}")


def avtaler(repo: Repo, ved: str = "HEAD") -> list[str]:
    """Agreement ids (top-level folders) at a commit."""
    if gitlag.hode(repo) is None:
        return []
    ut = repo.git.ls_tree("-d", "--name-only", ved)
    return sorted(x for x in ut.splitlines() if x)


def _les_tre(repo: Repo, oid: str, prefiks: str, ut: dict[str, str]) -> None:
    hexsha, typ, _, data = repo.git.get_object_data(oid)
    if typ not in (b"tree", "tree"):
        return
    bredde = len(hexsha) // 2  # 20 bytes per id for SHA-1, 32 for SHA-256 repositories
    i = 0
    while i < len(data):
        mellom = data.index(b" ", i)
        null = data.index(b"\x00", mellom)
        modus = data[i:mellom]
        navn = data[mellom + 1 : null].decode("utf-8", "surrogateescape")
        barn = data[null + 1 : null + 1 + bredde].hex()
        i = null + 1 + bredde
        if modus == b"40000":
            _les_tre(repo, barn, f"{prefiks}{navn}/", ut)
        else:
            ut[f"{prefiks}{navn}"] = barn


def _heltall(v: str | None) -> int | None:
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _dato(v: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v) if v else None
    except ValueError:
        return None
