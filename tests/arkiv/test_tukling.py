"""Tampering with the archive by hand: verify finds each kind, and the archiver refuses to write
on top of rewritten history or moved tags."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from avtaleflyt.arkiv import Arkiv, ArkivSkadet
from avtaleflyt.arkiv.verifiser import verifiser
from tests.arkiv import arkivdata
from tests.arkiv.arkivdata import git


@pytest.fixture
def fylt(arkiv, arkivsti):
    arkiv.arkiver(arkivdata.hendelse())
    arkiv.arkiver(arkivdata.hendelse(type_="signert", dato=dt.date(2026, 5, 2)))
    arkiv.arkiver(arkivdata.hendelse("annen"))
    assert verifiser(arkivsti, rerender=arkivdata.gjengi) == []
    return arkivsti


def regler(funn) -> set[str]:
    return {f.rule for f in funn}


def test_edited_archived_file_in_a_new_commit_is_found(fylt):
    docx = fylt / "gauldal-landbruk/dokumenter/gauldal-landbruk.docx"
    docx.write_bytes(docx.read_bytes().replace(b"Samarbeid", b"Samarbeld"))
    git(fylt, "commit", "-qam", "Retter skrivefeil")
    funn = verifiser(fylt, rerender=arkivdata.gjengi)
    assert {"ARKIV-SJEKKSUM", "ARKIV-TRAILER", "ARKIV-HISTORIKK", "ARKIV-GJENGIVELSE"} <= regler(
        funn
    )
    sjekk = next(f for f in funn if f.rule == "ARKIV-SJEKKSUM")
    assert sjekk.file.endswith("gauldal-landbruk/dokumenter/gauldal-landbruk.docx")
    assert "endret etter arkivering" in sjekk.message
    # the archiver refuses to build on a commit it did not write
    with pytest.raises(ArkivSkadet, match="ikke skrevet av avtaleflyt"):
        Arkiv(fylt).arkiver(arkivdata.hendelse("tredje"))


def test_edit_with_consistent_manifest_and_trailers_is_still_found(fylt):
    """A careful forger fixes the manifest and copies the trailers: the journal and the
    re-render still catch it."""
    mappe = fylt / "annen"
    data = json.loads((mappe / "avtale.json").read_bytes())
    data["uttreden"]["oppsigelsestid_maaneder"] = 1
    ny = json.dumps(data, sort_keys=True).encode()
    (mappe / "avtale.json").write_bytes(ny)
    manifest = json.loads((mappe / "MANIFEST.json").read_bytes())
    for obj in manifest["dokumentobjekter"]:
        if obj["referanseDokumentfil"] == "avtale.json":
            obj["sjekksum"] = __import__("hashlib").sha256(ny).hexdigest()
            obj["filstoerrelse"] = len(ny)
    (mappe / "MANIFEST.json").write_text(json.dumps(manifest, sort_keys=True, indent=2) + "\n")
    melding = git(fylt, "log", "-1", "--format=%B", "annen/v1/vedtatt")
    git(fylt, "commit", "-qa", "-m", melding)
    funn = verifiser(fylt, rerender=arkivdata.gjengi)
    assert "ARKIV-SJEKKSUM" not in regler(funn)
    assert {"ARKIV-GJENGIVELSE", "ARKIV-HISTORIKK", "ARKIV-DUPLIKAT"} <= regler(funn)


def test_moved_tag_is_found_and_blocks_writing(fylt):
    git(fylt, "tag", "-f", "-a", "-m", "flyttet", "gauldal-landbruk/v1/vedtatt", "HEAD")
    funn = verifiser(fylt)
    tagfunn = [f for f in funn if f.rule in ("ARKIV-TAG", "ARKIV-HISTORIKK")]
    assert any("loggen sier hendelsen er" in f.message and "flyttet" in f.message for f in tagfunn)
    assert any("byttet ut" in f.message for f in tagfunn)
    with pytest.raises(ArkivSkadet, match="Taggen gauldal-landbruk/v1/vedtatt var"):
        Arkiv(fylt).arkiver(arkivdata.hendelse("tredje"))


def test_tag_moved_to_another_commit_of_same_agreement_is_found_without_journal(fylt):
    """On a clone (no journal) the tag is still checked against the log's trailers."""
    (fylt / ".git/avtaleflyt/journal.jsonl").unlink()
    signert = git(fylt, "rev-parse", "gauldal-landbruk/v1/signert^{commit}").strip()
    git(fylt, "tag", "-f", "-a", "-m", "flyttet", "gauldal-landbruk/v1/vedtatt", signert)
    funn = verifiser(fylt)
    assert any(f.rule == "ARKIV-TAG" and "gauldal-landbruk/v1/signert" in f.message for f in funn)


def test_deleted_file_is_found(fylt):
    git(fylt, "rm", "-q", "gauldal-landbruk/prosess.json")
    git(fylt, "commit", "-qm", "Rydder")
    funn = verifiser(fylt)
    mangler = [f for f in funn if f.rule == "ARKIV-FIL-MANGLER"]
    assert mangler and "gauldal-landbruk/prosess.json står i manifestet" in mangler[0].message


