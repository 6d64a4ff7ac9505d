"""The amendment round on the example agreement `gauldal-lonn-regnskap` (v1 in historikk/, v2 current).

Works on a copy; the example's calendar gives the meetings. Skaun adopts version 1 with changes,
the engine names the councils that must decide version 2, and after they adopt version 2's hash
the agreement is vedtatt on version 2 only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.prosess import avtale_hash, load_process_for, record_decision, sjekk, status
from avtaleflyt.yaml_loader import load_yaml
from schemas.avtale import AVTALE_ADAPTER
from schemas.prosess import Vedtak

EKSEMPEL = AGREEMENTS_DIR / "gauldal-lonn-regnskap"


def _kommunestyremoter(prosess, kommune):
    return sorted(
        (
            m
            for m in prosess.moter
            if kommune in m.kommuner
            and m.organ == "kommunestyre"
            and m.behandling == "vedtak"
            and not m.avlyst
        ),
        key=lambda m: m.dato,
    )


def test_amendment_round_on_the_example(tmp_path: Path):
    folder = tmp_path / "gauldal-lonn-regnskap"
    shutil.copytree(EKSEMPEL, folder)
    v2, prosess = load_process_for(folder)
    v1 = AVTALE_ADAPTER.validate_python(load_yaml(folder / "historikk" / "v1.yaml").data)
    assert (v1.versjon, v2.versjon) == (1, 2)
    h1, h2 = avtale_hash(v1), avtale_hash(v2)
    assert h1 != h2
    kommuner = [d.kommunenummer for d in v1.deltakere]

    # round 1 on version 1: the last participant adopts with changes
    for i, nr in enumerate(kommuner):
        m = _kommunestyremoter(prosess, nr)[0]
        utfall = "vedtatt_med_endringer" if i == len(kommuner) - 1 else "vedtatt"
        v = Vedtak(
            id=f"v1-{nr}",
            kommune=nr,
            organ="kommunestyre",
            mote=m.id,
            motedato=m.dato,
            utfall=utfall,
            vedtakstekst="Avtalen vedtas.",
            versjon=1,
            avtale_hash=h1,
        )
        record_decision(folder, v, m.dato, avtale=v1)
    siste_runde1 = max(_kommunestyremoter(prosess, nr)[0].dato for nr in kommuner)
    _, p = load_process_for(folder)
    st = status(v1, p, siste_runde1)
    assert st.tilstand == "endret" and st.ny_versjon_kreves
    assert [b.kommune for b in st.ma_behandle] == kommuner
    navn = {d.kommunenummer: d.navn for d in v1.deltakere}
    endret_av = navn[kommuner[-1]]
    assert any(
        f"{endret_av} kommunestyre vedtok versjon 1 med endringer" in b.melding
        for b in sjekk(p, v1, siste_runde1)
    )

    # version 2 is the current avtale.yaml: everyone must adopt its hash
    etter_v2 = max(siste_runde1, v2.versjonsdato)
    st = status(v2, p, etter_v2)
    assert st.tilstand == "til_behandling"
    for nr in kommuner:
        assert f"{navn[nr]} kommunestyre har ikke vedtatt versjon 2" in st.mangler

    for nr in kommuner:
        m = next(m for m in _kommunestyremoter(prosess, nr) if m.dato >= v2.versjonsdato)
        v = Vedtak(
            id=f"v2-{nr}",
            kommune=nr,
            organ="kommunestyre",
            mote=m.id,
            motedato=m.dato,
            utfall="vedtatt",
            vedtakstekst="Versjon 2 vedtas.",
            versjon=2,
            avtale_hash=h2,
        )
        record_decision(folder, v, m.dato, avtale=v2)
    _, p = load_process_for(folder)
    slutt = max(v.motedato for v in p.vedtak)
    st = status(v2, p, slutt)
    assert st.tilstand == "vedtatt"
    assert st.vedtatte_versjoner == [2]
    # vertskommune: delegation and the notice to statsforvalteren are now due
    assert {f["regel"] for f in st.funn} >= {"PROSESS-DELEGERING", "PROSESS-STATSFORVALTER"}
    # the example's comments survived six appends
    assert "# Drøftingsmøter med tillitsvalgte" in (folder / "prosess.yaml").read_text(
        encoding="utf-8"
    )
