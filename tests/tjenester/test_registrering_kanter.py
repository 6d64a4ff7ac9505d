"""`avtale record` at the edges (issue 15 items 1 and 7): a day after today, a text too large for
prosess.yaml, invisible or line-breaking characters in case numbers and references, automatic ids
under concurrency, and a disk that cannot be written. Each is refused in one Norwegian line with
nothing written; real processes and files, no mocks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from avtaleflyt import tjenester
from avtaleflyt.arkiv import Arkiv
from avtaleflyt.prosess import RecordRefused, load_process
from avtaleflyt.prosess.kalender import idag
from avtaleflyt.yaml_loader import MAX_BYTES
from tests.grundighet import antall

KODE = "from avtaleflyt.cli.main import main; main()"
VEDTAK = ("record", "decision", "lonn-regnskap", "--mote", "mg-ks-2026-03-19", "--kommune", "5027")


def avtale(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", KODE, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def en_linje(ut: subprocess.CompletedProcess) -> None:
    feil = [linje for linje in ut.stderr.splitlines() if linje.strip()]
    assert len(feil) == 1 and "Traceback" not in ut.stderr, ut.stderr


def test_record_at_a_day_after_today_is_refused_outside_a_simulation(mappe: Path, tmp_path):
    for_ = (mappe / "prosess.yaml").read_bytes()
    senere = (idag() + dt.timedelta(days=14)).isoformat()
    args = ("record", "notice", "lonn-regnskap", "--dato", "2026-04-01", "--sendt-av", "5027")
    args += ("--at", senere)
    env = {"AVTALE_AVTALER": str(mappe.parent), "AVTALE_ARKIV": str(tmp_path / "arkiv")}
    ut = avtale(*args, env=env)
    assert ut.returncode == 2, ut.stdout + ut.stderr
    en_linje(ut)
    assert "--at" in ut.stderr and "etter dagens dato" in ut.stderr
    assert (mappe / "prosess.yaml").read_bytes() == for_
    Arkiv(tmp_path / "sim").opprett(simulering=True)
    sim = avtale(*args, env={**env, "AVTALE_ARKIV": str(tmp_path / "sim")})
    assert sim.returncode == 0, sim.stderr


def test_a_decision_text_larger_than_prosess_yaml_may_be_is_refused_before_writing(
    mappe: Path, tmp_path
):
    for_ = (mappe / "prosess.yaml").read_bytes()
    fil = tmp_path / "vedtak.txt"
    fil.write_text("Avtalen vedtas. " * (10 * 1024 * 1024 // 16), encoding="utf-8")
    ut = avtale(
        *VEDTAK,
        "--utfall",
        "vedtatt",
        "--vedtakstekst-fil",
        str(fil),
        "--at",
        "2026-03-20",
        env={"AVTALE_AVTALER": str(mappe.parent)},
    )
    assert ut.returncode == 2, ut.stdout + ut.stderr
    en_linje(ut)
    assert "--vedtakstekst-fil" in ut.stderr and "MB" in ut.stderr
    assert (mappe / "prosess.yaml").read_bytes() == for_
    assert avtale("status", "lonn-regnskap", "--at", "2026-03-20").returncode in (0, 1)


def test_the_service_layer_refuses_a_record_that_would_make_the_file_unreadable(mappe: Path):
    """A flow hands the text as a string: the checked append itself refuses what the loader
    would refuse, so no later command fails on the file."""
    for_ = (mappe / "prosess.yaml").read_bytes()
    with pytest.raises(RecordRefused, match="høyst") as feil:
        tjenester.registrer_vedtak(
            mappe,
            mote="mg-ks-2026-03-19",
            kommune="5027",
            utfall="vedtatt",
            vedtakstekst="x" * (MAX_BYTES + 10),
            at=dt.date(2026, 3, 20),
        )
    assert "prosess.yaml" in str(feil.value)
    assert (mappe / "prosess.yaml").read_bytes() == for_
    assert load_process(mappe / "prosess.yaml").prosess is not None


@pytest.mark.parametrize(
    ("tegn", "hva"),
    [
        ("\n", "linjeskift"),
        ("\r", "linjeskift"),
        ("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
        ("\u200b", "ZERO WIDTH SPACE"),
        ("\u2066", "LEFT-TO-RIGHT ISOLATE"),
    ],
)
def test_case_numbers_with_line_breaks_bidi_or_zero_width_are_refused(mappe: Path, tegn, hva):
    for_ = (mappe / "prosess.yaml").read_bytes()
    ut = avtale(
        *VEDTAK,
        "--utfall",
        "vedtatt",
        "--vedtakstekst",
        "Avtalen vedtas.",
        "--saksnummer",
        f"PS 14/26{tegn}",
        "--at",
        "2026-03-20",
        env={"AVTALE_AVTALER": str(mappe.parent)},
    )
    assert ut.returncode == 2, ut.stdout + ut.stderr
    en_linje(ut)
    assert ut.stderr.startswith("avtale: --saksnummer:") and hva in ut.stderr
    assert (mappe / "prosess.yaml").read_bytes() == for_


def test_references_and_ids_with_invisible_characters_are_refused(mappe: Path):
    for_ = (mappe / "prosess.yaml").read_bytes()
    env = {"AVTALE_AVTALER": str(mappe.parent)}
    base = ("record", "notice", "lonn-regnskap", "--dato", "2026-04-01", "--sendt-av", "5027")
    base += ("--at", "2026-04-02")
    dok = avtale(*base, "--dokument", "2026/77-1\u200b", env=env)
    assert dok.returncode == 2 and "--dokument:" in dok.stderr and "ZERO WIDTH" in dok.stderr
    post = avtale(*base, "--id", "melding\u202e", env=env)
    assert post.returncode == 2 and "--id" in post.stderr and "Traceback" not in post.stderr
    assert (mappe / "prosess.yaml").read_bytes() == for_


def test_simultaneous_consultations_without_id_are_all_recorded(mappe: Path):
    """The automatic id is chosen under the folder's write lock: n writers, n ids (eight; four
    in the everyday run)."""
    n = antall(rask=4, grundig=8)
    env = {"AVTALE_AVTALER": str(mappe.parent)}
    args = (
        "record",
        "consultation",
        "lonn-regnskap",
        "--dato",
        "2026-03-02",
        "--kommune",
        "5027",
        "--organisasjon",
        "Fagforbundet",
        "--protokoll",
        "Protokoll fra drøftingsmøte",
        "--at",
        "2026-03-02",
    )
    with ThreadPoolExecutor(n) as pool:
        svar = list(pool.map(lambda _: avtale(*args, env=env), range(n)))
    assert [s.returncode for s in svar] == [0] * n, [s.stderr for s in svar]
    ider = [d.id for d in load_process(mappe / "prosess.yaml").prosess.drofting]
    nye = [i for i in ider if i.startswith("drofting-2026-03-02")]
    assert len(nye) == n and len(set(nye)) == n, ider
