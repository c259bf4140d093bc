"""A .docx -> :class:`Source`: paragraphs in reading order with emphasis and footnotes.

Reads the XML through the .docx layer rather than python-docx's ``paragraph.runs``:
agencies' files hide text inside w:smartTag, w:hyperlink, w:ins, w:sdt and fields, and list
numbers live in numbering.xml. What is text is decided by vbhc.docx.text (deleted text is
not, inserted text is); emphasis, alignment and list membership by vbhc.docx.styles (the
checker's resolver); list labels by vbhc.docx.numbering. Text boxes are read and marked
(``Para.box``): the frame takes a "V/v ..." line from one and leaves the others out with a
warning (a box holds a stamp or a draft mark, not a component to import). Each paragraph
also carries where it stands (the innermost cell's place in its row, a w:vMerge
continuation) and its tab-separated columns, for closings and headers laid out without
one plain two-column table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from vbhc.docx.ns import w
from vbhc.docx.numbering import Numbering
from vbhc.docx.package import Package, read_package
from vbhc.docx.styles import StyleSheet
from vbhc.docx.tables import TableGrid, cell_place, top_tables
from vbhc.docx.text import Break, NoteRef, body_paragraphs, run_items, runs
from vbhc.errors import ReadError
from vbhc.importer.errors import NotImportable
from vbhc.importer.source import (
    Para,
    Source,
    column_split,
    controls_note,
    drop_controls,
    trimmed,
)
from vbhc.model.markup import FootnoteRef, Span, TextSpan

SUPERSCRIPT_NUMBER = re.compile(r"^\d{1,3}$")
Cell = tuple[int, int, int]  # (top-level table, row, grid column)


@dataclass(frozen=True)
class Place:
    """Where a paragraph stands: its top-level cell (table, row, grid column) and the grid
    columns it covers, the innermost table, the innermost cell's place in its row and
    (row, place) in that table, whether a cell above covers it (w:vMerge), its text box."""

    cell: Cell | None = None
    span: int = 1
    tbl: etree._Element | None = None
    side: int | None = None
    inner: tuple[int, int] | None = None
    merged_above: bool = False
    box: int | None = None


class _Reader:
    def __init__(self, pkg: Package) -> None:
        self.styles = StyleSheet(pkg.styles, pkg.theme)
        self.numbering = Numbering(pkg.numbering)
        self.notes_xml = {}
        notes = pkg.footnotes
        if notes is not None:
            for fn in notes.iter(w("footnote")):
                if fn.get(w("type")) in (None, "normal"):
                    self.notes_xml[fn.get(w("id"))] = fn
        self.dropped: set[str] = set()  # control characters left out of the text
        self.keys: dict[str, str] = {}  # footnote id -> key, in reference order
        self.notes: dict[str, list[Span]] = {}

    # --- body
    def blocks(self, body: etree._Element):
        """Yield (paragraph, Place) in reading order: the body's paragraphs as
        vbhc.docx.text walks them, a text box's right after the paragraph that anchors it.
        A paragraph in a table has the cell of the top-level table it sits in (nested
        tables keep the outer cell): (table number, row, grid column), and ``span`` the grid
        columns that cell covers (w:gridBefore and w:gridSpan counted; the columns a merged
        cell covers stay empty)."""
        grids = TableGrid()
        grids.number(top_tables(body))
        boxes: dict[etree._Element, int] = {}
        for p in body_paragraphs(body):
            box = next(p.iterancestors(w("txbxContent")), None)
            if box is not None:
                yield p, Place(box=boxes.setdefault(box, len(boxes)))
                continue
            place = cell_place(p)
            if place is None:
                yield p, Place()
                continue
            col, span = grids.cell(place.top_tr, place.top_tc)
            cell = (grids.table(place.top), grids.row(place.top, place.top_tr), col)
            cells = [c for c in place.tr if c.tag == w("tc")]
            side = cells.index(place.tc) if place.tc in cells else None
            row = grids.row(place.tbl, place.tr)
            merge = place.tc.find(f"{w('tcPr')}/{w('vMerge')}")
            yield p, Place(cell, span, place.tbl, side,
                           (row, side) if row is not None and side is not None else None,
                           merge is not None and merge.get(w("val"), "continue") != "restart")

    def para(self, p: etree._Element, at: Place) -> Para:
        """Return paragraph ``p`` (placed ``at``) as a Para: its list label first, then its
        runs' text as emphasis spans and footnote references."""
        spans: list[Span] = []
        tbl = at.tbl
        numbered = self.styles.list_item(p, tbl)
        if numbered:
            label = self.numbering.label(*numbered)
            if label:
                spans.append(TextSpan(label + " "))
        for r in runs(p):
            spans.extend(self._run(p, r, tbl))
        split = column_split(spans)
        return Para(trimmed(spans), self.styles.centred(p, tbl), at.cell, at.span, at.side,
                    at.inner, at.merged_above, at.box,
                    [trimmed(side) for side in split] if split else None)

    def _run(self, p: etree._Element, r: etree._Element,
             tbl: etree._Element | None = None) -> list[Span]:
        props = self.styles.run_props(r, p, tbl)
        bold, italic = props.bold, props.italic
        if not bold and props.font_ascii.lower().endswith(" bold"):
            bold = True  # a font named "Times New Roman Bold" prints bold without a w:b
        out: list[Span] = []
        text: list[str] = []
        for item in run_items(r):
            if isinstance(item, str):
                text.append(drop_controls(item, self.dropped))
            elif isinstance(item, Break):
                text.append("\n")
            elif isinstance(item, NoteRef):
                if text:
                    out.append(TextSpan("".join(text), bold, italic))
                    text = []
                key = self._cite(item.note_id)
                if key:
                    out.append(FootnoteRef(key))
        joined = "".join(text)
        if joined and SUPERSCRIPT_NUMBER.match(joined.strip()) \
                and props.vert_align == "superscript":
            again = joined.strip()
            if again in self.notes:  # a footnote cited again: Word prints its number raised
                return [*out, FootnoteRef(again)]
        if joined:
            out.append(TextSpan(joined, bold, italic))
        return out

    # --- footnotes
    def _cite(self, note_id: str | None) -> str | None:
        if note_id not in self.notes_xml:
            return None
        if note_id not in self.keys:
            fn = self.notes_xml[note_id]
            spans: list[Span] = []
            for k, p in enumerate(body_paragraphs(fn)):
                if k:
                    spans.append(TextSpan(" "))
                for r in runs(p):
                    spans.extend(s for s in self._run(p, r) if isinstance(s, TextSpan))
            spans = trimmed(spans)
            if not spans:
                self.keys[note_id] = ""
                return None
            key = str(len(self.notes) + 1)
            self.keys[note_id] = key
            self.notes[key] = spans
        return self.keys[note_id] or None


