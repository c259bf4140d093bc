"""Bộ chuyển số tiếng Việt cắm vào giao diện của thư viện num2words.

num2words 0.5.14 có ``lang_VI.Num2Word_VI`` đọc sai nhiều trường hợp (2024 thành
"hai nghìn lẻ hai mươi bốn", 3.5 thành "ba phẩy năm mươi", từ tiếng Anh lọt ra từ 10^18,
không có dạng tiền tệ và số thứ tự). Lớp ở đây thay thế toàn bộ lớp đó (không giữ lại bảng
nào của nó) và giao hết việc đọc cho :mod:`vbhc.lang.numbers`.

Việc đăng ký là TƯỜNG MINH: import ``vbhc`` hay ``vbhc.lang`` không đụng tới num2words.
Gọi :func:`register_num2words` để ``num2words(x, lang="vi")`` dùng bộ chuyển này; chỉ khóa
``"vi"`` (hoặc khóa được truyền vào) bị thay, các ngôn ngữ khác giữ nguyên.
:func:`unregister_num2words` trả lại bộ chuyển cũ.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import num2words as _n2w
from num2words.base import Num2Word_Base

from vbhc.lang.numbers import number_to_words, ordinal, parse_number

__all__ = ["Num2Word_VI_VBHC", "register_num2words", "unregister_num2words"]

_CU: dict[str, Any] = {}  # bộ chuyển bị thay, theo khóa ngôn ngữ


class Num2Word_VI_VBHC(Num2Word_Base):
    """num2words converter for Vietnamese; every method delegates to vbhc.lang.numbers."""

    DON_VI_TIEN = {"VND": "đồng"}

    def setup(self) -> None:
        """Set the words num2words' base class may print."""
        self.negword = "âm "
        self.pointword = "phẩy"

    def str_to_number(self, value: str) -> Decimal:
        """Return the Decimal for a Vietnamese-style numeric string ("1.250.000,5")."""
        return parse_number(value)

    def to_cardinal(self, value: Any, **kwargs: Any) -> str:
        """Return the cardinal words; kwargs: linh, nghin, tu."""
        return number_to_words(value, **kwargs)

    def to_ordinal(self, value: Any, **kwargs: Any) -> str:
        """Return "thứ nhất", "thứ hai", "thứ tư" ..."""
        return ordinal(value, **kwargs)

    def to_ordinal_num(self, value: Any, **kwargs: Any) -> str:
        """Return the ordinal with digits: "thứ 2"."""
        return f"thứ {value}"

    def to_year(self, value: Any, **kwargs: Any) -> str:
        """Return the year read as a cardinal ("hai nghìn không trăm hai mươi bốn")."""
        return number_to_words(value, **kwargs)

    def to_currency(  # type: ignore[override]
        self,
        val: Any,
        currency: str = "VND",
        cents: bool = True,
        separator: str = ",",
        adjective: bool = False,
        **kwargs: Any,
    ) -> str:
        """Return the "Bằng chữ" form; "VND" means "đồng", any other string is the unit itself.

        ``cents``, ``separator`` and ``adjective`` are accepted for compatibility and ignored.
        """
        unit = self.DON_VI_TIEN.get(currency, currency)
        return number_to_words(val, currency=unit, **kwargs)


def register_num2words(lang: str = "vi") -> Num2Word_VI_VBHC:
    """Return the converter now serving ``num2words(..., lang=lang)`` (idempotent)."""
    current = _n2w.CONVERTER_CLASSES.get(lang)
    if isinstance(current, Num2Word_VI_VBHC):
        return current
    _CU[lang] = current
    converter = Num2Word_VI_VBHC()
    _n2w.CONVERTER_CLASSES[lang] = converter
    return converter


def unregister_num2words(lang: str = "vi") -> None:
    """Restore the converter that :func:`register_num2words` replaced for ``lang``."""
    if lang not in _CU:
        return
    previous = _CU.pop(lang)
    if previous is None:
        _n2w.CONVERTER_CLASSES.pop(lang, None)
    else:
        _n2w.CONVERTER_CLASSES[lang] = previous
