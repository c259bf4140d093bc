"""ND30 outline labels: Roman numerals for sections (I., II.), point letters (a), b), đ)).

ND30, Phụ lục I, mục II.5: phần/mục in Roman numerals, khoản in Arabic numerals, điểm in
Vietnamese lower-case letters (no f, j, w, z).
"""

from __future__ import annotations

LETTERS = tuple("abcdđeghiklmnopqrstuvxy")  # no f, j, w, z
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
         (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    """Return ``n`` in Roman numerals: 4 -> "IV"."""
    out = []
    for value, numeral in ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    return "".join(out)


def letter(i: int) -> str:
    """Return the Vietnamese point letter for index ``i`` (0 -> "a", 4 -> "đ"); past "y" the
    letters double, then triple ("aa", "ab", ... "yy", "aaa"), so any count has a label."""
    n, out = i + 1, ""
    while n > 0:
        n, rest = divmod(n - 1, len(LETTERS))
        out = LETTERS[rest] + out
    return out


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def parse_roman(text: str) -> int | None:
    """Return the value of the Roman numeral ``text`` ("XL" -> 40, "MCMXC" -> 1990), or None
    when it is not one written the standard way (upper case, subtractive pairs IV IX XL XC CD
    CM only, no "IIII" or "VX"): exactly the strings ``roman()`` writes, for 1..3999.
    Never raises."""
    if not text or len(text) > 15 or any(ch not in ROMAN_VALUES for ch in text):
        return None
    total = 0
    for a, b in zip(text, text[1:] + " ", strict=True):
        value = ROMAN_VALUES[a]
        total += -value if ROMAN_VALUES.get(b, 0) > value else value
    return total if 0 < total < 4000 and roman(total) == text else None


def is_roman(text: str) -> bool:
    """True when ``text`` is a Roman numeral written the standard way (see parse_roman)."""
    return parse_roman(text) is not None
