"""How hard a test of concurrency tries. The Hypothesis profile decides (tests/conftest.py): the
everyday run («rask») starts fewer racing processes or rounds, CI («grundig») the full count. A
race that shows with four processes shows with ten; ten make it likelier, which is CI's job."""

from __future__ import annotations

from hypothesis import settings


def antall(rask: int, grundig: int) -> int:
    """`grundig` under the thorough profile, `rask` otherwise."""
    return grundig if settings.get_current_profile_name() == "grundig" else rask
