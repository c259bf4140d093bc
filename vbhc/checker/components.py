"""Finding the ND30 components of a document by content and position, once for all rules.

Nothing here trusts style names: a Word user's header is a table with merged cells and
hand-typed spaces, the motto and tagline may share one paragraph, and rules may be
borders or drawn lines. Each component is a Part: a paragraph and, where a paragraph
holds several components, the line inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files

import yaml
from lxml import etree

from vbhc.checker.document import Document, Line, LineFormat, Para, normalize
from vbhc.docx.limits import xml_float, xml_int
from vbhc.docx.measure import text_width
from vbhc.docx.ns import V_NS, WP_NS, w
from vbhc.docx.styles import twips

QUOC_HIEU_RE = re.compile(r"^CỘNG H(?:ÒA|OÀ) XÃ HỘI CHỦ NGHĨA VIỆT NAM$", re.IGNORECASE)
TIEU_NGU_RE = re.compile(r"^Độc lập\s*[-–—]\s*Tự do\s*[-–—]\s*Hạnh phúc$", re.IGNORECASE)
SO_RE = re.compile(r"^Số\s*:")
NGAY_RE = re.compile(r",\s*ngày\b.*\btháng\b.*\bnăm\b", re.IGNORECASE)
VV_RE = re.compile(r"^\(?V/v\b", re.IGNORECASE)
NOI_NHAN_RE = re.compile(r"^Nơi nhận\b")
KINH_GUI_RE = re.compile(r"^Kính g[ửở]i\b")
HEADER_SCAN = 60
EMU_PER_TWIP = 635


@cache
def kind_names() -> dict[str, str | None]:
    """Return upper-case kind name -> type code, from the packaged ND30 kinds table."""
    rows = yaml.safe_load(files("vbhc.data").joinpath("loai-van-ban.yaml").read_text("utf-8"))
    return {row["ten"].upper(): row.get("ky_hieu") for row in rows}


def has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def is_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


@dataclass
class Part:
    """One component: a paragraph, or one line of it."""

    para: Para
    line: Line | None = None

    @property
    def raw(self) -> str:
        return self.line.text if self.line is not None else self.para.text

    @property
    def text(self) -> str:
        return normalize(self.raw)

    @cached_property
    def fmt(self) -> LineFormat | None:
        return self.para.fmt(self.line)

    @property
    def shown_upper(self) -> bool:
        """True when the text is upper case as printed (typed so, or w:caps)."""
        return is_upper(self.text) or bool(self.fmt and self.fmt.caps)


@dataclass
class Rule:
    """A horizontal rule drawn under a component: its length in twips."""

    length: int
    para: Para


@dataclass
class Components:
    """Everything the rules look at, found once."""

    doc: Document
    quoc_hieu: Part | None = None
    tieu_ngu: Part | None = None
    chu_quan: list[Part] = field(default_factory=list)
    issuer: list[Part] = field(default_factory=list)
    so: Part | None = None
    ngay: Part | None = None
    ten_loai: Part | None = None
    trich_yeu: list[Part] = field(default_factory=list)
    trich_yeu_cv: list[Part] = field(default_factory=list)
    can_cu: list[Para] = field(default_factory=list)
    body: list[Para] = field(default_factory=list)
    outline: list[Para] = field(default_factory=list)
    noi_nhan: Part | None = None
    recipients: list[Part] = field(default_factory=list)
    signer_titles: list[Part] = field(default_factory=list)
    signer_name: Part | None = None
    rule_tieu_ngu: Rule | None = None
    rule_issuer: Rule | None = None
    rule_trich_yeu: Rule | None = None

    @property
    def kind(self) -> str | None:
        """'typed' (has a kind name), 'cong-van' (has V/v), or None."""
        if self.ten_loai is not None:
            return "typed"
        if self.trich_yeu_cv:
            return "cong-van"
        return None


def _lines(paras: list[Para]) -> list[Part]:
    return [Part(p, ln) for p in paras for ln in p.lines]


def find_components(doc: Document) -> Components:
    comp = Components(doc)
    top = [p for p in doc.paras[:HEADER_SCAN] if p.where != "header"]
    parts = _lines(top)
    comp.quoc_hieu = next((x for x in parts if QUOC_HIEU_RE.match(x.text)), None)
    comp.tieu_ngu = next((x for x in parts if TIEU_NGU_RE.match(x.text)), None)
    comp.so = next((x for x in parts if SO_RE.match(x.text)), None)
    comp.ngay = next((x for x in parts if NGAY_RE.search(x.text) and len(x.text) < 80), None)
    _issuer(comp)
    header_end = _header_end(comp)
    comp.trich_yeu_cv = [x for x in parts
                         if x.para.index <= header_end + 2 and VV_RE.match(x.text)]
    if comp.trich_yeu_cv:
        header_end = max(header_end, max(x.para.index for x in comp.trich_yeu_cv))
    body_start = _title(comp, header_end)
    _closing(comp)
    _body(comp, body_start)
    comp.rule_tieu_ngu = _rule_under(comp, [comp.quoc_hieu, comp.tieu_ngu], comp.tieu_ngu)
    comp.rule_issuer = _rule_under(comp, comp.issuer, comp.issuer[-1] if comp.issuer else None)
    comp.rule_trich_yeu = _rule_under(
        comp, comp.trich_yeu, comp.trich_yeu[-1] if comp.trich_yeu else None)
    return comp


def _issuer(comp: Components) -> None:
    so = comp.so
    if so is None or so.para.where != "cell":
        return
    lines = []
    for p in comp.doc.paras:
        if p.index >= so.para.index:
            break
        if p.table == so.para.table and p.col == so.para.col and p.where == "cell" \
                and (p.row or 0) <= (so.para.row or 0):
            lines += [Part(p, ln) for ln in p.lines if has_letters(ln.text)]
    lines = [x for x in lines if not QUOC_HIEU_RE.match(x.text)
             and not TIEU_NGU_RE.match(x.text) and not VV_RE.match(x.text)]
    if len(lines) >= 2 and lines[0].fmt and not lines[0].fmt.bold and any(
            x.fmt and x.fmt.bold for x in lines[1:]):
        comp.chu_quan, comp.issuer = lines[:1], lines[1:]
    else:
        comp.issuer = lines


def _header_end(comp: Components) -> int:
    found = [x.para for x in (comp.quoc_hieu, comp.tieu_ngu, comp.so, comp.ngay) if x]
    end = max((p.index for p in found), default=0)
    tables = {p.table for p in found if p.where == "cell"}
    for p in comp.doc.paras:
        if p.where == "cell" and p.table in tables:
            end = max(end, p.index)
    return end


def _title(comp: Components, header_end: int) -> int:
    """Find kind name and abstract after the header; return the first body index."""
    doc = comp.doc
    names = kind_names()
    seen = 0
    start = header_end + 1
    for p in doc.paras[header_end:]:
        if p.where != "body" or not p.clean:
            continue
        seen += 1
        if seen > 3:
            break
        if p.clean.rstrip(":").upper() in names and not p.clean.endswith(":"):
            comp.ten_loai = Part(p)
            start = p.index + 1
            break
    if comp.ten_loai is None:
        return start
    for p in doc.paras[comp.ten_loai.para.index:]:
        text = p.clean
        if p.where != "body" or not text or is_upper(text) or p.props.jc != "center" \
                or text.startswith(("Căn cứ", "Kính gửi")) or len(comp.trich_yeu) >= 4:
            break
        comp.trich_yeu += [Part(p, ln) for ln in p.lines if normalize(ln.text)]
        start = p.index + 1
    return start


def _closing(comp: Components) -> None:
    doc = comp.doc
    start = comp.ten_loai.para.index if comp.ten_loai else 1
    label = None
    for p in doc.paras[start:]:
        for ln in p.lines:
            if NOI_NHAN_RE.match(normalize(ln.text)):
                label = Part(p, ln)
                break
        if label:
            break
    if label is None:
        return
    comp.noi_nhan = label
    lp = label.para
    after = lp.lines[lp.lines.index(label.line) + 1:]
    recips = [Part(lp, ln) for ln in after if normalize(ln.text)]
    for p in doc.paras[lp.index:]:
        if lp.where == "cell":
            if p.where != "cell" or p.table != lp.table or p.col != lp.col:
                if p.table != lp.table:
                    break
                continue
        elif p.where != lp.where or (not p.clean and recips):
            break
        recips += [Part(p, ln) for ln in p.lines if normalize(ln.text)]
    comp.recipients = recips
    if lp.where != "cell":
        return
    signer = [Part(p, ln) for p in doc.paras if p.where == "cell" and p.table == lp.table
              and p.col != lp.col and p.index > lp.index - 40 for ln in p.lines
              if normalize(ln.text)]
    signer = [x for x in signer if x.para.row == lp.row]
    for x in signer:
        if x.shown_upper and comp.signer_name is None and len(comp.signer_titles) < 4:
            comp.signer_titles.append(x)
        else:
            break
    rest = signer[len(comp.signer_titles):]
    if rest and not rest[-1].shown_upper:
        comp.signer_name = rest[-1]


def _body(comp: Components, body_start: int) -> None:
    end = comp.noi_nhan.para.index if comp.noi_nhan else len(comp.doc.paras) + 1
    if comp.noi_nhan and comp.noi_nhan.para.where == "cell":
        end = min(p.index for p in comp.doc.paras if p.table == comp.noi_nhan.para.table)
    addressees = False
    for p in comp.doc.paras[body_start - 1:end - 1]:
        if p.where != "body" or not p.clean:
            continue
        if KINH_GUI_RE.match(p.clean):  # "Kính gửi:" and its "- ...;" lines (ô 9a)
            addressees = not p.clean.endswith(".")
            continue
        if addressees and p.clean.startswith("-"):
            addressees = not p.clean.endswith(".")
            continue
        addressees = False
        comp.outline.append(p)
        if p.props.jc == "center" or (p.props.jc in ("right", "end") and one_line(p)):
            continue  # headings, captions, "Đơn vị tính" lines: placed, not body text
        comp.body.append(p)
    if comp.kind != "typed":
        return  # a công văn opening "Căn cứ ..." is prose, not a block of legal bases
    for p in comp.body:  # legal bases open the body, one per paragraph
        if not p.clean.startswith("Căn cứ"):
            break
        comp.can_cu.append(p)


def one_line(p: Para) -> bool:
    """True when the paragraph's text fits on one line of the page."""
    fmt = p.fmt()
    if fmt is None:
        return True
    room = _text_width(p.doc, p) - p.props.left - p.props.right - p.props.first_line
    return text_width(p.clean, fmt.size, bold=fmt.bold, italic=fmt.italic) < room * 0.95


