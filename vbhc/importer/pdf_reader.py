"""A digital PDF -> :class:`Source`, through the characters' positions, sizes and fonts.

The library is pypdfium2 (Google's PDFium, the engine of Chrome's viewer, fuzzed upstream):
it reads each character's Unicode value, font size, font name and baseline in C, fast
enough for the page and character caps below, and refuses broken files with an error
rather than a hang. (pdfplumber would give the same facts through pdfminer.six, a pure
Python parser that is slower and easier to stall with a hostile file.)

What the layout is turned into is the text format vbhc.importer.text_reader already reads:
one line per paragraph, pages split by form feeds, ``**bold**`` where the font is bold,
footnote marks as superscript digits (¹²³) where a digit is set smaller and raised above
the baseline, the notes at a page's bottom (smaller type below the body) as "¹ text"
lines, and two columns on one line split by a tab (the header's issuer and motto, the
closing's recipients and signature). Lines are joined into paragraphs by geometry: a line
that runs to the right margin goes on in the next one, across a page break too. Running
headers and page numbers are dropped by the text reader (a line repeated on three pages,
a number alone).

Bounds (untrusted input): the file size, the page count and the characters per page are
capped (``MAX_BYTES``, ``MAX_PAGES``, ``MAX_CHARS``); a PDF with no text layer (a scan)
is refused with a message saying so.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.importer.errors import NotImportable
from vbhc.importer.patterns import is_upper
from vbhc.importer.source import Source

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 300
MAX_CHARS = 60_000  # characters on one page (an A4 page of text holds about 4,000)
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
PDF_MAGIC = b"%PDF-"


@dataclass
class Char:
    """One character as printed: its text, size (pt), bold, baseline and extent (pt)."""

    text: str
    size: float
    bold: bool
    x0: float
    x1: float
    y: float
    raised: bool = False  # a footnote mark: smaller, above the baseline


@dataclass
class Line:
    """Characters on one baseline, left to right."""

    chars: list[Char] = field(default_factory=list)

    @property
    def y(self) -> float:
        """Return the baseline (pt from the page bottom)."""
        return self.chars[0].y

    @property
    def size(self) -> float:
        """Return the most common size (pt) of its letters, footnote marks left out."""
        sizes = Counter(round(c.size) for c in self.chars if not c.raised and c.text.strip())
        return float(sizes.most_common(1)[0][0]) if sizes else 0.0

    @property
    def x0(self) -> float:
        """Return where its first character starts (pt from the page's left edge)."""
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        """Return where its last character ends (pt from the page's left edge)."""
        return max(c.x1 for c in self.chars)

    def text(self, gap: float) -> str:
        """Return the line as text: ``**`` around bold runs, raised digits as superscript
        digits, a tab where the space between two characters is wider than ``gap``."""
        out: list[str] = []
        bold = False
        last: Char | None = None
        for c in sorted(self.chars, key=lambda c: c.x0):
            if last is not None and c.x0 - last.x1 > gap:
                out.append("**\t" if bold else "\t")
                bold = False
            elif last is not None and c.x0 - last.x1 > 0.2 * c.size and out \
                    and not out[-1].endswith(" ") and c.text != " ":
                out.append(" ")  # a space PDFium did not report
            if c.raised and c.text.isdigit():
                out.append(SUPERSCRIPTS[int(c.text)])
                last = c
                continue
            word = c.text.strip() != ""
            if word and c.bold != bold:
                out.append("**")
                bold = c.bold
            out.append(c.text)
            last = c
        if bold:
            out.append("**")
        return _tidy("".join(out))


def _tidy(text: str) -> str:
    """Move ``**`` markers off the spaces next to them ("** a**" -> " **a**")."""
    while "** " in text or " **" in text:
        new = text.replace("**  ", " ** ").replace(" ** ", " ")
        new = new.replace("** ", " **") if new.count("**") % 2 == 0 else new
        if new == text:
            break
        text = new
    return text.replace("****", "").strip()


def read_pdf(path: Path) -> Source:
    """Return the paragraphs and footnotes of the digital PDF at ``path``.

    Raises NotImportable for a file too big, with too many pages or characters, locked
    with a password, broken, or without a text layer (a scan).
    """
    from vbhc.importer.text_reader import parse_text

    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise NotImportable(name, f"không đọc được tệp ({exc.strerror})") from None
    if size > MAX_BYTES:
        raise NotImportable(name, f"tệp PDF quá lớn (trên {MAX_BYTES // 1024 // 1024} MB)")
    ruled: list[int] = []
    pages = _pages(path, name, ruled)
    if not any(line for page in pages for line in page):
        raise NotImportable(name, "tệp PDF không có lớp chữ (bản chụp, bản quét): vbhc chỉ nhập "
                            "được PDF xuất từ Word, LibreOffice...; hãy nhận dạng chữ (OCR) "
                            "hoặc xin bản .docx")
    source = parse_text(name, _layout_text(pages))
    if ruled:
        shown = ", ".join(map(str, ruled[:10])) + (", ..." if len(ruled) > 10 else "")
        source.warnings.append(
            f"trang {shown} có bảng kẻ ô: vbhc chưa dựng lại bảng từ PDF, chữ trong các ô được "
            "ghép theo từng dòng in (chữ của các cột có thể lẫn vào nhau); đối chiếu bản gốc "
            "hoặc nhập từ tệp .docx")
    return source


def _ruled(page, raw) -> bool:
    """Return whether ``page`` draws a ruled table: at least three vertical and three
    horizontal rules (path objects thinner than 3 pt and longer than 8 pt). The rules under
    the header's names are horizontal only, so a plan without a table is not counted."""
    across = down = 0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if right - left < 3 < 8 < top - bottom:
            down += 1
        elif top - bottom < 3 < 8 < right - left:
            across += 1
    return down >= 3 and across >= 3


def _pages(path: Path, name: str, ruled: list[int] | None = None) -> list[list[Line]]:
    """Return the lines of every page; the numbers (from 1) of the pages that draw a ruled
    table are added to ``ruled`` when given."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = "có mật khẩu" if "password" in str(exc).lower() else "hỏng hoặc không phải PDF"
        raise NotImportable(name, f"không mở được tệp PDF ({reason})") from None
    try:
        if len(doc) > MAX_PAGES:
            raise NotImportable(name, f"tệp PDF quá nhiều trang ({len(doc)}; tối đa {MAX_PAGES})")
        out = []
        for k in range(len(doc)):
            page = doc[k]
            text_page = page.get_textpage()
            try:
                out.append(_lines(raw, text_page, name, k))
                if ruled is not None and _ruled(page, raw):
                    ruled.append(k + 1)
            finally:
                text_page.close()
                page.close()
        return out
    finally:
        doc.close()


def _lines(raw, text_page, name: str, number: int) -> list[Line]:
    """Return the page's lines top to bottom, characters grouped by baseline."""
    handle = text_page.raw
    count = raw.FPDFText_CountChars(handle)
    if count > MAX_CHARS:
        raise NotImportable(name, f"trang {number + 1} của tệp PDF có quá nhiều ký tự ({count})")
    font = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    chars: list[Char] = []
    for i in range(count):
        if raw.FPDFText_IsGenerated(handle, i):
            continue
        code = raw.FPDFText_GetUnicode(handle, i)
        if not code or code in (0xFFFE, 0xFFFF) or 0xD800 <= code < 0xE000:
            continue
        text = chr(code)
        if text in "\r\n\x02\x00":
            continue
        raw.FPDFText_GetCharBox(handle, i, left, right, bottom, top)
        raw.FPDFText_GetCharOrigin(handle, i, ox, oy)
        raw.FPDFText_GetFontInfo(handle, i, font, len(font), flags)
        fontname = font.value.decode("latin-1", "replace").lower()
        bold = "bold" in fontname or raw.FPDFText_GetFontWeight(handle, i) >= 600
        size = raw.FPDFText_GetFontSize(handle, i)
        x1 = right.value if right.value > left.value else ox.value + 0.5 * size
        chars.append(Char(text, size, bold, ox.value, x1, oy.value))
    return _group(chars)


def _group(chars: list[Char]) -> list[Line]:
    """Return ``chars`` as lines: a character joins the line whose baseline is within a
    third of its size; a smaller digit raised above a line's baseline is a footnote mark."""
    if not chars:
        return []
    body = Counter(round(c.size) for c in chars if c.text.strip()).most_common(1)[0][0]
    lines: list[Line] = []
    for c in chars:
        if c.text.isdigit() and c.size < 0.8 * body:
            host = _nearest(lines, c, above=True)
            if host is not None and c.y > host.y + 0.15 * host.size \
                    and c.size < 0.8 * host.size:
                c.raised = True
                host.chars.append(c)
                continue
        host = _nearest(lines, c, above=False)
        if host is None:
            lines.append(Line([c]))
        else:
            host.chars.append(c)
    for mark in [ln for ln in lines if all(c.text.isdigit() for c in ln.chars)
                 and max(c.size for c in ln.chars) < 0.8 * body]:
        host = next((ln for ln in lines if ln is not mark and ln.chars
                     and 0 < mark.y - ln.y < 0.7 * ln.size
                     and -1 <= ln.x0 - mark.x1 < ln.size), None)
        if host is not None:  # a note's number printed before its text: raised
            for c in mark.chars:
                c.raised = True
            host.chars += mark.chars
            mark.chars = []
    lines = [ln for ln in lines if ln.chars]
    for line in lines:
        line.chars.sort(key=lambda c: c.x0)
    return sorted((ln for ln in lines if any(c.text.strip() for c in ln.chars)),
                  key=lambda ln: -ln.y)


def _nearest(lines: list[Line], c: Char, *, above: bool) -> Line | None:
    """Return the recent line ``c`` belongs on: the same baseline (within a third of the
    size), or for a raised mark the line whose baseline is just below it."""
    for line in reversed(lines[-40:]):
        size = max(line.chars[0].size, 1.0)
        if above:
            if 0 < c.y - line.y < 0.7 * size and c.x0 >= line.x0 - size:
                return line
        elif abs(c.y - line.y) < 0.34 * max(size, c.size) and not line.chars[0].raised:
            return line
    return None


def _layout_text(pages: list[list[Line]]) -> str:
    """Return the text of the pages in the text reader's format (see the module doc)."""
    from vbhc.importer.text_reader import PAGE_NUMBER

    sizes: Counter[int] = Counter()
    for page in pages:
        for line in page:
            sizes[round(line.size)] += len(line.chars)
    body = sizes.most_common(1)[0][0]
    paragraphs: list[list] = []  # [page number, text]
    notes_of: dict[int, str] = {}
    previous: Line | None = None
    margins = (0.0, 0.0)
    for number, page in enumerate(pages):
        body_lines = [ln for ln in page if ln.size >= 0.85 * body]
        if not body_lines:
            continue
        lowest = min(ln.y for ln in body_lines)
        notes = [ln for ln in page if ln.size < 0.85 * body and ln.y < lowest]
        if notes and not _numbered(notes[0]):
            notes = []  # small type below the body that is no note: a recipients list
        notes_of[number] = _notes(notes)
        main = [ln for ln in page if ln not in notes
                and not PAGE_NUMBER.match(ln.text(1e9).replace("*", "").strip())]
        if not main:
            continue
        x_left, x_right = min(ln.x0 for ln in main), max(ln.x1 for ln in main)
        width = max(x_right - x_left, 1.0)
        for k, line in enumerate(main):
            text = line.text(2.5 * line.size)
            if not text.replace("*", "").strip():
                continue
            last = paragraphs[-1][1] if paragraphs else ""
            wraps = k > 0 and previous is not None and "\t" not in last \
                and _title_wraps(previous, line, last, text, x_left, x_right)
            if line.x0 > x_left + 0.45 * width and "\t" not in text and not wraps:
                text = "\t" + text  # a line of the right column only
            if k == 0 and previous is not None:  # the page before may run on
                runs_on = _full(previous, *margins) and _starts_flush(line, x_left) \
                    and abs(line.size - previous.size) < 1
            else:
                runs_on = previous is not None and _full(previous, x_left, x_right) \
                    and _starts_flush(line, x_left) and 0 < previous.y - line.y < 2.2 * \
                    max(previous.size, 1.0) and abs(line.size - previous.size) < 1
            runs_on = runs_on or wraps
            if runs_on and paragraphs and "\t" not in text and "\t" not in last:
                paragraphs[-1][1] = _join(last, text)
            elif text[:1].islower() and "\t" in last.strip("\t") and number == \
                    paragraphs[-1][0]:  # the left column's line wraps beside the right one
                left, _, right = last.partition("\t")
                paragraphs[-1][1] = f"{_join(left.rstrip(), text)}\t{right}"
            else:
                paragraphs.append([number, text])
            previous = line
        margins = (x_left, x_right)
    out = []
    for number in range(len(pages)):
        text = "\n".join(t for n, t in paragraphs if n == number)
        out.append(text + "\n" + notes_of.get(number, ""))
    return "\f".join(out)


_NAMED_LEVEL = re.compile(r"^\**(Phần|Chương|Mục|Điều|Phụ lục)\b")


def _centred(line: Line, x_left: float, x_right: float) -> bool:
    """Return whether ``line`` is centred between the margins and touches neither."""
    size = max(line.size, 1.0)
    return abs((line.x0 + line.x1) / 2 - (x_left + x_right) / 2) < 0.6 * size \
        and line.x0 > x_left + size and line.x1 < x_right - size


def _title_wraps(previous: Line, line: Line, last: str, text: str, x_left: float,
                 x_right: float) -> bool:
    """Return whether centred ``line`` goes on the centred title line above it (a trích
    yếu wrapped over two lines: "Về tăng cường ... năm" / "2024"): both centred, the same
    size, next to each other, the one above long (over 60 % of the width); not a line in
    capitals (kind name, Chương title), a named level ("Chương I", "Mục 1") or a
    "(Kèm theo ...)" line."""
    size = max(previous.size, 1.0)
    plain = text.replace("*", "").strip()
    above = last.replace("*", "").strip()
    return _centred(previous, x_left, x_right) and _centred(line, x_left, x_right) \
        and abs(line.size - previous.size) < 1 and 0 < previous.y - line.y < 1.6 * size \
        and previous.x1 - previous.x0 > 0.6 * (x_right - x_left) \
        and not is_upper(plain) and not is_upper(above) and not plain.startswith("(") \
        and not _NAMED_LEVEL.match(above) and not _NAMED_LEVEL.match(plain)


def _full(line: Line, x_left: float, x_right: float) -> bool:
    """Return whether ``line`` runs to the right margin (its paragraph may go on)."""
    return line.x1 >= x_right - 2 * max(line.size, 1.0) and line.x0 <= x_right - 0.5 * (
        x_right - x_left)


def _starts_flush(line: Line, x_left: float) -> bool:
    """Return whether ``line`` starts at the left margin (no first-line indent)."""
    return line.x0 <= x_left + 0.3 * max(line.size, 1.0)


def _join(text: str, more: str) -> str:
    """Return two lines of one paragraph joined: by a space, or by nothing after a hyphen
    that ends a word ("593-" / "QĐ/TU"); bold runs across the break stay one run."""
    space = "" if len(text) > 1 and text.endswith("-") and text[-2].isalnum() else " "
    if text.endswith("**") and more.startswith("**"):
        return text[:-2] + space + more[2:]
    return f"{text}{space}{more}"


def _numbered(line: Line) -> bool:
    """Return whether ``line`` starts with a note number (raised, or set smaller)."""
    first = line.chars[0]
    return first.text.isdigit() and (first.raised or first.size < 0.9 * line.size
                                     or first.y > line.y + 0.5)


def _notes(lines: list[Line]) -> str:
    """Return the footnote lines of a page: each note starts with its raised number; the
    lines after it, up to the next number, are its continuation."""
    out: list[str] = []
    for line in lines:
        lead = [c for c in line.chars[:4] if c.text.isdigit()]
        if lead and line.chars[0].text.isdigit() and not line.chars[0].raised and (
                line.chars[0].size < 0.9 * line.size or line.chars[0].y > line.y + 0.5):
            for c in line.chars:  # the note's own number, set smaller or raised
                if not c.text.isdigit():
                    break
                c.raised = True
        text = line.text(1e9).replace("\t", " ")
        if text[:1] in SUPERSCRIPTS:
            number = len(text) - len(text.lstrip(SUPERSCRIPTS))
            out.append(text[:number] + " " + text[number:].strip())
        elif out:
            out[-1] += " " + text
        else:
            out.append(text)
    return "\n" + "\n".join(out) + "\n" if out else ""
