"""`vbhc import FILE.pdf` (digital PDFs, through pypdfium2) and pdftotext-style footnotes in
plain text (issue 16).

The PDF is one vbhc itself rendered from the seed example and printed with LibreOffice: it
imports back to the example field by field, its four footnotes at their anchors and the
deadlines bold. Scans, broken files and oversized files are refused with a message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import vbhc
from tests.test_import import assert_same
from tests.test_import_invariant import yaml_renders
from vbhc import cli
from vbhc.importer import NotImportable, import_document, pdf_reader

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
IMPORT = "vbhc.commands.import_cmd:import_cmd"


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory) -> Path:
    from vbhc.pdf import find_soffice

    if find_soffice() is None:
        pytest.skip("không có LibreOffice (soffice) để in PDF")
    from vbhc.pdf import convert

    folder = tmp_path_factory.mktemp("pdf")
    docx = vbhc.render(vbhc.load(EXAMPLE), folder / "ke-hoach.docx")
    pdfs, _font = convert([docx])
    return pdfs[0]


def test_pdf_rendered_from_the_example_imports_to_the_example(example_pdf):
    result = import_document(example_pdf)
    assert_same(result.document, vbhc.load(EXAMPLE))  # field by field


def test_pdf_import_keeps_four_footnotes_at_their_anchors_and_bold_deadlines(example_pdf):
    plan = import_document(example_pdf).document
    want = vbhc.load(EXAMPLE)
    assert sorted(plan.chu_thich) == ["1", "2", "3", "4"]
    assert plan.chu_thich == want.chu_thich
    texts = [s for task in plan.nhiem_vu for item in task.noi_dung
             for s in ([item] if isinstance(item, str) else item)]
    anchors = {"1": "của tỉnh[^1]", "2": "thị trấn[^2]", "3": "các nội dung[^3]",
               "4": "theo quy định[^4]"}
    for key, anchor in anchors.items():
        assert any(anchor in t for t in texts), key
    assert plan.che_do_bao_cao == want.che_do_bao_cao  # its deadlines print bold


def test_pdf_layout_text_has_columns_bold_and_raised_marks(example_pdf):
    text = pdf_reader._layout_text(pdf_reader._pages(example_pdf, "x"))
    first = text.splitlines()[0]
    assert first == "**ỦY BAN NHÂN DÂN**\t**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**"
    assert "của tỉnh¹ gắn với" in text and "\n¹ Quyết định số 217-QĐ/TW" in text
    assert "\n**Nơi nhận:**\t**TM. ỦY BAN NHÂN DÂN**\n" in text
    assert "593-QĐ/TU" in text  # a line broken after a hyphen joins without a space


def test_cli_import_of_a_pdf(example_pdf, tmp_path, monkeypatch):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    out = tmp_path / "kh.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(example_pdf), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert vbhc.load(out) == vbhc.load(EXAMPLE)
    assert yaml_renders(example_pdf)


def test_scanned_pdf_without_text_is_refused_clearly(tmp_path):
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    doc.new_page(595, 842)
    path = tmp_path / "scan.pdf"
    doc.save(str(path))
    with pytest.raises(NotImportable, match="không có lớp chữ") as info:
        import_document(path)
    assert info.value.exit_code == 2


def test_broken_and_oversized_pdfs_are_refused(tmp_path, monkeypatch):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF")
    with pytest.raises(NotImportable, match="không mở được tệp PDF"):
        import_document(broken)
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument.new()
    for _ in range(3):
        doc.new_page(595, 842)
    many = tmp_path / "nhieu.pdf"
    doc.save(str(many))
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(NotImportable, match="quá nhiều trang"):
        import_document(many)
    monkeypatch.setattr(pdf_reader, "MAX_BYTES", 10)
    with pytest.raises(NotImportable, match="quá lớn"):
        import_document(many)


PDFTOTEXT = """ỦY BAN NHÂN DÂN
HUYỆN CAO LỘC
Số: 05/BC-UBND
Cao Lộc, ngày 05 tháng 3 năm 2025
BÁO CÁO
Kết quả thực hiện dân chủ
I. KẾT QUẢ
Thực hiện các văn bản của tỉnh1 gắn với nhiệm vụ năm 20242 của huyện.
1 Quyết định số 217-QĐ/TW ngày 12/12/2013 của Ban Chấp hành
Trung ương.
2
Kế hoạch số 5/KH-UBND.
\f3
Trên đây là báo cáo./.
Nơi nhận:
- Sở Nội vụ;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


