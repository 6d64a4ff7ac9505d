"""The sandboxed Jinja2 environment over `templates/`, and the declared template version.

Only `templates_dir` is ever read, so the archive can re-render an old version with the
templates archived beside it.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    UndefinedError,
)
from jinja2.bccache import Bucket
from jinja2.sandbox import SandboxedEnvironment

from avtaleflyt.fordeling import (
    FordelingsFeil,
    beregn_eierandeler,
    beregn_fordeling,
    eierandelsaar,
)
from avtaleflyt.rendering.bidrag import beregn_bidrag, beregn_innskudd
from avtaleflyt.rendering.canonical import avtale_hash
from avtaleflyt.rendering.document import Henvisning, escape_value
from avtaleflyt.rendering.gjengiver import gjengiverversjon
from avtaleflyt.rendering.tallformat import (
    andel_som_foer,
    antall,
    avrundet,
    eksakt,
    har_ore,
    kroner,
    maaneder,
    prosent,
    tall,
    tallord,
)
from avtaleflyt.rendering.template_files import (
    TEMPLATE_SUFFIX,
    RenderError,
    resolve_dir,
    template_id,
    template_version,
)
from schemas.avtale import AVTALE_TYPES, TYPE_NAVN, lovkrav_felter
from schemas.felles import DELTAKERART_NAVN, deltakerart
from schemas.kommuner import kommune
from schemas.regler import REGLER
from schemas.regler.sjekk import lovkrav_brudd
from schemas.regler.sjekk_klausuler import klausulfunn, les_bibliotek, standardmaler
from schemas.valgaar import folketallsaar

MAANEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)


# --------------------------------------------------------------------------- filters


def langdato(value: dt.date) -> str:
    """«8. september 2026»: the date as the documents and the auditors' site write it."""
    return f"{value.day}. {MAANEDER[value.month - 1]} {value.year}"


def opplisting(items: Any) -> str:
    """«A», «A og B», «A, B og C»."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " og " + items[-1]


def _first_upper(text: str) -> str:
    """«iks-loven» stays lower case: only the first letter changes (unlike str.capitalize)."""
    return text[:1].upper() + text[1:]


class _Missing(StrictUndefined):
    """A missing or empty value: false in `{% if %}`, but an error naming the field when printed."""

    __slots__ = ()

    def __bool__(self) -> bool:  # type: ignore[override]  # false, where StrictUndefined raises
        return False


class AgreementEnvironment(SandboxedEnvironment):
    """Sandboxed: data and templates cannot reach Python internals. None reads as missing."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        value = super().getattr(obj, attribute)
        if value is None:
            return self.undefined(
                hint=f"feltet «{attribute}» er ikke fylt ut i avtaledataene",
                obj=obj,
                name=attribute,
            )
        return value


def _finalize(value: Any) -> str:
    if isinstance(value, bool):
        return escape_value("ja" if value else "nei")
    if isinstance(value, dt.date):
        return escape_value(langdato(value))
    if isinstance(value, Henvisning):
        return value.markup()
    if isinstance(value, Fraction):
        return escape_value(andel_som_foer(value))
    if isinstance(value, Decimal):
        return escape_value(kroner(value))
    return escape_value(value)


_ENVIRONMENTS: dict[Path, AgreementEnvironment] = {}


class _Kompilert(BytecodeCache):
    """Compiled templates shared by every environment, by template name and the checksum of its
    source: re-rendering an archived version (`verify`) writes its templates to a new folder,
    and without this every re-render parsed and compiled them all again (85 % of its time).
    The same source compiles to the same code, so the output is the same."""

    def __init__(self) -> None:
        self.lager: dict[str, bytes] = {}

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return name

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.lager.get(f"{bucket.key}\0{bucket.checksum}")
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.lager[f"{bucket.key}\0{bucket.checksum}"] = bucket.bytecode_to_string()


_KOMPILERT = _Kompilert()


