"""The register of a municipality's cooperations in force on a date (eierskapsmelding, kommuneloven
§ 26-1; kontrollutvalg), and the data summary `avtale show` prints.

The events come from the milestone tags, and only the agreements one of whose `vedtatt` tags
names the municipality (`Vedtatt-<nr>` trailer) are read in full: their tag messages, which carry
the commit's trailers and the register row (`avtaleflyt.arkiv.registerrad`: title, form, host,
participants and shares), so no commit, tree or `avtale.json` is opened. The messages come from
the register index (`avtaleflyt.arkiv.registerindeks`, a cache in the git folder keyed by every
ref: no git process while nothing changed), else from the tags themselves
(`avtaleflyt.arkiv.tagindeks`: one read of the packed refs, one `rev-list` and two
`cat-file --batch`), and the index is stored for the next call. A tag written before the row existed has the
`avtale.json` of its version read instead (one `cat-file --batch` for all such hits). When the
tags do not stand for exactly the branch's commits, or a `vedtatt` tag's message is not the
archive's, everything comes from one `git log` over the whole archive; both paths give the same
list, and `verify` holds each tag's row and trailers to its commit (ARKIV-TAG-REGISTER).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from avtaleflyt.arkiv import ArkivertHendelse, gitlag, registerindeks, registerrad
from avtaleflyt.arkiv.hendelse import MANIFEST
from avtaleflyt.arkiv.les import tolk_hendelse
from avtaleflyt.arkiv.registerrad import les_rad
from avtaleflyt.arkiv.tagindeks import les_objekter, objekter
from avtaleflyt.revisjon.historikk import Historikk, Leser, Versjonsinfo, bygg_historikk
from schemas.avtale import AVTALE_ADAPTER, Avtale


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


def andeler(avtale: Avtale) -> tuple[str, list[Andel]]:
    """(kind of share, per participant): eierandel where set, else the cost share under the key."""
    art, deler = registerrad.andeler(avtale)
    return art, [Andel(*d) for d in deler]


def vert(avtale: Avtale) -> str | None:
    return registerrad.vert(avtale)


def registerpost(avtale: Avtale, v: Versjonsinfo) -> Registerpost:
    return _fra_rad(registerrad.rad(avtale), v)


def _fra_rad(r: dict, v: Versjonsinfo) -> Registerpost:
    """The entry from a register row (`registerrad`: the tag's, or computed from `avtale.json`)
    and the version's legal dates."""
    return Registerpost(
        avtale_id=r["id"],
        tittel=r["tittel"],
        form=r["form"],
        type=r["type"],
        versjon=v.versjon,
        i_kraft_fra=v.ikraft,  # type: ignore[arg-type]
        i_kraft_til=v.gyldig_til - dt.timedelta(days=1) if v.gyldig_til else None,
        vertskommune=r["vert"],
        deltakere=[Andel(*d) for d in r["deltakere"]],
        andelstype=r["andelstype"],
        tag=v.tag,
    )


def register(
    arkiv_path: str | Path, kommunenummer: str, at: dt.date, *, fra_logg: bool = False
) -> list[Registerpost]:
    """The cooperations `kommunenummer` takes part in that are in force on `at`, by title.

    The events come from the milestone tags (through the register index) when they stand for
    exactly the branch's commits (`tagindeks`), else, and with `fra_logg=True`, from the whole
    log; both give the same list."""
    ut: list[Registerpost] = []
    with Leser(arkiv_path) as leser:
        fra_tagger = None if fra_logg else _fra_tagger(leser, kommunenummer)
        per_avtale, tekster = fra_tagger or (_fra_logg(leser), {})
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
        rader: dict[str, dict] = {}
        for _, v in treff:  # only the versions listed have their tag's row parsed
            r = les_rad(tekster[v.siste.commit]) if v.siste.commit in tekster else None
            if r is not None:
                rader[v.siste.commit] = r
        uten_rad = [(a, v) for a, v in treff if v.siste.commit not in rader]
        for (_, v), json_data in zip(uten_rad, _avtaledata(leser, uten_rad), strict=True):
            rader[v.siste.commit] = registerrad.rad(AVTALE_ADAPTER.validate_json(json_data))
        for _, v in treff:
            r = rader[v.siste.commit]
            if kommunenummer in r["parter"]:
                ut.append(_fra_rad(r, v))
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


def _fra_tagger(
    leser: Leser, kommunenummer: str
) -> tuple[dict[str, list[ArkivertHendelse]], dict[str, bytes]] | None:
    """The events of every agreement that may count for `kommunenummer`, and the tag messages
    (tagged commit -> message, whose register row `les_rad` reads), from the tag messages alone;
    None when the tags cannot stand in for the log.

    The register only lists an agreement whose version in force has a `vedtatt` event with a
    `Vedtatt-<nr>` trailer, so only agreements with that line in one of their `vedtatt` tags
    are read in full (the others cannot count); a tag's message carries the commit's trailers
    and, since the register row was added, the row. The messages come from the register index
    (`registerindeks`: no git process while the refs are unchanged) or, when the refs changed,
    from the tags themselves. Every event read must carry the name of its tag. What follows is
    the log path's own computation on the same events; a tag without a row (an archive written
    before it) has its `avtale.json` read instead."""
    meldinger = registerindeks.meldinger(leser.repo, kommunenummer)
    if meldinger is None:
        return None
    ut: dict[str, list[ArkivertHendelse]] = {}
    tekster: dict[str, bytes] = {}
    for t, tekst in meldinger:
        e = tolk_hendelse(t.commit, tekst.decode("utf-8", "replace"))
        if e.tag != t.tag:
            return None  # a tag on another event's commit: only the log can be trusted
        ut.setdefault(t.avtale_id, []).append(e)
        tekster[t.commit] = tekst
    return ut, tekster
