"""The document as the checker sees it: paragraphs in reading order, split into lines at
line breaks, each line knowing its runs, plus sections and headers.

Text is gathered by the one paragraph walker, vbhc.docx.text (runs inside w:smartTag,
w:hyperlink, w:ins, content controls and simple fields count; deleted text, field
instructions and the fallback copy of a drawing do not). A text box's paragraphs are
paragraphs of their own (where="textbox").
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from vbhc.docx.limits import xml_int
from vbhc.docx.ns import R_NS, W_NS, w
from vbhc.docx.numbering import Numbering
from vbhc.docx.package import Package, read_package
from vbhc.docx.styles import (
    MISSING,
    ParaProps,
    RunProps,
    StyleSheet,
    child_of,
    grandchild_of,
    on,
    own_para_key,
    props_xml,
    twips,
)
from vbhc.docx.tables import TableGrid, top_tables
from vbhc.docx.text import (
    FALLBACK,
    SKIP,
    Break,
    NoteRef,
    body_paragraphs,
    child_items,
    runs,
)


class lazy_property:  # noqa: N801 - used as a decorator, like functools.cached_property
    """``functools.cached_property`` without its lock: the value is computed on first
    access and stored in the instance's ``__dict__``, which later lookups read directly.
    Python 3.11's cached_property takes an RLock on every first access, a third of the cost
    of a paragraph's text or formatting; the checker's objects are used by one thread."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.func(obj)
        return value


@dataclass(eq=False, repr=False)
class Line:
    """One visual line of a paragraph (split at w:br): its text and the runs that make it."""

    text: str
    runs: list[tuple[etree._Element, str]]


@dataclass(frozen=True)
class LineFormat:
    """The formatting most of a line's characters have (spaces left out)."""

    size: float
    bold: bool
    italic: bool
    caps: bool


@dataclass(init=False, eq=False, repr=False)
class Para:
    """A paragraph with its place on the page (``__init__`` sets the fields given; the others
    are read from the class's defaults until set: most paragraphs leave most of them).
    Document._read_body makes a paragraph built from its ParaShape without ``__init__``,
    setting the same six fields and the shape's."""

    index: int
    el: etree._Element
    doc: Document = field(repr=False)
    lines: list[Line]
    footnote_refs: list[str]
    where: str = "body"  # body | cell | textbox | header
    table: int | None = None  # number of the top-level body table
    row: int | None = None
    col: int | None = None
    tbl: etree._Element | None = field(default=None, repr=False)
    cell_width: int | None = None
    section: int = 0
    label: str = ""  # the list label Word prints before the text ("a)", "1."), if numbered
    _fmts: dict[int, tuple[Line | None, LineFormat | None]] | None = field(
        default=None, repr=False, compare=False)  # made on the first fmt()
    shape: ParaShape | None = field(default=None, repr=False, compare=False)
    """What the paragraph's bytes decide, shared with the equal paragraphs of other
    documents (ParaShape); None when it was read on its own."""

    def __init__(self, index: int, el: etree._Element, doc: Document, lines: list[Line],
                 footnote_refs: list[str], section: int = 0, **fields: Any) -> None:
        """Set the paragraph's number, element, document, lines, footnote ids and section,
        and any other field given by name (where, table, row, col, tbl, cell_width, label)."""
        self.index = index
        self.el = el
        self.doc = doc
        self.lines = lines
        self.footnote_refs = footnote_refs
        self.section = section
        for name, value in fields.items():
            if name not in _PARA_FIELDS:
                raise TypeError(f"Para() got an unexpected keyword argument {name!r}")
            setattr(self, name, value)

    @lazy_property
    def text(self) -> str:
        """Return the paragraph's text, lines joined by "\n" (tabs and NBSP as written;
        cached: a paragraph's lines do not change once read)."""
        if len(self.lines) == 1:
            return self.lines[0].text
        return "\n".join(line.text for line in self.lines)

    @lazy_property
    def clean(self) -> str:
        """Return the text in NFC, white space (tabs, NBSP, line breaks) as single spaces
        (cached: a paragraph's lines do not change once read)."""
        return normalize(self.text)

    @lazy_property
    def props(self) -> ParaProps:
        """Return the paragraph's effective formatting (vbhc.docx.styles; cached)."""
        return self.doc.sheet.para_props(self.el, self.tbl)

    def run_props(self, r: etree._Element) -> RunProps:
        """Return the effective formatting of run ``r`` of this paragraph."""
        direct = self.doc.rprs.get(r, MISSING)  # its w:rPr, as read_lines found it
        if direct is None:  # no direct formatting: the same for every such run
            return self._plain_run
        return self.doc.sheet.run_props(r, self.el, self.tbl, direct)

    @lazy_property
    def _plain_run(self) -> RunProps:
        """The formatting of this paragraph's runs without a w:rPr of their own."""
        return self.doc.sheet.run_props(self.el, self.el, self.tbl, None)

    def fmt(self, line: Line | None = None) -> LineFormat | None:
        """Return the majority formatting of ``line`` (or of the whole paragraph); computed
        once per line (the paragraph's runs and their formatting do not change)."""
        if line is None and len(self.lines) == 1:
            line = self.lines[0]  # the paragraph's format is its one line's
        key = id(line)
        if self._fmts is None:
            self._fmts = {}
        cached = self._fmts.get(key)
        if cached is not None and cached[0] is line:  # the line is kept: its id stays its
            return cached[1]
        found = self._fmt([line] if line is not None else self.lines)
        self._fmts[key] = (line, found)
        return found

    def _fmt(self, lines: list[Line]) -> LineFormat | None:
        sizes: dict[float, int] = {}
        bold = italic = caps = total = 0
        for ln in lines:
            for r, text in ln.runs:
                if not text:
                    continue  # an empty run (templates leave them around fields)
                n = len("".join(text.split()))  # the characters that are not white space
                if not n:
                    continue
                rp = self.run_props(r)
                sizes[rp.size] = sizes.get(rp.size, 0) + n
                bold += n * rp.bold
                italic += n * rp.italic
                caps += n * rp.caps
                total += n
        if not total:
            return None
        size = max(sizes, key=sizes.__getitem__)  # the first of the most used sizes
        key = (size, bold * 2 > total, italic * 2 > total, caps * 2 > total)
        found = _FORMATS.get(key)
        if found is None:  # a few distinct formats: each made once (frozen: shared)
            if len(_FORMATS) >= MAX_FORMATS:
                _FORMATS.clear()
            found = _FORMATS[key] = LineFormat(*key)
        return found


