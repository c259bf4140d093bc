"""The checker's read side, session 30 (issue 21): shortcuts that must give what the long
way gives. A paragraph built from its ParaShape has lines whose runs are found only when
asked for (vbhc.checker.document.ShapedLine): the same runs, in the same order, as reading
the paragraph alone, on paragraphs of one line, of many lines and with runs below other
elements."""

from __future__ import annotations

import pytest

from tests.docx_helpers import rewrite_part
from tests.test_speed_chkread import MAIN, _odd_paragraphs, _para_view, _plain
from vbhc.checker import document as docmod
from vbhc.checker.document import Document, ShapedLine, read_lines
from vbhc.docx.package import read_package_bytes


@pytest.fixture(autouse=True)
def _fresh_shapes(monkeypatch):
    monkeypatch.setattr(docmod, "SHAPES", docmod.ParaShapes())


def test_shaped_lines_find_their_runs_when_first_asked(plan_bytes):
    data = rewrite_part(plan_bytes, MAIN, _odd_paragraphs)
    Document(read_package_bytes(data, "x.docx", share=True))  # keeps the shapes
    pkg = read_package_bytes(data, "x.docx", share=True)
    doc = Document(pkg)
    shaped = [p for p in doc.paras if p.shape is not None]
    assert len(shaped) == len(doc.paras)
    kinds = {"many lines": 0, "nested runs": 0, "span": 0}
    for p in shaped:
        assert all(type(ln) is ShapedLine and "runs" not in ln.__dict__ for ln in p.lines)
        alone, refs = read_lines(p.el, {})
        assert p.footnote_refs == refs
        assert [ln.text for ln in p.lines] == [ln.text for ln in alone]
        for line, want in zip(p.lines, alone, strict=True):
            runs = line.runs
            assert runs == want.runs  # the same elements (lxml keeps one proxy), same texts
            assert all(r is w for (r, _t), (w, _u) in zip(runs, want.runs, strict=True))
            assert line.runs is runs and line.__dict__["runs"] is runs  # found once
        kinds["many lines"] += len(p.lines) > 1
        kinds["nested runs"] += any(type(path) is tuple for path in p.shape.runs)
        kinds["span"] += p.shape.span is not None
    assert all(kinds.values()), kinds
    assert [_para_view(p) for p in doc.paras] == _plain(pkg)
