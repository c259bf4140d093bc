"""Where an agency name (ô 2) may break across lines: Vietnamese word groups, ours.

ND30 (Phụ lục I, Phần I, mục 3; nd30.md §3.2) lets a long name of the issuer or of its
governing body wrap onto several lines but does not say where. The rule vbhc follows, with
its word lists in ``vbhc/data/ten-co-quan.yaml``:

- a line never starts with the joining hyphen: "PHÒNG TÀI CHÍNH -" / "KẾ HOẠCH", never
  "PHÒNG TÀI CHÍNH" / "- KẾ HOẠCH";
- a compound (``cum_tu``: "THƯƠNG BINH", "KẾ HOẠCH", "XÃ HỘI", "ỦY BAN NHÂN DÂN" ...) and a
  place name (from an administrative unit word, ``don_vi_hanh_chinh``, to the end of the
  name or to the next hyphen or "VÀ": "XÃ TÂN AN") are not split;
- a long generic head that names a kind of body (``dau_ngu_rieng_dong``: "ỦY BAN NHÂN
  DÂN", "UBND") may stand on its own line, and the break after it is a good one; a short
  head (``dau_ngu_di_kem``: "SỞ", "PHÒNG", "BAN") never stands alone, it goes with the
  field that follows ("SỞ LAO ĐỘNG");
- a conjunction ("VÀ") or a plural word ("CÁC") goes to the next line with what follows
  ("... THƯƠNG BINH" / "VÀ XÃ HỘI");
- between two words the lists do not know, a break is allowed but weak: it may split a
  word (a proper name, "DUY / TÂN").

:func:`break_levels` grades every gap between two words with one of the levels below;
``vbhc.docx.measure.balanced_lines`` picks the lines (fewest, then best breaks, then the
narrowest) from these grades and the measured widths.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from vbhc.data import data_yaml, files

GOOD = 0
"""A break between two word groups (after "ỦY BAN NHÂN DÂN", before "VÀ", before a place)."""
AFTER_HYPHEN = 1
"""A break after the joining hyphen: the line ends with "-" (acceptable, but a break
before "VÀ" or between groups reads better)."""
WEAK = 2
"""A break between two words the lists do not know (it may split a word), or after a short
head, which then stands alone ("SỞ" / ...)."""
BAD = 3
"""A break inside a compound or a place name, or after "VÀ": used only when no other set of
breaks fits."""
NEVER = 4
"""A break before the hyphen (a line starting with "- "): used only when nothing else fits."""

HYPHENS = frozenset({"-", "\u2013", "\u2014"})
"""The joining hyphen as a word of its own ("SỞ LAO ĐỘNG - THƯƠNG BINH"): hyphen, en and
em dash."""

_LONGEST = 6  # words in the longest entry of the lists

_TONE_FIXES = (("OÁ", "ÓA"), ("OÀ", "ÒA"), ("OẢ", "ỎA"), ("OÃ", "ÕA"), ("OẠ", "ỌA"),
               ("OÉ", "ÓE"), ("OÈ", "ÒE"), ("UỶ", "ỦY"), ("UÝ", "ÚY"), ("UỲ", "ÙY"),
               ("UỸ", "ŨY"), ("UỴ", "ỤY"))
"""Old-style tone placement -> the one the lists use ("HOÁ" -> "HÓA", "UỶ" -> "ỦY")."""


def one_spelling(text: str) -> str:
    """Return ``text`` in capitals with one tone placement ("Uỷ ban" -> "ỦY BAN", "HOÁ" ->
    "HÓA"): two spellings of one name give the same string. Expects NFC text."""
    out = text.upper()
    for old, new in _TONE_FIXES:
        out = out.replace(old, new)
    return out


class _Lists(NamedTuple):
    """The word lists of agency names (vbhc/data), in :func:`one_spelling` form: heads that
    stand alone, heads that take what follows, administrative units, conjunctions and
    compounds (a named tuple: built ~8x cheaper than a frozen dataclass at import)."""

    alone: frozenset[str]
    head: frozenset[str]
    unit: frozenset[str]
    conj: frozenset[str]
    compound: frozenset[str]


def _key(text: str) -> str:
    """Return ``text`` as the lists spell it: upper case, one tone placement, no trailing
    comma ("VĂN HÓA," is the compound "VĂN HÓA")."""
    return one_spelling(text.rstrip(",;."))


@cache
def _lists() -> _Lists:
    data = data_yaml(files("vbhc.data").joinpath("ten-co-quan.yaml").read_text("utf-8"))

    def group(name: str) -> frozenset[str]:
        return frozenset(" ".join(_key(x).split()) for x in data[name])

    return _Lists(group("dau_ngu_rieng_dong"), group("dau_ngu_di_kem"),
                  group("don_vi_hanh_chinh"), group("lien_tu"), group("cum_tu"))


def _groups(words: list[str]) -> list[tuple[str, int]]:
    """Return (kind, word count) for the word groups of ``words``, longest match first.

    Kinds: "alone", "head", "unit", "conj", "compound" (from the lists), "hyphen", "word"
    (a word the lists do not know)."""
    lists = _lists()
    keys = [_key(w) for w in words]
    out: list[tuple[str, int]] = []
    i = 0
    while i < len(words):
        if keys[i] in HYPHENS:
            out.append(("hyphen", 1))
            i += 1
            continue
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            phrase = " ".join(keys[i:i + n])
            kind = next((k for k, table in (("alone", lists.alone), ("compound", lists.compound),
                                            ("unit", lists.unit), ("head", lists.head),
                                            ("conj", lists.conj)) if phrase in table), None)
            if kind is not None:
                out.append((kind, n))
                i += n
                break
        else:
            out.append(("word", 1))
            i += 1
    return out


def _gap(previous: str, kind: str, in_place: bool) -> int:
    """Return the level of a break between a group of kind ``previous`` and one of ``kind``
    (kinds as in :func:`_groups`); ``in_place`` when a place name has begun."""
    if kind == "hyphen":
        return NEVER
    if previous == "hyphen":
        return AFTER_HYPHEN
    if previous == "conj" or (in_place and kind != "conj"):
        return BAD
    if previous == "head" or (previous == "word" and kind == "word"):
        return WEAK
    return GOOD


def break_levels(words: list[str]) -> list[int]:
    """Return, for each gap between two of ``words`` (upper-case words of an agency name,
    hyphens as words of their own), how good a line break there is: a list of
    ``len(words) - 1`` levels from :data:`GOOD` to :data:`NEVER` (see the module docstring).
    Never raises; [] for fewer than two words."""
    groups = _groups(words)
    levels: list[int] = []
    in_place = False
    previous: str | None = None
    for kind, count in groups:
        if previous is not None:
            levels.append(_gap(previous, kind, in_place))
        if kind == "unit":
            in_place = True
        elif kind in ("hyphen", "conj"):
            in_place = False
        levels.extend([BAD] * (count - 1))
        previous = kind
    return levels