_PARA_FIELDS = frozenset(("where", "table", "row", "col", "tbl", "cell_width", "label",
                          "_fmts", "shape"))
"""The fields Para() takes by name beyond its first six."""

MAX_FORMATS = 1024
"""LineFormat values kept for reuse (a document has a handful: sizes times emphasis)."""
_FORMATS: dict[tuple[float, bool, bool, bool], LineFormat] = {}


@dataclass(eq=False, repr=False)
class Section:
    """Page setup of one section and the paragraphs it holds."""

    el: etree._Element
    first: int
    last: int
    has_table: bool
    _ints: dict[tuple[str, str], int | None] = field(default_factory=dict, repr=False,
                                                     compare=False)
    _refs: dict[str, dict[str, str]] = field(default_factory=dict, repr=False, compare=False)

    def _int(self, child: str, name: str) -> int | None:
        key = (child, name)
        if key not in self._ints:
            el = self.el.find(w(child))
            self._ints[key] = twips(el.get(w(name))) if el is not None else None
        return self._ints[key]

    @property
    def width(self) -> int | None:
        """Return the page width (twips), None when w:pgSz gives none."""
        return self._int("pgSz", "w")

    @property
    def height(self) -> int | None:
        """Return the page height (twips), None when w:pgSz gives none."""
        return self._int("pgSz", "h")

    @property
    def landscape(self) -> bool:
        """Return whether the page is landscape (w:orient, or wider than tall)."""
        pg = self.el.find(w("pgSz"))
        if pg is not None and pg.get(w("orient")) == "landscape":
            return True
        return bool(self.width and self.height and self.width > self.height)

    def margin(self, side: str) -> int | None:
        """Return the w:pgMar ``side`` ("top", "left", "header", ...) in twips, or None."""
        return self._int("pgMar", side)

    @property
    def title_page(self) -> bool:
        """Return whether the first page has its own header and footer (w:titlePg)."""
        return bool(on(self.el.find(w("titlePg"))))

    def refs(self, kind: str) -> dict[str, str]:
        """Return header or footer references: type -> rId (a new dict; read once)."""
        found = self._refs.get(kind)
        if found is None:
            found = self._refs[kind] = {
                ref.get(w("type"), "default"): ref.get(f"{{{R_NS}}}id", "")
                for ref in self.el.findall(w(f"{kind}Reference"))}
        return dict(found)


def normalize(text: str) -> str:
    """Return ``text`` with tabs, non-breaking and repeated spaces made one space, trimmed
    (remembered for texts up to MEMO_CHARS long: the lines of documents from one template
    repeat across a batch, and the checker asks for the same line's text several times)."""
    found = _NORMAL.get(text)
    if found is None:
        found = " ".join(unicodedata.normalize("NFC", text).replace("\xa0", " ").split())
        if len(text) <= MEMO_CHARS:
            if len(_NORMAL) >= MAX_MEMO:
                _NORMAL.clear()
            _NORMAL[text] = found
    return found


