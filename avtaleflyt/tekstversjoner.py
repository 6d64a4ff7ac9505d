"""The versions of an agreement's text that archive events are made of.

A version comes from the archive when it is there (its archived `avtale.json`, documents and
templates are reused, so later events of an old version carry exactly the text that was adopted),
else from the agreement folder: `avtale.yaml` (current) and `historikk/v<N>.yaml` (older texts),
rendered now. Kept apart from `arkivering`, which decides which legal events the records justify.

The PDF/A beside each .docx (`med_pdfa`) is made only when an event is written, never while
planning: LibreOffice takes seconds, and most plans write nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from avtaleflyt.arkiv import Arkiv, ArkivAvvist, ArkivHendelse, mal_filer
from avtaleflyt.arkiv.hendelse import MANIFEST
from avtaleflyt.arkiv.manifest import les_manifest
from avtaleflyt.arkiv.vedtaksoversikt import VEDTAKSOVERSIKT
from avtaleflyt.paths import TEMPLATES_DIR
from avtaleflyt.validation import load_agreement
from schemas.avtale import AVTALE_ADAPTER, SCHEMA_VERSION, Avtale

HISTORIKK = "historikk"
"""The folder beside `avtale.yaml` that keeps older texts as `v<N>.yaml`."""


@dataclass
class Tekstversjon:
    """One version of the agreement text with what an archive event of it holds."""

    versjon: int
    avtale: Avtale
    avtale_hash: str
    kilde: str  # "arkiv" or the folder file it came from
    schema_version: str = SCHEMA_VERSION
    template_version: str = ""
    filer: dict[str, bytes] = field(default_factory=dict)
    """avtale.json, dokumenter/…, maler/…, vedlegg/… (prosess.json is added per event)."""
    renderer_version: str = ""
    """The renderer that wrote the documents: the archived manifest's for an archived version
    ("" when it has none: rendered before the version was recorded), else the current one."""


def _rendering():
    from avtaleflyt import rendering  # deferred: docx and jinja2 stay off the planning path

    return rendering


def _vedlegg():
    from avtaleflyt.rendering import vedlegg  # deferred: the rendering package pulls docx, jinja2

    return vedlegg


def _fra_mappe(avtale: Avtale, sti: Path, mappe: Path) -> Tekstversjon:
    """A version from the folder, rendered now, with the attachments it lists (`vedlegg/<fil>`,
    read from the folder's vedlegg/ once their SHA-256 is the data's: the adopted attachments)."""
    r, vedlegg = _rendering(), _vedlegg()
    feil = vedlegg.kontroller_vedlegg(avtale, mappe)
    if feil:
        raise ArkivAvvist(
            f"Vedleggene til versjon {avtale.versjon} av «{avtale.id}» ({sti.name}) stemmer ikke "
            "med filene i avtalemappen:\n" + "\n".join(f"  - {f}" for f in feil) + "\n"
            "Et vedlegg arkiveres sammen med avtaleteksten. Ingenting er arkivert."
        )
    filer = {
        "avtale.json": r.canonical_json(avtale),
        f"dokumenter/{avtale.id}.docx": r.render_docx(avtale),
        f"dokumenter/{avtale.id}.md": r.render_markdown(avtale).encode("utf-8"),
        f"dokumenter/{avtale.id}.html": r.render_html(avtale).encode("utf-8"),
    }
    filer.update(mal_filer(TEMPLATES_DIR))
    filer.update(vedlegg.vedleggsfiler(avtale, mappe))
    return Tekstversjon(
        avtale.versjon,
        avtale,
        r.avtale_hash(avtale),
        sti.name,
        template_version=r.template_version(),
        filer=filer,
        renderer_version=r.gjengiverversjon(),
    )


def tekstversjoner(
    agreement_dir: str | Path, arkiv: Arkiv | None = None
) -> dict[int, Tekstversjon]:
    """Every known version of the text; archived versions win over the folder's copy, which must
    then be the same text (a changed text needs a new version number)."""
    mappe = Path(agreement_dir)
    stier = sorted(
        (mappe / HISTORIKK).glob("v*.yaml"),
        key=lambda p: int(p.stem[1:]) if p.stem[1:].isdigit() else 0,
    )
    stier.append(mappe / "avtale.yaml")
    fra_mappe: dict[int, tuple[Avtale, Path]] = {}
    for sti in stier:
        a = load_agreement(sti)
        fra_mappe[a.versjon] = (a, sti)
    ut: dict[int, Tekstversjon] = {}
    avtale_id = fra_mappe[max(fra_mappe)][0].id
    if arkiv is not None:
        for e in reversed(arkiv.hendelser(avtale_id)):
            if e.versjon is None or e.versjon in ut or not e.er_gyldig():
                continue
            filer = arkiv.filer(avtale_id, e.commit)
            manifest = filer.pop("MANIFEST.json", None)
            filer.pop("prosess.json", None)
            filer.pop(VEDTAKSOVERSIKT, None)  # made per event from its prosess.json
            a = AVTALE_ADAPTER.validate_json(filer["avtale.json"])
            ut[e.versjon] = Tekstversjon(
                e.versjon,
                a,
                e.avtale_hash or "",
                "arkiv",
                schema_version=e.trailer("Skjemaversjon") or SCHEMA_VERSION,
                template_version=e.trailer("Malversjon") or "",
                filer=filer,
                renderer_version=_gjengiverversjon(manifest),
            )
    r = _rendering()
    for versjon, (a, sti) in sorted(fra_mappe.items()):
        if versjon in ut:
            if r.canonical_json(a) != ut[versjon].filer["avtale.json"]:
                raise ArkivAvvist(
                    f"Versjon {versjon} av «{a.id}» i {sti.name} er ikke lik den arkiverte "
                    f"versjon {versjon}. En arkivert tekst endres aldri; gi den endrede teksten "
                    "et nytt versjonsnummer. Ingenting er arkivert."
                )
            continue
        ut[versjon] = _fra_mappe(a, sti, mappe)
    return ut


def _gjengiverversjon(manifest: bytes | None) -> str:
    """What an archived version's manifest records as its renderer ("" when nothing: old)."""
    try:
        verdi = les_manifest(manifest).get("gjengiverversjon") if manifest else None
    except ValueError:  # verify reports a broken manifest; the text's own files are still valid
        return ""
    return verdi if isinstance(verdi, str) else ""


