"""A text issued with a decision (ND30 Phụ lục III, Mẫu 1.3: "Quyết định (cá biệt) ban hành
văn bản khác"): a Quy chế, Quy định, Kế hoạch ... "ban hành kèm theo Quyết định số ...".

Its own title block (the kind name in capitals, its trích yếu, the italic "(Ban hành kèm
theo Quyết định số ... ngày ... của ...)" line and a short rule) and the numbering of
Scheme A (ND30 Phụ lục I, Phần II, mục 5; nd30.md §3.4): "Chương I" and its title centred
on lines of their own, optionally "Mục 1" and its title the same way, then "Điều 1. <tên
điều>" (numbered through the whole text, not per chapter), khoản 1., 2. and điểm a), b).
Scheme A's Phần and Tiểu mục are not modelled: administrative regulations seldom need them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Discriminator, Field, Tag, model_validator

from vbhc.model.common import Part, new_list
from vbhc.model.text import PlainText, RichText

__all__ = ["Chuong", "DieuKemTheo", "Khoan", "MucKemTheo", "VanBanKemTheo"]


def _shape(value: object) -> str:
    return "<đoạn>" if isinstance(value, str) else "<nhóm>"


class Khoan(Part):
    """A clause (khoản) with its points (điểm a), b), ...)."""

    noi_dung: RichText = Field(description="Nội dung khoản (không ghi số; số 1., 2. tự đánh).")
    diem: list[RichText] = Field(
        default_factory=new_list,
        description="Các điểm a), b), ... của khoản (không ghi chữ cái; vbhc tự đánh).",
    )


KhoanOrText = Annotated[
    Annotated[RichText, Tag("<đoạn>")] | Annotated[Khoan, Tag("<nhóm>")],
    Discriminator(_shape),
]
"""A clause: its text alone (a string), or {noi_dung, diem}."""


def _exactly_one(first: list, second: list, both: str, neither: str) -> None:
    """Raise ValueError(``both``) when both lists hold items, ValueError(``neither``) when
    neither does: a level holds its articles directly or through one kind of division."""
    if first and second:
        raise ValueError(both)
    if not first and not second:
        raise ValueError(neither)


class DieuKemTheo(Part):
    """An article of the attached text: "Điều N. <tieu_de>" in bold, then its paragraphs
    and clauses."""

    tieu_de: RichText = Field(
        description="Tên điều, in đậm sau 'Điều N.' (không ghi 'Điều N.'; số tự đánh liền "
        "qua các chương), ví dụ: Phạm vi điều chỉnh."
    )
    noi_dung: list[RichText] = Field(
        default_factory=new_list,
        description="Các đoạn của điều trước các khoản (không đánh số).",
    )
    khoan: list[KhoanOrText] = Field(
        default_factory=new_list,
        description="Các khoản của điều: từ hai khoản thì đánh số 1., 2., ...; mỗi khoản là "
        "một chuỗi hoặc {noi_dung, diem}.",
    )


class MucKemTheo(Part):
    """A section (Mục) of a chapter: "Mục 1" and its title centred, then its articles."""

    tieu_de: RichText = Field(description="Tên mục, in hoa đậm dưới dòng 'Mục N'.")
    dieu: list[DieuKemTheo] = Field(min_length=1, description="Các điều của mục.")


class Chuong(Part):
    """A chapter: "Chương I" and its title centred, then its articles or its sections."""

    tieu_de: RichText = Field(
        description="Tên chương, in hoa đậm dưới dòng 'Chương I', ví dụ: Quy định chung."
    )
    dieu: list[DieuKemTheo] = Field(
        default_factory=new_list, description="Các điều của chương (khi chương không chia mục)."
    )
    muc: list[MucKemTheo] = Field(
        default_factory=new_list,
        description="Các mục 'Mục 1', 'Mục 2' của chương (khi chương chia mục; khi đó để "
        "trống dieu).",
    )

    @model_validator(mode="after")
    def _articles_or_sections(self) -> Chuong:
        _exactly_one(self.dieu, self.muc, "chương có cả 'dieu' và 'muc': khi chương chia "
                     "mục, đặt mọi điều vào các mục",
                     "chương chưa có điều nào: thêm 'dieu' (hoặc 'muc')")
        return self


class VanBanKemTheo(Part):
    """The text a decision issues (Mẫu 1.3): its kind and abstract, then chapters or
    articles."""

    ten_loai: PlainText = Field(
        description="Tên loại của văn bản ban hành kèm theo, ví dụ: Quy chế, Quy định, Kế "
        "hoạch (in hoa khi dựng)."
    )
    trich_yeu: RichText = Field(
        description="Trích yếu của văn bản kèm theo, in đậm dưới tên loại, ví dụ: Làm việc "
        "của Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh Lạng Sơn."
    )
    chuong: list[Chuong] = Field(
        default_factory=new_list,
        description="Các chương 'Chương I', 'Chương II', ... (để trống khi văn bản không chia "
        "chương; khi đó ghi các điều ở dieu).",
    )
    dieu: list[DieuKemTheo] = Field(
        default_factory=new_list,
        description="Các điều, khi văn bản không chia chương.",
    )

    @model_validator(mode="after")
    def _chapters_or_articles(self) -> VanBanKemTheo:
        _exactly_one(self.chuong, self.dieu, "có cả 'chuong' và 'dieu': khi văn bản chia "
                     "chương, đặt mọi điều vào các chương",
                     "văn bản kèm theo chưa có điều nào: thêm 'chuong' hoặc 'dieu'")
        return self
