"""A typed document with sections, tables and appendices: báo cáo, thông báo, tờ trình...

One model serves every kind whose row in data/loai-van-ban.yaml says ``mo_hinh: chung``:
adding such a kind takes a row of data and a template, no code.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from vbhc.model.common import Part, VanBan
from vbhc.model.muc import Content, Muc
from vbhc.model.text import PlainText, RichText


class PhuLuc(Part):
    """An appendix: starts on a new page with its own heading."""

    tieu_de: PlainText = Field(description="Tên phụ lục, in hoa khi dựng.")
    noi_dung: list[Content] = Field(
        default_factory=list, description="Các đoạn văn và bảng số liệu của phụ lục."
    )
    trang_ngang: bool = Field(
        default=False,
        description="In phụ lục trên trang khổ ngang (bảng nhiều cột); chỉ khi phụ lục có bảng "
        "(NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I: trình bày theo chiều rộng khi có bảng, biểu).",
    )

    @model_validator(mode="after")
    def _landscape_holds_a_table(self) -> PhuLuc:
        """Refuse a landscape appendix without a table: vbhc check calls such a page an
        error (rule huong-giay, nd30.md §1)."""
        from vbhc.model.bang import Bang

        if self.trang_ngang and not any(isinstance(c, Bang) for c in self.noi_dung):
            raise ValueError("trang_ngang: phụ lục in khổ ngang phải có bảng, biểu (NĐ "
                             "30/2020/NĐ-CP, Phụ lục I, Phần I); bỏ trang_ngang hoặc thêm bảng")
        return self


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
    muc: list[Muc] = Field(
        default_factory=list, description="Các mục I., II., ... của văn bản."
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
