"""`Arkiv`: the archive repository. Writes one commit (and one tag) per legal event, atomically.

Steps of `arkiver` under the write lock, each named for fault injection (`steg` hook):
`las` → `kontroll` (journal: no rewritten history or moved tags; clean working tree; earlier
crashed events adopted) → `objekter` (blobs) → `tre` (private index) → `commit` (commit-tree) →
`ref` (compare-and-swap of the branch: the event becomes visible here, all at once) →
`journal-commit` → `tag` → `journal-tag` → `arbeidskopi` (view synced) → `vedlikehold`
(packed refs and the commit-graph, caches that keep reads fast).
A crash before `ref` leaves only unreferenced objects; a crash after it leaves the commit, which
the rerun finds by its `Hendelse-Id` trailer and completes (journal, tag, view) without a second
commit. Nothing ever moves a ref backwards, deletes a tag or amends a commit.

Legal dates after today are refused unless the archive is a simulation (see `klokke`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from git import Repo
from git.exc import GitCommandError, InvalidGitRepositoryError, NoSuchPathError

from avtaleflyt.arkiv import arbeidskopi, avledet, fjern, gitlag, klokke, les, registerindeks
from avtaleflyt.arkiv.feil import ArkivAvvist, ArkivFeil
from avtaleflyt.arkiv.hendelse import MANIFEST, ArkivHendelse
from avtaleflyt.arkiv.journal import JOURNAL, Journal
from avtaleflyt.arkiv.klokke import (
    er_simulering,
    idag,
    kontroller_dato,
    kontroller_simulering,
    med_simulering,
)
from avtaleflyt.arkiv.las import Las, las_mappe
from avtaleflyt.arkiv.manifest import lag_manifest
from avtaleflyt.arkiv.signering import Signering
from avtaleflyt.arkiv.signering import konfigurer as konfigurer_signering
from avtaleflyt.arkiv.skrivekontroll import (
    adopter_avbrutte,
    finn_hendelse,
    kontroller_historikk,
    sammenlign,
    tagg_avbrutte,
)
from avtaleflyt.arkiv.trailere import bygg_melding
from avtaleflyt.prosess.skrivefeil import skrivefeil, skrivefeil_i_tekst

STEG = (
    "las",
    "kontroll",
    "objekter",
    "tre",
    "commit",
    "ref",
    "journal-commit",
    "tag",
    "journal-tag",
    "arbeidskopi-start",
    "arbeidskopi",
    "vedlikehold",
)
"""The named steps of one event, in order (`arbeidskopi-start` only for a non-bare repository
whose view moves)."""


class Arkiv:
    """One archive repository at `sti` (created on first write if missing).

    `steg` is called with each step name after the step is done; tests use it to kill the
    process mid-event. `las_tidsavbrudd` bounds the wait for another archiver.
    """

    def __init__(
        self,
        sti: str | os.PathLike,
        *,
        steg: Callable[[str], None] | None = None,
        las_tidsavbrudd: float = 120.0,
    ) -> None:
        self.sti = Path(sti)
        self._steg = steg or (lambda _navn: None)
        self.las_tidsavbrudd = las_tidsavbrudd

    # ------------------------------------------------------------------ opening

    def finnes(self) -> bool:
        if self.sti.exists() and not self.sti.is_dir():
            return False
        try:
            with gitlag.apne(self.sti):
                return True
        except (InvalidGitRepositoryError, NoSuchPathError, NotADirectoryError):
            return False

    def repo(self) -> Repo:
        """Open the repository (use as `with arkiv.repo() as repo:`); ArkivFeil if it is not one.
        Replace objects are off for every git call through it (see `gitlag.apne`)."""
        if self.sti.exists() and not self.sti.is_dir():
            raise ArkivFeil(
                f"Arkivstien {self.sti} er en fil, ikke en mappe. Velg arkiv med --arkiv eller "
                "AVTALE_ARKIV."
            )
        try:
            return gitlag.apne(self.sti)
        except (InvalidGitRepositoryError, NoSuchPathError, NotADirectoryError):
            raise ArkivFeil(
                f"Fant ikke noe arkiv i {self.sti}: mappen finnes ikke eller er ikke et git-repo. "
                "Velg arkiv med --arkiv eller AVTALE_ARKIV."
            ) from None

    def opprett(
        self, *, bar: bool = False, simulering: bool = False, signering: Signering | None = None
    ) -> None:
        """Create the repository if missing (safe when several processes do it at once).

        `simulering=True` makes an archive for scenarios on simulated dates (the demo): it may
        hold events dated after today, and every event says so (`Simulering: ja`). An existing
        archive is never turned into a simulation.
        `signering` sets up signed tags (new or existing archive; see `signering.py`): every
        later tag is signed, and `verify` warns about unsigned ones."""
        self._opprett(bar, simulering)
        if signering is not None:
            with self.repo() as repo, Las(gitlag.arbeidsmappe(repo) / "skrivelas"):
                konfigurer_signering(repo, signering)

    def _opprett(self, bar: bool, simulering: bool) -> None:
        if self.sti.exists() and not self.sti.is_dir():
            raise ArkivFeil(
                f"Arkivstien {self.sti} er en fil, ikke en mappe; ingenting er arkivert."
            )
        self.sti.mkdir(parents=True, exist_ok=True)
        with las_mappe(self.sti):
            if self.finnes():
                if simulering:
                    with self.repo() as repo:
                        if not er_simulering(repo):
                            raise ArkivAvvist(
                                f"Arkivet {self.sti} finnes og er ikke en simulering; et arkiv "
                                "gjøres aldri om til en simulering. Velg en ny mappe."
                            )
                        kontroller_simulering(repo)
                return
            if any(self.sti.iterdir()):
                raise ArkivAvvist(
                    f"Mappen {self.sti} finnes og er ikke tom, men er ikke et git-repo; "
                    "arkivet lages bare i en tom eller ny mappe."
                )
            with Repo.init(self.sti, bare=bar, initial_branch="main") as repo:
                repo.git.update_environment(**gitlag.UTEN_ERSTATNING)
                repo.git.config("core.autocrlf", "false")
                repo.git.config("core.commitGraph", "true")
                repo.git.config("fetch.writeCommitGraph", "true")
                if simulering:
                    repo.git.config("--bool", klokke.SIMULERING_CONFIG, "true")
                gitlag.arbeidsmappe(repo)

    def er_simulering(self) -> bool:
        """Whether this copy is configured as a simulation (`git config avtaleflyt.simulering`)."""
        if not self.finnes():
            return False
        with self.repo() as repo:
            return er_simulering(repo)

    def uten_gren(self) -> str | None:
        """Why nothing can be read from the archive (empty, or its branch deleted), or None."""
        with self.repo() as repo:
            grunn = gitlag.uten_gren(repo)
        return grunn[1] if grunn else None

    # ------------------------------------------------------------------ writing

    def arkiver(self, hendelse: ArkivHendelse) -> str:
        """Archive one event and return its commit; a rerun of a finished event returns the same.

        Refused (`ArkivAvvist`, nothing written, no archive created) when a legal date lies
        after today outside a simulation."""
        hendelse.valider()
        if not self.er_simulering():
            kontroller_dato(hendelse, idag())
        innhold = dict(hendelse.files)
        innhold[MANIFEST] = lag_manifest(hendelse)
        gjort: list[str] = []

        def steg(navn: str) -> None:
            gjort.append(navn)
            self._steg(navn)

        try:
            return fjern.med_forsok(
                self.sti, hendelse, lambda: self._arkiver(hendelse, innhold, steg)
            )
        except (OSError, GitCommandError) as exc:
            raise ArkivFeil(_skrivefeil(exc, hendelse, self.sti, "ref" in gjort)) from None

    def _arkiver(
        self, hendelse: ArkivHendelse, innhold: dict[str, bytes], steg: Callable[[str], None]
    ) -> str:
        self.opprett()
        with self.repo() as repo:
            mappe = gitlag.arbeidsmappe(repo)
            journal = Journal(mappe / JOURNAL)
            with Las(mappe / "skrivelas", self.las_tidsavbrudd):
                steg("las")
                return self._arkiver_last(repo, journal, mappe, hendelse, innhold, steg)

    def _arkiver_last(
        self,
        repo: Repo,
        journal: Journal,
        tmp: Path,
        h: ArkivHendelse,
        innhold: dict[str, bytes],
        steg: Callable[[str], None],
    ) -> str:
        kontroller_historikk(repo, journal)
        simulering = kontroller_simulering(repo)
        arbeidskopi.kontroller(repo, steg)
        fjern.hent(repo, journal)  # shared archive: up to the remote's head (fjern.py)
        adopter_avbrutte(repo, journal)
        tagg_avbrutte(repo, journal, tmp)
        steg("kontroll")
        ref = gitlag.hode_ref(repo)
        hode = gitlag.hode(repo)
        commit = finn_hendelse(repo, journal, h)
        innhold = avledet.med_arkivets_pdf(repo, h, commit, innhold)  # PDF/A: archive's copy
        eksisterende_tag = gitlag.rev(repo, f"refs/tags/{h.tag}")
        if commit is not None:
            sammenlign(repo, commit, h, innhold, tmp)
        else:
            if eksisterende_tag is not None:
                raise ArkivAvvist(
                    f"Taggen {h.tag} finnes allerede for en annen hendelse "
                    f"({eksisterende_tag[:12]}); en versjon kan bare ha én «{h.hendelse}». "
                    "Lag en ny versjon for en endring. Ingenting er arkivert."
                )
            blobber = gitlag.skriv_blobber(repo, innhold, tmp)
            steg("objekter")
            tre = gitlag.bygg_tre(repo, hode, h.avtale_id, blobber, tmp)
            steg("tre")
            melding = bygg_melding(h.emne(), h.melding, med_simulering(h, simulering))
            commit = gitlag.lag_commit(repo, tre, hode, melding, tmp)
            steg("commit")
            fjern.publiser(repo, ref, commit, hode)  # the remote first: Kapplop on a race
            if not gitlag.flytt_ref(repo, ref, commit, hode, f"avtaleflyt: {h.emne()}"):
                raise ArkivFeil(
                    f"Grenen {ref} ble flyttet av noe annet enn avtaleflyt mens hendelsen ble "
                    "skrevet; ingenting er arkivert. Kjør `avtale verify` og prøv igjen."
                )
            steg("ref")
        if commit not in journal.commits().values():
            journal.legg_til(
                {
                    "type": "commit",
                    "hendelse_id": h.hendelse_id,
                    "avtale_id": h.avtale_id,
                    "commit": commit,
                }
            )
        steg("journal-commit")
        tag_objekt = eksisterende_tag
        if tag_objekt is None:
            tag_melding = bygg_melding(h.emne(), "", med_simulering(h, simulering))
            tag_objekt = gitlag.lag_tag(repo, h.tag, commit, tag_melding, tmp)
        tag_objekt = fjern.publiser_tag(repo, h.tag, tag_objekt)
        steg("tag")
        if journal.tags().get(h.tag) != tag_objekt:
            journal.legg_til(
                {
                    "type": "tag",
                    "navn": h.tag,
                    "objekt": tag_objekt,
                    "commit": commit,
                    "hendelse_id": h.hendelse_id,
                }
            )
        steg("journal-tag")
        arbeidskopi.synk(
            repo, arbeidskopi.les_tilstand(repo).get("commit"), gitlag.hode(repo), steg
        )
        steg("arbeidskopi")
        vedlikehold(repo, commit, tmp)
        steg("vedlikehold")
        return commit

    # ------------------------------------------------------------------ reading (see les.py)

    def hendelser(self, avtale_id: str | None = None) -> list[les.ArkivertHendelse]:
        """Events of one agreement (or all), oldest first, with their trailers."""
        if not self.finnes():
            return []
        with self.repo() as repo:
            return les.hendelser(repo, avtale_id)

    def hendelser_fra_tagger(self, avtale_id: str) -> list[les.ArkivertHendelse]:
        """Fast read of one agreement's events through its tags (see `les.hendelser_fra_tagger`)."""
        if not self.finnes():
            return []
        with self.repo() as repo:
            return les.hendelser_fra_tagger(repo, avtale_id)

    def tagger(self, avtale_id: str | None = None) -> list[les.ArkivTag]:
        if not self.finnes():
            return []
        with self.repo() as repo:
            return les.tagger(repo, avtale_id)

    def les_fil(self, avtale_id: str, sti: str, ved: str = "HEAD") -> bytes:
        """Bytes of `<avtale_id>/<sti>` at a commit or tag (e.g. `gauldal-landbruk/v1/vedtatt`)."""
        with self.repo() as repo:
            return les.les_fil(repo, ved, f"{avtale_id}/{sti}")

    def filer(self, avtale_id: str, ved: str = "HEAD") -> dict[str, bytes]:
        with self.repo() as repo:
            return les.filer(repo, ved, avtale_id)

    def avtaler(self, ved: str = "HEAD") -> list[str]:
        if not self.finnes():
            return []
        with self.repo() as repo:
            return les.avtaler(repo, ved)


