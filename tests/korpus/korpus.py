"""The corpus of real agreements: each one's data, its source and what a lawyer expects of it.

Every folder under tests/korpus/ holds one real, public agreement written into the format
(`avtale.yaml`), where it came from and what could not be seen (`kilde.yaml`), and the findings
a kommuneadvokat would expect and those that would be false (`forventet.yaml`). The format of
the two sidecar files is described for maintainers in docs/korpus.md.

This module reads them, validates each agreement with the project's own validation API and
compares. It keeps the comparison strict in both directions, so the data must be updated when a
capability lands: an expected finding marked as awaiting an issue item must still be missing,
a false finding marked as awaiting one must still be given, and every finding the validator
gives must be accounted for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from avtaleflyt.findings import Finding
from avtaleflyt.validation import AGREEMENT_FILE, AgreementResult, validate_file
from schemas.regler.laster import REGLER

KORPUS_DIR = Path(__file__).resolve().parent
KILDE_FILE = "kilde.yaml"
FORVENTET_FILE = "forventet.yaml"

AVVENTER_GYLDIG = frozenset({f"12.{n}" for n in range(1, 13)} | {"format", "ny"})
"""What an expectation may wait for: an item of issue 12, a format change no item names
(«format»), or a rule nobody is building yet («ny»)."""

EIER = {
    "12.1": "O3",
    "12.2": "O3",
    "12.7": "O3",
    "12.3": "O1",
    "12.11": "O1",
    "12.12": "O1",
    "12.4": "O5",
    "12.8": "O5",
    "12.5": "O4",
    "12.6": "O4",
    "12.9": "O4",
}
"""Who builds each item this round (koordinering/EIERSKAP.md), for the report."""

GRUNNER = frozenset({"ikke lest", "verktøymerknad"})
"""Why a finding is left out of the counts: it concerns text that could not be read, or it is
the tool's remark about its own coverage rather than a legal finding."""

IKKE_KATALOG = ("SKJEMA-", "FIL", "ID-MAPPE")
"""Finding ids that are not catalogue rules: schema errors, unreadable files, folder names."""

KILDE_FELT = ("adresse", "dokument", "hentet", "hentet_via", "lest", "ikke_sett", "antakelser")


class KorpusFeil(ValueError):
    """A sidecar file that does not follow the corpus format (docs/korpus.md)."""


# --------------------------------------------------------------------------- the data


@dataclass(frozen=True)
class Forventning:
    """One entry of forventet.yaml: a finding (rule at a field) expected, false or not counted."""

    regel: str
    sti: str | None = None
    alvorlighet: str | None = None
    begrunnelse: str = ""
    avventer: tuple[str, ...] = ()
    foreslatt: bool = False
    vises_naa: bool = True
    grunn: str = ""

    def treffer(self, funn: Finding, *, alvorlighet: bool = True) -> bool:
        """Whether `funn` is this finding: same rule, at `sti` or below it (and same severity)."""
        if funn.rule != self.regel:
            return False
        if self.sti is not None and not (
            funn.path == self.sti or funn.path.startswith(self.sti + ".")
        ):
            return False
        return not (alvorlighet and self.alvorlighet and funn.severity != self.alvorlighet)

    def tekst(self) -> str:
        hvor = f" [{self.sti}]" if self.sti else ""
        venter = f" (avventer {', '.join(self.avventer)})" if self.avventer else ""
        return f"{self.regel}{hvor}{venter}"


@dataclass
class Korpusavtale:
    slug: str
    mappe: Path
    kilde: dict[str, Any]
    forventet: list[Forventning]
    falske: list[Forventning]
    ikke_telt: list[Forventning]
    gjengivelse: dict[str, Any] = field(default_factory=dict)

    @property
    def avtalefil(self) -> Path:
        return self.mappe / AGREEMENT_FILE


def _les(fil: Path) -> Any:
    if not fil.is_file():
        raise KorpusFeil(f"{fil}: filen mangler")
    with fil.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _avventer(verdi: Any, hvor: str) -> tuple[str, ...]:
    if verdi is None:
        return ()
    liste = [verdi] if isinstance(verdi, str) else list(verdi)
    for v in liste:
        if str(v) not in AVVENTER_GYLDIG:
            raise KorpusFeil(
                f"{hvor}: avventer «{v}» er ukjent; bruk et punkt i sak 12 («12.1» … «12.12»), "
                "«format» eller «ny»"
            )
    return tuple(str(v) for v in liste)


