"""Formatting as Word resolves it: direct, run style, paragraph style, table style, defaults.

The one style resolver of vbhc: the checker measures with it, the importer reads emphasis,
alignment and list membership with it, the renderer asks it for a style's size and weight.

Non-toggle properties (size, fonts, colour, vertical alignment, justification, indents,
spacing, list membership) take the nearest value in that order, attribute by attribute;
within one style the ``w:basedOn`` chain is plain inheritance (nearest style wins).

Toggle properties (w:b, w:i, w:caps; ECMA-376 Part 1 §17.7.3) combine differently:

* direct formatting sets the value outright (``w:val`` "0"/"false"/"off" turns it off);
* otherwise each level of the style hierarchy (table, paragraph, character style) gives the
  first value found up its basedOn chain, and if the document defaults (w:docDefaults) say
  true the result is true;
* otherwise the levels combine by exclusive or, except that Word resets the value at the
  paragraph style instead of toggling it ([MS-OI29500] 2.1.258, on §17.7.8): the result
  is the paragraph style's value (the table style's when the paragraph style is silent),
  flipped by a character style that turns the property on;
* a property no level sets takes the document defaults' value (false when absent).

Only the Latin-text variants count (w:b, w:i, w:sz, w:rFonts/@ascii and @hAnsi); w:bCs,
w:iCs, w:szCs are for complex scripts and never apply to Vietnamese text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from vbhc.docx.limits import MAX_STYLE_CHAIN, MAX_TWIPS, xml_float, xml_int
from vbhc.docx.ns import A_NS, w

TOGGLES = ("b", "i", "caps")
DEFAULT_FONT = "Times New Roman"
DEFAULT_SIZE = 10.0


MISSING = object()
"""StyleSheet.run_props' ``direct`` when the caller has not looked for the run's w:rPr."""


def on(el: etree._Element | None) -> bool | None:
    """Return an on/off property's value (ST_OnOff, §17.17.4): absent None; ``w:val``
    "0"/"false"/"off"/"none" False; a bare element or any other value True."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


def twips(value: str | None) -> int | None:
    """Return a twips measure as int; tolerate '567.0' and garbage (None); clamp absurd
    values ('1e308', '99999999999') to ±MAX_TWIPS."""
    number = xml_float(value, None, MAX_TWIPS)
    return None if number is None else round(number)


@dataclass(frozen=True)
class RunProps:
    """Effective formatting of one run for Latin text."""

    size: float
    bold: bool
    italic: bool
    caps: bool
    font_ascii: str
    font_hansi: str
    color: str | None
    vert_align: str | None = None  # "superscript" | "subscript" | "baseline" | None


@dataclass(frozen=True)
class ParaProps:
    """Effective paragraph formatting (twips, or None when nothing sets it)."""

    jc: str | None
    first_line: int
    hanging: int
    left: int
    right: int
    before: int
    after: int
    line: int | None
    line_rule: str
    numbered: bool
    borders: frozenset[str]


def based_on_chain(by_id: dict[str, etree._Element],
                   style_id: str | None) -> list[etree._Element]:
    """Return the style ``style_id`` and its ``w:basedOn`` ancestors, nearest first.

    Stops at an unknown id, at a style seen before (cycles) and after MAX_STYLE_CHAIN
    styles; the one walk the checker's and the importer's style lookups share.
    """
    out: list[etree._Element] = []
    seen: set[str] = set()
    while style_id and style_id not in seen and len(out) < MAX_STYLE_CHAIN:
        seen.add(style_id)
        st = by_id.get(style_id)
        if st is None:
            break
        out.append(st)
        based = st.find(w("basedOn"))
        style_id = based.get(w("val")) if based is not None else None
    return out


