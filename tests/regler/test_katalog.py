"""Every rule in the catalogue, agreement and process rule alike, runs its own two cases from the
rule files: the breaking case must give the rule's finding at the given place, the satisfying case
none. A rule without both cases fails here; so does a stale katalog.json or docs/lovgrunnlag.md.
"""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from avtaleflyt.prosess import avtale_hash
from avtaleflyt.prosess import sjekk as prosess_sjekk
from schemas.avtale import AVTALE_ADAPTER
from schemas.prosess import Prosess
from schemas.regler import PROSESS, REGLER, Brudd, sjekk
from schemas.regler.bygg import (
    LOVGRUNNLAG_MD,
    json_tekst,
    les_dokumentdata,
    les_katalog,
    lovgrunnlag_markdown,
)
from schemas.regler.laster import (
    KATALOG_DIR,
    KATALOG_JSON,
    KatalogFeil,
    kontrollsum,
    last_regler,
    regel_fra_data,
    regelfiler,
)
from schemas.regler.sjekk import sett_kommuneoppslag
from schemas.regler.sjekk_sammen import sjekk_sammen
from tests.regler.eksempler import (
    HASH_PLASS,
    PROSESSDATO,
    falsk_kommune,
    grunnavtale,
    grunnprosess,
    prosessavtale,
)

KATALOG = les_katalog()
SAKER = KATALOG.saker()
_SAKFELT = {"avtale", "prosess", "dato", "sti", "lovgrunnlag", "andre", "vedlegg"}


@pytest.fixture(autouse=True)
def _falsk_kommuneliste():
    sett_kommuneoppslag(falsk_kommune)
    yield
    sett_kommuneoppslag(None)


# --------------------------------------------------------------------------- the patches


def _sti(tekst: str) -> tuple[str | int, ...]:
    return tuple(int(d) if d.isdigit() else d for d in str(tekst).split(".")) if tekst else ()


def _forelder(data: Any, sti: tuple[str | int, ...]) -> Any:
    for del_ in sti[:-1]:
        data = data[del_]
    return data


def endre(data: dict[str, Any], endringer: list[Mapping[str, Any]]) -> dict[str, Any]:
    """Apply a case's patch: `sett` (set a field), `slett` (remove it), `legg_til` (append)."""
    for op in endringer:
        (navn,) = set(op) - {"verdi"}
        sti = _sti(op[navn])
        if navn == "sett":
            _forelder(data, sti)[sti[-1]] = copy.deepcopy(op["verdi"])
        elif navn == "slett":
            del _forelder(data, sti)[sti[-1]]
        elif navn == "legg_til":
            _forelder(data, sti)[sti[-1]].append(copy.deepcopy(op["verdi"]))
        else:
            raise AssertionError(f"ukjent endring {navn!r}")
    return data


def _sett_inn_hash(data: Any, h: str) -> Any:
    if data == HASH_PLASS:
        return h
    if isinstance(data, dict):
        return {k: _sett_inn_hash(v, h) for k, v in data.items()}
    if isinstance(data, list):
        return [_sett_inn_hash(v, h) for v in data]
    return data


def _kjor(regel_id: str, sak: Mapping[str, Any], avtaletype: str | None) -> list[Brudd]:
    """Every finding of the rule for one case."""
    if PROSESS in REGLER[regel_id].gjelder:
        avtale = AVTALE_ADAPTER.validate_python(
            endre(prosessavtale(avtaletype or "kommunalt_oppgavefellesskap"), sak.get("avtale", []))
        )
        data = _sett_inn_hash(endre(grunnprosess(), sak.get("prosess", [])), avtale_hash(avtale))
        brudd = prosess_sjekk(Prosess.model_validate(data), avtale, sak.get("dato", PROSESSDATO))
    else:
        assert avtaletype is not None and "prosess" not in sak
        avtale = AVTALE_ADAPTER.validate_python(
            endre(grunnavtale(avtaletype), sak.get("avtale", []))
        )
        brudd = _sjekk_i_mappe(avtale, sak["vedlegg"]) if "vedlegg" in sak else sjekk(avtale)
        if "andre" in sak:  # a rule across agreements: the others are patched base agreements
            andre = [
                AVTALE_ADAPTER.validate_python(endre(grunnavtale(a["type"]), a.get("avtale", [])))
                for a in sak["andre"]
            ]
            brudd += sjekk_sammen(avtale, {a.id: a for a in andre})
    return [b for b in brudd if b.regel.id == regel_id]


