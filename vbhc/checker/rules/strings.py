"""Number/symbol line (ô 3; model ``so_ky_hieu``) and place-and-date line (ô 4; model
``co_quan.dia_danh`` and ``ngay_ban_hanh``): the strings themselves.

ND30 Phụ lục I, Phần I, mục 3 and 4; Phụ lục III (abbreviations of kinds).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable, Iterator

from vbhc.checker.components import Components, Part, kind_names
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.lang.dates import day_digits, month_digits
from vbhc.lazyre import LazyPattern
from vbhc.model.kinds import kinds
from vbhc.model.symbol import number_digits

TYPE = "(?:" + "|".join(re.escape(row.ky_hieu) for row in kinds() if row.ky_hieu) + ")"
"""Any kind code of the ND30 kinds table (Phụ lục III): NQ, QĐ, ..., PB."""
GRP = r"[A-ZĐ][A-ZĐ0-9]*"
TYPED_RE = re.compile(rf"^(?P<type>{TYPE})-{GRP}(?:-{GRP})*$")
CV_RE = LazyPattern(rf"^(?!(?:{TYPE}|CV)-){GRP}(?:-{GRP})+$")
COPY_RE = LazyPattern(rf"^(?:SY|TrS|SL)(?:-{GRP})*$")
YEAR_RE = re.compile(r"/(?:19|20)\d\d/")
LINE_RE = re.compile(r"^Số:(?P<gap> *)(?P<num>\d*)(?P<sp1> *)/(?P<sp2> *)(?P<sym>.*?)$")
DATE_RE = re.compile(
    r"^(?P<place>[^,]*?)(?P<comma>,?)\s*(?P<ngay>[Nn]gày)\s*(?P<d>\S*?)\s*(?P<thang>[Tt]háng)"
    r"\s*(?P<m>\S*?)\s*(?P<nam>[Nn]ăm)\s*(?P<y>\S*)$")


def _plain(text: str) -> str:
    """Return ``text`` in NFC (a decomposed "Số" still matches), tabs and no-break spaces
    as spaces, trimmed."""
    return unicodedata.normalize("NFC", text).replace("\xa0", " ").replace("\t", " ").strip()


def _string_hits(part: Part | None, missing: str,
               problems: Callable[[Part], list[str]]) -> Iterator[Hit]:
    """Yield Hit(None, ``missing``) when the line was not found, else one Hit with the
    line's ``problems`` joined by "; " (none when there are none)."""
    if part is None:
        yield Hit(None, missing)
        return
    found = problems(part)
    if found:
        yield Hit(part, "; ".join(found))


def _has_year(m: re.Match[str]) -> bool:
    """True when the symbol of a parsed "Số:" line carries a year (rule so-ky-hieu-nam)."""
    return bool(YEAR_RE.search("/" + m["sym"]) or re.match(r"^\d{4}/", m["sym"]))


@rule("so-ky-hieu")
def so_ky_hieu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """so_ky_hieu (ô 3): «Số: 05/KH-UBND»: one space after «Số:», no spaces inside, numbers
    below 10 with a leading 0, a symbol of the right shape for the document's kind."""
    return _string_hits(comp.so_ky_hieu, "không tìm thấy dòng «Số:» ở đầu văn bản",
                      lambda part: _so_ky_hieu_problems(comp, part))


def _so_ky_hieu_problems(comp: Components, part: Part) -> list[str]:
    text = _plain(part.raw)
    m = LINE_RE.match(text)
    if m is None:
        return [f"viết «{text}» (phải «Số:», một dấu cách, số, «/», ký hiệu)"]
    if _has_year(m):
        return []  # so-ky-hieu-nam
    problems = []
    num, sym = m["num"], m["sym"]
    if num and len(m["gap"]) != 1:
        problems.append("sau «Số:» phải có đúng một dấu cách")
    if num and (m["sp1"] or m["sp2"]) or " " in sym:
        problems.append("có dấu cách trong số, ký hiệu")
    if num and num != (want := number_digits(int(num))):
        problems.append(f"số {num} thiếu số 0 đứng trước" if len(num) < len(want)
                        else f"số {num} không được thêm số 0")
    sym = sym.replace(" ", "")
    return problems + _symbol_problems(comp, sym)


