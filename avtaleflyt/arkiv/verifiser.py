"""`verifiser`: everything an auditor would check, reported as findings (never stops at the first).

For every commit (of one agreement, or all) it checks the trailers, reads the manifest of each
agreement folder the commit changed and recomputes SHA-256 and size of every file; it re-renders
every archived version through the `rerender` callback and compares bytes; it checks that every
adoption (manifest and prosess.json) names the archived avtale-hash; that every tag points to the
commit whose trailers name it, that every event has its tag and signed tags verify; and, when this
copy has the journal, that no written commit left the branch and no tag moved.
Each blob is read and hashed once (git stores equal bytes once, so an equal blob id is equal
bytes), through one pipelined `cat-file --batch`; each distinct version is re-rendered once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from git import Repo

from avtaleflyt.arkiv import arbeidskopi, gitlag, les
from avtaleflyt.arkiv.hendelse import HENDELSER, MANIFEST
from avtaleflyt.arkiv.journal import JOURNAL, Journal
from avtaleflyt.arkiv.manifest import ALGORITME, les_manifest, sjekksum
from avtaleflyt.findings import Finding
from avtaleflyt.prosess import fakta
from schemas.prosess import Prosess, Vedtak

Gjengiver = Callable[[dict[str, bytes]], dict[str, bytes]]
"""The archived inputs of one version (every file inside `<id>/` except `dokumenter/`) ->
re-rendered documents (paths inside `<id>/`, e.g. `dokumenter/<id>.docx`) to compare byte for byte."""

NOARK = "Noark 5: sjekksum, sjekksumAlgoritme, filstoerrelse (dokumentobjekt)"
SAMME_TEKST = "kommuneloven §§ 18-4, 19-4, 20-4 annet ledd; IKS-loven § 4: alle vedtar samme tekst"


@dataclass
class Statistikk:
    """What `verifiser` covered; the benchmark reports throughput from it."""

    commits: int = 0
    filer: int = 0
    bytes_kontrollert: int = 0
    bytes_lest: int = 0
    gjengitte_versjoner: int = 0
    sjekksummer: dict[str, tuple[str, int]] = field(default_factory=dict, repr=False)


def verifiser(
    arkiv: str | Path,
    avtale_id: str | None = None,
    *,
    rerender: Gjengiver | None = None,
    statistikk: Statistikk | None = None,
) -> list[Finding]:
    """All findings about the archive at `arkiv` (optionally one agreement). [] means clean."""
    st = statistikk if statistikk is not None else Statistikk()
    with Repo(arkiv) as repo:
        return _Kontroll(repo, avtale_id, rerender, st).kjor()


class _Kontroll:
    def __init__(
        self, repo: Repo, avtale_id: str | None, rerender: Gjengiver | None, st: Statistikk
    ) -> None:
        self.repo, self.avtale_id, self.rerender, self.st = repo, avtale_id, rerender, st
        self.funn: list[Finding] = []
        self.gjengitt: dict[tuple, bool] = {}

    def feil(
        self,
        fil: str,
        regel: str,
        melding: str,
        *,
        sti: str = "",
        grunnlag: str = "",
        alvor: str = "feil",
    ) -> None:
        self.funn.append(Finding(fil, None, None, sti, regel, alvor, melding, grunnlag))  # type: ignore[arg-type]

    def kjor(self) -> list[Finding]:
        if gitlag.hode(self.repo) is None:
            return []
        hendelser = self._commits()
        self._journal(hendelser)
        self._tagger(hendelser)
        self._arbeidskopi()
        return self.funn

    # ---------------------------------------------------------------- commits and manifests

    def _commits(self) -> list[les.ArkivertHendelse]:
        """One `git log --raw` gives every commit's message and changed blobs; each agreement
        folder's full state is rebuilt from those changes (an event replaces the whole folder),
        then all blobs are streamed once through a pipelined `cat-file --batch`."""
        args = [
            "--reverse",
            "--first-parent",
            "-m",
            "--root",
            "--raw",
            "--no-abbrev",
            "--no-renames",
            "--format=\x1e%H\x1f%B\x1f",
            "HEAD",
        ]
        if self.avtale_id:
            args += ["--", f"{self.avtale_id}/"]
        ut = self.repo.git(c="core.quotePath=false").log(*args)
        tilstand: dict[str, dict[str, str]] = {}
        sett: dict[str, str] = {}
        hendelser = []
        kontroller: list[tuple[str, str, les.ArkivertHendelse, dict[str, str]]] = []
        for post in ut.split("\x1e"):
            if not post.strip():
                continue
            sha, melding, raw = (post.split("\x1f", 2) + ["", ""])[:3]
            sha = sha.strip()
            e = les.tolk_hendelse(sha, melding)
            hendelser.append(e)
            self.st.commits += 1
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
                if felt[4].startswith("D"):
                    tilstand.get(mappe, {}).pop(rest, None)
                else:
                    tilstand.setdefault(mappe, {})[rest] = felt[3]
            if self.avtale_id:
                mapper &= {self.avtale_id}
            self._trailere(e, sorted(mapper))
            if e.hendelse_id:
                if e.hendelse_id in sett:
                    self.feil(
                        sha,
                        "ARKIV-DUPLIKAT",
                        f"Hendelsen {e.tag} ({e.hendelse_id}) er arkivert to ganger: i "
                        f"{sett[e.hendelse_id][:12]} og {sha[:12]}.",
                    )
                sett[e.hendelse_id] = sha
            for mappe in sorted(mapper):
                kontroller.append((sha, mappe, e, dict(tilstand.get(mappe, {}))))
        self._les_blobber(kontroller)
        for sha, mappe, e, tre in kontroller:
            self._mappe(sha, mappe, e, tre)
        return hendelser

    def _les_blobber(self, kontroller) -> None:
        """sha256 and size of every blob once; contents kept only for the small inputs."""
        behold: set[str] = set()
        alle: dict[str, None] = {}
        for _, _, _, tre in kontroller:
            for sti, oid in tre.items():
                alle[oid] = None
                if not sti.startswith("dokumenter/"):
                    behold.add(oid)
        self.innhold: dict[str, bytes] = {}
        for oid, typ, data in gitlag.les_objekter(self.repo, list(alle)):
            if typ != "blob":
                continue
            self.st.bytes_lest += len(data)
            self.st.sjekksummer[oid] = (sjekksum(data), len(data))
            if oid in behold:
                self.innhold[oid] = data

    def _trailere(self, e: les.ArkivertHendelse, mapper: list[str]) -> None:
        k = e.commit[:12]
        if not e.trailere or e.avtale_id is None:
            self.feil(
                e.commit,
                "ARKIV-TRAILER",
                f"Commit {k} («{e.emne}») mangler arkivtrailere (Avtale-Id, Hendelse, …): "
                "den er ikke skrevet av avtaleflyt.",
                grunnlag="issue 5: én commit per hendelse",
            )
            return
        if not e.er_gyldig():
            self.feil(
                e.commit,
                "ARKIV-TRAILER",
                f"Commit {k}: trailerne er ufullstendige eller Hendelse-Id stemmer ikke med "
                "Avtale-Id, Versjon, Hendelse, Juridisk-Dato og Avtale-Hash.",
            )
        if e.hendelse not in HENDELSER:
            self.feil(e.commit, "ARKIV-TRAILER", f"Commit {k}: ukjent hendelse «{e.hendelse}».")
        andre = [m for m in mapper if m != e.avtale_id]
        if andre:
            self.feil(
                e.commit,
                "ARKIV-TRAILER",
                f"Commit {k} gjelder avtalen {e.avtale_id}, men endrer også {', '.join(andre)}.",
            )

    def _mappe(self, sha: str, mappe: str, e: les.ArkivertHendelse, tre: dict[str, str]) -> None:
        k = sha[:12]
        fil = f"{k}:{mappe}/{MANIFEST}"
        if not tre:
            if mappe == e.avtale_id:
                self.feil(
                    fil,
                    "ARKIV-FIL-MANGLER",
                    f"Commit {k} sletter hele mappen {mappe}/; arkivet sletter aldri en avtale.",
                )
            return
        if MANIFEST not in tre:
            self.feil(
                fil, "ARKIV-MANIFEST", f"Commit {k}: {mappe}/{MANIFEST} mangler.", grunnlag=NOARK
            )
            return
        try:
            doc = les_manifest(self._data(tre[MANIFEST]))
        except ValueError as exc:
            self.feil(fil, "ARKIV-MANIFEST", f"Commit {k}: {exc}", grunnlag=NOARK)
            return
        if e.avtale_id is not None:  # a commit without trailers is already reported
            self._manifest_mot_trailere(fil, doc, e, mappe)
        oppfort = set()
        for i, obj in enumerate(doc["dokumentobjekter"]):
            sti = obj["referanseDokumentfil"]
            oppfort.add(sti)
            self.st.filer += 1
            if sti not in tre:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-FIL-MANGLER",
                    f"Commit {k}: {mappe}/{sti} står i manifestet, men finnes ikke.",
                    sti=f"dokumentobjekter.{i}",
                    grunnlag=NOARK,
                )
                continue
            faktisk, storrelse = self.st.sjekksummer.get(tre[sti], ("", -1))
            self.st.bytes_kontrollert += storrelse
            if obj.get("sjekksumAlgoritme") != ALGORITME:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-SJEKKSUM",
                    f"Commit {k}: {mappe}/{sti} har sjekksumAlgoritme "
                    f"«{obj.get('sjekksumAlgoritme')}», forventet {ALGORITME}.",
                    sti=f"dokumentobjekter.{i}.sjekksumAlgoritme",
                    grunnlag=NOARK,
                )
            if faktisk != obj["sjekksum"]:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-SJEKKSUM",
                    f"Commit {k}: {mappe}/{sti} har SHA-256 {faktisk[:16]}…, manifestet sier "
                    f"{obj['sjekksum'][:16]}…: filen er endret etter arkivering.",
                    sti=f"dokumentobjekter.{i}.sjekksum",
                    grunnlag=NOARK,
                )
            if storrelse != obj["filstoerrelse"]:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-STORRELSE",
                    f"Commit {k}: {mappe}/{sti} er {storrelse} byte, manifestet sier "
                    f"{obj['filstoerrelse']}.",
                    sti=f"dokumentobjekter.{i}.filstoerrelse",
                    grunnlag=NOARK,
                )
        for sti in sorted(set(tre) - oppfort - {MANIFEST}):
            self.feil(
                f"{k}:{mappe}/{sti}",
                "ARKIV-UTENFOR-MANIFEST",
                f"Commit {k}: {mappe}/{sti} finnes, men står ikke i manifestet.",
                grunnlag=NOARK,
            )
        self._vedtak(fil, doc, tre, mappe, k)
        self._gjengi(tre, mappe, k)

    def _manifest_mot_trailere(
        self, fil: str, doc: dict, e: les.ArkivertHendelse, mappe: str
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
                self.feil(
                    fil,
                    "ARKIV-MANIFEST",
                    f"Manifestets {nokkel} er «{doc.get(nokkel)}», men commit-trailerne sier "
                    f"«{forventet}».",
                    sti=nokkel,
                )

    def _data(self, oid: str) -> bytes:
        data = self.innhold.get(oid)
        return data if data is not None else gitlag.objekt(self.repo, oid)[1]

    def _vedtak(self, fil: str, doc: dict, tre: dict[str, str], mappe: str, k: str) -> None:
        arkivert = doc.get("avtaleHash")
        for i, v in enumerate(doc.get("vedtak") or []):
            if v.get("avtaleHash") != arkivert:
                self.feil(
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
            prosess = _arkiverte_vedtak(json.loads(self._data(tre["prosess.json"])))
            avtaletype = json.loads(self._data(tre["avtale.json"])).get("type")
        except (KeyError, TypeError, ValueError, AttributeError):
            self.feil(
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
                self.feil(
                    f"{k}:{mappe}/prosess.json",
                    "ARKIV-VEDTAK-HASH",
                    f"Commit {k}: vedtak {v.id} i kommune {v.kommune} "
                    f"vedtok avtale-hash {v.avtale_hash[:12]}…, ikke den "
                    f"arkiverte {str(arkivert)[:12]}….",
                    sti=f"vedtak.{i}.avtale_hash",
                    grunnlag=SAMME_TEKST,
                )

    def _gjengi(self, tre: dict[str, str], mappe: str, k: str) -> None:
        if self.rerender is None:
            return
        nokkel = tuple(
            sorted((s, o) for s, o in tre.items() if s == "avtale.json" or s.startswith("maler/"))
        )
        dokumenter = {s: o for s, o in tre.items() if s.startswith("dokumenter/")}
        if (nokkel, tuple(sorted(dokumenter.items()))) in self.gjengitt:
            return
        self.gjengitt[(nokkel, tuple(sorted(dokumenter.items())))] = True
        self.st.gjengitte_versjoner += 1
        filer = {s: self._data(o) for s, o in tre.items() if not s.startswith("dokumenter/")}
        try:
            nye = self.rerender(filer)
        except Exception as exc:  # the renderer is someone else's code: report, don't crash
            self.feil(
                f"{k}:{mappe}/avtale.json",
                "ARKIV-GJENGIVELSE",
                f"Commit {k}: versjonen kunne ikke gjengis på nytt med de arkiverte malene: "
                f"{type(exc).__name__}: {exc}",
            )
            return
        for sti, data in sorted(nye.items()):
            if sti not in tre:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-GJENGIVELSE",
                    f"Commit {k}: {mappe}/{sti} mangler i arkivet, men gjengis fra dataene.",
                )
                continue
            arkivert = self.st.sjekksummer.get(tre[sti], ("", -1))[0]
            ny = sjekksum(data)
            if arkivert != ny:
                self.feil(
                    f"{k}:{mappe}/{sti}",
                    "ARKIV-GJENGIVELSE",
                    f"Commit {k}: {mappe}/{sti} er ikke byte for byte lik en ny gjengivelse av "
                    "de arkiverte dataene med de arkiverte malene (SHA-256 "
                    f"{arkivert[:12]}… mot {ny[:12]}…).",
                )

    # ---------------------------------------------------------------- tags and journal

    def _tagger(self, hendelser: list[les.ArkivertHendelse]) -> None:
        etter_tag = {e.tag: e for e in hendelser if e.tag and e.er_gyldig()}
        tagger = {t.navn: t for t in les.tagger(self.repo, self.avtale_id)}
        i_grenen = {e.commit for e in hendelser}
        for navn, t in sorted(tagger.items()):
            e = etter_tag.get(navn)
            if not t.annotert:
                self.feil(
                    f"refs/tags/{navn}",
                    "ARKIV-TAG",
                    f"Taggen {navn} er ikke annotert; arkivet lager bare annoterte tagger.",
                )
            peker = les.tolk_hendelse(t.commit, self._melding(t.commit)).tag
            hva = f" (hendelsen {peker})" if peker and peker != navn else ""
            if e is None:
                self.feil(
                    f"refs/tags/{navn}",
                    "ARKIV-TAG",
                    f"Taggen {navn} peker på {t.commit[:12]}{hva}, men ingen hendelse i "
                    f"grenen heter {navn}.",
                )
            elif e.commit != t.commit:
                self.feil(
                    f"refs/tags/{navn}",
                    "ARKIV-TAG",
                    f"Taggen {navn} peker på {t.commit[:12]}{hva}, men loggen sier hendelsen "
                    f"er commit {e.commit[:12]}: taggen er flyttet.",
                )
            elif t.commit not in i_grenen:
                self.feil(
                    f"refs/tags/{navn}",
                    "ARKIV-TAG",
                    f"Taggen {navn} peker på {t.commit[:12]}, som ikke er i grenen.",
                )
            if t.signert:
                status, _, feil = self.repo.git.verify_tag(
                    navn, with_extended_output=True, with_exceptions=False
                )
                if status != 0:
                    self.feil(
                        f"refs/tags/{navn}",
                        "ARKIV-SIGNATUR",
                        f"Signaturen på taggen {navn} kan ikke bekreftes: "
                        f"{feil.strip().splitlines()[-1] if feil.strip() else 'ukjent feil'}.",
                    )
        for navn, e in sorted(etter_tag.items()):
            if navn not in tagger:
                self.feil(
                    e.commit,
                    "ARKIV-TAG",
                    f"Hendelsen {navn} (commit {e.commit[:12]}) har ingen tag.",
                )

    def _melding(self, commit: str) -> str:
        typ, data = gitlag.objekt(self.repo, commit)
        if typ != "commit":
            return ""
        return data.decode("utf-8", "replace").split("\n\n", 1)[-1]

    def _journal(self, hendelser: list[les.ArkivertHendelse]) -> None:
        journal = Journal(gitlag.git_dir(self.repo) / "avtaleflyt" / JOURNAL)
        if not journal.finnes():
            return  # a clone or mirror: the tag and trailer checks still run
        try:
            poster = journal.poster()
        except ValueError as exc:
            self.feil(str(journal.fil), "ARKIV-HISTORIKK", str(exc))
            return
        i_grenen = set(self.repo.git.rev_list("HEAD").split())
        siste = journal.siste_hode()
        if siste and siste not in i_grenen:
            self.feil(
                siste,
                "ARKIV-HISTORIKK",
                f"Commit {siste[:12]}, som arkivet skrev, er ikke lenger i grenen: "
                "historikken er skrevet om (amend, rebase eller force).",
            )
        for p in poster:
            if p.get("type") != "commit" or (
                self.avtale_id and p.get("avtale_id") != self.avtale_id
            ):
                continue
            if p["commit"] != siste and p["commit"] not in i_grenen:
                self.feil(
                    p["commit"],
                    "ARKIV-HISTORIKK",
                    f"Commit {p['commit'][:12]} (hendelse {p['hendelse_id']}) er arkivert, men "
                    "er ikke lenger i grenen: historikken er skrevet om.",
                )
        naa = gitlag.tags(
            self.repo, f"refs/tags/{self.avtale_id}/" if self.avtale_id else "refs/tags/"
        )
        for navn, objekt in sorted(journal.tags().items()):
            if self.avtale_id and not navn.startswith(f"{self.avtale_id}/"):
                continue
            faktisk = naa.get(navn)
            if faktisk is None:
                self.feil(f"refs/tags/{navn}", "ARKIV-HISTORIKK", f"Taggen {navn} er slettet.")
            elif faktisk != objekt:
                self.feil(
                    f"refs/tags/{navn}",
                    "ARKIV-HISTORIKK",
                    f"Taggen {navn} er byttet ut: den var tag-objekt {objekt[:12]}, nå {faktisk[:12]}.",
                )
        kjente = set(journal.commits().values())
        grunnlag = next((p.get("hode") for p in poster if p.get("type") == "grunnlag"), None)
        for_journalen = set(self.repo.git.rev_list(grunnlag).split()) if grunnlag else set()
        for e in hendelser:
            if e.commit in kjente or e.commit in for_journalen:
                continue
            self.feil(
                e.commit,
                "ARKIV-HISTORIKK",
                f"Commit {e.commit[:12]} («{e.emne}») står ikke i arkivets journal: den er "
                "laget utenom avtaleflyt, eller arkiveringen ble avbrutt (kjør den på nytt).",
            )

    def _arbeidskopi(self) -> None:
        if self.repo.bare:
            return
        endret = arbeidskopi.endringer_mot(self.repo, gitlag.hode(self.repo))
        if self.avtale_id:
            endret = [s for s in endret if s.startswith(f"{self.avtale_id}/")]
        for sti in endret:
            self.feil(
                sti,
                "ARKIV-ARBEIDSKOPI",
                f"{sti} i arbeidskopien avviker fra det arkiverte (git status); "
                "det arkiverte er det som står i git-historikken.",
                alvor="advarsel",
            )


def _arkiverte_vedtak(data: dict) -> Prosess:
    """The decisions of an archived prosess.json as process records, read leniently: an archive
    written years ago under an older process schema must still verify, so only the fields the
    legal facts need are read (and required), without today's full validation."""
    vedtak = [
        Vedtak.model_construct(
            **{**v, "motedato": dt.date.fromisoformat(v["motedato"])},
        )
        for v in data.get("vedtak") or []
    ]
    for v in vedtak:
        for felt in ("id", "kommune", "organ", "utfall", "versjon", "avtale_hash"):
            getattr(v, felt)
    return Prosess.model_construct(avtale=data.get("avtale", ""), vedtak=vedtak)