@dataclass(eq=False, repr=False)
class _Resolved:
    """What the styles and theme parts alone decide, for one pair of those parts: the
    effective formatting of a paragraph or run keyed by its style ids and its direct
    properties as XML text (tuple keys, see StyleSheet._key), so a batch of documents built
    from one template resolves each combination once, not once per document."""

    para: dict[tuple, ParaProps] = field(default_factory=dict)
    items: dict[tuple, tuple[str, int] | None] = field(default_factory=dict)
    tabs: dict[tuple, list[tuple[int, str]]] = field(default_factory=dict)
    runs: dict[tuple, RunProps] = field(default_factory=dict)
    index: tuple | None = None
    """(styles root, theme root, style id -> style, kind -> default style id, theme fonts,
    basedOn chains) of the trees last indexed with this key."""
    memo: SheetMemo = field(default_factory=lambda: SheetMemo())
    """The callers' results kept with this key (StyleSheet.memo)."""

    def full(self) -> bool:
        """True when the caches hold MAX_RESOLVED entries (then they are emptied)."""
        return len(self.para) + len(self.items) + len(self.tabs) + len(self.runs) \
            >= MAX_RESOLVED


class SheetMemo:
    """Results a caller derives from a style sheet's resolved formatting and from what it
    puts in its keys (the checker's paragraph facts, vbhc.checker.components.para_facts),
    shared by the sheets built with the same ``key`` (one pair of styles and theme parts).
    Bounded: at most MAX_MEMO entries and MAX_MEMO_SIZE units of size as the caller counts
    them (characters of text in the key); emptied when either would be passed, and an entry
    larger than MAX_MEMO_SIZE / 16 is not kept."""

    __slots__ = ("entries", "size")

    def __init__(self) -> None:
        self.entries: dict[tuple, object] = {}
        self.size = 0

    def get(self, key: tuple) -> object | None:
        """Return the value kept for ``key`` (None when there is none)."""
        return self.entries.get(key)

    def put(self, key: tuple, value: object, size: int) -> None:
        """Keep ``value`` for ``key``; ``size`` in the caller's units (characters)."""
        if size > MAX_MEMO_SIZE // 16:
            return
        if len(self.entries) >= MAX_MEMO or self.size + size > MAX_MEMO_SIZE:
            self.entries.clear()
            self.size = 0
        self.entries[key] = value
        self.size += size

    def grow(self, size: int) -> None:
        """Count ``size`` more units for what a caller added to a value it got or put
        (filled in after ``put``); emptied when MAX_MEMO_SIZE would be passed."""
        self.size += size
        if self.size > MAX_MEMO_SIZE:
            self.entries.clear()
            self.size = 0


MAX_MEMO = 8192
"""Entries one SheetMemo holds before it starts again."""
MAX_MEMO_SIZE = 1_000_000
"""Units of size (characters) one SheetMemo holds before it starts again: with MAX_SHARED
style sheets kept, at most 8 million characters over a batch."""
MAX_RESOLVED = 50_000
"""Entries one _Resolved holds before it starts again (bounded memory on odd documents)."""
MAX_SHARED = 8
"""Style sheets (pairs of styles and theme parts) whose _Resolved is kept across documents."""
_SHARED: OrderedDict[str, _Resolved] = OrderedDict()
_LOCK = threading.Lock()


def _shared(key: str | None) -> _Resolved:
    """Return the _Resolved kept for the styles and theme parts whose digest is ``key``
    (a fresh one, not kept, for None); least recently used ones beyond MAX_SHARED go."""
    if key is None:
        return _Resolved()
    with _LOCK:
        found = _SHARED.get(key)
        if found is None:
            found = _SHARED[key] = _Resolved()
            while len(_SHARED) > MAX_SHARED:
                _SHARED.popitem(last=False)
        else:
            _SHARED.move_to_end(key)
        if found.full():
            found.para.clear(), found.items.clear(), found.tabs.clear(), found.runs.clear()
    return found


def _index(styles: etree._Element | None) -> tuple[dict[str, etree._Element], dict[str, str]]:
    """Return style id -> w:style (the first of an id) and kind -> default style id."""
    by_id: dict[str, etree._Element] = {}
    default: dict[str, str] = {}
    if styles is not None:
        for st in styles.iter(w("style")):
            sid = st.get(w("styleId"))
            if sid is None:
                continue
            by_id.setdefault(sid, st)
            if st.get(w("default")) in ("1", "true", "on"):
                default.setdefault(st.get(w("type"), ""), sid)
    return by_id, default


_PPR, _RPR, _PSTYLE, _VAL = w("pPr"), w("rPr"), w("pStyle"), w("val")


