"""Issue 14, "Dates": deadlines written in the text of the province's plan ("hoàn thành trước
ngày 15/01/2026", "trong tháng 7/2024", "Quý III/2024") are checked in the derived plan:
one already past on the derived plan's issue date, or a deadline for reporting up to the
province copied as it is, is a warning naming the field; citations never are."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.derive_plans import seed_data
from vbhc import cli
from vbhc.derivation import derive
from vbhc.derivation.deadlines import find_deadlines, is_report_up

RULES = {"han-da-qua", "han-bao-cao-chep"}
ISSUED = "2024-08-01"  # --ngay of the derived plans below; the province's plan: May 2024


def plan_with(task: str | None = None, thoi_gian: str | None = None,
              duty: str | None = None, section: str | None = None):
    """Return the Lạng Sơn example with ``task`` as the last content item of task 0,
    ``thoi_gian`` as its time frame, ``duty`` added to Sở Nội vụ's duties and ``section``
    as a free section's paragraph."""
    data = seed_data()
    if task is not None:
        data["nhiem_vu"][0]["noi_dung"].append([task])
    if thoi_gian is not None:
        data["nhiem_vu"][0]["thoi_gian"] = thoi_gian
    if duty is not None:
        data["to_chuc_thuc_hien"][0]["nhiem_vu"].append(duty)
    if section is not None:
        data["muc_khac"] = [{"tieu_de": "Tiến độ", "noi_dung": [section]}]
    return vbhc.validate(data)


def warned(result) -> list[tuple[str, str, str]]:
    """Return (rule, path, excerpt) of the deadline warnings."""
    return [(w.rule, w.path, w.excerpt) for w in result.warnings if w.rule in RULES]


def message(result, rule: str) -> str:
    (found,) = [w.message for w in result.warnings if w.rule == rule]
    return found


@pytest.mark.parametrize(("text", "excerpt"), [
    ("Các cơ quan hoàn thành trước ngày 15/7/2024.", "trước ngày 15/7/2024"),
    ("Hoàn thành trước ngày 15/01/2024 việc rà soát.", "trước ngày 15/01/2024"),
    ("Tổ chức hội nghị chậm nhất là ngày 30 tháng 6 năm 2024.",
     "chậm nhất là ngày 30 tháng 6 năm 2024"),
    ("Tổ chức tập huấn trong tháng 7/2024.", "trong tháng 7/2024"),
    ("Tổ chức tập huấn trong tháng 7 năm 2024.", "trong tháng 7 năm 2024"),
    ("Sơ kết, đánh giá trong Quý II/2024.", "trong Quý II/2024"),
])
def test_past_deadline_in_task_text_is_warned(text, excerpt):
    result = derive(plan_with(task=text), "huyện Cao Lộc", ngay=ISSUED)
    assert warned(result) == [("han-da-qua", "nhiem_vu[0].noi_dung[4]", excerpt)]
    assert message(result, "han-da-qua").endswith(
        "không sau ngày ban hành kế hoạch này (01/08/2024): huyện Cao Lộc không thể thực "
        "hiện kịp; đặt lại hạn cho cấp này")
    # the text itself is never rewritten: warnings only
    assert result.plan.nhiem_vu[0].noi_dung[4] == [text]


def test_period_message_names_its_last_day():
    result = derive(plan_with(task="Tập huấn trong tháng 7/2024."), "huyện Cao Lộc", ngay=ISSUED)
    assert message(result, "han-da-qua").startswith(
        "hạn 'trong tháng 7/2024' (hết ngày 31/7/2024) không sau ngày ban hành")


@pytest.mark.parametrize("text", [
    "Hoàn thành trước ngày 15/01/2026.",
    "Tổ chức trong tháng 8/2024.",  # ends 31/8, after the issue date
    "Tổng kết trong Quý III/2024.",
    "Gửi kết quả trước ngày 20/12 hằng năm.",  # recurring: no year
    "Gửi kết quả trước ngày 20/12/2023 và hằng năm.",  # recurring
    "Tổ chức hội nghị ngày 15/3/2024.",  # an event, no deadline word
])
def test_later_recurring_or_undated_deadlines_are_silent(text):
    assert warned(derive(plan_with(task=text), "huyện Cao Lộc", ngay=ISSUED)) == []


