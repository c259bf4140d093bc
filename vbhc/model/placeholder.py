"""The visible placeholder: text only the issuing office can write, marked so that nobody
signs it by mistake — ``[CẦN BỔ SUNG: …]`` (square brackets, the words "CẦN BỔ SUNG", a
colon, then what to write).

``vbhc derive`` writes one where a derived plan needs the unit's own tasks, targets or
funding; ``vbhc check`` reports every one left in a document (rule ``chua-hoan-thien``).
Both read the marker from here, so they cannot drift apart.
"""

from __future__ import annotations

import re

MARK = "CẦN BỔ SUNG"
PATTERN = re.compile(r"\\?\[CẦN BỔ SUNG:\s*([^\[\]]*)\]")
r"""A placeholder in text (printed text, or a model's marked-up text where the bracket is
escaped as ``\[``); group 1 is what the office must write."""


def make(what: str) -> str:
    """Return the placeholder for ``what`` as marked-up model text (vbhc.model.markup: the
    bracket escaped), printing "[CẦN BỔ SUNG: kinh phí thực hiện]"."""
    from vbhc.model.markup import escape

    return escape(f"[{MARK}: {what.strip()}]")


def find(text: str) -> list[str]:
    """Return every placeholder in ``text`` (the whole marked text, brackets included)."""
    return [m.group(0) for m in PATTERN.finditer(text)]
