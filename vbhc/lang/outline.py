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
    """Return the Vietnamese point letter for index ``i`` (0 -> "a", 4 -> "đ")."""
    if i < len(LETTERS):
        return LETTERS[i]
    return LETTERS[i // len(LETTERS) - 1] + LETTERS[i % len(LETTERS)]
