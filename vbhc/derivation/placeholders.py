"""Visible placeholders: where only the issuing office can write (its own tasks and targets,
local key projects, funding), a derived plan carries a marked paragraph instead of a guess.

The marker is ``[CẦN BỔ SUNG: …]`` (square brackets, the words "CẦN BỔ SUNG" and a colon,
then what to write). ``find`` lists them in any text, ``in_plan`` in a plan's fields; a
checker rule can report each as unfinished with ``find`` on the document's paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

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


def in_plan(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (field path, placeholder) for every placeholder in a dumped plan (dict/list/str)."""
    if isinstance(value, str):
        for found in find(value):
            yield path, found
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from in_plan(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from in_plan(item, f"{path}[{i}]")
