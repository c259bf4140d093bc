"""Commune-level derivation under the two-level local government (from 1 July 2025)."""

from __future__ import annotations

import re

import pytest

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.test_derive import texts
from vbhc.derivation import derive, targets
from vbhc.errors import InputError


@pytest.fixture(scope="module")
def source_2025():
    """The Lạng Sơn example re-dated August 2025, after the reorganisation."""
    plan = vbhc.load(PLAN_EXAMPLE)
    date = plan.ngay_ban_hanh.model_copy(update={"thang": 8, "nam": 2025})
    return plan.model_copy(update={"ngay_ban_hanh": date})


@pytest.fixture(scope="module")
def dong_dang(source_2025):
    return derive(source_2025, "xã Đồng Đăng")


@pytest.fixture(scope="module")
def rendered(dong_dang, tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("xa") / "dong-dang.docx"
    vbhc.render(dong_dang.plan, out)
    return texts(out)


def test_targets_follow_the_plan_date(source_2025):
    assert len(targets(source_2025)) == 65
    assert len(targets(vbhc.load(PLAN_EXAMPLE))) == 11


def test_commune_header(rendered):
    assert rendered[1:3] == ["ỦY BAN NHÂN DÂN", "XÃ ĐỒNG ĐĂNG"]  # nd30 §7.2
    assert "Số: /KH-UBND" in rendered
    assert "Đồng Đăng, ngày tháng năm 2025" in rendered  # month not copied (issue 14)
    assert "Thực hiện dân chủ ở cơ sở trên địa bàn xã Đồng Đăng năm 2025" not in rendered
    assert "Thực hiện dân chủ ở cơ sở trên địa bàn xã Đồng Đăng năm 2024" in rendered


def test_commune_body(rendered, dong_dang):
    text = "\n".join(rendered)
    assert "UBND các huyện" not in text and "trên địa bàn tỉnh Lạng Sơn năm 2024," in text
    bodies = [t for t in rendered if "Cơ quan thực hiện:" in t]
    # issue 14: UBND xã never implements its own plan; a task it alone had goes to its offices
    assert bodies[0].endswith("Cơ quan thực hiện: các cơ quan, đơn vị thuộc UBND xã; đơn vị sự "
                              "nghiệp công lập thuộc UBND xã.")
    assert bodies[1].endswith("Cơ quan thực hiện: các cơ quan, đơn vị thuộc UBND xã.")
    heads = [t for t in rendered if re.match(r"^\d\. (Phòng|Các cơ quan|Đề nghị|UBND)", t)]
    assert heads[:3] == ["1. Phòng Văn hóa - Xã hội", "2. Các cơ quan, đơn vị thuộc UBND xã",
                         "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã"]
    assert ("UBND xã yêu cầu thủ trưởng các cơ quan, đơn vị thuộc UBND xã nghiêm túc triển khai "
            "thực hiện./.") in rendered
    one = [t for t in rendered if "định kỳ báo cáo UBND xã (qua Phòng Văn hóa - Xã hội)" in t]
    assert len(one) == 1 and "10/6/2024" in one[0]
    assert [t for t in rendered if "báo cáo UBND tỉnh (qua Sở Nội vụ)" in t]
    assert "- TT Đảng ủy xã, TT HĐND xã;" in rendered and "- Lưu: VT, VHXH." in rendered
    dropped = {c.path for c in dong_dang.changes if c.kind == "drop"}
    assert {"to_chuc_thuc_hien[2]", "nhiem_vu[0].co_quan_thuc_hien[2]"} <= dropped


def test_district_name_after_2025_is_refused(source_2025):
    with pytest.raises(InputError, match="có phải: xã Cao Lộc"):
        derive(source_2025, "huyện Cao Lộc")


def test_every_commune_derives(source_2025):
    for unit in targets(source_2025):
        plan = derive(source_2025, unit).plan
        assert plan.co_quan.ten.endswith(unit.ten_day_du.upper())
        assert "trên địa bàn tỉnh" not in plan.trich_yeu
