"""The checker's cross-document paragraph memo (vbhc.checker.components.para_facts, issue 21)
gives what each paragraph gives on its own: the majority formatting of a paragraph and of each
of its lines, and what rules phong-chu and mau-chu find in its runs, whatever documents were
checked before. Same text with other formatting (direct run properties, another paragraph
style, a table style, another style sheet) and the same formatting in another place must not
share an answer. (Findings on the stored corpus with the memo: tests/test_check_golden.py.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree

import vbhc
from tests.conftest import SHARED
from tests.docx_helpers import rewrite_part
from vbhc.checker import check_bytes, finding_dict
from vbhc.checker import components as comps
from vbhc.checker.components import para_facts, para_format, shown_paras
from vbhc.checker.document import Document
from vbhc.checker.rules.page import _bad_fonts, _colours
from vbhc.docx import styles
from vbhc.docx.package import read_package_bytes
from vbhc.docx.styles import SheetMemo

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WANT = "Times New Roman"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _styled(root: etree._Element, style: str) -> list[etree._Element]:
    return [p for p in root.iter(_w("p"))
            if any(s.get(_w("val")) == style for s in p.iter(_w("pStyle")))]


def _text_run(p: etree._Element) -> etree._Element:
    return next(r for r in p.iter(_w("r")) if "".join(t.text or "" for t in r.iter(_w("t"))))


def _run_props(xml: str, style: str = "VBThan", nth: int = 3) -> Callable:
    """Give the text run of the ``nth`` paragraph of ``style`` the direct w:rPr ``xml``."""
    def change(root: etree._Element) -> None:
        run = _text_run(_styled(root, style)[nth])
        run.insert(0, etree.fromstring(f'<w:rPr xmlns:w="{W}">{xml}</w:rPr>'))
    return change


def _restyle(style: str, other: str, nth: int = 3) -> Callable:
    def change(root: etree._Element) -> None:
        p = _styled(root, style)[nth]
        next(p.iter(_w("pStyle"))).set(_w("val"), other)
    return change


def _second_line(root: etree._Element) -> None:
    """The issuer's first line gets a second line, not bold, in the same paragraph."""
    p = _styled(root, "VBCoQuan")[0]
    run = etree.fromstring(f'<w:r xmlns:w="{W}"><w:rPr><w:b w:val="0"/></w:rPr><w:br/>'
                           '<w:t>PHÒNG THỬ NGHIỆM</w:t></w:r>')
    p.append(run)


def _body_copy_in_table(root: etree._Element) -> None:
    """A body paragraph's exact copy in a new table whose style sets another font and colour."""
    p = _styled(root, "VBThan")[2]
    tbl = etree.fromstring(
        f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="BangThu"/></w:tblPr>'
        '<w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
        '<w:tcW w:w="9000" w:type="dxa"/></w:tcPr></w:tc></w:tr></w:tbl>')
    tbl.find(f"{_w('tr')}/{_w('tc')}").append(etree.fromstring(etree.tostring(p)))
    p.addnext(tbl)


def _table_style(root: etree._Element) -> None:
    root.append(etree.fromstring(
        f'<w:style xmlns:w="{W}" w:type="table" w:styleId="BangThu"><w:name w:val="Bang"/>'
        '<w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/>'
        '<w:color w:val="0000FF"/></w:rPr></w:style>'))


def _variants(plan: bytes) -> dict[str, tuple[bytes, set[str]]]:
    """name -> (document, rules it must be found to break): the plan with one change."""
    doc = "word/document.xml"
    in_table = rewrite_part(rewrite_part(plan, doc, _body_copy_in_table), "word/styles.xml",
                        _table_style)
    return {
        "co chu": (rewrite_part(plan, doc, _run_props('<w:sz w:val="30"/>')), {"than-co-chu"}),
        "phong": (rewrite_part(plan, doc,
                               _run_props('<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/>')),
                  {"phong-chu"}),
        "mau": (rewrite_part(plan, doc, _run_props('<w:color w:val="FF0000"/>')), {"mau-chu"}),
        "in dam": (rewrite_part(plan, doc, _run_props("<w:b/>", "VBCanCu", 0)), set()),
        "nghieng tat": (rewrite_part(plan, doc, _run_props('<w:i w:val="0"/>', "VBCanCu", 0)),
                        {"can-cu"}),
        "kieu khac": (rewrite_part(plan, doc, _restyle("VBThan", "VBNoiNhan")), {"than-co-chu"}),
        "hai dong": (rewrite_part(plan, doc, _second_line), {"co-quan-ban-hanh"}),
        "trong bang": (in_table, {"phong-chu", "mau-chu"}),
        "mac dinh khac": (rewrite_part(plan, "word/styles.xml", _other_defaults), {"phong-chu"}),
    }


