"""Appending records to prosess.yaml: validated, atomic, comments kept, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from avtaleflyt.prosess import (
    ProcessInvalid,
    RecordRefused,
    check_record,
    load_process,
    record_consultation,
    record_decision,
    record_signature,
    validate_process_file,
)
from schemas.prosess import Drofting, Signatur, Vedtak
from tests.prosess.prosessdata import D


def _vedtak(h, kommune="5027", mote="mg-ks-2026-03-19", dato=D(2026, 3, 19), **kw):
    data = {
        "id": f"vedtak-{kommune}-{mote}",
        "kommune": kommune,
        "organ": "kommunestyre",
        "mote": mote,
        "motedato": dato,
        "utfall": "vedtatt",
        "vedtakstekst": "Avtalen vedtas.",
        "votering": {"for": 21, "mot": 4},
        "versjon": 1,
        "avtale_hash": h,
    }
    data.update(kw)
    return Vedtak.model_validate(data)


def test_decision_is_appended_and_comments_survive(mappe: Path, avtale, h1):
    before = (mappe / "prosess.yaml").read_text(encoding="utf-8")
    result = record_decision(mappe, _vedtak(h1), D(2026, 3, 20), avtale=avtale)
    assert (result.liste, result.indeks) == ("vedtak", 0)
    text = (mappe / "prosess.yaml").read_text(encoding="utf-8")
    for comment in (
        "# Prosessdata for lønn og regnskap",
        "# kommunenes reglement",
        "# Formannskapene innstiller",
        "# signert protokoll",
    ):
        assert comment in text
    # everything that was there is still there, in order
    assert text.startswith(before.split("vedtak: []")[0])
    loaded = load_process(mappe / "prosess.yaml")
    assert loaded.findings == []
    [v] = loaded.prosess.vedtak
    assert v.votering.for_ == 21 and v.motedato == D(2026, 3, 19) and v.avtale_hash == h1
    assert "for: 21" in text
    assert not list(mappe.glob(".prosess-*"))  # no temp file left


def test_refused_record_leaves_the_file_byte_for_byte(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    before = path.read_bytes()
    with pytest.raises(RecordRefused) as exc:
        record_decision(mappe, _vedtak(h1, mote="finnes-ikke"), D(2026, 3, 20), avtale=avtale)
    [f] = [f for f in exc.value.findings if f.rule == "PROSESS-KALENDER"]
    assert f.path == "vedtak.0.mote" and f.severity == "feil"
    assert "møtet «finnes-ikke» finnes ikke i kalenderen" in f.message
    assert path.read_bytes() == before


def test_future_decision_is_refused(mappe: Path, avtale, h1):
    with pytest.raises(RecordRefused) as exc:
        record_decision(mappe, _vedtak(h1), D(2026, 3, 18), avtale=avtale)
    assert {f.rule for f in exc.value.findings} == {"PROSESS-DATO-FREMTID"}


def test_formannskap_adoption_is_refused_innstilling_accepted(mappe: Path, avtale, h1):
    fsk = _vedtak(h1, mote="mg-fsk-2026-03-05", dato=D(2026, 3, 5), organ="formannskap")
    with pytest.raises(RecordRefused) as exc:
        record_decision(mappe, fsk, D(2026, 3, 6), avtale=avtale)
    assert "PROSESS-KOMMUNESTYRET-SELV" in {f.rule for f in exc.value.findings}
    ok = fsk.model_copy(update={"utfall": "innstilling"})
    assert record_decision(mappe, ok, D(2026, 3, 6), avtale=avtale).indeks == 0


def test_second_decision_for_same_meeting_needs_korrigerer(mappe: Path, avtale, h1):
    record_decision(mappe, _vedtak(h1), D(2026, 3, 20), avtale=avtale)
    again = _vedtak(h1, id="vedtak-5027-igjen", utfall="utsatt")
    with pytest.raises(RecordRefused) as exc:
        record_decision(mappe, again, D(2026, 3, 20), avtale=avtale)
    [f] = exc.value.findings
    assert f.rule == "PROSESS-DUPLIKAT" and "korrigerer: vedtak-5027-mg-ks-2026-03-19" in f.message
    fixed = again.model_copy(update={"korrigerer": "vedtak-5027-mg-ks-2026-03-19"})
    assert record_decision(mappe, fixed, D(2026, 3, 20), avtale=avtale).indeks == 1
    assert len(load_process(mappe / "prosess.yaml").prosess.vedtak) == 2  # the first is kept


def test_consultation_and_signature_are_appended(mappe: Path, avtale, h1):
    d = Drofting(
        id="drofting-2026-03-01",
        dato=D(2026, 3, 1),
        kommuner=["5029"],
        organisasjoner=["Fagforbundet"],
        protokoll="2026/55-2",
        protokolltilforsel=[
            {"organisasjon": "Fagforbundet", "tekst": "Vi er uenige i tidspunktet."}
        ],
    )
    record_consultation(mappe, d, D(2026, 3, 2), avtale=avtale)
    for k, mote, dato in (
        ("5027", "mg-ks-2026-03-19", D(2026, 3, 19)),
        ("5028", "melhus-ks-2026-03-24", D(2026, 3, 24)),
        ("5029", "skaun-ks-2026-03-26", D(2026, 3, 26)),
    ):
        record_decision(
            mappe, _vedtak(h1, kommune=k, mote=mote, dato=dato), D(2026, 3, 27), avtale=avtale
        )
    s = Signatur(
        id="sig-5029",
        kommune="5029",
        navn="Randi Viggja",
        rolle="ordfører",
        dato=D(2026, 4, 1),
        versjon=1,
        avtale_hash=h1,
    )
    record_signature(mappe, s, D(2026, 4, 1), avtale=avtale)
    p = load_process(mappe / "prosess.yaml").prosess
    assert [x.id for x in p.drofting] == ["drofting-2026-02-16", "drofting-2026-03-01"]
    assert p.drofting[1].protokolltilforsel[0].tekst == "Vi er uenige i tidspunktet."
    assert p.signaturer == [s]
    assert (
        validate_process_file(mappe / "prosess.yaml", "prosess.yaml", avtale, at=D(2026, 4, 1))
        == []
    )


def test_signature_before_adoption_is_refused(mappe: Path, avtale, h1):
    s = Signatur(
        id="sig-5029",
        kommune="5029",
        navn="Randi Viggja",
        rolle="ordfører",
        dato=D(2026, 3, 20),
        versjon=1,
        avtale_hash=h1,
    )
    with pytest.raises(RecordRefused):
        record_signature(mappe, s, D(2026, 3, 20), avtale=avtale)


def test_missing_process_file_is_created(tmp_path: Path, avtale, h1):
    from avtaleflyt.yaml_dump import dump_avtale

    folder = tmp_path / "lonn-regnskap"
    folder.mkdir()
    (folder / "avtale.yaml").write_text(dump_avtale(avtale), encoding="utf-8")
    d = Drofting(
        id="d1", dato=D(2026, 2, 1), kommuner=["5027"], organisasjoner=["Delta"], protokoll="p"
    )
    record_consultation(folder, d, D(2026, 2, 2))  # loads the agreement itself
    loaded = load_process(folder / "prosess.yaml")
    assert loaded.prosess.avtale == "lonn-regnskap" and loaded.prosess.drofting == [d]


def test_broken_process_file_is_not_touched(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "ukjent_felt: 1\n", encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProcessInvalid) as exc:
        record_decision(mappe, _vedtak(h1), D(2026, 3, 20), avtale=avtale)
    [f] = exc.value.findings
    assert f.rule == "SKJEMA-UKJENT-FELT" and f.line is not None
    assert path.read_bytes() == before


def test_validate_process_file_gives_positions(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "organ: kommunestyre", "organ: kommunestyret", 1
    )
    path.write_text(text, encoding="utf-8")
    findings = validate_process_file(
        path, "agreements/lonn-regnskap/prosess.yaml", avtale, at=D(2026, 3, 1)
    )
    assert findings and findings[0].file == "agreements/lonn-regnskap/prosess.yaml"
    line = text.splitlines().index("    organ: kommunestyret") + 1
    assert (findings[0].line, findings[0].column, findings[0].path) == (line, 5, "moter.1.organ")
    assert "kommunestyre" in findings[0].message and findings[0].rule == "SKJEMA-VERDI"


def test_rule_findings_in_the_file_point_at_the_line(mappe: Path, avtale):
    # Midtre Gauldal formannskap 5.3 with no drøfting protocol for 5027
    path = mappe / "prosess.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    protokoll: 2026/101-3   # signert protokoll\n", ""
    )
    path.write_text(text, encoding="utf-8")
    findings = validate_process_file(path, "p.yaml", avtale, at=D(2026, 3, 6))
    f = next(f for f in findings if f.rule == "PROSESS-DROFTING-FOR-BEHANDLING")
    assert (
        f.path == "moter.0" and f.line == text.splitlines().index("  - id: mg-fsk-2026-03-05") + 1
    )
    assert "arbeidsmiljøloven § 16-5" in f.legal_basis


def test_check_record_previews_without_writing(mappe: Path, avtale, h1):
    before = (mappe / "prosess.yaml").read_bytes()
    findings, candidate = check_record(mappe, _vedtak(h1), D(2026, 3, 20), avtale=avtale)
    assert findings == [] and len(candidate.vedtak) == 1
    assert (mappe / "prosess.yaml").read_bytes() == before


def test_a_late_consultation_can_still_be_recorded(mappe: Path, avtale):
    # remove the protocol: Midtre Gauldal formannskap 5.3 treated the case without drøfting
    path = mappe / "prosess.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    protokoll: 2026/101-3   # signert protokoll\n", ""
        ),
        encoding="utf-8",
    )
    late = Drofting(
        id="drofting-sen",
        dato=D(2026, 3, 9),
        kommuner=["5027"],
        organisasjoner=["Delta"],
        protokoll="2026/101-9",
    )
    record_consultation(
        mappe, late, D(2026, 3, 9), avtale=avtale
    )  # history is recorded, not refused
    findings = validate_process_file(path, "p.yaml", avtale, at=D(2026, 3, 9))
    f = next(f for f in findings if f.rule == "PROSESS-DROFTING-FOR-BEHANDLING")
    assert "drøftet først 2026-03-09" in f.message


ODD_LAYOUT = """\
# Prosessdata   med  rare mellomrom, skrevet for hånd.
avtale:   lonn-regnskap     # id

