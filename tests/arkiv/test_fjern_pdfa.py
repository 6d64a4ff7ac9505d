"""PDF/A in a shared archive: LibreOffice's PDF is not byte-reproducible, so two hosts (each with
its own PDF cache, as two machines have) make different PDF bytes of the same .docx. The archive
keeps the PDF it holds: the same event from another host is adopted (the .docx and every other file
compared byte for byte, the PDF only for being a PDF/A-2b of the same .docx), a later event of the
version carries the version's one PDF, a real difference is still refused.

Real LibreOffice, real git: a bare repository as the server and two hosts' archives, through the
same `arkiver` the CLI and the flows call. «Planned before the fetch» is what a host does when the
other host pushes between its plan and its write (the race); one test makes that race for real,
with the other host's whole archiving run between this host's commit and its push."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv, ArkivAvvist, ArkivHendelse
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.arkivering import arkiver, planlegg
from avtaleflyt.prosess import load_process_for
from avtaleflyt.rendering import pdfa
from avtaleflyt.tekstversjoner import med_pdfa, tekstversjoner
from avtaleflyt.yaml_dump import dump_avtale
from tests.arkiv.arkivdata import git
from tests.arkiv.test_fjern import hendelse_ider, server, tagger, vert
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale

pytestmark = pytest.mark.requires_tool("soffice")

ID = "lonn-regnskap"
PDF = "dokumenter/lonn-regnskap.pdf"
DOCX = "dokumenter/lonn-regnskap.docx"
VEDTATT = dt.date(2026, 3, 27)
SIGNERT = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def cacher(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each host's own PDF cache (kept for the module: a host's cache outlives one archiving)."""
    rot = tmp_path_factory.mktemp("pdfa-cacher")
    return {v: rot / v for v in ("a", "b")}


@pytest.fixture
def som(monkeypatch: pytest.MonkeyPatch, cacher: dict[str, Path]):
    """Act as host `v`: its PDF cache, LibreOffice or not."""

    def bytt(v: str, *, libreoffice: bool = True) -> None:
        monkeypatch.setenv("AVTALE_CACHE", str(cacher[v]))
        monkeypatch.setenv("AVTALE_PDFA", "ja" if libreoffice else "nei")

    return bytt


@pytest.fixture
def mappe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three municipalities' agreement, adopted by all three councils (vedtatt 2026-03-26)."""
    folder = tmp_path / "avtaler" / ID
    folder.mkdir(parents=True)
    (folder / "avtale.yaml").write_text(dump_avtale(lag_avtale()), encoding="utf-8")
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(folder.parent))
    for nr, mote in (
        ("5027", "mg-ks-2026-03-19"),
        ("5028", "melhus-ks-2026-03-24"),
        ("5029", "skaun-ks-2026-03-26"),
    ):
        tjenester.registrer_vedtak(
            folder,
            mote=mote,
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst="Vedtatt.",
            at=dt.date.fromisoformat(mote[-10:]),
        )
    return folder


@pytest.fixture
def fjern(tmp_path: Path) -> Path:
    return server(tmp_path / "fjern.git")


@pytest.fixture
def a(tmp_path: Path, fjern: Path) -> Arkiv:
    return vert(tmp_path / "a", fjern)


@pytest.fixture
def b(tmp_path: Path, fjern: Path) -> Arkiv:
    return vert(tmp_path / "b", fjern)


def signer(mappe: Path) -> None:
    for nr in ("5027", "5028", "5029"):
        tjenester.registrer_signatur(mappe, kommune=nr, dato=SIGNERT, at=SIGNERT)


def planlagte(mappe: Path, at: dt.date) -> list[ArkivHendelse]:
    """The events a host plans from the folder alone (before it sees the shared archive), with
    the PDF/A its LibreOffice and cache make."""
    _, prosess = load_process_for(mappe)
    hendelser, merknad = med_pdfa(planlegg(tekstversjoner(mappe), prosess, at))
    assert merknad == ""
    return hendelser


