"""The checker's shortcuts (issue 21) give what the long way gives: the regex of characters
Times New Roman lacks, the element count read from a part's bytes, the style sheet and
parsed parts shared across documents built from one template. (Findings on real documents:
tests/test_check_golden.py.)"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import SHARED
from vbhc.checker import check_bytes
from vbhc.checker.rules.page import NOT_IN_TIMES_RE, TNR_RANGES, WGL4_SYMBOLS, in_times
from vbhc.docx import limits, package
from vbhc.docx.package import read_package_bytes
from vbhc.docx.styles import StyleSheet
from vbhc.errors import ReadError

ROOT = Path(__file__).resolve().parents[1]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rewrite(data: bytes, part: str, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        raw = {n: zf.read(n) for n in zf.namelist()}
    raw[part] = change(raw[part])
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in raw.items():
            zf.writestr(name, body)
    return buf.getvalue()


def test_not_in_times_regex_agrees_with_in_times_on_every_character():
    edges = {c for lo, hi in TNR_RANGES for c in (lo - 1, lo, hi, hi + 1)}
    codes = set(range(0x10000)) | edges | {0x1F600, 0x1F4DE, 0x2705, 0x10FFFF}
    codes |= {ord(ch) for ch in WGL4_SYMBOLS}
    wrong = [hex(c) for c in sorted(codes) if 0 <= c <= 0x10FFFF
             and (NOT_IN_TIMES_RE.fullmatch(chr(c)) is None) != in_times(chr(c))]
    assert wrong == []


def _parser_count(data: bytes) -> int | None:
    parser = etree.XMLParser(target=limits._Counter(10 ** 9), resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _stored_parts(plan: bytes) -> list[bytes]:
    sources = [io.BytesIO(plan)]
    sources += sorted((SHARED / "corpus").rglob("*.docx")) if SHARED.is_dir() else []
    sources += sorted((ROOT / "tests" / "data").rglob("*.docx"))
    out = []
    for source in sources:
        try:
            with zipfile.ZipFile(source) as zf:
                out += [zf.read(n) for n in zf.namelist() if n.endswith((".xml", ".rels"))]
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError):
            continue  # the damaged packages of tests/data/fuzz
    return out


def test_quick_count_is_the_parsers_count_on_real_parts(plan_bytes):
    counted = 0
    for data in _stored_parts(plan_bytes):
        quick = limits.quick_count(data)
        real = _parser_count(data)
        if quick is not None and real is not None:
            assert quick == real
            counted += 1
    assert counted > 100


W = f'xmlns:w="{W_NS}"'


@pytest.mark.parametrize(("xml", "quick"), [
    (f"<w:p {W}><w:r><w:t>a</w:t></w:r><w:r/></w:p>".encode(), 4),
    (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:p {W}><w:r/></w:p>'
     .encode(), 2),
    (b"\xef\xbb\xbf" + f"<?xml version='1.0'?><w:p {W}/>".encode(), 1),
    (f"<w:p {W}><!-- <w:r/> --></w:p>".encode(), None),  # a comment may hold "<"
    (f"<w:p {W}><w:t><![CDATA[<<<]]></w:t></w:p>".encode(), None),
    (f"<w:p {W}><?pi <x?></w:p>".encode(), None),
    (b'<!DOCTYPE d [<!ENTITY e "<a/><a/>">]><d>&e;&e;</d>', None),
    (f'<?xml version="1.0" encoding="ISO-2022-JP"?><w:p {W}/>'.encode(), None),
    (f"<w:p {W}><w:r/></w:p>".encode("utf-16-le"), None),
    (f"<w:p {W}><w:r/></w:p>".encode("utf-16"), None),
])
def test_quick_count_counts_only_what_it_can_count_exactly(xml, quick):
    assert limits.quick_count(xml) == quick
    if quick is not None:
        assert _parser_count(xml) == quick


def test_element_limit_still_refuses_with_the_quick_count(plan_bytes, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ELEMENTS", 50)
    with pytest.raises(ReadError, match="phần tử XML"):
        read_package_bytes(plan_bytes, "x.docx", share=True)


def test_shared_parts_are_parsed_once_and_only_when_asked(plan_bytes):
    a = read_package_bytes(plan_bytes, "a.docx", share=True)
    b = read_package_bytes(plan_bytes, "b.docx", share=True)
    c = read_package_bytes(plan_bytes, "c.docx")
    assert a.styles is b.styles and a.theme is b.theme
    assert c.styles is not a.styles
    assert a.style_key() == b.style_key() == c.style_key()
    assert etree.tostring(c.styles) == etree.tostring(a.styles)
    other = _rewrite(plan_bytes, "word/styles.xml", lambda x: x.replace(b"w:val=\"28\"",
                                                                        b"w:val=\"24\""))
    d = read_package_bytes(other, "d.docx", share=True)
    assert d.style_key() != a.style_key() and d.styles is not a.styles


def test_a_style_sheet_without_key_shares_nothing(plan_bytes):
    pkg = read_package_bytes(plan_bytes, "a.docx", share=True)
    one = StyleSheet(pkg.styles, pkg.theme)
    two = StyleSheet(pkg.styles, pkg.theme)
    keyed = StyleSheet(pkg.styles, pkg.theme, key=pkg.style_key())
    again = StyleSheet(pkg.styles, pkg.theme, key=pkg.style_key())
    assert one._resolved is not two._resolved
    assert keyed._resolved is again._resolved


def _long_chain(data: bytes) -> bytes:
    n = limits.MAX_STYLE_CHAIN + 5
    chain = "".join(f'<w:style w:type="paragraph" w:styleId="S{k}"><w:basedOn '
                    f'w:val="S{k + 1}"/></w:style>' for k in range(n))
    return data.replace(b"</w:styles>", chain.encode() + b"</w:styles>")


def test_a_refused_styles_part_is_refused_every_time(plan_bytes):
    bad = _rewrite(plan_bytes, "word/styles.xml", _long_chain)
    for _ in range(2):
        with pytest.raises(ReadError, match="basedOn"):
            read_package_bytes(bad, "x.docx", share=True)


def test_lowered_limits_refuse_a_styles_part_that_passed_before(plan_bytes, monkeypatch):
    read_package_bytes(plan_bytes, "x.docx", share=True)
    monkeypatch.setattr(limits, "MAX_STYLES", 1)
    with pytest.raises(ReadError, match="kiểu định dạng"):
        read_package_bytes(plan_bytes, "x.docx", share=True)


def test_findings_do_not_depend_on_the_documents_checked_before(plan_bytes):
    arial = _rewrite(plan_bytes, "word/styles.xml",
                     lambda x: x.replace(b"Times New Roman", b"Arial"))
    first = check_bytes(arial, "a.docx")
    assert {f.rule for f in first} >= {"phong-chu"}
    package._SHARED_PARTS.clear()
    assert check_bytes(plan_bytes, "b.docx") == []
    assert check_bytes(arial, "a.docx") == first
    assert check_bytes(plan_bytes, "b.docx") == []
