"""The process area: consultation and political treatment of an agreement.

- `schemas.prosess`: the records of `agreements/<id>/prosess.yaml`;
- `status(avtale, prosess, at)`: where the agreement stands on a date (derived, never stored);
- `sjekk(prosess, avtale, at)`: the process rules (`REGLER`, the process rules of the one
  catalogue in `schemas.regler`);
- `record_*`: validate a new record and append it atomically;
- `calendar_ics`: the approval calendar as iCalendar.

How the state is derived on a date `at` (records dated after `at` are not facts yet):

- `opphort`: an `opphor` record dated on or before `at`;
- `endret`: a decision on the current version adopts another text (other avtale-hash) or adopts it
  «med endringer» — a new version is needed and every council must adopt it (`ma_behandle`); or an
  earlier version was adopted by all and the current (newer) version is still being treated;
- `vedtatt`: the kommunestyre of every participant (for `samarbeidsavtale`: any body) adopted the
  current avtale-hash; `signert`: and every party signed that hash; `i_kraft`: and the entry-into-force
  date (`ikrafttredelse` record, else the agreement's `ikrafttredelse.dato`) has come;
- `til_behandling`: a meeting with innstilling/vedtak has been held, a saksframlegg sent, or a
  decision on the current version made;
- `klar_til_politisk_behandling`: every municipality that must consult has a drøfting with protocol;
- `drofting`: some drøfting recorded, not complete; `utkast`: nothing yet.

A decision is counted per municipality and text: its latest decision on that text decides; a record
with `korrigerer` replaces the one it names. Those legal facts live in one module,
`avtaleflyt.prosess.fakta` (what is due next in `frister`); the rules are in `kontroll*`, the
ranking of the state in `tilstand`, the report in `statusrapport`.
"""

from avtaleflyt.prosess.brudd import Brudd
from avtaleflyt.prosess.hashing import avtale_hash
from avtaleflyt.prosess.ical import build_calendar, calendar_ics
from avtaleflyt.prosess.kontroll import sjekk
from avtaleflyt.prosess.lagring import (
    LoadedProcess,
    ProcessInvalid,
    RecordRefused,
    RecordResult,
    append_record,
    check_record,
    load_process,
    load_process_for,
    record_consultation,
    record_decision,
    record_signature,
    validate_process_file,
)
from avtaleflyt.prosess.statusrapport import Status, status
from schemas.regler import PROSESSREGLER as REGLER
from schemas.regler import Regel

__all__ = [
    "REGLER",
    "Brudd",
    "LoadedProcess",
    "ProcessInvalid",
    "RecordRefused",
    "RecordResult",
    "Regel",
    "Status",
    "append_record",
    "avtale_hash",
    "build_calendar",
    "calendar_ics",
    "check_record",
    "load_process",
    "load_process_for",
    "record_consultation",
    "record_decision",
    "record_signature",
    "sjekk",
    "status",
    "validate_process_file",
]
