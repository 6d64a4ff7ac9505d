"""One archive shared by several hosts through a remote (a bare repository on the municipality's
git server, say): fetch, append on the remote's head, push with compare-and-swap, retry on a race.

Why this shape: the archive's promise is one linear history that is never rewritten, so two
hosts must never both move the shared branch from the same head. The local branch therefore
moves only *after* the remote accepted the new commit: the commit is built on the remote's head
(fetched under the local write lock), pushed with `--force-with-lease=<branch>:<head it was
built on>` (git's compare-and-swap for a remote ref), and only then does the local branch move
(`gitlag.flytt_ref`). A refused push is a race (`Kapplop`): nothing local moved, the commit is
an unreferenced object, and `med_forsok` runs the whole write again: fetch, re-plan against the
new head, append. If the other host archived the same event (same `Hendelse-Id`), the rerun
finds the remote's commit and adopts it (compared file by file, as any rerun is; its PDF/A
stands, see `avledet`) instead of writing a second one; a different event for the same legal
fact (same tag `<id>/v<N>/<hendelse>`, another legal date or avtale-hash) is refused, naming both.

Tags: the remote's tag is the tag. A host pushes its tag right after the branch; when the remote
already has that tag for the same commit (two hosts completing the same event after a crash),
the local one is replaced by the remote's before it is journaled, so every copy ends with one
tag object per event. A tag pointing at another commit is tampering and stops the write.

Setup (docs/arkiv-deling.md): `git config avtaleflyt.fjern <remote>` names the git remote to
share through; `koble(repo, url)` sets both. Without it the archive is local, as before, and
nothing here runs a git command beyond reading that setting.

Hooks in `arkiv.py` (the write path, under the write lock): `hent` after the local checks,
`publiser` before the branch moves, `publiser_tag` after the tag is made, and `med_forsok`
around the whole write. `hent_arkiv(sti)` is the same fetch on its own (the service layer calls
it before planning, so `avtale archive` plans against the shared archive, not a stale copy).
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

from git import Repo
from git.exc import InvalidGitRepositoryError, NoSuchPathError

from avtaleflyt.arkiv import arbeidskopi, gitlag, les
from avtaleflyt.arkiv.feil import ArkivAvvist, ArkivFeil, ArkivSkadet
from avtaleflyt.arkiv.hendelse import ArkivHendelse
from avtaleflyt.arkiv.journal import JOURNAL, Journal
from avtaleflyt.arkiv.klokke import kontroller_simulering
from avtaleflyt.arkiv.las import Las
from avtaleflyt.arkiv.skrivekontroll import adopter_avbrutte, kontroller_historikk, tagg_avbrutte

FJERN_CONFIG = "avtaleflyt.fjern"
"""git config key naming the remote (`git remote`) the archive is shared through."""

FORSOK = 10
"""Whole writes tried before a race is given up (each fetches and re-plans first)."""


class Kapplop(ArkivFeil):
    """Another host moved the shared branch first; nothing local moved, the write is redone."""


def fjernnavn(repo: Repo) -> str | None:
    """The remote this archive shares through, or None for a local archive. Read from this
    repository's own config file, without starting git: it is asked on every write, and a
    setting in a user's global config must not make every archive on the machine shared."""
    seksjon, _, nokkel = FJERN_CONFIG.partition(".")
    with repo.config_reader("repository") as config:
        navn = str(config.get_value(seksjon, nokkel, "")).strip()
        finnes = bool(navn) and config.has_section(f'remote "{navn}"')
    if not navn:
        return None
    if not finnes:
        raise ArkivFeil(
            f"Arkivet {_sted(repo)} skal deles gjennom fjernrepoet «{navn}» (git config "
            f"{FJERN_CONFIG}), men det finnes ikke: legg det til med `git remote add {navn} URL`."
            " Ingenting er arkivert."
        )
    return navn


def koble(repo: Repo, url: str, navn: str = "origin") -> None:
    """Share this archive through `url` (added as remote `navn`, or its URL changed)."""
    if navn in repo.git.remote().split():
        repo.git.remote("set-url", navn, url)
    else:
        repo.git.remote("add", navn, url)
    repo.git.config(FJERN_CONFIG, navn)


