"""Footnotes are numbered by first citation, whatever their keys or map order."""

from __future__ import annotations

import re

import yaml

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text, w
from vbhc.loader import validate_data


def _plan(**changes):
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data.update(changes)
    return validate_data(data)


def test_numbered_in_order_of_first_citation_not_key_order(tmp_path):
    plan = _plan(
        trich_yeu="Thử chú thích[^sau]",
        can_cu=["Căn cứ A[^truoc];", "Căn cứ B[^sau] lần nữa;"],
        chu_thich={"truoc": "Chú thích thứ hai.", "sau": "Chú thích *thứ nhất*.",
                   **{k: v for k, v in _plan().chu_thich.items()}},
    )
    doc = Docx.open(vbhc.render(plan, tmp_path / "a.docx"))
    notes = doc.footnotes()
    assert notes[1] == "Chú thích thứ nhất." and notes[2] == "Chú thích thứ hai."
    assert sorted(notes) == [1, 2, 3, 4, 5, 6]
    refs = [int(r.get(w("id"))) for r in doc.document.iter(w("footnoteReference"))]
    assert refs == [1, 2, 3, 4, 5, 6], "mỗi chú thích có đúng một dấu tham chiếu thật"
    second = next(p for p in doc.paragraphs() if para_text(p).startswith("Căn cứ B"))
    assert para_text(second) == "Căn cứ B1 lần nữa;"  # repeated citation: its number


def test_italic_inside_a_footnote(tmp_path):
    plan = _plan(chu_thich={**_plan().chu_thich, "1": "Có *nghiêng* ở đây."})
    doc = Docx.open(vbhc.render(plan, tmp_path / "b.docx"))
    root = doc.xml("word/footnotes.xml")
    italic = [r for r in root.iter(w("r")) if r.find(f"{w('rPr')}/{w('i')}") is not None]
    assert ["".join(t.text for t in r.iter(w("t"))) for r in italic] == ["nghiêng"]


def test_no_footnotes_still_valid_part(tmp_path):
    data = yaml.safe_load(re.sub(r"\[\^\d\]", "", PLAN_EXAMPLE.read_text("utf-8")))
    data["chu_thich"] = {}
    doc = Docx.open(vbhc.render(validate_data(data), tmp_path / "c.docx"))
    assert doc.footnotes() == {}
    assert "word/footnotes.xml" in doc.entries
