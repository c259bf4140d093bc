"""Every closing and header layout seen in real agency files, each as a small made-up .docx:
the fields the importer reads from it, and that its YAML renders (issue 16).

Closing: a table in two rows, a table nested in an outer cell, tabs instead of a table, a
three-line authority chain (TL. / KT. / title). Header: tabs and spaces with no table, a
table with a spacer column (w:gridBefore), V/v in a text box or wrapped over several
paragraphs. Tables with vertically merged cells (w:vMerge).
"""

from __future__ import annotations

from tests.test_import_invariant import yaml_renders
from tests.test_import_readers import make_docx
from vbhc.importer import import_document

CENTRE = '<w:jc w:val="center"/>'


def run(text: str, bold: bool = False, italic: bool = False) -> str:
    """Return a w:r; a tab in ``text`` becomes w:tab, a newline w:br."""
    rpr = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    out = []
    for k, line in enumerate(text.split("\n")):
        if k:
            out.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                out.append("<w:tab/>")
            if piece:
                out.append(f'<w:t xml:space="preserve">{piece}</w:t>')
    return f"<w:r><w:rPr>{rpr}</w:rPr>{''.join(out)}</w:r>"


def para(text: str = "", bold: bool = False, centre: bool = False, italic: bool = False) -> str:
    ppr = CENTRE if centre else ""
    return f"<w:p><w:pPr>{ppr}</w:pPr>{run(text, bold, italic) if text else ''}</w:p>"


def cell(*paras: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paras) or para()}</w:tc>"


def table(*rows: str, row_props: tuple[str, ...] = ()) -> str:
    trs = "".join(f"<w:tr><w:trPr>{row_props[k] if k < len(row_props) else ''}</w:trPr>{row}"
                  "</w:tr>" for k, row in enumerate(rows))
    return f"<w:tbl>{trs}</w:tbl>"


HEADER_TABLE = table(
    cell(para("ỦY BAN NHÂN DÂN", centre=True), para("HUYỆN CAO LỘC", True, True))
    + cell(para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, True),
           para("Độc lập - Tự do - Hạnh phúc", True, True)),
    cell(para("Số: 05/KH-UBND", centre=True))
    + cell(para("Cao Lộc, ngày 05 tháng 3 năm 2025", centre=True, italic=True)))
TITLE = para("KẾ HOẠCH", True, True) + para("Thực hiện dân chủ ở cơ sở năm 2025", True, True)
BODY = (para("Căn cứ Luật Thực hiện dân chủ ở cơ sở;", italic=True)
        + para("I. MỤC ĐÍCH, YÊU CẦU", True) + para("1. Mục đích", True)
        + para("Phát huy quyền làm chủ của Nhân dân.") + para("2. Yêu cầu", True)
        + para("Thực hiện nghiêm túc.") + para("Trên đây là Kế hoạch của UBND huyện./."))
RECIPIENTS = [para("Nơi nhận:", True, italic=True), para("- Sở Nội vụ;"),
              para("- Phòng Nội vụ;"), para("- Lưu: VT, NV.")]


def imported(tmp_path, body: str, name: str = "vb.docx"):
    path = make_docx(tmp_path / name, body)
    assert yaml_renders(path)
    return import_document(path)


def assert_signed(doc, *, ho_ten: str = "Nguyễn Văn An") -> None:
    assert doc.noi_nhan.danh_sach == ["Sở Nội vụ", "Phòng Nội vụ"]
    assert doc.noi_nhan.luu == "VT, NV"
    assert (doc.nguoi_ky.quyen_han, doc.nguoi_ky.thu_truong) == ("KT.", "CHỦ TỊCH")
    assert doc.nguoi_ky.chuc_vu == "PHÓ CHỦ TỊCH"
    assert doc.nguoi_ky.ho_ten == ho_ten


def test_reference_layout_one_row_closing_table(tmp_path):
    closing = table(cell(*RECIPIENTS) + cell(
        para("KT. CHỦ TỊCH", True, True), para("PHÓ CHỦ TỊCH", True, True), para(),
        para("Nguyễn Văn An", True, True)))
    doc = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing).document
    assert_signed(doc)
    assert doc.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC" or doc.co_quan.chu_quan


