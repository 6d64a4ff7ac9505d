"""history, show --at, diff and register on a real archive built through the archive API."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import zipfile

import pytest
from click.testing import CliRunner
from lxml import etree

from avtaleflyt import revisjon
from avtaleflyt.cli.main import app
from avtaleflyt.revisjon.endringer import sammendrag

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
runner = CliRunner()


def _cli(*args):
    return runner.invoke(app, [str(a) for a in args])


# --------------------------------------------------------------------------- history


def test_history_viser_hvert_vedtak(scenario):
    h = revisjon.historikk(scenario.arkiv, "landbruk")
    assert sorted(h.versjoner) == [1, 2]
    v1, v2 = h.versjoner[1], h.versjoner[2]
    assert [(x.kommunenummer, x.dato, x.organ, x.saksnummer) for x in v1.vedtak] == [
        ("5027", dt.date(2026, 11, 3), "kommunestyre", "PS 10/26"),
        ("5028", dt.date(2026, 11, 4), "kommunestyre", "PS 11/26"),
    ]
    assert [x.kommunenavn for x in v2.vedtak] == ["Midtre Gauldal", "Melhus", "Skaun"]
    assert [s.dato for s in v2.signaturer] == [
        dt.date(2027, 4, 20),
        dt.date(2027, 4, 21),
        dt.date(2027, 4, 22),
    ]
    assert (v1.ikraft, v1.gyldig_til) == (dt.date(2027, 1, 1), dt.date(2027, 7, 1))
    assert (v2.ikraft, v2.gyldig_til, v2.endrer) == (dt.date(2027, 7, 1), dt.date(2028, 1, 1), 1)
    assert h.opphort == dt.date(2028, 1, 1)

    r = _cli("history", "landbruk", "--arkiv", scenario.arkiv)
    assert r.exit_code == 0, r.output
    for linje in (
        "vedtatt 03.11.2026  Midtre Gauldal kommunestyre (5027), sak PS 10/26",
        "vedtatt 04.11.2026  Melhus kommunestyre (5028), sak PS 11/26",
        "vedtatt 08.04.2027  Skaun kommunestyre (5029), sak PS 42/26",
        "i kraft fra 01.01.2027 til og med 30.06.2027",
        "i kraft fra 01.07.2027 til og med 31.12.2027",
        "Opphørt 01.01.2028",
    ):
        assert linje in r.output


def test_history_leser_ikke_commit_tid(scenario, tmp_path):
    """A clone whose every commit and tag got a different (reversed, 1990s) date answers the same:
    legal dates come from trailers and archived data only."""
    klon = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", str(scenario.arkiv), str(klon)], check=True)
    subprocess.run(
        ["git", "-C", str(klon), "fetch", "-q", "origin", "refs/tags/*:refs/tags/*"], check=True
    )
    filter_ = (
        "n=$(git rev-list --count $GIT_COMMIT); "
        'export GIT_COMMITTER_DATE="$((900000000 - n * 86400)) +0000"; '
        'export GIT_AUTHOR_DATE="$GIT_COMMITTER_DATE"'
    )
    subprocess.run(
        [
            "git",
            "-C",
            str(klon),
            "filter-branch",
            "-f",
            "--env-filter",
            filter_,
            "--tag-name-filter",
            "cat",
            "--",
            "--all",
        ],
        check=True,
        capture_output=True,
        env={**__import__("os").environ, "FILTER_BRANCH_SQUELCH_WARNING": "1"},
    )
    datoer = subprocess.run(
        ["git", "-C", str(klon), "log", "--format=%cs"], capture_output=True, text=True, check=True
    ).stdout.split()
    assert all(d.startswith("199") for d in datoer)
    a = json.loads(_cli("history", "landbruk", "--json", "--arkiv", scenario.arkiv).output)
    b = json.loads(_cli("history", "landbruk", "--json", "--arkiv", klon).output)

    def uten_commit(h):
        return [
            {
                **v,
                "hendelser": [
                    {k: x for k, x in e.items() if k != "commit"} for e in v["hendelser"]
                ],
            }
            for v in h["versjoner"]
        ]

    assert uten_commit(a) == uten_commit(b)
    assert a["versjoner"][0]["i_kraft_fra"] == "2027-01-01"
    g = revisjon.gjeldende(klon, "landbruk", dt.date(2027, 7, 1))
    assert g is not None and g.versjon.versjon == 2


def test_history_through_tags_equals_history_from_the_log(scenario):
    """Two versions, an amendment and an opphør: the fast read through the milestone tags gives
    the same timeline as reading the whole log (`--fra-logg`), event for event."""
    fra_tagger = json.loads(_cli("history", "landbruk", "--json", "--arkiv", scenario.arkiv).output)
    fra_logg = json.loads(
        _cli("history", "landbruk", "--json", "--fra-logg", "--arkiv", scenario.arkiv).output
    )
    assert fra_tagger == fra_logg
    assert len(fra_tagger["versjoner"]) == 2 and fra_tagger["opphort"]
    for dato in (dt.date(2027, 1, 1), dt.date(2027, 7, 1), dt.date(2028, 1, 1)):
        a, b = (
            revisjon.gjeldende(scenario.arkiv, "landbruk", dato, fra_logg=x) for x in (False, True)
        )
        assert (a and (a.versjon.versjon, a.tag)) == (b and (b.versjon.versjon, b.tag))


# --------------------------------------------------------------------------- show --at


@pytest.mark.parametrize(
    "dato, versjon",
    [
        (dt.date(2026, 12, 31), None),  # the day before entry into force
        (dt.date(2027, 1, 1), 1),  # the day of
        (dt.date(2027, 1, 2), 1),  # the day after
        (dt.date(2027, 6, 30), 1),  # the day before v2
        (dt.date(2027, 7, 1), 2),  # v2 enters into force
        (dt.date(2027, 7, 2), 2),
        (dt.date(2027, 12, 31), 2),  # last day before opphør
        (dt.date(2028, 1, 1), None),  # opphørt
    ],
)
def test_show_at_grensedatoer(scenario, dato, versjon):
    g = revisjon.gjeldende(scenario.arkiv, "landbruk", dato)
    assert (g.versjon.versjon if g else None) == versjon
    r = _cli("show", "landbruk", "--at", dato.isoformat(), "--arkiv", scenario.arkiv)
    if versjon is None:
        assert r.exit_code == 1 and "Ingen versjon" in r.output
    else:
        assert r.exit_code == 0, r.output
        assert f"versjon {versjon}" in r.output
        assert (
            f"git -C {scenario.arkiv} show landbruk/v{versjon}/i-kraft:landbruk/dokumenter/landbruk.docx"
            in r.output
        )
        assert ("5029 Skaun" in r.output) == (versjon == 2)


def test_show_out_skriver_arkiverte_bytes(scenario, tmp_path):
    r = _cli(
        "show",
        "landbruk",
        "--at",
        "2027-03-01",
        "--out",
        tmp_path / "ut",
        "--arkiv",
        scenario.arkiv,
    )
    assert r.exit_code == 0, r.output
    arkivert = subprocess.run(
        [
            "git",
            "-C",
            str(scenario.arkiv),
            "show",
            "landbruk/v1/i-kraft:landbruk/dokumenter/landbruk.docx",
        ],
        capture_output=True,
        check=True,
    ).stdout
    assert (tmp_path / "ut" / "landbruk.docx").read_bytes() == arkivert
    # every archived document of the version, the PDF/A too where LibreOffice made one
    arkiverte = subprocess.run(
        [
            "git",
            "-C",
            str(scenario.arkiv),
            "ls-tree",
            "--name-only",
            "landbruk/v1/i-kraft:landbruk/dokumenter/",
        ],
        capture_output=True,
        check=True,
        text=True,
    ).stdout.split()
    assert {"landbruk.docx", "landbruk.html", "landbruk.md"} <= set(arkiverte)
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == sorted(arkiverte)


# --------------------------------------------------------------------------- diff


def test_diff_sammendrag(scenario):
    s = revisjon.sammenlign(scenario.arkiv, "landbruk", "v1", "v2")
    assert "Oppsigelsestid endret fra 12 til 6 måneder" in s.tekster
    assert "Fordelingsnøkkel endret fra likedeling til innbyggertall" in s.tekster
    assert "Deltaker lagt til: 5029 Skaun" in s.tekster
    assert not any("ersjon" in t for t in s.tekster)  # version bookkeeping is not a change
    r = _cli("diff", "landbruk", "v1", "v2", "--arkiv", scenario.arkiv)
    assert r.exit_code == 0 and "  - Oppsigelsestid endret fra 12 til 6 måneder" in r.output
    assert _cli("diff", "landbruk", "v1", "v9", "--arkiv", scenario.arkiv).exit_code == 1


def test_sammendrag_ordlyd():
    fra = {
        "type": "iks",
        "deltakere": [
            {"kommunenummer": "5027", "navn": "Midtre Gauldal", "eierandel": "1/2"},
            {"kommunenummer": "5028", "navn": "Melhus", "eierandel": "1/2"},
        ],
        "okonomi": {"budsjett": "9400000.00"},
        "hovedkontor": "5027",
        "tvistelosning": "Tingretten.",
    }
    til = {
        "type": "iks",
        "deltakere": [
            {"kommunenummer": "5027", "navn": "Midtre Gauldal", "eierandel": "1/4"},
            {"kommunenummer": "5028", "navn": "Melhus", "eierandel": "3/4"},
        ],
        "okonomi": {"budsjett": "9800000.00"},
        "hovedkontor": "5028",
    }
    tekster = sammendrag(fra, til)
    assert "Eierandel for 5027 Midtre Gauldal endret fra 1/2 (50 %) til 1/4 (25 %)" in tekster
    assert "Årlig budsjettramme endret fra 9 400 000,00 til 9 800 000,00 kroner" in tekster
    assert (
        "Kommunen der selskapet har hovedkontor endret fra 5027 Midtre Gauldal til 5028 Melhus"
        in tekster
    )
    assert "Løsning av tvister fjernet (var: Tingretten.)" in tekster
    assert sammendrag(fra, fra) == []


# --------------------------------------------------------------------------- redline


def _dokument(docx: bytes):
    import io

    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_redline_har_sporede_endringer(scenario, tmp_path):
    ut = tmp_path / "endringer.docx"
    r = _cli("diff", "landbruk", "v1", "v2", "--docx", ut, "--arkiv", scenario.arkiv)
    assert r.exit_code == 0, r.output
    dok = _dokument(ut.read_bytes())
    ins, dele = list(dok.iter(f"{W}ins")), list(dok.iter(f"{W}del"))
    assert ins and dele
    for el in ins + dele:
        assert el.get(f"{W}author") == "Versjon 2 (landbruk)"
        assert el.get(f"{W}date") == "2027-03-01T00:00:00Z"  # v2's versjonsdato
    ider = [el.get(f"{W}id") for el in ins + dele]
    assert len(ider) == len(set(ider))
    slettet = "".join(t.text or "" for d in dele for t in d.iter(f"{W}delText"))
    satt_inn = "".join(t.text or "" for i in ins for t in i.iter(f"{W}t"))
    # notice periods up to twelve months are written in words (one number style per document)
    assert "tolv" in slettet and "seks" in satt_inn and "Skaun" in satt_inn
    assert not list(dok.iter(f"{W}t")) or all(
        t.getparent().getparent().tag != f"{W}del" for t in dok.iter(f"{W}t")
    )

    # accepting every change gives v2's text; rejecting gives v1's
    def tekst(aksepter: bool) -> str:
        deler = []
        for p in dok.iter(f"{W}p"):
            for t in p.iter(f"{W}t", f"{W}delText"):
                i_del = any(a.tag == f"{W}del" for a in t.iterancestors())
                i_ins = any(a.tag == f"{W}ins" for a in t.iterancestors())
                if (aksepter and not i_del) or (not aksepter and not i_ins):
                    deler.append(t.text or "")
        return " ".join("".join(deler).split())

    v1 = _dokument(
        subprocess.run(
            [
                "git",
                "-C",
                str(scenario.arkiv),
                "show",
                "landbruk/v1/vedtatt:landbruk/dokumenter/landbruk.docx",
            ],
            capture_output=True,
            check=True,
        ).stdout
    )
    v2 = _dokument(
        subprocess.run(
            [
                "git",
                "-C",
                str(scenario.arkiv),
                "show",
                "landbruk/v2/vedtatt:landbruk/dokumenter/landbruk.docx",
            ],
            capture_output=True,
            check=True,
        ).stdout
    )
    ren = lambda d: " ".join("".join(t.text or "" for t in d.iter(f"{W}t")).split())  # noqa: E731
    assert tekst(True) == ren(v2)
    assert tekst(False) == ren(v1)


@pytest.mark.requires_tool("soffice", "pdftotext")
def test_redline_apnes_i_libreoffice(scenario, tmp_path):
    ut = tmp_path / "endringer.docx"
    ut.write_bytes(revisjon.lag_redline(scenario.arkiv, "landbruk", 1, 2))
    profil = tmp_path / "lo-profil"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profil}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(ut),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    pdf = tmp_path / "endringer.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    tekst = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Skaun" in tekst


# --------------------------------------------------------------------------- register


def test_register_filtrerer_paa_kommune_og_dato(scenario):
    def ider(nr, dato):
        return [(p.avtale_id, p.versjon) for p in revisjon.register(scenario.arkiv, nr, dato)]

    assert ider("5027", dt.date(2026, 12, 31)) == []
    assert ider("5027", dt.date(2027, 1, 1)) == [("landbruk", 1)]
    assert ider("5027", dt.date(2027, 3, 1)) == [("nettverk", 1), ("landbruk", 1)] or sorted(
        ider("5027", dt.date(2027, 3, 1))
    ) == [("landbruk", 1), ("nettverk", 1)]
    assert ider("5029", dt.date(2027, 3, 1)) == []  # Skaun joins with v2
    assert ider("5029", dt.date(2027, 7, 1)) == [("landbruk", 2)]
    assert ider("5029", dt.date(2028, 1, 1)) == []  # opphørt
    assert sorted(ider("5028", dt.date(2028, 1, 1))) == [("nettverk", 1)]
    p = next(p for p in revisjon.register(scenario.arkiv, "5029", dt.date(2027, 7, 1)))
    assert p.vertskommune == "5027 Midtre Gauldal"
    assert p.form.startswith("administrativt vertskommunesamarbeid")
    assert p.i_kraft_til == dt.date(2027, 12, 31)
    assert [d.kommunenummer for d in p.deltakere] == ["5027", "5028", "5029"]


def test_register_formater(scenario):
    r = _cli(
        "register",
        "--kommune",
        "5028",
        "--at",
        "2027-03-01",
        "--format",
        "json",
        "--arkiv",
        scenario.arkiv,
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert {s["avtale_id"] for s in data["samarbeid"]} == {"landbruk", "nettverk"}
    landbruk = next(s for s in data["samarbeid"] if s["avtale_id"] == "landbruk")
    assert [d["andel"] for d in landbruk["deltakere"]] == ["1/2 (50 %)", "1/2 (50 %)"]
    r = _cli(
        "register",
        "--kommune",
        "5028",
        "--at",
        "2027-03-01",
        "--format",
        "csv",
        "--arkiv",
        scenario.arkiv,
    )
    linjer = r.output.strip().splitlines()
    assert linjer[0].startswith("avtale,tittel,form") and len(linjer) == 3
    r = _cli("register", "--kommune", "5028", "--at", "2027-03-01", "--arkiv", scenario.arkiv)
    assert "i kraft fra 01.01.2027 til og med 30.06.2027" in r.output
    assert _cli("register", "--kommune", "52", "--arkiv", scenario.arkiv).exit_code == 2
    assert (
        _cli("register", "--kommune", "5028", "--arkiv", scenario.rot / "finnes-ikke").exit_code
        == 2
    )
