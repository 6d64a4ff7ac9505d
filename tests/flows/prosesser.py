"""Child processes of the real-server tests: a free port, a clean stop of a process group, and the
line-protocol helper (`server_hjelp.py`, `utrulling_hjelp.py`) that keeps Prefect's client out of
the test process. One copy for every test that starts a `prefect server`."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROT = Path(__file__).resolve().parents[2]


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stopp(p: subprocess.Popen) -> None:
    """SIGTERM to the whole group (server, runner, their children), SIGKILL if it lingers."""
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(10)


class Hjelper:
    """A helper script as a process: one command a line in, one `SVAR <json>` line out."""

    def __init__(self, skript: str, env, logg):
        self.p = subprocess.Popen(
            [sys.executable, skript],
            env=env,
            cwd=ROT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=logg,
            text=True,
            start_new_session=True,
        )
        self.svar: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._les, daemon=True).start()

    def _les(self) -> None:
        for linje in self.p.stdout:
            if linje.startswith("SVAR "):
                self.svar.put(linje[5:])
        self.svar.put("")  # the helper has ended

    @staticmethod
    def er_feil(svar: Any) -> bool:
        """Whether an answer reports the helper's own failure."""
        return isinstance(svar, dict) and "feil" in svar

    def __call__(self, *kommando, timeout=120):
        self.p.stdin.write(json.dumps(kommando) + "\n")
        self.p.stdin.flush()
        linje = self.svar.get(timeout=timeout)
        assert linje, f"hjelpeprosessen avsluttet (kode {self.p.poll()})"
        svar = json.loads(linje)
        assert not self.er_feil(svar), svar.get("feil")
        return svar
