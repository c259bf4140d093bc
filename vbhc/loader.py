"""load(): a YAML file -> a validated model, or every problem with its field path and line."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vbhc.cross_checks import (
    footnote_problems,
    markup_warnings,
    party_warnings,
    rich_texts,
    table_warnings,
)
from vbhc.errors import InputError, Problem
from vbhc.model.classes import model_class
from vbhc.model.common import (
    VanBan,
    input_walked,
    normalised_fields,
    noted_parts,
    walk_parts,
)
from vbhc.model.kinds import known_slugs
from vbhc.model.layout import Block, appendix_blocks, body_blocks
from vbhc.model.muc import renamed_fields
from vbhc.model.text import MAX_KEPT_TEXT, needs_normalising
from vbhc.profiles import NO_PROFILES, ProfileAccess, apply_profile
from vbhc.yaml_in import (
    Lines,
    check_data_size,
    format_path,
    parse,
    read_text,
    translate,
)

__all__ = ["load", "parse_yaml", "validate_data"]

MAX_SUGGESTIONS = 100
"""Problems that may carry a "did you mean" (each costs a fuzzy match over field names)."""


def _all_nfc(data: Any) -> bool:
    """Return True when every string in ``data`` is NFC (one pass, no locations)."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not unicodedata.is_normalized("NFC", item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


NOT_NFC, NOT_PLAIN = 1, 2
"""Bits of :func:`text_flags`: the text is not NFC; ``normalise_chars`` would change it."""


def text_flags(value: str) -> int:
    """Return ``NOT_NFC`` when ``value`` is not NFC, or'd with ``NOT_PLAIN`` when it holds a
    character ``normalise_chars`` changes (vbhc.model.text.needs_normalising); 0 for a
    clean text (nearly every text)."""
    return ((0 if unicodedata.is_normalized("NFC", value) else NOT_NFC)
            | (NOT_PLAIN if needs_normalising(value) else 0))


_kept_flags = lru_cache(maxsize=4096)(text_flags)
"""text_flags of a text up to MAX_KEPT_TEXT characters, kept by its content (at most 4,096
texts, so at most ~16 MB): a batch of plans repeats most of its texts (97 % of the
characters of the bench's commune plans), and the texts are hashed anyway when the models'
clean_text looks them up in its own memo."""


def strings_flags(texts: Iterable[Any]) -> int:
    """Return the or of :func:`text_flags` over ``texts`` (strings); an exact ``str`` up to
    MAX_KEPT_TEXT characters answered from the memo (a subclass is looked at each time)."""
    flags = 0
    for text in texts:
        flags |= _kept_flags(text) if text.__class__ is str and len(text) <= MAX_KEPT_TEXT \
            else text_flags(text)
    return flags


