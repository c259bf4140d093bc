"""load(): a YAML file -> a validated model, or every problem with its field path and line."""

from __future__ import annotations

import os
import unicodedata
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from vbhc.cross_checks import footnote_problems, markup_warnings
from vbhc.errors import InputError, Problem
from vbhc.model.common import VanBan
from vbhc.model.kinds import known_slugs, model_class
from vbhc.profiles import apply_profile


@cache
def _messages() -> dict[str, str]:
    text = files("vbhc.data").joinpath("loi-pydantic.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def format_path(loc: tuple[Any, ...]) -> str:
    """Return a Pydantic location as the clerk writes it: ``nhiem_vu[2].thoi_gian``."""
    out = ""
    for part in loc:
        if isinstance(part, str) and part[:1] in "<" or "(" in str(part):
            continue  # Pydantic's names for union members and validators, not fields
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def translate(error: dict[str, Any]) -> str:
    """Return the Vietnamese message for one Pydantic error."""
    table = _messages()
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    if kind in ("ky_tu_dieu_khien", "ma_cu"):
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


def _yaml_message(problem: str) -> str:
    """Return a Vietnamese explanation of a PyYAML problem, keeping the original text."""
    for start, message in _messages()["yaml"].items():
        if problem.startswith(start):
            return message
    return f"cú pháp YAML không hợp lệ ({problem})" if problem else "cú pháp YAML không hợp lệ"


class _Lines:
    """Field path -> line number, read from the YAML node tree."""

    def __init__(self, node: yaml.Node | None) -> None:
        self.lines: dict[str, int] = {}
        self.duplicates: list[Problem] = []
        if node is not None:
            self._walk(node, ())

    def _walk(self, node: yaml.Node, loc: tuple[Any, ...]) -> None:
        self.lines[format_path(loc)] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key, value in node.value:
                name = key.value
                if name in seen:
                    self.duplicates.append(Problem(
                        format_path((*loc, name)), "trường này được khai báo hai lần",
                        line=key.start_mark.line + 1))
                seen.add(name)
                self.lines[format_path((*loc, name))] = key.start_mark.line + 1
                self._walk(value, (*loc, name))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*loc, i))

    def line(self, loc: tuple[Any, ...]) -> int | None:
        """Return the line of ``loc``, or of its nearest ancestor present in the file."""
        for end in range(len(loc), -1, -1):
            found = self.lines.get(format_path(loc[:end]))
            if found:
                return found
        return None


MAX_DEPTH = 40  # mappings and lists, counted together; a real document needs about 12


def _depth(data: Any) -> int:
    """Return how deeply ``data`` nests, without recursion."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if level > MAX_DEPTH:
            break
        if isinstance(value, dict):
            stack += [(v, level + 1) for v in value.values()]
        elif isinstance(value, list):
            stack += [(v, level + 1) for v in value]
    return deepest


def _not_nfc(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, str):
        return [] if unicodedata.is_normalized("NFC", data) else [loc]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _not_nfc(v, (*loc, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _not_nfc(v, (*loc, i))]
    return []


def parse_yaml(text: str, source: str) -> tuple[Any, _Lines]:
    """Return the data in ``text`` and its line map; InputError on a YAML syntax error."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
        lines = _Lines(node)
    except RecursionError:
        raise InputError([Problem("", f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp)",
                                  source)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = _yaml_message(getattr(exc, "problem", None) or "")
        raise InputError([Problem("", f"lỗi cú pháp YAML: {problem}", source, line)]) from None
    if _depth(data) > MAX_DEPTH:
        raise InputError([Problem("", f"cấu trúc lồng nhau quá sâu (quá {MAX_DEPTH} cấp); "
                                  "văn bản hành chính chỉ có vài cấp mục", source)])
    if lines.duplicates:
        raise InputError([Problem(p.path, p.message, source, p.line) for p in lines.duplicates])
    return data, lines


def validate_data(data: Any, source: str = "<dữ liệu>", lines: _Lines | None = None,
                  warnings: list[str] | None = None, base: Path | None = None) -> VanBan:
    """Return the model for already-parsed ``data``; InputError listing every problem.

    A profile named in ``co_quan`` is read relative to ``base`` (the document's folder).
    """
    lines = lines or _Lines(None)
    if not isinstance(data, dict):
        raise InputError([Problem("", "tệp phải là một nhóm trường (khóa: giá trị), "
                                  "bắt đầu bằng 'loai: ...'", source, 1)])
    slug = data.get("loai")
    if slug not in known_slugs():
        got = "chưa khai báo" if slug is None else f"'{slug}' chưa được hỗ trợ"
        raise InputError([Problem("loai", f"loại văn bản {got}; các loại dùng được: "
                                  f"{', '.join(known_slugs())}", source, lines.line(("loai",)))])
    data = apply_profile(data, base or Path.cwd(), source)
    if warnings is not None:
        for loc in _not_nfc(data):
            warnings.append(str(Problem(format_path(loc), "văn bản ở dạng Unicode tổ hợp (NFD); "
                                        "đã chuẩn hóa sang dạng dựng sẵn (NFC)", source,
                                        lines.line(loc))))
    try:
        doc = model_class(slug).model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(format_path(err["loc"]), translate(err), source, lines.line(err["loc"]))
            for err in exc.errors(include_url=False)
        ]
        raise InputError(problems) from None
    problems = [
        Problem(p.path, p.message, source, lines.line(_loc(p.path)))
        for p in footnote_problems(doc)
    ]
    if problems:
        raise InputError(problems)
    if warnings is not None:
        warnings += [str(Problem(p.path, p.message, source, lines.line(_loc(p.path))))
                     for p in markup_warnings(doc)]
    return doc


def _loc(path: str) -> tuple[Any, ...]:
    loc: list[Any] = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            loc.append(int(part[1:-1]))
        elif part:
            loc.append(part)
    return tuple(loc)


def load(path: str | os.PathLike, warnings: list[str] | None = None) -> VanBan:
    """Return the validated model in the YAML file at ``path``.

    Raises InputError (every problem, with field path and line) or ReadError. Strings
    that are not NFC are normalised; a message for each goes to ``warnings`` if given.
    """
    from vbhc.errors import ReadError

    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ReadError(f"{source}: không đọc được tệp ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError([Problem("", "tệp không phải văn bản UTF-8 (lưu lại bằng mã "
                                  "UTF-8)", source, line)]) from None
    data, lines = parse_yaml(text, source)
    return validate_data(data, source, lines, warnings, base=Path(path).parent)
