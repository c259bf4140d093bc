"""Finding the ND30 components of a document by content and position, once for all rules.

Nothing here trusts style names: a Word user's header is a table with merged cells and
hand-typed spaces, the motto and tagline may share one paragraph, and rules may be
borders or drawn lines. Each component is a Part: a paragraph and, where a paragraph
holds several components, the line inside it.

Components are named with the model's field names (vbhc/model/common.py, chung.py), so one
``grep`` follows a field from definition to check. Component -> model field (ND30 Phụ lục I
box):

- ``quoc_hieu``, ``tieu_ngu``: printed by the renderer, no field (ô 1)
- ``chu_quan`` -> ``co_quan.chu_quan``; ``co_quan`` -> ``co_quan.ten`` (ô 2)
- ``so_ky_hieu`` -> ``so_ky_hieu`` (``so``, ``ky_hieu``) (ô 3)
- ``dia_danh_ngay`` -> ``co_quan.dia_danh`` + ``ngay_ban_hanh``, one printed line (ô 4)
- ``ten_loai`` -> the printed name of ``loai``; ``trich_yeu`` -> ``trich_yeu`` (ô 5a)
- ``trich_yeu_cong_van`` -> ``trich_yeu`` of a công văn, "V/v ..." (ô 5b)
- ``kinh_gui`` -> ``kinh_gui`` (ô 9a)
- ``can_cu`` -> ``can_cu``; ``noi_dung`` -> ``noi_dung`` (headings and text); ``than`` ->
  body text paragraphs, the layout's "than" blocks (ô 6)
- ``nguoi_ky.quyen_han_chuc_vu`` -> ``nguoi_ky`` thay_mat / quyen_han + thu_truong /
  chuc_vu lines; ``nguoi_ky.ho_ten`` -> ``nguoi_ky.ho_ten`` (ô 7a, 7b)
- ``noi_nhan`` -> the label "Nơi nhận:"; ``noi_nhan_dong`` -> ``noi_nhan`` danh_sach and
  luu lines (ô 9b)
- ``duong_ke_tieu_ngu``, ``duong_ke_co_quan``, ``duong_ke_trich_yeu``: the lines drawn under
  them (rules duong-ke-*; ô 1, 2, 5a)
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

from lxml import etree

from vbhc.checker.document import (
    Document,
    Line,
    LineFormat,
    Para,
    lazy_property,
    normalize,
    run_signature,
)
from vbhc.docx.limits import xml_float, xml_int
from vbhc.docx.measure import text_width
from vbhc.docx.ns import V_NS, WP_NS, w
from vbhc.docx.styles import ParaProps, child_of, twips
from vbhc.lazyre import LazyPattern
from vbhc.model.common import AUTHORITY_PREFIXES
from vbhc.model.kinds import kinds

QUOC_HIEU_RE = re.compile(r"^CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM$", re.IGNORECASE)
TIEU_NGU_RE = re.compile(r"^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc$", re.IGNORECASE)
SO_RE = re.compile(r"^Số\s*:")
NGAY_RE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
VV_RE = re.compile(r"^\(?V/v\b", re.IGNORECASE)
NOI_NHAN_RE = re.compile(r"^Nơi nhận\b")
NOI_NHAN_WORD = "Nơi"
"""What a paragraph's text (NFC, as read) holds when a line of it matches NOI_NHAN_RE."""
KINH_GUI_RE = re.compile(r"^Kính g[ửở]i\b")
KINH_GUI_START = "Kính g"
"""How every text KINH_GUI_RE matches begins (a test cheaper than the regex)."""
HEADER_SCAN = 60
SUBORDINATE_RE = re.compile(
    r"^(?:SỞ|PHÒNG|TRƯỜNG|CỤC|CHI CỤC|VỤ|VIỆN|BAN|TRUNG TÂM|VĂN PHÒNG|THANH TRA|BỆNH VIỆN|"
    r"KHO BẠC|CÔNG AN|BẢO HIỂM XÃ HỘI|TỔNG CỤC|ĐẠI HỌC|HỌC VIỆN)\b")
"""How the name of a unit under a governing body (ô 2's second line) begins."""
COMMITTEE_RE = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\b")
"""A people's committee or council: one may be the governing body of another (ô 2)."""
KIND_END_RE = re.compile(r"\b(?:XÃ|PHƯỜNG|THỊ TRẤN|HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH|ĐẶC KHU)\s*$")
"""An issuer line ending in an administrative unit's kind word: the name goes on below."""
EMU_PER_TWIP = 635


@cache
def kind_names() -> dict[str, str | None]:
    """Return kind name as printed (upper case, ô 5a) -> type code ("KẾ HOẠCH" -> "KH"; None
    for công văn), from the one ND30 kinds table (vbhc.model.kinds, Phụ lục III)."""
    return {row.ten_in_hoa: row.ky_hieu for row in kinds()}


@lru_cache(maxsize=8192)
def has_letters(text: str) -> bool:
    """True when ``text`` has at least one letter (remembered: lines repeat in a batch)."""
    return any(ch.isalpha() for ch in text)


