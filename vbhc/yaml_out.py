"""Models -> YAML a clerk keeps editing: block style, Unicode, the $schema line on top."""

from __future__ import annotations

import datetime as dt
import re
from collections import OrderedDict
from decimal import Decimal
from typing import Any

import yaml
from yaml.emitter import ScalarAnalysis

from vbhc.model.common import VanBan

WIDTH = 92
CLOSING_FIELDS = ("nguoi_ky", "noi_nhan", "chu_thich")


_PRINTABLE = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                        "\U00010000-\U0010fffe]+")
"""One line of characters PyYAML's emitter writes as they are with allow_unicode (no line
break, no control character, no BOM)."""
_LEADING = frozenset("#,[]{}&*!|>'\"%@`?:-. ")
"""First characters after which the plain analysis is left to PyYAML (indicators, "---",
"...", "- ", a leading space)."""
_FLOW = re.compile(r"[,?\[\]{}:]| #")


class _Dumper(yaml.SafeDumper):
    """Block style; lists indented under their key, as people write YAML by hand.

    PyYAML's pure-Python emitter (libyaml's C emitter always writes a list under a key
    unindented, so it cannot give these bytes); its two per-character loops have a fast path
    for the one-line texts of a document, with the same answer (tests/test_speed_yaml_out.py
    compares them with PyYAML's own on every example and on random text)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)

    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        """PyYAML's analysis of ``scalar``; computed by three regular expressions for one
        line of printable text that starts with no indicator and ends with no space."""
        if not scalar or scalar[0] in _LEADING or scalar[-1] == " " \
                or not _PRINTABLE.fullmatch(scalar) or not self.allow_unicode:
            return super().analyze_scalar(scalar)
        rest = scalar[1:]
        flow = _FLOW.search(rest) is not None
        block = ": " in rest or scalar.endswith(":") or " #" in rest
        return ScalarAnalysis(scalar=scalar, empty=False, multiline=False,
                              allow_flow_plain=not flow, allow_block_plain=not block,
                              allow_single_quoted=True, allow_double_quoted=True,
                              allow_block=True)

    def write_plain(self, text: str, split: bool = True) -> None:
        """PyYAML's plain writer for text without line breaks: a single space (one not next
        to another) reached past the line width becomes a line break and the indent. The
        next such space is found by one search from where the line gets too long, and the
        words up to it are written at once."""
        if not text or self.encoding or _BREAKS.search(text):
            return super().write_plain(text, split)
        if self.root_context:
            self.open_ended = True
        if not self.whitespace:
            self.column += 1
            self.stream.write(" ")
        self.whitespace = False
        self.indention = False
        start = 0
        while True:
            # a space at p starts at column self.column + (p - start): too far past the width
            too_far = start + self.best_width - self.column + 1
            found = _SINGLE_SPACE.search(text, max(start, too_far)) if split else None
            end = found.start() if found else len(text)
            self.stream.write(text[start:end])
            self.column += end - start
            if found is None:
                return
            self.write_indent()
            self.whitespace = False
            self.indention = False
            start = end + 1


_BREAKS = re.compile("[\n\x85\u2028\u2029]")
_SINGLE_SPACE = re.compile("(?<! ) (?! )")


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
    return head + dump_data(document_data(doc))


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)


_PLAIN_TYPES = frozenset({str, int, bool, float, type(None), Decimal, dt.date})
"""Values whose ``repr`` tells exactly what PyYAML writes for them (with dicts and lists)."""
MAX_CACHED_FIELDS = 256
MAX_CACHED_REPR = 20_000
"""The YAML of a top-level field is kept (``dump_data``) for at most this many fields (the
oldest dropped first), each at most this long as ``repr`` (real fields are under ~4,000
characters): a bound on memory of a few MB (a 20,000-row table is not kept)."""
_FIELDS: OrderedDict[tuple[str, bool, str], str] = OrderedDict()


def _splittable(data: dict[str, Any]) -> bool:
    """Return True when ``data`` holds only dicts, lists and plain values (``_PLAIN_TYPES``)
    and no dict, list, Decimal or date object twice (PyYAML writes a repeated object as an anchor
    and aliases, which a field dumped alone would not)."""
    seen: set[int] = set()
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        kind = value.__class__
        if kind is dict or kind is list:
            if id(value) in seen:
                return False
            seen.add(id(value))
            if kind is dict:
                stack.extend(value)
                stack.extend(value.values())
            else:
                stack.extend(value)
        elif kind not in _PLAIN_TYPES:
            return False
        elif kind is Decimal or kind is dt.date:  # objects PyYAML may alias, as dicts
            if id(value) in seen:
                return False
            seen.add(id(value))
    return True


def dump_data(data: dict[str, Any]) -> str:
    """Return the YAML text of a document's data (``document_data``), as PyYAML writes it
    with ``_Dumper``. A block mapping's top-level fields are written one after the other,
    each from a fresh emitter state, so the text is the fields' texts joined: a field met
    before with the same content (``repr``: the derived plans of ``derive --all`` share
    most fields) is written once and kept (at most MAX_CACHED_FIELDS). Data with a repeated
    object or a value of another type is written whole, as before."""
    if not data or data.__class__ is not dict or not _splittable(data):
        return _yaml(data)
    out = []
    for key, value in data.items():
        if key.__class__ is not str:
            return _yaml(data)
        if value.__class__ is list and len(value) > 1:
            out.append(_list_field(key, value))
        else:
            out.append(_kept(key, False, value, lambda k=key, v=value: _yaml({k: v})))
    return "".join(out)


def _kept(key: str, item: bool, value: Any, make: Any) -> str:
    """Return ``make()``, kept under (``key``, ``item``, ``repr(value)``) when not too long;
    ``item``: ``value`` is an item of the list field ``key``, not the field's value."""
    shown = repr(value)
    if len(shown) > MAX_CACHED_REPR:
        return make()
    found = _FIELDS.get((key, item, shown))
    if found is None:
        found = _FIELDS[(key, item, shown)] = make()
        while len(_FIELDS) > MAX_CACHED_FIELDS:  # the oldest go first
            try:
                _FIELDS.popitem(last=False)
            except KeyError:  # emptied by another thread meanwhile
                break
    return found


def _list_field(key: str, items: list[Any]) -> str:
    """Return the YAML of the top-level field ``key`` whose value is the list ``items``: its
    key line, then each item's text (an item of a block list is written from the same
    state whatever came before it: a line break when the line is not empty, the indent,
    "- "); each item written as the only item of ``key``'s list, without the key line."""
    texts = [_kept(key, True, item, lambda i=item: _yaml({key: [i]})) for item in items]
    head = f"{key}:\n"
    if any(not t.startswith(head) for t in texts):  # a key that needs quoting
        return _yaml({key: items})
    return head + "".join(t[len(head):] for t in texts)
