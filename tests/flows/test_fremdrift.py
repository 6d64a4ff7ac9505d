"""The agreement's next steps, with the service layer alone (no Prefect)."""

import datetime as dt
from types import SimpleNamespace as NS

import yaml

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering import fremdrift as fr
from avtaleflyt.orkestrering.fremdrift import livslop_direkte

AVTALE = "gauldal-landbruk"


def _hendelser(arbeid):
    a = Arkiv(arbeid["arkiv"])
    return [(h.hendelse, h.juridisk_dato) for h in a.hendelser(AVTALE)] if a.finnes() else []


def test_nothing_is_archived_before_the_councils_adopt(arbeid):
    livslop_direkte(arbeid["mappe"], dt.date(2026, 3, 1), arbeid["arkiv"], arbeid["dokumenter"])
    assert _hendelser(arbeid) == []
    assert (arbeid["dokumenter"] / AVTALE / "v1").is_dir()


def test_lifecycle_archives_each_milestone_once_on_its_legal_date(arbeid):
    slutt = dt.date(2027, 6, 1)
    livslop_direkte(arbeid["mappe"], slutt, arbeid["arkiv"], arbeid["dokumenter"])
    hendelser = _hendelser(arbeid)
    assert [h for h, _ in hendelser] == ["vedtatt", "signert", "i-kraft"]
    assert dict(hendelser)["i-kraft"] == dt.date(2027, 5, 1)
    # a rerun archives nothing: every step finds its event there
    igjen = livslop_direkte(arbeid["mappe"], slutt, arbeid["arkiv"], arbeid["dokumenter"])
    assert all(steg["utfort"] == [] for steg in igjen)
    assert len(Arkiv(arbeid["arkiv"]).hendelser(AVTALE)) == 3


def test_entry_into_force_waits_for_its_date(arbeid):
    livslop_direkte(arbeid["mappe"], dt.date(2027, 4, 30), arbeid["arkiv"], arbeid["dokumenter"])
    assert [h for h, _ in _hendelser(arbeid)] == ["vedtatt", "signert"]


def test_a_held_meeting_without_decision_is_reported_and_nothing_archived(arbeid):
    p = arbeid["mappe"] / "prosess.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    fjernet = data["vedtak"].pop()
    data["signaturer"], data["ikrafttredelse"] = [], []
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    v = fr.vurder_mappe(arbeid["mappe"], fjernet["motedato"], arbeid["dokumenter"])
    assert any(t.art == "varsel" and fjernet["mote"] in t.melding for t in v.tiltak)
    livslop_direkte(arbeid["mappe"], fjernet["motedato"], arbeid["arkiv"], arbeid["dokumenter"])
    assert _hendelser(arbeid) == []


def test_documents_are_due_for_an_upcoming_meeting_until_rendered():
    mote = NS(
        id="ks",
        avlyst=False,
        behandling="vedtak",
        dato=dt.date(2026, 12, 10),
        kommuner=["5027"],
        organ="kommunestyre",
    )
    st = NS(
        avtale="a",
        tilstand="til_behandling",
        versjon=1,
        avtale_hash="h",
        frister=[NS(saksframlegg_frist=dt.date(2026, 11, 26))],
        ma_behandle=[NS(kommune="5027", organ="kommunestyre")],
    )
    prosess = NS(moter=[mote], vedtak=[], signaturer=[], ikrafttredelse=[], opphor=[])
    due = fr.vurder(st, prosess, dt.date(2026, 11, 20), dokumenter_finnes=False)
    assert [t.art for t in due.tiltak] == ["dokumenter"] and "2026-11-26" in due.tiltak[0].melding
    assert fr.vurder(st, prosess, dt.date(2026, 11, 20), dokumenter_finnes=True).tiltak == []
    etter = fr.vurder(st, prosess, dt.date(2026, 12, 11), dokumenter_finnes=False)
    assert [t.art for t in etter.tiltak] == ["varsel"]


def test_the_archive_step_comes_once_a_decision_is_recorded():
    st = NS(
        avtale="a",
        tilstand="til_behandling",
        versjon=1,
        avtale_hash="h",
        frister=[],
        ma_behandle=[],
    )
    vedtak = NS(kommune="5027", mote="ks", motedato=dt.date(2026, 12, 10))
    prosess = NS(moter=[], vedtak=[vedtak], signaturer=[], ikrafttredelse=[], opphor=[])
    assert fr.vurder(st, prosess, dt.date(2026, 12, 9), dokumenter_finnes=True).tiltak == []
    assert [
        t.art for t in fr.vurder(st, prosess, dt.date(2026, 12, 10), dokumenter_finnes=True).tiltak
    ] == ["arkiver"]
