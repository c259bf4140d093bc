"""Finish a docxtpl-rendered package: footnotes part, rule lengths, core properties,
and a deterministic zip (fixed timestamps and entry order) so equal input gives equal bytes.
"""

from __future__ import annotations

import copy
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from lxml import etree

from vbhc.data import files
from vbhc.docx.measure import rule_length, text_width
from vbhc.docx.ns import CT_NS, W_NS, xmlns
from vbhc.docx.ns import REL_NS as PKG_RELS_NS
from vbhc.docx.package import deterministic_zip
from vbhc.docx.styles import RunProps, child_of
from vbhc.renderer import footnotes
from vbhc.renderer.tables import RowStore

W = W_NS
NS = {"w": W}
RULE_STYLE = "VBDuongKe"
KEEP_STYLE = "VBTruocKy"  # the paragraph before the signature table
MARK_STYLES = ("VBDoMat", "VBDoKhan")
TWIPS_PER_MM = 56.7


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_VAL, _P, _T, _TC, _TBL = _w("val"), _w("p"), _w("t"), _w("tc"), _w("tbl")
_PPR, _PSTYLE, _BODY, _SECTPR = _w("pPr"), _w("pStyle"), _w("body"), _w("sectPr")
_IND, _PGMAR, _PGSZ = _w("ind"), _w("pgMar"), _w("pgSz")
_PBDR, _STYLE, _STYLE_ID, _DOC_DEFAULTS = _w("pBdr"), _w("style"), _w("styleId"), \
    _w("docDefaults")
_TBLPR, _TBLSTYLE = _w("tblPr"), _w("tblStyle")


def _grandchild(el: etree._Element, child: str, name: str) -> etree._Element | None:
    """Return ``el.find("child/name")`` for Clark names ``child`` and ``name``: the first
    ``name`` of the ``child`` children, in document order (vbhc.docx.styles.grandchild_of
    without building a tag matcher per call: the paragraphs of a document are many). The
    usual case, ``name`` first in a ``child`` that comes first, is read by index."""
    if len(el):
        kid = el[0]
        if kid.tag == child and len(kid):
            found = kid[0]
            if found.tag == name:
                return found
    for kid in el:
        if kid.tag == child:
            for found in kid:
                if found.tag == name:
                    return found
    return None


@dataclass(frozen=True)
class CoreProperties:
    """The document properties written to docProps/core.xml."""

    title: str
    creator: str
    timestamp: str  # W3CDTF, e.g. 2024-05-01T00:00:00Z


def finish(parts: dict[str, bytes], notes: list[tuple[int, str]], core: CoreProperties,
           trees: dict[str, etree._Element] | None = None,
           store: RowStore | None = None, landscape: Sequence[bool] = (),
           tree_out: dict[str, tuple[bytes, etree._Element]] | None = None) -> bytes:
    """Return the final .docx bytes for rendered package ``parts`` (changed in place).

    ``trees``: ``{"word/document.xml": root}`` when render_parts already parsed it
    (the entry is taken out of the dict, so the tree is freed once serialised).
    ``store``: the RowStore whose serialised rows replace their markers in document.xml.
    ``landscape``: for each section break, whether the section it opens is landscape
    (vbhc.model.layout.section_landscape; see fill_sections).
    ``tree_out``, when given, receives ``{"word/document.xml": (its bytes, the tree they
    serialise)}`` unless a RowStore's rows went into those bytes after serialising, for
    the checker (vbhc.docx.package.read_package_parts' ``trees``); nothing changes the tree
    afterwards.
    """
    trees = trees if trees is not None else {}
    _wire_footnotes(parts)
    parts[footnotes.PART_NAME] = footnotes.footnotes_xml(notes)
    document = trees.pop("word/document.xml", None)
    if document is None:
        document = etree.fromstring(parts["word/document.xml"])
    parts["word/document.xml"] = b""
    body = child_of(document, _BODY)
    breaks = _breaks(body) if body is not None else None  # walked once for both
    fill_sections(document, landscape, breaks)
    parts["word/document.xml"] = _size_rules(document, parts["word/styles.xml"], breaks)
    if tree_out is not None and not (store is not None and store.serialised):
        tree_out["word/document.xml"] = (parts["word/document.xml"], document)
    del document
    if store is not None and store.serialised:
        parts["word/document.xml"] = _put_rows(parts["word/document.xml"], store)
    parts["docProps/core.xml"] = _core_xml(core)
    return deterministic_zip(parts)