def test_time_frame_field_dates_count_without_a_deadline_word():
    result = derive(plan_with(thoi_gian="Quý II/2024"), "huyện Cao Lộc", ngay=ISSUED)
    assert warned(result) == [("han-da-qua", "nhiem_vu[0].thoi_gian", "Quý II/2024")]
    ranged = derive(plan_with(thoi_gian="Từ tháng 3/2024 đến tháng 12/2024"), "huyện Cao Lộc",
                    ngay=ISSUED)
    assert warned(ranged) == []  # the start is past, the deadline is not
    # a year before the issue year is already the time-frame warning (rule thoi-gian)
    old = derive(plan_with(thoi_gian="Quý IV/2023"), "huyện Cao Lộc", ngay=ISSUED)
    assert warned(old) == [] and "thoi-gian" in {w.rule for w in old.warnings}


def test_without_ngay_the_province_month_is_the_earliest_issue_date():
    # the province's plan is dated May 2024 (day blank): the unit's plan cannot be earlier
    result = derive(plan_with(task="Hoàn thành trước ngày 20/4/2024."), "huyện Cao Lộc")
    assert warned(result) == [("han-da-qua", "nhiem_vu[0].noi_dung[4]", "trước ngày 20/4/2024")]
    assert "(sớm nhất 01/05/2024)" in message(result, "han-da-qua")
    assert warned(derive(plan_with(task="Hoàn thành trước ngày 20/7/2024."),
                         "huyện Cao Lộc")) == []


def test_report_deadline_to_the_province_copied_is_warned_with_the_rule_shift():
    duty = "Tổng hợp, báo cáo UBND tỉnh kết quả thực hiện trước ngày 15/12/2024."
    result = derive(plan_with(duty=duty), "huyện Cao Lộc", ngay=ISSUED)
    assert warned(result) == [("han-bao-cao-chep", "to_chuc_thuc_hien[0].nhiem_vu[2]",
                               "trước ngày 15/12/2024")]
    assert message(result, "han-bao-cao-chep") == (
        "hạn báo cáo lên tỉnh 'trước ngày 15/12/2024' được chép nguyên từ kế hoạch của tỉnh: "
        "hạn báo cáo của cấp này phải sớm hơn, đề nghị trước ngày 10/12/2024 (sớm hơn 5 ngày, "
        "như quy tắc che-do-bao-cao đã dời hạn trong che_do_bao_cao.han); văn bản không tự "
        "sửa, cần sửa tay")
    kept = result.plan.to_chuc_thuc_hien[0].nhiem_vu[2]
    assert kept == "Tổng hợp, báo cáo UBND huyện kết quả thực hiện trước ngày 15/12/2024."


def test_report_deadline_shift_follows_the_rules_and_periods():
    rules = {"huyen": {"bao_cao": {"so_ngay_truoc": 7}}}
    result = derive(plan_with(section="Các sở gửi báo cáo về Sở Nội vụ trong tháng 11/2024."),
                    "huyện Cao Lộc", rules=rules, ngay=ISSUED)
    assert warned(result) == [("han-bao-cao-chep", "muc_khac[0].noi_dung[0]",
                               "trong tháng 11/2024")]
    text = message(result, "han-bao-cao-chep")
    assert "(hết ngày 30/11/2024)" in text and "đề nghị trước ngày 23/11/2024 (sớm hơn 7 ngày" \
        in text


def test_a_past_report_deadline_is_warned_once_as_past():
    duty = "Báo cáo UBND tỉnh chậm nhất ngày 15/7/2024."
    result = derive(plan_with(duty=duty), "huyện Cao Lộc", ngay=ISSUED)
    assert [r for r, _, _ in warned(result)] == ["han-da-qua"]


def test_non_report_deadline_is_not_a_report_warning():
    result = derive(plan_with(duty="Hoàn thành việc rà soát trước ngày 15/12/2024."),
                    "huyện Cao Lộc", ngay=ISSUED)
    assert warned(result) == []


