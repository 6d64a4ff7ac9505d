"""The register of a municipality's cooperations in force on a date (eierskapsmelding, kommuneloven
§ 26-1; kontrollutvalg), and the data summary `avtale show` prints.

The events come from the milestone tags (`avtaleflyt.arkiv.tagindeks`: one read of the packed
refs and one `rev-list`), and only the agreements one of whose `vedtatt` commits names the
municipality (`Vedtatt-<nr>` trailer) are read in full; when the tags do not stand for exactly the
branch's commits, from one `git log` over the whole archive. Agreements whose version in force on
the date has the municipality among its adopting councils are then read (`avtale.json` at that
version's latest event, one `cat-file --batch` for all) for form, participants, shares and host.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from fractions import Fraction
from pathlib import Path

from avtaleflyt.arkiv import ArkivertHendelse, gitlag
from avtaleflyt.arkiv.hendelse import MANIFEST
from avtaleflyt.arkiv.les import tolk_hendelse
from avtaleflyt.arkiv.tagindeks import (
    les_objekter,
    med_linje,
    melding,
    objekter,
    tagger_som_logg,
)
from avtaleflyt.fordeling import beregn_fordeling
from avtaleflyt.revisjon.historikk import Historikk, Leser, Versjonsinfo, bygg_historikk
from schemas.avtale import AVTALE_ADAPTER, TYPE_NAVN, Avtale


@dataclass
class Andel:
    kommunenummer: str
    navn: str
    andel: str
    """«1/3 (33,33 %)», or empty when the agreement sets no share for the participant."""


@dataclass
class Registerpost:
    avtale_id: str
    tittel: str
    form: str
    type: str
    versjon: int
    i_kraft_fra: dt.date
    i_kraft_til: dt.date | None
    """Last day in force when known (inclusive), else None."""
    vertskommune: str | None
    deltakere: list[Andel]
    andelstype: str
    tag: str

    def as_dict(self) -> dict:
        d = asdict(self)
        d["i_kraft_fra"] = self.i_kraft_fra.isoformat()
        d["i_kraft_til"] = self.i_kraft_til.isoformat() if self.i_kraft_til else None
        return d


def _prosent(f: Fraction) -> str:
    tekst = f"{float(f * 100):.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{f.numerator}/{f.denominator} ({tekst} %)" if f.denominator != 1 else f"{tekst} %"


def andeler(avtale: Avtale) -> tuple[str, list[Andel]]:
    """(kind of share, per participant): eierandel where set, else the cost share under the key."""
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    if any(d.eierandel is not None for d in avtale.deltakere):
        return "eierandel", [
            Andel(d.kommunenummer, d.navn, _prosent(d.eierandel) if d.eierandel is not None else "")
            for d in avtale.deltakere
        ]
    try:
        fordeling = beregn_fordeling(avtale)
        return "kostnadsandel", [
            Andel(k.kommunenummer, navn.get(k.kommunenummer, ""), _prosent(k.andel))
            for k in fordeling
        ]
    except Exception:  # no key, or its parameters are missing: the share is not stated
        return "", [Andel(d.kommunenummer, d.navn, "") for d in avtale.deltakere]


def vert(avtale: Avtale) -> str | None:
    nr = (
        getattr(avtale, "vertskommune", None)
        or getattr(avtale, "hovedkontor", None)
        or getattr(avtale, "kontorkommune", None)
    )
    if nr is None:
        return None
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    return f"{nr} {navn.get(nr, '')}".strip()


def registerpost(avtale: Avtale, v: Versjonsinfo) -> Registerpost:
    art, deler = andeler(avtale)
    return Registerpost(
        avtale_id=avtale.id,
        tittel=avtale.tittel,
        form=TYPE_NAVN.get(avtale.type, avtale.type),
        type=avtale.type,
        versjon=v.versjon,
        i_kraft_fra=v.ikraft,  # type: ignore[arg-type]
        i_kraft_til=v.gyldig_til - dt.timedelta(days=1) if v.gyldig_til else None,
        vertskommune=vert(avtale),
        deltakere=deler,
        andelstype=art,
        tag=v.tag,
    )


def register(
    arkiv_path: str | Path, kommunenummer: str, at: dt.date, *, fra_logg: bool = False
) -> list[Registerpost]:
    """The cooperations `kommunenummer` takes part in that are in force on `at`, by title.

    The events come from the milestone tags when they stand for exactly the branch's commits
    (`tagindeks`), else, and with `fra_logg=True`, from the whole log; both give the same list."""
    ut: list[Registerpost] = []
    with Leser(arkiv_path) as leser:
        per_avtale = None if fra_logg else _fra_tagger(leser, kommunenummer)
        if per_avtale is None:
            per_avtale = _fra_logg(leser)
        treff: list[tuple[str, Versjonsinfo]] = []
        for avtale_id, hendelser in sorted(per_avtale.items()):
            h: Historikk = bygg_historikk(avtale_id, hendelser)
            v = h.gjeldende(at)
            if v is None:
                continue
            vedtatt = v.hendelse("vedtatt")
            if vedtatt is None or kommunenummer not in vedtatt.vedtatt():
                continue
            treff.append((avtale_id, v))
        data = _avtaledata(leser, treff)
        for (_, v), json_data in zip(treff, data, strict=True):
            avtale = AVTALE_ADAPTER.validate_json(json_data)
            if kommunenummer not in {d.kommunenummer for d in avtale.deltakere}:
                continue
            ut.append(registerpost(avtale, v))
    return sorted(ut, key=lambda p: (p.tittel, p.avtale_id))


def _avtaledata(leser: Leser, treff: list[tuple[str, Versjonsinfo]]) -> list[bytes]:
    """avtale.json of each hit as archived by its version's latest event (`v.siste`).

    Read at HEAD when the agreement's manifest there names that very event (every event rewrites
    its agreement's folder and manifest, and nothing else; the check `hendelser_sikkert` makes
    before trusting the tags), so one root tree serves every hit; at the event's own commit
    otherwise (the agreement has a later event). Both give the same bytes; resolving a path in
    an old commit means rebuilding its root tree from a long delta chain in a packed archive,
    about 2.5 ms per agreement at 10,000 events."""
    if not treff:
        return []
    hode = gitlag.hode(leser.repo)
    spesifikasjoner = [f"{hode}:{a}/{fil}" for a, _ in treff for fil in (MANIFEST, "avtale.json")]
    filer = _filer(leser, spesifikasjoner, mangler_ok=True)
    ut: list[bytes | None] = []
    for n, (_, v) in enumerate(treff):
        manifest, data = filer[2 * n], filer[2 * n + 1]
        ut.append(
            data if data is not None and _hendelse_id(manifest) == v.siste.hendelse_id else None
        )
    seinere = [n for n, data in enumerate(ut) if data is None]
    for n, data in zip(
        seinere,
        _filer(leser, [f"{treff[n][1].siste.commit}:{treff[n][0]}/avtale.json" for n in seinere]),
        strict=True,
    ):
        ut[n] = data
    return [data for data in ut if data is not None]


def _hendelse_id(manifest: bytes | None) -> str | None:
    try:
        return json.loads(manifest).get("hendelseId") if manifest else None
    except (ValueError, AttributeError):
        return None


def _filer(leser: Leser, spesifikasjoner: list[str], *, mangler_ok: bool = False) -> list:
    """The files `<commit>:<path>` in order, through one `cat-file --batch` (not one round trip
    each); a missing one is None with `mangler_ok`, else KeyError as from `Leser.fil`."""
    svar = les_objekter(leser.repo, [s.encode() for s in spesifikasjoner])
    ut: list[bytes | None] = []
    for spes, (typ, start, slutt) in zip(
        spesifikasjoner, objekter(svar, len(spesifikasjoner)), strict=True
    ):
        if typ != "blob":
            if not mangler_ok:
                raise KeyError(f"{spes} finnes ikke eller er ikke en fil")
            ut.append(None)
            continue
        ut.append(svar[start:slutt])
    return ut


def _fra_logg(leser: Leser) -> dict[str, list[ArkivertHendelse]]:
    """Every event of the branch from one `git log`, per agreement in log order."""
    per_avtale: dict[str, list[ArkivertHendelse]] = defaultdict(list)
    for e in leser.hendelser():
        if e.avtale_id:
            per_avtale[e.avtale_id].append(e)
    return per_avtale


def _fra_tagger(leser: Leser, kommunenummer: str) -> dict[str, list[ArkivertHendelse]] | None:
    """The events of every agreement that may count for `kommunenummer`, from the tags; None
    when the tags cannot stand in for the log.

    The register only lists an agreement whose version in force has a `vedtatt` event with a
    `Vedtatt-<nr>` trailer, so only agreements with that line in one of their `vedtatt` commits
    are read in full (the others cannot count), and every event read must carry the name of
    its tag. What follows is the log path's own computation on the same events."""
    tagger = tagger_som_logg(leser.repo)
    if tagger is None:
        return None
    linje = f"\nVedtatt-{kommunenummer}: ".encode()
    navngitt = med_linje(leser.repo, tagger.commits("vedtatt"), linje)
    aktuelle = [t for ts in tagger.for_avtaler(navngitt).values() for t in ts]
    svar = les_objekter(leser.repo, [t.commit.encode() for t in aktuelle])
    ut: dict[str, list[ArkivertHendelse]] = {}
    for t, (_, start, slutt) in zip(aktuelle, objekter(svar, len(aktuelle)), strict=True):
        e = tolk_hendelse(t.commit, melding(svar[start:slutt]).decode("utf-8", "replace"))
        if e.tag != t.tag:
            return None  # a tag on another event's commit: only the log can be trusted
        ut.setdefault(t.avtale_id, []).append(e)
    return ut
