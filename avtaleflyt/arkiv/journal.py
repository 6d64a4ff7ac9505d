"""The append-only journal of what this archive wrote: (event id, commit, tag, tag object).

It lives in `.git/avtaleflyt/journal.jsonl`, outside the history it protects. Before each write,
and in `verify`, the archive checks that the last journaled head is still an ancestor of HEAD
(every earlier one is an ancestor of it, so one check covers a rewrite anywhere) and that every
journaled tag still names the same tag object. A line is written with fsync; a torn last line from
a crash is ignored, and the next append (under the write lock) cuts it off first. The journal is a tripwire for
rewrites by people with access to this copy, not a security boundary; signed tags and mirrors at
each municipality are.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

JOURNAL = "journal.jsonl"


class Journal:
    """Reads are cached by file size, so one event parses the journal once."""

    def __init__(self, fil: Path) -> None:
        self.fil = fil
        self._cache: tuple[int, list[dict]] | None = None

    def finnes(self) -> bool:
        return self.fil.exists()

    def poster(self) -> list[dict]:
        try:
            storrelse = self.fil.stat().st_size
        except FileNotFoundError:
            return []
        if self._cache is not None and self._cache[0] == storrelse:
            return self._cache[1]
        poster = self._les()
        self._cache = (storrelse, poster)
        return poster

    def _les(self) -> list[dict]:
        data = self.fil.read_bytes()
        hele = data[: data.rfind(b"\n") + 1].strip()
        try:  # fast path: every complete line at once
            ut = json.loads(b"[" + hele.replace(b"\n", b",") + b"]") if hele else []
            if isinstance(ut, list) and all(isinstance(p, dict) for p in ut):
                return ut
        except json.JSONDecodeError:
            pass
        ut = []
        linjer = data.split(b"\n")
        for i, linje in enumerate(linjer):
            if not linje.strip():
                continue
            try:
                ut.append(json.loads(linje))
            except json.JSONDecodeError:
                if i == len(linjer) - 1:
                    continue  # torn last line from a crash
                raise ValueError(f"journalen {self.fil} er skadet på linje {i + 1}") from None
        return ut

    def legg_til(self, post: dict) -> None:
        data = (json.dumps(post, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
        fd = os.open(self.fil, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            storrelse = os.fstat(fd).st_size
            if storrelse and os.pread(fd, 1, storrelse - 1) != b"\n":
                innhold = self.fil.read_bytes()  # drop a torn line (we hold the write lock)
                os.truncate(self.fil, innhold.rfind(b"\n") + 1)
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    def commits(self) -> dict[str, str]:
        """event id -> commit."""
        return {p["hendelse_id"]: p["commit"] for p in self.poster() if p.get("type") == "commit"}

    def siste_hode(self) -> str | None:
        hoder = [
            p.get("commit") or p.get("hode")
            for p in self.poster()
            if p.get("type") in ("commit", "grunnlag")
        ]
        hoder = [h for h in hoder if h]
        return hoder[-1] if hoder else None

    def tags(self) -> dict[str, str]:
        """tag name -> tag object id, as written (a 'grunnlag' post records pre-existing tags)."""
        ut: dict[str, str] = {}
        for p in self.poster():
            if p.get("type") == "tag":
                ut[p["navn"]] = p["objekt"]
            elif p.get("type") == "grunnlag":
                ut.update(p.get("tagger", {}))
        return ut
