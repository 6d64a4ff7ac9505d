"""Process rules on decisions, signatures, the vertskommune steps and entry into force."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from avtaleflyt.prosess import fakta
from avtaleflyt.prosess.brudd import Brudd, Sti, brudd, hjemmel_til
from avtaleflyt.prosess.fakta import ADOPTING
from avtaleflyt.prosess.frister import tidligste_vedtak
from avtaleflyt.prosess.kontekst import Kontekst, iso, kort, moteord
from avtaleflyt.prosess.kontroll_felles import sjekk_deltaker, sjekk_fremtid, sjekk_mote_ref
from schemas.prosess import ORGAN_NAVN, Saksframlegg, Signatur, Vedtak
from schemas.regler import VERTSKOMMUNETYPER


def sjekk_vedtak(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    per_mote: dict[tuple[str, str], list[tuple[int, Vedtak]]] = defaultdict(list)
    ids = {v.id: v for v in k.prosess.vedtak}
    for i, v in enumerate(k.prosess.vedtak):
        sti: Sti = ("vedtak", i)
        hva = f"vedtaket «{v.id}» ({k.organnavn(v.kommune, v.organ)})"
        out += sjekk_fremtid(k, v.motedato, sti + ("motedato",), hva)
        out += sjekk_deltaker(k, v.kommune, sti + ("kommune",), hva)
        feil, _ = sjekk_mote_ref(
            k,
            v.mote,
            v.kommune,
            sti,
            hva,
            v.organ,
            v.motedato,
            vedtar=v.utfall in ADOPTING and k.vedtaksorgan(v.organ, v.kommune),
        )
        out += feil
        if v.utfall in ADOPTING and not k.vedtaksorgan(v.organ, v.kommune):
            eget = k.eget_organ(v.kommune)
            out.append(
                brudd(
                    "PROSESS-KOMMUNESTYRET-SELV",
                    sti + ("organ",),
                    f"{hva} er en innstilling, ikke vedtak av avtalen: bare {eget} selv kan "
                    f"vedta den. Registrer utfall: innstilling, og {eget}s "
                    "vedtak for seg",
                    k.hjemmel_ks,
                )
            )
        out += _tilslutning(v, sti, hva)
        if k.avtale is not None:
            if v.versjon > k.avtale.versjon:
                out.append(
                    brudd(
                        "PROSESS-VEDTAK-FOR-VERSJON",
                        sti + ("versjon",),
                        f"{hva} gjelder versjon {v.versjon}, men avtalen er bare i versjon {k.avtale.versjon}",
                    )
                )
            elif (
                v.versjon == k.avtale.versjon
                and k.avtale.versjonsdato is not None
                and v.motedato < k.avtale.versjonsdato
            ):
                out.append(
                    brudd(
                        "PROSESS-VEDTAK-FOR-VERSJON",
                        sti + ("motedato",),
                        f"{hva} er datert {iso(v.motedato)}, men versjon {v.versjon} ble laget "
                        f"{iso(k.avtale.versjonsdato)}; et vedtak kan ikke gjelde en tekst som ikke fantes",
                    )
                )
        if v.korrigerer is not None:
            first = ids.get(v.korrigerer)
            if first is None or first is v:
                out.append(
                    brudd(
                        "PROSESS-DUPLIKAT",
                        sti + ("korrigerer",),
                        f"{hva} retter «{v.korrigerer}», men det finnes ikke noe annet vedtak med den id-en",
                    )
                )
            elif (first.kommune, first.mote) != (v.kommune, v.mote):
                out.append(
                    brudd(
                        "PROSESS-DUPLIKAT",
                        sti + ("korrigerer",),
                        f"{hva} retter «{first.id}», som gjelder et annet møte eller en annen kommune",
                    )
                )
        per_mote[(v.kommune, v.mote)].append((i, v))
    for (_, _), poster in per_mote.items():
        forste_i, forste = poster[0]
        for i, v in poster[1:]:
            tidligere = {p.id for _, p in poster if p is not v}
            if v.korrigerer in tidligere:
                continue
            out.append(
                brudd(
                    "PROSESS-DUPLIKAT",
                    ("vedtak", i),
                    f"{k.organnavn(v.kommune, v.organ)} har allerede et vedtak fra møtet «{v.mote}» "
                    f"(«{forste.id}», vedtak.{forste_i}); en retting må ha korrigerer: {forste.id}",
                )
            )
    if k.avtale is not None:
        krav = fakta.ma_behandle(k.tekst, k.prosess, k.at) if k.tekst is not None else []
        for i, v in k.avvikende_vedtak():
            if v.utfall == "vedtatt_med_endringer":
                hva = f"{k.organnavn(v.kommune, v.organ)} vedtok versjon {v.versjon} med endringer {iso(v.motedato)}"
            else:
                hva = (
                    f"{k.organnavn(v.kommune, v.organ)} vedtok {iso(v.motedato)} teksten "
                    f"{kort(v.avtale_hash)}, ikke versjon {k.avtale.versjon} ({kort(k.hash)})"
                )
            navn = ", ".join(k.organnavn(b.kommune, b.organ) for b in krav)
            out.append(
                brudd(
                    "PROSESS-SAMME-TEKST",
                    (
                        "vedtak",
                        i,
                        "utfall" if v.utfall == "vedtatt_med_endringer" else "avtale_hash",
                    ),
                    f"{hva}. Avtalen må få versjon {k.avtale.versjon + 1}, og disse må vedta den: {navn}",
                )
            )
    return out + _innstillinger_pa_annen_tekst(k)


def _saksframlegg_til(k: Kontekst, v: Vedtak) -> Saksframlegg | None:
    """The latest saksframlegg the municipality sent to the meeting of `v`, if one is recorded."""
    sendt = [s for s in k.prosess.saksframlegg if s.mote == v.mote and s.kommune == v.kommune]
    return max(sendt, key=lambda s: s.dato) if sendt else None


def _innstillinger_pa_annen_tekst(k: Kontekst) -> list[Brudd]:
    """A preparing body's latest innstilling on the current version number whose text is not the
    current text, or not the text its meeting was sent (PROSESS-INNSTILLING-TEKST). Only while the
    municipality's own council has not adopted the current text: after that the innstilling is
    history, and a warning on every later check would tell the clerk nothing to do."""
    if k.avtale is None or not k.hash:
        return []
    siste: dict[tuple[str, str], tuple[int, Vedtak]] = {}
    for i, v in fakta.effektive_vedtak(k.prosess, k.at):
        if v.utfall != "innstilling" or v.versjon != k.avtale.versjon:
            continue
        forrige = siste.get((v.kommune, v.organ))
        if forrige is None or v.motedato >= forrige[1].motedato:
            siste[(v.kommune, v.organ)] = (i, v)
    out: list[Brudd] = []
    for i, v in sorted(siste.values(), key=lambda p: p[0]):
        if k.vedtatt(v.kommune, k.hash):
            continue
        sf = _saksframlegg_til(k, v)
        hva = (
            f"innstillingen «{v.id}» ({k.organnavn(v.kommune, v.organ)} {iso(v.motedato)}, "
            f"møte «{v.mote}»)"
        )
        eget = k.eget_organ(v.kommune)
        if v.avtale_hash != k.hash:
            kilde = (
                f", den teksten saksframlegget «{sf.id}» til møtet hadde"
                if sf is not None and sf.avtale_hash == v.avtale_hash
                else ""
            )
            melding = (
                f"{hva} gjelder teksten {kort(v.avtale_hash)}{kilde}, ikke gjeldende versjon "
                f"{k.avtale.versjon} ({kort(k.hash)}) som {eget} skal vedta. Legg gjeldende tekst "
                f"fram for ny innstilling, eller si i saksframlegget til {eget} at innstillingen "
                "gjaldt en annen tekst"
            )
        elif sf is not None and sf.avtale_hash != v.avtale_hash:
            melding = (
                f"{hva} er registrert på gjeldende tekst {kort(v.avtale_hash)}, men saksframlegget "
                f"«{sf.id}» til møtet hadde teksten {kort(sf.avtale_hash)} (versjon {sf.versjon}); "
                "organet innstilte på teksten det fikk. Rett posten (korrigerer) eller legg "
                "gjeldende tekst fram for ny innstilling"
            )
        else:
            continue
        out.append(brudd("PROSESS-INNSTILLING-TEKST", ("vedtak", i, "avtale_hash"), melding))
    return out


def _tilslutning(v: Vedtak, sti: Sti, hva: str) -> list[Brudd]:
    """An IKS participant's representantskap without every member's support (IKS-loven § 4)."""
    if not fakta.mangler_tilslutning(v) or v.votering is None:
        return []
    return [
        brudd(
            "PROSESS-IKS-DELTAKER-TILSLUTNING",
            sti + ("votering",),
            f"{hva} vedtok med {v.votering.mot or 0} mot og {v.votering.avholdende or 0} "
            "avholdende; for et interkommunalt selskap som deltaker krever vedtaket "
            "tilslutning fra samtlige medlemmer av representantskapet, med mindre "
            "selskapsavtalen for det deltakende selskapet fastsetter noe annet",
        )
    ]


def sjekk_signaturer(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    seen: dict[tuple[str, str], tuple[int, Any]] = {}
    ids = {s.id for s in k.prosess.signaturer}
    for i, s in enumerate(k.prosess.signaturer):
        sti: Sti = ("signaturer", i)
        hva = f"signaturen «{s.id}» ({k.kommunenavn(s.kommune)})"
        out += sjekk_fremtid(k, s.dato, sti + ("dato",), hva)
        out += sjekk_deltaker(k, s.kommune, sti + ("kommune",), hva)
        if s.rolle.strip().lower() != "ordfører" and not s.fullmakt:
            out.append(
                brudd(
                    "PROSESS-SIGNATUR-FULLMAKT",
                    sti + ("rolle",),
                    f"{hva}: {s.navn} signerer som {s.rolle}; oppgi fullmakten i «fullmakt»",
                )
            )
        if k.avtale is not None:
            vedtak = k.vedtatt(s.kommune, s.avtale_hash)
            if vedtak is None or vedtak.motedato > s.dato:
                out.append(
                    brudd(
                        "PROSESS-SIGNATUR-FOR-VEDTAK",
                        sti + ("avtale_hash",),
                        f"{hva} {iso(s.dato)}: {k.eget_organ(s.kommune)} har ikke vedtatt teksten "
                        f"{kort(s.avtale_hash)}"
                        + (f" før {iso(vedtak.motedato)}" if vedtak is not None else ""),
                    )
                )
            else:
                out += _signatur_for_alle(k, sti, s, hva)
        key = (s.kommune, s.avtale_hash)
        if key in seen and s.korrigerer is None:
            fi, first = seen[key]
            out.append(
                brudd(
                    "PROSESS-DUPLIKAT",
                    sti,
                    f"{k.kommunenavn(s.kommune)} har allerede signert denne teksten («{first.id}», "
                    f"signaturer.{fi}); en retting må ha korrigerer: {first.id}",
                )
            )
        elif s.korrigerer is not None and (s.korrigerer not in ids or s.korrigerer == s.id):
            out.append(
                brudd(
                    "PROSESS-DUPLIKAT",
                    sti + ("korrigerer",),
                    f"{hva} retter «{s.korrigerer}», men det finnes ingen annen signatur med den id-en",
                )
            )
        seen.setdefault(key, (i, s))
    return out


def _signatur_for_alle(k: Kontekst, sti: Sti, s: Signatur, hva: str) -> list[Brudd]:
    """A signature given after the own council adopted the text, while another participant's
    council has not (yet) adopted that text: the agreement is not concluded until each has
    (PROSESS-SIGNATUR-FOR-ALLE-VEDTAK, a warning: the signature itself is lawful)."""
    mangler = [nr for nr in k.deltakere if k.vedtatt(nr, s.avtale_hash) is None]
    if not mangler:
        return []
    navn = ", ".join(k.organnavn(nr, fakta.vedtaksorgan(nr)) for nr in mangler)
    return [
        brudd(
            "PROSESS-SIGNATUR-FOR-ALLE-VEDTAK",
            sti + ("avtale_hash",),
            f"{hva} {iso(s.dato)} gjelder teksten {kort(s.avtale_hash)}, som ikke er vedtatt av "
            f"{navn} per {iso(k.at)}. Avtalen er inngått først når hver deltaker har vedtatt den "
            "samme teksten; vedtar en av dem endringer, gjelder signaturen en tekst som ikke "
            "blir avtalen",
        )
    ]


def sjekk_vertskommune(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    p = k.prosess
    for i, d in enumerate(p.delegering):
        hva = f"delegeringsvedtaket «{d.id}»"
        out += sjekk_fremtid(k, d.dato, ("delegering", i, "dato"), hva)
        out += sjekk_deltaker(k, d.kommune, ("delegering", i, "kommune"), hva)
        feil, m = sjekk_mote_ref(k, d.mote, d.kommune, ("delegering", i), hva)
        out += feil
        if m is not None and m.organ != fakta.delegeringsorgan(d.kommune):
            out.append(
                brudd(
                    "PROSESS-KOMMUNESTYRET-SELV",
                    ("delegering", i, "mote"),
                    f"{hva} ble gjort i {ORGAN_NAVN[m.organ]}; {k.eget_organ(d.kommune)} selv skal "
                    "vedta delegeringen",
                    hjemmel_til("PROSESS-DELEGERING"),  # the delegation is the council's own
                )
            )
        if m is not None and d.dato != m.dato:
            out.append(
                brudd(
                    "PROSESS-KALENDER",
                    ("delegering", i, "dato"),
                    f"{hva}: dato {iso(d.dato)} stemmer ikke med møtet «{m.id}» ({iso(m.dato)})",
                )
            )
    for i, s in enumerate(p.melding_statsforvalter):
        out += sjekk_fremtid(
            k, s.dato, ("melding_statsforvalter", i, "dato"), f"meldingen «{s.id}»"
        )
    if k.avtale is None or k.type not in VERTSKOMMUNETYPER or not k.alle_vedtatt(k.hash):
        return out
    mangler = fakta.delegering_mangler(k.avtale, p, k.at)
    if mangler:
        out.append(
            brudd(
                "PROSESS-DELEGERING",
                ("delegering",),
                "avtalen er vedtatt, men delegeringsvedtaket mangler for "
                + ", ".join(k.organnavn(n, fakta.delegeringsorgan(n)) for n in mangler),
            )
        )
    if not fakta.melding_sendt(p, k.at):
        vert = getattr(k.avtale, "vertskommune", None)
        fra = k.kommunenavn(vert) if vert else "vertskommunen"
        out.append(
            brudd(
                "PROSESS-STATSFORVALTER",
                ("melding_statsforvalter",),
                f"avtalen er vedtatt i alle {k.alle_organer()}; {fra} har ikke registrert melding til "
                f"{fakta.meldingsmottaker(vert)}",
            )
        )
    return out


def sjekk_ikraft(k: Kontekst) -> list[Brudd]:
    out: list[Brudd] = []
    if k.avtale is None or k.tekst is None:
        return out
    mal = k.avtale.ikrafttredelse.dato if k.avtale.ikrafttredelse is not None else None
    if mal is not None and mal >= k.at and not k.alle_vedtatt(k.hash) and k.prosess.moter:
        tidligst, uten = tidligste_vedtak(k.tekst, k.prosess, k.at)
        if uten:
            out.append(
                brudd(
                    "PROSESS-IKRAFT-KALENDER",
                    ("moter",),
                    f"avtalen skal tre i kraft {iso(mal)}, men kalenderen har ikke noe kommende "
                    f"{moteord(uten)} som vedtar den for "
                    + ", ".join(k.kommunenavn(n) for n in uten),
                )
            )
        elif tidligst is not None and tidligst > mal:
            out.append(
                brudd(
                    "PROSESS-IKRAFT-KALENDER",
                    ("moter",),
                    f"avtalen skal tre i kraft {iso(mal)}, men siste vedtak i "
                    f"{k.organer()} etter møteplanen kan først komme {iso(tidligst)}",
                )
            )
    for i, r in enumerate(k.prosess.ikrafttredelse):
        if not k.alle_vedtatt(r.avtale_hash) and r.dato <= k.at:
            out.append(
                brudd(
                    "PROSESS-IKRAFT",
                    ("ikrafttredelse", i),
                    f"ikrafttredelse {iso(r.dato)} for versjon {r.versjon}, men ikke alle "
                    f"{k.organer()} har vedtatt denne teksten",
                )
            )
    return out
