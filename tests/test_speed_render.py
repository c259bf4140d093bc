"""Cheaper finishing of a rendered package (issue 21: batch speed) gives the same answers
as the plain ways it replaces: ElementPath/XPath look-ups, per-document style sheets,
fresh compression. Equality only: the time is measured in `make bench`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import vbhc
from vbhc.renderer import package
from vbhc.renderer.package import NS, RULE_STYLE, StyleFonts, style_fonts

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
W = NS["w"]


def _rendered(path: Path = PLAN) -> dict[str, bytes]:
    data = vbhc.render_bytes(vbhc.load(path))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _odd_body() -> etree._Element:
    """A body with what the fast walks must treat as ElementPath does: two w:pPr, a
    w:pStyle without w:val before a rule style, a section break nested in a w:pPrChange,
    a paragraph with two w:sectPr, a comment between paragraphs, text only in a tail."""
    return etree.fromstring(f"""<w:document xmlns:w="{W}"><w:body>
<w:p><w:pPr><w:pStyle/></w:pPr><w:pPr><w:pStyle w:val="{RULE_STYLE}"/></w:pPr></w:p>
<w:p><w:pPr><w:jc/><w:pStyle w:val="A"/></w:pPr><w:pPr><w:pStyle w:val="B"/></w:pPr></w:p>
<w:p><w:pPr/><w:pPr><w:pStyle w:val="VBDoKhan"/></w:pPr></w:p>
<w:p><!--c--><w:pPr><w:pStyle w:val="C"/></w:pPr></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:tcW w:w="3000"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Normal"/><w:pStyle w:val="VBDoMat"/></w:pPr></w:p>
</w:tc></w:tr></w:tbl>
<!-- x --><w:p><w:pPr><w:pPrChange><w:pPr><w:sectPr/></w:pPr></w:pPrChange></w:pPr></w:p>
<w:p><w:pPr><w:sectPr/><w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:pPr><w:r>b<w:t/>c</w:r></w:p>
<w:p><w:pPr><w:sectPr/></w:pPr></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:left="1701" w:right="1134"/></w:sectPr>
</w:body></w:document>""")


def test_fast_walks_answer_as_elementpath_and_xpath():
    root = _odd_body()
    body = root.find("w:body", NS)
    assert [s for _p, s in package._breaks(body)] == list(body.iterfind("w:p/w:pPr/w:sectPr",
                                                                        NS))
    for p in root.iter(f"{{{W}}}p"):
        assert package._grandchild(p, package._PPR, package._PSTYLE) is p.find("w:pPr/w:pStyle",
                                                                              NS)
        assert package._blank(p) is (not "".join(p.itertext()).strip())
    named = ("VBTruocKy", "VBDoMat", "VBDoKhan", *sorted(package._nd30()["co_chu_toi_thieu"]))
    test = " or ".join(f"@w:val = '{s}'" for s in named)
    old = etree.XPath(f"//w:p[w:pPr/w:pStyle[starts-with(@w:val, '{RULE_STYLE}') or {test}]"
                      " or preceding-sibling::*[1][self::w:p]]", namespaces=NS)(root)
    # Rule sizing walks every paragraph once now; one outside the XPath's candidates has
    # no style it sizes and no paragraph right before it, so it is never drawn as a rule.
    assert old
    for p in root.iter(f"{{{W}}}p"):
        if p in old:
            continue
        style = package._grandchild(p, package._PPR, package._PSTYLE)
        name = (style.get(package._VAL) or "") if style is not None else ""
        assert not name.startswith(RULE_STYLE) and name not in named
        above = p.getprevious()
        assert above is None or above.tag != f"{{{W}}}p"


def test_style_fonts_are_kept_by_the_bytes_of_the_styles_part():
    styles = _rendered()["word/styles.xml"]
    fresh = StyleFonts(etree.fromstring(styles))
    kept = style_fonts(styles)
    again = style_fonts(bytes(bytearray(styles)))  # equal bytes, another object
    for style in ("VBCoQuan", "VBTrichYeu", "VBTieuNgu", "VBDoMat", "no-such-style"):
        assert kept(style) == fresh(style) == again(style)
    bigger = styles.replace(b'w:styleId="VBCoQuan"', b'w:styleId="VBCoQuanX"')
    assert style_fonts(bigger)("VBCoQuan") == StyleFonts(etree.fromstring(bigger))("VBCoQuan")
    for n in range(package.MAX_STYLE_PARTS + 3):  # bounded
        style_fonts(styles.replace(b"</w:styles>", f"<!-- {n} --></w:styles>".encode()))
    assert len(package._STYLE_PARTS) <= package.MAX_STYLE_PARTS


def test_section_widths_take_each_paragraphs_first_break():
    root = _odd_body()
    body = root.find("w:body", NS)
    old = [(p, p.find("w:pPr/w:sectPr", NS)) for p in body.xpath("w:p[w:pPr/w:sectPr]",
                                                                  namespaces=NS)]
    assert package._first_breaks(body) == old and len(old) == 2


def test_wired_footnote_parts_are_kept_by_their_bytes():
    from vbhc.renderer.engine import compile_template
    from vbhc.renderer.template import template_path

    template = compile_template(template_path("ke-hoach"), "ke-hoach")
    fresh = dict(template.parts)
    package._wire(fresh)
    for _ in range(2):
        parts = dict(template.parts)
        package._wire_footnotes(parts)
        assert parts == fresh
    assert b"footnotes.xml" in fresh["word/_rels/document.xml.rels"]
    for n in range(package.MAX_STYLE_PARTS + 3):
        parts = {**template.parts, "word/settings.xml": template.parts["word/settings.xml"]
                 .replace(b"</w:settings>", f"<!--{n}--></w:settings>".encode())}
        package._wire_footnotes(parts)
    assert len(package._WIRED_PARTS) <= package.MAX_STYLE_PARTS


def test_runs_of_texts_without_footnotes_are_kept_and_citations_never():
    from vbhc.renderer import runs

    runs._UNCITED.clear()
    text = "Căn cứ **Luật** *A & B* <x>\tc\nd"
    first = runs.runs_xml(text, runs.FootnoteNumbering(), upper=True)
    assert runs.runs_xml(text, None, upper=True) == first != runs.runs_xml(text, None)
    assert (text, True) in runs._UNCITED
    notes = runs.FootnoteNumbering()
    cited = "Theo luật[^a] và nghị định[^b], luật[^a]"
    once = runs.runs_xml(cited, notes)
    again = runs.runs_xml(cited, notes)  # a second citation: numbers, not new marks
    assert once != again and notes.ids == {"a": 1, "b": 2}
    assert (cited, False) not in runs._UNCITED
    for n in range(runs.MAX_UNCITED + 1):
        runs.runs_xml(str(n), None)
    assert len(runs._UNCITED) <= runs.MAX_UNCITED


@given(st.lists(st.sampled_from(["\n", "<w:p", " ", ">", "<w:pPr>", "x", "\n<w:p>", "<"]),
                max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_paragraphs_back_is_the_regex(text):
    from vbhc.renderer import engine

    assert engine._paragraphs_back(text) == engine._PARAGRAPH_BACK.sub(r"<w:p\1", text)


def test_plain_answers_as_before_for_each_shape():
    import datetime as dt
    from decimal import Decimal

    from markupsafe import Markup

    from vbhc.renderer.runs import Runs
    from vbhc.renderer.sandbox import plain

    class Name(str):
        pass

    value = {"a": [1, True, None, Decimal("1.5"), dt.date(2024, 1, 2), Name("x")],
             Name("k"): (Runs("<w:r/>"), Markup("<b>")), "d": dt.datetime(2024, 1, 2, 3)}
    out = plain(value)
    assert out == {"a": [1, True, None, Decimal("1.5"), dt.date(2024, 1, 2), "x"],
                   "k": [Markup("<w:r/>"), Markup("<b>")], "d": dt.date(2024, 1, 2)}
    assert [type(k) for k in out] == [str, str, str] and type(out["a"][5]) is str
    assert type(out["k"][0]) is Markup and type(out["d"]) is dt.date
    with pytest.raises(TypeError, match="khóa"):
        plain({1: object()})
    with pytest.raises(TypeError, match="không nhận kiểu"):
        plain([{"x": object()}])


def test_body_sect_is_elementpaths_answer():
    from vbhc.renderer.template import _body_sect

    docs = [f'<w:document xmlns:w="{W}">{inner}</w:document>' for inner in (
        "<w:body><w:p/><w:sectPr w:a='1'/><w:sectPr w:a='2'/></w:body>",
        "<!--c--><w:background><w:x><w:body><w:sectPr w:a='bg'/></w:body></w:x></w:background>"
        "<w:body><w:sectPr w:a='1'/></w:body>",
        "<w:body><w:p><w:body><w:sectPr w:a='in'/></w:body></w:p></w:body>"
        "<w:body><w:sectPr w:a='2'/></w:body>",
        "<w:body><w:p/></w:body>", "")]
    for text in docs:
        root = etree.fromstring(text)
        assert _body_sect(root) is root.find(".//w:body/w:sectPr", NS)
    assert _body_sect(etree.fromstring(docs[2])).get(f"{{{W}}}a") == "in"
