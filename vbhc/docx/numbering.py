"""Word's automatic list numbering (word/numbering.xml) turned into the label a reader sees.

w:num -> w:abstractNum -> w:lvl (w:start, w:numFmt, w:lvlText, §17.9): each numbered
paragraph, in document order, advances its list's counter at its level and resets the
deeper ones; the label is w:lvlText with %1..%9 replaced by the counters in each level's
format ("1.", "a)", "I.", "1.2."). Bullets come back as "-" unless their character is one
of BULLETS.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from vbhc.docx.limits import MAX_LIST_LEVEL, MAX_LIST_START, xml_int
from vbhc.docx.ns import w
from vbhc.lang.outline import roman

BULLETS = "-–+•"
MAX_ROMAN = 4000
MAX_LETTERS = 26 * 5


@dataclass(frozen=True)
class Level:
    """One level of a list definition."""

    fmt: str
    text: str
    start: int


class Numbering:
    """Counts list items in document order and returns their labels ("1.", "a)", "-")."""

    def __init__(self, root: etree._Element | None) -> None:
        """Read the list definitions of a numbering part root (None: no lists); at most
        MAX_LIST_LEVEL + 1 levels per list, starts clamped to 0..MAX_LIST_START."""
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for ab in root.iter(w("abstractNum")):
            levels = {}
            for lvl in ab.findall(w("lvl"))[:MAX_LIST_LEVEL + 1]:
                ilvl = _level(lvl.get(w("ilvl")))
                if ilvl is None:
                    continue
                levels[ilvl] = Level(
                    _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", "")[:100],
                    xml_int(_val(lvl, "start", "1") or "1", 1, 0, MAX_LIST_START))
            self.abstract[ab.get(w("abstractNumId"))] = levels
        for num in root.iter(w("num")):
            ab = num.find(w("abstractNumId"))
            overrides = {}
            for ov in num.findall(w("lvlOverride"))[:MAX_LIST_LEVEL + 1]:
                start = ov.find(w("startOverride"))
                ilvl = _level(ov.get(w("ilvl")))
                if start is not None and ilvl is not None:
                    overrides[ilvl] = xml_int(start.get(w("val")), 1, 0, MAX_LIST_START)
            if ab is not None:
                self.nums[num.get(w("numId"))] = (ab.get(w("val")), overrides)

    def label(self, num_id: str, ilvl: int) -> str:
        """Return the label of the next item of list ``num_id`` at level ``ilvl`` (0..8)
        and count it; "" for an unknown list or level, or a level whose format is "none".

        Call once per numbered paragraph, in document order (the counters are state)."""
        if num_id not in self.nums or not 0 <= ilvl <= MAX_LIST_LEVEL:
            return ""
        ab_id, overrides = self.nums[num_id]
        levels = self.abstract.get(ab_id, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(ab_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in overrides.items():
                counts[lv] = start - 1
        counts[ilvl] = counts.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return level.text if level.text in BULLETS and level.text else "-"
        if level.fmt == "none":
            return ""
        text = level.text
        for k in range(ilvl, -1, -1):
            value = counts.get(k, levels[k].start if k in levels else 1)
            fmt = levels[k].fmt if k in levels else "decimal"
            text = text.replace(f"%{k + 1}", _format(value, fmt))
        return text


def _level(value: str | None) -> int | None:
    """Return a list level 0..8 (absent: 0); None for a level Word does not have."""
    level = xml_int(value, -1) if value is not None else 0
    return level if 0 <= level <= MAX_LIST_LEVEL else None


def _val(el: etree._Element, tag: str, default: str) -> str:
    found = el.find(w(tag))
    return found.get(w("val"), default) if found is not None else default


def _format(value: int, fmt: str) -> str:
    """Return ``value`` written in list format ``fmt``; Roman numerals and letters only
    where they stay short (1..3999, a..zzzzz), decimal digits beyond."""
    if fmt in ("upperRoman", "lowerRoman") and not 0 < value < MAX_ROMAN:
        return str(value)
    if fmt in ("lowerLetter", "upperLetter") and not 0 < value <= MAX_LETTERS:
        return str(value)
    if fmt == "upperRoman":
        return roman(value)
    if fmt == "lowerRoman":
        return roman(value).lower()
    if fmt in ("lowerLetter", "upperLetter"):  # Word counts a, b, c, d, e: no "đ"
        text = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return text if fmt == "lowerLetter" else text.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)
