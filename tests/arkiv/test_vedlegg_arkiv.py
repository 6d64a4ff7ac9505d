"""What the archive keeps beside the agreement text (issue 13): each attachment (`vedlegg/<fil>`,
listed in the MANIFEST with the SHA-256 the data states) and the document «Vedtak i
deltakerkommunene» made from the event's own prosess.json. `verify` holds both to the adopted
data: a changed or missing attachment, and a decision document that says something the records do
not, are findings.

Real git and the same `arkiver` the CLI and the flows call; no LibreOffice needed (PDF/A off)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv, ArkivAvvist
from avtaleflyt.arkiv.gjengivelse import standard_gjengiver
from avtaleflyt.arkiv.vedtaksoversikt import VEDTAKSOVERSIKT
from avtaleflyt.arkiv.verifiser import verifiser
from avtaleflyt.arkivering import arkiver
from avtaleflyt.validation import AgreementInvalid
from avtaleflyt.yaml_dump import dump_avtale
from tests.prosess.prosessdata import PROSESS_YAML, lag_avtale

ID = "lonn-regnskap"
VEDTATT = dt.date(2026, 3, 27)
DBA = b"Databehandleravtale mellom vertskommunen og deltakerne.\n"
LISTE = b"Stillinger som g\xc3\xa5r over til vertskommunen: to konsulenter.\n"
MOTER = (
    ("5027", "mg-ks-2026-03-19", "PS 14/26"),
    ("5028", "melhus-ks-2026-03-24", "PS 21/26"),
    ("5029", "skaun-ks-2026-03-26", "PS 30/26"),
)


def _vedlegg() -> list[dict]:
    return [
        {
            "tittel": "Databehandleravtale",
            "fil": "databehandleravtale.md",
            "sha256": hashlib.sha256(DBA).hexdigest(),
            "art": "databehandleravtale",
        },
        {
            "tittel": "Stillinger som går over",
            "fil": "stillinger.md",
            "sha256": hashlib.sha256(LISTE).hexdigest(),
            "art": "ansatteliste",
        },
    ]


@pytest.fixture
def mappe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An agreement with two attachments, adopted by all three councils (the last 2026-03-26)."""
    monkeypatch.setenv("AVTALE_PDFA", "nei")
    folder = tmp_path / "avtaler" / ID
    (folder / "vedlegg").mkdir(parents=True)
    (folder / "vedlegg" / "databehandleravtale.md").write_bytes(DBA)
    (folder / "vedlegg" / "stillinger.md").write_bytes(LISTE)
    (folder / "avtale.yaml").write_text(
        dump_avtale(lag_avtale(vedlegg=_vedlegg())), encoding="utf-8"
    )
    (folder / "prosess.yaml").write_text(PROSESS_YAML, encoding="utf-8")
    monkeypatch.setenv("AVTALE_AVTALER", str(folder.parent))
    for nr, mote, sak in MOTER:
        tjenester.registrer_vedtak(
            folder,
            mote=mote,
            kommune=nr,
            utfall="vedtatt",
            vedtakstekst=f"Kommunestyret vedtar avtalen som framlagt.\nSak {sak}.",
            saksnummer=sak,
            votering={
                "enstemmig": nr != "5029",
                "for": 20 if nr == "5029" else None,
                "mot": 3 if nr == "5029" else None,
            },
            at=dt.date.fromisoformat(mote[-10:]),
        )
    return folder


@pytest.fixture
def arkiv(tmp_path: Path) -> Path:
    sti = tmp_path / "arkiv"
    Arkiv(sti).opprett(simulering=True)
    return sti


def _manifest(arkiv: Path, ved: str) -> dict:
    return json.loads(Arkiv(arkiv).les_fil(ID, "MANIFEST.json", ved=ved))


def _git(arkiv: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(arkiv), *args], check=True, capture_output=True)


def _regler(funn) -> list[tuple[str, str]]:
    return [(f.rule, f.file.split(":", 1)[-1]) for f in funn]


