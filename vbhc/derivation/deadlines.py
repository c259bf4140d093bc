"""Deadlines written in running text ("hoàn thành trước ngày 15/01/2026", "chậm nhất là ngày
30 tháng 6 năm 2024", "trong tháng 7/2024", "Quý III/2024"), found so that a derivation can
warn when the unit's plan copies one it cannot meet (issue 14, "Dates").

Conservative by design: a date counts as a deadline only when a deadline word stands right
before it ("trước", "chậm nhất (là)", "hạn", "đến (hết)", "trong", "hoàn thành", ...), or
when the whole text is a time frame (a task's ``thoi_gian``) and the date is not a start
("từ", "bắt đầu") nor a cited document. A citation ("Kế hoạch số 42/KH-UBND ngày
15/3/2024", "Nghị định ... ngày ...") never has such a word right before its date, so it is
never a deadline. A date without a year, or followed by "hằng năm"/"hàng năm", recurs every
year and is skipped; a year alone ("năm 2024") is left to the time-frame check of the engine.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

from vbhc.lang.dates import calendar_date

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_DATE = re.compile(
    r"(?<![\w/])(?:"
    r"(?:ngày\s+)?(?P<d1>\d{1,2})\s*/\s*(?P<m1>\d{1,2})\s*/\s*(?P<y1>\d{4})"
    r"|(?:ngày\s+)?(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})"
    r"|tháng\s+(?P<m3>\d{1,2})\s*(?:/\s*|\s+năm\s+)(?P<y3>\d{4})"
    r"|quý\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/\s*|\s+năm\s+)(?P<y4>\d{4})"
    r")(?![\w/])", re.IGNORECASE)
"""A dated day, month or quarter, with its year: 15/01/2026, ngày 30 tháng 6 năm 2024,
tháng 7/2024, tháng 7 năm 2024, Quý III/2024, quý 3 năm 2024."""

_MARKER = re.compile(
    r"(?:^|[\s(,])(?:trước|chậm nhất|muộn nhất|hạn chót|thời hạn|hạn|hoàn thành|xong|"
    r"đến hết|đến|hết|trong|không quá|kết thúc|cuối|[-–])"
    r"(?:\s+(?:là|vào|hết|cuối|trong))*\s*,?\s*$",
    re.IGNORECASE)
"""A deadline word right before the date."""

_NOT_DEADLINE = re.compile(r"(?:ban hành|có hiệu lực|hiệu lực|thành lập)\s+\S+(?:\s+\S+)?\s*$",
                           re.IGNORECASE)
"""A cut-off, not a deadline: "văn bản ban hành trước ngày 01/7/2025"."""

_START = re.compile(r"(?:từ|bắt đầu(?: từ)?|kể từ)\s*$", re.IGNORECASE)

_CITED = re.compile(
    r"(?:\bsố\s+\S+|\d+[/-][\w/.-]+|\b(?:Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|"
    r"Chỉ thị|Kế hoạch|Công văn|Văn bản|Hướng dẫn|Báo cáo|Kết luận|Chương trình|"
    r"Đề án|Pháp lệnh|Hiến pháp))[^.;]{0,40}$", re.IGNORECASE)
"""Text before a date that cites a document: the date is the cited document's."""

_RECURRING = re.compile(r"\s*(?:và\s+)?h[ằà]ng\s+năm", re.IGNORECASE)
_CLAUSE = re.compile(r"[.;:\n](?=\s|$)")


@dataclass(frozen=True)
class Deadline:
    """A deadline found in a text: ``excerpt`` as written, with its deadline word if any
    ("trong tháng 7/2024", "chậm nhất là ngày 30 tháng 6 năm 2024"), ``date``
    the last day it allows (a month or quarter: its last day), ``kind`` "ngày", "tháng" or
    "quý", ``sentence`` the sentence around it (for telling a report deadline)."""

    excerpt: str
    date: _dt.date
    kind: str
    sentence: str


def _last_day(year: int, month: int) -> _dt.date:
    return _dt.date(year, month, calendar.monthrange(year, month)[1])


def _date_of(m: re.Match[str]) -> tuple[_dt.date, str] | None:
    """Return (last day allowed, kind) of a date match, None when not in the calendar."""
    g = m.groupdict()
    try:
        if g["d1"] or g["d2"]:
            day, month, year = (int(g[k]) for k in (("d1", "m1", "y1") if g["d1"]
                                                  else ("d2", "m2", "y2")))
            return calendar_date(day, month, year), "ngày"
        if g["m3"]:
            return _last_day(int(g["y3"]), int(g["m3"])), "tháng"
        quarter = _ROMAN[g["q"].upper()]
        return _last_day(int(g["y4"]), 3 * quarter), "quý"
    except (ValueError, KeyError):
        return None