MEMO_CHARS = 1000
"""Longest text whose normalized form ``normalize`` keeps."""
MAX_MEMO = 4096
"""Texts ``normalize`` keeps (at most MAX_MEMO × MEMO_CHARS characters; emptied when full)."""
_NORMAL: dict[str, str] = {}


def _line(pieces: list[tuple[etree._Element, list[str]]]) -> Line:
    """Return the line made of ``pieces`` (run, its texts), its text and each run's text in
    NFC: every regex of the checker sees composed Vietnamese letters, however the file
    spelt them."""
    runs = [(r, unicodedata.normalize("NFC", "".join(texts))) for r, texts in pieces]
    shown = [t for _r, t in runs if t]
    if len(shown) == 1:  # one run with text (the template's empty runs aside): NFC already
        return Line(shown[0], runs)
    return Line(unicodedata.normalize("NFC", "".join(shown)), runs)


_T, _R, _RPR, _PPR0 = w("t"), w("r"), w("rPr"), w("pPr")


def read_lines(p: etree._Element, rprs: dict[etree._Element, etree._Element | None] | None
               = None) -> tuple[list[Line], list[str]]:
    """Return the lines of paragraph ``p`` (split at every w:br and w:cr) and the ids of
    the footnotes it cites, in order (vbhc.docx.text decides what is text). Linear in the
    paragraph's size: each line's pieces are joined once. ``rprs``, when given, receives
    run -> its first w:rPr child (None without one) for each run read: what
    StyleSheet.run_props would look up again."""
    done: list[Line] = []
    pieces: list[tuple[etree._Element, list[str]]] = []  # the current line's runs
    refs: list[str] = []
    for top in p:  # vbhc.docx.text.runs, its commonest cases (w:r, w:pPr) inline
        tag = top.tag
        if tag == _R:
            group: Iterable[etree._Element] = (top,)
        elif tag == _PPR0 or not isinstance(tag, str) or tag in SKIP:
            continue
        else:
            group = runs(top)
        for r in group:
            texts: list[str] | None = None  # r's texts on the current line
            rpr = None
            for child in r:  # run_items, w:t and w:rPr (the common children) without a call
                tag = child.tag
                if tag == _T:
                    if texts is None:
                        texts = []
                        pieces.append((r, texts))
                    texts.append(child.text or "")
                    continue
                if tag == _RPR:
                    if rpr is None:
                        rpr = child
                    continue
                for item in child_items(child):
                    if isinstance(item, str):
                        if texts is None:
                            texts = []
                            pieces.append((r, texts))
                        texts.append(item)
                    elif isinstance(item, Break):
                        done.append(_line(pieces))
                        pieces, texts = [], None
                    elif isinstance(item, NoteRef):
                        refs.append(item.note_id)
            if rprs is not None:
                rprs[r] = rpr
    done.append(_line(pieces))
    return done, refs


def run_signature(lines: list[Line], rprs: dict[etree._Element, etree._Element | None]
                  ) -> tuple[tuple, int]:
    """Return what a paragraph's runs give its formatting, as a key, and its size in
    characters: for each line, each run with text as its text (no direct formatting) or
    (text, its w:rPr as XML text), then None (the line's end). ``rprs``: run -> its first
    w:rPr child, as read_lines fills it (a run not in it is looked up: the same element)."""
    sig: list[object] = []
    size = 0
    for line in lines:
        for r, text in line.runs:
            if not text:
                continue  # an empty run: nothing any fact looks at
            direct = rprs.get(r, MISSING)
            if direct is MISSING:
                direct = child_of(r, _RPR)
            if direct is None:
                sig.append(text)
                size += len(text)
            else:
                xml = props_xml(direct)  # type: ignore[arg-type]
                sig.append((text, xml))
                size += len(text) + len(xml)
        sig.append(None)  # the end of a line
    return tuple(sig), size


