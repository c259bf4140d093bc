"""Quyết định (cá biệt), issued directly: ND30 Phụ lục III, Mẫu 1.2; and Nghị quyết (cá
biệt), Mẫu 1.1, which has the same shape ("Xét ..." and "QUYẾT NGHỊ:" instead of "Theo đề
nghị của ..." and "QUYẾT ĐỊNH:", the session line under the authority).

The body has its own shape: the line of the issuing authority ("CHỦ TỊCH ỦY BAN NHÂN DÂN
TỈNH ..."), the căn cứ, "Theo đề nghị của ...", "QUYẾT ĐỊNH:", then the articles "Điều 1.",
"Điều 2.", ... with their khoản (1., 2.) and điểm (a), b)). The last article is the
executing one (who carries the decision out); the recipients open with "- Như Điều N;"
naming it.

A decision issuing another text (Mẫu 1.3: a Quy chế, Quy định, Kế hoạch "ban hành kèm
theo Quyết định số ...") carries it in ``van_ban_kem_theo`` (vbhc.model.van_ban_kem_theo),
printed after the signature on a page (a section) of its own.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Discriminator, Field, PrivateAttr, Tag, field_validator, model_validator

from vbhc.model.chung import PhuLuc
from vbhc.model.common import NoiNhan, Note, Part, VanBan, new_list
from vbhc.model.text import PlainText, RichText
from vbhc.model.van_ban_kem_theo import Khoan, KhoanOrText, VanBanKemTheo, _shape

__all__ = ["Dieu", "Khoan", "NoiNhanQuyetDinh", "QuyetDinh", "VanBanKemTheo"]


class Dieu(Part):
    """An article (Điều): its opening text, then its clauses."""

    noi_dung: RichText = Field(
        description="Nội dung điều, in sau 'Điều N.' (không ghi 'Điều N.'; số tự đánh)."
    )
    khoan: list[KhoanOrText] = Field(
        default_factory=new_list,
        description="Các khoản của điều: từ hai khoản thì đánh số 1., 2., ...; mỗi khoản là "
        "một chuỗi hoặc {noi_dung, diem}.",
    )


DieuOrText = Annotated[
    Annotated[RichText, Tag("<đoạn>")] | Annotated[Dieu, Tag("<nhóm>")],
    Discriminator(_shape),
]
"""An article: its text alone (a string), or {noi_dung, khoan}."""

_NHU_DIEU = re.compile(r"^như\s+điều\s+\d+$", re.IGNORECASE)


class NoiNhanQuyetDinh(NoiNhan):
    """Recipients of a decision: "- Như Điều N;" first (N: the executing article)."""

    nhu_dieu: bool | None = Field(
        None,
        description="In dòng '- Như Điều N;' đầu danh sách, N là điều cuối (điều thi hành: "
        "các cơ quan, cá nhân thi hành quyết định cũng là nơi nhận). Để trống: có với quyết "
        "định, không với nghị quyết.",
    )

    _dieu_thi_hanh: int | None = PrivateAttr(default=None)
    _mac_dinh: bool = PrivateAttr(default=True)  # nhu_dieu when left blank (by kind)

    def _own_line(self, item: str, i: int, notes: list[Note]) -> bool:
        """A hand-typed "Như Điều 3" line goes: vbhc prints it from ``nhu_dieu``."""
        if not _NHU_DIEU.match(item):
            return False
        notes.append((("danh_sach", i), f"bỏ dòng «{item}» gõ tay (vbhc tự in «- Như Điều N;» "
                                        "theo nhu_dieu, N là điều cuối)"))
        return True

    def lines(self, has_addressees: bool = False) -> list[str]:
        """Return the recipient lines: "- Như Điều 3;" (when ``nhu_dieu``) "- X;" ...
        "- Lưu: VT, Y."."""
        out = super().lines(has_addressees)
        wanted = self._mac_dinh if self.nhu_dieu is None else self.nhu_dieu
        if wanted and self._dieu_thi_hanh:
            out.insert(0, f"- Như Điều {self._dieu_thi_hanh};")
        return out


class QuyetDinh(VanBan):
    """Quyết định cá biệt (Mẫu 1.2): thẩm quyền, căn cứ, đề nghị, các điều."""

    loai: str = Field(description="Loại văn bản: quyet-dinh hoặc nghi-quyet.")
    trich_yeu: RichText = Field(
        description="Trích yếu, thường bắt đầu bằng 'Về việc', ví dụ: Về việc kiện toàn Ban "
        "Chỉ đạo ..."
    )
    tham_quyen: PlainText = Field(
        description="Thẩm quyền ban hành, in hoa đậm dưới trích yếu, ví dụ: CHỦ TỊCH ỦY BAN "
        "NHÂN DÂN TỈNH LẠNG SƠN (quyết định của người đứng đầu) hoặc ỦY BAN NHÂN DÂN TỈNH "
        "LẠNG SƠN (của tập thể)."
    )
    ky_hop: PlainText | None = Field(
        None,
        description="Nghị quyết của Hội đồng nhân dân: khóa và kỳ họp, in hoa đậm dưới thẩm "
        "quyền, ví dụ: KHÓA XVII, KỲ HỌP THỨ MƯỜI TÁM.",
    )
    can_cu: list[RichText] = Field(
        default_factory=new_list, description="Các căn cứ, mỗi phần tử một dòng, kết bằng ';'."
    )
    theo_de_nghi: RichText | None = Field(
        None,
        description="Cơ quan, người đề nghị, in sau 'Theo đề nghị của' (nghị quyết: sau 'Xét'; "
        "không ghi mấy chữ này), ví dụ: Giám đốc Sở Nội vụ tại Tờ trình số 96/TTr-SNV ngày "
        "20/5/2024.",
    )
    dieu: list[DieuOrText] = Field(
        min_length=1,
        description="Các điều, đánh số Điều 1., Điều 2., ...; điều cuối là điều thi hành "
        "(cơ quan, cá nhân chịu trách nhiệm thi hành quyết định).",
    )
    ket_luan: list[RichText] = Field(
        default_factory=new_list,
        description="Các đoạn sau các điều, ví dụ ở nghị quyết: Nghị quyết này đã được Hội đồng "
        "nhân dân tỉnh ... khóa ..., kỳ họp thứ ... thông qua ngày ... ./.",
    )
    noi_nhan: NoiNhanQuyetDinh = Field(description="Nơi nhận (ô 9b).")
    van_ban_kem_theo: VanBanKemTheo | None = Field(
        None,
        description="Văn bản ban hành kèm theo quyết định (Mẫu 1.3): quy chế, quy định, kế "
        "hoạch ... in sau chữ ký, sang trang mới với tên loại, trích yếu, dòng '(Ban hành "
        "kèm theo Quyết định số ... ngày ... của ...)', các chương và điều. Để trống khi "
        "quyết định không ban hành văn bản nào.",
    )
    phu_luc: list[PhuLuc] = Field(
        default_factory=new_list,
        description="Các phụ lục kèm theo quyết định, mỗi phụ lục sang trang mới.",
    )

    text_fixes = {**VanBan.text_fixes, "theo_de_nghi": lambda text: _strip_request(text)}

    @field_validator("loai")
    @classmethod
    def _kind_uses_this_model(cls, value: str) -> str:
        from vbhc.model.kinds import uses_model

        return uses_model(value, "quyet-dinh")

    @field_validator("tham_quyen", "ky_hop")
    @classmethod
    def _upper(cls, value: str | None) -> str | None:
        return value.upper() if value else value

    @model_validator(mode="after")
    def _executing_article(self) -> QuyetDinh:
        self.noi_nhan._dieu_thi_hanh = len(self.dieu)
        self.noi_nhan._mac_dinh = nhu_dieu_default(self.loai)
        return self


def nhu_dieu_default(slug: str) -> bool:
    """Return whether the recipients of a ``slug`` document open with "- Như Điều N;" when
    ``noi_nhan.nhu_dieu`` is left blank: a decision's do (Mẫu 1.2), a resolution's do not."""
    return slug == "quyet-dinh"


_REQUEST = re.compile(r"^(theo\s+đề\s+nghị\s+của|xét)\s+", re.IGNORECASE)


def _strip_request(value: str) -> tuple[str, list[str]]:
    """Return ``theo_de_nghi`` without a typed "Theo đề nghị của" (or "Xét") and final "."
    (vbhc prints both), with one sentence per removal."""
    notes = []
    text = value.strip()
    head = _REQUEST.match(text)
    if head:
        notes.append(f"bỏ «{head.group().strip()}» (vbhc tự in chữ này)")
        text = text[head.end():]
    if text.endswith((".", ";")) and not text.endswith(".."):
        notes.append(f"bỏ «{text[-1]}» cuối dòng (vbhc tự thêm dấu chấm)")
        text = text[:-1].rstrip()
    return text, notes
