"""``vbhc ky --kiem-tra``: validate every signature of a PDF with pyHanko and say, in
Vietnamese, who signed, when (Vietnam time, ISO 8601), whether the signed bytes are intact,
whether the file was changed after the signature beyond what signing allows, and whether
the signer's certificate chains up to a root the user trusts (``trust`` files; without one
the chain is reported as not checked, never as trusted). Nothing is fetched from the
network: revocation is not checked (reported so).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from vbhc.errors import ReadError
from vbhc.signing.sign import agency_matches, certificate_agencies, iso_time, load_cert_files

MODIFICATIONS = {"NONE": "không có", "LTA_UPDATES": "chỉ thêm dữ liệu lưu trữ dài hạn",
                 "FORM_FILLING": "điền biểu mẫu, thêm chữ ký",
                 "ANNOTATIONS": "thêm chú thích",
                 "OTHER": "sửa nội dung hay cấu trúc tệp"}
"""pyHanko's ModificationLevel names -> what they mean, in Vietnamese."""


@dataclass
class SignatureReport:
    """One signature of the file: its field, signer (certificate's common name), signing
    time (ISO 8601, +07:00, as the signer stated it; "" when absent), ``intact`` (the
    signed bytes hash to the signed digest and the cryptographic signature holds),
    ``covers`` (what it covers: whole file / whole file but later updates / part),
    ``changes_ok`` (later updates only add signatures, form fills or annotations),
    ``trusted`` (None: no trust root given), and the Vietnamese lines to print."""

    field: str
    signer: str
    time: str
    intact: bool
    covers: str
    changes_ok: bool
    trusted: bool | None
    notes: list[str] = field(default_factory=list)
    subject: str = ""
    """The certificate's whole subject, as printed ("Common Name: ..., Organization: ...")."""
    location: str = ""
    """The agency the signature claims (/Location), "" when none."""
    location_ok: bool = True
    """False when ``location`` is not the certificate's O or CN (a claimed agency the
    certificate does not name)."""

    @property
    def ok(self) -> bool:
        """True when the signature is intact, its later changes are allowed, the agency it
        claims is the certificate's, and its chain is trusted (or no trust root was given:
        see :attr:`verified`)."""
        return self.intact and self.changes_ok and self.location_ok and \
            self.trusted is not False

    @property
    def verified(self) -> bool:
        """True when :attr:`ok` and the chain was checked up to a trusted root."""
        return self.ok and self.trusted is True


def _trust_context(trust: list[Path]) -> object:
    """Return the validation context trusting exactly the roots in ``trust`` (none: the
    operating system's list is never used), fetching nothing."""
    from pyhanko_certvalidator import ValidationContext

    roots = load_cert_files(trust, "chứng thư gốc tin cậy") if trust else []
    return ValidationContext(trust_roots=roots, allow_fetching=False,
                             revocation_mode="soft-fail")


