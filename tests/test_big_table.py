"""A 20,000-row statistics annex (issue 21's size) renders and checks: the package limits
(vbhc.docx.limits) once refused it at 50,000 paragraphs, so `vbhc render`, which checks what
it writes, refused it too."""

from __future__ import annotations

import vbhc
from bench.inputs import table_report
from vbhc.checker.checker import check_bytes


def test_twenty_thousand_row_table_renders_and_checks(tmp_path):
    data = vbhc.render_bytes(vbhc.load(table_report(tmp_path, 20_000)))
    findings = check_bytes(data, "bang-20000-dong.docx")
    assert [f for f in findings if f.is_error] == []
