"""Biên bản (minutes): ND30 Phụ lục III, Mẫu 1.9.

No place and date line in the header (the time and place are recorded in the body). The
body: "Thời gian bắt đầu:", "Địa điểm:", "Thành phần tham dự:", "Chủ trì (chủ tọa):",
"Thư ký (người ghi biên bản):", "Nội dung (theo diễn biến cuộc họp):" and the proceedings,
then the closing time. Two signatures side by side, the secretary's on the left and the
chair's on the right (``nguoi_ky``); the recipients under them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from vbhc.model.common import VanBan
from vbhc.model.ngay import dates_in_text_exist
from vbhc.model.text import PlainText, RichText

__all__ = ["BienBan"]


class BienBan(VanBan):
    """Biên bản (Mẫu 1.9): thời gian, địa điểm, thành phần, chủ trì, thư ký, nội dung."""

    list_entries = ("kinh_gui", "thanh_phan")

    loai: Literal["bien-ban"] = Field(description="Loại văn bản: bien-ban.")
    trich_yeu: RichText = Field(
        description="Trích yếu, ví dụ: Hội nghị sơ kết 6 tháng đầu năm 2024 thực hiện dân chủ "
        "ở cơ sở."
    )
    thoi_gian_bat_dau: RichText = Field(
        description="In sau 'Thời gian bắt đầu:', ví dụ: 08 giờ 00, ngày 17/7/2024."
    )
    dia_diem: RichText = Field(description="In sau 'Địa điểm:'.")
    thanh_phan: list[PlainText] = Field(
        min_length=1,
        description="Thành phần tham dự, mỗi thành phần một dòng '- ...;' (không gõ gạch đầu "
        "dòng, dấu chấm phẩy).",
    )
    chu_tri: PlainText = Field(
        description="In sau 'Chủ trì (chủ tọa):', ví dụ: đồng chí ..., Phó Chủ tịch UBND tỉnh."
    )
    thu_ky: PlainText = Field(
        description="In sau 'Thư ký (người ghi biên bản):', ví dụ: đồng chí ..., chuyên viên ..."
    )
    noi_dung: list[RichText] = Field(
        min_length=1,
        description="Diễn biến cuộc họp, hội nghị: mỗi phần tử một đoạn (ý kiến, kết luận).",
    )
    ket_thuc: RichText = Field(
        description="In sau 'Cuộc họp kết thúc vào', ví dụ: 11 giờ 30 cùng ngày./."
    )
    ho_ten_thu_ky: PlainText | None = Field(
        None,
        description="Họ tên thư ký, in dưới chữ 'THƯ KÝ' (chữ ký bên trái); để trống cho "
        "người ghi biên bản tự điền.",
    )

    _real_dates = field_validator("thoi_gian_bat_dau", "ket_thuc")(dates_in_text_exist)