_SECT_ORDER = ["headerReference", "footerReference", "footnotePr", "endnotePr", "type",
               "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
               "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
               "rtlGutter", "docGrid", "printerSettings", "sectPrChange"]


def fill_sections(root: etree._Element, landscape: Sequence[bool] = (),
                  breaks: list[tuple[etree._Element, etree._Element]] | None = None) -> int:
    """Fill each empty ``w:sectPr`` of a body paragraph (a section break the template placed
    before an appendix or an attached text: vbhc.model.layout.SECTION_BREAK) with a copy of
    the body's final one -- page size, margins, the same header references and w:titlePg,
    so the page number stands centred in the header and not on a section's first page --
    and make every section after the first restart its page numbers at 1 (w:pgNumType
    w:start="1"; ND30 Phụ lục I: each appendix is paginated on its own, nd30.md §1 [M]).
    A sectPr with content (an editor's own section) is left as it is. ``landscape[k]``:
    the section break k opens is printed landscape, so the sectPr closing it (break k + 1,
    else the body's final one) is turned (:func:`turn_landscape`). Return the number of
    breaks filled; 0 leaves ``root`` unchanged. ``breaks``: ``_breaks`` of the body, when
    the caller has it."""
    body = child_of(root, _BODY)
    final = _final_sect(body) if body is not None else None
    if final is None:
        return 0
    empty = [s for _p, s in (_breaks(body) if breaks is None else breaks) if len(s) == 0]
    for k, sect in enumerate(empty):
        sect.extend(copy.deepcopy(child) for child in final)
        if k:
            _restart_numbering(sect)
    if empty:
        _restart_numbering(final)
    closing = [*empty[1:], final]
    for k, turned in enumerate(landscape[:len(empty)]):
        if turned:
            turn_landscape(closing[k])
    return len(empty)


def _final_sect(body: etree._Element) -> etree._Element | None:
    """Return ``child_of(body, w:sectPr)``, the body's first w:sectPr child, found by
    libxml2 (an lxml proxy made for the match only, not for each of the body's paragraphs
    before it)."""
    return next(body.iterchildren(_SECTPR), None)


