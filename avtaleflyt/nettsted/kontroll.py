"""The verification panel: the archive checked as `avtale verify` checks it, and when to reuse the
result. The check runs in a second process (`kjor_kontroll`) while the pages are made, with
verify's own result cache (`arkiv.verifiser_hurtigbuffer`: only commits not checked before are
checked, refs, journal and working copy always); its result is kept in the build manifest with a
digest of everything it reads (`arkivtilstand`), so an unchanged archive is not checked again."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import Statistikk, verifiser
from avtaleflyt.arkiv.verifiser_hurtigbuffer import beskrivelse, objektlager, programdigest
from avtaleflyt.findings import Finding
from avtaleflyt.nettsted.sider import Sider

KONTROLLER = [
    "SHA-256 og størrelse for hver fil i hvert MANIFEST.json i hver commit, regnet ut på nytt.",
    "Hver arkivert versjon gjengitt på nytt med de arkiverte malene og sammenlignet byte for byte "
    "med arkivert Word-dokument.",
    "Hvert vedtak og hver signatur gjelder den arkiverte avtale-hashen.",
    "Trailerne i hver commit (Vedtatt-, Signert-, Ikrafttredelse, Skjema- og Malversjon) stemmer "
    "med manifestet og prosess.json i samme commit.",
    "Hver milepælstag peker dit loggen sier, hver hendelse har sin tag, og signerte tagger verifiseres.",
    "Ingen erstattede objekter (git replace, grafts), grenen finnes, journalen stemmer med grenen "
    "og taggene, og arbeidskopien er uendret.",
]


def arkivtilstand(arkiv: Path) -> str:
    """A digest of everything `verifiser` reads: all refs, the journal, the working copy, the
    object store's files (an object edited in place keeps its id) and the program."""
    h = hashlib.sha256(programdigest().encode())
    for args in (
        ["for-each-ref", "--format=%(refname) %(objectname)"],
        ["status", "--porcelain", "--untracked-files=no"],
        ["config", "--get", "avtaleflyt.simulering"],
    ):
        ut = subprocess.run(
            ["git", "--no-replace-objects", "-C", str(arkiv), *args],
            capture_output=True,
            check=False,
        )
        h.update(ut.stdout + b"\0")
    git_dir = _git_dir(arkiv)
    for navn in ("avtaleflyt/journal.jsonl", "info/grafts", "shallow"):
        f = git_dir / navn
        h.update((f.read_bytes() if f.is_file() else b"-") + b"\0")
    lager = objektlager(git_dir) if (git_dir / "objects").is_dir() else None
    h.update(repr(sorted((lager or {}).items())).encode())
    return h.hexdigest()


def _git_dir(arkiv: Path) -> Path:
    ut = subprocess.run(
        ["git", "-C", str(arkiv), "rev-parse", "--absolute-git-dir"],
        capture_output=True,
        text=True,
        check=False,
    )
    return Path(ut.stdout.strip()) if ut.returncode == 0 else arkiv / ".git"


def kjor_kontroll(
    arkiv: str, gjengivelse: bool, hurtigbuffer: bool = True
) -> tuple[list[Finding], str]:
    """Run in a second process: the whole `avtale verify` (with `hurtigbuffer=False` as
    `--uten-hurtigbuffer`). Returns the findings and the sentence saying what was checked now
    and what was taken from earlier checks of the same commits."""
    st = Statistikk()
    funn = verifiser(
        arkiv,
        rerender=standard_gjengiver() if gjengivelse else None,
        statistikk=st,
        hurtigbuffer=hurtigbuffer,
    )
    return funn, beskrivelse(st)


def kontrollside(
    sider: Sider,
    funn: list[Finding],
    tid: dt.datetime,
    kontroll: bool,
    gjengivelse: bool,
    omfang: str = "",
) -> bytes:
    kontroller = list(KONTROLLER)
    if not gjengivelse:
        kontroller.pop(1)
    if not kontroll:
        return sider.kontroll(
            [],
            [],
            tid,
            "Arkivet ble ikke kontrollert da dette nettstedet ble laget (avtale nettsted "
            "--uten-kontroll). Kjør avtale verify før du stoler på opplysningene.",
            "",
        )
    return sider.kontroll(
        funn,
        kontroller,
        tid,
        "Alle sjekksummer, vedtak, tagger og gjengivelser stemmer med arkivet: ingenting er "
        "endret etter at det ble arkivert.",
        omfang,
    )