def test_the_attachments_lie_beside_the_docx_listed_in_the_manifest_with_their_sha256(
    mappe: Path, arkiv: Path
) -> None:
    assert arkiver(mappe, arkiv, VEDTATT).commits
    filer = Arkiv(arkiv).filer(ID, f"{ID}/v1/vedtatt")
    assert filer["vedlegg/databehandleravtale.md"] == DBA
    assert filer["vedlegg/stillinger.md"] == LISTE
    m = _manifest(arkiv, f"{ID}/v1/vedtatt")
    objekter = {o["referanseDokumentfil"]: o["sjekksum"] for o in m["dokumentobjekter"]}
    assert objekter["vedlegg/stillinger.md"] == hashlib.sha256(LISTE).hexdigest()
    assert m["vedlegg"] == [
        {
            "nummer": 1,
            "tittel": "Databehandleravtale",
            "art": "databehandleravtale",
            "referanseDokumentfil": "vedlegg/databehandleravtale.md",
            "sjekksum": hashlib.sha256(DBA).hexdigest(),
            "sjekksumAlgoritme": "SHA256",
        },
        {
            "nummer": 2,
            "tittel": "Stillinger som går over",
            "art": "ansatteliste",
            "referanseDokumentfil": "vedlegg/stillinger.md",
            "sjekksum": hashlib.sha256(LISTE).hexdigest(),
            "sjekksumAlgoritme": "SHA256",
        },
    ]
    assert verifiser(arkiv, rerender=standard_gjengiver()) == []


def test_a_text_whose_attachment_changed_is_not_archived(mappe: Path, arkiv: Path) -> None:
    (mappe / "vedlegg" / "stillinger.md").write_bytes(b"en annen liste\n")
    with pytest.raises(AgreementInvalid) as feil:
        arkiver(mappe, arkiv, VEDTATT)
    assert [f.rule for f in feil.value.findings] == ["AVTALE-VEDLEGG-SJEKKSUM"]
    assert Arkiv(arkiv).hendelser(ID) == []


def test_verify_finds_a_changed_and_a_missing_attachment_even_with_the_manifest_rewritten(
    mappe: Path, arkiv: Path
) -> None:
    """Whoever changes an attachment can change its MANIFEST entry too, not the adopted data:
    avtale.json (whose avtale-hash the adoptions name) states the SHA-256 verify holds it to."""
    arkiver(mappe, arkiv, VEDTATT)
    rot = arkiv / ID
    (rot / "vedlegg" / "stillinger.md").write_bytes(b"en annen liste\n")
    (rot / "vedlegg" / "databehandleravtale.md").unlink()
    m = json.loads((rot / "MANIFEST.json").read_text(encoding="utf-8"))
    m["dokumentobjekter"] = [
        {
            **o,
            "sjekksum": hashlib.sha256(b"en annen liste\n").hexdigest(),
            "filstoerrelse": len(b"en annen liste\n"),
        }
        if o["referanseDokumentfil"] == "vedlegg/stillinger.md"
        else o
        for o in m["dokumentobjekter"]
        if o["referanseDokumentfil"] != "vedlegg/databehandleravtale.md"
    ]
    (rot / "MANIFEST.json").write_text(json.dumps(m), encoding="utf-8")
    _git(arkiv, "commit", "-qam", "Nye vedlegg")
    funn = [f for f in verifiser(arkiv) if f.rule == "ARKIV-VEDLEGG"]
    assert _regler(funn) == [
        ("ARKIV-VEDLEGG", f"{ID}/vedlegg/databehandleravtale.md"),
        ("ARKIV-VEDLEGG", f"{ID}/vedlegg/stillinger.md"),
    ]
    assert "vedlegg 1 («Databehandleravtale») mangler i arkivet" in funn[0].message
    assert "vedlegg 2 («Stillinger som går over»)" in funn[1].message
    assert "ikke vedlegget som ble vedtatt" in funn[1].message
    assert funn[1].path == "vedlegg.1.sha256"


def test_the_decision_document_lists_each_councils_vedtak_beside_the_text(
    mappe: Path, arkiv: Path
) -> None:
    arkiver(mappe, arkiv, VEDTATT)
    filer = Arkiv(arkiv).filer(ID, f"{ID}/v1/vedtatt")
    tekst = filer[VEDTAKSOVERSIKT].decode("utf-8")
    assert tekst.startswith("# Vedtak i deltakerkommunene\n")
    assert (
        "Alle deltakerne har vedtatt teksten slik den står. Det siste vedtaket ble truffet 26.03.2026."
        in tekst
    )
    assert "| Midtre Gauldal (5027) | kommunestyre | 19.03.2026 | PS 14/26 | vedtatt |" in tekst
    assert (
        "Kommunestyret behandlet saken i møtet 26.03.2026, sak PS 30/26, og vedtok avtalen "
        "(20 for, 3 mot). Saken gjaldt versjon 1 av avtalen." in tekst
    )
    assert "> Kommunestyret vedtar avtalen som framlagt.\n> Sak PS 21/26." in tekst
    # the adopted text itself carries no decision: it is the text the councils adopted
    assert b"PS 14/26" not in filer[f"dokumenter/{ID}.md"]
    objekter = {
        o["referanseDokumentfil"] for o in _manifest(arkiv, f"{ID}/v1/vedtatt")["dokumentobjekter"]
    }
    assert VEDTAKSOVERSIKT in objekter


