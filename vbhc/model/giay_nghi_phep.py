"""Giấy nghỉ phép (leave permit): ND30 Phụ lục III, Mẫu 1.10. No trích yếu.

Under the kind name: "Xét Đơn đề nghị nghỉ phép ngày ... của ông (bà) ...,", "<who grants>
cấp cho:", "Ông (bà): ...", "Chức vụ: ...", ("Đơn vị công tác: ..." when given: not on the
sample, its note (5)), "Được nghỉ phép trong thời gian ... kể từ ngày ... đến hết ngày ... tại
...." and "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm ..../." (the
form's wording; sources in data/giay-nghi-phep.yaml).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from vbhc.model.common import VanBan
from vbhc.model.text import PlainText

__all__ = ["GiayNghiPhep"]


class GiayNghiPhep(VanBan):
    """Giấy nghỉ phép (Mẫu 1.10): người được nghỉ, chức vụ, đơn vị, thời gian, nơi nghỉ."""

    loai: Literal["giay-nghi-phep"] = Field(description="Loại văn bản: giay-nghi-phep.")
    trich_yeu: Literal[""] = Field(
        "", description="Giấy nghỉ phép không có trích yếu (NĐ 30, Mẫu 1.10): bỏ trường này."
    )
    ngay_don: PlainText = Field(
        description="Ngày của đơn đề nghị nghỉ phép, in sau 'Xét Đơn đề nghị nghỉ phép ngày', "
        "ví dụ: 10/7/2024."
    )
    nguoi_cap: PlainText = Field(
        description="Cơ quan, tổ chức cấp giấy (chú thích (2) của Mẫu 1.10), viết trong câu, "
        "in trước 'cấp cho:', ví dụ: Ủy ban nhân dân tỉnh Lạng Sơn."
    )
    ong_ba: PlainText = Field(
        description="Họ tên người được nghỉ phép (không kèm 'Ông', 'Bà'), in sau 'Ông (bà):'."
    )
    chuc_vu: PlainText = Field(description="Chức vụ, in sau 'Chức vụ:'.")
    don_vi: PlainText | None = Field(
        None,
        description="Đơn vị công tác (không bắt buộc: Mẫu 1.10 không có dòng riêng), in sau "
        "'Đơn vị công tác:'.",
    )
    nam: PlainText = Field(
        description="Năm của phép, in cuối câu 'Số ngày nghỉ phép nêu trên được tính vào "
        "thời gian nghỉ phép năm ...', ví dụ: 2024."
    )
    thoi_gian: PlainText = Field(
        description="Số ngày nghỉ, in sau 'Được nghỉ phép trong thời gian', ví dụ: 05 ngày."
    )
    tu_ngay: PlainText = Field(description="Ngày bắt đầu nghỉ, in sau 'kể từ ngày'.")
    den_ngay: PlainText = Field(description="Ngày cuối cùng nghỉ, in sau 'đến hết ngày'.")
    noi_nghi: PlainText = Field(
        description="Nơi nghỉ phép, in sau 'tại' ở cuối câu 'Được nghỉ phép trong thời gian "
        "...'."
    )
