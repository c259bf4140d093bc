"""Parts every administrative document shares: issuer, number, date, signer, recipients."""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from vbhc.model.authority import (
    AUTHORITY_PREFIXES,
    QUYEN_HAN,
    THAY_MAT,
    authority,
    listing,
    needs_title,
)
from vbhc.model.ngay import ISSUE_DATE_TEXT_SCHEMA, issue_date_parts
from vbhc.model.text import PlainText, RichText

__all__ = ["AUTHORITY_PREFIXES", "MAX_SO", "CoQuan", "DoKhan", "DoMat", "NgayBanHanh",
           "NguoiKy", "NoiNhan", "Part", "QuyenHan", "SoKyHieu", "VanBan", "no_bool"]


class Part(BaseModel):
    """Base for content models: strict fields, trimmed strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class CoQuan(Part):
    """Issuer (ô 2) with its optional governing body, and the place used in the date line."""

    chu_quan: PlainText | None = Field(
        None,
        description="Tên cơ quan, tổ chức chủ quản trực tiếp (nếu có), in hoa, không đậm; "
        "ví dụ: UBND TỈNH LẠNG SƠN. Để trống với UBND các cấp.",
    )
    ten: PlainText = Field(
        description="Tên cơ quan ban hành, in hoa, ví dụ: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN. "
        "Dùng \\n để tự ngắt dòng; nếu không, dòng được ngắt cân đối khi quá dài."
    )
    ten_rut_gon: PlainText | None = Field(
        None,
        description="Tên cơ quan viết trong câu, ví dụ: UBND tỉnh Lạng Sơn (dùng ở dòng "
        "'Kèm theo ...' của phụ lục và khi dẫn xuất kế hoạch).",
    )
    viet_tat: PlainText = Field(
        description="Chữ viết tắt tên cơ quan dùng trong ký hiệu văn bản, ví dụ: UBND, SNV."
    )
    dia_danh: PlainText = Field(
        description="Địa danh ghi ở dòng ngày tháng, ví dụ: Lạng Sơn, Cao Lộc."
    )
    cap: Literal["trung-uong", "tinh", "huyen", "xa"] | None = Field(
        None,
        description="Cấp hành chính của cơ quan: trung-uong, tinh, huyen, xa "
        "(dùng khi dẫn xuất kế hoạch cho cấp dưới).",
    )


MAX_SO = 999_999
"""The largest document number: numbers restart every year (ND30, Điều 15)."""


def no_bool(value: object) -> object:
    """Refuse true/false where a whole number is expected (Pydantic would read true as 1),
    and decimals (``1e1`` or ``10.0`` would silently become 10)."""
    if isinstance(value, bool):
        raise ValueError("phải là số, không phải true/false")
    if isinstance(value, float):
        raise ValueError("phải là số nguyên viết bằng chữ số (ví dụ 12), không phải số thập "
                         "phân hay số mũ")
    return value


class SoKyHieu(Part):
    """Number and symbol (ô 3): ``Số: 05/KH-UBND``."""

    so: int | None = Field(
        None,
        ge=1,
        le=MAX_SO,
        description="Số văn bản do văn thư cấp; để trống (null) khi là dự thảo. "
        "Số dưới 10 được ghi thêm số 0 phía trước.",
    )
    ky_hieu: PlainText | None = Field(
        None,
        pattern=r"^[A-ZĐa-zđ0-9]+(-[A-ZĐa-zđ0-9]+)*$",
        description="Ký hiệu văn bản, ví dụ: KH-UBND. Để trống thì ghép từ chữ viết tắt "
        "loại văn bản và tên cơ quan.",
    )

    _so_not_bool = field_validator("so", mode="before")(no_bool)


class NgayBanHanh(Part):
    """Date of issue (ô 4); day and month may stay blank in a draft."""

    ngay: int | None = Field(None, ge=1, le=31, description="Ngày; để trống khi là dự thảo.")
    thang: int | None = Field(None, ge=1, le=12, description="Tháng; có thể để trống.")
    nam: int = Field(ge=1945, le=2200, description="Năm, bốn chữ số.")

    _not_bool = field_validator("ngay", "thang", "nam", mode="before")(no_bool)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: object) -> object:
        """Read "15/6/2024", "…/5/2024" (draft), "2024-06-15" or a ``date`` as the mapping."""
        return issue_date_parts(value)

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """The mapping, or the date written as one string (vbhc.model.ngay)."""
        mapping = handler.resolve_ref_schema(handler(core_schema))
        return {"description": mapping.get("description", ""),
                "anyOf": [{k: v for k, v in mapping.items() if k != "description"},
                          ISSUE_DATE_TEXT_SCHEMA]}

    @model_validator(mode="after")
    def _real_date(self) -> NgayBanHanh:
        if self.ngay is not None and self.thang is None:
            raise ValueError("có ngày mà thiếu tháng")
        if self.ngay is not None and self.thang is not None:
            try:
                _dt.date(self.nam, self.thang, self.ngay)
            except ValueError:
                raise ValueError(
                    f"ngày {self.ngay}/{self.thang}/{self.nam} không có trong lịch"
                ) from None
        return self

    def as_date(self) -> _dt.date | None:
        """Return the full date, or None when day or month is blank."""
        if self.ngay is None or self.thang is None:
            return None
        return _dt.date(self.nam, self.thang, self.ngay)


QuyenHan = Literal[QUYEN_HAN]  # type: ignore[valid-type]
"""The type of ``nguoi_ky.quyen_han``: one of the prefixes data/quyen-ky.yaml gives that
field (KT., TL., TUQ., Q.)."""


def _meanings(prefixes: tuple[str, ...]) -> str:
    """Return "KT. (ký thay), TL. (thừa lệnh), ..." for field descriptions."""
    return ", ".join(f"{p} ({authority(p).nghia})" for p in prefixes)


class NguoiKy(Part):
    """Signature block (ô 7a, 7b): authority prefix, titles, signer's name."""

    # The prefixes and what they mean come from data/quyen-ky.yaml (vbhc.model.authority);
    # the class docstring above is the schema's description, so it stays one line.

    thay_mat: PlainText | None = Field(
        None,
        description=f"Tên tập thể khi ký {authority(THAY_MAT).nghia} ({THAY_MAT}), ví dụ: "
        "ỦY BAN NHÂN DÂN.",
    )
    quyen_han: QuyenHan | None = Field(
        None,
        description=f"Quyền hạn ký: {_meanings(QUYEN_HAN)}. "
        "Để trống khi người đứng đầu ký trực tiếp.",
    )
    thu_truong: PlainText | None = Field(
        None,
        description="Chức vụ người đứng đầu mà người ký ký thay/thừa lệnh/thừa ủy quyền/"
        "giữ quyền, ví dụ: CHỦ TỊCH, GIÁM ĐỐC.",
    )
    chuc_vu: PlainText | None = Field(
        None,
        description="Chức vụ của người ký, ví dụ: PHÓ CHỦ TỊCH. Bỏ trống khi ký "
        + ", ".join(f"{authority(p).nghia} ({p})" for p in QUYEN_HAN if not needs_title(p))
        + ".",
    )
    ho_ten: PlainText | None = Field(
        None,
        description="Họ và tên người ký, không kèm học hàm, học vị; để trống cho văn thư điền.",
    )

    @model_validator(mode="after")
    def _consistent(self) -> NguoiKy:
        if self.quyen_han and not self.thu_truong:
            raise ValueError(f"quyền hạn {self.quyen_han} cần thu_truong (chức vụ người đứng đầu)")
        if self.thu_truong and not self.quyen_han:
            raise ValueError(f"có thu_truong thì phải ghi quyen_han ({listing(QUYEN_HAN)})")
        if needs_title(self.quyen_han) and not self.chuc_vu:
            raise ValueError("thiếu chuc_vu của người ký")
        return self

    def authority_lines(self) -> list[str]:
        """Return the upper-case lines of ô 7a, top to bottom."""
        lines = []
        if self.thay_mat:
            lines.append(f"{THAY_MAT} {self.thay_mat}")
        if self.quyen_han:
            lines.append(f"{self.quyen_han} {self.thu_truong}")
        if self.chuc_vu:
            lines.append(self.chuc_vu)
        return [line.upper() for line in lines]


