"""The checker's paragraph shapes (vbhc.checker.document.ParaShapes, issue 21): a paragraph
whose bytes (under the same namespace declarations) were read in an earlier document is built
from what that reading found, and gives what reading it alone gives: the same lines, runs,
texts, footnote marks, places and findings, with the shapes warm or cold, on the stored
corpus, every example and one-change variants; documents whose bytes could mislead the
lookup (comments, text boxes, namespaces declared below the root, another encoding, ...)
are read alone. The shapes are bounded in entries and bytes."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

import vbhc
from tests.conftest import SHARED
from tests.docx_helpers import W, rewrite_part, w
from vbhc.checker import check_bytes, finding_dict
from vbhc.checker import document as docmod
from vbhc.checker.checker import check_parts
from vbhc.checker.components import para_facts
from vbhc.checker.document import Document, ParaShape, read_lines
from vbhc.docx import limits, package
from vbhc.docx.package import read_package, read_package_bytes, read_package_parts
from vbhc.docx.styles import StyleSheet
from vbhc.errors import ReadError

ROOT = Path(__file__).resolve().parents[1]
MAIN = "word/document.xml"


@pytest.fixture(autouse=True)
def _fresh_shapes(monkeypatch):
    # a shape made at a paragraph's first reading (vbhc makes it at the second: admit,
    # tests/test_speed_chkread2.py), so one reading warms what these tests look at
    monkeypatch.setattr(docmod, "SHAPES", docmod.ParaShapes(admit_first=True))


def _off(monkeypatch) -> None:
    monkeypatch.setattr(docmod, "_spans", lambda pkg, body: None)


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in entries.items():
            zf.writestr(name, body)
    return buf.getvalue()


def _with_main(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The .docx ``data`` with the bytes of word/document.xml changed by ``change``."""
    entries = _entries(data)
    entries[MAIN] = change(entries[MAIN])
    return _zip(entries)


def _para_view(p) -> tuple:
    """Everything a paragraph of the checker's Document holds, runs as elements."""
    return (p.index, p.el, p.text, p.clean, [(ln.text, list(ln.runs)) for ln in p.lines],
            p.footnote_refs, p.where, p.table, p.row, p.col, p.tbl, p.cell_width, p.section,
            p.label)


def _same_as_alone(pkg) -> int:
    """Assert the Document of ``pkg`` (shapes as they are) holds what reading each paragraph
    alone gives; return how many of its paragraphs were built from a shape."""
    doc = Document(pkg)
    alone = StyleSheet(pkg.styles, pkg.theme)  # nothing shared, nothing seeded
    shaped = 0
    for p in doc.paras:
        assert doc.sheet.para_key(p.el, p.tbl) == alone.para_key(p.el, p.tbl)
        assert doc.sheet.para_style_id(p.el) == alone.para_style_id(p.el)
        assert p.props == alone.para_props(p.el, p.tbl)
        assert doc.sheet.list_item(p.el, p.tbl) == alone.list_item(p.el, p.tbl)
        assert doc.sheet.tab_stops(p.el, p.tbl) == alone.tab_stops(p.el, p.tbl)
        lines, refs = read_lines(p.el, {})
        assert [(ln.text, ln.runs) for ln in p.lines] == [(ln.text, ln.runs) for ln in lines]
        assert p.footnote_refs == refs
        assert p.text == ("\n".join(ln.text for ln in lines))
        assert p.clean == docmod.normalize(p.text)
        if p.shape is not None:
            shaped += 1
            assert p.shape.sig == docmod.run_signature(lines, {})[0]
            assert para_facts(p) is not None
    return shaped


def _plain(pkg) -> list[tuple]:
    """The paragraphs of ``pkg`` read with no shapes at all."""
    keep = docmod._spans
    docmod._spans = lambda pkg, body: None
    try:
        return [_para_view(p) for p in Document(pkg).paras]
    finally:
        docmod._spans = keep


