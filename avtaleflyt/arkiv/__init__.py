"""The git archive of adopted and signed agreements (issue 5).

Write: build an `ArkivHendelse` and call `Arkiv(path).arkiver(hendelse) -> commit sha`.
Read (for `avtaleflyt.revisjon` and auditors' tools), all from git history:

- `Arkiv(path).hendelser(avtale_id) -> list[ArkivertHendelse]` — the agreement's events (commits
  that changed `<id>/MANIFEST.json`), oldest first; each has `commit`,
  `avtale_id`, `versjon`, `hendelse`, `juridisk_dato`, `avtale_hash`, `ikrafttredelse`,
  `vedtatt()` / `signert()` (kommunenummer -> trailer value), `trailere` and `tag`;
- `Arkiv(path).hendelser_fra_tagger(avtale_id)` — the same through the milestone tags, no history
  walk (≈10× faster on 10,000 events; trusts the tags, which `verify` checks);
- `Arkiv(path).les_fil(avtale_id, sti, ved="HEAD") -> bytes` — `ved` is a commit or tag name;
- `Arkiv(path).filer(avtale_id, ved="HEAD") -> dict[str, bytes]` — paths relative to `<id>/`;
- `Arkiv(path).tagger(avtale_id=None) -> list[ArkivTag]`; `Arkiv(path).avtaler() -> list[str]`;
- `verifiser(path, avtale_id=None, rerender=None) -> list[Finding]` (in `avtaleflyt.arkiv.verifiser`);
  `standard_gjengiver()` (in `avtaleflyt.arkiv.gjengivelse`) wraps `render_docx` as `rerender`.

Building an event: `files` holds `avtale.json` (canonical_json), `prosess.json`,
`dokumenter/<id>.docx|.md|.html` and `mal_filer(templates_dir)` (the `maler/` snapshot).
Legal dates are read from trailers; commit time never is.

Layout per agreement: `<id>/avtale.json`, `<id>/prosess.json`, `<id>/dokumenter/…`,
`<id>/maler/…`, `<id>/MANIFEST.json`. See docs/arkiv.md for auditing with plain git.
"""

from avtaleflyt.arkiv.arkiv import STEG, Arkiv
from avtaleflyt.arkiv.feil import ArkivAvvist, ArkivFeil, ArkivSkadet, LasTidsavbrudd
from avtaleflyt.arkiv.hendelse import (
    HENDELSER,
    ArkivHendelse,
    Signaturreferanse,
    Vedtaksreferanse,
    mal_filer,
)
from avtaleflyt.arkiv.les import ArkivertHendelse, ArkivTag
from avtaleflyt.arkiv.manifest import lag_manifest, les_manifest, sjekksum

__all__ = [
    "HENDELSER",
    "STEG",
    "Arkiv",
    "ArkivAvvist",
    "ArkivFeil",
    "ArkivHendelse",
    "ArkivSkadet",
    "ArkivTag",
    "ArkivertHendelse",
    "LasTidsavbrudd",
    "Signaturreferanse",
    "Vedtaksreferanse",
    "lag_manifest",
    "les_manifest",
    "mal_filer",
    "sjekksum",
]
