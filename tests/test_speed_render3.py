"""Third render speed wave (issue 21): the cheaper ways give the answers of the ways they
replace. Rule sizing walks every paragraph once (not a candidates' list first) and reads a
paragraph's text through libxml2; the sandbox's per-chunk and per-item budget checks are
inlined, plain() answers scalar items without a call. Equality only: the time is measured
in `make bench`."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import vbhc
from tests.conftest import EXAMPLES
from vbhc.renderer import package
from vbhc.renderer.package import (
    KEEP_STYLE,
    MARK_STYLES,
    NS,
    RULE_STYLE,
    _centre,
    _container,
    _drawn_as_rule,
    _grandchild,
    _keep_with_next,
    _mark_width,
    _nd30,
    _rule_length,
    _section_widths,
    _shrink_to_fit,
    _xml,
    style_fonts,
)

W = NS["w"]
ROOT = Path(__file__).resolve().parents[1]


def _old_blank(el: etree._Element) -> bool:
    """_blank as it was: lxml proxies for the w:t, then the joined itertext."""
    for t in el.iter(f"{{{W}}}t"):
        if t.text and not t.text.isspace():
            return False
    return not "".join(el.itertext()).strip()


def _xpath_candidates(root: etree._Element) -> list[etree._Element]:
    """The paragraphs rule sizing looked at before (the XPath the candidates' walk
    answered as): a rule, mark, keep or minimum-size style, or right under a paragraph."""
    named = " or ".join(f"@w:val = '{s}'" for s in
                        (KEEP_STYLE, *MARK_STYLES, *sorted(_nd30()["co_chu_toi_thieu"])))
    return etree.XPath(f"//w:p[w:pPr/w:pStyle[starts-with(@w:val, '{RULE_STYLE}') or "
                       f"{named}] or preceding-sibling::*[1][self::w:p]]", namespaces=NS)(root)


def _old_size_rules(root: etree._Element, styles: bytes) -> bytes:
    """_size_rules as it was: the candidates first, then each candidate's branch."""
    resolve = style_fonts(styles)
    widths = _section_widths(root)
    text_w = widths[None]
    nd30 = _nd30()
    for p in _xpath_candidates(root):
        if len(widths) > 1:
            text_w = widths.get(package._body_child(p), widths[None])
        style = _grandchild(p, package._PPR, package._PSTYLE)
        style_id = style.get(package._VAL) if style is not None else ""
        if style_id == KEEP_STYLE:
            _keep_with_next(p.getprevious())
            continue
        if style_id.startswith(RULE_STYLE) or _drawn_as_rule(p, resolve):
            box = _container(p, text_w)
            length = _rule_length(p, resolve, nd30["duong_ke"], box)
        elif style_id in MARK_STYLES:
            length = _mark_width(p, style_id, resolve, nd30)
            box = _container(p, text_w)
        elif style_id in nd30["co_chu_toi_thieu"]:
            _shrink_to_fit(p, style_id, resolve, nd30["co_chu_toi_thieu"][style_id],
                           _container(p, text_w))
            continue
        else:
            continue
        if length is not None:
            _centre(p, length, box)
    return _xml(root)


def _unsized(path: Path) -> tuple[etree._Element, bytes]:
    """The document part of ``path`` rendered, before rule sizing (finish's input), and
    the styles part."""
    seen: dict = {}
    real = package._size_rules

    def keep(root, styles, breaks=None):
        seen["root"], seen["styles"] = copy.deepcopy(root), styles
        return real(root, styles, breaks)

    package._size_rules = keep
    try:
        vbhc.render_bytes(vbhc.load(path))
    finally:
        package._size_rules = real
    return seen["root"], seen["styles"]


EDITED = [  # what an editor may leave in a template, around the rules vbhc sizes
    "<!--c-->",  # a comment right under a paragraph: not 'right under'
    '<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6"/></w:pBdr></w:pPr></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="VBDoMat"/></w:pPr><w:r><w:t>MẬT</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="VBDoKhan"/></w:pPr><w:r><w:t>KHẨN</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="VBDuongKe"/></w:pPr></w:p>',
    '<w:p><w:pPr><w:pStyle w:val="VBTruocKy"/></w:pPr></w:p>',
    '<w:p><w:r><w:t xml:space="preserve">\u00a0 \u3000</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:pBdr><w:top w:val="single" w:sz="6"/></w:pBdr></w:pPr>'
    '<w:r><w:t xml:space="preserve"> </w:t></w:r><!-- x --><?pi y?></w:p>',
]


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_one_walk_sizes_the_rules_the_candidates_did(example):
    root, styles = _unsized(example)
    assert package._size_rules(copy.deepcopy(root), styles) == _old_size_rules(root, styles)


