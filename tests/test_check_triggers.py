"""vbhc check on the layouts real Word users make (issue 15): each false-alarm trigger and
each miss found on real agency files, rebuilt as one small change of a rendered document.

A false-alarm test asserts the rule stays silent on a document that prints correctly; most
also assert the rule still fires on the same change made visibly wrong, so the fix is not
"the rule went blind"."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from lxml import etree

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import NS, w
from tests.test_check_rules import body_paras, drop, para_with, replace_text, set_ppr, set_rpr
from vbhc.checker import check, check_bytes
from vbhc.checker.components import find_components
from vbhc.checker.document import Document
from vbhc.docx.measure import text_width
from vbhc.docx.package import read_package_bytes

Parts = dict[str, etree._Element]
W_NS = NS["w"]
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def build(source: Path, target: Path, mutate: Callable[[Parts], None]) -> Path:
    """Write ``target``: ``source`` with its XML parts (rels included) changed by
    ``mutate``; a part ``mutate`` adds to the dict is written too."""
    with zipfile.ZipFile(source) as zf:
        raw = {n: zf.read(n) for n in zf.namelist()}
    parts = {n: etree.fromstring(raw[n]) for n in raw if n.endswith((".xml", ".rels"))}
    mutate(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(set(raw) | set(parts)):
            zf.writestr(name, etree.tostring(parts[name]) if name in parts else raw[name])
    target.write_bytes(buf.getvalue())
    return target


def rules_of(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in check(path):
        out.setdefault(f.rule, []).append(f"{f.message} «{f.excerpt}»")
    return out


def _with_ns(fragment: str) -> etree._Element:
    """Parse ``fragment``, a "<w:p>...</w:p>", with the w: namespace declared."""
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{fragment[len("<w:p>"):]}')


def _run_el(fragment: str) -> etree._Element:
    """Return the w:r element of a run() fragment."""
    return _with_ns(f"<w:p>{fragment}</w:p>").find("w:r", NS)


def run(text: str, rpr: str = "") -> str:
    parts = text.split("\t")
    inner = "<w:tab/>".join(f'<w:t xml:space="preserve">{t}</w:t>' for t in parts)
    return f"<w:r><w:rPr>{rpr}</w:rPr>{inner}</w:r>"


def para(*runs: str, ppr: str = "") -> etree._Element:
    return _with_ns(f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>")


def set_text(p: etree._Element, text: str) -> None:
    """Put ``text`` (tabs as w:tab) in the first run of ``p`` and drop the other runs."""
    rs = p.findall("w:r", NS)
    rpr = rs[0].find("w:rPr", NS)
    for r in rs:
        p.remove(r)
    new = _run_el(run(text))
    if rpr is not None:
        new.replace(new.find("w:rPr", NS), rpr)
    p.append(new)


def direct_ppr(p: etree._Element, tag: str, **attrs: str) -> None:
    ppr = p.find("w:pPr", NS)
    el = ppr.find(f"w:{tag}", NS)
    if el is None:
        el = etree.SubElement(ppr, w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)


def cell_width(p: etree._Element) -> int:
    """Return the text width of ``p``'s cell: w:tcW less the table's cell margins."""
    tc = next(p.iterancestors(w("tc")))
    tbl = next(p.iterancestors(w("tbl")))
    margins = 0
    for side in ("left", "right"):
        mar = tbl.find(f"w:tblPr/w:tblCellMar/w:{side}", NS)
        margins += int(mar.get(w("w"))) if mar is not None else 108
    return int(tc.find("w:tcPr/w:tcW", NS).get(w("w"))) - margins


def spaces_to_centre(text: str, size: float, room: int, bold: bool = False,
                     italic: bool = False) -> int:
    width = text_width(text, size, bold=bold, italic=italic)
    return round((room - width) / 2 / text_width(" ", size))


@pytest.fixture(scope="module")
def plan(plan_docx_path) -> Path:
    return plan_docx_path


@pytest.fixture(scope="module")
def cong_van(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cv") / "cong-van.docx"
    vbhc.render(vbhc.load(EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"), out)
    return out


# --- centred by spaces or indents ------------------------------------------------------

def _signer_spaces(count: int) -> Callable[[Parts], None]:
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "Dương Xuân Huyền")
        direct_ppr(p, "jc", val="left")
        n = count if count >= 0 else spaces_to_centre("Dương Xuân Huyền", 14, cell_width(p),
                                                      bold=True)
        set_text(p, " " * n + "Dương Xuân Huyền")
    return mutate


def test_signer_centred_by_leading_spaces_passes(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", _signer_spaces(-1)))
    assert "ho-ten-nguoi-ky" not in found, found


def test_signer_pushed_by_two_spaces_is_not_centred(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", _signer_spaces(2)))
    assert "không căn giữa" in str(found.get("ho-ten-nguoi-ky")), found


def _date_indent(centred: bool) -> Callable[[Parts], None]:
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "Lạng Sơn, ngày")
        text = "".join(t.text for t in p.iter(w("t")))
        width = text_width(text, 14, italic=True)
        indent = (cell_width(p) - width) // 2 if centred else 0
        direct_ppr(p, "jc", val="left")
        direct_ppr(p, "ind", firstLine=str(indent))
    return mutate


def test_date_line_centred_by_first_line_indent_passes(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", _date_indent(True)))
    assert "dia-danh-ngay-trinh-bay" not in found, found
    found = rules_of(build(plan, tmp_path / "b.docx", _date_indent(False)))
    assert "không căn giữa" in str(found["dia-danh-ngay-trinh-bay"])


def test_quoc_hieu_left_aligned_with_spaces_and_negative_indent_passes(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "CỘNG HÒA XÃ HỘI")
        direct_ppr(p, "jc", val="left")
        direct_ppr(p, "ind", left="-300")
        text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        n = spaces_to_centre(text, 12, cell_width(p) + 300, bold=True)
        set_text(p, " " * n + text)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "quoc-hieu" not in found, found


def test_one_layout_defect_is_reported_once(plan, tmp_path):
    """The whole left header column left-aligned: one "không căn giữa", on the issuer."""
    def mutate(parts: Parts) -> None:
        for style_id in ("VBCoQuan", "VBSo"):
            set_ppr(parts, style_id, "jc", val="left")

    findings = check(build(plan, tmp_path / "a.docx", mutate))
    uncentred = [f for f in findings if "không căn giữa" in f.message]
    assert [f.rule for f in uncentred] == ["co-quan-ban-hanh"], [str(f) for f in findings]


# --- body indents -----------------------------------------------------------------------

def _body(parts: Parts) -> etree._Element:
    return para_with(parts, "Thực hiện Kế hoạch số 31-KH/BCĐ")


def test_tab_indented_paragraph_passes(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = _body(parts)
        direct_ppr(p, "ind", firstLine="0")
        first = p.find("w:r", NS)
        first.insert(1 if first.find("w:rPr", NS) is not None else 0, etree.Element(w("tab")))

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "than-thut-dau-dong" not in found, found


def test_spaces_that_do_not_reach_the_indent_are_reported(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = _body(parts)
        direct_ppr(p, "ind", firstLine="0")
        t = next(t for t in p.iter(w("t")) if t.text)
        t.text = "  " + t.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "dấu cách" in str(found["than-thut-dau-dong"])


@pytest.mark.parametrize(("first_line", "fires"), [("567", False), ("624", False),
                                                   ("720", False), ("740", False),
                                                   ("400", True), ("850", True)])
def test_indent_range_is_1_to_1_27_cm(plan, tmp_path, first_line, fires):
    found = rules_of(build(plan, tmp_path / "a.docx",
                           lambda x: direct_ppr(_body(x), "ind", firstLine=first_line)))
    assert ("than-thut-dau-dong" in found) == fires, found


def test_one_line_paragraph_with_left_indent_passes(plan, tmp_path):
    def mutate(parts: Parts, text: str) -> None:
        p = _body(parts)
        direct_ppr(p, "ind", firstLine="0", left="600")
        set_text(p, text)

    short = rules_of(build(plan, tmp_path / "a.docx",
                           lambda x: mutate(x, "Các cơ quan thực hiện kế hoạch này.")))
    assert "than-thut-dau-dong" not in short, short
    long_ = rules_of(build(plan, tmp_path / "b.docx",
                           lambda x: mutate(x, "Các cơ quan thực hiện kế hoạch này " * 6)))
    assert "than-thut-dau-dong" in long_


# --- numbering ---------------------------------------------------------------------------

NUMBERING = (f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
             '<w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/>'
             '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
             '</w:numbering>')


def _add_numbering(parts: Parts) -> None:
    parts["word/numbering.xml"] = etree.fromstring(NUMBERING)
    rels = parts["word/_rels/document.xml.rels"]
    etree.SubElement(rels, f"{{{REL}}}Relationship", Id="rIdNumbering", Target="numbering.xml",
                     Type=f"{R_NS}/numbering")
    types = parts["[Content_Types].xml"]
    ct = types.nsmap[None]
    etree.SubElement(types, f"{{{ct}}}Override", PartName="/word/numbering.xml",
                     ContentType="application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.numbering+xml")


def test_word_numbered_item_feeds_the_typed_list(plan, tmp_path):
    """"a)" printed by Word's numbering, then "b)" typed: the list goes on, no finding."""
    def mutate(parts: Parts) -> None:
        _add_numbering(parts)
        p = para_with(parts, "a) Tăng cường công tác tuyên truyền")
        t = next(t for t in p.iter(w("t")) if t.text)
        t.text = t.text.replace("a) ", "", 1)
        direct_ppr(p, "numPr")
        num = p.find("w:pPr/w:numPr", NS)
        etree.SubElement(num, w("ilvl"), {w("val"): "0"})
        etree.SubElement(num, w("numId"), {w("val"): "1"})

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "danh-so" not in found, found


