"""Tables among the body paragraphs: the cell paragraphs of one table gathered into a
TableBlock that stands where the table stood, with the caption and "Đơn vị tính" line
right above it. figures.py turns a block into a Bang."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from vbhc.importer.outline import numbering
from vbhc.importer.patterns import pattern
from vbhc.importer.source import Para, to_markup
from vbhc.model.markup import escape

MAX_CAPTION = 200


@dataclass
class TableBlock(Para):
    """A table where it stood among the paragraphs: cell paragraphs by (row, grid column)."""

    index: int = -1
    cells: dict[tuple[int, int], list[Para]] = field(default_factory=dict)
    widths: dict[tuple[int, int], int] = field(default_factory=dict)  # merged across columns
    caption: str | None = None
    unit: str | None = None
    merged: set[tuple[int, int]] = field(default_factory=set)  # w:vMerge continuations

    def starts(self, first: int) -> list[int]:
        """Return the grid columns where the table's columns start: where a cell of row
        ``first`` or below starts, and where a cell of the rows above starts outside them
        (a header merged across columns may not line up with the rows under it)."""
        below = {c: self.widths.get((r, c), 1) for r, c in self.cells if r >= first}
        out = set(below) | {0}
        for row, col in self.cells:
            if row < first and not any(c < col < c + w for c, w in below.items()):
                out.add(col)
        return sorted(out)

    def width(self) -> int:
        """Return how many grid columns the table spans."""
        return max(c + self.widths.get((r, c), 1) for r, c in self.cells)

    def grid(self, first: int = 0) -> list[list[str]]:
        """Return the cell texts row by row, one per column (see starts); a cell merged
        away or empty is "". A cell's text is kept as a body paragraph's is (to_markup):
        ends trimmed, a line break as one space, a run of spaces inside kept as typed
        ("Sở  Nội vụ" stays, as it does in a paragraph)."""
        starts = self.starts(first)
        rows: list[list[list[str]]] = [[[] for _ in starts]
                                       for _ in range(1 + max(r for r, _ in self.cells))]
        for (row, col), paras in sorted(self.cells.items()):
            texts = [re.sub(r" *\n[ \n]*", " ", p.plain).strip() for p in paras]
            rows[row][bisect_right(starts, col) - 1] += [t for t in texts if t]
        for row, col in sorted(self.merged):  # top down: a merge over three rows carries on
            k = bisect_right(starts, col) - 1
            if row and not rows[row][k]:
                rows[row][k] = list(rows[row - 1][k])
        return [[" ".join(texts) for texts in row] for row in rows]

    def merged_note(self, first: int = 1) -> str | None:
        """Return the warning for data cells merged down (w:vMerge) from row ``first`` on
        (a header cell over two header rows is read as one name), None when none is."""
        count = sum(row >= first for row, _ in self.merged)
        if not count:
            return None
        return (f"bảng '{table_name(self)}' có {count} ô gộp dọc (vMerge): mỗi hàng dưới ghi "
                "lại nội dung của ô gộp; kiểm tra lại")

    def over(self, first: int) -> list[str]:
        """Return, for each column, the text of the row-0 cell over its last grid column."""
        starts = self.starts(first)
        ends = [*starts[1:], self.width()]
        out = []
        for end in ends:
            cell = next(((r, c) for r, c in self.cells
                         if r == 0 and c <= end - 1 < c + self.widths.get((r, c), 1)), None)
            out.append(" ".join(p.text for p in self.cells[cell] if p.text) if cell else "")
        return out


def group_tables(paras: list[Para]) -> list[Para]:
    """Return ``paras`` with each table's cell paragraphs gathered into one TableBlock,
    which takes the caption and "Đơn vị tính" paragraphs right above it."""
    out: list[Para] = []
    for para in paras:
        if para.cell is None:
            out.append(para)
            continue
        index, row, col = para.cell
        if not (out and isinstance(out[-1], TableBlock) and out[-1].index == index):
            block = TableBlock([], index=index)
            _take_captions(out, block)
            out.append(block)
        block = out[-1]
        assert isinstance(block, TableBlock)
        block.cells.setdefault((row, col), []).append(para)
        if para.merged_above and not para.text:
            block.merged.add((row, col))
        if para.span > 1:
            block.widths[(row, col)] = para.span
    return out


def _take_captions(out: list[Para], block: TableBlock) -> None:
    for _ in range(2):
        last = out[-1] if out and not isinstance(out[-1], TableBlock) else None
        if last is None:
            return
        unit = pattern("don_vi_tinh").match(last.text)
        if unit and block.unit is None:
            block.unit = unit.group("don_vi")
        elif block.caption is None and _is_caption(last):
            block.caption = last.text
        else:
            return
        out.pop()


def _is_caption(para: Para) -> bool:
    text = para.text
    return (len(text) <= MAX_CAPTION and numbering(para) is None and not text.endswith(":")
            and (para.center or bool(pattern("ten_bang").match(text))))


def as_paragraphs(block: TableBlock) -> list[str]:
    """Return a table that is not a Bang as paragraphs: one per row ("a | b | c"), or each
    cell paragraph of a one-column table."""
    head = [escape(block.caption)] if block.caption else []
    if block.unit:
        head.append(escape(f"Đơn vị tính: {block.unit}"))
    grid = block.grid()
    if len(grid[0]) == 1:
        return head + [to_markup(p.spans) for r in range(len(grid))
                       for p in block.cells.get((r, 0), []) if p.text]
    return head + [escape(" | ".join(c for c in row if c)) for row in grid if any(row)]


def table_name(block: TableBlock) -> str:
    """Return how a warning names the table: its caption, else its first row."""
    first = " | ".join(c for c in block.grid()[0] if c)
    return block.caption or (first[:47] + "..." if len(first) > 50 else first)


def _heading(text: str) -> str:
    """Return a column heading as compared with the synonyms: markup and line breaks gone,
    spaces collapsed, a final ":" or "." dropped, case folded."""
    plain = text.replace("*", "").replace("\\", "")
    return " ".join(plain.split()).rstrip(":.").casefold()


def column_role(heading: str) -> str | None:
    """Return the role of a task table's column headed ``heading`` (data/nhap-ke-hoach.yaml,
    ``cot_bang_nhiem_vu``): "chu_tri" for "Cơ quan chủ trì", "phoi_hop" for "Phối hợp thực
    hiện", ...; a two-tier heading ("Cơ quan thực hiện - Chủ trì") by its lower part first;
    None when no synonym fits."""
    from vbhc.importer.patterns import data

    text = _heading(heading)
    candidates = [text.rsplit(" - ", 1)[1], text] if " - " in text else [text]
    for candidate in candidates:
        for role, names in data("ke-hoach")["cot_bang_nhiem_vu"].items():
            for name in names:
                name = _heading(name)
                if candidate == name or (candidate.startswith(name)
                                         and candidate[len(name):][:1] in (" ", ",", "/", "(")):
                    return role
    return None


def task_roles(columns: list[str]) -> list[str | None] | None:
    """Return the roles of a table's columns (Bang.vai_tro_cot) when it is a task-assignment
    table — one column of tasks (noi_dung) and one of lead bodies (chu_tri) at least — else
    None. A role found twice is given to its first column only; the others get None."""
    roles: list[str | None] = []
    for heading in columns:
        role = column_role(heading)
        roles.append(None if role in roles else role)
    return roles if {"noi_dung", "chu_tri"} <= set(roles) else None


def why_not_bang(data: dict) -> str | None:
    """Return why Bang data read from a table would not validate (the first error: the cell
    and the model's Vietnamese message, e.g. an ambiguous "1,250"), None when it does; such a
    table is imported as paragraphs, so that the YAML written always renders."""
    from pydantic import ValidationError

    from vbhc.model.bang import Bang

    try:
        Bang.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        return f"{where.lstrip('.')}: {error['msg'].removeprefix('Value error, ')}"
    return None
