"""Reading a user's YAML: one parse, no type guessing, no tags, bounded aliases.

Every YAML file a user hands vbhc (documents, organisation profiles, derive rules files) is
read here, once, with libyaml's C parser when PyYAML was built with it (the pure-Python
parser otherwise, and to word a syntax error the same way in both cases). The node tree is
composed once; the line map, the checks below and the Python data all come from it.

Rules (YAML 1.2 core schema, narrowed so that nothing in a signed document changes meaning):

- plain ``123``, ``-5`` are integers; ``012``, ``0105``, ``7:30``, ``1_000``, ``0x1F``,
  ``yes``, ``on``, ``2024-05-01`` stay text exactly as written (YAML 1.1 read them as octal,
  sexagesimal, booleans or dates). Plain ``1.5``/``1e3`` are floats (the table model refuses
  them: "1.250" in a table is one thousand two hundred fifty, not 1.25);
- ``true``/``false`` (any case style of the 1.2 core schema) are booleans; ``null``/``~``/
  empty are null; ``<<`` merge keys work as before;
- explicit tags other than ``!!str``, ``!!int``, ``!!float``, ``!!bool``, ``!!null``,
  ``!!map``, ``!!seq`` are refused (``!!set`` made output order change between runs,
  ``!!python/...``, ``!!binary``, ``!!timestamp``, local ``!tags``), and a plain tag on a
  value that does not fit it (``!!int abc``) is a message naming the line;
- aliases may repeat at most ``MAX_ALIAS_NODES`` nodes in total (a "billion laughs" bomb is
  refused before anything expands it); aliases that contain themselves are refused;
- nesting deeper than ``MAX_DEPTH`` (mappings and lists together) is refused;
- control characters (text pasted from a PDF or Word): a form feed or vertical tab is white
  space, turned into one space (or dropped beside other white space) with a warning naming
  the line and field; any other character YAML cannot hold (C0/C1 controls, DEL, U+FFFE) is
  refused with its line and column, never "invalid YAML" without a line;
- a plain text value followed by `` # ...`` on the same line loses that part (YAML reads it
  as a comment): a warning names the line and field and shows the quoted form that keeps
  it. A comment on a line of its own, or after a number, true/false, null or a quoted
  value, is taken as meant and not warned about (the examples write ``so: null  # ...``).

Messages for the model's errors are here too (``translate``): a text that YAML read as a
one-key mapping (``- Lưu: VT, NC``, an unquoted ``: ``) is explained with the quoted line to
type, and an unknown field name gets the closest known one ("có phải định viết ...?").

Errors are ``InputError`` with Vietnamese messages naming the file and line; warnings found
while reading are ``Lines.notes``.
"""

from __future__ import annotations

import difflib
import operator
import os
import re
import sys
import threading
from collections import OrderedDict
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, get_args

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

from vbhc.data import files
from vbhc.errors import InputError, Problem
from vbhc.lazyre import LazyPattern

MAX_DEPTH = 40  # mappings and lists, counted together; a real document needs about 12
MAX_ALIAS_NODES = 100_000
"""Nodes that aliases may add to a document in total; a real document repeats a signer or a
list of recipients (tens of nodes); a "billion laughs" bomb needs billions."""
MAX_INT_DIGITS = 4000
"""Python refuses to read longer integers from text; longer ones are refused here first."""

_TAG = "tag:yaml.org,2002:"
PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq",
                                           "merge")}

INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
FLOAT_RE = LazyPattern(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
                      r"|^[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
LOOKS_NUMERIC_RE = LazyPattern(
    r"^[-+]?0[0-9_]+$"  # zero-padded: 012, 0105 (YAML 1.1: octal)
    r"|^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"  # 7:30, 14:00 (1.1: base 60)
    r"|^[-+]?[0-9][0-9_]*_[0-9_]*$"  # 1_000 (1.1: 1000)
)
"""Plain scalars that YAML 1.1 read as numbers and vbhc keeps as text (see loader warnings)."""


class _Resolver(BaseResolver):
    """YAML 1.2 core-like implicit types, without octal, base 60, yes/no or dates."""


for _tag, _regexp, _first in (
    ("bool", BOOL_RE, "tTfF"),
    ("int", INT_RE, "-+0123456789"),
    ("float", FLOAT_RE, "-+0123456789."),
    ("null", NULL_RE, ["~", "n", "N", ""]),
):
    _Resolver.add_implicit_resolver(f"{_TAG}{_tag}", _regexp, list(_first))
_Resolver.add_implicit_resolver(f"{_TAG}merge", re.compile(r"^<<$"), ["<"])
_IMPLICIT: dict[str | None, list[tuple[str, re.Pattern]]] = _Resolver.yaml_implicit_resolvers
"""First character ("" for an empty scalar) -> the (tag, pattern) tried, in order."""
assert not _Resolver.yaml_path_resolvers and None not in _IMPLICIT  # what _resolve assumes
_NO_RESOLVERS: list[tuple[str, re.Pattern]] = []


def _resolve(self: BaseResolver, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
    """PyYAML's BaseResolver.resolve for a resolver without path or wildcard resolvers (the
    libyaml parser calls it once per node): a plain scalar takes the tag of the first pattern
    of its first character that matches it, else !!str; a list !!seq, a mapping !!map."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in _IMPLICIT.get(value[:1], _NO_RESOLVERS):
                if regexp.match(value):
                    return tag
        return BaseResolver.DEFAULT_SCALAR_TAG
    if kind is yaml.SequenceNode:
        return BaseResolver.DEFAULT_SEQUENCE_TAG
    return BaseResolver.DEFAULT_MAPPING_TAG


_Resolver.resolve = _resolve  # type: ignore[method-assign]
# BaseResolver.descend_resolver(parent, index) and ascend_resolver() keep the path that path
# resolvers match; _Resolver has none (asserted above), so both do nothing. The composer
# (libyaml's and the pure one) calls each once per node: builtins that take those arguments
# and ignore them cost no Python frame (operator.is_ compares two references, tuple()
# returns the empty tuple; nobody reads either answer).
_Resolver.descend_resolver = staticmethod(operator.is_)  # type: ignore[method-assign,assignment]
_Resolver.ascend_resolver = staticmethod(tuple)  # type: ignore[method-assign,assignment]


class Refused(yaml.YAMLError):
    """A construct vbhc does not accept, with its Vietnamese message and 1-based line."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class _Constructor(SafeConstructor):
    """Plain types only; explicit plain tags must fit their value."""

    yaml_constructors: dict = {}

    def construct_int(self, node: yaml.Node) -> int:
        value = self.construct_scalar(node).strip()
        if not re.fullmatch(r"[-+]?[0-9]+", value):
            raise Refused(f"giá trị '{value[:40]}' gắn thẻ !!int nhưng không phải số nguyên",
                          _line(node))
        if len(value) > MAX_INT_DIGITS:
            raise Refused(f"số quá dài ({len(value)} chữ số)", _line(node))
        return int(value, 10)

    def construct_float(self, node: yaml.Node) -> float:
        value = self.construct_scalar(node).strip()
        if not (FLOAT_RE.match(value) or INT_RE.match(value)):
            raise Refused(f"giá trị '{value[:40]}' gắn thẻ !!float nhưng không phải số",
                          _line(node))
        if len(value) > MAX_INT_DIGITS:
            raise Refused(f"số quá dài ({len(value)} ký tự)", _line(node))
        return float(value)

    def construct_bool(self, node: yaml.Node) -> bool:
        value = self.construct_scalar(node).strip()
        if not BOOL_RE.match(value):
            raise Refused(f"giá trị '{value[:40]}' gắn thẻ !!bool nhưng không phải true/false",
                          _line(node))
        return value.lower() == "true"

    def construct_null(self, node: yaml.Node) -> None:
        value = self.construct_scalar(node).strip()
        if not NULL_RE.match(value):
            raise Refused(f"giá trị '{value[:40]}' gắn thẻ !!null nhưng không rỗng", _line(node))
        return None


_Constructor.add_constructor(f"{_TAG}null", _Constructor.construct_null)
_Constructor.add_constructor(f"{_TAG}bool", _Constructor.construct_bool)
_Constructor.add_constructor(f"{_TAG}int", _Constructor.construct_int)
_Constructor.add_constructor(f"{_TAG}float", _Constructor.construct_float)
_Constructor.add_constructor(f"{_TAG}str", SafeConstructor.construct_yaml_str)
_Constructor.add_constructor(f"{_TAG}seq", SafeConstructor.construct_yaml_seq)
_Constructor.add_constructor(f"{_TAG}map", SafeConstructor.construct_yaml_map)


if getattr(yaml, "__with_libyaml__", False):
    from yaml._yaml import CParser as _FastParser
else:  # pragma: no cover - PyYAML without libyaml
    _FastParser = None


class _PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser,
                  yaml.composer.Composer, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


if _FastParser is not None:
    class _FastLoader(_FastParser, _Constructor, _Resolver):
        def __init__(self, stream: str) -> None:
            _FastParser.__init__(self, stream)
            _Constructor.__init__(self)
            _Resolver.__init__(self)
    LOADER: type = _FastLoader
else:  # pragma: no cover
    LOADER = _PureLoader


def data_file(text: str) -> Any:
    """Return the data of one of vbhc's own YAML data files (trusted, plain YAML 1.1 as
    ``yaml.safe_load`` reads it): vbhc.data.data_yaml's, so the JSON copy ``make templates``
    stored for exactly this text when there is one (these files are read on every cold
    start), else libyaml when PyYAML has it; the same objects either way."""
    from vbhc.data import data_yaml

    return data_yaml(text)


@cache
def _messages() -> dict[str, Any]:
    """Return the message table ``data/loi-pydantic.yaml``: Pydantic error type -> template,
    and under ``yaml`` the PyYAML problem prefixes -> Vietnamese explanation."""
    text = files("vbhc.data").joinpath("loi-pydantic.yaml").read_text("utf-8")
    return data_file(text)


def yaml_message(problem: str) -> str:
    """Return a Vietnamese explanation of a PyYAML problem, keeping the original text."""
    for start, message in _messages()["yaml"].items():
        if problem.startswith(start):
            return message
    return f"cú pháp YAML không hợp lệ ({problem})" if problem else "cú pháp YAML không hợp lệ"


def translate(error: dict[str, Any], model: type | None = None) -> str:
    """Return the Vietnamese message for one Pydantic error (an item of
    ``ValidationError.errors()``: ``type``, ``msg``, optional ``ctx``, ``input``, ``loc``),
    worded by the table in ``data/loi-pydantic.yaml`` (``khac`` for a type it does not name).
    Never raises for a well-formed error dict; the field path is not included (see
    ``format_path``).

    Two hints are added: where a text or list was expected and YAML read a one-key mapping
    (``- Lưu: VT, NC``: an unquoted ``: ``), the message explains it and shows the quoted
    line; for an unknown field name (``extra_forbidden``) with ``model`` given (the Pydantic
    class validated), the closest field name at that place ("có phải định viết ...?").

    Every YAML a user hands vbhc (documents, profiles, derive rules) is validated against a
    model after it is read here, so the messages for both steps live in this module."""
    message = _translate(error)
    hint = colon_hint(error)
    if hint:
        return f"{message}; {hint}"
    if error["type"] == "extra_forbidden" and model is not None and error.get("loc"):
        name = error["loc"][-1]
        close = closest_field(model, error["loc"][:-1], str(name)) \
            if isinstance(name, str) else None
        if close:
            return f"{message}; có phải định viết '{close}'?"
    return message


def _translate(error: dict[str, Any]) -> str:
    """Return the table's wording of ``error`` (see ``translate``)."""
    table = _messages()
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind in ("ky_tu_dieu_khien", "ma_cu", "ky_tu_khong_in_duoc"):
        return error["msg"]
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        ctx["expected"] = ctx.get("expected", "").replace(" or ", ", ")
    template = table.get(kind, table["khac"])
    try:
        return template.format(type=kind, **ctx)
    except (KeyError, IndexError):
        return table["khac"].format(type=kind)


COLON_HINT_TYPES = ("string_type", "list_type")
"""Error types where a one-key mapping means the clerk typed ``text: more text`` unquoted."""


def _yaml_quoted(text: str) -> str:
    """Return ``text`` as a double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def colon_hint(error: dict[str, Any]) -> str | None:
    """Return the explanation for a text (or one-paragraph item) that YAML read as a
    one-key mapping because of an unquoted ``: ``, with the line to type instead
    (``- "Lưu: VT, NC"``); None for any other error."""
    value = error.get("input")
    if error.get("type") not in COLON_HINT_TYPES or not isinstance(value, dict) \
            or len(value) != 1:
        return None
    ((key, rest),) = value.items()
    if not isinstance(key, str) or isinstance(rest, dict | list):
        return None
    if rest is None:
        text = f"{key}:"
    elif isinstance(rest, bool):
        text = f"{key}: {'true' if rest else 'false'}"
    else:
        text = f"{key}: {rest}"
    if len(text) > 80:
        text = text[:79] + "…"
    loc = error.get("loc") or ()
    where = "- " if loc and isinstance(loc[-1], int) else (f"{loc[-1]}: " if loc else "")
    return (f"dòng này có dấu ': ' (hai chấm rồi dấu cách) nên YAML đọc thành cặp "
            f"«tên: giá trị» ('{key[:40]}' → {'rỗng' if rest is None else repr(str(rest)[:40])}"
            f"); nếu đó là chữ của văn bản, đặt cả dòng trong ngoặc kép: "
            f"{where}{_yaml_quoted(text)}")


def _plain_name(name: str) -> str:
    """Return a typed field name without diacritics, lower case, ``_`` between words:
    "Trích yếu" -> "trich_yeu", so the closest field is found however it was typed."""
    from vbhc.lang.marks import unmarked  # only for a field name that is not known

    return re.sub(r"[\s\-]+", "_", unmarked(name).lower().strip())


def _models_in(annotation: Any) -> list[type]:
    """Return the Pydantic model classes anywhere in a field annotation (inside lists,
    dicts, unions, Annotated)."""
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def known_fields(model: type, loc: tuple[Any, ...]) -> list[str]:
    """Return the field names the Pydantic ``model`` accepts at ``loc`` (a location from
    one of its validation errors, without the unknown name itself), sorted; list indexes,
    dict keys and Pydantic's union-member names in ``loc`` are stepped over."""
    current = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        inner = [m for c in current if part in c.model_fields
                 for m in _models_in(c.model_fields[part].annotation)]
        if inner:
            current = inner
    return sorted({name for c in current for name in c.model_fields})


def closest_field(model: type, loc: tuple[Any, ...], name: str) -> str | None:
    """Return the field of ``model`` at ``loc`` closest to the unknown ``name`` (a typo,
    or the name typed with diacritics or spaces), or None when nothing is close
    (``difflib.get_close_matches``, cutoff 0.6)."""
    names = known_fields(model, loc)
    plain = _plain_name(name[:MAX_KEY])
    if plain in names and plain != name:
        return plain
    found = difflib.get_close_matches(plain, names, n=1, cutoff=0.6)
    return found[0] if found else None


def _join(path: str, part: Any) -> str:
    """Return ``path`` extended by one location part, as ``format_path`` writes it."""
    if isinstance(part, str) and part[:1] in "<" or "(" in str(part):
        return path  # Pydantic's names for union members and validators, not fields
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else str(part)


def format_path(loc: tuple[Any, ...]) -> str:
    """Return a Pydantic location (a tuple of keys and 0-based indexes) as the clerk writes
    it: ``("nhiem_vu", 2, "thoi_gian")`` -> ``nhiem_vu[2].thoi_gian``; Pydantic's own
    union-member and validator names are left out. "" for ``()``."""
    out = ""
    for part in loc:
        out = _join(out, part)
    return out


_COMMENT_AFTER = LazyPattern(r"[ \t]+#([^\n]*)")
_BLANKS = (" ", "\t")
"""What a comment after a value starts with (see ``Lines._comment_after``)."""
_NUMERIC_FIRST = frozenset("+-0123456789")
"""What a value that ``LOOKS_NUMERIC_RE`` matches starts with."""
_STR, _MAP, _SEQ, _MERGE = (f"{_TAG}{name}" for name in ("str", "map", "seq", "merge"))
_SCALAR_TAGS = frozenset(f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null"))


class _NotPlain(Exception):
    """A document ``Lines.plain`` leaves to the general way."""


class Lines:
    """Field path -> line number, read from the YAML node tree; also the duplicate keys,
    the plain scalars that YAML 1.1 would have read as numbers (``looks_numeric``) and the
    warnings found while reading (``notes``: Problems with severity ``cảnh báo``, path and
    line, no file): text after `` #`` dropped as a comment, control characters replaced.

    ``text`` (the YAML text the node tree was composed from) is needed for the comment
    check; without it no comment is looked for. ``spans``: keep where each scalar starts and
    ends, for ``path_at`` (only needed when a control character was replaced)."""

    def __init__(self, node: yaml.Node | None, text: str | None = None,
                 spans: bool = False) -> None:
        self._map: dict[str, int] = {}
        self._root: yaml.Node | None = None  # the map is made from it when first needed
        self._whole: str | None = None  # or composed from this text (a chunked read)
        self.duplicates: list[Problem] = []
        self.looks_numeric: list[tuple[tuple[Any, ...], str]] = []
        self.notes: list[Problem] = []
        self._spans: list[tuple[int, int, int, int, str]] | None = [] if spans else None
        self.texts: list[str] | None = None
        """The string values of the data (mapping values and list items, as check_data_size
        gathers them) when ``plain`` read it and found it within check_data_size's limits
        (MAX_DEPTH, MAX_NODES, MAX_KEY: plain data holds no Decimal and no shared
        reference), so that vbhc.loader.load need not walk it again; else None."""
        self._text = text
        self._sizes: list[Any] | None = None  # plain's counts while it reads
        self._read_texts: list[str] = []  # the string values plain met
        self._note_locs: list[tuple[Any, ...]] = []  # where each of plain's notes is
        if node is not None:
            self._walk(node, ())
        self._text = None

    @property
    def lines(self) -> dict[str, int]:
        """Field path -> 1-based line (a value's first line; a key's when it has no value
        node of its own). Made from the node tree when first asked for (``plain``)."""
        if self._root is not None:
            self._map, self._root = Lines(self._root).lines, None
        elif self._whole is not None:  # read in chunks: compose the whole text once
            loader = LOADER(self._whole)
            try:
                self._map = Lines(loader.get_single_node()).lines
            finally:
                loader.dispose()
            self._whole = None
        return self._map

    @classmethod
    def plain(cls, loader: Any, node: yaml.Node, text: str) -> tuple[Any, Lines] | None:
        """Return the data of the composed document ``node`` and its Lines, in one walk,
        when the document is plain: implicit or plain-tag scalars, no anchors or aliases,
        no merge keys, no mapping or list used as a key, no duplicate key, nesting within
        MAX_DEPTH, and every value accepted by its constructor. None otherwise, and then
        nothing is said: ``parse`` reads the document the general way (inspect_nodes, Lines,
        the constructor), which gives the refusal its message. For a plain document the
        result is what the general way gives; the field -> line map is made only when a
        message needs a line."""
        found = cls._plain_read(loader, node, text)
        if found is None:
            return None
        data, lines, count, past = found
        lines._root = node
        if not past and count <= MAX_NODES:
            lines.texts = lines._read_texts
        return data, lines

    @classmethod
    def _plain_read(cls, loader: Any, node: yaml.Node, text: str, level: int = 0
                    ) -> tuple[Any, Lines, int, bool] | None:
        """Return what ``plain`` reads of ``node`` (its data and Lines, the string values in
        ``_read_texts``, the location of each note in ``_note_locs``), the values counted
        (the root is one) and whether one was past a limit of check_data_size; None when the
        document is not plain. ``level``: how deep ``node`` stands in the document (a list
        item read alone by ``read_chunked`` is read at 1)."""
        if "&" in text:  # an anchor (or a "&" in a text): aliases need the general way
            return None
        lines = cls(None)
        lines._text = text
        texts: list[str] = []
        lines._sizes = [1, False, texts]  # values met (the root is one), past a limit?, texts
        try:
            data = lines._plain(loader, node, (), level)
        except Exception:  # noqa: BLE001 - the general way raises it again, or words it
            return None
        count, past, _ = lines._sizes
        lines._text = lines._sizes = None
        lines._read_texts = texts
        return data, lines, count, past

    def _plain(self, loader: Any, node: yaml.Node, loc: tuple[Any, ...], level: int) -> Any:
        """Return the data of ``node`` (see ``plain``); _NotPlain where the general way must
        read it."""
        cls = node.__class__
        tag = node.tag
        if cls is yaml.ScalarNode:
            if tag == _STR:
                value = node.value
                self._sizes[2].append(value)
                if not node.style:
                    if value[:1] in _NUMERIC_FIRST and LOOKS_NUMERIC_RE.match(value):
                        self.looks_numeric.append((loc, value))
                    if loc and self._text[node.end_mark.index:node.end_mark.index + 1] \
                            in _BLANKS:
                        said = len(self.notes)
                        self._comment_after(node, loc, format_path(loc))
                        if len(self.notes) > said:
                            self._note_locs.append(loc)
                return value
            if tag not in _SCALAR_TAGS:
                raise _NotPlain
            return loader.yaml_constructors[tag](loader, node)
        if level >= MAX_DEPTH:
            raise _NotPlain
        sizes = self._sizes
        sizes[0] += len(node.value)
        if level >= MAX_DEPTH - 1:  # its values would be past MAX_DEPTH: check_data_size
            sizes[1] = True  # words the refusal
        if cls is yaml.MappingNode:
            if tag != _MAP:
                raise _NotPlain
            out: dict[Any, Any] = {}
            seen: set[str] = set()
            for key, value in node.value:
                if key.__class__ is not yaml.ScalarNode or key.tag == _MERGE:
                    raise _NotPlain
                name = key.value
                if name in seen:
                    raise _NotPlain
                if len(name) > MAX_KEY:
                    sizes[1] = True
                seen.add(name)
                out[self._plain(loader, key, (), MAX_DEPTH) if key.tag != _STR else name] = \
                    self._plain(loader, value, (*loc, name), level + 1)
            return out
        if cls is yaml.SequenceNode and tag == _SEQ:
            return [self._plain(loader, item, (*loc, i), level + 1)
                    for i, item in enumerate(node.value)]
        raise _NotPlain

    def _walk(self, node: yaml.Node, loc: tuple[Any, ...], path: str = "") -> None:
        self._map[path] = _line(node)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(_line(key))
                child = _join(path, name)
                if name in seen:
                    self.duplicates.append(Problem(child, "trường này được khai báo hai lần",
                                                   line=_line(key)))
                seen.add(name)
                self._map[child] = _line(key)
                self._walk(value, (*loc, name), child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*loc, i), f"{path}[{i}]")
        else:
            if self._spans is not None:
                start, end = node.start_mark, node.end_mark
                self._spans.append((start.line, start.column, end.line, end.column, path))
            if not node.style and node.tag == f"{_TAG}str":
                if LOOKS_NUMERIC_RE.match(node.value):
                    self.looks_numeric.append((loc, node.value))
                if self._text is not None and loc:
                    self._comment_after(node, loc, path)

    def _comment_after(self, node: yaml.ScalarNode, loc: tuple[Any, ...], path: str) -> None:
        """Warn when a plain text value is followed by `` # ...`` on its last line: YAML
        drops that part as a comment. A comment on a line of its own, or after a number,
        true/false, null or a quoted value, is taken as meant."""
        found = _COMMENT_AFTER.match(self._text or "", node.end_mark.index)
        if not found:
            return
        comment = found.group(1).strip()
        value = " ".join(node.value.split())
        head = value if len(value) <= 40 else "…" + value[-30:]
        tail = comment if len(comment) <= 40 else comment[:30] + "…"
        where = "- " if isinstance(loc[-1], int) else f"{loc[-1]}: "
        self.notes.append(Problem(
            path, f"phần '#{found.group(1)[:60].rstrip()}' sau giá trị trên cùng dòng bị YAML "
            "bỏ đi (coi là chú thích), không có trong văn bản; nếu đó là chữ của văn bản, đặt "
            f"cả giá trị trong ngoặc kép: {where}{_yaml_quoted(f'{head} # {tail}')}",
            line=node.end_mark.line + 1, severity="cảnh báo"))

    def path_at(self, line: int, column: int) -> str:
        """Return the field path of the value at 1-based ``line`` and 0-based ``column``
        (the innermost scalar spanning it, when built with ``spans``), else of the nearest
        field above it."""
        spot = (line - 1, column)
        best: tuple[int, int, int, int, str] | None = None
        for span in self._spans or ():
            if span[:2] <= spot <= span[2:4] and (best is None or span[:2] > best[:2]):
                best = span
        if best is not None:
            return best[4]
        above = [(n, len(p), p) for p, n in self.lines.items() if n <= line]
        return max(above)[2] if above else ""

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """Return the line of ``loc``, or of its nearest ancestor present in the file."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(format_path(loc[:end]))
            if found:
                return found
        return None


_KINDS = {yaml.ScalarNode: ("str", "int", "float", "bool", "null", "merge"),
          yaml.SequenceNode: ("seq",), yaml.MappingNode: ("map",)}


def _check_tag(node: yaml.Node) -> None:
    if node.tag not in PLAIN_TAGS:
        raise Refused(f"thẻ YAML '{_short_tag(node.tag)}' không được dùng; vbhc chỉ nhận "
                      "chuỗi, số, true/false, null, danh sách và nhóm trường", _line(node))
    if node.tag[len(_TAG):] not in _KINDS[type(node)]:
        raise Refused(f"thẻ YAML '{_short_tag(node.tag)}' không hợp với giá trị "
                      "(danh sách hay nhóm trường)", _line(node))


def _kids(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return node.value


def inspect_nodes(root: yaml.Node) -> None:
    """Refuse unknown tags, self-containing aliases, nesting deeper than MAX_DEPTH and alias
    expansion beyond MAX_ALIAS_NODES; in time linear in the number of distinct nodes (each
    node's expanded size is computed once, however many aliases point to it).

    Raises ``Refused`` with the offending line.
    """
    size: dict[int, int] = {}  # expanded node count below and including each node
    depth: dict[int, int] = {}  # collections down to the deepest leaf, this one included
    active: set[int] = set()  # the collections on the current path (entered, not finished)
    stack = [root]
    scalar = yaml.ScalarNode
    while stack:
        node = stack[-1]
        key = id(node)
        if key in size:
            stack.pop()
            continue
        if node.__class__ is scalar:
            _check_tag(node)
            size[key], depth[key] = 1, 0
            stack.pop()
            continue
        kids = _kids(node)
        if key not in active:  # enter: check, then push the children not yet measured
            _check_tag(node)
            active.add(key)
            for kid in kids:
                if id(kid) in active:
                    raise Refused("bí danh YAML (*) trỏ vào chính nhóm chứa nó", _line(kid))
                if id(kid) not in size:
                    stack.append(kid)
            continue
        stack.pop()  # every child measured: finish
        active.discard(key)
        size[key] = 1 + sum(size[id(k)] for k in kids)
        depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
        if depth[key] > MAX_DEPTH:
            raise Refused(f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp); văn bản hành "
                          "chính chỉ có vài cấp mục", _line(node))
    extra = size[id(root)] - len(size)
    if extra > MAX_ALIAS_NODES:
        raise Refused(f"bí danh YAML (*) lặp lại quá nhiều ({extra} phần tử, tối đa "
                      f"{MAX_ALIAS_NODES}); văn bản không cần lặp như vậy", _line(root))


MAX_NODES = 2_000_000
"""Values (mappings, lists, scalars) data may hold once shared references are counted as
many times as they appear; a 20,000-row table has about 200,000."""


def check_data_size(data: Any, source: str = "<dữ liệu>", texts: list[str] | None = None
                    ) -> None:
    """Refuse already-built ``data`` (a dict from a web service, or parsed YAML) nested deeper
    than MAX_DEPTH or holding more than MAX_NODES values, counting shared and self-containing
    references each time they appear; without recursion, in time bounded by MAX_NODES.
    ``texts``, when given, receives every string value met (mapping values and list items,
    not keys), so that a caller can look at them all without a walk of its own.

    Raises ``InputError``.
    """
    count, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        count += 1
        if texts is not None and isinstance(value, str):
            texts.append(value)
        if level > MAX_DEPTH:
            raise InputError([Problem("", f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp); "
                                      "văn bản hành chính chỉ có vài cấp mục", source)])
        if count > MAX_NODES:
            raise InputError([Problem("", f"dữ liệu có quá nhiều phần tử (quá {MAX_NODES})",
                                      source)])
        if isinstance(value, dict):
            for key in value:
                if isinstance(key, str) and len(key) > MAX_KEY:
                    raise InputError([Problem("", f"tên trường '{key[:60]}…' dài quá {MAX_KEY} "
                                              "ký tự; không có trường nào như vậy", source)])
            stack += [(v, level + 1) for v in value.values()]
        elif isinstance(value, list | tuple):
            stack += [(v, level + 1) for v in value]
        elif isinstance(value, Decimal) and not _sane_decimal(value):
            raise InputError([Problem("", f"số {str(value)[:40]} không dùng được (vô hạn, NaN "
                                      f"hay số mũ ngoài ±{MAX_EXPONENT})", source)])


MAX_KEY = 200
"""The longest field name accepted from built data (messages quote it)."""
MAX_EXPONENT = 60
"""Decimals from built data (``json.loads(..., parse_float=Decimal)``) must have an exponent
within ±60: ``Decimal('1E-100000000')`` made validation run for minutes."""


def _sane_decimal(value: Decimal) -> bool:
    return value.is_finite() and -MAX_EXPONENT <= value.as_tuple().exponent <= MAX_EXPONENT \
        and value.adjusted() <= MAX_EXPONENT


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag


def _syntax_error(text: str, source: str, exc: yaml.YAMLError) -> InputError:
    """Word a syntax error as the pure parser does (libyaml's texts differ)."""
    deep = (getattr(exc, "problem", None) or "").startswith("exceeded maximum nesting")
    if LOADER is not _PureLoader and not deep:
        try:
            _PureLoader(text).get_single_node()
        except yaml.YAMLError as pure:
            exc = pure
        except RecursionError:
            pass
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    if isinstance(exc, yaml.reader.ReaderError):  # clean_controls leaves none: belt and braces
        line = text.count("\n", 0, exc.position) + 1
        return InputError([Problem("", f"lỗi cú pháp YAML: ký tự U+{exc.character:04X} không "
                                   "dùng được trong tệp YAML; xóa ký tự đó", source, line)])
    if line is None:
        line = _last_line(exc)
    problem = yaml_message(getattr(exc, "problem", None) or "")
    return InputError([Problem("", f"lỗi cú pháp YAML: {problem}", source, line)])


UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd"
                         "\U00010000-\U0010ffff]")
"""Characters a YAML 1.1/1.2 stream may not hold (PyYAML and libyaml refuse them)."""
PAGE_BREAKS = {"\x0c": "ngắt trang (form feed, U+000C)", "\x0b": "tab dọc (U+000B)"}
"""Control characters that are only white space: text copied from a PDF carries a form feed
at each page break. vbhc turns them into a space (or drops them beside other white space)
and warns; every other control character is refused with its line."""
MAX_CONTROL_NOTES = 20


@cache
def _control_runs() -> re.Pattern[str]:
    """Return the pattern of a run of form feeds/vertical tabs or of one unprintable
    character; compiled on first use (~2.5 ms: its class spans all of Unicode), which only
    a text holding one of them reaches."""
    return re.compile("[\x0b\x0c]+|" + UNPRINTABLE.pattern)


def clean_controls(text: str, source: str) -> tuple[str, list[tuple[int, int, str, bool]]]:
    """Return ``text`` with form feeds and vertical tabs replaced, and where each run was:
    (1-based line, 0-based column in the returned text, character, True when replaced by a
    space rather than dropped), at most
    ``MAX_CONTROL_NOTES``. A page break between two non-blank characters becomes a space;
    beside white space, a line start or a line end it is dropped.

    Raises ``InputError`` naming ``source``, the line and column of each other character
    YAML cannot hold (C0/C1 controls, DEL, U+FFFE/U+FFFF), at most ``MAX_CONTROL_NOTES``.
    Linear in the length of ``text``.
    """
    if UNPRINTABLE.search(text) is None:
        return text, []
    out: list[str] = []
    spots: list[tuple[int, int, str, bool]] = []
    refused: list[Problem] = []
    last = line_start = removed = 0
    line, previous = 1, "\n"
    for match in _control_runs().finditer(text):
        i, run = match.start(), match.group()
        newline = text.rfind("\n", last, i)
        if newline >= 0:
            line += text.count("\n", last, i)
            line_start, removed = newline + 1, 0
        if i > last:
            out.append(text[last:i])
            previous = text[i - 1]
        last = match.end()
        column = i - line_start - removed
        if run[0] not in PAGE_BREAKS:
            if len(refused) < MAX_CONTROL_NOTES:
                refused.append(Problem("", f"có ký tự điều khiển U+{ord(run):04X} ở cột "
                                       f"{column + 1}, không dùng được trong tệp YAML (thường do "
                                       "dán chữ từ PDF hay Word); xóa ký tự đó", source, line))
            continue
        after = text[last] if last < len(text) else "\n"
        replaced = not (previous.isspace() or after.isspace())
        if replaced:
            out.append(" ")
            previous = " "
        removed += len(run) - replaced
        if len(spots) < MAX_CONTROL_NOTES:
            spots.append((line, column, run[0], replaced))
    if refused:
        raise InputError(refused)
    out.append(text[last:])
    return "".join(out), spots


def _control_notes(spots: list[tuple[int, int, str, bool]], lines: Lines) -> list[Problem]:
    """Return the warnings for the page breaks ``clean_controls`` replaced or dropped."""
    return [Problem(lines.path_at(line, column), f"ký tự {PAGE_BREAKS[char]} ở cột "
                    f"{column + 1} (thường có khi dán chữ từ PDF) "
                    + ("đã được thay bằng dấu cách" if replaced else "đã được bỏ")
                    + "; xem lại chữ ở chỗ đó", line=line, severity="cảnh báo")
            for line, column, char, replaced in spots]


def _last_line(exc: yaml.YAMLError) -> int | None:
    """Return the line of a syntax error's context mark when it has no problem mark."""
    mark = getattr(exc, "context_mark", None)
    return mark.line + 1 if mark else None


_CUT = re.compile(r"\n(?=([a-z_][a-z0-9_]*:|  -)(?:[ \r\n]|\Z))")
"""The line break before a line that opens a top-level field (a snake_case name at column
0, ``:``, then a space or the line's end) or an item of a list at column 2 (``  -`` then a
space or the line's end): where ``read_chunked`` may cut a document."""
_FIRST_FIELD = re.compile(r"[a-z_][a-z0-9_]*:(?:[ \r\n]|\Z)")
"""A text that opens with a field line."""
_LIST_FIELD = re.compile(r"([a-z_][a-z0-9_]*):(?: *| +#[^\n]*)\r?\n(?: *(?:#[^\n]*)?\r?\n)*")
"""A field line with no value on it (a comment at most), then blank or comment lines."""
_HEAD = re.compile(r"(?: *(?:#[^\n]*)?\r?\n)*")
"""Blank lines and comment lines: all that may stand before a chunked document's first field."""
_ODD_BREAK = LazyPattern(r"\r(?!\n)")

MAX_PIECES = 512
"""A text cut into more pieces than this is read whole (each piece has its own reader)."""
MAX_KEPT_CHUNK = 40_000
"""The longest text (characters) of a field or list item whose reading is kept."""
MAX_KEPT_CHUNKS = 1024
MAX_KEPT_CHUNK_BYTES = 16 * 1024 * 1024
"""At most this many readings of fields and list items are kept, taking at most this many
bytes in all (texts and readings, deep ``sys.getsizeof``); the oldest go first."""
_CHUNKS: OrderedDict[str, tuple[Any, ...]] = OrderedDict()
_CHUNK_BYTES = [0]
_CHUNK_LOCK = threading.Lock()
MAX_SEEN = 8192
_SEEN: dict[int, None] = {}
"""The hashes of the last MAX_SEEN piece texts read and not kept: a piece is kept once it
comes again, and a text mostly made of pieces never met is read whole, in one reader (a
document unlike the ones before reads as fast as before). A hash met by chance only
changes which way a text is read, never what is read."""
_LEAVES = frozenset((str, int, float, bool, type(None)))


def _copied(value: Any) -> Any:
    """Return plain data (dicts, lists, scalars) with new dicts and lists, the same scalars."""
    if value.__class__ is dict:
        return {k: v if v.__class__ in _LEAVES else _copied(v) for k, v in value.items()}
    return [v if v.__class__ in _LEAVES else _copied(v) for v in value]


def _deep_size(value: Any) -> int:
    """Return the bytes ``value`` (nested tuples, lists, dicts, scalars) takes, counting
    every object once per place it appears (``sys.getsizeof`` each)."""
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack += item.keys()
            stack += item.values()
        elif isinstance(item, list | tuple):
            stack += item
    return total


def _read_chunk(chunk: str, keep: bool = True) -> tuple[Any, ...] | None:
    """Return what ``Lines.plain`` reads of the YAML text ``chunk``: one or more top-level
    fields (a mapping, read at level 0), or one item of a top-level field's list (``  -
    ...``, read as a list of one item at level 1, as in the document); as (data, string
    values, numeric-looking values, comment notes as (location, message, line in
    ``chunk``), values counted but the root, past a limit?, bytes held: counted when
    ``keep``, else 0). None when it is not plain or not YAML: the whole text is then read
    as before."""
    item = chunk.startswith(" ")
    loader = LOADER(chunk)
    try:
        node = loader.get_single_node()
        found = Lines._plain_read(loader, node, chunk, 1 if item else 0) \
            if node is not None and node.__class__ is (
                yaml.SequenceNode if item else yaml.MappingNode) else None
    except Exception:  # noqa: BLE001 - the whole read raises it again, or words it
        return None
    finally:
        loader.dispose()
    if found is None or found[0].__class__ is not (list if item else dict) \
            or item and len(found[0]) != 1:
        return None
    data, lines, count, past = found
    notes = tuple((loc, p.message, p.line) for loc, p in zip(lines._note_locs, lines.notes,
                                                              strict=True))
    kept = (data, tuple(lines._read_texts), tuple(lines.looks_numeric), notes, count - 1,
            past)
    return (*kept, _deep_size(kept) + sys.getsizeof(chunk) if keep else 0)


def _keep(chunk: str, reading: tuple[Any, ...]) -> None:
    """Keep ``reading`` (``_read_chunk(chunk)``) by its text, the oldest out first within
    MAX_KEPT_CHUNKS and MAX_KEPT_CHUNK_BYTES."""
    with _CHUNK_LOCK:
        if chunk not in _CHUNKS:
            _CHUNKS[chunk] = reading
            _CHUNK_BYTES[0] += reading[-1]
        while _CHUNKS and (len(_CHUNKS) > MAX_KEPT_CHUNKS
                           or _CHUNK_BYTES[0] > MAX_KEPT_CHUNK_BYTES):
            _CHUNK_BYTES[0] -= _CHUNKS.popitem(last=False)[1][-1]


def _pieces(text: str) -> tuple[list[tuple[str, int, tuple[Any, ...]]], list[str]] | None:
    """Return the pieces ``read_chunked`` reads: (text, where it starts in ``text``,
    () for top-level fields or (list field name, item index) for an item), and the parts of
    ``text`` outside them (before the first field; a list field's line up to its first
    item). A top-level field whose line holds nothing after its ``:`` but a comment, then
    only blank or comment lines before items at column 2 (``  - ...``), gives one piece per
    item; any other one piece. None when the text does not open with a field after blank
    and comment lines, or holds what may be a document marker or directive (``---``,
    ``...``, ``%`` at a line start) or a line break other than LF and CRLF (YAML also
    breaks lines at a lone CR, NEL, LS and PS, where the patterns here see none), past
    MAX_PIECES, or when a list field is given twice (the whole read refuses it)."""
    fields = [0] if _FIRST_FIELD.match(text) else []
    items = []
    for m in _CUT.finditer(text):
        (items if m.group(1) == "  -" else fields).append(m.end())
    if not fields or len(fields) > MAX_PIECES or _HEAD.fullmatch(text, 0, fields[0]) is None \
            or "\n---" in text or "\n..." in text or "\n%" in text \
            or "\r" in text and _ODD_BREAK.search(text) \
            or "\x85" in text or "\u2028" in text or "\u2029" in text:
        return None
    fields.append(len(text))
    pieces: list[tuple[str, int, tuple[Any, ...]]] = []
    outside = [text[:fields[0]]]
    lists: set[str] = set()
    k, n = 0, len(items)
    for start, end in zip(fields, fields[1:], strict=False):
        while k < n and items[k] < start:
            k += 1
        head = _LIST_FIELD.match(text, start, end) if k < n and items[k] < end else None
        if head is None or items[k] != head.end() \
                or _resolve(None, yaml.ScalarNode, head.group(1), (True, False)) != _STR:
            pieces.append((text[start:end], start, ()))
            continue
        name = head.group(1)
        if name in lists:
            return None
        lists.add(name)
        outside.append(text[start:head.end()])
        i = 0
        while k < n and items[k] < end:
            stop = items[k + 1] if k + 1 < n and items[k + 1] < end else end
            pieces.append((text[items[k]:stop], items[k], (name, i)))
            i, k = i + 1, k + 1
            if len(pieces) > MAX_PIECES:  # before slicing the rest of a long list
                return None
    return pieces, outside


def _breaks_before(text: str, start: int, counted: list[int]) -> int:
    """Return the line breaks in ``text`` before ``start``; ``counted`` is [offset, breaks
    before it] from the last call (offsets only grow), so a text is counted once over, not
    once per comment note (a long field, then thousands of notes: quadratic)."""
    counted[1] += text.count("\n", counted[0], start)
    counted[0] = start
    return counted[1]


def read_chunked(text: str) -> tuple[Any, Lines] | None:
    """Return what ``parse`` returns for ``text``, read in pieces: each top-level field,
    and each item of a field's list at column 2. A batch of documents repeats most of its
    fields and items word for word, and a piece's reading is kept by its text once it comes
    a second time (``_CHUNKS``); its data is copied (new dicts and lists) every time.

    ``text`` is cut before each line that opens a top-level field (``_pieces``), and such a
    field's list before each ``  - `` line. There the YAML reader is in the root mapping
    expecting a key, or in that list expecting an item, whatever came before: a line at
    that column ends every plain or block scalar and block collection opened deeper; an
    unclosed quote or bracket leaves the piece before unreadable alone (None below);
    anchors (``&``), directives and document markers, and odd line breaks are excluded.
    So each piece reads alone as it reads in the document (a list item one level deeper),
    its lines counted from its own first line. None, and ``text`` is read whole, when
    ``_pieces`` finds no cut, when a part between pieces holds '&' (the whole text is then
    read the general way, as Lines.plain leaves it), when a part not kept holds a character
    YAML cannot hold
    (``UNPRINTABLE``: clean_controls replaces or refuses it; a piece is kept only once
    free of them, so the text is free of them when None is not returned), when a piece is
    not plain (``Lines.plain``: tags, merge keys, anchors, depth...) or does not read, when
    two pieces give the same key or a piece a key that is not a text (the whole read
    compares keys by their text: '"1"' and '1' are one key; it words the refusal), or
    when more than half the text is in pieces never met (``_SEEN``: one reader for the whole text is
    faster; such a text is not searched for those characters here, clean_controls does).
    The field -> line map is made from the whole text when a message asks for a line."""
    found = _pieces(text)
    if found is None:
        return None
    pieces, outside = found
    readings = [_CHUNKS.get(piece) for piece, _, _ in pieces]
    new, seen = 0, []
    for (piece, _, _), found in zip(pieces, readings, strict=True):
        if found is None:
            key = hash(piece)
            seen.append(key in _SEEN)
            if not seen[-1]:
                new += len(piece)
                _SEEN[key] = None
    while len(_SEEN) > MAX_SEEN:
        try:
            del _SEEN[next(iter(_SEEN))]
        except (KeyError, RuntimeError, StopIteration):  # changed by another thread meanwhile
            break
    if 2 * new > len(text) or any("&" in part or UNPRINTABLE.search(part) for part in outside) \
            or any(UNPRINTABLE.search(piece) for (piece, _, _), found in zip(
                pieces, readings, strict=True) if found is None):
        return None
    data: dict[Any, Any] = {}
    texts: list[str] = []
    numeric: list[tuple[tuple[Any, ...], str]] = []
    notes: list[Problem] = []
    count, past, missed = 1, False, iter(seen)
    counted = [0, 0]  # line breaks before this offset of text: each counted once over
    for (piece, start, at), found in zip(pieces, readings, strict=True):
        if found is None:
            keep = next(missed) and len(piece) <= MAX_KEPT_CHUNK
            found = _read_chunk(piece, keep)
            if found is None:
                return None
            if keep:
                _keep(piece, found)
        part, part_texts, part_numeric, part_notes, part_count, part_past, _ = found
        if at:
            if at[1] == 0:
                if at[0] in data:
                    return None
                data[at[0]] = []
                count += 1  # the list itself (a value of the root mapping)
                past = past or len(at[0]) > MAX_KEY  # its name is in no piece: as plain
            data[at[0]].append(_copied(part[0]) if part[0].__class__ in (dict, list)
                               else part[0])
            numeric += [((*at, *loc[1:]), value) for loc, value in part_numeric]
            if part_notes:
                before = _breaks_before(text, start, counted)
                notes += [Problem(format_path((*at, *loc[1:])), message, line=before + number,
                                  severity="cảnh báo") for loc, message, number in part_notes]
        else:
            for key, value in part.items():
                if key.__class__ is not str or key in data:  # the whole read compares keys
                    return None  # by their text ('"1"' and '1' are the same key): words it
                data[key] = value if value.__class__ in _LEAVES else _copied(value)
            numeric += part_numeric
            if part_notes:
                before = _breaks_before(text, start, counted)
                notes += [Problem(format_path(loc), message, line=before + number,
                                  severity="cảnh báo") for loc, message, number in part_notes]
        texts += part_texts
        count += part_count
        past = past or part_past
    lines = Lines(None)
    lines.looks_numeric, lines.notes, lines._whole = numeric, notes, text
    if not past and count <= MAX_NODES:
        lines.texts = texts
    return data, lines


def parse(text: str, source: str) -> tuple[Any, Lines]:
    """Return the data in ``text`` and its line map (its ``notes``: the warnings found
    while reading: a page break replaced, text after `` #`` dropped as a comment).

    Raises ``InputError`` naming ``source`` and the line for syntax errors, control
    characters, refused tags, alias bombs, excessive nesting and duplicate keys.
    """
    chunked = read_chunked(text)
    if chunked is not None:
        return chunked
    text, spots = clean_controls(text, source)
    loader = LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:  # the pure parser only; it stopped where the nesting was
            mark = loader.get_mark() if hasattr(loader, "get_mark") else None
            raise Refused(f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
                          mark.line + 1 if mark else None) from None
        except Refused:
            raise
        except yaml.YAMLError as exc:
            raise _syntax_error(text, source, exc) from None
        if node is None:
            return None, Lines(None)
        fast = None if spots else Lines.plain(loader, node, text)
        if fast is not None:
            return fast
        inspect_nodes(node)
        lines = Lines(node, text, spans=bool(spots))
        lines.notes[:0] = _control_notes(spots, lines)
        if lines.duplicates:
            raise InputError([Problem(p.path, p.message, source, p.line)
                              for p in lines.duplicates])
        try:
            data = loader.construct_document(node)
        except ConstructorError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise Refused(yaml_message(exc.problem or ""), mark.line + 1 if mark else None
                          ) from None
    except Refused as exc:
        raise InputError([Problem("", exc.message, source, exc.line)]) from None
    finally:
        loader.dispose()
    return data, lines


def read_text(path: str | os.PathLike, source: str | None = None) -> str:
    """Return the UTF-8 text of the regular file ``path`` (BOM dropped).

    Raises ``ReadError`` for special files (FIFO, device), unreadable or oversized files, and
    ``InputError`` naming the line when the bytes are not UTF-8.
    """
    from vbhc.files import read_input_bytes

    raw = read_input_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem("", "tệp không phải văn bản UTF-8 (lưu lại bằng mã UTF-8)",
                                  source or str(path), line)]) from None


def load_file(path: str | os.PathLike, source: str | None = None) -> tuple[Any, Lines]:
    """Return the data and line map of the YAML file ``path``; messages name ``source``
    (default: the path). Raises what ``read_text`` and ``parse`` raise (ReadError,
    InputError)."""
    source = source or str(path)
    return parse(read_text(Path(path), source), source)