def _documents(plan: bytes) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of the stored corpus, every example rendered and one-change variants."""
    from tests.test_check_memo import _variants

    paths = sorted((SHARED / "corpus").rglob("*.docx")) if SHARED.is_dir() else []
    paths += sorted((ROOT / "tests" / "data").rglob("*.docx"))
    for path in paths:
        yield str(path), path.read_bytes()
    from tests.test_check_golden import _examples

    for path in _examples():
        yield str(path), vbhc.render_bytes(vbhc.load(path))
    for name, (data, _rules) in _variants(plan).items():
        yield name, data
    for name, change in _ADVERSE.items():
        yield name, _with_main(plan, change)


def _findings(data: bytes) -> list[dict]:
    try:
        return [finding_dict(f) for f in check_bytes(data, "x.docx")]
    except ReadError as exc:
        return [{"error": str(exc)}]


def test_paragraphs_built_from_shapes_are_what_reading_them_alone_gives(plan_bytes):
    documents = list(_documents(plan_bytes))
    shaped = 0
    for _round in range(2):  # cold, then warm: the second round builds from shapes
        for _name, data in documents:
            try:
                pkg = read_package_bytes(data, "x.docx", share=True)
            except ReadError:
                continue
            assert [_para_view(p) for p in Document(pkg).paras] == _plain(pkg)
            shaped += _same_as_alone(pkg)
    assert shaped > 3000


def test_findings_are_the_same_with_shapes_warm_cold_and_off(plan_bytes, monkeypatch):
    documents = list(_documents(plan_bytes))
    cold = {name: _findings(data) for name, data in documents}
    warm = {name: _findings(data) for name, data in documents}
    assert docmod.SHAPES.count > 100
    _off(monkeypatch)
    off = {name: _findings(data) for name, data in documents}
    assert cold == warm == off


def _comment_paragraph(xml: bytes) -> bytes:
    """A comment holding a paragraph's XML before the body's first paragraph: the parser
    drops it, so "<w:p" counts one more than the tree's w:p."""
    return xml.replace(b"<w:body>", b"<w:body><!-- <w:p><w:r><w:t>gi\xe1\xba\xa3</w:t></w:r>"
                       b"</w:p> -->", 1)


def _comment_end(xml: bytes) -> bytes:
    """A comment holding a paragraph's end tag inside a paragraph (its bytes, comment
    included, are its key: harmless)."""
    return xml.replace(b"<w:p><w:pPr>", b"<w:p><!-- </w:p> --><w:pPr>", 3)


