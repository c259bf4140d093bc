"""Công điện (urgent telegram-style order): ND30 Phụ lục III, Mẫu 1.6.

Under the kind name and the abstract: "<authority> điện:" (the issuing authority, in
capitals, then the word "điện:"), the addressees as "- ...;" lines, then the body.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from vbhc.model.common import VanBan
from vbhc.model.text import PlainText, RichText

__all__ = ["CongDien"]


class CongDien(VanBan):
    """Công điện (Mẫu 1.6): thẩm quyền "… điện:", nơi nhận điện, nội dung."""

    list_entries = ("kinh_gui", "gui")

    loai: Literal["cong-dien"] = Field(description="Loại văn bản: cong-dien.")
    trich_yeu: RichText = Field(
        description="Trích yếu, ví dụ: Về việc chủ động ứng phó với mưa lũ ..."
    )
    dien: PlainText = Field(
        description="Cơ quan, người có thẩm quyền điện, in hoa trước chữ 'điện:', ví dụ: CHỦ "
        "TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN (không ghi chữ 'điện')."
    )
    gui: list[PlainText] = Field(
        min_length=1,
        description="Nơi nhận điện, mỗi nơi một dòng '- ...;', dòng cuối '- ....' (không gõ "
        "gạch đầu dòng, dấu chấm phẩy).",
    )
    noi_dung: list[RichText] = Field(
        min_length=1, description="Các đoạn nội dung; đoạn cuối thường kết bằng './.'."
    )

    text_fixes = {**VanBan.text_fixes, "dien": lambda text: _strip_dien(text)}

    @field_validator("dien")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()


_DIEN = re.compile(r"\s+điện\s*:?$", re.IGNORECASE)


def _strip_dien(value: str) -> tuple[str, list[str]]:
    """Return ``dien`` without a typed final "điện:" (vbhc prints it), and the note."""
    tail = _DIEN.search(value)
    if not tail:
        return value, []
    return value[:tail.start()], [f"bỏ «{tail.group().strip()}» gõ tay (vbhc tự in «điện:»)"]
