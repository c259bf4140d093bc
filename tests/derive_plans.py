"""Provincial plans for the derive tests, worded for any province and era: the Lạng Sơn
example with its province replaced, plus the texts a test needs (sections, bodies)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import vbhc
from tests.conftest import PLAN_EXAMPLE
from vbhc.derivation.units import Province
from vbhc.model.ke_hoach import KeHoach


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new).replace(old.upper(), new.upper())
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    return value


def seed_data() -> dict:
    """Return the Lạng Sơn example as a dict (no None values)."""
    data = vbhc.load(PLAN_EXAMPLE).model_dump(exclude_none=True)
    return data


def plan_for(province: Province, when: _dt.date, **fields: Any) -> KeHoach:
    """Return the example plan issued by UBND of ``province`` on ``when`` (day blank), its
    province named throughout (``tỉnh Lạng Sơn`` -> ``thành phố Hà Nội``…), ``fields``
    replacing the example's."""
    data = seed_data()
    data = _replace(data, "tỉnh Lạng Sơn", province.ten_day_du)
    data = _replace(data, "Lạng Sơn", province.ten)
    if province.loai != "tỉnh":  # a centrally-run city: "UBND Thành phố", "trên địa bàn Thành phố"
        data = _replace(data, "UBND tỉnh", "UBND Thành phố")
        data = _replace(data, "địa bàn tỉnh", "địa bàn Thành phố")
        data = _replace(data, "ban, ngành tỉnh", "ban, ngành Thành phố")
    data["co_quan"]["ten"] = f"ỦY BAN NHÂN DÂN {province.ten_day_du.upper()}"
    data["co_quan"]["dia_danh"] = province.ten
    data["ngay_ban_hanh"] = {"thang": when.month, "nam": when.year}
    data["che_do_bao_cao"]["han"] = [
        {"ky": "6 tháng", "ngay": _dt.date(when.year, 12, 10)},
    ]
    data.update(fields)
    plan = vbhc.validate(data)
    assert isinstance(plan, KeHoach)
    return plan
