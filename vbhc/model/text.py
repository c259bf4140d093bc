"""String types for content fields: NFC, no control characters, valid markup."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from vbhc.lang.legacy import legacy_encoding

# XML 1.0 forbids C0 controls other than tab/newline/CR, and U+FFFE/U+FFFF; C1 controls
# are legal XML but never intended in an administrative text.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Return ``value`` in NFC, refusing characters that cannot stand in a .docx."""
    value = unicodedata.normalize("NFC", value)
    legacy = legacy_encoding(value)
    if legacy:
        raise PydanticCustomError(
            "ma_cu",
            "văn bản có vẻ được gõ bằng bảng mã {ma} (ví dụ «{mau}»), sẽ in ra chữ lỗi; chuyển "
            "sang Unicode (Unikey: Công cụ chuyển mã, hoặc gõ lại) rồi chạy lại",
            {"ma": legacy, "mau": value[:30]},
        )
    bad = _ILLEGAL.search(value)
    if bad:
        raise PydanticCustomError(
            "ky_tu_dieu_khien",
            "có ký tự điều khiển U+{ma} ở vị trí {vi_tri}, không thể đưa vào văn bản",
            {"ma": f"{ord(bad.group()):04X}", "vi_tri": bad.start() + 1},
        )
    return value


PlainText = Annotated[str, AfterValidator(clean_text), Field(min_length=1)]
"""A name, title or code: NFC, no markup interpretation."""

RichText = Annotated[str, AfterValidator(clean_text), Field(min_length=1)]
"""Body text that may carry **đậm**, *nghiêng* and [^khoa] footnote references."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[
    list[RichText],
    BeforeValidator(_as_list, json_schema_input_type=str | list[str]),
    Field(min_length=1),
]
"""One item of content: a string, or a list whose first string carries the item's
number and whose next strings are its unnumbered continuation paragraphs."""
