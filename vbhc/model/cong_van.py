"""Công văn (dispatch): no kind name; "V/v ..." under the number; "Kính gửi:"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, ValidationInfo, field_validator

from vbhc.model.common import VanBan
from vbhc.model.text import PlainText, RichText


class CongVan(VanBan):
    """A dispatch to one or several addressees."""

    loai: Literal["cong-van"] = Field(description="Loại văn bản: cong-van.")
    trich_yeu: RichText = Field(
        description="Trích yếu, không ghi 'V/v' (vbhc tự thêm), chữ đầu viết thường, "
        "ví dụ: đôn đốc gửi báo cáo ..."
    )
    kinh_gui: list[PlainText] = Field(
        min_length=1,
        description="Nơi nhận ở 'Kính gửi': một nơi in cùng dòng, nhiều nơi in thành các "
        "dòng '- ...;'.",
    )
    noi_dung: list[RichText] = Field(
        min_length=1, description="Các đoạn nội dung; đoạn cuối thường kết bằng './.'."
    )
    don_vi_soan_thao: PlainText | None = Field(
        None,
        validate_default=True,
        description="Chữ viết tắt đơn vị soạn thảo hoặc lĩnh vực, ví dụ: VP, NC; ghép vào ký "
        "hiệu công văn (Số: 345/UBND-NC). Bắt buộc, trừ khi đã ghi so_ky_hieu.ky_hieu.",
    )

    @field_validator("don_vi_soan_thao")
    @classmethod
    def _symbol_has_a_unit(cls, value: str | None, info: ValidationInfo) -> str | None:
        """ND30 Phụ lục I, mục II.3.b: a công văn's symbol is the issuer's abbreviation and
        the drafting unit's (or the field's), "UBND-NC": one of the two must say it."""
        number = info.data.get("so_ky_hieu")
        if value is None and not getattr(number, "ky_hieu", None):
            raise ValueError("công văn cần chữ viết tắt đơn vị soạn thảo (ví dụ: VP, NC) để "
                             "ghép ký hiệu dạng 345/UBND-NC; hoặc ghi cả so_ky_hieu.ky_hieu")
        return value