def test_quoted_excerpt_does_not_open_or_break_a_list(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "a) Tăng cường công tác tuyên truyền")
        quoted = etree.fromstring(etree.tostring(p))
        set_text(quoted, "“1. Trích dẫn khoản 1 của văn bản khác.”")
        p.addnext(quoted)
        again = etree.fromstring(etree.tostring(p))
        set_text(again, "“d) Trích dẫn điểm d.”")
        p.addprevious(again)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "danh-so" not in found, found


def test_forty_five_roman_sections_of_vbhc_are_clean(tmp_path):
    from vbhc.renderer.pipeline import render_bytes

    data = yaml.safe_load((EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml")
                          .read_text("utf-8"))
    data["muc"] = [{"tieu_de": f"Mục số {i}", "muc_con": [
        {"tieu_de": "Khoản", "noi_dung": ["Nội dung của khoản này."]}]} for i in range(1, 46)]
    source = EXAMPLES / f"_bc45-{tmp_path.name}.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        model = vbhc.load(source)
    finally:
        source.unlink()
    docx = render_bytes(model, None)
    texts = [p.clean for p in Document(read_package_bytes(docx, "bc45.docx")).paras]
    assert any(t.startswith("XLV. ") for t in texts)
    assert check_bytes(docx, "bc45.docx") == []


# --- headers and closings typed without tables ------------------------------------------

B13 = '<w:b/><w:sz w:val="26"/>'
HEADER_LINES = [
    (run("ỦY BAN NHÂN DÂN", '<w:sz w:val="26"/>'),
     run("\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", B13)),
    (run("SỞ NỘI VỤ", B13), run("\t\t\tĐộc lập - Tự do - Hạnh phúc", '<w:b/><w:sz w:val="28"/>')),
    (run("Số: 12/SNV-VP", '<w:sz w:val="26"/>'),
     run("\t\tLạng Sơn, ngày 03 tháng 6 năm 2024", '<w:i/><w:sz w:val="28"/>')),
]


def test_header_typed_with_tabs_is_read(cong_van, tmp_path):
    def mutate(parts: Parts) -> None:
        body = parts["word/document.xml"].find("w:body", NS)
        table = body.find("w:tbl", NS)
        for left, right in HEADER_LINES:
            table.addprevious(para(left, right))
        vv = para(run("V/v đôn đốc gửi báo cáo", '<w:sz w:val="26"/>'))
        table.addprevious(vv)
        drop(table)

    path = build(cong_van, tmp_path / "a.docx", mutate)
    comp = find_components(Document.open(path))
    assert comp.quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert comp.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert comp.so_ky_hieu.text == "Số: 12/SNV-VP"
    assert comp.dia_danh_ngay.text == "Lạng Sơn, ngày 03 tháng 6 năm 2024"
    assert [x.text for x in comp.co_quan] == ["SỞ NỘI VỤ"]
    assert [x.text for x in comp.chu_quan] == ["ỦY BAN NHÂN DÂN"]
    found = rules_of(path)
    for rule_id in ("quoc-hieu", "tieu-ngu", "so-ky-hieu", "so-ky-hieu-trinh-bay",
                    "dia-danh-ngay", "dia-danh-ngay-trinh-bay", "co-quan-ban-hanh",
                    "co-quan-chu-quan"):
        assert rule_id not in found, (rule_id, found)


def test_closing_typed_with_tabs_is_read(cong_van, tmp_path):
    r12 = '<w:sz w:val="24"/>'
    r11 = '<w:sz w:val="22"/>'
    b14 = '<w:b/><w:sz w:val="28"/>'

    def mutate(parts: Parts) -> None:
        body = parts["word/document.xml"].find("w:body", NS)
        table = body.findall("w:tbl", NS)[-1]
        lines = [
            para(run("Nơi nhận:", '<w:b/><w:i/>' + r12), run("\t\t\tKT. GIÁM ĐỐC", b14)),
            para(run("- Như trên;", r11), run("\t\t\t\tPHÓ GIÁM ĐỐC", b14)),
            para(run("- Lưu: VT, CQĐP.", r11)),
            para(), para(),
            para(run("\t\t\t\t\tNguyễn Văn An", b14)),
        ]
        for p in lines:
            table.addprevious(p)
        drop(table)

    path = build(cong_van, tmp_path / "a.docx", mutate)
    comp = find_components(Document.open(path))
    assert comp.noi_nhan.text == "Nơi nhận:"
    assert [x.text for x in comp.noi_nhan_dong] == ["- Như trên;", "- Lưu: VT, CQĐP."]
    assert [x.text for x in comp.nguoi_ky.quyen_han_chuc_vu] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert comp.nguoi_ky.ho_ten.text == "Nguyễn Văn An"
    found = rules_of(path)
    for rule_id in ("noi-nhan", "noi-nhan-dong", "quyen-han-chuc-vu", "ho-ten-nguoi-ky"):
        assert rule_id not in found, (rule_id, found)


# --- headers and footers nobody sees ----------------------------------------------------

def _even_header(setting: bool) -> Callable[[Parts], None]:
    def mutate(parts: Parts) -> None:
        hdr = etree.fromstring(etree.tostring(parts["word/header1.xml"]))
        for rf in hdr.iter(w("rFonts")):
            rf.getparent().remove(rf)
        for r in hdr.iter(w("r")):
            rpr = r.find("w:rPr", NS)
            if rpr is None:
                rpr = etree.SubElement(r, w("rPr"))
                r.insert(0, rpr)
            rpr.insert(0, etree.Element(w("rFonts"), {w("ascii"): "Calibri",
                                                       w("hAnsi"): "Calibri"}))
        first = next(iter(hdr.iter(w("p"))))
        calibri = '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri"/>'
        first.append(_run_el(run("Trang chẵn", calibri)))
        parts["word/header9.xml"] = hdr
        etree.SubElement(parts["word/_rels/document.xml.rels"], f"{{{REL}}}Relationship",
                         Id="rIdEven", Target="header9.xml", Type=f"{R_NS}/header")
        sect = parts["word/document.xml"].find("w:body/w:sectPr", NS)
        sect.insert(0, etree.Element(w("headerReference"), {w("type"): "even",
                                                             f"{{{R_NS}}}id": "rIdEven"}))
        if setting:
            parts["word/settings.xml"].append(etree.Element(w("evenAndOddHeaders")))
    return mutate


def test_even_page_header_without_the_setting_is_ignored(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", _even_header(False)))
    assert "phong-chu" not in found, found
    found = rules_of(build(plan, tmp_path / "b.docx", _even_header(True)))
    assert "Calibri" in str(found["phong-chu"])


# --- rules under text -------------------------------------------------------------------

def test_issuer_name_wrapping_in_a_narrow_cell_is_measured_as_printed(plan, tmp_path):
    """One issuer paragraph that wraps in its cell: the rule is compared with the widest
    printed line, not with the cell width."""
    def mutate(parts: Parts) -> None:
        first = para_with(parts, "ỦY BAN NHÂN DÂN")
        second = para_with(parts, "TỈNH LẠNG SƠN")
        set_text(first, "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN")
        drop(second)
        room = cell_width(first)
        widest = text_width("ỦY BAN NHÂN DÂN", 13, bold=True)
        assert text_width("ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", 13, bold=True) > room
        rule = next(p for p in body_paras(parts) if p.find("w:pPr/w:pStyle", NS) is not None
                    and p.find("w:pPr/w:pStyle", NS).get(w("val")) == "VBDuongKe")
        side = str((room + 216 - round(widest * 0.45)) // 2)
        ind = rule.find("w:pPr/w:ind", NS)
        ind.set(w("left"), side)
        ind.set(w("right"), side)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "duong-ke-co-quan" not in found, found


def test_trich_yeu_in_two_paragraphs_is_measured_on_its_widest_line(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "Thực hiện dân chủ ở cơ sở trên địa bàn")
        second = etree.fromstring(etree.tostring(p))
        set_text(p, "Thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Lạng Sơn")
        set_text(second, "năm 2024")
        p.addnext(second)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "duong-ke-trich-yeu" not in found, found


# --- text as typed ----------------------------------------------------------------------

def test_decomposed_unicode_in_number_and_date_lines(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        for t in parts["word/document.xml"].iter(w("t")):
            if t.text and ("Số:" in t.text or "Lạng Sơn, ngày" in t.text):
                t.text = unicodedata.normalize("NFD", t.text)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert not {"so-ky-hieu", "dia-danh-ngay", "so-ky-hieu-trinh-bay"} & set(found), found


def test_double_space_inside_a_recipient_is_not_a_side_note(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: replace_text(
        x, "- Ban Dân vận Tỉnh ủy;", "- Ban Dân vận  Tỉnh ủy;")))
    assert "noi-nhan-dong" not in found, found


def test_roman_heading_with_inline_content_checks_the_heading_only(plan, tmp_path):
    def mutate(parts: Parts) -> None:
        p = para_with(parts, "I. MỤC ĐÍCH, YÊU CẦU")
        r = _run_el(run(" Không.", '<w:b w:val="0"/>'))
        replace_text(parts, "I. MỤC ĐÍCH, YÊU CẦU", "I. MỤC ĐÍCH, YÊU CẦU:")
        p.append(r)

    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert "tieu-de-muc" not in found, found


@pytest.mark.parametrize(("colour", "fires"), [("0D0D0D", False), ("1A1A1A", False),
                                               ("404040", True), ("FF0000", True)])
def test_near_black_prints_black(plan, tmp_path, colour, fires):
    found = rules_of(build(plan, tmp_path / "a.docx",
                           lambda x: set_rpr(x, "VBThan", "color", val=colour)))
    assert ("mau-chu" in found) == fires, found


# --- misses -----------------------------------------------------------------------------

def test_fake_family_times_new_roman_bold_is_reported(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: set_rpr(
        x, "VBThan", "rFonts", ascii="Times New Roman Bold", hAnsi="Times New Roman Bold")))
    assert "Times New Roman Bold" in str(found["phong-chu"])


def test_luu_vt_with_a_period_is_reported(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: replace_text(
        x, "- Lưu: VT, NC_(PVD).", "- Lưu: VT. NC.")))
    assert "Lưu: VT. NC." in str(found["noi-nhan-dong"])


def test_cong_van_without_vv_is_reported(cong_van, tmp_path):
    found = rules_of(build(cong_van, tmp_path / "a.docx",
                           lambda x: drop(para_with(x, "V/v đôn đốc"))))
    assert "không có" in str(found["trich-yeu-cong-van"]), found


@pytest.mark.parametrize(("date", "fires"), [("ngày 30 tháng 02", True),
                                             ("ngày 31 tháng 4", True),
                                             ("ngày 29 tháng 02", False),
                                             ("ngày 31 tháng 5", False)])
def test_impossible_dates_are_reported(plan, tmp_path, date, fires):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: replace_text(
        x, "ngày       tháng 5", date)))
    assert ("dia-danh-ngay" in found) == fires, found