# --- rules drawn under components -------------------------------------------------------

def _rule_under(comp: Components, parts: list[Part | None], anchor: Part | None) -> Rule | None:
    """Return the rule under ``anchor``: a bottom border on its paragraph, an empty bordered
    paragraph just below, or a drawn horizontal line anchored near it."""
    if anchor is None:
        return None
    doc = comp.doc
    paras: list[Para] = []
    for x in parts:
        if x is not None and x.para not in paras:
            paras.append(x.para)
    last = anchor.para
    if "bottom" in last.props.borders:
        return Rule(_border_length(doc, last), last)
    following = []
    for p in doc.paras[last.index:last.index + 2]:
        if p.clean or p.where != last.where or p.table != last.table or p.col != last.col:
            break
        following.append(p)
        if p.props.borders & {"top", "bottom"}:
            return Rule(_border_length(doc, p), p)
    if last.where == "cell":  # Word users anchor drawn lines anywhere in the column
        following += [p for p in doc.paras if p.where == "cell" and p.table == last.table
                      and p.col == last.col and p.index > last.index]
    for p in paras + following:
        length = _drawn_line(p.el)
        if length:
            return Rule(length, p)
    return None


def _border_length(doc: Document, p: Para) -> int:
    width = p.cell_width - _cell_margins(doc, p) if p.cell_width else _text_width(doc, p)
    return max(0, width - p.props.left - p.props.right)


