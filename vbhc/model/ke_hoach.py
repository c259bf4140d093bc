"""Kế hoạch (plan): the semantic shape that rendering, derivation and import share."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from vbhc.model.chung import PhuLuc
from vbhc.model.common import Part, VanBan, new_list
from vbhc.model.muc import Muc
from vbhc.model.ngay import Ngay
from vbhc.model.text import Paragraphs, PlainText, RichText


class NhiemVu(Part):
    """One task under "NỘI DUNG THỰC HIỆN": content items, implementing bodies, time frame."""

    list_entries = ("co_quan_thuc_hien",)  # printed "A; B.": a typed ";" or "." is removed

    ten: RichText = Field(description="Tên nhiệm vụ (khoản 1., 2., ...).")
    noi_dung: list[Paragraphs] = Field(
        default_factory=new_list,
        description="Các nội dung cụ thể, đánh a), b), c)... khi có từ hai mục. Mỗi mục là "
        "một chuỗi, hoặc một danh sách: chuỗi đầu mang chữ cái, các chuỗi sau là đoạn tiếp theo.",
    )
    co_quan_thuc_hien: list[PlainText] = Field(
        default_factory=new_list,
        description="Cơ quan thực hiện, mỗi phần tử một cơ quan hoặc nhóm cơ quan; "
        "in ra cách nhau bằng dấu chấm phẩy.",
    )
    thoi_gian: RichText | None = Field(
        None, description="Thời gian thực hiện, ví dụ: thường xuyên trong năm 2024."
    )


class TrachNhiem(Part):
    """Responsibilities of one body under "TỔ CHỨC THỰC HIỆN"."""

    co_quan: PlainText = Field(description="Tên cơ quan, đơn vị, ví dụ: Sở Nội vụ.")
    de_nghi: bool = Field(
        False,
        description="true khi cơ quan không trực thuộc (Mặt trận, đoàn thể): tiêu đề "
        "mở đầu bằng 'Đề nghị'.",
    )
    nhiem_vu: list[RichText] = Field(
        default_factory=new_list, description="Các đoạn nêu trách nhiệm, mỗi phần tử một đoạn."
    )


class HanBaoCao(Part):
    """One reporting deadline."""

    ky: PlainText = Field(description="Kỳ báo cáo, ví dụ: 6 tháng, năm, quý I.")
    ngay: Ngay = Field(description="Hạn gửi báo cáo: 15/6/2024, 15/06/2024 hoặc 2024-06-15; "
                       "in đậm trong văn bản.")


class CheDoBaoCao(Part):
    """Reporting regime: who reports to whom, about what, by which dates."""

    list_entries = ("don_vi",)  # printed "A, B": a typed "," or ";" is removed

    don_vi: list[PlainText] = Field(
        description="Các cơ quan, đơn vị phải báo cáo; in ra cách nhau bằng dấu phẩy."
    )
    noi_nhan: PlainText = Field(
        description="Nơi nhận báo cáo, ví dụ: UBND tỉnh (qua Sở Nội vụ)."
    )
    noi_dung: PlainText = Field(
        description="Nội dung báo cáo, ví dụ: tình hình, kết quả thực hiện dân chủ."
    )
    han: list[HanBaoCao] = Field(
        default_factory=new_list, description="Các kỳ báo cáo và hạn gửi."
    )


class KeHoach(VanBan):
    """Kế hoạch: purposes, requirements, tasks, organisation, reporting, appendices."""

    loai: Literal["ke-hoach"] = Field(description="Loại văn bản: ke-hoach.")
    can_cu: list[RichText] = Field(
        default_factory=new_list,
        description="Các căn cứ ban hành, mỗi phần tử một dòng, giữ nguyên dấu câu cuối dòng.",
    )
    loi_dan: RichText | None = Field(
        None,
        description="Đoạn dẫn sau căn cứ, ví dụ: 'Thực hiện ..., UBND tỉnh ban hành Kế hoạch "
        "... như sau:'.",
    )
    muc_dich: list[Paragraphs] = Field(
        default_factory=new_list,
        description="Mục đích; đánh số 1.1., 1.2., ... khi có từ hai mục.",
    )
    yeu_cau: list[Paragraphs] = Field(
        default_factory=new_list,
        description="Yêu cầu; đánh số 2.1., 2.2., ... khi có từ hai mục.",
    )
    nhiem_vu: list[NhiemVu] = Field(
        default_factory=new_list, description="Nội dung thực hiện: các nhiệm vụ (mục II)."
    )
    muc_khac: list[Muc] = Field(
        default_factory=new_list,
        description="Các mục tự do đặt sau phần nội dung, trước 'TỔ CHỨC THỰC HIỆN' "
        "(ví dụ: KINH PHÍ THỰC HIỆN).",
    )
    to_chuc_thuc_hien: list[TrachNhiem] = Field(
        default_factory=new_list, description="Tổ chức thực hiện: trách nhiệm của từng cơ quan."
    )
    che_do_bao_cao: CheDoBaoCao | None = Field(
        None, description="Chế độ báo cáo (khoản cuối của mục tổ chức thực hiện)."
    )
    ket_luan: list[RichText] = Field(
        default_factory=new_list,
        description="Các đoạn kết thúc văn bản, đoạn cuối thường kết bằng './.'.",
    )
    phu_luc: list[PhuLuc] = Field(
        default_factory=new_list,
        description="Các phụ lục kèm theo kế hoạch (bảng phân công nhiệm vụ, danh mục...), mỗi "
        "phụ lục sang trang mới (từ hai phụ lục: I, II, ...).",
    )
