"""The re-render check of `verifiser`: every archived version, rendered again, gives the same document.

Each version is rendered from its own archived `avtale.json` and `maler/` through the caller's
`rerender` callback (the renderer is not this package's code), once per distinct input and
document set.

The templates are archived, the renderer's code is not; the MANIFEST records which renderer wrote
the documents (`gjengiverversjon`, absent in manifests written before it was recorded:
`manifest.GJENGIVERVERSJON_FOER`). A callback that says its own version (attribute
`gjengiverversjon`, as `gjengivelse.standard_gjengiver` does) is held to bytes only for documents
of that same version. A .docx from another renderer version is compared by what a reader sees
(`dokumentinnhold`): the text of every paragraph and table cell in order, with list labels, and the
headers and footers. A difference in that text is a finding, as a changed byte is within one
version; equal text is a note (`Statistikk.gjengiverbytte`), not a finding, and differing paragraph
styles with equal text are named in the note. A callback without the attribute is compared byte
for byte, as before.
"""

from __future__ import annotations

import hashlib

from avtaleflyt.arkiv.dokumentinnhold import DokumentFeil, erstatt, forste_forskjell, les_innhold
from avtaleflyt.arkiv.manifest import gjengiverversjon, les_manifest, sjekksum
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll, Statistikk

PLASSHOLDER = "«gjengiverversjon»"


def gjengi(kt: Kontroll, tre: dict[str, str], mappe: str, k: str) -> None:
    """Re-render one agreement folder's version (`tre`: path -> blob id) and compare."""
    if kt.rerender is None:
        return
    inndata = sorted(
        (s, o)
        for s, o in tre.items()
        if s == "avtale.json" or s.startswith(("maler/", "dokumenter/"))
    )
    nokkel = hashlib.sha256(repr(inndata).encode()).hexdigest()[:32]
    if nokkel in kt.gjengitt:
        return
    kt.gjengitt.add(nokkel)
    kt.nye_gjengivelser.append(nokkel)
    kt.st.gjengitte_versjoner += 1
    filer = {s: kt.data(o) for s, o in tre.items() if not s.startswith("dokumenter/")}
    try:
        nye = kt.rerender(filer)
    except Exception as exc:  # the renderer is someone else's code: report, don't crash
        kt.feil(
            f"{k}:{mappe}/avtale.json",
            "ARKIV-GJENGIVELSE",
            f"Commit {k}: versjonen kunne ikke gjengis på nytt med de arkiverte malene: "
            f"{type(exc).__name__}: {exc}",
        )
        return
    naa = getattr(kt.rerender, "gjengiverversjon", None)
    arkivert_versjon = _arkivert_versjon(filer.get("MANIFEST.json"))
    for sti, data in sorted(nye.items()):
        if sti not in tre:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-GJENGIVELSE",
                f"Commit {k}: {mappe}/{sti} mangler i arkivet, men gjengis fra dataene.",
            )
            continue
        arkivert = kt.st.sjekksummer.get(tre[sti], ("", -1))[0]
        ny = sjekksum(data)
        if arkivert == ny:
            continue
        if isinstance(naa, str) and naa != arkivert_versjon and sti.endswith(".docx"):
            _sammenlign_innhold(
                kt, f"{k}:{mappe}/{sti}", kt.data(tre[sti]), data, (arkivert_versjon, naa)
            )
            continue
        kt.feil(
            f"{k}:{mappe}/{sti}",
            "ARKIV-GJENGIVELSE",
            f"Commit {k}: {mappe}/{sti} er ikke byte for byte lik en ny gjengivelse av "
            "de arkiverte dataene med de arkiverte malene (SHA-256 "
            f"{arkivert[:12]}… mot {ny[:12]}…).",
        )


def _arkivert_versjon(manifest: bytes | None) -> str:
    try:
        return gjengiverversjon(les_manifest(manifest or b""))
    except ValueError:  # reported by the manifest check; the documents are still compared
        return gjengiverversjon({})


def innholdsavvik(arkivert: bytes, ny: bytes, fra: str, til: str) -> tuple[str, str]:
    """How a .docx from renderer version `fra` differs from one by `til` in what a reader sees:
    (where the text first differs, where the paragraph styles first differ), "" for no difference.
    Each version's own name is replaced by a placeholder first (the documents state it).
    Raises `DokumentFeil` when either is not a readable .docx."""
    a = erstatt(les_innhold(arkivert), fra, PLASSHOLDER)
    b = erstatt(les_innhold(ny), til, PLASSHOLDER)
    return forste_forskjell(a.tekst(), b.tekst()), forste_forskjell(a.blokker, b.blokker)


def _sammenlign_innhold(
    kt: Kontroll, hvor: str, arkivert: bytes, ny: bytes, versjoner: tuple[str, str]
) -> None:
    """Compare an archived .docx with a re-rendering by another renderer version, by content."""
    fra, til = versjoner
    try:
        tekst, stil = innholdsavvik(arkivert, ny, fra, til)
    except DokumentFeil as exc:
        kt.feil(hvor, "ARKIV-GJENGIVELSE", f"{hvor}: {exc}")
        return
    if tekst:
        kt.feil(
            hvor,
            "ARKIV-GJENGIVELSE",
            f"{hvor} har ikke samme innhold som en ny gjengivelse av de arkiverte dataene med de "
            f"arkiverte malene (arkivert med gjengiverversjon {fra}, gjengitt nå med {til}; "
            f"teksten sammenlignes når versjonene er ulike): {tekst}.",
        )
        return
    kt.st.gjengiverbytte.setdefault(versjoner, []).append(
        f"{hvor} (avsnittsstilene er ulike: {stil})" if stil else hvor
    )


def gjengivelsesmerknader(st: Statistikk) -> list[str]:
    """One note per renderer change `verifiser` met: how many documents were compared by content
    instead of bytes, and which ones (the first few)."""
    linjer = []
    for (fra, til), hvor in sorted(st.gjengiverbytte.items()):
        eksempler = "; ".join(hvor[:3]) + (f" og {len(hvor) - 3} til" if len(hvor) > 3 else "")
        linjer.append(
            f"{len(hvor)} dokument(er) er laget med gjengiverversjon {fra} og kontrollert mot en "
            f"ny gjengivelse med {til}: teksten i avsnitt, tabeller, topp- og bunntekst er lik. "
            f"Bytene sammenlignes bare innenfor samme gjengiverversjon. Gjelder {eksempler}."
        )
    return linjer
