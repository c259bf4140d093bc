"""Issue 14, Done when: derive one unit of every province, before 1 July 2025 (63 provinces,
a district) and after (34, a commune), from a provincial plan worded for that province, and
no province-level phrase survives in the derived plan without a warning naming its field."""

from __future__ import annotations

import datetime as dt
import re

import pytest

import vbhc
from tests.derive_plans import _replace, plan_for
from vbhc.derivation import derive
from vbhc.derivation.phrases import scope_of
from vbhc.derivation.rules import load_rules
from vbhc.derivation.units import REFORM_DATE, Province, province_named, provinces

BEFORE, AFTER = dt.date(2024, 5, 1), dt.date(2026, 1, 1)
EXEMPT = ("loi_dan", "can_cu", "chu_thich", "noi_nhan", "co_quan", "nguoi_ky")
"""Fields that name the province on purpose: the lead paragraph cites the province's plan,
legal bases and footnotes are cited documents, the recipients and the upward report are the
higher authority kept by rule."""


def _pre_2025() -> list[Province]:
    return [p for p in provinces() if p.eras[0].tu_ngay <= BEFORE]


def _post_2025() -> list[Province]:
    seen, out = set(), []
    for p in provinces():
        era = p.era(AFTER)
        if era.tu_ngay < REFORM_DATE or (era.loai_tinh, era.ten_tinh) in seen:
            continue
        seen.add((era.loai_tinh, era.ten_tinh))
        out.append(province_named(f"{era.loai_tinh} {era.ten_tinh}"))
    return out


def test_both_lists_are_complete():
    assert len(_pre_2025()) == 63 and len(_post_2025()) == 34


def worded(province: Province, when: dt.date):
    """Return the example plan reworded for ``province`` in the era of ``when``, with the
    phrases of the issue: an ALL-CAPS title, enumerations, heads of offices."""
    noun = "Thành phố" if province.loai == "thành phố" else "tỉnh"
    if when >= REFORM_DATE:
        below = "UBND các xã, phường, đặc khu"
    else:
        below = "UBND các huyện, thị xã, thành phố"
    section = {"tieu_de": f"KẾT QUẢ TRÊN ĐỊA BÀN {province.ten_day_du.upper()}",
               "noi_dung": [f"Giám đốc Sở Tài chính và Chánh Văn phòng UBND {noun} theo dõi; "
                            f"{below} thực hiện trên địa bàn {noun}.",
                            f"Ủy ban nhân dân {province.ten_day_du} chỉ đạo."]}
    plan = plan_for(province, when, muc_khac=[section])
    if when >= REFORM_DATE:  # worded after the reform: communes, no districts
        data = plan.model_dump(exclude_none=True)
        data = _replace(data, "UBND các huyện, thành phố", "UBND các xã, phường")
        data = _replace(data, "UBND các xã, phường, thị trấn", "UBND các xã, phường")
        plan = vbhc.validate(data)
    return plan


def provincial(province: Province, level: str) -> re.Pattern:
    """Return the phrases that name the province's level (or the district level after 2025):
    its name, "tỉnh" in any case, a Sở, "sở, ban, ngành", and for a centrally-run city
    "Thành phố" capitalised as its name."""
    names = [re.escape(province.ten), r"(?i:\btỉnh\b)", r"\bSở [A-ZĐ]", r"\bSỞ\b",
             r"(?i:\bsở, ban, ngành\b)"]
    if province.loai == "thành phố":
        names += [r"\bThành phố\b", r"\bTHÀNH PHỐ\b"]
    if level == "xa":
        names += [r"(?i:\bhuyện\b)", r"(?i:\bcác xã, phường\b)", r"(?i:\bthị trấn\b)"]
    return re.compile("|".join(names))


def leftovers(value, path: str = ""):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from leftovers(v, f"{path}.{k}" if path else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from leftovers(v, f"{path}[{i}]")


def _unwarned(result, pattern: re.Pattern, level: str, unit) -> list[str]:
    rules = load_rules(level)
    cited = [re.compile(c) for c in rules.trich_dan]
    warned: dict[str, str] = {}
    for w in result.warnings:
        warned[scope_of(w.path)] = warned.get(scope_of(w.path), "") + " " + w.excerpt
    bad = []
    for path, text in leftovers(result.plan.model_dump(exclude_none=True)):
        if path.split(".")[0].split("[")[0] in EXEMPT:
            continue
        text = re.sub(r"báo cáo UBND (?:tỉnh|Thành phố|thành phố) \(qua Sở [^)]*\)", "", text)
        text = re.sub(re.escape(unit.ten_day_du), "", text, flags=re.IGNORECASE)
        for c in cited:
            text = c.sub("", text)
        for m in pattern.finditer(text):
            if m.group() not in warned.get(scope_of(path), ""):
                bad.append(f"{path}: {m.group()!r} in {text[:120]!r}")
    return bad


@pytest.mark.parametrize("province", _pre_2025(), ids=lambda p: p.ten)
def test_every_province_before_2025(province):
    plan = worded(province, BEFORE)
    unit = province.era(BEFORE).units[0]
    result = derive(plan, unit)
    assert result.plan.co_quan.ten.endswith(unit.ten_day_du.upper())
    assert _unwarned(result, provincial(province, "huyen"), "huyen", unit) == []
    section = result.plan.muc_khac[0]
    assert section.tieu_de == f"KẾT QUẢ TRÊN ĐỊA BÀN {unit.ten_day_du.upper()}"
    assert section.noi_dung[1].startswith(f"Ủy ban nhân dân {unit.ten_day_du} chỉ đạo")


@pytest.mark.parametrize("province", _post_2025(), ids=lambda p: p.ten)
def test_every_province_after_2025(province):
    plan = worded(province, AFTER)
    unit = province.era(AFTER).units[0]
    result = derive(plan, unit)
    assert result.plan.co_quan.cap == "xa"
    assert _unwarned(result, provincial(province, "xa"), "xa", unit) == []
    section = result.plan.muc_khac[0]
    assert section.tieu_de == f"KẾT QUẢ TRÊN ĐỊA BÀN {unit.ten_day_du.upper()}"
