"""The number and symbol of ô 3: "05/KH-UBND" after "Số: ".

ND30, Phụ lục I, mục II.3 (nd30.md §4.1): the number is the văn thư's yearly ordinal in
Arabic digits, under 10 with a leading zero; the symbol is <kind code>-<issuer> for a typed
document ("KH-UBND") and <issuer>-<drafting unit> for a công văn ("UBND-NC"). Renderer,
importer, checker and derivation build them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vbhc.lang.dates import BLANK
from vbhc.model.kinds import kind

if TYPE_CHECKING:
    from vbhc.model.common import VanBan


def number_digits(so: int | None, blank: str = BLANK) -> str:
    """Return the document number as printed: 5 -> "05", 12 -> "12", 345 -> "345";
    ``blank`` (five spaces by default, for the văn thư) when ``so`` is None (a draft).

    ND30, Phụ lục I, mục II.3: numbers below 10 take a leading zero, no padding beyond two
    digits. Does not check the range (the model does: 1..MAX_SO).
    """
    return blank if so is None else f"{so:02d}"


def build_symbol(slug: str, issuer: str, unit: str | None = None) -> str:
    """Return the symbol printed when none is given: <kind code>-<issuer> for a typed
    document (``build_symbol("bao-cao", "UBND")`` -> "BC-UBND"), <issuer>-<drafting unit>
    for a công văn ("SNV-CQĐP"; just the issuer when ``unit`` is None).

    ``slug`` is a kind vbhc renders (data/loai-van-ban.yaml); KeyError otherwise.
    ND30, Phụ lục I, mục II.3 and Phụ lục III (kind codes).
    """
    code = kind(slug).ky_hieu
    if code:
        return f"{code}-{issuer}"
    return f"{issuer}-{unit}" if unit else issuer


def symbol(doc: VanBan) -> str:
    """Return the symbol after the number: ``doc.so_ky_hieu.ky_hieu`` when given, else the
    one :func:`build_symbol` makes from the kind, ``co_quan.viet_tat`` and
    ``don_vi_soan_thao``."""
    if doc.so_ky_hieu.ky_hieu:
        return doc.so_ky_hieu.ky_hieu
    return build_symbol(doc.loai, doc.co_quan.viet_tat, doc.don_vi_soan_thao)


def number_line(doc: VanBan, blank: str = BLANK) -> str:
    """Return what follows "Số: ": "05/KH-UBND", or ``blank`` before the slash in a draft
    ("     /KH-UBND")."""
    return f"{number_digits(doc.so_ky_hieu.so, blank)}/{symbol(doc)}"
