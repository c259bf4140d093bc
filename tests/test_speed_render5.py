"""Fifth render speed wave (issue 21): the cheaper ways give the answers of the ways they
replace. Rule sizing passes over a paragraph whose w:pPr holds only the w:pStyle of a style
no branch names and no level can give a border, without reading its text
(package._plain_styles). Equality only: the time is measured in `make bench`."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from markupsafe import Markup

from tests.conftest import EXAMPLES
from tests.test_speed_render3 import EDITED, _unsized
from vbhc.renderer import package
from vbhc.renderer.package import NS

W = NS["w"]
ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
BORDER = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'


def _both(root: etree._Element, styles: bytes) -> bytes:
    """_size_rules' bytes with the shortcut, asserted equal to those without it."""
    real = package._plain_styles
    package._plain_styles = lambda *_args: None  # every paragraph the long way
    try:
        slow = package._size_rules(copy.deepcopy(root), styles)
    finally:
        package._plain_styles = real
    fast = package._size_rules(copy.deepcopy(root), styles)
    assert fast == slow
    return fast


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_plain_styles_size_every_example_alike(example):
    _both(*_unsized(example))


def test_plain_styles_on_edited_bodies():
    base, styles = _unsized(PLAN)
    root = copy.deepcopy(base)
    body = root.find("w:body", NS)
    for at in range(len(body) - 1, 0, -5):
        for piece in reversed(EDITED):
            body.insert(at, etree.fromstring(f'<x xmlns:w="{W}">{piece}</x>')[0])
    _both(root, styles)


def _style(sid: str, ppr: str = "", based: str = "", kind: str = "paragraph",
           default: bool = False) -> str:
    flag = ' w:default="1"' if default else ""
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (f'<w:style w:type="{kind}" w:styleId="{sid}"{flag}><w:name w:val="{sid}"/>'
            f"{base}<w:pPr>{ppr}</w:pPr></w:style>")


def _with(styles: bytes, *added: str, defaults: str = "") -> bytes:
    """``styles`` with ``added`` styles (a default one replacing the part's default of its
    type), and document defaults' paragraph properties."""
    text = styles.decode()
    for kind in ("paragraph", "table"):
        if any(f'w:type="{kind}" w:styleId' in a and "w:default" in a for a in added):
            text = text.replace(f'w:type="{kind}" w:default="1"', f'w:type="{kind}"')
    if defaults:
        text = text.replace("<w:docDefaults>", f"<w:docDefaults><w:pPrDefault><w:pPr>{defaults}"
                            "</w:pPr></w:pPrDefault>", 1)
        assert defaults in text
    return text.replace("</w:styles>", "".join(added) + "</w:styles>").encode()


def _ruled(root: etree._Element, style: str = "", table: str = "") -> etree._Element:
    """``root`` with, after each body paragraph of text, an empty paragraph of ``style``
    (no w:pStyle when ""), and a table of style ``table`` holding a line and such a
    paragraph under it."""
    root = copy.deepcopy(root)
    body = root.find("w:body", NS)
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    empty = f"<w:p>{ppr}</w:p>"
    for p in [p for p in body.iterchildren(f"{{{W}}}p") if "".join(p.itertext()).strip()]:
        p.addnext(etree.fromstring(f'<x xmlns:w="{W}">{empty}</x>')[0])
    if table:
        grid = ('<w:tblGrid><w:gridCol w:w="4000"/></w:tblGrid><w:tr><w:tc><w:tcPr>'
                '<w:tcW w:w="4000" w:type="dxa"/></w:tcPr><w:p><w:r><w:t>ỦY BAN</w:t></w:r>'
                f"</w:p>{empty}</w:tc></w:tr>")
        body.insert(0, etree.fromstring(
            f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="{table}"/></w:tblPr>{grid}'
            "</w:tbl>"))
    return root


def _drawn(out: bytes) -> int:
    """How many paragraphs of ``out`` rule sizing indented without a VBDuongKe style."""
    root = etree.fromstring(out)
    return sum(1 for p in root.iter(f"{{{W}}}p")
               if p.find("w:pPr/w:ind", NS) is not None
               and not any((s.get(f"{{{W}}}val") or "").startswith("VBDuongKe")
                           for s in p.iterfind("w:pPr/w:pStyle", NS)))


CASES = {  # styles added, document defaults, the rule paragraphs' style, the table's style
    "own style with a border": ([_style("KeVien", BORDER)], "", "KeVien", ""),
    "based on a bordered style": ([_style("KeVien", BORDER), _style("KeCon", "", "KeVien")],
                                  "", "KeCon", ""),
    "bordered default paragraph style": ([_style("Mac", BORDER, default=True)], "", "Lạ", ""),
    "no w:pStyle, bordered default": ([_style("Mac", BORDER, default=True)], "", "", ""),
    "bordered document defaults": ([], BORDER, "KhongCo", ""),
    "a paragraph style named as the table's": ([_style("KeVien", BORDER)], "", "VBThan",
                                               "KeVien"),
    "bordered table style": ([_style("BangKe", BORDER, kind="table")], "", "VBThan",
                             "BangKe"),
    "bordered default table style": ([_style("BangKe", BORDER, kind="table", default=True)],
                                     "", "VBThan", "KhongCo"),
}


