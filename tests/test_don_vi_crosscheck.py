"""The packaged units against a second source, as a test-only comparison.

From 1 July 2025: the ``vietnam-provinces`` package (dev extra; its data is the Statistics
Office's published list, 18/10/2025 in version 2025.10.1). Before: ``vietnamadminunits``'s
63-province table, only when that package happens to be installed (it is not a dev extra: it
pulls in shapely and geopy); its database is read directly, without importing the package.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from vbhc.derivation.names import fold
from vbhc.derivation.units import REFORM_DATE, load_province, provinces


def _key(kind: str, name: str) -> str:
    """Compare names across sources: case, tone-mark placement ("Hoà"/"Hòa"), apostrophes,
    dashes and stray spaces do not count."""
    return re.sub(r"[^a-z0-9]+", " ", fold(f"{kind} {name}")).strip()


def _after_reform() -> dict[str, tuple[str, str, str]]:
    """Return code -> (province code, kind, name) of every commune from 1 July 2025."""
    out = {}
    for prov in provinces():
        era = prov.era(REFORM_DATE)
        if era.tu_ngay >= REFORM_DATE:
            out.update({u.ma: (era.ma_tinh, u.loai, u.ten) for u in era.units})
    return out


def test_communes_from_1_july_2025_match_vietnam_provinces():
    vp = pytest.importorskip("vietnam_provinces", reason="cài gói dev vietnam-provinces")
    ours = _after_reform()
    theirs = {}
    for ward in vp.Ward.iter_all():
        kind = ward.division_type.value
        name = ward.name.strip()
        assert fold(name).startswith(fold(kind) + " ")
        theirs[f"{int(ward.code):05d}"] = (f"{int(ward.province_code):02d}", kind,
                                           name[len(kind) + 1:])
    assert len(theirs) == len(ours) == 3_321
    # Names and kinds, province by province: the same 3,321 units.
    def names(data: dict) -> Counter:
        return Counter((p, _key(k, n)) for p, k, n in data.values())
    assert names(ours) == names(theirs)
    # Codes: ours follow Công văn 1027/CTK-CSCL (25/6/2025, via dvhcvn/20250701); the Office's
    # published list gives 122 communes another code (all inside the same province, e.g. xã
    # Quốc Khánh of Lạng Sơn: 06004 here, 06016 there): 113 of our codes are not in that list,
    # 9 name another commune there. Codes are not used when deriving.
    differ = sorted(c for c in ours if theirs.get(c) is None
                    or _key(*ours[c][1:]) != _key(*theirs[c][1:]))
    assert len(differ) == 122
    assert len([c for c in differ if c not in theirs]) == 113
    assert {"06004", "06124", "06196", "06211", "06436"} <= set(differ)  # the 5 of Lạng Sơn
    provinces_of = {(p, k) for p, k, _ in theirs.values()}
    assert {p for p, _ in provinces_of} == {p for p, _, _ in ours.values()}


def test_provinces_from_1_july_2025_match_vietnam_provinces():
    vp = pytest.importorskip("vietnam_provinces", reason="cài gói dev vietnam-provinces")
    ours = {}
    for prov in provinces():
        era = prov.era(REFORM_DATE)
        if era.tu_ngay >= REFORM_DATE:
            ours[era.ma_tinh] = (era.loai_tinh, era.ten_tinh)
    theirs = {}
    for prov in vp.Province.iter_all():
        kind = "thành phố" if prov.division_type.value == "thành phố trung ương" else "tỉnh"
        name = re.sub(r"^(Thành phố|Tỉnh) ", "", prov.name)
        theirs[f"{int(prov.code):02d}"] = (kind, name)
    assert {c: _key(*v) for c, v in ours.items()} == {c: _key(*v) for c, v in theirs.items()}


def _legacy_db() -> Path | None:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "dataset.db"
    return path if path.exists() else None


def test_communes_before_the_reform_match_vietnamadminunits():
    path = _legacy_db()
    if path is None:
        pytest.skip("gói vietnamadminunits không được cài (không thuộc dev extras)")
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT DISTINCT wardCode, provinceCode FROM admin_units_legacy "
                            "WHERE wardCode IS NOT NULL").fetchall()
    theirs = Counter(p for _, p in rows)
    ours: Counter = Counter()
    for prov in provinces():
        era = prov.era(dt.date(2025, 3, 1))
        if era.tu_ngay < REFORM_DATE:
            ours[era.ma_tinh] += sum(len(u.cap_xa) for u in era.units)
    assert sum(ours.values()) == 10_047
    # Their table lacks 12 communes of the 01/03/2025 list (Bắc Giang 3, Thanh Hóa 2,
    # Hà Tĩnh 1, Huế 1, Quảng Nam 1, Lâm Đồng 4); every other province agrees.
    assert sum((ours - theirs).values()) == 12 and not theirs - ours
    assert load_province("lang-son").era(dt.date(2025, 3, 1)).ma_tinh == "20"
