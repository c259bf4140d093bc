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
import re
import shutil
import subprocess
import unicodedata
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
MAX_SO_KY_HIEU = 30
"""Longest ``--so-ky-hieu`` (characters): real ones ("125/2024/NĐ-CP", "12/2024/TT-BNNPTNT")
are under 20; 30 still fits the 75 mm box of an attachment's signature in 10 pt."""
MAX_CO_QUAN = 200
"""Longest agency name written into a signature (characters)."""
SO_KY_HIEU_RE = re.compile(r"^[0-9]{1,6}(/(?:19|20)[0-9]{2})?/[A-ZĐa-zđ0-9]+(-[A-ZĐa-zđ0-9]+)*$")
"""The number and symbol of the main document (ND30 Phụ lục I, mục II.3): number, an
optional year (laws, decrees: 12/2024/NĐ-CP), then the symbol with the same letters as
``vbhc.model.common.SoKyHieu.ky_hieu`` (KH-UBND, BC-UBND, UBND-NC)."""
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


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


def load_cert_files(paths: list[Path] | tuple[Path, ...], what: str) -> list[Any]:
    """Return the X.509 certificates (asn1crypto) in the PEM or DER files ``paths``, in
    order. SigningError naming the file and ``what`` it was for ("chứng thư CA trung gian",
    "chứng thư gốc tin cậy") when one cannot be read or is not a certificate; the parser's
    English is left out (it says nothing a clerk can act on)."""
    from pyhanko.keys import load_certs_from_pemder_data

    from vbhc.files import read_input_bytes

    out: list[Any] = []
    for path in paths:
        try:
            data = read_input_bytes(path, 1024 * 1024)
        except ReadError as exc:
            raise SigningError(f"không đọc được {what} {path} "
                               f"({str(exc).split(': ', 1)[-1]})") from None
        try:
            certs = list(load_certs_from_pemder_data(data))
            for cert in certs:
                cert.native  # noqa: B018 -- parses the whole certificate now: errors here
        except Exception:  # asn1crypto raises ValueError, TypeError, OverflowError...
            certs = []
        if not certs:
            raise SigningError(f"{what} {path} hỏng hoặc không phải chứng thư X.509 "
                               "(tệp .pem hay .cer/.der)")
        out += certs
    return out


def load_signer(key: KeySource) -> tuple[Any, Any]:
    """Return (pyHanko signer, PKCS#11 session or None) for ``key``; SigningError with a
    Vietnamese message when the file, passphrase, module, token or PIN is wrong."""
    from pyhanko.sign import signers

    extra = load_cert_files(key.chain, "chứng thư CA trung gian") if key.chain else []
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


def normalise_agency(name: str) -> str:
    """Return ``name`` in the form agency names are compared in: NFC, lower case, spaces
    collapsed, "Ủy ban nhân dân" (either tone placement, "Uỷ") written "ubnd":
    "UBND  huyện Cao Lộc" and "Ủy ban nhân dân huyện Cao Lộc" give the same string."""
    text = unicodedata.normalize("NFC", name).casefold().replace("uỷ", "ủy")
    text = " ".join(text.split())
    return re.sub(r"\bủy ban nhân dân\b", "ubnd", text)


def certificate_agencies(cert: Any) -> list[str]:
    """Return the names a certificate (asn1crypto) is issued to that may name an agency:
    its subject's organisation (O) and common name (CN) values, non-empty, in that order."""
    if cert is None:
        return []
    native = cert.subject.native
    out: list[str] = []
    for key in ("organization_name", "common_name"):
        value = native.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip() and item not in out:
                out.append(item)
    return out


def agency_matches(claim: str, cert: Any) -> bool:
    """True when the agency name ``claim`` is the certificate's O or CN, compared with
    :func:`normalise_agency`."""
    wanted = normalise_agency(claim)
    return any(normalise_agency(name) == wanted for name in certificate_agencies(cert))


