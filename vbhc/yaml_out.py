"""Models -> YAML a clerk keeps editing: block style, Unicode, the $schema line on top."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from vbhc.model.common import VanBan

WIDTH = 92
CLOSING_FIELDS = ("nguoi_ky", "noi_nhan", "chu_thich")


class _Dumper(yaml.SafeDumper):
    """Block style; lists indented under their key, as people write YAML by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    """Write 3.5 as "3,5", the Vietnamese notation the table cells read back."""
    from vbhc.lang.numbers import format_number

    return dumper.represent_str(format_number(value))


_Dumper.add_representer(Decimal, _decimal)


def _compact(value: Any, model: Any = None) -> Any:
    """Drop empty values, except an empty list a field of ``model`` (the pydantic model
    ``value`` was dumped from) requires; write a one-paragraph item as a string."""
    if isinstance(value, dict):
        out = {}
        fields = getattr(type(model), "model_fields", {})
        for key, item in value.items():
            sub = getattr(model, key, None)
            item = _compact(item, sub)
            required = key in fields and fields[key].is_required()
            if item is None or item == [] and not required or item == {}:
                continue
            out[key] = item
        return out
    if isinstance(value, list):
        same = isinstance(model, list) and len(model) == len(value)
        subs = model if same else [None] * len(value)
        items = [_compact(v, m) for v, m in zip(value, subs, strict=True)]
        if items and all(isinstance(v, list) and all(isinstance(s, str) for s in v)
                         for v in items):
            return [v[0] if len(v) == 1 else v for v in items]
        return items
    return value


def document_data(doc: VanBan) -> dict[str, Any]:
    """Return the model as the plain data its YAML file holds (defaults left out)."""
    data = doc.model_dump(mode="python", exclude_defaults=True)
    data = {"loai": doc.loai, **data}
    for tail in CLOSING_FIELDS:  # signer, recipients and footnotes read best at the end
        if tail in data:
            data[tail] = data.pop(tail)
    return _compact(data, doc)


def dump_document(doc: VanBan, schema_ref: str | None = None, comment: str | None = None) -> str:
    """Return the YAML text of ``doc``; ``schema_ref`` is the path the $schema line names."""
    ref = schema_ref or f"../schemas/{doc.loai}.schema.json"
    head = f"# yaml-language-server: $schema={ref}\n"
    if comment:
        head += "".join(f"# {line}\n" for line in comment.splitlines())
    body = yaml.dump(document_data(doc), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)
    return head + body
