"""Records reach the agreements repository: a record a flow wrote is committed and pushed.

A Prefect worker writes records into its own checkout of the agreements repository (the git
repository holding `agreements/`). Without this the record lived only in that worker's
`prosess.yaml`; now the flow, after a successful record, calls

    lever_registrering(mappe, Forfatter(navn, epost), melding) -> str | None

- `mappe`: the agreement's folder (the one holding `prosess.yaml`);
- `forfatter`: the clerk who made the record (a `Forfatter`, or the text «Navn <epost>»); the
  commit's author. The committer is the checkout's configured `user.name`/`user.email` (the
  worker), or the clerk when none is configured;
- `melding`: the Norwegian commit message saying what was recorded (`standardmelding(registrert)`
  builds one from the service layer's `Registrert`).

It commits only that agreement's `prosess.yaml` (`git commit --only`, never another file, staged
or not) and pushes to the branch's upstream (else `origin`) when the repository has a remote. A
push refused because another host pushed first is a race: the local commits are replayed on the
remote's head (a three-way merge of the files, as `git pull --rebase` would, but without touching
anyone else's uncommitted files in the worker's checkout) and pushed again, a few times. It
returns the commit that holds the file as it is now (a new commit, or the one that already held
it when another flow committed the same file first). A folder outside any git repository, or one
that repository ignores (a scratch copy under an ignored `ut/`), is not an error: nothing is
done, the log says so, and the result is None.

`Leveringsfeil` (a `Tjenestefeil`) when the commit or the push cannot be made: a conflict in the
same `prosess.yaml` on the remote (both hosts recorded into one agreement at the same place), a
remote that refuses for another reason (access, network). The record itself is in `prosess.yaml`
and in the local commit then; the next call pushes it.
"""

from __future__ import annotations

import logging
import os
import random
import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from avtaleflyt.locking import file_lock
from avtaleflyt.tjenester.feil import Tjenestefeil
from avtaleflyt.tjenester.felles import PROSESS_FIL, Registrert

logger = logging.getLogger(__name__)

FORSOK = 10
"""Pushes tried before a race is given up (each after fetching and replaying on the new head)."""

_EPOST = re.compile(r"^[^\s<>@]+@[^\s<>@]+$")
_TEKST = re.compile(r"^\s*(?P<navn>[^<>]+?)\s*<(?P<epost>[^<>]+)>\s*$")

LISTENAVN = {
    "moter": "møte",
    "drofting": "drøfting",
    "saksframlegg": "saksframlegg",
    "vedtak": "vedtak",
    "signaturer": "signatur",
    "delegering": "delegeringsvedtak",
    "melding_statsforvalter": "melding til statsforvalteren",
    "ikrafttredelse": "ikrafttredelse",
    "opphor": "opphør",
}
"""The Norwegian name of each record list, for commit messages."""


class Leveringsfeil(Tjenestefeil):
    """The record could not be committed or pushed to the agreements repository."""


@dataclass(frozen=True)
class Forfatter:
    """The clerk who made a record: the commit's author."""

    navn: str
    epost: str

    def __post_init__(self) -> None:
        navn, epost = self.navn.strip(), self.epost.strip()
        if not navn or any(t in navn for t in "<>\n\r") or not _EPOST.match(epost):
            raise Leveringsfeil(
                f"Forfatteren «{self.navn} <{self.epost}>» kan ikke stå i en commit: navnet må "
                "være på én linje uten < og >, og e-postadressen på formen navn@domene."
            )
        object.__setattr__(self, "navn", navn)
        object.__setattr__(self, "epost", epost)

    @classmethod
    def fra(cls, verdi: Forfatter | str) -> Forfatter:
        """A `Forfatter` as it is, or parsed from «Navn <epost>»."""
        if isinstance(verdi, Forfatter):
            return verdi
        treff = _TEKST.match(verdi or "")
        if treff is None:
            raise Leveringsfeil(
                f"Forfatteren «{verdi}» må skrives «Navn <epost>», f.eks. «Kari Nordmann "
                "<kari.nordmann@kommune.no>»."
            )
        return cls(treff["navn"], treff["epost"])


