"""Date fields as clerks write them: "15/6/2024", "15/06/2024" or "2024-06-15".

``Ngay`` is the type of every full-date field (``che_do_bao_cao.han[].ngay``); the issue date
(``ngay_ban_hanh``, vbhc.model.common.NgayBanHanh) reads the same forms through
``issue_date_parts`` and keeps its ``{ngay, thang, nam}`` shape, blanks allowed in a draft.
The shapes are read by vbhc.lang.dates; YAML written back (vbhc.yaml_out) keeps the
canonical forms: ISO for a full date, ``{ngay, thang, nam}`` for the issue date.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

from vbhc.lang.dates import (
    DATE_FORMS,
    DATE_PATTERN,
    DRAFT_DATE_PATTERN,
    calendar_date,
    date_parts,
    parse_date,
)
from vbhc.lazyre import LazyPattern

__all__ = ["ISSUE_DATE_TEXT_SCHEMA", "Ngay", "dates_in_text_exist", "issue_date_parts"]


def _to_date(value: object) -> object:
    """Return a ``date`` for a date written in one of DATE_FORMS; a date passes as is.
    ValueError (Vietnamese) for other text, numbers, true/false."""
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        return parse_date(value)
    raise ValueError(f"phải là ngày tháng, viết dạng {DATE_FORMS}")


Ngay = Annotated[
    _dt.date,
    BeforeValidator(_to_date),
    WithJsonSchema({"type": "string", "pattern": DATE_PATTERN,
                    "examples": ["15/6/2024", "2024-06-15"]}),
]
"""A full date: ``datetime.date``, read from "15/6/2024", "15/06/2024" or "2024-06-15";
a day not in the calendar (31/2/2024) is a Vietnamese message naming the field."""


ISSUE_DATE_TEXT_SCHEMA: dict[str, Any] = {
    "type": "string",
    "pattern": DRAFT_DATE_PATTERN,
    "description": f"Ngày ban hành viết liền: {DATE_FORMS}; khi là dự thảo, ngày và tháng "
    "có thể để trống: …/5/2024.",
    "examples": ["15/6/2024", "…/5/2024"],
}
"""The JSON Schema of ``ngay_ban_hanh`` written as one string (next to the mapping)."""


def issue_date_parts(value: object) -> object:
    """Return ``{ngay, thang, nam}`` for an issue date written as text ("15/6/2024",
    "…/5/2024" with day/month blank, "2024-06-15") or given as a ``date``; anything else
    (the mapping itself) is returned unchanged. ValueError (Vietnamese) for text in no
    accepted form, or for a number, true/false or a list."""
    if isinstance(value, bool | int | float | list):
        raise ValueError(f"phải là ngày tháng ({DATE_FORMS}) hoặc nhóm trường ngay, thang, "
                         "nam")
    if isinstance(value, str):
        ngay, thang, nam = date_parts(value, blanks=True)
        return {"ngay": ngay, "thang": thang, "nam": nam}
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return {"ngay": value.day, "thang": value.month, "nam": value.year}
    return value


_DATES_IN_TEXT = LazyPattern(
    r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})(?![\d/])"
    r"|ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)


def dates_in_text_exist(value: str) -> str:
    """Return ``value`` (a time written in words: "08 giờ 00, thứ Tư, ngày 17/7/2024") when
    every full date in it ("17/7/2024", "ngày 17 tháng 7 năm 2024") is in the calendar;
    ValueError "ngày 32/12/2026 không có trong lịch" otherwise. Blanks ("…/…/2024") pass."""
    for match in _DATES_IN_TEXT.finditer(value):
        ngay, thang, nam = (int(g) for g in match.groups() if g is not None)
        calendar_date(ngay, thang, nam)
    return value
