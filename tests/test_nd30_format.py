"""ND30 presentation rules checked on the rendered Lạng Sơn plan (../shared/nd30.md §1–§4).

Components are found by their text and position on the page, never by trusting the style
id the template gave them; the assertions read the formatting Word would apply (run, run
style, paragraph style chain, document defaults). Expected values are the ranges of
nd30.md, not what the renderer happens to write today.
"""

from __future__ import annotations

import re

import pytest

from tests.docx_helpers import NS, Docx, para_text, w
from vbhc.docx.measure import text_width

TNR = "Times New Roman"
TWIPS_PER_MM = 1440 / 25.4
MM_TOLERANCE = 0.5  # nd30 §1: checker tolerance on margins

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
ISSUER_LINES = ("ỦY BAN NHÂN DÂN", "TỈNH LẠNG SƠN")
SO_RE = re.compile(r"^Số: +/KH-UBND$")
DATE_RE = re.compile(r"^Lạng Sơn, ngày +tháng 5 năm 2024$")
TEN_LOAI = "KẾ HOẠCH"
TRICH_YEU = "Thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Lạng Sơn năm 2024"
SIGNER_LINES = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
SIGNER_NAME = "Dương Xuân Huyền"
NOI_NHAN = "Nơi nhận:"
LUU = "- Lưu: VT, NC_(PVD)."
MUC_HEADINGS = ("I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN")

ROMAN_RE = re.compile(r"^[IVXLC]+\.\s")
KHOAN_RE = re.compile(r"^\d+\.\s")
NUMBERED_RE = re.compile(r"^\d+(\.\d+)*\.\s")
SENTENCE_END = (".", ":", ";", "!", "?", "…")
LEFT = (None, "left", "start")


# --- helpers ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(plan_docx) -> Docx:
    """The rendered plan; Docx parses each part once, so elements keep their identity."""
    return plan_docx


def text_runs(p) -> list:
    """Return the runs of ``p`` that carry visible text."""
    return [r for r in p.iter(w("r")) if "".join(t.text or "" for t in r.iter(w("t"))).strip()]


def run_text(r) -> str:
    return "".join(t.text or "" for t in r.iter(w("t")))


def top_level(doc: Docx) -> list:
    return list(doc.document.find("w:body", NS))


def paragraphs_matching(doc: Docx, predicate) -> list:
    return [p for p in doc.paragraphs() if predicate(para_text(p).strip())]


def the_paragraph(doc: Docx, predicate, what: str):
    found = paragraphs_matching(doc, predicate)
    assert len(found) == 1, f"ND30 §3.2: cần đúng một đoạn {what}, tìm thấy {len(found)}"
    return found[0]


def exact(text: str):
    return lambda t: t == text


def regex(pattern: re.Pattern):
    return lambda t: bool(pattern.match(t))


def ancestor(el, tag: str):
    return next(el.iterancestors(w(tag)), None)


def cell_index(p) -> tuple:
    """Return (table, row index, column index) of the cell holding ``p``."""
    tc = ancestor(p, "tc")
    assert tc is not None, f"đoạn '{para_text(p)}' phải nằm trong bảng bố cục (nd30 §3.1)"
    tr = tc.getparent()
    tbl = tr.getparent()
    return tbl, tbl.findall("w:tr", NS).index(tr), tr.findall("w:tc", NS).index(tc)


def twips(value) -> int:
    return int(value) if value is not None else 0


def section(doc: Docx):
    return doc.document.find("w:body/w:sectPr", NS)


def text_area_width(doc: Docx) -> int:
    sect = section(doc)
    mar = sect.find("w:pgMar", NS)
    return int(sect.find("w:pgSz", NS).get(w("w"))) - int(mar.get(w("left"))) - int(
        mar.get(w("right")))


def _table_style_chain(doc: Docx, tbl) -> list:
    style = tbl.find("w:tblPr/w:tblStyle", NS)
    return doc._chain(style.get(w("val"))) if style is not None else []


def cell_margin(doc: Docx, tc, side: str) -> int:
    """Return a cell's effective left/right margin: tcMar, table, table style chain."""
    tbl = ancestor(tc, "tbl")
    sources = [tc.find("w:tcPr/w:tcMar", NS), tbl.find("w:tblPr/w:tblCellMar", NS)]
    sources += [st.find("w:tblPr/w:tblCellMar", NS) for st in _table_style_chain(doc, tbl)]
    names = {"left": ("left", "start"), "right": ("right", "end")}[side]
    for src in sources:
        if src is None:
            continue
        for name in names:
            el = src.find(f"w:{name}", NS)
            if el is not None:
                return int(el.get(w("w")))
    return 108  # Word's built-in default cell margin (0.08 in)