def _forventning(data: Any, hvor: str, *, telt: bool) -> Forventning:
    """One entry, checked against the catalogue: a rule id is real or marked as proposed."""
    if not isinstance(data, dict) or "regel" not in data:
        raise KorpusFeil(f"{hvor}: hver oppføring trenger minst «regel»")
    ukjente = set(data) - {
        "regel",
        "sti",
        "alvorlighet",
        "begrunnelse",
        "avventer",
        "foreslatt",
        "vises_naa",
        "grunn",
    }
    if ukjente:
        raise KorpusFeil(f"{hvor}: ukjente felt {sorted(ukjente)}")
    regel = str(data["regel"])
    foreslatt = bool(data.get("foreslatt", False))
    i_katalogen = regel in REGLER or regel.startswith(IKKE_KATALOG)
    if foreslatt and i_katalogen:
        raise KorpusFeil(
            f"{hvor}: {regel} finnes nå i regelkatalogen; fjern «foreslatt: true» og sjekk at "
            "regelen betyr det samme"
        )
    if not foreslatt and not i_katalogen:
        raise KorpusFeil(
            f"{hvor}: {regel} finnes ikke i regelkatalogen; er det et forslag, skriv «foreslatt: true»"
        )
    forventning = Forventning(
        regel=regel,
        sti=None if data.get("sti") is None else str(data["sti"]),
        alvorlighet=data.get("alvorlighet"),
        begrunnelse=str(data.get("begrunnelse", "")).strip(),
        avventer=_avventer(data.get("avventer"), hvor),
        foreslatt=foreslatt,
        vises_naa=bool(data.get("vises_naa", True)),
        grunn=str(data.get("grunn", "")),
    )
    if telt and not forventning.begrunnelse:
        raise KorpusFeil(f"{hvor}: {regel} trenger en begrunnelse")
    return forventning


def _liste(data: dict[str, Any], navn: str, hvor: str, *, telt: bool) -> list[Forventning]:
    innhold = data.get(navn) or []
    if not isinstance(innhold, list):
        raise KorpusFeil(f"{hvor}: «{navn}» skal være en liste")
    return [_forventning(d, f"{hvor} {navn}[{i}]", telt=telt) for i, d in enumerate(innhold)]


def les_avtale(mappe: Path) -> Korpusavtale:
    """One corpus folder, with its sidecar files checked for the fields docs/korpus.md requires."""
    hvor = f"{mappe.name}/{FORVENTET_FILE}"
    forventet = _les(mappe / FORVENTET_FILE) or {}
    if not isinstance(forventet, dict):
        raise KorpusFeil(f"{hvor}: skal være en tabell med forventet, falske og ikke_telt")
    ukjente = set(forventet) - {"forventet", "falske", "ikke_telt", "gjengivelse"}
    if ukjente:
        raise KorpusFeil(f"{hvor}: ukjente felt {sorted(ukjente)}")
    kilde = _les(mappe / KILDE_FILE) or {}
    mangler = [f for f in KILDE_FELT if f not in kilde] + (
        [] if "kan_ikke_uttrykkes" in kilde else ["kan_ikke_uttrykkes"]
    )
    if mangler:
        raise KorpusFeil(f"{mappe.name}/{KILDE_FILE}: mangler {mangler}")
    avtale = Korpusavtale(
        slug=mappe.name,
        mappe=mappe,
        kilde=kilde,
        forventet=_liste(forventet, "forventet", hvor, telt=True),
        falske=_liste(forventet, "falske", hvor, telt=True),
        ikke_telt=_liste(forventet, "ikke_telt", hvor, telt=False),
        gjengivelse=dict(forventet.get("gjengivelse") or {}),
    )
    for f in avtale.forventet:
        if f.foreslatt and not f.avventer:
            raise KorpusFeil(
                f"{hvor}: {f.regel} er en foreslått regel og kan ikke fanges i dag; "
                "skriv hva den avventer"
            )
    for f in avtale.ikke_telt:
        if f.grunn not in GRUNNER:
            raise KorpusFeil(f"{hvor}: ikke_telt {f.regel}: grunn må være en av {sorted(GRUNNER)}")
    if avtale.gjengivelse:
        avtale.gjengivelse["avventer"] = _avventer(
            avtale.gjengivelse.get("avventer"), f"{hvor} gjengivelse"
        )
    return avtale


