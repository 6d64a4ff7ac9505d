"""Load the rule catalogue: schemas/regler/katalog/NN-*.yaml is the source, katalog.json its fast copy.

The YAML files are what people edit: each rule with its legal basis and, beside it, a case that
breaks it and one that satisfies it. Building Python objects from YAML through PyYAML costs
about 1 ms per rule, far too much for `avtale validate`, so the rules (without their cases) are
also kept in katalog.json, written by `python -m schemas.regler.bygg`. That file records a
checksum of the YAML it was built from; when the YAML has been edited since, the YAML itself is
read (slower, but never stale), and the test suite says the JSON must be rebuilt.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from schemas.regler.modell import ALVORLIGHETER, GJELDER, Hjemmel, Regel

KATALOG_DIR = Path(__file__).with_name("katalog")
KATALOG_JSON = Path(__file__).with_name("katalog.json")
REGELFIL_MONSTER = "[0-9]*.yaml"
"""Rule files are named NN-area.yaml; the number orders the catalogue."""

_REGELFELT = frozenset(
    {"id", "alvorlighet", "melding", "hjemmel", "forklaring", "gjelder", "verifisert", "saker"}
)
_HJEMMELFELT = frozenset({"lov", "paragraf", "ledd", "bokstav", "nr", "tillegg", "kilde"})


class KatalogFeil(ValueError):
    """A rule file that does not describe rules the way the catalogue needs them."""


def regelfiler(katalog: Path = KATALOG_DIR) -> list[Path]:
    return sorted(katalog.glob(REGELFIL_MONSTER))


def kontrollsum(filer: Iterable[Path]) -> str:
    """Checksum of the rule files' names and text: tells whether katalog.json is current.

    Line ends are normalised, so a checkout with CRLF (git on Windows) still matches.
    """
    crc = 0
    for fil in filer:
        tekst = fil.read_bytes().replace(b"\r\n", b"\n")
        crc = zlib.crc32(fil.name.encode() + b"\0" + tekst + b"\0", crc)
    return f"{crc:08x}"


# --------------------------------------------------------------------------- from data


def hjemmel_fra_data(data: Any, hvor: str) -> Hjemmel:
    """A `Hjemmel` from its data: one mapping, or a list of them (further bases in `og`)."""
    deler = data if isinstance(data, list) else [data]
    if not deler:
        raise KatalogFeil(f"{hvor}: hjemmel mangler")
    bygget = []
    for del_ in deler:
        if not isinstance(del_, Mapping) or set(del_) - _HJEMMELFELT:
            raise KatalogFeil(
                f"{hvor}: hjemmel må ha feltene {sorted(_HJEMMELFELT)}, fikk {del_!r}"
            )
        try:
            felt = {k: str(v) for k, v in del_.items() if v is not None}
            bygget.append(
                Hjemmel(
                    lov=felt.get("lov"),
                    paragraf=felt.get("paragraf"),
                    ledd=felt.get("ledd"),
                    bokstav=felt.get("bokstav"),
                    nr=felt.get("nr"),
                    tillegg=felt.get("tillegg"),
                    kilde=felt.get("kilde"),
                )
            )
        except ValueError as exc:
            raise KatalogFeil(f"{hvor}: {exc}") from None
    forste, *resten = bygget
    if not resten:
        return forste
    return Hjemmel(
        forste.lov,
        forste.paragraf,
        forste.ledd,
        forste.bokstav,
        forste.nr,
        forste.tillegg,
        forste.kilde,
        tuple(resten),
    )


def hjemmel_til_data(hjemmel: Hjemmel) -> dict[str, str] | list[dict[str, str]]:
    deler = [
        {
            k: getattr(h, k)
            for k in ("lov", "paragraf", "ledd", "bokstav", "nr", "tillegg", "kilde")
            if getattr(h, k) is not None
        }
        for h in hjemmel.deler()
    ]
    return deler[0] if len(deler) == 1 else deler


def regel_fra_data(data: Any, hvor: str) -> Regel:
    """One rule from its data, every field checked (a typo in a rule file must not pass)."""
    if not isinstance(data, Mapping):
        raise KatalogFeil(f"{hvor}: en regel er en mapping, fikk {data!r}")
    ukjent = set(data) - _REGELFELT
    mangler = {"id", "alvorlighet", "melding", "hjemmel", "gjelder"} - set(data)
    regel_id = data.get("id", "?")
    if ukjent or mangler:
        raise KatalogFeil(
            f"{hvor}: regel {regel_id}: ukjente felt {sorted(ukjent)}, mangler {sorted(mangler)}"
        )
    if data["alvorlighet"] not in ALVORLIGHETER:
        raise KatalogFeil(f"{hvor}: regel {regel_id}: alvorlighet må være feil eller advarsel")
    gjelder = frozenset(data["gjelder"])
    if not gjelder or gjelder - GJELDER:
        raise KatalogFeil(f"{hvor}: regel {regel_id}: ukjent gjelder {sorted(gjelder - GJELDER)}")
    verifisert = data.get("verifisert", True)
    if not isinstance(verifisert, bool):
        raise KatalogFeil(f"{hvor}: regel {regel_id}: verifisert må være true eller false")
    melding = str(data["melding"])
    return Regel(
        id=str(regel_id),
        alvorlighet=data["alvorlighet"],
        melding=melding,
        hjemmel=hjemmel_fra_data(data["hjemmel"], f"{hvor}: regel {regel_id}"),
        forklaring=str(data.get("forklaring") or melding),
        gjelder=gjelder,
        verifisert=verifisert,
    )


def regel_til_data(regel: Regel) -> dict[str, Any]:
    return {
        "id": regel.id,
        "alvorlighet": regel.alvorlighet,
        "melding": regel.melding,
        "hjemmel": hjemmel_til_data(regel.hjemmel),
        "forklaring": regel.forklaring,
        "gjelder": sorted(regel.gjelder),
        "verifisert": regel.verifisert,
    }


def samle(regler: Iterable[Regel]) -> dict[str, Regel]:
    ut: dict[str, Regel] = {}
    for regel in regler:
        if regel.id in ut:
            raise KatalogFeil(f"regel-id {regel.id} er definert to ganger")
        ut[regel.id] = regel
    return ut


# --------------------------------------------------------------------------- loading


def last_json(fil: Path = KATALOG_JSON) -> tuple[str, dict[str, Regel]]:
    """(checksum of the YAML it was built from, the rules) from katalog.json."""
    data = json.loads(fil.read_text(encoding="utf-8"))
    # Built from checked rule files by `bygg`, so taken as it is: no second check on every start.
    regler = {
        r["id"]: Regel(
            r["id"],
            r["alvorlighet"],
            r["melding"],
            _hjemmel_fra_json(r["hjemmel"]),
            r["forklaring"],
            frozenset(r["gjelder"]),
            r["verifisert"],
        )
        for r in data["regler"]
    }
    return data["kontrollsum"], regler


def _hjemmel_fra_json(data: dict[str, str] | list[dict[str, str]]) -> Hjemmel:
    if isinstance(data, dict):
        return Hjemmel(**data)  # type: ignore[arg-type]
    forste, *resten = (Hjemmel(**d) for d in data)  # type: ignore[arg-type]
    return Hjemmel(
        forste.lov,
        forste.paragraf,
        forste.ledd,
        forste.bokstav,
        forste.nr,
        forste.tillegg,
        forste.kilde,
        tuple(resten),
    )


def les_yaml(fil: Path) -> Any:
    # PyYAML is imported only when the YAML itself must be read (katalog.json stale, building,
    # tests): it costs tens of milliseconds that `avtale validate` does not need to pay.
    import yaml

    return yaml.load(
        fil.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    )


def les_regelfil(fil: Path) -> tuple[str, list[Mapping[str, Any]]]:
    """(tittel, the rules as data, cases included) of one rule file."""
    data = les_yaml(fil)
    if (
        not isinstance(data, Mapping)
        or set(data) != {"tittel", "regler"}
        or not isinstance(data["regler"], list)
    ):
        raise KatalogFeil(f"{fil.name}: en regelfil har nøyaktig «tittel» og «regler» (en liste)")
    return str(data["tittel"]), data["regler"]


def last_regler(katalog: Path = KATALOG_DIR, json_fil: Path = KATALOG_JSON) -> dict[str, Regel]:
    """The catalogue, id → rule, in the order of the rule files.

    katalog.json when it was built from the YAML as it is now; otherwise the YAML itself.
    """
    filer = regelfiler(katalog)
    if json_fil.is_file():
        sum_, regler = last_json(json_fil)
        if not filer or sum_ == kontrollsum(filer):
            return regler
    return samle(regel_fra_data(r, fil.name) for fil in filer for r in les_regelfil(fil)[1])


REGLER: dict[str, Regel] = last_regler()
"""Every rule, id → rule, in catalogue order: loaded once, when the package is first imported."""
