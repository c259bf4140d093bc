"""Ngày tháng theo cách viết của văn bản hành chính (NĐ 30/2020, Phụ lục I, mục II.4)."""

from __future__ import annotations

import datetime as _dt

BLANK = "     "  # chỗ trống để văn thư điền tay khi văn bản là dự thảo


def ngay_thang(ngay: int | None, thang: int | None, nam: int) -> str:
    """Return the date-line words: "ngày 05 tháng 02 năm 2024".

    Days under 10 and the months 1 and 2 take a leading zero; a day or month
    left as None is printed as blank space for the văn thư to fill in.
    """
    day = BLANK if ngay is None else f"{ngay:02d}"
    if thang is None:
        month = BLANK
    else:
        month = f"{thang:02d}" if thang <= 2 else str(thang)
    return f"ngày {day} tháng {month} năm {nam}"


def ngay_ngan(value: _dt.date) -> str:
    """Return the short body-text form "15/6/2024" (no padding)."""
    return f"{value.day}/{value.month}/{value.year}"
