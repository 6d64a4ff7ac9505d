"""Running the Gauldal demo: a fresh work copy of the example agreements, every step of the
timeline in order (directly or through a Prefect runner), and the result the report shows.

The result is read back the way its users read it: the state from the process area, the
decisions that count from the legal facts, the register from the archive (as `avtale register`),
and a full verification of the archive (as `avtale verify`).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.signering import Signering, lag_nokkel, ssh_keygen_finnes
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.prosess import avtale_hash, status
from avtaleflyt.revisjon.register import register
from demo.gauldal import (
    HISTORIKK,
    PROSESS_FIL,
    Hendelse,
    alle_ider,
    bygg_tidslinje,
    dato_tekst,
    eksempler,
    uten_prosess,
)
from schemas.regler.sjekk_vedlegg import VEDLEGG_MAPPE

SIGNERINGSMAPPE = "signering"
"""Where in the output folder the demo keeps its signing key pair."""
DEMO_SIGNERER = "demo-arkiv@avtaleflyt.invalid"

MERKEFIL = ".avtaleflyt-demo"
"""Marks a folder the demo made, so a new run may empty it (never any other folder)."""

KORT_FORM = {
    "vertskommune": "vertskommune",
    "vertskommune_nemnd": "vertskommune m/nemnd",
    "kommunalt_oppgavefellesskap": "KO",
    "interkommunalt_politisk_rad": "IPR",
    "iks": "IKS",
    "samarbeidsavtale": "samarbeidsavtale",
}

Kjorer = Callable[[Callable[..., Any], dict[str, Any]], Any]
Fremdrift = Callable[[int, int, Hendelse], None]


def direkte(steg: Callable[..., Any], argumenter: dict[str, Any]) -> Any:
    """The default runner: call the step directly (a Prefect runner wraps the same call)."""
    return steg(**argumenter)


@dataclass
class AvtaleResultat:
    id: str
    tittel: str
    type: str
    versjon: int
    avtale_hash: str
    tilstand: str
    tilstand_tekst: str
    vedtak: dict[str, str]
    """kommunenummer → avtale-hash, for each kommunestyre the archive names as having adopted the
    current version (its `vedtatt` event)."""
    vedtatte_versjoner: list[int]
    dokumenter: dict[str, Path]
    advarsler: list[str] = field(default_factory=list)
    feil: list[str] = field(default_factory=list)


@dataclass
class DemoResultat:
    ut: Path
    arbeid: Path
    arkiv: Path
    dokumenter: Path
    sluttdato: dt.date
    avtaler: list[AvtaleResultat]
    hendelser: int
    mangler: list[str]
    underveis: list[tuple[dt.date, str, str]] = field(default_factory=list)
    """Warnings the process rules gave when a record was added: (date, agreement, finding)."""
    tagger: list[str] = field(default_factory=list)
    register: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """«Navn (nr)» → the municipality's cooperations in force at the end, from the archive."""
    verifisert: bool | None = None
    verifikasjon: list[str] = field(default_factory=list)
    signeringsnokkel: Path | None = None
    """The demo's own signing key (in the output folder, never in the repository); None when
    ssh-keygen is missing and the tags are unsigned."""


class DemoFeil(Exception):
    """The demo cannot start (e.g. the output folder holds something that is not ours)."""


def _klargjor(ut: Path, arkiv: Path, eget_arkiv: bool) -> None:
    if ut.exists() and any(ut.iterdir()):
        if not (ut / MERKEFIL).exists():
            raise DemoFeil(
                f"{ut} finnes og er ikke tom; velg en annen mappe med --ut (demoen tømmer bare "
                "mapper den har laget selv)"
            )
        shutil.rmtree(ut)
    if eget_arkiv and arkiv.exists() and any(arkiv.iterdir()):
        raise DemoFeil(
            f"arkivet {arkiv} finnes allerede; demoen starter alltid med et nytt arkiv og legger "
            "aldri til i et eksisterende (velg en annen sti med --arkiv)"
        )
    ut.mkdir(parents=True, exist_ok=True)
    (ut / MERKEFIL).write_text(
        "Mappe laget av `avtale demo`; den tømmes ved neste kjøring.\n", encoding="utf-8"
    )


