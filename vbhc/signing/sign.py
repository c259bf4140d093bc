"""PAdES signatures with pyHanko: the signer's (ô 7c), the agency's (ô 8), and the agency's on
an attachment (text at the top right of the first page), each as an incremental update so
that earlier signatures and the PDF/A conformance of the file stay intact.

The signing time is Vietnam time (UTC+07:00, ISO 8601, as ND30 Phụ lục I asks for the
metadata): it is the time in the signature dictionary (/M), in the CMS signed attributes
and in the visible text. Keys come from a PKCS#12 file (``.p12``/``.pfx``) or a PKCS#11
token (the USB tokens of Vietnamese CAs, through the vendor's module; SoftHSM for tests).
"""

from __future__ import annotations

import datetime as _dt
import functools
import io
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from vbhc.errors import ReadError, VbhcError
from vbhc.signing.layout import Box, LayoutError, attachment_box, find_places

VIETNAM = _dt.timezone(_dt.timedelta(hours=7), "+07:00")
"""Vietnam's time zone (no daylight saving)."""
Role = Literal["nguoi-ky", "co-quan", "dinh-kem"]
ROLES: dict[str, str] = {"nguoi-ky": "chữ ký số của người ký (ô 7c)",
                         "co-quan": "chữ ký số của cơ quan (ô 8, trùm 1/3 bên trái chữ ký)",
                         "dinh-kem": "chữ ký số của cơ quan trên văn bản kèm theo (góc trên, "
                                     "bên phải trang đầu)"}
FIELD_NAMES = {"nguoi-ky": "ChuKyNguoiKy", "co-quan": "ChuKyCoQuan", "dinh-kem": "ChuKyDinhKem"}
TEXT_SIZE = 10
"""Points: ND30's size for the agency's signature text on attachments (Times New Roman 10)."""


class SigningError(VbhcError):
    """Signing could not be done: key, certificate, file or time-stamp server problem."""


def iso_time(moment: _dt.datetime) -> str:
    """Return ``moment`` in Vietnam time, ISO 8601 to the second: 2024-06-03T09:15:00+07:00."""
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")


def serif_font_file() -> Path:
    """Return the TrueType file of Times New Roman, or of the serif font LibreOffice prints
    it with (Liberation Serif, same widths); SigningError when fontconfig finds neither."""
    fc = shutil.which("fc-match")
    if fc:
        for family in ("Times New Roman", "Liberation Serif"):
            done = subprocess.run([fc, "-f", "%{file}", f"{family}:style=Regular"],
                                  capture_output=True, text=True, timeout=30, check=False)
            path = Path(done.stdout.strip())
            if done.returncode == 0 and path.suffix.lower() == ".ttf" and path.is_file() \
                    and family.replace(" ", "").lower() in path.name.replace(" ", "").lower()\
                    .replace("-", "").replace("_", ""):
                return path
        for candidate in ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
                          "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"):
            if Path(candidate).is_file():
                return Path(candidate)
    raise SigningError("không tìm thấy phông Times New Roman hay Liberation Serif (.ttf) để "
                       "viết chữ của chữ ký số; cài fonts-liberation2")


@dataclass(frozen=True)
class KeySource:
    """Where the signing key is: a PKCS#12 file (``p12`` and its ``passphrase``), or a
    PKCS#11 ``module`` (the token's .so/.dll) with ``token`` label, ``pin`` and optional
    ``key_label``; ``chain`` adds intermediate CA certificates (PEM/DER files)."""

    p12: Path | None = None
    passphrase: bytes | None = None
    module: Path | None = None
    token: str | None = None
    pin: str | None = None
    key_label: str | None = None
    chain: tuple[Path, ...] = ()


def load_signer(key: KeySource) -> tuple[Any, Any]:
    """Return (pyHanko signer, PKCS#11 session or None) for ``key``; SigningError with a
    Vietnamese message when the file, passphrase, module, token or PIN is wrong."""
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.sign import signers

    try:
        extra = list(load_certs_from_pemder([str(p) for p in key.chain])) if key.chain else []
    except (OSError, ValueError) as exc:
        raise SigningError(f"không đọc được chứng thư CA trung gian ({exc})") from None
    if key.p12 is not None:
        from vbhc.files import read_input_bytes

        data = read_input_bytes(key.p12, 1024 * 1024)
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, extra,
                                                           passphrase=key.passphrase)
        except (ValueError, TypeError):
            signer = None
        if signer is None:
            raise SigningError(f"không mở được tệp khóa {key.p12}: sai mật khẩu hoặc không "
                               "phải tệp PKCS#12 (.p12, .pfx)")
        return signer, None
    if key.module is not None:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11

        try:
            session = pkcs11.open_pkcs11_session(
                str(key.module), token_criteria=TokenCriteria(label=key.token),
                user_pin=key.pin)
        except Exception as exc:  # the PKCS#11 library raises its own types
            raise SigningError(f"không mở được token PKCS#11 ({type(exc).__name__}: "
                               f"{exc}); kiểm tra thư viện, tên token và mã PIN") from None
        try:
            signer = pkcs11.PKCS11Signer(session, key_label=key.key_label,
                                         cert_label=key.key_label, ca_chain=extra)
            signer.signing_cert  # noqa: B018 -- loads key and certificate now: errors here
        except Exception as exc:
            session.close()
            raise SigningError(f"token không có khóa ký dùng được ({exc})") from None
        return signer, session
    raise SigningError("chưa chỉ ra khóa ký: dùng --p12 TỆP hoặc --pkcs11 THƯ_VIỆN")


