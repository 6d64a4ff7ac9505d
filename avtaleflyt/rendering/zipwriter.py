"""A minimal deterministic ZIP writer: fixed times and attributes, caller's entry order, and reuse of
already-deflated bytes for the reference document's unchanged parts (most of a .docx)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

DOS_TIME = 0  # 00:00:00
DOS_DATE = (0 << 9) | (1 << 5) | 1  # 1980-01-01
VERSION = 20
DEFLATE = 8
UTF8_FLAG = 0x800


@dataclass(frozen=True)
class Entry:
    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, content: bytes) -> Entry:
    c = zlib.compressobj(6, zlib.DEFLATED, -15, 8)
    return Entry(name, zlib.crc32(content), len(content), c.compress(content) + c.flush())


def write_zip(entries: list[Entry]) -> bytes:
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8")
        flags = UTF8_FLAG if not e.name.isascii() else 0
        offset = len(out)
        out += (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                VERSION,
                flags,
                DEFLATE,
                DOS_TIME,
                DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
            )
            + name
            + e.data
        )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                (3 << 8) | VERSION,
                VERSION,
                flags,
                DEFLATE,
                DOS_TIME,
                DOS_DATE,
                e.crc,
                len(e.data),
                e.size,
                len(name),
                0,
                0,
                0,
                0,
                0o644 << 16,
                offset,
            )
            + name
        )
    start = len(out)
    out += central
    out += struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0
    )
    return bytes(out)
