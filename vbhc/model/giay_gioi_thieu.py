"""Giấy giới thiệu (letter of introduction): ND30 Phụ lục III, Mẫu 1.8. No trích yếu.

Under the kind name: "<who introduces> trân trọng giới thiệu:", "Ông (bà): ...",
"Chức vụ: ...", "Được cử đến: ...", "Về việc: ...", the fixed request "Đề nghị Quý cơ quan
tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ." and "Giấy này có giá trị đến
hết ngày ..../.".
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from vbhc.model.common import VanBan
from vbhc.model.text import PlainText, RichText

__all__ = ["GiayGioiThieu"]


class GiayGioiThieu(VanBan):
    """Giấy giới thiệu (Mẫu 1.8): người được giới thiệu, nơi đến, việc, thời hạn."""

    loai: Literal["giay-gioi-thieu"] = Field(description="Loại văn bản: giay-gioi-thieu.")
    trich_yeu: Literal[""] = Field(
        "", description="Giấy giới thiệu không có trích yếu (NĐ 30, Mẫu 1.8): bỏ trường này."
    )
    nguoi_gioi_thieu: PlainText = Field(
        description="Cơ quan giới thiệu, viết trong câu, in trước 'trân trọng giới thiệu:', ví "
        "dụ: Ủy ban nhân dân tỉnh Lạng Sơn."
    )
    ong_ba: PlainText = Field(
        description="Họ tên người được giới thiệu (không kèm 'Ông', 'Bà'), in sau 'Ông (bà):'."
    )
    chuc_vu: PlainText = Field(description="Chức vụ, in sau 'Chức vụ:'.")
    duoc_cu_den: PlainText = Field(description="Cơ quan được cử đến, in sau 'Được cử đến:'.")
    ve_viec: RichText = Field(description="Việc cần làm, in sau 'Về việc:'.")
    co_gia_tri_den: PlainText = Field(
        description="Ngày hết giá trị, in sau 'Giấy này có giá trị đến hết ngày', ví dụ: "
        "31/7/2024."
    )
