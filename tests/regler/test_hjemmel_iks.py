"""Every catalogue rule that rests on IKS-loven cites the ledd and punktum (or nr.) it rests on, so
a kommuneadvokat can find the sentence; a rule whose text could not be read says so instead
(`verifisert: false`) rather than citing a place nobody checked (issue 12 item 11).

What was read (Lovdata, LOV-1999-01-29-6, via the search corpus): § 1 (one ledd, three punktum),
§ 2, § 3 første ledd (three punktum) and § 4 første ledd (four punktum) and the first punktum of
annet ledd. § 4 tredje ledd (the minimum content of the selskapsavtale, with its numbered items),
§ 6 and § 22 were not in the text that could be read.
"""

from __future__ import annotations

import re

import pytest

from schemas.regler import REGLER, Hjemmel, Regel

ORDINAL = {"første": 1, "annet": 2, "tredje": 3, "fjerde": 4, "femte": 5}

# (paragraf, ledd) -> how many punktum the read text has; None = the paragraph has one ledd only.
LEST: dict[tuple[str, str | None], int] = {
    ("1", None): 3,
    ("2", None): 1,
    ("3", "første"): 3,
    ("4", "første"): 4,
    ("4", "annet"): 2,
}
# The paragraphs whose text is known to have a single ledd (cited by punktum, not ledd).
ETT_LEDD = {"1", "2"}
# § 4 tredje ledd lists numbered items: a verified rule resting on it must name its nr.
NUMMERERT = {("4", "tredje")}

IKS_I_TILLEGG = re.compile(r"IKS-loven §\s*(\d+)(?P<rest>[^;]*)")


def _iks_regler() -> list[tuple[Regel, Hjemmel]]:
    return [
        (regel, del_)
        for regel in REGLER.values()
        for del_ in regel.hjemmel.deler()
        if del_.lov == "IKS-loven"
    ]


def _punktum(tillegg: str | None) -> list[int]:
    """The punktum numbers a citation's `tillegg` names («annet og tredje punktum» -> [2, 3])."""
    if not tillegg or "punktum" not in tillegg:
        return []
    foran = tillegg.split("punktum")[0]
    return [ORDINAL[o] for o in re.findall(r"\b(første|annet|tredje|fjerde|femte)\b", foran)]


def test_katalogen_har_iks_regler() -> None:
    par = _iks_regler()
    assert len({r.id for r, _ in par}) >= 15
    assert {h.paragraf for _, h in par} >= {"1", "3", "4", "6", "22"}


@pytest.mark.parametrize(
    "regel,hjemmel", _iks_regler(), ids=lambda v: v.id if isinstance(v, Regel) else ""
)
def test_iks_hjemmel_angir_ledd_og_punktum_eller_nr(regel: Regel, hjemmel: Hjemmel) -> None:
    assert hjemmel.paragraf
    if not regel.verifisert and (hjemmel.paragraf, hjemmel.ledd) not in LEST:
        # Text not read: the rule is marked unverified, and nothing more precise is claimed.
        assert hjemmel.nr is None and not _punktum(hjemmel.tillegg), regel.id
        return
    assert regel.verifisert or (hjemmel.paragraf, hjemmel.ledd) in LEST, regel.id
    if hjemmel.paragraf in ETT_LEDD:
        assert hjemmel.ledd is None, f"{regel.id}: § {hjemmel.paragraf} har bare ett ledd"
    else:
        assert hjemmel.ledd in ORDINAL, f"{regel.id}: {hjemmel} mangler ledd"
    if (hjemmel.paragraf, hjemmel.ledd) in NUMMERERT:
        assert hjemmel.nr, f"{regel.id}: {hjemmel} mangler nr."
    antall = LEST.get((hjemmel.paragraf, hjemmel.ledd))
    if antall is not None and antall > 1:
        punktum = _punktum(hjemmel.tillegg)
        assert punktum, f"{regel.id}: {hjemmel} mangler punktum"
        assert all(1 <= p <= antall for p in punktum), f"{regel.id}: {hjemmel}"


def test_uleste_ledd_er_merket_ukontrollert() -> None:
    """§ 4 tredje ledd, § 6 and § 22 could not be read: every rule on them stays unverified until
    someone reads the text and adds the ledd and nr."""
    uleste = [
        regel.id
        for regel, h in _iks_regler()
        if (h.paragraf, h.ledd) not in LEST and (h.paragraf, h.ledd) != ("4", "tredje")
    ]
    tredje = [regel for regel, h in _iks_regler() if (h.paragraf, h.ledd) == ("4", "tredje")]
    assert tredje and all(not r.verifisert and not r.hjemmel.nr for r in tredje)
    assert sorted(uleste) == ["IKSL-22-LANERAMME", "IKSL-6-REPRESENTANTSKAP"]
    assert not any(REGLER[i].verifisert for i in uleste)


def test_iks_loven_i_tillegg_angir_punktum() -> None:
    """A reference to IKS-loven written inside another law's citation is held to the same rule."""
    funnet = []
    for regel in REGLER.values():
        for del_ in regel.hjemmel.deler():
            for m in IKS_I_TILLEGG.finditer(del_.tillegg or ""):
                funnet.append(regel.id)
                paragraf, rest = m.group(1), m.group("rest")
                if paragraf in ETT_LEDD:
                    assert "punktum" in rest, f"{regel.id}: {m.group(0)}"
                else:
                    assert "ledd" in rest, f"{regel.id}: {m.group(0)}"
    assert "DELTAKER-ART-NUMMER" in funnet


def test_utskriften_viser_punktum() -> None:
    assert str(REGLER["PROSESS-KOMMUNESTYRET-SELV"].hjemmel).endswith(
        "IKS-loven § 4 første ledd annet og tredje punktum"
    )
    assert str(REGLER["IKSL-1-DELTAKERE-MINST-TO"].hjemmel) == "IKS-loven § 1 annet punktum"
    assert str(REGLER["IKSL-3-ANSVARSANDEL-SUM"].hjemmel) == (
        "IKS-loven § 3 første ledd annet punktum"
    )
    assert str(REGLER["IKSL-4-OPPTAK-VEDTAK"].hjemmel) == (
        "IKS-loven § 4 annet ledd første punktum og tredje ledd"
    )
