"""Ngày tháng theo cách viết của văn bản hành chính (NĐ 30/2020, Phụ lục I, mục II.4).

The one place that pads days and months: days under 10 and the months 1 and 2 take a
leading zero ("ngày 05 tháng 02 năm 2024", "ngày 10 tháng 5 năm 2024"). The date line
(:func:`ngay_thang`), the short date of a citation (:func:`short_date`) and every wing use
:func:`day_digits` and :func:`month_digits`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

BLANK = "     "  # chỗ trống để văn thư điền tay khi văn bản là dự thảo


def day_digits(ngay: int | None, blank: str = BLANK) -> str:
    """Return the day as written in a date: 1..9 -> "01".."09", 10..31 as is; ``blank``
    (default five spaces, for the văn thư to fill in) when ``ngay`` is None.

    ND30, Phụ lục I, mục II.4: "những số chỉ ngày nhỏ hơn 10 ... phải ghi thêm số 0 phía
    trước". Does not check the range.
    """
    return blank if ngay is None else f"{ngay:02d}"


def month_digits(thang: int | None, blank: str = BLANK) -> str:
    """Return the month as written in a date: "01", "02", then "3" ... "12" unpadded;
    ``blank`` when ``thang`` is None.

    ND30, Phụ lục I, mục II.4: only the months 1 and 2 take a leading zero ("tháng 03"
    is wrong). Does not check the range.
    """
    if thang is None:
        return blank
    return f"{thang:02d}" if thang <= 2 else str(thang)


def ngay_thang(ngay: int | None, thang: int | None, nam: int, blank: str = BLANK) -> str:
    """Return the date-line words: "ngày 05 tháng 02 năm 2024".

    Days under 10 and the months 1 and 2 take a leading zero; a day or month
    left as None is printed as ``blank`` (five spaces: room for the văn thư to fill in).
    """
    return f"ngày {day_digits(ngay, blank)} tháng {month_digits(thang, blank)} năm {nam}"


def short_date(ngay: int | None, thang: int | None, nam: int, blank: str = BLANK) -> str:
    """Return the date in digits, padded as on the date line: "05/02/2024", "10/5/2024";
    a day or month left as None becomes ``blank`` (".../5/2024" with ``blank="..."``).

    The form a citation takes in running text ("Kế hoạch số 05/KH-UBND ngày 10/5/2024");
    unlike :func:`ngay_ngan` it pads by the date-line rule (ND30, Phụ lục I, mục II.4).
    """
    return f"{day_digits(ngay, blank)}/{month_digits(thang, blank)}/{nam}"


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
