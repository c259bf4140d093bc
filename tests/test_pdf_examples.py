"""Every example opens in LibreOffice and prints: one LibreOffice process converts them all."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.test_pdf import page_count, page_text, poppler, run

pytestmark = pytest.mark.slow

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    binary = soffice()
    work = tmp_path_factory.mktemp("pdf-examples")
    docx = [vbhc.render(vbhc.load(p), work / f"{p.stem}.docx") for p in EXAMPLE_FILES]
    done = subprocess.run(
        [binary, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(work / "out"),
         *map(str, docx)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    return {p.stem: work / "out" / f"{p.stem}.pdf" for p in EXAMPLE_FILES}


@pytest.mark.parametrize("example", [p.stem for p in EXAMPLE_FILES])
def test_example_converts_to_pdf(pdfs, example):
    pdf = pdfs[example]
    assert pdf.is_file(), f"LibreOffice không mở được {example}.docx"
    text = run(poppler("pdftotext"), "-layout", str(pdf), "-")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Nơi nhận:" in text


def test_report_appendix_on_its_own_page(pdfs):
    pdf = pdfs["bao-cao-6-thang-dan-chu-co-so-cao-loc-2024"]
    last = page_count(pdf)
    lines = [x.strip() for x in page_text(pdf, last).splitlines() if x.strip()]
    # Its own section: page numbers restart at 1, not shown on its first page (ND30 [M]).
    assert lines[0] == "Phụ lục", "phụ lục bắt đầu ở đầu trang mới, không in số trang"
    assert "Phụ lục" not in page_text(pdf, last - 1)


def test_dispatch_prints_vv_and_urgency(pdfs):
    text = page_text(pdfs["cong-van-don-doc-bao-cao-dan-chu-co-so-2024"], 1)
    assert "V/v đôn đốc gửi báo cáo" in text and "KHẨN" in text
    assert "CÔNG VĂN" not in text
