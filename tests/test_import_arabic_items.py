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
    ("1. Công tác chỉ đạo\nBan hành kế hoạch.\n3. Công tác tuyên truyền\n", "'3. Công tác"),
])
def test_numbering_gaps_stay_verbatim_with_one_warning(tmp_path, body, item):
    result = _report(tmp_path, body)
    doc = result.document
    assert doc.cap_muc_dau == "I" and doc.muc == []
    assert doc.loi_dan[1].startswith("1. ")
    said = [m for m in _messages(result) if "giữ nguyên văn" in m]
    assert len(said) == 1 and item in said[0], said


SENTENCES = [
    {"noi_dung": ["Giảng viên chủ nhiệm có trách nhiệm theo dõi việc học của sinh viên.",
                  "Kết quả theo dõi gửi về khoa hằng tháng:", TABLE]},
    {"noi_dung": ["Khoa phối hợp với phòng Đào tạo bố trí lịch sinh hoạt lớp."]},
    {"tieu_de": "Tổ chức thực hiện", "noi_dung": ["Các khoa thực hiện."]},
]


def test_untitled_sections_print_their_number_in_the_first_paragraph(tmp_path):
    """A section with no tieu_de: "1. Giảng viên ..." as a body paragraph (regular weight,
    the body's first-line indent), then its paragraphs and tables; vbhc check passes."""
    doc = _doc(cap_muc_dau="1", muc=SENTENCES)
    blocks = [(b.kieu, b.text) for b in body_blocks(doc)][len(doc.can_cu) + len(doc.loi_dan):]
    assert blocks[:5] == [
        ("than", "1. Giảng viên chủ nhiệm có trách nhiệm theo dõi việc học của sinh viên."),
        ("than", "Kết quả theo dõi gửi về khoa hằng tháng:"), ("bang", ""),
        ("than", "2. Khoa phối hợp với phòng Đào tạo bố trí lịch sinh hoạt lớp."),
        ("khoan", "3. Tổ chức thực hiện")]
    out = tmp_path / "tb.docx"
    vbhc.render(doc, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "1. Giảng viên chủ nhiệm" in xml
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []
    again = import_document(out)
    assert again.document.cap_muc_dau == "1" and again.document.muc == doc.muc
    assert vbhc.render_bytes(again.document) == out.read_bytes()


@pytest.mark.parametrize("data, words", [
    ({"noi_dung": [TABLE]}, "mở đầu noi_dung bằng một đoạn văn"),
    ({"noi_dung": []}, "mở đầu noi_dung bằng một đoạn văn"),
    ({"phan": "chu-cai", "noi_dung": ["A"]}, "phải có tiêu đề"),
])
def test_untitled_section_needs_a_first_paragraph_and_is_no_part(data, words):
    with pytest.raises(ValueError, match=words):
        Muc.model_validate(data)


def test_numbered_sentences_import_as_untitled_sections(tmp_path):
    result = _report(tmp_path, "1. Khoa phối hợp với phòng Đào tạo bố trí lịch sinh hoạt lớp "
                               "mỗi tháng một lần.\n2. Lãnh đạo khoa trực tiếp quản lý công "
                               "tác chủ nhiệm.\nBáo cáo về trường.\n")
    doc = result.document
    assert doc.cap_muc_dau == "1" and [m.tieu_de for m in doc.muc] == [None, None]
    assert doc.muc[1].noi_dung == ["Lãnh đạo khoa trực tiếp quản lý công tác chủ nhiệm.",
                                   "Báo cáo về trường."]
    assert not any("giữ nguyên văn" in m for m in _messages(result))
    vbhc.render_bytes(doc)


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


def test_real_notice_numbered_through_its_parts_imports_sections():
    """Trường ĐH Duy Tân 363/TB-ĐHDT: items 1.–3., then 4.–14. numbered on through its parts
    A., B., most of them sentences: untitled sections, the parts A. and B. (not B., C.)."""
    path = CORPUS / "tb_truong-dh-duy-tan_2008_363-TB-DHDT_quan-ly-gvcn-cvht.docx"
    if not path.is_file():
        pytest.skip(f"không có tệp {path} (../shared vắng mặt)")
    result = import_document(path)
    doc = result.document
    assert doc.cap_muc_dau == "1" and not any("giữ nguyên văn" in m for m in _messages(result))
    assert [m.phan for m in doc.muc] == [None, None, None, "chu-cai", "chu-cai"]
    assert [len(m.muc_con) for m in doc.muc[3:]] == [6, 5]
    texts = [b.text for b in body_blocks(doc)]
    assert texts.index("A. Công tác chủ nhiệm lớp.") < next(
        i for i, t in enumerate(texts) if t.startswith("4. Khoa phối hợp"))
    assert any(t.startswith("14. Hồ sơ") for t in texts)
    vbhc.render_bytes(doc)


def test_items_before_lettered_parts_run_on_and_round_trip(tmp_path):
    """1., 2. before A.; A.'s items 3., 4., B.'s 5.: the parts print A., B. (the items
    before A. are no part), vbhc check passes, render -> import gives the same sections."""
    muc = [*SENTENCES[:2],
           {"tieu_de": "Công tác chủ nhiệm", "phan": "chu-cai", "muc_con": SENTENCES[1:]},
           {"tieu_de": "Công tác tư vấn", "phan": "chu-cai", "muc_con": SENTENCES[:1]}]
    doc = _doc(cap_muc_dau="1", muc=muc)
    texts = [b.text for b in body_blocks(doc)]
    assert "A. Công tác chủ nhiệm" in texts and "B. Công tác tư vấn" in texts
    assert "4. Tổ chức thực hiện" in texts and any(t.startswith("5. Giảng viên") for t in texts)
    out = tmp_path / "tb.docx"
    vbhc.render(doc, out)
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []
    again = import_document(out)
    assert again.document.muc == doc.muc
    assert vbhc.render_bytes(again.document) == out.read_bytes()
