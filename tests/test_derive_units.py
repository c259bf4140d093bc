"""Administrative units as packaged data: both eras of Lạng Sơn, lookup by any spelling."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from vbhc.derivation import find_unit, provinces
from vbhc.errors import InputError

MAY_2024 = dt.date(2024, 5, 1)
AUG_2025 = dt.date(2025, 8, 1)


@pytest.fixture(scope="module")
def lang_son():
    (province,) = [p for p in provinces() if p.ten == "Lạng Sơn"]
    return province


def test_district_era_matches_the_statistics_office_list(lang_son):
    era = lang_son.era(MAY_2024)
    assert era.cap == "huyen"
    assert len(era.units) == 11
    assert Counter(u.loai for u in era.units) == {"huyện": 10, "thành phố": 1}
    communes = [c for u in era.units for c in u.cap_xa]
    assert len(communes) == 200
    kinds = Counter("thị trấn" if c.startswith("thị trấn ") else c.split(" ")[0]
                    for c in communes)
    assert kinds == {"xã": 181, "phường": 5, "thị trấn": 14}


def test_january_2025_era_after_resolution_1246(lang_son):
    era = lang_son.era(dt.date(2025, 3, 1))
    assert len(era.units) == 11
    assert sum(len(u.cap_xa) for u in era.units) == 194


def test_commune_era_after_the_2025_reorganisation(lang_son):
    era = lang_son.era(AUG_2025)
    assert era.cap == "xa"
    assert Counter(u.loai for u in era.units) == {"xã": 61, "phường": 4}
    assert lang_son.era(dt.date(2025, 6, 30)).cap == "huyen"
    # earliest era (the first GSO snapshot, 11/09/2019) for older plans
    assert lang_son.era(dt.date(2018, 1, 1)).tu_ngay == dt.date(2019, 9, 11)


@pytest.mark.parametrize("name", ["Cao Lộc", "huyện Cao Lộc", "cao loc", "Huyen Cao Loc",
                                  "  HUYỆN  CAO LỘC "])
def test_find_district_by_any_spelling(lang_son, name):
    unit = find_unit(lang_son, name, MAY_2024)
    assert unit.ten_day_du == "huyện Cao Lộc"
    assert unit.sub_kinds(["xã", "phường", "thị trấn"]) == ["xã", "thị trấn"]


def test_city_has_wards_and_communes(lang_son):
    city = find_unit(lang_son, "tp Lạng Sơn", MAY_2024)
    assert city.ten_day_du == "thành phố Lạng Sơn"
    assert city.dia_danh == "Lạng Sơn"
    assert city.sub_kinds(["xã", "phường", "thị trấn"]) == ["xã", "phường"]


def test_commune_names_and_person_named_ward(lang_son):
    assert find_unit(lang_son, "xa dong dang", AUG_2025).ten_day_du == "xã Đồng Đăng"
    ward = find_unit(lang_son, "phường Lương Văn Tri", AUG_2025)
    assert ward.ten_day_du == "Phường Lương Văn Tri"  # named after a person: ND30 Phụ lục II
    assert ward.dia_danh == "Phường Lương Văn Tri"


def test_unknown_name_suggests_the_closest(lang_son):
    with pytest.raises(InputError) as exc:
        find_unit(lang_son, "Cao Lam", MAY_2024)
    assert "không tìm thấy đơn vị hành chính 'Cao Lam'" in str(exc.value)
    assert "có phải: huyện Cao Lộc?" in str(exc.value)


def test_unit_of_the_other_era_is_explained(lang_son):
    with pytest.raises(InputError) as exc:
        find_unit(lang_son, "huyện Cao Lộc", AUG_2025)
    message = str(exc.value)
    assert "đến ngày 30/06/2025" in message and "--as-of" in message
    assert "xã Cao Lộc" in message
    with pytest.raises(InputError, match="thị trấn Đồng Đăng thuộc huyện Cao Lộc"):
        find_unit(lang_son, "Đồng Đăng", MAY_2024)
