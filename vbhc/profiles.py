"""Organisation profiles (hồ sơ cơ quan): an office's standing facts in one YAML file.

A document names its profile in ``co_quan`` (a path, relative to the document, or
``{ho_so: path, ...overrides}``); the profile supplies the issuer, the drafting units, the
signers (``nguoi_ky: pho-chu-tich`` picks one by key) and the usual recipients. Fields the
document gives win over the profile's.

Profiles are confined (see ``ProfileAccess``): a reference resolves only inside the
document's folder tree and the folders the caller allows (``--ho-so-goc``,
``profile_dirs=``); absolute paths, ``..`` and symlinks leading out, FIFOs and devices are
refused, and the messages for a refused path never tell whether the file exists.
"""

# No `from __future__ import annotations` here: pydantic then reads these models' field
# annotations as objects instead of evaluating each string (a cold render: 5 -> 1.7 ms).

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator

from vbhc.errors import InputError, Problem, ReadError
from vbhc.files import note_read
from vbhc.model.common import CoQuan, NguoiKy, Part, new_dict, new_list
from vbhc.model.text import PlainText


class HoSoCoQuan(Part):
    """The contents of a profile file."""

    co_quan: CoQuan = Field(description="Tên, viết tắt, địa danh của cơ quan.")
    don_vi_soan_thao: dict[str, PlainText] = Field(
        default_factory=new_dict, description="Chữ viết tắt đơn vị soạn thảo → tên đơn vị."
    )
    nguoi_ky: dict[str, NguoiKy] = Field(
        default_factory=new_dict, description="Người ký thường gặp, theo khóa (ví dụ chu-tich)."
    )
    noi_nhan: list[PlainText] = Field(
        default_factory=new_list, description="Nơi nhận thường dùng."
    )
    luu: PlainText = Field("VT", description="Nơi lưu mặc định.")
    dau_anh: PlainText | None = Field(
        None,
        description="Tệp ảnh con dấu của cơ quan (PNG màu đỏ, nền trong suốt), đường dẫn "
        "tính từ thư mục của hồ sơ; dùng cho văn bản điện tử khi người ký có chu_ky_anh.",
    )
    dau_duong_kinh_mm: float | None = Field(
        None, ge=20, le=60,
        description="Đường kính thật của con dấu (mm); để trống thì lấy từ DPI của ảnh.",
    )

    @field_validator("dau_anh")
    @classmethod
    def _png_name(cls, value: str | None) -> str | None:
        """The seal names a .png file (its content is checked when it is read)."""
        if value is not None and not value.lower().endswith(".png"):
            raise ValueError("phải là đường dẫn tới tệp ảnh .png (PNG nền trong suốt)")
        return value


PROFILE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class ProfileAccess:
    """Where profile files may be read: ``roots``, real (symlink-free) folder paths.

    A reference in ``co_quan`` is a relative path tried against each root in turn (the
    document's folder first); the file it names, after following every symlink, must lie
    inside one of the roots and be a regular ``.yaml``/``.yml`` file. No roots means file
    profiles are off. ``folders``: the folders as given (see :meth:`of`), resolved into
    ``roots`` when a document first names a profile or image (most name none).
    """

    folders: tuple[str | os.PathLike, ...] = ()

    @classmethod
    def of(cls, base: str | os.PathLike | None = None,
           profile_dirs: Iterable[str | os.PathLike] | None = ()) -> "ProfileAccess":
        """Return the access for a document in folder ``base`` (None: not from a file)
        plus the caller's ``profile_dirs``; folders that do not exist are left out."""
        return cls(tuple(([base] if base is not None else []) + list(profile_dirs or ())))

    @cached_property
    def roots(self) -> tuple[Path, ...]:
        """The real paths of ``folders`` that are folders, each once, in their order."""
        roots: list[Path] = []
        for folder in self.folders:
            real = Path(os.path.realpath(folder))
            if real.is_dir() and real not in roots:
                roots.append(real)
        return tuple(roots)

    def find(self, ref: str | os.PathLike) -> tuple[Path | None, bool]:
        """Return (the real path of the first existing file ``ref`` names inside the roots,
        tried against each root in turn — an absolute ``ref`` as itself —, whether any try
        lay inside a root at all). (None, False) means ``ref`` points outside every root;
        (None, True) that it is inside but no such file exists."""
        inside = False
        for start in self.roots:  # the document's folder first, then the caller's folders
            real = Path(os.path.realpath(start / ref))
            if not any(real.is_relative_to(root) for root in self.roots):
                continue
            inside = True
            if os.path.lexists(real):
                note_read(real)  # an input: no output of this command may replace it
                return real, True
        return None, inside


