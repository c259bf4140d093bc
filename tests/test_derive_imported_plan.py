"""Deriving from an imported plan rewrites its tasks (issue 16): the free sections an import
tags (loai_muc) are derived as the typed fields they stand for, and task-assignment tables
(Bang.vai_tro_cot) row by row — lead and partner bodies for the unit, day deadlines earlier.

Plans used: a real plan (UBND tỉnh Lâm Đồng, administrative reform 2026, in
../shared/corpus, imported as it is: its task table is its appendix, "Phân công thực hiện
nhiệm vụ", derived as the unit's appendix), a synthetic provincial plan of Lạng Sơn in the shape
real plans take (a task table in "Nhiệm vụ và giải pháp", bodies under "Phân công nhiệm vụ",
a "Chế độ báo cáo" section), and the seed plan (../shared/seeds). Each derived plan is
written as YAML, read back, rendered, and checked with vbhc check: no errors.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import vbhc
from tests.test_import_layouts import cell, para, table
from tests.test_import_readers import make_docx
from tests.test_import_task_table import CLOSING, PROVINCE_HEADER
from vbhc.derivation import derive
from vbhc.importer import import_document
from vbhc.loader import parse_yaml, validate_data
from vbhc.model.bang import Bang
from vbhc.yaml_out import dump_document

SHARED = Path(__file__).parent.parent.parent / "shared"
REAL_PLAN = SHARED / "corpus" / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx"
SEED = SHARED / "seeds" / "ke-hoach-dan-chu-co-so-lang-son-2024.txt"


def synthetic_plan(dst: Path) -> Path:
    """Write a provincial plan of Lạng Sơn (5/3/2024) in the shape of real plans."""
    head = ["STT", "Nội dung công việc", "Cơ quan chủ trì", "Cơ quan phối hợp",
            "Thời gian hoàn thành", "Sản phẩm"]
    rows = [["1", "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở", "Sở Nội vụ",
             "UBND các huyện, thành phố", "Trước ngày 30/6/2024", "Báo cáo kết quả"],
            ["2", "Kiểm tra việc thực hiện dân chủ ở cơ sở tại UBND cấp xã", "Sở Tư pháp",
             "Sở Nội vụ; UBND các huyện, thành phố", "Quý III/2024", "Thông báo kết luận"],
            ["3", "Tổng hợp, báo cáo UBND tỉnh kết quả thực hiện", "Sở Nội vụ",
             "Các sở, ban, ngành", "Trước ngày 15/12/2024", "Báo cáo"]]
    tasks = table("".join(cell(para(h, True, True)) for h in head),
                  *["".join(cell(para(c)) for c in row) for row in rows])
    body = (PROVINCE_HEADER.replace("05 tháng 3 năm 2025", "05 tháng 3 năm 2024")
            + para("KẾ HOẠCH", True, True)
            + para("Thực hiện dân chủ ở cơ sở năm 2024", True, True)
            + para("I. MỤC ĐÍCH, YÊU CẦU", True) + para("1. Mục đích", True)
            + para("Phát huy quyền làm chủ của Nhân dân.") + para("2. Yêu cầu", True)
            + para("Thực hiện nghiêm túc.")
            + para("II. NHIỆM VỤ VÀ GIẢI PHÁP", True)
            + para("Sở Nội vụ chủ trì hướng dẫn UBND các huyện, thành phố triển khai Kế "
                   "hoạch; các nhiệm vụ cụ thể như sau:") + tasks
            + para("III. PHÂN CÔNG NHIỆM VỤ", True)
            + para("1. Sở Nội vụ", True) + para("Theo dõi, đôn đốc việc thực hiện Kế hoạch.")
            + para("2. UBND các huyện, thành phố", True)
            + para("Chỉ đạo, kiểm tra UBND cấp xã thực hiện dân chủ ở cơ sở.")
            + para("Niêm yết công khai các nội dung Nhân dân được biết tại trụ sở.")
            + para("IV. CHẾ ĐỘ BÁO CÁO", True)
            + para("Các sở, ban, ngành, UBND các huyện, thành phố báo cáo kết quả thực hiện về "
                   "UBND tỉnh (qua Sở Nội vụ) trước ngày 15/12/2024.")
            + para("Trên đây là Kế hoạch thực hiện dân chủ ở cơ sở năm 2024./.") + CLOSING)
    return make_docx(dst, body)


def derived(path: Path, target: str, tmp_path: Path, **options):
    """Import ``path``, derive ``target``; return the derivation and the derived plan read
    back from its YAML (as `vbhc derive` writes it), after checking that the plan renders
    and that vbhc check finds no error in the .docx."""
    plan = import_document(path).document
    result = derive(plan, target, **options)
    text = dump_document(result.plan, "x.schema.json", comment="dẫn xuất")
    data, lines = parse_yaml(text, "kh.yaml")
    again = validate_data(data, "kh.yaml", lines)
    out = tmp_path / "kh.docx"
    out.write_bytes(vbhc.render_bytes(again))
    errors = [p for p in vbhc.check(out) if p.severity == "lỗi"]
    assert errors == []
    return result, again


def tables(plan) -> list[Bang]:
    out = []

    def walk(sections):
        for s in sections:
            out.extend(c for c in s.noi_dung if isinstance(c, Bang) and c.vai_tro_cot)
            walk(s.muc_con)
    walk(plan.muc_khac)
    return out


def section(plan, kind: str):
    return next(s for s in plan.muc_khac if s.loai_muc == kind)


def changed(result, path_part: str, before: str, after: str) -> bool:
    return any(path_part in c.path and c.before == before and c.after == after
               for c in result.changes)


def test_district_plan_from_a_synthetic_provincial_plan(tmp_path):
    result, plan = derived(synthetic_plan(tmp_path / "kh.docx"), "huyện Cao Lộc", tmp_path)
    bang = tables(plan)[0]
    assert [row[2] for row in bang.hang] == ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Nội vụ"]
    assert bang.hang[0][3] == "UBND các xã, thị trấn"
    assert bang.hang[1][3] == "Phòng Nội vụ; UBND các xã, thị trấn"
    assert bang.hang[0][4] == "Trước ngày 25/6/2024"  # 5 days before the province's
    assert bang.hang[1][4] == "Quý III/2024"  # a quarter is not moved
    assert bang.hang[2][1] == "Tổng hợp, báo cáo UBND huyện kết quả thực hiện"
    assert changed(result, ".hang[0][4]", "30/6/2024", "25/6/2024")
    assert changed(result, ".hang[0][3][0]", "UBND các huyện, thành phố", "UBND các xã, thị trấn")
    tasks = section(plan, "nhiem-vu-giai-phap")
    assert tasks.noi_dung[0].startswith("Phòng Nội vụ chủ trì hướng dẫn UBND")
    organisation = section(plan, "to-chuc-thuc-hien")
    bodies = {s.tieu_de: s.noi_dung for s in organisation.muc_con}
    assert bodies["Phòng Nội vụ"][-1] == ("Tham mưu UBND huyện chỉ đạo, kiểm tra UBND cấp xã "
                                          "thực hiện dân chủ ở cơ sở.")
    assert bodies["UBND các xã, thị trấn"] == [
        "Niêm yết công khai các nội dung Nhân dân được biết tại trụ sở."]
    reporting = section(plan, "che-do-bao-cao").noi_dung[0]
    assert reporting == ("Các cơ quan, đơn vị thuộc UBND huyện, UBND các xã, thị trấn báo cáo "
                         "kết quả thực hiện về UBND huyện (qua Phòng Nội vụ) trước ngày "
                         "10/12/2024.")
    # a header whose name runs over two lines (ỦY BAN NHÂN DÂN / TỈNH LẠNG SƠN) is the UBND
    assert "của UBND tỉnh Lạng Sơn về thực hiện dân chủ" in plan.loi_dan
    assert changed(result, "muc_khac[2].noi_dung[0]", "15/12/2024", "10/12/2024")
    placeholder = tasks.noi_dung[-1]
    assert placeholder.startswith("\\[CẦN BỔ SUNG: nhiệm vụ, chỉ tiêu riêng của huyện Cao Lộc")


@pytest.fixture(scope="module")
def lam_dong():
    if not REAL_PLAN.is_file():
        pytest.skip(f"không có tệp {REAL_PLAN} (../shared vắng mặt)")
    return import_document(REAL_PLAN).document


def check_derived(result, tmp_path):
    """Write the derived plan as YAML (as `vbhc derive` does), read it back, render it and
    check the .docx: no error. Return the plan read back and the .docx's text."""
    text = dump_document(result.plan, "x.schema.json", comment="dẫn xuất")
    data, lines = parse_yaml(text, "kh.yaml")
    again = validate_data(data, "kh.yaml", lines)
    out = tmp_path / "kh.docx"
    out.write_bytes(vbhc.render_bytes(again))
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    return again, "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))