def environment(templates_dir: str | Path | None = None) -> AgreementEnvironment:
    """One environment per templates folder (compiled templates are cached by Jinja)."""
    root = resolve_dir(templates_dir).resolve()
    env = _ENVIRONMENTS.get(root)
    if env is None:
        env = AgreementEnvironment(
            loader=FileSystemLoader(str(root), encoding="utf-8"),
            undefined=_Missing,
            finalize=_finalize,
            keep_trailing_newline=True,
            lstrip_blocks=True,
            autoescape=False,
            auto_reload=True,
            bytecode_cache=_KOMPILERT,
        )
        env.filters.update(
            stor_forbokstav=_first_upper,
            dato=langdato,
            andel=andel_som_foer,
            eksakt=eksakt,
            prosent=prosent,
            kroner=kroner,
            maaneder=maaneder,
            opplisting=opplisting,
            tall=tall,
            antall=antall,
            tallord=tallord,
        )
        env.tests.update(avrundet=avrundet, har_ore=har_ore)
        env.globals.update(henvis=Henvisning)
        _ENVIRONMENTS[root] = env
    return env


def _template_line(exc: BaseException) -> str:
    """`avtaler/x.j2 linje 12` from the traceback Jinja rewrites to template lines."""
    where = ""
    tb: types.TracebackType | None = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(TEMPLATE_SUFFIX):
            where = f"{Path(name).parent.name}/{Path(name).name} linje {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _partnavn(d: Any) -> str:
    """How the document names a party: «Melhus kommune», «Trøndelag fylkeskommune», «Gaula Innkjøp
    IKS». The kind comes from the data (`art`, else the number's length), never assumed a kommune."""
    return _med_art(str(d.navn), getattr(d, "art", None) or deltakerart(d.kommunenummer))


def _med_art(navn: str, art: str | None) -> str:
    if art not in ("kommune", "fylkeskommune"):
        return navn
    slag = DELTAKERART_NAVN[art]
    return navn if navn.lower().endswith(slag) else f"{navn} {slag}"


def _lovkrav_regler(avtaletype: str) -> set[str]:
    """The rules that report a term the law requires the agreement to state, for this type."""
    modell = AVTALE_TYPES.get(avtaletype)
    if modell is None:
        return set()
    return {*lovkrav_felter(modell).values(), *getattr(modell, "DELTAKERKRAV", {}).values()}


def _ikke_gjengitt(avtale: Any) -> list[str]:
    """Terms in the data that this form's templates have no place for: a sub-agreement taking, or
    a transition changing, a body the form does not have (`RAMME-ARV-FELT`, `OVERGANG-FELT`). A
    document without them would leave out terms the data and the avtale-hash bind."""
    felter = type(avtale).model_fields
    linjer = []
    ramme = getattr(avtale, "rammeavtale", None)
    for felt in ramme.arver if ramme is not None else []:
        if felt not in felter:
            linjer.append(
                f"rammeavtale.arver: avtaletypen har ikke «{felt}», så dokumentet kan ikke vise "
                "vilkåret"
            )
    for i, overgang in enumerate(getattr(avtale, "overganger", None) or []):
        for felt in ("representantskap", "styre", "nemnd"):
            if getattr(overgang, felt) is not None and felt not in felter:
                linjer.append(
                    f"overganger.{i}.{felt}: avtaletypen har ikke «{felt}», så dokumentet kan ikke "
                    "vise endringen"
                )
    return linjer


def _vilkaar_som_mangler(avtale: Any, templates_dir: str | Path | None) -> dict[str, str]:
    """Refuse before rendering when a term the law requires is missing, or a named standard clause
    is not in this templates folder's library: a document never fills such a gap itself.

    Returns topic → template of each named standard clause, for the templates to include.
    """
    bibliotek = les_bibliotek(resolve_dir(templates_dir))
    krav = _lovkrav_regler(avtale.type)
    mangler = [
        f"{b.sti_tekst or '(avtalen)'}: {b.regel.id}: {b.melding} ({b.lovgrunnlag})"
        for b in lovkrav_brudd(avtale)
        if b.regel.id in krav
    ]
    klausuler = [
        f"{'.'.join(map(str, sti))}: {regel_id}: {melding} ({REGLER[regel_id].hjemmel})"
        for regel_id, sti, melding in klausulfunn(avtale, bibliotek)
    ]
    grunner = []
    if mangler:
        grunner.append(
            "vilkår som loven krever, mangler i dataene (dokumentet fyller ikke inn noe selv):\n  "
            + "\n  ".join(mangler)
        )
    if klausuler:
        grunner.append("en navngitt standardklausul ikke kan brukes:\n  " + "\n  ".join(klausuler))
    skjult = _ikke_gjengitt(avtale)
    if skjult:
        grunner.append(
            "dokumentet ellers ville mangle vilkår som står i dataene:\n  " + "\n  ".join(skjult)
        )
    if grunner:
        raise RenderError("avtalen blir ikke gjengitt, fordi " + "\nog fordi ".join(grunner))
    return standardmaler(avtale, bibliotek)