class ParaShape:
    """What a paragraph's own XML decides, kept across documents (ParaShapes): its lines
    (text, and each piece's run as a slot of ``runs`` and its text), the footnotes it cites,
    the path from the paragraph down to each run read (child indices), the child count of
    the paragraph, its text and clean text (Para.text, Para.clean), its runs' signature
    (run_signature: the formatting key of vbhc.checker.components.para_facts) and what its
    own XML puts in its StyleSheet.para_key (vbhc.docx.styles.own_para_key).

    read_lines reads nothing but the paragraph's descendants, so a paragraph with the same
    XML (the same bytes, under the same namespace declarations) gives the same shape."""

    __slots__ = ("lines", "refs", "runs", "children", "text", "clean", "sig", "sig_size",
                 "style_val", "ppr_xml", "span", "size", "single")

    def __init__(self, p: etree._Element, lines: list[Line], refs: list[str],
                 rprs: dict[etree._Element, etree._Element | None]) -> None:
        slots: dict[etree._Element, int] = {}
        paths: list[int | tuple[int, ...]] = []
        shaped = []
        for line in lines:
            pieces = []
            for r, text in line.runs:
                slot = slots.get(r)
                if slot is None:
                    slot = slots[r] = len(paths)
                    paths.append(_path(p, r))
                pieces.append((slot, text))
            shaped.append((line.text, tuple(pieces)))
        self.lines = tuple(shaped)
        self.single = len(shaped) == 1  # one line: its text is the paragraph's (self.text)
        self.refs = tuple(refs)
        self.runs = tuple(paths)
        self.span: tuple[int, int, tuple[str, ...]] | None = None
        """(first, end, texts): one line whose runs are the children first..end-1 of the
        paragraph, in order, each once, with these texts (most paragraphs); else None."""
        if len(shaped) == 1:
            first = paths[0] if paths and type(paths[0]) is int else 0
            if list(paths) == list(range(first, first + len(paths))) \
                    and [slot for slot, _t in shaped[0][1]] == list(range(len(paths))):
                self.span = (first, first + len(paths), tuple(t for _s, t in shaped[0][1]))
        self.children = len(p)
        self.text = lines[0].text if len(lines) == 1 else "\n".join(ln.text for ln in lines)
        self.clean = normalize(self.text)
        self.sig, self.sig_size = run_signature(lines, rprs)
        self.style_val, self.ppr_xml, _ppr = own_para_key(p)  # StyleSheet.seed_para_keys'
        chars = len(self.text) + len(self.clean) + sum(
            len(text) + sum(len(t) for _s, t in pieces) for text, pieces in self.lines)
        chars += sum(len(x) for x in self.refs) + self.sig_size + len(self.ppr_xml) \
            + len(self.style_val or "")
        items = len(self.lines) + sum(len(pieces) for _t, pieces in self.lines) \
            + len(paths) + sum(len(path) if type(path) is tuple else 1 for path in paths) \
            + 2 * len(self.refs) + len(self.sig) + 2
        self.size = SHAPE_OVERHEAD + SHAPE_ITEM * items + 4 * chars

    def build(self, p: etree._Element) -> list[Line]:
        """Return the lines read_lines(p) gives for a paragraph ``p`` of this shape (nothing
        added to Document.rprs), ``p`` having the shape's number of children (``children``;
        the caller checks: a paragraph with another number is not of this shape). The
        lines are ShapedLine, whose runs are found by their paths when first asked for (most
        never are: what the checker asks of a shaped paragraph's runs is mostly kept in its
        facts). Document._read_body makes a one-line paragraph's line itself, the same
        way; its footnote ids are ``refs``."""
        lines: list[Line] = []
        for k, (text, _pieces) in enumerate(self.lines):
            line = _new(ShapedLine)  # no __init__: four stores
            line.text = text
            line.p = p
            line.shape = self
            line.k = k
            lines.append(line)
        return lines

    def line_runs(self, p: etree._Element, k: int) -> list[tuple[etree._Element, str]]:
        """Return the runs of line ``k`` of paragraph ``p`` of this shape, as read_lines
        gives them (run, its text in NFC)."""
        span = self.span
        if span is not None:  # one line of consecutive children: sliced and zipped in C
            return list(zip(p[span[0]:span[1]], span[2], strict=True))
        paths = self.runs
        found: list[tuple[etree._Element, str]] = []
        for slot, t in self.lines[k][1]:
            path = paths[slot]
            found.append((p[path] if type(path) is int else _walk(p, path), t))  # type: ignore[index,arg-type]
        return found


class ShapedLine(Line):
    """A line of a paragraph built from its ParaShape (ParaShape.build sets ``text``, ``p``,
    ``shape`` and ``k``, the line's number): ``runs`` is found in the paragraph on first
    use (ParaShape.line_runs: the same runs, and so the same proxies while kept, as
    read_lines gives; the package's trees are not to be changed)."""

    p: etree._Element
    shape: ParaShape
    k: int

    @lazy_property
    def runs(self) -> list[tuple[etree._Element, str]]:  # type: ignore[override]
        """The line's runs (run, its text in NFC), found on first use and kept."""
        return self.shape.line_runs(self.p, self.k)


_new = object.__new__


SHAPE_OVERHEAD = 1024
"""Bytes a ParaShape counts for itself, its containers and its entry in ParaShapes."""
SHAPE_ITEM = 200
"""Bytes it counts per line, piece, run path (and index in one), footnote id and signature
item, for the objects each is made of; 4 bytes more per character of text held."""


def _path(p: etree._Element, r: etree._Element) -> int | tuple[int, ...]:
    """Return the child index of ``r`` in ``p`` (a child), or the indices down to it."""
    path = []
    el = r
    while el is not p:
        parent = el.getparent()
        path.append(parent.index(el))
        el = parent
    return path[0] if len(path) == 1 else tuple(reversed(path))


