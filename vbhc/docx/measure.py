"""Text widths in Times New Roman, from Liberation Serif's metrics (same advance widths).

Used to break the issuer's name into balanced lines and to size the rules that ND30
draws under the issuer name, the motto and the abstract.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import repeat

from vbhc.data import files

TWIPS_PER_POINT = 20


@cache
def _table() -> dict:
    return json.loads(files("vbhc.data").joinpath("do-rong-chu.json").read_text("utf-8"))


@lru_cache(maxsize=8192)
def text_width(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Return the width of ``text`` in twips at ``size_pt`` points (remembered for the
    8,192 texts last asked: the checker measures the same lines across a batch)."""
    table = _table()
    style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    widths = table[style]
    fallback = widths["n"]
    units = sum(map(widths.get, text, repeat(fallback)))  # in order, as a loop would add
    return round(units * size_pt * TWIPS_PER_POINT / table["units_per_em"])


MAX_NAME_LINES = 4
"""The most lines :func:`balanced_lines` breaks a name into; a name that needs more is left
on one line for Word to wrap."""


def balanced_lines(text: str, size_pt: float, max_twips: int, *, bold: bool = False) -> list[str]:
    """Return an agency name (ô 2) as lines that fit ``max_twips`` (twips) at ``size_pt``.

    Explicit newlines are kept as given. A name that fits stays on one line. Otherwise the
    breaks follow the Vietnamese word groups of the name (vbhc.lang.ten_co_quan: never
    inside "ỦY BAN NHÂN DÂN" or "THƯƠNG BINH", never before the hyphen): the fewest lines
    using only good breaks (or after a hyphen), then the best breaks, then the narrowest
    widest line; weaker breaks only when no such lines fit. When no split into at most
    :data:`MAX_NAME_LINES` lines fits, the name is returned whole. Never raises.
    """
    if "\n" in text:
        return [line.strip() for line in text.split("\n") if line.strip()]
    words = text.split()
    if text_width(text, size_pt, bold=bold) <= max_twips or len(words) < 2:
        return [text]
    from vbhc.lang.ten_co_quan import AFTER_HYPHEN, BAD, NEVER, WEAK, break_levels

    levels = break_levels(words)
    widths = _LineWidths(words, size_pt, bold, max_twips)
    for worst in (AFTER_HYPHEN, WEAK, BAD, NEVER):
        for lines in range(2, MAX_NAME_LINES + 1):
            found = _best_split(len(words), lines, levels, worst, widths)
            if found is not None:
                return [" ".join(words[i:j]) for i, j in zip(found, found[1:], strict=False)]
    return [text]


class _LineWidths:
    """Width of the line made of words[i:j], or None when it does not fit (cached)."""

    def __init__(self, words: list[str], size_pt: float, bold: bool, room: int) -> None:
        self.words, self.size_pt, self.bold, self.room = words, size_pt, bold, room
        self.cache: dict[tuple[int, int], int | None] = {}

    def __call__(self, i: int, j: int) -> int | None:
        if (i, j) not in self.cache:
            width = text_width(" ".join(self.words[i:j]), self.size_pt, bold=self.bold)
            self.cache[i, j] = width if width <= self.room else None
        return self.cache[i, j]


def _best_split(count: int, lines: int, levels: list[int], worst: int,
                widths: _LineWidths) -> list[int] | None:
    """Return the line starts (0, ..., count) of the best split of ``count`` words into
    exactly ``lines`` fitting lines, breaking only at gaps graded at most ``worst``: the
    least sum of grades, then the narrowest widest line (dynamic programming: both combine
    monotonically, so the best prefix is part of the best whole). None when none fits."""
    # best[k][j]: (sum of grades, widest, previous start) for words[:j] in k lines
    best: list[dict[int, tuple[int, int, int]]] = [{0: (0, 0, -1)}]
    for k in range(1, lines + 1):
        row: dict[int, tuple[int, int, int]] = {}
        for i, (grades, widest, _) in best[k - 1].items():
            if i and levels[i - 1] > worst:
                continue
            for j in range(i + 1, count + 1):
                width = widths(i, j)
                if width is None:
                    break  # longer lines from i do not fit either
                if k == lines and j != count:
                    continue
                cost = (grades + (levels[i - 1] if i else 0), max(widest, width), i)
                if j not in row or cost[:2] < row[j][:2]:
                    row[j] = cost
        best.append(row)
    if count not in best[lines]:
        return None
    starts = [count]
    j = count
    for k in range(lines, 0, -1):
        j = best[k][j][2]
        starts.append(j)
    return starts[::-1]


def rule_basis(line_widths: Sequence[int]) -> int:
    """Return the width (twips) that ND30's short rule is measured against: the widest of
    the ``line_widths`` of the text above it (0 when there are none).

    ND30, Phụ lục I, Phần I: under the issuer's name (ô 2) and under the trích yếu (ô 5a)
    "đường kẻ ngang, nét liền, có độ dài bằng từ 1/3 đến 1/2 độ dài của dòng chữ và đặt
    cân đối so với dòng chữ" (nd30.md §3.2, rows 4 and 8: "1/3 to 1/2 of the name line").
    The decree says "dòng chữ" and a long name or trích yếu "may wrap" (nd30.md §3.2); vbhc
    reads "dòng chữ" as the text as printed, i.e. its widest line, for both: a name broken
    as "PHÒNG TÀI CHÍNH -" / "KẾ HOẠCH" gets a rule sized from its first line, not from the
    short last one. The renderer (vbhc.renderer.package) sizes the rule with
    :func:`rule_length` and the checker (vbhc.checker.rules._common) measures it with
    :func:`rule_ratio`: one measure, so render never writes a rule its checker rejects.
    """
    return max(line_widths, default=0)


def rule_length(line_widths: Sequence[int], fraction: float) -> int:
    """Return the length (twips) of the rule under lines of ``line_widths`` (twips, each at
    most the room of its line): ``fraction`` of :func:`rule_basis`."""
    return round(rule_basis(line_widths) * fraction)


def rule_ratio(length: int, line_widths: Sequence[int]) -> float | None:
    """Return a rule's ``length`` (twips) as a fraction of :func:`rule_basis` of the lines
    above it, or None when they have no width."""
    basis = rule_basis(line_widths)
    return length / basis if basis else None


def wrapped_widths(text: str, size_pt: float, room: int, *, bold: bool = False,
                   italic: bool = False) -> list[int]:
    """Return the widths (twips) of the lines ``text`` wraps into in ``room`` twips at
    ``size_pt``: words filled greedily, as Word and LibreOffice break Vietnamese (at
    spaces); a word wider than the room is a line of its own. [] for blank text."""
    words = text.split()
    space = text_width(" ", size_pt, bold=bold, italic=italic)
    lines: list[int] = []
    current = -1
    for word in words:
        width = text_width(word, size_pt, bold=bold, italic=italic)
        if current >= 0 and current + space + width <= room:
            current += space + width
            continue
        if current >= 0:
            lines.append(current)
        current = width
    if current >= 0:
        lines.append(current)
    return lines