def _subject(signer: Any) -> str:
    """Return the signer certificate's common name (or its whole subject)."""
    cert = signer.signing_cert
    name = cert.subject.native.get("common_name") if cert is not None else None
    return name or (cert.subject.human_friendly if cert is not None else "?")


def _stamp_text(role: str, who: str, when: str, so_ky_hieu: str | None,
                co_quan: str | None) -> str:
    if role == "dinh-kem":
        lines = [f"Số, ký hiệu: {so_ky_hieu}", f"Thời gian ký: {when}"]
        if co_quan:
            lines.insert(0, co_quan)
        return "\n".join(lines)
    if role == "co-quan":
        return f"Cơ quan: {co_quan or who}\nThời gian ký: {when}"
    return f"Ký bởi: {who}\nThời gian ký: {when}"


@functools.lru_cache(maxsize=4)
def _font_1000(font: Path) -> bytes:
    """Return the TrueType ``font`` rescaled to 1,000 units per em: pyHanko's glyph
    accumulator writes glyph widths and kerning in font units, which PDF reads as
    thousandths of the text size, so a 2,048-unit font (Times New Roman, Liberation Serif)
    would print letters twice as far apart."""
    import logging

    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    tt = TTFont(str(font))
    if tt["head"].unitsPerEm != 1000:
        scale_upem(tt, 1000)
    out = io.BytesIO()
    tt.save(out)
    return out.getvalue()