def rule_length(doc: Docx, p) -> int:
    """Return the length of a paragraph's bottom border: its line box between indents."""
    tc = ancestor(p, "tc")
    if tc is None:
        width = text_area_width(doc)
    else:
        width = int(tc.find("w:tcPr/w:tcW", NS).get(w("w")))
        width -= cell_margin(doc, tc, "left") + cell_margin(doc, tc, "right")
    left = doc.ppr_value(p, "w:ind", "left") or doc.ppr_value(p, "w:ind", "start")
    right = doc.ppr_value(p, "w:ind", "right") or doc.ppr_value(p, "w:ind", "end")
    return width - twips(left) - twips(right)


def has_bottom_border(doc: Docx, p) -> bool:
    val = doc.ppr_value(p, "w:pBdr/w:bottom", "val")
    return val not in (None, "nil", "none")


def next_paragraph(p):
    """Return the paragraph right after ``p`` (bookmarks skipped), or None."""
    nxt = p.getnext()
    while nxt is not None and nxt.tag in (w("bookmarkStart"), w("bookmarkEnd")):
        nxt = nxt.getnext()
    return nxt if nxt is not None and nxt.tag == w("p") else None


def line_width(doc: Docx, p) -> int:
    """Return the width of ``p``'s text at its effective size and weight (Liberation Serif
    metrics, same advance widths as Times New Roman)."""
    props = doc.run_props(p, text_runs(p)[0])
    return text_width(para_text(p).strip(), props["size"], bold=props["bold"],
                      italic=props["italic"])


def body_region(doc: Docx) -> list:
    """Return the non-empty top-level paragraphs of ô 6: after the trích yếu, before the
    closing table (Nơi nhận / signer)."""
    children = top_level(doc)
    start = next(i for i, el in enumerate(children)
                 if el.tag == w("p") and para_text(el).strip() == TRICH_YEU)
    closing = ancestor(the_paragraph(doc, exact(NOI_NHAN), "'Nơi nhận:'"), "tbl")
    end = children.index(closing)
    return [el for el in children[start + 1:end]
            if el.tag == w("p") and para_text(el).strip()]


def kind_of(text: str) -> str:
    if text.startswith("Căn cứ "):
        return "can_cu"
    if ROMAN_RE.match(text):
        return "muc"
    if NUMBERED_RE.match(text) and not text.rstrip().endswith(SENTENCE_END):
        return "khoan" if KHOAN_RE.match(text) else "tieu_khoan"
    return "body"


def body_of_kind(doc: Docx, kind: str) -> list:
    found = [p for p in body_region(doc) if kind_of(para_text(p).strip()) == kind]
    assert found, f"không tìm thấy đoạn loại {kind} trong phần nội dung (ô 6)"
    return found


def short(p) -> str:
    text = para_text(p).strip()
    return text if len(text) <= 50 else text[:47] + "..."


def all_parts(doc: Docx) -> list[str]:
    return [n for n in doc.entries
            if re.fullmatch(r"word/(document|styles|footnotes|endnotes|header\d*|footer\d*)\.xml",
                            n)]


