"""`side_url`: the public address of an agreement's page, the same path the builder writes."""

from __future__ import annotations

import pytest

from avtaleflyt.nettsted import MILJOVARIABEL, adresse, side_url


def test_no_address_configured_gives_no_link(monkeypatch):
    monkeypatch.delenv(MILJOVARIABEL, raising=False)
    assert side_url("gauldal-landbruk") is None
    monkeypatch.setenv(MILJOVARIABEL, "  ")
    assert side_url("gauldal-landbruk") is None


def test_address_of_agreement_and_municipality_anchor(monkeypatch):
    monkeypatch.setenv(MILJOVARIABEL, "https://kommune.example/samarbeid")
    assert side_url("gauldal-landbruk") == (
        "https://kommune.example/samarbeid/avtaler/gauldal-landbruk/index.html"
    )
    assert side_url("gauldal-landbruk", "5029") == (
        "https://kommune.example/samarbeid/avtaler/gauldal-landbruk/index.html#kommune-5029"
    )


@pytest.mark.parametrize("ond", ["../x", "a/b", "", ".", "..", "a b"])
def test_an_id_that_would_leave_its_folder_is_refused(ond):
    with pytest.raises(ValueError, match="kan ikke brukes"):
        adresse.avtaleside(ond)


def test_relative_links_climb_to_the_site_root():
    assert adresse.relativ("index.html", "stil.css") == "stil.css"
    assert adresse.relativ("avtaler/x/v1.html", "stil.css") == "../../stil.css"
    assert (
        adresse.relativ("kommuner/5027.html", "avtaler/x/index.html") == "../avtaler/x/index.html"
    )


def test_the_built_page_is_where_side_url_points(nettsted, monkeypatch):
    monkeypatch.setenv(MILJOVARIABEL, "https://kommune.example/")
    url = side_url("gauldal-lonn-regnskap", "5029")
    assert url is not None
    sti, anker = url.removeprefix("https://kommune.example/").split("#")
    assert (nettsted.ut / sti).is_file()
    assert f'id="{anker}"' in (nettsted.ut / sti).read_text(encoding="utf-8")


def test_an_attachment_lies_apart_from_the_documents_of_its_version():
    assert adresse.arkivfil("a", 2, "dokumenter/a.md") == "avtaler/a/filer/v2/a.md"
    assert adresse.arkivfil("a", 2, "vedlegg/a.md") == "avtaler/a/filer/v2/vedlegg/a.md"
    assert (
        adresse.arkivfil("a", 2, "vedtak-i-deltakerkommunene.md")
        == "avtaler/a/filer/v2/vedtak-i-deltakerkommunene.md"
    )
    with pytest.raises(ValueError):
        adresse.arkivfil("a", 2, "vedlegg/../x")