def child_of(el: etree._Element, tag: str) -> etree._Element | None:
    """Return the first child ``tag`` (a Clark name) of ``el``: ``el.find(tag)`` without
    lxml's ElementPath (a plain loop: the property containers it looks into have a few
    children, and setting up lxml's tag matcher costs more than visiting them)."""
    for kid in el:
        if kid.tag == tag:
            return kid
    return None


_CLARK: dict[str, str] = {}
"""Local WordprocessingML name -> Clark name, for grandchild_of (a handful of names)."""


def grandchild_of(el: etree._Element, child: str, name: str) -> etree._Element | None:
    """Return ``el.find("w:child/w:name")`` (``child`` and ``name`` local WordprocessingML
    names): the first w:``name`` of the w:``child`` children, in document order, without
    lxml's ElementPath."""
    child_tag = _CLARK.get(child) or _CLARK.setdefault(child, w(child))
    name_tag = _CLARK.get(name) or _CLARK.setdefault(name, w(name))
    for kid in el:
        if kid.tag == child_tag:
            for found in kid:
                if found.tag == name_tag:
                    return found
    return None


def props_xml(el: etree._Element | None) -> bytes:
    """Return ``el`` as XML text (b"" for None): two property containers with the same text
    resolve alike (the part of a formatting key that direct properties give)."""
    return b"" if el is None else etree.tostring(el, with_tail=False)


def own_para_key(p: etree._Element) -> tuple[str | None, bytes, etree._Element | None]:
    """Return what paragraph ``p``'s own XML puts in its formatting key (StyleSheet.para_key):
    the w:val of its first w:pStyle (among its w:pPr children; None without one), its w:pPr
    as XML text (b"" without one, or for one holding nothing but its w:pStyle), and that
    w:pPr (its first; None without one)."""
    direct = p[0] if len(p) else None  # w:pPr comes first in a valid paragraph
    if direct is not None and direct.tag != _PPR:
        direct = child_of(p, _PPR)
    if direct is not None and len(direct) == 1 and not len(ref := direct[0]) \
            and ref.tag == _PSTYLE:
        return ref.get(_VAL), b"", direct
    found = grandchild_of(p, "pPr", "pStyle")
    return (found.get(_VAL) if found is not None else None), props_xml(direct), direct


