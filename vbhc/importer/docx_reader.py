"""A .docx -> :class:`Source`: paragraphs in reading order with emphasis and footnotes.

Reads the XML through the .docx layer rather than python-docx's ``paragraph.runs``:
agencies' files hide text inside w:smartTag, w:hyperlink, w:ins, w:sdt and fields, and list
numbers live in numbering.xml. What is text is decided by vbhc.docx.text (deleted text is
not, inserted text is); emphasis, alignment and list membership by vbhc.docx.styles (the
checker's resolver); list labels by vbhc.docx.numbering. Text boxes are left out (the
checker reads them as paragraphs of their own): an ND30 document's content flows in the
body, and a box holds a stamp or a draft mark, not a component to import.
"""

from __future__ import annotations

import re
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
from vbhc.importer.source import Para, Source, trimmed
from vbhc.model.markup import FootnoteRef, Span, TextSpan

SUPERSCRIPT_NUMBER = re.compile(r"^\d{1,3}$")
Cell = tuple[int, int, int]  # (top-level table, row, grid column)


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
        self.keys: dict[str, str] = {}  # footnote id -> key, in reference order
        self.notes: dict[str, list[Span]] = {}

    # --- body
    def blocks(self, body: etree._Element):
        """Yield (paragraph, cell, span, innermost table) in reading order: the body's
        paragraphs as vbhc.docx.text walks them, text boxes left out. A paragraph in a
        table has the cell of the top-level table it sits in (nested tables keep the outer
        cell): (table number, row, grid column), and ``span`` the grid columns that cell
        covers (w:gridBefore and w:gridSpan counted; the columns a merged cell covers stay
        empty)."""
        grids = TableGrid()
        grids.number(top_tables(body))
        for p in body_paragraphs(body, text_boxes=False):
            place = cell_place(p)
            if place is None:
                yield p, None, 1, None
                continue
            col, span = grids.cell(place.top_tr, place.top_tc)
            cell = (grids.table(place.top), grids.row(place.top, place.top_tr), col)
            yield p, cell, span, place.tbl

    def para(self, p: etree._Element, cell: Cell | None, span: int = 1,
             tbl: etree._Element | None = None) -> Para:
        """Return paragraph ``p`` (in table ``tbl``, if any) as a Para: its list label
        first, then its runs' text as emphasis spans and footnote references."""
        spans: list[Span] = []
        numbered = self.styles.list_item(p, tbl)
        if numbered:
            label = self.numbering.label(*numbered)
            if label:
                spans.append(TextSpan(label + " "))
        for r in runs(p):
            spans.extend(self._run(p, r, tbl))
        return Para(trimmed(spans), self.styles.centred(p, tbl), cell, span)

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
                text.append(item)
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
    paras = [reader.para(p, cell, span, tbl) for p, cell, span, tbl in reader.blocks(body)]
    return Source(str(path), paras, reader.notes)
