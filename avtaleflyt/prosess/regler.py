"""The process rules: id, severity, Norwegian meaning and legal basis (or stated practice).

Same shape as the agreement rule catalogue (`schemas.regler`): `Regel(id, alvorlighet, melding,
hjemmel)`. A finding's own message says what is wrong where; `melding` says what the rule demands.
"""

from __future__ import annotations

from dataclasses import dataclass

from avtaleflyt.findings import Severity


@dataclass(frozen=True, slots=True)
class Regel:
    id: str
    alvorlighet: Severity
    melding: str
    hjemmel: str


_KS_SELV = (
    "kommuneloven §§ 18-4, 19-4 og 20-4 annet ledd; IKS-loven § 4 første ledd"
)

_REGLER = [
    Regel(
        "PROSESS-DROFTING-FOR-BEHANDLING", "feil",
        "Drøfting med tillitsvalgte skal være gjennomført (med protokoll) før første politiske "
        "møte som behandler saken",
        "arbeidsmiljøloven § 16-5 første ledd («så tidlig som mulig»); Hovedavtalen (KS) del B, "
        "drøfting ved omstilling (praksis)",
    ),
    Regel(
        "PROSESS-DROFTING-VARSEL", "advarsel",
        "Drøfting med tillitsvalgte mangler, og første politiske møte er nær (antall virkedager "
        "settes i innstillinger.drofting_varsel_virkedager)",
        "arbeidsmiljøloven § 16-5 første ledd; Hovedavtalen (KS) del B (praksis)",
    ),
    Regel(
        "PROSESS-DROFTING-TEMA", "advarsel",
        "Når ansatte går over til en annen arbeidsgiver, skal drøftingen dekke de seks temaene i "
        "arbeidsmiljøloven § 16-5 annet ledd",
        "arbeidsmiljøloven § 16-5 annet ledd bokstav a–f",
    ),
    Regel(
        "PROSESS-DROFTING-PROTOKOLL", "advarsel",
        "Et drøftingsmøte skal ha en underskrevet protokoll det kan vises til",
        "Hovedavtalen (KS) del B (protokoll fra drøftingsmøter) (praksis)",
    ),
    Regel(
        "PROSESS-DROFTING-SAKSFRAMLEGG", "advarsel",
        "Saksframlegget bør sendes ut først når drøftingen er protokollført, så protokollen følger "
        "saken til de folkevalgte («ingen protokoll, intet saksframlegg»)",
        "arbeidsmiljøloven § 16-5 første ledd; Hovedavtalen (KS) del B (praksis)",
    ),
    Regel(
        "PROSESS-KOMMUNESTYRET-SELV", "feil",
        "Bare kommunestyret selv kan vedta avtalen; formannskapets eller et annet organs vedtak er "
        "en innstilling",
        _KS_SELV,
    ),
    Regel(
        "PROSESS-SAMME-TEKST", "advarsel",
        "Alle kommunestyrene skal vedta den samme teksten (samme avtale-hash); et vedtak på en "
        "annen tekst eller med endringer gir en ny versjon som alle må vedta",
        "alminnelig avtalerett: én avtale mellom alle partene; " + _KS_SELV,
    ),
    Regel(
        "PROSESS-DATO-FREMTID", "feil",
        "Et vedtak, en signatur eller en annen hendelse kan ikke registreres med dato etter i dag",
        "avtaleflyt: juridiske datoer er data (praksis)",
    ),
    Regel(
        "PROSESS-VEDTAK-FOR-VERSJON", "feil",
        "Et vedtak kan ikke gjelde en versjon som ikke fantes på møtedatoen",
        "avtaleflyt: vedtak er bundet til avtaleversjon og avtale-hash (praksis)",
    ),
    Regel(
        "PROSESS-KALENDER", "feil",
        "Et vedtak (eller saksframlegg, delegering) skal høre til et møte i den politiske "
        "kalenderen: samme kommune, organ og dato, og møtet kan ikke være avlyst",
        "kommuneloven § 11-4 (møtebok: tid, sted, saker og vedtak)",
    ),
    Regel(
        "PROSESS-DELTAKER", "feil",
        "Vedtak og signaturer skal komme fra en deltaker i avtalen",
        "kommuneloven § 17-1; avtalens deltakerliste",
    ),
    Regel(
        "PROSESS-DUPLIKAT", "feil",
        "En kommune har bare ett vedtak per møte og én signatur per tekst; en retting må vise til "
        "posten den retter (korrigerer)",
        "avtaleflyt: poster legges til, de endres aldri (praksis)",
    ),
    Regel(
        "PROSESS-ID", "feil",
        "Hver post har en unik id, og prosessen hører til avtalen i samme mappe",
        "avtaleflyt dataskjema",
    ),
    Regel(
        "PROSESS-SAKSFRAMLEGG-FRIST", "advarsel",
        "Saksframlegget skal være klart innen kommunens frist før møtet (standard 12 dager)",
        "kommunens reglement for folkevalgte organer – praksis; fristen settes per kommune i innstillinger",
    ),
    Regel(
        "PROSESS-DELEGERING", "advarsel",
        "I et vertskommunesamarbeid skal kommunestyret selv i hver samarbeidskommune vedta "
        "delegeringen",
        "kommuneloven § 20-2 annet ledd og § 20-3 annet ledd",
    ),
    Regel(
        "PROSESS-STATSFORVALTER", "advarsel",
        "Vertskommunen skal underrette statsforvalteren når samarbeidet er inngått",
        "kommuneloven § 20-4 femte ledd",
    ),
    Regel(
        "PROSESS-SIGNATUR-FOR-VEDTAK", "feil",
        "En kommune kan ikke signere en tekst før kommunestyret har vedtatt nettopp den teksten",
        "kommuneloven § 6-1 annet ledd; " + _KS_SELV,
    ),
    Regel(
        "PROSESS-SIGNATUR-FULLMAKT", "advarsel",
        "Ordføreren signerer for kommunen; signerer en annen, skal fullmakten oppgis",
        "kommuneloven § 6-1 annet ledd",
    ),
    Regel(
        "PROSESS-IKRAFT-KALENDER", "advarsel",
        "Avtalens ikrafttredelsesdato må ligge etter siste kommunestyremøte som skal vedta den; "
        "ellers gjør møteplanen datoen umulig",
        _KS_SELV,
    ),
    Regel(
        "PROSESS-IKRAFT", "advarsel",
        "Avtalen kan tre i kraft først når alle kommunestyrene har vedtatt samme tekst",
        _KS_SELV,
    ),
]

REGLER: dict[str, Regel] = {r.id: r for r in _REGLER}


def katalog_tabell() -> list[dict[str, str]]:
    """The catalogue as rows for `avtale rules`-style printing."""
    return [
        {"id": r.id, "alvorlighet": r.alvorlighet, "hjemmel": r.hjemmel, "forklaring": r.melding}
        for r in _REGLER
    ]
