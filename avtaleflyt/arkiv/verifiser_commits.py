"""The per-commit checks of `verifiser`: trailers, manifests (checksum and size) and decisions.

Everything here is read from the commits themselves: one `git log --raw` for the messages and
changed blobs, one pipelined `cat-file --batch` for the bytes. Whether an adoption names the
archived avtale-hash is asked of `avtaleflyt.prosess.fakta` (which decision counts), the same
source the archiver used when it wrote the commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from pydantic import BaseModel

from avtaleflyt.arkiv import gitlag, les
from avtaleflyt.arkiv.bilagskontroll import sjekk_bilag
from avtaleflyt.arkiv.hendelse import HENDELSER, MANIFEST
from avtaleflyt.arkiv.manifest import ALGORITME, les_manifest, sjekksum
from avtaleflyt.arkiv.verifiser_kontekst import Kontroll
from avtaleflyt.arkiv.verifiser_trailere import dato_mot_commit, trailere_mot_innhold
from avtaleflyt.prosess import fakta
from schemas.prosess import Prosess, Vedtak

NOARK = "Noark 5: sjekksum, sjekksumAlgoritme, filstoerrelse (dokumentobjekt)"
SAMME_TEKST = "kommuneloven §§ 18-4, 19-4, 20-4 annet ledd; IKS-loven § 4: alle vedtar samme tekst"

M = TypeVar("M", bound=BaseModel)

Mappekontroll = tuple[str, str, les.ArkivertHendelse, dict[str, str]]
"""(commit, agreement folder, the commit's event, the folder's full state: path -> blob id)."""


FORMAT = "--format=\x1e%H\x1f%ct\x1f%B\x1f"
ENKELTVIS = 200
"""Up to this many commits without a cached result are read one by one (their diffs and folders);
more, and the whole history is read with its diffs in one `git log --raw`."""


def les_commits(
    kt: Kontroll, lagret: Mapping[str, dict] | None = None
) -> tuple[list[les.ArkivertHendelse], list[Mappekontroll]]:
    """One `git log` gives every commit's message (and, with `--raw`, its changed blobs); each
    agreement folder's full state is rebuilt from those changes (an event replaces the whole
    folder). Trailers and duplicate events are checked on the way for every commit; the folders of
    the commits without a result in `lagret` (the cache: their changed folders are kept there)
    come back to be checked once their blobs are read."""
    lagret = lagret or {}
    poster = _logg(kt, raw=not lagret)
    nye = [p[0] for p in poster if p[0] not in lagret]
    enkeltvis = bool(lagret) and 0 < len(nye) <= ENKELTVIS
    raw: dict[str, str] = {}
    if enkeltvis:
        raw = {p[0]: p[3] for p in _logg(kt, raw=True, commits=nye)}
    elif lagret and nye:
        poster = _logg(kt, raw=True)
    tilstand: dict[str, dict[str, str]] = {}
    sett: dict[str, str] = {}
    hendelser = []
    kontroller: list[Mappekontroll] = []
    for sha, tid, melding, endringer in poster:
        kt.commit_tid[sha] = int(tid) if tid.strip().isdigit() else 0
        e = les.tolk_hendelse(sha, melding)
        hendelser.append(e)
        kt.st.commits += 1
        if sha in raw:  # a new commit, read on its own
            mapper = _bruk_endringer(raw[sha], None)
        elif not enkeltvis and (not lagret or nye):  # the whole history was read with its diffs
            mapper = _bruk_endringer(endringer, tilstand)
        else:
            mapper = set(lagret[sha].get("mapper", []))
        if kt.avtale_id:
            mapper &= {kt.avtale_id}
        _trailere(kt, e, sorted(mapper))
        dato_mot_commit(kt, e)
        if e.hendelse_id:
            if e.hendelse_id in sett:
                kt.feil(
                    sha,
                    "ARKIV-DUPLIKAT",
                    f"Hendelsen {e.tag} ({e.hendelse_id}) er arkivert to ganger: i "
                    f"{sett[e.hendelse_id][:12]} og {sha[:12]}.",
                )
            sett[e.hendelse_id] = sha
        if sha in lagret:
            continue
        mappetilstand = _mappetilstand(kt, sha, mapper) if enkeltvis else tilstand
        for mappe in sorted(mapper):
            kontroller.append((sha, mappe, e, dict(mappetilstand.get(mappe, {}))))
    return hendelser, kontroller


def _logg(
    kt: Kontroll, *, raw: bool, commits: list[str] | None = None
) -> list[tuple[str, str, str, str]]:
    """(commit, committer time, message, raw changes) along the branch's first parents, oldest
    first; or, with `commits`, of just those commits (each against its first parent)."""
    args = ["--first-parent", "-m", "--root", "--no-abbrev", "--no-renames", FORMAT]
    args += ["--raw"] if raw else []
    args += ["--no-walk=unsorted", *commits] if commits else ["--reverse", "HEAD"]
    if kt.avtale_id:
        args += ["--", f"{kt.avtale_id}/"]
    ut = kt.repo.git(c="core.quotePath=false").log(*args)
    poster = []
    for post in ut.split("\x1e"):
        if not post.strip():
            continue
        sha, tid, melding, endringer = (post.split("\x1f", 3) + ["", "", ""])[:4]
        poster.append((sha.strip(), tid, melding, endringer))
    return poster


def _bruk_endringer(raw: str, tilstand: dict[str, dict[str, str]] | None) -> set[str]:
    """The agreement folders a commit's raw diff changes; applied to `tilstand` when given."""
    mapper = set()
    for linje in raw.split("\n"):
        if not linje.startswith(":") or "\t" not in linje:
            continue
        meta, sti = linje.split("\t", 1)
        sti = sti.strip('"')
        felt = meta.split()
        mappe, _, rest = sti.partition("/")
        if not rest:
            continue  # a file at the top level is outside every agreement folder
        mapper.add(mappe)
        if tilstand is None:
            continue
        if felt[4].startswith("D"):
            tilstand.get(mappe, {}).pop(rest, None)
        else:
            tilstand.setdefault(mappe, {})[rest] = felt[3]
    return mapper