def _symbol_problems(comp: Components, sym: str) -> list[str]:
    """Return what is wrong with symbol ``sym`` (spaces removed) for the document's kind:
    "CV-" (công văn has no kind code), a wrong shape, or a kind code that does not match
    the printed kind name (ND30 Phụ lục III)."""
    typed = TYPED_RE.match(sym)
    if sym.startswith("CV-"):
        return ["«CV» không phải chữ viết tắt của loại văn bản (công văn không có ký hiệu loại)"]
    if not (typed or CV_RE.match(sym) or COPY_RE.match(sym)):
        return [f"ký hiệu «{sym}» sai dạng"]
    if comp.kind == "typed" and comp.ten_loai is not None:
        want = kind_names().get(comp.ten_loai.text.rstrip(":").upper())
        if want and not typed:
            return [f"ký hiệu thiếu chữ viết tắt loại văn bản «{want}»"]
        if want and typed and typed["type"] != want:
            return [f"ký hiệu loại «{typed['type']}» không khớp tên loại «{comp.ten_loai.text}» "
                    f"(phải «{want}»)"]
    return []


def is_cong_van_symbol(part: Part) -> bool:
    """True when the «Số:» line ``part`` carries a công văn's symbol: agency codes joined by
    «-» and no kind code («Số: 12/UBND-VP»)."""
    m = LINE_RE.match(_plain(part.raw))
    return bool(m and CV_RE.match(m["sym"].replace(" ", "")))


@rule("so-ky-hieu-nam")
def so_ky_hieu_nam(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """so_ky_hieu (ô 3): no year in the symbol («Số: 05/2024/KH-UBND»)."""
    part = comp.so_ky_hieu
    if part is None:
        return
    m = LINE_RE.match(_plain(part.raw))
    if m and _has_year(m):
        yield Hit(part, f"«{part.text}»")


@rule("dia-danh-ngay")
def dia_danh_ngay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """dia_danh_ngay (ô 4): «Lạng Sơn, ngày 05 tháng 3 năm 2024»: place capitalised and
    followed by a comma, lower-case ngày/tháng/năm, day and month 01, 02 padded, tháng 3-12
    not, a four-digit year. A kind whose sample form has no such line (the kinds table's
    ``ngay_thang: false``: Biên bản, Mẫu 1.9) may lack it."""
    name = comp.ten_loai.text if comp.ten_loai else None
    if comp.dia_danh_ngay is None and any(
            not row.ngay_thang and row.ten_in_hoa == name for row in kinds()):
        return iter(())
    return _string_hits(comp.dia_danh_ngay, "không tìm thấy ở đầu văn bản",
                      _dia_danh_ngay_problems)


def _dia_danh_ngay_problems(part: Part) -> list[str]:
    m = DATE_RE.match(_plain(part.raw))
    if m is None:
        return [f"viết «{part.text}»"]
    problems = []
    place = m["place"].strip()
    if not place:
        problems.append("thiếu địa danh")
    elif not place[0].isupper():
        problems.append(f"địa danh «{place}» phải viết hoa chữ cái đầu")
    if not m["comma"]:
        problems.append("thiếu dấu phẩy sau địa danh")
    for word in ("ngay", "thang", "nam"):
        if m[word][0].isupper():
            problems.append(f"«{m[word]}» phải viết thường")
    day, month, year = m["d"], m["m"], m["y"]
    if day and (not day.isdigit() or not 1 <= int(day) <= 31):
        problems.append(f"ngày «{day}» không hợp lệ")
    elif day and day != (want := day_digits(int(day))):
        problems.append(f"ngày {day} thiếu số 0 đứng trước (phải «{want}»)"
                        if len(day) < len(want) else f"ngày «{day}» thừa số 0")
    if month and (not month.isdigit() or not 1 <= int(month) <= 12):
        problems.append(f"tháng «{month}» không hợp lệ")
    elif month and month != (want := month_digits(int(month))):
        problems.append(f"tháng {month} thiếu số 0 đứng trước (phải «{want}»)"
                        if len(month) < len(want)
                        else f"tháng «{month}» không được thêm số 0 (chỉ tháng 01, 02 có số 0)")
    if not re.fullmatch(r"\d{4}", year):
        problems.append(f"năm «{year}» phải đủ bốn chữ số")
    if day.isdigit() and month.isdigit() and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
        leap_year = int(year) if re.fullmatch(r"\d{4}", year) else 2000  # 29/02 possible
        last = calendar.monthrange(leap_year, int(month))[1]
        if int(day) > last:
            problems.append(f"không có ngày {day} tháng {month}"
                            + (f" năm {year}" if int(month) == 2 and int(day) == 29 else ""))
    return problems