def hent_arkiv(sti: str | os.PathLike) -> bool:
    """Fetch the shared archive into the copy at `sti` and bring it up to the remote's head, under
    the write lock; False (nothing done) when the copy does not exist or has no remote."""
    try:
        repo = gitlag.apne(sti)
    except (InvalidGitRepositoryError, NoSuchPathError, NotADirectoryError):
        return False  # no repository (yet): the first write creates it
    with repo:
        if fjernnavn(repo) is None:
            return False
        mappe = gitlag.arbeidsmappe(repo)
        journal = Journal(mappe / JOURNAL)
        for n in range(FORSOK):
            try:
                with Las(mappe / "skrivelas"):
                    kontroller_historikk(repo, journal)
                    kontroller_simulering(repo)
                    arbeidskopi.kontroller(repo, _ingen_steg)
                    hent(repo, journal)
                    adopter_avbrutte(repo, journal)
                    tagg_avbrutte(repo, journal, mappe)
                return True
            except Kapplop:  # publishing this copy's own history met another host's push
                time.sleep(random.uniform(0, min(1.0, 0.05 * 2**n)))
    raise ArkivFeil(
        f"Arkivet {sti} kunne ikke hentes fra fjernarkivet: andre verter skrev hver gang "
        f"({FORSOK} forsøk). Prøv igjen."
    )


def hent(repo: Repo, journal: Journal) -> None:
    """Under the write lock: bring the local branch and tags level with the remote's.

    The remote ahead: its new commits must all be archive events, then the branch fast-forwards
    (and the view with it). This copy ahead (written before the remote was set up, or the remote
    was empty): its history is pushed. Both ahead: the histories differ, which the archive never
    makes itself (its branch moves only after a push), so nothing is written."""
    navn = fjernnavn(repo)
    if navn is None:
        return
    ref = gitlag.hode_ref(repo)
    fjernhode, fjerntagger = _hent(repo, navn, ref)
    hode = gitlag.hode(repo)
    if fjernhode is not None and fjernhode != hode:
        if hode is None or gitlag.er_forfar(repo, hode, fjernhode):
            _kontroller_nye(repo, navn, hode, fjernhode)
            if not gitlag.flytt_ref(repo, ref, fjernhode, hode, "avtaleflyt: hentet fra " + navn):
                raise ArkivFeil(
                    f"Grenen {ref} i {_sted(repo)} ble flyttet mens fjernarkivet ble hentet; "
                    "ingenting er arkivert. Prøv igjen."
                )
            arbeidskopi.synk(repo, hode, fjernhode, _ingen_steg)
            kontroller_simulering(repo)
        elif not gitlag.er_forfar(repo, fjernhode, hode):
            raise ArkivSkadet(
                f"Arkivet {_sted(repo)} og fjernarkivet «{navn}» har ulik historikk: "
                f"{hode[:12]} her er ikke i fjernarkivet, og {fjernhode[:12]} der er ikke her. "
                "Et delt arkiv skrives aldri om, så en av dem er skrevet om eller de er to "
                "forskjellige arkiver. Kjør `avtale verify` på begge. Ingenting er arkivert."
            )
        else:
            _send_gren(repo, navn, ref, hode, fjernhode)
    elif fjernhode is None and hode is not None:
        _send_gren(repo, navn, ref, hode, None)
    _forson_tagger(repo, journal, navn, fjerntagger)


def publiser(repo: Repo, ref: str, commit: str, forrige: str | None) -> None:
    """Push the new event's commit to the shared branch, only if that still is `forrige`
    (compare-and-swap); `Kapplop` when another host moved it first."""
    navn = fjernnavn(repo)
    if navn is not None:
        _send_gren(repo, navn, ref, commit, forrige)


def publiser_tag(repo: Repo, tag: str, objekt: str) -> str:
    """Push the event's tag; when the remote has that tag already for the same commit (another
    host completed the event), take the remote's tag object instead. Returns the tag object the
    copy now has, for the journal."""
    navn = fjernnavn(repo)
    if navn is None:
        return objekt
    status, ut, feil = repo.git.push(
        "--porcelain",
        navn,
        f"refs/tags/{tag}:refs/tags/{tag}",
        with_extended_output=True,
        with_exceptions=False,
    )
    if status == 0:
        return objekt
    if not _er_kapplop(ut):
        raise ArkivFeil(
            f"Hendelsen {tag} er arkivert og sendt til «{navn}», men taggen kunne ikke sendes "
            f"({_grunn(feil or ut)}); kjør arkiveringen på nytt, så sendes den."
        )
    _, fjerntagger = _hent(repo, navn, gitlag.hode_ref(repo))
    fjern_objekt = fjerntagger.get(tag)
    if fjern_objekt is None or _commit_av(repo, fjern_objekt) != _commit_av(repo, objekt):
        raise ArkivSkadet(
            f"Taggen {tag} i fjernarkivet «{navn}» peker ikke på commit "
            f"{_commit_av(repo, objekt)[:12]}, som hendelsen er; en tag flyttes aldri. "
            "Kjør `avtale verify` på fjernarkivet."
        )
    repo.git.update_ref(f"refs/tags/{tag}", fjern_objekt, objekt)
    return fjern_objekt