NO_PROFILES = ProfileAccess()


def _refuse(message: str, source: str) -> InputError:
    return InputError([Problem("co_quan", message, source)])


def resolve_profile(ref: str, access: ProfileAccess, source: str) -> Path:
    """Return the real path of the profile ``ref`` names; InputError if it is not allowed.

    The message for a reference outside the allowed folders is the same whether or not the
    file exists, and never quotes anything of it.
    """
    shown = ref[:200]
    if not access.roots:
        raise _refuse(f"không dùng được hồ sơ cơ quan '{shown}': việc đọc hồ sơ từ tệp đang "
                      "tắt; ghi trực tiếp ten, viet_tat, dia_danh của cơ quan", source)
    if "\x00" in ref or not ref.strip():
        raise _refuse("đường dẫn hồ sơ cơ quan không hợp lệ", source)
    if Path(ref).is_absolute() or ref.startswith(("~", "\\", "/")) or (
            len(ref) > 1 and ref[1] == ":"):
        raise _refuse(f"hồ sơ cơ quan '{shown}': chỉ nhận đường dẫn tương đối, tính từ thư mục "
                      "của văn bản (hoặc thư mục --ho-so-goc)", source)
    if not ref.lower().endswith(PROFILE_SUFFIXES):
        raise _refuse(f"'{shown}' không phải đường dẫn hồ sơ cơ quan (tệp .yaml); ghi co_quan "
                      "là nhóm trường ten, viet_tat, dia_danh hoặc đường dẫn ho-so/....yaml",
                      source)
    real, inside = access.find(ref)
    if real is not None:
        return real
    if inside:
        raise _refuse(f"không đọc được hồ sơ cơ quan '{shown}': không có tệp này trong thư "
                      "mục của văn bản hay các thư mục hồ sơ được phép", source)
    raise _refuse(f"không đọc được hồ sơ cơ quan '{shown}': đường dẫn ra ngoài thư mục của "
                  "văn bản và các thư mục hồ sơ được phép; dùng --ho-so-goc THƯ_MỤC để cho "
                  "phép thư mục khác", source)


def load_profile(path: Path, ref: str, source: str) -> HoSoCoQuan:
    """Return the profile at the allowed real ``path``; InputError naming the document and
    the profile (which is allowed, so its lines and fields may be quoted)."""
    from vbhc.yaml_in import format_path, load_file, translate

    try:
        data, _ = load_file(path, ref)
    except ReadError as exc:
        reason = str(exc).split(": ", 1)[-1]
        raise _refuse(f"không đọc được hồ sơ cơ quan '{ref}' ({reason})", source) from None
    except InputError as exc:
        raise InputError([
            Problem("co_quan", f"hồ sơ {ref}" + (f" (dòng {p.line})" if p.line else "")
                    + f": {p.path + ': ' if p.path else ''}{p.message}", source)
            for p in exc.problems]) from None
    if not HoSoCoQuan.__pydantic_complete__:
        _build_parts_first()
    try:
        return HoSoCoQuan.model_validate(data)
    except ValidationError as exc:
        raise InputError([
            Problem("co_quan", f"hồ sơ {ref}: {format_path(e['loc'])}: "
                    f"{translate(e, HoSoCoQuan)}", source)
            for e in exc.errors(include_url=False)
        ]) from None