def test_deleted_tag_is_found(fylt):
    git(fylt, "tag", "-d", "annen/v1/vedtatt")
    funn = verifiser(fylt)
    assert any(f.rule == "ARKIV-TAG" and "har ingen tag" in f.message for f in funn)
    assert any(f.rule == "ARKIV-HISTORIKK" and "er slettet" in f.message for f in funn)


def test_amended_commit_is_found_and_blocks_writing(fylt):
    melding = git(fylt, "log", "-1", "--format=%B")
    (fylt / "annen/prosess.json").write_text("{}")
    git(fylt, "commit", "-qa", "--amend", "-m", melding)
    funn = verifiser(fylt)
    assert any(f.rule == "ARKIV-HISTORIKK" and "skrevet om" in f.message for f in funn)
    with pytest.raises(ArkivSkadet, match=r"Historikken i arkivet .* er skrevet om"):
        Arkiv(fylt).arkiver(arkivdata.hendelse("tredje"))


def test_force_reset_to_older_commit_is_found(fylt):
    git(fylt, "reset", "-q", "--hard", "HEAD~2")
    funn = verifiser(fylt)
    historikk = [f for f in funn if f.rule == "ARKIV-HISTORIKK"]
    assert len(historikk) >= 2  # the lost head and the lost signert commit
    assert any(f.rule == "ARKIV-TAG" for f in funn)  # tags now point outside the branch


def test_adoption_with_another_hash_in_archived_process_is_found(fylt):
    mappe = fylt / "gauldal-landbruk"
    prosess = json.loads((mappe / "prosess.json").read_bytes())
    prosess["vedtak"][1]["avtale_hash"] = "b" * 64
    (mappe / "prosess.json").write_text(json.dumps(prosess, sort_keys=True))
    git(fylt, "commit", "-qam", "Retter vedtak")
    funn = verifiser(fylt, "gauldal-landbruk")
    assert any(f.rule == "ARKIV-VEDTAK-HASH" and "kommune 5028" in f.message for f in funn)
    assert all(not f.file.startswith("annen") for f in funn)


def test_verify_scoped_to_one_agreement_ignores_others(fylt):
    docx = fylt / "annen/dokumenter/annen.docx"
    docx.write_bytes(b"tuklet")
    git(fylt, "commit", "-qam", "tukl")
    assert verifiser(fylt, "gauldal-landbruk", rerender=arkivdata.gjengi) == []
    assert verifiser(fylt, "annen", rerender=arkivdata.gjengi) != []


def _hendelser(arkivsti, *, fra_logg: bool = False) -> list[tuple[str, str]]:
    """The events `avtale history` builds on (the test data's avtale.json is not a full agreement)."""
    from avtaleflyt.revisjon import Leser

    with Leser(arkivsti, fra_logg=fra_logg) as leser:
        return [(e.hendelse, e.commit) for e in leser.hendelser("gauldal-landbruk")]


def test_history_does_not_trust_a_moved_tag(fylt):
    """The auditor's fast reader checks each tag against its commit's trailers: a tag moved onto
    another event makes it read the log, so history still tells the archived truth."""
    riktig = _hendelser(fylt)
    assert [h for h, _ in riktig] == ["vedtatt", "signert"]
    signert = git(fylt, "rev-parse", "gauldal-landbruk/v1/signert^{commit}").strip()
    git(fylt, "tag", "-f", "-a", "-m", "flyttet", "gauldal-landbruk/v1/vedtatt", signert)
    assert _hendelser(fylt) == _hendelser(fylt, fra_logg=True) == riktig


def test_history_reads_the_log_when_the_newest_tag_is_deleted(fylt):
    riktig = _hendelser(fylt)
    git(fylt, "tag", "-d", "gauldal-landbruk/v1/signert")
    assert _hendelser(fylt) == riktig


def _med_rettet_vedtak(korrigert: bool):
    """A vedtatt event whose prosess.json holds a second record for Midtre Gauldal with another
    avtale-hash: corrected by the adopting record (`korrigert`), or recorded after it at the same
    meeting, so that it is the decision that counts."""
    h = arkivdata.hendelse()
    prosess = json.loads(h.files["prosess.json"])
    riktig = prosess["vedtak"][0]
    feil = {**riktig, "id": "feilfort", "avtale_hash": "0" * 64}
    if korrigert:
        riktig["korrigerer"] = "feilfort"
        prosess["vedtak"].insert(0, feil)
    else:
        prosess["vedtak"].append(feil)
    files = {**h.files, "prosess.json": json.dumps(prosess, sort_keys=True).encode()}
    return dataclasses.replace(h, files=files)


@pytest.mark.parametrize("korrigert", [True, False])
def test_a_corrected_decision_with_another_hash_is_not_tampering(arkiv, arkivsti, korrigert):
    """verify asks the legal facts which decision counts: a record a later one corrects is not
    the adoption, so its other avtale-hash is no finding; the counting record is still checked."""
    arkiv.arkiver(_med_rettet_vedtak(korrigert))
    funn = verifiser(arkivsti, rerender=arkivdata.gjengi)
    assert ("ARKIV-VEDTAK-HASH" in regler(funn)) is not korrigert