def _breaks(body: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """Return (w:p, w:sectPr) for each ``body.iterfind("w:p/w:pPr/w:sectPr")``, in document
    order, found by libxml2's walk (a section break is rare, the body's paragraphs many)."""
    out = []
    for sect in body.iter(_SECTPR):
        ppr = sect.getparent()
        if ppr is None or ppr.tag != _PPR:
            continue
        p = ppr.getparent()
        if p is not None and p.tag == _P and p.getparent() is body:
            out.append((p, sect))
    return out


def _first_breaks(body: etree._Element,
                  breaks: list[tuple[etree._Element, etree._Element]] | None = None
                  ) -> list[tuple[etree._Element, etree._Element]]:
    """Return (w:p, its first w:pPr/w:sectPr) for each body paragraph holding a section
    break, in document order: ``body.xpath("w:p[w:pPr/w:sectPr]")``; ``breaks``: ``_breaks``
    of ``body`` when already walked."""
    out: list[tuple[etree._Element, etree._Element]] = []
    for p, sect in (_breaks(body) if breaks is None else breaks):  # a paragraph's together
        if not out or out[-1][0] is not p:
            out.append((p, sect))
    return out


def turn_landscape(sect: etree._Element) -> None:
    """Turn the page of section ``sect`` landscape: w:pgSz's sides swapped and
    w:orient="landscape"; the margins turned with the sheet's binding edge: the left margin
    (30-35 mm, where the sheets are bound) goes to the top and the top one to the left, the
    right and bottom ones stay (as agencies lay out landscape table pages; ND30 sets no
    margins for them, nd30.md §1)."""
    size = sect.find("w:pgSz", NS)
    if size is not None and size.get(_w("orient")) != "landscape":
        width, height = size.get(_w("w")), size.get(_w("h"))
        if width is not None and height is not None:
            size.set(_w("w"), height)
            size.set(_w("h"), width)
        size.set(_w("orient"), "landscape")
        margins = sect.find("w:pgMar", NS)
        if margins is not None:
            top, left = margins.get(_w("top")), margins.get(_w("left"))
            if top is not None and left is not None:
                margins.set(_w("top"), left)
                margins.set(_w("left"), top)


def _restart_numbering(sect: etree._Element) -> None:
    """Set ``w:pgNumType w:start="1"`` on ``sect``, in schema order."""
    num = sect.find("w:pgNumType", NS)
    if num is None:
        num = etree.SubElement(sect, _w("pgNumType"))
        rank = {_w(n): i for i, n in enumerate(_SECT_ORDER)}
        for child in sorted(sect, key=lambda e: rank.get(e.tag, len(rank))):
            sect.append(child)
    num.set(_w("start"), "1")


def _put_rows(document: bytes, store: RowStore) -> bytes:
    """Return ``document`` with each of ``store``'s markers replaced by its rows."""
    pieces = []
    marker = re.compile(rb"<\?" + re.escape(store.target().encode()) + rb" (\d+)\?>")
    last = 0
    for found in marker.finditer(document):
        pieces += [document[last:found.start()], store.serialised[int(found.group(1))]]
        last = found.end()
    pieces.append(document[last:])
    return b"".join(pieces)


_WIRED = ("[Content_Types].xml", "word/_rels/document.xml.rels", "word/settings.xml")


def _wire_footnotes(parts: dict[str, bytes]) -> None:
    """Add the content type, relationship and settings a footnotes part needs, if missing
    (the answer for the same three parts' bytes, a template's, is kept: MAX_STYLE_PARTS)."""
    key = tuple(parts[name] for name in _WIRED)
    with _LOCK:
        found = _WIRED_PARTS.get(key)
    if found is None:
        wired = dict(zip(_WIRED, key, strict=True))
        _wire(wired)
        found = tuple(wired[name] for name in _WIRED)
        with _LOCK:
            _WIRED_PARTS[key] = found
            while len(_WIRED_PARTS) > MAX_STYLE_PARTS:
                _WIRED_PARTS.popitem(last=False)
    parts.update(zip(_WIRED, found, strict=True))


def _wire(parts: dict[str, bytes]) -> None:
    """Do :func:`_wire_footnotes`' work on the three parts it reads."""
    types = etree.fromstring(parts["[Content_Types].xml"])
    if not types.xpath("//ct:Override[@PartName='/word/footnotes.xml']", namespaces={"ct": CT_NS}):
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/word/footnotes.xml",
                         ContentType=footnotes.CONTENT_TYPE)
        parts["[Content_Types].xml"] = _xml(types)
    rels_name = "word/_rels/document.xml.rels"
    rels = etree.fromstring(parts[rels_name])
    if not [r for r in rels if r.get("Type") == footnotes.REL_TYPE]:
        taken = {r.get("Id") for r in rels}
        rid = next(f"rId{i}" for i in range(1, len(taken) + 2) if f"rId{i}" not in taken)
        etree.SubElement(rels, f"{{{PKG_RELS_NS}}}Relationship", Id=rid,
                         Type=footnotes.REL_TYPE, Target="footnotes.xml")
        parts[rels_name] = _xml(rels)
    settings = etree.fromstring(parts["word/settings.xml"])
    if settings.find(_w("footnotePr")) is None:
        pr = etree.Element(_w("footnotePr"))
        for note_id in ("-1", "0"):
            etree.SubElement(pr, _w("footnote")).set(_w("id"), note_id)
        anchor = settings.find(_w("compat"))
        if anchor is not None:
            anchor.addprevious(pr)
        else:
            settings.append(pr)
        parts["word/settings.xml"] = _xml(settings)


@cache
def _nd30() -> dict:
    from vbhc.yaml_in import data_file

    return data_file(files("vbhc.data").joinpath("nd30.yaml").read_text("utf-8"))