def _nested(xml: bytes) -> bytes:
    """A paragraph inside another's text box (VML; its namespace declared on the root)."""
    xml = xml.replace(b"<w:document ", b'<w:document xmlns:v="urn:schemas-microsoft-com:vml" ',
                      1)
    box = (b"<w:r><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>H\xe1\xbb\x99p"
           b"</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    at = xml.index(b"</w:p>", xml.index(b"VBThan"))
    return xml[:at] + box + xml[at:]


def _declared_below(xml: bytes) -> bytes:
    return xml.replace(b"<w:body>", b'<w:body xmlns:x="urn:x">', 1)


def _second_prefix(xml: bytes) -> bytes:
    """W_NS bound to prefix ww too, one paragraph written with it."""
    xml = xml.replace(b"<w:document ", b'<w:document xmlns:ww="' + W.encode() + b'" ', 1)
    at = xml.index(b"<w:p>", xml.index(b"VBThan"))
    end = xml.index(b"</w:p>", at)
    return xml[:at] + b"<ww:p>" + xml[at + 5:end] + b"</ww:p>" + xml[end + 6:]


def _latin1(xml: bytes) -> bytes:
    text = xml.decode("utf-8")
    text = text.replace("encoding='UTF-8'", "encoding='ISO-8859-1'", 1)
    return text.encode("latin-1", errors="xmlcharrefreplace")


def _paragraph_before_body(xml: bytes) -> bytes:
    return xml.replace(b"<w:body>", b"<w:p><w:r><w:t>ngo\xc3\xa0i</w:t></w:r></w:p><w:body>", 1)


def _empty_paragraphs(xml: bytes) -> bytes:
    """Empty paragraphs, with and without attributes, among the body's."""
    return xml.replace(b"</w:p><w:p>", b'</w:p><w:p/><w:p w:rsidR="00A1"/><w:p>', 5)


def _attributes(xml: bytes) -> bytes:
    return xml.replace(b"<w:p>", b'<w:p w:rsidR="00A1" w:rsidRDefault="00B2">')


_ADVERSE: dict[str, Callable[[bytes], bytes]] = {
    "comment-paragraph": _comment_paragraph,
    "comment-end": _comment_end,
    "nested": _nested,
    "declared-below": _declared_below,
    "second-prefix": _second_prefix,
    "latin-1": _latin1,
    "paragraph-before-body": _paragraph_before_body,
    "empty-paragraphs": _empty_paragraphs,
    "attributes": _attributes,
}
"""Changes to a rendered plan's word/document.xml bytes that shapes must not be misled by."""

_UNSHAPED = {"comment-paragraph", "declared-below", "second-prefix", "latin-1",
             "paragraph-before-body"}
"""The changes after which the part's paragraphs are all read alone."""


@pytest.mark.parametrize("name", sorted(_ADVERSE))
def test_bytes_that_could_mislead_the_lookup_are_read_alone(plan_bytes, name):
    data = _with_main(plan_bytes, _ADVERSE[name])
    pkg = read_package_bytes(plan_bytes, "x.docx", share=True)
    Document(pkg)  # every paragraph of the plan shaped
    pkg = read_package_bytes(data, "x.docx", share=True)
    doc = Document(pkg)
    used = sum(p.shape is not None for p in doc.paras)
    if name in _UNSHAPED:
        assert used == 0
    elif name == "nested":  # the others' kept shapes used; the one holding a text box
        holder = next(p for p in doc.paras if "Hợp" not in p.text and any(  # read alone,
            True for _ in p.el.iter(w("txbxContent"))))  # nothing of it kept
        kept = [x for table in docmod.SHAPES.spaces.values() for x in table.values()]
        assert all(holder.shape is not x and doc.paras[holder.index].shape is not x
                   for x in kept)
        assert used == len(doc.paras)
    else:
        assert used == len(doc.paras)
    assert [_para_view(p) for p in Document(pkg).paras] == _plain(pkg)
    _same_as_alone(pkg)


def test_a_document_with_a_paragraph_inside_another_keeps_no_shape(plan_bytes):
    """Its bytes up to the next paragraph's start hold the paragraph with the text box only
    in part: nothing of that document is kept (the shapes kept before are used: bytes equal
    to a kept paragraph's are that whole paragraph)."""
    data = _with_main(plan_bytes, _nested)
    for _round in range(2):
        Document(read_package_bytes(data, "x.docx", share=True))
        assert docmod.SHAPES.count == 0
    Document(read_package_bytes(plan_bytes, "x.docx", share=True))
    kept = docmod.SHAPES.count
    assert kept > 50
    pkg = read_package_bytes(data, "x.docx", share=True)
    Document(pkg)
    assert docmod.SHAPES.count == kept
    _same_as_alone(pkg)
    assert [_para_view(p) for p in Document(pkg).paras] == _plain(pkg)


def test_the_same_bytes_under_other_namespaces_have_their_own_shape():
    """mc bound to markup compatibility: the mc:Fallback copy is not read; mc bound to
    another namespace: it is an unknown wrapper, its runs read."""
    para = (b"<w:p><mc:AlternateContent><mc:Choice><w:r><w:t>A</w:t></w:r></mc:Choice>"
            b"<mc:Fallback><w:r><w:t>B</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>")
    texts = []
    for uri in (b"http://schemas.openxmlformats.org/markup-compatibility/2006", b"urn:other"):
        xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="'
               + W.encode() + b'" xmlns:mc="' + uri + b'"><w:body>' + para + para
               + b"<w:sectPr/></w:body></w:document>")
        doc = Document(read_package_parts(_parts(xml), "x.docx"))
        assert [p.shape is not None for p in doc.paras] == [True, True]
        texts.append([p.text for p in doc.paras])
        _same_as_alone(read_package_parts(_parts(xml), "x.docx"))
    assert texts == [["A", "A"], ["AB", "AB"]]


def _parts(xml: bytes) -> dict[str, bytes]:
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
          b'.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType='
          b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          b"</Types>")
    return {"[Content_Types].xml": ct, MAIN: xml}