def test_closing_table_in_two_rows(tmp_path):
    """Row 0: the label and the authority line; row 1: the recipients, title and name."""
    closing = table(
        cell(para("Nơi nhận:", True, italic=True)) + cell(para("KT. CHỦ TỊCH", True, True)),
        cell(*RECIPIENTS[1:]) + cell(para("PHÓ CHỦ TỊCH", True, True), para(), para(),
                                     para("Nguyễn Văn An", True, True)))
    result = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing)
    assert_signed(result.document)


def test_closing_table_nested_in_an_outer_cell(tmp_path):
    inner = table(cell(*RECIPIENTS) + cell(
        para("KT. CHỦ TỊCH", True, True), para("PHÓ CHỦ TỊCH", True, True), para(),
        para("Nguyễn Văn An", True, True)))
    closing = table(cell(inner, para()))
    result = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing)
    assert_signed(result.document)


def test_closing_written_with_tabs(tmp_path):
    closing = (para("Nơi nhận:\t\t\tKT. CHỦ TỊCH", True) + para("- Sở Nội vụ;\t\tPHÓ CHỦ TỊCH")
               + para("- Phòng Nội vụ;") + para("- Lưu: VT, NV.") + para()
               + para("\t\t\t\tNguyễn Văn An", True))
    result = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing)
    assert_signed(result.document)


def test_closing_with_a_three_line_authority_chain(tmp_path):
    """TL. CHỦ TỊCH / KT. CHÁNH VĂN PHÒNG / PHÓ CHÁNH VĂN PHÒNG (ND30 Điều 13 allows TL. and
    KT. together): each line kept, in order, and rendered as its own line."""
    closing = table(cell(*RECIPIENTS) + cell(
        para("TL. CHỦ TỊCH", True, True), para("KT. CHÁNH VĂN PHÒNG", True, True),
        para("PHÓ CHÁNH VĂN PHÒNG", True, True), para(), para("Trần Thị Bình", True, True)))
    result = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing)
    signer = result.document.nguoi_ky
    assert (signer.quyen_han, signer.thu_truong) == ("TL.", "CHỦ TỊCH")
    assert signer.quyen_han_them == ["KT. CHÁNH VĂN PHÒNG"]
    assert signer.chuc_vu == "PHÓ CHÁNH VĂN PHÒNG" and signer.ho_ten == "Trần Thị Bình"


