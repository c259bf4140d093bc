"""Vietnamese letters without their marks: the one fold every search and name match uses."""

from __future__ import annotations

import unicodedata


def unmarked(text: str) -> str:
    """Return ``text`` with every diacritic removed and "đ"/"Đ" written "d"/"D", case and
    spacing kept: "Đồng Tiến" -> "Dong Tien". Any str; never raises. Callers add their own
    case and space folding (vbhc.derivation.names.fold, vbhc.register.fields.fold)."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in text if not unicodedata.combining(ch))