class StyleSheet:
    """Style lookups for one document; results are cached per style id, paragraph and run
    (the document must not change while its sheet is in use), and what the styles and theme
    parts alone decide is shared by the sheets built with the same ``key``."""

    def __init__(self, styles: etree._Element | None, theme: etree._Element | None,
                 key: str | None = None) -> None:
        """Index the styles part root ``styles`` and the theme part root ``theme`` (either
        may be None: Word's built-in defaults then apply).

        ``key`` names the exact bytes of both parts (vbhc.docx.package.Package.style_key):
        style sheets built with one key share their resolved formatting across documents (a
        batch rendered from one template); without it nothing is shared. The parts must not
        change after this call."""
        self.root = styles
        self._resolved = _shared(key)
        index = self._resolved.index
        if index is None or index[0] is not styles or index[1] is not theme:
            index = (styles, theme, *_index(styles), _theme_fonts(theme), {})
            if key is not None:  # the same trees (package read with share=True): one index
                self._resolved.index = index
        self._by_id: dict[str, etree._Element] = index[2]
        self._default: dict[str, str] = index[3]
        self._theme_fonts: dict[str, str] = index[4]
        # Caches: each lookup is done once per style, paragraph, table or run, so the
        # work grows with the document, not with (runs x children) or (rows x cells).
        self._chains: dict[str | None, list[etree._Element]] = index[5]
        self._para_style: dict[etree._Element, str | None] = {}
        self._table_style: dict[etree._Element, str | None] = {}
        self._run_props: dict[tuple, RunProps] = {}
        self._para_keys: dict[tuple, tuple[tuple, etree._Element | None]] = {}
        self.memo: SheetMemo = self._resolved.memo
        """Results callers derive from the resolved formatting, shared by the sheets built
        with the same ``key`` (a fresh one without a key): see SheetMemo."""

    def default_style(self, kind: str) -> str | None:
        """Return the id of the default style of ``kind`` ("paragraph", "character",
        "table", "numbering"), None when the styles part names none."""
        return self._default.get(kind)

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """Return the style and its basedOn ancestors, nearest first (at most
        MAX_STYLE_CHAIN; the package reader refuses longer chains)."""
        cached = self._chains.get(style_id)
        if cached is None:
            cached = self._chains[style_id] = based_on_chain(self._by_id, style_id)
        return cached

    @cached_property
    def doc_rpr(self) -> etree._Element | None:
        """Return the document defaults' run properties (w:rPrDefault/w:rPr), if any."""
        if self.root is None:
            return None
        return self.root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")

    @cached_property
    def doc_ppr(self) -> etree._Element | None:
        """Return the document defaults' paragraph properties (w:pPrDefault/w:pPr)."""
        if self.root is None:
            return None
        return self.root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")

    def theme_font(self, name: str | None) -> str | None:
        """Return the typeface of theme font slot ``name`` ("minorHAnsi", "majorAscii",
        ...: the minor or major Latin font of the theme part), None when unknown."""
        if not name:
            return None
        return self._theme_fonts.get("minor" if name.startswith("minor") else "major")

    # --- paragraphs --------------------------------------------------------------------
    def para_style_id(self, p: etree._Element) -> str | None:
        """Return the style id of paragraph ``p``: its w:pStyle when that style exists,
        else the default paragraph style (as Word does for an unknown id); cached."""
        return self._style_of(p, "pPr", "pStyle", "paragraph", self._para_style)

    def table_style_id(self, tbl: etree._Element | None) -> str | None:
        """Return the style id of table ``tbl`` (w:tblStyle, else the default table
        style); None for no table; cached."""
        if tbl is None:
            return None
        return self._style_of(tbl, "tblPr", "tblStyle", "table", self._table_style)

    def _style_of(self, el: etree._Element, props: str, ref: str, kind: str,
                  cache: dict[etree._Element, str | None]) -> str | None:
        if el in cache:
            return cache[el]
        found = grandchild_of(el, props, ref)
        if found is not None and found.get(w("val")) in self._by_id:
            out = found.get(w("val"))
        else:
            out = self.default_style(kind)
        cache[el] = out
        return out

    def _levels(self, p: etree._Element, tbl: etree._Element | None, part: str) -> list:
        """Return property containers (pPr or rPr), nearest first: direct, paragraph style
        chain, table style chain, document defaults."""
        out = []
        for st in self.chain(self.para_style_id(p)):
            out.append(st.find(w(part)))
        for st in self.chain(self.table_style_id(tbl)):
            out.append(st.find(w(part)))
        out.append(self.doc_ppr if part == "pPr" else self.doc_rpr)
        return out

    def _key(self, p: etree._Element, tbl: etree._Element | None,
             direct: etree._Element | None) -> tuple:
        """Return what a paragraph's or run's resolved formatting depends on besides the
        style sheet: the paragraph's and table's style ids and the direct properties (the
        long way _para_key's answer is tested against)."""
        return self.para_style_id(p), self.table_style_id(tbl), props_xml(direct)

    def _para_key(self, p: etree._Element, tbl: etree._Element | None
                  ) -> tuple[tuple, object]:
        """Return (_key, w:pPr) of paragraph ``p`` in ``tbl`` (once per paragraph); the
        w:pPr is MISSING when the key was seeded (seed_para_keys): _ppr finds it.

        A w:pPr holding nothing but its w:pStyle (most paragraphs of a template) keys as no
        w:pPr at all: the style id is in the key, and what is resolved from direct
        properties (spacing, indents, jc, numPr, borders, tabs) is absent from both."""
        found = self._para_keys.get((p, tbl))
        if found is None:
            val, xml, direct = own_para_key(p)
            found = self._para_keys[(p, tbl)] = self._keyed(p, tbl, val, xml, direct)
        return found

    def _keyed(self, p: etree._Element, tbl: etree._Element | None, val: str | None,
               xml: bytes, direct: object) -> tuple[tuple, object]:
        sid = self._para_style.get(p, MISSING)
        if sid is MISSING:  # para_style_id(p): the style named, if it exists, else default
            sid = self._para_style[p] = val if val in self._by_id \
                else self._default.get("paragraph")
        return (sid, None if tbl is None else self.table_style_id(tbl), xml), direct

    def _ppr(self, p: etree._Element, direct: object) -> etree._Element | None:
        """Return ``direct`` (a w:pPr or None), looked up in ``p`` when MISSING."""
        return own_para_key(p)[2] if direct is MISSING else direct  # type: ignore[return-value]

    def seed_para_keys(self, items: list[tuple]) -> None:
        """Record, for each (p, tbl, style_val, ppr_xml) of ``items``, paragraph ``p``'s
        para_key in ``tbl`` from ``own_para_key(p)``'s first two values (``style_val``,
        ``ppr_xml``), which a caller kept from a paragraph with the same XML: the same key,
        without reading ``p`` again (one call for a document's paragraphs)."""
        keys, styles, by_id = self._para_keys, self._para_style, self._by_id
        default = self._default.get("paragraph")
        for p, tbl, style_val, ppr_xml in items:
            if (p, tbl) in keys:
                continue
            sid = styles.get(p, MISSING)  # _keyed, inline
            if sid is MISSING:
                sid = styles[p] = style_val if style_val in by_id else default
            keys[(p, tbl)] = (sid, None if tbl is None else self.table_style_id(tbl),
                              ppr_xml), MISSING

    def para_key(self, p: etree._Element, tbl: etree._Element | None = None) -> tuple:
        """Return what the effective formatting of paragraph ``p`` (in table ``tbl``), and of
        its runs without direct formatting, depend on besides this sheet's styles and theme:
        (paragraph style id, table style id, its w:pPr as XML text, b"" when it holds only
        its w:pStyle). Equal keys under one ``key`` resolve alike (computed once)."""
        return self._para_key(p, tbl)[0]

    def para_props(self, p: etree._Element, tbl: etree._Element | None = None) -> ParaProps:
        """Return the effective formatting of paragraph ``p`` (in table ``tbl``): each
        attribute from the nearest of direct, paragraph style chain, table style chain,
        document defaults; measures in twips."""
        key, direct = self._para_key(p, tbl)
        found = self._resolved.para.get(key)
        if found is None:
            found = self._resolved.para[key] = self._para_props(p, tbl, self._ppr(p, direct))
        return found

    def _para_props(self, p: etree._Element, tbl: etree._Element | None,
                    direct: etree._Element | None) -> ParaProps:
        levels = [direct, *self._levels(p, tbl, "pPr")]

        def attr(child: str, name: str) -> str | None:
            return _nearest_attr(levels, child, name)

        def first(child: str) -> etree._Element | None:
            return _first_child(levels, child)

        def spacing(side: str) -> int:
            auto = attr("spacing", f"{side}Autospacing")
            if auto is not None and on_val(auto):
                return 280
            return twips(attr("spacing", side)) or 0

        jc = first("jc")
        first_line, hanging = _first_indent(levels)
        left = attr("ind", "left") or attr("ind", "start")
        right = attr("ind", "right") or attr("ind", "end")
        numbered = _list_item(first("numPr")) is not None
        bdr = first("pBdr")
        borders = frozenset(
            etree.QName(b).localname for b in (bdr if bdr is not None else [])
            if b.get(w("val")) not in (None, "nil", "none"))
        return ParaProps(
            jc=jc.get(w("val")) if jc is not None else None,
            first_line=first_line,
            hanging=hanging,
            left=twips(left) or 0,
            right=twips(right) or 0,
            before=spacing("before"),
            after=spacing("after"),
            line=twips(attr("spacing", "line")),
            line_rule=attr("spacing", "lineRule") or "auto",
            numbered=numbered,
            borders=borders,
        )

    def list_item(self, p: etree._Element,
                  tbl: etree._Element | None = None) -> tuple[str, int] | None:
        """Return (w:numId, level 0..) of a paragraph Word numbers automatically, or None.

        The first w:numPr among direct formatting, the paragraph style chain, the table
        style chain and the document defaults; numId "0" means "not numbered" (§17.9.18).
        """
        key, direct = self._para_key(p, tbl)
        if key in self._resolved.items:
            return self._resolved.items[key]
        levels = [self._ppr(p, direct), *self._levels(p, tbl, "pPr")]
        found = self._resolved.items[key] = _list_item(_first_child(levels, "numPr"))
        return found

    def tab_stops(self, p: etree._Element,
                  tbl: etree._Element | None = None) -> list[tuple[int, str]]:
        """Return paragraph ``p``'s custom tab stops as sorted (position in twips from the
        text's left edge, kind "left" | "center" | "right" | "decimal" | ...): the w:tabs of
        the document defaults, table style, paragraph style chain and direct formatting,
        farthest first, a nearer "clear" removing a stop (§17.3.1.37); at most 64."""
        key, direct = self._para_key(p, tbl)
        found = self._resolved.tabs.get(key)
        if found is None:
            found = self._resolved.tabs[key] = self._tab_stops(p, tbl, self._ppr(p, direct))
        return list(found)

    def _tab_stops(self, p: etree._Element, tbl: etree._Element | None,
                   direct: etree._Element | None) -> list[tuple[int, str]]:
        levels = [direct, *self._levels(p, tbl, "pPr")]
        stops: dict[int, str] = {}
        for props in reversed(levels):
            tabs = props.find(w("tabs")) if props is not None else None
            for tab in (tabs if tabs is not None else [])[:64]:
                pos = twips(tab.get(w("pos")))
                if pos is None:
                    continue
                kind = tab.get(w("val"), "left")
                if kind == "clear":
                    stops.pop(pos, None)
                else:
                    stops[pos] = {"start": "left", "end": "right"}.get(kind, kind)
        return sorted(stops.items())

    def centred(self, p: etree._Element, tbl: etree._Element | None = None) -> bool:
        """Return whether paragraph ``p`` is centred (w:jc "center", direct or by style)."""
        return self.para_props(p, tbl).jc == "center"

    # --- runs --------------------------------------------------------------------------
    def emphasis(self, r: etree._Element, p: etree._Element,
                 tbl: etree._Element | None = None) -> tuple[bool, bool]:
        """Return the effective (bold, italic) of run ``r`` in paragraph ``p`` (in table
        ``tbl``, whose style counts), by the toggle rules in this module's docstring."""
        props = self.run_props(r, p, tbl)
        return props.bold, props.italic

    def run_props(self, r: etree._Element, p: etree._Element,
                  tbl: etree._Element | None = None, direct: object = MISSING) -> RunProps:
        """Return the effective formatting of run ``r`` (computed once per run).

        ``direct``: the run's first w:rPr child when the caller already has it (None when
        it has none); MISSING (the default) looks it up."""
        if direct is None:  # no direct formatting: the paragraph's style decides
            para_key = self._para_key(p, tbl)[0]
            shared = (para_key[0], para_key[1], b"")
            found = self._resolved.runs.get(shared)
            if found is None:
                found = self._resolved.runs[shared] = self._compute_run_props(None, p, tbl)
            return found
        key = (r, p, tbl)
        cached = self._run_props.get(key)
        if cached is None:
            if direct is MISSING:
                direct = child_of(r, _RPR)
            para_key = self._para_key(p, tbl)[0]
            shared = (para_key[0], para_key[1], props_xml(direct))
            cached = self._resolved.runs.get(shared)
            if cached is None:
                cached = self._resolved.runs[shared] = self._compute_run_props(direct, p, tbl)
            self._run_props[key] = cached
        return cached

    def _compute_run_props(self, direct: etree._Element | None, p: etree._Element,
                           tbl: etree._Element | None) -> RunProps:
        rs = direct.find(w("rStyle")) if direct is not None else None
        char_chain = [st.find(w("rPr")) for st in self.chain(
            rs.get(w("val")) if rs is not None else None)]
        para_chain = [st.find(w("rPr")) for st in self.chain(self.para_style_id(p))]
        table_chain = [st.find(w("rPr")) for st in self.chain(self.table_style_id(tbl))]
        ordered = [direct, *char_chain, *para_chain, *table_chain, self.doc_rpr]

        def attr(child: str, name: str) -> str | None:
            return _nearest_attr(ordered, child, name)

        def font(slot: str) -> str:
            for rpr in ordered:
                el = rpr.find(w("rFonts")) if rpr is not None else None
                if el is None:
                    continue
                themed = self.theme_font(el.get(w(f"{slot}Theme")))
                if themed:
                    return themed
                if el.get(w(slot)):
                    return el.get(w(slot))
            return DEFAULT_FONT

        def toggle(name: str) -> bool:
            value = on(direct.find(w(name))) if direct is not None else None
            if value is not None:
                return value  # direct formatting: absolute
            default = on(self.doc_rpr.find(w(name))) if self.doc_rpr is not None else None
            if default:
                return True  # §17.7.3: document defaults true -> true
            table, para, char = (_chain_value(chain, name)
                                 for chain in (table_chain, para_chain, char_chain))
            state = para if para is not None else bool(table)  # Word resets at the
            return state != bool(char)  # paragraph style; a character style flips it

        size = xml_float(attr("sz", "val"), None, 3276)  # Word: at most 1638 pt
        size_pt = int(size) / 2 if size is not None else DEFAULT_SIZE
        return RunProps(
            size=size_pt,
            bold=toggle("b"),
            italic=toggle("i"),
            caps=toggle("caps"),
            font_ascii=font("ascii"),
            font_hansi=font("hAnsi"),
            color=attr("color", "val"),
            vert_align=attr("vertAlign", "val"),
        )


