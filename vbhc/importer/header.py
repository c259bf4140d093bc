"""Header fields a kind leaves to vbhc when the document prints what vbhc would print.

ND30 builds the symbol from parts the model already holds: <kind code>-<issuer> for a
typed document, <issuer>-<drafting unit> for a công văn (vbhc.model.symbol). A symbol
that comes out the same is not written again; the drafting unit and the issuer's name as
written in a sentence (ten_rut_gon) are read back from where vbhc prints them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from vbhc.importer.appendix import attached_issuer, has_attached_line
from vbhc.importer.frame import Frame
from vbhc.importer.names import short_name
from vbhc.importer.patterns import data as data_file
from vbhc.importer.result import Warn
from vbhc.model.kinds import kind, kinds
from vbhc.model.symbol import build_symbol


def placeholders() -> dict[str, str]:
    """Return the visible placeholders of data/nhap-chung.yaml (cho_trong)."""
    return data_file("chung")["cho_trong"]


UNIT = re.compile(r"^[A-ZĐ][A-ZĐa-zđ0-9]*$")


@dataclass(frozen=True)
class Policy:
    """Which header fields a kind's importer writes out."""

    symbol_always: bool = False  # write ky_hieu even when vbhc would build the same one
    issuer_details: bool = True  # read the drafting unit and ten_rut_gon back


def refine(data: dict[str, Any], frame: Frame, slug: str, policy: Policy,
           warn: Warn) -> None:
    """Complete ``data`` (the shared fields) for a document of kind ``slug``, in place."""
    co_quan = data["co_quan"]
    _kind_code(data, slug, warn)
    if policy.issuer_details:
        unit = _drafting_unit(data, slug)
        if unit:
            data["don_vi_soan_thao"] = unit
        # Where vbhc prints the short name (an appendix's "Kèm theo ... của X" line), read it
        # from there, absent if absent; otherwise derive it from the issuer's name.
        if has_attached_line(frame.phu_luc):
            short = attached_issuer(frame.phu_luc)
        else:
            short = short_name(co_quan["ten"], co_quan.get("chu_quan"))
        if short:
            co_quan["ten_rut_gon"] = short
    so_ky_hieu = data["so_ky_hieu"]
    if kind(slug).ky_hieu is None and not so_ky_hieu.get("ky_hieu") \
            and not data.get("don_vi_soan_thao"):
        data["don_vi_soan_thao"] = placeholders()["don_vi_soan_thao"]
        warn("không đọc được ký hiệu công văn (dòng 'Số: .../...'): tạm ghi đơn vị soạn "
             f"thảo '{data['don_vi_soan_thao']}'; điền lại don_vi_soan_thao")
    if not policy.symbol_always and so_ky_hieu.get("ky_hieu") == built_symbol(data, slug):
        del so_ky_hieu["ky_hieu"]


def _kind_code(data: dict[str, Any], slug: str, warn: Warn) -> None:
    """A symbol whose kind code is not the kind's (Số: 12/KH-UBND on a BÁO CÁO) takes the
    kind's code, with a warning: ND30 Phụ lục I ô 3 (vbhc check refuses the mismatch)."""
    symbol = data["so_ky_hieu"].get("ky_hieu")
    if not symbol:
        return
    code = kind(slug).ky_hieu
    head, _, rest = symbol.partition("-")
    codes = {row.ky_hieu for row in kinds() if row.ky_hieu}
    if code is None:
        if head in codes and rest:
            data["so_ky_hieu"]["ky_hieu"] = rest
            warn(f"ký hiệu '{symbol}' mở đầu bằng mã loại văn bản '{head}' nhưng văn bản là "
                 f"công văn (không có mã loại); ghi là '{rest}'")
        return
    if head != code:
        fixed = f"{code}-{rest}" if head in codes and rest else f"{code}-{symbol}"
        data["so_ky_hieu"]["ky_hieu"] = fixed
        warn(f"ký hiệu '{symbol}' không khớp tên loại văn bản (mã {code}); ghi là '{fixed}'")


def built_symbol(data: dict[str, Any], slug: str) -> str:
    """Return the symbol vbhc prints when none is given (as vbhc.model.symbol.symbol does
    for a model): ``data`` holds co_quan.viet_tat and maybe don_vi_soan_thao."""
    return build_symbol(slug, data["co_quan"]["viet_tat"], data.get("don_vi_soan_thao"))


def _drafting_unit(data: dict[str, Any], slug: str) -> str | None:
    """Return the drafting unit: after the issuer in a công văn's symbol (SNV-CQĐP -> CQĐP),
    else the unit after "VT" on the archive line ("Lưu: VT, NV" -> NV; ND30 Phụ lục I)."""
    if kind(slug).ky_hieu is None:
        symbol = data["so_ky_hieu"].get("ky_hieu") or ""
        head = data["co_quan"]["viet_tat"] + "-"
        return symbol[len(head):] or None if symbol.startswith(head) else None
    items = [item.strip() for item in data["noi_nhan"].get("luu", "").split(",")]
    if len(items) < 2 or items[0].upper() != "VT":
        return None
    code = re.split(r"[._(\s]", items[1])[0]
    return code if UNIT.match(code) else None
