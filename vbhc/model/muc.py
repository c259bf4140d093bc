"""The one section model (``Muc``) of plans (``KeHoach.muc_khac``) and typed documents
(``VanBanChung.muc``): a title, paragraphs and tables in order, subsections.

The plan's free sections used to be a separate model whose paragraphs were called ``doan``;
that name is still read for one release (renamed to ``noi_dung`` on input, with a warning
from :func:`renamed_fields` that the loader reports).
"""

# No `from __future__ import annotations` here: pydantic then reads these models' field
# annotations as objects instead of evaluating each string (a cold render: 5 -> 1.7 ms).

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    model_validator,
)

from vbhc.errors import Problem
from vbhc.model.bang import Bang
from vbhc.model.common import Part, mark_noted, new_list, walk_parts
from vbhc.model.text import RichText


def _content_kind(value: object) -> str:
    return "<bảng>" if isinstance(value, dict | Bang) else "<đoạn>"


Content = Annotated[
    Annotated[RichText, Tag("<đoạn>")] | Annotated[Bang, Tag("<bảng>")],
    Discriminator(_content_kind),
]
"""A paragraph (a string) or a table (a mapping), told apart by shape."""

LoaiMuc = Literal["muc-dich-yeu-cau", "muc-tieu", "doi-tuong-pham-vi", "nhiem-vu-giai-phap",
                  "kinh-phi", "tien-do", "to-chuc-thuc-hien", "khen-thuong", "kien-nghi",
                  "che-do-bao-cao"]
"""What a plan's free section is about, read from its title on import (vbhc import)."""

KieuPhan = Literal["phan-so", "phan-thu", "chu-cai"]
"""How a part (phần, above the I. sections) is numbered: "Phần I" (phan-so, ND30 Phụ lục I,
Phần II, mục 5), "Phần thứ nhất" (phan-thu), "A." (chu-cai)."""

OLD_NAMES = {"doan": "noi_dung"}
"""Field names still read for one release -> today's name (``doan``: the plan's free
sections before they became ``Muc``)."""


def _old_names_schema(schema: dict[str, Any]) -> None:
    """Let the JSON Schema accept each old name, marked deprecated, shaped like the new one."""
    props = schema.get("properties", {})
    for old, new in OLD_NAMES.items():
        if new in props:
            props[old] = {**props[new], "deprecated": True, "title": old.replace("_", " ").title(),
                          "description": f"Tên cũ của {new}, còn đọc được một phiên bản; "
                                         f"hãy đổi thành {new}."}


