"""Text extracted from a PDF -> :class:`Source`.

The extraction keeps one paragraph per line but splits paragraphs at page ends, puts the
footnotes of a page ("¹ Quyết định ...") between the halves, and may carry page numbers
and running headers. This module undoes that: footnote blocks are lifted out, the
markers in the text (¹ ² ³) become references, split paragraphs are joined again.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from vbhc.files import read_reason
from vbhc.importer.errors import NotImportable
from vbhc.importer.source import Para, Source, controls_note, drop_controls
from vbhc.model.markup import FootnoteRef, Span, TextSpan

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
NOTE_BLOCK = re.compile(rf"^([{SUPERSCRIPTS}]+)\s+(\S.*)$")
MARKER = re.compile(rf"(?<=\S)([{SUPERSCRIPTS}]+)")
PAGE_NUMBER = re.compile(r"^(-\s*)?(trang\s+)?\d{1,3}(\s*-)?$", re.IGNORECASE)
ENDS = re.compile(r"[.;:!?…”\")]$|\./\.$")
POINT = re.compile(r"^[a-zđ]\)\s")
BOLD = re.compile(r"\*\*(.+?)\*\*")
MAX_BYTES = 8 * 1024 * 1024
TAB_GAP = re.compile(r"(?: ?\t ?)+")


def _number(marks: str) -> str:
    return "".join(str(SUPERSCRIPTS.index(c)) for c in marks)


def read_text(path: Path) -> Source:
    """Return the paragraphs and footnotes of the UTF-8 text file at ``path``."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotImportable(name, f"không đọc được tệp ({read_reason(exc)})") from None
    if len(raw) > MAX_BYTES:
        raise NotImportable(name, "tệp văn bản quá lớn (trên 8 MB)")
    if b"\x00" in raw:
        raise NotImportable(name, "không phải tệp văn bản (.txt) hay .docx")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotImportable(name, "tệp văn bản không ở mã UTF-8; lưu lại bằng mã UTF-8") from None
    return parse_text(name, text)


