"""Issue 16: a plan's appendix holding a task-assignment table (the "Phụ lục: Phân công
nhiệm vụ" of real plans) gets its column roles on import, as a section's table does, and is
derived for the unit row by row; an appendix with no task table is dropped, recorded."""

from __future__ import annotations

import zipfile
from pathlib import Path

import vbhc
from vbhc.importer import import_document
from vbhc.loader import validate_data

EXAMPLES = Path(__file__).parent.parent / "examples"
PLAN = EXAMPLES / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"

TASKS = {"tieu_de": "Phân công nhiệm vụ thực hiện dân chủ ở cơ sở trên địa bàn tỉnh",
         "noi_dung": ["UBND tỉnh giao các cơ quan thực hiện theo bảng sau.",
                      {"cot": ["STT", "Nội dung công việc", "Cơ quan chủ trì",
                               "Cơ quan phối hợp", "Thời gian hoàn thành"],
                       "hang": [[1, "Tuyên truyền dân chủ ở cơ sở", "Sở Nội vụ",
                                 "UBND các huyện, thành phố", "Trước ngày 30/6/2024"],
                                [2, "Kiểm tra việc thực hiện", "Sở Tư pháp", "Sở Nội vụ",
                                 "Quý III/2024"]]}]}
FIGURES = {"tieu_de": "Số liệu dân chủ ở cơ sở năm 2023",
           "noi_dung": [{"cot": ["Đơn vị", "Số cuộc"], "hang": [["Sở Nội vụ", 3]]}]}


def imported(tmp_path: Path, appendices: list[dict]):
    """Render the example plan with ``appendices``, import the .docx; return the plan."""
    data = vbhc.load(PLAN).model_dump(mode="json", exclude_none=True)
    data["phu_luc"] = appendices
    out = tmp_path / "kh.docx"
    vbhc.render(validate_data(data), out)
    return import_document(out).document


def test_appendix_task_table_gets_roles_on_import(tmp_path):
    plan = imported(tmp_path, [TASKS, FIGURES])
    tasks, figures = plan.phu_luc
    assert tasks.noi_dung[1].vai_tro_cot == ["stt", "noi_dung", "chu_tri", "phoi_hop",
                                             "thoi_gian"]
    assert figures.noi_dung[0].vai_tro_cot is None


def test_appendix_with_a_task_table_is_derived_the_other_dropped(tmp_path):
    plan = imported(tmp_path, [TASKS, FIGURES])
    result = vbhc.derive(plan, "huyện Cao Lộc")
    (appendix,) = result.plan.phu_luc
    assert appendix.tieu_de == "Phân công nhiệm vụ thực hiện dân chủ ở cơ sở trên địa bàn huyện"
    assert appendix.noi_dung[0] == "UBND huyện giao các cơ quan thực hiện theo bảng sau."
    bang = appendix.noi_dung[1]
    assert bang.hang == [[1, "Tuyên truyền dân chủ ở cơ sở", "Phòng Nội vụ",
                          "UBND các xã, thị trấn", "Trước ngày 25/6/2024"],
                         [2, "Kiểm tra việc thực hiện", "Phòng Tư pháp", "Phòng Nội vụ",
                          "Quý III/2024"]]
    paths = {c.path for c in result.changes}
    assert {"phu_luc[0].tieu_de", "phu_luc[0].noi_dung[0]", "phu_luc[0].noi_dung[1].hang[0][4]",
            "phu_luc[0].noi_dung[1].hang[0][2][0]"} <= paths
    drop = next(c for c in result.changes if c.rule == "phu-luc")
    assert drop.path == "phu_luc[1]" and drop.kind == "drop"
    assert "Số liệu dân chủ ở cơ sở năm 2023" in drop.before
    out = tmp_path / "huyen.docx"
    vbhc.render(result.plan, out)
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "Phòng Tư pháp" in xml and "Số cuộc" not in xml


def test_plan_whose_appendices_hold_no_task_table_drops_them_as_before(tmp_path):
    plan = imported(tmp_path, [FIGURES])
    result = vbhc.derive(plan, "huyện Cao Lộc")
    assert result.plan.phu_luc == []
    (drop,) = [c for c in result.changes if c.rule == "phu-luc"]
    assert drop.path == "phu_luc" and drop.kind == "drop"
