"""Limits on the work one .docx may cause, and defensive reading of numbers in its XML.

Every number vbhc reads from an attribute of a .docx (a list's start value, a level, a
column span, a size, an indent) comes through :func:`xml_int` or :func:`xml_float`:
garbage gives the default, and values are clamped to a range Word itself uses, so a
hostile ``w:start w:val="999999999"`` cannot make vbhc count or print a billion of
anything. :func:`check_limits` looks at the parsed package once, before any reader walks
it, and refuses documents far beyond any real administrative document (counts below)
with a Vietnamese message naming the file and the part.

The limits are generous: a 300-page report has some 6,000 paragraphs, 40,000 runs and
a few thousand table cells; a statistics annex of 20,000 table rows by 5 columns (the size
`make bench` checks, issue 21) has 100,000 paragraphs, runs and cells and 960,000 elements,
and must render and check — the limits sit at two to three times that.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

from lxml import etree

from vbhc.errors import ReadError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

MAX_PARAGRAPHS = 250_000
MAX_RUNS = 500_000
MAX_TABLE_CELLS = 250_000  # w:tc elements, all tables together
MAX_TABLE_ROWS = 50_000
MAX_TEXT_CHARS = 10_000_000  # characters of w:t text in one part
MAX_ELEMENTS = 3_000_000  # XML elements in all parts together, counted before parsing
MAX_STYLES = 10_000
MAX_STYLE_CHAIN = 50  # styles in one basedOn chain (Word's own are under 10)
MAX_TABLE_NESTING = 16  # a table inside a table inside ...
MAX_SECTIONS = 2_000
MAX_NUMBERING_ITEMS = 5_000  # w:abstractNum + w:num definitions

MAX_LIST_START = 32_767  # Word's own limit for w:start / w:startOverride
MAX_LIST_LEVEL = 8  # Word's levels are 0..8
MAX_GRID_SPAN = 63  # Word's column limit
MAX_TWIPS = 31_680 * 4  # four times the widest page Word accepts (22 inches)


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{name}"


def xml_int(value: str | None, default: int, lo: int | None = None,
            hi: int | None = None) -> int:
    """Return ``value`` as an int clamped to [lo, hi]; ``default`` when absent or not a
    whole number ("abc", "", "1e9", "nan")."""
    if value is None:
        return default
    text = value.strip()
    if not text or len(text) > 20:
        number = default if not text or not text.lstrip("+-").isdigit() else (
            -(10 ** 20) if text.startswith("-") else 10 ** 20)
    else:
        try:
            number = int(text)
        except ValueError:
            return default
    if lo is not None and number < lo:
        number = lo
    if hi is not None and number > hi:
        number = hi
    return number


def xml_float(value: str | None, default: float | None = None,
              limit: float = 1e12) -> float | None:
    """Return ``value`` as a finite float within ±``limit`` (clamped); ``default`` when
    absent or not a number ("abc", "nan", "inf" give the default)."""
    if value is None:
        return default
    try:
        number = float(value.strip()[:40])
    except ValueError:
        return default
    if not math.isfinite(number):
        return default
    return max(-limit, min(limit, number))


class _TooMany(Exception):
    """Raised inside the counting parser to stop at the first element over the limit."""


class _Counter:
    """A parser target that builds nothing and only counts start tags."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.count = 0

    def start(self, _tag: str, _attrib: dict) -> None:
        self.count += 1
        if self.count > self.limit:
            raise _TooMany

    def close(self) -> int:
        return self.count


