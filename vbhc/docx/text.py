"""The one paragraph walker: what text a WordprocessingML paragraph shows, run by run.

The checker (lines of a paragraph, vbhc.checker.document) and the importer (emphasis
spans, vbhc.importer.docx_reader) both read paragraphs through :func:`paragraph_items`,
so they agree on what is text (mammoth's one reader per part, in spirit):

* runs inside w:smartTag, w:hyperlink, w:customXml, content controls (w:sdt), w:fldSimple
  and tracked insertions (w:ins, w:moveTo) count: Word shows them;
* tracked deletions (w:del, w:moveFrom, w:delText) do not: the document as accepted;
* a complex field (w:fldChar begin/separate/end) shows its result runs; its instruction
  (w:instrText) and w:fldData are not text;
* a text box (w:txbxContent) is not text of the paragraph that anchors it: its paragraphs
  are paragraphs of their own (:func:`body_paragraphs` yields them or not, per caller);
* of mc:AlternateContent, the w:Choice is read and the mc:Fallback copy skipped;
* w:t is text as written (no-break spaces U+00A0 kept: callers normalise); w:tab and
  w:ptab are "\\t"; w:noBreakHyphen is "-"; w:sym is its character; w:softHyphen shows
  nothing; w:br and w:cr end a line (a page or column break too: the text on either side
  never joins); w:footnoteReference is a :class:`NoteRef`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from vbhc.docx.ns import qn, w

FALLBACK = qn("mc:Fallback")
ALTERNATE = qn("mc:AlternateContent")
SKIP = frozenset({w("del"), w("moveFrom"), w("txbxContent"), FALLBACK, w("pPr"), w("rPr"),
                  w("instrText"), w("delText"), w("fldData"), w("sectPr")})
"""Elements whose content is never text of the paragraph being walked."""

_T, _TAB, _PTAB, _BR, _CR = w("t"), w("tab"), w("ptab"), w("br"), w("cr")
_NBH, _SYM, _NOTE, _R, _P = (w("noBreakHyphen"), w("sym"), w("footnoteReference"),
                             w("r"), w("p"))


@dataclass(frozen=True)
class Break:
    """A line break inside a paragraph (w:br, w:cr); ``kind`` is w:br/@w:type
    ("textWrapping", "page", "column")."""

    kind: str = "textWrapping"


@dataclass(frozen=True)
class NoteRef:
    """A footnote reference mark: ``note_id`` is its w:id in word/footnotes.xml."""

    note_id: str


Item = str | Break | NoteRef
"""What a run shows: text, a line break or a footnote mark."""


def runs(el: etree._Element) -> Iterator[etree._Element]:
    """Yield the w:r elements of paragraph (or container) ``el`` whose content Word shows,
    in document order (see the module docstring for what is skipped)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in SKIP:
            continue
        if tag == _R:
            yield child
        else:  # smartTag, hyperlink, ins, moveTo, fldSimple, sdt, customXml, Choice, ...
            yield from runs(child)


def run_items(r: etree._Element) -> Iterator[Item]:
    """Yield what run ``r`` shows: strings, :class:`Break` and :class:`NoteRef`, in order.

    A drawing's text box inside the run is not its text; an mc:AlternateContent's
    w:Choice is read (runs nested there included), its mc:Fallback skipped.
    """
    for child in r:
        yield from child_items(child)


def child_items(child: etree._Element) -> Iterator[Item]:
    """Yield what one child of a run shows (run_items, one child at a time): a w:t's text,
    "\\t", "-", a symbol, a :class:`Break`, a :class:`NoteRef`, the items of the runs of an
    mc:AlternateContent's w:Choice; nothing for anything else (w:rPr, drawings, fields)."""
    tag = child.tag
    if tag == _T:
        yield child.text or ""
    elif tag in (_TAB, _PTAB):
        yield "\t"
    elif tag in (_BR, _CR):
        yield Break(child.get(w("type"), "textWrapping"))
    elif tag == _NBH:
        yield "-"
    elif tag == _SYM:
        with contextlib.suppress(ValueError):
            yield chr(int(child.get(w("char"), "20")[:8], 16) & 0xFFFF or 0x20)
    elif tag == _NOTE:
        yield NoteRef(child.get(w("id"), ""))
    elif tag == ALTERNATE:
        for inner in runs(child):
            yield from run_items(inner)


def paragraph_items(p: etree._Element) -> Iterator[tuple[etree._Element, Item]]:
    """Yield (run, item) for everything paragraph ``p`` shows, in reading order."""
    for r in runs(p):
        for item in run_items(r):
            yield r, item


def paragraph_text(p: etree._Element) -> str:
    """Return the text paragraph ``p`` shows, line breaks as "\\n", tabs as "\\t",
    footnote marks left out."""
    out: list[str] = []
    for _r, item in paragraph_items(p):
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Break):
            out.append("\n")
    return "".join(out)


def in_fallback(p: etree._Element) -> bool:
    """Return whether ``p`` sits in an mc:Fallback (a copy of content Word shows once)."""
    return next(p.iterancestors(FALLBACK), None) is not None


def body_paragraphs(root: etree._Element, *, text_boxes: bool = True
                    ) -> Iterator[etree._Element]:
    """Yield every w:p under ``root`` (a body, header, footer or footnote) in document
    order, table cells included; a text box's paragraphs come right after the paragraph
    that anchors it when ``text_boxes`` is true and are left out otherwise. Paragraphs
    of an mc:Fallback copy are always left out."""
    for p in root.iter(_P):
        if in_fallback(p):
            continue
        if not text_boxes and any(a.tag == w("txbxContent") for a in p.iterancestors()):
            continue
        yield p