def med_forsok(sti: str | os.PathLike, h: ArkivHendelse, skriv: Callable[[], str]) -> str:
    """Run a write, again after each race (fetch, re-plan, re-append happen inside `skriv`).

    Between tries the remote is read for a different event with the same tag: that is a
    conflicting record of the same legal fact, refused at once with both named."""
    for n in range(FORSOK):
        try:
            return skriv()
        except Kapplop:
            _kontroller_konflikt(sti, h, hent=True)
            time.sleep(random.uniform(0, min(1.0, 0.05 * 2**n)))  # jitter: hosts fall out of step
        except ArkivAvvist:
            _kontroller_konflikt(sti, h, hent=False)  # the same refusal, with both events named
            raise
    raise ArkivFeil(
        f"Hendelsen {h.tag} kunne ikke arkiveres i {sti}: andre verter skrev til fjernarkivet "
        f"hver gang ({FORSOK} forsøk). Ingenting er arkivert; prøv igjen."
    )


# --------------------------------------------------------------------------- inside


def _ingen_steg(_navn: str) -> None:
    """The fetch's view sync is not one of an event's named steps (`STEG`)."""


def _sted(repo: Repo) -> str:
    return str(repo.working_tree_dir or repo.git_dir)


def _grunn(tekst: str) -> str:
    linjer = [linje.strip() for linje in str(tekst).splitlines() if linje.strip()]
    for linje in linjer:
        if linje.startswith(("fatal:", "error:", "!")):
            return linje
    return linjer[-1] if linjer else "ukjent feil"


def _er_kapplop(porselen: str) -> bool:
    """Whether `git push --porcelain` says another push came first: refused before the update
    (`[rejected]`: stale info, fetch first, already exists) or by the server's own ref lock when
    two pushes meet there (`[remote rejected]`: cannot lock ref, failed to update ref)."""
    for linje in porselen.splitlines():
        if not linje.startswith("!"):
            continue
        if "[rejected]" in linje or any(
            ord_ in linje for ord_ in ("cannot lock ref", "failed to update ref", "expected")
        ):
            return True
    return False


def _tagprefiks(navn: str) -> str:
    """Where the remote's tags are kept, apart from the archive's own `refs/tags/`: a fetch must
    never overwrite a local tag, the archive decides which one stands (`_forson_tagger`)."""
    return f"refs/avtaleflyt/{navn}/tags/"


def _hent(repo: Repo, navn: str, ref: str) -> tuple[str | None, dict[str, str]]:
    """Fetch the remote's branches and tags; (its head of `ref`, tag name -> tag object)."""
    gren = ref.removeprefix("refs/heads/")
    status, _, feil = repo.git.fetch(
        "--quiet",
        "--prune",
        "--no-tags",
        navn,
        f"+refs/heads/*:refs/remotes/{navn}/*",
        f"+refs/tags/*:{_tagprefiks(navn)}*",
        with_extended_output=True,
        with_exceptions=False,
    )
    if status != 0:
        url = repo.git.remote("get-url", navn, with_exceptions=False).strip()
        raise ArkivFeil(
            f"Fjernarkivet «{navn}» ({url}) kunne ikke hentes: {_grunn(feil)}. Et delt arkiv "
            "skrives bare oppå det delte; ingenting er arkivert."
        )
    tagger: dict[str, str] = {}
    ut = repo.git.for_each_ref("--format=%(refname) %(objectname)", _tagprefiks(navn))
    for linje in ut.splitlines():
        fullt, _, oid = linje.rpartition(" ")
        tagger[fullt.removeprefix(_tagprefiks(navn))] = oid
    return gitlag.rev(repo, f"refs/remotes/{navn}/{gren}^{{commit}}"), tagger


def _send_gren(repo: Repo, navn: str, ref: str, ny: str, forrige: str | None) -> None:
    """`git push --force-with-lease=<ref>:<forrige>`: the remote's branch moves to `ny` only if it
    still is `forrige` (absent when None). A refusal of that kind is `Kapplop`."""
    status, ut, feil = repo.git.push(
        "--porcelain",
        f"--force-with-lease={ref}:{forrige or ''}",
        navn,
        f"{ny}:{ref}",
        with_extended_output=True,
        with_exceptions=False,
    )
    if status == 0:
        return
    if _er_kapplop(ut):
        raise Kapplop(f"Fjernarkivet «{navn}» ble flyttet av en annen vert; prøver igjen.")
    raise ArkivFeil(
        f"Kunne ikke sende til fjernarkivet «{navn}» ({_grunn(feil or ut)}). Ingenting er "
        "arkivert; kjør arkiveringen på nytt når fjernarkivet kan nås."
    )


