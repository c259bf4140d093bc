"""The copy block (ND30 Phụ lục I, Phần II; Mẫu 3.1) as WordprocessingML elements.

Placed after the last part of the copied document, under a solid line across the whole
text width (a paragraph bottom border: it spans the text area between the margins). Then
a borderless two-column table laid out as the decree's diagram of a copy:

    left column                          right column
    TÊN CƠ QUAN CHỦ QUẢN (ô 2)           SAO Y / SAO LỤC / TRÍCH SAO (ô 1, bold caps)
    TÊN CƠ QUAN SAO (ô 2, bold)
    ─────── (1/3 to 1/2 of the name)
    Số: 05/SY-VP (ô 3)                   Địa danh, ngày ... tháng ... năm ... (ô 4, italic)
    Nơi nhận: (ô 7)                      QUYỀN HẠN, CHỨC VỤ (ô 5a, bold caps)
    - ...;                               (room for the signature, ô 5b, and the seal, ô 6)
    - Lưu: VT.                           Họ và tên (ô 5c, bold)

Sizes follow the same boxes of the original (nd30.md §3.2): agency 13 pt, number 13 pt,
copy form 14 pt bold (ND30: 13-14), date 14 pt italic, signer 14 pt bold, "Nơi nhận:" 12 pt
bold italic, recipients 11 pt. The formatting is direct (no style of the copied file is
relied on: the input may be any agency's .docx), in Times New Roman.

Which line goes in which column is nd30.md's [S]/[M] knowledge of Mẫu 3.1 (the file gives
the components, not the diagram): see docs of ``vbhc sao`` and the README section.
"""

from __future__ import annotations

from lxml import etree

from vbhc.docx.measure import balanced_lines, rule_length, text_width
from vbhc.docx.ns import qn, w
from vbhc.lang.dates import ngay_thang
from vbhc.model.common import NgayBanHanh, NguoiKy, NoiNhan
from vbhc.model.symbol import number_digits

FONT = "Times New Roman"
LEFT_SHARE = 0.45
"""The left column's share of the text width (the renderer's closing: 4536 of 9355)."""
SIGN_SPACE = 1800
"""Twips of blank space above the signer's name, for the signature and seal (31.75 mm)."""
RULE_FRACTION = 0.4
"""The short rule under the agency's name: 2/5 of its widest line (ND30: 1/3 to 1/2)."""


def _el(tag: str, **attrs: str) -> etree._Element:
    el = etree.Element(w(tag))
    for key, value in attrs.items():
        el.set(w(key), value)
    return el


def _sub(parent: etree._Element, tag: str, **attrs: str) -> etree._Element:
    el = _el(tag, **attrs)
    parent.append(el)
    return el


def _rpr(size: int, bold: bool = False, italic: bool = False) -> etree._Element:
    """Return a w:rPr: Times New Roman, ``size`` points, black, bold/italic as asked, each
    said explicitly (the copied file's default style may be coloured, bold or in capitals:
    none of it may leak into the block)."""
    rpr = _el("rPr")
    _sub(rpr, "rFonts", ascii=FONT, hAnsi=FONT, cs=FONT, eastAsia=FONT)
    on = "1" if bold else "0"
    _sub(rpr, "b", val=on)
    _sub(rpr, "bCs", val=on)
    on = "1" if italic else "0"
    _sub(rpr, "i", val=on)
    _sub(rpr, "iCs", val=on)
    _sub(rpr, "caps", val="0")
    _sub(rpr, "strike", val="0")
    _sub(rpr, "color", val="000000")
    _sub(rpr, "sz", val=str(size * 2))
    _sub(rpr, "szCs", val=str(size * 2))
    _sub(rpr, "u", val="none")
    return rpr


def paragraph(text: str, size: int, *, bold: bool = False, italic: bool = False,
              jc: str = "center", before: int = 0, keep: bool = True,
              hanging: int = 0, border: bool = False, indent: int = 0,
              first_line: int = 0) -> etree._Element:
    """Return a w:p holding ``text`` in one run (none when ``text`` is empty) with direct
    formatting: ``size`` points, alignment ``jc``, ``before`` twips above, keep with next
    (the block stays on one page), a hanging indent, a solid bottom border (``border``) or
    left and right indents of ``indent`` twips (a short centred rule), a first-line indent
    of ``first_line`` twips."""
    p = _el("p")
    ppr = _sub(p, "pPr")
    if keep:
        _sub(ppr, "keepNext")
    if border:
        bdr = _sub(ppr, "pBdr")
        _sub(bdr, "bottom", val="single", sz="6", space="1", color="000000")
    _sub(ppr, "spacing", before=str(before), after="0", line="240", lineRule="auto")
    if hanging:
        _sub(ppr, "ind", left=str(hanging), right="0", hanging=str(hanging))
    else:
        _sub(ppr, "ind", left=str(indent), right=str(indent), firstLine=str(first_line))
    _sub(ppr, "jc", val=jc)
    ppr.append(_rpr(size, bold, italic))
    if text:
        run = _sub(p, "r")
        run.append(_rpr(size, bold, italic))
        t = _sub(run, "t")
        t.text = text
        t.set(qn("xml:space"), "preserve")
    return p


def full_width_line() -> etree._Element:
    """Return the empty paragraph whose bottom border is the solid line across the text
    width that opens the copy block (ND30 Phụ lục I, Phần II: "dưới một đường kẻ nét liền,
    kéo dài hết chiều ngang của vùng trình bày văn bản")."""
    p = paragraph("", 2, jc="left", before=240, border=True)
    return p


def omission() -> etree._Element:
    """Return the paragraph "…" that stands, in a TRÍCH SAO, for a run of paragraphs left
    out: body text formatting (14 pt, justified, first line indented 1 cm, 6 pt above)."""
    return paragraph("…", 14, jc="both", before=120, keep=False, first_line=567)


