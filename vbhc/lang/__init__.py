"""Tiếng Việt: ngày tháng, số thành chữ, chuẩn hóa Unicode.

Importing this package does not touch num2words (not even importing it: that is 15 ms of
every cold start); call :func:`register_num2words` to make ``num2words(x, lang="vi")`` use
the corrected converter.
"""

from typing import TYPE_CHECKING, Any

from vbhc.lang.dates import (
    day_digits,
    month_digits,
    ngay_ngan,
    ngay_ngan_cua,
    ngay_thang,
    ngay_thang_cua,
    short_date,
)
from vbhc.lang.filters import FILTERS, bang_chu, register_filters
from vbhc.lang.numbers import SoKhongHopLe, number_to_words, ordinal, parse_number

if TYPE_CHECKING:
    from vbhc.lang.num2words_vi import register_num2words, unregister_num2words

__all__ = [
    "FILTERS",
    "SoKhongHopLe",
    "bang_chu",
    "day_digits",
    "month_digits",
    "ngay_ngan",
    "ngay_ngan_cua",
    "ngay_thang",
    "ngay_thang_cua",
    "number_to_words",
    "ordinal",
    "parse_number",
    "register_filters",
    "register_num2words",
    "short_date",
    "unregister_num2words",
]


def __getattr__(name: str) -> Any:
    """Return ``register_num2words``/``unregister_num2words``, importing num2words on first
    use; AttributeError for any other name (PEP 562)."""
    if name in ("register_num2words", "unregister_num2words"):
        from vbhc.lang import num2words_vi

        return getattr(num2words_vi, name)
    raise AttributeError(f"module 'vbhc.lang' has no attribute {name!r}")
