"""Issue 14: plans of centrally-run cities (Hà Nội, Hồ Chí Minh) derived in both eras name
the city as ND30 Phụ lục II writes it: "thành phố Hà Nội" (generic noun lower case), but
"Thành phố Hồ Chí Minh" (a city named after a person: special case, capitalised); the
recipients report to the city by name, never to "UBND tỉnh"."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.derive_plans import plan_for
from vbhc.derivation import derive
from vbhc.derivation.units import province_named

BEFORE, AFTER = dt.date(2024, 5, 1), dt.date(2026, 1, 1)
CASES = [
    ("thành phố Hà Nội", BEFORE, "quận Ba Đình", "thành phố Hà Nội"),
    ("thành phố Hà Nội", AFTER, "phường Ba Đình", "thành phố Hà Nội"),
    ("Thành phố Hồ Chí Minh", BEFORE, "Quận 1", "Thành phố Hồ Chí Minh"),
    ("TP Hồ Chí Minh", AFTER, "phường Thủ Dầu Một", "Thành phố Hồ Chí Minh"),
]


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


def test_city_names_follow_nd30():
    assert province_named("Hà Nội").ten_day_du == "thành phố Hà Nội"
    assert province_named("thành phố Hồ Chí Minh").ten_day_du == "Thành phố Hồ Chí Minh"
    assert province_named("Đà Nẵng").ten_day_du == "thành phố Đà Nẵng"
    assert province_named("Lạng Sơn").ten_day_du == "tỉnh Lạng Sơn"


@pytest.mark.parametrize(("city", "when", "target", "written"), CASES,
                         ids=[f"{c[2]}-{c[1].year}" for c in CASES])
def test_city_plan_derived_in_both_eras(city, when, target, written):
    province = province_named(city)
    unit = next(u for u in province.era(when).units if u.ten_day_du == target)
    result = derive(plan_for(province, when), unit)
    plan = result.plan
    assert plan.co_quan.ten == f"ỦY BAN NHÂN DÂN {target.upper()}"
    assert plan.trich_yeu.endswith(f"trên địa bàn {target} năm 2024")
    assert f"của UBND {written} về thực hiện dân chủ ở cơ sở trên địa bàn {written} năm " \
           "2024, UBND " in plan.loi_dan
    assert plan.noi_nhan.danh_sach[0] == f"UBND {written} (b/c)"  # not "UBND tỉnh"
    assert not any(re.search(r"(?i)\btỉnh\b", line) for line in plan.noi_nhan.danh_sach)
    wrong = re.compile(rf"(?<!\w)(?!{re.escape(written)}){written[0].swapcase()}"
                       rf"{re.escape(written[1:])}")
    dump = plan.model_dump(exclude_none=True)
    assert [t for t in _texts(dump) if wrong.search(t)] == []


def test_a_ward_named_by_its_number_keeps_its_kind_word():
    """Lâm Đồng after 1 July 2025 has "Phường 1 Bảo Lộc", "Phường 2 Bảo Lộc"…: named by a
    number (ND30 Phụ lục I II.4), so the date line says "Phường 1 Bảo Lộc, ngày …" and the
    text "Phường 1 Bảo Lộc". The bench's 3,321-commune batch showed the fault: the data
    flagged only names of digits alone ("Quận 1"), so the place was "1 Bảo Lộc" and the
    check (dia-danh-ngay) refused the document."""
    from vbhc.batch import verified_bytes

    province = province_named("Lâm Đồng")
    unit = next(u for u in province.era(AFTER).units if u.ten == "1 Bảo Lộc")
    assert (unit.dia_danh, unit.ten_day_du) == ("Phường 1 Bảo Lộc", "Phường 1 Bảo Lộc")
    plan = derive(plan_for(province, AFTER), unit).plan
    assert plan.co_quan.dia_danh == "Phường 1 Bảo Lộc"
    assert plan.co_quan.ten == "ỦY BAN NHÂN DÂN PHƯỜNG 1 BẢO LỘC"
    assert "trên địa bàn Phường 1 Bảo Lộc" in plan.trich_yeu
    verified_bytes(plan, "phuong-1-bao-loc.docx")  # vbhc check finds no error