CITATIONS = [
    "Thực hiện Kế hoạch số 42/KH-UBND ngày 15/3/2024 của UBND tỉnh về dân chủ ở cơ sở.",
    "Theo Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ.",
    "Quán triệt Nghị quyết số 12-NQ/TU ngày 30 tháng 6 năm 2024 của Tỉnh ủy.",
    "Báo cáo UBND tỉnh theo Công văn số 12/SNV-XDCQ ngày 15/3/2024 của Sở Nội vụ.",
    "Kế hoạch số 31-KH/BCĐ, ngày 03/02/2024 của Ban Chỉ đạo tỉnh.",
    "Các văn bản ban hành trước ngày 01/7/2024 được rà soát.",
]


@pytest.mark.parametrize("text", CITATIONS)
def test_citations_never_warn(text):
    for plan in (plan_with(task=text), plan_with(duty=text), plan_with(section=text),
                 plan_with(thoi_gian=text)):
        assert warned(derive(plan, "huyện Cao Lộc", ngay=ISSUED)) == []
    assert find_deadlines(text) == [] and find_deadlines(text, time_frame=True) == []


def test_the_cao_loc_derivation_gets_no_deadline_warning():
    # its plan's dates are all citations (căn cứ, the lead, footnotes): the existing list of
    # Cao Lộc warnings (test_derive.py) is unchanged
    source = vbhc.load(PLAN_EXAMPLE)
    assert warned(derive(source, "huyện Cao Lộc")) == []
    assert warned(derive(source, "huyện Cao Lộc", ngay="2024-12-01")) == []


def test_a_commune_and_a_city_get_the_same_checks():
    duty = "Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2025."
    result = derive(plan_with(duty=duty, task="Hoàn thành trước ngày 30/6/2025."),
                    "xã Đồng Đăng", as_of="2025-07-01")
    rules = [r for r, _, _ in warned(result)]
    assert rules == ["han-da-qua", "han-bao-cao-chep"]
    assert "xã Đồng Đăng không thể thực hiện kịp" in message(result, "han-da-qua")


def test_find_deadlines_forms():
    found = find_deadlines("Hoàn thành trước ngày 15/01/2026; chậm nhất là ngày 30 tháng 6 "
                           "năm 2024; trong tháng 7/2024; trước ngày 20/12 hằng năm; "
                           "hoàn thành trong quý IV năm 2024; hạn 31/2/2024")
    assert [(d.excerpt, d.date, d.kind) for d in found] == [
        ("trước ngày 15/01/2026", dt.date(2026, 1, 15), "ngày"),
        ("chậm nhất là ngày 30 tháng 6 năm 2024", dt.date(2024, 6, 30), "ngày"),
        ("trong tháng 7/2024", dt.date(2024, 7, 31), "tháng"),
        ("hoàn thành trong quý IV năm 2024", dt.date(2024, 12, 31), "quý"),
    ]
    assert is_report_up("báo cáo Thành phố về kết quả trước ngày 1/12/2024", "thành phố") \
        is False
    assert is_report_up("gửi báo cáo về UBND Thành phố trước ngày 1/12/2024", "thành phố")


def test_diff_lists_the_deadline_warnings(monkeypatch, tmp_path):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "derive", "vbhc.commands.derive:derive")
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["to_chuc_thuc_hien"][0]["nhiem_vu"].append(
        "Tổng hợp, báo cáo UBND tỉnh trước ngày 15/12/2024.")
    source = tmp_path / "ke-hoach.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    result = CliRunner().invoke(cli.main, ["derive", str(source), "--to", "Cao Lộc", "--diff",
                                           "-o", str(tmp_path / "cl.yaml")])
    assert result.exit_code == 0, result.output
    assert ("[han-bao-cao-chep] (cảnh báo) to_chuc_thuc_hien[0].nhiem_vu[2]: "
            "“trước ngày 15/12/2024” — hạn báo cáo lên tỉnh") in result.stdout
    assert "Cảnh báo: to_chuc_thuc_hien[0].nhiem_vu[2]" in result.stderr
