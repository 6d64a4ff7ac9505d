"""The PDF/A beside each .docx is derived from it, not reproduced: the archive's copy stands.

Why: LibreOffice writes the clock and a fresh document id into every PDF, so two hosts (or one
host whose PDF cache was cleared) make different PDF bytes from the same .docx. The .docx is the
reproducible source (`verify` renders it again); the PDF/A is its archival rendering, made once.
A shared archive adopts an event another host pushed first and compares the rerun's files with
it, and byte for byte that would refuse every race as «annet innhold», while a later event written
by the other host would carry a second PDF of the same text.

So, under the write lock and after the fetch, every derived PDF (`dokumenter/X.pdf` beside
`dokumenter/X.docx`) of the event is replaced by the archive's own PDF of byte-identical .docx:

- a rerun of an archived event (same `Hendelse-Id`) takes that commit's PDF, or drops its own
  where the commit has none (archived on a host without LibreOffice); the comparison that follows
  is unchanged and byte for byte, so the .docx, the MANIFEST and every other file must still be
  identical and the PDF counts only by being PDF/A-2b of the same .docx;
- a new event takes the PDF of the agreement's newest event (HEAD, after the fetch the shared
  archive's) when it holds the same .docx, else of the version's newest tagged event: a version
  keeps one PDF across hosts.

An archived PDF is taken only when it is a PDF/A-2b of the same .docx bytes; otherwise the event
keeps its own files, and a rerun is then compared (and refused) as before.
"""

from __future__ import annotations

from dataclasses import replace

from git import Repo

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.hendelse import MANIFEST, ArkivHendelse
from avtaleflyt.arkiv.manifest import lag_manifest

DOKUMENTER = "dokumenter/"


def med_arkivets_pdf(
    repo: Repo, h: ArkivHendelse, commit: str | None, innhold: dict[str, bytes]
) -> dict[str, bytes]:
    """The files to compare (`commit`: the archived event this is a rerun of) or to write (None),
    with the archive's PDF/A where it holds one for the same .docx, and the MANIFEST made again
    when that changed anything; `innhold` itself when nothing changed."""
    par = _par(h.files)
    if not par:
        return innhold
    filer = dict(h.files)
    if commit is not None:
        arkivert = _dokumenter(repo, commit, h.avtale_id)
        for pdf, docx in par.items():
            if not _samme(repo, arkivert.get(docx), h.files[docx]):
                continue  # another .docx: a real difference, compared and refused as before
            data = _pdfa(repo, arkivert.get(pdf))
            if data is not None:
                filer[pdf] = data
            elif pdf not in arkivert:
                filer.pop(pdf, None)  # archived without PDF/A: the event stands as archived
    else:
        gjenstar = _ta_fra(repo, "HEAD", h, par, filer)
        if gjenstar:  # HEAD holds another text: the version's newest tagged event may hold it
            siste = repo.git.for_each_ref(
                "--sort=-creatordate",
                "--count=1",
                "--format=%(refname)",
                f"refs/tags/{h.avtale_id}/v{h.versjon}/",
            ).strip()
            if siste:
                _ta_fra(repo, siste, h, gjenstar, filer)
    if filer == h.files:
        return innhold
    return {**filer, MANIFEST: lag_manifest(replace(h, files=filer))}


def _par(filer: dict[str, bytes]) -> dict[str, str]:
    """PDF path -> its .docx path, for every .docx under `dokumenter/`."""
    return {
        sti.removesuffix(".docx") + ".pdf": sti
        for sti in filer
        if sti.startswith(DOKUMENTER) and sti.endswith(".docx")
    }


def _dokumenter(repo: Repo, ved: str, avtale_id: str) -> dict[str, str]:
    """`dokumenter/…` path -> blob id at a commit or tag (through the persistent cat-file)."""
    filer = les.tre_filer(repo, ved, f"{avtale_id}/{DOKUMENTER.rstrip('/')}")
    return {DOKUMENTER + sti: oid for sti, oid in filer.items()}


def _ta_fra(
    repo: Repo, ved: str, h: ArkivHendelse, par: dict[str, str], filer: dict[str, bytes]
) -> dict[str, str]:
    """Take into `filer` the PDF/A archived at `ved` for each .docx it holds with the same bytes;
    returns the pairs whose .docx it does not hold (a .docx it holds without PDF/A is settled:
    the text's newest event has none, and this event makes its own). Nothing is left to look for
    when `ved` holds no documents of the agreement: it has no archived event, hence no tags."""
    arkivert = _dokumenter(repo, ved, h.avtale_id)
    if not arkivert:
        return {}
    gjenstar: dict[str, str] = {}
    for pdf, docx in par.items():
        if not _samme(repo, arkivert.get(docx), h.files[docx]):
            gjenstar[pdf] = docx
            continue
        data = _pdfa(repo, arkivert.get(pdf))
        if data is not None:
            filer[pdf] = data
    return gjenstar


def _samme(repo: Repo, oid: str | None, data: bytes) -> bool:
    return oid is not None and gitlag.objekt(repo, oid)[1] == data


def _pdfa(repo: Repo, oid: str | None) -> bytes | None:
    """The archived PDF's bytes when it is PDF/A-2b, else None."""
    if oid is None:
        return None
    # deferred: the rendering package pulls docx and jinja2, needed only when a PDF is archived
    from avtaleflyt.rendering.pdfa import er_pdfa_2b

    data = gitlag.objekt(repo, oid)[1]
    return data if er_pdfa_2b(data) else None
