"""The service layer's own refusals, besides the process area's `RecordRefused`/`ProcessInvalid`.

Each carries a Norwegian message a clerk can act on; the CLI turns them into exit codes (an
unknown meeting refuses the record, exit 1; input that cannot make a record, exit 2).
"""

from __future__ import annotations

from pydantic import ValidationError

from avtaleflyt.schema_errors import message_for


class Tjenestefeil(Exception):
    """A secretariat action that was not carried out; nothing was written."""


class UgyldigInndata(Tjenestefeil):
    """The facts given cannot make a record (e.g. an older version named without its hash).

    `felt` names the input the message is about (a record field, e.g. «versjon»), `trenger` the
    input that would make it work (e.g. «avtale_hash»)."""

    def __init__(self, felt: str, melding: str, trenger: str | None = None):
        super().__init__(melding)
        self.felt = felt
        self.melding = melding
        self.trenger = trenger


class UkjentMote(Tjenestefeil):
    """The meeting is not in the agreement's calendar (`moter` in prosess.yaml)."""

    def __init__(self, mote: str, kjente: list[str]):
        self.mote = mote
        self.kjente = kjente
        liste = ", ".join(sorted(kjente)) or "ingen"
        super().__init__(
            f"møtet «{mote}» finnes ikke i kalenderen (moter i prosess.yaml); kjente møter: {liste}"
        )


class UgyldigPost(Tjenestefeil):
    """The record does not fit its schema; `feil` holds (field path, Norwegian message) pairs."""

    def __init__(self, exc: ValidationError):
        self.feil: list[tuple[tuple[str, ...], str]] = [
            (
                tuple(str(x) for x in e["loc"] if not isinstance(x, int)),
                message_for(e, None, {})[1].replace(" or ", " eller "),
            )
            for e in exc.errors(include_url=False)
        ]
        super().__init__("; ".join(f"{'.'.join(sti)}: {tekst}" for sti, tekst in self.feil))
