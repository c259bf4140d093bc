"""Page setup, fonts and colour of every run, page numbers, footnote references.

ND30 Phụ lục I, Phần I (khổ giấy, lề, phông chữ, màu mực) and mục 11 (số trang).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from vbhc.checker.components import Components, Part
from vbhc.checker.document import Document, Line, Para, Section
from vbhc.checker.rules._common import centered, look_hits
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.docx.ns import w
from vbhc.docx.styles import child_of
from vbhc.lazyre import LazyPattern
from vbhc.model.placeholder import MARK as PLACEHOLDER_MARK
from vbhc.model.placeholder import find as find_placeholders

TWIPS_PER_MM = 1440 / 25.4
SIDES = {"top": ("tren_mm", "trên"), "bottom": ("duoi_mm", "dưới"),
         "left": ("trai_mm", "trái"), "right": ("phai_mm", "phải")}
PAGE_FIELD_RE = re.compile(r"^\s*PAGE\b", re.IGNORECASE)
_FLDSIMPLE, _INSTR, _R, _T = w("fldSimple"), w("instr"), w("r"), w("t")
_FLDCHAR, _FLDCHARTYPE, _INSTRTEXT = w("fldChar"), w("fldCharType"), w("instrText")
_FOOTNOTE, _TYPE, _ID = w("footnote"), w("type"), w("id")


def _mm(twips: int | None) -> float | None:
    return None if twips is None else twips / TWIPS_PER_MM


def _section_label(doc: Document, sect: Section) -> str:
    if len(doc.sections) == 1:
        return ""
    return f" (phần {doc.section_number(sect)} của văn bản)"


@rule("kho-giay")
def kho_giay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Each section's paper is A4 (``rong_mm`` × ``cao_mm``, either orientation)."""
    doc = comp.doc
    wmin, wmax = spec.params["rong_mm"]
    hmin, hmax = spec.params["cao_mm"]
    for sect in doc.sections:
        width, height = _mm(sect.width), _mm(sect.height)
        if width is None or height is None:
            continue
        short, long_ = sorted((width, height))
        if not (wmin <= short <= wmax and hmin <= long_ <= hmax):
            yield Hit(_first_para(doc, sect),
                      f"{width:.0f} × {height:.0f} mm{_section_label(doc, sect)}")


def _first_para(doc: Document, sect: Section) -> Para | None:
    return doc.paras[sect.first - 1] if 0 < sect.first <= len(doc.paras) else None


@rule("huong-giay")
def huong_giay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Landscape sections only where they hold a table."""
    doc = comp.doc
    for sect in doc.sections:
        if sect.landscape and not sect.has_table:
            yield Hit(_first_para(doc, sect), f"phần {doc.section_number(sect)}")


@rule("le-trang")
def le_trang(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Portrait sections' margins within the rule's ranges (mm, ± ``dung_sai_mm``)."""
    doc = comp.doc
    slack = spec.params["dung_sai_mm"]
    for sect in doc.sections:
        if sect.landscape:
            continue  # the decree sets no margins for landscape table pages
        for side, (key, name) in SIDES.items():
            value = _mm(sect.margin(side))
            if value is None:
                continue
            lo, hi = spec.params[key]
            if side in ("top", "bottom"):
                value = abs(value)
            if not lo - slack <= value <= hi + slack:
                yield Hit(_first_para(doc, sect),
                          f"{name} {value:.1f} mm; phải từ {lo} đến {hi} mm"
                          f"{_section_label(doc, sect)}".replace(".", ",", 1))


def _family(name: str) -> str:
    return " ".join(name.split())


def _same_family(used: str, want: str) -> bool:
    """True when font name ``used`` is the family ``want`` itself (case and spaces aside).
    A made-up family such as "Times New Roman Bold" is not: no font has that family name,
    so Word and LibreOffice print it in a substitute (a sans face in LibreOffice)."""
    return _family(used).casefold() == _family(want).casefold()


ALNUM_RE = LazyPattern(r"[^\W_]")
"""A character ``str.isalnum`` says yes to (a letter or digit of any script)."""
ASCII_ALNUM_RE = LazyPattern(r"[A-Za-z0-9]")
"""An ASCII letter or digit (the characters below 128 ``str.isalnum`` says yes to)."""