def on_val(value: str) -> bool:
    """Return an ST_OnOff attribute value as a bool ("0"/"false"/"off" False)."""
    return value.lower() not in ("0", "false", "off")


def _nearest_attr(levels: list, child: str, name: str) -> str | None:
    """Return attribute w:``name`` of the first w:``child`` that has it, in the property
    containers ``levels`` (nearest first, None entries skipped)."""
    for props in levels:
        el = props.find(w(child)) if props is not None else None
        if el is not None and el.get(w(name)) is not None:
            return el.get(w(name))
    return None


def _first_indent(levels: list) -> tuple[int, int]:
    """Return (firstLine, hanging) in twips from the property containers ``levels``
    (nearest first): the nearest w:ind with either attribute decides both, as Word and
    LibreOffice do. The two are mutually exclusive (ECMA-376 Part 1 §17.3.1.12): a hanging
    indent, even ``w:hanging="0"``, cancels a firstLine inherited from a style, a firstLine
    cancels an inherited hanging, and when one element gives both, hanging wins."""
    for props in levels:
        ind = child_of(props, _IND) if props is not None else None
        if ind is None:
            continue
        hanging = ind.get(_HANGING)
        if hanging is not None:
            return 0, twips(hanging) or 0
        first_line = ind.get(_FIRST_LINE)
        if first_line is not None:
            return twips(first_line) or 0, 0
    return 0, 0


