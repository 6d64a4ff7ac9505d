"""Write agreement data back as YAML in the order a lawyer reads it (type and id first)."""

from __future__ import annotations

import io

from ruamel.yaml import YAML

from schemas.avtale import AVTALE_ADAPTER, Avtale


def avtale_data(avtale: Avtale) -> dict:
    """Plain data of an agreement: set fields only, shares as «1/6»/«25 %», dates ISO."""
    data = AVTALE_ADAPTER.dump_python(avtale, mode="json", exclude_none=True)
    ordered = {"type": data.pop("type")}
    ordered.update(data)
    return ordered


def dump_yaml(data: dict) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # ruamel types it None
    yaml.width = 100
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def dump_avtale(avtale: Avtale) -> str:
    return dump_yaml(avtale_data(avtale))
