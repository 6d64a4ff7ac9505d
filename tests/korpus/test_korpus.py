"""The corpus of real agreements against the validator: what a lawyer expects, and nothing false.

Each folder under tests/korpus/ is one real, public agreement (docs/korpus.md). The test runs the
project's validation on it and compares with forventet.yaml. Expectations that wait for an item
of issue 12 are checked strictly the other way round: such a finding must still be missing (or a
false one still given), so the data has to be updated the day the capability lands.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from avtaleflyt.fordeling import beregn_eierandeler, beregn_fordeling
from avtaleflyt.fordeling.feil import FordelingsFeil
from avtaleflyt.fordeling.nokler import bruker_folketall
from avtaleflyt.rendering.api import build_document
from avtaleflyt.rendering.bidrag import beregn_bidrag, beregn_innskudd
from avtaleflyt.rendering.template_files import RenderError
from tests.korpus.korpus import (
    Korpusavtale,
    KorpusFeil,
    korpusmapper,
    les_avtale,
    sammenlign,
    valider,
    vent_tekst,
)

MAPPER = korpusmapper()
IDS = [m.name for m in MAPPER]


def _raadata(mappe) -> dict:
    with (mappe / "avtale.yaml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_korpuset_dekker_formene_issue_12_ber_om():
    """At least 12 real agreements, with the forms and the cases issue 12 item 10 names."""
    data = {m.name: _raadata(m) for m in MAPPER}
    assert len(data) >= 12, f"korpuset har {len(data)} avtaler; sak 12 punkt 10 krever minst 12"
    typer = {d["type"] for d in data.values()}
    for form in (
        "iks",
        "interkommunalt_politisk_rad",
        "kommunalt_oppgavefellesskap",
        "samarbeidsavtale",
        "vertskommune",
    ):
        # vertskommune_nemnd is missing: no public text of one was found (docs/korpus.md says
        # where we looked; KDD's veileder calls the model «svært lite brukt»)
        assert form in typer, f"ingen avtale av typen {form} i korpuset"
    fylkeseid = [
        slug
        for slug, d in data.items()
        if d["type"] == "iks" and any(len(str(p["kommunenummer"])) == 2 for p in d["deltakere"])
    ]
    assert fylkeseid, "ingen IKS med en fylkeskommune som deltaker"
    paragraf_27 = [slug for slug, d in data.items() if "§ 27" in str(d.get("lovhjemmel_ordrett"))]
    assert len(paragraf_27) >= 2, "for få eldre regionråd etter kommuneloven 1992 § 27"


def _les(mappe) -> Korpusavtale:
    """The corpus folder, or a plain failure that says what in the sidecar files to change."""
    try:
        return les_avtale(mappe)
    except KorpusFeil as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.mark.parametrize("mappe", MAPPER, ids=IDS)
def test_kilde_og_forventet_folger_formatet(mappe):
    """Source address, retrieval date and what was not seen are recorded; expectations parse."""
    avtale = _les(mappe)
    assert str(avtale.kilde["adresse"]).startswith(("http://", "https://"))
    assert isinstance(avtale.kilde["hentet"], dt.date)
    assert avtale.kilde["ikke_sett"], "skriv hva som ikke kunne ses (ikke_sett)"
    assert _raadata(mappe)["id"] == mappe.name


@pytest.mark.parametrize("mappe", MAPPER, ids=IDS)
def test_funnene_er_de_en_kommuneadvokat_venter(mappe):
    """Every finding accounted for; every expectation's stated state (caught/awaiting) holds."""
    avtale = _les(mappe)
    resultat = valider(avtale)
    sammenligning = sammenlign(avtale, resultat.findings)
    if sammenligning.avvik:
        pytest.fail(
            f"{mappe.name}: forventet.yaml stemmer ikke med det validatoren gjør nå:\n  "
            + "\n  ".join(sammenligning.avvik),
            pytrace=False,
        )


