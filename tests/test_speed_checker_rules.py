"""The checker's shared per-document work (issue 21, session 30) gives the findings the rules
gave when each looped over its own paragraphs: body text rules judging a group of paragraphs
that look alike once (Components.than_looks), phong-chu and mau-chu reading one list of
paragraphs with text and their facts (Components.shown_facts). Each rule's hits, in order, are
compared with the per-paragraph code they replace (kept here) on the stored corpus, the test
documents, the plan example and copies of it made to split its body paragraphs' looks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

import vbhc
from tests.conftest import SHARED
from tests.docx_helpers import rewrite_part
from vbhc.checker.components import (
    Components,
    find_components,
    one_line,
    para_facts,
    para_format,
    shown_paras,
)
from vbhc.checker.document import Document
from vbhc.checker.rules import REGISTRY, Hit, RuleSpec, load_rules, page
from vbhc.checker.rules._common import JUSTIFIED, after_lead, size_range
from vbhc.checker.rules.body import ALIGN_NAMES
from vbhc.docx.measure import text_width
from vbhc.docx.package import read_package_bytes

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- the per-paragraph code the shared work replaces -------------------------------------

def _than_can_deu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for p in comp.than:
        if p.props.jc not in JUSTIFIED and not one_line(p):
            yield Hit(p, ALIGN_NAMES.get(p.props.jc, p.props.jc or "căn trái"))


def _than_co_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    lo, hi = size_range(spec.params["co_chu"])
    for p in comp.than:
        fmt = para_format(p)
        if fmt and not lo <= fmt.size <= hi:
            yield Hit(p, f"{fmt.size:g}")


def _than_thut_dau_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    lo, hi = spec.params["twip"]
    slack = spec.params["dung_sai_twip"]

    def fits(indent: float) -> bool:
        return lo - slack <= indent <= hi + slack

    for p in comp.than:
        if p.props.numbered:
            continue
        indent = p.props.first_line - p.props.hanging
        if fits(indent):
            continue
        lead = p.text[:1] in ("\t", " ", "\xa0")
        if lead and indent <= 0:
            fmt = para_format(p)
            size = fmt.size if fmt else 13
            pos, _kind, _text = after_lead(p, p.lines[0].text, p.props.left + indent, size)
            step = text_width(" ", size)
            if lo - max(slack, step) <= pos - p.props.left <= hi + max(slack, step):
                continue
            yield Hit(p, "bằng dấu cách hoặc phím Tab thay cho thụt lề dòng đầu")
        elif indent == 0 and fits(p.props.left) and one_line(p):
            continue
        else:
            yield Hit(p, f"{indent / 567:.2f} cm".replace(".", ","))


def _than_khoang_cach(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    least = spec.params["toi_thieu_pt"] * 20
    for p in comp.than:
        gap = p.props.before + p.props.after
        if gap < least:
            yield Hit(p, f"{gap / 20:g} pt (trước {p.props.before / 20:g}, sau "
                         f"{p.props.after / 20:g})")


def _than_gian_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    lo, hi = spec.params["boi_so"]
    for p in comp.than:
        if p.props.line_rule != "auto":
            continue
        lines = (p.props.line or 240) / 240
        if not lo - 0.001 <= lines <= hi + 0.001:
            yield Hit(p, f"{lines:.2f} dòng".replace(".", ","))


def _than_gian_dong_co_dinh(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    lo, hi = spec.params["he_so"]
    for p in comp.than:
        rule_kind, line, fmt = p.props.line_rule, p.props.line, para_format(p)
        if rule_kind == "auto" or not line or fmt is None:
            continue
        ratio = line / 20 / fmt.size
        too_small = rule_kind == "exact" and ratio < lo
        if too_small or ratio > hi:
            word = "đúng" if rule_kind == "exact" else "tối thiểu"
            yield Hit(p, f"{word} {line / 20:g} pt với chữ cỡ {fmt.size:g}")


PER_PARAGRAPH: dict[str, Callable[[Components, RuleSpec], Iterator[Hit]]] = {
    "than-can-deu": _than_can_deu,
    "than-co-chu": _than_co_chu,
    "than-thut-dau-dong": _than_thut_dau_dong,
    "than-khoang-cach": _than_khoang_cach,
    "than-gian-dong": _than_gian_dong,
    "than-gian-dong-co-dinh": _than_gian_dong_co_dinh,
}


# --- documents made to split the body's looks ---------------------------------------------

def _body(root: etree._Element) -> list[etree._Element]:
    return [p for p in root.iter(_w("p"))
            if any(s.get(_w("val")) == "VBThan" for s in p.iter(_w("pStyle")))]


def _ppr(p: etree._Element) -> etree._Element:
    ppr = p.find(_w("pPr"))
    if ppr is None:
        ppr = etree.Element(_w("pPr"))
        p.insert(0, ppr)
    return ppr


def _set(nth: int, xml: str) -> Callable[[etree._Element], None]:
    """Give the ``nth`` body paragraph the direct paragraph property ``xml``."""
    def change(root: etree._Element) -> None:
        _ppr(_body(root)[nth]).append(etree.fromstring(f'<x xmlns:w="{W}">{xml}</x>')[0])
    return change


def _run(nth: int, xml: str) -> Callable[[etree._Element], None]:
    """Give the text runs of the ``nth`` body paragraph the direct w:rPr ``xml``."""
    def change(root: etree._Element) -> None:
        for r in _body(root)[nth].iter(_w("r")):
            if r.find(_w("t")) is not None:
                r.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}">{xml}</w:rPr>'))
    return change


def _lead(nth: int, typed: str) -> Callable[[etree._Element], None]:
    """Type ``typed`` (tabs, spaces) before the ``nth`` body paragraph's text, with no
    first-line indent."""
    def change(root: etree._Element) -> None:
        p = _body(root)[nth]
        _ppr(p).append(etree.fromstring(f'<w:ind xmlns:w="{W}" w:firstLine="0"/>'))
        t = next(t for t in p.iter(_w("t")) if t.text)
        t.text = typed + t.text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return change


def _empty_runs(root: etree._Element) -> None:
    """An empty paragraph whose empty run is in Arial and red: nothing to report."""
    p = _body(root)[1]
    empty = etree.fromstring(
        f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>'
        '<w:color w:val="FF0000"/></w:rPr><w:t></w:t></w:r></w:p>')
    p.addnext(empty)


CHANGES: dict[str, list[Callable[[etree._Element], None]]] = {
    "thut le 0": [_set(2, '<w:ind w:firstLine="0"/>')],
    "treo": [_set(3, '<w:ind w:hanging="400"/>')],
    "trai": [_set(4, '<w:jc w:val="left"/>'), _set(6, '<w:jc w:val="left"/>')],
    "giua": [_set(5, '<w:jc w:val="center"/>')],
    "khoang cach": [_set(7, '<w:spacing w:before="0" w:after="0"/>')],
    "gian dong": [_set(8, '<w:spacing w:line="480" w:lineRule="auto"/>')],
    "co dinh": [_set(9, '<w:spacing w:line="200" w:lineRule="exact"/>'),
                _set(11, '<w:spacing w:line="900" w:lineRule="atLeast"/>')],
    "danh so": [_set(10, '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')],
    "co chu": [_run(12, '<w:sz w:val="30"/>'), _run(3, '<w:sz w:val="20"/>')],
    "tab": [_lead(13, "\t")],
    "cach": [_lead(14, "      ")],
    "phong mau": [_run(15, '<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:color w:val="00FF00"/>'),
                  _empty_runs],
}


def _variants(plan: bytes) -> dict[str, bytes]:
    out = {}
    for name, changes in CHANGES.items():
        data = plan
        for change in changes:
            data = rewrite_part(data, "word/document.xml", change)
        out[name] = data
    every = plan
    for changes in CHANGES.values():
        for change in changes:
            every = rewrite_part(every, "word/document.xml", change)
    out["tat ca"] = every
    return out


def _documents(plan: bytes) -> list[bytes]:
    docs = [plan, *_variants(plan).values()]
    paths = sorted((SHARED / "corpus").rglob("*.docx")) if SHARED.is_dir() else []
    paths += sorted((ROOT / "tests" / "data").rglob("*.docx"))
    return docs + [p.read_bytes() for p in paths]


def _hits(hits: Iterator[Hit]) -> list[tuple]:
    out = []
    for hit in hits:
        where = hit.where
        para = getattr(where, "para", where)
        out.append((getattr(para, "index", None), getattr(where, "text", None), hit.chi_tiet,
                    hit.excerpt))
    return out


def _opened(data: bytes) -> Document | None:
    try:
        return Document(read_package_bytes(data, "x.docx", share=True))
    except vbhc.errors.ReadError:
        return None  # the damaged packages of tests/data/fuzz


def test_body_rules_judge_each_look_once_with_the_same_hits(plan_bytes):
    specs = load_rules()
    compared = found = 0
    for data in _documents(plan_bytes):
        for per_paragraph in (False, True):  # either may fill the paragraphs' facts first
            doc = _opened(data)
            if doc is None:
                continue
            comp = find_components(doc)
            for rid, old in PER_PARAGRAPH.items():
                first, second = (old, REGISTRY[rid]) if per_paragraph else (REGISTRY[rid], old)
                a, b = _hits(first(comp, specs[rid])), _hits(second(comp, specs[rid]))
                assert a == b, rid
                compared += len(comp.than)
                found += len(a)
            doc.release()
    assert compared > 5000 and found > 30


def test_the_plan_variants_break_the_body_rules(plan_bytes):
    specs = load_rules()
    rules = set()
    for data in _variants(plan_bytes).values():
        comp = find_components(_opened(data))
        assert len(comp.than_looks) < len(comp.than)
        rules |= {rid for rid in PER_PARAGRAPH if list(REGISTRY[rid](comp, specs[rid]))}
    assert rules == set(PER_PARAGRAPH)


def test_looks_hold_every_body_paragraph_once_in_order(plan_bytes):
    comp = find_components(_opened(_variants(plan_bytes)["tat ca"]))
    looks = comp.than_looks
    assert sorted((p for look in looks for p in look.paras), key=lambda p: p.index) == comp.than
    for look in looks:
        assert [p.index for p in look.paras] == sorted(p.index for p in look.paras)
        for p in look.paras:
            assert p.props is look.props and para_format(p) is look.fmt


def _phong_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    want = spec.params["phong"]
    for p in shown_paras(comp.doc):
        bad = page._bad_fonts(p, want)
        if bad:
            yield Hit(p if p.where != "header" else None,
                      ", ".join(f"«{f}»" for f in bad) + page._in_header(p))


def _mau_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for p in shown_paras(comp.doc):
        colours = page._colours(p)
        if colours:
            yield Hit(p if p.where != "header" else None,
                      ", ".join(f"#{c}" for c in colours) + page._in_header(p))


def _ky_tu_ngoai_phong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for p in shown_paras(comp.doc):
        missing = page._not_in_times(p.text)
        if missing:
            yield Hit(p if p.where != "header" else None,
                      " ".join(f"«{ch}» (U+{ord(ch):04X})" for ch in missing[:5])
                      + page._in_header(p))


EVERY_RUN = {"phong-chu": _phong_chu, "mau-chu": _mau_chu,
             "ky-tu-ngoai-phong": _ky_tu_ngoai_phong}


def _in_headers(root: etree._Element) -> None:
    """Header runs in Arial and blue, one of them empty."""
    for r in root.iter(_w("r")):
        r.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}"><w:rFonts w:ascii="Arial" '
                                     'w:hAnsi="Arial"/><w:color w:val="0000FF"/></w:rPr>'))
    p = next(root.iter(_w("p")))
    p.append(etree.fromstring(f'<w:r xmlns:w="{W}"><w:rPr><w:color w:val="FF0000"/></w:rPr>'
                              '<w:t xml:space="preserve"> </w:t><w:t>★</w:t></w:r>'))


def test_every_run_rules_read_the_shown_paragraphs_once(plan_bytes):
    """phong-chu, mau-chu and ky-tu-ngoai-phong read Components.shown (and shown_facts:
    the paragraphs with text and their facts), found once for the three: the same hits as
    each paragraph shown judged on its own, empty ones included."""
    specs = load_rules()
    documents = _documents(plan_bytes)
    for part in ("word/header1.xml", "word/header2.xml", "word/footer1.xml"):
        try:
            documents.append(rewrite_part(plan_bytes, part, _in_headers))
        except KeyError:
            continue
    found = set()
    for data in documents:
        doc = _opened(data)
        if doc is None:
            continue
        comp = find_components(doc)
        assert comp.shown == shown_paras(doc)
        assert [p for p, _f in comp.shown_facts] == [p for p in comp.shown if p.text]
        for p, facts in comp.shown_facts:
            assert facts is para_facts(p)
        for p in comp.shown:
            if not p.text:  # no run with text: nothing either rule could find in it
                assert page._bad_fonts(p, "Times New Roman") == [] and page._colours(p) == []
        for rid, old in EVERY_RUN.items():
            hits = _hits(REGISTRY[rid](comp, specs[rid]))
            assert hits == _hits(old(comp, specs[rid])), rid
            found |= {(rid, hit[0] is None) for hit in hits}
        doc.release()
    assert {("phong-chu", False), ("mau-chu", False), ("phong-chu", True),
            ("mau-chu", True), ("ky-tu-ngoai-phong", True)} <= found


# --- smaller shortcuts --------------------------------------------------------------------

def _old_cell_margins(doc: Document, p) -> int:
    """components._cell_margins as it was (lxml's find)."""
    from vbhc.docx.ns import w
    from vbhc.docx.styles import twips

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


def _margins(root: etree._Element) -> None:
    """The header table gets its own cell margins (start/end spelt), the closing table a
    w:tblCellMar with only a right margin and a comment."""
    tables = list(root.iter(_w("tbl")))
    ppr = tables[0].find(_w("tblPr"))
    ppr.append(etree.fromstring(f'<w:tblCellMar xmlns:w="{W}"><w:start w:w="50" '
                                'w:type="dxa"/><w:end w:w="70" w:type="dxa"/></w:tblCellMar>'))
    ppr = tables[-1].find(_w("tblPr"))
    ppr.append(etree.fromstring(f'<w:tblCellMar xmlns:w="{W}"><!-- x --><w:right w:w="9" '
                                'w:type="dxa"/></w:tblCellMar>'))


def test_cell_margins_are_read_as_lxml_finds_them(plan_bytes):
    from vbhc.checker.components import _cell_margins

    documents = _documents(plan_bytes) + [rewrite_part(plan_bytes, "word/document.xml",
                                                       _margins)]
    seen = set()
    for data in documents:
        doc = _opened(data)
        if doc is None:
            continue
        for p in doc.paras:
            if p.where == "cell":
                found = _cell_margins(doc, p)
                assert found == _old_cell_margins(doc, p)
                seen.add(found)
    assert 120 in seen and len(seen) > 3  # 120: the start/end margins given above


def test_after_lead_without_a_lead_gives_the_text_back(plan_bytes):
    doc = _opened(plan_bytes)
    p = next(p for p in doc.paras if p.text.strip())
    for raw in ("", "Căn cứ", "\tCăn cứ", "  \xa0Căn cứ", "\t \t", "Căn\tcứ "):
        found = after_lead(p, raw, 300, 13)
        if raw[:1] not in ("\t", " ", "\xa0"):
            assert found == (300, None, raw)
        else:
            assert found[2] == raw.lstrip(" \t\xa0") and found[0] > 300
