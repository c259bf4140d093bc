"""Text typed in the pre-Unicode Vietnamese encodings (TCVN3/ABC, VNI) that was pasted as
if it were Unicode: "Céng hoµ x· héi" or "Coäng hoøa xaõ hoäi". Rendered as is, it would
print as mojibake; vbhc refuses it and says how to convert it."""

from __future__ import annotations

import re

# Characters TCVN3 fonts use for Vietnamese letters that Unicode Vietnamese never contains,
# counted only inside a word ("tØnh", "hoµ"), so "5 × 3" or "© 2024" do not count.
_TCVN3_CHARS = "µ¶·¸¹º»¼½¾¿®¬«©ª¨×ÞßÜØ÷¦§¤¥£¢¡"
_TCVN3 = re.compile(f"(?<=[A-Za-z])[{_TCVN3_CHARS}]|[{_TCVN3_CHARS}](?=[A-Za-z])")
# VNI-Windows writes a vowel followed by a Latin-1 letter carrying the tone or hat.
_VNI = re.compile("[aeiouyAEIOUY][øùûõïäåæöòóôëìí]")
# Letters only Unicode Vietnamese text has: ă, ơ, ư, đ and the precomposed U+1EA0–U+1EF9.
_UNICODE_VIETNAMESE = re.compile("[ăĂơƠưƯđĐ\u1ea0-\u1ef9]")
MIN_HITS = 2


def legacy_encoding(text: str) -> str | None:
    """Return "TCVN3" or "VNI" when ``text`` looks typed in that encoding, else None."""
    if _UNICODE_VIETNAMESE.search(text):
        return None
    if len(_TCVN3.findall(text)) >= MIN_HITS:
        return "TCVN3 (ABC)"
    if len(_VNI.findall(text)) >= MIN_HITS:
        return "VNI"
    return None