@pytest.mark.parametrize("k", range(len(EDITED)))
def test_one_walk_on_edited_bodies(k):
    """Paragraphs an editor added at each place of the body and of the issuer's cell
    (after every 7th element), alone and all together: the same bytes as before."""
    base, styles = _unsized(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    for pieces in ([EDITED[k]], EDITED):
        root = copy.deepcopy(base)
        body = root.find("w:body", NS)
        cell = root.find(".//w:tc", NS)
        for parent in (body, cell):
            for at in range(len(parent) - 1, 0, -7):
                for piece in reversed(pieces):
                    parent.insert(at, etree.fromstring(f'<x xmlns:w="{W}">{piece}</x>')[0])
        assert package._size_rules(copy.deepcopy(root), styles) == \
            _old_size_rules(root, styles)


def test_blank_reads_the_text_itertext_reads():
    texts = ["", " ", "\u00a0", "\u2028", "a", " a ", "\u200b"]
    for text in texts:
        for xml in (f'<w:p xmlns:w="{W}"><w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
                    "</w:p>",
                    f'<w:p xmlns:w="{W}"><!--{text or "c"}--><w:r>{text}<w:t/>{text}</w:r>'
                    f"<?pi {text}?></w:p>",
                    f'<w:p xmlns:w="{W}"><w:r><w:t><![CDATA[{text}]]></w:t></w:r></w:p>'):
            p = etree.fromstring(xml.encode())
            assert package._blank(p) is _old_blank(p), xml
    root, _styles = _unsized(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    for p in root.iter(f"{{{W}}}p", f"{{{W}}}tc", f"{{{W}}}tbl"):
        assert package._blank(p) is _old_blank(p)


def test_a_style_without_its_name_is_no_style():
    """A w:pStyle without w:val right under a paragraph: rule sizing took None for its
    name and stopped on None.startswith (a traceback); it is read as no style now."""
    root, styles = _unsized(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    body = root.find("w:body", NS)
    body.insert(3, etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle/></w:pPr></w:p>'))
    out = package._size_rules(root, styles)
    assert b"<w:pStyle/>" in out


def test_final_sect_is_the_first_sectpr_child():
    body = etree.fromstring(f'<w:body xmlns:w="{W}"><w:p/><!--c--><w:sectPr w:a="1"/>'
                            '<w:sectPr w:a="2"/></w:body>')
    assert package._final_sect(body) is package.child_of(body, package._SECTPR)
    assert package._final_sect(etree.fromstring(f'<w:body xmlns:w="{W}"><w:p/></w:body>')) \
        is None


def _zip_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def _old_plain(value):
    """sandbox.plain as it was (every item through a call, Markup through its class)."""
    import datetime as dt
    from decimal import Decimal

    from markupsafe import Markup

    kind = type(value)
    if kind in {type(None), str, bool, int, Decimal, dt.date}:
        return value
    if kind is list:
        return [_old_plain(item) for item in value]
    if kind is dict:
        for key in value:
            if not isinstance(key, str):
                raise TypeError("khóa của ngữ cảnh mẫu phải là chuỗi")
        return {str.__str__(key): _old_plain(item) for key, item in value.items()}
    if isinstance(value, Markup):
        return Markup(str.__str__(value))
    if hasattr(type(value), "__html__"):
        return Markup(str.__str__(type(value).__html__(value)))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, (list, tuple)):
        return [_old_plain(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("khóa của ngữ cảnh mẫu phải là chuỗi")
        return {str.__str__(key): _old_plain(item) for key, item in value.items()}
    model_fields = getattr(type(value), "model_fields", None)
    if isinstance(model_fields, dict):
        return {name: _old_plain(getattr(value, name)) for name in model_fields}
    raise TypeError(f"ngữ cảnh mẫu không nhận kiểu {type(value).__name__}")


def _same(a, b):
    """Equal values of the very same types, all the way down."""
    assert type(a) is type(b) and a == b
    if isinstance(a, list):
        for x, y in zip(a, b, strict=True):
            _same(x, y)
    if isinstance(a, dict):
        assert [type(k) for k in a] == [type(k) for k in b]
        for k in a:
            _same(a[k], b[k])


def test_plain_answers_as_before_on_real_contexts_and_odd_values():
    import datetime as dt
    from decimal import Decimal
    from enum import IntEnum

    from markupsafe import Markup

    from vbhc.renderer.context import build_context
    from vbhc.renderer.engine import compile_template
    from vbhc.renderer.runs import Runs
    from vbhc.renderer.sandbox import plain
    from vbhc.renderer.template import template_path

    class Name(str):
        pass

    class Level(IntEnum):
        ONE = 1

    odd = [[Name("a"), Markup("<b/>"), Runs("<w:r/>"), True, Level.ONE, Decimal("1.5"),
            dt.datetime(2024, 1, 2, 3), dt.date(2024, 1, 2), None, ("x", 1)],
           {Name("k"): [Name("v")], "m": Markup("<i>")}]
    _same(plain(odd), _old_plain(odd))
    for example in sorted(EXAMPLES.glob("*.yaml"))[:8]:
        doc = vbhc.load(example)
        info = compile_template(template_path(doc.loai), doc.loai).info
        context, _notes = build_context(doc, info)
        _same(plain(context), _old_plain(context))
    with pytest.raises(TypeError):
        plain({1: "x"})
    with pytest.raises(TypeError):
        plain([object()])


def test_inlined_budget_stops_where_tick_and_size_stopped():
    """render_bounded's chunk loop and the loop guard count each chunk and each item as
    one step and each chunk's characters, as _Budget.tick and size did: the last allowed
    step or character passes, the next one stops with the same message."""
    from vbhc.renderer.sandbox import (
        RenderLimits,
        TemplateLimitError,
        jinja_env,
        render_bounded,
    )

    template = jinja_env().from_string("{% for x in items %}{{ x }}{% endfor %}")
    # 3 items: 3 guard steps + 3 chunks = 6 steps, 3 characters
    assert render_bounded(template, {"items": ["a", "b", "c"]},
                          RenderLimits(steps=6), "m") == "abc"
    with pytest.raises(TemplateLimitError, match="quá 5 bước"):
        render_bounded(template, {"items": ["a", "b", "c"]}, RenderLimits(steps=5), "m")
    assert render_bounded(template, {"items": ["ab", "c"]}, RenderLimits(chars=3), "m") \
        == "abc"
    with pytest.raises(TemplateLimitError, match="quá dài .hơn 2 ký tự"):
        render_bounded(template, {"items": ["ab", "c"]}, RenderLimits(chars=2), "m")
    with pytest.raises(TemplateLimitError, match="quá 1e-09 giây"):
        render_bounded(template, {"items": ["a"] * 100}, RenderLimits(seconds=1e-9), "m")


EXTERNAL = [
    '<w:altChunk r:id="x"/>', '<w:subDoc/>', '<w:mailMerge/>', '<w:frameset/>',
    '<w:attachedTemplate r:id="x"/>', '<w:r><w:drawing><a r:link="x" xmlns:a="urn:a"/>'
    '</w:drawing></w:r>', '<w:p><w:r><w:pict><v:imagedata src="file:///x"/></w:pict></w:r></w:p>',
    '<w:p><w:r><w:pict><v:shape o:href="http://x"/></w:pict></w:r></w:p>',
    '<o:OLEObject Type="Link" r:id="x"/>', '<q:OLEObject xmlns:q="urn:q" Type="Link"/>',
    '<OLEObject xmlns="" Type="Link"/>', '<w:r><w:instrText> INCLUDETEXT "x" </w:instrText></w:r>',
    '<w:fldSimple w:instr=" LINK Excel x "/>', '<w:fldSimple w:instr=" PAGE "/>',
    '<w:r><w:t>link href src instr OLEObject altChunk INCLUDETEXT</w:t></w:r>',
    '<w:r><w:t>nothing here</w:t></w:r>', '<v:rect/>', '<w:hyperlink r:id="x"/>',
]


@pytest.mark.parametrize("piece", EXTERNAL)
def test_external_precheck_answers_as_the_walk(piece):
    """The three scans and libxml2's element walk let a part pass exactly when the walk
    of every element finds nothing: what the walk says, with the text or without it."""
    from vbhc.docx.ns import O_NS, R_NS, V_NS
    from vbhc.renderer.external import external_problems

    data = (f'<w:document xmlns:w="{W}" xmlns:r="{R_NS}" xmlns:v="{V_NS}" xmlns:o="{O_NS}">'
            f"<w:body><w:p/>{piece}</w:body></w:document>").encode()
    root = etree.fromstring(data)
    assert external_problems("word/document.xml", root, data) == \
        external_problems("word/document.xml", root)


def test_external_precheck_on_every_rendered_part():
    from vbhc.renderer.external import external_problems

    for example in sorted(EXAMPLES.glob("*.yaml")):
        for name, data in _zip_parts(vbhc.render_bytes(vbhc.load(example))).items():
            if name.endswith((".xml", ".rels")):
                root = etree.fromstring(data)
                assert external_problems(name, root, data) == external_problems(name, root)
