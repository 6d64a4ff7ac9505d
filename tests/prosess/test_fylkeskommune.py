"""A fylkeskommune (and an IKS) as a participant through the process: the deciding body is its own.

The county's body is fylkestinget (kl. § 5-3; «kommunestyret eller fylkestinget selv», IKS-loven § 4
første ledd), an IKS participant's its representantskap. Messages, status text and the calendar
name the body the participant has. The last test takes a county-owned IKS from the corpus
(tests/korpus/rogaland-revisjon-iks, read only) through the status.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from click.testing import CliRunner
from icalendar import Calendar

from avtaleflyt.cli.main import app
from avtaleflyt.orkestrering import fremdrift
from avtaleflyt.prosess import avtale_hash, calendar_ics, sjekk, status
from avtaleflyt.yaml_dump import dump_avtale
from schemas.avtale import AVTALE_ADAPTER
from schemas.prosess import Prosess
from tests.fakta.tilfeller import FYLKE_KALENDER, IKS_DELTAKER, IKS_KALENDER
from tests.prosess.prosessdata import (
    DELTAKERE,
    DELTAKERE_MED_FYLKE,
    DROFTING,
    lag_avtale,
    mote,
    vedtak,
)

D = dt.date
FYLKE = ["5027", "5028", "50"]
KORPUS = Path(__file__).resolve().parents[1] / "korpus" / "rogaland-revisjon-iks"


def _prosess(moter=FYLKE_KALENDER, kommuner=FYLKE, **lister) -> Prosess:
    data = {
        "avtale": "lonn-regnskap",
        "moter": list(moter),
        "drofting": [{**DROFTING, "kommuner": kommuner}],
        **lister,
    }
    return Prosess.model_validate(data)


def _kommunene(h: str) -> list[dict]:
    return [
        vedtak("5027", "mg-ks-2026-03-19", D(2026, 3, 19), h),
        vedtak("5028", "melhus-ks-2026-03-24", D(2026, 3, 24), h),
    ]


def _meldinger(funn) -> list[str]:
    return [b.melding for b in funn]


def test_fylkestingets_vedtak_teller_og_statusteksten_nevner_fylkesting():
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE)
    h = avtale_hash(a)
    ft = vedtak("50", "tfk-ft-2026-03-26", D(2026, 3, 26), h, organ="fylkesting")
    p = _prosess(vedtak=[*_kommunene(h), ft])
    st = status(a, p, D(2026, 3, 27))
    assert st.tilstand == "vedtatt"
    assert st.tilstand_tekst == "vedtatt i alle kommunestyrer og fylkesting"
    assert [k.vedtak for k in st.kommuner][2] == "vedtatt 2026-03-26"
    assert "Trøndelag fylkeskommune har ikke signert versjon 1" in st.mangler
    assert not [f for f in st.funn if f["regel"] == "PROSESS-KOMMUNESTYRET-SELV"]


def test_kommunestyre_er_ikke_fylkeskommunens_organ():
    """A county decision recorded as «kommunestyre» does not adopt; the finding names fylkestinget."""
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE)
    h = avtale_hash(a)
    feil = vedtak("50", "tfk-ft-2026-03-26", D(2026, 3, 26), h, organ="kommunestyre")
    p = _prosess(vedtak=[*_kommunene(h), feil])
    st = status(a, p, D(2026, 3, 27))
    assert st.tilstand == "til_behandling"
    assert [(b.kommune, b.organ, b.organ_navn) for b in st.ma_behandle] == [
        ("50", "fylkesting", "Trøndelag fylkesting")
    ]
    assert "Trøndelag fylkesting har ikke vedtatt versjon 1" in st.mangler
    meldinger = _meldinger(sjekk(p, a, D(2026, 3, 27)))
    assert any("bare fylkestinget selv kan vedta den" in m for m in meldinger), meldinger
    assert any("fylkestingets vedtak for seg" in m for m in meldinger), meldinger


def test_fylkesutvalget_vedtar_ikke_et_oppgavefellesskap_men_en_samarbeidsavtale():
    """Fylkesutvalget (the county's formannskap) may adopt only where the law does not reserve it."""
    for type_, tilstand in (
        ("kommunalt_oppgavefellesskap", "til_behandling"),
        ("samarbeidsavtale", "vedtatt"),
    ):
        a = lag_avtale(type=type_, deltakere=DELTAKERE_MED_FYLKE)
        h = avtale_hash(a)
        fu = vedtak("50", "tfk-fu-2026-03-12", D(2026, 3, 12), h, organ="fylkesutvalg")
        st = status(a, _prosess(vedtak=[*_kommunene(h), fu]), D(2026, 3, 27))
        assert st.tilstand == tilstand, type_


def test_kommunens_fylkestingsmote_kan_ikke_vedta():
    """A meeting of a body the participant does not have is no deciding meeting for it."""
    a = lag_avtale()
    p = Prosess.model_validate(
        {
            "avtale": "lonn-regnskap",
            "moter": [mote("feil", ["5029"], "fylkesting", D(2026, 6, 18), "vedtak")],
        }
    )
    meldinger = _meldinger(sjekk(p, a, D(2026, 3, 27)))
    assert any("bare kommunestyret selv kan det" in m for m in meldinger), meldinger


def test_ikraft_uten_fylkestingsmote_sier_fylkestingsmote():
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE, ikrafttredelse={"dato": D(2026, 9, 1)})
    uten_ft = [m for m in FYLKE_KALENDER if m["organ"] != "fylkesting"]
    meldinger = _meldinger(sjekk(_prosess(moter=uten_ft), a, D(2026, 3, 1)))
    assert any(
        "ikke noe kommende fylkestingsmøte som vedtar den for Trøndelag fylkeskommune" in m
        for m in meldinger
    ), meldinger


