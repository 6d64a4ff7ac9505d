"""The six cooperation forms, one model each, with the items their law requires (`lovkrav`)."""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from schemas.avtale.deltakere import Deltaker
from schemas.avtale.grunn import lovkrav, tom_liste, valgfri
from schemas.avtale.klausuler import FellesKlausuler, Opplosning, Uttreden
from schemas.avtale.okonomi import (
    EierandelEtterInnbyggertall,
    InnskuddPerInnbygger,
    Laaneadgang,
    Okonomi,
)
from schemas.avtale.organer import Myndighet, Nemnd, Oppgave, Representantskap, Styre
from schemas.felles import Deltakernummer, KommuneEllerFylkesnummer, Kommunenummer, Tekst


class Vertskommune(FellesKlausuler):
    """Administrativt vertskommunesamarbeid (kommuneloven § 20-2)."""

    type: Literal["vertskommune"]
    deltakere: list[Deltaker] = Field(
        default_factory=tom_liste,
        description="Deltakerne, vertskommunen medregnet",
        json_schema_extra={"lovkrav": "KL-20-4-A"},
    )
    vertskommune: Deltakernummer | None = lovkrav(
        "KL-20-4-B", "Hvilken deltaker som er vertskommune"
    )
    oppgaver: list[Oppgave] | None = lovkrav("KL-20-4-C", "Oppgavene som legges til vertskommunen")
    myndighet: Myndighet | None = lovkrav("KL-20-4-C", "Myndigheten som legges til vertskommunen")
    overforingsdato: dt.date | None = lovkrav("KL-20-4-D", "Når oppgavene og myndigheten overføres")
    underretning: Tekst | None = lovkrav(
        "KL-20-4-E", "Hvilke vedtak vertskommunen skal underrette deltakerne om"
    )
    okonomi: Okonomi | None = lovkrav("KL-20-4-F", "Økonomisk oppgjør mellom deltakerne")
    uttreden: Uttreden | None = lovkrav("KL-20-4-G", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav("KL-20-4-H", "Hvordan samarbeidet oppløses")
    andre_lovkrav: list[Tekst] | None = lovkrav(
        "KL-20-4-I", "Bestemmelser annen lov krever i avtalen; tom liste når ingen"
    )
    instruksjon: Tekst | None = valgfri("Deltakernes instruksjonsrett (kl. § 20-2 fjerde ledd)")
    statsforvalter_underrettes: Tekst | None = valgfri("Melding til statsforvalteren (kl. § 20-4)")
    ansvar_og_forsikring: Tekst | None = valgfri(
        "Vertskommunens ansvar overfor samarbeidskommunene og tredjepersoner, og forsikringene"
    )


class VertskommuneNemnd(Vertskommune):
    """Vertskommunesamarbeid med felles folkevalgt nemnd (kommuneloven § 20-3)."""

    type: Literal["vertskommune_nemnd"]  # type: ignore[assignment]
    nemnd: Nemnd | None = lovkrav("KL-20-4-NEMND", "Nemndas sammensetning: medlemmer per deltaker")


class KommunaltOppgavefellesskap(FellesKlausuler):
    """Kommunalt oppgavefellesskap (kommuneloven kapittel 19)."""

    type: Literal["kommunalt_oppgavefellesskap"]
    navn: Tekst | None = lovkrav("KL-19-4-A", "Oppgavefellesskapets navn")
    eget_rettssubjekt: bool | None = lovkrav("KL-19-4-B", "Om fellesskapet er eget rettssubjekt")
    representantskap: Representantskap | None = lovkrav(
        "KL-19-4-C", "Antall medlemmer i representantskapet per deltaker"
    )
    oppgaver: list[Oppgave] | None = lovkrav("KL-19-4-D", "Oppgavene fellesskapet skal løse")
    myndighet: Myndighet | None = lovkrav("KL-19-4-D", "Myndighet som legges til fellesskapet")
    innskuddsplikt: Tekst | None = lovkrav("KL-19-4-E", "Innskuddsplikt og andre ytelser")
    laaneadgang: Laaneadgang | None = lovkrav("KL-19-4-G", "Om fellesskapet kan ta opp lån")
    rapportering: Tekst | None = lovkrav(
        "KL-19-4-H", "Hva fellesskapet skal rapportere til deltakerne"
    )
    uttreden: Uttreden | None = lovkrav("KL-19-4-I", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav(
        "KL-19-4-J", "Oppløsning, herunder hvem som overtar arkivet"
    )
    kontorkommune: KommuneEllerFylkesnummer | None = valgfri(
        "Kontorkommune eller -fylkeskommune (regnskap og arkiv)"
    )
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")
    styre: Styre | None = valgfri(
        "Styre som representantskapet oppretter og velger selv (kl. § 19-3 siste ledd)"
    )

    DELTAKERKRAV: ClassVar[dict[str, str]] = {"eierandel": "KL-19-4-F"}


class InterkommunaltPolitiskRad(FellesKlausuler):
    """Interkommunalt politisk råd (kommuneloven kapittel 18)."""

    type: Literal["interkommunalt_politisk_rad"]
    navn: Tekst | None = lovkrav("KL-18-4-A", "Rådets navn")
    eget_rettssubjekt: bool | None = lovkrav("KL-18-4-B", "Om rådet er eget rettssubjekt")
    representantskap: Representantskap | None = lovkrav(
        "KL-18-4-C", "Antall medlemmer i representantskapet per deltaker"
    )
    saksomrader: list[Tekst] | None = lovkrav("KL-18-4-D", "Hvilke saker rådet kan behandle")
    myndighet: Myndighet | None = lovkrav("KL-18-4-E", "Myndighet som legges til rådet")
    uttreden: Uttreden | None = lovkrav("KL-18-4-G", "Hvordan en deltaker kan tre ut")
    opplosning: Opplosning | None = lovkrav(
        "KL-18-4-H", "Oppløsning, herunder hvem som overtar arkivet"
    )
    kontorkommune: KommuneEllerFylkesnummer | None = valgfri(
        "Kontorkommune eller -fylkeskommune (regnskap og arkiv)"
    )
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")
    styre: Styre | None = valgfri(
        "Arbeidsutvalg eller styre som representantskapet oppretter og velger selv "
        "(kl. § 18-3 siste ledd)"
    )

    DELTAKERKRAV: ClassVar[dict[str, str]] = {"eierandel": "KL-18-4-F"}


class Iks(FellesKlausuler):
    """Interkommunalt selskap: selskapsavtale etter IKS-loven § 4."""

    type: Literal["iks"]
    navn: Tekst | None = lovkrav("IKSL-4-NAVN", "Selskapets foretaksnavn")
    deltakere: list[Deltaker] = Field(
        default_factory=tom_liste,
        description="Deltakerne i selskapet",
        json_schema_extra={"lovkrav": "IKSL-4-DELTAKERE"},
    )
    formaal: Tekst | None = lovkrav("IKSL-4-FORMAAL", "Selskapets formål")
    hovedkontor: Kommunenummer | None = lovkrav(
        "IKSL-4-HOVEDKONTOR", "Kommunen der selskapet har hovedkontor"
    )
    representantskap: Representantskap | None = lovkrav(
        "IKSL-4-REPRESENTANTSKAP", "Antall medlemmer i representantskapet per deltaker"
    )
    innskudd_per_innbygger: InnskuddPerInnbygger | None = valgfri(
        "Innskuddsplikten som et beløp per innbygger, likt for alle deltakerne (i stedet for "
        "innskudd i kroner per deltaker)"
    )
    eierandel_etter: EierandelEtterInnbyggertall | None = valgfri(
        "Når eierandelene følger folketallet: hvilket folketall de fastsettes etter (ett år, eller "
        "på nytt hvert valgår); andelene i deltakere er de avtalen selv oppgir"
    )
    styre: Styre | None = valgfri("Styrets sammensetning")
    oppgaver: list[Oppgave] | None = valgfri("Selskapets oppgaver")
    myndighet: Myndighet | None = valgfri("Myndighet lagt til selskapet (bare med særlovshjemmel)")
    laaneadgang: Laaneadgang | None = valgfri("Låneadgang og øvre låneramme")
    okonomi: Okonomi | None = valgfri("Budsjett og kostnadsfordeling")
    uttreden: Uttreden | None = valgfri("Uttreden (IKS-loven § 30)")
    opplosning: Opplosning | None = valgfri("Oppløsning (IKS-loven § 32)")
    daglig_leder: Tekst | None = valgfri("Hvem som ansetter daglig leder, og daglig leders ansvar")
    budsjett_og_okonomiplan: Tekst | None = valgfri(
        "Hvem som vedtar årsbudsjett og økonomiplan, og når deltakerne får forslaget"
    )
    utvidet_egenregi: bool | None = valgfri(
        "Om deltakerne skal kunne kjøpe fra selskapet som utvidet egenregi (selskapet yter "
        "tjenester bare til deltakerne, som kontrollerer det i fellesskap)"
    )

    DELTAKERKRAV: ClassVar[dict[str, str]] = {
        "eierandel": "IKSL-4-EIERANDEL",
        "innskudd": "IKSL-4-INNSKUDD",
    }


class Samarbeidsavtale(FellesKlausuler):
    """Annet samarbeid etter kommuneloven § 17-1, f.eks. et fagnettverk, uten delegert myndighet."""

    type: Literal["samarbeidsavtale"]
    oppgaver: list[Oppgave] | None = valgfri("Hva samarbeidet omfatter")
    myndighet: Myndighet | None = valgfri("Myndighet (en samarbeidsavtale kan ikke delegere)")
    okonomi: Okonomi | None = valgfri("Kostnadsfordeling")
    uttreden: Uttreden | None = valgfri("Uttreden og oppsigelse")
    opplosning: Opplosning | None = valgfri("Avslutning av samarbeidet")
