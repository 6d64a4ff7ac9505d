"""What every part of `verifiser` shares: the open repository, the findings so far and the statistics.

The checks live in their own modules (commits and manifests, history and tags, re-rendering); they
all add findings to one list in the order they run, and read each blob through the same cache, so
this state sits in one object that `verifiser` hands to each of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from git import Repo

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.findings import Finding


class Tagbuffer(Protocol):
    """What the tag check asks of the result cache (`verifiser_hurtigbuffer.Hurtigbuffer`)."""

    def tag(self, navn: str, objekt: str) -> list[Finding] | None: ...

    def ny_tag(self, navn: str, objekt: str, funn: list[Finding]) -> None: ...


Gjengiver = Callable[[dict[str, bytes]], dict[str, bytes]]
"""The archived inputs of one version (every file inside `<id>/` except `dokumenter/`) ->
re-rendered documents (paths inside `<id>/`, e.g. `dokumenter/<id>.docx`) to compare byte for byte."""


@dataclass
class Statistikk:
    """What `verifiser` covered; the benchmark reports throughput from it."""

    commits: int = 0
    filer: int = 0
    bytes_kontrollert: int = 0
    bytes_lest: int = 0
    gjengitte_versjoner: int = 0
    gjengiverbytte: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """(archived, current) renderer version -> documents compared by content, not bytes (a note
    for the auditor, not a finding: see `verifiser_gjengivelse`)."""
    sjekksummer: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)
    fra_hurtigbuffer: int = 0
    """Commits whose folder checks were taken from earlier runs (`verifiser_hurtigbuffer`)."""
    tagger_fra_hurtigbuffer: int = 0
    hurtigbuffer_fra: int = 0
    hurtigbuffer_til: int = 0
    """When (Unix seconds) the earliest and latest of those results were checked."""
    hurtigbuffer_grunn: str = ""
    """Why earlier results were not used, in Norwegian ("" when they were, or none existed)."""


class Kontroll:
    """One run of `verifiser`: the findings are collected here, never raised, so an auditor sees
    every problem at once."""

    def __init__(
        self, repo: Repo, avtale_id: str | None, rerender: Gjengiver | None, st: Statistikk
    ) -> None:
        self.repo, self.avtale_id, self.rerender, self.st = repo, avtale_id, rerender, st
        self.funn: list[Finding] = []
        self.gjengitt: set[str] = set()
        """Digests of the re-render inputs done so far (each distinct version is rendered once)."""
        self.nye_gjengivelser: list[str] = []
        """The digests the current commit added to `gjengitt` (kept with its cached result)."""
        self.hb: Tagbuffer | None = None
        self.tagger: list[les.ArkivTag] = []
        """The tags the run checked (the cache keeps their content checks by tag object)."""
        self.innhold: dict[str, bytes] = {}
        self.commit_tid: dict[str, int] = {}
        """commit -> committer time (Unix seconds), for the legal-date-after-commit check."""
        self.simulering = False
        """Whether the archive is a simulation (its newest event says `Simulering: ja`)."""

    def feil(
        self,
        fil: str,
        regel: str,
        melding: str,
        *,
        sti: str = "",
        grunnlag: str = "",
        alvor: str = "feil",
    ) -> None:
        self.funn.append(Finding(fil, None, None, sti, regel, alvor, melding, grunnlag))  # type: ignore[arg-type]

    def data(self, oid: str) -> bytes:
        """A blob's bytes: from the batch read when kept there, else read on its own."""
        data = self.innhold.get(oid)
        return data if data is not None else gitlag.objekt(self.repo, oid)[1]
