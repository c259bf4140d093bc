"""Visible placeholders: where only the issuing office can write (its own tasks and targets,
local key projects, funding), a derived plan carries a marked paragraph instead of a guess.

The marker is ``[CẦN BỔ SUNG: …]`` (square brackets, the words "CẦN BỔ SUNG" and a colon,
then what to write). ``find`` lists them in any text, ``in_plan`` in a plan's fields; a
checker rule can report each as unfinished with ``find`` on the document's paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from vbhc.model.placeholder import MARK, PATTERN, find, make

__all__ = ["MARK", "PATTERN", "find", "in_plan", "make"]


def in_plan(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """Yield (field path, placeholder) for every placeholder in a dumped plan (dict/list/str)."""
    found: list[tuple[str, str]] = []
    _collect(value, path, found)
    return iter(found)


def _collect(value: Any, path: str, found: list[tuple[str, str]]) -> None:
    """Append in_plan's pairs for ``value`` to ``found``; a text without the marker's words
    is passed over without a search (a placeholder always holds them)."""
    if isinstance(value, str):
        if MARK in value:
            found += [(path, text) for text in find(value)]
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, int | float | None):
                _collect(item, f"{path}.{key}" if path else str(key), found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, int | float | None):
                _collect(item, f"{path}[{i}]", found)