def _signering(ut: Path) -> Signering | None:
    """A new SSH key for this run in `ut/signering/` (one key generation), so the demo's tags are
    signed and the README's `git verify-tag` works on its archive; the archive's allowed_signers
    names its public key. Without ssh-keygen the demo runs with unsigned tags."""
    if not ssh_keygen_finnes():
        return None
    nokkel = lag_nokkel(ut / SIGNERINGSMAPPE / "arkivnokkel", "avtaleflyt-demo")
    return Signering(nokkel, signerer=DEMO_SIGNERER)


def _skriv_kalender(kilde: Path, mål: Path) -> None:
    """Copy prosess.yaml without its drøftinger, keeping the lawyer's comments and layout."""
    rt = YAML(typ="rt")
    rt.preserve_quotes = True
    rt.width = 100
    rt.indent(mapping=2, sequence=4, offset=2)
    doc = rt.load(kilde.read_text(encoding="utf-8"))
    if "drofting" in doc:
        del doc["drofting"]
    with open(mål, "w", encoding="utf-8", newline="\n") as fh:
        rt.dump(doc, fh)


def _arbeidskopi(kilde: Path, arbeid: Path, ider: list[str] | None) -> None:
    """The calendar of each prosess.yaml, without the drøftinger (they are replayed on their
    dates); historikk/ and vedlegg/ are copied as they are."""
    for avtale_id in alle_ider(kilde):
        if ider is not None and avtale_id not in ider:
            continue
        mål = arbeid / avtale_id
        mål.mkdir()
        for mappe in (HISTORIKK, VEDLEGG_MAPPE):  # older texts, and the attachments they name
            if (kilde / avtale_id / mappe).is_dir():
                shutil.copytree(kilde / avtale_id / mappe, mål / mappe)
        _skriv_kalender(kilde / avtale_id / PROSESS_FIL, mål / PROSESS_FIL)


def kjor_demo(
    ut: Path,
    arkiv: Path | None = None,
    *,
    kilde: Path | None = None,
    ider: list[str] | None = None,
    kjorer: Kjorer = direkte,
    fremdrift: Fremdrift | None = None,
) -> DemoResultat:
    """Run the whole cooperation from draft to archive; returns what the report shows."""
    ut = Path(ut)
    eget_arkiv = arkiv is not None
    arkiv = Path(arkiv) if arkiv is not None else ut / "arkiv"
    kilde = Path(kilde) if kilde is not None else eksempler()
    _klargjor(ut, arkiv, eget_arkiv)
    # the scenario runs on simulated dates, many after today: only a simulation archive takes them
    signering = _signering(ut)
    Arkiv(arkiv).opprett(simulering=True, signering=signering)
    arbeid, dokumenter = ut / "avtaler", ut / "dokumenter"
    arbeid.mkdir()
    dokumenter.mkdir()
    _arbeidskopi(kilde, arbeid, ider)

    tidslinje = bygg_tidslinje(kilde, arbeid, arkiv, dokumenter, ider)
    underveis: list[tuple[dt.date, str, str]] = []
    for i, h in enumerate(tidslinje, start=1):
        svar = kjorer(h.steg, h.argumenter)
        if isinstance(svar, dict):
            underveis += [(h.dato, h.avtale, a) for a in svar.get("advarsler", [])]
        if fremdrift is not None:
            fremdrift(i, len(tidslinje), h)

    sluttdato = max(h.dato for h in tidslinje) if tidslinje else dt.date.today()
    resultat = DemoResultat(
        signeringsnokkel=Path(signering.nokkel) if signering else None,
        ut=ut,
        arbeid=arbeid,
        arkiv=arkiv,
        dokumenter=dokumenter,
        sluttdato=sluttdato,
        avtaler=[
            _avtaleresultat(arbeid / a, sluttdato, dokumenter, arkiv)
            for a in sorted(p.name for p in arbeid.iterdir())
        ],
        hendelser=len(tidslinje),
        underveis=underveis,
        mangler=[
            f"{a}: ingen prosess.yaml (møteplan), avtalen er ikke med i demoen"
            for a in uten_prosess(kilde)
        ],
    )
    _oppsummer_arkiv(resultat)
    return resultat


