"""What the archive says about an agreement, in the words the pages use: when a version was in
force, the agreement's status, a participant's register row and role. Each answer is read off
`revisjon`'s history and register row; nothing here decides a legal fact anew."""

from __future__ import annotations

import datetime as dt
import re

from avtaleflyt.nettsted.innhold import Avtaleinnhold, Versjon
from avtaleflyt.nettsted.tekst import dato
from avtaleflyt.revisjon import Registerpost, Versjonsinfo, vert
from avtaleflyt.revisjon.register import registerpost
from schemas.avtale import TYPE_NAVN
from schemas.felles import format_kroner


def kommunenavn(alle: dict[str, dict]) -> dict[str, str]:
    """Every participant of any agreement: number -> name (by title order, the last wins)."""
    ut: dict[str, str] = {}
    for _, s in sorted(alle.items(), key=lambda p: (p[1]["tittel"], p[0])):
        ut.update(s["alle"])
    return ut


def siste_dato(a: Avtaleinnhold) -> dt.date:
    return max(
        (
            e.juridisk_dato
            for v in a.historikk.versjoner.values()
            for e in v.hendelser
            if e.juridisk_dato
        ),
        default=dt.date.min,
    )


def form(a: Avtaleinnhold) -> str:
    siste = a.siste.avtale
    return TYPE_NAVN.get(siste.type, siste.type) if siste is not None else "ukjent form"


def vert_for(avtale) -> str | None:
    return vert(avtale) if avtale is not None else None


def antall_samarbeid(n: int) -> str:
    return "1 samarbeid" if n == 1 else f"{n} samarbeid"


def deltakere_i(v: Versjon) -> set[str]:
    return {d.kommunenummer for d in v.avtale.deltakere} if v.avtale is not None else set()


def periode(v: Versjonsinfo) -> str:
    """When the version was in force, in words, from the archived events (historikk)."""
    if v.ikraft:
        if v.gyldig_til:
            return f"fra {dato(v.ikraft)} til og med {dato(v.gyldig_til - dt.timedelta(days=1))}"
        return f"fra {dato(v.ikraft)}, gjelder fortsatt"
    if v.planlagt_ikraft:
        return f"ikke i kraft (planlagt fra {dato(v.planlagt_ikraft)})"
    return "ikke i kraft"


def versjonsstatus(a: Avtaleinnhold, v: Versjonsinfo) -> str:
    """When the version was in force; for one never in force, why, when the archive says."""
    endret = v.hendelse("endret")
    if v.ikraft or endret is None:
        return periode(v)
    ved = (endret.trailer("Endret-Ved") or "").split(" ")
    hvem = f" i {a.deltakere().get(ved[0], ved[0])}" if ved[0] else ""
    nyere = [n for n in a.versjoner if n > v.versjon]
    erstattet = f"; erstattet av versjon {min(nyere)}" if nyere else ""
    return f"aldri i kraft: vedtatt med endringer{hvem} {dato(endret.juridisk_dato)}{erstattet}"


def status(a: Avtaleinnhold, at: dt.date) -> str:
    """One line: in force (which version), terminated, adopted but not yet in force, or in process."""
    h = a.historikk
    v = h.gjeldende(at)
    if v is not None:
        return f"i kraft, versjon {v.versjon} fra {dato(v.ikraft)}"
    if h.opphort is not None and h.opphort <= at:
        return f"opphørt fra {dato(h.opphort)}"
    vedtatte = [x for x in h.versjoner.values() if x.vedtatt]
    if vedtatte:
        siste = max(vedtatte, key=lambda x: x.versjon)
        if siste.signert:
            return f"versjon {siste.versjon} er vedtatt og signert, ikke i kraft ennå"
        return f"versjon {siste.versjon} er vedtatt av alle, ikke signert av alle"
    return "under behandling"


def i_kraft_for(a: Avtaleinnhold, nr: str, at: dt.date) -> tuple[Registerpost, Versjon] | None:
    """The register row of `nr` in this agreement on `at`, chosen as `revisjon.register` chooses:
    the version in force, which `nr` adopted (its `Vedtatt-<nr>` trailer) and takes part in.
    tests/nettsted check that the rows equal `revisjon.register` for every participant."""
    v = a.historikk.gjeldende(at)
    if v is None:
        return None
    vedtatt = v.hendelse("vedtatt")
    if vedtatt is None or nr not in vedtatt.vedtatt():
        return None
    versjon = a.versjoner[v.versjon]
    if versjon.avtale is None or nr not in deltakere_i(versjon):
        return None
    if versjon.registerpost is None:  # one row per version, whichever participant asks
        versjon.registerpost = registerpost(versjon.avtale, v)
    return versjon.registerpost, versjon