def landscape_parts(body: etree._Element) -> set[int]:
    """Return the indices of the body's children that lie in a landscape section: a
    section ends with the paragraph whose w:pPr holds its w:sectPr, the last with the
    body's own; its page is landscape when w:pgSz says w:orient="landscape" or is wider than
    tall."""
    out: set[int] = set()
    start = 0
    for k, el in enumerate(body):
        sect = el.find(f"{w('pPr')}/{w('sectPr')}") if el.tag == w("p") else None
        if el.tag == w("sectPr"):
            sect = el
        if sect is None:
            continue
        if _landscape(sect):
            out.update(range(start, k + 1))
        start = k + 1
    return out


def _landscape(sect: etree._Element) -> bool:
    size = sect.find(w("pgSz"))
    if size is None:
        return False
    if size.get(w("orient")) == "landscape":
        return True
    width, height = size.get(w("w"), ""), size.get(w("h"), "")
    return width.isdigit() and height.isdigit() and int(width) > int(height)


def _top_index(p: etree._Element, body: etree._Element,
               top: dict[etree._Element, int]) -> int:
    """Return the index in ``body`` of the child holding paragraph ``p``."""
    el = p
    while el.getparent() is not None and el.getparent() is not body:
        el = el.getparent()
    return top.get(el, -1)


def read_docx(path: Path) -> Source:
    """Return the paragraphs and footnotes of the .docx at ``path``.

    Raises NotImportable with the package reader's reason (vbhc.docx.package: bounded
    zip, no entities, no DTD) when the file is not a readable .docx.
    """
    try:
        pkg = read_package(path)
    except ReadError as exc:
        reason = str(exc).removeprefix(f"không đọc được {path}: ")
        raise NotImportable(str(path), reason) from None
    reader = _Reader(pkg)
    body = pkg.document.find(w("body"))
    if body is None:
        return Source(str(path), [])
    turned = landscape_parts(body)
    top = {el: k for k, el in enumerate(body)} if turned else {}
    paras = []
    for p, at in reader.blocks(body):
        paras.append(reader.para(p, at))
        if turned:
            paras[-1].landscape = _top_index(p, body, top) in turned
    return Source(str(path), paras, reader.notes, warnings=controls_note(reader.dropped))
