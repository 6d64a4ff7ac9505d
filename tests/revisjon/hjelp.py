"""Agreement folders for the revisjon tests: a real avtale.yaml and a prosess.yaml whose records
(vedtak, signaturer, ikrafttredelse, opphør) are appended the way the process area appends them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import yaml

from avtaleflyt.paths import AGREEMENTS_DIR
from avtaleflyt.validation import load_agreement

KILDE = AGREEMENTS_DIR / "gauldal-landbruk" / "avtale.yaml"


def lag_avtale(rot: Path, avtale_id: str = "landbruk", **endringer) -> Path:
    """A copy of the gauldal-landbruk agreement under `rot/<avtale_id>/`, with top-level keys
    replaced by `endringer` (dotted keys go one level down: `uttreden.oppsigelsestid_maaneder`)."""
    mappe = rot / avtale_id
    mappe.mkdir(parents=True, exist_ok=True)
    data = yaml.safe_load(KILDE.read_text(encoding="utf-8"))
    data["id"] = avtale_id
    sett(data, endringer)
    (mappe / "avtale.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    if not (mappe / "prosess.yaml").exists():
        (mappe / "prosess.yaml").write_text(yaml.safe_dump({"avtale": avtale_id}), encoding="utf-8")
    return mappe


def sett(data: dict, endringer: dict) -> None:
    for nokkel, verdi in endringer.items():
        d = data
        deler = nokkel.split(".")
        for del_ in deler[:-1]:
            d = d.setdefault(del_, {})
        d[deler[-1]] = verdi


def ny_versjon(mappe: Path, versjonsdato: dt.date, **endringer) -> None:
    """Keep the current text as historikk/v<N>.yaml and make version N+1 with `endringer`."""
    data = yaml.safe_load((mappe / "avtale.yaml").read_text(encoding="utf-8"))
    (mappe / "historikk").mkdir(exist_ok=True)
    shutil.copyfile(mappe / "avtale.yaml", mappe / "historikk" / f"v{data['versjon']}.yaml")
    data["versjon"] += 1
    data["versjonsdato"] = versjonsdato
    sett(data, endringer)
    (mappe / "avtale.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def avtale_hash(mappe: Path) -> str:
    from avtaleflyt.rendering import avtale_hash as h

    return h(load_agreement(mappe / "avtale.yaml"))


def _legg_til(mappe: Path, liste: str, post: dict) -> None:
    sti = mappe / "prosess.yaml"
    data = yaml.safe_load(sti.read_text(encoding="utf-8"))
    data.setdefault(liste, []).append(post)
    sti.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def vedta(
    mappe: Path,
    kommune: str,
    dato: dt.date,
    saksnummer: str,
    *,
    organ: str = "kommunestyre",
    utfall: str = "vedtatt",
    avtale_hash_: str | None = None,
    versjon: int | None = None,
) -> None:
    avtale = load_agreement(mappe / "avtale.yaml")
    mote = f"m-{kommune}-{organ.replace('_', '-')}-{dato.isoformat()}"
    _legg_til(
        mappe,
        "moter",
        {
            "id": mote,
            "kommuner": [kommune],
            "organ": organ,
            "dato": dato,
            "saksnummer": saksnummer,
            "behandling": "vedtak",
        },
    )
    _legg_til(
        mappe,
        "vedtak",
        {
            "id": f"vedtak-{kommune}-{dato.isoformat()}-v{versjon or avtale.versjon}",
            "kommune": kommune,
            "organ": organ,
            "mote": mote,
            "motedato": dato,
            "saksnummer": saksnummer,
            "utfall": utfall,
            "vedtakstekst": "Avtalen vedtas.",
            "versjon": versjon or avtale.versjon,
            "avtale_hash": avtale_hash_ or avtale_hash(mappe),
        },
    )


def signer(mappe: Path, kommune: str, dato: dt.date, navn: str = "Ordfører") -> None:
    avtale = load_agreement(mappe / "avtale.yaml")
    _legg_til(
        mappe,
        "signaturer",
        {
            "id": f"signatur-{kommune}-v{avtale.versjon}",
            "kommune": kommune,
            "navn": navn,
            "rolle": "ordfører",
            "dato": dato,
            "versjon": avtale.versjon,
            "avtale_hash": avtale_hash(mappe),
        },
    )


def i_kraft(mappe: Path, dato: dt.date) -> None:
    avtale = load_agreement(mappe / "avtale.yaml")
    _legg_til(
        mappe,
        "ikrafttredelse",
        {
            "id": f"ikrafttredelse-v{avtale.versjon}",
            "versjon": avtale.versjon,
            "avtale_hash": avtale_hash(mappe),
            "dato": dato,
        },
    )


def opphor(
    mappe: Path, dato: dt.date, grunnlag: str = "Oppløst etter enighet mellom deltakerne."
) -> None:
    _legg_til(
        mappe, "opphor", {"id": f"opphor-{dato.isoformat()}", "dato": dato, "grunnlag": grunnlag}
    )


KOMMUNER = ("5027", "5028", "5029")


def vedta_alle(mappe: Path, dato: dt.date, sak: int = 10, kommuner=KOMMUNER) -> None:
    for i, nr in enumerate(kommuner):
        vedta(mappe, nr, dato + dt.timedelta(days=i), f"PS {sak + i}/26")


def signer_alle(mappe: Path, dato: dt.date, kommuner=KOMMUNER) -> None:
    for i, nr in enumerate(kommuner):
        signer(mappe, nr, dato + dt.timedelta(days=i), navn=f"Ordfører {nr}")