def parse_text(name: str, text: str) -> Source:
    """Return the Source of extracted ``text`` (pages split by form feeds, ``**bold**``,
    footnote marks as superscript digits, note lines "¹ ..."); NotImportable when empty."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    dropped: set[str] = set()
    text = drop_controls(text, dropped)
    if not text.strip():
        raise NotImportable(name, "tệp rỗng")
    plain = not any(c in text for c in SUPERSCRIPTS)
    lines = _drop_page_furniture(text, keep_numbers=plain)
    warnings: list[str] = controls_note(dropped)
    if plain:  # note numbers as plain digits (pdftotext); bare numbers left are page numbers
        lines = [ln for ln in _plain_footnotes(lines, warnings)
                 if not PAGE_NUMBER.match(ln.strip())]
    notes, body = _lift_footnotes(lines)
    paras = [_para(p, notes) for p in _join_split_paragraphs(body)]
    return Source(name, paras, notes_spans(notes), from_text=True, warnings=warnings)


PLAIN_NOTE = re.compile(r"^(?P<n>\d{1,2})(?:\s+(?P<text>\S.*))?$")
YEAR_GLUED = r"\b((?:19|20)\d\d){n}\b"  # "năm 20241": the year 2024, then note 1
WORD_GLUED = r"(?<=[^\W\d_])(?<![A-ZĐ]){n}\b"  # "tỉnh1", "chú thích1" (not "KH1", "Điều 3")


def _plain_footnotes(lines: list[str], warnings: list[str]) -> list[str]:
    """Return ``lines`` with pdftotext-style footnotes made explicit: the note number glued
    to its anchor word ("tỉnh1", "năm 20241") becomes a superscript mark, and the note
    line ("1 Quyết định ..." or "1" then the text, at the page bottom, running on to the
    line that ends with a period) becomes "¹ Quyết định ...". Notes are taken in order
    1, 2, 3 ... while each has an anchor before it; ``warnings`` says what was guessed."""
    out = list(lines)
    expected = 1
    k = 0
    while k < len(out):
        m = PLAIN_NOTE.match(out[k])
        if not m or int(m.group("n")) != expected:
            k += 1
            continue
        end = k + 1 if m.group("text") else k + 2
        first = (m.group("text") or (out[k + 1] if k + 1 < len(out) else ""))[:1]
        if end > len(out) or not (first.isupper() or first == "("):  # a note starts so
            k += 1
            continue
        while end < len(out) and not (out[end - 1].rstrip().endswith((".", ";", ")"))
                                      and end > k + (1 if m.group("text") else 2) - 1) \
                and end - k < 12 and not PLAIN_NOTE.match(out[end]):
            end += 1
        anchor = _glued_anchor(out, k, expected)
        if anchor is None:
            k += 1
            continue
        row, start, stop, year = anchor
        mark = "".join(SUPERSCRIPTS[int(d)] for d in str(expected))
        line = out[row]
        out[row] = line[:start] + (year or "") + mark + line[stop:]
        text = " ".join([m.group("text") or "", *out[k + 1:end]]).strip()
        out[k:end] = [f"{mark} {text}"]
        warnings.append(f"chú thích {expected} nhận ra từ chữ số dính sau chữ "
                        f"«{line[max(0, start - 20):stop]}» và dòng chú thích cuối trang; "
                        "kiểm tra lại vị trí chú thích" + (" (số dính sau năm)" if year else ""))
        expected += 1
        k += 1
    return out


def _glued_anchor(lines: list[str], before: int, number: int
                  ) -> tuple[int, int, int, str | None] | None:
    """Return (line, start, end, year) of the last mark of note ``number`` glued to a word
    or to a year in the lines before ``before``; None when there is none."""
    for row in range(before - 1, -1, -1):
        line = lines[row]
        found = list(re.finditer(WORD_GLUED.format(n=number), line))
        years = list(re.finditer(YEAR_GLUED.format(n=number), line))
        if years:
            y = years[-1]
            return row, y.start(), y.end(), y.group(1)
        if found:
            f = found[-1]
            return row, f.start(), f.end(), None
    return None


def _para(line: str, notes: dict[str, str]) -> Para:
    """Return a body line as a Para; a tab gap ("Nơi nhận:\tKT. CHỦ TỊCH") gives its two
    columns, the tabs themselves become spaces."""
    flat = " ".join(line.replace("\t", " ").split())
    side = 1 if line.startswith("\t") else None  # pushed right by tabs: the right column
    if "\t" not in line.strip("\t "):
        return Para(_spans(flat, notes), side=side)
    left, _, right = line.strip("\t ").partition("\t")
    right = " ".join(right.replace("\t", " ").split())
    return Para(_spans(flat, notes), columns=[_spans(left.strip(), notes), _spans(right, notes)])


def _drop_page_furniture(text: str, keep_numbers: bool = False) -> list[str]:
    """Return the non-empty lines without page numbers and running headers (a bare number
    is kept when ``keep_numbers``: it may be a footnote's number).

    A running header is a line repeated on three or more pages (form feeds mark pages).
    """
    pages = text.split("\f")
    counts: dict[str, int] = {}
    for page in pages:
        for line in {ln.strip() for ln in page.split("\n")[:3] + page.split("\n")[-3:]}:
            counts[line] = counts.get(line, 0) + 1
    repeated = {ln for ln, n in counts.items() if ln and n >= 3 and len(pages) >= 3}
    out = []
    for line in text.replace("\f", "\n").split("\n"):
        pushed = line.lstrip(" ").startswith("\t")  # a line of the right column
        line = TAB_GAP.sub("\t", " ".join(line.replace("\t", " \t ").split(" "))).strip()
        line = re.sub(r" {2,}", " ", line)
        if pushed and line:
            line = "\t" + line
        bare = PAGE_NUMBER.match(line.strip()) and not (keep_numbers and line.isdigit())
        if not line or bare or line.strip() in repeated:
            continue
        out.append(line)
    return out


def _lift_footnotes(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Return the footnote texts by number and the body lines without them."""
    notes: dict[str, str] = {}
    body: list[str] = []
    for line in lines:
        m = NOTE_BLOCK.match(line)
        if m:
            notes[_number(m.group(1))] = m.group(2).strip()
        else:
            body.append(line)
    cited = {_number(m.group(1)) for line in body for m in MARKER.finditer(line)}
    for key in [k for k in notes if k not in cited]:  # "² ..." not cited: it is text
        body.append(f"{key} {notes.pop(key)}")
    return notes, body


class _Joined:
    """A paragraph being joined from lines, with what :func:`_join_split_paragraphs` asks
    of it (does its text, bold markers taken out, end a sentence?) kept up to date line
    by line, so that joining n lines costs n steps, not n².

    The markers follow ``BOLD.sub`` exactly: a ``**`` opens, the first ``**`` starting at
    least three characters later closes it, and an opening never closed stays literal.
    """

    def __init__(self, line: str) -> None:
        self.parts = [line]
        self.length = 0
        self.open: int | None = None  # where an unclosed ** starts
        self.close_end = -1  # where the last closing ** ends
        self.before_close = ""  # the character just before it
        self.last = ""
        self._scan(line)

    def _scan(self, text: str) -> None:
        base = self.length
        k = text.find("**")
        while k != -1:
            here = base + k
            if self.open is None:
                self.open = here
                k = text.find("**", k + 2)
            elif here >= self.open + 3:
                self.open = None
                self.close_end = here + 2
                self.before_close = text[k - 1] if k else ""
                k = text.find("**", k + 2)
            else:
                k = text.find("**", k + 1)
        self.length += len(text)
        if text:
            self.last = text[-1]

    def add(self, line: str) -> None:
        """Append ``line`` after a space."""
        self.parts.append(line)
        self._scan(" " + line)

    def ends_sentence(self) -> bool:
        """Return ``ENDS.search(BOLD.sub(r"\1", text))`` for the joined text."""
        last = self.before_close if self.close_end == self.length else self.last
        return bool(last) and bool(ENDS.search(last))

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def _join_split_paragraphs(lines: list[str]) -> list[str]:
    """Join a line to the one before when that one ends mid-sentence and this one goes on
    in lower case: the PDF broke the paragraph at a page end (or wrapped it)."""
    out: list[_Joined] = []
    for line in lines:
        plain = BOLD.sub(r"\1", line)
        goes_on = plain[:1].islower() and not POINT.match(plain)
        if out and goes_on and not out[-1].ends_sentence():
            out[-1].add(line)
        else:
            out.append(_Joined(line))
    return [joined.text for joined in out]


def _spans(line: str, notes: dict[str, str]) -> list[Span]:
    """Return the spans of a body line: **bold** as the extraction marked it, markers
    of known footnotes as references, everything else literal."""
    out: list[Span] = []
    for k, piece in enumerate(BOLD.split(line)):
        if not piece:
            continue
        pos = 0
        for m in MARKER.finditer(piece):
            key = _number(m.group(1))
            if key not in notes:
                continue
            if m.start() > pos:
                out.append(TextSpan(piece[pos:m.start()], bold=bool(k % 2)))
            out.append(FootnoteRef(key))
            pos = m.end()
        if pos < len(piece):
            out.append(TextSpan(piece[pos:], bold=bool(k % 2)))
    return out


def notes_spans(notes: dict[str, str]) -> dict[str, list[Span]]:
    """Return the footnote texts as spans (bold marks kept, no footnote markers)."""
    out = {}
    for key, text in notes.items():
        spans: list[Span] = []
        for k, piece in enumerate(BOLD.split(text)):
            if piece:
                spans.append(TextSpan(piece, bold=bool(k % 2)))
        out[key] = spans
    return out