def _mappetilstand(kt: Kontroll, sha: str, mapper: set[str]) -> dict[str, dict[str, str]]:
    """The full state of these agreement folders at one commit (path -> blob id), as the
    changes from the root would rebuild it."""
    if not mapper:
        return {}
    ut = kt.repo.git.ls_tree("-r", "-z", "--full-tree", sha, "--", *(f"{m}/" for m in mapper))
    tilstand: dict[str, dict[str, str]] = {}
    for post in ut.split("\0"):
        meta, _, sti = post.partition("\t")
        felt = meta.split()
        if len(felt) < 3 or felt[1] != "blob":
            continue
        mappe, _, rest = sti.partition("/")
        tilstand.setdefault(mappe, {})[rest] = felt[2]
    return tilstand


def les_blobber(kt: Kontroll, kontroller: list[Mappekontroll]) -> None:
    """sha256 and size of every blob once; contents kept only for the small inputs."""
    behold: set[str] = set()
    alle: dict[str, None] = {}
    for _, _, _, tre in kontroller:
        for sti, oid in tre.items():
            alle[oid] = None
            if not sti.startswith("dokumenter/"):
                behold.add(oid)
    kt.innhold = {}
    for oid, typ, data in gitlag.les_objekter(kt.repo, list(alle)):
        if typ != "blob":
            continue
        kt.st.bytes_lest += len(data)
        kt.st.sjekksummer[oid] = (sjekksum(data), len(data))
        if oid in behold:
            kt.innhold[oid] = data


def _trailere(kt: Kontroll, e: les.ArkivertHendelse, mapper: list[str]) -> None:
    k = e.commit[:12]
    if not e.trailere or e.avtale_id is None:
        kt.feil(
            e.commit,
            "ARKIV-TRAILER",
            f"Commit {k} («{e.emne}») mangler arkivtrailere (Avtale-Id, Hendelse, …): "
            "den er ikke skrevet av avtaleflyt.",
            grunnlag="issue 5: én commit per hendelse",
        )
        return
    if not e.er_gyldig():
        kt.feil(
            e.commit,
            "ARKIV-TRAILER",
            f"Commit {k}: trailerne er ufullstendige eller Hendelse-Id stemmer ikke med "
            "Avtale-Id, Versjon, Hendelse, Juridisk-Dato og Avtale-Hash.",
        )
    if e.hendelse not in HENDELSER:
        kt.feil(e.commit, "ARKIV-TRAILER", f"Commit {k}: ukjent hendelse «{e.hendelse}».")
    andre = [m for m in mapper if m != e.avtale_id]
    if andre:
        kt.feil(
            e.commit,
            "ARKIV-TRAILER",
            f"Commit {k} gjelder avtalen {e.avtale_id}, men endrer også {', '.join(andre)}.",
        )


