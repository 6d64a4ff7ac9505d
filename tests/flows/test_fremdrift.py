"""The agreement's next steps, with the plain functions (no Prefect)."""

import datetime as dt

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.orkestrering import fremdrift as fr
from flows.flyter import livslop_direkte

AVTALE = "gauldal-landbruk"


def test_nothing_is_due_before_the_decisions_but_documents(arbeid):
    v = fr.vurder_mappe(arbeid["mappe"], dt.date(2026, 3, 1), arbeid["arkiv"], arbeid["dokumenter"])
    assert not [t for t in v.tiltak if t.art == "arkiver"]


def test_lifecycle_archives_each_milestone_once_on_its_legal_date(arbeid):
    slutt = dt.date(2027, 6, 1)
    livslop_direkte(arbeid["mappe"], slutt, arbeid["arkiv"], arbeid["dokumenter"])
    hendelser = [(h.hendelse, h.juridisk_dato) for h in Arkiv(arbeid["arkiv"]).hendelser(AVTALE)]
    assert [h for h, _ in hendelser] == ["vedtatt", "signert", "i-kraft"]
    assert dict(hendelser)["i-kraft"] == dt.date(2027, 5, 1)
    # a rerun finds nothing left to do
    v = fr.vurder_mappe(arbeid["mappe"], slutt, arbeid["arkiv"], arbeid["dokumenter"])
    assert [t for t in v.tiltak if t.art == "arkiver"] == []
    livslop_direkte(arbeid["mappe"], slutt, arbeid["arkiv"], arbeid["dokumenter"])
    assert len(Arkiv(arbeid["arkiv"]).hendelser(AVTALE)) == 3


def test_entry_into_force_waits_for_its_date(arbeid):
    fr_dato = dt.date(2027, 4, 30)
    v = fr.vurder_mappe(arbeid["mappe"], fr_dato, arbeid["arkiv"], arbeid["dokumenter"])
    assert [t.hendelse for t in v.tiltak if t.art == "arkiver"] == ["vedtatt", "signert"]


def test_a_held_meeting_without_decision_is_reported(arbeid):
    import yaml

    p = arbeid["mappe"] / "prosess.yaml"
    data = yaml.safe_load(p.read_text(encoding="utf-8"))
    fjernet = data["vedtak"].pop()
    data["signaturer"], data["ikrafttredelse"] = [], []
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    v = fr.vurder_mappe(arbeid["mappe"], fjernet["motedato"], arbeid["arkiv"], arbeid["dokumenter"])
    assert any(t.art == "varsel" and fjernet["mote"] in t.melding for t in v.tiltak)
    assert not [t for t in v.tiltak if t.art == "arkiver"]


def test_documents_are_due_for_an_upcoming_meeting_until_rendered():
    from types import SimpleNamespace as NS

    mote = NS(id="ks", avlyst=False, behandling="vedtak", dato=dt.date(2026, 12, 10))
    st = NS(avtale="a", tilstand="til_behandling", versjon=1, avtale_hash="h",
            frister=[NS(saksframlegg_frist=dt.date(2026, 11, 26))])
    prosess = NS(moter=[mote], vedtak=[], signaturer=[], ikrafttredelse=[])
    due = fr.vurder(st, prosess, dt.date(2026, 11, 20), set(), dokumenter_finnes=False)
    assert [t.art for t in due.tiltak] == ["dokumenter"] and "2026-11-26" in due.tiltak[0].melding
    assert fr.vurder(st, prosess, dt.date(2026, 11, 20), set(), dokumenter_finnes=True).tiltak == []
    etter = fr.vurder(st, prosess, dt.date(2026, 12, 11), set(), dokumenter_finnes=False)
    assert [t.art for t in etter.tiltak] == ["varsel"]
