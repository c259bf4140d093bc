"""The "Kính gửi" block (ô 9a) at the top of the body -> ``kinh_gui``.

One addressee stands on the line ("Kính gửi: Sở Nội vụ"); several follow as "- A;" lines,
the first sometimes on the "Kính gửi:" line itself. Dashes and the closing ";" or "." are
vbhc's to print, so they are taken off.
"""

from __future__ import annotations

import re

from vbhc.importer.patterns import pattern
from vbhc.importer.source import Para

MAX_SINGLE = 200  # longer than this, a line is a sentence of the body, not an addressee


def _name(text: str) -> str:
    text = pattern("gach_dau_dong").sub("", text, count=1).strip()
    return re.sub(r"[\s;.,]+$", "", text)


def take_addressees(body: list[Para]) -> tuple[list[str], list[Para]]:
    """Return the addressees named at the start of ``body`` and the body after them."""
    if not body or not pattern("kinh_gui").match(body[0].text):
        return [], body
    rest = pattern("kinh_gui").sub("", body[0].text, count=1).strip()
    names: list[str] = []
    dashed = not rest or bool(pattern("gach_dau_dong").match(rest))
    if rest:
        names.append(_name(rest))
    k = 1
    while dashed and k < len(body):
        text = body[k].text
        if pattern("gach_dau_dong").match(text) and len(text) <= MAX_SINGLE:
            names.append(_name(text))
        elif not names and len(text) <= MAX_SINGLE and not text.endswith(":"):
            names.append(_name(text))  # "Kính gửi:" with the one name on the next line
            k += 1
            break
        else:
            break
        k += 1
    return [n for n in names if n], body[k:]
