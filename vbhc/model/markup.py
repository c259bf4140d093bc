"""Inline markup inside text fields: **đậm**, *nghiêng*, [^khoa] for a footnote.

A backslash makes the next character literal (``\\*``, ``\\[``, ``\\\\``); a marker without a
partner (the ``*`` in ``{{ 7*7 }}``) prints as written, and the loader warns. The parser
returns spans that the renderer turns into Word runs and the checks use to find
footnote references; it never produces XML itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from vbhc.lazyre import LazyPattern

_FOOTNOTE = LazyPattern(r"\[\^([^\]\s\\]+)\]")


@dataclass(frozen=True)
class TextSpan:
    """A piece of text with its emphasis."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to the footnote whose text is ``chu_thich[key]``."""

    key: str


Span = TextSpan | FootnoteRef


_TOKEN = LazyPattern(r"\\(.)|(\*\*)|(\*)|\[\^([^\]\s\\]+)\]|([^\\*\[]+|\[|\\$)", re.DOTALL)
_PLAIN = re.compile(r"[^\\*\[]+")
_KEY_CHARS = LazyPattern(r"[^\]\s\\]*")

Token = tuple[str, str, str, str, str]  # (escaped, "**", "*", footnote key, plain text)


def _tokens(text: str) -> list[Token]:
    """Return the tokens of ``text`` exactly as ``_TOKEN.findall(text)`` would, in linear
    time: the regex retries the footnote key at every ``[^`` of a run like ``[^[^[^...``
    and scans the rest of the run each time (quadratic); here the end of a run of key
    characters is found once and shared by every ``[^`` inside it."""
    out: list[Token] = []
    n = len(text)
    i = 0
    run_from = run_to = -1  # a maximal run of key characters text[run_from:run_to]
    while i < n:
        ch = text[i]
        if ch == "\\":
            if i + 1 < n:
                out.append((text[i + 1], "", "", "", ""))
                i += 2
            else:
                out.append(("", "", "", "", "\\"))
                i += 1
        elif ch == "*":
            if text.startswith("**", i):
                out.append(("", "**", "", "", ""))
                i += 2
            else:
                out.append(("", "", "*", "", ""))
                i += 1
        elif ch == "[":
            start = i + 2
            if text.startswith("[^", i):
                if not run_from <= start < run_to:
                    run_from, run_to = start, _KEY_CHARS.match(text, start).end()
                if run_to > start and run_to < n and text[run_to] == "]":
                    out.append(("", "", "", text[start:run_to], ""))
                    i = run_to + 1
                    continue
            out.append(("", "", "", "", "["))
            i += 1
        else:
            m = _PLAIN.match(text, i)
            out.append(("", "", "", "", m.group()))
            i = m.end()
    return out


def parse(text: str) -> list[Span]:
    """Return the spans of ``text``, merging neighbouring text of equal emphasis."""
    return list(_parse(text))


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Span, ...]:
    tokens = _tokens(text)
    literal = _unmatched(tokens)
    pieces: list[tuple[list[str], bool, bool] | FootnoteRef] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:  # neighbours of equal emphasis share one list, joined once
        if buf:
            last = pieces[-1] if pieces else None
            if isinstance(last, tuple) and (last[1], last[2]) == (bold, italic):
                last[0].extend(buf)
            else:
                pieces.append((list(buf), bold, italic))
            buf.clear()

    for i, (escaped, double, single, key, plain_text) in enumerate(tokens):
        if i in literal:
            buf.append(double or single)
        elif double:
            flush()
            bold = not bold
        elif single:
            flush()
            italic = not italic
        elif key:
            flush()
            pieces.append(FootnoteRef(key))
        else:
            buf.append(escaped or plain_text)
    flush()
    return tuple(p if isinstance(p, FootnoteRef) else TextSpan("".join(p[0]), p[1], p[2])
                 for p in pieces)


def _unmatched(tokens: list[tuple[str, ...]]) -> set[int]:
    """Return the token indexes of markers left without a partner: the last ``**`` when
    there is an odd number of them, likewise for ``*``. Those print as written."""
    out = set()
    for group in (1, 2):
        places = [i for i, token in enumerate(tokens) if token[group]]
        if len(places) % 2:
            out.add(places[-1])
    return out


def unmatched_markers(text: str) -> list[str]:
    """Return the markers of ``text`` that have no partner (printed literally)."""
    if "*" not in text:  # markers are made of "*" only: most texts have none
        return []
    tokens = _tokens(text)
    return [tokens[i][1] or tokens[i][2] for i in sorted(_unmatched(tokens))]


def footnote_keys(text: str) -> list[str]:
    """Return the footnote keys referenced in ``text``, in order."""
    if "[^" not in text:  # a reference is "[^key]": most texts have none
        return []
    return [s.key for s in parse(text) if isinstance(s, FootnoteRef)]


def plain(text: str) -> str:
    """Return the visible text without markers (footnote references dropped)."""
    return "".join(s.text for s in parse(text) if isinstance(s, TextSpan))


def escape(text: str) -> str:
    """Return ``text`` with every marker character escaped, so it renders literally."""
    return re.sub(r"([\\*\[])", r"\\\1", text)
