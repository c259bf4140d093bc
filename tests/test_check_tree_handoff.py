"""The renderer hands the checker the tree it wrote word/document.xml from (issue 21: the
commune-plan check parses no part twice). Taking it must be the same as parsing the bytes:
the same findings on every example and on commune plans, the same refusals past the
limits, and the bytes parsed as before whenever the tree could differ from them."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE
from vbhc.batch import verified_bytes
from vbhc.checker.checker import check_bytes, check_parts
from vbhc.docx import limits, package
from vbhc.docx.package import handed_tree, read_package_parts
from vbhc.errors import ReadError
from vbhc.renderer import pipeline, tables
from vbhc.renderer.pipeline import render_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MAIN = "word/document.xml"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _rendered(doc) -> tuple[bytes, dict[str, bytes], dict]:
    parts: dict[str, bytes] = {}
    trees: dict = {}
    data = render_bytes(doc, parts_out=parts, trees_out=trees)
    return data, parts, trees


def _serialised(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _same_findings(parts: dict[str, bytes], trees: dict, data: bytes) -> None:
    handed = [str(p) for p in check_parts(parts, "x.docx", trees)]
    assert handed == [str(p) for p in check_parts(parts, "x.docx")]
    assert handed == [str(p) for p in check_bytes(data, "x.docx")]


@pytest.mark.parametrize("source", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_checks_alike_with_the_tree_handed_over(source: Path):
    data, parts, trees = _rendered(vbhc.load(source))
    assert data == render_bytes(vbhc.load(source))  # asking for the tree changes nothing
    data_, root = trees[MAIN]
    assert data_ is parts[MAIN] and _serialised(root) == data_  # its exact serialisation
    assert handed_tree(parts[MAIN], trees[MAIN]) is not None  # and taken
    pkg = read_package_parts(parts, "x.docx", share=True, trees=trees)
    assert pkg.document is root
    assert etree.tostring(root) == etree.tostring(package.parse_xml(data_, MAIN))
    _same_findings(parts, trees, data)


@pytest.fixture(scope="module")
def commune_plans():
    """Commune plans derived as the bench's 3,321 are (the Lạng Sơn plan after 2025)."""
    plan = vbhc.load(PLAN_EXAMPLE)
    date = plan.ngay_ban_hanh.model_copy(update={"thang": 8, "nam": 2025})
    plan = plan.model_copy(update={"ngay_ban_hanh": date})
    return [vbhc.derive(plan, name).plan for name in ("xã Đồng Đăng", "phường Lương Văn Tri",
                                                      "xã Cao Lộc")]


def test_commune_plans_check_alike_with_the_tree_handed_over(commune_plans):
    for doc in commune_plans:
        data, parts, trees = _rendered(doc)
        assert MAIN in trees
        _same_findings(parts, trees, data)
        assert verified_bytes(doc, "x.docx") == data


def test_no_tree_when_stored_rows_went_into_the_bytes(monkeypatch):
    monkeypatch.setattr(tables, "LEAN_ROWS", 1)  # every table's rows kept as bytes
    source = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
    data, parts, trees = _rendered(vbhc.load(source))
    assert trees == {}
    _same_findings(parts, trees, data)


def test_a_tree_without_its_bytes_object_is_not_taken():
    _data, parts, trees = _rendered(vbhc.load(EXAMPLE_FILES[0]))
    copy = bytes(bytearray(parts[MAIN]))  # equal bytes, another object (edited, say)
    assert copy == parts[MAIN] and copy is not parts[MAIN]
    assert handed_tree(copy, trees[MAIN]) is None
    pkg = read_package_parts(dict(parts, **{MAIN: copy}), "x.docx", trees=trees)
    assert pkg.document is not trees[MAIN][1]


def _handed(root: etree._Element) -> tuple[dict[str, bytes], dict]:
    """The first example's parts with ``root`` as word/document.xml and its tree."""
    _data, parts, _trees = _rendered(vbhc.load(EXAMPLE_FILES[0]))
    data = _serialised(root)
    return dict(parts, **{MAIN: data}), {MAIN: (data, root)}