def _text_width(doc: Document, p: Para) -> int:
    sect = doc.sections[min(p.section, len(doc.sections) - 1)]
    return (sect.width or 11906) - (sect.margin("left") or 0) - (sect.margin("right") or 0)


def _cell_margins(doc: Document, p: Para) -> int:
    sources = [p.tbl.find(w("tblPr"))] if p.tbl is not None else []
    sources += [st.find(w("tblPr")) for st in doc.sheet.chain(doc.sheet.table_style_id(p.tbl))]
    total = 0
    for side, alt in (("left", "start"), ("right", "end")):
        value = None
        for src in sources:
            mar = src.find(w("tblCellMar")) if src is not None else None
            el = None if mar is None else mar.find(w(side))
            if el is None and mar is not None:
                el = mar.find(w(alt))
            if el is not None:
                value = twips(el.get(w("w")))
                break
        total += 108 if value is None else value
    return total


def _drawn_line(p: etree._Element) -> int | None:
    """Return the length (twips) of a horizontal line shape anchored in ``p``."""
    for ext in p.iter(f"{{{WP_NS}}}extent"):
        cx, cy = xml_int(ext.get("cx"), 0, 0, 10 ** 12), xml_int(ext.get("cy"), 0, 0, 10 ** 12)
        if cx > 0 and cy * 10 < cx:
            return round(cx / EMU_PER_TWIP)
    if any(True for _ in p.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline")):
        return None
    for shape in p.iter(f"{{{V_NS}}}line"):
        a = _pt_pair(shape.get("from", "0,0"))
        b = _pt_pair(shape.get("to", "0,0"))
        if a and b and abs(b[1] - a[1]) * 10 < abs(b[0] - a[0]):
            return round(abs(b[0] - a[0]) * 20)
    for shape in p.iter(f"{{{V_NS}}}shape"):
        style = dict(kv.split(":", 1) for kv in shape.get("style", "").split(";") if ":" in kv)
        width, height = _css_pt(style.get("width")), _css_pt(style.get("height")) or 0
        if width and height * 10 < width:
            return round(width * 20)
    return None


def _pt_pair(value: str) -> tuple[float, float] | None:
    try:
        x, y = (_css_pt(v) for v in value.split(","))
    except ValueError:
        return None
    return (x, y) if x is not None and y is not None else None


def _css_pt(value: str | None) -> float | None:
    """Return a VML length in points ('42.6pt', '1in', '3cm', '0')."""
    if not value:
        return None
    value = value.strip()
    units = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
    for unit, factor in units.items():
        if value.endswith(unit):
            number = xml_float(value[:-len(unit)])
            return None if number is None else number * factor
    number = xml_float(value)
    return None if number is None else number * 0.75  # bare VML numbers are pixels
