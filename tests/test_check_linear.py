"""vbhc check is linear in the rows of a table (issue 15): 4x the rows costs at most 5x the
work. Work is counted, not timed: the number of Python and C function calls the check makes
(sys.setprofile), which is the same on every run and every machine. The wall-clock target
(20,000 rows in under 20 s) lives in `make bench` (bench/run.py, check_rows)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

from vbhc.checker import check
from vbhc.docx.ns import xmlns

DECL = xmlns("w", "mc", "wp", "a")


def table_docx(path: Path, rows: int) -> Path:
    """Write a .docx with one paragraph and a styled 2-column table of ``rows`` rows."""
    row = ('<w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r>'
           '<w:t>Nguyễn Văn A</w:t></w:r></w:p></w:tc></w:tr>')
    body = ('<w:p><w:r><w:t>Bảng</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblStyle w:val="Luoi"/>'
            '</w:tblPr><w:tblGrid><w:gridCol w:w="1000"/><w:gridCol w:w="4000"/></w:tblGrid>'
            + row * rows + '</w:tbl><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    styles = ('<w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>'
              '<w:style w:type="table" w:styleId="Luoi"><w:rPr><w:sz w:val="26"/></w:rPr>'
              '</w:style>')
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    f"<w:document {DECL}><w:body>{body}</w:body></w:document>")
        zf.writestr("word/styles.xml", f"<w:styles {DECL}>{styles}</w:styles>")
    return path


def calls(path: Path) -> int:
    """Return how many function calls (Python and C) checking ``path`` makes."""
    count = 0

    def profile(_frame, event, _arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        check(path)
    finally:
        sys.setprofile(None)
    return count


def test_four_times_the_rows_costs_at_most_five_times_the_work(tmp_path):
    small = calls(table_docx(tmp_path / "nho.docx", 250))
    large = calls(table_docx(tmp_path / "lon.docx", 1000))
    assert large <= 5 * small, (small, large)
