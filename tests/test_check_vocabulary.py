"""The checker speaks the model's vocabulary: components carry the model's field names and
hold what the renderer printed for those fields; findings are vbhc.errors.Problem and print
as before; the authority prefixes and Roman numerals come from their one definition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vbhc
from tests.conftest import EXAMPLES
from vbhc.checker import check, finding_dict
from vbhc.checker.components import find_components
from vbhc.checker.document import Document
from vbhc.checker.rules import load_rules
from vbhc.checker.rules._common import look_of
from vbhc.checker.rules.body import roman_heading
from vbhc.checker.rules.closing import PREFIX_RE, SIGNING_PREFIXES
from vbhc.errors import Problem
from vbhc.lang.outline import is_roman, parse_roman, roman
from vbhc.model.common import AUTHORITY_PREFIXES

CONG_VAN = EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"


def test_plan_components_hold_the_model_fields(plan_model, plan_docx_path):
    comp = find_components(Document.open(plan_docx_path))
    doc = plan_model
    assert " ".join(x.text for x in comp.co_quan) == " ".join(doc.co_quan.ten.upper().split())
    assert comp.so_ky_hieu is not None and comp.so_ky_hieu.text.startswith("Số:")
    assert (doc.so_ky_hieu.ky_hieu or "KH-") in comp.so_ky_hieu.text
    assert comp.dia_danh_ngay is not None
    assert comp.dia_danh_ngay.text.startswith(f"{doc.co_quan.dia_danh}, ngày")
    assert str(doc.ngay_ban_hanh.nam) in comp.dia_danh_ngay.text
    assert comp.ten_loai is not None and comp.kind == "typed"
    assert [x.text for x in comp.nguoi_ky.quyen_han_chuc_vu] == doc.nguoi_ky.authority_lines()
    assert comp.nguoi_ky.ho_ten is not None
    assert comp.nguoi_ky.ho_ten.text == doc.nguoi_ky.ho_ten
    assert comp.noi_nhan is not None and comp.noi_nhan.text == "Nơi nhận:"
    assert [" ".join(x.text.split()) for x in comp.noi_nhan_dong] == doc.noi_nhan.lines()
    assert len(comp.can_cu) == len(doc.can_cu)
    assert set(map(id, comp.than)) <= set(map(id, comp.noi_dung))
    for line in (comp.duong_ke_tieu_ngu, comp.duong_ke_co_quan, comp.duong_ke_trich_yeu):
        assert line is not None and line.length > 0


def test_cong_van_components(tmp_path):
    doc = vbhc.load(CONG_VAN)
    out = tmp_path / "cv.docx"
    vbhc.render(doc, out)
    comp = find_components(Document.open(out))
    assert comp.kind == "cong-van" and comp.ten_loai is None
    assert comp.trich_yeu_cong_van[0].text.startswith("V/v ")
    assert comp.kinh_gui[0].clean.startswith("Kính gửi")
    assert len(comp.kinh_gui) == 1 + len(doc.kinh_gui)  # the label and one line each
    assert not {id(p) for p in comp.kinh_gui} & {id(p) for p in comp.noi_dung}
    assert [x.text for x in comp.nguoi_ky.quyen_han_chuc_vu] == doc.nguoi_ky.authority_lines()
    assert check(out) == []


def test_signature_block_checks_read_nguoi_ky():
    """grep nguoi_ky vbhc/checker finds where the signature block is checked."""
    source = (Path(vbhc.__file__).parent / "checker" / "rules" / "closing.py").read_text("utf-8")
    assert "comp.nguoi_ky.quyen_han_chuc_vu" in source
    assert "comp.nguoi_ky.ho_ten" in source


def test_finding_prints_as_before():
    found = Problem("", "Quốc hiệu không đậm", severity="lỗi", rule="quoc-hieu", paragraph=3,
                    excerpt="CỘNG HÒA", reference="NĐ 30")
    assert str(found) == "đoạn 3 «CỘNG HÒA»: lỗi [quoc-hieu] Quốc hiệu không đậm (NĐ 30)"
    whole = Problem("", "Khổ giấy", severity="cảnh báo", rule="kho-giay", reference="NĐ 30")
    assert str(whole) == "toàn văn bản: cảnh báo [kho-giay] Khổ giấy (NĐ 30)"
    assert list(finding_dict(found)) == ["rule", "severity", "paragraph", "excerpt",
                                         "message", "reference"]
    assert finding_dict(found)["paragraph"] == 3


def test_input_problem_prints_as_before():
    """A Problem about an input field keeps its own form, rule or not."""
    assert str(Problem("so_ky_hieu.so", "phải là số", file="a.yaml", line=4)) == \
        "a.yaml:4: so_ky_hieu.so: phải là số"
    assert str(Problem("nguoi_ky", "thiếu", rule="r")) == "nguoi_ky: thiếu"


def test_check_returns_problems(plan_docx_path, tmp_path):
    from tests.test_check_rules import MUTATIONS, mutated

    path = mutated(plan_docx_path, tmp_path / "co-chu.docx", MUTATIONS["than-co-chu"])
    found = check(path)
    assert found and all(isinstance(f, Problem) and f.rule and f.reference for f in found)
    assert all(re.match(r"^(đoạn \d+|toàn văn bản)", str(f)) for f in found)


def test_authority_prefixes_come_from_the_model():
    assert SIGNING_PREFIXES == AUTHORITY_PREFIXES == ("TM.", "KT.", "TL.", "TUQ.", "Q.")
    for prefix in SIGNING_PREFIXES:
        assert PREFIX_RE.match(f"{prefix} CHỦ TỊCH")
        assert not PREFIX_RE.match(f"{prefix[:-1]} CHỦ TỊCH")


def test_look_data():
    """The look rules say in data what the old code said in keyword arguments."""
    rules = load_rules()
    assert look_of(rules["ho-ten-nguoi-ky"].params) == {
        "size": [13, 14], "bold": True, "italic": False, "upper": False, "align": "center"}
    assert look_of(rules["co-quan-chu-quan"].params)["bold"] is None  # not checked
    assert look_of(rules["noi-nhan"].params)["align"] == "left"


@pytest.mark.parametrize(("text", "value"), [
    ("I", 1), ("IV", 4), ("IX", 9), ("XXXIX", 39), ("XL", 40), ("XLIV", 44), ("L", 50),
    ("LXXXIX", 89), ("XC", 90), ("XCIX", 99), ("CD", 400), ("MCMXC", 1990),
    ("MMMCMXCIX", 3999)])
def test_parse_roman(text, value):
    assert parse_roman(text) == value
    assert is_roman(text)


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IC", "XM", "VV", "iv", "I.", "MMMM",
                                  "A", "IL"])
def test_parse_roman_refuses(text):
    assert parse_roman(text) is None
    assert not is_roman(text)


def test_parse_roman_inverts_roman():
    assert all(parse_roman(roman(n)) == n for n in range(1, 4000))


def test_roman_headings_beyond_xxxix():
    assert roman_heading("XL. NHIỆM VỤ") == (40, "NHIỆM VỤ")
    assert roman_heading("XLIV. KINH PHÍ") == (44, "KINH PHÍ")
    assert roman_heading("C. Kết luận") is None  # a lettered section, not 100
    assert roman_heading("IIII. X") is None
    assert roman_heading("II.") is None  # no title


def test_danh_so_counts_beyond_xxxix(tmp_path):
    """Sections numbered I ... XL, then XLII: the skipped XLI is found (the old pattern
    stopped at XXXIX and saw nothing)."""
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for n in [*range(1, 41), 42]:
        document.add_paragraph(f"{roman(n)}. MỤC SỐ {n}")
    path = tmp_path / "muc.docx"
    document.save(path)
    found = [f for f in check(path) if f.rule == "danh-so"]
    assert len(found) == 1
    assert "«XLII.» đứng sau «XL.»; phải là «XLI.»" in found[0].message


def test_the_loose_prefix_reading_covers_every_prefix_of_the_data():
    """Review of issue 13: the lenient pattern hard-coded TM/KT/TL/TUQ and missed Q."""
    from vbhc.checker.rules.closing import LOOSE_PREFIX_RE

    for typed in ("KT CHỦ TỊCH", "K.T. CHỦ TỊCH", "T/M ỦY BAN NHÂN DÂN", "TUQ CHỦ TỊCH",
                  "Q GIÁM ĐỐC", "t.l. CHỦ TỊCH"):
        assert LOOSE_PREFIX_RE.match(typed) and not PREFIX_RE.match(typed), typed
    for line in ("QUYỀN GIÁM ĐỐC", "PHÓ CHỦ TỊCH", "TỔNG GIÁM ĐỐC"):
        assert not LOOSE_PREFIX_RE.match(line), line


def test_number_and_date_padding_come_from_the_wording_modules():
    """The Số and date checks compare with model.symbol / lang.dates (one padding rule)."""
    from vbhc.checker.rules.strings import _dia_danh_ngay_problems

    class FakePart:
        def __init__(self, raw: str) -> None:
            self.raw = self.text = raw

    assert _dia_danh_ngay_problems(FakePart("Lạng Sơn, ngày 5 tháng 2 năm 2024")) == [
        "ngày 5 thiếu số 0 đứng trước (phải «05»)", "tháng 2 thiếu số 0 đứng trước (phải «02»)"]
    assert _dia_danh_ngay_problems(FakePart("Lạng Sơn, ngày 05 tháng 03 năm 2024")) == [
        "tháng «03» không được thêm số 0 (chỉ tháng 01, 02 có số 0)"]
    assert _dia_danh_ngay_problems(FakePart("Lạng Sơn, ngày 15 tháng 12 năm 2024")) == []