def _font_factory(font: Path) -> Any:
    """Return a pyHanko font engine factory embedding (a subset of) ``font``."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory

    class Factory(GlyphAccumulatorFactory):
        def create_font_engine(self, writer: Any, obj_stream: Any = None) -> Any:
            if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
                obj_stream = writer.prepare_object_stream()
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(_font_1000(font)),
                                    font_size=self.font_size, obj_stream=obj_stream)

    return Factory(str(font), font_size=TEXT_SIZE)


def _style(text: str, empty: bool, font: Path, right: bool = False) -> Any:
    """Return the appearance: ``text`` in 10 pt (never scaled), centred in the box, or
    flush to its top right corner (``right``: an attachment's); a single space when
    ``empty`` (an image on the page is the appearance)."""
    from pyhanko.pdf_utils.layout import (
        AxisAlignment,
        InnerScaling,
        Margins,
        SimpleBoxLayoutRule,
    )
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    flush = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MIN, y_align=AxisAlignment.ALIGN_MAX,
                                margins=Margins(0, 0, 0, 0),
                                inner_content_scaling=InnerScaling.NO_SCALING)
    box = TextBoxStyle(font=_font_factory(font), font_size=TEXT_SIZE, leading=TEXT_SIZE + 2,
                       box_layout_rule=flush)
    return TextStampStyle(
        stamp_text=" " if empty else text.replace("%", "%%"), text_box_style=box,
        border_width=0, background=None,
        inner_content_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MAX if right else AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MAX if right else AxisAlignment.ALIGN_MID,
            margins=Margins(0, 0, 0, 0), inner_content_scaling=InnerScaling.NO_SCALING))


@dataclass(frozen=True)
class SignResult:
    """What :func:`sign_pdf` did: the signed bytes, the field, page and box, the signer's
    name as the certificate says, the signing time (ISO 8601, +07:00), and whether the
    appearance is an image already on the page (True) or text vbhc wrote."""

    data: bytes
    field: str
    page: int
    box: Box
    signer: str
    time: str
    on_image: bool


def sign_pdf(data: bytes, key: KeySource, role: Role = "nguoi-ky", *,
             so_ky_hieu: str | None = None, co_quan: str | None = None,
             tsa_url: str | None = None, moment: _dt.datetime | None = None,
             reason: str | None = None) -> SignResult:
    """Return ``data`` (a PDF) signed with ``key`` as ``role`` (see :data:`ROLES`), a PAdES
    baseline signature appended as an incremental update.

    The box comes from the page layout (vbhc.signing.layout): the signer's between title
    and name, the agency's over the left third of it; ``dinh-kem`` at the top right of page
    1 as text (``so_ky_hieu`` required, ``co_quan`` optional). Where vbhc's signature or
    seal image is already printed, the signature's appearance is left empty so the image
    shows; otherwise the box holds the signer (or agency) and time in 10 pt serif text.
    ``tsa_url`` asks an RFC 3161 time-stamp server; ``moment`` (default: now) is the
    signing time, written in Vietnam time. Raises SigningError or LayoutError.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign import fields, signers, timestamps

    if role not in ROLES:
        raise SigningError(f"vai trò ký '{role}' không có; dùng: {', '.join(ROLES)}")
    if role == "dinh-kem" and not so_ky_hieu:
        raise SigningError("ký văn bản kèm theo cần số, ký hiệu của văn bản chính "
                           "(--so-ky-hieu, ví dụ 12/BC-UBND)")
    when = (moment or _dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    if role == "dinh-kem":
        page, box = attachment_box(data, 3 if co_quan else 2)
        on_image = False
    else:
        places = find_places(data)
        page = places.page
        box = places.nguoi_ky if role == "nguoi-ky" else places.co_quan
        on_image = places.nguoi_ky_anh if role == "nguoi-ky" else places.co_quan_anh
    signer, session = load_signer(key)
    try:
        who = _subject(signer)
        field = FIELD_NAMES[role]
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        except (PdfError, ValueError) as exc:
            raise ReadError(f"không đọc được tệp PDF ({exc})") from None
        existing = {f[0] for f in fields.enumerate_sig_fields(writer.prev)}
        if field in existing:
            raise SigningError(f"tệp đã có chữ ký {ROLES[role]} (trường {field})")
        spec = fields.SigFieldSpec(sig_field_name=field, on_page=page,
                                   box=tuple(round(v, 2) for v in box))
        meta = signers.PdfSignatureMetadata(
            field_name=field, md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            reason=reason or {"nguoi-ky": "Ký ban hành văn bản",
                              "co-quan": "Cơ quan ban hành xác nhận",
                              "dinh-kem": "Cơ quan ban hành xác nhận văn bản kèm theo"}[role],
            location=co_quan, name=None)
        stamper = timestamps.HTTPTimeStamper(tsa_url) if tsa_url else None
        text = _stamp_text(role, who, iso_time(when), so_ky_hieu, co_quan)
        pdf_signer = _VietnamTimeSigner(meta, signer, when, timestamper=stamper,
                                        stamp_style=_style(text, on_image, serif_font_file(),
                                                           right=role == "dinh-kem"),
                                        new_field_spec=spec)
        try:
            out = pdf_signer.sign_pdf(writer)
        except (OSError, ConnectionError) as exc:
            raise SigningError(f"không ký được: {exc}") from None
        except Exception as exc:  # pyHanko's SigningError, the TSA client's errors
            if isinstance(exc, VbhcError):
                raise
            raise SigningError(f"không ký được ({type(exc).__name__}: {exc})") from None
        return SignResult(out.getvalue(), field, page, box, who, iso_time(when), on_image)
    finally:
        if session is not None:
            session.close()


def _signer_class() -> type:
    from pyhanko.sign.signers import PdfSigner

    class VietnamTimeSigner(PdfSigner):
        """A PdfSigner whose signing time is the one given (Vietnam time), not the
        machine's local time zone."""

        def __init__(self, meta: Any, signer: Any, moment: _dt.datetime, **kw: Any) -> None:
            super().__init__(meta, signer, **kw)
            self._moment = moment

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(pdf_out, existing_fields_only)
            session.system_time = self._moment
            return session

    return VietnamTimeSigner


def _VietnamTimeSigner(meta: Any, signer: Any, moment: _dt.datetime, **kw: Any) -> Any:  # noqa: N802
    return _signer_class()(meta, signer, moment, **kw)


def passphrase_from_env(name: str) -> bytes | None:
    """Return the value of environment variable ``name`` as bytes (None when unset)."""
    value = os.environ.get(name)
    return value.encode("utf-8") if value is not None else None


__all__ = ["FIELD_NAMES", "ROLES", "VIETNAM", "KeySource", "LayoutError", "SignResult",
           "SigningError", "iso_time", "load_signer", "passphrase_from_env", "serif_font_file",
           "sign_pdf"]