def rolle(post: Registerpost, nr: str) -> str:
    """The participant's role in words, from the register row's form and host."""
    vert = (post.vertskommune or "").split(" ", 1)[0]
    er_vert = vert == nr
    if post.type in ("vertskommune", "vertskommune_nemnd"):
        return "vertskommune" if er_vert else "samarbeidskommune"
    if post.type == "iks":
        return "deltaker (eier), hovedkontor" if er_vert else "deltaker (eier)"
    if post.type == "samarbeidsavtale":
        return "part"
    return "deltaker, kontorkommune" if er_vert else "deltaker"


def andel_og_belop(post: Registerpost, v: Versjon, nr: str) -> tuple[str, str]:
    andel = next((x.andel for x in post.deltakere if x.kommunenummer == nr), "")
    art = {"eierandel": "eierandel", "kostnadsandel": "kostnadsandel"}.get(post.andelstype, "")
    tekst = f"{art} {andel}".strip() if andel else ""
    belop = ""
    if v.avtale is not None:
        d = next((d for d in v.avtale.deltakere if d.kommunenummer == nr), None)
        if d is not None and d.innskudd is not None:
            belop = f"innskudd {format_kroner(d.innskudd)}"
    return tekst, belop


def beskrivelse(a: Avtaleinnhold) -> str:
    h = a.historikk
    deler = [
        f"{len(h.versjoner)} arkiverte versjoner."
        if len(h.versjoner) != 1
        else "Én arkivert versjon."
    ]
    for v in sorted(h.versjoner.values(), key=lambda v: v.versjon):
        if v.vedtatt:
            deler.append(f"Versjon {v.versjon} vedtatt av alle {dato(v.vedtatt)}.")
        if v.ikraft:
            deler.append(f"Versjon {v.versjon} i kraft {periode(v)}.")
    if h.opphort:
        deler.append(f"Opphørt {dato(h.opphort)}.")
    deler.append("Hvert steg står med dato og tekst i listen under bildet.")
    return " ".join(deler)


def kommunens_vedtak(v: Versjonsinfo, nr: str) -> str:
    """A council's decision on a version, for the municipality page's history: from the version's
    adoption when it was adopted by all, else from its «endret» event, which holds the councils
    that adopted it as it stood (`Vedtatt-<nr>`) and those that adopted it with changes
    (`Endret-Ved`): a version adopted «med endringer» was decided on too, and the page must say
    so, not «–»."""
    vedtak = next((x for x in v.vedtak if x.kommunenummer == nr), None)
    if vedtak is not None:
        return f"{dato(vedtak.dato)}, sak {vedtak.saksnummer}"
    endret = v.hendelse("endret")
    if endret is None:
        return "–"
    for k, verdi in endret.trailere:
        if k != "Endret-Ved" or not verdi.startswith(f"{nr} "):
            continue
        dag, _, sak = verdi.removeprefix(f"{nr} ").partition(" sak ")
        return f"{_dato_tekst(dag)}, sak {sak}: vedtatt med endringer"
    vedtatt = endret.vedtatt().get(nr)
    if vedtatt is None:
        return "–"
    dag, _, sak = vedtatt.partition(" sak ")
    return f"{_dato_tekst(dag)}, sak {sak}"


def _dato_tekst(iso: str) -> str:
    try:
        return dato(dt.date.fromisoformat(iso))
    except ValueError:
        return iso


DATO = re.compile(r"\d{4}-\d{2}-\d{2}")


def samme_periode(hendelser: list, forrige: object, ny: dt.date) -> bool:
    """Whether an agreement's summary made for the reference date `forrige` holds for `ny`: its
    status and register rows compare the date only with its own events' legal dates (entry into
    force, termination), so they can change only where the date passes one of them or the day
    after (a comparison may be strict or not). Every date in every trailer counts, to be safe."""
    try:
        gammel = dt.date.fromisoformat(str(forrige))
    except ValueError:
        return False
    lo, hi = sorted((gammel, ny))
    dag = dt.timedelta(days=1)
    for e in hendelser:
        for tekst in [str(e.juridisk_dato), *(verdi for _, verdi in e.trailere)]:
            for funnet in DATO.findall(tekst):
                try:
                    d = dt.date.fromisoformat(funnet)
                except ValueError:
                    continue
                if lo < d <= hi or lo < d + dag <= hi:
                    return False
    return True
