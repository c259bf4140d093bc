"""Importing báo cáo, thông báo and công văn from small made-up files: addressees, marks,
sections, tables read back into Bang, appendices, and the header fields left to vbhc; a
made-up report with every feature comes back from its own rendering unchanged."""

from __future__ import annotations

from decimal import Decimal

import pytest

import vbhc
from tests.test_import import assert_same
from tests.test_import_readers import make_docx, p, r
from vbhc.importer import import_document
from vbhc.importer.names import sentence_case, short_name
from vbhc.loader import validate_data

REPORT = """ỦY BAN NHÂN DÂN
HUYỆN CAO LỘC
Số: 05/BC-UBND
KHẨN
Cao Lộc, ngày 05 tháng 3 năm 2025
BÁO CÁO
Kết quả thử nghiệm
Kính gửi:
- Sở Nội vụ;
- Phòng Nội vụ.
Căn cứ Luật Thực hiện dân chủ ở cơ sở;
UBND huyện báo cáo như sau:
I. KẾT QUẢ CCHC
1. Việc một
a) Ý thứ nhất.
- chi tiết của ý.
b) Ý thứ hai.
2. Việc hai
Nội dung việc hai.
II. KIẾN NGHỊ
Không có./.
Trên đây là báo cáo của UBND huyện.
Đề nghị Sở Nội vụ tổng hợp./.
Nơi nhận:
- Như trên;
- Lưu: VT, NV.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
"""


