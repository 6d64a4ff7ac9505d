"""Drafting speed: our renderer per agreement and for 1,000, against docxtpl filling an equivalent
Word template (named baseline). Run: `.venv/bin/python benchmarks/rendering_bench.py [antall]`.

Target (issue 3): no slower than docxtpl, and under 50 ms for a typical agreement on one core.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from avtaleflyt.paths import TEMPLATES_DIR  # noqa: E402
from avtaleflyt.rendering import build_document, render_docx  # noqa: E402
from avtaleflyt.rendering.api import document_meta  # noqa: E402
from avtaleflyt.rendering.document import Heading, ListBlock, Paragraph, Signatures, Table  # noqa: E402
from avtaleflyt.rendering.docx_writer import write_docx  # noqa: E402
from avtaleflyt.yaml_loader import load_yaml  # noqa: E402
from schemas.avtale import AVTALE_ADAPTER  # noqa: E402


def examples():
    return [
        AVTALE_ADAPTER.validate_python(load_yaml(p).data)
        for p in sorted((ROOT / "agreements").glob("*/avtale.yaml"))
    ]


def ten_pages(avtale):
    """The largest example with its tasks repeated, about ten pages."""
    extra = [
        o.model_copy(update={"navn": f"{o.navn} ({i})"}) for i in range(6) for o in avtale.oppgaver
    ]
    return avtale.model_copy(update={"oppgaver": extra})


def docxtpl_template(path: Path) -> None:
    """A Word template with the same blocks, written the way docxtpl expects ({%p %}, {%tr %})."""
    from docx import Document

    d = Document()
    d.add_paragraph("{{ tittel }}", style="Title")
    d.add_paragraph("{{ undertittel }}", style="Subtitle")
    d.add_paragraph("{%p for b in blokker %}")
    d.add_paragraph("{%p if b.art == 'overskrift' %}")
    d.add_paragraph("{{ b.tekst }}", style="Heading 1")
    d.add_paragraph("{%p elif b.art == 'punkt' %}")
    d.add_paragraph("{{ b.tekst }}", style="List Number")
    d.add_paragraph("{%p else %}")
    d.add_paragraph("{{ b.tekst }}")
    d.add_paragraph("{%p endif %}")
    d.add_paragraph("{%p endfor %}")
    t = d.add_table(rows=3, cols=2, style="Table Grid")
    t.cell(0, 0).text, t.cell(0, 1).text = "Kommune", "Kommunenr."
    t.cell(1, 0).text = "{%tr for r in rader %}"
    t.cell(2, 0).text, t.cell(2, 1).text = "{{ r[0] }}", "{{ r[1] }}"
    t.add_row().cells[0].text = "{%tr endfor %}"
    d.add_paragraph("{%p for s in signaturer %}")
    d.add_paragraph("{{ s.party }}, {{ s.place }}: {{ s.name }}, {{ s.role }}")
    d.add_paragraph("{%p endfor %}")
    d.save(path)


def docxtpl_context(avtale) -> dict:
    doc = build_document(avtale)
    blokker, rader, sig = [], [], []
    for b in doc.blocks:
        if isinstance(b, Heading):
            blokker.append({"art": "overskrift", "tekst": b.label})
        elif isinstance(b, Paragraph):
            blokker.append({"art": "avsnitt", "tekst": b.text})
        elif isinstance(b, ListBlock):
            blokker += [{"art": "punkt", "tekst": i} for i in b.items]
        elif isinstance(b, Table) and not rader:
            rader = [list(r[:2]) for r in b.rows]
        elif isinstance(b, Signatures):
            sig = list(b.items)
    return {
        "tittel": doc.title,
        "undertittel": doc.subtitle,
        "blokker": blokker,
        "rader": rader,
        "signaturer": sig,
    }


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    batch = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    from docxtpl import DocxTemplate

    avtaler = examples()
    render_docx(
        avtaler[0]
    )  # warm the template and reference caches, as a long-running service would
    per = {a.id: statistics.median(timed(lambda a=a: render_docx(a), 15)) for a in avtaler}
    print("Vår gjengivelse (.docx, median av 15 per avtale):")
    for k, v in per.items():
        print(f"  {k:34s} {v:6.1f} ms")
    typical = statistics.median(per.values())
    print(f"  typisk avtale (median): {typical:.1f} ms   mål: < 50 ms")

    t0 = time.perf_counter()
    for i in range(batch):
        render_docx(avtaler[i % len(avtaler)])
    total = time.perf_counter() - t0
    print(f"Parti på {batch} avtaler: {total:.2f} s ({total / batch * 1000:.1f} ms per avtale)")

    big = ten_pages(max(avtaler, key=lambda a: len(getattr(a, "oppgaver", None) or [])))
    ours = statistics.median(timed(lambda: render_docx(big), 15))
    with tempfile.TemporaryDirectory() as d:
        tpl = Path(d) / "mal.docx"
        docxtpl_template(tpl)
        ctx = docxtpl_context(big)

        def with_docxtpl():
            t = DocxTemplate(str(tpl))
            t.render(ctx, autoescape=True)
            t.save(io.BytesIO())

        theirs = statistics.median(timed(with_docxtpl, 15))
    doc, meta = build_document(big), document_meta(big)
    writer = statistics.median(
        timed(lambda: write_docx(doc, meta, TEMPLATES_DIR / "referanse.docx"), 15)
    )
    print(f"Omtrent ti sider ({len(doc.blocks)} blokker):")
    print(f"  Word-skriveren alene (python-docx-profil, lxml-elementer, zip): {writer:.1f} ms")
    print(
        f"  avtaleflyt: {ours:.1f} ms   docxtpl (grunnlinje): {theirs:.1f} ms   forhold: {ours / theirs:.2f}"
    )


if __name__ == "__main__":
    main()