def _pdfa():
    from avtaleflyt.rendering import pdfa  # deferred: the rendering package pulls docx and jinja2

    return pdfa


def med_pdfa(hendelser: list[ArkivHendelse]) -> tuple[list[ArkivHendelse], str]:
    """The events with a PDF/A-2b beside every .docx under `dokumenter/` that has none yet, and
    "" — or the events unchanged and why no PDF/A could be made (no LibreOffice, or it failed).

    Events of a version already archived carry its archived PDF (the text's files come from the
    archive), so a version keeps one PDF for all its events; a version archived without one gets
    it at its next event. All documents go through one LibreOffice call."""
    mangler: dict[str, bytes] = {}
    for h in hendelser:
        for sti, data in h.files.items():
            if _trenger_pdf(sti, h.files):
                mangler[hashlib.sha256(data).hexdigest() + ".docx"] = data
    if not mangler:
        return hendelser, ""
    pdfa = _pdfa()
    try:
        laget = pdfa.lag_pdfa(mangler)
    except pdfa.PdfaFeil as exc:
        return hendelser, f"{UTEN_PDFA}{exc}"
    if not laget:
        return hendelser, f"{UTEN_PDFA}{pdfa.mangler_grunn()}"
    ut = []
    for h in hendelser:
        nye = {
            str(Path(sti).with_suffix(".pdf")): laget[hashlib.sha256(data).hexdigest() + ".pdf"]
            for sti, data in h.files.items()
            if _trenger_pdf(sti, h.files)
        }
        ut.append(replace(h, files={**h.files, **nye}) if nye else h)
    return ut, ""


UTEN_PDFA = "Arkivert uten PDF/A: "
"""How `med_pdfa`'s note begins: the reason follows (no LibreOffice, turned off, or it failed)."""


def pdfa_merknad(arkiv: Arkiv, skrevet: list[tuple[ArkivHendelse, str]], grunn: str) -> str:
    """What happened to the PDF/A of the events written now, read from what the archive holds
    (each event's MANIFEST at the commit it was written as): "" when every event holds the PDF/A
    that was planned for it (made now, or its version's archived one).

    `grunn` is `med_pdfa`'s note ("" when it made every PDF it was asked for). The archive may
    hold another PDF than the one planned (`avtaleflyt.arkiv.avledet`): a shared archive's copy
    of the same .docx, taken under the write lock, or the event archived by another host without
    one. Then «Arkivert uten PDF/A» would be wrong, so the note says what the archive kept."""
    uten: list[str] = []
    hentet: list[str] = []
    byttet: list[str] = []
    for h, commit in skrevet:
        doc = les_manifest(arkiv.les_fil(h.avtale_id, MANIFEST, ved=commit))
        arkivert = {o["referanseDokumentfil"]: o["sjekksum"] for o in doc["dokumentobjekter"]}
        for sti in sorted(h.files):
            if not (sti.startswith("dokumenter/") and sti.endswith(".docx")):
                continue
            pdf = str(Path(sti).with_suffix(".pdf"))
            planlagt = h.files.get(pdf)
            if pdf not in arkivert:
                uten.append(h.tag)
            elif planlagt is None:
                hentet.append(h.tag)
            elif hashlib.sha256(planlagt).hexdigest() != arkivert[pdf]:
                byttet.append(h.tag)
    linjer = []
    if uten:
        hvorfor = grunn.removeprefix(UTEN_PDFA) or (
            "hendelsen var arkivert fra før uten PDF/A, og den står slik den ble arkivert"
        )
        linjer.append(f"{UTEN_PDFA}{hvorfor} ({', '.join(uten)})")
    if hentet:
        her = f": {grunn.removeprefix(UTEN_PDFA)}" if grunn else ""
        linjer.append(
            f"PDF/A-2b er hentet fra arkivet ({', '.join(hentet)}): arkivet hadde allerede en "
            f"PDF/A av den samme .docx-filen, og ingen ble laget her{her}."
        )
    if byttet:
        linjer.append(
            f"PDF/A-2b er hentet fra arkivet ({', '.join(byttet)}): arkivet hadde allerede en "
            "PDF/A av den samme .docx-filen, og en versjon beholder én PDF; den som ble laget "
            "her, er ikke arkivert."
        )
    return "\n".join(linjer)


def _trenger_pdf(sti: str, filer: dict[str, bytes]) -> bool:
    return (
        sti.startswith("dokumenter/")
        and sti.endswith(".docx")
        and str(Path(sti).with_suffix(".pdf")) not in filer
    )