def _walk(p: etree._Element, path: tuple[int, ...]) -> etree._Element:
    el = p
    for k in path:
        el = el[k]
    return el


class ParaShapes:
    """Paragraph shapes kept across documents, by the namespace declarations of the part and
    the paragraph's bytes (from its "<w:p" up to the next paragraph's, as the part holds
    them): the paragraphs documents built from one template share (most of a batch) are
    read once.

    A shape is made the second time a paragraph's bytes are read (admit): most paragraphs
    of a document that are read once only are the ones naming it (its commune).

    Bounded: MAX_SHAPES entries and MAX_SHAPE_BYTES bytes as ParaShape.size counts them
    (key bytes included), emptied when either would be passed; paragraphs over
    MAX_SHAPE_KEY bytes, and shapes over MAX_SHAPE_BYTES / 16, are not kept; at most
    MAX_SHAPE_SPACES sets of declarations; MAX_SEEN hashes of paragraphs read once."""

    def __init__(self, admit_first: bool = False) -> None:
        """Keep no shapes yet; with ``admit_first`` a shape is made for a paragraph the first
        time its bytes are read (admit), else the second time."""
        self.spaces: dict[tuple, dict[bytes, ParaShape]] = {}
        self.admit_first = admit_first
        self.seen: set[int] = set()
        """Hashes of the keys read without a shape (at most MAX_SEEN; emptied when full)."""
        self.count = 0
        self.size = 0
        self.lock = threading.Lock()

    def table(self, space: tuple) -> dict[bytes, ParaShape]:
        """Return the shapes kept for the namespace declarations ``space``."""
        found = self.spaces.get(space)
        if found is None:
            with self.lock:
                if len(self.spaces) >= MAX_SHAPE_SPACES:
                    self.clear()
                found = self.spaces.setdefault(space, {})
        return found

    def put(self, table: dict[bytes, ParaShape], key: bytes, shape: ParaShape) -> None:
        """Keep ``shape`` for ``key`` in ``table`` (one of ``table()``'s)."""
        size = shape.size + len(key)
        if size > MAX_SHAPE_BYTES // 16:
            return  # one shape may not take the room of many
        with self.lock:
            if self.count >= MAX_SHAPES or self.size + size > MAX_SHAPE_BYTES:
                for kept in self.spaces.values():
                    kept.clear()
                self.count = self.size = 0
            if key not in table:
                table[key] = shape
                self.count += 1
                self.size += size

    def admit(self, key: bytes) -> bool:
        """Return whether a shape is worth making for ``key``, a paragraph's bytes read
        without one: when a key of its hash was read before (a paragraph of every document
        of a batch is read twice before it is built from its shape; one read once, as the
        paragraph naming the commune, costs no shape). Whether a shape is made changes
        nothing a document holds (a shape gives what reading gives), so an equal hash of
        other bytes only makes a shape sooner."""
        if self.admit_first:
            return True
        h = hash(key)
        seen = self.seen
        if h in seen:
            return True
        if len(seen) >= MAX_SEEN:
            seen.clear()
        seen.add(h)
        return False

    def clear(self) -> None:
        """Forget every shape (not the hashes seen)."""
        self.spaces = {}
        self.count = self.size = 0


MAX_SHAPES = 8192
"""Paragraph shapes kept (ParaShapes)."""
MAX_SHAPE_BYTES = 16_000_000
"""Bytes of paragraph shapes kept, as counted (key bytes and ParaShape.size)."""
MAX_SEEN = 4 * MAX_SHAPES
"""Hashes of paragraph bytes read once that ParaShapes.admit remembers (ints: about 3 MB)."""
MAX_SHAPE_KEY = 4096
"""Longest paragraph (bytes of XML) whose shape is kept."""
MAX_SHAPE_SPACES = 8
"""Sets of namespace declarations shapes are kept for."""
SHAPES = ParaShapes()

_P_SPLIT = re.compile(rb"<w:p(?=[\s/>])")
"""The start of a w:p's start tag with prefix w (not w:pPr, w:pStyle, w:pgSz...)."""
_XML_DECL = re.compile(rb"<\?xml[ \t\r\n][^<>]*\?>")


