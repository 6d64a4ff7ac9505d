"""The base of every agreement model: strict keys, deferred build, and how a field is declared.

A field the law requires is declared with `lovkrav(RULE_ID, …)`: it may be left out while a draft is
written, and the rule catalogue reports it missing with its legal basis instead of pydantic refusing
the whole file. Unknown keys are always errors, so a misspelt key can never silently drop a clause.
"""

# Annotations are evaluated as the class is made, not kept as strings (no `from __future__ import
# annotations`): pydantic would otherwise evaluate each string again, at every cold start.

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"


def lovkrav(regel: str, beskrivelse: str) -> Any:
    """A field the law requires the agreement to contain; missing → finding `regel`."""
    return Field(default=None, description=beskrivelse, json_schema_extra={"lovkrav": regel})


def tom_liste() -> list[Any]:
    """`default_factory` of a list field. Not the builtin `list`: pydantic reads the signature of a
    default factory, and a builtin's is parsed from text by the tokenizer, which cost the first
    model build of a cold `avtale validate` a few milliseconds."""
    return []


def valgfri(beskrivelse: str, default: Any = None) -> Any:
    """A clause real agreements carry although no law demands it."""
    return Field(default=default, description=beskrivelse)


class Modell(BaseModel):
    # defer_build: each model is compiled when first used on its own; AVTALE_ADAPTER compiles the
    # agreement types once together, instead of every nested model again at import (cold start).
    model_config = ConfigDict(
        extra="forbid", validate_default=False, ser_json_inf_nan="strings", defer_build=True
    )
