"""Công văn (dispatch): no kind name; "V/v ..." under the number; "Kính gửi:"."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
