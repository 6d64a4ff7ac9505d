"""The verification panel: the archive checked as `avtale verify` checks it, and when to reuse the
result. The check runs in a second process (`kjor_kontroll`) while the pages are made; its result
is kept in the build manifest with a digest of everything it reads (`arkivtilstand`), so an
unchanged archive is not checked again."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from pathlib import Path

from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import verifiser
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
    """A digest of everything `verifiser` reads: all refs, the journal and the working copy."""
    h = hashlib.sha256()
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
    for navn in ("avtaleflyt/journal.jsonl", "info/grafts"):
        f = _git_dir(arkiv) / navn
        h.update((f.read_bytes() if f.is_file() else b"-") + b"\0")
    return h.hexdigest()


def _git_dir(arkiv: Path) -> Path:
    ut = subprocess.run(
        ["git", "-C", str(arkiv), "rev-parse", "--absolute-git-dir"],
        capture_output=True,
        text=True,
        check=False,
    )
    return Path(ut.stdout.strip()) if ut.returncode == 0 else arkiv / ".git"


def kjor_kontroll(arkiv: str, gjengivelse: bool) -> list[Finding]:
    """Run in a second process: the whole `avtale verify`."""
    return verifiser(arkiv, rerender=standard_gjengiver() if gjengivelse else None)


def kontrollside(
    sider: Sider, funn: list[Finding], tid: dt.datetime, kontroll: bool, gjengivelse: bool
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
        )
    return sider.kontroll(
        funn,
        kontroller,
        tid,
        "Alle sjekksummer, vedtak, tagger og gjengivelser stemmer med arkivet: ingenting er "
        "endret etter at det ble arkivert.",
    )
