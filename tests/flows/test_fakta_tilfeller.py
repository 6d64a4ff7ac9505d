"""The legal-fact cases (`tests/fakta/tilfeller.py`) through the flows' advance step, the service
layer's `avtale archive` and the register read from that archive: each gives the table's answer.

- `fremdrift`: one advance on the case's date (`avtaleflyt.orkestrering.fremdrift.fremdrift_direkte`,
  the flows' advance step without Prefect, what the daily sweep does when it catches up): the
  state it reports and the events it archives;
- `livslop`: the advance on every date something can happen up to the case's date, archiving each
  event as it falls due (`avtaleflyt.orkestrering.fremdrift.livslop_direkte`, the flows' lifecycle
  without Prefect);
- `register`: `avtale archive` on the case's folder, then `avtaleflyt.revisjon.register` for every
  participant on every date an event happened: which version was in force from when to when.

The demo is not a row here: its agreements and dates are the Gauldal scenario, not the table's
cases; `tests/eksempler/test_demo.py` checks that its archive is the one `avtale archive` makes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.cli.main import app
from avtaleflyt.orkestrering.fremdrift import fremdrift_direkte, livslop_direkte
from avtaleflyt.revisjon.register import register
from tests.fakta.konsumenter import lag_mappe
from tests.fakta.tilfeller import TILFELLER, Svar, Tilfelle

REKKEFOLGE = {"vedtatt": 0, "endret": 1, "signert": 2, "i-kraft": 3, "opphort": 4}


def _arkiverte(arkiv: Path, avtale_id: str) -> tuple[tuple[int, str, dt.date], ...]:
    a = Arkiv(arkiv)
    hendelser = a.hendelser(avtale_id) if a.finnes() else []
    return tuple(
        sorted(
            ((e.versjon or 0, e.hendelse or "", e.juridisk_dato or dt.date.min) for e in hendelser),
            key=lambda e: (e[2], REKKEFOLGE[e[1]], e[0]),
        )
    )


def svar_fra_fremdrift(t: Tilfelle, tmp: Path) -> Svar:
    mappe = lag_mappe(t, tmp / "avtaler")
    Arkiv(tmp / "arkiv").opprett(simulering=True)  # the cases' dates may lie after today
    steg = fremdrift_direkte(mappe, t.at, tmp / "arkiv", tmp / "dokumenter")
    return Svar(tilstand=steg["tilstand"], hendelser=_arkiverte(tmp / "arkiv", t.avtale.id))


def svar_fra_livslop(t: Tilfelle, tmp: Path) -> Svar:
    mappe = lag_mappe(t, tmp / "avtaler")
    Arkiv(tmp / "arkiv").opprett(simulering=True)  # the cases' dates may lie after today
    steg = livslop_direkte(mappe, t.at, tmp / "arkiv", tmp / "dokumenter")
    return Svar(tilstand=steg[-1]["tilstand"], hendelser=_arkiverte(tmp / "arkiv", t.avtale.id))


def svar_fra_register(t: Tilfelle, tmp: Path) -> Svar:
    mappe = lag_mappe(t, tmp / "avtaler")
    Arkiv(tmp / "arkiv").opprett(simulering=True)  # the cases' dates may lie after today
    arkiv = tmp / "arkiv"
    kjort = CliRunner(env={"AVTALE_AVTALER": str(mappe.parent)}).invoke(
        app, ["archive", t.avtale.id, "--at", t.at.isoformat(), "--arkiv", str(arkiv)]
    )
    assert kjort.exit_code == 0, kjort.output
    datoer = sorted({d for _, _, d in _arkiverte(arkiv, t.avtale.id)} | {t.at})
    per_kommune = []
    for nr in (d.kommunenummer for d in t.avtale.deltakere):  # a county or an IKS too
        i_kraft: dict[int, tuple[dt.date, dt.date | None]] = {}
        for d in datoer if Arkiv(arkiv).finnes() else []:
            for p in register(arkiv, nr, d):
                til = p.i_kraft_til + dt.timedelta(days=1) if p.i_kraft_til else None
                i_kraft[p.versjon] = (p.i_kraft_fra, til)
        per_kommune.append(i_kraft)
    assert all(k == per_kommune[0] for k in per_kommune), per_kommune
    return Svar(i_kraft=per_kommune[0])


KONSUMENTER: dict[str, Callable[[Tilfelle, Path], Svar]] = {
    "fremdrift": svar_fra_fremdrift,
    "livslop": svar_fra_livslop,
    "register": svar_fra_register,
}


@pytest.mark.parametrize("konsument", sorted(KONSUMENTER))
@pytest.mark.parametrize("tilfelle", TILFELLER, ids=[t.id for t in TILFELLER])
def test_flytene_og_registeret_gir_tabellens_svar(
    tilfelle: Tilfelle, konsument: str, tmp_path: Path
):
    svar = KONSUMENTER[konsument](tilfelle, tmp_path).besvart()
    assert svar, f"{konsument} svarer ikke på noe"
    assert svar == {felt: getattr(tilfelle.svar, felt) for felt in svar}