def test_fylkeskommune_som_vert_melder_til_departementet():
    """kl. § 20-4 femte ledd: a county host tells the departement, a kommune statsforvalteren."""
    a = lag_avtale(type="vertskommune", deltakere=DELTAKERE_MED_FYLKE, vertskommune="50")
    h = avtale_hash(a)
    ft = vedtak("50", "tfk-ft-2026-03-26", D(2026, 3, 26), h, organ="fylkesting")
    p = _prosess(vedtak=[*_kommunene(h), ft])
    st = status(a, p, D(2026, 3, 27))
    assert "melding til departementet er ikke registrert (kl. § 20-4 femte ledd)" in st.mangler
    assert (
        "Midtre Gauldal kommunestyre har ikke vedtatt delegeringen (kl. § 20-2/20-3)" in st.mangler
    )
    meldinger = _meldinger(sjekk(p, a, D(2026, 3, 27)))
    assert any(
        "vedtatt i alle kommunestyrer og fylkesting; Trøndelag fylkeskommune har ikke registrert "
        "melding til departementet" in m
        for m in meldinger
    ), meldinger


def test_fylkestingets_delegering():
    """In a vertskommune cooperation a county's fylkesting delegates, not a kommunestyre."""
    a = lag_avtale(type="vertskommune", deltakere=DELTAKERE_MED_FYLKE)
    h = avtale_hash(a)
    ft = vedtak("50", "tfk-ft-2026-03-26", D(2026, 3, 26), h, organ="fylkesting")
    p = _prosess(vedtak=[*_kommunene(h), ft])
    st = status(a, p, D(2026, 3, 27))
    assert "Trøndelag fylkesting har ikke vedtatt delegeringen (kl. § 20-2/20-3)" in st.mangler
    deleg = {
        "id": "tfk-deleg",
        "kommune": "50",
        "mote": "tfk-fu-2026-03-12",
        "dato": D(2026, 3, 12),
        "vedtakstekst": "Fylkesutvalget delegerer.",
    }
    meldinger = _meldinger(
        sjekk(_prosess(vedtak=p.model_dump()["vedtak"], delegering=[deleg]), a, D(2026, 3, 27))
    )
    assert any(
        "ble gjort i fylkesutvalg; fylkestinget selv skal vedta delegeringen" in m
        for m in meldinger
    ), meldinger


def test_kalenderen_viser_fylkestinget():
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE)
    cal = Calendar.from_ical(calendar_ics(a, _prosess(), at=D(2026, 3, 1)))
    titler = [str(ev["summary"]) for ev in cal.walk("VEVENT")]
    assert any(t.startswith("Fylkesting (Trøndelag fylkeskommune): ") for t in titler), titler
    assert any(
        "Frist saksframlegg (Trøndelag fylkeskommune) til fylkesting 2026-06-18" in t
        for t in titler
    )


def test_iks_som_deltaker_vedtar_i_representantskapet():
    """IKS-loven § 4 første ledd: for an IKS participant its representantskap adopts."""
    a = lag_avtale(type="iks", deltakere=[DELTAKERE[0], DELTAKERE[1], IKS_DELTAKER])
    h = avtale_hash(a)
    nr = IKS_DELTAKER["kommunenummer"]
    kommuner = ["5027", "5028", nr]
    ks = vedtak(nr, "iks-rs-2026-03-26", D(2026, 3, 26), h, organ="kommunestyre")
    st = status(a, _prosess(IKS_KALENDER, kommuner, vedtak=[*_kommunene(h), ks]), D(2026, 3, 27))
    assert [(b.organ, b.organ_navn) for b in st.ma_behandle] == [
        ("representantskap", "representantskapet i Testselskap IKS")
    ]
    rs = vedtak(nr, "iks-rs-2026-03-26", D(2026, 3, 26), h, organ="representantskap")
    st = status(a, _prosess(IKS_KALENDER, kommuner, vedtak=[*_kommunene(h), rs]), D(2026, 3, 27))
    assert st.tilstand == "vedtatt"
    assert st.tilstand_tekst == "vedtatt i alle kommunestyrer og representantskap"