def _read_both(parts: dict[str, bytes], trees: dict):
    """read_package_parts with and without the tree: both packages, or both messages."""
    out = []
    for given in (trees, None):
        try:
            out.append(read_package_parts(parts, "x.docx", trees=given))
        except ReadError as exc:
            out.append(str(exc))
    return out


def _document(body: str) -> etree._Element:
    return etree.fromstring(f'<w:document xmlns:w="{W_NS}"><w:body>{body}<w:sectPr/>'
                            "</w:body></w:document>")


def test_what_the_parser_would_drop_or_refuse_is_parsed_from_the_bytes():
    para = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    # document, body, p and 253 levels: 256 deep, which parses; one level more does not
    nested = "<w:p>" + "<w:x>" * 253 + "</w:x>" * 253 + "</w:p>"
    too_deep = _document(nested)  # made as a tree: the parser refuses its serialisation
    deepest = too_deep[0][0]
    while len(deepest):
        deepest = deepest[0]
    etree.SubElement(deepest, f"{{{W_NS}}}x")
    with_comment = _document(para)
    with_comment[0][0].append(etree.Comment("c"))
    with_pi = _document(para)
    with_pi[0][0].append(etree.ProcessingInstruction("pi", "x"))
    with_entity = _document(para)
    with_entity[0][0][0][0].append(etree.Entity("amp"))
    with_doctype = etree.fromstring(f'<!DOCTYPE w:document><w:document xmlns:w="{W_NS}">'
                                    f"<w:body>{para}</w:body></w:document>")

    class Custom(etree.ElementBase):
        pass

    lookup = etree.XMLParser()
    lookup.set_element_class_lookup(etree.ElementDefaultClassLookup(element=Custom))
    custom = etree.fromstring(etree.tostring(_document(para)), lookup)
    inner = _document(para)[0]  # not the root of its tree
    taken = [_document(para), _document(nested)]
    parsed = [with_comment, with_pi, with_entity, with_doctype, custom,
              too_deep, inner]
    for root in taken + parsed:
        parts, trees = _handed(root)
        handed, alone = _read_both(parts, trees)
        if root in taken:
            assert handed.document is root
        elif isinstance(handed, package.Package):
            assert handed.document is not root
        if isinstance(alone, str):
            assert handed == alone  # the same refusal, word for word
        else:
            assert etree.tostring(handed.document) == etree.tostring(alone.document)
    assert "lồng nhau quá 256 cấp" in _read_both(*_handed(too_deep))[0]


def test_limits_refuse_a_handed_tree_as_they_refuse_its_bytes(monkeypatch):
    _data, parts, trees = _rendered(vbhc.load(EXAMPLE_FILES[0]))
    root = trees[MAIN][1]
    count = limits.quick_count(parts[MAIN])
    assert count == handed_tree(parts[MAIN], trees[MAIN])
    paras = sum(1 for _ in root.iter(f"{{{W_NS}}}p"))
    for name, value in (("MAX_ELEMENTS", count - 1), ("MAX_PARAGRAPHS", paras - 1),
                        ("MAX_TABLE_NESTING", 0)):
        monkeypatch.setattr(limits, name, value)
        handed, alone = _read_both(parts, trees)
        assert isinstance(handed, str) and handed == alone
        monkeypatch.undo()
    monkeypatch.setattr(package, "MAX_PART_BYTES", len(parts[MAIN]) - 1)
    handed, alone = _read_both(parts, trees)
    assert "quá lớn" in handed and handed == alone
    monkeypatch.undo()
    monkeypatch.setattr(package, "HANDED_MAX_BYTES", len(parts[MAIN]) - 1)
    assert handed_tree(parts[MAIN], trees[MAIN]) is None  # a part this big is parsed