def _agency(co_quan: str | None, cert: Any, role: str) -> str | None:
    """Return the agency name to write into the signature (/Location and the visible text):
    ``co_quan`` when the certificate is issued to it (O or CN), else SigningError; when not
    given, the certificate's common name for the agency's roles (None for the signer's).
    A signature can thus never claim an agency its certificate does not name."""
    names = certificate_agencies(cert)
    if co_quan is None:
        if role == "nguoi-ky":
            return None
        common = cert.subject.native.get("common_name") if cert is not None else None
        name = common if isinstance(common, str) and common.strip() else \
            (names[0] if names else None)
        return " ".join(_CONTROL_RE.sub(" ", name).split())[:MAX_CO_QUAN] if name else None
    if not co_quan.strip():
        raise SigningError("--co-quan để trống; bỏ tùy chọn này để lấy tên cơ quan từ chứng thư")
    if _CONTROL_RE.search(co_quan) or len(co_quan) > MAX_CO_QUAN:
        raise SigningError(f"--co-quan phải là tên cơ quan: một dòng, không có ký tự điều "
                           f"khiển, tối đa {MAX_CO_QUAN} ký tự")
    if not agency_matches(co_quan, cert):
        shown = " / ".join(f"«{n}»" for n in names) or "(chứng thư không ghi tên)"
        raise SigningError(f"--co-quan «{co_quan}» không khớp chứng thư ký số: chứng thư cấp "
                           f"cho {shown}. Chữ ký số chỉ được ghi tên cơ quan ghi trong chứng "
                           "thư; bỏ --co-quan để lấy tên từ chứng thư")
    return co_quan


def check_so_ky_hieu(value: str) -> str:
    """Return ``value`` (``--so-ky-hieu``, the main document's number and symbol, e.g.
    125/BC-UBND or 12/2024/NĐ-CP) with its surrounding spaces removed; SigningError naming
    the option when it is longer than :data:`MAX_SO_KY_HIEU`, holds a control character or
    is not a number, slash and symbol (:data:`SO_KY_HIEU_RE`)."""
    text = unicodedata.normalize("NFC", value).strip()
    if _CONTROL_RE.search(text):
        raise SigningError("--so-ky-hieu có ký tự điều khiển; ghi số, ký hiệu văn bản "
                           "chính, ví dụ 125/BC-UBND")
    if len(text) > MAX_SO_KY_HIEU:
        raise SigningError(f"--so-ky-hieu dài {len(text)} ký tự (tối đa {MAX_SO_KY_HIEU}); "
                           "ghi số, ký hiệu văn bản chính, ví dụ 125/BC-UBND")
    if not SO_KY_HIEU_RE.match(text):
        raise SigningError(f"--so-ky-hieu «{text}» không đúng dạng số/ký hiệu của văn bản "
                           "chính (NĐ 30, Phụ lục I, mục II.3), ví dụ 125/BC-UBND, "
                           "05/KH-UBND, 12/2024/NĐ-CP")
    return text


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
    if so_ky_hieu is not None:
        so_ky_hieu = check_so_ky_hieu(so_ky_hieu)
    when = (moment or _dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)
    if role != "dinh-kem":
        places = find_places(data)
        page = places.page
        box = places.nguoi_ky if role == "nguoi-ky" else places.co_quan
        on_image = places.nguoi_ky_anh if role == "nguoi-ky" else places.co_quan_anh
    signer, session = load_signer(key)
    try:
        co_quan = _agency(co_quan, signer.signing_cert, role)
        if role == "dinh-kem":
            page, box = attachment_box(data, 3 if co_quan else 2)
            on_image = False
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
        except OSError as exc:
            if stamper is not None:
                raise SigningError(f"không lấy được dấu thời gian từ máy chủ {tsa_url}: máy "
                                   "chủ không trả lời hoặc trả lời sai; kiểm tra địa chỉ --tsa "
                                   f"và mạng, hoặc ký không có --tsa ({exc})") from None
            raise SigningError(f"không ký được: lỗi đọc ghi ({exc})") from None
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


__all__ = ["FIELD_NAMES", "MAX_SO_KY_HIEU", "ROLES", "VIETNAM", "KeySource", "LayoutError",
           "SignResult", "SigningError", "agency_matches", "certificate_agencies",
           "check_so_ky_hieu", "iso_time", "load_cert_files", "load_signer",
           "normalise_agency", "passphrase_from_env", "serif_font_file", "sign_pdf"]