def _not_nfc(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if not loc and _all_nfc(data):
        return []
    if isinstance(data, str):
        return [] if unicodedata.is_normalized("NFC", data) else [loc]
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _not_nfc(v, (*loc, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _not_nfc(v, (*loc, i))]
    return []


def parse_yaml(text: str, source: str) -> tuple[Any, Lines]:
    """Return the data in ``text`` and its line map (see vbhc.yaml_in.parse); InputError on
    a YAML syntax error, a refused tag, an alias bomb, duplicate keys or deep nesting."""
    data, lines = parse(text, source)
    check_data_size(data, source)
    return data, lines


def _value_at(doc: Any, loc: tuple[Any, ...]) -> Any:
    """Return the validated value at ``loc`` in ``doc``, or None where there is none."""
    for part in loc:
        try:
            doc = doc[part] if isinstance(part, int) or isinstance(doc, dict) \
                else getattr(doc, part)
        except (AttributeError, IndexError, KeyError, TypeError):
            return None
    return doc


def _numeric_warnings(doc: VanBan, lines: Lines, source: str) -> list[Problem]:
    """Warn where a number field got a zero-padded value that YAML 1.1 (and vbhc before it)
    read as octal: ``so: 012`` is now 12, where it used to print 10."""
    out = []
    for loc, text in lines.looks_numeric:
        value = _value_at(doc, loc)
        digits = text.replace("_", "").lstrip("+-")
        if not isinstance(value, int) or isinstance(value, bool) or text == str(value):
            continue
        octal = (len(digits) > 1 and digits.startswith("0") and digits.isdigit()
                 and set(digits) <= set("01234567") and int(digits, 8) != abs(value))
        if not octal and "_" not in text:
            continue  # 05 is 5 in every reading: nothing to say
        why = (f", không phải {int(digits, 8)} (số bát phân như YAML 1.1)" if octal else "")
        out.append(Problem(format_path(loc), f"'{text}' được đọc là số {value} (hệ thập "
                           f"phân){why}; nếu là mã, đặt trong ngoặc kép", source,
                           lines.line(loc), severity="cảnh báo"))
    return out


def validate_data(data: Any, source: str = "<dữ liệu>", lines: Lines | None = None,
                  warnings: list[Problem] | None = None, base: Path | None = None, *,
                  profile_dirs: Iterable[str | os.PathLike] | None = (),
                  access: ProfileAccess | None = None,
                  layout: list[list[Block]] | None = None,
                  checked_texts: list[str] | None = None) -> VanBan:
    """Return the model for already-parsed ``data``; InputError listing every problem.

    A profile named in ``co_quan`` is read only inside ``base`` (the document's folder) and
    ``profile_dirs``, or where ``access`` says; with neither, file profiles are refused.
    ``layout``, when given, receives the model's body blocks (vbhc.model.layout.body_blocks),
    laid out for the footnote check the model passed: vbhc.batch hands them to
    vbhc.renderer.pipeline.render_bytes (``body=``) so a document it renders at once is not
    laid out and checked twice. ``checked_texts``: the string values of ``data`` when its
    size was checked already (vbhc.yaml_in.Lines.texts, which :func:`load` passes: the
    parse found it within check_data_size's limits); None checks it here.
    """
    lines = lines or Lines(None)
    if not isinstance(data, dict):
        raise InputError([Problem("", "tệp phải là một nhóm trường (khóa: giá trị), "
                                  "bắt đầu bằng 'loai: ...'", source, 1)])
    texts = checked_texts  # every string value, gathered by the size check's walk
    if texts is None:
        texts = []
        check_data_size(data, source, texts)
    slug = data.get("loai")
    if not isinstance(slug, str) or slug not in known_slugs():
        got = "chưa khai báo" if slug is None else f"'{str(slug)[:60]}' chưa được hỗ trợ"
        raise InputError([Problem("loai", f"loại văn bản {got}; các loại dùng được: "
                                  f"{', '.join(known_slugs())}", source, lines.line(("loai",)))])
    access = access or ProfileAccess.of(base, profile_dirs)
    given = data
    try:
        data = apply_profile(data, access, source)
    except InputError as exc:
        raise InputError([Problem(p.path, p.message, p.file, p.line or lines.line(_loc(p.path)))
                          for p in exc.problems]) from None
    # The strings seen by the size check, each looked at once (see strings_flags): all NFC,
    # none that the models' normalise_chars would change (the usual case) spares a walk of
    # the data for each. A profile's fields (data is not given) are walked as before.
    flags = strings_flags(texts) if data is given else NOT_NFC | NOT_PLAIN
    if warnings is not None:
        warnings += [replace(p, file=source) for p in lines.notes]
        for loc in (() if not flags & NOT_NFC else _not_nfc(data)):
            warnings.append(Problem(format_path(loc), "văn bản ở dạng Unicode tổ hợp (NFD); "
                                    "đã chuẩn hóa sang dạng dựng sẵn (NFC)", source,
                                    lines.line(loc), severity="cảnh báo"))
    model = model_class(slug)
    try:
        with input_walked(not flags & NOT_PLAIN), noted_parts() as noted:
            doc = model.model_validate(data)
    except ValidationError as exc:
        problems = [  # a "did you mean" for the first MAX_SUGGESTIONS only: bounded time
            Problem(format_path(err["loc"]), translate(err, model if i < MAX_SUGGESTIONS
                                                       else None),
                    source, lines.line(err["loc"]))
            for i, err in enumerate(exc.errors(include_url=False))
        ]
        raise InputError(problems) from None
    body = body_blocks(doc)
    blocks = body + appendix_blocks(doc, "")  # read once by the three cross checks
    texts = rich_texts(doc, blocks=blocks)
    problems = [
        Problem(p.path, p.message, source, lines.line(_loc(p.path)))
        for p in footnote_problems(doc, texts=texts)
    ]
    if problems:
        raise InputError(problems)
    if layout is not None:
        layout.append(body)
    if doc.nguoi_ky.chu_ky_anh or doc.nguoi_ky.dau_anh:  # signature/seal images (ô 7c, 8)
        from vbhc.images import attach_images

        try:
            attach_images(doc, access, source, warnings)
        except InputError as exc:
            raise InputError([Problem(p.path, p.message, source, lines.line(_loc(p.path)))
                              for p in exc.problems]) from None
    if warnings is not None:
        warnings += _numeric_warnings(doc, lines, source)
        parts = list(walk_parts(doc)) if noted[0] else []  # no note, no old name: no walk
        warnings += [replace(p, file=source, line=lines.line(_loc(p.path)))
                     for p in normalised_fields(doc, parts=parts)
                     + renamed_fields(doc, parts=parts)
                     + markup_warnings(doc, texts=texts)
                     + table_warnings(doc, blocks=blocks) + party_warnings(doc)]
    return doc


def _loc(path: str) -> tuple[Any, ...]:
    loc: list[Any] = []
    for part in path.replace("[", ".[").split("."):
        if part.startswith("["):
            try:
                loc.append(int(part[1:-1]))
            except ValueError:
                return tuple(loc)
        elif part:
            loc.append(part)
    return tuple(loc)


def load(path: str | os.PathLike, warnings: list[Problem] | None = None, *,
         profile_dirs: Iterable[str | os.PathLike] = (), allow_profiles: bool = True,
         layout: list[list[Block]] | None = None) -> VanBan:
    """Return the validated model in the YAML file at ``path``.

    A profile named in ``co_quan`` is read from the document's folder tree or one of
    ``profile_dirs``; ``allow_profiles=False`` refuses file profiles altogether. Raises
    InputError (every problem, with field path and line) or ReadError (unreadable, special
    or oversized file). Strings that are not NFC are normalised; a message for each, for
    values like ``so: 012`` read as numbers, for text after `` #`` dropped as a comment and
    for form feeds replaced (``Lines.notes``), goes to ``warnings`` if given. ``layout``:
    see :func:`validate_data`.
    """
    source = str(path)
    data, lines = parse(read_text(path, source), source)
    if not isinstance(data, dict):  # a mapping is checked by validate_data (the same check)
        check_data_size(data, source)
    access = ProfileAccess.of(Path(path).parent, profile_dirs) if allow_profiles \
        else NO_PROFILES
    return validate_data(data, source, lines, warnings, access=access, layout=layout,
                         checked_texts=lines.texts)