def _kontroller_nye(repo: Repo, navn: str, fra: str | None, til: str) -> None:
    """Every commit the remote has beyond this copy must be an archive event; nothing else is
    taken into the archive (the same rule `adopter_avbrutte` applies to local commits)."""
    for e in les.hendelser(repo, fra=f"{fra}..{til}" if fra else til):
        if not e.er_gyldig():
            raise ArkivSkadet(
                f"Fjernarkivet «{navn}» har commit {e.commit[:12]} («{e.emne}»), som ikke er "
                "skrevet av avtaleflyt (mangler gyldige arkivtrailere). Arkivet henter den ikke "
                "og skriver ikke videre; kjør `avtale verify` på fjernarkivet."
            )


def _commit_av(repo: Repo, objekt: str) -> str:
    return gitlag.rev(repo, f"{objekt}^{{commit}}") or ""


def _forson_tagger(repo: Repo, journal: Journal, navn: str, fjerntagger: dict[str, str]) -> None:
    """Make the local tags the remote's: a tag the remote has is taken (a same-named local tag
    on the same commit is replaced by it and journaled); a tag only this copy has, on a commit the
    remote has, is pushed (a crash came between the branch push and the tag push) when the
    journal says the archive made it: a tag someone made by hand on a host stays there."""
    lokale = gitlag.tags(repo)
    hendelse_for = {c: hid for hid, c in journal.commits().items()}
    journalforte = journal.tags()
    for tag, fjern_objekt in sorted(fjerntagger.items()):
        lokalt = lokale.get(tag)
        if lokalt == fjern_objekt:
            continue
        commit = _commit_av(repo, fjern_objekt)
        if lokalt is None:
            if gitlag.hode(repo) and gitlag.er_forfar(repo, commit, gitlag.hode(repo) or ""):
                repo.git.update_ref(f"refs/tags/{tag}", fjern_objekt, gitlag.null_oid(repo))
            continue
        if _commit_av(repo, lokalt) != commit:
            raise ArkivSkadet(
                f"Taggen {tag} peker på commit {_commit_av(repo, lokalt)[:12]} her og på "
                f"{commit[:12]} i fjernarkivet «{navn}»; en tag flyttes aldri. Kjør "
                "`avtale verify` på begge. Ingenting er arkivert."
            )
        repo.git.update_ref(f"refs/tags/{tag}", fjern_objekt, lokalt)
        if tag in journalforte:
            journal.legg_til(
                {
                    "type": "tag",
                    "navn": tag,
                    "objekt": fjern_objekt,
                    "commit": commit,
                    "hendelse_id": hendelse_for.get(commit, ""),
                    "fra": navn,
                }
            )
    naa, egne = gitlag.tags(repo), journal.tags()  # only the archive's own tags are sent
    mangler = [t for t, objekt in naa.items() if t not in fjerntagger and egne.get(t) == objekt]
    if mangler and gitlag.hode(repo):
        repo.git.push(
            "--porcelain",
            navn,
            *(f"refs/tags/{t}:refs/tags/{t}" for t in mangler),
            with_exceptions=False,  # a tag another host pushed meanwhile is taken next time
        )


def _kontroller_konflikt(sti: str | os.PathLike, h: ArkivHendelse, *, hent: bool) -> None:
    """Does the shared archive hold a *different* event under this event's tag? After a race it
    is fetched first (`hent`); after a refusal the copy was just brought level with it."""
    try:
        repo = gitlag.apne(sti)
    except (InvalidGitRepositoryError, NoSuchPathError, NotADirectoryError):
        return
    with repo:
        navn = fjernnavn(repo)
        if navn is None:
            return
        fjernhode = gitlag.hode(repo)
        if hent:
            try:
                fjernhode, _ = _hent(repo, navn, gitlag.hode_ref(repo))
            except ArkivFeil:
                return  # the rerun fetches again under the lock and reports it
        if fjernhode is None:
            return
        for e in les.hendelser(repo, h.avtale_id, fra=fjernhode):
            if e.tag == h.tag and e.er_gyldig() and e.hendelse_id != h.hendelse_id:
                raise ArkivAvvist(
                    f"Fjernarkivet «{navn}» har allerede «{h.hendelse}» for «{h.avtale_id}» "
                    f"versjon {h.versjon}, arkivert av en annen vert: commit {e.commit[:12]}, "
                    f"juridisk dato {e.juridisk_dato}, avtale-hash {(e.avtale_hash or '')[:12]}… "
                    f"(Hendelse-Id {e.hendelse_id}). Denne verten ville arkivere juridisk dato "
                    f"{h.juridisk_dato.isoformat()}, avtale-hash {h.avtale_hash[:12]}… "
                    f"(Hendelse-Id {h.hendelse_id}). Samme rettslige hendelse arkiveres bare "
                    "én gang; rett registreringene eller lag en ny versjon. Ingenting er arkivert."
                )
