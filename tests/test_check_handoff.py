"""The render -> check hand-off and the checker's shortcuts (issue 21, commune-plan check
≤ 3 ms): the entries the renderer hands over are the zip's, checking them gives
check_bytes' findings with the same limits, and each shortcut gives what the long way
gives. (Findings on real documents: tests/test_check_golden.py.)"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import vbhc
from tests.conftest import EXAMPLES
from vbhc.batch import verified_bytes
from vbhc.checker.checker import check_bytes, check_parts
from vbhc.checker.document import Para, lazy_property, normalize
from vbhc.docx import package
from vbhc.docx.package import read_package_parts
from vbhc.docx.styles import StyleSheet, child_of, grandchild_of
from vbhc.errors import InputError, ReadError
from vbhc.renderer.pipeline import render_bytes

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("source", EXAMPLE_FILES[::4], ids=lambda p: p.stem)
def test_the_parts_handed_over_are_the_zips_entries_and_check_alike(source: Path):
    parts: dict[str, bytes] = {}
    data = render_bytes(vbhc.load(source), parts_out=parts)
    assert data == render_bytes(vbhc.load(source))  # asking for the parts changes nothing
    assert parts == _entries(data)
    assert [str(p) for p in check_parts(parts, "x.docx")] == \
        [str(p) for p in check_bytes(data, "x.docx")]


def test_verified_bytes_still_refuses_what_the_check_calls_an_error(monkeypatch):
    import vbhc.checker.checker as checker_module

    doc = vbhc.load(EXAMPLE_FILES[0])
    assert verified_bytes(doc, "x.docx") == render_bytes(doc)
    bad = checker_module.Problem("", "sai", severity="lỗi", rule="kho-giay")
    monkeypatch.setattr(checker_module, "check_document", lambda *_a, **_k: [bad])
    with pytest.raises(InputError, match="vbhc check thấy lỗi"):
        verified_bytes(doc, "x.docx")


def test_handed_over_parts_meet_the_zip_limits(monkeypatch):
    parts = _entries(vbhc.render_bytes(vbhc.load(EXAMPLE_FILES[0])))
    monkeypatch.setattr(package, "MAX_ENTRIES", len(parts) - 1)
    with pytest.raises(ReadError, match="quá nhiều phần"):
        read_package_parts(parts, "x.docx")
    monkeypatch.undo()
    monkeypatch.setattr(package, "MAX_TOTAL_BYTES", 1000)
    with pytest.raises(ReadError, match="quá lớn khi giải nén"):
        read_package_parts(parts, "x.docx")
    monkeypatch.undo()
    monkeypatch.setattr(package, "MAX_PART_BYTES", 5000)
    with pytest.raises(ReadError, match="phần word/document.xml quá lớn"):
        read_package_parts(parts, "x.docx")
    broken = dict(parts, **{"word/document.xml": b"<w:document"})
    with pytest.raises(ReadError, match="không phải XML hợp lệ"):
        read_package_parts(broken, "x.docx")


def _p(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}">{xml}</w:p>')


def test_child_lookups_find_the_first_match_in_document_order():
    p = _p("<!-- c --><w:r/><w:pPr><w:jc/></w:pPr><w:pPr><w:sectPr/><w:pStyle w:val='A'/>"
           "<w:sectPr w:x='2'/></w:pPr>")
    w = f"{{{W_NS}}}"
    assert child_of(p, f"{w}pPr") is p[2]
    assert child_of(p, f"{w}tbl") is None
    assert grandchild_of(p, "pPr", "sectPr") is p[3][0]
    assert grandchild_of(p, "pPr", "pStyle") is p[3][1]
    assert grandchild_of(p, "pPr", "ind") is None


STYLES = (f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:default="1" '
          'w:styleId="Normal"><w:pPr><w:jc w:val="both"/><w:ind w:firstLine="567"/>'
          '</w:pPr></w:style><w:style w:type="paragraph" w:styleId="A"><w:basedOn '
          'w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr></w:style></w:styles>')


@pytest.mark.parametrize("ppr", [
    "", "<w:pPr/>", "<w:pPr><w:pStyle w:val='A'/></w:pPr>",
    "<w:pPr><w:pStyle w:val='Missing'/></w:pPr>", "<w:pPr><w:pStyle w:val='A'/><w:jc "
    "w:val='right'/></w:pPr>", "<w:pPr><w:jc w:val='right'/><w:pStyle w:val='A'/></w:pPr>",
    "<w:pPr><w:pStyle/></w:pPr>", "<w:pPr><w:pStyle w:val='A'/></w:pPr><w:pPr><w:pStyle "
    "w:val='Normal'/></w:pPr>"])
def test_a_ppr_holding_only_its_style_resolves_as_the_long_way(ppr):
    styles = etree.fromstring(STYLES)
    p = _p(ppr + "<w:r><w:t>x</w:t></w:r>")
    shared = StyleSheet(styles, None, key=f"test-handoff-{ppr}")
    fresh = StyleSheet(styles, None)  # nothing shared: each paragraph resolved on its own
    fresh._para_key = lambda p, tbl: (fresh._key(p, tbl, child_of(p, f"{{{W_NS}}}pPr")),
                                      child_of(p, f"{{{W_NS}}}pPr"))
    assert shared.para_props(p) == fresh.para_props(p)
    assert shared.para_style_id(p) == fresh.para_style_id(p)
    assert shared.list_item(p) == fresh.list_item(p)
    assert shared.tab_stops(p) == fresh.tab_stops(p)


def test_normalize_remembers_only_what_it_would_compute():
    text = "  Ke\u0302\u0301 hoa\u0323ch\u00a0\t số  1 "
    assert normalize(text) == "Kế hoạch số 1" == normalize(text)
    long = "a  " * 2000
    assert normalize(long) == " ".join(["a"] * 2000)


def test_lazy_property_computes_once_per_object():
    calls = []

    class Thing:
        @lazy_property
        def value(self) -> int:
            """The value."""
            calls.append(1)
            return len(calls)

    a, b = Thing(), Thing()
    assert (a.value, a.value, b.value) == (1, 1, 2)
    assert Thing.value.__doc__ == "The value."
    assert isinstance(Para.__dict__["clean"], lazy_property)


def test_shared_small_parts_are_parsed_once_and_their_counts_still_add_up(monkeypatch):
    from vbhc.docx import limits

    parts = _entries(vbhc.render_bytes(vbhc.load(EXAMPLE_FILES[0])))
    first = read_package_parts(parts, "a.docx", share=True)
    second = read_package_parts(dict(parts), "b.docx", share=True)
    assert second.footnotes is first.footnotes and second.settings is first.settings
    assert all(second.headers[rid] is root for rid, root in first.headers.items())
    assert second.document is not first.document  # the main part is never shared
    alone = read_package_parts(parts, "c.docx")
    assert alone.footnotes is not first.footnotes
    # the kept counts of a shared footnotes part still count against this file's limits
    paras = sum(1 for _ in first.document.iter(f"{{{W_NS}}}p"))
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", paras)
    with pytest.raises(ReadError, match="đoạn văn, giới hạn"):
        read_package_parts(parts, "d.docx", share=True)


def test_a_kept_element_count_still_meets_a_lowered_limit(monkeypatch):
    from vbhc.docx import limits

    parts = _entries(vbhc.render_bytes(vbhc.load(EXAMPLE_FILES[0])))
    read_package_parts(parts, "a.docx", share=True)  # styles, theme ... counted and kept
    document = limits.quick_count(parts["word/document.xml"])
    monkeypatch.setattr(limits, "MAX_ELEMENTS", document + 10)
    with pytest.raises(ReadError, match="phần tử XML"):
        read_package_parts(parts, "b.docx", share=True)


def test_shortcuts_agree_with_the_long_way():
    from vbhc.checker.components import GAP_RE
    from vbhc.checker.document import Line
    from vbhc.checker.rules.page import PLACEHOLDER_START
    from vbhc.docx.measure import _table, text_width
    from vbhc.model.placeholder import PATTERN

    # a placeholder always holds PLACEHOLDER_START, so paragraphs without it are skipped
    for text in ["[CẦN BỔ SUNG: x]", r"\[CẦN BỔ SUNG:]", "a [CẦN BỔ SUNG:  kinh phí ] b"]:
        assert all(PLACEHOLDER_START in m.group(0) for m in PATTERN.finditer(text))
    # a line without a tab or three spaces has no column gap
    for text in ["Số: 12/UBND  Hà Nội", "a\u00a0\u00a0 b", "x\ty", "ab   cd", " \u00a0\u00a0"]:
        spaced = text.replace("\u00a0", " ")
        has_gap = GAP_RE.search(spaced) is not None
        assert has_gap == ("\t" in spaced or "   " in spaced)
        assert Line(text, []).text == text
    # widths: the sum in reading order, as the per-character loop added them
    table = _table()
    for text, bold in [("Kế hoạch số 12", False), ("ỦY BAN NHÂN DÂN ☎", True), ("", False)]:
        widths = table["bold" if bold else "regular"]
        units = 0
        for ch in text:
            units += widths.get(ch, widths["n"])
        want = round(units * 13 * 20 / table["units_per_em"])
        assert text_width(text, 13, bold=bold) == want == text_width(text, 13.0, bold=bold)


def _counts_by_walk(root: etree._Element) -> tuple[int, ...]:
    """limits.part_counts as it was: one Python walk of the story."""
    w = f"{{{W_NS}}}"
    tags = {f"{w}{t}": i for i, t in enumerate(("p", "r", "tc", "tr"))}
    out = [0] * 6
    for el in root.iter(*tags, f"{w}t", f"{w}sectPr"):
        if el.tag == f"{w}t":
            out[4] += len(el.text or "")
        elif el.tag == f"{w}sectPr":
            out[5] += 1
        else:
            out[tags[el.tag]] += 1
    return tuple(out)


def test_part_counts_in_libxml2_are_the_walks_counts(monkeypatch):
    from vbhc.docx import limits

    for source in EXAMPLE_FILES[::3]:
        parts = _entries(vbhc.render_bytes(vbhc.load(source)))
        for name in ("word/document.xml", "word/footnotes.xml", "word/header1.xml"):
            if name in parts:
                root = etree.fromstring(parts[name])
                assert limits.part_counts(root, "x", name) == _counts_by_walk(root)
                assert limits.part_counts(root, "x", name, chars=False)[4] == 0
    nested = etree.fromstring(f'<w:body xmlns:w="{W_NS}">' + "<w:tbl><w:tr><w:tc>" * 4
                              + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 4 + "</w:body>")
    assert limits.part_counts(nested, "x", "y")[:4] == (1, 0, 4, 4)
    monkeypatch.setattr(limits, "MAX_TABLE_NESTING", 4)
    limits.part_counts(nested, "x", "y")  # the innermost table has 3 tables around it
    monkeypatch.setattr(limits, "MAX_TABLE_NESTING", 3)
    with pytest.raises(ReadError, match="quá 3 cấp"):
        limits.part_counts(nested, "x", "y")


def test_text_is_counted_once_it_could_reach_the_limit(monkeypatch):
    from vbhc.docx import limits

    parts = _entries(vbhc.render_bytes(vbhc.load(EXAMPLE_FILES[0])))
    root = etree.fromstring(parts["word/document.xml"])
    text = _counts_by_walk(root)[4]
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", text - 1)  # below the bytes: counted
    with pytest.raises(ReadError, match="ký tự"):
        read_package_parts(parts, "x.docx")
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", len(parts["word/document.xml"]) * 2)
    read_package_parts(parts, "x.docx")


def test_kept_digests_are_sha256_and_bounded(monkeypatch):
    import hashlib

    monkeypatch.setattr(package, "_DIGESTS", type(package._DIGESTS)())
    monkeypatch.setattr(package, "_DIGEST_BYTES", [0])
    monkeypatch.setattr(package, "MAX_DIGEST_KEYS_TOTAL", 3000)
    blobs = [bytes([i]) * 1000 for i in range(5)] + [b"x" * (package.MAX_DIGEST_KEY + 1)]
    for blob in blobs * 2:
        assert package._sha256(blob) == hashlib.sha256(blob).hexdigest()
        assert package._sha256(bytes(blob)) == hashlib.sha256(blob).hexdigest()
    assert package._DIGEST_BYTES[0] == sum(map(len, package._DIGESTS)) <= 3000
    assert all(len(key) <= package.MAX_DIGEST_KEY for key in package._DIGESTS)


def test_shared_relationships_read_once_give_the_same_parts():
    parts = _entries(vbhc.render_bytes(vbhc.load(EXAMPLE_FILES[1])))
    first = read_package_parts(parts, "a.docx", share=True)
    again = read_package_parts(parts, "b.docx", share=True)
    alone = read_package_parts(parts, "c.docx")
    for pkg in (again, alone):
        assert pkg.header_kinds == first.header_kinds
        assert pkg.headers.keys() == first.headers.keys()
        assert (pkg.app is None) == (first.app is None)


def test_a_check_leaves_no_cyclic_garbage_and_the_collector_as_it_was():
    """The check runs with the cyclic collector paused (vbhc.checker.checker._checked): it
    must leave nothing for the collector (Document.release breaks the paragraphs' cycle)
    and put the collector back on, or leave it off when it was off."""
    import gc

    parts: dict[str, bytes] = {}
    render_bytes(vbhc.load(EXAMPLE_FILES[0]), parts_out=parts)
    check_parts(parts, "x.docx")  # warm: rule data, caches
    gc.collect()
    was = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        assert gc.isenabled()
        findings = check_parts(parts, "x.docx")
        assert gc.isenabled()
        assert gc.collect() == 0  # nothing of the check was cyclic garbage
        gc.disable()
        assert check_parts(parts, "x.docx") == findings
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.set_debug(was)
        gc.garbage.clear()