def test_every_reader_keeps_the_main_parts_bytes_and_paragraph_count(plan_bytes, tmp_path):
    entries = _entries(plan_bytes)
    path = tmp_path / "x.docx"
    path.write_bytes(plan_bytes)
    root = etree.fromstring(entries[MAIN])
    count = sum(1 for _ in root.iter(w("p")))
    for pkg in (read_package(path), read_package(path, share=True),
                read_package_bytes(plan_bytes, "x.docx"),
                read_package_parts(entries, "x.docx", share=True),
                read_package_parts(entries, "x.docx", trees={MAIN: (entries[MAIN], root)})):
        assert pkg.document_bytes == entries[MAIN]
        assert pkg.paragraphs == count
    handed = read_package_parts(entries, "x.docx", trees={MAIN: (entries[MAIN], root)})
    assert handed.document is root and handed.document_bytes is entries[MAIN]


def test_handed_over_trees_give_the_same_findings_warm(plan_bytes):
    entries = _entries(plan_bytes)

    def handed() -> list[dict]:
        parts = dict(entries)
        root = etree.fromstring(parts[MAIN])
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts[MAIN] = data
        return [finding_dict(f) for f in check_parts(parts, "x.docx", {MAIN: (data, root)})]

    first = handed()
    assert docmod.SHAPES.count > 50
    assert handed() == first == _findings(plan_bytes)


# --- bounds ---------------------------------------------------------------------------