class NoiNhan(Part):
    """Recipients (ô 9b) with the archive line ``Lưu: VT, ...``."""

    danh_sach: list[PlainText] = Field(
        description="Các nơi nhận, mỗi dòng một nơi, không cần gạch đầu dòng hay dấu chấm phẩy."
    )
    luu: PlainText = Field(
        "VT",
        description="Nơi lưu, sau chữ 'Lưu:', ví dụ: VT, NC_(PVD).",
    )
    nhu_tren: bool | None = Field(
        None,
        description="In dòng '- Như trên;' đầu danh sách (các nơi ở 'Kính gửi' cũng là nơi "
        "nhận). Để trống thì tự in khi văn bản có 'Kính gửi'.",
    )

    @field_validator("danh_sach", mode="after")
    @classmethod
    def _strip_punctuation(cls, items: list[str]) -> list[str]:
        out = []
        for item in items:
            item = item.strip()
            if item.startswith("- "):
                item = item[2:].strip()
            out.append(item.rstrip(";.").rstrip())
        return out

    @field_validator("luu", mode="after")
    @classmethod
    def _strip_label(cls, value: str) -> str:
        value = value.strip().rstrip(".")
        if value.lower().startswith("lưu:"):
            value = value[4:].strip()
        return value

    def lines(self, has_addressees: bool = False) -> list[str]:
        """Return the recipient lines as printed: "- Như trên;" "- X;" ... "- Lưu: VT, Y."."""
        as_above = self.nhu_tren if self.nhu_tren is not None else has_addressees
        head = ["- Như trên;"] if as_above else []
        return head + [f"- {item};" for item in self.danh_sach] + [f"- Lưu: {self.luu}."]


