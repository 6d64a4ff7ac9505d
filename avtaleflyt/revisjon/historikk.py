"""An agreement's legal timeline read from the archive: versions, each council's vedtak, signatures
and in-force periods.

Events come from the agreement's milestone tags, checked against its manifest at HEAD, or from
one path-limited `git log` when the tags cannot be trusted (`les.hendelser_sikkert`); details
from the archived MANIFEST.json / avtale.json of each version, read through one persistent
`git cat-file --batch`. Legal dates are the trailers' and the manifests'; commit and
tagger times are never read. A version is in force from its `i-kraft` event's legal date until the
next version's entry into force or the agreement's `opphort` date (that day excluded).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from git import Repo

from avtaleflyt.arkiv import Arkiv, ArkivertHendelse, les
from schemas.avtale import AVTALE_ADAPTER, Avtale


@dataclass(frozen=True)
class Vedtaksinfo:
    kommunenummer: str
    kommunenavn: str
    dato: dt.date
    organ: str
    saksnummer: str


@dataclass(frozen=True)
class Signaturinfo:
    kommunenummer: str
    kommunenavn: str
    dato: dt.date
    navn: str


@dataclass
class Versjonsinfo:
    versjon: int
    avtale_hash: str
    hendelser: list[ArkivertHendelse] = field(default_factory=list)
    vedtak: list[Vedtaksinfo] = field(default_factory=list)
    signaturer: list[Signaturinfo] = field(default_factory=list)
    vedtatt: dt.date | None = None
    signert: dt.date | None = None
    ikraft: dt.date | None = None
    planlagt_ikraft: dt.date | None = None
    gyldig_til: dt.date | None = None
    """First day the version is no longer in force (exclusive end), None = still in force."""
    endrer: int | None = None

    def hendelse(self, art: str) -> ArkivertHendelse | None:
        return next((e for e in self.hendelser if e.hendelse == art), None)

    @property
    def siste(self) -> ArkivertHendelse:
        """The event whose commit holds this version's files (its latest event)."""
        return self.hendelser[-1]

    @property
    def tag(self) -> str:
        e = self.hendelse("i-kraft") or self.hendelse("vedtatt") or self.siste
        return e.tag or e.commit

    def i_kraft_pa(self, dato: dt.date) -> bool:
        return (
            self.ikraft is not None
            and self.ikraft <= dato
            and (self.gyldig_til is None or dato < self.gyldig_til)
        )


@dataclass
class Historikk:
    avtale_id: str
    versjoner: dict[int, Versjonsinfo]
    opphort: dt.date | None = None
    opphort_versjon: int | None = None
    ugyldige: list[ArkivertHendelse] = field(default_factory=list)

    def gjeldende(self, dato: dt.date) -> Versjonsinfo | None:
        """The version in force on `dato`, from legal dates only."""
        treff = [v for v in self.versjoner.values() if v.i_kraft_pa(dato)]
        return max(treff, key=lambda v: (v.ikraft, v.versjon)) if treff else None

    def versjon(self, nr: int) -> Versjonsinfo:
        if nr not in self.versjoner:
            kjente = ", ".join(f"v{v}" for v in sorted(self.versjoner)) or "ingen"
            raise KeyError(
                f"Avtalen «{self.avtale_id}» har ingen arkivert versjon {nr} (arkivert: {kjente})."
            )
        return self.versjoner[nr]


