"""The Noark 5 arkivuttrekk (issue 15 item 5): every XML file validates against Arkivverket's
schemas (the copies in avtaleflyt/noark5/skjema), and the checks Arkade adds beyond the schemas
pass on a good uttrekk and catch each kind of damage."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from avtaleflyt.arkiv import Arkiv
from avtaleflyt.arkivering import arkiver_avtale
from avtaleflyt.cli.main import app
from avtaleflyt.noark5 import UttrekkFeil, kontroller, lag_uttrekk
from avtaleflyt.noark5.kontroll import SKJEMA_MAPPE, XML_SKJEMA, skjema
from tests.noark5.conftest import TO, _uten_skaun
from tests.revisjon import hjelp

N5 = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
README = (SKJEMA_MAPPE / "README.md").read_text(encoding="utf-8")


def regler(funn) -> set[str]:
    return {f.rule for f in funn}


@pytest.fixture(scope="module")
def uttrekk(scenario, tmp_path_factory) -> Path:
    ut = tmp_path_factory.mktemp("uttrekk") / "5027"
    r = lag_uttrekk(scenario.arkiv, ut, "5027")
    assert r.funn == [], [f.one_line() for f in r.funn]
    return ut


@pytest.fixture
def kopi(uttrekk, tmp_path) -> Path:
    mal = tmp_path / "kopi"
    shutil.copytree(uttrekk, mal)
    return mal


def test_the_shipped_schemas_are_arkivverkets_unchanged():
    for navn, sjekksum in re.findall(r"`(\w+\.xsd)` \| [^|]+ \| `([0-9a-f]{64})`", README):
        assert hashlib.sha256((SKJEMA_MAPPE / navn).read_bytes()).hexdigest() == sjekksum, navn
    assert len(re.findall(r"\.xsd` \|", README)) == 6


def test_every_xml_file_validates_against_its_schema(uttrekk):
    for fil, navn in XML_SKJEMA.items():
        s = skjema(navn)
        assert s.validate(etree.parse(str(uttrekk / fil))), (fil, str(s.error_log))


def test_the_gauldal_example_uttrekk_validates_and_passes_the_arkade_checks(gauldal, tmp_path):
    r = lag_uttrekk(gauldal, tmp_path / "ut", "5027")
    assert r.funn == [], [f.one_line() for f in r.funn]
    assert len(r.uttrekk.mapper) == 9  # Midtre Gauldal is party to all nine example agreements
    for fil, navn in XML_SKJEMA.items():
        assert skjema(navn).validate(etree.parse(str(tmp_path / "ut" / fil))), fil
    alle = lag_uttrekk(gauldal, tmp_path / "alle")
    assert alle.funn == []


def test_one_saksmappe_per_agreement_one_journalpost_per_legal_event(uttrekk, scenario):
    tre = etree.parse(str(uttrekk / "arkivstruktur.xml"))
    mapper = {m.findtext(f"{N5}tittel"): m for m in tre.iter(f"{N5}mappe")}
    assert sorted(mapper) == [
        "Avtale om administrativt vertskommunesamarbeid om landbruksforvaltning",
        "Fagnettverk for landbruk",
    ]
    landbruk = mapper["Avtale om administrativt vertskommunesamarbeid om landbruksforvaltning"]
    titler = [
        j.findtext(f"{N5}tittel").split(", ", 1)[-1] for j in landbruk.iter(f"{N5}registrering")
    ]
    # v1: two councils, two signatures, in force; v2: three councils and an amendment of v1,
    # three signatures, in force; then the termination
    assert [t.split(": ")[-1].split(" (")[0].split(" i ")[0] for t in titler].count("vedtak") == 5
    assert sum("signert for" in t for t in titler) == 5
    assert sum(t.endswith("i kraft") for t in titler) == 2
    assert sum("endrer versjon 1" in t for t in titler) == 1
    assert titler[-1].endswith("opphørt")
    assert landbruk.findtext(f"{N5}saksstatus") == "Avsluttet"
    datoer = [j.findtext(f"{N5}journaldato") for j in landbruk.iter(f"{N5}registrering")]
    assert datoer == sorted(datoer)
    vedtak = [
        j
        for j in landbruk.iter(f"{N5}registrering")
        if "Midtre Gauldal (5027) kommunestyre" in (j.findtext(f"{N5}beskrivelse") or "")
    ]
    assert "sak PS 10/26" in vedtak[0].findtext(f"{N5}beskrivelse")


def test_each_version_text_is_the_archived_bytes_with_checksum_and_format(uttrekk, scenario):
    tre = etree.parse(str(uttrekk / "arkivstruktur.xml"))
    arkiv = Arkiv(scenario.arkiv)
    objekter = list(tre.iter(f"{N5}dokumentobjekt"))
    docx = [o for o in objekter if o.findtext(f"{N5}format") == "fmt/412"]
    assert {o.findtext(f"{N5}referanseDokumentfil") for o in docx} >= {
        "dokumenter/landbruk/v1/landbruk.docx",
        "dokumenter/landbruk/v2/landbruk.docx",
    }
    for o in docx:
        sti = o.findtext(f"{N5}referanseDokumentfil")
        avtale, versjon = sti.split("/")[1:3]
        arkivert = arkiv.les_fil(
            avtale, f"dokumenter/{avtale}.docx", ved=f"{avtale}/{versjon}/signert"
        )
        assert (uttrekk / sti).read_bytes() == arkivert
        assert o.findtext(f"{N5}sjekksum") == hashlib.sha256(arkivert).hexdigest()
        assert o.findtext(f"{N5}sjekksumAlgoritme") == "SHA256"
        assert o.findtext(f"{N5}variantformat") == "Produksjonsformat"


@pytest.mark.requires_tool("soffice")
def test_the_archival_format_is_the_archived_pdfa(uttrekk, scenario):
    tre = etree.parse(str(uttrekk / "arkivstruktur.xml"))
    pdf = [
        o
        for o in tre.iter(f"{N5}dokumentobjekt")
        if o.findtext(f"{N5}variantformat") == "Arkivformat"
    ]
    assert len(pdf) == 3  # landbruk v1, v2 and nettverk v1
    for o in pdf:
        assert o.findtext(f"{N5}format") == "fmt/477"
        sti = o.findtext(f"{N5}referanseDokumentfil")
        avtale, versjon = sti.split("/")[1:3]
        arkivert = Arkiv(scenario.arkiv).les_fil(
            avtale, f"dokumenter/{avtale}.pdf", ved=f"{avtale}/{versjon}/vedtatt"
        )
        assert (uttrekk / sti).read_bytes() == arkivert
        assert o.find(f"{N5}konvertering/{N5}konverteringsverktoey").text.startswith("LibreOffice")


def test_the_uttrekk_is_deterministic(scenario, uttrekk, tmp_path):
    lag_uttrekk(scenario.arkiv, tmp_path / "igjen", "5027")
    for fil in sorted(p for p in uttrekk.rglob("*") if p.is_file()):
        assert (tmp_path / "igjen" / fil.relative_to(uttrekk)).read_bytes() == fil.read_bytes(), fil


def test_addml_states_the_files_checksums_and_counts(uttrekk):
    tekst = (uttrekk / "arkivuttrekk.xml").read_text(encoding="utf-8")
    for fil in (
        "arkivstruktur.xml",
        "endringslogg.xml",
        "arkivstruktur.xsd",
        "metadatakatalog.xsd",
    ):
        assert hashlib.sha256((uttrekk / fil).read_bytes()).hexdigest() in tekst, fil
    tre = etree.parse(str(uttrekk / "arkivstruktur.xml"))
    antall = len(list(tre.iter(f"{N5}registrering")))
    assert re.search(rf"<value>registrering</value>.*?<value>{antall}</value>", tekst, re.S)


def test_a_changed_document_is_caught(kopi):
    pdf = next((kopi / "dokumenter").rglob("*.docx"))
    pdf.write_bytes(pdf.read_bytes() + b"\0")
    funn = kontroller(kopi)
    assert {"NOARK5-SJEKKSUM", "NOARK5-STORRELSE"} <= regler(funn)


def test_a_missing_and_an_unreferenced_file_are_caught(kopi):
    next((kopi / "dokumenter").rglob("*.docx")).unlink()
    (kopi / "dokumenter" / "ekstra.pdf").write_bytes(b"%PDF-1.7")
    funn = [f for f in kontroller(kopi) if f.rule == "NOARK5-DOKUMENTFIL"]
    assert any("finnes ikke" in f.message for f in funn)
    assert any("ekstra.pdf" in f.message and "ingen dokumentobjekt" in f.message for f in funn)


def test_an_edited_arkivstruktur_breaks_its_addml_checksum_and_a_duplicate_systemid_is_caught(kopi):
    sti = kopi / "arkivstruktur.xml"
    tekst = sti.read_text(encoding="utf-8")
    forste = re.findall(r"<systemID>([^<]+)</systemID>", tekst)
    tekst = tekst.replace(forste[3], forste[2])
    sti.write_text(tekst, encoding="utf-8")
    assert {"NOARK5-SYSTEMID", "NOARK5-ADDML"} <= regler(kontroller(kopi))


def test_wrong_counts_in_addml_are_caught(kopi):
    sti = kopi / "arkivuttrekk.xml"
    tekst = sti.read_text(encoding="utf-8")
    tekst = re.sub(
        r"(<value>mappe</value>.*?<property name=\"value\" dataType=\"integer\">\s*<value>)(\d+)",
        lambda m: m.group(1) + str(int(m.group(2)) + 1),
        tekst,
        count=1,
        flags=re.S,
    )
    sti.write_text(tekst, encoding="utf-8")
    funn = kontroller(kopi)
    assert any(f.rule == "NOARK5-ANTALL" and "mappe" in f.message for f in funn), funn


def test_inconsistent_dates_are_caught(kopi):
    sti = kopi / "arkivstruktur.xml"
    tekst = sti.read_text(encoding="utf-8")
    datoer = re.findall(r"<journaldato>([^<]+)</journaldato>", tekst)
    tekst = tekst.replace(
        f"<journaldato>{datoer[1]}</journaldato>", "<journaldato>1999-01-01</journaldato>", 1
    )
    sti.write_text(tekst, encoding="utf-8")
    funn = [f for f in kontroller(kopi) if f.rule == "NOARK5-DATO"]
    assert any("går bakover" in f.message for f in funn)
    assert any("utenfor arkivperioden" in f.message for f in funn)


def test_a_schema_violation_and_a_dangling_change_reference_are_caught(kopi):
    sti = kopi / "arkivstruktur.xml"
    sti.write_text(
        re.sub(r"<saksstatus>[^<]+</saksstatus>", "", sti.read_text(encoding="utf-8"), count=1),
        encoding="utf-8",
    )
    logg = kopi / "endringslogg.xml"
    logg.write_text(
        re.sub(
            r"<referanseArkivenhet>[^<]+<",
            "<referanseArkivenhet>00000000-0000-0000-0000-000000000000<",
            logg.read_text(encoding="utf-8"),
            count=1,
        ),
        encoding="utf-8",
    )
    funn = kontroller(kopi)
    assert any(f.rule == "NOARK5-SKJEMA" and "saksstatus" in f.message for f in funn), funn
    assert "NOARK5-ENDRINGSLOGG" in regler(funn)


def test_only_the_municipalitys_cooperations_are_in_its_uttrekk(scenario, tmp_path):
    r = lag_uttrekk(scenario.arkiv, tmp_path / "5029", "5029")
    assert [m.avtale_id for m in r.uttrekk.mapper] == ["landbruk"]  # Skaun joined v2 only
    assert r.funn == []
    with pytest.raises(UttrekkFeil, match="kommune 3301 er part i"):
        lag_uttrekk(scenario.arkiv, tmp_path / "3301", "3301")


def test_cli_writes_checks_and_refuses_a_folder_in_use(scenario, tmp_path):
    runner = CliRunner()
    ut = tmp_path / "ut"
    svar = runner.invoke(
        app, ["noark5", "--arkiv", str(scenario.arkiv), "--kommune", "5028", "--out", str(ut)]
    )
    assert svar.exit_code == 0, svar.output
    assert "2 saksmapper" in svar.output and "består kontrollen" in svar.output
    igjen = runner.invoke(app, ["noark5", "--arkiv", str(scenario.arkiv), "--out", str(ut)])
    assert igjen.exit_code == 2 and "ikke en tom mappe" in igjen.output
    feil = runner.invoke(
        app,
        ["noark5", "--arkiv", str(scenario.arkiv), "--kommune", "50", "--out", str(tmp_path / "x")],
    )
    assert feil.exit_code == 2 and "fire siffer" in feil.output


def _arkiv_uten_pdfa(rot: Path, monkeypatch) -> Path:
    monkeypatch.setenv("AVTALE_PDFA", "nei")
    arkiv = rot / "arkiv"
    Arkiv(arkiv).opprett(simulering=True)
    m = hjelp.lag_avtale(rot / "avtaler", "landbruk", **_uten_skaun())
    hjelp.vedta_alle(m, dt.date(2026, 11, 3), sak=10, kommuner=TO)
    arkiver_avtale(m, arkiv, dt.date(2026, 11, 30))
    monkeypatch.delenv("AVTALE_PDFA")
    return arkiv


def test_without_pdfa_in_the_archive_nor_libreoffice_the_uttrekk_holds_the_docx_and_says_so(
    tmp_path, monkeypatch
):
    arkiv = _arkiv_uten_pdfa(tmp_path, monkeypatch)
    monkeypatch.setenv("AVTALE_SOFFICE", str(tmp_path / "finnes-ikke"))
    r = lag_uttrekk(arkiv, tmp_path / "ut", "5027")
    assert r.funn == []
    assert r.uttrekk.mangler == [
        "landbruk versjon 1: arkivet har ingen PDF/A, og LibreOffice finnes ikke her; uttrekket "
        "har bare .docx (produksjonsformat) for versjonen"
    ]
    assert sorted(p.name for p in (tmp_path / "ut" / "dokumenter").rglob("*.*")) == [
        "landbruk.docx"
    ]


@pytest.mark.requires_tool("soffice")
def test_an_archive_without_pdfa_gets_it_made_from_the_archived_docx_at_the_uttrekk(
    tmp_path, monkeypatch
):
    arkiv = _arkiv_uten_pdfa(tmp_path, monkeypatch)
    r = lag_uttrekk(arkiv, tmp_path / "ut", "5027")
    assert r.funn == [] and r.uttrekk.mangler == []
    tekst = (tmp_path / "ut" / "arkivstruktur.xml").read_text(encoding="utf-8")
    assert "Laget ved uttrekket fra arkivert .docx" in tekst


def test_the_journals_list_exactly_the_journalposts_of_the_arkivstruktur(uttrekk, kopi):
    struktur = etree.parse(str(uttrekk / "arkivstruktur.xml"))
    antall = len(list(struktur.iter(f"{N5}registrering")))
    for fil in ("loependeJournal.xml", "offentligJournal.xml"):
        tekst = (uttrekk / fil).read_text(encoding="utf-8")
        assert tekst.count("<journalregistrering>") == antall
        assert f"<antallJournalposter>{antall}</antallJournalposter>" in tekst
    sti = kopi / "loependeJournal.xml"
    sti.write_text(
        re.sub(
            r"<journalregistrering>.*?</journalregistrering>",
            "",
            sti.read_text(encoding="utf-8"),
            count=1,
            flags=re.S,
        ),
        encoding="utf-8",
    )
    funn = kontroller(kopi)
    assert any(f.rule == "NOARK5-JOURNAL" and "mangler i journalen" in f.message for f in funn)
    assert any(f.rule == "NOARK5-JOURNAL" and "journalhodet sier" in f.message for f in funn)
    assert any(f.rule == "NOARK5-ADDML" and "loependeJournal.xml" in f.message for f in funn)