def count_elements(data: bytes, path: Path | str, part: str,
                   totals: dict[str, int] | None = None,
                   known: int | None = None) -> int | None:
    """Refuse ``part`` before building its tree when it (with the parts counted before,
    in ``totals``) has more than :data:`MAX_ELEMENTS` elements: a 160 KB zip can hold a
    60 MB part of five million tiny elements, and the tree alone would take gigabytes.
    Malformed XML is left to the real parser, which reports it.

    Return the count read from the bytes (``quick_count``) when it was used, else None;
    ``known``: that count, kept by the caller from an earlier call on the same bytes."""
    totals = {} if totals is None else totals
    seen = totals.get("_elements", 0)
    quick = quick_count(data) if known is None else known
    if quick is not None and seen + quick <= MAX_ELEMENTS:
        totals["_elements"] = seen + quick
        return quick
    parser = etree.XMLParser(target=_Counter(MAX_ELEMENTS - seen), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    try:
        count = etree.fromstring(data, parser)
    except _TooMany:
        raise _refuse(path, part, f"hơn {_n(MAX_ELEMENTS)} phần tử XML") from None
    except etree.XMLSyntaxError:
        return None
    totals["_elements"] = seen + count
    return None


_UTF8 = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']utf-?8["']""", re.IGNORECASE)


_SPECIAL = re.compile(rb"<[!?]")
"""A comment, CDATA section, DTD or processing instruction: "<" that opens no tag."""


def quick_count(data: bytes) -> int | None:
    """Return the number of elements of ``data`` counted from its bytes, or None when that
    count could be wrong, so the parser must count.

    Exact for well-formed UTF-8 XML without comments, CDATA, DTD or processing
    instructions after the XML declaration: every "<" then opens a start, end or empty
    tag, and "<" never occurs inside a multi-byte UTF-8 character. (Malformed XML gets a
    count, then the real parser's error, as before.)"""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not body.startswith(b"<") or b"\x00" in body:
        return None
    decl = start = 0
    if body.startswith(b"<?"):
        end = body.find(b"?>")
        head = body[:end]
        if end < 0 or not body.startswith(b"<?xml") or (b"encoding" in head
                                                          and not _UTF8.match(head)):
            return None
        if b"<!" in head or b"<?" in body[2:end + 1]:  # only one "<?" (and none "<!")
            return None
        decl, start = 1, end + 2
    if _SPECIAL.search(body, start) is not None:  # one regex pass, not three searches
        return None
    return body.count(b"<") - body.count(b"</") - decl


def _refuse(path: Path | str, part: str, what: str) -> ReadError:
    return ReadError(f"không đọc được {path}: phần {part} vượt giới hạn xử lý của vbhc "
                     f"({what}); đây không phải một văn bản hành chính bình thường")


def check_part(root: etree._Element, path: Path | str, part: str,
               totals: dict[str, int] | None = None,
               counts: tuple[int, ...] | None = None) -> None:
    """Refuse ``root`` (one story: document, header, footer, footnotes) when it holds more
    paragraphs, runs, cells, text or nested tables than the limits allow. ``totals``
    carries the counts of the parts checked before: the limits hold for the whole file.
    ``counts``: ``part_counts(root, ...)`` when the caller kept it for these bytes."""
    totals = {} if totals is None else totals
    paras, runs, cells, rows, chars, sections = (
        part_counts(root, path, part) if counts is None else counts)
    checks = (
        (paras, MAX_PARAGRAPHS, "đoạn văn"),
        (runs, MAX_RUNS, "đoạn chữ (run)"), (cells, MAX_TABLE_CELLS, "ô bảng"),
        (rows, MAX_TABLE_ROWS, "hàng bảng"), (chars, MAX_TEXT_CHARS, "ký tự"),
        (sections, MAX_SECTIONS, "phần (section)"),
    )
    for count, limit, what in checks:
        count = totals[what] = totals.get(what, 0) + count
        if count > limit:
            raise _refuse(path, part, f"{_n(count)} {what}, giới hạn {_n(limit)}")


_XP_NS = {"w": W_NS}
_COUNTERS = tuple(etree.XPath(f"count(descendant-or-self::w:{tag})", namespaces=_XP_NS)
                  for tag in ("p", "r", "tc", "tr", "sectPr"))
"""Counts of w:p, w:r, w:tc, w:tr and w:sectPr in a story, in libxml2's own walk."""
_NESTED = etree.XPath("boolean(descendant-or-self::w:tbl[count(ancestor::w:tbl) >= $depth])",
                      namespaces=_XP_NS)
"""A table with ``depth`` tables around it."""


def part_counts(root: etree._Element, path: Path | str, part: str,
                chars: bool = True, tables: bool = True) -> tuple[int, ...]:
    """Return (paragraphs, runs, cells, rows, characters of w:t, sections) of one story,
    refusing tables nested deeper than MAX_TABLE_NESTING (ReadError naming ``part``).
    Without ``chars`` the characters are not counted (0): for a caller that knows the
    text cannot reach the limit (it has fewer bytes than MAX_TEXT_CHARS). Without
    ``tables`` the runs, cells and rows are not counted (0): for a caller that knows there
    cannot be as many as their limits (elements of fewer bytes than 4 × the least of them:
    an element takes 4 bytes at least, "<a/>")."""
    if _NESTED(root, depth=MAX_TABLE_NESTING):
        raise _refuse(path, part, f"bảng lồng trong bảng quá {MAX_TABLE_NESTING} cấp")
    if tables:
        paras, runs, cells, rows, sections = (int(count(root)) for count in _COUNTERS)
    else:
        runs = cells = rows = 0
        paras, sections = int(_COUNTERS[0](root)), int(_COUNTERS[4](root))
    total = 0
    if chars:
        for t in root.iter(w("t")):
            total += len(t.text or "")
    return paras, runs, cells, rows, total, sections


def _n(number: int) -> str:
    """Return ``number`` with Vietnamese thousands dots (200.000)."""
    return f"{number:,}".replace(",", ".")


def check_styles(root: etree._Element | None, path: Path | str, part: str) -> None:
    """Refuse a styles part with too many styles or a basedOn chain longer than
    :data:`MAX_STYLE_CHAIN` (cycles are harmless: readers stop at a style seen before)."""
    if root is None:
        return
    based: dict[str, str | None] = {}
    for st in root.iter(w("style")):
        sid = st.get(w("styleId"))
        if sid is None or sid in based:
            continue
        parent = st.find(w("basedOn"))
        based[sid] = parent.get(w("val")) if parent is not None else None
    if len(based) > MAX_STYLES:
        raise _refuse(path, part, f"{_n(len(based))} kiểu định dạng, giới hạn "
                                  f"{_n(MAX_STYLES)}")
    depth: dict[str, int] = {}
    for start in based:
        trail: list[str] = []
        sid: str | None = start
        while sid is not None and sid in based and sid not in depth and sid not in trail:
            trail.append(sid)
            sid = based[sid]
        below = depth.get(sid, 0) if sid is not None else 0
        for k, name in enumerate(reversed(trail)):
            depth[name] = below + k + 1
        if depth.get(start, 0) > MAX_STYLE_CHAIN:
            raise _refuse(path, part, f"kiểu '{start[:40]}' kế thừa qua hơn "
                                      f"{MAX_STYLE_CHAIN} kiểu khác (basedOn)")


def check_numbering(root: etree._Element | None, path: Path | str, part: str) -> None:
    """Refuse a numbering part with more list definitions than any document needs."""
    if root is None:
        return
    count = sum(1 for _ in root.iter(w("abstractNum"), w("num")))
    if count > MAX_NUMBERING_ITEMS:
        raise _refuse(path, part, f"{_n(count)} định nghĩa danh sách, giới hạn "
                                  f"{_n(MAX_NUMBERING_ITEMS)}")
