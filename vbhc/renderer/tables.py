"""Tables of figures -> WordprocessingML: header row repeated on each page, numbers and
percentages right-aligned ("1.250", "12,5%"), an optional totals row. Text cells, column
headings, the caption and the totals label are markup (**đậm**, *nghiêng*, [^khoa]):
footnotes in cells are numbered in document order with the rest of the body. Formatting
comes from the template's styles (VBBang*)."""

from __future__ import annotations

import secrets
from decimal import Decimal

from vbhc.lang.numbers import format_number
from vbhc.model.bang import Bang, PhanTram
from vbhc.renderer.runs import FootnoteNumbering, escape, runs_xml

TABLE_STYLE = "VBBangSoLieu"
LEAN_ROWS = 1000
"""Data rows from which a table's rows stay out of the template context (RowStore)."""


class RowStore:
    """The rows of big tables, kept out of the template context and the document tree.

    ``put`` keeps a table's rows (one XML string per row) and returns the processing
    instruction that stands for them in the table; vbhc.renderer.engine checks and
    serialises the rows a thousand at a time and vbhc.renderer.package puts them back in
    place of the instruction, so a 20,000-row table never becomes one string of the
    rendered part nor one lxml tree. ``nonce`` makes the instruction one that no template
    text can contain by chance."""

    canonical = True
    """Rows come from ``table_xml`` (see vbhc.renderer.engine._serialise_rows); a test
    sets it False to send every row through lxml."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.tables: list[list[str]] = []
        self.serialised: list[bytes] = []

    def target(self) -> str:
        """Return the processing-instruction target of this store's markers."""
        return f"vbhc-hang-{self.nonce}"

    def put(self, rows: list[str]) -> str:
        """Keep ``rows`` and return the marker to write where they go."""
        self.tables.append(rows)
        return f"<?{self.target()} {len(self.tables) - 1}?>"


def _para(style: str, text: str) -> str:
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def _rich_para(style: str, text: str, notes: FootnoteNumbering | None) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{runs_xml(text, notes)}</w:p>'


def _cell(width: int, style: str, text: str, notes: FootnoteNumbering | None = None,
          *, rich: bool = False) -> str:
    para = _rich_para(style, text, notes) if rich else _para(style, text)
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="center"/>'
            f"</w:tcPr>{para}</w:tc>")


def _row(cells: list[str], header: bool = False) -> str:
    props = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else \
        "<w:trPr><w:cantSplit/></w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


ROLE_SHARES = {"stt": 3, "noi_dung": 10, "san_pham": 5, "chu_tri": 5, "phoi_hop": 5,
               "theo_doi": 5, "thoi_gian": 5, None: 4}
"""Width shares of a task table's columns by role (Bang.vai_tro_cot): the number narrow,
the task widest."""


def _widths(table: Bang, total: int) -> list[int]:
    """Give the first (label) column twice a figure column's share; a task table's columns
    by their roles (ROLE_SHARES)."""
    shares = [2] + [1] * (len(table.cot) - 1)
    if table.vai_tro_cot:
        shares = [ROLE_SHARES[role] for role in table.vai_tro_cot]
    unit = total // sum(shares)
    widths = [unit * s for s in shares]
    widths[0] += total - sum(widths)
    return widths


def _value_cell(width: int, value, total_row: bool, notes: FootnoteNumbering | None) -> str:
    numeric = isinstance(value, int | Decimal)
    if numeric or (isinstance(value, str) and value.isdigit()):
        style = "VBBangTongSo" if total_row else "VBBangSo"
        if isinstance(value, PhanTram):
            return _cell(width, style, value.printed())
        return _cell(width, style, format_number(value) if numeric else value)
    style = "VBBangTong" if total_row else "VBBangChu"
    return _cell(width, style, "" if value is None else str(value), notes, rich=True)


def table_xml(table: Bang, width: int, notes: FootnoteNumbering | None = None,
              store: RowStore | None = None) -> str:
    """Return the caption paragraphs and the table for ``table``, ``width`` twips wide.

    Footnote references in the caption, headings and text cells are numbered by ``notes``
    (the body's numbering), in reading order: caption, headings, rows left to right, totals.
    With ``store``, a table of LEAN_ROWS data rows or more has its rows put there and a
    marker in their place (see RowStore).
    """
    widths = _widths(table, width)
    parts = []
    if table.tieu_de:
        parts.append(_rich_para("VBBangTen", table.tieu_de, notes))
    if table.don_vi_tinh:
        parts.append(_para("VBBangDonVi", f"Đơn vị tính: {table.don_vi_tinh}"))
    rows = [_row([_cell(w, "VBBangTieuDe", c, notes, rich=True)
                  for w, c in zip(widths, table.cot, strict=True)], header=True)]
    for row in table.hang:
        rows.append(_row([_value_cell(w, v, False, notes)
                          for w, v in zip(widths, row, strict=True)]))
    if table.dong_tong:
        rows.append(_row([_value_cell(w, v, True, notes)
                          for w, v in zip(widths, table.totals(), strict=True)]))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    lean = store is not None and len(table.hang) >= LEAN_ROWS
    parts.append(
        f'<w:tbl><w:tblPr><w:tblStyle w:val="{TABLE_STYLE}"/><w:tblW w:w="{width}" '
        'w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
        f"{store.put(rows) if lean else ''.join(rows)}</w:tbl>"
    )
    # Word needs a paragraph between two tables and after a table at the end of a cell.
    parts.append(_para("VBSauBang", ""))
    return "".join(parts)
