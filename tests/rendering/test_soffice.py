"""LibreOffice opens and converts every rendered example (skipped where soffice is absent, except
in CI, where it fails)."""

from __future__ import annotations

import subprocess

import pytest

from avtaleflyt.rendering import render_docx
from tests.rendering.conftest import EXAMPLES, load_example

pytestmark = [
    pytest.mark.requires_tool("soffice"),
    pytest.mark.ci(
        "tests/noark5/test_pdfa.py::test_every_example_converts_to_pdfa_2b_in_one_call (three "
        "examples through our own conversion, checked as PDF/A-2b) and the .docx structure "
        "tests in tests/rendering"
    ),
]


def test_every_example_converts_to_pdf(tmp_path):
    files = []
    for name in EXAMPLES:
        path = tmp_path / f"{name}.docx"
        path.write_bytes(render_docx(load_example(name)))
        files.append(str(path))
    profile = (tmp_path / "lo-profil").as_uri()
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for name in EXAMPLES:
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.is_file(), f"{name}: ingen PDF\n{proc.stdout}\n{proc.stderr}"
        data = pdf.read_bytes()
        assert (
            data.startswith(b"%PDF") and data.count(b"/Type /Page") + data.count(b"/Type/Page") >= 2
        )