def _endre_vedtaksoversikt(arkiv: Path, gammel: bytes, ny: bytes, melding: str) -> None:
    """Edit the archived «Vedtak i deltakerkommunene» as a tamperer who also mends the MANIFEST's
    checksum and size would, and commit it: only verify's rebuild from prosess.json can tell."""
    rot = arkiv / ID
    dokument = rot / VEDTAKSOVERSIKT
    endret = dokument.read_bytes().replace(gammel, ny)
    dokument.write_bytes(endret)
    m = json.loads((rot / "MANIFEST.json").read_text(encoding="utf-8"))
    for o in m["dokumentobjekter"]:
        if o["referanseDokumentfil"] == VEDTAKSOVERSIKT:
            o["sjekksum"], o["filstoerrelse"] = hashlib.sha256(endret).hexdigest(), len(endret)
    (rot / "MANIFEST.json").write_text(json.dumps(m), encoding="utf-8")
    _git(arkiv, "commit", "-qam", melding)


def test_verify_checks_the_decision_document_against_prosess_json(mappe: Path, arkiv: Path) -> None:
    arkiver(mappe, arkiv, VEDTATT)
    _endre_vedtaksoversikt(arkiv, b"PS 21/26 | vedtatt", b"PS 12/26 | vedtatt", "Annet saksnummer")
    funn = [f for f in verifiser(arkiv) if f.rule == "ARKIV-VEDTAKSOVERSIKT"]
    assert _regler(funn) == [("ARKIV-VEDTAKSOVERSIKT", f"{ID}/{VEDTAKSOVERSIKT}")]
    assert "PS 12/26" in funn[0].message and "PS 21/26" in funn[0].message


def test_an_event_archived_before_the_attachments_and_the_document_were_kept_verifies_clean(
    mappe: Path, arkiv: Path
) -> None:
    """The format change is additive: a commit whose MANIFEST lists no attachments and that has
    no decision document (the format before) is no finding."""
    arkiver(mappe, arkiv, VEDTATT)
    rot = arkiv / ID
    _git(arkiv, "rm", "-rq", f"{ID}/vedlegg", f"{ID}/{VEDTAKSOVERSIKT}")
    m = json.loads((rot / "MANIFEST.json").read_text(encoding="utf-8"))
    m.pop("vedlegg")
    m["dokumentobjekter"] = [
        o
        for o in m["dokumentobjekter"]
        if not o["referanseDokumentfil"].startswith("vedlegg/")
        and o["referanseDokumentfil"] != VEDTAKSOVERSIKT
    ]
    (rot / "MANIFEST.json").write_text(json.dumps(m), encoding="utf-8")
    _git(arkiv, "commit", "-qam", "Som før formatendringen")
    assert [
        f for f in verifiser(arkiv) if f.rule in ("ARKIV-VEDLEGG", "ARKIV-VEDTAKSOVERSIKT")
    ] == []


def test_a_rerun_writes_nothing_new(mappe: Path, arkiv: Path) -> None:
    """The files beside the text are made the same way every time, so archiving again finds the
    events archived (no «annet innhold»)."""
    forste = arkiver(mappe, arkiv, VEDTATT)
    igjen = arkiver(mappe, arkiv, VEDTATT)
    assert forste.commits and igjen.commits == []
    assert [p.status for p in igjen.hendelser] == ["arkivert"]


def test_archiving_refuses_an_attachment_the_folder_lacks_without_validation(
    mappe: Path, arkiv: Path
) -> None:
    """The archive checks the files itself too (a caller may hand it a model it loaded itself)."""
    from avtaleflyt.tekstversjoner import _fra_mappe
    from avtaleflyt.validation import load_agreement

    avtale = load_agreement(mappe)
    (mappe / "vedlegg" / "databehandleravtale.md").unlink()
    with pytest.raises(ArkivAvvist, match=r"finner ikke filen vedlegg/databehandleravtale\.md"):
        _fra_mappe(avtale, mappe / "avtale.yaml", mappe)