innstillinger:
    saksframlegg_frist_dager:    12
moter:
- id: mg-fsk-2026-03-05
  kommuner: [ "5027" ]
  organ: formannskap
  dato: 2026-03-05
  behandling: innstilling
  merknad: Dette er en svært lang merknad som sekretariatet har brettet over flere linjer for hånd
    fordi den ikke fikk plass på én linje, og den skal stå akkurat slik den står her etter at
    nye poster er lagt til.
# kommentar mellom møtene
- id: mg-ks-2026-03-19
  kommuner: ["5027"]
  organ:     kommunestyre
  dato: 2026-03-19
  klokkeslett: '18:00'
  behandling: vedtak
  merknad: >-
    En brettet blokk som også er lang nok til at en YAML-skriver ville ha brettet den annerledes enn her.

drofting:
    -   id: drofting-2026-02-16
        dato: 2026-02-16
        kommuner: ["5027", "5028", "5029"]
        organisasjoner: [Fagforbundet,Delta]
        protokoll: 2026/101-3     # signert protokoll
        # kommentar inne i posten

# Vedtak føres når kommunestyrene har behandlet saken.
vedtak: []    # ingen ennå
"""


def _inserted(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before` in one place; fails if any line of `before` changed."""
    a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    n = len(b) - len(a)
    assert n > 0 and b[i + n :] == a[i:], "en eksisterende linje ble endret"
    return b[i : i + n]