def _other_defaults(root: etree._Element) -> None:
    rpr = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    fonts = rpr.find(_w("rFonts"))
    if fonts is None:
        fonts = etree.SubElement(rpr, _w("rFonts"))
    for slot in ("ascii", "hAnsi"):
        fonts.set(_w(slot), "Arial")
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for st in root.iter(_w("style")):
        for f in st.iter(_w("rFonts")):
            f.getparent().remove(f)


def _findings(data: bytes) -> list[dict]:
    return [finding_dict(f) for f in check_bytes(data, "x.docx")]


def test_findings_are_the_same_with_the_memo_and_without_it(plan_bytes, monkeypatch):
    variants = _variants(plan_bytes)
    shared = {name: _findings(data) for name, (data, _rules) in variants.items()}
    again = {name: _findings(data) for name, (data, _rules) in variants.items()}
    monkeypatch.setattr(comps, "MEMO_PARA_CHARS", -1)  # nothing shared across documents
    monkeypatch.setattr(styles, "_SHARED", type(styles._SHARED)())  # nor kept from before
    alone = {name: _findings(data) for name, (data, _rules) in variants.items()}
    assert shared == alone == again
    base = {f["rule"] for f in _findings(plan_bytes)}
    for name, (_data, rules) in variants.items():
        found = {f["rule"] for f in shared[name]} - base
        assert rules <= found, name


def _check_paragraphs(doc: Document) -> int:
    """Assert each paragraph's memo answers are what the paragraph gives on its own."""
    seen = 0
    for p in shown_paras(doc):
        assert para_format(p) == p.fmt()
        for line in p.lines:
            assert para_format(p, line) == p.fmt(line)
        facts = para_facts(p)
        bad = facts.fonts.get(WANT)
        if bad is None:
            bad = facts.fonts[WANT] = _bad_fonts(p, WANT)
        assert bad == _bad_fonts(p, WANT)
        if facts.colours is None:
            facts.colours = _colours(p)
        assert facts.colours == _colours(p)
        seen += 1
    return seen


def _corpus() -> list[bytes]:
    paths = sorted((SHARED / "corpus").rglob("*.docx")) if SHARED.is_dir() else []
    paths += sorted((ROOT / "tests" / "data").rglob("*.docx"))
    return [p.read_bytes() for p in paths]


def test_every_paragraph_gets_its_own_answer_from_the_warm_memo(plan_bytes):
    documents = [plan_bytes] + [data for data, _rules in _variants(plan_bytes).values()]
    documents += _corpus()
    seen = 0
    for _round in range(2):  # the second round answers from the memo
        for data in documents:
            try:
                pkg = read_package_bytes(data, "x.docx", share=True)
            except vbhc.errors.ReadError:
                continue  # the damaged packages of tests/data/fuzz
            seen += _check_paragraphs(Document(pkg))
    assert seen > 2000


def test_same_text_other_place_or_formatting_has_its_own_key(plan_bytes):
    data = rewrite_part(rewrite_part(plan_bytes, "word/document.xml", _body_copy_in_table),
                    "word/styles.xml", _table_style)
    doc = Document(read_package_bytes(data, "x.docx", share=True))
    copies = {}
    for p in doc.paras:
        copies.setdefault(p.text, []).append(p)
    body, cell = next(ps for ps in copies.values() if len(ps) == 2 and ps[0].text.strip())
    assert (body.where, cell.where) == ("body", "cell")
    assert para_facts(body) is not para_facts(cell)
    assert para_format(body) == body.fmt() and para_format(cell) == cell.fmt()
    assert (_bad_fonts(body, WANT), _bad_fonts(cell, WANT)) == ([], ["Arial"])
    assert (_colours(body), _colours(cell)) == ([], ["0000FF"])


