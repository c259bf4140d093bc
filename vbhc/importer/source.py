"""What a reader hands on: paragraphs as emphasis spans, footnotes, and where each sits.

Both readers (.docx and extracted text) produce a :class:`Source`; everything after
works on it, so the structure recognition does not care where the text came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from vbhc.model.markup import FootnoteRef, Span, TextSpan, escape


@dataclass
class Para:
    """One paragraph: its spans, whether it is centred, and its table cell if any."""

    spans: list[Span]
    center: bool = False
    cell: tuple[int, int, int] | None = None  # (table, row, grid column), top-level table
    span: int = 1  # grid columns the cell covers
    side: int | None = None  # the innermost cell's place in its row: 0 the leftmost
    inner: tuple[int, int] | None = None  # (row, cell place) in the innermost table
    merged_above: bool = False  # a w:vMerge continuation: the cell above covers it
    box: int | None = None  # the text box it stands in (numbered in reading order)
    columns: list[list[Span]] | None = None  # left and right of a tab gap ("Nơi nhận:\tKT.")
    landscape: bool = False  # in a section whose page is landscape (w:pgSz w:orient)

    @property
    def plain(self) -> str:
        """Return the visible text (footnote references left out)."""
        return "".join(s.text for s in self.spans if isinstance(s, TextSpan))

    @property
    def text(self) -> str:
        """Return the visible text with runs of white space collapsed and ends trimmed."""
        return " ".join(self.plain.split())

    def lines(self) -> list[Para]:
        """Return the paragraph split at its line breaks (header cells put two lines in one)."""
        out: list[list[Span]] = [[]]
        for span in self.spans:
            if isinstance(span, TextSpan) and "\n" in span.text:
                pieces = span.text.split("\n")
                for k, piece in enumerate(pieces):
                    if k:
                        out.append([])
                    if piece:
                        out[-1].append(replace(span, text=piece))
            else:
                out[-1].append(span)
        return [replace(self, spans=spans) for spans in out]


@dataclass
class Source:
    """A read document: paragraphs in reading order and footnote texts by key."""

    name: str
    paras: list[Para]
    notes: dict[str, list[Span]] = field(default_factory=dict)
    from_text: bool = False  # extracted text: no emphasis, no table cells
    warnings: list[str] = field(default_factory=list)  # the reader's guesses, for the clerk


CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
"""Characters no .docx or YAML file may hold (C0/C1 controls but tab, newline, CR and form
feed; noncharacters; lone surrogates): a reader drops them and says so."""


def drop_controls(text: str, seen: set[str]) -> str:
    """Return ``text`` without CONTROL characters, adding each one dropped to ``seen``."""
    if not CONTROL.search(text):
        return text
    seen.update(CONTROL.findall(text))
    return CONTROL.sub("", text)


def controls_note(seen: set[str]) -> list[str]:
    """Return the warning for the control characters a reader dropped ([] when none)."""
    if not seen:
        return []
    codes = ", ".join(f"U+{ord(c):04X}" for c in sorted(seen)[:10])
    return [f"bỏ các ký tự điều khiển không in được trong tệp vào ({codes})"]


GAP = re.compile(r"\t+| {8,}")
"""What separates two columns typed on one line: tabs, or eight spaces or more (a blank
left for the number or the day is shorter: "Số:      /KH")."""


def column_split(spans: list[Span]) -> list[list[Span]] | None:
    """Return the spans left and right of the first column gap (GAP) that has text on both
    sides; [[], right] for a line pushed right by leading tabs; None when there is none.

    A header or closing typed without a table puts its two columns on one line:
    "ỦY BAN NHÂN DÂN\t\tCỘNG HÒA ...", "Nơi nhận:\tKT. CHỦ TỊCH", "\t\t\tNguyễn Văn An".
    """
    text = "".join(s.text for s in spans if isinstance(s, TextSpan))
    stripped = text.lstrip(" ")
    if stripped.startswith("\t\t") and "\t" not in stripped.strip("\t "):
        return [[], spans]
    body = text.strip()
    start = len(text) - len(text.lstrip())
    m = next((g for g in GAP.finditer(text, start) if g.end() < start + len(body)), None)
    if m is None or not text[start:m.start()].strip():
        return None
    left: list[Span] = []
    right: list[Span] = []
    pos = 0
    for span in spans:
        if not isinstance(span, TextSpan):
            (left if pos <= m.start() else right).append(span)
            continue
        end = pos + len(span.text)
        if end <= m.start():
            left.append(span)
        elif pos >= m.end():
            right.append(span)
        else:
            if pos < m.start():
                left.append(replace(span, text=span.text[:m.start() - pos]))
            if end > m.end():
                right.append(replace(span, text=span.text[m.end() - pos:]))
        pos = end
    return [left, right]


def trimmed(spans: list[Span]) -> list[Span]:
    """Return ``spans`` in NFC, tabs and no-break spaces as spaces, both ends trimmed.

    Runs of spaces inside stay: a blank left for the number or the day ("số       /KH")
    is printed back as it was.
    """
    out: list[Span] = []
    for span in spans:
        if isinstance(span, TextSpan):
            text = unicodedata.normalize("NFC", span.text.replace("\t", " ")
                                         .replace("\u00a0", " "))
            if text:
                out.append(replace(span, text=text))
        else:
            out.append(span)
    while out and isinstance(out[0], TextSpan) and not out[0].text.strip():
        out.pop(0)
    while out and isinstance(out[-1], TextSpan) and not out[-1].text.strip():
        out.pop()
    if out and isinstance(out[0], TextSpan):
        out[0] = replace(out[0], text=out[0].text.lstrip())
    if out and isinstance(out[-1], TextSpan):
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return out


def drop_chars(spans: list[Span], count: int) -> list[Span]:
    """Return ``spans`` without their first ``count`` visible characters and the spaces after."""
    out: list[Span] = []
    for span in spans:
        if count > 0 and isinstance(span, TextSpan):
            if len(span.text) <= count:
                count -= len(span.text)
                continue
            span = replace(span, text=span.text[count:])
            count = 0
        out.append(span)
    return trimmed(out)


def to_markup(spans: list[Span], *, plain_emphasis: bool = False) -> str:
    """Return vbhc inline markup for ``spans``: source characters escaped, emphasis marked.

    ``plain_emphasis`` drops bold or italic that covers the whole text: a heading or a
    căn cứ line gets its emphasis from the template style, not from markers (punctuation
    left plain between bold words does not count: "**2**. **Tên**" is a bold line). Markers
    close before white space and open after it ("a **b** c").
    """
    texts = [s for s in spans if isinstance(s, TextSpan) and any(c.isalnum() for c in s.text)]
    all_bold = plain_emphasis and bool(texts) and all(s.bold for s in texts)
    all_italic = plain_emphasis and bool(texts) and all(s.italic for s in texts)
    out: list[str] = []
    bold = italic = False
    pending = ""
    for span in spans:
        if isinstance(span, FootnoteRef):
            out.append(pending + f"[^{span.key}]")
            pending = ""
            continue
        for piece in re.split(r"(\s+)", span.text):
            if not piece:
                continue
            if not piece.strip():
                pending += piece
                continue
            want_b = span.bold and not all_bold
            want_i = span.italic and not all_italic
            closes = ("*" if italic and not want_i else "") + ("**" if bold and not want_b else "")
            opens = ("**" if want_b and not bold else "") + ("*" if want_i and not italic else "")
            out.append(closes + escape(pending) + opens + escape(piece))
            bold, italic, pending = want_b, want_i, ""
    out.append(("*" if italic else "") + ("**" if bold else ""))
    return "".join(out).strip()


def emphasised(spans: list[Span], attr: str) -> bool:
    """Return whether every word of ``spans`` is bold (``attr`` "bold") or italic."""
    texts = [s for s in spans if isinstance(s, TextSpan) and any(c.isalnum() for c in s.text)]
    return bool(texts) and all(getattr(s, attr) for s in texts)

