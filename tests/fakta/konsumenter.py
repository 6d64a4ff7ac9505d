"""Every consumer of the legal facts, each mapped to the answer shape of the case table.

A consumer answers the fields it knows and leaves the rest `None`; every field it answers must
equal the case's expected answer (`tests/fakta/test_tilfeller.py`). To add a consumer (the flows'
advance step, the register, the demo), write `def svar_fra_x(t: Tilfelle, tmp: Path) -> Svar`
and add it to `KONSUMENTER`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from icalendar import Calendar

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import Tekstversjon, arkiver, planlegg
from avtaleflyt.orkestrering import fremdrift
from avtaleflyt.prosess import calendar_ics, fakta, frister, status
from avtaleflyt.yaml_dump import dump_avtale
from tests.fakta.tilfeller import Svar, Tilfelle


def _fra_versjoner(af: fakta.Avtalefakta) -> dict[str, Any]:
    return {
        "vedtatt": {v: f.vedtatt for v, f in af.versjoner.items() if f.vedtatt},
        "signert": {v: f.signert for v, f in af.versjoner.items() if f.signert},
        "i_kraft": {v: (p.fra, p.til) for v, p in af.i_kraft.items()},
    }


def svar_fra_fakta(t: Tilfelle, tmp: Path) -> Svar:
    """The facts module itself."""
    af = fakta.avtalefakta(t.tekster(), t.prosess, t.at)
    krav = fakta.ma_behandle(t.tekster()[-1], t.prosess, t.at)
    return Svar(
        **_fra_versjoner(af),
        ma_behandle=tuple((b.kommune, b.organ) for b in krav),
        frister=frister.alle_frister(t.prosess, t.numre, t.at),
    )


def svar_fra_status(t: Tilfelle, tmp: Path) -> Svar:
    """`status()`, as `avtale status` calls it: the current text and the records only."""
    st = status(t.avtale, t.prosess, t.at)
    return Svar(
        tilstand=st.tilstand,
        vedtatt={v.versjon: v.vedtatt for v in st.versjoner if v.vedtatt},
        signert={v.versjon: v.signert for v in st.versjoner if v.signert},
        i_kraft={v.versjon: (v.i_kraft_fra, v.i_kraft_til) for v in st.versjoner if v.i_kraft_fra},
        ma_behandle=tuple((b.kommune, b.organ) for b in st.ma_behandle),
    )


def _fra_hendelser(hendelser: list[tuple[int, str, dt.date]]) -> Svar:
    """The legal dates the archive events carry: adopted, signed, in force from and to."""
    fra = {v: d for v, h, d in hendelser if h == "i-kraft"}
    slutt = [d for _, h, d in hendelser if h == "opphort"]
    rekke = sorted((d, v) for v, d in fra.items())
    i_kraft = {
        v: (d, rekke[n + 1][0] if n + 1 < len(rekke) else (slutt[0] if slutt else None))
        for n, (d, v) in enumerate(rekke)
    }
    return Svar(
        vedtatt={v: d for v, h, d in hendelser if h == "vedtatt"},
        signert={v: d for v, h, d in hendelser if h == "signert"},
        i_kraft=i_kraft,
        hendelser=tuple(hendelser),
    )


def svar_fra_planlegg(t: Tilfelle, tmp: Path) -> Svar:
    """The archive planner on texts in memory (no rendering)."""
    tekster = {
        a.versjon: Tekstversjon(a.versjon, a, h, "tilfelle", filer={"avtale.json": b"{}"})
        for a, h in t.par()
    }
    return _fra_hendelser(
        [(h.versjon, h.hendelse, h.juridisk_dato) for h in planlegg(tekster, t.prosess, t.at)]
    )


def lag_mappe(t: Tilfelle, rot: Path) -> Path:
    """The agreement folder: avtale.yaml (current text), historikk/v<N>.yaml, prosess.yaml."""
    mappe = rot / t.avtale.id
    (mappe / "historikk").mkdir(parents=True, exist_ok=True)
    for a in t.avtaler[:-1]:
        (mappe / "historikk" / f"v{a.versjon}.yaml").write_text(dump_avtale(a), encoding="utf-8")
    (mappe / "avtale.yaml").write_text(dump_avtale(t.avtale), encoding="utf-8")
    data = t.prosess.model_dump(mode="json", by_alias=True, exclude_none=True)
    (mappe / "prosess.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return mappe


def svar_fra_arkiv(t: Tilfelle, tmp: Path) -> Svar:
    """A real archive: `arkiver` on the folder, then the events read back from git. The cases run
    on their own dates, some after today, so the archive is made as a simulation (the archive
    refuses events dated after its own clock otherwise)."""
    mappe = lag_mappe(t, tmp / "avtaler")
    Arkiv(tmp / "arkiv").opprett(simulering=True)
    arkiver(mappe, tmp / "arkiv", t.at)
    arkiv = Arkiv(tmp / "arkiv")
    hendelser = arkiv.hendelser(t.avtale.id) if arkiv.finnes() else []
    rekkefolge = {"vedtatt": 0, "endret": 1, "signert": 2, "i-kraft": 3, "opphort": 4}
    return _fra_hendelser(
        sorted(
            ((e.versjon or 0, e.hendelse or "", e.juridisk_dato or dt.date.min) for e in hendelser),
            key=lambda e: (e[2], rekkefolge[e[1]], e[0]),
        )
    )


def svar_fra_kalender(t: Tilfelle, tmp: Path) -> Svar:
    """The calendar export: its all-day deadline events on or after the date."""
    cal = Calendar.from_ical(calendar_ics(t.avtale, t.prosess, at=t.at))
    ut: dict[tuple[str, str], dt.date] = {}
    for ev in cal.walk("VEVENT"):
        deler = (
            str(ev["uid"]).removesuffix("@avtaleflyt").removeprefix(f"{t.avtale.id}.").split(".")
        )
        if deler[0] == "drofting":  # <id>.drofting.<kommune>
            nokkel = (deler[1], "drofting")
        elif len(deler) == 3 and deler[1] == "saksframlegg":  # <id>.<møte>.saksframlegg.<kommune>
            nokkel = (deler[2], deler[0])
        else:
            continue  # a meeting, not a deadline
        if ev.decoded("dtstart") >= t.at:
            ut[nokkel] = ev.decoded("dtstart")
    return Svar(frister=ut)


def svar_fra_fremdrift(t: Tilfelle, tmp: Path) -> Svar:
    """The flows' advance step (`vurder`, pure): the state it acts on."""
    v = fremdrift.vurder(status(t.avtale, t.prosess, t.at), t.prosess, t.at, False)
    return Svar(tilstand=v.tilstand)


KONSUMENTER: dict[str, Callable[[Tilfelle, Path], Svar]] = {
    "fakta": svar_fra_fakta,
    "status": svar_fra_status,
    "planlegg": svar_fra_planlegg,
    "arkiv": svar_fra_arkiv,
    "kalender": svar_fra_kalender,
    "fremdrift": svar_fra_fremdrift,
}
"""Every consumer of the legal facts, each mapped to the answer shape."""