def _size_rules(root: etree._Element, styles: bytes,
                breaks: list[tuple[etree._Element, etree._Element]] | None = None) -> bytes:
    """Set the indents of each rule paragraph of the document ``root`` so the line has the
    length ND30 asks for; return the document's XML. ``breaks``: ``_breaks`` of its body,
    when the caller has it."""
    resolve = style_fonts(styles)
    widths = _section_widths(root, breaks)
    nd30 = _nd30()

    def text_w(p: etree._Element) -> int:  # the width of the section holding p
        if len(widths) > 1:  # sections of other widths (a landscape appendix)
            return widths.get(_body_child(p), widths[None])
        return widths[None]

    # Every paragraph is looked at once, in document order. One that the rule, mark, keep
    # or minimum-size branches take has such a style; any other is changed only when it is
    # drawn as a rule, which needs a paragraph right before it: so the paragraphs changed,
    # and the order they are changed in, are those of the candidates' walk (a paragraph
    # with such a style, or right under another paragraph) this replaces, without telling
    # the candidates apart first (tests/test_speed_render3.py). A paragraph whose w:pPr
    # holds only a w:pStyle that no branch names and that gives no border is passed over
    # without reading its text, when the styles part allows (_plain_styles).
    plain = _plain_styles(root, resolve, nd30)
    named, marked = plain if plain is not None else (frozenset(), set())
    for p in root.iter(_P):
        if plain is not None and len(p):
            ppr = p[0]
            if ppr.tag == _PPR and len(ppr) == 1:
                style = ppr[0]
                if style.tag == _PSTYLE:  # _grandchild(p, _PPR, _PSTYLE), the usual case
                    style_id = style.get(_VAL) or ""
                    if style_id not in named and not style_id.startswith(RULE_STYLE) \
                            and p not in marked:
                        continue  # no branch takes it: no border, no named style
        style = _grandchild(p, _PPR, _PSTYLE)
        style_id = (style.get(_VAL) or "") if style is not None else ""
        if style_id == KEEP_STYLE:
            _keep_with_next(p.getprevious())
            continue
        if style_id.startswith(RULE_STYLE) or _drawn_as_rule(p, resolve):
            box = _container(p, text_w(p))
            length = _rule_length(p, resolve, nd30["duong_ke"], box)
        elif style_id in MARK_STYLES:
            length = _mark_width(p, style_id, resolve, nd30)
            box = _container(p, text_w(p))
        elif style_id in nd30["co_chu_toi_thieu"]:
            _shrink_to_fit(p, style_id, resolve, nd30["co_chu_toi_thieu"][style_id],
                           _container(p, text_w(p)))
            continue
        else:
            continue
        if length is not None:
            _centre(p, length, box)
    return _xml(root)


def _plain_styles(root: etree._Element, resolve: StyleFonts,
                  nd30: dict) -> tuple[frozenset[str], set[etree._Element]] | None:
    """Return (the style ids _size_rules' branches name or that give a border, the
    paragraphs of ``root`` in a table whose w:tblStyle names a bordered style), so that a
    paragraph whose own w:pPr holds nothing but a w:pStyle naming another id, in no such
    table, is known to be taken by no branch: no level para_props reads (its w:pPr, its
    style's chain, its table's style's chain, the document defaults) gives it a border,
    so it is not drawn as a rule. None when that cannot be told this way: the document
    defaults or the default paragraph or table style hold a w:pBdr. The styles part's
    answer is kept with it (StyleFonts.shared)."""
    shared = resolve.shared
    if "rules" not in shared:
        shared["rules"] = _bordered_styles(resolve, nd30)
    found = shared["rules"]
    if found is None:
        return None
    named, bordered = found
    marked: set[etree._Element] = set()
    if bordered:
        for table in root.iter(_TBL):
            for props in table.iterchildren(_TBLPR):
                if any(ref.get(_VAL) in bordered for ref in props.iterchildren(_TBLSTYLE)):
                    marked.update(table.iter(_P))
    return named, marked


def _bordered_styles(resolve: StyleFonts, nd30: dict
                     ) -> tuple[frozenset[str], frozenset[str]] | None:
    """Return (the ids _size_rules' branches name plus the bordered ones, the ids whose
    style chain holds a w:pBdr) for ``resolve``'s styles part, or None (see
    :func:`_plain_styles`)."""
    sheet = resolve.sheet
    styles = sheet.root
    if styles is None:
        return None
    defaults = next(styles.iterchildren(_DOC_DEFAULTS), None)
    if defaults is not None and next(defaults.iter(_PBDR), None) is not None:
        return None

    def bordered(sid: str | None) -> bool:
        return any(next(st.iter(_PBDR), None) is not None for st in sheet.chain(sid))

    if bordered(sheet.default_style("paragraph")) or bordered(sheet.default_style("table")):
        return None
    ids = frozenset(sid for st in styles.iter(_STYLE)
                    if (sid := st.get(_STYLE_ID)) is not None and bordered(sid))
    return frozenset({KEEP_STYLE, *MARK_STYLES, *nd30["co_chu_toi_thieu"], *ids}), ids


