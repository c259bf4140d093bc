"""Reading rendered .docx files in tests: parts, paragraph texts, effective formatting.

Independent of vbhc's own code on purpose: the tests judge the file as Word would read it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(el) -> bool | None:
    """Return a w:b / w:i style toggle's value, or None when absent."""
    if el is None:
        return None
    return el.get(w("val"), "true") not in ("0", "false", "off")


@dataclass
class Docx:
    """An opened .docx: its zip entries and parsed main parts."""

    path: Path
    entries: dict[str, bytes]
    _parsed: dict = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, path) -> Docx:
        with zipfile.ZipFile(path) as zf:
            return cls(Path(path), {n: zf.read(n) for n in zf.namelist()})

    def xml(self, name: str):
        """Return the parsed part, parsed once: elements from two calls are the same objects."""
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self.entries[name])
        return self._parsed[name]

    @cached_property
    def document(self):
        return self.xml("word/document.xml")

    @cached_property
    def styles(self):
        return self.xml("word/styles.xml")

    def paragraphs(self) -> list:
        """Return every w:p of the body in reading order (table cells included)."""
        return list(self.document.find("w:body", NS).iter(w("p")))

    def footnotes(self) -> dict[int, str]:
        """Return footnote id -> text for real (non-separator) footnotes."""
        root = self.xml("word/footnotes.xml")
        out = {}
        for fn in root.findall("w:footnote", NS):
            if fn.get(w("type")) in ("separator", "continuationSeparator"):
                continue
            out[int(fn.get(w("id")))] = para_text(fn).strip()
        return out

    # --- formatting as Word resolves it: run, run style, paragraph style chain, defaults
    def _style(self, style_id: str):
        for st in self.styles.findall("w:style", NS):
            if st.get(w("styleId")) == style_id:
                return st
        return None

    def _chain(self, style_id: str | None) -> list:
        chain, seen = [], set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            st = self._style(style_id)
            if st is None:
                break
            chain.append(st)
            based = st.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def _default_style_id(self) -> str | None:
        for st in self.styles.findall("w:style", NS):
            if st.get(w("type")) == "paragraph" and st.get(w("default")) in ("1", "true"):
                return st.get(w("styleId"))
        return None

    def paragraph_style_id(self, p) -> str | None:
        ps = p.find("w:pPr/w:pStyle", NS)
        return ps.get(w("val")) if ps is not None else self._default_style_id()

    def ppr_value(self, p, path: str, attr: str) -> str | None:
        """Return a paragraph property attribute from direct pPr, then the style chain."""
        sources = [p.find("w:pPr", NS)] + [st.find("w:pPr", NS) for st in
                                             self._chain(self.paragraph_style_id(p))]
        sources.append(self.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS))
        for src in sources:
            if src is None:
                continue
            el = src.find(path, NS)
            if el is not None and el.get(w(attr)) is not None:
                return el.get(w(attr))
        return None

    def run_props(self, p, r=None) -> dict:
        """Return effective size (pt), bold, italic and font of a run (or the paragraph)."""
        rprs = []
        if r is not None:
            rpr = r.find("w:rPr", NS)
            rprs.append(rpr)
            rs = rpr.find("w:rStyle", NS) if rpr is not None else None
            if rs is not None:
                rprs += [st.find("w:rPr", NS) for st in self._chain(rs.get(w("val")))]
        rprs += [st.find("w:rPr", NS) for st in self._chain(self.paragraph_style_id(p))]
        rprs.append(self.styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS))
        out = {"size": None, "bold": None, "italic": None, "font": None}
        for rpr in rprs:
            if rpr is None:
                continue
            sz = rpr.find("w:sz", NS)
            if out["size"] is None and sz is not None:
                out["size"] = int(sz.get(w("val"))) / 2
            for key, tag in (("bold", "b"), ("italic", "i")):
                if out[key] is None:
                    out[key] = _on(rpr.find(f"w:{tag}", NS))
            fonts = rpr.find("w:rFonts", NS)
            if out["font"] is None and fonts is not None and fonts.get(w("ascii")):
                out["font"] = fonts.get(w("ascii"))
        out["bold"] = bool(out["bold"])
        out["italic"] = bool(out["italic"])
        return out


def para_text(p, footnote_marks: bool = False) -> str:
    """Return the visible text of a paragraph (w:t, tabs, breaks); footnote references as
    ``[^id]`` when ``footnote_marks``."""
    out = []
    for el in p.iter(w("t"), w("tab"), w("br"), w("footnoteReference")):
        if el.tag == w("t"):
            out.append(el.text or "")
        elif el.tag == w("tab"):
            out.append("\t")
        elif el.tag == w("br"):
            out.append("\n")
        elif footnote_marks:
            out.append(f"[^{el.get(w('id'))}]")
    return "".join(out)


def find_paragraph(doc: Docx, predicate):
    """Return the first body paragraph whose text satisfies ``predicate``."""
    for p in doc.paragraphs():
        if predicate(para_text(p)):
            return p
    raise AssertionError("không tìm thấy đoạn văn mong đợi")


def rewrite_part(data: bytes, part: str, change) -> bytes:
    """Return the .docx ``data`` with XML ``part`` changed in place by ``change`` (called
    with the part's root element), the other entries as they were."""
    import io

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        raw = {n: zf.read(n) for n in zf.namelist()}
    root = etree.fromstring(raw[part])
    change(root)
    raw[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in raw.items():
            zf.writestr(name, body)
    return buf.getvalue()