def _build_parts_first() -> None:
    """Build the validators of the profile's parts (CoQuan, NguoiKy) before HoSoCoQuan's: it
    and the document's model then take theirs as built, where a deferred part is built
    again inside each model that holds it, and once more when it is dumped on its own
    (apply_profile). Same validators; ~1.3 ms less CPU on a cold render with a profile."""
    for part in (CoQuan, NguoiKy):
        if not part.__pydantic_complete__:
            part.model_rebuild()


def apply_profile(data: dict[str, Any], access: ProfileAccess, source: str) -> dict[str, Any]:
    """Return ``data`` with its profile's facts filled in (or ``data`` if it names none).

    ``access`` says where profile files may be read (see ProfileAccess). Raises InputError.
    """
    ref = data.get("co_quan")
    overrides: dict[str, Any] = {}
    if isinstance(ref, dict) and "ho_so" in ref:
        overrides = {k: v for k, v in ref.items() if k != "ho_so"}
        ref = ref["ho_so"]
        if not isinstance(ref, str):
            raise _refuse("ho_so phải là đường dẫn tệp hồ sơ cơ quan (chuỗi)", source)
    if not isinstance(ref, str):
        return data
    path = resolve_profile(ref, access, source)
    profile = load_profile(path, ref, source)
    out = dict(data)
    out["co_quan"] = {**profile.co_quan.model_dump(exclude_none=True), **overrides}
    problems = []
    signer = out.get("nguoi_ky")
    if isinstance(signer, str):
        if signer not in profile.nguoi_ky:
            known = ", ".join(profile.nguoi_ky) or "(hồ sơ chưa có người ký)"
            problems.append(Problem("nguoi_ky", f"hồ sơ không có người ký '{signer}'; "
                                    f"có: {known}", source))
        else:
            out["nguoi_ky"] = _profile_images(
                profile.nguoi_ky[signer].model_dump(exclude_none=True), path.parent)
    _profile_seal(out, profile, path.parent)
    unit = out.get("don_vi_soan_thao")
    units = profile.don_vi_soan_thao
    if isinstance(unit, str) and unit and units and unit not in units:
        problems.append(Problem("don_vi_soan_thao", f"đơn vị '{unit}' không có trong hồ sơ; "
                                f"có: {', '.join(profile.don_vi_soan_thao)}", source))
    if problems:
        raise InputError(problems)
    recipients = out.get("noi_nhan")
    if recipients is None:
        out["noi_nhan"] = {"danh_sach": profile.noi_nhan, "luu": profile.luu}
    elif isinstance(recipients, dict):
        out["noi_nhan"] = {"danh_sach": profile.noi_nhan, "luu": profile.luu, **recipients}
    return out


IMAGE_FIELDS = ("chu_ky_anh", "dau_anh")
"""The signer's image fields (vbhc.images reads them)."""


def _profile_images(signer: dict[str, Any], folder: Path) -> dict[str, Any]:
    """Return a profile signer's fields with its image paths made absolute against the
    profile's ``folder`` (they were written relative to the profile file; vbhc.images still
    reads them only inside the allowed folders)."""
    for name in IMAGE_FIELDS:
        value = signer.get(name)
        if isinstance(value, str) and not Path(value).is_absolute():
            signer[name] = str(folder / value)
    return signer


def _profile_seal(out: dict[str, Any], profile: HoSoCoQuan, folder: Path) -> None:
    """Give the document's signer the profile's seal image (``dau_anh``, with its diameter)
    when the signer has a signature image and no seal of their own: the agency's seal goes
    over the signature of every document it issues electronically (ND30 Phụ lục I, ô 8)."""
    signer = out.get("nguoi_ky")
    if not (isinstance(signer, dict) and signer.get("chu_ky_anh") and profile.dau_anh):
        return
    if "dau_anh" not in signer:
        signer = dict(signer)
        signer["dau_anh"] = _profile_images({"dau_anh": profile.dau_anh}, folder)["dau_anh"]
        if profile.dau_duong_kinh_mm is not None and "dau_duong_kinh_mm" not in signer:
            signer["dau_duong_kinh_mm"] = profile.dau_duong_kinh_mm
        out["nguoi_ky"] = signer
