"""Signature and seal images of an electronic document (ND30 Phụ lục I: the signer's
signature image between title and name, ô 7c; the agency's seal image, red, real size, over
about the left third of the signature image, ô 8), read and checked as untrusted input.

A document names the files in ``nguoi_ky.chu_ky_anh`` / ``nguoi_ky.dau_anh`` (or its
organisation profile does). They are read only where the document may read profiles from
(vbhc.profiles.ProfileAccess: the document's folder tree and ``--ho-so-goc``), only when
the user named them, as regular files of at most :data:`MAX_BYTES`; the content must be a
real PNG (decoded whole by Pillow) of at most :data:`MAX_PIXELS` a side, with transparency.
The bytes are embedded unchanged, so the same files give the same .docx.

Printed size: the seal at its real size -- ``dau_duong_kinh_mm`` when given, else the
size the PNG's own resolution (pHYs, DPI) gives, else :data:`DEFAULT_SEAL_MM` with a
warning; the signature at the size its DPI gives (else :data:`DEFAULT_SIGNATURE_HEIGHT_MM`
high), made smaller, with a warning, when it would not fit in the blank space between title
and name (:data:`MAX_SIGNATURE_MM`).
"""

from __future__ import annotations

import io
from pathlib import Path

from vbhc.errors import InputError, Problem, ReadError
from vbhc.model.anh import EMU_PER_MM, AnhKy
from vbhc.model.common import VanBan
from vbhc.profiles import ProfileAccess

__all__ = ["DEFAULT_SEAL_MM", "DPI_RANGE", "MAX_BYTES", "MAX_PIXELS", "attach_images",
           "check_png", "read_png"]

MAX_BYTES = 2 * 1024 * 1024
"""Largest image file read (bytes): a 600-dpi scan of a seal is a few hundred KB."""
MAX_PIXELS = 4000
"""Largest width or height in pixels (a 40 mm seal at 2,400 dpi)."""
MIN_PIXELS = 16
DPI_RANGE = (72, 2400)
"""Plausible resolutions (dots per inch) of a signature or seal image: screen exports (72)
to high-quality scans (2,400); outside it the file's DPI is ignored, with a warning."""
MIN_ALPHA = 16
"""Opacity (0-255) from which a pixel counts as visible."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
DEFAULT_SEAL_MM = 36.0
"""Seal diameter used when neither ``dau_duong_kinh_mm`` nor the PNG's DPI gives it: the
usual size of the round seal of an agency (Thông tư 21/2012/TT-BCA and its successors set
diameters of roughly 32 to 42 mm by kind of agency); a warning says so."""
DEFAULT_SIGNATURE_HEIGHT_MM = 20.0
"""Signature height when the PNG does not say its resolution."""
MAX_SIGNATURE_MM = (70.0, 28.0)
"""Largest signature image (width, height) in mm: the blank space between title and name is
1,800 twips (31.75 mm) in vbhc's templates."""


def _refuse(field: str, message: str, source: str) -> InputError:
    return InputError([Problem(field, message, source)])


def _resolve(value: str, field: str, access: ProfileAccess, source: str) -> Path:
    """Return the real path of image ``value``, inside one of ``access.roots``; InputError
    otherwise (the same message whether or not a file outside exists)."""
    shown = value[:200]
    if not access.roots:
        raise _refuse(field, f"không đọc được ảnh '{shown}': việc đọc tệp từ thư mục đang tắt "
                      "(dữ liệu không đến từ tệp); dựng văn bản từ tệp YAML", source)
    if "\x00" in value:
        raise _refuse(field, "đường dẫn ảnh không hợp lệ", source)
    real, inside = access.find(value)
    if real is not None:
        return real
    if inside:
        raise _refuse(field, f"không có tệp ảnh '{shown}' trong thư mục của văn bản hay các "
                      "thư mục được phép", source)
    raise _refuse(field, f"ảnh '{shown}' nằm ngoài thư mục của văn bản và các thư mục được "
                  "phép (--ho-so-goc); chép ảnh vào thư mục của văn bản", source)


