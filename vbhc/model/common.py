"""Parts every administrative document shares: issuer, number, date, signer, recipients."""

# No `from __future__ import annotations` here: pydantic then reads these models' field
# annotations as objects instead of evaluating each string (a cold render: 5 -> 1.7 ms).

import datetime as _dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from vbhc.errors import Problem
from vbhc.model.authority import (
    AUTHORITY_PREFIXES,
    QUYEN_HAN,
    THAY_MAT,
    authority,
    listing,
    needs_title,
    split_authority,
)
from vbhc.model.ngay import ISSUE_DATE_TEXT_SCHEMA, issue_date_parts
from vbhc.model.text import (
    PlainText,
    RichText,
    clean_entry,
    end_punctuation,
    needs_normalising,
    normalise_chars,
    strip_vv,
    vv_in_titled,
)

__all__ = ["AUTHORITY_PREFIXES", "MAX_SO", "CoQuan", "DoKhan", "DoMat", "NgayBanHanh",
           "NguoiKy", "NoiNhan", "Part", "QuyenHan", "SoKyHieu", "VanBan", "new_dict", "new_list",
           "input_walked", "mark_noted", "no_bool", "normalised_fields", "noted_parts"]

Loc = tuple[str | int, ...]
"""A place inside a model's input, relative to that model: ``("danh_sach", 2)``."""
Note = tuple[Loc, str]
"""One normalisation made on input: where, and what (a Vietnamese sentence)."""


def new_list() -> list[Any]:
    """Return a new empty list: the default of a list field (``Field(default_factory=new_list)``).

    A Python function rather than ``list``: pydantic reads every default factory's signature,
    and a builtin's is parsed from its text signature with the tokenize module (its pattern
    compiled on first use): ~4.5 ms of a cold ``vbhc render``'s CPU for 17 fields."""
    return []


def new_dict() -> dict[str, Any]:
    """Return a new empty dict: the default of a mapping field (see :func:`new_list`)."""
    return {}


_WALKED: ContextVar[bool] = ContextVar("vbhc_input_walked", default=False)
"""True while a model's input is validated: the models inside it were walked already."""


@contextmanager
def input_walked(clean: bool = True) -> Iterator[None]:
    """While the block runs, models validated take their input as already walked when
    ``clean``: the caller has seen every string of it and none holds a character
    ``normalise_chars`` changes (vbhc.loader, from the strings its size check gathered),
    so the outermost model does not walk it again. Nothing changes when ``clean`` is
    false."""
    if not clean:
        yield
        return
    token = _WALKED.set(True)
    try:
        yield
    finally:
        _WALKED.reset(token)


_NOTED: ContextVar[list[bool] | None] = ContextVar("vbhc_noted_parts", default=None)
"""While :func:`noted_parts` runs: its one-item list, made True by :func:`mark_noted`."""


@contextmanager
def noted_parts() -> Iterator[list[bool]]:
    """Yield a one-item list that is ``[False]`` when the block ends if no model validated
    in it kept a note of a change to its input (:func:`normalised_fields`) or an old field
    name (vbhc.model.muc.renamed_fields), nor took a model built before the block (whose
    parts may hold either): the document's warnings of both kinds are then [] without a
    walk of its parts (vbhc.loader)."""
    seen = [False]
    token = _NOTED.set(seen)
    try:
        yield seen
    finally:
        _NOTED.reset(token)


def mark_noted() -> None:
    """Tell the :func:`noted_parts` block running, if any, that a model kept a note or an
    old field name, or took a model built elsewhere. Every place that stores either on a
    model while it is validated calls this."""
    seen = _NOTED.get()
    if seen is not None:
        seen[0] = True