def test_plain_text_footnotes_glued_to_words_and_years(tmp_path):
    """pdftotext writes no superscripts: "tỉnh1", "năm 20242", and the notes as plain
    lines at the page bottom ("1 Quyết định ...", or "2" then the text)."""
    path = tmp_path / "bc.txt"
    path.write_text(PDFTOTEXT, encoding="utf-8")
    assert yaml_renders(path)
    result = import_document(path)
    doc = result.document
    assert doc.muc[0].noi_dung == [
        "Thực hiện các văn bản của tỉnh[^1] gắn với nhiệm vụ năm 2024[^2] của huyện."]
    assert doc.chu_thich == {"1": "Quyết định số 217-QĐ/TW ngày 12/12/2013 của Ban Chấp hành "
                                  "Trung ương.", "2": "Kế hoạch số 5/KH-UBND."}
    warnings = " ".join(map(str, result.warnings))
    assert "chú thích 1" in warnings and "số dính sau năm" in warnings


def test_plain_digits_without_an_anchor_are_not_taken_for_notes(tmp_path):
    text = PDFTOTEXT.replace("tỉnh1", "tỉnh").replace("20242", "2024")
    path = tmp_path / "bc.txt"
    path.write_text(text, encoding="utf-8")
    doc = import_document(path).document
    assert not doc.chu_thich
    assert any("1 Quyết định" in t for t in doc.muc[0].noi_dung)


PLAN_TEXT = """ỦY BAN NHÂN DÂN
TỈNH LẠNG SƠN
Số: 12/KH-UBND
Lạng Sơn, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Thực hiện cải cách hành chính năm 2025
Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành
Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;
Căn cứ Quyết định số 58/QĐ-UBND ngày 08/01/2025 của UBND tỉnh Lạng
Sơn về việc ban hành Quy chế
Thi đua, khen thưởng;
Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao chất lượng cải cách hành chính.
2. Yêu cầu
Bảo đảm đúng tiến độ.
II. NỘI DUNG
1. Rà soát thủ tục hành chính.
III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Theo dõi, đôn đốc thực hiện Kế hoạch.
Nơi nhận:
- Sở Nội vụ;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn An
"""


def test_plain_text_citation_wrapped_before_a_capital_is_one_line(tmp_path):
    """pdftotext wraps a "Căn cứ" line where the cited document's name starts with a
    capital ("... ban hành / Chương trình tổng thể ...;"): the wrap is joined back, not
    taken for a new paragraph that the checker then refuses (căn cứ not ending in ";")."""
    path = tmp_path / "kh.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    assert yaml_renders(path)
    doc = import_document(path).document
    assert doc.can_cu == [
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình"
        " tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
        "Căn cứ Quyết định số 58/QĐ-UBND ngày 08/01/2025 của UBND tỉnh Lạng Sơn về việc ban"
        " hành Quy chế Thi đua, khen thưởng;"]


def test_pdf_with_a_ruled_table_warns_that_cells_are_read_by_line(example_pdf, tmp_path):
    """vbhc does not rebuild a table from a PDF: its cells' text comes line by line, the
    columns' words interleaved (a real plan's landscape appendix came out so, silently).
    A page drawing a ruled table now says so; a plan without a table does not."""
    from vbhc.pdf import convert

    plain = " ".join(map(str, import_document(example_pdf).warnings))
    assert "bảng kẻ ô" not in plain
    report = ROOT / "examples" / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
    docx = vbhc.render(vbhc.load(report), tmp_path / "bc.docx")
    pdfs, _font = convert([docx])
    warned = [str(w) for w in import_document(pdfs[0]).warnings if "bảng kẻ ô" in str(w)]
    assert len(warned) == 1 and "trang 1" in warned[0] and ".docx" in warned[0]


def test_pdf_trich_yeu_wrapped_over_two_centred_lines_is_one(tmp_path):
    """A trích yếu that wraps in the PDF ("Về tăng cường ... năm" / "2024", both centred)
    is read whole; the second line used to land in loi_dan as "**2024**" without a word."""
    from vbhc.pdf import convert, find_soffice

    if find_soffice() is None:
        pytest.skip("không có LibreOffice (soffice) để in PDF")
    source = Path(__file__).resolve().parents[1] / "examples" / \
        "chi-thi-tang-cuong-dan-chu-co-so-lang-son-2024.yaml"
    expected = vbhc.load(source)
    docx = vbhc.render(expected, tmp_path / "chi-thi.docx")
    pdfs, _font = convert([docx])
    document = import_document(pdfs[0]).document
    assert document.trich_yeu == expected.trich_yeu
    assert document.trich_yeu.endswith("năm 2024")
    assert "2024" not in " ".join(map(str, document.loi_dan))
