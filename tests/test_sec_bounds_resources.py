"""Bounded resources per entry point: check, check --annotate, import .docx, import text,
markup parsing. Time is measured as a ratio against a small input of the same kind (four
times the input may cost at most five or six times the time: quadratic work costs 16),
never as an absolute limit; peak memory the same way (tracemalloc), and once under a
hard address-space limit in a subprocess."""

from __future__ import annotations

import contextlib
import gc
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_sec_bounds import make_docx
from vbhc.checker import check
from vbhc.checker.annotate import annotated_bytes
from vbhc.errors import ReadError
from vbhc.importer import import_document, read_source
from vbhc.model.markup import footnote_keys, parse, unmatched_markers

TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
HEADER = ["ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "Số: 05/KH-UBND",
          "Cao Lộc, ngày 05 tháng 3 năm 2025", "KẾ HOẠCH", "Thử nghiệm nhập văn bản",
          "I. MỤC ĐÍCH"]
TAIL = ["II. TỔ CHỨC THỰC HIỆN", "1. Phòng Nội vụ", "Theo dõi./.", "Nơi nhận:",
        "- Như trên;", "- Lưu: VT.", "CHỦ TỊCH", "Nguyễn Văn A"]


def cost(work: Callable[[], object], repeat: int = 3) -> float:
    """Return the best wall time of ``repeat`` runs of ``work`` (best: least disturbed)."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        gc.disable()  # the collector's pauses depend on what else the test run holds
        try:
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best


def peak(work: Callable[[], object]) -> int:
    """Return the peak of memory allocated by Python while ``work`` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def assert_scales(small: Callable[[], object], big: Callable[[], object], most: float,
                  what: str) -> None:
    """Four times the input must cost at most ``most`` times the time (measured twice
    when the first round fails: a busy machine can slow one run; quadratic work costs
    sixteen times in every round)."""
    small()  # warm caches (rules, regexes) so they do not count for the small input
    for _round in range(2):
        t1, t4 = cost(small), cost(big)
        if t4 <= most * t1:
            return
    raise AssertionError(f"{what}: ×4 đầu vào tốn ×{t4 / t1:.1f} thời gian "
                         f"({t1:.3f}s → {t4:.3f}s)")


def _ignore_not_importable(work: Callable[[], object]) -> Callable[[], object]:
    def run() -> None:
        with contextlib.suppress(ReadError):
            work()
    return run


