"""Keep a non-bare archive's working tree in step with the branch, safely.

Why non-bare: auditors like to open the archive folder and browse the files. The archive writes
commits with plumbing only, so the working tree is a *view*, updated after each event by a
two-tree `read-tree -m -u <old> <new>` (the same fast-forward `git checkout` does). The commit the
view was last synced to is kept in `.git/avtaleflyt/arbeidskopi.json`. Before writing, the view
must equal either HEAD or that commit (a crash after the ref moved but before the view was synced;
for the first event of a new archive, "that commit" is the empty tree);
anything else is a human edit, and the archive refuses ("dirty working tree") rather than guess.
A crash *during* a sync leaves the marker `pagar`; the next run finishes the sync with
`read-tree --reset -u`, which only overwrites what the interrupted sync was writing.
A bare repository has no view and skips all of this.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from git import Repo

from avtaleflyt.arkiv import gitlag
from avtaleflyt.arkiv.feil import ArkivAvvist

TILSTAND = "arbeidskopi.json"


def _tilstand_fil(repo: Repo) -> Path:
    return gitlag.arbeidsmappe(repo) / TILSTAND


def les_tilstand(repo: Repo) -> dict:
    f = _tilstand_fil(repo)
    try:
        return json.loads(f.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def _skriv_tilstand(repo: Repo, tilstand: dict) -> None:
    f = _tilstand_fil(repo)
    tmp = f.with_suffix(".tmp")
    tmp.write_text(json.dumps(tilstand), encoding="utf-8")
    with open(tmp, "rb") as h:
        os.fsync(h.fileno())
    os.replace(tmp, f)


def endringer_mot(repo: Repo, commit: str | None) -> list[str]:
    """Paths where index or working tree differ from `commit` (None = empty), untracked included."""
    repo.git.update_index("-q", "--refresh", with_exceptions=False)
    mot = commit or gitlag.tomt_tre(repo)
    stier: set[str] = set()
    stier.update(repo.git.diff_index("--cached", "--name-only", "--no-renames", mot).splitlines())
    stier.update(repo.git.diff_files("--name-only").splitlines())
    stier.update(repo.git.ls_files("--others", "--exclude-standard").splitlines())
    return sorted(s for s in stier if s)


def kontroller(repo: Repo, steg) -> None:
    """Refuse a dirty view; finish a sync interrupted by a crash. Does nothing for a bare repo."""
    if repo.bare:
        return
    hode = gitlag.hode(repo)
    tilstand = les_tilstand(repo)
    if hode is not None and tilstand.get("status") == "pagar" and tilstand.get("til") == hode:
        _fullfor_avbrutt(repo, hode)
        tilstand = les_tilstand(repo)
    if not endringer_mot(repo, hode):
        if tilstand.get("commit") != hode:
            _skriv_tilstand(repo, {"status": "ferdig", "commit": hode})
        return
    synket = tilstand.get("commit")  # None: never synced, so the view of a new archive is empty
    if synket != hode and not endringer_mot(repo, synket):
        synk(repo, synket, hode, steg)
        return
    endret = endringer_mot(repo, hode)
    vis = ", ".join(endret[:10]) + (" …" if len(endret) > 10 else "")
    raise ArkivAvvist(
        f"Arbeidskopien i arkivet {repo.working_tree_dir} har endringer som ikke er arkivert "
        f"({vis}). Arkivet endres bare gjennom avtaleflyt; fjern endringene (f.eks. "
        "`git status` og `git restore`) og prøv igjen. Ingenting er arkivert."
    )


def synk(repo: Repo, fra: str | None, til: str | None, steg) -> None:
    """Fast-forward the view from `fra` to `til`; the index and view must equal `fra`."""
    if repo.bare or til is None or fra == til:
        return
    _skriv_tilstand(repo, {"status": "pagar", "fra": fra, "til": til})
    steg("arbeidskopi-start")
    repo.git.read_tree("-m", "-u", fra or gitlag.tomt_tre(repo), til)
    _skriv_tilstand(repo, {"status": "ferdig", "commit": til})


def _fullfor_avbrutt(repo: Repo, til: str) -> None:
    las = gitlag.git_dir(repo) / "index.lock"
    las.unlink(missing_ok=True)  # left by the interrupted read-tree; we hold the archive lock
    repo.git.read_tree("--reset", "-u", til)
    _skriv_tilstand(repo, {"status": "ferdig", "commit": til})