def verify_pdf(data: bytes, trust: list[Path] | None = None) -> list[SignatureReport]:
    """Return one report per signature of the PDF ``data``, in signing order ([] when it
    has none). ``trust`` names PEM/DER root certificates to validate the chains against.
    Raises ReadError (exit 2) when the file cannot be read as a PDF, SigningError (a
    VbhcError) when a trust root cannot be read."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature

    context = _trust_context(trust or [])
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as exc:
        raise ReadError(f"không đọc được tệp PDF ({exc})") from None
    out = []
    for sig in signatures:
        out.append(_report(sig, context, validate_pdf_signature, bool(trust)))
    return out


def _report(sig: object, context: object, validate: object,
            judged: bool = True) -> SignatureReport:
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    name = sig.field_name
    cert = sig.signer_cert
    who = (cert.subject.native.get("common_name") or cert.subject.human_friendly) \
        if cert is not None else "?"
    subject = _subject_text(cert)
    when = sig.self_reported_timestamp
    time = iso_time(when) if when is not None else ""
    location = _location(sig)
    location_ok = not location or agency_matches(location, cert)
    try:
        status = validate(sig, signer_validation_context=context)
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        return SignatureReport(name, who, time, False, "?", False, None,
                               [f"không kiểm tra được chữ ký: dữ liệu chữ ký hỏng hoặc "
                                f"không theo chuẩn ({exc})"], subject, location, location_ok)
    coverage = status.coverage
    covers = {SignatureCoverageLevel.ENTIRE_FILE: "toàn bộ tệp",
              SignatureCoverageLevel.ENTIRE_REVISION: "toàn bộ tệp tại lúc ký (sau đó có "
                                                      "thêm bản cập nhật)"}.get(coverage,
                                                                               "một phần tệp")
    changes_ok = coverage in (SignatureCoverageLevel.ENTIRE_FILE,
                              SignatureCoverageLevel.ENTIRE_REVISION) and \
        getattr(status, "docmdp_ok", True) is not False
    intact = bool(status.intact and status.valid)
    trusted = bool(status.trusted) if judged else None
    claimed = location or "(không ghi)"
    if not location_ok:
        names = " / ".join(f"«{n}»" for n in certificate_agencies(cert)) or "(không ghi tên)"
        claimed += f" — KHÔNG KHỚP chứng thư (chứng thư cấp cho {names})"
    notes = [f"Người ký: {who}", f"Chứng thư cấp cho: {subject}",
             f"Cơ quan ghi trong chữ ký: {claimed}",
             f"Thời gian ký: {time or '(không ghi)'}",
             "Toàn vẹn: " + ("còn nguyên, chữ ký hợp lệ về mật mã" if intact
                             else "KHÔNG còn nguyên: nội dung đã bị sửa sau khi ký"),
             f"Phạm vi: {covers}"]
    modification = getattr(status, "modification_level", None)
    if coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        notes.append("Thay đổi sau khi ký: " + ("chỉ thêm chữ ký, trường biểu mẫu hay chú "
                                                "thích (được phép)" if changes_ok else
                                                "không được phép (" + _modification(
                                                    modification) + ")"))
    if trusted is None:
        notes.append("Chuỗi chứng thư: chưa kiểm tra (dùng --tin-cay CA.pem để chỉ chứng "
                     "thư gốc tin cậy)")
    else:
        notes.append("Chuỗi chứng thư: " + ("tới chứng thư gốc tin cậy" if trusted else
                                           "KHÔNG tới được chứng thư gốc tin cậy"))
        notes.append("Thu hồi: không kiểm tra (không truy cập mạng)")
    if status.timestamp_validity is not None:
        notes.append("Dấu thời gian: " + ("hợp lệ" if status.timestamp_validity.intact
                                          else "không hợp lệ"))
    return SignatureReport(name, who, time, intact, covers, changes_ok, trusted, notes, subject,
                           location, location_ok)


SUBJECT_LABELS = {"common_name": "CN", "organization_name": "O",
                  "organizational_unit_name": "OU", "locality_name": "L",
                  "state_or_province_name": "ST", "country_name": "C"}
"""Subject attributes printed by ``--kiem-tra`` and their usual X.509 short names."""


def _subject_text(cert: object) -> str:
    """Return the certificate's subject as "CN=..., O=..., C=VN" (the attributes of
    :data:`SUBJECT_LABELS`, most specific first), "?" without a certificate."""
    if cert is None:
        return "?"
    native = cert.subject.native
    parts = []
    for key, label in SUBJECT_LABELS.items():
        value = native.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and item.strip():
                parts.append(f"{label}={' '.join(item.split())[:200]}")
    return ", ".join(parts) or "(không ghi)"


def _location(sig: object) -> str:
    """Return the /Location of signature ``sig``'s dictionary ("" when none or unreadable),
    at most 200 characters, control characters shown as spaces."""
    try:
        value = sig.sig_object.get("/Location")
    except (KeyError, ValueError, TypeError, AttributeError):
        return ""
    if not isinstance(value, str):
        return ""
    text = "".join(" " if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F else c for c in value)
    return " ".join(text.split())[:200]


def _modification(level: object) -> str:
    """Return pyHanko's ModificationLevel ``level`` in Vietnamese."""
    name = getattr(level, "name", None)
    return MODIFICATIONS.get(name, "thay đổi không rõ loại") if name else "không rõ"