def test_fylkeseid_iks_fra_korpuset_gjennom_status():
    """Rogaland Revisjon IKS (16 kommuner and Rogaland fylkeskommune, 11) as the corpus holds it:
    while the county has only its fylkesutvalg's decision it is the one left, by its fylkesting;
    when every kommunestyre and fylkestinget have adopted the same text, it is adopted.

    Through `status()`, not `avtale status`: the corpus text lacks items IKS-loven § 4 requires
    (the selskapsavtale itself could not be read), and the command refuses such a text."""
    a = AVTALE_ADAPTER.validate_python(
        yaml.safe_load((KORPUS / "avtale.yaml").read_text(encoding="utf-8"))
    )
    h = avtale_hash(a)
    numre = [d.kommunenummer for d in a.deltakere]
    assert "11" in numre
    moter = [mote("fu-11-2019-06-04", ["11"], "fylkesutvalg", D(2019, 6, 4), "innstilling")]
    vedtak_ = []
    for nr in numre:
        organ = "fylkesting" if nr == "11" else "kommunestyre"
        mid = f"{organ}-{nr}-2019-06-18"
        moter.append(mote(mid, [nr], organ, D(2019, 6, 18), "vedtak"))
        vedtak_.append(vedtak(nr, mid, D(2019, 6, 18), h, organ=organ))
    fu = vedtak("11", "fu-11-2019-06-04", D(2019, 6, 4), h, organ="fylkesutvalg")
    grunn = {"avtale": a.id, "innstillinger": {"drofting_kreves_for": []}, "moter": moter}
    uten_ft = Prosess.model_validate({**grunn, "vedtak": [*vedtak_[:9], *vedtak_[10:], fu]})
    assert a.deltakere[9].kommunenummer == "11"

    st = status(a, uten_ft, D(2019, 6, 20))
    assert st.tilstand == "til_behandling"
    assert [(b.kommune, b.organ) for b in st.ma_behandle] == [("11", "fylkesting")]
    assert "Rogaland fylkesting har ikke vedtatt versjon 1" in st.mangler

    st = status(a, Prosess.model_validate({**grunn, "vedtak": vedtak_}), D(2019, 6, 20))
    assert st.tilstand == "vedtatt"
    assert st.tilstand_tekst == "vedtatt i alle kommunestyrer og fylkesting"
    assert st.ma_behandle == []
    assert not [f for f in st.funn if f["alvorlighet"] == "feil"], st.feil


def test_statustabellen_sier_fylkesting(tmp_path: Path, monkeypatch):
    """`avtale status` for a county participant: the earliest adoption by every kommunestyre and
    fylkestinget, in the words of the participants' bodies."""
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE)
    mappe = tmp_path / a.id
    mappe.mkdir()
    (mappe / "avtale.yaml").write_text(dump_avtale(a), encoding="utf-8")
    data = _prosess().model_dump(mode="json", by_alias=True, exclude_none=True)
    (mappe / "prosess.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(tmp_path))
    r = CliRunner().invoke(app, ["status", a.id, "--at", "2026-03-01"])
    assert r.exit_code == 0, r.output
    assert (
        "Tidligst vedtatt i alle kommunestyrer og fylkesting etter møteplanen: 2026-03-26"
        in r.output
    )


def test_fremdriften_varsler_om_fylkestingsmote_uten_vedtak():
    """The flows' advance step warns of a held fylkesting meeting where the county's decision is
    missing, as it does for a kommunestyre (it reads the body from the legal facts)."""
    a = lag_avtale(deltakere=DELTAKERE_MED_FYLKE)
    p = _prosess(vedtak=_kommunene(avtale_hash(a)))
    v = fremdrift.vurder(status(a, p, D(2026, 3, 27)), p, D(2026, 3, 27), True)
    assert [t.melding for t in v.tiltak if t.art == "varsel"] == [
        "Møtet tfk-ft-2026-03-26 (2026-03-26) skulle behandle avtalen, men ingen vedtak er ført."
    ]


def test_fylkeskommune_som_ikke_er_deltaker_kalles_fylkeskommune():
    a = lag_avtale()
    h = avtale_hash(a)
    feil = vedtak("46", "skaun-ks-2026-03-26", D(2026, 3, 26), h)
    p = Prosess.model_validate({"avtale": a.id, "moter": list(FYLKE_KALENDER), "vedtak": [feil]})
    meldinger = _meldinger(sjekk(p, a, D(2026, 3, 27)))
    assert any("fylkeskommune 46 er ikke deltaker i avtalen" in m for m in meldinger), meldinger
