"""Where a paragraph sits in a table: table, row, grid column and width, found once.

The checker (cell widths, header columns) and the importer (the header frame's two
columns) both locate table cells through :class:`TableGrid`, so rows and cells wrapped in
content controls (w:sdt) and rows that skip grid columns (w:gridBefore) count the same in
both. Each table's rows and each row's cells are worked out once: a table of 5,000 rows
costs 5,000 steps, not 5,000 x 5,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from vbhc.docx.limits import MAX_GRID_SPAN, xml_int
from vbhc.docx.ns import w
from vbhc.docx.styles import grandchild_of, twips
from vbhc.docx.text import FALLBACK

TBL, TR, TC = w("tbl"), w("tr"), w("tc")
_TBLGRID, _GRIDCOL, _W = w("tblGrid"), w("gridCol"), w("w")
_TXBX = w("txbxContent")


@dataclass(frozen=True)
class CellPlace:
    """A paragraph's cell: the innermost table, row and cell around it, and the top-level
    table (the same as ``tbl`` outside nested tables)."""

    tbl: etree._Element
    tr: etree._Element
    tc: etree._Element
    top: etree._Element
    top_tr: etree._Element
    top_tc: etree._Element


def cell_place(p: etree._Element) -> CellPlace | None:
    """Return the cell around paragraph ``p``, None outside tables (or in a text box
    inside a cell: the box's text is not the cell's)."""
    tc = tr = tbl = None
    top_tc = top_tr = top = None
    for a in p.iterancestors():
        tag = a.tag
        if tag == _TXBX:
            return None
        if tag == TC:
            top_tc = a
            tc = a if tc is None else tc
        elif tag == TR:
            top_tr = a
            tr = a if tr is None else tr
        elif tag == TBL:
            top = a
            tbl = a if tbl is None else tbl
    if tc is None or tr is None or tbl is None or top is None or top_tr is None \
            or top_tc is None:
        return None
    return CellPlace(tbl, tr, tc, top, top_tr, top_tc)


def _own(parent: etree._Element, tag: str, container: str) -> list[etree._Element]:
    """Return the ``tag`` descendants of ``parent`` whose nearest ``container`` ancestor is
    ``parent`` (content controls and custom XML between them allowed, nested tables not)."""
    return [el for el in parent.iter(tag) if next(el.iterancestors(container)) is parent]


class TableGrid:
    """Row numbers, grid columns and widths of the tables of one story, cached."""

    def __init__(self) -> None:
        self._tables: dict[etree._Element, int] = {}
        self._rows: dict[etree._Element, dict[etree._Element, int]] = {}
        self._cells: dict[etree._Element, dict[etree._Element, tuple[int, int]]] = {}
        self._widths: dict[etree._Element, list[int]] = {}

    def number(self, tables: list[etree._Element]) -> None:
        """Number ``tables`` 0, 1, ... in the given order (call once, with the story's
        top-level tables in reading order, before asking :meth:`table`)."""
        for tbl in tables:
            self._tables.setdefault(tbl, len(self._tables))

    def table(self, tbl: etree._Element) -> int | None:
        """Return the number of top-level table ``tbl``, None if it was not numbered."""
        return self._tables.get(tbl)

    def row(self, tbl: etree._Element, tr: etree._Element) -> int | None:
        """Return the index of row ``tr`` among ``tbl``'s own rows."""
        rows = self._rows.get(tbl)
        if rows is None:
            rows = self._rows[tbl] = {r: k for k, r in enumerate(_own(tbl, TR, TBL))}
        return rows.get(tr)

    def cell(self, tr: etree._Element, tc: etree._Element) -> tuple[int, int]:
        """Return (first grid column, grid columns covered) of cell ``tc`` in row ``tr``:
        w:gridBefore skipped, w:gridSpan counted (garbage 1, at most MAX_GRID_SPAN)."""
        cells = self._cells.get(tr)
        if cells is None:
            cells = self._cells[tr] = {}
            col = _grid_val(grandchild_of(tr, "trPr", "gridBefore"), 0)
            for cell in _own(tr, TC, TR):
                span = max(1, _grid_val(grandchild_of(cell, "tcPr", "gridSpan"), 1))
                cells[cell] = (col, span)
                col += span
        return cells.get(tc, (0, 1))

    def widths(self, tbl: etree._Element) -> list[int]:
        """Return the widths (twips) of ``tbl``'s grid columns (w:tblGrid/w:gridCol)."""
        grid = self._widths.get(tbl)
        if grid is None:  # tbl.findall("w:tblGrid/w:gridCol"), without ElementPath
            grid = self._widths[tbl] = []
            for tbl_grid in tbl.iterchildren(_TBLGRID):
                for col in tbl_grid.iterchildren(_GRIDCOL):
                    if len(grid) == MAX_GRID_SPAN * 4:
                        return grid
                    grid.append(twips(col.get(_W)) or 0)
        return grid


def top_tables(root: etree._Element,
               tables: list[etree._Element] | None = None) -> list[etree._Element]:
    """Return the top-level tables of ``root`` in reading order: not inside another table,
    a text box or an mc:Fallback copy (content controls around them allowed). ``tables``:
    ``list(root.iter(TBL))``, when the caller has it."""
    stops = {TBL, _TXBX, FALLBACK}
    return [t for t in (root.iter(TBL) if tables is None else tables)
            if not any(a.tag in stops for a in t.iterancestors())]


def _grid_val(el: etree._Element | None, default: int) -> int:
    value = el.get(w("val")) if el is not None else None
    return xml_int(value, default, 0, MAX_GRID_SPAN)