@pytest.mark.parametrize("case", CASES)
def test_plain_styles_never_skip_a_paragraph_a_border_reaches(case):
    """Borders from each level para_props reads: the paragraphs under a line of text are
    drawn as rules, the same with the shortcut as without it (and they are drawn: the case
    tests what it means to)."""
    added, defaults, style, table = CASES[case]
    base, styles = _unsized(PLAN)
    styles = _with(styles, *added, defaults=defaults)
    root = _ruled(base, style, table)
    before = _drawn(package._size_rules(copy.deepcopy(base), styles))
    assert _drawn(_both(root, styles)) > before


def test_a_direct_border_is_read():
    base, styles = _unsized(PLAN)
    root = copy.deepcopy(base)
    body = root.find("w:body", NS)
    for p in [p for p in body.iterchildren(f"{{{W}}}p") if "".join(p.itertext()).strip()]:
        p.addnext(etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="VBThan"/>'
                                   f"{BORDER}</w:pPr></w:p>"))
    assert _drawn(_both(root, styles)) > _drawn(_both(base, styles))


# The code generator answers x.name of a plain local name, the size walk before a
# comparison and {{ x }} of an exact Markup or str inline (sandbox._CodeGenerator); Jinja's
# own generator (tests/test_speed_render4._JinjaPrinting) is the reference for each.

class _Str(str):
    pass


class _Safe(Markup):
    pass


_DEEP: list = ["a"]
for _ in range(22):
    _DEEP = [_DEEP, _DEEP]
_WIDE: list = ["a"]  # 2**15 items to walk, within the depth limit: the step limit stops it
for _ in range(15):
    _WIDE = [_WIDE, _WIDE]

VALUES = [Markup("<w:r/>"), "a < b & c", "", _Str("<s>"), _Safe("<m/>"), 0, 3, True, None,
          Decimal("1.5"), dt.date(2024, 1, 2), ["x", "y"], [["x"]], {"k": "v"}, {},
          {"k": ["a", "b"]}, _DEEP, 1.5]

SOURCE = ("{% for d in items %}<p>{{ d }}|{{ d.k }}|{{ d.kieu }}|"
          "{% if d.k == 'v' %}eq{% elif d == 'a < b & c' %}s{% elif d.k in ['v', 'w'] %}in"
          "{% elif d is sameas none %}n{% else %}-{% endif %}|{{ loop.index }}|"
          "{% if loop.first %}f{% endif %}|{{ d['k'] }}</p>{% endfor %}")


def _answer(env, source: str, context: dict, limits=None):
    from vbhc.renderer.sandbox import RenderLimits, render_bounded

    try:
        return render_bounded(env.from_string(source), context, limits or RenderLimits(), "m")
    except Exception as exc:  # noqa: BLE001 - the refusal itself is compared
        return type(exc), str(exc)


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_inline_code_answers_as_jinjas_code(value):
    from tests.test_speed_render4 import _JinjaPrinting
    from vbhc.renderer.sandbox import jinja_env

    code = jinja_env().compile(SOURCE, raw=True)
    assert "if type(l_1_d) is dict and 'k' in l_1_d" in code  # the inline paths are taken
    assert "_vbhc_v if type(_vbhc_v :=" in code and "_vbhc_p if type(_vbhc_p :=" in code
    old = _JinjaPrinting.env()
    for context in ({"items": [value]}, {"items": [{"k": value, "kieu": value}]},
                    {"items": [{"kieu": value}]}, {"items": value}):
        assert _answer(jinja_env(), SOURCE, context) == _answer(old, SOURCE, context)


def test_inline_code_keeps_the_limits_and_messages():
    """The size walk of a comparison still ticks the budget (a list holding itself over
    and over is stopped by the step limit, with the same message), an undefined key and a
    refused attribute fail as before."""
    from tests.test_speed_render4 import _JinjaPrinting
    from vbhc.renderer.sandbox import RenderLimits, jinja_env

    old = _JinjaPrinting.env()
    cases = [
        ("{% for d in items %}{% if d.k == d.k %}x{% endif %}{% endfor %}",
         {"items": [{"k": _DEEP}]}, RenderLimits(steps=10_000)),
        ("{% for d in items %}{% if d.k == d.k %}x{% endif %}{% endfor %}",
         {"items": [{"k": _WIDE}]}, RenderLimits(steps=10_000)),
        ("{% for d in items %}{{ d.nope }}{% endfor %}", {"items": [{"k": "v"}]}, None),
        ("{% for d in items %}{{ d.upper }}{% endfor %}", {"items": ["v"]}, None),
        ("{% for d in items %}{{ d.k.x }}{% endfor %}", {"items": [{"k": "v"}]}, None),
        ("{% for d in items %}{{ loop.cycle }}{% endfor %}", {"items": ["v"]}, None),
        ("{{ missing.k }}", {}, None),
    ]
    for source, context, limits in cases:
        new_answer = _answer(jinja_env(), source, context, limits)
        assert isinstance(new_answer, tuple)  # each case is refused
        if context.get("items") == [{"k": _WIDE}]:
            assert "10,000 bước" in new_answer[1]
        assert new_answer == _answer(old, source, context, limits)
