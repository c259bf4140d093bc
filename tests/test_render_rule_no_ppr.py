"""An empty paragraph without w:pPr, under a line of text, drawn as a rule by a border its
default paragraph style gives it (a custom template's Normal style with a w:pBdr): rule
sizing gives it a w:pPr with the indents (was AttributeError, a traceback)."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from tests.test_speed_render3 import _unsized
from vbhc.renderer import package
from vbhc.renderer.package import NS

W = NS["w"]
PLAN = Path(__file__).resolve().parents[1] / "examples" / \
    "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
BORDER = '<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'


def test_a_rule_without_paragraph_properties_is_sized():
    base, styles = _unsized(PLAN)
    styles = styles.replace(b'w:styleId="Normal"><w:name w:val="Normal"/>',
                            f'w:styleId="Normal"><w:name w:val="Normal"/><w:pPr>{BORDER}'
                            "</w:pPr>".encode())
    assert BORDER.encode() in styles
    root = copy.deepcopy(base)
    body = root.find("w:body", NS)
    under = next(p for p in body.iterchildren(f"{{{W}}}p") if "".join(p.itertext()).strip())
    under.addnext(etree.Element(f"{{{W}}}p"))
    out = etree.fromstring(package._size_rules(root, styles))
    rule = out.find("w:body", NS)[list(body).index(under) + 1]
    assert rule.tag == f"{{{W}}}p" and rule[0].tag == f"{{{W}}}pPr"
    ind = rule.find("w:pPr/w:ind", NS)
    assert ind is not None and ind.get(f"{{{W}}}left") == ind.get(f"{{{W}}}right")
