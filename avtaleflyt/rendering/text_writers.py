"""Markdown and HTML from the same `Document` the .docx is written from."""

from __future__ import annotations

import html
import re

from avtaleflyt.rendering.document import Document, Heading, ListBlock, Paragraph, Table

_MD_INLINE = re.compile(r"([\\`*_\[\]<>&|#~!{}])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def md_escape(text: str) -> str:
    """Escape so a value is literal Markdown text (CommonMark backslash escapes)."""
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        m = _MD_LINE_START.match(line)
        if m:
            line = f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}{line[m.end() :]}"
        lines.append(line)
    return "  \n".join(lines)


def bokstav(i: int) -> str:
    """The letter of list item i (0-based) as Word numbers it (lowerLetter): a … z, aa, bb …"""
    return chr(ord("a") + i % 26) * (i // 26 + 1)


def _md_list(b: ListBlock) -> list[str]:
    """Lettered items as «a) …» lines joined by hard line breaks, so «bokstav b» is the same item
    as in Word and HTML (CommonMark only numbers lists «1.»); bullets as a Markdown list."""
    if not b.ordered:
        lines = [f"- {md_escape(item).replace(chr(10), chr(10) + '  ')}" for item in b.items]
        return [*lines, ""]
    lines = [f"{bokstav(i)}) {md_escape(item)}" for i, item in enumerate(b.items)]
    return ["  \n".join(lines), ""]


def to_markdown(doc: Document, footer: str) -> str:
    out = [f"# {md_escape(doc.title)}", ""]
    if doc.subtitle:
        out += [f"*{md_escape(doc.subtitle)}*", ""]
    for b in doc.blocks:
        if isinstance(b, Heading):
            out += [f"{'##' if b.number is not None else '###'} {md_escape(b.label)}", ""]
        elif isinstance(b, Paragraph):
            out += [md_escape(b.text), ""]
        elif isinstance(b, ListBlock):
            out += _md_list(b)
        elif isinstance(b, Table):
            out.append("| " + " | ".join(md_escape(c) for c in b.header) + " |")
            out.append("|" + "---|" * len(b.header))
            out += [
                "| " + " | ".join(md_escape(c).replace("  \n", "<br>") for c in r) + " |"
                for r in b.rows
            ]
            out.append("")
        else:
            for s in b.items:
                out += [
                    f"**{md_escape(s.party)}**  ",
                    f"Sted og dato: {md_escape(s.place)}, ____________  ",
                    "",
                    "______________________________  ",
                    f"{md_escape(s.name)}  ",
                    md_escape(s.role),
                    "",
                ]
    out += ["---", "", md_escape(footer), ""]
    return "\n".join(out)


def _h(text: str) -> str:
    return html.escape(text, quote=True).replace("\n", "<br>\n")


_CSS = (
    "body{font-family:Calibri,Carlito,sans-serif;max-width:48em;margin:2em auto;line-height:1.4}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em;text-align:left}"
    "th{background:#e7e6e6}.signaturer{display:grid;grid-template-columns:1fr 1fr;gap:2em}"
    ".signatur .linje{margin-top:2.5em;border-top:1px solid #000;width:80%}footer{font-size:.8em;color:#444}"
    # «a)» as in Word and Markdown, not the browser's «a.»
    "ol.bokstav{list-style:none;counter-reset:bokstav;padding-left:2em}"
    "ol.bokstav>li{counter-increment:bokstav}"
    'ol.bokstav>li::before{content:counter(bokstav,lower-alpha) ") ";margin-left:-1.6em;'
    "display:inline-block;width:1.6em}"
)


def _anker(nummer: int) -> str:
    """The id of clause `nummer`'s heading: the same name as its Word bookmark."""
    return f"paragraf_{nummer}"


def _avsnitt(b: Paragraph) -> str:
    """A paragraph's HTML; a reference to another clause links to that clause's heading."""
    ut, pos = [], 0
    for ref in b.refs:
        ut.append(_h(b.text[pos : ref.start]))
        ut.append(f'<a href="#{_anker(ref.nummer)}">{_h(b.text[ref.start : ref.slutt])}</a>')
        pos = ref.slutt
    ut.append(_h(b.text[pos:]))
    return "".join(ut)


def to_html(doc: Document, footer: str) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        '<head><meta charset="utf-8">',
        f"<title>{_h(doc.title)}</title>",
        f"<style>{_CSS}</style></head>",
        "<body>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    if doc.subtitle:
        out.append(f'<p class="undertittel"><em>{_h(doc.subtitle)}</em></p>')
    for b in doc.blocks:
        if isinstance(b, Heading):
            if b.number is None:
                out.append(f"<h3>{_h(b.label)}</h3>")
            else:
                out.append(f'<h2 id="{_anker(b.number)}">{_h(b.label)}</h2>')
        elif isinstance(b, Paragraph):
            out.append(f"<p>{_avsnitt(b)}</p>")
        elif isinstance(b, ListBlock):
            tag = "ol" if b.ordered else "ul"
            items = "".join(f"<li>{_h(i)}</li>" for i in b.items)
            attr = ' type="a" class="bokstav"' if b.ordered else ""
            out.append(f"<{tag}{attr}>{items}</{tag}>")
        elif isinstance(b, Table):
            head = "".join(f"<th>{_h(c)}</th>" for c in b.header)
            rows = "".join(
                "<tr>" + "".join(f"<td>{_h(c)}</td>" for c in r) + "</tr>" for r in b.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
        else:
            sigs = "".join(
                f'<div class="signatur"><p><strong>{_h(s.party)}</strong><br>Sted og dato: {_h(s.place)}, '
                f'____________</p><div class="linje"></div><p>{_h(s.name)}<br>{_h(s.role)}</p></div>'
                for s in b.items
            )
            out.append(f'<div class="signaturer">{sigs}</div>')
    out += [f"<footer><hr><p>{_h(footer)}</p></footer>", "</body>", "</html>", ""]
    return "\n".join(out)
