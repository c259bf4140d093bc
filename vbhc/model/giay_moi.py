"""Giấy mời (invitation): ND30 Phụ lục III, Mẫu 1.7.

Under the kind name and the abstract: "<who invites> trân trọng kính mời:" with the invitees
(one on the same line, several as "- ...;" lines), "Tới dự ...", "Thời gian: ...",
"Địa điểm: ...", then any further paragraphs (what to prepare, whom to contact).
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from vbhc.model.common import VanBan, new_list
from vbhc.model.ngay import dates_in_text_exist
from vbhc.model.text import PlainText, RichText, strip_kind_name

__all__ = ["GiayMoi"]

_TOI_DU = re.compile(r"^tới\s+dự\s*:?\s*", re.IGNORECASE)
_KINH_MOI_END = re.compile(r"[\s,]*(?:xin\s+)?(?:trân\s+trọng\s+)?kính\s+mời\s*:?\s*$"
                           r"|[\s,]*trân\s+trọng\s+mời\s*:?\s*$", re.IGNORECASE)


def _strip_invites(text: str) -> tuple[str, list[str]]:
    """Return ``nguoi_moi`` without a typed "trân trọng kính mời:" at its end (vbhc prints
    it after the inviter), with the sentence saying so."""
    tail = _KINH_MOI_END.search(text)
    if not tail or not text[:tail.start()].strip():
        return text, []
    return text[:tail.start()].rstrip(), [
        f"bỏ «{tail.group().strip(' ,')}» cuối dòng (vbhc tự in «trân trọng kính mời:» sau "
        "người mời)"]


def _strip_label(pattern: re.Pattern[str], label: str):
    """Return a text fix removing a typed ``label`` (vbhc prints it)."""
    def fix(text: str) -> tuple[str, list[str]]:
        head = pattern.match(text)
        if not head:
            return text, []
        return text[head.end():], [f"bỏ «{head.group().strip()}» gõ tay (vbhc tự in «{label}»)"]
    return fix


class GiayMoi(VanBan):
    """Giấy mời (Mẫu 1.7): người mời, người được mời, cuộc họp, thời gian, địa điểm."""

    list_entries = ("kinh_gui", "kinh_moi")
    entry_labels = {"kinh_moi": "trân trọng kính mời:"}

    loai: Literal["giay-moi"] = Field(description="Loại văn bản: giay-moi.")
    trich_yeu: RichText = Field(
        description="Trích yếu nội dung cuộc họp, ví dụ: Dự Hội nghị sơ kết 6 tháng đầu năm "
        "2024 thực hiện dân chủ ở cơ sở."
    )
    nguoi_moi: PlainText = Field(
        description="Cơ quan, người mời, viết trong câu, in trước 'trân trọng kính mời:', ví "
        "dụ: Ủy ban nhân dân tỉnh Lạng Sơn."
    )
    kinh_moi: list[PlainText] = Field(
        min_length=1,
        description="Người, cơ quan được mời: một nơi in cùng dòng, nhiều nơi in thành các dòng "
        "'- ...;' (không gõ gạch đầu dòng, dấu chấm phẩy).",
    )
    toi_du: RichText = Field(
        description="Cuộc họp, hội nghị được mời tới dự, in sau 'Tới dự' (không ghi mấy chữ "
        "này), ví dụ: Hội nghị sơ kết 6 tháng đầu năm 2024 ... do đồng chí ... chủ trì."
    )
    thoi_gian: RichText = Field(
        description="Thời gian, in sau 'Thời gian:', ví dụ: 08 giờ 00, thứ Tư, ngày 17/7/2024."
    )
    dia_diem: RichText = Field(
        description="Địa điểm, in sau 'Địa điểm:', ví dụ: Hội trường tầng 3, trụ sở UBND tỉnh."
    )
    ghi_chu: list[RichText] = Field(
        default_factory=new_list,
        description="Các đoạn sau địa điểm (tài liệu, chuẩn bị, liên hệ); đoạn cuối thường kết "
        "bằng './.'.",
    )

    _real_dates = field_validator("thoi_gian")(dates_in_text_exist)

    text_fixes = {**VanBan.text_fixes, "toi_du": _strip_label(_TOI_DU, "Tới dự"),
                  "trich_yeu": lambda text: strip_kind_name(text, "Giấy mời"),
                  "nguoi_moi": _strip_invites,
                  "thoi_gian": _strip_label(re.compile(r"^thời\s+gian\s*:\s*", re.I),
                                            "Thời gian:"),
                  "dia_diem": _strip_label(re.compile(r"^địa\s+điểm\s*:\s*", re.I),
                                           "Địa điểm:")}