def sjekk_mappe(
    kt: Kontroll, sha: str, mappe: str, e: les.ArkivertHendelse, tre: dict[str, str]
) -> bool:
    """Check one agreement folder as one commit left it. False when there is no readable
    manifest (already reported), so the version is not re-rendered either."""
    k = sha[:12]
    fil = f"{k}:{mappe}/{MANIFEST}"
    if not tre:
        if mappe == e.avtale_id:
            kt.feil(
                fil,
                "ARKIV-FIL-MANGLER",
                f"Commit {k} sletter hele mappen {mappe}/; arkivet sletter aldri en avtale.",
            )
        return False
    if MANIFEST not in tre:
        kt.feil(fil, "ARKIV-MANIFEST", f"Commit {k}: {mappe}/{MANIFEST} mangler.", grunnlag=NOARK)
        return False
    try:
        doc = les_manifest(kt.data(tre[MANIFEST]))
    except ValueError as exc:
        kt.feil(fil, "ARKIV-MANIFEST", f"Commit {k}: {exc}", grunnlag=NOARK)
        return False
    if e.avtale_id is not None:  # a commit without trailers is already reported
        _manifest_mot_trailere(kt, fil, doc, e, mappe)
        if mappe == e.avtale_id:
            trailere_mot_innhold(kt, fil, doc, e, tre, mappe)
    _dokumentobjekter(kt, doc, tre, mappe, k)
    _vedtak(kt, fil, doc, tre, mappe, k)
    sjekk_bilag(kt, doc, tre, mappe, k)  # attachments and «Vedtak i deltakerkommunene»
    return True


def _dokumentobjekter(kt: Kontroll, doc: dict, tre: dict[str, str], mappe: str, k: str) -> None:
    oppfort = set()
    for i, obj in enumerate(doc["dokumentobjekter"]):
        sti = obj["referanseDokumentfil"]
        oppfort.add(sti)
        kt.st.filer += 1
        if sti not in tre:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-FIL-MANGLER",
                f"Commit {k}: {mappe}/{sti} står i manifestet, men finnes ikke.",
                sti=f"dokumentobjekter.{i}",
                grunnlag=NOARK,
            )
            continue
        faktisk, storrelse = kt.st.sjekksummer.get(tre[sti], ("", -1))
        kt.st.bytes_kontrollert += storrelse
        if obj.get("sjekksumAlgoritme") != ALGORITME:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-SJEKKSUM",
                f"Commit {k}: {mappe}/{sti} har sjekksumAlgoritme "
                f"«{obj.get('sjekksumAlgoritme')}», forventet {ALGORITME}.",
                sti=f"dokumentobjekter.{i}.sjekksumAlgoritme",
                grunnlag=NOARK,
            )
        if faktisk != obj["sjekksum"]:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-SJEKKSUM",
                f"Commit {k}: {mappe}/{sti} har SHA-256 {faktisk[:16]}…, manifestet sier "
                f"{obj['sjekksum'][:16]}…: filen er endret etter arkivering.",
                sti=f"dokumentobjekter.{i}.sjekksum",
                grunnlag=NOARK,
            )
        if storrelse != obj["filstoerrelse"]:
            kt.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-STORRELSE",
                f"Commit {k}: {mappe}/{sti} er {storrelse} byte, manifestet sier "
                f"{obj['filstoerrelse']}.",
                sti=f"dokumentobjekter.{i}.filstoerrelse",
                grunnlag=NOARK,
            )
    for sti in sorted(set(tre) - oppfort - {MANIFEST}):
        kt.feil(
            f"{k}:{mappe}/{sti}",
            "ARKIV-UTENFOR-MANIFEST",
            f"Commit {k}: {mappe}/{sti} finnes, men står ikke i manifestet.",
            grunnlag=NOARK,
        )


