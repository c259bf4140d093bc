"""Bộ lọc Jinja cho mẫu văn bản: ``{{ so_tien | bang_chu }}``, ``{{ ngay | ngay_thang }}``."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from vbhc.lang.dates import ngay_ngan_cua, ngay_thang_cua
from vbhc.lang.numbers import number_to_words, ordinal

__all__ = ["FILTERS", "bang_chu", "register_filters"]


def bang_chu(
    value: int | float | Decimal | str,
    currency: str | None = "đồng",
    chan: bool = False,
    **kwargs: Any,
) -> str:
    """Return the amount in words for the "Bằng chữ:" line ("Một triệu đồng").

    Defaults to the unit "đồng"; pass ``currency=None`` for plain lower-case words.
    Other keywords (linh, nghin, tu) go to :func:`vbhc.lang.numbers.number_to_words`.
    """
    return number_to_words(value, currency=currency, chan=chan, **kwargs)


FILTERS: dict[str, Callable[..., str]] = {
    "bang_chu": bang_chu,
    "ngay_thang": ngay_thang_cua,
    "ngay_ngan": ngay_ngan_cua,
    "so_chu": number_to_words,
    "thu_tu": ordinal,
}


def register_filters(env: Any) -> Any:
    """Return ``env`` (a jinja2.Environment) after adding :data:`FILTERS` to ``env.filters``."""
    env.filters.update(FILTERS)
    return env