# Numbered by its place (ND30 Phụ lục I, II.6): I. at the top (its own style, capitals),
# then 1., a), then dashes; see vbhc.model.layout. (The class docstring is the schema's.)
class Muc(Part):
    """A numbered section: title, paragraphs and tables in order, subsections."""

    model_config = ConfigDict(json_schema_extra=_old_names_schema)

    tieu_de: RichText | None = Field(
        None,
        description="Tiêu đề mục (không ghi số thứ tự; số được tự đánh). Để trống khi mục "
        "là một câu, không có tiêu đề (\"1. Giảng viên có trách nhiệm ...\"): số thứ tự in "
        "ở đầu đoạn đầu tiên của noi_dung, không in đậm, như một khoản của Nghị định 30; khi "
        "đó noi_dung phải mở đầu bằng một đoạn văn.",
    )
    noi_dung: list[Content] = Field(
        default_factory=new_list,
        description="Các đoạn văn và bảng số liệu ngay dưới tiêu đề, theo thứ tự; đoạn văn là "
        "chuỗi, bảng là nhóm trường {cot, hang, ...}.",
    )
    muc_con: "list[Muc]" = Field(
        default_factory=new_list, description="Các mục con, đánh số ở cấp tiếp theo."
    )
    loai_muc: LoaiMuc | None = Field(
        None,
        description="Loại mục của kế hoạch, nhận từ tiêu đề khi nhập (bảng đồng nghĩa "
        "data/nhap-ke-hoach.yaml, loai_muc): muc-dich-yeu-cau (mục đích, yêu cầu, quan "
        "điểm), muc-tieu (mục tiêu, chỉ tiêu), doi-tuong-pham-vi (đối tượng, phạm vi, thành "
        "phần), nhiem-vu-giai-phap (nhiệm vụ, giải pháp, nội dung, hoạt động, phương pháp), "
        "kinh-phi, tien-do (thời gian, tiến độ, địa điểm), to-chuc-thuc-hien (phân công, tổ "
        "chức thực hiện), khen-thuong, kien-nghi (kiến nghị, đề xuất), che-do-bao-cao. Không "
        "ảnh hưởng cách in; để trống khi không thuộc loại nào.",
    )

    phan: KieuPhan | None = Field(
        None,
        description="Chỉ ở mục ngoài cùng: mục này là một phần (trên các mục I., II.), in "
        "'Phần I' (phan-so, theo Nghị định 30) hoặc 'Phần thứ nhất' (phan-thu) rồi tiêu đề in "
        "hoa ở dòng dưới, căn giữa; hoặc 'A. TIÊU ĐỀ' (chu-cai). Các mục con của phần đánh số "
        "I., II., ... lại từ đầu. Các mục đứng trước phần đầu tiên là phần thứ nhất không "
        "có tiêu đề (phần sau in 'Phần thứ hai').",
    )

    cap_muc_dau: Literal["I", "1"] | None = Field(
        None,
        description="Chỉ ở một phần (có 'phan'): cấp đánh số các mục của phần, 'I' (I., II.) "
        "hoặc '1' khi phần không có cấp I. (1., 2., rồi a), đánh lại từ 1.); để trống thì "
        "theo cap_muc_dau của văn bản.",
    )

    _old_names: tuple[str, ...] = PrivateAttr(default=())

    @model_validator(mode="after")
    def _parts_on_top(self) -> "Muc":
        """A part holds sections; a subsection is never a part; an untitled section (its
        number printed at the start of its first paragraph) is no part and opens with a
        paragraph (ValueError)."""
        if any(child.phan for child in self.muc_con):
            raise ValueError("'phan' chỉ dùng cho mục ngoài cùng (một phần chứa các mục I., "
                             "II.); mục con không là phần được")
        if self.tieu_de is None and self.phan:
            raise ValueError("một phần ('phan') phải có tiêu đề (tieu_de)")
        if self.tieu_de is None and (not self.noi_dung or isinstance(self.noi_dung[0], Bang)):
            raise ValueError("mục không có tiêu đề (tieu_de) phải mở đầu noi_dung bằng một "
                             "đoạn văn: số thứ tự in ở đầu đoạn ấy")
        if self.cap_muc_dau is not None and not self.phan:
            raise ValueError("'cap_muc_dau' chỉ dùng cho một phần (mục có 'phan'); ở mục "
                             "thường hãy bỏ trường này")
        return self

    @model_validator(mode="wrap")
    @classmethod
    def _read_old_names(cls, data: Any, handler: Any) -> "Muc":
        """Rename an old field name (``doan``) to today's and remember it for the warning;
        ValueError when both names are given."""
        used: list[str] = []
        if isinstance(data, dict) and any(old in data for old in OLD_NAMES):
            data = dict(data)
            for old, new in OLD_NAMES.items():
                if old not in data:
                    continue
                if new in data:
                    raise ValueError(f"có cả '{old}' (tên cũ) và '{new}'; chỉ giữ {new}")
                data[new] = data.pop(old)
                used.append(old)
        section = handler(data)
        if used:
            section._old_names = tuple(used)
            mark_noted()
        return section

    def __eq__(self, other: object) -> bool:
        """Equal when the fields are: how the input spelled them (``doan``) does not count."""
        if not isinstance(other, Muc):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, like every BaseModel


def renamed_fields(doc: BaseModel, *, parts: list[tuple[str, Part]] | None = None
                   ) -> list[Problem]:
    """Return one warning (severity ``cảnh báo``, rule ``ten-truong-cu``) per old field name
    read anywhere in ``doc``: path ``muc_khac[0].doan``, message "tên trường cũ, hãy đổi
    thành noi_dung". Walks every nested model and list; [] when none was used. ``parts``:
    ``list(walk_parts(doc))`` if already made."""
    return [Problem(f"{path}.{old}" if path else old,
                    f"tên trường cũ, hãy đổi thành {OLD_NAMES[old]}",
                    severity="cảnh báo", rule="ten-truong-cu")
            for path, section in (walk_parts(doc) if parts is None else parts)
            if isinstance(section, Muc) for old in section._old_names]


