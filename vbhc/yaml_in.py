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
- nesting deeper than ``MAX_DEPTH`` (mappings and lists together) is refused.

Errors are ``InputError`` with Vietnamese messages naming the file and line.
"""

from __future__ import annotations

import os
import re
from decimal import Decimal
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.resolver import BaseResolver

from vbhc.errors import InputError, Problem

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
FLOAT_RE = re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
                      r"|^[-+]?(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+$")
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
LOOKS_NUMERIC_RE = re.compile(
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


@cache
def _messages() -> dict[str, Any]:
    """Return the message table ``data/loi-pydantic.yaml``: Pydantic error type -> template,
    and under ``yaml`` the PyYAML problem prefixes -> Vietnamese explanation."""
    text = files("vbhc.data").joinpath("loi-pydantic.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def yaml_message(problem: str) -> str:
    """Return a Vietnamese explanation of a PyYAML problem, keeping the original text."""
    for start, message in _messages()["yaml"].items():
        if problem.startswith(start):
            return message
    return f"cú pháp YAML không hợp lệ ({problem})" if problem else "cú pháp YAML không hợp lệ"


def translate(error: dict[str, Any]) -> str:
    """Return the Vietnamese message for one Pydantic error (an item of
    ``ValidationError.errors()``: ``type``, ``msg``, optional ``ctx``), worded by the table
    in ``data/loi-pydantic.yaml`` (``khac`` for a type it does not name). Never raises for
    a well-formed error dict; the field path is not included (see ``format_path``).

    Every YAML a user hands vbhc (documents, profiles, derive rules) is validated against a
    model after it is read here, so the messages for both steps live in this module."""
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


class Lines:
    """Field path -> line number, read from the YAML node tree; also the duplicate keys and
    the plain scalars that YAML 1.1 would have read as numbers (``looks_numeric``)."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.lines: dict[str, int] = {}
        self.duplicates: list[Problem] = []
        self.looks_numeric: list[tuple[tuple[Any, ...], str]] = []
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, loc: tuple[Any, ...], path: str = "") -> None:
        self.lines[path] = _line(node)
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else str(_line(key))
                child = _join(path, name)
                if name in seen:
                    self.duplicates.append(Problem(child, "trường này được khai báo hai lần",
                                                   line=_line(key)))
                seen.add(name)
                self.lines[child] = _line(key)
                self._walk(value, (*loc, name), child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*loc, i), f"{path}[{i}]")
        elif (not node.style and node.tag == f"{_TAG}str"
              and LOOKS_NUMERIC_RE.match(node.value)):
            self.looks_numeric.append((loc, node.value))

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


def check_data_size(data: Any, source: str = "<dữ liệu>") -> None:
    """Refuse already-built ``data`` (a dict from a web service, or parsed YAML) nested deeper
    than MAX_DEPTH or holding more than MAX_NODES values, counting shared and self-containing
    references each time they appear; without recursion, in time bounded by MAX_NODES.

    Raises ``InputError``.
    """
    count, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        count += 1
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
    problem = yaml_message(getattr(exc, "problem", None) or "")
    return InputError([Problem("", f"lỗi cú pháp YAML: {problem}", source, line)])


def parse(text: str, source: str) -> tuple[Any, Lines]:
    """Return the data in ``text`` and its line map.

    Raises ``InputError`` naming ``source`` and the line for syntax errors, refused tags,
    alias bombs, excessive nesting and duplicate keys.
    """
    loader = LOADER(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise Refused(f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", None) from None
        except Refused:
            raise
        except yaml.YAMLError as exc:
            raise _syntax_error(text, source, exc) from None
        if node is None:
            return None, Lines(None)
        inspect_nodes(node)
        lines = Lines(node)
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
