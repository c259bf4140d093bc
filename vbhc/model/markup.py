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

_FOOTNOTE = re.compile(r"\[\^([^\]\s\\]+)\]")


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


_TOKEN = re.compile(r"\\(.)|(\*\*)|(\*)|\[\^([^\]\s\\]+)\]|([^\\*\[]+|\[|\\$)", re.DOTALL)


def parse(text: str) -> list[Span]:
    """Return the spans of ``text``, merging neighbouring text of equal emphasis."""
    return list(_parse(text))


@lru_cache(maxsize=8192)
def _parse(text: str) -> tuple[Span, ...]:
    tokens = _TOKEN.findall(text)
    literal = _unmatched(tokens)
    spans: list[Span] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buf:
            _append(spans, TextSpan("".join(buf), bold, italic))
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
            spans.append(FootnoteRef(key))
        else:
            buf.append(escaped or plain_text)
    flush()
    return tuple(spans)


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
    tokens = _TOKEN.findall(text)
    return [tokens[i][1] or tokens[i][2] for i in sorted(_unmatched(tokens))]


def _append(spans: list[Span], span: TextSpan) -> None:
    last = spans[-1] if spans else None
    if isinstance(last, TextSpan) and (last.bold, last.italic) == (span.bold, span.italic):
        spans[-1] = TextSpan(last.text + span.text, span.bold, span.italic)
    else:
        spans.append(span)


def footnote_keys(text: str) -> list[str]:
    """Return the footnote keys referenced in ``text``, in order."""
    return [s.key for s in parse(text) if isinstance(s, FootnoteRef)]


def plain(text: str) -> str:
    """Return the visible text without markers (footnote references dropped)."""
    return "".join(s.text for s in parse(text) if isinstance(s, TextSpan))


def escape(text: str) -> str:
    """Return ``text`` with every marker character escaped, so it renders literally."""
    return re.sub(r"([\\*\[])", r"\\\1", text)