def test_appending_never_rewrites_other_lines(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    path.write_text(ODD_LAYOUT, encoding="utf-8")
    d = Drofting(
        id="drofting-2026-03-01",
        dato=D(2026, 3, 1),
        kommuner=["5028"],
        organisasjoner=["Delta"],
        protokoll="2026/101-7",
    )
    record_consultation(mappe, d, D(2026, 3, 2), avtale=avtale)
    after = path.read_text(encoding="utf-8")
    new = _inserted(ODD_LAYOUT, after)
    # at the list's own column, after the last record (and the comment inside it), before the
    # comment that introduces the next list
    assert new[0] == "    - id: drofting-2026-03-01\n"
    assert (
        after.index("# kommentar inne i posten")
        < after.index(new[0])
        < after.index("# Vedtak føres")
    )

    vedtak = _vedtak(h1, vedtakstekst="Kommunestyret vedtar avtalen.\n\nEnstemmig.\n")
    record_decision(mappe, vedtak, D(2026, 3, 20), avtale=avtale)
    final = path.read_text(encoding="utf-8")
    # the flow-empty list became a block in place, its comment kept; nothing else changed
    assert "vedtak: []    # ingen ennå\n" not in final and "vedtak:    # ingen ennå\n" in final
    assert _inserted(
        after.replace("vedtak: []    # ingen ennå\n", "vedtak:    # ingen ennå\n"), final
    )
    p = load_process(path).prosess
    assert p.drofting[-1] == d and p.vedtak == [vedtak]
    assert p.moter[0].merknad.startswith("Dette er en svært lang merknad") and p.moter[
        0
    ].merknad.endswith("lagt til.")


def test_absent_list_is_added_at_the_end(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    before = path.read_text(encoding="utf-8").replace("vedtak: []\n", "")
    path.write_text(before, encoding="utf-8")
    record_decision(mappe, _vedtak(h1), D(2026, 3, 20), avtale=avtale)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)
    assert after[len(before) :].startswith("vedtak:\n  - id: vedtak-5027-mg-ks-2026-03-19\n")
    assert len(load_process(path).prosess.vedtak) == 1


def test_a_non_empty_flow_list_still_gets_the_record(mappe: Path, avtale, h1):
    path = mappe / "prosess.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "vedtak: []\n",
        "vedtak: [{id: v0, kommune: '5028', organ: kommunestyre, mote: melhus-ks-2026-03-24,\n"
        "  motedato: 2026-03-24, utfall: utsatt, vedtakstekst: Utsatt., versjon: 1,\n"
        f"  avtale_hash: {h1}}}]\n",
    )
    path.write_text(text, encoding="utf-8")
    record_decision(mappe, _vedtak(h1), D(2026, 3, 25), avtale=avtale)
    p = load_process(path).prosess
    assert [v.id for v in p.vedtak] == ["v0", "vedtak-5027-mg-ks-2026-03-19"]
    assert "# signert protokoll" in path.read_text(encoding="utf-8")
