"""An archive event: what the caller hands `Arkiv.arkiver`, checked before anything is written.

The caller (the process area, a flow, the CLI) builds the event from the agreement's data: the
legal date, the adoptions and signatures with the avtale-hash each one was bound to, and the files
(canonical data, process records, rendered documents, the templates used). The archive adds the
manifest and the trailers. The event id is derived from what makes the event legally unique
(agreement, version, kind, legal date, avtale-hash), so running the same event again is recognised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from avtaleflyt.arkiv.feil import ArkivAvvist
from avtaleflyt.arkiv.trailere import TRAILER_KEY, problem_i_tekst

HENDELSER: dict[str, str] = {
    "vedtatt": "vedtatt av alle kommunestyrer",
    "signert": "signert av alle parter",
    "i-kraft": "trådt i kraft",
    "endret": "endret",
    "opphort": "opphørt",
}
"""The legally meaningful events, each gets one commit and one tag `<id>/v<N>/<hendelse>`."""

MANIFEST = "MANIFEST.json"
AVTALE_JSON = "avtale.json"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KOMMUNENUMMER = re.compile(r"^(\d{2}|\d{4}|\d{9})$")  # a party: kommune, fylkeskommune or IKS
HASH = re.compile(r"^[0-9a-f]{64}$")
_SEGMENT = re.compile(r"^[A-Za-z0-9ÆØÅæøå_.+-][A-Za-z0-9ÆØÅæøå _.+-]*$")

RESERVERTE_TRAILERE = frozenset(
    {
        "Avtale-Id",
        "Versjon",
        "Hendelse",
        "Hendelse-Id",
        "Juridisk-Dato",
        "Avtale-Hash",
        "Skjemaversjon",
        "Malversjon",
        "Ikrafttredelse",
        "Simulering",
    }
)
"""Trailer keys the archive writes itself; `Vedtatt-*` and `Signert-*` are reserved too."""


@dataclass(frozen=True)
class Vedtaksreferanse:
    """One council's adoption of a text: date, saksnummer and the avtale-hash it adopted."""

    kommunenummer: str
    dato: dt.date
    saksnummer: str
    avtale_hash: str
    organ: str = "kommunestyre"


@dataclass(frozen=True)
class Signaturreferanse:
    """One party's signature on a text, bound to its avtale-hash."""

    kommunenummer: str
    dato: dt.date
    avtale_hash: str
    navn: str = ""


@dataclass(frozen=True)
class ArkivHendelse:
    """Everything one archive commit holds. `files` are paths inside `<avtale_id>/`."""

    avtale_id: str
    versjon: int
    hendelse: str
    juridisk_dato: dt.date
    avtale_hash: str
    schema_version: str
    template_version: str
    files: dict[str, bytes]
    vedtak: tuple[Vedtaksreferanse, ...] = ()
    signaturer: tuple[Signaturreferanse, ...] = ()
    ikrafttredelse: dt.date | None = None
    trailers: tuple[tuple[str, str], ...] = ()
    melding: str = ""
    renderer_version: str = ""
    """The renderer that wrote `files`' documents, for the MANIFEST; "" for a version rendered
    before the version was recorded (see `manifest.GJENGIVERVERSJON_FOER`)."""

    @property
    def hendelse_id(self) -> str:
        """Stable id of the legal event; the idempotency key of a rerun."""
        kilde = "\n".join(
            [
                self.avtale_id,
                str(self.versjon),
                self.hendelse,
                self.juridisk_dato.isoformat(),
                self.avtale_hash,
            ]
        )
        return hashlib.sha256(kilde.encode("utf-8")).hexdigest()[:32]

    @property
    def tag(self) -> str:
        return f"{self.avtale_id}/v{self.versjon}/{self.hendelse}"

    def valider(self) -> None:
        """Raise `ArkivAvvist` listing every problem; the archive is untouched."""
        problemer = _problemer(self)
        if problemer:
            punkter = "\n".join(f"  - {p}" for p in problemer)
            raise ArkivAvvist(
                f"Hendelsen «{self.hendelse}» for avtalen «{self.avtale_id}» versjon "
                f"{self.versjon} ble avvist, ingenting er arkivert:\n{punkter}"
            )

    def trailere(self) -> list[tuple[str, str]]:
        """The commit trailers: identity, legal dates, vedtak references, event id last."""
        ut = [
            ("Avtale-Id", self.avtale_id),
            ("Versjon", str(self.versjon)),
            ("Hendelse", self.hendelse),
            ("Juridisk-Dato", self.juridisk_dato.isoformat()),
            ("Avtale-Hash", self.avtale_hash),
            ("Skjemaversjon", self.schema_version),
            ("Malversjon", self.template_version),
        ]
        for v in sorted(self.vedtak, key=lambda v: (v.kommunenummer, v.dato)):
            ut.append((f"Vedtatt-{v.kommunenummer}", f"{v.dato.isoformat()} sak {v.saksnummer}"))
        for s in sorted(self.signaturer, key=lambda s: (s.kommunenummer, s.dato)):
            ut.append((f"Signert-{s.kommunenummer}", s.dato.isoformat()))
        if self.ikrafttredelse is not None:
            ut.append(("Ikrafttredelse", self.ikrafttredelse.isoformat()))
        ut.extend(self.trailers)
        ut.append(("Hendelse-Id", self.hendelse_id))
        return ut

    def emne(self) -> str:
        return (
            f"{self.avtale_id} v{self.versjon}: {HENDELSER.get(self.hendelse, self.hendelse)} "
            f"{self.juridisk_dato.isoformat()}"
        )