def _manifest_mot_trailere(
    kt: Kontroll, fil: str, doc: dict, e: les.ArkivertHendelse, mappe: str
) -> None:
    par = (
        ("avtaleId", mappe),
        ("avtaleHash", e.avtale_hash),
        ("versjon", e.versjon),
        ("hendelse", e.hendelse),
        ("hendelseId", e.hendelse_id),
        ("juridiskDato", e.juridisk_dato.isoformat() if e.juridisk_dato else None),
    )
    for nokkel, forventet in par:
        if doc.get(nokkel) != forventet:
            kt.feil(
                fil,
                "ARKIV-MANIFEST",
                f"Manifestets {nokkel} er «{doc.get(nokkel)}», men commit-trailerne sier "
                f"«{forventet}».",
                sti=nokkel,
            )


def _vedtak(kt: Kontroll, fil: str, doc: dict, tre: dict[str, str], mappe: str, k: str) -> None:
    arkivert = doc.get("avtaleHash")
    for i, v in enumerate(doc.get("vedtak") or []):
        if v.get("avtaleHash") != arkivert:
            kt.feil(
                fil,
                "ARKIV-VEDTAK-HASH",
                f"Commit {k}: vedtaket i kommune {v.get('kommunenummer')} "
                f"({v.get('dato')}, sak {v.get('saksnummer')}) gjelder avtale-hash "
                f"{str(v.get('avtaleHash'))[:12]}…, ikke den arkiverte {str(arkivert)[:12]}….",
                sti=f"vedtak.{i}.avtaleHash",
                grunnlag=SAMME_TEKST,
            )
    if "prosess.json" not in tre:
        return
    try:
        prosess = _arkiverte_vedtak(json.loads(kt.data(tre["prosess.json"])))
        avtaletype = json.loads(kt.data(tre["avtale.json"])).get("type")
    except (KeyError, TypeError, ValueError, AttributeError):
        kt.feil(
            f"{k}:{mappe}/prosess.json",
            "ARKIV-PROSESS",
            f"Commit {k}: prosess.json har ikke vedtak med id, kommune, organ, møtedato, "
            "utfall, versjon og avtale-hash.",
        )
        return
    # The decision that counts per municipality, asked of the one source of legal facts
    # (korrigerer, and which body may adopt this form), as the archiver did when it wrote it.
    tellende = fakta.siste_vedtak(prosess, dt.date.max, avtaletype, versjon=doc.get("versjon"))
    for i, v in sorted(tellende.values(), key=lambda iv: iv[0]):
        if v.utfall == "vedtatt" and v.avtale_hash != arkivert:
            kt.feil(
                f"{k}:{mappe}/prosess.json",
                "ARKIV-VEDTAK-HASH",
                f"Commit {k}: vedtak {v.id} i kommune {v.kommune} "
                f"vedtok avtale-hash {v.avtale_hash[:12]}…, ikke den "
                f"arkiverte {str(arkivert)[:12]}….",
                sti=f"vedtak.{i}.avtale_hash",
                grunnlag=SAMME_TEKST,
            )


def _arkiverte_vedtak(data: dict) -> Prosess:
    """The decisions of an archived prosess.json as process records, read leniently: an archive
    written years ago under an older process schema must still verify, so only the fields the
    legal facts need are read (and required), without today's full validation."""
    vedtak = [
        _konstruer(Vedtak, {**v, "motedato": dt.date.fromisoformat(v["motedato"])})
        for v in data.get("vedtak") or []
    ]
    for v in vedtak:
        for felt in ("id", "kommune", "organ", "utfall", "versjon", "avtale_hash"):
            getattr(v, felt)
    return _konstruer(Prosess, {"avtale": data.get("avtale", ""), "vedtak": vedtak})


def _konstruer(modell: type[M], verdier: dict) -> M:
    """`model_construct` with every `default_factory` field filled in first: pydantic otherwise
    inspects each factory's signature on every call (`inspect.signature(list)` parses a text
    signature), which cost 6 ms per commit, 40 % of `verify` on 10,000 events."""
    fabrikker = _fabrikker(modell)
    return modell.model_construct(
        **{n: lag() for n, lag in fabrikker.items() if n not in verdier}, **verdier
    )


@functools.cache
def _fabrikker(modell: type[BaseModel]) -> dict[str, Callable[[], Any]]:
    return {
        n: f.default_factory  # type: ignore[misc]
        for n, f in modell.model_fields.items()
        if f.default_factory is not None
    }