def _spans(pkg: Package, body: etree._Element
           ) -> tuple[list[bytes], dict[bytes, ParaShape]] | None:
    """Return (the bytes of each w:p of ``pkg.document``, in document order, from just after
    its "<w:p" to the next w:p's (or the part's end); the ParaShapes table for the part's
    namespace declarations), or None when the n-th "<w:p" of the bytes might not be the
    n-th w:p of the part, or the part's first w:p is not ``body``'s first (then the n-th of
    the body would not be the n-th of the part).

    A paragraph's bytes up to the next one's hold it whole when no paragraph holds another
    (Document._read_body keeps new shapes only then); a paragraph whose bytes equal bytes
    kept is that same whole element (parsed from its start tag, it ends where the kept one
    ended), so looking a shape up needs nothing more.

    The n-th "<w:p" start tag in the part's bytes is its n-th w:p element when the tree
    was parsed from (or handed over with) these bytes, they are UTF-8, every
    namespace is declared on the root element (no "xmlns" anywhere else: a prefix means the
    same everywhere), W_NS has the one prefix w, and there are as many such tags as w:p
    elements: each element was written as one of them, so none is a "<w:p" inside a
    comment, CDATA section or processing instruction."""
    data = pkg.document_bytes
    root = pkg.document
    if data is None or pkg.paragraphs is None or len(data) > MAX_SHAPED_PART:
        return None
    nsmap = root.nsmap
    if nsmap.get("w") != W_NS or list(nsmap.values()).count(W_NS) != 1 \
            or data.count(b"xmlns") != len(nsmap):
        return None
    head = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    if data.startswith(b"<?xml", head):  # no declaration: UTF-8 (or UTF-16: no "<w:p")
        decl = _XML_DECL.match(data, head)
        text = decl.group().lower() if decl is not None else b"encoding"
        if b"encoding" in text and b"encoding='utf-8'" not in text \
                and b'encoding="utf-8"' not in text:
            return None
    pieces = _P_SPLIT.split(data)
    if len(pieces) != pkg.paragraphs + 1 \
            or next(root.iter(_P), None) is not next(body.iter(_P), None):
        return None
    space = tuple(sorted((prefix or "", uri) for prefix, uri in nsmap.items()))
    if sum(len(prefix) + len(uri) for prefix, uri in space) > MAX_SPACE_CHARS:
        return None
    return pieces, SHAPES.table(space)


MAX_SHAPED_PART = 64 * 1024 * 1024
"""Largest main part whose paragraphs are looked up in ParaShapes."""
MAX_SPACE_CHARS = 65_536
"""Most characters of namespace declarations (prefixes and URIs) ParaShapes keys a table by."""


