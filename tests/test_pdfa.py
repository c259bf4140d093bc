"""`vbhc render --pdf-a` (issue 20): LibreOffice's PDF/A-2b export of a rendered document,
checked with pikepdf (vbhc.pdf.pdf_a_problems): XMP pdfaid part 2 conformance B, output
intent, every font embedded, no encryption, no JavaScript; title = trích yếu, author =
agency, in the document information and the XMP."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import EXAMPLES, ROOT, soffice
from vbhc.pdf import pdf_a_problems

pytestmark = pytest.mark.slow


def test_render_pdf_a(tmp_path: Path) -> None:
    soffice()
    source = EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"
    done = subprocess.run([sys.executable, "-m", "vbhc", "render", str(source), "-o",
                           str(tmp_path / "cv.docx"), "--pdf-a"], capture_output=True,
                          text=True, timeout=300, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert "PDF/A-2b" in done.stderr
    pdf = tmp_path / "cv.pdf"
    assert pdf_a_problems(pdf) == []
    with pikepdf.open(pdf) as doc:
        assert not doc.is_encrypted
        meta = doc.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        title = "đôn đốc gửi báo cáo kết quả thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024"
        assert str(doc.docinfo["/Title"]) == title and meta["dc:title"] == title
        assert str(doc.docinfo["/Author"]) == "SỞ NỘI VỤ"