def test_nbsp_between_words_is_reported(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: replace_text(
        x, "Thực hiện Kế hoạch số 31-KH/BCĐ", "Thực\xa0hiện\xa0Kế\xa0hoạch số 31-KH/BCĐ")))
    assert "3 chỗ" in str(found["khoang-trang-cung"])


@pytest.mark.parametrize("char", ["😀", "✔", "➢", "★"])
def test_characters_outside_times_new_roman_are_reported(plan, tmp_path, char):
    found = rules_of(build(plan, tmp_path / "a.docx", lambda x: replace_text(
        x, "Thực hiện Kế hoạch số 31-KH/BCĐ", f"{char} Thực hiện Kế hoạch số 31-KH/BCĐ")))
    assert char in str(found["ky-tu-ngoai-phong"])


def test_vietnamese_and_common_symbols_are_in_times_new_roman():
    from vbhc.checker.rules.page import in_times

    text = "Ủy ban nhân dân – “Độc lập” № 5 ≤ 10 → ± 3 € • ½ ♦ ≈ ỹỵỷ"
    assert all(in_times(ch) for ch in text)


WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _line_in_next_paragraph(fraction: float) -> Callable[[Parts], None]:
    """Replace the trích yếu's bordered rule paragraph by a line shape anchored in the next
    paragraph with text (as Word users draw it), ``fraction`` of the trích yếu's width."""
    def mutate(parts: Parts) -> None:
        abstract = para_with(parts, "Thực hiện dân chủ ở cơ sở trên địa bàn")
        drop(abstract.getnext())  # the VBDuongKeTrichYeu paragraph
        text = "".join(t.text or "" for t in abstract.iter(w("t")))
        length = round(text_width(text, 14, bold=True) * fraction) * 635  # EMU
        shape = etree.fromstring(
            f'<w:r xmlns:w="{W_NS}" xmlns:wp="{WP_NS}"><w:drawing><wp:anchor>'
            f'<wp:extent cx="{length}" cy="0"/></wp:anchor></w:drawing></w:r>')
        nxt = abstract.getnext()
        nxt.insert(1, shape)
    return mutate