class Document:
    """A .docx opened for checking."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.sheet = StyleSheet(pkg.styles, pkg.theme, key=pkg.style_key())
        self.body = pkg.document.find(w("body"))
        self.paras: list[Para] = []
        self.sections: list[Section] = []
        self.uncentred_columns: set[tuple[int | None, int | None]] = set()
        """(table, column) of the cells a rule already reported as not centred."""
        self._headers: dict[str, list[Para]] = {}
        self.page_fields: dict[str, object] = {}
        """Header or footer rId -> its paragraph showing a PAGE field and that field's
        runs, or None (vbhc.checker.rules.page, asked by several rules)."""
        self.rprs: dict[etree._Element, etree._Element | None] = {}
        """Run -> its first w:rPr child (None: none), for the runs read_lines read (a
        paragraph built from its ParaShape adds none: Para.run_props looks them up)."""
        self.facts: dict[etree._Element, Any] = {}
        """Paragraph -> its facts (vbhc.checker.components.para_facts), kept for this
        document; shared across documents through StyleSheet.memo."""
        self.cell_margins: dict[etree._Element | None, int] = {}
        """Table -> its left plus right cell margins (vbhc.checker.components.cell_margins)."""
        self._read_body()
        self._label_lists()

    def release(self) -> None:
        """Drop the paragraphs, headers and page fields this document holds (each paragraph
        refers back to it): what is left is freed by reference counting, with no work for
        the cyclic garbage collector. The document is not to be used afterwards."""
        self.paras = []
        self.facts.clear()
        self._headers.clear()
        self.page_fields.clear()

    def _label_lists(self) -> None:
        """Give each paragraph Word numbers automatically (w:numPr) the label Word prints
        before it ("a)", "1.", "-"), counted in document order (vbhc.docx.numbering)."""
        if self.pkg.numbering is None:
            return
        lists = Numbering(self.pkg.numbering)
        for para in self.paras:
            item = self.sheet.list_item(para.el, para.tbl)
            if item is not None:
                para.label = lists.label(*item)

    @lazy_property
    def default_tab(self) -> int:
        """Return the default tab stop interval (twips; w:defaultTabStop, Word's 720 when
        settings.xml gives none or garbage)."""
        el = None if self.pkg.settings is None else self.pkg.settings.find(w("defaultTabStop"))
        value = xml_int(el.get(w("val")) if el is not None else None, 720, 0, 31680)
        return value or 720

    @lazy_property
    def even_and_odd_headers(self) -> bool:
        """Return whether even pages show their own header and footer (settings.xml
        w:evenAndOddHeaders); without it Word never shows an "even" header."""
        if self.pkg.settings is None:
            return False
        return bool(on(self.pkg.settings.find(w("evenAndOddHeaders"))))

    def shown_header_ids(self) -> list[str]:
        """Return the relationship ids of the headers and footers a reader can see: every
        section's default ones, "first" ones where the section has w:titlePg, "even" ones
        only when settings.xml has w:evenAndOddHeaders (in first-seen order)."""
        out: list[str] = []
        for sect in self.sections:
            for kind in ("header", "footer"):
                for typ, rid in sect.refs(kind).items():
                    shown = (typ == "default" or (typ == "first" and sect.title_page)
                             or (typ == "even" and self.even_and_odd_headers))
                    if shown and rid not in out:
                        out.append(rid)
        return out

    @classmethod
    def open(cls, path: str | Path) -> Document:
        """Return the .docx at ``path`` opened for checking (ReadError if unreadable)."""
        return cls(read_package(path))

    def _read_body(self) -> None:
        grids = TableGrid()
        body, tbl_tag = self.body, w("tbl")
        tables = list(body.iter(tbl_tag))
        grids.number(top_tables(body, tables))
        section_start, has_table = 1, False
        breaks = _section_breaks(body)
        is_table = set(tables)  # a set test, not a tag string per paragraph
        cells: dict[etree._Element, tuple] = {}
        spans = _spans(self.pkg, body)
        sheet = self.sheet
        pieces, shapes = spans if spans is not None else ([], {})
        fresh: list[tuple[bytes, ParaShape]] = []  # kept when no paragraph holds another
        nested = False
        nth = -1  # the number of the w:p in the part, in document order
        paras, sections, rprs = self.paras, self.sections, self.rprs
        seeds: list[tuple] = []  # StyleSheet.seed_para_keys' items, of the shaped paragraphs
        for p in body.iter(w("p"), tbl_tag):
            if p in is_table:
                has_table = has_table or _data_table(p)
                continue
            nth += 1
            place = None
            if p.getparent() is not body:  # a body child is in no box, cell or copy
                place, inside = _ancestors(p, body)
                nested = nested or inside
                if place is _FALLBACK:
                    continue
            shape = key = None
            if pieces:  # the paragraph's bytes (and what follows it up to the next one)
                key = pieces[nth + 1]
                if len(key) > MAX_SHAPE_KEY:
                    key = None
                else:
                    shape = shapes.get(key)
            if shape is not None and len(p) == shape.children:  # built from its shape
                para = _new(Para)  # Para's own fields, set as Para() would, and the shape's
                para.index = len(paras) + 1
                para.el = p
                para.doc = self
                if shape.single:  # ParaShape.build, inline for a paragraph of one line
                    line = _new(ShapedLine)
                    line.text = shape.text
                    line.p = p
                    line.shape = shape
                    line.k = 0
                    para.lines = [line]
                else:
                    para.lines = shape.build(p)
                para.footnote_refs = list(shape.refs)
                para.section = len(sections)
                para.shape = shape
                para.text = shape.text  # its lazy text and clean text, known already
                para.clean = shape.clean
            else:
                shape = None
                lines, refs = read_lines(p, rprs)
                if key is not None and SHAPES.admit(key):
                    shape = ParaShape(p, lines, refs, rprs)
                    fresh.append((key, shape))
                para = Para(len(paras) + 1, p, self, lines, refs, len(sections))
                if shape is not None:
                    para.shape = shape
                    para.text = shape.text
                    para.clean = shape.clean
            if place is _TEXTBOX:
                para.where = "textbox"
            elif place is not None:
                _place(para, grids, cells, *place)
            if shape is not None:
                seeds.append((p, para.tbl, shape.style_val, shape.ppr_xml))
            paras.append(para)
            sect = breaks.get(p) if breaks else None
            if sect is not None:
                sections.append(Section(sect, section_start, para.index, has_table))
                section_start, has_table = para.index + 1, False
        sheet.seed_para_keys(seeds)
        if not nested:  # no paragraph holds another: each one's bytes held it whole
            for key, shape in fresh:
                SHAPES.put(shapes, key, shape)
        final = self.body.find(w("sectPr"))
        if final is None:
            final = etree.Element(w("sectPr"))
        self.sections.append(Section(final, section_start, len(self.paras), has_table))

    def section_number(self, sect: Section) -> int:
        """Return the 1-based number of ``sect`` (found by identity, in O(1))."""
        if not hasattr(self, "_section_numbers"):
            self._section_numbers = {id(s): k for k, s in enumerate(self.sections, 1)}
        return self._section_numbers.get(id(sect)) or self.sections.index(sect) + 1

    def header_paras(self, rid: str) -> list[Para]:
        """Return the paragraphs of the header or footer part with relationship ``rid``
        (read once per part; a new list each call)."""
        if rid not in self._headers:
            self._headers[rid] = self._read_header(rid)
        return list(self._headers[rid])

    def _read_header(self, rid: str) -> list[Para]:
        root = self.pkg.headers.get(rid)
        if root is None:
            return []
        out = []
        for p in body_paragraphs(root):
            lines, refs = read_lines(p, self.rprs)
            para = Para(index=0, el=p, doc=self, lines=lines, footnote_refs=refs,
                        where="header")
            tbl = next(p.iterancestors(w("tbl")), None)
            para.tbl = tbl
            out.append(para)
        return out

    @lazy_property
    def page_count(self) -> int | None:
        """Return the page count Word saved in docProps/app.xml, if any."""
        if self.pkg.app is None:
            return None
        for el in self.pkg.app.iter():
            if isinstance(el.tag, str) and etree.QName(el).localname == "Pages":
                try:
                    return int((el.text or "").strip())
                except ValueError:
                    return None
        return None


_P, _PPR, _SECTPR = w("p"), w("pPr"), w("sectPr")


def _section_breaks(body: etree._Element) -> dict[etree._Element, etree._Element]:
    """Return paragraph -> the w:sectPr that ends a section there (grandchild_of(p, "pPr",
    "sectPr"): the first w:sectPr child of its w:pPr children), from one walk of the body
    in lxml's tag filter rather than a look into every paragraph."""
    found: dict[etree._Element, etree._Element] = {}
    for sect in body.iter(_SECTPR):
        ppr = sect.getparent()
        if ppr is None or ppr.tag != _PPR:
            continue
        owner = ppr.getparent()
        if owner is not None and owner.tag == _P and owner not in found:
            found[owner] = sect  # document order: the first pPr's first sectPr
    return found