def test_header_with_tabs_and_no_table(tmp_path):
    """The two header columns typed on the same lines with tabs: no invented year, and the
    motto is not part of the issuer's name."""
    header = (para("ỦY BAN NHÂN DÂN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)
              + para("HUYỆN CAO LỘC\t\t\tĐộc lập - Tự do - Hạnh phúc", True)
              + para("Số: 05/KH-UBND\t\t\tCao Lộc, ngày 05 tháng 3 năm 2025"))
    closing = table(cell(*RECIPIENTS) + cell(
        para("KT. CHỦ TỊCH", True, True), para("PHÓ CHỦ TỊCH", True, True),
        para("Nguyễn Văn An", True, True)))
    doc = imported(tmp_path, header + TITLE + BODY + closing).document
    assert doc.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert doc.co_quan.dia_danh == "Cao Lộc"
    assert (doc.ngay_ban_hanh.ngay, doc.ngay_ban_hanh.thang, doc.ngay_ban_hanh.nam) == (5, 3,
                                                                                        2025)
    assert doc.so_ky_hieu.so == 5 and doc.so_ky_hieu.ky_hieu == "KH-UBND"
    assert doc.trich_yeu == "Thực hiện dân chủ ở cơ sở năm 2025"


def test_header_with_spaces_and_no_table(tmp_path):
    header = (para("ỦY BAN NHÂN DÂN" + " " * 12 + "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True)
              + para("HUYỆN CAO LỘC" + " " * 20 + "Độc lập - Tự do - Hạnh phúc", True)
              + para("Số: 05/KH-UBND" + " " * 15 + "Cao Lộc, ngày 05 tháng 3 năm 2025"))
    closing = table(cell(*RECIPIENTS) + cell(
        para("KT. CHỦ TỊCH", True, True), para("PHÓ CHỦ TỊCH", True, True),
        para("Nguyễn Văn An", True, True)))
    doc = imported(tmp_path, header + TITLE + BODY + closing).document
    assert doc.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert (doc.ngay_ban_hanh.thang, doc.ngay_ban_hanh.nam) == (3, 2025)


def test_header_table_with_a_spacer_column(tmp_path):
    """Rows that start with w:gridBefore (an empty spacer column before the issuer)."""
    spacer = '<w:gridBefore w:val="1"/>'
    header = table(
        cell(para("ỦY BAN NHÂN DÂN", centre=True), para("HUYỆN CAO LỘC", True, True))
        + cell(para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, True),
               para("Độc lập - Tự do - Hạnh phúc", True, True)),
        cell(para("Số: 05/KH-UBND", centre=True))
        + cell(para("Cao Lộc, ngày 05 tháng 3 năm 2025", centre=True, italic=True)),
        row_props=(spacer, spacer))
    closing = table(cell(*RECIPIENTS) + cell(
        para("KT. CHỦ TỊCH", True, True), para("PHÓ CHỦ TỊCH", True, True),
        para("Nguyễn Văn An", True, True)))
    doc = imported(tmp_path, header + TITLE + BODY + closing).document
    assert doc.co_quan.ten == "HUYỆN CAO LỘC" and doc.co_quan.chu_quan == "ỦY BAN NHÂN DÂN" \
        or doc.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert doc.co_quan.dia_danh == "Cao Lộc" and doc.so_ky_hieu.so == 5


DISPATCH_TAIL = (para("Ủy ban nhân dân huyện đề nghị các xã báo cáo đúng hạn./.")
                 + table(cell(*[para("Nơi nhận:", True, italic=True), para("- Như trên;"),
                                para("- Lưu: VT, NV.")])
                         + cell(para("CHỦ TỊCH", True, True), para("Nguyễn Văn An", True,
                                                                       True))))


def _dispatch_header(subject: str) -> str:
    return table(
        cell(para("ỦY BAN NHÂN DÂN", centre=True), para("HUYỆN CAO LỘC", True, True))
        + cell(para("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, True),
               para("Độc lập - Tự do - Hạnh phúc", True, True)),
        cell(para("Số: 12/UBND-NV", centre=True), subject)
        + cell(para("Cao Lộc, ngày 05 tháng 3 năm 2025", centre=True, italic=True)))


def test_subject_line_in_a_text_box(tmp_path):
    box = ('<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
           '<w:txbxContent>' + para("V/v đôn đốc báo cáo", centre=True)
           + para("kết quả năm 2025", centre=True)
           + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>")
    body = (_dispatch_header(box) + para("Kính gửi: Ủy ban nhân dân các xã.") + DISPATCH_TAIL)
    doc = imported(tmp_path, body).document
    assert doc.loai == "cong-van"
    assert doc.trich_yeu == "đôn đốc báo cáo kết quả năm 2025"


def test_subject_line_wrapped_over_several_paragraphs(tmp_path):
    subject = (para("V/v đôn đốc báo cáo", centre=True) + para("kết quả thực hiện", centre=True)
               + para("dân chủ ở cơ sở năm 2025", centre=True))
    body = (_dispatch_header(subject) + para("Kính gửi: Ủy ban nhân dân các xã.")
            + DISPATCH_TAIL)
    doc = imported(tmp_path, body).document
    assert doc.trich_yeu == "đôn đốc báo cáo kết quả thực hiện dân chủ ở cơ sở năm 2025"


def test_subject_line_wrapped_outside_the_header_table(tmp_path):
    """V/v under the table, its second line a paragraph of its own."""
    header = _dispatch_header("")
    body = (header + para("V/v đôn đốc báo cáo") + para("kết quả năm 2025")
            + para("Kính gửi: Ủy ban nhân dân các xã.") + DISPATCH_TAIL)
    doc = imported(tmp_path, body).document
    assert doc.trich_yeu == "đôn đốc báo cáo kết quả năm 2025"


def test_vertically_merged_cells_are_read_not_left_empty(tmp_path):
    """A task table whose 'Cơ quan chủ trì' cell spans two rows (w:vMerge): the merged rows
    carry the value (or a warning says they were filled from the cell above)."""
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    tasks = table(
        cell(para("STT", True)) + cell(para("Nội dung", True)) + cell(para("Chủ trì", True))
        + cell(para("Thời gian", True)),
        cell(para("1")) + cell(para("Tuyên truyền")) + cell(para("Sở Nội vụ"), props=restart)
        + cell(para("Quý I")),
        cell(para("2")) + cell(para("Kiểm tra")) + cell(para(), props=cont) + cell(para("Quý II")))
    body = (HEADER_TABLE + para("BÁO CÁO", True, True) + para("Kết quả", True, True)
            + para("I. KẾT QUẢ", True) + tasks
            + para("Trên đây là báo cáo./.")
            + table(cell(*RECIPIENTS) + cell(para("KT. CHỦ TỊCH", True, True),
                                             para("PHÓ CHỦ TỊCH", True, True),
                                             para("Nguyễn Văn An", True, True))))
    body = body.replace("05/KH-UBND", "05/BC-UBND")
    result = imported(tmp_path, body)
    bang = result.document.muc[0].noi_dung[0]
    assert bang.hang[1][2] == "Sở Nội vụ"
    assert any("gộp dọc" in str(w) for w in result.warnings)


def test_authority_chain_renders_as_separate_lines_and_is_validated(tmp_path):
    import pytest

    import vbhc
    from tests.docx_helpers import Docx, para_text
    from vbhc.model.common import NguoiKy

    signer = {"quyen_han": "TL.", "thu_truong": "CHỦ TỊCH",
              "quyen_han_them": ["KT. CHÁNH VĂN PHÒNG"], "chuc_vu": "PHÓ CHÁNH VĂN PHÒNG",
              "ho_ten": "Trần Thị Bình"}
    assert NguoiKy(**signer).authority_lines() == [
        "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]
    with pytest.raises(ValueError, match="quyen_han_them"):
        NguoiKy(**{**signer, "quyen_han": None, "thu_truong": None})
    with pytest.raises(ValueError, match="quyen_han_them"):
        NguoiKy(**{**signer, "quyen_han_them": ["CHÁNH VĂN PHÒNG"]})
    closing = table(cell(*RECIPIENTS) + cell(
        para("TL. CHỦ TỊCH", True, True), para("KT. CHÁNH VĂN PHÒNG", True, True),
        para("PHÓ CHÁNH VĂN PHÒNG", True, True), para(), para("Trần Thị Bình", True, True)))
    doc = imported(tmp_path, HEADER_TABLE + TITLE + BODY + closing).document
    out = vbhc.render(doc, tmp_path / "lai.docx")
    texts = [para_text(p) for p in Docx.open(out).paragraphs()]
    k = texts.index("TL. CHỦ TỊCH")
    assert texts[k:k + 3] == ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"]


def test_plain_text_closing_with_tabs_and_as_above_not_first(tmp_path):
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\nSố: 05/KH-UBND\nCao Lộc, ngày 05 tháng 3 năm 2025\n"
            "KẾ HOẠCH\nThực hiện dân chủ ở cơ sở năm 2025\nI. MỤC ĐÍCH, YÊU CẦU\n"
            "Thực hiện nghiêm túc./.\nNơi nhận:\t\tKT. CHỦ TỊCH\n- Sở Nội vụ;\tPHÓ CHỦ TỊCH\n"
            "- Phòng Nội vụ;\n- Như trên;\n- Lưu: VT, NV.\n\t\t\tNguyễn Văn An\n")
    path = tmp_path / "kh.txt"
    path.write_text(text, encoding="utf-8")
    assert yaml_renders(path)
    result = import_document(path)
    assert_signed(result.document)
    assert result.document.noi_nhan.nhu_tren is True
    assert any("Như trên" in str(w) for w in result.warnings)
