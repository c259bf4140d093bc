"""Issue 16: reports and notices whose sections are 1., 2. with no I. level (ND30 Phụ lục I,
Phần II, mục 5: the first level present is numbered first). ``cap_muc_dau: "1"`` on the
document (VanBanChung) or on a part (Muc with ``phan``) numbers the top sections 1., a),
dashes; import reads such bodies as sections (their tables as Bang, not 'a | b' lines);
numbered sentences and broken sequences stay verbatim, with one warning naming the item."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

import vbhc
from tests.test_import_parts import HEAD, TAIL
from vbhc.importer import import_document
from vbhc.loader import validate_data
from vbhc.model.layout import body_blocks
from vbhc.model.muc import Muc

HERE = Path(__file__).parent
CORPUS = HERE.parent.parent / "shared" / "corpus"
REPORT = HERE.parent / "examples" / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
TABLE = {"cot": ["STT", "Đơn vị", "Số hội nghị"],
         "hang": [[1, "Sở Nội vụ", 100], [2, "Sở Tài chính", 12]]}
ITEMS = [
    {"tieu_de": "Kết quả đạt được", "noi_dung": ["Số hội nghị đã tổ chức:", TABLE],
     "muc_con": [{"tieu_de": "Lĩnh vực nội vụ", "noi_dung": ["- Ban hành quyết định;"]},
                 {"tieu_de": "Lĩnh vực y tế", "noi_dung": ["Khám bệnh cho người dân."]}]},
    {"tieu_de": "Nhiệm vụ tháng tới", "noi_dung": ["- Trực cấp cứu 24/24h."]},
]


def _doc(**fields):
    base = vbhc.load(REPORT).model_dump(mode="json", exclude_none=True)
    base.pop("phu_luc", None)
    return validate_data({**base, **fields}, str(REPORT), base=REPORT.parent)


def _messages(result) -> list[str]:
    return [w.message for w in result.warnings]


def test_items_only_report_renders_1_a_and_passes_check(tmp_path):
    doc = _doc(cap_muc_dau="1", muc=ITEMS)
    heads = [(b.kieu, b.text) for b in body_blocks(doc) if b.path.endswith("tieu_de")]
    assert heads == [("khoan", "1. Kết quả đạt được"), ("than", "a) Lĩnh vực nội vụ"),
                     ("than", "b) Lĩnh vực y tế"), ("khoan", "2. Nhiệm vụ tháng tới")]
    out = tmp_path / "bc.docx"
    vbhc.render(doc, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "Sở Tài chính" in xml and "I. KẾT QUẢ" not in xml
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []


def test_items_only_report_round_trips(tmp_path):
    """Render -> import: the same sections, the table a Bang again, no 'a | b' lines."""
    doc = _doc(cap_muc_dau="1", muc=ITEMS)
    out = tmp_path / "bc.docx"
    vbhc.render(doc, out)
    again = import_document(out)
    assert again.document.cap_muc_dau == "1"
    assert again.document.muc == doc.muc
    assert again.document.loi_dan == doc.loi_dan
    assert not any("|" in t for t in again.document.loi_dan)
    assert not any("giữ nguyên văn" in m or "loi_dan" in m for m in _messages(again))
    assert vbhc.render_bytes(again.document) == out.read_bytes()


def test_default_stays_roman():
    doc = _doc(muc=ITEMS)
    assert doc.cap_muc_dau == "I"
    assert body_blocks(doc)[len(doc.can_cu) + len(doc.loi_dan)].text == "I. Kết quả đạt được"


def test_part_with_its_own_level_round_trips(tmp_path):
    """An I. section, then 'Phần thứ hai' whose items are 1., 2. (xã Phù Mỹ Bắc)."""
    muc = [{"tieu_de": "Kết quả đạt được", "noi_dung": ["Đạt kế hoạch."]},
           {"tieu_de": "Nhiệm vụ tháng 7", "phan": "phan-thu", "cap_muc_dau": "1",
            "muc_con": ITEMS}]
    doc = _doc(muc=muc)
    texts = [b.text for b in body_blocks(doc)]
    assert texts.index("I. Kết quả đạt được") < texts.index("Phần thứ hai") \
        < texts.index("1. Kết quả đạt được") < texts.index("2. Nhiệm vụ tháng tới")
    out = tmp_path / "bc.docx"
    vbhc.render(doc, out)
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []
    assert import_document(out).document.muc == doc.muc


def test_lettered_parts_run_the_numbers_on_and_a_phan_restarts_them():
    lettered = [{"tieu_de": "Chủ nhiệm", "phan": "chu-cai", "muc_con": ITEMS},
                {"tieu_de": "Tư vấn", "phan": "chu-cai", "muc_con": ITEMS[1:]}]
    texts = [b.text for b in body_blocks(_doc(cap_muc_dau="1", muc=lettered))]
    assert "3. Nhiệm vụ tháng tới" in texts and "B. Tư vấn" in texts
    phan = [{**m, "phan": "phan-so"} for m in lettered]
    texts = [b.text for b in body_blocks(_doc(cap_muc_dau="1", muc=phan))]
    assert texts.count("2. Nhiệm vụ tháng tới") == 1 and "1. Nhiệm vụ tháng tới" in texts


def test_level_on_a_plain_section_is_refused():
    with pytest.raises(ValueError, match="chỉ dùng cho một phần"):
        Muc.model_validate({"tieu_de": "A", "cap_muc_dau": "1"})


def _report(tmp_path, body: str):
    path = tmp_path / "bc.txt"
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return import_document(path)


def test_text_report_with_items_imports_sections(tmp_path):
    result = _report(tmp_path, "1. Công tác chỉ đạo\nBan hành kế hoạch.\n"
                               "2. Công tác tuyên truyền\na) Hội nghị\nTổ chức 12 hội nghị.\n"
                               "b) Tài liệu\nPhát 100 tờ gấp.\n")
    doc = result.document
    assert doc.cap_muc_dau == "1" and doc.loi_dan == ["UBND huyện báo cáo như sau:"]
    assert [m.tieu_de for m in doc.muc] == ["Công tác chỉ đạo", "Công tác tuyên truyền"]
    assert [m.tieu_de for m in doc.muc[1].muc_con] == ["Hội nghị", "Tài liệu"]
    vbhc.render_bytes(doc)


@pytest.mark.parametrize("body, item", [
    ("1. Khoa phối hợp với phòng Đào tạo bố trí lịch sinh hoạt lớp mỗi tháng một lần.\n"
     "2. Lãnh đạo khoa trực tiếp quản lý công tác chủ nhiệm.\n", "'1. Khoa phối hợp"),
    ("1. Công tác chỉ đạo\nBan hành kế hoạch.\n3. Công tác tuyên truyền\n", "'3. Công tác"),
])
def test_numbered_sentences_or_gaps_stay_verbatim_with_one_warning(tmp_path, body, item):
    result = _report(tmp_path, body)
    doc = result.document
    assert doc.cap_muc_dau == "I" and doc.muc == []
    assert doc.loi_dan[1].startswith("1. ")
    said = [m for m in _messages(result) if "giữ nguyên văn" in m]
    assert len(said) == 1 and item in said[0], said


def test_real_report_part_two_is_sections():
    path = CORPUS / "bc_phong-vhxh-ubnd-xa-phu-my-bac_2026_ket-qua-thang-6.docx"
    if not path.is_file():
        pytest.skip(f"không có tệp {path} (../shared vắng mặt)")
    result = import_document(path)
    part = result.document.muc[1]
    assert part.cap_muc_dau == "1" and len(part.muc_con) == 8
    assert part.muc_con[0].tieu_de == "Lĩnh vực nội vụ"
    assert not any("giữ nguyên văn" in m for m in _messages(result))
    vbhc.render_bytes(result.document)


def test_real_notice_numbered_through_its_parts_is_warned():
    """Trường ĐH Duy Tân 363/TB-ĐHDT: items 1.–14. are sentences numbered on through its
    parts A., B.; they stay verbatim, each place warned once, naming the item."""
    path = CORPUS / "tb_truong-dh-duy-tan_2008_363-TB-DHDT_quan-ly-gvcn-cvht.docx"
    if not path.is_file():
        pytest.skip(f"không có tệp {path} (../shared vắng mặt)")
    result = import_document(path)
    said = [m for m in _messages(result) if "giữ nguyên văn" in m]
    assert len(said) == 3 and "'4. Khoa phối hợp" in said[1] and "'10. CVHT" in said[2]
    vbhc.render_bytes(result.document)