def test_render_bytes_hands_over_no_tree_without_parts_out():
    trees: dict = {}
    render_bytes(vbhc.load(EXAMPLE_FILES[0]), trees_out=trees)
    assert trees == {}
    assert "trees_out" in pipeline.render_bytes.__code__.co_varnames


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
ODD_BODY = (
    "<w:p><w:r><w:t>top</w:t></w:r></w:p>"
    "<w:tbl><w:tblGrid><w:gridCol w:w='2000'/><w:gridCol w:w='3000'/><w:gridCol w:w='x'/>"
    "</w:tblGrid><w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
    "<w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>a2</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:sdt><w:sdtContent><w:tr><w:tc><w:tcPr><w:tcW w:w='1500' w:type='dxa'/></w:tcPr>"
    "<w:p><w:r><w:t>b</w:t></w:r></w:p>"
    "<w:tbl><w:tblGrid><w:gridCol w:w='700'/></w:tblGrid><w:tr><w:tc><w:tcPr>"
    "<w:tcW w:w='50' w:type='pct'/></w:tcPr><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc>"
    "</w:tr></w:tbl></w:tc>"
    "<w:tc><w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>box in cell</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>table in box</w:t></w:r></w:p></w:tc></w:tr>"
    "</w:tbl></w:txbxContent></w:drawing></w:r></w:p></w:tc></w:tr></w:sdtContent></w:sdt>"
    "<w:tr><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    f"<w:p><w:r><mc:AlternateContent xmlns:mc='{MC}'><mc:Choice><w:drawing><w:txbxContent>"
    "<w:p><w:r><w:t>chosen box</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>copy</w:t></w:r></w:p>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>copy cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
    "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    "<w:tc><w:p><w:r><w:t>cell without a row</w:t></w:r></w:p></w:tc>"
    "<w:tr><w:tc><w:p><w:r><w:t>row without a table</w:t></w:r></w:p></w:tc></w:tr>"
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>d</w:t></w:r></w:p></w:tc></w:tr><w:tr/><w:tr/>"
    "</w:tbl>")


def _places_the_long_way(doc) -> list[tuple]:
    """Where each paragraph of ``doc.body`` sits, found as Document did before one walk up
    did it all: in_fallback, a text-box ancestor, cell_place and TableGrid per paragraph."""
    from vbhc.docx.styles import grandchild_of, twips
    from vbhc.docx.tables import TableGrid, cell_place, top_tables
    from vbhc.docx.text import in_fallback

    w = f"{{{W_NS}}}"
    grids = TableGrid()
    grids.number(top_tables(doc.body))
    out = []
    for p in doc.body.iter(f"{w}p"):
        if in_fallback(p):
            continue
        if next(p.iterancestors(f"{w}txbxContent"), None) is not None:
            out.append(("textbox", None, None, None, None, None))
            continue
        place = cell_place(p)
        if place is None:
            out.append(("body", None, None, None, None, None))
            continue
        col, n = grids.cell(place.tr, place.tc)
        tcw = grandchild_of(place.tc, "tcPr", "tcW")
        width = twips(tcw.get(f"{w}w")) if tcw is not None and tcw.get(
            f"{w}type", "dxa") == "dxa" else None
        width = width or sum(grids.widths(place.tbl)[col:col + n]) or None
        out.append(("cell", grids.table(place.top), grids.row(place.tbl, place.tr), col,
                    width, place.tbl))
    return out


def test_one_walk_up_places_paragraphs_as_the_long_way():
    from vbhc.checker.document import Document, _data_table

    _data, parts, _trees = _rendered(vbhc.load(EXAMPLE_FILES[0]))
    root = _document(ODD_BODY)
    doc = Document(read_package_parts(dict(parts, **{MAIN: _serialised(root)}), "x.docx"))
    got = [(p.where, p.table, p.row, p.col, p.cell_width, p.tbl if p.where == "cell" else None)
           for p in doc.paras]
    assert got == _places_the_long_way(doc)
    assert [p.text for p in doc.paras if p.where == "textbox"] == [
        "box in cell", "table in box", "chosen box"]
    assert {p.text: p.cell_width for p in doc.paras if p.where == "cell"} == {
        "a": 3000, "a2": 3000, "b": 1500, "inner": 700, "": 3000, "c": 2000, "d": None}
    tables = list(doc.body.iter(f"{{{W_NS}}}tbl"))
    w = f"{{{W_NS}}}"
    assert [_data_table(t) for t in tables] == [
        len(t.findall(f"{w}tr")) >= 3 or len(t.findall(f"{w}tblGrid/{w}gridCol")) >= 3
        for t in tables] == [True, False, False, False, True]