DoMat = Literal["MẬT", "TỐI MẬT", "TUYỆT MẬT"]
DoKhan = Literal["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]


class VanBan(Part):
    """Fields common to every kind of administrative document."""

    loai: str = Field(description="Loại văn bản, ví dụ: ke-hoach.")
    co_quan: CoQuan = Field(
        description="Cơ quan ban hành (ô 2) và địa danh. Có thể ghi đường dẫn tới hồ sơ cơ "
        "quan (ho-so/....yaml) hoặc {ho_so: đường dẫn, ...các trường ghi đè}."
    )
    so_ky_hieu: SoKyHieu = Field(
        default_factory=SoKyHieu, description="Số, ký hiệu văn bản (ô 3)."
    )
    don_vi_soan_thao: PlainText | None = Field(
        None,
        description="Chữ viết tắt đơn vị soạn thảo, ví dụ: NC; công văn ghép vào ký hiệu "
        "(Số: 345/UBND-NC).",
    )
    do_mat: DoMat | None = Field(
        None, description="Độ mật (ô 10a): MẬT, TỐI MẬT hoặc TUYỆT MẬT."
    )
    do_khan: DoKhan | None = Field(
        None, description="Độ khẩn (ô 10b): KHẨN, THƯỢNG KHẨN hoặc HỎA TỐC."
    )
    ngay_ban_hanh: NgayBanHanh = Field(description="Ngày tháng năm ban hành (ô 4).")
    trich_yeu: RichText = Field(description="Trích yếu nội dung văn bản (ô 5a).")
    nguoi_ky: NguoiKy = Field(description="Quyền hạn, chức vụ, họ tên người ký (ô 7).")
    noi_nhan: NoiNhan = Field(description="Nơi nhận (ô 9b).")
    chu_thich: dict[str, RichText] = Field(
        default_factory=dict,
        description="Chú thích cuối trang: khóa → nội dung; trong văn bản viết [^khoa] "
        "ở chỗ đặt chú thích.",
    )
