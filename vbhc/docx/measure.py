"""Text widths in Times New Roman, from Liberation Serif's metrics (same advance widths).

Used to break the issuer's name into balanced lines and to size the rules that ND30
draws under the issuer name, the motto and the abstract.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

TWIPS_PER_POINT = 20


@cache
def _table() -> dict:
    return json.loads(files("vbhc.data").joinpath("do-rong-chu.json").read_text("utf-8"))


def text_width(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Return the width of ``text`` in twips at ``size_pt`` points."""
    table = _table()
    style = ("bold" if bold else "") + ("italic" if italic else "") or "regular"
    widths = table[style]
    fallback = widths["n"]
    units = sum(widths.get(ch, fallback) for ch in text)
    return round(units * size_pt * TWIPS_PER_POINT / table["units_per_em"])


def balanced_lines(text: str, size_pt: float, max_twips: int, *, bold: bool = False) -> list[str]:
    """Return ``text`` as few lines as fit ``max_twips``, the longest line as short as can be.

    Explicit newlines are kept as given. A name that fits stays on one line.
    """
    if "\n" in text:
        return [line.strip() for line in text.split("\n") if line.strip()]
    words = text.split()
    if text_width(text, size_pt, bold=bold) <= max_twips or len(words) < 2:
        return [text]
    for parts in range(2, min(len(words), 4) + 1):
        fitting = [
            (max(text_width(line, size_pt, bold=bold) for line in lines), lines)
            for lines in _splits(words, parts)
        ]
        fitting = [pair for pair in fitting if pair[0] <= max_twips]
        if fitting:
            return min(fitting, key=lambda pair: pair[0])[1]
    return [text]


def _splits(words: list[str], parts: int) -> list[list[str]]:
    if parts == 1:
        return [[" ".join(words)]]
    out = []
    for i in range(1, len(words) - parts + 2):
        for rest in _splits(words[i:], parts - 1):
            out.append([" ".join(words[:i]), *rest])
    return out
