"""Ngày tháng: dòng địa danh–ngày tháng và dạng ngắn trong thân văn bản."""

import datetime
from types import SimpleNamespace

import jinja2
import pytest

from vbhc.lang import FILTERS, ngay_ngan, ngay_ngan_cua, ngay_thang, ngay_thang_cua
from vbhc.lang.dates import BLANK
from vbhc.lang.filters import register_filters


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((5, 2, 2024), "ngày 05 tháng 02 năm 2024"),
        ((20, 11, 2024), "ngày 20 tháng 11 năm 2024"),
        ((1, 1, 2025), "ngày 01 tháng 01 năm 2025"),
        ((9, 3, 2024), "ngày 09 tháng 3 năm 2024"),
        ((10, 12, 2024), "ngày 10 tháng 12 năm 2024"),
        ((None, 6, 2024), f"ngày {BLANK} tháng 6 năm 2024"),
        ((None, None, 2024), f"ngày {BLANK} tháng {BLANK} năm 2024"),
    ],
)
def test_ngay_thang(args, text):
    assert ngay_thang(*args) == text


def test_ngay_ngan():
    assert ngay_ngan(datetime.date(2024, 6, 15)) == "15/6/2024"
    assert ngay_ngan(datetime.date(2024, 1, 5)) == "5/1/2024"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime.date(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (datetime.datetime(2024, 11, 20, 8, 30), "ngày 20 tháng 11 năm 2024"),
        ("2024-03-09", "ngày 09 tháng 3 năm 2024"),
        (SimpleNamespace(ngay=5, thang=2, nam=2024), "ngày 05 tháng 02 năm 2024"),
        (SimpleNamespace(ngay=None, thang=None, nam=2024), f"ngày {BLANK} tháng {BLANK} năm 2024"),
        ({"ngay": 20, "thang": 11, "nam": 2024}, "ngày 20 tháng 11 năm 2024"),
        ({"thang": 7, "nam": 2024}, f"ngày {BLANK} tháng 7 năm 2024"),
    ],
)
def test_ngay_thang_cua(value, text):
    assert ngay_thang_cua(value) == text


def test_ngay_ngan_cua():
    assert ngay_ngan_cua(datetime.date(2024, 6, 15)) == "15/6/2024"
    assert ngay_ngan_cua(SimpleNamespace(ngay=15, thang=6, nam=2024)) == "15/6/2024"
    with pytest.raises(ValueError, match="đủ ngày và tháng"):
        ngay_ngan_cua(SimpleNamespace(ngay=None, thang=6, nam=2024))


@pytest.mark.parametrize("value", [None, 2024, object(), {"ngay": 1}])
def test_ngay_thang_cua_rejects(value):
    with pytest.raises(TypeError, match="Không đọc được ngày tháng"):
        ngay_thang_cua(value)


def test_bad_iso_string():
    with pytest.raises(ValueError, match="Ngày không hợp lệ"):
        ngay_thang_cua("05/02/2024")


def test_filters_in_jinja():
    assert FILTERS["ngay_thang"] is ngay_thang_cua
    env = register_filters(jinja2.Environment())
    tpl = env.from_string("Hà Nội, {{ d | ngay_thang }} ({{ d | ngay_ngan }})")
    out = tpl.render(d=datetime.date(2024, 2, 5))
    assert out == "Hà Nội, ngày 05 tháng 02 năm 2024 (5/2/2024)"