def standardmelding(registrert: Registrert, avtale_id: str | None = None) -> str:
    """A commit message for a record: what kind, which id, in which agreement (and for a vedtak
    which body decided what on which date), with `Avtale-Id` and `Post` trailers for searching."""
    avtale = avtale_id or registrert.sti.parent.name
    post = registrert.post
    hva = LISTENAVN.get(registrert.liste, registrert.liste)
    detaljer = []
    for felt in ("kommune", "organ", "motedato", "dato", "saksnummer", "utfall"):
        verdi = getattr(post, felt, None)
        if verdi is not None:
            detaljer.append(f"{felt}: {verdi}")
    linjer = [f"{avtale}: {hva} «{registrert.id}» registrert", ""]
    if detaljer:
        linjer += [", ".join(detaljer), ""]
    linjer += [f"Avtale-Id: {avtale}", f"Post: {registrert.liste}/{registrert.id}"]
    return "\n".join(linjer)


def lever_registrering(
    mappe: str | os.PathLike, forfatter: Forfatter | str, melding: str, *, forsok: int = FORSOK
) -> str | None:
    """Commit the agreement's `prosess.yaml` (only that file) with the clerk as author and push it;
    the commit holding the file as it is now, or None when `mappe` is in no git repository (or
    is ignored in the one it lies in)."""
    forfatter = Forfatter.fra(forfatter)
    if not melding.strip():
        raise Leveringsfeil("Commit-meldingen er tom; den skal si hva som ble registrert.")
    fil = Path(mappe) / PROSESS_FIL
    if not fil.is_file():
        raise Leveringsfeil(f"{fil} finnes ikke; det er ingen registrering å levere.")
    topp = _toppmappe(fil.parent)
    if topp is None:
        logger.info(
            "%s ligger ikke i et git-repo; registreringen er bare i filen og leveres ikke.", fil
        )
        return None
    rel = fil.resolve().relative_to(topp).as_posix()
    if _ok(topp, "check-ignore", "-q", "--", rel):
        logger.info(
            "%s er ignorert i git-repoet %s (f.eks. en arbeidskopi under ut/), så den hører ikke "
            "til avtalerepoet; registreringen er bare i filen og leveres ikke.",
            fil,
            topp,
        )
        return None
    with file_lock(_felles_gitmappe(topp) / "avtaleflyt-avtalerepo.lock", 300.0):
        gren = _gren(topp)
        _commit(topp, rel, forfatter, melding)
        fjern = _fjern(topp, gren)
        if fjern is None:
            logger.info("Avtalerepoet %s har ingen fjernrepo; %s er bare committet.", topp, rel)
        else:
            _push(topp, gren, fjern, rel, forsok)
        return _git(topp, "log", "-1", "--format=%H", "HEAD", "--", rel).strip() or None


# --------------------------------------------------------------------------- git


def _kjor(topp: Path, args: tuple[str, ...], env: dict[str, str] | None = None, inn: str = ""):
    return subprocess.run(
        ["git", *args],
        cwd=topp,
        env={**os.environ, "LC_ALL": "C", **(env or {})},
        input=inn,
        capture_output=True,
        text=True,
        check=False,
    )


def _git(
    topp: Path, *args: str, env: dict[str, str] | None = None, inn: str = "", sjekk: bool = True
) -> str:
    """Run git in `topp` and return its output; retried while another git process holds the index
    lock (flows on one worker share the checkout); `Leveringsfeil` with git's last line."""
    for forsok in range(50):
        svar = _kjor(topp, args, env, inn)
        if svar.returncode == 0 or not sjekk:
            return svar.stdout
        if "index.lock" in svar.stderr and forsok < 49:
            time.sleep(0.05 + random.random() * 0.1)
            continue
        raise Leveringsfeil(f"git {args[0]} i avtalerepoet {topp} feilet: {_siste_linje(svar)}")
    raise AssertionError("unreachable")


def _ok(topp: Path, *args: str) -> bool:
    return _kjor(topp, args).returncode == 0