def _avtaleresultat(mappe: Path, pa_dato: dt.date, dokumenter: Path, arkiv: Path) -> AvtaleResultat:
    avtale, prosess = tjenester.last(mappe)
    h = avtale_hash(avtale)
    st = status(avtale, prosess, pa_dato)
    arkivert = Arkiv(arkiv).hendelser(avtale.id) if Arkiv(arkiv).finnes() else []
    vedtatt = next(
        (e for e in arkivert if e.versjon == avtale.versjon and e.hendelse == "vedtatt"), None
    )
    vedtak = {nr: vedtatt.avtale_hash or "" for nr in vedtatt.vedtatt()} if vedtatt else {}
    versjon = tjenester.dokumentmappe(dokumenter, avtale)
    docs = {p.suffix.lstrip("."): p for p in sorted(versjon.glob("*")) if p.is_file()}
    return AvtaleResultat(
        id=avtale.id,
        tittel=avtale.tittel,
        type=avtale.type,
        versjon=avtale.versjon,
        avtale_hash=h,
        tilstand=st.tilstand,
        tilstand_tekst=st.tilstand_tekst,
        vedtak=vedtak,
        vedtatte_versjoner=list(st.vedtatte_versjoner),
        dokumenter=docs,
        advarsler=list(st.advarsler),
        feil=list(st.feil),
    )


def _registerrader(
    arkiv: Path, kommuner: dict[str, str], dato: dt.date
) -> dict[str, list[dict[str, str]]]:
    """Per municipality: its cooperations in force on `dato`, read from the archive by
    `avtaleflyt.revisjon.register` (what `avtale register` prints)."""
    ut: dict[str, list[dict[str, str]]] = {}
    for nr, navn in sorted(kommuner.items()):
        rader = []
        for p in register(arkiv, nr, dato):
            andel = next((d.andel for d in p.deltakere if d.kommunenummer == nr), "")
            rader.append(
                {
                    "avtale": p.avtale_id,
                    "form": KORT_FORM.get(p.type, p.type),
                    "vert/kontor": p.vertskommune or "–",
                    "andel": andel or "–",
                    "i kraft": dato_tekst(p.i_kraft_fra),
                }
            )
        ut[f"{navn} ({nr})"] = rader
    return ut


def _oppsummer_arkiv(resultat: DemoResultat) -> None:
    """The archive's tags, the register per municipality and a full verification (checksums,
    re-rendering, hashes, tags)."""
    arkiv = Arkiv(resultat.arkiv)
    if not arkiv.finnes():
        return
    tagger = {t.navn for t in arkiv.tagger()}
    resultat.tagger = [e.tag for e in arkiv.hendelser() if e.tag in tagger]  # in archive order
    kommuner: dict[str, str] = {}
    for a in resultat.avtaler:
        avtale, _ = tjenester.last(resultat.arbeid / a.id)
        kommuner.update({d.kommunenummer: d.navn for d in avtale.deltakere})
    resultat.register = _registerrader(resultat.arkiv, kommuner, resultat.sluttdato)
    funn = verifiser(resultat.arkiv, rerender=standard_gjengiver())
    resultat.verifisert = not funn
    resultat.verifikasjon = [f.one_line() for f in funn]