def check_png(data: bytes, field: str, source: str = "") -> tuple[int, int, float | None]:
    """Return (width px, height px, dots per inch or None) of the PNG ``data``; the DPI is
    None when the file records none or an implausible one (see :func:`read_png`).

    InputError naming ``field`` unless it is a real PNG (signature, decoded whole), at most
    :data:`MAX_BYTES` long and :data:`MAX_PIXELS` a side, with transparency (an alpha
    channel or a transparent colour) and at least one visible pixel: ND30 asks for a
    transparent background, and an opaque seal would hide the signature under it.
    """
    width, height, dpi, _recorded = read_png(data, field, source)
    return width, height, dpi


def read_png(data: bytes, field: str, source: str = "") -> tuple[int, int, float | None,
                                                                 float | None]:
    """Return (width px, height px, usable DPI or None, DPI the file records or None) of
    the PNG ``data``: the usable DPI is the recorded one when within :data:`DPI_RANGE`
    (a scan or a drawing program's export), else None. Refuses like :func:`check_png`."""
    import warnings

    from PIL import Image

    if len(data) > MAX_BYTES:
        raise _refuse(field, f"ảnh lớn quá {MAX_BYTES // (1024 * 1024)} MB", source)
    if not data.startswith(PNG_SIGNATURE):
        raise _refuse(field, "tệp không phải ảnh PNG (NĐ 30 yêu cầu ảnh .png nền trong suốt)",
                      source)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=["PNG"]) as img:
                width, height = img.size
                if not (MIN_PIXELS <= width <= MAX_PIXELS and MIN_PIXELS <= height <= MAX_PIXELS):
                    raise _refuse(field, f"ảnh {width}×{height} điểm ảnh; mỗi chiều phải từ "
                                  f"{MIN_PIXELS} đến {MAX_PIXELS}", source)
                img.load()  # decodes every row: a truncated or corrupt file fails here
                transparent = img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info
                dpi = img.info.get("dpi")
                visible = transparent and _visible(img)
    except InputError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, MemoryError, EOFError):
        raise _refuse(field, "ảnh PNG hỏng hoặc không đọc được", source) from None
    if not transparent:
        raise _refuse(field, "ảnh không có nền trong suốt (PNG có kênh alpha); NĐ 30 yêu cầu "
                      "ảnh .png nền trong suốt", source)
    if not visible:
        raise _refuse(field, "ảnh trong suốt hoàn toàn: không có điểm ảnh nào nhìn thấy được "
                      "(ảnh hỏng khi xóa nền?); dùng ảnh quét có nét chữ ký, hình dấu", source)
    recorded = None
    if dpi and isinstance(dpi, tuple) and dpi[0]:
        try:
            recorded = float(dpi[0])
        except (TypeError, ValueError):
            recorded = None
    usable = recorded if recorded is not None and \
        DPI_RANGE[0] <= recorded <= DPI_RANGE[1] else None
    return width, height, usable, recorded


def _visible(img: object) -> bool:
    """True when the (loaded) image has a pixel of opacity at least :data:`MIN_ALPHA`."""
    rgba = img if img.mode in ("RGBA", "LA") else img.convert("RGBA")
    alpha = rgba.getchannel("A")
    return alpha.point(lambda a: 255 if a >= MIN_ALPHA else 0).getbbox() is not None


def _dpi_note(kind: str, recorded: float | None) -> str:
    """Return why the DPI of a ``kind`` image ("ảnh dấu", "ảnh chữ ký") was not used."""
    if recorded is None:
        return f"{kind} không ghi độ phân giải (DPI)"
    shown = f"{recorded:.0f}" if recorded >= 0.5 else f"{recorded:.2g}"  # PNG: dots per metre
    return (f"{kind} ghi độ phân giải {shown} DPI, không hợp lý (ảnh quét thường "
            f"{DPI_RANGE[0]}–{DPI_RANGE[1]} DPI)")


