"""Ngày tháng theo cách viết của văn bản hành chính (NĐ 30/2020, Phụ lục I, mục II.4).

The one place that pads days and months: days under 10 and the months 1 and 2 take a
leading zero ("ngày 05 tháng 02 năm 2024", "ngày 10 tháng 5 năm 2024"). The date line
(:func:`ngay_thang`), the short date of a citation (:func:`short_date`) and every wing use
:func:`day_digits` and :func:`month_digits`.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from vbhc.lazyre import LazyPattern

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


DATE_FORMS = "15/6/2024, 15/06/2024 hoặc 2024-06-15"
"""The date forms every date field accepts, as the messages name them."""
DATE_PATTERN = (r"^\s*[0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4}\s*$"
                r"|^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$")
"""JSON Schema pattern of a full date in one of ``DATE_FORMS``."""
DRAFT_DATE_PATTERN = (r"^(\s*[0-9]{1,2}\s*|[._…\s]*)/(\s*[0-9]{1,2}\s*|[._…\s]*)/\s*[0-9]{4}\s*$"
                      r"|^\s*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\s*$")
"""JSON Schema pattern of an issue date: a full date, or day and month left blank (dots,
``…``, underscores or nothing) for the văn thư to fill in: "…/5/2024", "../../2024"."""

_ISO = LazyPattern(r"\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})\s*")
_DMY = LazyPattern(r"\s*([^/]*)/([^/]*)/([^/]*)")
_BLANK_PART = LazyPattern(r"[\s._…]*")
_DIGITS = LazyPattern(r"\s*([0-9]{1,2})\s*")


def _bad_date(text: str, why: str = "") -> ValueError:
    return ValueError(f"'{text.strip()[:40]}' không phải ngày tháng{why}; viết dạng {DATE_FORMS}")


def date_parts(text: str, blanks: bool = False) -> tuple[int | None, int | None, int]:
    """Return (ngay, thang, nam) read from ``text``: "15/6/2024", "15/06/2024" (ngày/tháng/năm,
    the way Vietnamese documents write a date) or ISO "2024-06-15". With ``blanks``, the day
    and the month may be left blank ("…/5/2024", "../../2024", "/5/2024"): None for each.

    Checks the shape only, not the calendar (``calendar_date`` does). Raises ValueError
    with a Vietnamese message for anything else: a two-digit year, a missing part, words.
    """
    iso = _ISO.fullmatch(text)
    if iso:
        nam, thang, ngay = (int(g) for g in iso.groups())
        return ngay, thang, nam
    dmy = _DMY.fullmatch(text)
    if not dmy:
        raise _bad_date(text)
    parts: list[int | None] = []
    for part in dmy.groups()[:2]:
        digits = _DIGITS.fullmatch(part)
        if digits:
            parts.append(int(digits.group(1)))
        elif _BLANK_PART.fullmatch(part):
            if not blanks:
                raise _bad_date(text, " (cần đủ ngày, tháng, năm)")
            parts.append(None)
        else:
            raise _bad_date(text)
    year = dmy.group(3).strip()
    if not year.isascii() or not year.isdigit():
        raise _bad_date(text)
    if len(year) != 4:
        raise _bad_date(text, " (năm viết đủ bốn chữ số)")
    return parts[0], parts[1], int(year)


def calendar_date(ngay: int, thang: int, nam: int) -> _dt.date:
    """Return the date, or raise ValueError "ngày 31/2/2024 không có trong lịch" (with a
    hint when day and month look swapped, as in the English "6/15/2024")."""
    try:
        return _dt.date(nam, thang, ngay)
    except ValueError:
        hint = (f" (ngày viết trước tháng: {thang}/{ngay}/{nam}?)"
                if thang > 12 and 1 <= ngay <= 12 else "")
        raise ValueError(f"ngày {ngay}/{thang}/{nam} không có trong lịch{hint}") from None


def parse_date(text: str) -> _dt.date:
    """Return the full date written in ``text`` in one of ``DATE_FORMS``; ValueError with a
    Vietnamese message (shape, or a day not in the calendar such as 31/2/2024)."""
    ngay, thang, nam = date_parts(text)
    if ngay is None or thang is None:  # pragma: no cover - date_parts(blanks=False) refuses
        raise _bad_date(text)
    return calendar_date(ngay, thang, nam)
