"""Same data + same templates → byte-identical .docx, across separate processes."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import zipfile

from avtaleflyt.paths import PROJECT_ROOT
from avtaleflyt.rendering import render_docx
from tests.rendering.conftest import EXAMPLES, load_example

SCRIPT = """
import hashlib, sys
from tests.rendering.conftest import EXAMPLES, load_example
from avtaleflyt.rendering import render_docx
for name in EXAMPLES:
    print(name, hashlib.sha256(render_docx(load_example(name))).hexdigest())
"""


def _run(extra_env: dict[str, str]) -> str:
    env = {**os.environ, **extra_env}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_two_processes_give_the_same_sha256():
    first = _run({"TZ": "UTC", "PYTHONHASHSEED": "1", "LANG": "C"})
    second = _run({"TZ": "Pacific/Auckland", "PYTHONHASHSEED": "2", "LANG": "nb_NO.UTF-8"})
    assert first == second
    assert len(first.strip().split("\n")) == len(EXAMPLES)


def test_zip_entries_have_fixed_times_and_order():
    data = render_docx(load_example(EXAMPLES[0]))
    infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert [i.filename for i in infos[1:]] == sorted(i.filename for i in infos[1:])
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert (
        hashlib.sha256(data).digest()
        == hashlib.sha256(render_docx(load_example(EXAMPLES[0]))).digest()
    )


def test_archived_copy_of_templates_renders_the_same_bytes(tmp_path):
    """`avtale verify` re-renders with templates copied out of the archive: same bytes, same hash."""
    import shutil

    from avtaleflyt.paths import TEMPLATES_DIR
    from avtaleflyt.rendering import avtale_hash

    copy = tmp_path / "maler"
    shutil.copytree(TEMPLATES_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    avtale = load_example(EXAMPLES[-1])
    assert render_docx(avtale, templates_dir=copy) == render_docx(avtale)
    assert avtale_hash(avtale, copy) == avtale_hash(avtale)