def hendelse_id_for(
    avtale_id: str, versjon: int, hendelse: str, dato: str, avtale_hash: str
) -> str:
    """The event id recomputed from trailers (used by verify and the reader)."""
    kilde = "\n".join([avtale_id, str(versjon), hendelse, dato, avtale_hash])
    return hashlib.sha256(kilde.encode("utf-8")).hexdigest()[:32]


def sti_problem(sti: str) -> str | None:
    """Why `sti` cannot be a file path inside an agreement folder, or None."""
    if not sti or sti.startswith("/") or "\\" in sti:
        return "må være en relativ sti med /"
    deler = sti.split("/")
    for d in deler:
        if d in ("", ".", "..") or not _SEGMENT.match(d) or d.endswith(" "):
            return f"har et ugyldig ledd «{d}»"
    if deler[0].lower() == ".git":
        return "kan ikke ligge under .git"
    if sti == MANIFEST:
        return "MANIFEST.json lages av arkivet selv"
    return None


def _problemer(h: ArkivHendelse) -> list[str]:
    p: list[str] = []
    if not isinstance(h.avtale_id, str) or not SLUG.match(h.avtale_id) or len(h.avtale_id) > 80:
        p.append(
            f"avtale-id «{h.avtale_id}» er ikke en gyldig id (små bokstaver, tall og bindestrek)"
        )
    if not isinstance(h.versjon, int) or isinstance(h.versjon, bool) or h.versjon < 1:
        p.append(f"versjon «{h.versjon}» må være et heltall fra 1 og oppover")
    if h.hendelse not in HENDELSER:
        p.append(f"hendelse «{h.hendelse}» er ukjent; gyldige: {', '.join(HENDELSER)}")
    if not isinstance(h.juridisk_dato, dt.date):
        p.append("juridisk dato mangler eller er ikke en dato")
    if not isinstance(h.avtale_hash, str) or not HASH.match(h.avtale_hash):
        p.append("avtale-hash må være 64 heksadesimale tegn (SHA-256)")
    for navn, verdi in (("skjemaversjon", h.schema_version), ("malversjon", h.template_version)):
        if not isinstance(verdi, str) or not verdi.strip():
            p.append(f"{navn} mangler")
        elif problem_i_tekst(verdi, en_linje=True):
            p.append(f"{navn} {problem_i_tekst(verdi, en_linje=True)}")
    if problem_i_tekst(h.melding, en_linje=False):
        p.append(f"meldingen {problem_i_tekst(h.melding, en_linje=False)}")
    p.extend(_filproblemer(h.files))
    p.extend(_vedtaksproblemer(h))
    p.extend(_signaturproblemer(h))
    p.extend(_trailerproblemer(h.trailers))
    return p