_IND, _HANGING, _FIRST_LINE = w("ind"), w("hanging"), w("firstLine")


def _first_child(levels: list, child: str) -> etree._Element | None:
    """Return the first w:``child`` element in the property containers ``levels``."""
    for props in levels:
        el = props.find(w(child)) if props is not None else None
        if el is not None:
            return el
    return None


def _list_item(num: etree._Element | None) -> tuple[str, int] | None:
    """Return (numId, ilvl) of a w:numPr, None when it names no list (absent or "0")."""
    if num is None:
        return None
    nid = num.find(w("numId"))
    if nid is None or nid.get(w("val")) in (None, "0"):
        return None
    lvl = num.find(w("ilvl"))
    return nid.get(w("val")), xml_int(lvl.get(w("val")), 0) if lvl is not None else 0


def _chain_value(chain: list, name: str) -> bool | None:
    for rpr in chain:
        if rpr is None:
            continue
        value = on(rpr.find(w(name)))
        if value is not None:
            return value
    return None


def _theme_fonts(theme: etree._Element | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if theme is None:
        return out
    for kind in ("minor", "major"):
        latin = theme.find(f".//{{{A_NS}}}{kind}Font/{{{A_NS}}}latin")
        if latin is not None and latin.get("typeface"):
            out[kind] = latin.get("typeface")
    return out