def render_markup(avtale: Any, templates_dir: str | Path | None = None) -> str:
    """Run the agreement's type template; the output is document markup."""
    standard = _vilkaar_som_mangler(avtale, templates_dir)
    env = environment(templates_dir)
    name = template_id(avtale.type)
    navn = {d.kommunenummer: d.navn for d in avtale.deltakere}
    parter = {d.kommunenummer: _partnavn(d) for d in avtale.deltakere}

    def kommunenavn(nr: str) -> str:
        """A place (vertskommune, hovedkontor, kontorkommune): a participant's name as the data
        writes it, else the national list on the agreement's date (an IKS may sit elsewhere)."""
        if nr in navn:
            return navn[nr]
        sted = kommune(nr, avtale.dato or dt.date.today())
        if sted is None:
            raise RenderError(
                f"kommunenummer {nr} er verken blant deltakerne eller i kommunelisten på "
                f"avtalens dato"
            )
        return sted.navn

    def partnavn(nr: str) -> str:
        if nr not in parter:
            raise RenderError(f"nummer {nr} er ikke blant deltakerne i avtalen")
        return parter[nr]

    def stedsnavn(nr: str) -> str:
        """A kommune or fylkeskommune in a role (kontorkommune) by its proper name: a participant
        as the parties are named, else the national list's name with its kind."""
        return parter[nr] if nr in parter else _med_art(kommunenavn(nr), deltakerart(nr))

    def telleaar(nokkel: Any) -> int | None:
        """The year whose population a key uses (its `aar`, or the election year on the
        agreement's date for a key recomputed per election), as the computation takes it."""
        return folketallsaar(nokkel.aar, getattr(nokkel, "folketall_per", None), avtale.dato)

    fordeling = None
    if getattr(getattr(avtale, "okonomi", None), "fordelingsnokkel", None) is not None:
        try:
            fordeling = beregn_fordeling(avtale)
        except FordelingsFeil as exc:
            raise RenderError(f"fordelingsnøkkelen kan ikke beregnes: {exc}") from None
    try:
        bidrag = beregn_bidrag(avtale)
        innskudd = beregn_innskudd(avtale)
        eierandeler = beregn_eierandeler(avtale)
    except FordelingsFeil as exc:
        raise RenderError(f"{'.'.join(map(str, exc.sti))}: {exc}") from None
    ramme = getattr(avtale, "rammeavtale", None)

    try:
        template = env.get_template(name)
        return template.render(
            avtale=avtale,
            kommunenavn=kommunenavn,
            partnavn=partnavn,
            stedsnavn=stedsnavn,
            telleaar=telleaar,
            bare_kommuner=all(p.endswith(" kommune") for p in parter.values()),
            fordeling=fordeling,
            bidrag=bidrag,
            innskudd_per_deltaker=innskudd,
            eierandeler=eierandeler,
            eierandelsaar=eierandelsaar(avtale),
            arvet=list(ramme.arver) if ramme is not None else [],
            standard=standard,
            typenavn=_first_upper(TYPE_NAVN.get(avtale.type, avtale.type)),
            avtale_hash=avtale_hash(avtale, templates_dir),
            malversjon=template_version(templates_dir),
            gjengiverversjon=gjengiverversjon(),
        )
    except TemplateNotFound as exc:
        raise RenderError(
            f"fant ikke malen «{exc.name}» i {resolve_dir(templates_dir)} (avtaletype «{avtale.type}»)"
        ) from None
    except UndefinedError as exc:
        raise RenderError(f"{_template_line(exc) or name}: {exc.message}") from None
    except TemplateError as exc:
        raise RenderError(f"{_template_line(exc) or name}: feil i malen: {exc}") from None
