"""Appendices after the signature -> ``phu_luc``: the "Phụ lục"/"Phụ lục I" heading, the
title under it, then paragraphs and tables. The "(Kèm theo ...)" line is left out: vbhc
prints it from the document's kind, number, date and issuer."""

from __future__ import annotations

from typing import Any

from vbhc.importer.figures import content
from vbhc.importer.names import sentence_case
from vbhc.importer.patterns import pattern
from vbhc.importer.result import Warn
from vbhc.importer.source import Para
from vbhc.importer.tables import group_tables

TITLE_LOOKAHEAD = 4  # title lines before "(Kèm theo ...)"


def _heads(paras: list[Para]) -> list[int]:
    return [k for k, p in enumerate(paras)
            if p.cell is None and pattern("phu_luc_tieu_de").match(p.text)]


def _attached_line(paras: list[Para], start: int) -> tuple[int, int] | None:
    """Return where the "(Kèm theo ...)" line starts and ends (it may wrap), if near."""
    for k in range(start, min(start + TITLE_LOOKAHEAD + 1, len(paras))):
        if pattern("kem_theo").match(paras[k].text):
            end = k
            while end + 1 < len(paras) and not paras[end].text.endswith(")") \
                    and paras[end + 1].cell is None:
                end += 1
            return k, end + 1
    return None


def has_attached_line(paras: list[Para]) -> bool:
    """Return whether an appendix carries a "(Kèm theo ...)" line."""
    return any(_attached_line(paras, head + 1) for head in _heads(paras))


def attached_issuer(paras: list[Para]) -> str | None:
    """Return the issuer named at the end of the first "(Kèm theo ... của X)" line."""
    for head in _heads(paras):
        found = _attached_line(paras, head + 1)
        if found:
            text = " ".join(p.text for p in paras[found[0]:found[1]])
            m = pattern("kem_theo_cua").search(text)
            return m.group("ten") if m else None
    return None


def appendices(paras: list[Para], warn: Warn) -> list[dict[str, Any]]:
    """Return the ``phu_luc`` data of the paragraphs after the signature."""
    heads = _heads(paras)
    if not heads:
        warn(f"bỏ qua {len(paras)} đoạn sau chữ ký (bắt đầu '{paras[0].text[:60]}'): không "
             "thấy dòng 'Phụ lục' mở đầu")
        return []
    if heads[0]:
        warn(f"bỏ qua {heads[0]} đoạn giữa chữ ký và dòng '{paras[heads[0]].text}'")
    out = []
    for k, head in enumerate(heads):
        end = heads[k + 1] if k + 1 < len(heads) else len(paras)
        out.append(_appendix(paras[head:end], warn))
    return out


def _appendix(paras: list[Para], warn: Warn) -> dict[str, Any]:
    named = pattern("phu_luc_tieu_de").match(paras[0].text)
    title = [named.group("ten")] if named and named.group("ten") else []
    start = 1
    found = _attached_line(paras, 1)
    if found:
        title += [p.text for p in paras[1:found[0]] if p.cell is None]
        start = found[1]
    elif not title and len(paras) > 1 and paras[1].cell is None:
        title, start = [paras[1].text], 2
    if not title:
        title = [paras[0].text]
        warn(f"'{paras[0].text}' không có tên phụ lục; tạm lấy chính dòng này làm tên")
    out: dict[str, Any] = {"tieu_de": sentence_case(" ".join(title))}
    body = content(group_tables(paras[start:]), warn)
    if body:
        out["noi_dung"] = body
    out.update(landscape(paras[0], body, warn))
    return out


def landscape(head: Para, body: list[Any], warn: Warn) -> dict[str, Any]:
    """Return ``{"trang_ngang": True}`` when the appendix headed ``head`` stands in a
    landscape section and holds a table (PhuLuc.trang_ngang); a landscape appendix with
    no table is printed portrait, with a warning (ND30 allows landscape for tables only)."""
    if not head.landscape:
        return {}
    if any(isinstance(item, dict) for item in body):
        return {"trang_ngang": True}
    warn(f"phụ lục '{head.text}' in khổ ngang nhưng không có bảng: dựng lại khổ dọc (NĐ "
         "30/2020/NĐ-CP chỉ cho in ngang trang có bảng, biểu)")
    return {}
