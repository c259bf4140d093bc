"""Ngày tháng theo cách viết của văn bản hành chính (NĐ 30/2020, Phụ lục I, mục II.4)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

BLANK = "     "  # chỗ trống để văn thư điền tay khi văn bản là dự thảo


def ngay_thang(ngay: int | None, thang: int | None, nam: int) -> str:
    """Return the date-line words: "ngày 05 tháng 02 năm 2024".

    Days under 10 and the months 1 and 2 take a leading zero; a day or month
    left as None is printed as blank space for the văn thư to fill in.
    """
    day = BLANK if ngay is None else f"{ngay:02d}"
    return f"ngày {day} tháng {_thang(thang)} năm {nam}"


def _thang(thang: int | None) -> str:
    """Return the month as written on the date line: "01", "02", "3" ... "12" or a blank."""
    if thang is None:
        return BLANK
    return f"{thang:02d}" if thang <= 2 else str(thang)


def ngay_ngan(value: _dt.date) -> str:
    """Return the short body-text form "15/6/2024" (no padding)."""
    return f"{value.day}/{value.month}/{value.year}"


def _ngay_thang_nam(value: object) -> tuple[int | None, int | None, int]:
    """Return (ngay, thang, nam) from a date, an ISO string or an object/mapping with them."""
    if isinstance(value, str):
        try:
            value = _dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"Ngày không hợp lệ {value!r}: cần dạng YYYY-MM-DD") from exc
    if isinstance(value, _dt.date):
        return value.day, value.month, value.year
    if isinstance(value, Mapping):
        parts = (value.get("ngay"), value.get("thang"), value.get("nam"))
    else:
        parts = tuple(getattr(value, k, None) for k in ("ngay", "thang", "nam"))
    if parts[2] is None:
        raise TypeError(
            f"Không đọc được ngày tháng từ {value!r}: cần datetime.date "
            "hoặc đối tượng có ngay, thang, nam"
        )
    return parts  # type: ignore[return-value]


def ngay_thang_cua(value: object) -> str:
    """Return the date line for a date or an object/mapping with ngay/thang/nam.

    Filter-friendly wrapper of :func:`ngay_thang`: ``date(2024, 2, 5)`` gives
    "ngày 05 tháng 02 năm 2024"; ngay/thang left as None become blanks (dự thảo).
    """
    return ngay_thang(*_ngay_thang_nam(value))


def ngay_ngan_cua(value: object) -> str:
    """Return the short form "15/6/2024" for a date or an object/mapping with ngay/thang/nam."""
    ngay, thang, nam = _ngay_thang_nam(value)
    if ngay is None or thang is None:
        raise ValueError(f"Ngày dạng ngắn cần đủ ngày và tháng, nhận được {value!r}")
    return f"{ngay}/{thang}/{nam}"