def _plain_tree(value: Any) -> bool:
    """Return True when no string in ``value`` (input data: dicts, lists, strings...) has a
    character ``normalise_chars`` changes: one pass without building locations, which is
    all a clean input needs."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if needs_normalising(item):
                return False
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return True


def _normalise_tree(value: Any, loc: Loc, notes: list[Note]) -> Any:
    """Return ``value`` (input data: dicts, lists, strings...) with every string passed
    through ``normalise_chars``, sharing what did not change; a note per changed string.
    Models built in code are left alone: they normalised themselves."""
    if isinstance(value, str):
        new, said = normalise_chars(value)
        notes.extend((loc, s) for s in said)
        return new
    if isinstance(value, dict):
        items = {k: _normalise_tree(v, (*loc, k), notes) for k, v in value.items()}
        return items if any(items[k] is not value[k] for k in value) else value
    if isinstance(value, list | tuple):
        out = [_normalise_tree(v, (*loc, i), notes) for i, v in enumerate(value)]
        return out if any(a is not b for a, b in zip(out, value, strict=True)) else value
    return value


class Part(BaseModel):
    """Base for content models: strict fields, trimmed strings."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)

    list_entries: ClassVar[tuple[str, ...]] = ()
    # Fields whose strings are list entries vbhc prints with its own "- " and ";"/"."/",":
    # a dash or end punctuation typed there is removed, with a warning (text.clean_entry).
    addressee_lists: ClassVar[tuple[str, ...]] = ()
    # Of those, the ones printed after "Kính gửi:" (a typed "Kính gửi:" is removed too).
    entry_labels: ClassVar[dict[str, str]] = {}
    # Of those, the ones printed after another label (text.ENTRY_LABELS): field -> label,
    # e.g. kinh_moi -> "trân trọng kính mời:" (a typed "Kính mời:" is removed too).
    text_fixes: ClassVar[dict[str, Callable[[str], tuple[str, list[str]]]]] = {}
    # Text field -> the function undoing its slips: (the text fixed, one sentence a change).

    _normalised: tuple[Note, ...] = PrivateAttr(default=())

    @model_validator(mode="wrap")
    @classmethod
    def _normalise_input(cls, data: Any, handler: Any) -> "Part":
        """Normalise what a clerk types by mistake and is unambiguous (no-break and zero-width
        characters anywhere below; the slips ``_fix_slips`` knows), before the fields are
        validated, and keep a note of each change for :func:`normalised_fields`."""
        notes: list[Note] = []
        walked = _WALKED.get()
        if isinstance(data, dict):
            if not walked and not _plain_tree(data):  # the outermost model walks the
                data = _normalise_tree(data, (), notes)  # whole input, once
            data = cls._fix_slips(data, notes)
        if walked:
            model = handler(data)
        else:
            token = _WALKED.set(True)
            try:
                model = handler(data)
            finally:
                _WALKED.reset(token)
        model._settle(notes)
        if notes:
            model._normalised = tuple(notes)
            mark_noted()
        elif not isinstance(data, dict) and isinstance(data, BaseModel):
            mark_noted()  # a model built elsewhere: its parts may hold notes
        return model

    def _settle(self, notes: list[Note]) -> None:
        """Undo, on the validated model, the slips that remove or move list entries (done
        after validation so that every problem names the entry where the clerk wrote it);
        ValueError when one contradicts another field. Nothing here; subclasses add."""

    @classmethod
    def _fix_slips(cls, data: dict[str, Any], notes: list[Note]) -> dict[str, Any]:
        """Return ``data`` (this model's input, not modified) with the typing slips of its
        own fields undone, appending a note for each; subclasses add their own."""
        for name in cls.list_entries:
            items = data.get(name)
            if not isinstance(items, list):
                continue
            out = list(items)
            addressee, label = name in cls.addressee_lists, cls.entry_labels.get(name)
            for i, item in enumerate(items):
                if isinstance(item, str):
                    out[i], said = clean_entry(item, addressee=addressee, label=label)
                    if said:
                        notes.extend(((name, i), s) for s in said)
            if out != items:
                data = {**data, name: out}
        for name, fix in cls.text_fixes.items():
            text = data.get(name)
            if isinstance(text, str):
                value, said = fix(text)
                if said:
                    notes.extend(((name,), s) for s in said)
                    data = {**data, name: value}
        return data

    def __eq__(self, other: object) -> bool:
        """Equal when the class and the fields are: how the input was typed (the notes kept
        for warnings) does not count."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # mutable, like every BaseModel


def normalised_fields(doc: BaseModel, *, parts: list[tuple[str, Part]] | None = None
                      ) -> list[Problem]:
    """Return one warning (severity ``cảnh báo``, rule ``chuan-hoa``, no file or line) per
    change made to ``doc``'s input anywhere in it (a dict validated, or models built in
    code): path ``noi_nhan.danh_sach[1]``, message "bỏ «;» cuối dòng (...)". [] when the
    input was clean. ``parts``: ``list(walk_parts(doc))`` if already made."""
    return [Problem(_join(path, loc), message, severity="cảnh báo", rule="chuan-hoa")
            for path, part in (walk_parts(doc) if parts is None else parts)
            for loc, message in part._normalised]


def _join(path: str, loc: Loc) -> str:
    for key in loc:
        path = f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}" if path else key
    return path


def walk_parts(value: Any, path: str = "") -> Iterator[tuple[str, Part]]:
    """Yield (field path, model) for every Part under ``value`` (models, lists, dicts), in
    reading order: ``("muc_khac[0]", Muc(...))``. ``path`` prefixes every path."""
    found: list[tuple[str, Part]] = []
    _collect_parts(value, path, found)
    return iter(found)


_LEAVES = (str, int, float, type(None))
"""Values that hold no model: skipped without a call (a document is mostly text)."""


def _collect_parts(value: Any, path: str, found: list[tuple[str, Part]]) -> None:
    """Append walk_parts' pairs for ``value`` to ``found``."""
    if isinstance(value, BaseModel):
        if isinstance(value, Part):
            found.append((path, value))
        for name in type(value).model_fields:
            item = getattr(value, name)
            if not isinstance(item, _LEAVES):
                _collect_parts(item, f"{path}.{name}" if path else name, found)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, _LEAVES):
                _collect_parts(item, f"{path}[{i}]", found)
    elif isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(item, _LEAVES):
                _collect_parts(item, f"{path}.{key}", found)


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
    def _real_date(self) -> "NgayBanHanh":
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
    quyen_han_them: list[PlainText] = Field(
        default_factory=new_list,
        description="Các dòng quyền hạn tiếp theo khi ký theo chuỗi (NĐ 30, Điều 13), mỗi "
        f"dòng một quyền hạn ({listing(QUYEN_HAN)}) và chức vụ, in dưới dòng quyen_han, ví "
        "dụ: dưới 'TL. CHỦ TỊCH' là 'KT. CHÁNH VĂN PHÒNG', rồi chuc_vu 'PHÓ CHÁNH VĂN PHÒNG'.",
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
    chu_ky_anh: PlainText | None = Field(
        None,
        description="Văn bản điện tử: tệp ảnh chữ ký của người ký (PNG nền trong suốt), "
        "đường dẫn tính từ thư mục của văn bản; in giữa chức vụ và họ tên (ô 7c). Để trống "
        "thì giữ khoảng trống để ký tay.",
    )
    dau_anh: PlainText | None = Field(
        None,
        description="Văn bản điện tử: tệp ảnh con dấu của cơ quan (PNG màu đỏ, nền trong "
        "suốt), in đúng kích thước thật, trùm lên khoảng 1/3 bên trái ảnh chữ ký (ô 8). "
        "Cần có chu_ky_anh.",
    )
    dau_duong_kinh_mm: float | None = Field(
        None, ge=20, le=60,
        description="Đường kính thật của con dấu, tính bằng mm (đo trên dấu). Để trống thì "
        "lấy từ độ phân giải (DPI) ghi trong ảnh dấu, nếu ảnh không ghi thì 36 mm.",
    )

    _anh: dict[str, Any] = PrivateAttr(default_factory=new_dict)
    # field name -> vbhc.model.anh.AnhKy, filled by vbhc.images when the files are read

    @field_validator("chu_ky_anh", "dau_anh", mode="before")
    @classmethod
    def _path_given(cls, value: object) -> object:
        """An empty image path is a mistake, said so (not "cần ít nhất 1 phần tử")."""
        if isinstance(value, str) and not value.strip():
            raise ValueError("đường dẫn ảnh để trống: ghi tên tệp .png, hoặc bỏ hẳn trường "
                             "này nếu không dùng ảnh")
        return value

    @field_validator("chu_ky_anh", "dau_anh")
    @classmethod
    def _png_name(cls, value: str | None) -> str | None:
        """An image field names a .png file (checked again, with its content, on reading)."""
        if value is not None and not value.lower().endswith(".png"):
            raise ValueError("phải là đường dẫn tới tệp ảnh .png (PNG nền trong suốt)")
        return value

    def images(self) -> dict[str, Any]:
        """Return the images read for this signer: field name (``chu_ky_anh``, ``dau_anh``)
        -> vbhc.model.anh.AnhKy; {} when none was given or read."""
        return dict(self._anh)

    @model_validator(mode="after")
    def _consistent(self) -> "NguoiKy":
        if self.dau_anh and not self.chu_ky_anh:
            raise ValueError("có dau_anh (ảnh dấu) thì phải có chu_ky_anh (ảnh chữ ký): theo "
                             "NĐ 30, dấu trùm lên 1/3 bên trái ảnh chữ ký")
        if self.quyen_han and not self.thu_truong:
            raise ValueError(f"quyền hạn {self.quyen_han} cần thu_truong (chức vụ người đứng đầu)")
        if self.thu_truong and not self.quyen_han:
            raise ValueError(f"có thu_truong thì phải ghi quyen_han ({listing(QUYEN_HAN)})")
        if self.quyen_han_them and not self.quyen_han:
            raise ValueError("có quyen_han_them thì phải ghi quyen_han (dòng quyền hạn đầu)")
        for line in self.quyen_han_them:
            found = split_authority(line)
            if found is None or found[0] not in QUYEN_HAN:
                raise ValueError(f"quyen_han_them: dòng '{line}' phải mở đầu bằng "
                                 f"{listing(QUYEN_HAN)} rồi chức vụ")
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
        lines += self.quyen_han_them
        if self.chuc_vu:
            lines.append(self.chuc_vu)
        return [line.upper() for line in lines]


MAX_NOI_NHAN = 2000
"""The most recipients one Nơi nhận may list: a bound on rendering and checking time (the
longest real lists run to about a hundred; an issue-18 trial gave 300,000, which ran for
minutes before the package limits refused the result)."""


class NoiNhan(Part):
    """Recipients (ô 9b) with the archive line ``Lưu: VT, ...``."""

    danh_sach: list[PlainText] = Field(
        description="Các nơi nhận, mỗi dòng một nơi, không cần gạch đầu dòng hay dấu chấm phẩy.",
        max_length=MAX_NOI_NHAN,
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

    list_entries = ("danh_sach",)

    text_fixes = {"luu": lambda text: _archive(text)}
    # "Lưu:" and a final "." typed in ``luu`` (_archive is defined below the class).

    def _settle(self, notes: list[Note]) -> None:
        """A hand-typed "Như trên" becomes ``nhu_tren: true``, a "Lưu: ..." line moves to
        ``luu``, a "Nơi nhận:" line goes (vbhc prints each once, in its place). ValueError
        when the moved line contradicts ``luu`` or ``nhu_tren`` given beside it."""
        keep = []
        given = "luu" in self.model_fields_set
        fields = {"luu": self.luu if given else None, "nhu_tren": self.nhu_tren}
        for i, item in enumerate(self.danh_sach):  # i: the entry as the clerk wrote it
            if self._own_line(item, i, notes):
                continue
            kind = _recipient_line(item)
            if kind is None:
                keep.append(item)
            else:
                fields.update(self._move_line(kind, item, i, fields, notes))
        if len(keep) != len(self.danh_sach):
            self.danh_sach = keep
            self.luu, self.nhu_tren = fields["luu"] or self.luu, fields["nhu_tren"]

    def _own_line(self, item: str, i: int, notes: list[Note]) -> bool:
        """Return True when recipient line ``i`` (its index as written) is one this kind
        prints itself and drops, noting it; nothing here, subclasses add (so that every
        note names the entry where the clerk wrote it, one pass over the list)."""
        return False

    @staticmethod
    def _move_line(kind: str, item: str, i: int, data: dict[str, Any],
                   notes: list[Note]) -> dict[str, Any]:
        """Return the fields that replace recipient line ``i`` (``kind``: "nhu_tren",
        "luu" or "nhan"), noting the move; ValueError on a contradiction."""
        where = ("danh_sach", i)
        if kind == "nhan":
            notes.append((where, "bỏ dòng «Nơi nhận:» (vbhc tự in nhãn «Nơi nhận:»)"))
            return {}
        if kind == "nhu_tren":
            if data.get("nhu_tren") is False:
                raise ValueError(f"danh_sach[{i}] ghi «{item}» nhưng nhu_tren: false; bỏ "
                                 "dòng này hoặc đặt nhu_tren: true")
            notes.append((where, "bỏ dòng «Như trên» gõ tay; đã đặt nhu_tren: true (vbhc in "
                                 "«- Như trên;» ở đầu danh sách)"))
            return {"nhu_tren": True}
        value, _ = _archive(item)
        given = data.get("luu")
        known = _archive(given)[0] if isinstance(given, str) else ""
        if known.startswith(value):  # "Lưu: VT" with luu: "VT, NC": nothing to add
            notes.append((where, f"bỏ dòng «{item}»: nơi lưu đã ghi ở noi_nhan.luu"))
            return {}
        if not value.startswith(known):
            raise ValueError(f"danh_sach[{i}] ghi «{item}» nhưng luu là «{given}»; chỉ ghi "
                             "nơi lưu ở luu")
        notes.append((where, f"chuyển dòng «{item}» sang noi_nhan.luu (dòng «Lưu:» luôn in "
                             "cuối danh sách)"))
        return {"luu": value}

    def lines(self, has_addressees: bool = False) -> list[str]:
        """Return the recipient lines as printed: "- Như trên;" "- X;" ... "- Lưu: VT, Y."."""
        as_above = self.nhu_tren if self.nhu_tren is not None else has_addressees
        head = ["- Như trên;"] if as_above else []
        return head + [f"- {item};" for item in self.danh_sach] + [f"- Lưu: {self.luu}."]


_LUU = re.compile(r"^lưu\s*(?::\s*|\s+(?=VT\b))", re.IGNORECASE)
"""The label of the archive line: "Lưu:", or "Lưu" before "VT" ("Lưu trữ tỉnh" is a
recipient)."""
_NHU_TREN = re.compile(r"^như\s+trên$", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^nơi\s+nhận\s*:?$", re.IGNORECASE)


def _recipient_line(item: object) -> str | None:
    """Return what a recipient line (already without dash and end punctuation) really is:
    "nhu_tren", "luu", "nhan" (the label), or None for an ordinary recipient."""
    if not isinstance(item, str):
        return None
    if _NHU_TREN.match(item):
        return "nhu_tren"
    if _NOI_NHAN.match(item):
        return "nhan"
    if _LUU.match(item):
        return "luu"
    return None


def _archive(value: str) -> tuple[str, list[str]]:
    """Return the archive list of a "Lưu: VT, NC." line or ``luu`` value ("VT, NC") and
    what was removed."""
    notes = []
    text = value.strip()
    label = _LUU.match(text)
    if label:
        notes.append("bỏ chữ «Lưu:» (vbhc tự in)")
        text = text[label.end():]
    trail = end_punctuation(text)
    if trail:
        notes.append(f"bỏ «{trail.group().strip()}» cuối dòng (vbhc tự thêm dấu chấm)")
        text = text[:trail.start()]
    return text, notes


DoMat = Literal["MẬT", "TỐI MẬT", "TUYỆT MẬT"]
DoKhan = Literal["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]


class VanBan(Part):
    """Fields common to every kind of administrative document."""

    list_entries = ("kinh_gui",)
    addressee_lists = ("kinh_gui",)

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
        default_factory=new_dict,
        description="Chú thích cuối trang: khóa → nội dung; trong văn bản viết [^khoa] "
        "ở chỗ đặt chú thích.",
    )

    @classmethod
    def _fix_slips(cls, data: dict[str, Any], notes: list[Note]) -> dict[str, Any]:
        """Also undo a "V/v" typed at the start of the trích yếu: công văn print it
        themselves; a kind with a kind name has none and gets "Về việc ..." or a capital
        first letter instead (:func:`vbhc.model.text.vv_in_titled`, by the kinds table)."""
        data = super()._fix_slips(data, notes)
        text = data.get("trich_yeu")
        if isinstance(text, str):
            titled = _titled(data.get("loai"))
            value, said = strip_vv(text) if titled is None else vv_in_titled(text, titled)
            if said:
                notes.extend((("trich_yeu",), s) for s in said)
                data = {**data, "trich_yeu": value}
        return data


def _titled(loai: object) -> bool | None:
    """Return None for a kind without a kind name (công văn, or a ``loai`` vbhc does not
    know: "V/v" is only removed), else whether its trích yếu opens with "Về việc"."""
    from vbhc.model.kinds import kind

    try:
        row = kind(loai) if isinstance(loai, str) else None
    except KeyError:
        row = None
    return None if row is None or not row.co_ten_loai else row.ve_viec