@rule("phong-chu")
def phong_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Every run with letters or digits, page headers included, in the rule's font (``phong``)."""
    want = spec.params["phong"]
    for p, facts in comp.shown_facts:  # paragraphs without text have no run to judge
        fonts = facts.fonts  # the same runs found wrong the same way
        bad = fonts.get(want)
        if bad is None:
            bad = fonts[want] = _bad_fonts(p, want)
            if bad:  # new strings kept with the facts: counted in the memo's size
                p.doc.sheet.memo.grow(sum(map(len, bad)))
        if bad:
            yield Hit(p if p.where != "header" else None,
                      ", ".join(f"«{f}»" for f in bad) + _in_header(p))


def _bad_fonts(p: Para, want: str) -> list[str]:
    """Return the font families other than ``want`` that runs of ``p`` with letters or
    digits use, each once, in order (phong-chu)."""
    good: dict[str, bool] = {}  # font name -> it is the family ``want``
    fine = None  # the last RunProps whose two fonts are both the family wanted
    bad: list[str] = []
    for line in p.lines:
        for r, text in line.runs:
            if not text:
                continue  # an empty run shows no letter
            props = p.run_props(r)
            if props is fine:
                continue  # nothing to report, whatever the run's characters
            ascii_font, hansi_font = props.font_ascii, props.font_hansi
            ok = good.get(ascii_font)
            if ok is None:
                ok = good[ascii_font] = _same_family(ascii_font, want)
            if ok:
                ok = good.get(hansi_font)
                if ok is None:
                    ok = good[hansi_font] = _same_family(hansi_font, want)
            if ok:
                fine = props
                continue  # both the family wanted: nothing to report, whichever is used
            ascii_alnum = ASCII_ALNUM_RE.search(text) is not None
            if not ascii_alnum and (text.isascii() or ALNUM_RE.search(text) is None):
                continue  # no letter or digit
            used = set()
            if ascii_alnum:
                used.add(props.font_ascii)
            if not text.isascii():
                used.add(props.font_hansi)
            for font in used:
                family = _family(font)
                if not _same_family(family, want) and family not in bad:
                    bad.append(family)
    return bad


def _in_header(p: Para) -> str:
    return " (ở phần đầu/chân trang)" if p.where == "header" else ""


NEAR_BLACK = 0x1A
"""The largest channel value (of 255) a colour may have and still print black: Word's
"Black, Lighter 5%" (#0D0D0D) and "Lighter 10%" (#1A1A1A) do, to the eye."""


def prints_black(colour: str) -> bool:
    """True for "auto", black and the near-blacks (every channel at most NEAR_BLACK)."""
    if colour in ("AUTO", "000000"):
        return True
    try:
        channels = bytes.fromhex(colour)
    except ValueError:
        return False
    return len(channels) == 3 and max(channels) <= NEAR_BLACK


