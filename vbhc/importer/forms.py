"""Bodies of the short forms of ND30 Phụ lục III -> their model fields, inverting
vbhc.model.layout: Giấy mời (Mẫu 1.7: "... trân trọng kính mời:", "Tới dự", "Thời gian:",
"Địa điểm:"), Công điện (Mẫu 1.6: "... điện:", the dash list of addressees), Giấy giới
thiệu (Mẫu 1.8) and Giấy nghỉ phép (Mẫu 1.10: "Xét Đơn ...", "... cấp cho:", "Ông (bà):",
"Chức vụ:", "Đơn vị công tác:", "Được nghỉ phép trong thời gian ... tại ...", "Số ngày nghỉ
phép nêu trên được tính vào ...").
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.frame import Frame
from vbhc.importer.result import Warn
from vbhc.importer.source import Para, to_markup
from vbhc.model.layout import labels

_DASH = re.compile(r"^[-–+•]\s*")
_END = re.compile(r"\s*[;.,]$")


def _entry(text: str) -> str:
    return _END.sub("", _DASH.sub("", text, count=1))


def _labelled(paras: list[Para], label: str) -> tuple[str | None, list[Para]]:
    """Return the markup after ``label`` in the first paragraph opening with it (None when
    there is none), and the paragraphs without that one."""
    for k, para in enumerate(paras):
        if para.text.startswith(label):
            text = to_markup(para.spans)
            value = text[len(label):] if text.startswith(label) else para.text[len(label):]
            return value.strip(), paras[:k] + paras[k + 1:]
    return None, paras


def _lead(paras: list[Para], ending: str, field: str, fallback: str, warn: Warn) -> str:
    """Return the text before ``ending`` in the first paragraph ending with it ("Ủy ban nhân
    dân tỉnh ... trân trọng giới thiệu:"), removing that paragraph from ``paras``; warned
    and ``fallback`` when there is none."""
    lead = next((p for p in paras if p.text.endswith(ending)), None)
    if lead is None:
        warn(f"không thấy câu «... {ending}»; điền lại {field}")
        return fallback
    paras.remove(lead)
    return lead.text[: -len(ending)].strip()


def _labelled_fields(paras: list[Para], lb: dict[str, str], fields: tuple[str, ...],
                     last: str, warn: Warn) -> tuple[dict[str, str], list[Para]]:
    """Return each of ``fields`` read from its labelled line (``lb[field]``; "..." and a
    warning when missing; the end mark "./." taken off field ``last``), and the paragraphs
    left."""
    out = {}
    for field in fields:
        value, paras = _labelled(paras, lb[field])
        if value is None:
            warn(f"không thấy dòng «{lb[field]} ...»; điền lại {field}")
            value = "..."
        out[field] = value.removesuffix("./.") if field == last else value
    return out, paras


def invitation_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a GiayMoi (nguoi_moi to ghi_chu)."""
    lb = labels("giay-moi")
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}
    lead = next((k for k, p in enumerate(paras) if lb["kinh_moi"] in p.text), None)
    if lead is None:
        warn(f"không thấy câu «... {lb['kinh_moi']}»; điền lại nguoi_moi và kinh_moi")
        out["nguoi_moi"], out["kinh_moi"] = "Cơ quan mời", ["Người được mời"]
        rest = paras
    else:
        who, _, first = paras[lead].text.partition(lb["kinh_moi"])
        out["nguoi_moi"] = who.strip()
        invited = [first.strip()] if first.strip() else []
        k = lead + 1
        while not first.strip() and k < len(paras) and _DASH.match(paras[k].text):
            invited.append(_entry(paras[k].text))
            k += 1
        out["kinh_moi"] = invited or ["Người được mời"]
        rest = paras[:lead] + paras[k:]
    for field, label in (("toi_du", lb["toi_du"]), ("thoi_gian", lb["thoi_gian"]),
                         ("dia_diem", lb["dia_diem"])):
        value, rest = _labelled(rest, label)
        if value is None:
            warn(f"không thấy dòng «{label} ...»; điền lại {field}")
            value = "..."
        out[field] = value
    if rest:
        out["ghi_chu"] = [to_markup(p.spans) for p in rest]
    return out


