"""A typed document with sections, tables and appendices: báo cáo, thông báo, tờ trình...

One model serves every kind whose row in data/loai-van-ban.yaml says ``mo_hinh: chung``:
adding such a kind takes a row of data and a template, no code.

A kind whose row says ``hai_ben: true`` (hợp đồng, bản ghi nhớ, bản thỏa thuận) is signed by
two parties: ``nguoi_ky_ben_kia`` is the other party's signature, printed on the left beside
the issuing agency's (``nguoi_ky``, ô 7, on the right), as the two signatures of a biên bản
(Mẫu 1.9), with the recipients under them.
"""

# No `from __future__ import annotations` here: pydantic then reads these models' field
# annotations as objects instead of evaluating each string (a cold render: 5 -> 1.7 ms).

from typing import Literal

from pydantic import Field, field_validator, model_validator

from vbhc.model.common import NguoiKy, Part, VanBan, new_list
from vbhc.model.muc import Content, Muc
from vbhc.model.text import PlainText, RichText


class PhuLuc(Part):
    """An appendix: starts on a new page with its own heading."""

    tieu_de: PlainText = Field(description="Tên phụ lục, in hoa khi dựng.")
    noi_dung: list[Content] = Field(
        default_factory=new_list, description="Các đoạn văn và bảng số liệu của phụ lục."
    )
    trang_ngang: bool = Field(
        default=False,
        description="In phụ lục trên trang khổ ngang (bảng nhiều cột); chỉ khi phụ lục có bảng "
        "(NĐ 30/2020/NĐ-CP, Phụ lục I, Phần I: trình bày theo chiều rộng khi có bảng, biểu).",
    )

    @model_validator(mode="after")
    def _landscape_holds_a_table(self) -> "PhuLuc":
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
        default_factory=new_list,
        description="Nơi nhận ở 'Kính gửi' (báo cáo, tờ trình gửi cấp trên); để trống nếu không.",
    )
    can_cu: list[RichText] = Field(
        default_factory=new_list, description="Các căn cứ, mỗi phần tử một dòng."
    )
    loi_dan: list[RichText] = Field(
        default_factory=new_list, description="Các đoạn mở đầu trước mục I."
    )
    cap_muc_dau: Literal["I", "1"] = Field(
        "I",
        description="Cấp đánh số của các mục ngoài cùng: 'I' (mặc định: I., II., rồi 1., a)) "
        "hoặc '1' cho văn bản không có cấp I. (mục ngoài cùng đánh 1., 2., rồi a), gạch "
        "đầu dòng; Nghị định 30, Phụ lục I, Phần II, mục 5). Trong phần 'A.', 'B.' số 1., 2. "
        "chạy tiếp; sau 'Phần I', 'Phần thứ hai' đánh lại từ 1.",
    )
    muc: list[Muc] = Field(
        default_factory=new_list, description="Các mục I., II., ... của văn bản (hoặc 1., 2., ... "
        "khi cap_muc_dau là '1')."
    )
    ket_luan: list[RichText] = Field(
        default_factory=new_list, description="Các đoạn kết thúc, đoạn cuối thường kết bằng './.'."
    )
    phu_luc: list[PhuLuc] = Field(
        default_factory=new_list,
        description="Các phụ lục, mỗi phụ lục sang trang mới (từ hai phụ lục: I, II, ...).",
    )

    nguoi_ky_ben_kia: NguoiKy | None = Field(
        None,
        description="Hợp đồng, bản ghi nhớ, bản thỏa thuận (hai bên cùng ký): người ký của bên "
        "kia, cùng các trường như nguoi_ky (thay_mat, quyen_han, thu_truong, chuc_vu, ho_ten), "
        "ví dụ chuc_vu: ĐẠI DIỆN BÊN B hoặc thay_mat: BAN THƯỜNG TRỰC. In bên trái, cạnh chữ ký "
        "của cơ quan ban hành (nguoi_ky, bên phải); nơi nhận in dưới hai chữ ký. Không dùng "
        "ảnh chữ ký, ảnh dấu.",
    )

    @model_validator(mode="after")
    def _second_party(self) -> "VanBanChung":
        """nguoi_ky_ben_kia only where the kind is signed by two parties (data/loai-van-ban.yaml
        ``hai_ben``), without images (only the issuer's signature carries them, ô 7c, 8)."""
        from vbhc.model.kinds import kind

        other = self.nguoi_ky_ben_kia
        if other is None:
            return self
        if not kind(self.loai).hai_ben:
            raise ValueError("nguoi_ky_ben_kia (chữ ký bên kia) chỉ dùng cho văn bản hai bên "
                             "cùng ký: hợp đồng, bản ghi nhớ, bản thỏa thuận; bỏ trường này")
        if other.chu_ky_anh or other.dau_anh:
            raise ValueError("nguoi_ky_ben_kia: chưa hỗ trợ ảnh chữ ký, ảnh dấu của bên kia; "
                             "bỏ chu_ky_anh, dau_anh (bên kia ký tay trên bản giấy)")
        return self

    @field_validator("loai")
    @classmethod
    def _kind_uses_this_model(cls, value: str) -> str:
        from vbhc.model.kinds import uses_model

        return uses_model(value, "chung")