@rule("mau-chu")
def mau_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Every run with text, page headers included, black or automatic colour."""
    for p, facts in comp.shown_facts:  # the same runs in the same colours
        colours = facts.colours
        if colours is None:
            colours = facts.colours = _colours(p)
            if colours:  # new strings kept with the facts: counted in the memo's size
                p.doc.sheet.memo.grow(sum(map(len, colours)))
        if colours:
            yield Hit(p if p.where != "header" else None,
                      ", ".join(f"#{c}" for c in colours) + _in_header(p))


def _colours(p: Para) -> list[str]:
    """Return the colours (upper-case hex) other than black that runs of ``p`` with text
    are printed in, each once, in order (mau-chu)."""
    black = None  # the last RunProps found to print black
    colours: list[str] = []
    for line in p.lines:
        for r, text in line.runs:
            if not text or not text.strip():
                continue
            props = p.run_props(r)
            if props is black:
                continue  # the last run's formatting, black
            colour = (props.color or "auto").upper()
            if prints_black(colour):
                black = props
            elif colour not in colours:
                colours.append(colour)
    return colours


# --- page numbers -------------------------------------------------------------------------

def _page_runs(p: Para) -> list | None:
    """Return the runs that show a PAGE field in ``p`` (None when there is none)."""
    for simple in p.el.iter(_FLDSIMPLE):
        if PAGE_FIELD_RE.match(simple.get(_INSTR, "")):
            return list(simple.iter(_R))
    depth, instr, runs, found = 0, "", [], None
    for r in p.el.iter(_R):
        char = child_of(r, _FLDCHAR)
        kind = char.get(_FLDCHARTYPE) if char is not None else None
        if kind == "begin":
            depth += 1
            if depth == 1:
                instr, runs = "", [r]
            continue
        if depth == 1:
            runs.append(r)
            for it in r.iter(_INSTRTEXT):
                instr += it.text or ""
        if kind == "end":
            depth = max(0, depth - 1)
            if depth == 0 and PAGE_FIELD_RE.match(instr):
                found = runs
                break
    return found


def _page_para(doc: Document, rid: str | None) -> tuple[Para, list] | None:
    if not rid:
        return None
    found = doc.page_fields.get(rid, MISSING_FIELD)  # four rules ask the same header
    if found is MISSING_FIELD:
        found = doc.page_fields[rid] = _find_page_para(doc, rid)
    return found  # type: ignore[return-value]


MISSING_FIELD = object()


def _find_page_para(doc: Document, rid: str) -> tuple[Para, list] | None:
    for p in doc.header_paras(rid):
        runs = _page_runs(p)
        if runs is not None:
            return p, runs
    return None


def _page_number(doc: Document) -> tuple[Para, list] | None:
    """Return the paragraph of the first section's default header showing the page number,
    and the runs that show it; None when that header has none."""
    return _page_para(doc, doc.sections[0].refs("header").get("default"))


@rule("so-trang")
def so_trang(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Page number (mục 11): in the page header, centred; not needed on a one-page
    document."""
    doc = comp.doc
    found = _page_number(doc)
    if found is None:
        if doc.page_count == 1:
            return  # a one-page document shows no page number anyway
        if any(_page_para(doc, rid) for rid in doc.sections[0].refs("footer").values()):
            yield Hit(None, "đặt ở chân trang")
        else:
            yield Hit(None, "không có")
        return
    para, _runs = found
    if not centered(para):
        yield Hit(None, "không căn giữa")