def _siste_linje(svar: subprocess.CompletedProcess) -> str:
    """git's reason: its first «fatal:»/«error:» line (the lines after it are advice), else its
    last line."""
    linjer = [linje.strip() for linje in (svar.stderr or svar.stdout).splitlines() if linje.strip()]
    for linje in linjer:
        if linje.startswith(("fatal:", "error:")):
            return linje
    return linjer[-1] if linjer else "ukjent feil"


def _toppmappe(mappe: Path) -> Path | None:
    if not mappe.is_dir():
        return None
    svar = _kjor(mappe, ("rev-parse", "--show-toplevel"))
    return Path(svar.stdout.strip()).resolve() if svar.returncode == 0 else None


def _felles_gitmappe(topp: Path) -> Path:
    sti = Path(_git(topp, "rev-parse", "--git-common-dir").strip())
    return sti if sti.is_absolute() else (topp / sti).resolve()


def _gren(topp: Path) -> str:
    ref = _git(topp, "symbolic-ref", "-q", "HEAD", sjekk=False).strip()
    if not ref.startswith("refs/heads/"):
        raise Leveringsfeil(
            f"Avtalerepoet {topp} står ikke på en gren (løsrevet HEAD); registreringen er i "
            "prosess.yaml, men committes ikke. Sjekk ut grenen (git switch main) og kjør igjen."
        )
    return ref.removeprefix("refs/heads/")


def _identitet(topp: Path, forfatter: Forfatter) -> dict[str, str]:
    env = {"GIT_AUTHOR_NAME": forfatter.navn, "GIT_AUTHOR_EMAIL": forfatter.epost}
    navn = _git(topp, "config", "--get", "user.name", sjekk=False).strip()
    epost = _git(topp, "config", "--get", "user.email", sjekk=False).strip()
    if not (navn and epost):
        env |= {"GIT_COMMITTER_NAME": forfatter.navn, "GIT_COMMITTER_EMAIL": forfatter.epost}
    return env


def _commit(topp: Path, rel: str, forfatter: Forfatter, melding: str) -> None:
    """Commit `rel` alone when it differs from HEAD (`--only`: whatever else is staged stays
    staged and uncommitted); nothing when HEAD already holds it (another flow's call took it)."""
    _git(topp, "add", "--", rel)
    if _ok(topp, "rev-parse", "-q", "--verify", "HEAD") and _ok(
        topp, "diff", "--cached", "--quiet", "HEAD", "--", rel
    ):
        return
    _git(
        topp,
        "commit",
        "--quiet",
        "--only",
        "--cleanup=strip",
        "-F",
        "-",
        "--",
        rel,
        env=_identitet(topp, forfatter),
        inn=melding,
    )


def _fjern(topp: Path, gren: str) -> tuple[str, str] | None:
    """(remote, branch there): the branch's upstream, else `origin` with the same branch name."""
    fjern = _git(topp, "config", "--get", f"branch.{gren}.remote", sjekk=False).strip()
    merge = _git(topp, "config", "--get", f"branch.{gren}.merge", sjekk=False).strip()
    if fjern and fjern != "." and merge.startswith("refs/heads/"):
        return fjern, merge.removeprefix("refs/heads/")
    if "origin" in _git(topp, "remote").split():
        return "origin", gren
    return None


def _push(topp: Path, gren: str, fjern: tuple[str, str], rel: str, forsok: int) -> None:
    """Push; a refusal because the remote moved is a race: fetch, replay, push again."""
    navn, fjerngren = fjern
    for n in range(forsok):
        svar = _kjor(topp, ("push", "--quiet", navn, f"HEAD:refs/heads/{fjerngren}"))
        if svar.returncode == 0:
            return
        hentet = _kjor(topp, ("fetch", "--quiet", navn, f"refs/heads/{fjerngren}"))
        fjernhode = _git(topp, "rev-parse", "FETCH_HEAD").strip() if hentet.returncode == 0 else ""
        if not fjernhode or _ok(topp, "merge-base", "--is-ancestor", fjernhode, "HEAD"):
            raise Leveringsfeil(
                f"Kunne ikke sende {rel} til {navn} ({fjerngren}): {_siste_linje(svar)}. "
                "Registreringen er committet lokalt og sendes ved neste levering (eller git push)."
            )
        logger.info(
            "Kappløp mot %s: %s flyttet seg; legger commitene oppå og prøver igjen.",
            navn,
            fjerngren,
        )
        _legg_oppa(topp, gren, fjernhode, rel)
        time.sleep(random.uniform(0, min(2.0, 0.1 * 2**n)))  # jitter: the hosts fall out of step
    raise Leveringsfeil(
        f"Kunne ikke sende {rel} til {navn} etter {forsok} forsøk: andre skrev hele tiden "
        "samtidig. Registreringen er committet lokalt og sendes ved neste levering."
    )