def _sjekk_i_mappe(avtale: Any, vedlegg: Mapping[str, str]) -> list[Brudd]:
    """The rules with the agreement in a folder whose vedlegg/ holds the case's files."""
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "vedlegg").mkdir()
        for navn, tekst in vedlegg.items():
            (Path(d) / "vedlegg" / navn).write_bytes(tekst.encode("utf-8"))
        return sjekk(avtale, mappe=Path(d))


# --------------------------------------------------------------------------- every rule


def test_hver_regel_har_begge_saker() -> None:
    uten = []
    for regel_id, saker in SAKER.items():
        if not isinstance(saker, Mapping) or not {"bryt", "oppfyll"} <= set(saker):
            uten.append(regel_id)
            continue
        assert set(saker) <= {"type", "bryt", "oppfyll"}, regel_id
        for navn in ("bryt", "oppfyll"):
            assert set(saker[navn]) <= _SAKFELT, (regel_id, navn)
        assert "sti" in saker["bryt"], f"{regel_id}: den brytende saken må si hvor bruddet er (sti)"
        if PROSESS not in REGLER[regel_id].gjelder:
            assert saker.get("type") in REGLER[regel_id].gjelder, regel_id
    assert uten == [], "regler uten et brytende og et oppfyllende eksempel"


@pytest.mark.parametrize("regel_id", list(REGLER))
def test_regelen_slaar_ut(regel_id: str) -> None:
    saker = SAKER[regel_id]
    sak = saker["bryt"]
    regel = REGLER[regel_id]
    treff = _kjor(regel_id, sak, saker.get("type"))
    assert treff, f"{regel_id} slo ikke ut"
    assert _sti(sak["sti"]) in [b.sti for b in treff], [b.sti for b in treff]
    for b in treff:
        assert b.regel is regel
        assert b.melding.strip()
        assert b.lovgrunnlag in str(b)
    if "lovgrunnlag" in sak:
        assert sak["lovgrunnlag"] in {b.lovgrunnlag for b in treff if b.sti == _sti(sak["sti"])}


@pytest.mark.parametrize("regel_id", list(REGLER))
def test_regelen_er_oppfylt(regel_id: str) -> None:
    saker = SAKER[regel_id]
    assert _kjor(regel_id, saker["oppfyll"], saker.get("type")) == []


# --------------------------------------------------------------------------- the files


def test_katalog_json_er_oppdatert() -> None:
    assert KATALOG_JSON.read_text(encoding="utf-8") == json_tekst(KATALOG), (
        "schemas/regler/katalog.json er ikke oppdatert: kjør python -m schemas.regler.bygg"
    )


def test_lovgrunnlag_md_er_oppdatert() -> None:
    assert LOVGRUNNLAG_MD.read_text(encoding="utf-8") == lovgrunnlag_markdown(KATALOG), (
        "docs/lovgrunnlag.md er ikke oppdatert: kjør python -m schemas.regler.bygg"
    )


def test_json_og_yaml_gir_samme_katalog() -> None:
    assert KATALOG.regler() == REGLER
    assert list(KATALOG.regler()) == list(REGLER)


def test_regler_nevnt_i_teksten_finnes() -> None:
    prosa = " ".join(les_dokumentdata().values())
    nevnt = set(re.findall(r"`([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)`", prosa))
    assert nevnt and sorted(nevnt - set(REGLER)) == []


