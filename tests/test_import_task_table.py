"""Task-assignment tables inside plan sections (issue 16): a table whose headings name the
task, the lead body and the others (nội dung, cơ quan chủ trì, phối hợp, thời gian, sản phẩm)
is imported as a Bang with the role of each column (``vai_tro_cot``), read from the synonyms
of data/nhap-ke-hoach.yaml (``cot_bang_nhiem_vu``), so that derive can rewrite it. A table
with roles prints exactly as the same table without them.
"""

from __future__ import annotations

import pytest

import vbhc
from tests.test_import_layouts import HEADER_TABLE, RECIPIENTS, cell, imported, para, table
from vbhc.importer.tables import column_role, task_roles
from vbhc.model.bang import Bang

PROVINCE_HEADER = HEADER_TABLE.replace("HUYỆN CAO LỘC", "TỈNH LẠNG SƠN").replace(
    "Cao Lộc, ngày", "Lạng Sơn, ngày")
CLOSING = table(cell(*RECIPIENTS) + cell(para("KT. CHỦ TỊCH", True, True),
                                         para("PHÓ CHỦ TỊCH", True, True),
                                         para("Nguyễn Văn An", True, True)))
RESTART, CONT = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"


def task_table(headings: list[str], merged: bool = False) -> str:
    """Return a w:tbl of three tasks under ``headings`` (STT, task, lead, partner, time,
    product); with ``merged`` the lead cell of tasks 2 and 3 is one cell (w:vMerge)."""
    rows = [["1", "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở", "Sở Nội vụ",
             "UBND các huyện, thành phố", "Trước ngày 30/6/2025", "Báo cáo kết quả"],
            ["2", "Kiểm tra việc thực hiện ở cấp xã", "Sở Tư pháp", "Sở Nội vụ",
             "Quý III/2025", "Thông báo kết luận"],
            ["3", "Tổng hợp, báo cáo UBND tỉnh", "Sở Tư pháp", "Các sở, ban, ngành",
             "Trước ngày 15/12/2025", "Báo cáo"]]
    trs = [cell(para(h, True, True)) for h in headings]
    out = ["".join(trs)]
    for k, row in enumerate(rows):
        cells = []
        for j, text in enumerate(row):
            if merged and j == 2 and k >= 1:
                cells.append(cell(para(text) if k == 1 else para(),
                                  props=RESTART if k == 1 else CONT))
            else:
                cells.append(cell(para(text)))
        out.append("".join(cells))
    return table(*out)


def plan_docx(tasks: str) -> str:
    return (PROVINCE_HEADER + para("KẾ HOẠCH", True, True)
            + para("Thực hiện dân chủ ở cơ sở năm 2025", True, True)
            + para("I. MỤC ĐÍCH, YÊU CẦU", True) + para("1. Mục đích", True)
            + para("Phát huy quyền làm chủ của Nhân dân.") + para("2. Yêu cầu", True)
            + para("Thực hiện nghiêm túc.")
            + para("II. NHIỆM VỤ VÀ GIẢI PHÁP", True)
            + para("Các nhiệm vụ cụ thể như sau:") + tasks
            + para("Trên đây là Kế hoạch của UBND tỉnh./.") + CLOSING)


SPELLINGS = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành",
     "Sản phẩm"],
    ["TT", "Nhiệm vụ", "Chủ trì thực hiện", "Phối hợp thực hiện", "Thời hạn", "Kết quả"],
    ["Số TT", "NỘI DUNG CÔNG VIỆC", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "THỜI GIAN THỰC HIỆN",
     "SẢN PHẨM ĐẦU RA"],
    ["STT", "Tên nhiệm vụ", "Cơ quan, đơn vị chủ trì", "Cơ quan, đơn vị phối hợp", "Tiến độ",
     "Hình thức văn bản"],
]
ROLES = ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian", "san_pham"]


@pytest.mark.parametrize("headings", SPELLINGS, ids=lambda h: h[1])
def test_task_table_in_plan_section_is_a_table_with_column_roles(tmp_path, headings):
    result = imported(tmp_path, plan_docx(task_table(headings)))
    section = next(m for m in result.document.muc_khac if m.loai_muc == "nhiem-vu-giai-phap")
    assert section.noi_dung[0] == "Các nhiệm vụ cụ thể như sau:"
    bang = section.noi_dung[1]
    assert isinstance(bang, Bang)
    assert bang.cot == headings
    assert bang.vai_tro_cot == ROLES
    assert bang.hang[0][2] == "Sở Nội vụ"
    assert bang.hang[2][3] == "Các sở, ban, ngành"
    assert bang.hang[1][4] == "Quý III/2025"
    assert bang.role_column("chu_tri") == 2


def test_vertically_merged_lead_cell_fills_each_row_with_a_warning(tmp_path):
    result = imported(tmp_path, plan_docx(task_table(SPELLINGS[0], merged=True)))
    bang = next(m for m in result.document.muc_khac
                if m.loai_muc == "nhiem-vu-giai-phap").noi_dung[1]
    assert [row[2] for row in bang.hang] == ["Sở Nội vụ", "Sở Tư pháp", "Sở Tư pháp"]
    assert bang.vai_tro_cot == ROLES
    assert any("gộp dọc" in str(w) for w in result.warnings)