def telegram_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a CongDien (dien, gui, noi_dung)."""
    lb = labels("cong-dien")
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}
    k = 0
    if paras and paras[0].text.endswith(lb["dien"]):
        out["dien"] = paras[0].text[: -len(lb["dien"])].strip()
        k = 1
    else:
        warn(f"không thấy dòng «... {lb['dien']}» dưới trích yếu; điền lại dien")
        out["dien"] = "THẨM QUYỀN BAN HÀNH"
    gui = []
    while k < len(paras) and _DASH.match(paras[k].text):
        gui.append(_entry(paras[k].text))
        k += 1
    if not gui:
        warn("không thấy nơi nhận điện (các dòng '- ...;'); điền lại gui")
        gui = ["Nơi nhận"]
    out["gui"] = gui
    out["noi_dung"] = [to_markup(p.spans) for p in paras[k:]] or ["Nội dung công điện."]
    return out


def introduction_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a GiayGioiThieu (nguoi_gioi_thieu to co_gia_tri_den)."""
    lb = labels("giay-gioi-thieu")
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}
    out["nguoi_gioi_thieu"] = _lead(paras, lb["gioi_thieu"], "nguoi_gioi_thieu",
                                    "Cơ quan giới thiệu", warn)
    fields, paras = _labelled_fields(
        paras, lb, ("ong_ba", "chuc_vu", "duoc_cu_den", "ve_viec", "co_gia_tri_den"),
        "co_gia_tri_den", warn)
    out.update(fields)
    rest = [p for p in paras if p.text != lb["de_nghi"]]
    if rest:
        warn(f"bỏ {len(rest)} đoạn ngoài mẫu giấy giới thiệu (bắt đầu «{rest[0].text[:60]}»)")
    return out


def _leave_lead(text: str, lb: dict[str, str]) -> re.Match | None:
    """Match "Xét Đơn đề nghị nghỉ phép ngày <ngay_don> của ông (bà) <ong_ba>,"."""
    return re.fullmatch(re.escape(lb["xet_don"]) + r"\s+(.+?)\s+" + re.escape(lb["cua"])
                        + r"\s+(.+?),?", text)


def _leave_period(text: str, lb: dict[str, str]) -> re.Match | None:
    """Match "Được nghỉ phép trong thời gian <thoi_gian> kể từ ngày <tu_ngay> đến hết ngày
    <den_ngay> tại <noi_nghi>."."""
    return re.fullmatch(re.escape(lb["duoc_nghi"]) + r"\s+(.+?),?\s+" + re.escape(lb["tu_ngay"])
                        + r"\s+(.+?)\s+" + re.escape(lb["den_ngay"]) + r"\s+(.+?)\s+"
                        + re.escape(lb["tai"]) + r"\s+(.+?)\.?", text)


def _leave_year(text: str, lb: dict[str, str]) -> re.Match | None:
    """Match "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm <nam>./."."""
    return re.fullmatch(re.escape(lb["tinh_vao"]) + r"\s+(.+?)(?:\./\.|\.)?", text)


def _take(paras: list[Para], match: Any, lb: dict[str, str]) -> re.Match | None:
    """Return the first match of ``match`` over ``paras``, removing that paragraph."""
    for k, para in enumerate(paras):
        if m := match(para.text, lb):
            del paras[k]
            return m
    return None


def leave_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a GiayNghiPhep (ngay_don to noi_nghi), inverting
    vbhc.model.layout.leave_blocks; a line not found is warned and filled with "..."."""
    lb = labels("giay-nghi-phep")
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}
    if m := _take(paras, _leave_lead, lb):
        out["ngay_don"] = m.group(1)
    else:
        warn(f"không thấy câu «{lb['xet_don']} ... {lb['cua']} ...»; điền lại ngay_don")
        out["ngay_don"] = "..."
    out["nguoi_cap"] = _lead(paras, lb["cap_cho"], "nguoi_cap", "...", warn)
    fields, paras = _labelled_fields(paras, lb, ("ong_ba", "chuc_vu"), "", warn)
    out.update(fields)
    unit, paras = _labelled(paras, lb["don_vi"])
    if unit:
        out["don_vi"] = unit
    names = ("thoi_gian", "tu_ngay", "den_ngay", "noi_nghi")
    if m := _take(paras, _leave_period, lb):
        out.update(zip(names, m.groups(), strict=True))
    else:
        warn(f"không thấy dòng «{lb['duoc_nghi']} ... {lb['tai']} ...»; điền lại thoi_gian, "
             "tu_ngay, den_ngay, noi_nghi")
        out.update(dict.fromkeys(names, "..."))
    if m := _take(paras, _leave_year, lb):
        out["nam"] = m.group(1)
    else:
        warn(f"không thấy dòng «{lb['tinh_vao']} ...»; điền lại nam")
        out["nam"] = "..."
    if paras:
        warn(f"bỏ {len(paras)} đoạn ngoài mẫu giấy nghỉ phép (bắt đầu «{paras[0].text[:60]}»)")
    return out


def untitled_frame(frame: Frame, body: list[Para]) -> list[Para]:
    """Return the body of a kind without an abstract (Mẫu 1.8): the paragraphs the frame
    read as a trích yếu under the kind name are the body's first."""
    paras, frame.trich_yeu = frame.trich_yeu, []
    return paras + body
