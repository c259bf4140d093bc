"""Digital signatures of electronic documents (ND30 Điều 8, Phụ lục I): PAdES signatures
with pyHanko at the places ND30 fixes (:mod:`vbhc.signing.layout`), signing
(:mod:`vbhc.signing.sign`) and validation (:mod:`vbhc.signing.verify`). An apps-level
package: it reads PDFs that LibreOffice made from vbhc's documents, never the models.

``vbhc ky`` (vbhc.commands.ky) is its command.
"""

from __future__ import annotations

from vbhc.signing.layout import LayoutError, SignaturePlaces, attachment_box, find_places
from vbhc.signing.sign import (
    FIELD_NAMES,
    ROLES,
    VIETNAM,
    KeySource,
    SigningError,
    SignResult,
    iso_time,
    sign_pdf,
)
from vbhc.signing.verify import SignatureReport, verify_pdf

__all__ = ["FIELD_NAMES", "ROLES", "VIETNAM", "KeySource", "LayoutError", "SignResult",
           "SignaturePlaces", "SignatureReport", "SigningError", "attachment_box",
           "find_places", "iso_time", "sign_pdf", "verify_pdf"]