def _dato(v: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(v.strip()) if v else None
    except ValueError:
        return None


def bygg_historikk(avtale_id: str, hendelser: list[ArkivertHendelse]) -> Historikk:
    """The timeline from the events alone (trailers); vedtak details are added by `historikk`."""
    h = Historikk(avtale_id, {})
    for e in hendelser:
        if e.avtale_id != avtale_id:
            continue
        if not e.er_gyldig():
            h.ugyldige.append(e)
            continue
        v = h.versjoner.setdefault(e.versjon, Versjonsinfo(e.versjon, e.avtale_hash or ""))  # type: ignore[arg-type]
        v.hendelser.append(e)
        if e.hendelse == "vedtatt":
            v.vedtatt = e.juridisk_dato
        elif e.hendelse == "signert":
            v.signert = e.juridisk_dato
            v.planlagt_ikraft = e.ikrafttredelse
        elif e.hendelse == "i-kraft":
            v.ikraft = e.juridisk_dato
        elif e.hendelse == "endret":
            endrer = e.trailer("Endrer-Versjon")
            v.endrer = int(endrer) if endrer and endrer.isdigit() else None
        elif e.hendelse == "opphort" and (h.opphort is None or e.juridisk_dato < h.opphort):  # type: ignore[operator]
            h.opphort, h.opphort_versjon = e.juridisk_dato, e.versjon
    for v in h.versjoner.values():
        _vedtak_og_signaturer(v)
    _gyldighet(h)
    return h


def _vedtak_og_signaturer(v: Versjonsinfo) -> None:
    """Each council's decision and signature of a version, from its events' trailers."""
    vedtatt, signert = v.hendelse("vedtatt"), v.hendelse("signert")
    if v.vedtatt is not None and not v.vedtak and vedtatt is not None:
        for nr, verdi in sorted(vedtatt.vedtatt().items()):
            dato, _, sak = verdi.partition(" sak ")
            v.vedtak.append(Vedtaksinfo(nr, nr, _dato(dato), "kommunestyre", sak))  # type: ignore[arg-type]
    if v.signert is not None and signert is not None:
        v.signaturer = [
            Signaturinfo(nr, nr, _dato(d), "")  # type: ignore[arg-type]
            for nr, d in sorted(signert.signert().items())
        ]


def _gyldighet(h: Historikk) -> None:
    """When each version was in force: until the next one began, or until termination."""
    ikraft = sorted((v.ikraft, v.versjon) for v in h.versjoner.values() if v.ikraft)
    for i, (start, nr) in enumerate(ikraft):
        slutt = next((s for s, _ in ikraft[i + 1 :] if s > start), None)
        if h.opphort is not None and (slutt is None or h.opphort < slutt):
            slutt = h.opphort
        h.versjoner[nr].gyldig_til = slutt
        if slutt is not None and slutt <= start:
            h.versjoner[nr].ikraft = None  # ended before it began: never in force


class Leser:
    """One open archive repository for a series of reads (one `cat-file --batch` process)."""

    def __init__(self, arkiv_path: str | Path, *, fra_logg: bool = False):
        self.arkiv = Arkiv(arkiv_path)
        self.repo: Repo = self.arkiv.repo()
        self.fra_logg = fra_logg
        """Read events from the log only, never trusting the tags (slower on a large archive)."""

    def __enter__(self) -> Leser:
        return self

    def __exit__(self, *exc) -> None:
        self.repo.close()

    def fil(self, ved: str, sti: str) -> bytes:
        """Bytes of `sti` at a commit or tag, through the persistent cat-file process."""
        try:
            _, typ, _, data = self.repo.git.get_object_data(f"{ved}:{sti}")
        except ValueError:
            raise KeyError(f"{sti} finnes ikke i {ved}") from None
        if typ not in (b"blob", "blob"):
            raise KeyError(f"{sti} i {ved} er ikke en fil")
        return data

    def hendelser(self, avtale_id: str | None = None) -> list[ArkivertHendelse]:
        """One agreement's events through its tags when they can be trusted (no history walk),
        else, and for all agreements, from the log."""
        if avtale_id is None or self.fra_logg:
            return les.hendelser(self.repo, avtale_id)
        return les.hendelser_sikkert(self.repo, avtale_id)

    def avtale(self, avtale_id: str, ved: str) -> Avtale:
        return AVTALE_ADAPTER.validate_json(self.fil(ved, f"{avtale_id}/avtale.json"))

    def avtaler(self) -> list[str]:
        return les.avtaler(self.repo)

    def historikk(
        self, avtale_id: str, hendelser: list[ArkivertHendelse] | None = None
    ) -> Historikk:
        h = bygg_historikk(avtale_id, self.hendelser(avtale_id) if hendelser is None else hendelser)
        for v in h.versjoner.values():
            self.utdyp(h.avtale_id, v)
        return h

    def utdyp(self, avtale_id: str, v: Versjonsinfo) -> None:
        """Organ and names from the archived manifest and data of the version."""
        e = v.hendelse("signert") or v.hendelse("vedtatt")
        if e is None:
            return
        manifest = json.loads(self.fil(e.commit, f"{avtale_id}/MANIFEST.json"))
        navn = {d.kommunenummer: d.navn for d in self.avtale(avtale_id, e.commit).deltakere}
        if manifest.get("vedtak"):
            v.vedtak = [
                Vedtaksinfo(
                    x["kommunenummer"],
                    navn.get(x["kommunenummer"], x["kommunenummer"]),
                    dt.date.fromisoformat(x["dato"]),
                    x.get("organ") or "kommunestyre",
                    x["saksnummer"],
                )
                for x in sorted(manifest["vedtak"], key=lambda x: (x["dato"], x["kommunenummer"]))
            ]
        if manifest.get("signaturer"):
            v.signaturer = [
                Signaturinfo(
                    x["kommunenummer"],
                    navn.get(x["kommunenummer"], x["kommunenummer"]),
                    dt.date.fromisoformat(x["dato"]),
                    x.get("navn", ""),
                )
                for x in sorted(
                    manifest["signaturer"], key=lambda x: (x["dato"], x["kommunenummer"])
                )
            ]


def historikk(arkiv_path: str | Path, avtale_id: str, *, fra_logg: bool = False) -> Historikk:
    """The agreement's timeline from the archive at `arkiv_path`."""
    with Leser(arkiv_path, fra_logg=fra_logg) as leser:
        return leser.historikk(avtale_id)
