"""The renderer's version: which code turned the document model into bytes.

The avtale-hash binds a decision to what the councils adopted (data, templates, figures); the
archived `maler/` snapshot lets a version be rendered again years later. The code that writes the
files is not in that snapshot, so its version is recorded beside the hash in the archive's
MANIFEST and in the document itself (core properties and the «Dokumentkontroll» block). `verify`
compares bytes only between documents from the same renderer version and compares content across
versions.

Bump `RENDERER_VERSION` by hand whenever the bytes of a rendered .docx, .md or .html change for the
same data and templates (writer, zip, markup parser, filters). `tests/arkiv/test_gjengiverversjon.py`
renders a frozen archived version and fails when the bytes change while the version stays, so a
forgotten bump cannot reach an archive. The avtale-hash does not include this version on purpose:
a new renderer must not change the hash every decision refers to.
"""

from __future__ import annotations

from importlib import metadata

RENDERER_VERSION = "3"
"""1: the hand-built WordprocessingML writer, before the version was recorded (an archive MANIFEST
without «gjengiverversjon» was written by it); 2: the writer on python-docx and lxml with Word
numbering, the renderer version in the core properties and the «Dokumentkontroll» block; 3: «kr»,
«%» and digit groups joined by no-break spaces in every text (not only in Word's tables), the
number filters of `tallformat`, and references between clauses (`§[emne]`, `henvis`) as REF
fields in Word and links in HTML."""

RENDERER_NAME = "avtaleflyt-docx"

BYTE_DEPENDENCIES: tuple[str, ...] = ("python-docx", "lxml")
"""Installed distributions whose version can change the bytes (the writer opens the profile with
python-docx and serialises through lxml); their versions are part of the renderer version."""


def gjengiverversjon() -> str:
    """`avtaleflyt-docx/2`, followed by ` python-docx/1.2.0`-style parts for `BYTE_DEPENDENCIES`."""
    deler = [f"{RENDERER_NAME}/{RENDERER_VERSION}"]
    for navn in BYTE_DEPENDENCIES:
        try:
            deler.append(f"{navn}/{metadata.version(navn)}")
        except metadata.PackageNotFoundError:
            deler.append(f"{navn}/ukjent")
    return " ".join(deler)
