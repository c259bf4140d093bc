"""A .docx -> :class:`Source`: paragraphs in reading order with emphasis and footnotes.

Reads the XML directly rather than python-docx's ``paragraph.runs``: agencies' files hide
text inside w:smartTag, w:hyperlink, w:ins, w:sdt and fields, and list numbers live in
numbering.xml. Deleted text (w:del) and text boxes are left out.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from vbhc.docx.limits import MAX_GRID_SPAN, xml_int
from vbhc.importer.numbering import Numbering
from vbhc.importer.ooxml import MC, read_parts, w
from vbhc.importer.source import Para, Source, trimmed
from vbhc.importer.styles import Styles
from vbhc.model.markup import FootnoteRef, Span, TextSpan

SKIP = {w("del"), w("moveFrom"), w("txbxContent"), f"{{{MC}}}Fallback", w("pPr"), w("rPr"),
        w("fldData"), w("instrText")}
SUPERSCRIPT_NUMBER = re.compile(r"^\d{1,3}$")


class _Reader:
    def __init__(self, parts: dict[str, etree._Element]) -> None:
        self.styles = Styles(parts.get("word/styles.xml"))
        self.numbering = Numbering(parts.get("word/numbering.xml"))
        self.notes_xml = {}
        notes = parts.get("word/footnotes.xml")
        if notes is not None:
            for fn in notes.iter(w("footnote")):
                if fn.get(w("type")) in (None, "normal"):
                    self.notes_xml[fn.get(w("id"))] = fn
        self.keys: dict[str, str] = {}  # footnote id -> key, in reference order
        self.notes: dict[str, list[Span]] = {}
        self.tables = -1

    # --- body
    def blocks(self, parent: etree._Element, cell=None, span: int = 1):
        """Yield (paragraph, cell) in reading order, descending into tables and content
        controls; a nested table's paragraphs keep the cell of the outer table. A cell is
        (table, row, grid column) and ``span`` the grid columns it covers: the columns a
        merged cell covers stay empty."""
        for child in parent:
            if child.tag == w("p"):
                yield child, cell, span
            elif child.tag == w("tbl"):
                if cell is None:
                    self.tables += 1
                for r, tr in enumerate(child.findall(w("tr"))):
                    for c, width, tc in _grid_cells(tr):
                        if cell is None:
                            yield from self.blocks(tc, (self.tables, r, c), width)
                        else:
                            yield from self.blocks(tc, cell, span)
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")):
                yield from self.blocks(child, cell, span)

    def para(self, p: etree._Element, cell, span: int = 1) -> Para:
        spans: list[Span] = []
        numbered = self.styles.numbering(p)
        if numbered:
            label = self.numbering.label(*numbered)
            if label:
                spans.append(TextSpan(label + " "))
        for r in self._runs(p):
            spans.extend(self._run(p, r))
        return Para(trimmed(spans), self.styles.centred(p), cell, span)

    def _runs(self, el: etree._Element):
        for child in el:
            if child.tag in SKIP or not isinstance(child.tag, str):
                continue
            if child.tag == w("r"):
                yield child
            else:  # smartTag, hyperlink, ins, fldSimple, sdt, customXml, moveTo, ...
                yield from self._runs(child)

    def _run(self, p: etree._Element, r: etree._Element) -> list[Span]:
        bold, italic = self.styles.emphasis(p, r)
        out: list[Span] = []
        text: list[str] = []
        for el in r:  # direct children only: a drawing's text box is not this run's text
            tag = el.tag
            if tag == w("t"):
                text.append(el.text or "")
            elif tag == w("tab"):
                text.append("\t")
            elif tag in (w("br"), w("cr")):
                if el.get(w("type")) != "page":
                    text.append("\n")
            elif tag == w("noBreakHyphen"):
                text.append("-")
            elif tag == w("footnoteReference"):
                if text:
                    out.append(TextSpan("".join(text), bold, italic))
                    text = []
                key = self._cite(el.get(w("id")))
                if key:
                    out.append(FootnoteRef(key))
        joined = "".join(text)
        if joined and SUPERSCRIPT_NUMBER.match(joined.strip()) and self.styles.superscript(r):
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
            for k, p in enumerate(fn.iter(w("p"))):
                if k:
                    spans.append(TextSpan(" "))
                for r in self._runs(p):
                    spans.extend(s for s in self._run(p, r) if isinstance(s, TextSpan))
            spans = trimmed(spans)
            if not spans:
                self.keys[note_id] = ""
                return None
            key = str(len(self.notes) + 1)
            self.keys[note_id] = key
            self.notes[key] = spans
        return self.keys[note_id] or None


def _grid_cells(tr: etree._Element):
    """Yield (grid column, columns covered, w:tc) of a table row (w:gridBefore, w:gridSpan)."""
    col = _int_val(tr.find(f"{w('trPr')}/{w('gridBefore')}"))
    for tc in tr.findall(w("tc")):
        width = max(1, _int_val(tc.find(f"{w('tcPr')}/{w('gridSpan')}"), 1))
        yield col, width, tc
        col += width


def _int_val(el: etree._Element | None, default: int = 0) -> int:
    """Return the w:val of ``el`` as a grid column count (garbage: ``default``)."""
    value = el.get(w("val")) if el is not None else None
    return xml_int(value, default, 0, MAX_GRID_SPAN)


def read_docx(path: Path) -> Source:
    """Return the paragraphs and footnotes of the .docx at ``path``."""
    parts = read_parts(path)
    reader = _Reader(parts)
    body = parts["word/document.xml"].find(w("body"))
    if body is None:
        return Source(str(path), [])
    paras = [reader.para(p, cell, span) for p, cell, span in reader.blocks(body)]
    return Source(str(path), paras, reader.notes)