def _emu(mm: float) -> int:
    return round(mm * EMU_PER_MM)


def _signature(data: bytes, field: str, source: str, warnings: list[Problem]) -> AnhKy:
    width, height, dpi, recorded = read_png(data, field, source)
    if dpi:
        w_mm, h_mm = width / dpi * 25.4, height / dpi * 25.4
    else:
        h_mm = DEFAULT_SIGNATURE_HEIGHT_MM
        w_mm = h_mm * width / height
        if recorded is not None:  # no DPI at all is usual for a signature: no warning
            warnings.append(Problem(field, f"{_dpi_note('ảnh chữ ký', recorded)}; đã in cao "
                                    f"{h_mm:g} mm", source, severity="cảnh báo"))
    scale = min(1.0, MAX_SIGNATURE_MM[0] / w_mm, MAX_SIGNATURE_MM[1] / h_mm)
    if scale < 1.0:
        warnings.append(Problem(field, f"ảnh chữ ký {w_mm:.0f}×{h_mm:.0f} mm lớn hơn khoảng "
                                f"trống để ký; đã thu nhỏ còn {w_mm * scale:.0f}×"
                                f"{h_mm * scale:.0f} mm", source, severity="cảnh báo"))
    return AnhKy(field, data, _emu(w_mm * scale), _emu(h_mm * scale), width, height)


def _seal(data: bytes, field: str, diameter: float | None, source: str,
          warnings: list[Problem]) -> AnhKy:
    width, height, dpi, recorded = read_png(data, field, source)
    if diameter is None:
        if dpi:
            diameter = max(width, height) / dpi * 25.4
        else:
            diameter = DEFAULT_SEAL_MM
            warnings.append(Problem(field, f"{_dpi_note('ảnh dấu', recorded)} nên không "
                                    f"biết kích thước thật; đã in đường kính {diameter:g} mm. "
                                    "Ghi dau_duong_kinh_mm (đo trên con dấu) để in đúng",
                                    source, severity="cảnh báo"))
        if not 20 <= diameter <= 60:
            raise _refuse(field, f"theo DPI ghi trong ảnh, dấu có đường kính {diameter:.0f} mm "
                          "(ngoài khoảng 20–60 mm); ghi dau_duong_kinh_mm", source)
    scale = diameter / (max(width, height) / 1.0)
    return AnhKy(field, data, _emu(width * scale), _emu(height * scale), width, height)


def attach_images(doc: VanBan, access: ProfileAccess, source: str = "",
                  warnings: list[Problem] | None = None) -> None:
    """Read and check the signer's image files of ``doc`` (``nguoi_ky.chu_ky_anh``,
    ``nguoi_ky.dau_anh``) and keep them on ``doc.nguoi_ky`` (``NguoiKy.images()``).

    Files are read only inside ``access``; warnings (a size made smaller, a seal size
    guessed) go to ``warnings``. Raises InputError naming the field for a file that is
    outside, missing, not a PNG, too large or without transparency.
    """
    signer = doc.nguoi_ky
    found: dict[str, AnhKy] = {}
    notes: list[Problem] = []
    problems: list[Problem] = []
    for name in ("chu_ky_anh", "dau_anh"):
        value = getattr(signer, name)
        if value is None:
            continue
        field = f"nguoi_ky.{name}"
        try:
            path = _resolve(value, field, access, source)
            try:
                from vbhc.files import read_input_bytes

                data = read_input_bytes(path, MAX_BYTES)
            except ReadError as exc:
                reason = str(exc).split(": ", 1)[-1]
                raise _refuse(field, f"không đọc được ảnh '{value[:200]}' ({reason})",
                              source) from None
            if name == "chu_ky_anh":
                found[name] = _signature(data, field, source, notes)
            else:
                found[name] = _seal(data, field, signer.dau_duong_kinh_mm, source, notes)
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    signer._anh = found
    if warnings is not None:
        warnings += notes