def test_a_decision_document_of_an_unknown_format_is_a_finding(mappe: Path, arkiv: Path) -> None:
    arkiver(mappe, arkiv, VEDTATT)
    _endre_vedtaksoversikt(
        arkiv, b"vedtaksoversikt/1 -->", b"vedtaksoversikt/9 -->", "Ukjent format"
    )
    funn = [f for f in verifiser(arkiv) if f.rule == "ARKIV-VEDTAKSOVERSIKT"]
    assert len(funn) == 1 and "«avtaleflyt-vedtaksoversikt/9»" in funn[0].message


FORMAT_1 = """\
# Vedtak i deltakerkommunene

**Avtale A**, versjon 2 (avtale-id `avtale-a`).

Oversikten viser vedtaket hver deltaker har truffet om denne teksten, slik vedtakene er ført i \
prosessdataene (`prosess.json`) som er arkivert sammen med den. Den er ikke en del av \
avtaleteksten: teksten som ble vedtatt, står uendret i `dokumenter/`.

Teksten har avtale-hash `{h}`. Vedtakene nedenfor gjelder denne avtale-hashen. De som vedtok \
teksten, står også i commit-ens trailere (`Vedtatt-<kommunenummer>`) og i `MANIFEST.json`.

Teksten er ikke vedtatt av alle deltakerne slik den står: Melhus har ikke behandlet den.

| Deltaker | Organ | Møtedato | Saksnummer | Utfall |
|---|---|---|---|---|
| Midtre Gauldal (5027) | kommunestyre | 03.11.2026 | PS 10/26 | vedtatt |
| Melhus (5028) | – | – | – | ikke behandlet |

## Midtre Gauldal (5027)

Kommunestyret behandlet saken i møtet 03.11.2026, sak PS 10/26, og vedtok avtalen (20 for, 3 \
mot, 1 avholdende). Saken gjaldt versjon 2 av avtalen.

Vedtaket lyder:

> Vedtatt.
> Med to linjer.

Registreringen retter en tidligere registrering («v-gammel»).

Merknad: Rettet saksnummer.

Registrert som vedtak «v-ny» i prosessdataene.

## Melhus (5028)

Det er ikke ført noe vedtak om denne teksten for Melhus.

<!-- avtaleflyt-vedtaksoversikt/1 -->
"""


def test_format_1_of_the_decision_document_stays_byte_for_byte() -> None:
    """Archived documents are made again by the format they name: a wording change must be a new
    format, so this one's bytes are frozen here."""
    from avtaleflyt.arkiv.vedtaksoversikt import lag_vedtaksoversikt

    h = "a" * 64
    avtale = {
        "id": "avtale-a",
        "tittel": "Avtale A",
        "versjon": 2,
        "type": "kommunalt_oppgavefellesskap",
        "deltakere": [
            {"kommunenummer": "5027", "navn": "Midtre Gauldal"},
            {"kommunenummer": "5028", "navn": "Melhus"},
        ],
    }
    felles = {"kommune": "5027", "organ": "kommunestyre", "mote": "ks", "versjon": 2}
    prosess = {
        "avtale": "avtale-a",
        "moter": [{"id": "ks", "saksnummer": "PS 10/26"}],
        "vedtak": [
            {
                **felles,
                "id": "v-gammel",
                "motedato": "2026-11-03",
                "utfall": "vedtatt",
                "vedtakstekst": "Feil.",
                "avtale_hash": h,
            },
            {
                **felles,
                "id": "v-ny",
                "motedato": "2026-11-03",
                "utfall": "vedtatt",
                "vedtakstekst": "Vedtatt.\nMed to linjer.",
                "avtale_hash": h,
                "korrigerer": "v-gammel",
                "merknad": "Rettet saksnummer.",
                "votering": {"enstemmig": False, "for": 20, "mot": 3, "avholdende": 1},
            },
            {
                **felles,
                "id": "v-annen",
                "kommune": "5028",
                "motedato": "2026-11-04",
                "utfall": "vedtatt",
                "vedtakstekst": "Annen tekst.",
                "avtale_hash": "b" * 64,
            },
        ],
    }
    assert lag_vedtaksoversikt(avtale, prosess, h) == FORMAT_1.replace("{h}", h).encode("utf-8")
