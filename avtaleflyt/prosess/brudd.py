"""A process finding: one rule broken at one place in prosess.yaml.

Every process rule check makes its findings through `brudd()`, the one place that looks a rule up
in the catalogue, so moving the catalogue changes one import here.
"""

from __future__ import annotations

from schemas.regler import PROSESSREGLER, Brudd, Hjemmel, Regel, Sti

__all__ = ["Brudd", "Regel", "Sti", "brudd", "hjemmel_til"]


def brudd(regel_id: str, sti: Sti, melding: str, hjemmel: Hjemmel | str | None = None) -> Brudd:
    """The finding of rule `regel_id` at `sti`; `hjemmel` names a more precise legal basis."""
    return Brudd(PROSESSREGLER[regel_id], sti, melding, hjemmel)


def hjemmel_til(regel_id: str) -> Hjemmel:
    """The legal basis of rule `regel_id`, for a finding of another rule that rests on it."""
    return PROSESSREGLER[regel_id].hjemmel