def pdf_ved(arkiv: Path, ref: str) -> str:
    return hashlib.sha256(Arkiv(arkiv).les_fil(ID, PDF, ved=ref)).hexdigest()


def pdfer_per_versjon(sted: Path) -> dict[str, str]:
    """tag -> sha256 of its PDF ("" when the event has none)."""
    ut = {}
    for t in Arkiv(sted).tagger(ID):
        pdf = Arkiv(sted).filer(ID, t.navn).get(PDF)
        ut[t.navn] = hashlib.sha256(pdf).hexdigest() if pdf is not None else ""
    return ut


def rent(*steder: Path) -> None:
    for sted in steder:
        funn = [f for f in verifiser(sted, rerender=standard_gjengiver()) if f.severity == "error"]
        assert funn == [], sted


def test_the_same_event_from_another_host_is_adopted_with_the_remotes_pdf(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    som("a")
    fra_a = arkiver(mappe, a.sti, VEDTATT)
    som("b")
    egen = planlagte(mappe, VEDTATT)[0].files[PDF]
    assert hashlib.sha256(egen).hexdigest() != pdf_ved(a.sti, "HEAD")  # the hosts' PDFs differ

    fra_b = arkiver(mappe, b.sti, VEDTATT)  # planned against b's copy, before it fetched a's

    assert fra_b.commits == fra_a.commits  # adopted: a's commit, not «annet innhold», not two
    assert hendelse_ider(fjern, "main") == [fra_a.hendelser[0].hendelse.hendelse_id]
    assert pdf_ved(b.sti, "HEAD") == pdf_ved(fjern, "main") == pdf_ved(a.sti, "HEAD")
    assert tagger(a.sti) == tagger(b.sti) == tagger(fjern)
    rent(b.sti, fjern)


def test_a_real_race_is_retried_and_the_event_adopted(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    """b has made its commit (with its own PDF) and is about to push when a archives the same
    event and pushes first: b's push is refused, b fetches, finds a's event and adopts it."""
    som("b")
    (h,) = planlagte(mappe, VEDTATT)
    fra_a: list[str] = []

    def a_forst(steg: str) -> None:
        if steg == "commit" and not fra_a:
            som("a")
            fra_a.extend(arkiver(mappe, a.sti, VEDTATT).commits)
            som("b")

    assert Arkiv(b.sti, steg=a_forst).arkiver(h) == fra_a[0]
    assert pdf_ved(fjern, "main") != hashlib.sha256(h.files[PDF]).hexdigest()
    assert len(hendelse_ider(fjern, "main")) == 1
    assert git(b.sti, "rev-parse", "HEAD") == git(fjern, "rev-parse", "main")
    rent(b.sti)


def test_a_later_event_of_the_version_carries_the_pdf_already_shared(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    """b plans «vedtatt» and «signert» from the folder (its own PDF) before it sees a's
    «vedtatt»: it adopts a's event and writes «signert» with a's PDF. A third host that fetches
    first (the normal path) plans from the shared archive and carries the same PDF."""
    som("a")
    arkiver(mappe, a.sti, VEDTATT)
    signer(mappe)
    som("b")
    fra_b = arkiver(mappe, b.sti, SIGNERT)
    assert [p.status for p in fra_b.hendelser] == ["ny", "ny"]  # b's stale plan
    assert len(fra_b.commits) == 2 and len(hendelse_ider(fjern, "main")) == 2
    assert set(pdfer_per_versjon(fjern).values()) == {pdf_ved(a.sti, "HEAD")}

    c = vert(mappe.parent.parent / "c", fjern)
    svar = tjenester.arkiver_forfalte(mappe, c.sti, SIGNERT)  # fetches, then plans
    assert [p.status for p in svar.hendelser] == ["arkivert", "arkivert"]
    assert set(pdfer_per_versjon(c.sti).values()) == {pdf_ved(a.sti, "HEAD")}
    rent(b.sti, fjern)


def test_a_real_difference_in_a_reproducible_file_is_still_refused(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    som("a")
    arkiver(mappe, a.sti, VEDTATT)
    som("b")
    (h,) = planlagte(mappe, VEDTATT)

    annen_docx = replace(h, files={**h.files, DOCX: h.files[DOCX] + b"\0"})
    with pytest.raises(ArkivAvvist, match=r"annet innhold \(.*dokumenter/lonn-regnskap\.docx"):
        b.arkiver(annen_docx)

    # same .docx, another process record: the PDF is settled, only the real differences named
    annen_prosess = replace(h, files={**h.files, "prosess.json": h.files["prosess.json"] + b" "})
    with pytest.raises(ArkivAvvist) as feil:
        b.arkiver(annen_prosess)
    assert "annet innhold (MANIFEST.json, prosess.json)" in str(feil.value)
    assert len(hendelse_ider(fjern, "main")) == 1
    rent(fjern)


def test_a_local_rerun_after_the_pdf_cache_was_cleared_adopts_its_own_event(
    mappe: Path, a: Arkiv, som, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    som("a")
    forste = arkiver(mappe, a.sti, VEDTATT).commits
    monkeypatch.setenv("AVTALE_CACHE", str(tmp_path / "tom-cache"))
    (h,) = planlagte(mappe, VEDTATT)  # converted again: new PDF bytes
    assert hashlib.sha256(h.files[PDF]).hexdigest() != pdf_ved(a.sti, "HEAD")
    for_ = pdf_ved(a.sti, "HEAD")

    assert a.arkiver(h) == forste[0]
    assert arkiver(mappe, a.sti, VEDTATT).commits == []
    assert pdf_ved(a.sti, "HEAD") == for_
    assert git(a.sti, "rev-list", "--count", "HEAD").strip() == "1"


def test_a_host_without_libreoffice_adopts_and_carries_the_shared_pdf(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    som("a")
    arkiver(mappe, a.sti, VEDTATT)
    signer(mappe)
    som("b", libreoffice=False)
    fra_b = arkiver(mappe, b.sti, SIGNERT)  # stale plan, no PDF of its own
    assert [p.status for p in fra_b.hendelser] == ["ny", "ny"]
    assert set(pdfer_per_versjon(fjern).values()) == {pdf_ved(a.sti, "HEAD")}
    assert len(hendelse_ider(fjern, "main")) == 2
    rent(fjern)


def test_an_event_archived_without_pdfa_is_adopted_as_it_stands(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    """a had no LibreOffice; b, with one, reruns the same event: the archived event is final, so
    b's PDF is left out (the version gets its PDF at its next event, as on one host)."""
    som("a", libreoffice=False)
    fra_a = arkiver(mappe, a.sti, VEDTATT).commits
    som("b")
    assert arkiver(mappe, b.sti, VEDTATT).commits == fra_a
    assert PDF not in Arkiv(fjern).filer(ID, "main")
    signer(mappe)
    arkiver(mappe, b.sti, SIGNERT)
    assert PDF in Arkiv(fjern).filer(ID, "main")
    rent(fjern)


def test_an_archived_pdf_that_is_not_pdfa_is_compared_by_its_bytes(
    mappe: Path, a: Arkiv, b: Arkiv, fjern: Path, som
) -> None:
    """Only a PDF/A-2b stands in for the rerun's PDF: anything else under that name is an
    ordinary file, and a rerun with other bytes is refused."""
    som("b")
    (h,) = planlagte(mappe, VEDTATT)
    assert pdfa.er_pdfa_2b(h.files[PDF])
    a.arkiver(replace(h, files={**h.files, PDF: b"%PDF-1.4\n% ikke PDF/A\n"}))
    with pytest.raises(ArkivAvvist, match=r"annet innhold \(MANIFEST\.json, dokumenter/"):
        b.arkiver(h)
    assert len(hendelse_ider(fjern, "main")) == 1
