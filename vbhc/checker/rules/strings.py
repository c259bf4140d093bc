"""Number/symbol line (ô 3) and place-and-date line (ô 4): the strings themselves."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc.checker.components import Components, kind_names
from vbhc.checker.rules import Hit, RuleSpec, rule

TYPE = (r"(?:NQ|QĐ|CT|QC|QyĐ|TC|TB|HD|CTr|KH|PA|ĐA|DA|BC|BB|TTr|HĐ|CĐ|BGN|BTT|GUQ|GM|GGT"
        r"|GNP|PG|PC|PB)")
GRP = r"[A-ZĐ][A-ZĐ0-9]*"
TYPED_RE = re.compile(rf"^(?P<type>{TYPE})-{GRP}(?:-{GRP})*$")
CV_RE = re.compile(rf"^(?!(?:{TYPE}|CV)-){GRP}(?:-{GRP})+$")
COPY_RE = re.compile(rf"^(?:SY|TrS|SL)(?:-{GRP})*$")
YEAR_RE = re.compile(r"/(?:19|20)\d\d/")
LINE_RE = re.compile(r"^Số:(?P<gap> *)(?P<num>\d*)(?P<sp1> *)/(?P<sp2> *)(?P<sym>.*?)$")
DATE_RE = re.compile(
    r"^(?P<place>[^,]*?)(?P<comma>,?)\s*(?P<ngay>[Nn]gày)\s*(?P<d>\S*?)\s*(?P<thang>[Tt]háng)"
    r"\s*(?P<m>\S*?)\s*(?P<nam>[Nn]ăm)\s*(?P<y>\S*)$")


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\t", " ").strip()


@rule("so-ky-hieu")
def so_ky_hieu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.so
    if part is None:
        yield Hit(None, "không tìm thấy dòng «Số:» ở đầu văn bản")
        return
    text = _plain(part.raw)
    m = LINE_RE.match(text)
    if m is None:
        yield Hit(part, f"viết «{text}» (phải «Số:», một dấu cách, số, «/», ký hiệu)")
        return
    if YEAR_RE.search("/" + m["sym"]) or re.match(r"^\d{4}/", m["sym"]):
        return  # so-ky-hieu-nam
    problems = []
    num, sym = m["num"], m["sym"]
    if num and len(m["gap"]) != 1:
        problems.append("sau «Số:» phải có đúng một dấu cách")
    if num and (m["sp1"] or m["sp2"]) or " " in sym:
        problems.append("có dấu cách trong số, ký hiệu")
    if num and int(num) < 10 and len(num) != 2:
        problems.append(f"số {num} thiếu số 0 đứng trước")
    elif num and int(num) >= 10 and num.startswith("0"):
        problems.append(f"số {num} không được thêm số 0")
    sym = sym.replace(" ", "")
    problems += _symbol_problems(comp, sym)
    if problems:
        yield Hit(part, "; ".join(problems))


def _symbol_problems(comp: Components, sym: str) -> list[str]:
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


@rule("so-ky-hieu-nam")
def so_ky_hieu_nam(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if comp.so is None:
        return
    m = LINE_RE.match(_plain(comp.so.raw))
    if m and (YEAR_RE.search("/" + m["sym"]) or re.match(r"^\d{4}/", m["sym"])):
        yield Hit(comp.so, f"«{comp.so.text}»")


@rule("dia-danh-ngay")
def dia_danh_ngay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.ngay
    if part is None:
        yield Hit(None, "không tìm thấy ở đầu văn bản")
        return
    text = _plain(part.raw)
    m = DATE_RE.match(text)
    if m is None:
        yield Hit(part, f"viết «{part.text}»")
        return
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
    elif day and int(day) < 10 and len(day) != 2:
        problems.append(f"ngày {day} thiếu số 0 đứng trước (phải «0{day}»)")
    elif day and int(day) >= 10 and len(day) != 2:
        problems.append(f"ngày «{day}» thừa số 0")
    if month and (not month.isdigit() or not 1 <= int(month) <= 12):
        problems.append(f"tháng «{month}» không hợp lệ")
    elif month and int(month) <= 2 and len(month) != 2:
        problems.append(f"tháng {month} thiếu số 0 đứng trước (phải «0{month}»)")
    elif month and int(month) >= 3 and month.startswith("0"):
        problems.append(f"tháng «{month}» không được thêm số 0 (chỉ tháng 01, 02 có số 0)")
    if not re.fullmatch(r"\d{4}", year):
        problems.append(f"năm «{year}» phải đủ bốn chữ số")
    if problems:
        yield Hit(part, "; ".join(problems))