def header_part(doc: Docx, kind: str):
    ref = next((h for h in section(doc).findall("w:headerReference", NS)
                if h.get(w("type")) == kind), None)
    assert ref is not None, f"ND30 §1: thiếu header loại '{kind}' trong sectPr"
    rid = ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = doc.xml("word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return doc.xml("word/" + target.lstrip("/").removeprefix("word/"))


def page_fields(root) -> list:
    """Return the paragraphs of ``root`` that hold a PAGE field (simple or complex)."""
    out = []
    for p in root.iter(w("p")):
        instr = [f.get(w("instr"), "") for f in p.iter(w("fldSimple"))]
        instr += [t.text or "" for t in p.iter(w("instrText"))]
        if any("PAGE" in i.split() for i in instr):
            out.append((p, " ".join(instr)))
    return out


# --- §1 page ------------------------------------------------------------------------------


def test_page_is_a4_portrait(doc):
    sect = section(doc)
    size = sect.find("w:pgSz", NS)
    width_mm = int(size.get(w("w"))) / TWIPS_PER_MM
    height_mm = int(size.get(w("h"))) / TWIPS_PER_MM
    assert 209 <= width_mm <= 211 and 296 <= height_mm <= 298, (
        f"ND30 §1: giấy A4 210 × 297 mm (11906 × 16838 twips), được "
        f"{width_mm:.1f} × {height_mm:.1f} mm")
    assert size.get(w("orient")) in (None, "portrait") and height_mm > width_mm, (
        "ND30 §1: trang đứng (portrait); văn bản này không có bảng nên không được xoay ngang")


@pytest.mark.parametrize(
    ("side", "low", "high"),
    [("top", 20, 25), ("bottom", 20, 25), ("left", 30, 35), ("right", 15, 20)],
)
def test_margins(doc, side, low, high):
    value = section(doc).find("w:pgMar", NS).get(w(side))
    margin_mm = abs(int(value)) / TWIPS_PER_MM
    assert low - MM_TOLERANCE <= margin_mm <= high + MM_TOLERANCE, (
        f"ND30 §1: lề {side} phải {low}–{high} mm, được {margin_mm:.1f} mm")


# --- §2 font ------------------------------------------------------------------------------


def test_doc_defaults_font_is_times_new_roman(doc):
    fonts = doc.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert fonts is not None, "ND30 §2: docDefaults phải khai báo phông Times New Roman"
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(w(attr)) == TNR, (
            f"ND30 §2: phông mặc định ({attr}) phải là Times New Roman, được "
            f"{fonts.get(w(attr))!r}")


def test_no_style_or_run_uses_another_font(doc):
    for part in all_parts(doc):
        for fonts in doc.xml(part).iter(w("rFonts")):
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                assert fonts.get(w(attr)) is None, (
                    f"ND30 §2: {part} dùng phông theo theme ({attr}) thay vì Times New Roman")
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                value = fonts.get(w(attr))
                assert value in (None, TNR), (
                    f"ND30 §2: {part} đặt phông {attr}={value!r}, chỉ được dùng Times New Roman")


def test_every_run_resolves_to_times_new_roman(doc):
    roots = [doc.document, doc.xml("word/footnotes.xml")]
    roots += [doc.xml(n) for n in doc.entries if re.fullmatch(r"word/header\d+\.xml", n)]
    checked = 0
    for root in roots:
        for p in root.iter(w("p")):
            for r in text_runs(p):
                font = doc.run_props(p, r)["font"]
                assert font == TNR, (
                    f"ND30 §2: chữ '{run_text(r)[:30]}' dùng phông {font!r}, phải là "
                    "Times New Roman")
                checked += 1
    assert checked > 100


def test_text_colour_is_black(doc):
    for part in all_parts(doc):
        for color in doc.xml(part).iter(w("color")):
            assert color.get(w("val")) in ("auto", "000000") and color.get(
                w("themeColor")) is None, (
                f"ND30 §2: màu chữ phải đen (auto/000000), {part} có "
                f"{color.get(w('val'))!r}/{color.get(w('themeColor'))!r}")


# --- §3.2 components ----------------------------------------------------------------------

# (id, finder, size range, bold, italic, alignment, all caps)
COMPONENTS = [
    ("quoc-hieu", exact(QUOC_HIEU), (12, 13), True, False, ("center",), True),
    ("tieu-ngu", exact(TIEU_NGU), (13, 14), True, False, ("center",), False),
    ("co-quan-1", exact(ISSUER_LINES[0]), (12, 13), True, False, ("center",), True),
    ("co-quan-2", exact(ISSUER_LINES[1]), (12, 13), True, False, ("center",), True),
    ("so-ky-hieu", regex(SO_RE), (13, 13), False, False, ("center",), False),
    ("dia-danh-ngay", regex(DATE_RE), (13, 14), False, True, ("center",), False),
    ("ten-loai", exact(TEN_LOAI), (13, 14), True, False, ("center",), True),
    ("trich-yeu", exact(TRICH_YEU), (13, 14), True, False, ("center",), False),
    ("quyen-han-1", exact(SIGNER_LINES[0]), (13, 14), True, False, ("center",), True),
    ("quyen-han-2", exact(SIGNER_LINES[1]), (13, 14), True, False, ("center",), True),
    ("chuc-vu", exact(SIGNER_LINES[2]), (13, 14), True, False, ("center",), True),
    ("ho-ten", exact(SIGNER_NAME), (13, 14), True, False, ("center",), False),
    ("noi-nhan", exact(NOI_NHAN), (12, 12), True, True, LEFT, False),
]


@pytest.mark.parametrize(
    ("name", "finder", "sizes", "bold", "italic", "align", "caps"),
    [pytest.param(*c, id=c[0]) for c in COMPONENTS],
)
def test_component_format(doc, name, finder, sizes, bold, italic, align, caps):
    p = the_paragraph(doc, finder, name)
    text = para_text(p).strip()
    runs = text_runs(p)
    assert runs, f"ND30 §3.2 ({name}): đoạn không có chữ"
    for r in runs:
        props = doc.run_props(p, r)
        assert sizes[0] <= props["size"] <= sizes[1], (
            f"ND30 §3.2 ({name}): cỡ chữ {sizes[0]}–{sizes[1]} pt, được {props['size']} "
            f"ở '{run_text(r)}'")
        assert props["bold"] is bold, (
            f"ND30 §3.2 ({name}): {'phải' if bold else 'không được'} in đậm ('{run_text(r)}')")
        assert props["italic"] is italic, (
            f"ND30 §3.2 ({name}): {'phải in nghiêng' if italic else 'phải là chữ đứng'} "
            f"('{run_text(r)}')")
    jc = doc.ppr_value(p, "w:jc", "val")
    assert jc in align, f"ND30 §3.2 ({name}): căn lề phải là {align}, được {jc!r}"
    if caps:
        assert text == text.upper(), f"ND30 §3.2 ({name}): phải viết in hoa toàn bộ: '{text}'"


def test_number_line_keeps_blank_number_and_upper_symbol(doc):
    p = the_paragraph(doc, regex(SO_RE), "'Số:'")
    symbol = para_text(p).strip().split("/", 1)[1]
    assert symbol == symbol.upper(), "ND30 §3.2 (số, ký hiệu): ký hiệu viết in hoa"


def test_noi_nhan_label_is_flush_left(doc):
    p = the_paragraph(doc, exact(NOI_NHAN), "'Nơi nhận:'")
    for attr in ("left", "start", "firstLine"):
        assert twips(doc.ppr_value(p, "w:ind", attr)) == 0, (
            f"ND30 §3.2 (Nơi nhận): sát lề trái, không thụt đầu dòng ({attr})")


def recipients(doc: Docx) -> list:
    label = the_paragraph(doc, exact(NOI_NHAN), "'Nơi nhận:'")
    cell = ancestor(label, "tc")
    paras = cell.findall("w:p", NS)
    return [p for p in paras[paras.index(label) + 1:] if para_text(p).strip()]


def test_recipient_lines(doc):
    lines = recipients(doc)
    assert len(lines) >= 2, "ND30 §3.6: khối Nơi nhận phải liệt kê nơi nhận và dòng Lưu"
    texts = [para_text(p).strip() for p in lines]
    for p, text in zip(lines, texts, strict=True):
        assert text.startswith("- "), f"ND30 §3.2 (nơi nhận): mỗi dòng bắt đầu bằng '-': {text}"
        for r in text_runs(p):
            props = doc.run_props(p, r)
            assert props["size"] == 11, (
                f"ND30 §3.2 (nơi nhận): cỡ chữ 11 pt, được {props['size']} ở '{text}'")
            assert not props["italic"] and not props["bold"], (
                f"ND30 §3.2 (nơi nhận): chữ đứng, không đậm ở '{text}'")
        assert doc.ppr_value(p, "w:jc", "val") in LEFT, (
            f"ND30 §3.2 (nơi nhận): căn trái ở '{text}'")
    for text in texts[:-1]:
        assert text.endswith(";"), f"ND30 §4.4: các dòng nơi nhận kết thúc bằng ';': {text}"
    assert texts[-1] == LUU, f"ND30 §4.4: dòng cuối là '{LUU}', được '{texts[-1]}'"


# --- §3.3 body ----------------------------------------------------------------------------


def test_body_region_is_found(doc):
    kinds = [kind_of(para_text(p).strip()) for p in body_region(doc)]
    assert kinds.count("can_cu") == 3
    assert kinds.count("muc") == len(MUC_HEADINGS)
    assert kinds.count("body") >= 30


def body_size(doc: Docx) -> float:
    sizes = [doc.run_props(p)["size"] for p in body_of_kind(doc, "body")]
    return max(set(sizes), key=sizes.count)


def test_body_text_format(doc):
    for p in body_of_kind(doc, "body"):
        jc = doc.ppr_value(p, "w:jc", "val")
        assert jc == "both", f"ND30 §3.3: thân văn bản căn đều hai lề, được {jc!r}: {short(p)}"
        first = doc.ppr_value(p, "w:ind", "firstLine")
        hanging = doc.ppr_value(p, "w:ind", "hanging")
        assert hanging in (None, "0") and first in ("567", "720"), (
            f"ND30 §3.3: thụt đầu dòng đúng 1 cm (567) hoặc 1,27 cm (720), được "
            f"firstLine={first!r} hanging={hanging!r}: {short(p)}")
        assert not doc.run_props(p)["italic"], (
            f"ND30 §3.3: thân văn bản là chữ đứng: {short(p)}")
        runs = text_runs(p)
        italic = sum(len(run_text(r)) for r in runs if doc.run_props(p, r)["italic"])
        assert italic * 2 < sum(len(run_text(r)) for r in runs), (
            f"ND30 §3.3: thân văn bản là chữ đứng (phần lớn đoạn đang nghiêng): {short(p)}")


def test_body_uses_one_size_in_range(doc):
    size = body_size(doc)
    assert 13 <= size <= 14, f"ND30 §3.3: cỡ chữ thân văn bản 13–14 pt, được {size}"


@pytest.mark.parametrize("kind", ["can_cu", "muc", "khoan", "tieu_khoan", "body"])
def test_content_sizes(doc, kind):
    for p in body_of_kind(doc, kind):
        for r in text_runs(p):
            size = doc.run_props(p, r)["size"]
            assert 13 <= size <= 14, (
                f"ND30 §3.2/§3.4: cỡ chữ nội dung 13–14 pt, được {size}: {short(p)}")


@pytest.mark.parametrize("kind", ["can_cu", "muc", "khoan", "tieu_khoan", "body"])
def test_paragraph_and_line_spacing(doc, kind):
    for p in body_of_kind(doc, kind):
        before = twips(doc.ppr_value(p, "w:spacing", "before"))
        after = twips(doc.ppr_value(p, "w:spacing", "after"))
        assert before + after >= 120, (
            f"ND30 §3.3: khoảng cách giữa các đoạn tối thiểu 6 pt (before+after ≥ 120), "
            f"được {before}+{after}: {short(p)}")
        contextual = p.find("w:pPr/w:contextualSpacing", NS)
        if contextual is None:
            for st in doc._chain(doc.paragraph_style_id(p)):
                contextual = st.find("w:pPr/w:contextualSpacing", NS)
                if contextual is not None:
                    break
        assert contextual is None or contextual.get(w("val")) in ("0", "false", "off"), (
            f"ND30 §3.3: contextualSpacing xóa khoảng cách 6 pt giữa các đoạn: {short(p)}")
        rule = doc.ppr_value(p, "w:spacing", "lineRule") or "auto"
        line = doc.ppr_value(p, "w:spacing", "line")
        assert rule == "auto", f"ND30 §3.3: giãn dòng kiểu auto (bội số dòng), được {rule}"
        assert 240 <= twips(line or 240) <= 360, (
            f"ND30 §3.3: giãn dòng từ đơn (240) đến 1,5 dòng (360), được {line}: {short(p)}")


def test_can_cu_format(doc):
    size = body_size(doc)
    for p in body_of_kind(doc, "can_cu"):
        for r in text_runs(p):
            props = doc.run_props(p, r)
            assert props["italic"], f"ND30 §3.2/§3.3: căn cứ in nghiêng: {short(p)}"
            assert props["size"] == size, (
                f"ND30 §3.2: căn cứ cùng cỡ chữ thân văn bản ({size}), được {props['size']}")
        jc = doc.ppr_value(p, "w:jc", "val")
        assert jc == "both", f"ND30 §3.2: căn cứ căn đều hai lề, được {jc!r}: {short(p)}"


@pytest.mark.parametrize("heading", MUC_HEADINGS)
def test_muc_heading_bold_upper(doc, heading):
    p = the_paragraph(doc, exact(heading), heading)
    assert p in body_region(doc), f"ND30 §3.4: mục '{heading}' nằm trong phần nội dung"
    for r in text_runs(p):
        assert doc.run_props(p, r)["bold"], f"ND30 §3.4: tên mục in đậm: {heading}"
    assert heading == heading.upper(), f"ND30 §3.4: tên mục in hoa: {heading}"


def test_khoan_headings_bold(doc):
    for p in body_of_kind(doc, "khoan"):
        for r in text_runs(p):
            assert doc.run_props(p, r)["bold"], (
                f"ND30 §3.4 (sơ đồ B): khoản có tên in đậm: {short(p)}")


# --- §3.1 layout --------------------------------------------------------------------------

BORDER_SIDES = ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV")


def effective_table_border(doc: Docx, tbl, side: str) -> str | None:
    sources = [tbl.find("w:tblPr/w:tblBorders", NS)]
    sources += [st.find("w:tblPr/w:tblBorders", NS) for st in _table_style_chain(doc, tbl)]
    for src in sources:
        if src is not None and src.find(f"w:{side}", NS) is not None:
            return src.find(f"w:{side}", NS).get(w("val"))
    return None


def assert_two_column_borderless(doc: Docx, tbl, what: str) -> None:
    grid = tbl.findall("w:tblGrid/w:gridCol", NS)
    assert len(grid) == 2, f"nd30 §3.1: {what} là bảng 2 cột, được {len(grid)} cột"
    for tr in tbl.findall("w:tr", NS):
        assert len(tr.findall("w:tc", NS)) == 2, f"nd30 §3.1: mỗi hàng của {what} có 2 ô"
    for side in BORDER_SIDES:
        val = effective_table_border(doc, tbl, side)
        assert val in (None, "nil", "none"), (
            f"nd30 §3.1: {what} không được có viền (cạnh {side} = {val!r})")
    for borders in tbl.iter(w("tcBorders")):
        for el in borders:
            assert el.get(w("val")) in ("nil", "none"), (
                f"nd30 §3.1: ô của {what} không được có viền ({el.tag})")


def test_header_block_layout(doc):
    doc = doc
    qh_tbl, qh_row, qh_col = cell_index(the_paragraph(doc, exact(QUOC_HIEU), "Quốc hiệu"))
    tn_tbl, tn_row, tn_col = cell_index(the_paragraph(doc, exact(TIEU_NGU), "Tiêu ngữ"))
    assert (tn_tbl, tn_row, tn_col) == (qh_tbl, qh_row, qh_col), (
        "ND30 §3.1 (ô 1): Tiêu ngữ ngay dưới Quốc hiệu, cùng ô")
    assert qh_col == 1, "ND30 §3.1 (ô 1): Quốc hiệu ở nửa bên phải"
    for line in ISSUER_LINES:
        tbl, row, col = cell_index(the_paragraph(doc, exact(line), line))
        assert (tbl, row, col) == (qh_tbl, qh_row, 0), (
            f"ND30 §3.1 (ô 2): tên cơ quan '{line}' ở nửa bên trái, ngang Quốc hiệu")
    so_tbl, so_row, so_col = cell_index(the_paragraph(doc, regex(SO_RE), "Số"))
    date_tbl, date_row, date_col = cell_index(the_paragraph(doc, regex(DATE_RE), "ngày"))
    assert (so_tbl, so_col) == (qh_tbl, 0) and so_row >= qh_row, (
        "ND30 §3.1 (ô 3): số, ký hiệu ở nửa trái, dưới tên cơ quan")
    assert (date_tbl, date_col, date_row) == (qh_tbl, 1, so_row), (
        "ND30 §3.1 (ô 4): địa danh, ngày tháng ở nửa phải, cùng hàng với số, ký hiệu")
    assert_two_column_borderless(doc, qh_tbl, "khối đầu văn bản")


def test_closing_block_layout(doc):
    doc = doc
    label = the_paragraph(doc, exact(NOI_NHAN), "'Nơi nhận:'")
    tbl, row, col = cell_index(label)
    assert col == 0, "ND30 §3.1 (ô 9b): Nơi nhận ở nửa bên trái"
    for p in recipients(doc):
        assert cell_index(p) == (tbl, row, 0), "ND30 §3.1 (ô 9b): các dòng nơi nhận ở bên trái"
    for line in (*SIGNER_LINES, SIGNER_NAME):
        assert cell_index(the_paragraph(doc, exact(line), line)) == (tbl, row, 1), (
            f"ND30 §3.1 (ô 7): '{line}' ở nửa bên phải, ngang khối Nơi nhận")
    left_cell = ancestor(label, "tc")
    right_cell = ancestor(the_paragraph(doc, exact(SIGNER_LINES[0]), "TM."), "tc")
    first = [p for p in left_cell.findall("w:p", NS) if para_text(p).strip()][0]
    first_right = [p for p in right_cell.findall("w:p", NS) if para_text(p).strip()][0]
    assert first is label and para_text(first_right).strip() == SIGNER_LINES[0], (
        "ND30 §3.2 (Nơi nhận): nhãn 'Nơi nhận:' ngang dòng đầu của quyền hạn người ký")
    assert_two_column_borderless(doc, tbl, "khối nơi nhận, chữ ký")


def test_closing_block_follows_body(doc):
    children = top_level(doc)
    header = ancestor(the_paragraph(doc, exact(QUOC_HIEU), "Quốc hiệu"), "tbl")
    closing = ancestor(the_paragraph(doc, exact(NOI_NHAN), "Nơi nhận"), "tbl")
    title = the_paragraph(doc, exact(TEN_LOAI), TEN_LOAI)
    assert children.index(header) < children.index(title) < children.index(closing), (
        "ND30 §3.1: thứ tự đầu văn bản → tên loại, trích yếu (ô 5a) → nội dung → chữ ký")
    assert ancestor(title, "tbl") is None, "ND30 §3.1 (ô 5a): tên loại căn giữa cả dòng chữ"


# --- rules under the issuer, the motto and the abstract ----------------------------------


def rule_under(doc: Docx, text: str):
    p = the_paragraph(doc, exact(text), text)
    rule = next_paragraph(p)
    assert rule is not None and has_bottom_border(doc, rule), (
        f"ND30 §3.2: phải có đường kẻ ngay dưới '{text}'")
    assert not para_text(rule).strip(), f"đoạn kẻ dưới '{text}' không mang chữ"
    return p, rule


def assert_centred(doc: Docx, rule, what: str) -> None:
    left = twips(doc.ppr_value(rule, "w:ind", "left") or doc.ppr_value(rule, "w:ind", "start"))
    right = twips(doc.ppr_value(rule, "w:ind", "right") or doc.ppr_value(rule, "w:ind", "end"))
    assert abs(left - right) <= 20, f"ND30 §3.2: đường kẻ dưới {what} phải cân giữa dòng chữ"


def test_rule_under_motto_matches_text(doc):
    p, rule = rule_under(doc, TIEU_NGU)
    text_w = line_width(doc, p)
    length = rule_length(doc, rule)
    assert abs(length - text_w) <= 0.15 * text_w, (
        f"ND30 §3.2: đường kẻ dưới Tiêu ngữ dài bằng dòng chữ ({text_w} twips), được {length}")
    assert_centred(doc, rule, "Tiêu ngữ")


def test_no_rule_under_quoc_hieu(doc):
    p = the_paragraph(doc, exact(QUOC_HIEU), "Quốc hiệu")
    assert not has_bottom_border(doc, p), "ND30 §3.2: không kẻ dưới Quốc hiệu"


def test_rule_under_issuer_is_third_to_half(doc):
    p, rule = rule_under(doc, ISSUER_LINES[-1])
    text_w = line_width(doc, p)
    length = rule_length(doc, rule)
    assert text_w / 3 <= length <= text_w / 2, (
        f"ND30 §3.2: đường kẻ dưới tên cơ quan ban hành dài 1/3–1/2 dòng chữ "
        f"({text_w} twips → {text_w / 3:.0f}–{text_w / 2:.0f}), được {length}")
    assert_centred(doc, rule, "tên cơ quan")


def test_rule_under_trich_yeu_is_third_to_half(doc):
    p, rule = rule_under(doc, TRICH_YEU)
    text_w = min(line_width(doc, p), text_area_width(doc))
    length = rule_length(doc, rule)
    assert text_w / 3 <= length <= text_w / 2, (
        f"ND30 §3.2: đường kẻ dưới trích yếu dài 1/3–1/2 dòng chữ "
        f"({text_w} twips → {text_w / 3:.0f}–{text_w / 2:.0f}), được {length}")
    assert_centred(doc, rule, "trích yếu")


def test_rules_are_solid_lines(doc):
    for text in (TIEU_NGU, ISSUER_LINES[-1], TRICH_YEU):
        _, rule = rule_under(doc, text)
        val = doc.ppr_value(rule, "w:pBdr/w:bottom", "val")
        assert val == "single", f"ND30 §3.2: đường kẻ dưới '{text}' là nét liền, được {val!r}"


# --- §1 page numbers ----------------------------------------------------------------------


def test_first_page_has_its_own_header(doc):
    title_pg = section(doc).find("w:titlePg", NS)
    assert title_pg is not None and title_pg.get(w("val")) not in ("0", "false", "off"), (
        "ND30 §1: trang 1 không hiện số trang (cần w:titlePg)")


def test_default_header_has_centred_page_number(doc):
    header = header_part(doc, "default")
    fields = page_fields(header)
    assert len(fields) == 1, "ND30 §1: header các trang sau phải có đúng một trường PAGE"
    p, instr = fields[0]
    assert not re.search(r"\\\*\s*(roman|ROMAN|alphabetic|ALPHABETIC)", instr), (
        f"ND30 §1: số trang bằng chữ số Ả Rập, trường là {instr!r}")
    jc = doc.ppr_value(p, "w:jc", "val")
    assert jc == "center", f"ND30 §1: số trang căn giữa, được {jc!r}"
    for r in p.iter(w("r")):
        props = doc.run_props(p, r)
        assert 13 <= props["size"] <= 14, f"ND30 §1: số trang cỡ 13–14 pt, được {props['size']}"
        assert not props["bold"] and not props["italic"], "ND30 §1: số trang chữ đứng, không đậm"


def test_page_numbers_are_arabic_from_one(doc):
    num = section(doc).find("w:pgNumType", NS)
    if num is not None:
        assert num.get(w("fmt")) in (None, "decimal"), "ND30 §1: số trang bằng chữ số Ả Rập"
        assert num.get(w("start")) in (None, "1"), "ND30 §1: đánh số trang từ 1"


def test_page_number_sits_in_top_margin(doc):
    mar = section(doc).find("w:pgMar", NS)
    header = header_part(doc, "default")
    p, _ = page_fields(header)[0]
    size = doc.run_props(p)["size"]
    bottom_of_number = int(mar.get(w("header"))) + round(size * 20 * 1.2)
    assert bottom_of_number <= int(mar.get(w("top"))), (
        "ND30 §1: số trang nằm trong lề trên (header + một dòng ≤ lề trên)")


def test_first_page_header_is_empty(doc):
    header = header_part(doc, "first")
    assert not page_fields(header), "ND30 §1: header trang 1 không có số trang"
    assert not para_text(header).strip(), "ND30 §1: header trang 1 để trống"


# --- footnotes ----------------------------------------------------------------------------

REL_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
CT_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def test_footnote_references_in_order(doc):
    refs = [int(r.get(w("id"))) for r in doc.document.iter(w("footnoteReference"))]
    assert refs == [1, 2, 3, 4], f"chú thích: 4 dấu chú thích đánh 1..4 theo thứ tự, được {refs}"
    assert sorted(doc.footnotes()) == [1, 2, 3, 4], (
        "chú thích: mỗi dấu chú thích có đúng một nội dung trong footnotes.xml")


def test_footnote_reference_marks_are_superscript(doc):
    for ref in doc.document.iter(w("footnoteReference")):
        r = ref.getparent()
        style = r.find("w:rPr/w:rStyle", NS)
        direct = r.find("w:rPr/w:vertAlign", NS)
        chain = doc._chain(style.get(w("val"))) if style is not None else []
        aligns = [direct] + [st.find("w:rPr/w:vertAlign", NS) for st in chain]
        val = next((a.get(w("val")) for a in aligns if a is not None), None)
        assert val == "superscript", f"chú thích {ref.get(w('id'))}: số chú thích là chỉ số trên"


def test_footnote_separators(doc):
    root = doc.xml("word/footnotes.xml")
    kinds = {fn.get(w("type")): fn.get(w("id")) for fn in root.findall("w:footnote", NS)}
    assert kinds.get("separator") == "-1", "chú thích: thiếu separator (id -1)"
    assert kinds.get("continuationSeparator") == "0", (
        "chú thích: thiếu continuationSeparator (id 0)")


def test_each_footnote_starts_with_superscript_ref(doc):
    root = doc.xml("word/footnotes.xml")
    style = doc._style("FootnoteReference")
    assert style is not None and style.get(w("type")) == "character"
    chain = doc._chain("FootnoteReference")
    align = next((st.find("w:rPr/w:vertAlign", NS) for st in chain
                  if st.find("w:rPr/w:vertAlign", NS) is not None), None)
    assert align is not None and align.get(w("val")) == "superscript", (
        "chú thích: kiểu FootnoteReference là chỉ số trên")
    notes = [fn for fn in root.findall("w:footnote", NS) if fn.get(w("type")) is None]
    assert len(notes) == 4
    for fn in notes:
        first_run = fn.find("w:p/w:r", NS)
        assert first_run is not None and first_run.find("w:footnoteRef", NS) is not None, (
            f"chú thích {fn.get(w('id'))}: phải mở đầu bằng w:footnoteRef")
        rstyle = first_run.find("w:rPr/w:rStyle", NS)
        assert rstyle is not None and rstyle.get(w("val")) == "FootnoteReference", (
            f"chú thích {fn.get(w('id'))}: số chú thích dùng kiểu FootnoteReference")


def test_footnotes_are_wired(doc):
    settings = doc.xml("word/settings.xml")
    pr = settings.find("w:footnotePr", NS)
    assert pr is not None, "chú thích: settings.xml thiếu w:footnotePr"
    assert [f.get(w("id")) for f in pr.findall("w:footnote", NS)] == ["-1", "0"]
    rels = doc.xml("word/_rels/document.xml.rels")
    targets = [r.get("Target") for r in rels if r.get("Type") == REL_FOOTNOTES]
    assert targets in (["footnotes.xml"], ["/word/footnotes.xml"]), (
        f"chú thích: document.xml.rels phải trỏ tới footnotes.xml, được {targets}")
    types = doc.xml("[Content_Types].xml")
    overrides = {o.get("PartName"): o.get("ContentType") for o in types
                 if o.tag.endswith("Override")}
    assert overrides.get("/word/footnotes.xml") == CT_FOOTNOTES, (
        "chú thích: [Content_Types].xml thiếu Override cho /word/footnotes.xml")


def test_signature_block_never_alone_on_a_page(doc):
    """The body's last paragraph is kept with the signature table that follows it."""
    body = doc.document.find("w:body", NS)
    closing = [t for t in body.findall("w:tbl", NS) if "Nơi nhận:" in "".join(t.itertext())][0]
    before = [p for p in closing.itersiblings(preceding=True) if para_text(p).strip()][0]
    assert para_text(before).endswith("./.")
    assert before.find("w:pPr/w:keepNext", NS) is not None


def test_a_long_place_name_shrinks_the_date_line_instead_of_wrapping(tmp_path):
    """ND30 allows 13–14 pt for the date line: a long place name takes 13 pt to stay on
    one line; the usual one stays at 14 pt."""
    import yaml

    import vbhc
    from tests.conftest import PLAN_EXAMPLE
    from vbhc.loader import validate_data

    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["co_quan"]["dia_danh"] = "Phường Lương Văn Tri"
    long_doc = Docx.open(vbhc.render(validate_data(data), tmp_path / "dai.docx"))
    line = next(p for p in long_doc.paragraphs() if para_text(p).startswith("Phường Lương"))
    assert {long_doc.run_props(line, r)["size"] for r in line.iter(w("r"))} == {13}
    assert not [f for f in vbhc.check(long_doc.path) if f.is_error]
