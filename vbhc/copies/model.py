"""What a copy's YAML holds: the copying agency's data for the copy block (ND30 Điều 25;
Phụ lục I, Phần II), built from the shared model parts (issuer, number, date, signer,
recipients), not new shapes.

    hinh_thuc: sao-y            # optional; --hinh-thuc says it too (sao-y, sao-luc, trich-sao)
    co_quan: {chu_quan: UBND TỈNH LẠNG SƠN, ten: VĂN PHÒNG, viet_tat: VP, dia_danh: Lạng Sơn}
    so_ky_hieu: {so: 5}         # ký hiệu: SY-VP from the form and co_quan.viet_tat
    ngay_sao: 3/6/2024          # thời gian sao (ô 4)
    nguoi_ky: {quyen_han: KT., thu_truong: CHÁNH VĂN PHÒNG, chuc_vu: PHÓ CHÁNH VĂN PHÒNG, ...}
    noi_nhan: {danh_sach: [...], luu: VT}

``co_quan`` may name an agency profile (ho-so/....yaml) as a document's does
(vbhc.profiles).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import Field, model_validator

from vbhc.derivation.names import slug
from vbhc.model.common import CoQuan, NgayBanHanh, NguoiKy, NoiNhan, Part, SoKyHieu
from vbhc.model.kinds import CopyForm, copy_forms

HinhThuc = Literal["sao-y", "sao-luc", "trich-sao"]
"""The three forms of copy by their slug (data/loai-van-ban.yaml ``ban_sao``)."""


def slug_of(form: CopyForm) -> str:
    """Return the slug of a copy form: "SAO Y" -> "sao-y", "TRÍCH SAO" -> "trich-sao"."""
    return slug(form.tieu_de)


@cache
def forms_by_slug() -> dict[str, CopyForm]:
    """Return slug -> copy form, in the decree's order (SY, SL, TrS)."""
    return {slug_of(f): f for f in copy_forms()}


class BanSao(Part):
    """The copying agency's data for the copy block (ND30 Phụ lục I, Phần II; Mẫu 3.1)."""

    hinh_thuc: HinhThuc | None = Field(
        None,
        description="Hình thức sao (ô 1): sao-y, sao-luc hoặc trich-sao. Có thể ghi bằng "
        "--hinh-thuc; ghi cả hai thì phải trùng nhau.",
    )
    co_quan: CoQuan = Field(
        description="Cơ quan, tổ chức sao văn bản (ô 2) và địa danh; có thể ghi đường dẫn "
        "hồ sơ cơ quan (ho-so/....yaml).",
    )
    so_ky_hieu: SoKyHieu = Field(
        default_factory=SoKyHieu,
        description="Số, ký hiệu bản sao (ô 3): số đăng ký bản sao (đánh chung cho mọi "
        "bản sao của cơ quan, từ 01 mỗi năm); ký hiệu để trống thì ghép chữ viết tắt hình "
        "thức sao và cơ quan: SY-VP, SL-VP, TrS-VP.",
    )
    ngay_sao: NgayBanHanh = Field(description="Thời gian sao văn bản (ô 4), ví dụ 3/6/2024.")
    nguoi_ky: NguoiKy | None = Field(
        None,
        description="Quyền hạn, chức vụ, họ tên người có thẩm quyền ký bản sao (ô 5a-5c); "
        "bắt buộc với bản sao giấy, không in ở bản sao điện tử (chữ ký số của cơ quan).",
    )
    noi_nhan: NoiNhan | None = Field(
        None,
        description="Nơi nhận bản sao (ô 7); bắt buộc với bản sao giấy, không in ở bản sao "
        "điện tử.",
    )

    @model_validator(mode="after")
    def _symbol_fits_form(self) -> BanSao:
        """A symbol typed by hand must open with a copy code (SY, SL, TrS)."""
        typed = self.so_ky_hieu.ky_hieu
        codes = [f.ky_hieu for f in copy_forms()]
        if typed and typed.split("-")[0] not in codes:
            raise ValueError(f"so_ky_hieu.ky_hieu '{typed}' phải mở đầu bằng chữ viết tắt "
                             f"hình thức sao ({', '.join(codes)}), ví dụ SY-VP")
        return self

    def symbol(self, form: CopyForm) -> str:
        """Return the symbol after the number: the one typed, or ``<code>-<viet_tat>``
        ("SY-VP"). ValueError when a typed one names another form than ``form``."""
        typed = self.so_ky_hieu.ky_hieu
        if typed:
            if typed.split("-")[0] != form.ky_hieu:
                raise ValueError(f"so_ky_hieu.ky_hieu '{typed}' không khớp hình thức "
                                 f"{form.tieu_de} (phải mở đầu bằng {form.ky_hieu}-)")
            return typed
        return f"{form.ky_hieu}-{self.co_quan.viet_tat}"
