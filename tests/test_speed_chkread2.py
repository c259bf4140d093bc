"""The checker's read side, session 30 (issue 21): shortcuts that must give what the long
way gives. A paragraph built from its ParaShape has lines whose runs are found only when
asked for (vbhc.checker.document.ShapedLine): the same runs, in the same order, as reading
the paragraph alone, on paragraphs of one line, of many lines and with runs below other
elements. A paragraph's shape is made the second time its bytes are read
(ParaShapes.admit): the same findings with shapes made at the first reading, the second or
never, and the hashes remembered are bounded."""

from __future__ import annotations

import pytest

from tests.docx_helpers import rewrite_part
from tests.test_speed_chkread import (
    MAIN,
    _documents,
    _findings,
    _odd_paragraphs,
    _para_view,
    _plain,
)
from vbhc.checker import document as docmod
from vbhc.checker.document import Document, ShapedLine, read_lines
from vbhc.docx.package import read_package_bytes


@pytest.fixture(autouse=True)
def _fresh_shapes(monkeypatch):
    monkeypatch.setattr(docmod, "SHAPES", docmod.ParaShapes())


def test_shaped_lines_find_their_runs_when_first_asked(plan_bytes):
    data = rewrite_part(plan_bytes, MAIN, _odd_paragraphs)
    for _ in range(2):  # the second reading keeps the shapes
        Document(read_package_bytes(data, "x.docx", share=True))
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


def test_a_shape_is_made_at_the_second_reading_of_a_paragraph(plan_bytes):
    shapes = docmod.SHAPES
    made = []
    for _round in range(3):
        pkg = read_package_bytes(plan_bytes, "x.docx", share=True)
        doc = Document(pkg)
        made.append((shapes.count, sum(p.shape is not None for p in doc.paras),
                     sum(isinstance(p.lines[0], ShapedLine) for p in doc.paras)))
        assert [_para_view(p) for p in doc.paras] == _plain(pkg)
    n = len(doc.paras)
    # read once: no shape made (but for a paragraph whose bytes come twice in the document)
    assert made[0][2] == 0 and made[0][0] < made[1][0] // 4
    assert made[1][1] >= made[1][0] > n // 2 and made[1][2] == 0  # made, not yet used
    assert made[2] == (made[1][0], made[1][1], made[1][1])  # used


def test_findings_are_the_same_whenever_shapes_are_made(plan_bytes, monkeypatch):
    documents = list(_documents(plan_bytes))
    rounds = [{name: _findings(data) for name, data in documents} for _round in range(3)]
    assert docmod.SHAPES.count > 100
    monkeypatch.setattr(docmod, "SHAPES", docmod.ParaShapes(admit_first=True))
    rounds += [{name: _findings(data) for name, data in documents} for _round in range(2)]
    monkeypatch.setattr(docmod.ParaShapes, "admit", lambda self, key: False)
    monkeypatch.setattr(docmod, "SHAPES", docmod.ParaShapes())
    rounds.append({name: _findings(data) for name, data in documents})
    assert docmod.SHAPES.count == 0
    assert all(found == rounds[0] for found in rounds)


def test_the_hashes_of_paragraphs_read_once_are_bounded(monkeypatch):
    monkeypatch.setattr(docmod, "MAX_SEEN", 5)
    shapes = docmod.SHAPES
    keys = [b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" % k for k in range(12)]
    assert not any(shapes.admit(key) for key in keys)  # each read once
    assert 0 < len(shapes.seen) <= 5
    assert shapes.admit(keys[-1])  # the last ones are still there
    assert not shapes.admit(keys[0])  # the first ones are forgotten