def test_the_memo_is_bounded_in_entries_and_size(monkeypatch):
    monkeypatch.setattr(styles, "MAX_MEMO", 3)
    monkeypatch.setattr(styles, "MAX_MEMO_SIZE", 1600)
    memo = SheetMemo()
    for k in range(3):
        memo.put((k,), k, 10)
    assert len(memo.entries) == 3 and memo.size == 30
    memo.put((3,), 3, 10)  # a fourth entry: started again
    assert memo.entries == {(3,): 3} and memo.size == 10
    memo.put((4,), 4, 101)  # over MAX_MEMO_SIZE / 16: not kept
    assert memo.get((4,)) is None
    for k in range(5, 7):
        memo.put((k,), k, 100)
    memo.put((7,), 7, 100)
    assert len(memo.entries) <= 3 and memo.size <= 1600


def test_a_long_paragraph_is_not_kept(plan_bytes, monkeypatch):
    monkeypatch.setattr(comps, "MEMO_PARA_CHARS", 20)
    doc = Document(read_package_bytes(plan_bytes, "x.docx", share=True))
    before = len(doc.sheet.memo.entries)
    long_ = [p for p in doc.paras if len(p.text) > 20]
    for p in long_:
        para_format(p)
    assert len(doc.sheet.memo.entries) == before
    assert all(para_format(p) == p.fmt() for p in long_)


def test_a_paragraphs_own_properties_count_in_the_memos_size(plan_bytes):
    """The paragraph's w:pPr is part of its key (StyleSheet.para_key): its XML text counts in
    the memo's size, so paragraphs with huge w:pPr cannot hold megabytes under a small count
    (was: 200 paragraphs with a 20,000-character w:pPr held 4 MB, counted as 14,000)."""
    def huge_props(root: etree._Element) -> None:
        body = root.find(_w("body"))
        for k in range(50):
            body.insert(len(body) - 1, etree.fromstring(
                f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="VBThan"/><w:rPr><w:rFonts '
                f'w:ascii="{"A" * 20000}{k}"/></w:rPr></w:pPr><w:r><w:t>x{k}</w:t></w:r></w:p>'))
    data = rewrite_part(plan_bytes, "word/document.xml", huge_props)
    doc = Document(read_package_bytes(data, "x.docx", share=True))
    for p in doc.paras:
        para_format(p)
    memo = doc.sheet.memo
    assert sum(len(key[0][2]) for key in memo.entries) <= memo.size
    assert all(para_format(p) == p.fmt() for p in doc.paras)


def test_long_font_and_colour_names_found_count_in_the_memos_size(plan_bytes):
    """What phong-chu and mau-chu find (font families, colours: new strings per paragraph)
    counts in the memo's size: a style with a 100,000-character colour and font name given
    to 60 short paragraphs left 12 MB in the memo after the check, counted as ~1,000."""
    big = "a" * 100_000

    def style(root: etree._Element) -> None:
        root.append(etree.fromstring(
            f'<w:style xmlns:w="{W}" w:type="paragraph" w:styleId="Big"><w:name w:val="Big"/>'
            f'<w:rPr><w:color w:val="{big}"/><w:rFonts w:ascii="{big} x" w:hAnsi="{big} x"/>'
            '</w:rPr></w:style>'))

    def paras(root: etree._Element) -> None:
        body = root.find(_w("body"))
        for k in range(60):
            body.insert(len(body) - 1, etree.fromstring(
                f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Big"/></w:pPr>'
                f'<w:r><w:t>x{k}</w:t></w:r></w:p>'))
    data = rewrite_part(rewrite_part(plan_bytes, "word/styles.xml", style),
                        "word/document.xml", paras)
    found = _findings(data)
    assert sum(f["rule"] in ("phong-chu", "mau-chu") for f in found) >= 120
    pkg = read_package_bytes(data, "x.docx", share=True)
    memo = Document(pkg).sheet.memo
    held = sum(len(c) for v in memo.entries.values() for c in (v.colours or ()))
    held += sum(len(f) for v in memo.entries.values() for fs in v.fonts.values() for f in fs)
    assert held <= memo.size <= styles.MAX_MEMO_SIZE