def test_real_plan_appendix_task_table_imported_with_roles(lam_dong):
    (appendix,) = lam_dong.phu_luc
    assert appendix.tieu_de == "Phân công thực hiện nhiệm vụ cải cách hành chính năm 2026"
    (bang,) = appendix.noi_dung
    assert bang.vai_tro_cot == ["stt", "noi_dung", "san_pham", "thoi_gian", "chu_tri",
                                "phoi_hop", "theo_doi"]
    assert len(bang.hang) == 59


def test_real_plan_appendix_derived_for_a_commune(lam_dong, tmp_path):
    result = derive(lam_dong, "xã Đức Trọng")
    before = lam_dong.phu_luc[0].noi_dung[0]
    plan, text = check_derived(result, tmp_path)
    (appendix,) = plan.phu_luc
    after = appendix.noi_dung[0]
    # every source row is either kept or its drop recorded: nothing silently lost
    assert not [c for c in result.changes if c.rule == "khong-con-co-quan"]
    assert len(after.hang) == len(before.hang)
    assert before.hang[27][4] == "Sở Nội vụ"
    assert after.hang[27][4] == "Phòng Văn hóa - Xã hội"
    assert after.hang[27][3] == ("Ban hành kế hoạch chậm nhất là ngày 26/12/2025 và tổ chức "
                                 "mở lớp theo kế hoạch đề ra.")  # 31/12/2025, 5 days earlier
    assert before.hang[2][4] == "Sở Tư pháp; UBND các xã, phường, đặc khu"
    assert after.hang[2][4] == "Văn phòng HĐND và UBND xã"  # the commune does not assign itself
    assert before.hang[6][5] == "Sở Tư pháp; Văn phòng UBND tỉnh"
    assert after.hang[6][5] == "Văn phòng HĐND và UBND xã"  # the two merge into one office
    assert after.hang[6][4] == "Các cơ quan, đơn vị thuộc UBND xã"
    assert not any(str(row[4]).startswith("Sở ") for row in after.hang)
    # a cited document of the province stays the province's ("Phương án số ..." included)
    assert after.hang[21][4] == before.hang[21][4] == (
        "Theo phân công tại Phương án số 7178/PA-UBND ngày 14/11/2025 của UBND tỉnh")
    # each rewrite is in --diff, under the appendix's path
    assert changed(result, "phu_luc[0].noi_dung[0].hang[27][4][0]", "Sở Nội vụ",
                   "Phòng Văn hóa - Xã hội")
    assert changed(result, "phu_luc[0].noi_dung[0].hang[27][3]", "31/12/2025", "26/12/2025")
    assert not any(c.rule == "phu-luc" for c in result.changes)
    # printed as the commune's appendix: "(Kèm theo Kế hoạch ... năm 2025)" of its plan
    assert "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026" in text
    assert re.search(r"\(Kèm theo Kế hoạch số\s+/KH-UBND ngày\s+tháng\s+năm 2025\)", text)
    assert "Phòng Văn hóa - Xã hội" in text.split("Kèm theo Kế hoạch")[-1]
    # the organisation section's bodies: "Sở Nội vụ có trách nhiệm ..." for the commune
    organisation = next(s for s in plan.muc_khac if s.loai_muc == "to-chuc-thuc-hien")
    duties = organisation.muc_con[0].muc_con
    assert duties[2].tieu_de.startswith("Phòng Văn hóa - Xã hội có trách nhiệm giúp Ủy ban "
                                        "nhân dân xã")


