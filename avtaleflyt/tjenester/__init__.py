"""The secretariat's actions, one function each: the one way in for the CLI, the flows and the demo.

Each function takes plain inputs (the agreement's folder or id, the facts the clerk knows, the
date `at` the action is carried out), derives what the clerk does not give (record id, organ,
meeting date, version, avtale-hash), appends the record through the process area's checked append
and returns what was recorded with the rules' warnings. A refusal is a domain exception with
Norwegian findings (`RecordRefused`, `ProcessInvalid`, `UgyldigPost`, `UkjentMote`,
`UgyldigInndata`); nothing is written then.

- `registrer_post`: a complete record as given (the Prefect form, a replayed drøfting);
- `registrer_drofting`, `registrer_saksframlegg`, `registrer_vedtak`, `registrer_delegering`,
  `registrer_signatur`, `registrer_melding`, `registrer_ikrafttredelse`: one per kind of record;
- `lag_dokumenter`: the documents of the current version (the drafting area);
- `arkiver_forfalte`, `arkiver_alle`: archive every event the records make due (idempotent);
- `registreringsdag`: the day a record is made on (never after today outside a simulation).
"""

from avtaleflyt.prosess import ProcessInvalid, RecordRefused
from avtaleflyt.tjenester.arkivering import arkiver_alle, arkiver_forfalte, avtaler_med_prosess
from avtaleflyt.tjenester.behandling import (
    registrer_delegering,
    registrer_saksframlegg,
    registrer_vedtak,
)
from avtaleflyt.tjenester.dokumenter import Dokumenter, dokumentmappe, lag_dokumenter
from avtaleflyt.tjenester.drofting import registrer_drofting
from avtaleflyt.tjenester.etablering import registrer_ikrafttredelse, registrer_melding
from avtaleflyt.tjenester.feil import Tjenestefeil, UgyldigInndata, UgyldigPost, UkjentMote
from avtaleflyt.tjenester.felles import Registrert, last, mappe_for, registrer_post
from avtaleflyt.tjenester.registreringsdag import registreringsdag
from avtaleflyt.tjenester.signering import registrer_signatur

__all__ = [
    "Dokumenter",
    "ProcessInvalid",
    "RecordRefused",
    "Registrert",
    "Tjenestefeil",
    "UgyldigInndata",
    "UgyldigPost",
    "UkjentMote",
    "arkiver_alle",
    "arkiver_forfalte",
    "avtaler_med_prosess",
    "dokumentmappe",
    "lag_dokumenter",
    "last",
    "mappe_for",
    "registrer_delegering",
    "registrer_drofting",
    "registrer_ikrafttredelse",
    "registrer_melding",
    "registrer_post",
    "registrer_saksframlegg",
    "registrer_signatur",
    "registrer_vedtak",
    "registreringsdag",
]