def _signaturproblemer(h: ArkivHendelse) -> list[str]:
    p: list[str] = []
    for s in h.signaturer:
        if not KOMMUNENUMMER.match(s.kommunenummer):
            p.append(f"signatur: deltakernummer «{s.kommunenummer}» må ha to, fire eller ni siffer")
        if s.avtale_hash != h.avtale_hash:
            p.append(
                f"signaturen fra kommune {s.kommunenummer} ({s.dato}) gjelder avtale-hash "
                f"{s.avtale_hash[:12]}…, ikke den arkiverte {h.avtale_hash[:12]}…"
            )
    if h.hendelse == "signert" and not h.signaturer:
        p.append("hendelsen «signert» må ha minst én signatur")
    return p


def _trailerproblemer(trailers) -> list[str]:
    p: list[str] = []
    for k, v in trailers:
        if not isinstance(k, str) or not TRAILER_KEY.match(k):
            p.append(f"trailer-nøkkelen «{k}» er ugyldig (bokstaver, tall og bindestrek)")
        elif k in RESERVERTE_TRAILERE or k.startswith(("Vedtatt-", "Signert-")):
            p.append(f"trailer-nøkkelen «{k}» settes av arkivet selv")
        if not isinstance(v, str) or not v.strip() or problem_i_tekst(v, en_linje=True):
            p.append(f"verdien til traileren «{k}» må være tekst på én linje")
    return p


def _filproblemer(files: dict[str, bytes]) -> list[str]:
    p: list[str] = []
    if not isinstance(files, dict) or not files:
        return ["hendelsen har ingen filer"]
    if AVTALE_JSON not in files:
        p.append("avtale.json (avtalens kanoniske data) mangler blant filene")
    for sti, data in files.items():
        grunn = sti_problem(sti) if isinstance(sti, str) else "må være tekst"
        if grunn:
            p.append(f"filstien «{sti}» {grunn}")
        if not isinstance(data, (bytes, bytearray)):
            p.append(f"innholdet i «{sti}» må være bytes")
    lave: dict[str, str] = {}
    for sti in files:
        if isinstance(sti, str):
            if sti.lower() in lave:
                p.append(
                    f"filstiene «{lave[sti.lower()]}» og «{sti}» skiller seg bare på store/små bokstaver"
                )
            lave[sti.lower()] = sti
    return p


def _vedtaksproblemer(h: ArkivHendelse) -> list[str]:
    p: list[str] = []
    if h.hendelse == "vedtatt" and not h.vedtak:
        p.append("hendelsen «vedtatt» må ha vedtakene fra kommunestyrene")
    sett: set[str] = set()
    for v in h.vedtak:
        if not KOMMUNENUMMER.match(v.kommunenummer):
            p.append(f"vedtak: deltakernummer «{v.kommunenummer}» må ha to, fire eller ni siffer")
        elif v.kommunenummer in sett:
            p.append(f"kommune {v.kommunenummer} har mer enn ett vedtak i hendelsen")
        sett.add(v.kommunenummer)
        if (
            not isinstance(v.saksnummer, str)
            or not v.saksnummer.strip()
            or problem_i_tekst(v.saksnummer, en_linje=True)
        ):
            p.append(f"vedtaket i kommune {v.kommunenummer} mangler saksnummer på én linje")
        if v.avtale_hash != h.avtale_hash:
            p.append(
                f"kommune {v.kommunenummer} vedtok {v.dato} (sak {v.saksnummer}) avtale-hash "
                f"{str(v.avtale_hash)[:12]}…, ikke den arkiverte {h.avtale_hash[:12]}…; "
                "alle kommunestyrer må vedta samme tekst"
            )
    return p


def mal_filer(templates_dir: str | Path) -> dict[str, bytes]:
    """Snapshot of a template folder as event files `maler/<relative path>`, so the version can be
    re-rendered with exactly these templates years later (hidden files and caches skipped)."""
    rot = Path(templates_dir)
    ut: dict[str, bytes] = {}
    for f in sorted(rot.rglob("*")):
        rel = f.relative_to(rot)
        if f.is_file() and not any(d.startswith(".") or d == "__pycache__" for d in rel.parts):
            ut[f"maler/{rel.as_posix()}"] = f.read_bytes()
    return ut
