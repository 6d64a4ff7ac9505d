"""Process rules on the calendar, consultation and saksframlegg (ids and participants too)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from avtaleflyt.prosess.brudd import Brudd, brudd
from avtaleflyt.prosess.frister import POLITISK_BEHANDLING
from avtaleflyt.prosess.kalender import trekk_virkedager, virkedager_mellom
from avtaleflyt.prosess.kontekst import Kontekst, iso, kort
from avtaleflyt.prosess.kontroll_felles import sjekk_deltaker, sjekk_fremtid, sjekk_mote_ref
from schemas.prosess import ORGAN_NAVN, TEMA_16_5

_LISTER = (
    "moter",
    "drofting",
    "saksframlegg",
    "vedtak",
    "signaturer",
    "delegering",
    "melding_statsforvalter",
    "ikrafttredelse",
    "opphor",
)


def sjekk_id(k: Kontekst) -> list[Brudd]:
    out = []
    if k.avtale is not None and k.prosess.avtale != k.avtale.id:
        out.append(
            brudd(
                "PROSESS-ID",
                ("avtale",),
                f"prosessen gjelder «{k.prosess.avtale}», men avtalen i samme mappe har id «{k.avtale.id}»",
            )
        )
    seen: dict[str, str] = {}
    for liste in _LISTER:
        for i, post in enumerate(getattr(k.prosess, liste)):
            if post.id in seen:
                out.append(
                    brudd(
                        "PROSESS-ID",
                        (liste, i, "id"),
                        f"id «{post.id}» er allerede brukt ({seen[post.id]}); hver post trenger en egen id",
                    )
                )
            else:
                seen[post.id] = f"{liste}.{i}"
    return out


def sjekk_moter(k: Kontekst) -> list[Brudd]:
    out = []
    for i, m in enumerate(k.prosess.moter):
        for j, nr in enumerate(m.kommuner):
            out += sjekk_deltaker(k, nr, ("moter", i, "kommuner", j), f"møtet «{m.id}»")
        andre = [nr for nr in m.kommuner if not k.vedtaksorgan(m.organ, nr)]
        if m.behandling == "vedtak" and not m.avlyst and andre:
            out.append(
                brudd(
                    "PROSESS-KOMMUNESTYRET-SELV",
                    ("moter", i, "behandling"),
                    f"møtet «{m.id}» i {ORGAN_NAVN[m.organ]} kan ikke vedta avtalen; bare "
                    f"{k.organer(andre)} selv kan det. Sett behandling: innstilling",
                    k.hjemmel_ks,
                )
            )
    return out


def sjekk_drofting(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    inn = k.prosess.innstillinger
    for i, d in enumerate(k.prosess.drofting):
        out += sjekk_fremtid(k, d.dato, ("drofting", i, "dato"), f"drøftingsmøtet «{d.id}»")
        for j, nr in enumerate(d.kommuner):
            out += sjekk_deltaker(k, nr, ("drofting", i, "kommuner", j), f"drøftingsmøtet «{d.id}»")
        if not d.protokoll:
            out.append(
                brudd(
                    "PROSESS-DROFTING-PROTOKOLL",
                    ("drofting", i),
                    f"drøftingsmøtet «{d.id}» {iso(d.dato)} har ingen protokoll; før opp "
                    "protokollens dokumentreferanse i «protokoll»",
                )
            )
    if k.avtale is None:
        return out
    ansatte = getattr(k.avtale, "ansatte", None)
    overforing = inn.virksomhetsoverdragelse or bool(ansatte is not None and ansatte.overforing)
    for nr in k.drofting_kommuner():
        if overforing:
            records = [(i, d) for i, d in enumerate(k.prosess.drofting) if nr in d.kommuner]
            dekket = {t for _, d in records for t in d.tema}
            mangler = [TEMA_16_5[t] for t in TEMA_16_5 if t not in dekket]
            if mangler and records:
                out.append(
                    brudd(
                        "PROSESS-DROFTING-TEMA",
                        ("drofting", records[-1][0], "tema"),
                        f"drøftingen i {k.kommunenavn(nr)} dekker ikke: {'; '.join(mangler)}",
                    )
                )
        moter = k.behandlende_moter(nr)
        if not moter:
            continue
        mi, forste = moter[0]
        if k.gjennomfort_drofting(nr, forste.dato):
            continue
        if forste.dato <= k.at:
            senere = k.gjennomfort_drofting(nr)
            etter = f" (drøftet først {iso(senere[0].dato)})" if senere else ""
            out.append(
                brudd(
                    "PROSESS-DROFTING-FOR-BEHANDLING",
                    ("moter", mi),
                    f"{k.organnavn(nr, forste.organ)} behandlet saken {iso(forste.dato)} (møtet "
                    f"«{forste.id}») før drøfting med tillitsvalgte i {k.kommunenavn(nr)} var "
                    f"gjennomført{etter}",
                )
            )
            continue
        n = inn.drofting_varsel_virkedager
        varsel = trekk_virkedager(forste.dato, n)
        if k.at >= varsel:
            igjen = virkedager_mellom(k.at, forste.dato)
            out.append(
                brudd(
                    "PROSESS-DROFTING-VARSEL",
                    ("moter", mi),
                    f"drøfting med tillitsvalgte i {k.kommunenavn(nr)} er ikke gjennomført; første "
                    f"politiske behandling er {k.organnavn(nr, forste.organ)} {iso(forste.dato)}, "
                    f"om {igjen} virkedager (varsel fra {n} virkedager før)",
                )
            )
    return out


def sjekk_saksframlegg(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    registrert = defaultdict(list)
    for i, s in enumerate(k.prosess.saksframlegg):
        hva = f"saksframlegget «{s.id}»"
        out += sjekk_fremtid(k, s.dato, ("saksframlegg", i, "dato"), hva)
        out += sjekk_deltaker(k, s.kommune, ("saksframlegg", i, "kommune"), hva)
        feil, m = sjekk_mote_ref(k, s.mote, s.kommune, ("saksframlegg", i), hva)
        out += feil
        if m is None:
            continue
        if s.dato <= k.at:
            registrert[(m.id, s.kommune)].append(s)
        for_drofting = not k.gjennomfort_drofting(s.kommune, s.dato + dt.timedelta(days=1))
        if (
            k.avtale is not None
            and m.behandling in POLITISK_BEHANDLING
            and s.kommune in k.drofting_kommuner()
            and for_drofting
        ):
            out.append(
                brudd(
                    "PROSESS-DROFTING-SAKSFRAMLEGG",
                    ("saksframlegg", i, "dato"),
                    f"{hva} til «{m.id}» ble sendt {iso(s.dato)}, før drøftingen med tillitsvalgte i "
                    f"{k.kommunenavn(s.kommune)} var protokollført",
                )
            )
        frist = k.saksframlegg_frist(m, s.kommune)
        if s.dato > frist:
            out.append(
                brudd(
                    "PROSESS-SAKSFRAMLEGG-FRIST",
                    ("saksframlegg", i, "dato"),
                    f"{hva} til «{m.id}» ({iso(m.dato)}) kom {iso(s.dato)}, etter fristen {iso(frist)}",
                )
            )
        if k.avtale is not None and m.dato >= k.at and s.avtale_hash != k.hash:
            out.append(
                brudd(
                    "PROSESS-SAMME-TEKST",
                    ("saksframlegg", i, "avtale_hash"),
                    f"{hva} til «{m.id}» har teksten {kort(s.avtale_hash)} (versjon {s.versjon}), ikke "
                    f"gjeldende versjon {k.avtale.versjon} ({kort(k.hash)}); send ut ny tekst",
                )
            )
    if k.avtale is None:
        return out
    for i, m in enumerate(k.prosess.moter):
        if m.avlyst or m.behandling not in POLITISK_BEHANDLING or m.dato < k.at:
            continue
        for nr in m.kommuner:
            if nr not in k.deltakere or registrert.get((m.id, nr)):
                continue
            if k.vedtatt(nr, k.hash or ""):
                continue
            frist = k.saksframlegg_frist(m, nr)
            if k.at > frist:
                out.append(
                    brudd(
                        "PROSESS-SAKSFRAMLEGG-FRIST",
                        ("moter", i),
                        f"fristen for saksframlegg fra {k.kommunenavn(nr)} til «{m.id}» "
                        f"({iso(m.dato)}) var {iso(frist)}; ingen saksframlegg er registrert",
                    )
                )
    return out