def test_real_plan_appendix_derived_for_a_district(lam_dong, tmp_path):
    """Lâm Đồng had districts before 01/7/2025 (huyện Đức Trọng among them): the same plan
    dated 12/2024 is derived for one."""
    data = lam_dong.model_dump()
    data["ngay_ban_hanh"]["nam"] = 2024
    result = derive(type(lam_dong).model_validate(data), "huyện Đức Trọng")
    plan, _text = check_derived(result, tmp_path)
    before, after = lam_dong.phu_luc[0].noi_dung[0], plan.phu_luc[0].noi_dung[0]
    assert len(after.hang) == len(before.hang)
    assert after.hang[27][4] == "Phòng Nội vụ"
    assert after.hang[2][4] == "Phòng Tư pháp; UBND các xã, thị trấn"
    assert after.hang[4][5] == "Phòng Kinh tế và Hạ tầng"  # Sở Khoa học và Công nghệ
    assert after.hang[6][5] == "Phòng Tư pháp; Văn phòng HĐND và UBND huyện"
    assert after.hang[6][4] == "Các cơ quan, đơn vị thuộc UBND huyện"
    assert changed(result, "phu_luc[0].noi_dung[0].hang[2][4][1]",
                   "UBND các xã, phường, đặc khu", "UBND các xã, thị trấn")


def test_seed_plan_imported_and_derived_renders_and_checks(tmp_path):
    if not SEED.is_file():
        pytest.skip(f"không có tệp {SEED} (../shared vắng mặt)")
    result, plan = derived(SEED, "huyện Cao Lộc", tmp_path)
    assert plan.nhiem_vu and plan.to_chuc_thuc_hien
    assert any(c.rule == "cho-trong" for c in result.changes)
    assert changed(result, "to_chuc_thuc_hien[0].co_quan", "Sở Nội vụ", "Phòng Nội vụ")
    assert changed(result, "nhiem_vu[0].co_quan_thuc_hien[3]", "UBND các xã, phường, thị trấn",
                   "UBND các xã, thị trấn")
    assert not any(s.loai_muc for s in plan.muc_khac)  # the seed's plan is all typed fields