def test_table_of_figures_gets_no_roles(tmp_path):
    figures = table(cell(para("Đơn vị", True)) + cell(para("Số cuộc", True)),
                    cell(para("Huyện Cao Lộc")) + cell(para("12")),
                    cell(para("Huyện Văn Lãng")) + cell(para("9")))
    bang = next(m for m in imported(tmp_path, plan_docx(figures)).document.muc_khac
                if m.loai_muc == "nhiem-vu-giai-phap").noi_dung[1]
    assert isinstance(bang, Bang) and bang.vai_tro_cot is None


@pytest.mark.parametrize(("heading", "role"), [
    ("Cơ quan chủ trì", "chu_tri"), ("Cơ quan chủ trì thực hiện", "chu_tri"),
    ("Chủ trì thực hiện", "chu_tri"), ("Cơ quan thực hiện - Chủ trì", "chu_tri"),
    ("Cơ quan thực hiện - Phối hợp", "phoi_hop"), ("Phối hợp thực hiện", "phoi_hop"),
    ("Thời gian hoàn thành:", "thoi_gian"), ("Thời gian\nhoàn thành", "thoi_gian"),
    ("Sản phẩm", "san_pham"), ("Theo dõi, kiểm tra, đôn đốc", "theo_doi"),
    ("Nhiệm vụ", "noi_dung"), ("STT", "stt"), ("Ghi chú", None), ("Chủ trìa", None),
])
def test_column_role_from_heading(heading, role):
    assert column_role(heading) == role


def test_roles_only_for_a_table_with_tasks_and_lead_bodies():
    assert task_roles(["STT", "Nội dung", "Thời gian"]) is None
    assert task_roles(["Nội dung", "Chủ trì", "Chủ trì"]) == ["noi_dung", "chu_tri", None]


def test_responsibility_column_is_the_lead_body():
    """"Trách nhiệm thực hiện" heads the lead-body column of a real Lâm Đồng plan's task
    table ("Lãnh đạo Sở Công Thương"); without the role the table was kept as figures and
    derive left every provincial body in it."""
    assert task_roles(["TT", "Nội dung", "Trách nhiệm thực hiện", "Thời gian (Năm 2026)"]) == [
        "stt", "noi_dung", "chu_tri", "thoi_gian"]
    assert column_role("Cơ quan chịu trách nhiệm") == "chu_tri"


def test_roles_change_only_the_column_widths():
    """A task table prints as the same table without roles, its columns sized by role (the
    number narrow, the task wide) instead of the label column twice the others."""
    import io
    import re
    import zipfile

    plan = vbhc.load("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    bang = {"cot": ["STT", "Nội dung", "Cơ quan chủ trì", "Thời gian"],
            "hang": [[1, "Tuyên truyền", "Sở Nội vụ", "Quý I/2025"]]}
    printed = []
    for roles in (None, ["stt", "noi_dung", "chu_tri", "thoi_gian"]):
        data = plan.model_dump()
        data["muc_khac"] = [{"tieu_de": "Phân công",
                             "noi_dung": [{**bang, "vai_tro_cot": roles}]}]
        docx = vbhc.render_bytes(type(plan).model_validate(data))
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            printed.append(z.read("word/document.xml").decode())
    assert printed[0] != printed[1]
    widths = re.compile(r'(<w:(?:gridCol|tcW) w:w=")\d+')
    assert widths.sub(r"\1", printed[0]) == widths.sub(r"\1", printed[1])


def test_roles_are_validated():
    with pytest.raises(ValueError, match="vai_tro_cot có 1 mục"):
        Bang(cot=["Nội dung", "Chủ trì"], hang=[["a", "b"]], vai_tro_cot=["noi_dung"])
    with pytest.raises(ValueError, match="nhiều cột"):
        Bang(cot=["Nội dung", "Chủ trì"], hang=[["a", "b"]],
             vai_tro_cot=["chu_tri", "chu_tri"])


def test_table_the_model_would_refuse_is_imported_as_paragraphs_with_the_reason(tmp_path):
    """An ambiguous "1,250" would make the YAML unrenderable: the table's rows become
    paragraphs and the warning names the cell and why (the importer's output always
    renders)."""
    figures = table(cell(para("Đơn vị", True)) + cell(para("Số cuộc", True)),
                    cell(para("Huyện Cao Lộc")) + cell(para("1,250")),
                    cell(para("Huyện Văn Lãng")) + cell(para("9")))
    result = imported(tmp_path, plan_docx(figures))
    section = next(m for m in result.document.muc_khac if m.loai_muc == "nhiem-vu-giai-phap")
    assert section.noi_dung[1:] == ["Đơn vị | Số cuộc", "Huyện Cao Lộc | 1,250",
                                    "Huyện Văn Lãng | 9"]
    assert any("hang[0][1]: «1,250» không rõ" in str(w) for w in result.warnings)