def _legg_oppa(topp: Path, gren: str, fjernhode: str, rel: str) -> None:
    """`git pull --rebase` without touching anyone's uncommitted files: each local commit is
    replayed on the remote's head with a three-way merge of the trees (`merge-tree`); the branch,
    the index and the working tree then move only where the trees differ (`read-tree -m -u`, which
    refuses rather than overwrite a local change), and the branch moves by compare-and-swap."""
    hode = _git(topp, "rev-parse", "HEAD").strip()
    lokale = _git(topp, "rev-list", "--reverse", "--parents", f"{fjernhode}..{hode}").split("\n")
    forelder = fjernhode
    for linje in filter(None, lokale):
        commit, *foreldre = linje.split()
        if len(foreldre) != 1:
            raise Leveringsfeil(
                f"Avtalerepoet {topp} har en lokal sammenslåing ({commit[:12]}) som ikke er sendt; "
                "løs det for hånd (git pull --rebase) og kjør igjen."
            )
        svar = _kjor(
            topp, ("merge-tree", "--write-tree", "--name-only", "--no-messages", forelder, commit)
        )
        if svar.returncode not in (0, 1):  # 1 is a conflict; anything else git could not do
            raise Leveringsfeil(
                f"Kunne ikke legge {rel} oppå fjernrepoet i {topp}: {_siste_linje(svar)}. "
                "Registreringen er committet lokalt."
            )
        if svar.returncode == 1:
            filer = [f for f in svar.stdout.splitlines()[1:] if f.strip()]
            raise Leveringsfeil(
                f"{', '.join(filer) or rel} er endret både her (commit {commit[:12]}) og i "
                f"fjernrepoet ({fjernhode[:12]}) på samme sted, så endringene kan ikke legges "
                f"oppå hverandre automatisk. Registreringen er committet lokalt; løs konflikten "
                f"i {topp} med git pull --rebase og send den med git push."
            )
        tre = svar.stdout.splitlines()[0].strip()
        forelder = _git(
            topp,
            "commit-tree",
            tre,
            "-p",
            forelder,
            "-F",
            "-",
            env=_forfatter_av(topp, commit),
            inn=_git(topp, "log", "-1", "--format=%B", commit),
        ).strip()
    _git(topp, "read-tree", "-m", "-u", hode, forelder)
    _git(
        topp,
        "update-ref",
        "-m",
        "avtaleflyt: registrering lagt oppå fjernrepoet",
        f"refs/heads/{gren}",
        forelder,
        hode,
    )


def _forfatter_av(topp: Path, commit: str) -> dict[str, str]:
    """The replayed commit keeps its author and date; the committer is the checkout's configured
    identity, or the author when the worker has none (as in `_identitet`)."""
    ut = _git(topp, "log", "-1", "--format=%an%x00%ae%x00%ad", "--date=raw", commit)
    navn, epost, dato = ut.rstrip("\n").split("\0")
    env = {"GIT_AUTHOR_NAME": navn, "GIT_AUTHOR_EMAIL": epost, "GIT_AUTHOR_DATE": dato}
    if not (
        _git(topp, "config", "--get", "user.name", sjekk=False).strip()
        and _git(topp, "config", "--get", "user.email", sjekk=False).strip()
    ):
        env |= {"GIT_COMMITTER_NAME": navn, "GIT_COMMITTER_EMAIL": epost}
    return env
