"""Text typed in the pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) that was pasted as
if it were Unicode: "Céng hoµ x· héi" or "Coäng hoøa xaõ hoäi", also as a fragment inside
Unicode text ("Ủy ban nhân dân ... Vieät Nam"). Rendered as is, it would print as mojibake;
vbhc refuses it and says how to convert it.

How the two encodings show up once read as Latin-1/cp1252 text:

- TCVN3 (fonts .VnTime, .VnTimeH) puts Vietnamese letters on the symbol code points of
  Latin-1: "tØnh" (tỉnh), "hoµ" (hoà), "x·" (xã). A symbol from that set glued to letters is
  the telltale; "5 × 3", "© 2024", "5 µm" are not (no letter on one side).
- VNI-Windows writes a base letter followed by a Latin-1 letter that carries the tone or the
  hat: "Vieät" (Việt), "hoøa" (hòa), "xaõ" (xã); "ñ" at the start of a word is đ ("ñoàng"),
  "ö" and "ô" are ư and ơ. Unicode Vietnamese never puts those Latin-1 letters after a
  vowel (a Vietnamese syllable carries one tone, on one vowel), so one such pair is enough.
  The diaeresis letters ë ï ü after a vowel also occur in French names (Noël, naïve), so
  they count only from three on; "ñ" inside a word is Spanish (Muñoz).
"""

from __future__ import annotations

import re

# Characters TCVN3 fonts use for Vietnamese letters that Unicode Vietnamese never contains:
# symbols, next to any letter; and Latin-1 letters (Ø = ỉ, Ü = ĩ...) next to a lower-case
# letter (upper case around them, "HOØA", is VNI's upper-case huyền).
_TCVN3_SYMBOLS = "µ¶·¸¹º»¼½¾¿®¬«©ª¨×÷¦§¤¥£¢¡"
_TCVN3_LETTERS = "ÞßÜØ"
# After a lower-case letter, at the end of a word ("hoµ", "x·"), these are TCVN3 too; not
# ®, ª, º, ¹ (Windows®, Nº, a footnote¹) nor the quotes « ».
_TCVN3_AFTER = "µ¶·¸¼½¾¿¬©¨¦§¤¥£¢¡"
_TCVN3_BOTH = re.compile(f"(?<=[A-Za-z])[{_TCVN3_SYMBOLS}](?=[A-Za-z])"
                         f"|(?<=[a-z])[{_TCVN3_AFTER}]"
                         f"|(?<=[a-z])[{_TCVN3_LETTERS}](?=[A-Za-z])"
                         f"|(?<=[A-Za-z])[{_TCVN3_LETTERS}](?=[a-z])")
# «, », ×, ®, ª, º, ¹ are quotes, "times", marks and indexes in Unicode text ("«Nơi nhận:»",
# "1,5×font", "Windows®", "Nº", "chú thích¹"): they count only between two letters.
_TCVN3_SIDE_SYMBOLS = "".join(c for c in _TCVN3_SYMBOLS if c not in "«»×®ªº¹")
_TCVN3_SIDE = re.compile(f"(?<=[A-Za-z])[{_TCVN3_SIDE_SYMBOLS}]"
                         f"|[{_TCVN3_SIDE_SYMBOLS}](?=[A-Za-z])"
                         f"|(?<=[a-z])[{_TCVN3_LETTERS}]|[{_TCVN3_LETTERS}](?=[a-z])")
# VNI: a vowel (ASCII, or VNI's own ơ = ô and ư = ö) then a Latin-1 letter used as a mark.
_VNI_VOWEL = "aeiouyAEIOUYôöÔÖ"
_VNI_STRONG = "ùøûõäåöÙØÛÕÄÅÖ"
_VNI_WEAK = "ëïüËÏÜ"
# The i of "gi" and the u of "qu" are part of the consonant, so Unicode "gió", "giùm", "quí"
# put a toned vowel right after them: those do not count.
_VNI = re.compile(f"(?:(?<![gG])[iI]|(?<![qQ])[uU]|[aeoyAEOYôöÔÖ])([{_VNI_STRONG}{_VNI_WEAK}])")
_VNI_D = re.compile(f"(?<![A-Za-zÀ-ÿ])[ñÑ](?=[A-Za-z{_VNI_VOWEL}])")
# TCVN3 writes ệ as Ö, ĩ as Ü, ỉ as Ø after lower-case letters; VNI marks follow the
# case of their vowel ("Vieät", "VIEÄT"), so a lower-case vowel then an upper-case mark is
# TCVN3.
_MIXED_CASE = re.compile("[a-z][À-Þ]")
MIN_HITS = 2
MIN_WEAK = 3  # "Noël et Zoë" has two
# Every pattern above needs one of these characters: text without any (nearly all Unicode
# Vietnamese) is answered by one scan instead of four (a third of loading a plan).
_ANY_LEGACY = re.compile("[" + "".join(sorted(set(
    _TCVN3_SYMBOLS + _TCVN3_LETTERS + _TCVN3_AFTER + _VNI_STRONG + _VNI_WEAK + "ñÑ"))) + "]")


def legacy_encoding(text: str) -> str | None:
    """Return "TCVN3 (ABC)" or "VNI" when ``text`` (any length, Unicode otherwise or not)
    contains a word typed in that encoding, else None. Linear in ``len(text)``."""
    if not _ANY_LEGACY.search(text):
        return None
    if _TCVN3_BOTH.search(text) or len(_TCVN3_SIDE.findall(text)) >= MIN_HITS:
        return "TCVN3 (ABC)"
    strong = weak = 0
    mixed = False
    for m in _VNI.finditer(text):
        if m.group(1) in _VNI_WEAK:
            weak += 1
        else:
            strong += 1
        mixed = mixed or bool(_MIXED_CASE.match(text, m.start()))
    strong += len(_VNI_D.findall(text))
    if strong or weak >= MIN_WEAK:
        return "TCVN3 (ABC)" if mixed else "VNI"
    return None


def legacy_sample(text: str, width: int = 30) -> str:
    """Return about ``width`` characters of ``text`` around the first legacy-encoded word
    (the start of ``text`` when none is found), for a message."""
    found = [m.start() for m in (_TCVN3_SIDE.search(text), _VNI.search(text),
                                 _VNI_D.search(text)) if m]
    at = min(found) if found else 0
    start = max(0, text.rfind(" ", 0, max(0, at - width // 3)) + 1) if at > width // 2 else 0
    return text[start:start + width]