def _width(sect: etree._Element) -> int:
    """Return the twips between the margins of section ``sect``."""
    mar = next(sect.iterchildren(_PGMAR), None)  # sect.find("w:pgMar"), without ElementPath
    return (int(next(sect.iterchildren(_PGSZ), None).get(_w("w"))) - int(mar.get(_w("left")))
            - int(mar.get(_w("right"))))


def _section_widths(root: etree._Element,
                    breaks: list[tuple[etree._Element, etree._Element]] | None = None
                    ) -> dict[etree._Element | None, int]:
    """Return the text width of the body's first section under None and, when the body has
    sections of another width (a landscape appendix), that of each body child standing in
    one of them."""
    body = child_of(root, _BODY)
    final = _final_sect(body)
    breaks = _first_breaks(body, breaks)
    first = _width(breaks[0][1] if breaks else final)
    out: dict[etree._Element | None, int] = {None: first}
    ends = {p: _width(sect) for p, sect in breaks}
    if all(w == first for w in [*ends.values(), _width(final)]):
        return out
    pending: list[etree._Element] = []
    for child in body:
        pending.append(child)
        if child in ends or child is final:
            width = ends.get(child) or _width(final)
            out.update((el, width) for el in pending)
            pending = []
    return out


def _body_child(p: etree._Element) -> etree._Element | None:
    """Return the child of the body holding paragraph ``p``."""
    el = p
    while el.getparent() is not None and el.getparent().tag != _w("body"):
        el = el.getparent()
    return el


def _keep_with_next(p: etree._Element | None) -> None:
    """Keep the body's last paragraph on the signature's page: a signature block must not
    stand alone on a page."""
    if p is None or p.tag != _w("p"):
        return
    ppr = p.find("w:pPr", NS)
    if ppr is None:
        ppr = etree.SubElement(p, _w("pPr"))
        p.insert(0, ppr)
    if ppr.find("w:keepNext", NS) is None:
        etree.SubElement(ppr, _w("keepNext"))
        _order_ppr(ppr)


def _shrink_to_fit(p, style_id: str, resolve, smallest: float, width: int) -> None:
    """Set the runs of ``p`` to ``smallest`` points when its one line would not fit."""
    props = resolve.props(style_id)
    size, bold, italic = props.size, props.bold, props.italic
    text = "".join(p.itertext())
    if size <= smallest or _text_width(text, size, bold, italic) <= width:
        return
    for run in p.iter(_w("r")):
        rpr = run.find("w:rPr", NS)
        if rpr is None:
            rpr = etree.Element(_w("rPr"))
            run.insert(0, rpr)
        for tag in ("sz", "szCs"):
            etree.SubElement(rpr, _w(tag)).set(_w("val"), str(round(smallest * 2)))


def _container(p: etree._Element, text_w: int) -> int:
    """Return the width available to ``p``: its table cell's, or the text width."""
    cell = next(p.iterancestors(_TC), None)
    width = _grandchild(cell, _w("tcPr"), _w("tcW")) if cell is not None else None
    if width is not None:
        return int(width.get(_w("w")))
    return text_w


def _drawn_as_rule(p: etree._Element, resolve: StyleFonts) -> bool:
    """Return whether ``p`` is a rule whatever its style is called: an empty paragraph
    with a top or bottom border (its own or its style's) right under a line of text. An
    editor may have rebuilt the rule under the issuer or the abstract that way; its length
    is then computed like a VBDuongKe rule's, from the text above it."""
    if not _blank(p):  # most paragraphs: text, not a rule (checked first)
        return False
    above = p.getprevious()  # comments not skipped: a rule is right under its text
    if above is None or above.tag != _P or _blank(above):
        return False
    if next(p.iter(_w("drawing")), None) is not None:
        return False
    table = next(p.iterancestors(_TBL), None)
    return bool(resolve.sheet.para_props(p, table).borders & {"top", "bottom"})