def test_line_drawn_in_the_next_paragraph_is_the_abstracts_rule(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx", _line_in_next_paragraph(0.4)))
    assert "duong-ke-trich-yeu" not in found, found
    found = rules_of(build(plan, tmp_path / "b.docx", _line_in_next_paragraph(0.9)))
    assert "dài 90%" in str(found["duong-ke-trich-yeu"]), found


# --- indents: firstLine and hanging exclude each other (ECMA-376 §17.3.1.12) ----------------

def _title_inherits_first_line(parts: Parts, direct_hanging: bool) -> None:
    """Give the title's style a 720-twip first-line indent (the Normal style of real Lâm
    Đồng plans); with ``direct_hanging`` the paragraph cancels it with a direct
    w:ind w:hanging="0", as LibreOffice writes it."""
    set_ppr(parts, "VBTenLoai", "ind", firstLine="720")
    if direct_hanging:
        ppr = para_with(parts, "KẾ HOẠCH").find("w:pPr", NS)
        etree.SubElement(ppr, w("ind")).set(w("hanging"), "0")


def test_direct_hanging_zero_cancels_a_style_first_line(plan, tmp_path):
    found = rules_of(build(plan, tmp_path / "a.docx",
                           lambda x: _title_inherits_first_line(x, True)))
    assert "ten-loai" not in found, found
    found = rules_of(build(plan, tmp_path / "b.docx",
                           lambda x: _title_inherits_first_line(x, False)))
    assert "không căn giữa" in str(found["ten-loai"]), found


# --- «- Lưu: VT, NC.Châu»: the drafter's mark after the drafting unit (ND30 «A.XX») ----------

def _luu_with_drafter(parts: Parts, unit: str, drafter: str, subscript: bool) -> None:
    """End the recipients with «- Lưu: VT, ``unit``» and the drafter's mark ``drafter`` in
    its own run, subscript or not (the way real Lâm Đồng plans type it)."""
    p = para_with(parts, "- Lưu: VT, NC_(PVD).")
    replace_text(parts, "- Lưu: VT, NC_(PVD).", f"- Lưu: VT, {unit}")
    p.append(_run_el(run(drafter, '<w:vertAlign w:val="subscript"/>' if subscript else "")))


@pytest.mark.parametrize(("unit", "drafter", "subscript"), [
    ("NC.", "Châu", True), ("NC.", "Châu", False), ("HCQT, KTTH, NC.", "Châu", True),
    ("NC.", "Châu(05b)", True), ("NC.", "PVD.", False)])
def test_luu_with_the_drafters_mark_is_accepted(plan, tmp_path, unit, drafter, subscript):
    found = rules_of(build(plan, tmp_path / "a.docx",
                           lambda x: _luu_with_drafter(x, unit, drafter, subscript)))
    assert "noi-nhan-dong" not in found, found


@pytest.mark.parametrize(("head", "drafter"), [
    ("- Lưu: VT, NC", ""), ("- Lưu: VT. NC.", "Châu"), ("- Lưu: VT, NC.", "Châu;")])
def test_luu_faults_near_the_drafters_mark_are_reported(plan, tmp_path, head, drafter):
    """Still wrong: no final period and no drafter's mark, a period after VT, a «;»."""
    def mutate(x: Parts) -> None:
        p = para_with(x, "- Lưu: VT, NC_(PVD).")
        replace_text(x, "- Lưu: VT, NC_(PVD).", head)
        if drafter:
            p.append(_run_el(run(drafter, '<w:vertAlign w:val="subscript"/>')))
    found = rules_of(build(plan, tmp_path / "a.docx", mutate))
    assert f"«{head}{drafter}»" in str(found["noi-nhan-dong"]), found