@pytest.mark.parametrize("mappe", MAPPER, ids=IDS)
def test_avtaler_med_nokkel_per_innbygger_gjengis(mappe):
    """An agreement whose key divides by population renders; one awaiting an item does not yet.

    «Renders» means: the data holds the per-capita key, every amount and share it gives is
    computed, and the document is built from it. An agreement whose text has such a key the
    format cannot hold yet declares it in forventet.yaml (gjengivelse.per_innbygger) with the
    items it awaits. One whose key renders but whose source could not be read where the law
    requires a term names those fields (gjengivelse.ikke_lest): the key must still be computed,
    and the document must be refused for exactly those fields and nothing else, since a document
    never fills in what nobody could read.
    """
    avtale = _les(mappe)
    resultat = valider(avtale)
    modell = resultat.avtale
    okonomi = getattr(modell, "okonomi", None)
    har_nokkel = modell is not None and (
        bruker_folketall(modell)
        or getattr(okonomi, "bidrag_per_innbygger", None) is not None
        or getattr(modell, "eierandel_etter", None) is not None
    )
    erklaert = bool(avtale.gjengivelse.get("per_innbygger"))
    assert erklaert or not har_nokkel, (
        f"{mappe.name} fordeler etter innbyggertall; skriv gjengivelse.per_innbygger i forventet.yaml"
    )
    if not erklaert:
        return
    grunn = "dataene har ingen nøkkel per innbygger"
    gjengitt = False
    stopp: list[str] = []
    if har_nokkel:
        _beregn_nokler(modell)
        try:
            build_document(modell)
            gjengitt = True
        except (RenderError, FordelingsFeil) as exc:
            grunn = str(exc)
            stopp = _felt_som_stopper(grunn)
    avventer = avtale.gjengivelse.get("avventer", ())
    ikke_lest = list(avtale.gjengivelse.get("ikke_lest") or [])
    if avventer:
        assert not gjengitt, (
            f"{mappe.name} gjengis nå med nøkkelen per innbygger: fjern «avventer» "
            f"({vent_tekst(avventer)}) under gjengivelse i forventet.yaml"
        )
    elif ikke_lest:
        assert not gjengitt, (
            f"{mappe.name} gjengis nå: fjern «ikke_lest» under gjengivelse i forventet.yaml"
        )
        assert stopp, f"{mappe.name}: dokumentet stoppes av noe annet enn manglende vilkår: {grunn}"
        andre = [s for s in stopp if not any(_under(s, felt) for felt in ikke_lest)]
        assert not andre, (
            f"{mappe.name}: dokumentet stoppes også av {andre}, som ikke er under "
            f"gjengivelse.ikke_lest: {grunn}"
        )
        ubrukt = [felt for felt in ikke_lest if not any(_under(s, felt) for s in stopp)]
        assert not ubrukt, (
            f"{mappe.name}: {ubrukt} stopper ikke lenger dokumentet; fjern dem fra "
            "gjengivelse.ikke_lest"
        )
    else:
        assert gjengitt, f"{mappe.name} skal gjengis med nøkkelen per innbygger, men: {grunn}"


def _beregn_nokler(modell) -> None:
    """Every per-capita amount and share the document would print, computed (FordelingsFeil
    fails the test with the reason): the key itself must work even when the document is refused
    for another reason."""
    if bruker_folketall(modell):
        beregn_fordeling(modell)
    beregn_eierandeler(modell)
    beregn_bidrag(modell)
    beregn_innskudd(modell)


_STOPP_LINJE = re.compile(r"^\s{2}(?P<sti>[\w.()]+): [A-Z0-9-]+: ", re.MULTILINE)


def _felt_som_stopper(grunn: str) -> list[str]:
    """The field paths the renderer's refusal names, one per missing term."""
    return [m["sti"] for m in _STOPP_LINJE.finditer(grunn)]


def _under(sti: str, felt: str) -> bool:
    return sti == felt or sti.startswith(felt + ".")
