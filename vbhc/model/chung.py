"""A typed document with sections, tables and appendices: báo cáo, thông báo, tờ trình...

One model serves every kind whose row in data/loai-van-ban.yaml says ``mo_hinh: chung``:
adding such a kind takes a row of data and a template, no code.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from vbhc.model.common import Part, VanBan
from vbhc.model.muc import Content, Muc
from vbhc.model.text import PlainText, RichText


class PhuLuc(Part):
    """An appendix: starts on a new page with its own heading."""

    tieu_de: PlainText = Field(description="Tên phụ lục, in hoa khi dựng.")
    noi_dung: list[Content] = Field(
        default_factory=list, description="Các đoạn văn và bảng số liệu của phụ lục."
    )


class VanBanChung(VanBan):
    """Typed document (has a kind name): căn cứ, sections with tables, appendices."""

    loai: str = Field(description="Loại văn bản: một slug có mo_hinh 'chung', ví dụ bao-cao.")
    kinh_gui: list[PlainText] = Field(
        default_factory=list,
        description="Nơi nhận ở 'Kính gửi' (báo cáo, tờ trình gửi cấp trên); để trống nếu không.",
    )
    can_cu: list[RichText] = Field(
        default_factory=list, description="Các căn cứ, mỗi phần tử một dòng."
    )
    loi_dan: list[RichText] = Field(
        default_factory=list, description="Các đoạn mở đầu trước mục I."
    )
    cap_muc_dau: Literal["I", "1"] = Field(
        "I",
        description="Cấp đánh số của các mục ngoài cùng: 'I' (mặc định: I., II., rồi 1., a)) "
        "hoặc '1' cho văn bản không có cấp I. (mục ngoài cùng đánh 1., 2., rồi a), gạch "
        "đầu dòng; Nghị định 30, Phụ lục I, Phần II, mục 5). Trong phần 'A.', 'B.' số 1., 2. "
        "chạy tiếp; sau 'Phần I', 'Phần thứ hai' đánh lại từ 1.",
    )
    muc: list[Muc] = Field(
        default_factory=list, description="Các mục I., II., ... của văn bản (hoặc 1., 2., ... "
        "khi cap_muc_dau là '1')."
    )
    ket_luan: list[RichText] = Field(
        default_factory=list, description="Các đoạn kết thúc, đoạn cuối thường kết bằng './.'."
    )
    phu_luc: list[PhuLuc] = Field(
        default_factory=list,
        description="Các phụ lục, mỗi phụ lục sang trang mới (từ hai phụ lục: I, II, ...).",
    )

    @field_validator("loai")
    @classmethod
    def _kind_uses_this_model(cls, value: str) -> str:
        from vbhc.model.kinds import uses_model

        return uses_model(value, "chung")
