"""Body of a Biên bản (Mẫu 1.9) -> BienBan fields, inverting vbhc.model.layout.minutes_blocks.

The form has no place and date line: :func:`minutes_frame` completes the frame first, the
date from the body ("Thời gian bắt đầu: ..., ngày 17/7/2024") and the place from the
issuer's name by the rule of ND30 Phụ lục I, II.4 (a provincial body writes its province);
the two signatures side by side (the secretary's on the left) are taken out of the body.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.frame import Frame
from vbhc.importer.patterns import is_upper, pattern
from vbhc.importer.result import Warn
from vbhc.importer.source import Para, to_markup
from vbhc.model.layout import labels

_DATE = re.compile(r"ngày\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_UNIT = re.compile(r"\b(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\s+(.+)$")
_DASH = re.compile(r"^[-–+•]\s*")
_END = re.compile(r"\s*[;.,]$")


def _place(frame: Frame) -> str | None:
    """Return the place of the issuer: "Lạng Sơn" from "... TỈNH LẠNG SƠN" (the issuer's
    name, else its governing body's), None when neither names a unit."""
    for name in (" ".join(frame.co_quan), " ".join(frame.chu_quan)):
        m = _UNIT.search(name)
        if m:
            return " ".join(w.capitalize() for w in m.group(1).split())
    return None


def minutes_frame(frame: Frame, body: list[Para]) -> list[Para]:
    """Complete ``frame`` for minutes and return the body without the signatures: the date
    line built from the first "ngày d/m/yyyy" of the body and the issuer's place (left
    absent when either is missing: the usual warnings follow), the right-hand signature as
    the signer, the left-hand one as ``frame.secretary``."""
    if frame.dia_danh_ngay is None:
        found = next((m for p in body if (m := _DATE.search(p.text))), None)
        place = _place(frame)
        if found and place:
            d, m, y = found.groups()
            frame.dia_danh_ngay = pattern("ngay_thang").match(
                f"{place}, ngày {d} tháng {m} năm {y}")
    end = next((k for k, p in enumerate(body) if p.text.startswith(
        labels("bien-ban")["ket_thuc"])), None)
    if end is None:
        return body
    keep, signatures = body[:end + 1], [p for p in body[end + 1:] if p.text]
    if not signatures or any(p.cell is None for p in signatures):
        return body
    left = min(p.cell[2] for p in signatures)
    for para in signatures:
        side = frame.secretary if para.cell[2] == left else frame.nguoi_ky
        if is_upper(para.text):
            side.quyen_han_chuc_vu.append(para.text)
        else:
            side.ho_ten = para.text
    return keep


def minutes_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a BienBan (thoi_gian_bat_dau to ho_ten_thu_ky)."""
    lb = labels("bien-ban")
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}

    def take(field: str) -> None:
        label = lb[field]
        k = next((k for k, p in enumerate(paras) if p.text.startswith(label)), None)
        if k is None:
            warn(f"không thấy dòng «{label} ...»; điền lại {field}")
            out[field] = "..."
            return
        text = to_markup(paras.pop(k).spans)
        out[field] = (text[len(label):] if text.startswith(label) else text).strip()

    for field in ("thoi_gian_bat_dau", "dia_diem", "chu_tri", "thu_ky", "ket_thuc"):
        take(field)
    head = next((k for k, p in enumerate(paras) if p.text == lb["thanh_phan"]), None)
    members: list[str] = []
    if head is not None:
        paras.pop(head)
        while head < len(paras) and _DASH.match(paras[head].text):
            members.append(_END.sub("", _DASH.sub("", paras.pop(head).text, count=1)))
    out["thanh_phan"] = members or ["..."]
    if not members:
        warn(f"không thấy «{lb['thanh_phan']}» và các dòng '- ...'; điền lại thanh_phan")
    start = next((k for k, p in enumerate(paras) if p.text == lb["noi_dung"]), None)
    if start is not None:
        paras.pop(start)
    out["noi_dung"] = [to_markup(p.spans) for p in paras] or ["..."]
    if frame.secretary.ho_ten:
        out["ho_ten_thu_ky"] = frame.secretary.ho_ten
    return out
