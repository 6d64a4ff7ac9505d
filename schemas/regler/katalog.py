"""Regelkatalogen: hver regel har id, alvorlighet, norsk melding og lovhjemmel.

Lovteksten er kontrollert mot kommuneloven slik den ble vedtatt (LOV-2018-06-22-83) og mot
Lovdatas tekst av IKS-loven §§ 1-4 annet ledd; se docs/lovgrunnlag.md. Regler med
`verifisert=False` bygger på en hjemmel som ikke kunne leses i kilden, og er merket slik i
den utskrevne katalogen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

KL = "kommuneloven"
IKSL = "IKS-loven"
FNL = "foretaksnavneloven"

VK = "vertskommune"
VKN = "vertskommune_nemnd"
KO = "kommunalt_oppgavefellesskap"
IPR = "interkommunalt_politisk_rad"
IKS = "iks"
SA = "samarbeidsavtale"

ALLE_TYPER: frozenset[str] = frozenset({VK, VKN, KO, IPR, IKS, SA})
VERTSKOMMUNETYPER: frozenset[str] = frozenset({VK, VKN})

_LEDD_ORD = {
    1: "første",
    2: "annet",
    3: "tredje",
    4: "fjerde",
    5: "femte",
    6: "sjette",
    7: "sjuende",
    8: "åttende",
}


@dataclass(frozen=True, slots=True)
class Hjemmel:
    """Lovhjemmel: lov, paragraf, ledd og bokstav (eller nummer).

    `paragraf` er uten paragraftegn («20-4», eller «18-1, 19-1» for flere paragrafer);
    `ledd` er ordet («tredje»); `bokstav` er bokstaven («c») eller et nummer («nr. 3»).
    """

    lov: str
    paragraf: str
    ledd: str | None = None
    bokstav: str | None = None

    def __str__(self) -> str:
        flere = "," in self.paragraf or " og " in self.paragraf
        tekst = f"{self.lov} {'§§' if flere else '§'} {self.paragraf}"
        if self.ledd:
            tekst += f" {self.ledd} ledd"
        if self.bokstav:
            tekst += self.bokstav if self.bokstav.startswith(" ") else f" bokstav {self.bokstav}"
        return tekst


@dataclass(frozen=True, slots=True)
class Regel:
    id: str
    alvorlighet: Literal["feil", "advarsel"]
    melding: str
    hjemmel: Hjemmel
    forklaring: str
    gjelder: frozenset[str] = field(default=ALLE_TYPER)
    verifisert: bool = True
    """False når hjemmelens ordlyd ikke kunne kontrolleres mot lovteksten (se docs/lovgrunnlag.md)."""

    def __str__(self) -> str:
        return f"{self.id} ({self.hjemmel})"


REGLER: dict[str, Regel] = {}


def _regel(
    id: str,
    alvorlighet: Literal["feil", "advarsel"],
    melding: str,
    hjemmel: Hjemmel,
    forklaring: str,
    gjelder: frozenset[str] | set[str] = ALLE_TYPER,
    verifisert: bool = True,
) -> Regel:
    if id in REGLER:
        raise ValueError(f"regel-id {id} er definert to ganger")
    regel = Regel(id, alvorlighet, melding, hjemmel, forklaring, frozenset(gjelder), verifisert)
    REGLER[id] = regel
    return regel


def _h(lov: str, paragraf: str, ledd: int | None = None, bokstav: str | None = None) -> Hjemmel:
    return Hjemmel(lov, paragraf, _LEDD_ORD[ledd] if ledd else None, bokstav)


# --------------------------------------------------------------------------- obligatorisk innhold
# Kommuneloven § 20-4 tredje ledd: «Samarbeidsavtalen skal inneholde bestemmelser om» a-i.
_V = VERTSKOMMUNETYPER
_regel("KL-20-4-A", "feil", "Avtalen må angi deltakerne i samarbeidet.",
       _h(KL, "20-4", 3, "a"), "Vertskommuneavtalen skal angi deltakerne.", _V)
_regel("KL-20-4-B", "feil", "Avtalen må angi hvem av deltakerne som er vertskommune.",
       _h(KL, "20-4", 3, "b"), "Vertskommuneavtalen skal angi hvem som er vertskommune.", _V)
_regel("KL-20-4-C", "feil",
       "Avtalen må angi hvilke oppgaver og hvilken myndighet som legges til vertskommunen.",
       _h(KL, "20-4", 3, "c"), "Oppgavene og myndigheten som legges til vertskommunen.", _V)
_regel("KL-20-4-D", "feil", "Avtalen må angi når oppgaver og myndighet skal overføres.",
       _h(KL, "20-4", 3, "d"), "Tidspunktet for overføring av oppgaver og myndighet.", _V)
_regel("KL-20-4-E", "feil",
       "Avtalen må angi hvilke av vertskommunens vedtak deltakerne skal underrettes om.",
       _h(KL, "20-4", 3, "e"), "Hvilke vedtak deltakerne skal underrettes om.", _V)
_regel("KL-20-4-F", "feil",
       "Avtalen må angi hvordan det økonomiske oppgjøret mellom samarbeidskommunene og "
       "vertskommunen skal foregå.",
       _h(KL, "20-4", 3, "f"), "Det økonomiske oppgjøret mellom deltakerne og vertskommunen.", _V)
_regel("KL-20-4-G", "feil", "Avtalen må angi hvordan deltakerne kan tre ut av samarbeidet.",
       _h(KL, "20-4", 3, "g"), "Hvordan en deltaker kan tre ut.", _V)
_regel("KL-20-4-H", "feil", "Avtalen må angi hvordan samarbeidet skal oppløses.",
       _h(KL, "20-4", 3, "h"), "Hvordan samarbeidet oppløses.", _V)
_regel("KL-20-4-I", "feil",
       "Avtalen må angi annet som etter lov skal fastsettes i avtale (tom liste når det ikke er noe).",
       _h(KL, "20-4", 3, "i"),
       "Annet som annen lov krever i avtalen; en uttrykkelig tom liste betyr «ingen».", _V)
_regel("KL-20-4-NEMND", "feil",
       "Avtalen må angi hvor mange medlemmer hver deltaker skal ha i nemnda.",
       _h(KL, "20-4", 4), "Antall nemndsmedlemmer per deltaker i avtale med felles nemnd.", {VKN})

# Kommuneloven § 19-4 fjerde ledd: «Samarbeidsavtalen skal fastsette» a-j.
_regel("KL-19-4-A", "feil", "Avtalen må fastsette oppgavefellesskapets navn.",
       _h(KL, "19-4", 4, "a"), "Oppgavefellesskapets navn.", {KO})
_regel("KL-19-4-B", "feil", "Avtalen må fastsette om oppgavefellesskapet er et eget rettssubjekt.",
       _h(KL, "19-4", 4, "b"), "Om oppgavefellesskapet er eget rettssubjekt.", {KO})
_regel("KL-19-4-C", "feil",
       "Avtalen må fastsette hvor mange medlemmer hver deltaker skal ha i representantskapet.",
       _h(KL, "19-4", 4, "c"), "Antall representantskapsmedlemmer per deltaker.", {KO})
_regel("KL-19-4-D", "feil",
       "Avtalen må fastsette hvilke oppgaver og hvilken myndighet som er lagt til oppgavefellesskapet.",
       _h(KL, "19-4", 4, "d"), "Oppgavene og myndigheten som er lagt til fellesskapet.", {KO})
_regel("KL-19-4-E", "feil",
       "Avtalen må fastsette deltakernes innskuddsplikt og plikt til å yte andre bidrag.",
       _h(KL, "19-4", 4, "e"), "Innskuddsplikt og andre bidrag.", {KO})
_regel("KL-19-4-F", "feil", "Avtalen må fastsette hver deltakers eierandel.",
       _h(KL, "19-4", 4, "f"),
       "Eierandel per deltaker, og ansvarsandel når den avviker fra eierandelen.", {KO})
_regel("KL-19-4-G", "feil",
       "Avtalen må fastsette om oppgavefellesskapet skal ha myndighet til å ta opp lån.",
       _h(KL, "19-4", 4, "g"), "Om fellesskapet kan ta opp lån.", {KO})
_regel("KL-19-4-H", "feil",
       "Avtalen må fastsette hva oppgavefellesskapet skal rapportere til deltakerne om.",
       _h(KL, "19-4", 4, "h"), "Rapportering til deltakerne.", {KO})
_regel("KL-19-4-I", "feil", "Avtalen må fastsette hvordan deltakerne kan tre ut.",
       _h(KL, "19-4", 4, "i"), "Hvordan en deltaker kan tre ut.", {KO})
_regel("KL-19-4-J", "feil",
       "Avtalen må fastsette hvordan oppgavefellesskapet skal oppløses, blant annet hvem som har "
       "ansvaret for arkivene etterpå.",
       _h(KL, "19-4", 4, "j"), "Oppløsning, herunder ansvaret for arkivene.", {KO})

# Kommuneloven § 18-4 fjerde ledd: «Samarbeidsavtalen skal fastsette» a-h.
_regel("KL-18-4-A", "feil", "Avtalen må fastsette rådets navn.",
       _h(KL, "18-4", 4, "a"), "Rådets navn.", {IPR})
_regel("KL-18-4-B", "feil", "Avtalen må fastsette om rådet er et eget rettssubjekt.",
       _h(KL, "18-4", 4, "b"), "Om rådet er eget rettssubjekt.", {IPR})
_regel("KL-18-4-C", "feil",
       "Avtalen må fastsette hvor mange medlemmer hver deltaker skal ha i representantskapet.",
       _h(KL, "18-4", 4, "c"), "Antall representantskapsmedlemmer per deltaker.", {IPR})
_regel("KL-18-4-D", "feil", "Avtalen må fastsette hvilke saker rådet skal kunne behandle.",
       _h(KL, "18-4", 4, "d"), "Hvilke saker rådet kan behandle.", {IPR})
_regel("KL-18-4-E", "feil", "Avtalen må fastsette hvilken myndighet som er lagt til rådet.",
       _h(KL, "18-4", 4, "e"), "Myndigheten som er lagt til rådet.", {IPR})
_regel("KL-18-4-F", "feil", "Avtalen må fastsette hver deltakers eierandel.",
       _h(KL, "18-4", 4, "f"),
       "Eierandel per deltaker, og ansvarsandel når den avviker fra eierandelen.", {IPR})
_regel("KL-18-4-G", "feil", "Avtalen må fastsette hvordan deltakerne kan tre ut av rådet.",
       _h(KL, "18-4", 4, "g"), "Hvordan en deltaker kan tre ut.", {IPR})
_regel("KL-18-4-H", "feil",
       "Avtalen må fastsette hvordan rådet skal oppløses, blant annet hvem som har ansvaret for "
       "arkivene etterpå.",
       _h(KL, "18-4", 4, "h"), "Oppløsning, herunder ansvaret for arkivene.", {IPR})

# IKS-loven § 4 tredje ledd: minsteinnholdet. Tredje ledd finnes (annet ledd viser til det),
# men nummereringen og listen kunne ikke leses; ingen nummer angis derfor.
_I = {IKS}
_regel("IKSL-4-NAVN", "feil", "Selskapsavtalen må angi selskapets foretaksnavn.",
       _h(IKSL, "4", 3), "Selskapets foretaksnavn.", _I, verifisert=False)
_regel("IKSL-4-DELTAKERE", "feil", "Selskapsavtalen må angi deltakerne.",
       _h(IKSL, "4", 3), "Deltakerne i selskapet.", _I, verifisert=False)
_regel("IKSL-4-FORMAAL", "feil", "Selskapsavtalen må angi selskapets formål.",
       _h(IKSL, "4", 3), "Selskapets formål.", _I, verifisert=False)
_regel("IKSL-4-HOVEDKONTOR", "feil",
       "Selskapsavtalen må angi hvilken kommune selskapet skal ha sitt hovedkontor i.",
       _h(IKSL, "4", 3), "Kommunen der selskapet har hovedkontor.", _I, verifisert=False)
_regel("IKSL-4-EIERANDEL", "feil", "Selskapsavtalen må angi hver deltakers eierandel.",
       _h(IKSL, "4", 3), "Eierandel per deltaker.", _I, verifisert=False)
_regel("IKSL-4-INNSKUDD", "feil",
       "Selskapsavtalen må angi hver deltakers innskuddsplikt (innskudd i kroner, også 0).",
       _h(IKSL, "4", 3), "Innskuddsplikt per deltaker.", _I, verifisert=False)
_regel("IKSL-4-REPRESENTANTSKAP", "feil",
       "Selskapsavtalen må angi hvor mange medlemmer hver deltaker skal ha i representantskapet.",
       _h(IKSL, "4", 3), "Antall representantskapsmedlemmer per deltaker.", _I, verifisert=False)

# --------------------------------------------------------------------------- deltakere
_regel("KL-DELTAKERE-MINST-TO", "feil",
       "Et interkommunalt samarbeid må ha minst to deltakere.",
       _h(KL, "17-1, 18-1, 19-1 og 20-2", 1),
       "Samarbeidet må ha to eller flere deltakende kommuner eller fylkeskommuner.",
       {VK, VKN, KO, IPR, SA})
_regel("IKSL-1-DELTAKERE-MINST-TO", "feil",
       "Et interkommunalt selskap må ha minst to deltakere.",
       _h(IKSL, "1"), "Et selskap forutsetter mer enn én deltaker (Ot.prp. nr. 53 (1997-98)).",
       _I)
_regel("DELTAKER-DUPLIKAT", "feil",
       "Samme kommune står oppført mer enn én gang som deltaker.",
       _h(KL, "17-1", 1),
       "Hver deltaker er én part og skal stå én gang i deltakerlisten.")
_regel("KOMMUNENUMMER-UGYLDIG", "feil",
       "Kommunenummeret er ikke gyldig på avtaledatoen.",
       _h(KL, "17-1", 1),
       "Deltakerne må være kommuner som finnes på avtaledatoen (SSBs kommuneliste).")

_regel("KOMMUNENUMMER-UDEKKET", "advarsel",
       "Kommunenummeret kan ikke kontrolleres mot kommunelisten som følger med.",
       _h(KL, "17-1", 1),
       "Kommunelisten er landsdekkende fra 1.1.2020, og for Trøndelag og Oslo fra 2017; for eldre "
       "datoer i andre fylker må nummeret kontrolleres mot SSBs kommuneliste.")

# --------------------------------------------------------------------------- vertskommune
_regel("KL-20-4-B-DELTAKER", "feil",
       "Vertskommunen må være en av deltakerne i samarbeidet.",
       _h(KL, "20-4", 3, "b"), "Vertskommunen er én av deltakerne («hvem av deltakerne»).", _V)
_regel("KL-20-8-OPPSIGELSESTID", "advarsel",
       "Avtalen angir ingen oppsigelsestid; lovens oppsigelsestid på ett år gjelder da.",
       _h(KL, "20-8", 2),
       "Uten avtalt oppsigelsestid kan en deltaker si opp med ett års varsel.", _V)
_regel("KL-20-2-PRINSIPIELL", "feil",
       "I et administrativt vertskommunesamarbeid kan vertskommunen bare treffe vedtak i saker "
       "som ikke har prinsipiell betydning.",
       _h(KL, "20-2", 1),
       "Administrativ vertskommune: bare saker uten prinsipiell betydning (ellers: felles nemnd).",
       {VK})
_regel("KL-20-3-NEMND-MEDLEMMER", "feil",
       "Hver deltaker skal være representert med to eller flere medlemmer i nemnda.",
       _h(KL, "20-3", 3), "Minst to nemndsmedlemmer per deltaker.", {VKN})

# --------------------------------------------------------------------------- andeler
_regel("KL-18-2-ANSVARSANDEL-SUM", "feil",
       "Ansvarsandelene må til sammen utgjøre 100 %.",
       _h(KL, "18-2", 1),
       "Andelene skal til sammen utgjøre rådets samlede forpliktelser; ansvarsandel = eierandel "
       "når ikke annet er avtalt.", {IPR})
_regel("KL-18-4-F-EIERANDEL-SUM", "feil", "Eierandelene må til sammen utgjøre 100 %.",
       _h(KL, "18-4", 4, "f"), "Eierandelene fordeler hele rådet mellom deltakerne.", {IPR})
_regel("KL-19-2-ANSVARSANDEL-SUM", "feil",
       "Ansvarsandelene må til sammen utgjøre 100 %.",
       _h(KL, "19-2", 1),
       "Andelene skal til sammen utgjøre fellesskapets samlede forpliktelser; ansvarsandel = "
       "eierandel når ikke annet er avtalt.", {KO})
_regel("KL-19-4-F-EIERANDEL-SUM", "feil", "Eierandelene må til sammen utgjøre 100 %.",
       _h(KL, "19-4", 4, "f"), "Eierandelene fordeler hele fellesskapet mellom deltakerne.", {KO})
_regel("IKSL-3-ANSVARSANDEL-SUM", "feil",
       "Ansvarsandelene må til sammen utgjøre 100 %.",
       _h(IKSL, "3", 1),
       "Delene skal til sammen utgjøre selskapets samlede forpliktelser; ansvar følger eierandel "
       "med mindre selskapsavtalen sier noe annet.", _I)
_regel("IKSL-3-EIERANDEL-SUM", "feil", "Eierandelene må til sammen utgjøre 100 %.",
       _h(IKSL, "3", 1), "Eierandelene fordeler hele selskapet mellom deltakerne.", _I)

# --------------------------------------------------------------------------- representantskap
_regel("KL-18-3-REPRESENTANTSKAP", "feil",
       "Hver deltaker skal ha minst ett medlem i representantskapet og minst like mange varamedlemmer.",
       _h(KL, "18-3", 1), "Minst ett medlem og minst like mange vara per deltaker.", {IPR})
_regel("KL-19-3-REPRESENTANTSKAP", "feil",
       "Hver deltaker skal ha minst ett medlem i representantskapet og minst like mange varamedlemmer.",
       _h(KL, "19-3", 1), "Minst ett medlem og minst like mange vara per deltaker.", {KO})
_regel("IKSL-6-REPRESENTANTSKAP", "advarsel",
       "Hver deltaker bør ha minst ett medlem i representantskapet.",
       _h(IKSL, "6"), "Hver deltaker er representert i selskapets øverste organ (ikke kontrollert "
       "mot lovteksten).", _I, verifisert=False)

# --------------------------------------------------------------------------- myndighet
_regel("KL-18-1-ENKELTVEDTAK", "feil",
       "Et interkommunalt politisk råd kan bare gis myndighet til å treffe enkeltvedtak om interne "
       "forhold i samarbeidet og til å forvalte tilskuddsordninger.",
       _h(KL, "18-1", 2), "Ingen enkeltvedtak utenom interne forhold og tilskuddsordninger.", {IPR})
_regel("KL-19-1-ENKELTVEDTAK", "feil",
       "Et kommunalt oppgavefellesskap kan bare gis myndighet til å treffe enkeltvedtak om interne "
       "forhold i samarbeidet og til å forvalte tilskuddsordninger.",
       _h(KL, "19-1", 2), "Ingen enkeltvedtak utenom interne forhold og tilskuddsordninger.", {KO})
_regel("KL-5-4-IKS-ENKELTVEDTAK", "feil",
       "Et interkommunalt selskap kan bare gis myndighet til å treffe enkeltvedtak når en særlov "
       "åpner for det; angi lovgrunnlaget.",
       _h(KL, "5-4", 1),
       "Vedtaksmyndighet i lovpålagte oppgaver kan legges til et annet rettssubjekt bare når "
       "lovgivningen åpner for det (sjekken krever alltid et oppgitt lovgrunnlag).", _I)
_regel("KL-5-4-SAMARBEIDSAVTALE-ENKELTVEDTAK", "feil",
       "En samarbeidsavtale kan ikke legge myndighet til å treffe enkeltvedtak til samarbeidet; "
       "bruk vertskommunesamarbeid (kapittel 20).",
       _h(KL, "5-4 og 20-1"),
       "Myndighet til enkeltvedtak kan ikke delegeres gjennom en vanlig samarbeidsavtale.", {SA})

# --------------------------------------------------------------------------- navn
_regel("KL-18-1-NAVN", "feil",
       "Rådets navn skal inneholde ordene «interkommunalt politisk råd».",
       _h(KL, "18-1", 3), "Navnet inneholder «interkommunalt politisk råd» (eller «IPR»).", {IPR})
_regel("KL-18-1-NAVN-FORKORTELSE", "advarsel",
       "Navnet bruker bare forkortelsen «IPR»; lovteksten slik den ble vedtatt krever ordene "
       "«interkommunalt politisk råd». Kontroller gjeldende lovtekst.",
       _h(KL, "18-1", 3), "Bare forkortelsen «IPR» i navnet (godtatt av KDD 2023, ikke kontrollert).",
       {IPR}, verifisert=False)
_regel("KL-19-1-NAVN", "feil",
       "Oppgavefellesskapets navn skal inneholde ordene «kommunalt oppgavefellesskap».",
       _h(KL, "19-1", 3), "Navnet inneholder «kommunalt oppgavefellesskap» (eller «KO»).", {KO})
_regel("KL-19-1-NAVN-FORKORTELSE", "advarsel",
       "Navnet bruker bare forkortelsen «KO»; lovteksten slik den ble vedtatt krever ordene "
       "«kommunalt oppgavefellesskap». Kontroller gjeldende lovtekst.",
       _h(KL, "19-1", 3), "Bare forkortelsen «KO» i navnet (godtatt av KDD 2023, ikke kontrollert).",
       {KO}, verifisert=False)
_regel("FNL-IKS-NAVN", "feil",
       "Foretaksnavnet til et interkommunalt selskap skal inneholde «interkommunalt selskap» "
       "eller «IKS».",
       _h(FNL, "2-2"), "Foretaksnavnet inneholder «IKS» eller «interkommunalt selskap».", _I,
       verifisert=False)

# --------------------------------------------------------------------------- lån
_regel("IKSL-22-LANERAMME", "feil",
       "Når selskapet kan ta opp lån, må selskapsavtalen angi en øvre ramme for selskapets samlede "
       "låneopptak.",
       _h(IKSL, "22"), "Låneadgang krever en øvre ramme for samlede låneopptak.", _I,
       verifisert=False)

# --------------------------------------------------------------------------- gammel lov
_regel("KL-31-2-GAMMEL-LOV", "advarsel",
       "Teksten viser til kommuneloven av 1992 (§ 27 eller §§ 28-1 a-k), som er opphevet; vis til "
       "kommuneloven 2018.",
       _h(KL, "31-1 og 31-2"),
       "Henvisning til opphevet kommunelov 1992 § 27 (interkommunalt styre) eller § 28 (vertskommune).")
