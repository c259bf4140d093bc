"""A TableBlock -> Bang data, inverting renderer.tables: the header row (or two, the upper
merged across columns) gives the columns, "1.250" and "3,5" become numbers again, a last
row labelled like "Tổng cộng" that equals the column sums becomes ``dong_tong``, the caption
and "Đơn vị tính" line become ``tieu_de`` and ``don_vi_tinh``. A table whose header cannot
be read is kept as one paragraph per row, with a warning."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import Any

from pydantic import TypeAdapter

from vbhc.importer.patterns import pattern
from vbhc.importer.result import Warn
from vbhc.importer.source import Para, to_markup
from vbhc.importer.tables import TableBlock, as_paragraphs, table_name, why_not_bang
from vbhc.model.bang import Cell


@cache
def _cell_adapter() -> TypeAdapter:
    return TypeAdapter(Cell)


def _value(text: str) -> Any:
    """Return a printed cell as the model holds it: "24" is the number 24, "1.250" is 1250,
    "3,5" is 3.5; "2024" (four digits, no dot) or "015" were written as text, since vbhc
    prints a number from 1000 up with a dot and never with a leading zero."""
    if not text:
        return None
    if re.fullmatch(r"0|[1-9]\d{0,2}", text):
        return int(text)
    return _cell_adapter().validate_python(text)


def _number(value: Any) -> bool:
    return isinstance(value, int | Decimal)


def _columns(block: TableBlock) -> tuple[list[str], int] | None:
    """Return the column names and how many header rows give them: one row, or two when
    the first has cells merged across columns ("Lâm Đồng" over "Điểm số", "Thứ hạng")."""
    grid = block.grid()
    merged = any(row == 0 for row, _ in block.widths)
    if all(grid[0]) and not merged:
        return grid[0], 1
    if len(grid) < 3:
        return None
    names = []
    for upper, lower in zip(block.over(1), block.grid(1)[1], strict=True):
        if not (upper or lower):
            return None
        names.append(f"{upper} - {lower}" if upper and lower and upper != lower
                     else upper or lower)
    return names, 2


def to_bang(block: TableBlock, warn: Warn) -> dict[str, Any] | None:
    """Return the Bang data for ``block``, or None when its shape is not a Bang's."""
    grid = block.grid()
    found = _columns(block) if len(grid) > 1 and len(grid[0]) > 1 else None
    if found is None:
        return None
    columns, header_rows = found
    grid = block.grid(header_rows - 1)
    if header_rows > 1:
        joined = [c for c in columns if " - " in c] or columns
        warn(f"bảng '{table_name(block)}': hàng tiêu đề hai tầng được gộp thành một (cột "
             f"'{joined[0]}', ...)")
    rows = [[_value(text) for text in row] for row in grid[header_rows:]]
    if not rows:
        return None
    out: dict[str, Any] = {"cot": columns}
    label = rows[-1][0]
    if len(rows) > 1 and isinstance(label, str) and pattern("dong_tong").match(label):
        if _is_totals(rows[:-1], rows[-1]):
            out["dong_tong"] = label
            rows = rows[:-1]
        else:
            warn(f"hàng '{label}' của bảng '{table_name(block)}' không bằng tổng các cột số: giữ "
                 "như một hàng số liệu")
    out["hang"] = rows
    if block.caption:
        out["tieu_de"] = block.caption
    if block.unit:
        out["don_vi_tinh"] = block.unit
    return out


def _is_totals(rows: list[list[Any]], last: list[Any]) -> bool:
    """Return whether ``last`` is the totals row vbhc prints for ``rows`` (Bang.totals)."""
    summed = False
    for col in range(1, len(last)):
        values = [row[col] for row in rows if row[col] is not None]
        if values and all(_number(v) for v in values):
            if not _number(last[col]) or last[col] != sum(values):
                return False
            summed = True
        elif last[col] is not None:
            return False
    return summed


def content(items: list[Para], warn: Warn) -> list[str | dict[str, Any]]:
    """Return paragraphs (markup) and tables (Bang data) in their order."""
    out: list[str | dict[str, Any]] = []
    for item in items:
        if not isinstance(item, TableBlock):
            out.append(to_markup(item.spans))
            continue
        bang = to_bang(item, warn)
        found = _columns(item) if bang is not None else None
        note = item.merged_note(found[1] if found else 1)
        if note:
            warn(note)
        why = why_not_bang(bang) if bang is not None else None
        if why:
            warn(f"bảng '{table_name(item)}' không thành bảng số liệu được ({why}): mỗi hàng "
                 "nhập thành một đoạn văn")
            out += as_paragraphs(item)
        elif bang is None:
            warn(f"bảng '{table_name(item)}' có hàng tiêu đề gộp ô hoặc để trống, không thành bảng "
                 "số liệu được: mỗi hàng nhập thành một đoạn văn")
            out += as_paragraphs(item)
        else:
            out.append(bang)
    return out


def paragraphs(items: list[Para], warn: Warn, where: str) -> list[str]:
    """Return ``items`` as paragraphs for a field that holds no tables (``where``)."""
    out = []
    for item in items:
        if isinstance(item, TableBlock):
            note = item.merged_note()
            if note:
                warn(note)
            warn(f"bảng '{table_name(item)}' nằm ở {where}, nơi không đặt bảng được: mỗi hàng nhập "
                 "thành một đoạn văn")
            out += as_paragraphs(item)
        else:
            out.append(to_markup(item.spans))
    return out
