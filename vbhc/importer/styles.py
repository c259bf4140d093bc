"""Effective formatting as Word resolves it: direct, run style, paragraph style, defaults."""

from __future__ import annotations

from lxml import etree

from vbhc.docx.limits import xml_int
from vbhc.docx.styles import based_on_chain
from vbhc.importer.ooxml import w

TOGGLES = ("b", "i")


def _on(el: etree._Element | None) -> bool | None:
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in ("0", "false", "off", "none")


class Styles:
    """Lookups in word/styles.xml, with toggle semantics for bold and italic."""

    def __init__(self, root: etree._Element | None) -> None:
        self.by_id: dict[str, etree._Element] = {}
        self.default_para: str | None = None
        self.default_rpr = None
        self._chains: dict[str | None, list[etree._Element]] = {}
        self._para_style: dict[etree._Element, str | None] = {}
        if root is None:
            return
        for st in root.iter(w("style")):
            sid = st.get(w("styleId"))
            if sid:
                self.by_id[sid] = st
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true"):
                self.default_para = sid
        self.default_rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")

    def chain(self, style_id: str | None) -> list[etree._Element]:
        """Return the style and the styles it is based on, nearest first (cached)."""
        cached = self._chains.get(style_id)
        if cached is None:
            cached = self._chains[style_id] = self._chain(style_id)
        return cached

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        return based_on_chain(self.by_id, style_id)

    def para_style(self, p: etree._Element) -> str | None:
        """Return the paragraph's style id (the default paragraph style when none is set);
        found once per paragraph: a paragraph of many runs is not searched once per run."""
        if p in self._para_style:
            return self._para_style[p]
        ps = p.find(f"{w('pPr')}/{w('pStyle')}")
        out = self._para_style[p] = ps.get(w("val")) if ps is not None else self.default_para
        return out

    def _first(self, chain: list[etree._Element], tag: str, part: str = "rPr"):
        for st in chain:
            found = st.find(f"{w(part)}/{w(tag)}")
            if found is not None:
                return found
        return None

    def emphasis(self, p: etree._Element, r: etree._Element) -> tuple[bool, bool]:
        """Return the effective (bold, italic) of run ``r`` in paragraph ``p``.

        Direct formatting wins; otherwise the paragraph style's value, flipped by a
        character style that sets the same toggle (ECMA-376 17.7.3).
        """
        rpr = r.find(w("rPr"))
        pchain = self.chain(self.para_style(p))
        rs = rpr.find(w("rStyle")) if rpr is not None else None
        cchain = self.chain(rs.get(w("val"))) if rs is not None else []
        out = []
        for tag in TOGGLES:
            direct = _on(rpr.find(w(tag))) if rpr is not None else None
            if direct is not None:
                out.append(direct)
                continue
            base = _on(self._first(pchain, tag))
            if base is None and self.default_rpr is not None:
                base = _on(self.default_rpr.find(w(tag)))
            char = _on(self._first(cchain, tag))
            value = bool(base)
            if char is not None:
                value = value != char if base else char
            out.append(value)
        if not out[0] and self._bold_font(rpr, pchain, cchain):
            out[0] = True
        return out[0], out[1]

    def _bold_font(self, rpr, pchain, cchain) -> bool:
        """A font named "Times New Roman Bold" prints bold without a w:b."""
        fonts = rpr.find(w("rFonts")) if rpr is not None else None
        if fonts is None:
            fonts = self._first(cchain, "rFonts")
        if fonts is None:
            fonts = self._first(pchain, "rFonts")
        name = fonts.get(w("ascii"), "") if fonts is not None else ""
        return name.lower().endswith(" bold")

    def superscript(self, r: etree._Element) -> bool:
        """Return whether the run is raised: superscript or the footnote reference style."""
        rpr = r.find(w("rPr"))
        if rpr is None:
            return False
        va = rpr.find(w("vertAlign"))
        if va is not None:
            return va.get(w("val")) == "superscript"
        rs = rpr.find(w("rStyle"))
        if rs is None:
            return False
        found = self._first(self.chain(rs.get(w("val"))), "vertAlign")
        return found is not None and found.get(w("val")) == "superscript"

    def centred(self, p: etree._Element) -> bool:
        """Return whether the paragraph is centred (direct or by style)."""
        jc = p.find(f"{w('pPr')}/{w('jc')}")
        if jc is None:
            jc = self._first(self.chain(self.para_style(p)), "jc", "pPr")
        return jc is not None and jc.get(w("val")) == "center"

    def numbering(self, p: etree._Element) -> tuple[str, int] | None:
        """Return (numId, level) of an automatically numbered paragraph, or None."""
        num = p.find(f"{w('pPr')}/{w('numPr')}")
        if num is None:
            num = self._first(self.chain(self.para_style(p)), "numPr", "pPr")
        if num is None:
            return None
        nid = num.find(w("numId"))
        lvl = num.find(w("ilvl"))
        if nid is None or nid.get(w("val")) in (None, "0"):
            return None
        level = xml_int(lvl.get(w("val")), 0) if lvl is not None else 0
        return nid.get(w("val")), level
