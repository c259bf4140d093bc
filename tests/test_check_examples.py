"""Every example vbhc renders passes vbhc check with no finding at all — except that a derived
plan (examples/derived/) reports its visible placeholders, the parts only the unit can write
(rule chua-hoan-thien, a warning), and nothing else."""

from __future__ import annotations

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES
from vbhc.checker.checker import check_document
from vbhc.checker.document import Document


def _examples() -> list:
    out = []
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and data.get("loai"):
            out.append(path)
    return out


@pytest.mark.parametrize("example", _examples(), ids=lambda p: p.name)
def test_rendered_example_has_no_findings(example, tmp_path):
    out = tmp_path / "ra.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(example)))
    findings = check_document(Document.open(out))
    if example.parent.name == "derived":
        assert findings and {f.rule for f in findings} == {"chua-hoan-thien"}
        assert all(not f.is_error for f in findings)
        findings = []
    assert findings == [], "\n".join(str(f) for f in findings)


def test_there_is_at_least_one_example():
    assert _examples()