def test_endret_yaml_leses_selv_om_json_er_gammel(tmp_path: Path) -> None:
    katalog = tmp_path / "katalog"
    shutil.copytree(KATALOG_DIR, katalog)
    json_fil = tmp_path / "katalog.json"
    shutil.copy(KATALOG_JSON, json_fil)
    assert last_regler(katalog, json_fil) == REGLER
    fil = katalog / "08-lan.yaml"
    fil.write_text(
        fil.read_text(encoding="utf-8").replace("alvorlighet: feil", "alvorlighet: advarsel"),
        encoding="utf-8",
    )
    assert last_regler(katalog, json_fil)["IKSL-22-LANERAMME"].alvorlighet == "advarsel"


@pytest.mark.parametrize(
    "feil,ord_",
    [
        ({"alvorlighet": "kritisk"}, "alvorlighet"),
        ({"gjelder": ["aksjeselskap"]}, "gjelder"),
        ({"hjemmel": {"lov": "kommuneloven"}}, "paragraf"),
        ({"hjemmel": {"lov": "kommuneloven", "paragraf": "1-1", "kilde": "praksis"}}, "enten"),
        ({"melding_": "skrivefeil"}, "ukjente felt"),
        ({"verifisert": "ja"}, "verifisert"),
    ],
)
def test_feil_i_en_regelfil_meldes(feil: dict[str, Any], ord_: str) -> None:
    data = {
        "id": "X-1",
        "alvorlighet": "feil",
        "melding": "M.",
        "hjemmel": {"kilde": "praksis"},
        "gjelder": ["iks"],
        **feil,
    }
    with pytest.raises(KatalogFeil, match=ord_):
        regel_fra_data(data, "test.yaml")


def test_hjemmel_med_flere_grunnlag_skrives_som_i_dag() -> None:
    assert str(REGLER["PROSESS-DROFTING-FOR-BEHANDLING"].hjemmel) == (
        "arbeidsmiljøloven § 16-5 første ledd («så tidlig som mulig»); Hovedavtalen (KS) del B, "
        "drøfting ved omstilling (praksis)"
    )
    assert (
        str(REGLER["PROSESS-DELEGERING"].hjemmel)
        == "kommuneloven § 20-2 annet ledd og § 20-3 annet ledd"
    )
    assert str(REGLER["PROSESS-SIGNATUR-FOR-VEDTAK"].hjemmel) == (
        "kommuneloven § 6-1 annet ledd; kommuneloven §§ 18-4, 19-4 og 20-4 annet ledd; "
        "IKS-loven § 4 første ledd annet punktum"
    )
    assert [h.lov for h in REGLER["PROSESS-DELTAKER"].hjemmel.deler()] == ["kommuneloven", None]


def test_delegering_i_formannskapet_viser_til_delegeringsregelens_hjemmel() -> None:
    sak = {
        "prosess": [
            {
                "sett": "delegering",
                "verdi": [
                    {
                        "id": "deleg-5027",
                        "kommune": "5027",
                        "mote": "mg-fsk-2026-03-05",
                        "dato": PROSESSDATO.replace(day=5),
                        "vedtakstekst": "Delegerer til nemnda.",
                    }
                ],
            }
        ]
    }
    (b,) = _kjor("PROSESS-KOMMUNESTYRET-SELV", sak, "vertskommune_nemnd")
    assert b.sti == ("delegering", 0, "mote")
    assert b.lovgrunnlag == "kommuneloven § 20-2 annet ledd og § 20-3 annet ledd"


def test_crlf_i_en_utsjekk_gir_samme_kontrollsum(tmp_path: Path) -> None:
    katalog = tmp_path / "katalog"
    shutil.copytree(KATALOG_DIR, katalog)
    for fil in regelfiler(katalog):
        fil.write_bytes(fil.read_bytes().replace(b"\n", b"\r\n"))
    assert kontrollsum(regelfiler(katalog)) == kontrollsum(regelfiler(KATALOG_DIR))