_TR, _TBLGRID, _GRIDCOL = w("tr"), w("tblGrid"), w("gridCol")


def _data_table(tbl: etree._Element) -> bool:
    """True for a table of data; the borderless 2-column layout tables of the header and
    signature block (at most two rows or columns) do not count."""
    for rows, _tr in enumerate(tbl.iterchildren(_TR), 1):
        if rows >= 3:
            return True
    cols = 0  # the w:tblGrid/w:gridCol children
    for grid in tbl.iterchildren(_TBLGRID):
        for _col in grid.iterchildren(_GRIDCOL):
            cols += 1
            if cols >= 3:
                return True
    return False


_TXBX, _TC, _TBL = w("txbxContent"), w("tc"), w("tbl")
_FALLBACK, _TEXTBOX = object(), object()


def _ancestors(p: etree._Element, body: etree._Element) -> tuple[Any, bool]:
    """Return where paragraph ``p`` of ``body`` (not a child of it) sits, from one walk up
    its ancestors to the body: _FALLBACK in an mc:Fallback copy (vbhc.docx.text.in_fallback:
    not read), _TEXTBOX in a text box, (innermost table, row, cell, top-level table) in a
    table cell (vbhc.docx.tables.cell_place), None elsewhere; and whether it may sit inside
    another paragraph (a w:p ancestor, a text box or an mc:Fallback on the way)."""
    tc = tr = tbl = top = None
    textbox = inside = False
    for a in p.iterancestors():  # cheaper than lxml's matcher of several tags
        if a is body:
            break
        tag = a.tag
        if tag == FALLBACK:
            return _FALLBACK, True
        if tag == _TXBX:
            textbox = True
        elif textbox:
            continue
        elif tag == _TC:
            tc = a if tc is None else tc
        elif tag == _TR:
            tr = a if tr is None else tr
        elif tag == _TBL:
            top = a
            tbl = a if tbl is None else tbl
        elif tag == _P:
            inside = True
    if textbox:
        return _TEXTBOX, True
    if tc is None or tr is None or tbl is None:
        return None, inside
    return (tbl, tr, tc, top), inside


def _place(para: Para, grids: TableGrid, cells: dict[etree._Element, tuple],
           tbl: etree._Element, tr: etree._Element, tc: etree._Element,
           top: etree._Element) -> None:
    """Record that ``para`` sits in cell ``tc`` of row ``tr`` of its innermost table
    ``tbl``: the row and grid column, the cell's width; ``table`` numbers the top-level
    table ``top``. ``cells``: cell -> (table, row, column, width) of the cells placed
    before (a cell's paragraphs share them)."""
    para.where = "cell"
    para.tbl = tbl
    found = cells.get(tc)
    if found is None:
        col, n = grids.cell(tr, tc)
        width = None
        tcw = grandchild_of(tc, "tcPr", "tcW")
        if tcw is not None and tcw.get(_W_TYPE, "dxa") == "dxa":
            width = twips(tcw.get(_W_W))
        if not width:
            width = sum(grids.widths(tbl)[col:col + n]) or None
        found = cells[tc] = (grids.table(top), grids.row(tbl, tr), col, width)
    para.table, para.row, para.col, para.cell_width = found


_W_TYPE, _W_W = w("type"), w("w")
