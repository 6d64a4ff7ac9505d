"""A finding: one rule broken at one place in one file, in the form every command reports."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["feil", "advarsel"]


@dataclass(frozen=True, slots=True)
class Finding:
    file: str
    line: int | None
    column: int | None
    path: str
    rule: str
    severity: Severity
    message: str
    legal_basis: str

    def location(self) -> str:
        """`file:line:col`, as editors and terminals link it."""
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.column or 1}"

    def one_line(self) -> str:
        where = f" [{self.path}]" if self.path else ""
        basis = f" ({self.legal_basis})" if self.legal_basis else ""
        return f"{self.location()}: {self.severity} {self.rule}{where}: {self.message}{basis}"

    def as_dict(self) -> dict:
        return asdict(self)


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == "feil" for f in findings)
