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
    warnings: list[str] = controls_note(dropped)
    digits = not any(c in text for c in SUPERSCRIPTS)
    if digits:  # pdftotext: note numbers as plain digits; pages tell where the notes stand
        text = page_notes(text, warnings)
    plain = digits and not any(c in text for c in SUPERSCRIPTS)
    lines = _drop_page_furniture(text, keep_numbers=plain)
    if plain:  # note numbers as plain digits (pdftotext); bare numbers left are page numbers
        lines = [ln for ln in _plain_footnotes(lines, warnings)
                 if not PAGE_NUMBER.match(ln.strip())]
    notes, body = _lift_footnotes(lines)
    if digits:
        unmatched_anchor(text.split("\n"), len(notes) + 1, warnings)
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


WIDE = 1.08
"""A footnote line is this much longer (in characters) than a full body line or more: its
font is smaller (ND30: 10-12 pt against 13-14 pt), so more words fit in the same width."""
MAX_NOTES_PER_PAGE = 20


def page_notes(text: str, warnings: list[str]) -> str:
    """Return pdftotext output (no superscripts, pages split by form feeds) with each page's
    footnotes made explicit: the number glued to its anchor ("tỉnh1", "năm 20242") becomes
    a superscript mark and the note text at the page bottom one line "¹ Quyết định ...".

    Both orders pdftotext writes are read: with -layout, each note's number on its own line
    before its text; without, LibreOffice's PDF gives the first note's text first, then the
    other numbers each before its text, the first number last ("text¹ 3 text³ 2"). Note
    texts are matched to numbers in order; the start of a text written before any number
    is found by width (:data:`WIDE`). A page whose notes cannot be told apart is left as
    it is (:func:`unmatched_anchor` then warns). ``warnings`` gets one line per note."""
    pages = text.split("\f")
    lengths = sorted(len(ln.strip()) for ln in text.split("\n") if len(ln.strip()) >= 40)
    if len(pages) < 2 or not lengths:
        return text
    limit = lengths[len(lengths) * 3 // 4] * WIDE
    expected = 1
    for p, page in enumerate(pages):
        lines = page.split("\n")
        done = _page_zone(lines, expected, limit)
        if done is None:
            continue
        numbers, anchors, zone, texts = done
        for n, (row, start, stop, year), note in zip(numbers, anchors, texts, strict=True):
            mark = "".join(SUPERSCRIPTS[int(d)] for d in str(n))
            line = lines[row]
            warnings.append(f"chú thích {n} nhận ra từ chữ số dính sau chữ "
                            f"«{line[max(0, start - 20):stop].strip()}» và nội dung cuối trang "
                            f"{p + 1} («{note[:40]}...»); kiểm tra lại vị trí chú thích"
                            + (" (số dính sau năm)" if year else ""))
            lines[row] = line[:start] + (year or "") + mark + line[stop:]
        notes = [f"{''.join(SUPERSCRIPTS[int(d)] for d in str(n))} {note}"
                 for n, note in zip(numbers, texts, strict=True)]
        lines[zone[0]:zone[1]] = notes
        pages[p] = "\n".join(lines)
        expected = numbers[-1] + 1
    return "\f".join(pages)


def _bare(line: str) -> int | None:
    text = line.strip()
    return int(text) if text.isdigit() and len(text) <= 3 else None


def _page_zone(lines: list[str], expected: int, limit: float
               ) -> tuple[list[int], list[tuple[int, int, int, str | None]], tuple[int, int],
                          list[str]] | None:
    """Return (note numbers, their anchors, the rows of the note zone [from, to), the note
    texts) of one page, or None when it has no notes that can be told apart."""
    filled = [r for r, ln in enumerate(lines) if ln.strip()]
    if len(filled) < 3:
        return None
    rows = {r: _bare(lines[r]) for r in filled[1:]}  # the first line: the page number
    numbers: list[int] = []
    while len(numbers) < MAX_NOTES_PER_PAGE and \
            list(rows.values()).count(expected + len(numbers)) == 1:
        numbers.append(expected + len(numbers))
    if not numbers:
        return None
    num_rows = sorted(r for r, v in rows.items() if v in numbers)
    first = num_rows[0]
    anchors = []
    row = col = 0
    for n in numbers:  # in order, before the zone
        found = _anchor_from(lines, row, col, first, n)
        if found is None:
            return None
        anchors.append(found)
        row, col = found[0], found[2]
    last = filled[-1]
    while last > first and _bare(lines[last]) is not None and last not in num_rows:
        last -= 1  # a page number at the foot of the page
    segments: list[list[str]] = []
    for r in range(first, last + 1):
        if r in num_rows:
            segments.append([])
        elif lines[r].strip():
            segments[-1].append(lines[r].strip())
    texts = [" ".join(s) for s in segments if s]
    start = first
    if len(texts) == len(numbers) - 1:  # the first note's text stands before any number
        end = max(r for r in filled if r < first) if any(r < first for r in filled) else -1
        if end <= anchors[-1][0]:
            return None
        start = end
        while start - 1 > anchors[-1][0] and len(lines[start - 1].strip()) > limit:
            start -= 1
        head = lines[start].strip()
        if not (head[:1].isupper() or head[:1] == "("):
            return None
        texts.insert(0, " ".join(ln.strip() for ln in lines[start:end + 1] if ln.strip()))
    if len(texts) != len(numbers) or not all(texts):
        return None
    return numbers, anchors, (start, last + 1), texts


def _anchor_from(lines: list[str], row: int, col: int, before: int, number: int
                 ) -> tuple[int, int, int, str | None] | None:
    """Return (line, start, end, year) of the first mark of note ``number`` glued to a word
    or a year from (``row``, ``col``) on, in the lines before ``before``; None if none."""
    word = re.compile(WORD_GLUED.format(n=number))
    year = re.compile(YEAR_GLUED.format(n=number))
    for r in range(row, before):
        pos = col if r == row else 0
        hits = [m for m in (word.search(lines[r], pos), year.search(lines[r], pos)) if m]
        if hits:
            m = min(hits, key=lambda h: h.start())
            if m.re is year:
                return r, m.start(), m.end(), m.group(1)
            return r, m.start(), m.end(), None
    return None


def unmatched_anchor(lines: list[str], number: int, warnings: list[str]) -> None:
    """Warn, naming the line, when a line of the extracted text carries a number glued to
    a word that looks like the mark of note ``number`` ("tỉnh1", the first note not found)
    and a bare line "1" stands after it, yet no note text was matched to it: the digit is
    kept as text, never dropped silently."""
    word = re.compile(WORD_GLUED.format(n=number))
    bare = [k for k, ln in enumerate(lines) if _bare(ln) == number]
    if not bare:
        return
    for line in lines[:bare[-1]]:
        plain = BOLD.sub(r"\1", line)
        m = word.search(plain)
        if m:
            warnings.append(f"dòng «{plain[max(0, m.start() - 30):m.end() + 10].strip()}»: "
                            f"chữ số {number} dính sau chữ giống dấu chú thích và có dòng "
                            f"«{number}» phía sau, nhưng không nhận ra nội dung chú thích; giữ "
                            "nguyên văn, kiểm tra lại")
            return


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


CITATION = re.compile(r"^\s*Căn cứ\b")
MARKED = re.compile(r"^\s*(?:[IVXLC]+\.|\d+(?:\.\d+)*\.|[a-zđ]\)|[-+•])\s")


def _cites_on(out: list[_Joined], plain: str) -> bool:
    """Return True when ``plain`` goes on an open "Căn cứ ..." line: a cited document's
    name wraps with its capital ("... ban hành / Chương trình tổng thể ...;"), so case
    cannot tell; a new "Căn cứ", a numbered or dashed line, or a line in capitals starts
    a paragraph of its own."""
    if not out or not CITATION.match(BOLD.sub(r"\1", out[-1].parts[0])):
        return False
    return not (CITATION.match(plain) or MARKED.match(plain) or plain.isupper())


def _join_split_paragraphs(lines: list[str]) -> list[str]:
    """Join a line to the one before when that one ends mid-sentence and this one goes on
    in lower case (or goes on a "Căn cứ" line): the PDF broke the paragraph at a page end
    (or wrapped it)."""
    out: list[_Joined] = []
    for line in lines:
        plain = BOLD.sub(r"\1", line)
        goes_on = (plain[:1].islower() and not POINT.match(plain)) or _cites_on(out, plain)
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