def _blank(el: etree._Element) -> bool:
    """Return whether the text of ``el`` (``"".join(el.itertext())``) is empty or only
    white space. The text is read by libxml2 (lxml's text serialisation: the same text
    nodes, comments and processing instructions left out as itertext leaves them), not
    through an lxml proxy per element; the trees finish reads are parsed with entities
    resolved, so no entity reference (whose text the two would give differently) is in
    them (tests/test_speed_render3.py)."""
    return not _text_of(el, method="text", encoding=str, with_tail=False).strip()


_text_of = etree.tostring


MOTTO = "Độc lập - Tự do - Hạnh phúc"
"""The tiêu ngữ (ND30 Phụ lục I, ô 1), whose rule is as long as the line."""


def _rule_length(p, resolve, fractions: dict, width: int) -> int | None:
    """Return the rule's length: a fraction of the text right above it, measured as the
    checker measures it (vbhc.docx.measure.rule_length: the widest of its lines, so a
    two-line name "PHÒNG TÀI CHÍNH -" / "KẾ HOẠCH", in vbhc's VB* style, is one text of two
    paragraphs). The
    fraction is the one of that text's style; under text of another style (an editor's
    rebuilt rule) the whole line under the motto, else ``mac_dinh``."""
    def style_of(x: etree._Element) -> str:
        style = _grandchild(x, _PPR, _PSTYLE)
        return style.get(_VAL) if style is not None else "Normal"

    lines = [p.getprevious()]
    if lines[0] is None or lines[0].tag != _P:
        return None
    above_id = style_of(lines[0])
    fraction = fractions.get(above_id)
    while above_id.startswith("VB") and (prev := lines[-1].getprevious()) is not None \
            and prev.tag == _P and style_of(prev) == above_id:  # a vbhc style's lines
        lines.append(prev)
    size, bold = resolve(above_id)
    widths = [min(_text_width("".join(x.itertext()), size, bold), width) for x in lines]
    if fraction is None:
        text = "".join(lines[0].itertext())
        motto = " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split())
        fraction = fractions["VBTieuNgu"] if motto == MOTTO else fractions["mac_dinh"]
    return rule_length(widths, fraction)


def _mark_width(p, style_id: str, resolve, nd30: dict) -> int:
    """Return the box width of an urgency mark (fixed per level) or a secrecy mark."""
    text = "".join(p.itertext()).strip()
    boxes = nd30["khung_do_khan"]
    if style_id == "VBDoKhan" and text in boxes:
        return round(boxes[text] * TWIPS_PER_MM)
    size, bold = resolve(style_id)
    return _text_width(text, size, bold) + round(2 * nd30["le_khung_do_mat"] * TWIPS_PER_MM)


def _centre(p: etree._Element, length: int, width: int) -> None:
    """Set equal left and right indents so ``p`` is ``length`` twips wide, centred."""
    side = max((width - length) // 2, 0)
    ppr = child_of(p, _PPR)
    if ppr is None:  # a paragraph without properties (its border from a default style)
        ppr = etree.Element(_PPR)
        p.insert(0, ppr)
    for old in list(ppr.iterchildren(_IND)):
        ppr.remove(old)
    ind = etree.SubElement(ppr, _IND)
    ind.set(_w("left"), str(side))
    ind.set(_w("right"), str(side))
    _order_ppr(ppr)


_PPR_ORDER = ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
              "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
              "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
              "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
              "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc"]


_PPR_RANK = {f"{{{W}}}{n}": i for i, n in enumerate(_PPR_ORDER)}


def _order_ppr(ppr: etree._Element) -> None:
    """Keep pPr children in schema order (Word refuses them out of order)."""
    rank = _PPR_RANK
    children = sorted(ppr, key=lambda e: rank.get(e.tag, len(rank)))
    for child in children:
        ppr.append(child)