def para(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def table_doc(path: Path, rows: int) -> Path:
    cells = "".join(f"<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>"
                    f"{para('Ô số ' + str(c))}</w:tc>" for c in range(4))
    grid = "<w:tblGrid>" + '<w:gridCol w:w="2000"/>' * 4 + "</w:tblGrid>"
    body = (para("Báo cáo") + f"<w:tbl>{grid}" + f"<w:tr>{cells}</w:tr>" * rows
            + "</w:tbl>" + para("Hết."))
    return make_docx(path, body)


def runs_doc(path: Path, runs: int) -> Path:
    body = "".join(para(t) for t in HEADER) + "<w:p>" + \
        "<w:r><w:t xml:space=\"preserve\">chữ </w:t></w:r>" * runs + "</w:p>" + \
        "".join(para(t) for t in TAIL)
    return make_docx(path, body)


# --- check ----------------------------------------------------------------------------

def test_check_is_linear_in_table_rows(tmp_path):
    small, big = table_doc(tmp_path / "a.docx", 150), table_doc(tmp_path / "b.docx", 600)
    assert_scales(lambda: check(small), lambda: check(big), 5, "check, hàng bảng")


def test_check_is_linear_in_runs_of_one_paragraph(tmp_path):
    small, big = runs_doc(tmp_path / "a.docx", 2000), runs_doc(tmp_path / "b.docx", 8000)
    assert_scales(lambda: check(small), lambda: check(big), 6, "check, số run")


def test_check_memory_grows_linearly(tmp_path):
    small, big = table_doc(tmp_path / "a.docx", 150), table_doc(tmp_path / "b.docx", 600)
    check(small)
    m1, m4 = peak(lambda: check(small)), peak(lambda: check(big))
    assert m4 <= 6 * m1, f"check: ×4 hàng bảng tốn ×{m4 / m1:.1f} bộ nhớ"


# --- check --annotate -----------------------------------------------------------------

def word_doc(path: Path, count: int) -> Path:
    """Return a copy of vbhc's own template (a package Word and python-docx accept) whose
    body holds ``count`` numbered paragraphs."""
    import re

    with zipfile.ZipFile(TEMPLATE) as zf:
        entries = {name: zf.read(name) for name in zf.namelist()}
    document = entries["word/document.xml"].decode("utf-8")
    paras = "".join(para(f"{k}. Làm tốt việc thứ {k} trong năm.") for k in range(count))
    document = re.sub(r"(<w:body>).*?(<w:sectPr)", lambda m: m[1] + paras + m[2], document,
                      count=1, flags=re.S)
    entries["word/document.xml"] = document.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def test_annotate_is_linear_in_paragraphs(tmp_path):
    small, big = word_doc(tmp_path / "a.docx", 400), word_doc(tmp_path / "b.docx", 1600)

    def annotate(path: Path) -> Callable[[], object]:
        return lambda: annotated_bytes(path, check(path))

    assert_scales(annotate(small), annotate(big), 6, "check --annotate, số đoạn")


# --- import .docx ---------------------------------------------------------------------

def test_import_docx_is_linear_in_runs(tmp_path):
    small, big = runs_doc(tmp_path / "a.docx", 2000), runs_doc(tmp_path / "b.docx", 8000)
    assert_scales(_ignore_not_importable(lambda: import_document(small)),
                  _ignore_not_importable(lambda: import_document(big)), 6,
                  "import .docx, số run")


def test_import_docx_with_huge_list_start_is_cheap(tmp_path):
    def listed(path: Path, start: str) -> Path:
        numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start '
                     f'w:val="{start}"/><w:numFmt w:val="lowerLetter"/><w:lvlText '
                     f'w:val="%1)"/></w:lvl></w:abstractNum><w:num w:numId="1">'
                     f'<w:abstractNumId w:val="0"/></w:num>')
        body = "".join('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                       f'</w:numPr></w:pPr>{para("Mục")[5:]}' for _ in range(200))
        return make_docx(path, body, numbering=numbering)

    small, big = listed(tmp_path / "a.docx", "1"), listed(tmp_path / "b.docx", "999999999")
    read_source(small)
    m1, m_big = peak(lambda: read_source(small)), peak(lambda: read_source(big))
    assert m_big <= 3 * m1
    assert_scales(lambda: read_source(small), lambda: read_source(big), 3,
                  "import, w:start rất lớn")


# --- import text ----------------------------------------------------------------------

def _text(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(HEADER + lines + TAIL) + "\n", encoding="utf-8")
    return path


def test_import_text_is_linear_in_lowercase_lines(tmp_path):
    def lines(n: int) -> list[str]:
        return [f"làm tốt **công việc** số {k} của đơn vị" for k in range(n)]

    small, big = _text(tmp_path / "a.txt", lines(1500)), _text(tmp_path / "b.txt", lines(6000))
    assert_scales(lambda: read_source(small), lambda: read_source(big), 6,
                  "import văn bản, dòng chữ thường")
    assert_scales(_ignore_not_importable(lambda: import_document(small)),
                  _ignore_not_importable(lambda: import_document(big)), 6,
                  "import văn bản (cả dựng mô hình)")


def test_import_text_is_linear_in_footnote_markers(tmp_path):
    def lines(n: int) -> list[str]:
        sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
        mark = [("".join(sup[int(d)] for d in str(k))) for k in range(1, n)]
        return ([f"Làm tốt việc{m} số." for m in mark]
                + [f"{m} Chú thích {k}." for k, m in enumerate(mark, 1)])

    small, big = _text(tmp_path / "a.txt", lines(500)), _text(tmp_path / "b.txt", lines(2000))
    run_small = _ignore_not_importable(lambda: import_document(small))
    run_big = _ignore_not_importable(lambda: import_document(big))
    assert_scales(run_small, run_big, 6, "import văn bản, dấu chú thích ¹²³")
    m1, m4 = peak(run_small), peak(run_big)
    assert m4 <= 6 * m1, f"import văn bản: ×4 chú thích tốn ×{m4 / m1:.1f} bộ nhớ"


# --- markup -----------------------------------------------------------------------------

@pytest.mark.parametrize("unit", ["[^", "[^x", "a****", "*a", "[^k]", "\\*"])
def test_markup_parsing_is_linear(unit):
    def work(n: int) -> Callable[[], object]:
        text = unit * n

        def run() -> None:
            from vbhc.model import markup

            markup._parse.cache_clear()
            parse(text)
            unmatched_markers(text)
            footnote_keys(text)
        return run

    assert_scales(work(20_000), work(80_000), 6, f"markup {unit!r}")


def test_importer_citation_scan_is_linear():
    from vbhc.importer.build import _cited

    def work(n: int) -> Callable[[], object]:
        text = "[^x**" * n
        return lambda: _cited(text)

    assert_scales(work(50_000), work(200_000), 6, "import, quét [^khoá] trong trường")


# --- a hard limit: a small zip that expands to millions of elements ----------------------

def _limited(limit: int) -> Callable[[], None]:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    return apply


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS: Linux")
def test_compressed_element_bomb_is_refused_within_a_memory_limit(tmp_path):
    path = tmp_path / "bom.docx"
    body = "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 1_000_000 + "</w:p>"  # 3 M elements
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    assert path.stat().st_size < 200_000
    for args in (["check", str(path)], ["import", str(path), "-o", str(tmp_path / "o.yaml")]):
        done = subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                              text=True, preexec_fn=_limited(1_500_000_000), timeout=600)
        assert done.returncode == 2, done.stderr
        assert "giới hạn" in done.stderr and str(path) in done.stderr