def _cell(row: etree._Element, width: int, paras: list[etree._Element]) -> None:
    tc = _sub(row, "tc")
    tcpr = _sub(tc, "tcPr")
    _sub(tcpr, "tcW", w=str(width), type="dxa")
    for p in paras:
        tc.append(p)


def _table(width: int, left: int, rows: list[tuple[list, list]]) -> etree._Element:
    """Return a borderless, fixed-layout table ``width`` twips wide, two columns (the left
    one ``left`` twips), one row per (left paragraphs, right paragraphs)."""
    tbl = _el("tbl")
    pr = _sub(tbl, "tblPr")
    _sub(pr, "tblW", w=str(width), type="dxa")
    _sub(pr, "tblInd", w="0", type="dxa")
    borders = _sub(pr, "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(borders, side, val="nil")
    _sub(pr, "tblLayout", type="fixed")
    margins = _sub(pr, "tblCellMar")
    _sub(margins, "left", w="0", type="dxa")
    _sub(margins, "right", w="0", type="dxa")
    _sub(pr, "tblLook", val="0000", firstRow="0", lastRow="0", firstColumn="0",
         lastColumn="0", noHBand="1", noVBand="1")
    grid = _sub(tbl, "tblGrid")
    _sub(grid, "gridCol", w=str(left))
    _sub(grid, "gridCol", w=str(width - left))
    for left_paras, right_paras in rows:
        tr = _sub(tbl, "tr")
        trpr = _sub(tr, "trPr")
        _sub(trpr, "cantSplit")
        _cell(tr, left, left_paras)
        _cell(tr, width - left, right_paras)
    return tbl


def date_line(dia_danh: str, ngay: NgayBanHanh) -> str:
    """Return ô 4 of the copy: "Lạng Sơn, ngày 03 tháng 6 năm 2024" (blank day or month
    left as room for the văn thư, as in a draft's date line)."""
    return f"{dia_danh}, {ngay_thang(ngay.ngay, ngay.thang, ngay.nam)}"


def number_line(so: int | None, symbol: str) -> str:
    """Return ô 3 of the copy: "Số: 05/SY-VP" (blank number: room for the văn thư)."""
    return f"Số: {number_digits(so)}/{symbol}"


def copy_block(*, width: int, title: str, chu_quan: str | None, ten: str, number: str,
               date: str, signer: NguoiKy, recipients: NoiNhan) -> list[etree._Element]:
    """Return the elements of the copy block, in order (the full-width line, then the
    table), for a text area ``width`` twips wide. ``title`` is the copy form line ("SAO
    Y"), ``chu_quan`` / ``ten`` the copying agency's parent and name (upper case), ``number``
    and ``date`` the lines of ô 3 and ô 4 (see :func:`number_line`, :func:`date_line`)."""
    left = round(width * LEFT_SHARE)
    room = left - 113
    agency: list[etree._Element] = []
    if chu_quan:
        agency += [paragraph(line, 13) for line in balanced_lines(chu_quan.upper(), 13, room)]
    name_lines = balanced_lines(ten.upper(), 13, room, bold=True)
    agency += [paragraph(line, 13, bold=True) for line in name_lines]
    rule = rule_length([min(text_width(x, 13, bold=True), room) for x in name_lines],
                       RULE_FRACTION)
    agency.append(paragraph("", 2, border=True, indent=max(0, (left - rule) // 2)))
    heading = [paragraph(title, 14, bold=True)]
    place = ([paragraph(number, 13, before=120)],
             [paragraph(date, 14, italic=True, before=120)])
    notes = [paragraph("Nơi nhận:", 12, bold=True, italic=True, jc="left", before=240)]
    notes += [paragraph(line, 11, jc="left", hanging=113) for line in recipients.lines()]
    signing = [paragraph(line, 14, bold=True, before=240 if i == 0 else 0)
               for i, line in enumerate(signer.authority_lines())]
    signing.append(paragraph(signer.ho_ten or "", 14, bold=True, before=SIGN_SPACE,
                             keep=False))
    notes[-1] = _unkept(notes[-1])
    return [full_width_line(),
            _table(width, left, [(agency, heading), place, (notes, signing)])]


def electronic_block(*, title: str, agency: str, number: str,
                     date: str) -> list[etree._Element]:
    """Return the lines of an electronic copy, placed at the top right of the first page:
    the copy form, the copying agency, "Số, ký hiệu: 05/SY-VP", "Thời gian sao: 03/6/2024",
    in Times New Roman 10 pt upright, right-aligned.

    nd30.md says only that Mẫu 3.2 is the electronic copy layout [S]; vbhc follows the
    decree's rule for an agency's digital signature on a copy as recalled [M]: at the top
    right of the first page, giving the copy form, the agency and the time, 10 pt. The time
    of signing and the seal come with ``vbhc ky --vai dinh-kem``, whose box lies in the top
    margin above these lines (vbhc.signing.layout.attachment_box). The number is written
    "Số, ký hiệu:" (as the signature's own text) so that the original's "Số:" line stays
    the only one a reader (and vbhc check) takes for the document's number."""
    lines = [title, agency, f"Số, ký hiệu: {number}", f"Thời gian sao: {date}"]
    out = [paragraph(line, 10, jc="right") for line in lines]
    last = out[-1].find(f"{w('pPr')}/{w('spacing')}")
    last.set(w("after"), "120")
    return out


def _unkept(p: etree._Element) -> etree._Element:
    """Return ``p`` without its keep-with-next (the block's last paragraph)."""
    keep = p.find(f"{w('pPr')}/{w('keepNext')}")
    if keep is not None:
        keep.getparent().remove(keep)
    return p
