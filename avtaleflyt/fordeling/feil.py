"""The one error of the cost-key computation, shared by the population data and the keys."""

from __future__ import annotations


class FordelingsFeil(ValueError):
    """The key cannot be computed; `sti` is the field path in avtale.yaml it concerns."""

    def __init__(self, melding: str, sti: tuple[str | int, ...] = ("okonomi", "fordelingsnokkel")):
        super().__init__(melding)
        self.melding = melding
        self.sti = sti