def _import_text(tmp_path, text: str, name: str = "vb.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_document(path)


def test_plain_text_report(tmp_path):
    result = _import_text(tmp_path, REPORT)
    doc = result.document
    assert (doc.loai, doc.do_khan, doc.do_mat) == ("bao-cao", "KHẨN", None)
    assert doc.co_quan.ten_rut_gon == "UBND huyện Cao Lộc"
    assert (doc.so_ky_hieu.so, doc.so_ky_hieu.ky_hieu, doc.don_vi_soan_thao) == (5, None, "NV")
    assert doc.kinh_gui == ["Sở Nội vụ", "Phòng Nội vụ"]
    assert doc.can_cu == ["Căn cứ Luật Thực hiện dân chủ ở cơ sở;"]
    assert doc.loi_dan == ["UBND huyện báo cáo như sau:"]
    assert [m.tieu_de for m in doc.muc] == ["Kết quả CCHC", "Kiến nghị"]
    work = doc.muc[0].muc_con
    assert [m.tieu_de for m in work] == ["Việc một", "Việc hai"]
    assert [m.tieu_de for m in work[0].muc_con] == ["Ý thứ nhất.", "Ý thứ hai."]
    assert work[0].muc_con[0].noi_dung == ["- chi tiết của ý."]
    assert work[1].noi_dung == ["Nội dung việc hai."]
    assert doc.muc[1].noi_dung == ["Không có./."]
    assert doc.ket_luan == ["Trên đây là báo cáo của UBND huyện.", "Đề nghị Sở Nội vụ tổng hợp./."]
    assert doc.noi_nhan.nhu_tren is None and doc.noi_nhan.danh_sach == []
    assert not [w for w in result.warnings if "mục" in str(w)]


def test_plain_text_dispatch(tmp_path):
    text = ("SỞ NỘI VỤ\nSố: 12/SNV-VP\nV/v góp ý dự thảo (lần 2)\n"
            "TỐI MẬT\nLạng Sơn, ngày 05 tháng 3 năm 2025\nKính gửi: Ủy ban nhân dân tỉnh.\n"
            "Sở Nội vụ góp ý như sau:\n1. Về bố cục: hợp lý.\n2. Về *nội dung*: đầy đủ./.\n"
            "Nơi nhận:\n- Lãnh đạo Sở;\n- Lưu: VT, VP.\nGIÁM ĐỐC\nTrần Văn B\n")
    doc = _import_text(tmp_path, text).document
    assert (doc.loai, doc.do_mat, doc.trich_yeu) == ("cong-van", "TỐI MẬT", "góp ý dự thảo (lần 2)")
    assert (doc.co_quan.viet_tat, doc.don_vi_soan_thao, doc.so_ky_hieu.ky_hieu) == (
        "SNV", "VP", None)
    assert doc.co_quan.ten_rut_gon == "Sở Nội vụ"
    assert doc.kinh_gui == ["Ủy ban nhân dân tỉnh"]
    assert doc.noi_dung == ["Sở Nội vụ góp ý như sau:", "1. Về bố cục: hợp lý.",
                            "2. Về \\*nội dung\\*: đầy đủ./."]
    assert doc.noi_nhan.nhu_tren is False  # Kính gửi, but no "- Như trên;": vbhc must not add it


def test_dispatch_without_subject_line_is_still_a_dispatch(tmp_path):
    text = ("SỞ NỘI VỤ\nSố: 12/SNV-VP\nLạng Sơn, ngày 05 tháng 3 năm 2025\n"
            "Sở Nội vụ thông tin như sau./.\nNơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nTrần Văn B\n")
    result = _import_text(tmp_path, text)
    assert result.document.loai == "cong-van"
    assert any("trich_yeu" in str(w) for w in result.warnings)
    assert any("kinh_gui" in str(w) for w in result.warnings)


def tbl(rows: list[list[str]], spans: dict[tuple[int, int], int] | None = None) -> str:
    """Return a w:tbl; ``spans`` gives the w:gridSpan of cells by (row, index in row)."""
    spans = spans or {}
    out = []
    for i, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            span = spans.get((i, j), 1)
            props = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
            cells.append(f"<w:tc>{props}{p(r(text)) if text else p()}</w:tc>")
        out.append(f"<w:tr>{''.join(cells)}</w:tr>")
    return f"<w:tbl>{''.join(out)}</w:tbl>"


CENTRE = '<w:jc w:val="center"/>'
HEAD = (p(r("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "<w:b/>")) + p(r("Số: 05/BC-UBND"))
        + p(r("Cao Lộc, ngày 05 tháng 3 năm 2025")) + p(r("BÁO CÁO"), ppr=CENTRE)
        + p(r("Số liệu thử nghiệm"), ppr=CENTRE) + p(r("I. SỐ LIỆU")))
TAIL = (p(r("Trên đây là báo cáo./.")) + p(r("Nơi nhận:")) + p(r("- Lưu: VT.")) + p(r("CHỦ TỊCH"))
        + p(r("Nguyễn Văn A")))


def test_docx_tables_become_bang(tmp_path):
    body = (HEAD + p(r("Bảng 1. Kết quả"), ppr=CENTRE) + p(r("Đơn vị tính: người"))
            + tbl([["Đơn vị", "Nam", "Nữ"], ["Xã A", "1.250", "3,5"], ["Xã B", "10", "2"],
                   ["Tổng cộng", "1.260", "5,5"]])
            + p(r("Giữa hai bảng."))
            + tbl([["Đơn vị", "Số"], ["Xã A", "1"], ["Tổng cộng", "9"]])
            + tbl([["STT", "Nội dung", "Lâm Đồng", ""], ["", "", "Điểm", "Hạng"],
                   ["1", "Chỉ số", "9,5", ""]], spans={(0, 2): 2})
            + tbl([["Một ô, một đoạn."]]) + TAIL)
    result = import_document(make_docx(tmp_path / "bang.docx", body))
    first, text, second, third, boxed = result.document.muc[0].noi_dung
    assert (first.tieu_de, first.don_vi_tinh, first.dong_tong) == ("Bảng 1. Kết quả", "người",
                                                                   "Tổng cộng")
    assert first.cot == ["Đơn vị", "Nam", "Nữ"]
    assert first.hang == [["Xã A", 1250, Decimal("3.5")], ["Xã B", 10, 2]]
    assert text == "Giữa hai bảng."
    assert second.dong_tong is None and second.hang[-1] == ["Tổng cộng", 9]
    assert third.cot == ["STT", "Nội dung", "Lâm Đồng - Điểm", "Lâm Đồng - Hạng"]
    assert third.hang == [[1, "Chỉ số", Decimal("9.5"), None]]  # an empty cell stays empty
    assert boxed == "Một ô, một đoạn."
    warnings = " ".join(map(str, result.warnings))
    assert "'Tổng cộng' của bảng" in warnings and "hai tầng" in warnings
    assert "ô trống" not in warnings  # empty cells are allowed now


def test_docx_appendices(tmp_path):
    body = (HEAD + p(r("Nội dung.")) + TAIL
            + p(r("Phụ lục I"), ppr=CENTRE) + p(r("DANH SÁCH HĐND CÁC XÃ"), ppr=CENTRE)
            + p(r("(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 3 năm 2025"), ppr=CENTRE)
            + p(r("của Ủy ban nhân dân huyện Cao Lộc)"), ppr=CENTRE)
            + tbl([["Xã", "Số"], ["A", "1"]]) + p(r("Ghi chú."))
            + p(r("PHỤ LỤC II: KINH PHÍ")) + p(r("Không có.")))
    result = import_document(make_docx(tmp_path / "phu-luc.docx", body))
    doc = result.document
    assert doc.co_quan.ten_rut_gon == "Ủy ban nhân dân huyện Cao Lộc"  # from "(Kèm theo ...)"
    first, second = doc.phu_luc
    assert first.tieu_de == "Danh sách HĐND các xã"
    assert first.noi_dung[0].hang == [["A", 1]] and first.noi_dung[1] == "Ghi chú."
    assert (second.tieu_de, second.noi_dung) == ("Kinh phí", ["Không có."])


REPORT_MODEL = {
    "loai": "bao-cao",
    "co_quan": {"chu_quan": "UBND TỈNH LẠNG SƠN", "ten": "SỞ NỘI VỤ",
                "ten_rut_gon": "Sở Nội vụ tỉnh Lạng Sơn", "viet_tat": "SNV",
                "dia_danh": "Lạng Sơn", "cap": "tinh"},
    "so_ky_hieu": {"so": 12, "ky_hieu": "BC-SNV-TCBC"},
    "don_vi_soan_thao": "TCBC", "do_mat": "MẬT", "do_khan": "HỎA TỐC",
    "ngay_ban_hanh": {"ngay": 5, "thang": 3, "nam": 2025},
    "trich_yeu": "Tình hình *tổ chức* hội năm 2025",
    "kinh_gui": ["Ủy ban nhân dân tỉnh", "Bộ Nội vụ"],
    "can_cu": ["Căn cứ Nghị định số 126/2024/NĐ-CP;", "Căn cứ Công văn số 1/BNV;"],
    "loi_dan": ["Sở Nội vụ báo cáo như sau:", "Đoạn dẫn       thứ hai[^1]."],
    "muc": [
        {"tieu_de": "Tình hình chung",
         "noi_dung": ["Đoạn **đậm** một.",
                      {"cot": ["Chỉ tiêu", "Năm 2024", "Năm 2025"], "don_vi_tinh": "hội",
                       "hang": [["Tỷ lệ", "3,5", "4,25"], ["Số hội", 1250, "1.300"]],
                       "dong_tong": "Cộng"}],
         "muc_con": [{"tieu_de": "Hội cấp tỉnh",
                      "muc_con": [{"tieu_de": "Hội đặc thù", "noi_dung": ["- gạch;", "- hai."]},
                                  {"tieu_de": "Hội khác"}]},
                     {"tieu_de": "Hội cấp xã", "noi_dung": ["Nội dung."]}]},
        {"tieu_de": "Kiến nghị với UBND tỉnh", "noi_dung": ["Đề nghị xem xét./."]},
    ],
    "phu_luc": [{"tieu_de": "Danh sách hội",
                 "noi_dung": [{"tieu_de": "Bảng A", "cot": ["Tên", "Số"],
                               "hang": [["A", 1], ["B", 2]]}, "Ghi chú."]},
                {"tieu_de": "Kinh phí", "noi_dung": ["Không có."]}],
    "nguoi_ky": {"quyen_han": "KT.", "thu_truong": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC",
                 "ho_ten": "Nguyễn Văn An"},
    "noi_nhan": {"danh_sach": ["Lãnh đạo Sở"], "luu": "VT, TCBC", "nhu_tren": False},
    "chu_thich": {"1": "Chú thích."},
}


@pytest.mark.parametrize("changes", [
    {},
    {"loai": "thong-bao", "kinh_gui": [], "muc": [], "phu_luc": [], "do_mat": None,
     "don_vi_soan_thao": None,
     "so_ky_hieu": {}, "ket_luan": ["Trên đây là thông báo./."],
     "noi_nhan": {"danh_sach": ["A"], "nhu_tren": True}},
    {"loai": "cong-van", "so_ky_hieu": {"so": 7}, "don_vi_soan_thao": "VP",
     "trich_yeu": "góp ý dự thảo (lần 2)", "kinh_gui": ["Ủy ban nhân dân tỉnh"],
     "noi_dung": ["Một.", "1. Hai có *nghiêng*.", "Ba./."],
     "noi_nhan": {"danh_sach": ["Lãnh đạo Sở"], "luu": "VT, VP"}},
], ids=["bao-cao", "thong-bao", "cong-van"])
def test_made_up_documents_round_trip(changes, tmp_path):
    data = {**REPORT_MODEL, **changes}
    if data["loai"] == "cong-van":
        for key in ("can_cu", "loi_dan", "muc", "phu_luc", "chu_thich"):
            data.pop(key)
    model = validate_data({k: v for k, v in data.items() if v not in (None, [])}, "thu")
    vbhc.render(model, tmp_path / "vb.docx")
    result = import_document(tmp_path / "vb.docx")
    assert_same(result.document, model)
    assert result.warnings == []


def test_sentence_case_and_short_name():
    assert sentence_case("KẾT QUẢ THỰC HIỆN CCHC QUÝ II") == "Kết quả thực hiện CCHC quý II"
    assert sentence_case("Đã viết thường") == "Đã viết thường"
    assert short_name("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC") == "UBND huyện Cao Lộc"
    assert short_name("SỞ NỘI VỤ", "UBND TỈNH LẠNG SƠN") == "Sở Nội vụ tỉnh Lạng Sơn"
    assert short_name("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "UBND TỈNH X") == \
        "Sở Lao động - Thương binh và Xã hội tỉnh X"
    assert short_name("TRƯỜNG ĐẠI HỌC DUY TÂN") is None