class StyleFonts:
    """A paragraph style's effective font size (pt), bold and italic, resolved as Word does
    (the checker's StyleSheet: style chain, toggles, document defaults)."""

    def __init__(self, styles: etree._Element, key: str | None = None,
                 memo: dict[str, RunProps] | None = None,
                 shared: dict[str, object] | None = None) -> None:
        """Resolve with the styles part root ``styles``; ``key`` (the SHA-256 of its bytes,
        see :func:`style_fonts`) shares what it resolves with every sheet of that key, and
        ``memo`` (style id -> RunProps) keeps :meth:`props` answers for the same part;
        ``shared``: what else is kept for the same part (_plain_styles' answer)."""
        from vbhc.docx.styles import StyleSheet

        self.sheet = StyleSheet(styles, None, key)
        self._memo = memo if memo is not None else {}
        self.shared = shared if shared is not None else {}

    def props(self, style_id: str) -> RunProps:
        """Return the RunProps of plain text in a paragraph of ``style_id``."""
        found = self._memo.get(style_id)
        if found is not None:
            return found
        p = etree.Element(_w("p"))
        etree.SubElement(etree.SubElement(p, _w("pPr")), _w("pStyle")).set(_w("val"), style_id)
        found = self.sheet.run_props(etree.SubElement(p, _w("r")), p)
        if len(self._memo) < MAX_MEMO:
            self._memo[style_id] = found
        return found

    def __call__(self, style_id: str) -> tuple[float, bool]:
        props = self.props(style_id)
        return props.size, props.bold


MAX_MEMO = 4096
"""Entries each memo below holds (text widths, style fonts per styles part); past it,
answers are computed again (bounded memory on odd documents)."""
MAX_WIDTH_TEXT = 500
"""Texts longer than this (characters) are measured each time, not kept in the widths memo
(the lines above a rule are user text: at most MAX_MEMO x 500 characters are kept)."""
MAX_STYLE_PARTS = 8
"""Styles parts (by their bytes) whose parsed tree and style fonts are kept."""
_STYLE_PARTS: OrderedDict[bytes, tuple[etree._Element, str, dict[str, RunProps],
                                       dict[str, object]]] = OrderedDict()
_WIDTHS: dict[tuple[str, float, bool, bool], int] = {}
_WIRED_PARTS: OrderedDict[tuple[bytes, ...], tuple[bytes, ...]] = OrderedDict()
_LOCK = threading.Lock()


def style_fonts(styles: bytes) -> StyleFonts:
    """Return the StyleFonts of the styles part ``styles`` (its bytes): the part is parsed
    once per distinct bytes (a batch renders every document from one template), and what is
    resolved from it is shared by key (its SHA-256). Raises lxml's XMLSyntaxError for bytes
    that are not XML."""
    with _LOCK:
        found = _STYLE_PARTS.get(styles)
        if found is not None:
            _STYLE_PARTS.move_to_end(styles)
    if found is None:
        root = etree.fromstring(styles)
        found = (root, f"{hashlib.sha256(styles).hexdigest()}/-", {}, {})
        with _LOCK:
            _STYLE_PARTS[styles] = found
            while len(_STYLE_PARTS) > MAX_STYLE_PARTS:
                _STYLE_PARTS.popitem(last=False)
    return StyleFonts(*found)


def _text_width(text: str, size: float, bold: bool, italic: bool = False) -> int:
    """Return vbhc.docx.measure.text_width(text, size, bold=bold, italic=italic), kept for
    the texts every document repeats (the motto, a kind's name)."""
    if len(text) > MAX_WIDTH_TEXT:  # not kept: the memo stays small whatever the text
        return text_width(text, size, bold=bold, italic=italic)
    key = (text, size, bold, italic)
    found = _WIDTHS.get(key)
    if found is None:
        found = text_width(text, size, bold=bold, italic=italic)
        if len(_WIDTHS) >= MAX_MEMO:
            _WIDTHS.clear()
        _WIDTHS[key] = found
    return found


def _core_xml(core: CoreProperties) -> bytes:
    from vbhc.renderer.runs import escape

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<cp:coreProperties {xmlns("cp", "dc", "dcterms", "dcmitype", "xsi")}>'
        f"<dc:title>{escape(core.title)}</dc:title><dc:creator>{escape(core.creator)}</dc:creator>"
        f"<cp:lastModifiedBy>{escape(core.creator)}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{core.timestamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{core.timestamp}</dcterms:modified>'
        "</cp:coreProperties>"
    ).encode()


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