@rule("so-trang-trang-dau")
def so_trang_trang_dau(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Page number (mục 11): not shown on the first page."""
    doc = comp.doc
    sect = doc.sections[0]
    headers, footers = sect.refs("header"), sect.refs("footer")
    numbered = [kind for kind, rid in {**headers, **footers}.items()
                if kind != "first" and _page_para(doc, rid)]
    if not numbered:
        return
    if not sect.title_page:
        yield Hit(None, "hiện cả ở trang 1")
    elif _page_para(doc, headers.get("first")) or _page_para(doc, footers.get("first")):
        yield Hit(None, "hiện ở trang 1 (phần đầu trang của trang 1 có số trang)")


@rule("so-trang-co-chu")
def so_trang_co_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Page number (mục 11): looks as the rule's data says (size, not bold, upright)."""
    found = _page_number(comp.doc)
    if found is None:
        return
    para, runs = found
    shown = [r for r in runs if child_of(r, _T) is not None] or runs[:1]
    if not shown:
        return
    part = Part(para, Line("".join(t.text or "" for r in shown for t in r.iter(_T)) or "1",
                           [(r, "1") for r in shown]))
    for hit in look_hits(spec, [part]):
        yield Hit(None, hit.chi_tiet)  # the header is not a paragraph of the body


# --- footnotes ----------------------------------------------------------------------------

@rule("chu-thich")
def chu_thich(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Each footnote reference has a footnote in the file."""
    doc = comp.doc
    real: set[str] = set()
    if doc.pkg.footnotes is not None:
        for fn in doc.pkg.footnotes.iter(_FOOTNOTE):
            if fn.get(_TYPE) in (None, "normal"):
                real.add(fn.get(_ID, ""))
    for p in doc.paras:
        for ref in p.footnote_refs:
            if ref not in real:
                yield Hit(p, f"số {ref} không có nội dung chú thích tương ứng trong tệp")


# --- characters ---------------------------------------------------------------------------

@rule("chua-hoan-thien")
def chua_hoan_thien(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Paragraphs still holding a ``[CẦN BỔ SUNG: …]`` placeholder (vbhc.model.placeholder):
    a derived plan's part only the office can write, not yet written."""
    for p in comp.doc.paras:
        if PLACEHOLDER_START not in p.text:
            continue  # no placeholder can match (one substring scan, not a regex one)
        for found in find_placeholders(p.text):
            yield Hit(p, f"“{found}”")


PLACEHOLDER_START = "[" + PLACEHOLDER_MARK
"""What every placeholder holds (vbhc.model.placeholder.PATTERN: "[CẦN BỔ SUNG:")."""


NBSP_RE = LazyPattern(r"[^\W\d_]\xa0+[^\W\d_]")
"""A no-break space between two letters: words glued together."""


@rule("khoang-trang-cung")
def khoang_trang_cung(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Body paragraphs whose words are joined by no-break spaces (U+00A0, Word's
    Ctrl+Shift+Space or text pasted from the web): the line cannot break there, so a
    justified line stretches or a syllable-long word is pushed apart in the PDF."""
    for p in comp.doc.paras:
        found = NBSP_RE.findall(p.text) if "\xa0" in p.text else []
        if found:
            yield Hit(p, f"{len(found)} chỗ")


TNR_RANGES = (
    (0x0020, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F), (0x0370, 0x03FF),
    (0x0400, 0x052F), (0x0590, 0x05FF), (0x0600, 0x06FF), (0x1E00, 0x1EFF),
    (0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20BF), (0x2100, 0x214F),
    (0x2150, 0x218F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2300, 0x23FF),
    (0x2500, 0x259F), (0x25A0, 0x25FF), (0xE000, 0xF8FF), (0xFB00, 0xFB4F),
    (0xFE20, 0xFE2F), (0xFEFF, 0xFEFF), (0xFFFC, 0xFFFD),
)
"""Unicode blocks Times New Roman (Windows 7.x, WGL4 and more) draws: Latin with every
Vietnamese letter (Latin Extended Additional), Greek, Cyrillic, Hebrew, Arabic,
punctuation, currency, letterlike symbols, number forms, arrows, mathematical operators,
technical symbols, box drawing and geometric shapes. Private-use characters are the
w:sym glyphs of symbol fonts (Wingdings bullets), drawn by their own font. Outside: emoji,
dingbats (✓ ✔ ➢), miscellaneous symbols (☎ ★), CJK."""
WGL4_SYMBOLS = frozenset("☺☻☼♀♂♠♣♥♦♪♫")
"""The few characters of the Miscellaneous Symbols block Times New Roman does draw."""


def in_times(ch: str) -> bool:
    """True when Times New Roman has a glyph for ``ch`` (TNR_RANGES, WGL4_SYMBOLS; tabs
    and line ends are not printed)."""
    code = ord(ch)
    return ch in "\t\n\r" or ch in WGL4_SYMBOLS or any(
        lo <= code <= hi for lo, hi in TNR_RANGES)


NOT_IN_TIMES_RE = re.compile("[^\t\n\r" + "".join(re.escape(ch) for ch in sorted(WGL4_SYMBOLS))
                             + "".join(f"\\U{lo:08X}-\\U{hi:08X}" for lo, hi in TNR_RANGES)
                             + "]")
"""A character ``in_times`` says no to (one regex scan of a paragraph, not a test per
character)."""


@lru_cache(maxsize=4096)
def _not_in_times(text: str) -> list[str]:
    """Return the characters of ``text`` Times New Roman lacks, each once, in order
    (remembered: paragraphs repeat across a batch; callers must not change the list)."""
    missing: list[str] = []
    for ch in NOT_IN_TIMES_RE.findall(text):
        if ch not in missing:
            missing.append(ch)
    return missing


@rule("ky-tu-ngoai-phong")
def ky_tu_ngoai_phong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Characters Times New Roman has no glyph for (emoji, dingbats): printed in another
    font, or as an empty box."""
    for p in comp.shown:
        missing = _not_in_times(p.text)
        if missing:
            yield Hit(p if p.where != "header" else None,
                      " ".join(f"«{ch}» (U+{ord(ch):04X})" for ch in missing[:5])
                      + _in_header(p))