def example_with(sections: list[dict], month: int = 8, year: int = 2025):
    """Return the Lạng Sơn example plan dated month/year with ``sections`` as muc_khac."""
    plan = vbhc.load("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    data = plan.model_dump()
    data["ngay_ban_hanh"].update(thang=month, nam=year)
    data["muc_khac"] = sections
    return type(plan).model_validate(data)


TASKS = {"cot": ["TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn"],
         "vai_tro_cot": ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian"],
         "hang": [[1, "Thanh tra việc thực hiện", "Thanh tra tỉnh", "Sở Nội vụ",
                   "Trước ngày 15/11/2025"],
                  [2, "Rà soát quy chế", "Sở Tư pháp", None, "Tháng 10/2025"]]}


def test_row_whose_lead_bodies_are_all_dropped_is_left_out_and_recorded():
    plan = example_with([{"tieu_de": "Nhiệm vụ", "loai_muc": "nhiem-vu-giai-phap",
                          "noi_dung": [TASKS]}])
    rules = {"xa": {"cum_tu": [{"id": "bo-thanh-tra", "tu": ["Thanh tra tỉnh"],
                                "thanh": None}]}}
    result = derive(plan, "xã Đồng Đăng", rules)  # a rule drops the row's only lead body
    bang = result.plan.muc_khac[0].noi_dung[0]
    assert [row[1] for row in bang.hang] == ["Rà soát quy chế"]
    assert bang.hang[0][2] == "Văn phòng HĐND và UBND xã"
    assert bang.hang[0][4] == "Tháng 10/2025"  # a month is not moved
    drop = next(c for c in result.changes if c.rule == "khong-con-co-quan")
    assert drop.path == "muc_khac[0].noi_dung[0].hang[0]" and drop.kind == "drop"
    assert "Thanh tra tỉnh" in drop.before


def test_untagged_section_is_kept_with_a_warning_naming_it():
    plan = example_with([{"tieu_de": "Một số nội dung khác", "noi_dung": ["Sở Nội vụ theo dõi."]}],
                        month=5, year=2024)
    result = derive(plan, "huyện Cao Lộc")
    assert result.plan.muc_khac[0].noi_dung == ["Phòng Nội vụ theo dõi."]
    warning = next(p for p in result.warnings if p.rule == "muc-chua-ro-loai")
    assert warning.path == "muc_khac[0]" and "Một số nội dung khác" in warning.excerpt


def test_figures_table_without_roles_is_kept_with_a_warning():
    figures = {"cot": ["Đơn vị", "Số cuộc"], "hang": [["Sở Nội vụ", 3]]}
    plan = example_with([{"tieu_de": "Kinh phí", "loai_muc": "kinh-phi",
                          "noi_dung": [figures]}], month=5, year=2024)
    result = derive(plan, "huyện Cao Lộc")
    section = result.plan.muc_khac[0]
    assert section.noi_dung[0].hang == [["Sở Nội vụ", 3]]
    assert any(p.rule == "bang-so-lieu" for p in result.warnings)
    # the funding placeholder goes to the section tagged kinh-phi
    assert section.noi_dung[-1].startswith("\\[CẦN BỔ SUNG: nguồn và mức kinh phí")


def test_shift_deadlines_moves_days_not_months_nor_citations():
    from vbhc.derivation.deadlines import shift_deadlines

    assert shift_deadlines("Trước ngày 03/01/2026", 5, True) == (
        "Trước ngày 29/12/2025", [("03/01/2026", "29/12/2025")])
    assert shift_deadlines("chậm nhất ngày 10 tháng 6 năm 2025", 5)[0] == \
        "chậm nhất ngày 05 tháng 6 năm 2025"
    assert shift_deadlines("Quý II/2025; tháng 6/2025", 5, True)[1] == []
    assert shift_deadlines("Theo Nghị định số 52/2015/NĐ-CP ngày 28/5/2015", 5, True)[1] == []
    report = "Các sở báo cáo UBND tỉnh trước ngày 15/12/2025."
    assert shift_deadlines(report, 5, only=set())[1] == []


def test_task_table_columns_are_sized_by_role():
    from vbhc.renderer.tables import _widths

    bang = Bang(**TASKS)
    widths = _widths(bang, 9000)
    assert sum(widths) == 9000
    assert widths[0] == min(widths) and widths[1] == max(widths)
    plain = Bang(cot=TASKS["cot"], hang=TASKS["hang"])
    assert _widths(plain, 9000)[0] == max(_widths(plain, 9000))  # unchanged without roles