def _deep_size(obj: object, seen: set[int] | None = None) -> int:
    """Bytes held by ``obj`` and everything it refers to (tuples, lists, strings, bytes)."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, (tuple, list)):
        size += sum(_deep_size(x, seen) for x in obj)
    elif isinstance(obj, ParaShape):
        size += sum(_deep_size(getattr(obj, name), seen) for name in ParaShape.__slots__)
    return size


def _odd_paragraphs(root: etree._Element) -> None:
    """Paragraphs a hostile file might hold: long text, many tiny runs with their own
    formatting, many lines, long footnote ids, runs in hyperlinks."""
    body = root.find(w("body"))
    odd = [
        f'<w:p xmlns:w="{W}"><w:r><w:t>{"ậ" * 1300}</w:t></w:r></w:p>',
        f'<w:p xmlns:w="{W}">' + "".join(
            f'<w:r><w:rPr><w:sz w:val="{k}"/></w:rPr><w:t>{k % 10}</w:t></w:r>'
            for k in range(40)) + "</w:p>",
        f'<w:p xmlns:w="{W}"><w:r>' + "<w:t>x</w:t><w:br/>" * 150 + "</w:r></w:p>",
        f'<w:p xmlns:w="{W}"><w:r><w:footnoteReference w:id="{"9" * 900}"/></w:r></w:p>',
        f'<w:p xmlns:w="{W}"><w:hyperlink><w:r><w:t>a</w:t></w:r></w:hyperlink>'
        '<w:ins><w:r><w:t>b</w:t></w:r></w:ins></w:p>',
        f'<w:p xmlns:w="{W}"><w:r><w:rPr><w:rFonts w:ascii="{"F" * 1200}"/></w:rPr>'
        "<w:t>c</w:t></w:r></w:p>",
    ]
    for xml in odd:
        body.insert(len(body) - 1, etree.fromstring(xml))


def test_a_shape_holds_no_more_than_it_counts(plan_bytes):
    data = rewrite_part(plan_bytes, MAIN, _odd_paragraphs)
    pkg = read_package_bytes(data, "x.docx", share=True)
    doc = Document(pkg)
    shapes = [p.shape for p in doc.paras if p.shape is not None]
    assert len(shapes) == len(doc.paras)
    assert any(len(p.lines) > 100 for p in doc.paras)
    for shape in shapes:
        assert _deep_size(shape) <= shape.size
    _same_as_alone(pkg)


def test_shapes_are_bounded_in_entries_bytes_and_key_length(plan_bytes, monkeypatch):
    data = rewrite_part(plan_bytes, MAIN, _odd_paragraphs)
    monkeypatch.setattr(docmod, "MAX_SHAPES", 7)
    for _ in range(3):
        Document(read_package_bytes(data, "x.docx", share=True))
        assert 0 < docmod.SHAPES.count <= 7
        assert sum(map(len, docmod.SHAPES.spaces.values())) <= 7
    monkeypatch.setattr(docmod, "MAX_SHAPES", 100_000)
    monkeypatch.setattr(docmod, "MAX_SHAPE_BYTES", 60_000)
    docmod.SHAPES.clear()
    for _ in range(3):
        Document(read_package_bytes(data, "x.docx", share=True))
        held = sum(shape.size + len(key) for table in docmod.SHAPES.spaces.values()
                   for key, shape in table.items())
        assert 0 < held == docmod.SHAPES.size <= 60_000
    monkeypatch.setattr(docmod, "MAX_SHAPE_KEY", 100)
    docmod.SHAPES.clear()
    doc = Document(read_package_bytes(data, "x.docx", share=True))
    assert all(len(key) <= 100 for table in docmod.SHAPES.spaces.values() for key in table)
    assert any(p.shape is None for p in doc.paras)
    assert [_para_view(p) for p in doc.paras] == _plain(doc.pkg)


def test_namespace_sets_are_bounded(monkeypatch):
    monkeypatch.setattr(docmod, "MAX_SHAPE_SPACES", 2)
    para = b"<w:p><w:r><w:t>A</w:t></w:r></w:p>"
    for k in range(5):
        xml = (b'<w:document xmlns:w="' + W.encode() + b'" xmlns:x' + str(k).encode()
               + b'="urn:x"><w:body>' + para + b"</w:body></w:document>")
        doc = Document(read_package_parts(_parts(xml), "x.docx"))
        assert doc.paras[0].shape is not None
        assert len(docmod.SHAPES.spaces) <= 2
    big = b" ".join(b'xmlns:n%d="urn:%s"' % (k, b"u" * 1000) for k in range(80))
    xml = (b'<w:document xmlns:w="' + W.encode() + b'" ' + big + b"><w:body>" + para
           + b"</w:body></w:document>")
    doc = Document(read_package_parts(_parts(xml), "x.docx"))
    assert doc.paras[0].shape is None and doc.paras[0].text == "A"


# --- limits counted only where they could refuse -----------------------------------------


def _refusal(read: Callable[[], object]) -> str | None:
    try:
        read()
    except ReadError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("limit", ["MAX_RUNS", "MAX_TABLE_CELLS", "MAX_TABLE_ROWS",
                                   "MAX_ELEMENTS", "MAX_PARAGRAPHS", "MAX_SECTIONS"])
def test_counts_left_out_of_small_packages_refuse_nothing_they_would(plan_bytes, monkeypatch,
                                                                    limit):
    """A package of fewer bytes than 4 × a limit cannot reach it: the runs, cells, rows and
    elements of such a package are not counted. Around each limit the reader refuses what
    counting everything refuses, word for word, from the bytes and from the handed tree."""
    entries = _entries(plan_bytes)
    root = etree.fromstring(entries[MAIN])
    tags = {"MAX_RUNS": "r", "MAX_TABLE_CELLS": "tc", "MAX_TABLE_ROWS": "tr",
            "MAX_PARAGRAPHS": "p", "MAX_SECTIONS": "sectPr"}
    if limit == "MAX_ELEMENTS":
        total = sum(1 for data in entries.values() for _ in etree.fromstring(data).iter())
    else:
        total = sum(1 for name, data in entries.items() if name.startswith((
            "word/document", "word/header", "word/footer", "word/footnotes"))
                    for _ in etree.fromstring(data).iter(w(tags[limit])))
    assert total > 0
    counted = limits.part_counts

    def reads() -> list[str | None]:
        data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        parts = dict(entries, **{MAIN: data})
        return [_refusal(lambda: read_package_bytes(_zip(entries), "x.docx", share=True)),
                _refusal(lambda: read_package_parts(parts, "x.docx", share=True,
                                                    trees={MAIN: (data, root)}))]

    seen = set()
    for value in sorted({1, total // 2, total - 1, total, total + 1, 10 ** 9}):
        monkeypatch.setattr(limits, limit, value)
        short = reads()
        with monkeypatch.context() as m:  # the long way: everything counted
            m.setattr(package._Reader, "few_elements", lambda self: False)
            m.setattr(limits, "part_counts", lambda *a, tables=True, **k: counted(*a, **k))
            assert reads() == short
        assert short[0] == short[1]
        seen.add(short[0] is None)
    assert seen == {True, False}


def test_part_counts_without_tables_counts_paragraphs_and_sections(plan_bytes):
    root = etree.fromstring(_entries(plan_bytes)[MAIN])
    whole = limits.part_counts(root, "x", MAIN)
    assert limits.part_counts(root, "x", MAIN, tables=False) == (
        whole[0], 0, 0, 0, whole[4], whole[5])
    assert all(whole[:4])
