"""Test data for the archive tests: events built the way the process area will build them, and a
deterministic re-render function standing in for `avtaleflyt.rendering.render_docx`."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from avtaleflyt.arkiv import ArkivHendelse, Signaturreferanse, Vedtaksreferanse

KOMMUNER = ("5027", "5028", "5029")
ROT = Path(__file__).resolve().parents[2]


def arkiver_kommando(*args: str) -> list[str]:
    """The command that runs one archive event in a process of its own (`arkiver_prosess`); run
    it with `cwd=ROT`, where `tests` imports as a package."""
    return [sys.executable, "-m", "tests.arkiv.arkiver_prosess", *args]


def avtale_data(avtale_id: str, versjon: int = 1, oppsigelse: int = 12) -> dict:
    return {
        "id": avtale_id,
        "tittel": f"Samarbeid {avtale_id}",
        "versjon": versjon,
        "uttreden": {"oppsigelsestid_maaneder": oppsigelse},
        "eierandel": "1/3",
    }


def mal_filer() -> dict[str, bytes]:
    return {
        "maler/avtale.txt.j2": b"AVTALE {{ tittel }} versjon {{ versjon }}\n",
        "maler/VERSJON": b"mal-1.0\n",
    }


def gjengi(filer: dict[str, bytes]) -> dict[str, bytes]:
    """Deterministic 'render': document bytes depend only on avtale.json and the templates."""
    data = json.loads(filer["avtale.json"])
    mal = filer["maler/avtale.txt.j2"].decode()
    tekst = mal.replace("{{ tittel }}", data["tittel"]).replace(
        "{{ versjon }}", str(data["versjon"])
    )
    tekst += json.dumps(data, sort_keys=True)
    return {
        f"dokumenter/{data['id']}.docx": ("DOCX:" + tekst).encode("utf-8"),
        f"dokumenter/{data['id']}.md": tekst.encode("utf-8"),
    }


def avtale_hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode() + b"mal-1.0").hexdigest()


def hendelse(
    avtale_id: str = "gauldal-landbruk",
    versjon: int = 1,
    type_: str = "vedtatt",
    dato: dt.date = dt.date(2026, 4, 23),
    oppsigelse: int = 12,
    vedtak_hash: str | None = None,
    **ekstra,
) -> ArkivHendelse:
    data = avtale_data(avtale_id, versjon, oppsigelse)
    h = avtale_hash(data)
    vedtak = tuple(
        Vedtaksreferanse(k, dato - dt.timedelta(days=i), f"PS {10 + i}/26", vedtak_hash or h)
        for i, k in enumerate(KOMMUNER)
    )
    prosess = {
        "avtale": avtale_id,
        "vedtak": [
            {
                "id": f"vedtak-{v.kommunenummer}",
                "kommune": v.kommunenummer,
                "organ": "kommunestyre",
                "motedato": v.dato.isoformat(),
                "saksnummer": v.saksnummer,
                "utfall": "vedtatt",
                "versjon": versjon,
                "avtale_hash": v.avtale_hash,
            }
            for v in vedtak
        ],
    }
    signaturer = ()
    if type_ in ("signert", "i-kraft"):
        signaturer = tuple(Signaturreferanse(k, dato, h, f"Ordfører {k}") for k in KOMMUNER)
    prosess["signaturer"] = [
        {
            "id": f"signatur-{s.kommunenummer}",
            "kommune": s.kommunenummer,
            "navn": s.navn,
            "rolle": "ordfører",
            "dato": s.dato.isoformat(),
            "versjon": versjon,
            "avtale_hash": s.avtale_hash,
        }
        for s in signaturer
    ]
    filer = {
        "avtale.json": json.dumps(data, sort_keys=True).encode(),
        "prosess.json": json.dumps(prosess, sort_keys=True).encode(),
        **mal_filer(),
    }
    filer.update(gjengi(filer))
    kw = dict(
        avtale_id=avtale_id,
        versjon=versjon,
        hendelse=type_,
        juridisk_dato=dato,
        avtale_hash=h,
        schema_version="1.0",
        template_version="mal-1.0",
        files=filer,
        vedtak=vedtak,
        signaturer=signaturer,
        ikrafttredelse=dato if type_ == "i-kraft" else None,
    )
    kw.update(ekstra)
    return ArkivHendelse(**kw)


def git(repo: Path, *args: str, sjekk: bool = True) -> str:
    """Run plain git in `repo` as an auditor or a tamperer would."""
    ut = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Tukler",
            "-c",
            "user.email=t@example.invalid",
            *args,
        ],
        capture_output=True,
        text=True,
    )
    if sjekk and ut.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} feilet: {ut.stderr}")
    return ut.stdout