def korpusmapper(rot: Path = KORPUS_DIR) -> list[Path]:
    return sorted(p for p in rot.iterdir() if (p / AGREEMENT_FILE).is_file())


def les_korpus(rot: Path = KORPUS_DIR) -> list[Korpusavtale]:
    return [les_avtale(m) for m in korpusmapper(rot)]


def valider(avtale: Korpusavtale) -> AgreementResult:
    """The project's validation of the agreement file, as `avtale validate` runs it."""
    return validate_file(avtale.avtalefil, f"{avtale.slug}/{AGREEMENT_FILE}")


# --------------------------------------------------------------------------- the comparison


@dataclass
class Sammenligning:
    """What the validator gave for one agreement, set against what a lawyer expects."""

    slug: str
    fanget: list[Forventning] = field(default_factory=list)
    ikke_fanget: list[Forventning] = field(default_factory=list)
    feil_alvorlighet: list[Forventning] = field(default_factory=list)
    falske_funn: list[Finding] = field(default_factory=list)
    ikke_telte_funn: list[Finding] = field(default_factory=list)
    uforklarte: list[Finding] = field(default_factory=list)
    avvik: list[str] = field(default_factory=list)
    """Where the data no longer describes what the validator does; the test fails on these."""

    @property
    def forventet_totalt(self) -> int:
        return len(self.fanget) + len(self.ikke_fanget)


def _treff(forventning: Forventning, funn: Iterable[Finding], *, alvorlighet: bool = True):
    return [f for f in funn if forventning.treffer(f, alvorlighet=alvorlighet)]


def sammenlign(avtale: Korpusavtale, funn: list[Finding]) -> Sammenligning:
    """Classify every finding and check each expectation's stated current state.

    The checks are strict both ways: an expectation that says it awaits an item must still be
    unmet, so that a capability landing shows up here as a change the data must record.
    """
    s = Sammenligning(avtale.slug)
    for f in avtale.forventet:
        treff = _treff(f, funn)
        if treff:
            s.fanget.append(f)
        else:
            s.ikke_fanget.append(f)
            if _treff(f, funn, alvorlighet=False):
                s.feil_alvorlighet.append(f)
        if f.avventer and treff:
            s.avvik.append(
                f"forventet {f.tekst()} fanges nå: fjern «avventer» i forventet.yaml "
                f"({f.begrunnelse})"
            )
        elif not f.avventer and not treff:
            s.avvik.append(f"forventet {f.tekst()} fanges ikke lenger: {f.begrunnelse}")
    for f in avtale.falske:
        treff = _treff(f, funn, alvorlighet=False)
        s.falske_funn.extend(t for t in treff if t not in s.falske_funn)
        skal_vises = bool(f.avventer) and f.vises_naa
        if treff and not skal_vises:
            hva = "; ".join(f"{t.path}: {t.message}" for t in treff)
            if f.avventer:
                s.avvik.append(
                    f"falskt {f.tekst()} gis nå (står med vises_naa: false): sett vises_naa: true "
                    f"eller fjern linjen ({hva})"
                )
            else:
                s.avvik.append(f"falskt funn {f.tekst()} gis: {hva} — {f.begrunnelse}")
        elif skal_vises and not treff:
            s.avvik.append(
                f"falskt {f.tekst()} gis ikke lenger: fjern «avventer» så oppføringen blir en vakt"
            )
    forklart = avtale.forventet + avtale.falske
    for funn_ in funn:
        if any(f.treffer(funn_, alvorlighet=False) for f in forklart):
            continue
        if any(f.treffer(funn_, alvorlighet=False) for f in avtale.ikke_telt):
            s.ikke_telte_funn.append(funn_)
            continue
        s.uforklarte.append(funn_)
        s.avvik.append(
            f"uforklart funn {funn_.rule} [{funn_.path}] {funn_.severity}: {funn_.message} — "
            "før det inn i forventet.yaml som forventet, falskt eller ikke telt"
        )
    return s


def vent_tekst(avventer: Iterable[str]) -> str:
    """The items an expectation waits for, with who builds them this round."""
    return ", ".join(f"{a} ({EIER[a]})" if a in EIER else a for a in avventer)