def _sentence(text: str, start: int, end: int) -> str:
    """Return the sentence of ``text`` around [start, end): from the last . ; : or line break
    before it to the next one after it."""
    left = max((b.end() for b in _CLAUSE.finditer(text, 0, start)), default=0)
    right = _CLAUSE.search(text, end)
    return text[left:right.start() if right else len(text)].strip()


def find_deadlines(text: str, time_frame: bool = False) -> list[Deadline]:
    """Return the dated deadlines written in ``text``, in order; ``time_frame`` when the
    whole text is a time frame (a task's ``thoi_gian``): then a date with no deadline word
    before it counts too, unless it is a start ("Từ tháng 3/2024") or a cited document's.

    Dates that are not deadlines (citations, cut-offs "ban hành trước ngày ...", starts),
    dates without a year and recurring ones ("trước ngày 20/12 hằng năm") are left out;
    so is a date not in the calendar (31/2/2024): it is nobody's deadline.
    """
    return [d for d, _ in _found(text, time_frame)]


def _found(text: str, time_frame: bool) -> list[tuple[Deadline, re.Match[str]]]:
    """Return find_deadlines()'s deadlines, each with its date's match in ``text``."""
    found: list[tuple[Deadline, re.Match[str]]] = []
    for m in _DATE.finditer(text or ""):
        if _RECURRING.match(text, m.end()):
            continue
        clause_start = max((b.end() for b in _CLAUSE.finditer(text, 0, m.start())), default=0)
        before = text[clause_start:m.start()]
        marker = _MARKER.search(before)
        if marker:
            if _NOT_DEADLINE.search(before):
                continue
        elif not time_frame or _START.search(before) or _CITED.search(before):
            continue
        when = _date_of(m)
        if when is None:
            continue
        said = (marker.group(0).strip(" \t\n(,") + " " if marker else "") + m.group(0)
        found.append((Deadline(" ".join(said.split()), when[0], when[1],
                               _sentence(text, m.start(), m.end())), m))
    return found


def shift_deadlines(text: str, days: int, time_frame: bool = False,
                    only: set[tuple[_dt.date, str]] | None = None
                    ) -> tuple[str, list[tuple[str, str]]]:
    """Return ``text`` with each dated day deadline (kind "ngày", as find_deadlines() finds
    them) moved ``days`` days earlier, written as it was ("15/12/2025" -> "10/12/2025",
    "ngày 05 tháng 01 năm 2026" -> "ngày 31 tháng 12 năm 2025"), and the (before, after)
    date texts; ``only``: the (date, kind) pairs to move (default: every one). A month or
    a quarter is never moved: it is not a day that can be made earlier by a few days."""
    out, moved, pos = [], [], 0
    for deadline, m in _found(text, time_frame):
        if deadline.kind != "ngày" or (only is not None
                                       and (deadline.date, deadline.kind) not in only):
            continue
        new = deadline.date - _dt.timedelta(days=days)
        keys = ("d1", "m1", "y1") if m.group("d1") else ("d2", "m2", "y2")
        start, end = m.start(keys[0]), m.end(keys[2])
        piece = text[start:end]
        for key, value in reversed(list(zip(keys, (new.day, new.month, new.year),
                                            strict=True))):
            a, b = m.start(key) - start, m.end(key) - start
            piece = piece[:a] + f"{value:0{len(m.group(key))}d}" + piece[b:]
        out.append(text[pos:start] + piece)
        moved.append((text[start:end], piece))
        pos = end
    out.append(text[pos:])
    return "".join(out), moved


def is_report_up(sentence: str, level: str) -> bool:
    """Return True when ``sentence`` is about reporting ("báo cáo") to the province, whose
    level word is ``level`` ("tỉnh", "thành phố"): UBND/Ủy ban nhân dân/Chủ tịch UBND/
    Văn phòng UBND/Ban Chỉ đạo of that level, "về/lên {level}", or a Sở."""
    if not re.search(r"\bbáo\s+cáo\b", sentence, re.IGNORECASE):
        return False
    lvl = re.escape(level)
    return bool(re.search(
        rf"\b(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Chủ tịch UBND|Văn phòng UBND|Ban Chỉ đạo"
        rf"|về|lên)\s+{lvl}\b|\bSở\s+\w", sentence, re.IGNORECASE))
