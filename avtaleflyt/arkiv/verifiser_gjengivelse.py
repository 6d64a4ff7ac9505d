"""The re-render check of `verifiser`: every archived version, rendered again, gives the same bytes.

Each version is rendered from its own archived `avtale.json` and `maler/` through the caller's
`rerender` callback (the renderer is not this package's code), once per distinct input and
document set.
"""

from __future__ import annotations

from avtaleflyt.arkiv.manifest import sjekksum
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll


def gjengi(kt: Kontroll, tre: dict[str, str], mappe: str, k: str) -> None:
    """Re-render one agreement folder's version (`tre`: path -> blob id) and compare bytes."""
    if kt.rerender is None:
        return
    nokkel = tuple(
        sorted((s, o) for s, o in tre.items() if s == "avtale.json" or s.startswith("maler/"))
    )
    dokumenter = {s: o for s, o in tre.items() if s.startswith("dokumenter/")}
    if (nokkel, tuple(sorted(dokumenter.items()))) in kt.gjengitt:
        return
    kt.gjengitt[(nokkel, tuple(sorted(dokumenter.items())))] = True
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
        if arkivert != ny:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-GJENGIVELSE",
                f"Commit {k}: {mappe}/{sti} er ikke byte for byte lik en ny gjengivelse av "
                "de arkiverte dataene med de arkiverte malene (SHA-256 "
                f"{arkivert[:12]}… mot {ny[:12]}…).",
            )