@lru_cache(maxsize=8192)
def is_upper(text: str) -> bool:
    """True when ``text`` has letters and all of them are upper case (remembered)."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


@dataclass(eq=False, repr=False)
class Part:
    """One component: a paragraph, or one line of it."""

    para: Para
    line: Line | None = None
    column: int | None = None  # 0, 1: a column of a line laid out with tabs or spaces

    @property
    def raw(self) -> str:
        """The line's (or paragraph's) text as read."""
        return self.line.text if self.line is not None else self.para.text

    @lazy_property
    def text(self) -> str:
        """The text normalized (vbhc.checker.document.normalize; cached: a part's line and
        paragraph do not change)."""
        return normalize(self.raw)

    @lazy_property
    def fmt(self) -> LineFormat | None:
        """The majority formatting of the line (None when it has no visible text)."""
        return para_format(self.para, self.line)

    @property
    def shown_upper(self) -> bool:
        """True when the text is upper case as printed (typed so, or w:caps)."""
        return is_upper(self.text) or bool(self.fmt and self.fmt.caps)


_NOT_YET = object()
"""A ParaFacts value not computed yet."""
MEMO_PARA_CHARS = 2000
"""Longest paragraph (characters of text, of its runs' direct formatting, of its style ids and
w:pPr as XML text) whose facts are kept across documents (StyleSheet.memo); a longer one has
them for its document only."""


class ParaFacts:
    """What a paragraph's runs alone decide: the majority formatting of the paragraph
    (``whole``) and of each of its lines (``lines``, for a paragraph of several), the font
    families rule phong-chu finds wrong in it (``fonts``: font wanted -> families) and the
    colours rule mau-chu finds (``colours``). Each is filled on first use, by the same code
    that computes it for the paragraph itself (Para.fmt, the rules' own per-paragraph code).

    All of them are a function of the paragraph's runs in order (text, and w:rPr as XML
    text), of what its formatting key gives (StyleSheet.para_key: paragraph and table style,
    w:pPr) and of the style sheet: so the facts are shared by the equal paragraphs of the
    documents built from one template (para_facts)."""

    __slots__ = ("whole", "lines", "fonts", "colours")

    def __init__(self, n_lines: int) -> None:
        self.whole: object = _NOT_YET
        self.lines: list[object] = [_NOT_YET] * n_lines if n_lines > 1 else []
        self.fonts: dict[str, list[str]] = {}
        self.colours: list[str] | None = None


def para_facts(p: Para) -> ParaFacts:
    """Return the facts of ``p``'s runs (ParaFacts): once per paragraph of a document
    (Document.facts), and from StyleSheet.memo when an earlier document of the same styles
    had a paragraph with the same key: its runs' texts and w:rPr (as XML text), line by line
    (vbhc.checker.document.run_signature, kept in the paragraph's ParaShape when it has one),
    and its StyleSheet.para_key. A paragraph over MEMO_PARA_CHARS is not shared."""
    sheet = p.doc.sheet
    found = p.doc.facts.get(p.el)
    if found is not None:
        return found  # type: ignore[return-value]
    shape = p.shape
    if shape is not None:  # read from its bytes' shape: its signature is kept there
        sig, size = shape.sig, shape.sig_size
    else:
        sig, size = run_signature(p.lines, p.doc.rprs)
    para_key = sheet.para_key(p.el, p.tbl)
    key = (para_key, *sig)
    found = sheet.memo.get(key)  # a key's size is the same every time: one over
    if found is None:            # MEMO_PARA_CHARS was never kept, so it is not found
        found = ParaFacts(len(p.lines))
        # its style ids and w:pPr as XML text are held in the key too (their own copies)
        size += len(para_key[0] or "") + len(para_key[1] or "") + len(para_key[2])
        if size <= MEMO_PARA_CHARS:
            sheet.memo.put(key, found, size + 1)
    p.doc.facts[p.el] = found
    return found  # type: ignore[return-value]


def para_format(p: Para, line: Line | None = None) -> LineFormat | None:
    """Return ``p.fmt(line)``, the majority formatting of ``line`` of ``p`` (of the whole
    paragraph when None), kept in the paragraph's facts (para_facts) when ``line`` is one of
    its lines; a line made up by the caller (a piece of one) is measured as it is."""
    lines = p.lines
    if line is None or (len(lines) == 1 and lines[0] is line):
        facts = p.doc.facts.get(p.el) or para_facts(p)
        found = facts.whole
        if found is _NOT_YET:
            found = facts.whole = p.fmt()
        return found  # type: ignore[return-value]
    for i, ln in enumerate(lines):
        if ln is line:
            facts = para_facts(p)
            found = facts.lines[i]
            if found is _NOT_YET:
                found = facts.lines[i] = p.fmt(line)
            return found  # type: ignore[return-value]
    return p.fmt(line)


@dataclass(eq=False, repr=False)
class HorizontalLine:
    """A horizontal line under a component (ND30's "đường kẻ"): a paragraph border or a
    drawn shape; ``length`` in twips, ``para`` the paragraph that carries it."""

    length: int
    para: Para


@dataclass(eq=False, repr=False)
class NguoiKy:
    """The signature block as printed (ô 7a, 7b; model ``nguoi_ky``): the upper-case lines of
    authority and title ("TM. ...", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"; at most four) and the
    signer's name under them (None when not found)."""

    quyen_han_chuc_vu: list[Part] = field(default_factory=list)
    ho_ten: Part | None = None


def shown_paras(doc: Document) -> list[Para]:
    """Return the body's paragraphs and those of the headers and footers a reader sees
    (Document.shown_header_ids: no "even" ones without w:evenAndOddHeaders), in that order."""
    out = list(doc.paras)
    for rid in doc.shown_header_ids():
        out += doc.header_paras(rid)
    return out


@dataclass(eq=False, repr=False)
class ThanLook:
    """Body text paragraphs that look alike (Components.than_looks): the same effective
    paragraph formatting and the same majority run formatting (None: no visible text)."""

    props: ParaProps
    fmt: LineFormat | None
    paras: list[Para]


@dataclass(eq=False, repr=False)
class Components:
    """Everything the rules look at, found once; see the module docstring for the model
    field and ND30 box of each. Lists are in reading order; None / [] = not found."""

    doc: Document
    quoc_hieu: Part | None = None
    tieu_ngu: Part | None = None
    chu_quan: list[Part] = field(default_factory=list)
    co_quan: list[Part] = field(default_factory=list)
    so_ky_hieu: Part | None = None
    dia_danh_ngay: Part | None = None
    ten_loai: Part | None = None
    trich_yeu: list[Part] = field(default_factory=list)
    trich_yeu_cong_van: list[Part] = field(default_factory=list)
    kinh_gui: list[Para] = field(default_factory=list)
    can_cu: list[Para] = field(default_factory=list)
    noi_dung: list[Para] = field(default_factory=list)
    than: list[Para] = field(default_factory=list)
    nguoi_ky: NguoiKy = field(default_factory=NguoiKy)
    noi_nhan: Part | None = None
    noi_nhan_dong: list[Part] = field(default_factory=list)
    duong_ke_tieu_ngu: HorizontalLine | None = None
    duong_ke_co_quan: HorizontalLine | None = None
    duong_ke_trich_yeu: HorizontalLine | None = None
    phu_luc_rieng: bool = False
    """An appendix in a file of its own (Mẫu 2.1): it opens with "Phụ lục ..." and its
    "(Kèm theo ...)" line and has no header (ô 1-4) of its own."""

    @lazy_property
    def cells(self) -> dict[int | None, list[Para]]:
        """The paragraphs in table cells (``where == "cell"``) by their top-level table's
        number (Para.table), each list in reading order: found in one pass over the
        paragraphs for the searches that look at one table's cells."""
        found: dict[int | None, list[Para]] = {}
        for p in [p for p in self.doc.paras if p.where == "cell"]:
            found.setdefault(p.table, []).append(p)
        return found

    @lazy_property
    def shown(self) -> list[Para]:
        """The body's paragraphs and those of the headers and footers a reader sees
        (Document.shown_header_ids: no "even" ones without w:evenAndOddHeaders), listed
        once for the rules that read every run (phong-chu, mau-chu, ky-tu-ngoai-phong)."""
        return shown_paras(self.doc)

    @lazy_property
    def shown_facts(self) -> list[tuple[Para, ParaFacts]]:
        """Each paragraph of ``shown`` with text, and its facts (para_facts): what rules
        phong-chu and mau-chu look up, found once for both. A paragraph without text (every
        run empty: its lines are empty) is left out: neither rule finds anything in it."""
        return [(p, para_facts(p)) for p in self.shown if p.text]

    @lazy_property
    def than_looks(self) -> list[ThanLook]:
        """The body text paragraphs (``than``) grouped by how they look: each paragraph's
        effective formatting (Para.props) and majority run formatting (para_format) with
        the paragraphs that have them, in reading order; groups in the order of their first
        paragraph. Made once, for the rules on body text (vbhc.checker.rules.body): a
        verdict that depends on nothing else is reached once per group, not per paragraph
        (a commune plan's fifty-odd body paragraphs share a few looks)."""
        groups: dict[tuple[int, int], ThanLook] = {}
        known = self.doc.facts
        for p in self.than:  # para_format(p), inline: the paragraph's facts' ``whole``
            facts = known.get(p.el) or para_facts(p)
            fmt = facts.whole
            if fmt is _NOT_YET:
                fmt = facts.whole = p.fmt()
            props = p.props
            key = (id(props), id(fmt))  # both are held by the group while it lives
            look = groups.get(key)
            if look is None:
                look = groups[key] = ThanLook(props, fmt, [])
            look.paras.append(p)
        return list(groups.values())

    @property
    def kind(self) -> str | None:
        """'typed' (has a kind name), 'cong-van' (has V/v), or None."""
        if self.ten_loai is not None:
            return "typed"
        if self.trich_yeu_cong_van:
            return "cong-van"
        return None


GAP_RE = LazyPattern(r"\t[\t ]*| {3,}")
"""A gap between two columns typed on one line: tabs, or three spaces or more."""


def _right_column(text: str, closing: bool) -> bool:
    """True when ``text`` starts the right-hand column of a header (the quốc hiệu, the tiêu
    ngữ, a place-and-date line) or, when ``closing``, of a closing block (a signature line:
    an authority prefix, or upper-case words) typed on one line with the left column."""
    if closing:
        return bool(SIGNATURE_RE.match(text) or (is_upper(text) and len(text) > 3))
    return bool(QUOC_HIEU_RE.match(text) or TIEU_NGU_RE.match(text)
                or (NGAY_RE.search(text) and len(text) < 80))


SIGNATURE_RE = re.compile(
    "^(?:" + "|".join(re.escape(p.rstrip(".")) for p in AUTHORITY_PREFIXES) + r")\. \S")
"""A signature block's first line: an authority prefix (data/quyen-ky.yaml) and a title."""


def piece(line: Line, start: int, end: int) -> Line:
    """Return characters start:end of ``line`` as a Line of its own, with each run's share
    of them (runs that do not add up to the text, after NFC, give their first run)."""
    runs, pos = [], 0
    for r, text in line.runs:
        lo, hi = max(start, pos), min(end, pos + len(text))
        if lo < hi:
            runs.append((r, text[lo - pos:hi - pos]))
        pos += len(text)
    if pos != len(line.text):
        runs = line.runs[:1]
    return Line(line.text[start:end], runs)


def split_columns(line: Line, closing: bool = False) -> list[Line] | None:
    """Return a line typed as two columns ("UBND TỈNH X<tab>CỘNG HÒA ...", "Số: 12/UBND
    <tabs>Hà Nội, ngày ...", "Nơi nhận:<tab>TL. CHỦ TỊCH") as its two pieces, trimmed; None
    when no gap (tabs, 3+ spaces) has a right-hand column component after it. The first such
    gap is the column break, so "Số:      /KH-UBND" (a blank number) stays whole."""
    text = line.text.replace("\xa0", " ")
    if "\t" not in text and "   " not in text:
        return None  # no gap (GAP_RE needs a tab or three spaces)
    for gap in GAP_RE.finditer(text):
        right = text[gap.end():].strip()
        left = text[:gap.start()].strip()
        if left and right and _right_column(" ".join(right.split()), closing):
            lstart = len(text) - len(text.lstrip())
            return [piece(line, lstart, gap.start()),
                    piece(line, gap.end(), len(text.rstrip()))]
    return None


def _lines(paras: list[Para]) -> list[Part]:
    """Return the lines of ``paras`` as Parts, a line typed as two columns as two Parts."""
    return list(_iter_lines(paras))


def _iter_lines(paras: list[Para]) -> Iterator[Part]:
    """Yield the Parts _lines returns, in order, each made when asked for."""
    for p in paras:
        cell = p.where == "cell"
        for ln in p.lines:
            cols = split_columns(ln) if not cell else None
            if cols is None:
                yield Part(p, ln)
            else:
                for k, col in enumerate(cols):
                    yield Part(p, col, column=k)


def find_components(doc: Document) -> Components:
    """Return the ND30 components of ``doc``, found by text and position: the header in the
    first HEADER_SCAN paragraphs (page headers excluded), the closing block from "Nơi nhận".
    Never raises on odd documents: what is not found stays None or []."""
    comp = Components(doc)
    top = [p for p in doc.paras[:HEADER_SCAN] if p.where != "header"]
    lines = _iter_lines(top)  # made as far as the searches below need them, in order
    parts: list[Part] = []
    quoc_hieu = tieu_ngu = so_ky_hieu = dia_danh_ngay = None
    for x in lines:  # the first line each of the four patterns finds
        parts.append(x)
        text = x.text
        if quoc_hieu is None and QUOC_HIEU_RE.match(text):
            quoc_hieu = x
        if tieu_ngu is None and TIEU_NGU_RE.match(text):
            tieu_ngu = x
        if so_ky_hieu is None and SO_RE.match(text):
            so_ky_hieu = x
        if dia_danh_ngay is None and NGAY_RE.search(text) and len(text) < 80:
            dia_danh_ngay = x
        if quoc_hieu and tieu_ngu and so_ky_hieu and dia_danh_ngay:
            break
    comp.quoc_hieu, comp.tieu_ngu = quoc_hieu, tieu_ngu
    comp.so_ky_hieu, comp.dia_danh_ngay = so_ky_hieu, dia_danh_ngay
    comp.phu_luc_rieng = (comp.quoc_hieu is None and comp.so_ky_hieu is None
                          and _appendix_file(top))
    _co_quan(comp)
    header_end = _header_end(comp)
    limit = header_end + 2
    if not parts or parts[-1].para.index <= limit:  # the lines up to the limit, all of them
        for x in lines:
            if x.para.index > limit:
                break  # lines come in paragraph order: none after this one is in
            parts.append(x)
    comp.trich_yeu_cong_van = [x for x in parts
                               if x.para.index <= limit and VV_RE.match(x.text)]
    if comp.trich_yeu_cong_van:
        header_end = max(header_end, max(x.para.index for x in comp.trich_yeu_cong_van))
    body_start = _title(comp, header_end)
    _closing(comp)
    _noi_dung(comp, body_start)
    comp.duong_ke_tieu_ngu = _line_under(comp, [comp.quoc_hieu, comp.tieu_ngu])
    comp.duong_ke_co_quan = _line_under(comp, comp.co_quan)
    comp.duong_ke_trich_yeu = _line_under(comp, comp.trich_yeu)
    return comp


APPENDIX_RE = LazyPattern(r"^(?:PHỤ LỤC|Phụ lục)(?:\s+[IVXL\d]+)?$")
KEM_THEO_RE = LazyPattern(r"^\(\s*(?:Ban hành )?[Kk]èm theo\b")
APPENDIX_FILE_RULES = ("quoc-hieu", "so-ky-hieu", "dia-danh-ngay")
"""Rules on header parts (ô 1, 3, 4) that an appendix file (Mẫu 2.1) does not have."""


def _appendix_file(top: list[Para]) -> bool:
    """Return whether the document opens as an appendix: "Phụ lục [I]" as its first line
    and a "(Kèm theo ...)" line within the next four (ND30 Phụ lục III, Mẫu 2.1)."""
    lines = [p.clean for p in top if p.clean][:6]
    return bool(lines) and APPENDIX_RE.match(lines[0]) is not None and any(
        KEM_THEO_RE.match(x) for x in lines[1:6])


def _co_quan(comp: Components) -> None:
    """Find the issuer's lines (ô 2) in the header cell above "Số:"; a first line not bold
    above bold ones is the governing body (chu_quan)."""
    so = comp.so_ky_hieu
    if so is not None and so.column == 0:
        _co_quan_columns(comp, so)
        return
    if so is None or so.para.where != "cell":
        return
    lines = []
    for p in comp.cells[so.para.table]:
        if p.index >= so.para.index:
            break
        if p.col == so.para.col and (p.row or 0) <= (so.para.row or 0):
            lines += [Part(p, ln) for ln in p.lines if has_letters(ln.text)]
    lines = [x for x in lines if not QUOC_HIEU_RE.match(x.text)
             and not TIEU_NGU_RE.match(x.text) and not VV_RE.match(x.text)]
    _issuer_lines(comp, lines)


def _issuer_lines(comp: Components, lines: list[Part]) -> None:
    """Set chu_quan and co_quan from the issuer's lines (ND30 ô 2: the governing body, chủ
    quản, upright over the issuing agency, bold; either may wrap onto two lines, and vbhc
    prints each line of a wrapped name as its own paragraph).

    The governing body is every line above the first bold one when those lines are not bold
    and none after the first begins like a unit's name (_starts_unit): "ỦY BAN NHÂN DÂN" /
    "TỈNH LẠNG SƠN" over "SỞ NỘI VỤ". An issuer whose first line is left unbold
    ("SỞ TÀI NGUYÊN VÀ" upright over "MÔI TRƯỜNG" bold) stays the issuer, so its missing
    bold is still reported. Otherwise the first line in another paragraph
    that begins like a unit's name starts the issuer ("BỘ ..." over "TRƯỜNG ..."); otherwise
    every line is the issuer (an unbold issuer is reported, never taken for the parent)."""
    first_bold = next((i for i, x in enumerate(lines) if x.fmt and x.fmt.bold), None)
    if first_bold and all(x.fmt and not x.fmt.bold for x in lines[:first_bold]) \
            and not any(_starts_unit(lines, i) for i in range(1, first_bold)):
        comp.chu_quan, comp.co_quan = lines[:first_bold], lines[first_bold:]
        return
    start = next((i for i in range(1, len(lines)) if lines[i].para is not lines[0].para
                  and _starts_unit(lines, i)), None)
    if start is not None and not any(SUBORDINATE_RE.match(x.text) for x in lines[:start]):
        comp.chu_quan, comp.co_quan = lines[:start], lines[start:]  # "BỘ ..." over
        return  # "TRƯỜNG ...": a governing body over its unit, even when neither is bold
    comp.co_quan = lines


def _starts_unit(lines: list[Part], i: int) -> bool:
    """Return whether issuer line ``i`` (> 0) begins a unit's name under a governing body:
    SUBORDINATE_RE ("SỞ ...", "PHÒNG ..."), or a people's committee or council under one
    ("ỦY BAN NHÂN DÂN" / "HUYỆN CAO LỘC" over "ỦY BAN NHÂN DÂN" / "XÃ HỢP THÀNH")."""
    text = lines[i].text
    if KIND_END_RE.search(lines[i - 1].text):  # "ỦY BAN NHÂN DÂN PHƯỜNG" / "TRƯỜNG LONG
        return False  # HÒA": the unit's own name wrapped after its kind word, not a school
    return bool(SUBORDINATE_RE.match(text)) or bool(
        COMMITTEE_RE.match(text) and COMMITTEE_RE.match(lines[0].text))


def _co_quan_columns(comp: Components, so: Part) -> None:
    """The issuer's lines of a header typed with tabs: the left column of the lines above
    «Số:» (quốc hiệu, tiêu ngữ and blank lines left out)."""
    top = [p for p in comp.doc.paras[:so.para.index - 1] if p.where == "body"]
    lines = [x for x in _lines(top) if x.column in (None, 0) and has_letters(x.text)
             and not QUOC_HIEU_RE.match(x.text) and not TIEU_NGU_RE.match(x.text)]
    _issuer_lines(comp, lines)


def _header_end(comp: Components) -> int:
    found = [x.para for x in (comp.quoc_hieu, comp.tieu_ngu, comp.so_ky_hieu,
                              comp.dia_danh_ngay) if x]
    end = max((p.index for p in found), default=0)
    tables = {p.table for p in found if p.where == "cell"}
    for table in tables:  # the last cell paragraph of each table: the one furthest down
        end = max(end, comp.cells[table][-1].index)
    return end


def _title(comp: Components, header_end: int) -> int:
    """Find kind name and abstract after the header; return the first body index."""
    doc = comp.doc
    names = kind_names()
    seen = 0
    start = header_end + 1
    for p in doc.paras[header_end:]:
        if p.where != "body" or not p.clean:
            continue
        seen += 1
        if seen > 3:
            break
        if p.clean.rstrip(":").upper() in names and not p.clean.endswith(":"):
            comp.ten_loai = Part(p)
            start = p.index + 1
            break
    if comp.ten_loai is None:
        return start
    for p in doc.paras[comp.ten_loai.para.index:]:
        text = p.clean
        if p.where != "body" or not text or is_upper(text) or p.props.jc != "center" \
                or text.startswith(("Căn cứ", "Kính gửi")) or len(comp.trich_yeu) >= 4:
            break
        comp.trich_yeu += [Part(p, ln) for ln in p.lines if normalize(ln.text)]
        start = p.index + 1
    return start


def _closing(comp: Components) -> None:
    """Find "Nơi nhận:" (ô 9b) and its lines, and when they sit in a table the signature
    block (ô 7) beside them, in the same row."""
    doc = comp.doc
    start = comp.ten_loai.para.index if comp.ten_loai else 1
    label = None
    for p in doc.paras[start:]:
        if NOI_NHAN_WORD not in p.text:
            continue  # no line of it can start so (normalize changes only white space)
        for ln in p.lines:
            if NOI_NHAN_RE.match(normalize(ln.text)):
                label = Part(p, ln)
                break
        if label:
            break
    if label is None:
        _signature_alone(comp, start)
        return
    if label.para.where != "cell" and _closing_columns(comp, label):
        return
    comp.noi_nhan = label
    lp = label.para
    after = lp.lines[lp.lines.index(label.line) + 1:]
    recips = [Part(lp, ln) for ln in after if normalize(ln.text)]
    for p in doc.paras[lp.index:]:
        if lp.where == "cell":
            if p.where != "cell" or p.table != lp.table or p.col != lp.col:
                if p.table != lp.table:
                    break
                continue
        elif p.where != lp.where or (not p.clean and recips):
            break
        recips += [Part(p, ln) for ln in p.lines if normalize(ln.text)]
    comp.noi_nhan_dong = recips
    if lp.where != "cell":
        return
    block = [Part(p, ln) for p in comp.cells[lp.table]
             if p.col != lp.col and p.index > lp.index - 40 for ln in p.lines
             if normalize(ln.text)]
    block = [x for x in block if x.para.row == lp.row]
    nguoi_ky = comp.nguoi_ky
    for x in block:
        if x.shown_upper and nguoi_ky.ho_ten is None and len(nguoi_ky.quyen_han_chuc_vu) < 4:
            nguoi_ky.quyen_han_chuc_vu.append(x)
        else:
            break
    rest = block[len(nguoi_ky.quyen_han_chuc_vu):]
    if rest and not rest[-1].shown_upper:
        nguoi_ky.ho_ten = rest[-1]


SIGNATURE_TAIL = 30
"""How many paragraphs from the end a signature block without «Nơi nhận:» is looked for."""
SIGNED_NOTE_RE = LazyPattern(r"^\(?(?:đã ký|ký|đã ký và đóng dấu)\)?\.?$", re.IGNORECASE)


def _signature_alone(comp: Components, start: int) -> None:
    """Find the signature block (ô 7) of a document that has no «Nơi nhận:»: the last
    paragraph among the final SIGNATURE_TAIL of the body that opens with an authority
    prefix («TL. Hiệu trưởng»), the lines under it up to the signer's name."""
    paras = [p for p in comp.doc.paras[max(start, len(comp.doc.paras) - SIGNATURE_TAIL):]
             if p.where in ("body", "cell") and p.clean]
    first = next((k for k in range(len(paras) - 1, -1, -1)
                  if SIGNATURE_RE.match(paras[k].clean)), None)
    if first is None:
        return
    lines = [Part(p, ln) for p in paras[first:first + 6] for ln in p.lines
             if normalize(ln.text) and not SIGNED_NOTE_RE.match(normalize(ln.text))]
    if len(lines) < 2:
        return
    comp.nguoi_ky.quyen_han_chuc_vu = lines[:-1][:4]
    comp.nguoi_ky.ho_ten = lines[-1]


CLOSING_ROWS = 40
"""How many paragraphs from «Nơi nhận:» a closing typed without a table may take."""


def _two_columns(line: Line) -> tuple[Line | None, Line | None]:
    """Return (left, right) of a closing line typed with tabs or spaces: split at the column
    gap, a line that starts with a gap is right-hand only, any other is left-hand only."""
    cols = split_columns(line, closing=True)
    if cols is not None:
        return cols[0], cols[1]
    text = line.text.replace("\xa0", " ")
    stripped = text.strip()
    if not stripped:
        return None, None
    if GAP_RE.match(text):
        start = len(text) - len(text.lstrip())
        return None, piece(line, start, len(text.rstrip()))
    return line, None


def _closing_columns(comp: Components, label: Part) -> bool:
    """Find the closing block of a document that lays "Nơi nhận" and the signature out
    side by side without a table («Nơi nhận:<tab>TL. CHỦ TỊCH»). Return False, setting
    nothing, when the label's line has no right-hand column."""
    lp = label.para
    k = lp.lines.index(label.line)
    left, right = _two_columns(label.line)
    if left is None or right is None:
        return False
    comp.noi_nhan = Part(lp, left, column=0)
    rows = [(lp, ln) for ln in lp.lines[k + 1:]]
    for p in comp.doc.paras[lp.index:lp.index + CLOSING_ROWS]:
        if p.where != lp.where:
            break
        rows += [(p, ln) for ln in p.lines]
    recips: list[Part] = []
    block = [Part(lp, right, column=1)]
    listing = True
    for p, ln in rows:
        left, right = _two_columns(ln)
        if left is not None and not listing:
            break
        if left is not None:
            recips.append(Part(p, left, column=0))
        elif recips:
            listing = False
        if right is not None:
            block.append(Part(p, right, column=1))
    comp.noi_nhan_dong = recips
    nguoi_ky = comp.nguoi_ky
    for x in block:
        if x.shown_upper and len(nguoi_ky.quyen_han_chuc_vu) < 4:
            nguoi_ky.quyen_han_chuc_vu.append(x)
        else:
            break
    rest = [x for x in block[len(nguoi_ky.quyen_han_chuc_vu):] if not x.text.startswith("(")]
    if rest and not rest[-1].shown_upper:
        nguoi_ky.ho_ten = rest[-1]
    return True


def _noi_dung(comp: Components, body_start: int) -> None:
    """Sort the body paragraphs (ô 6) between the title and the closing block: "Kính gửi"
    lines, headings and text (noi_dung), body text (than) and the legal bases (can_cu)."""
    end = comp.noi_nhan.para.index if comp.noi_nhan else len(comp.doc.paras) + 1
    if comp.noi_nhan and comp.noi_nhan.para.where == "cell":
        table = comp.noi_nhan.para.table
        if table is not None:  # only cell paragraphs have a table number: its first one
            end = comp.cells[table][0].index
        else:
            end = min(p.index for p in comp.doc.paras if p.table is None)
    addressees = False
    noi_dung, than = comp.noi_dung, comp.than
    for p in comp.doc.paras[body_start - 1:end - 1]:
        if p.where != "body":
            continue
        clean = p.clean
        if not clean:
            continue
        if (clean.startswith(KINH_GUI_START) and KINH_GUI_RE.match(clean)) \
                or (addressees and clean.startswith("-")):
            comp.kinh_gui.append(p)  # "Kính gửi:" and its "- ..." lines (ô 9a), however
            addressees = True        # each line ends: a stray "." does not end the list
            continue
        addressees = False
        noi_dung.append(p)
        jc = p.props.jc
        if jc == "center" or (jc in ("right", "end") and one_line(p)):
            continue  # headings, captions, "Đơn vị tính" lines: placed, not body text
        than.append(p)
    if comp.kind != "typed":
        return  # a công văn opening "Căn cứ ..." is prose, not a block of legal bases
    for p in comp.than:  # legal bases open the body, one per paragraph
        if not p.clean.startswith("Căn cứ"):
            break
        comp.can_cu.append(p)


def one_line(p: Para) -> bool:
    """True when the paragraph's text fits on one line of the page."""
    fmt = para_format(p)
    if fmt is None:
        return True
    room = page_text_width(p) - p.props.left - p.props.right - p.props.first_line
    return text_width(p.clean, fmt.size, bold=fmt.bold, italic=fmt.italic) < room * 0.95


# --- rules drawn under components -------------------------------------------------------

def _line_under(comp: Components, parts: Sequence[Part | None]) -> HorizontalLine | None:
    """Return the line under the last of ``parts`` (None when it is None or ``parts`` is
    empty): a bottom border on its paragraph, an empty bordered paragraph just below, or a
    horizontal shape drawn in one of the paragraphs of ``parts`` or just below."""
    anchor = parts[-1] if parts else None
    if anchor is None:
        return None
    doc = comp.doc
    paras: list[Para] = []
    for x in parts:
        if x is not None and x.para not in paras:
            paras.append(x.para)
    last = anchor.para
    if "bottom" in last.props.borders:
        return HorizontalLine(_border_length(doc, last), last)
    following = []
    for p in doc.paras[last.index:last.index + 3]:
        if p.where != last.where or p.table != last.table or p.col != last.col:
            break
        if p.clean:  # a line drawn as a shape is often anchored in the next text
            following.append(p)
            break
        following.append(p)
        if p.props.borders & {"top", "bottom"}:
            return HorizontalLine(_border_length(doc, p), p)
    if last.where == "cell":  # Word users anchor drawn lines anywhere in the column
        following += [p for p in comp.cells[last.table]
                      if p.col == last.col and p.index > last.index]
    for p in paras + following:
        length = _drawn_line(p.el)
        if length:
            return HorizontalLine(length, p)
    return None


def _border_length(doc: Document, p: Para) -> int:
    width = p.cell_width - cell_margins(doc, p) if p.cell_width else page_text_width(p)
    return max(0, width - p.props.left - p.props.right)


def page_text_width(p: Para) -> int:
    """Return the width between the margins of ``p``'s section, in twips (A4 when the
    section gives no page width)."""
    doc = p.doc
    sect = doc.sections[min(p.section, len(doc.sections) - 1)]
    return (sect.width or 11906) - (sect.margin("left") or 0) - (sect.margin("right") or 0)


def cell_margins(doc: Document, p: Para) -> int:
    """Return the left plus right cell margins (twips) of ``p``'s table: w:tblCellMar of
    the table, else of its style chain, else Word's 108 each side (once per table)."""
    found = doc.cell_margins.get(p.tbl)
    if found is None:
        found = doc.cell_margins[p.tbl] = _cell_margins(doc, p)
    return found


def _cell_margins(doc: Document, p: Para) -> int:
    sources = [child_of(p.tbl, _TBLPR)] if p.tbl is not None else []
    sources += [child_of(st, _TBLPR)
                for st in doc.sheet.chain(doc.sheet.table_style_id(p.tbl))]
    total = 0
    for side, alt in _MARGIN_SIDES:
        value = None
        for src in sources:
            mar = child_of(src, _TBLCELLMAR) if src is not None else None
            el = None if mar is None else child_of(mar, side)
            if el is None and mar is not None:
                el = child_of(mar, alt)
            if el is not None:
                value = twips(el.get(_W_W))
                break
        total += 108 if value is None else value
    return total


_TBLPR, _TBLCELLMAR, _W_W = w("tblPr"), w("tblCellMar"), w("w")
_MARGIN_SIDES = ((w("left"), w("start")), (w("right"), w("end")))


def _drawn_line(p: etree._Element) -> int | None:
    """Return the length (twips) of a horizontal line shape anchored in ``p``."""
    for ext in p.iter(f"{{{WP_NS}}}extent"):
        cx, cy = xml_int(ext.get("cx"), 0, 0, 10 ** 12), xml_int(ext.get("cy"), 0, 0, 10 ** 12)
        if cx > 0 and cy * 10 < cx:
            return round(cx / EMU_PER_TWIP)
    if any(True for _ in p.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline")):
        return None
    for shape in p.iter(f"{{{V_NS}}}line"):
        a = _pt_pair(shape.get("from", "0,0"))
        b = _pt_pair(shape.get("to", "0,0"))
        if a and b and abs(b[1] - a[1]) * 10 < abs(b[0] - a[0]):
            return round(abs(b[0] - a[0]) * 20)
    for shape in p.iter(f"{{{V_NS}}}shape"):
        style = dict(kv.split(":", 1) for kv in shape.get("style", "").split(";") if ":" in kv)
        width, height = _css_pt(style.get("width")), _css_pt(style.get("height")) or 0
        if width and height * 10 < width:
            return round(width * 20)
    return None


def _pt_pair(value: str) -> tuple[float, float] | None:
    try:
        x, y = (_css_pt(v) for v in value.split(","))
    except ValueError:
        return None
    return (x, y) if x is not None and y is not None else None


def _css_pt(value: str | None) -> float | None:
    """Return a VML length in points ('42.6pt', '1in', '3cm', '0')."""
    if not value:
        return None
    value = value.strip()
    units = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
    for unit, factor in units.items():
        if value.endswith(unit):
            number = xml_float(value[:-len(unit)])
            return None if number is None else number * factor
    number = xml_float(value)
    return None if number is None else number * 0.75  # bare VML numbers are pixels