def _skrivefeil(exc: Exception, h: ArkivHendelse, sti: Path, skrevet: bool) -> str:
    """One Norwegian line for a failed write: what failed (a full disk, a read-only archive…)
    and whether the event is in the branch (then a rerun completes tag, journal and view)."""
    if isinstance(exc, OSError):
        grunn = skrivefeil(exc)
    else:
        tekst = str(getattr(exc, "stderr", "") or exc).replace("stderr: ", "").strip("'\n ")
        siste = [linje.strip() for linje in tekst.splitlines() if linje.strip()]
        grunn = skrivefeil_i_tekst(tekst) or (siste[-1] if siste else "ukjent feil")
        grunn = f"git {getattr(exc, 'command', ['', ''])[1]}: {grunn}"
    if skrevet:
        return (
            f"Arkiveringen av {h.tag} i {sti} ble ikke fullført ({grunn}): hendelsen er i grenen, "
            "men tag, journal eller arbeidskopi mangler; kjør den på nytt når feilen er rettet."
        )
    return f"Kunne ikke arkivere {h.tag} i {sti} ({grunn}). Ingenting er arkivert."


def vedlikehold(repo: Repo, commit: str, tmp: Path) -> None:
    """Pack the refs (one tag per event: thousands of loose refs make every listing slow) and add
    the new commit to a split commit-graph with changed-path Bloom filters (fast path history).

    Caches only: a failure here never fails an event (the commit and tag are already safe)."""
    try:
        repo.git.pack_refs("--all")
        fil = tmp / f"commit-graph-{os.getpid()}.txt"
        fil.write_text(commit + "\n")
        try:
            with open(fil, "rb") as inn:
                repo.git.commit_graph(
                    "write", "--split", "--changed-paths", "--stdin-commits", istream=inn
                )
        finally:
            fil.unlink(missing_ok=True)
        registerindeks.oppdater(repo)
    except (GitCommandError, OSError):
        pass
