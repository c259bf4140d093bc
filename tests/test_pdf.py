"""The rendered plan as LibreOffice prints it (nd30.md §1, §2, §3.2): text and footnotes
present, no number on page 1 and a centred number in the top margin from page 2 on, text
starting at the top margin, the rules under issuer, motto and abstract drawn at their
lengths, a Times New Roman compatible font embedded.

LibreOffice runs once for the module; poppler-utils (pdftotext, pdffonts, pdfinfo,
pdftoppm) read the result.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import soffice
from tests.docx_helpers import NS, w

pytestmark = pytest.mark.slow

XHTML = "http://www.w3.org/1999/xhtml"
MM_PER_PT = 25.4 / 72
FOOTNOTE_OPENINGS = (
    "Quyết định số 217-QĐ/TW",
    "(1) Kế hoạch phát triển KT-XH",
    "Chủ trương và mức đóng góp",
    "Các chủ trương, chính sách, quy định",
)
TNR_COMPATIBLE = re.compile(r"TimesNewRoman|Times New Roman|Times-Roman|LiberationSerif",
                            re.IGNORECASE)
ISSUER_LAST_LINE = "TỈNH LẠNG SƠN"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TRICH_YEU = "Thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Lạng Sơn năm 2024"
RASTER_DPI = 144


def poppler(tool: str) -> str:
    found = shutil.which(tool)
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail(f"{tool} (poppler-utils) phải được cài trên CI: xem .ci/run")
    pytest.skip(f"chưa cài {tool} (poppler-utils)")


def run(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, f"{args[0]} lỗi {done.returncode}: {done.stderr}"
    return done.stdout


@pytest.fixture(scope="module")
def plan_pdf(plan_docx_path, tmp_path_factory) -> Path:
    binary = soffice()
    work = tmp_path_factory.mktemp("pdf")
    profile = work / "profile"
    outdir = work / "out"
    done = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(outdir), str(plan_docx_path)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    pdf = outdir / f"{plan_docx_path.stem}.pdf"
    assert done.returncode == 0 and pdf.is_file(), (
        f"LibreOffice không chuyển được sang PDF ({done.returncode}): {done.stdout}{done.stderr}")
    return pdf


@pytest.fixture(scope="module")
def pdf_text(plan_pdf) -> str:
    return run(poppler("pdftotext"), "-layout", str(plan_pdf), "-")


@pytest.fixture(scope="module")
def margins_pt(plan_docx) -> dict[str, float]:
    """Return the section's page margins in points, as the .docx declares them."""
    mar = plan_docx.document.find("w:body/w:sectPr/w:pgMar", NS)
    return {side: int(mar.get(w(side))) / 20 for side in ("top", "bottom", "left", "right")}


def page_text(pdf: Path, page: int) -> str:
    return run(poppler("pdftotext"), "-layout", "-f", str(page), "-l", str(page), str(pdf), "-")


def first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def page_count(pdf: Path) -> int:
    info = run(poppler("pdfinfo"), str(pdf))
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


@dataclass(frozen=True)
class Word:
    """A word on a PDF page and its box, in points from the top-left corner."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def page_words(pdf: Path, page: int) -> tuple[float, list[Word]]:
    """Return the page width (pt) and its words in pdftotext's reading order."""
    out = run(poppler("pdftotext"), "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-")
    page_el = next(etree.fromstring(out.encode()).iter(f"{{{XHTML}}}page"))
    words = [Word(el.text or "", *(float(el.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
             for el in page_el.iter(f"{{{XHTML}}}word")]
    return float(page_el.get("width")), words


def phrase_box(words: list[Word], phrase: str) -> Word:
    """Return the box around the consecutive words that spell ``phrase``."""
    wanted = phrase.split()
    for i in range(len(words) - len(wanted) + 1):
        run_ = words[i:i + len(wanted)]
        if [wd.text for wd in run_] == wanted:
            return Word(phrase, min(wd.x0 for wd in run_), min(wd.y0 for wd in run_),
                        max(wd.x1 for wd in run_), max(wd.y1 for wd in run_))
    raise AssertionError(f"không tìm thấy '{phrase}' trên trang")


def horizontal_rules(pdf: Path, page: int, tmp_path: Path) -> list[tuple[float, float, float]]:
    """Return the long horizontal dark strokes of a page as (y, x0, x1) in points.

    The page is rasterised at RASTER_DPI; a stroke is a run of at least 20 pt of dark
    pixels on one pixel row, longer than any glyph stroke on the page.
    """
    prefix = tmp_path / f"trang-{page}"
    run(poppler("pdftoppm"), "-r", str(RASTER_DPI), "-gray", "-f", str(page), "-l", str(page),
        "-singlefile", str(pdf), str(prefix))
    data = prefix.with_suffix(".pgm").read_bytes()
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    width, height, _ = (int(v) for v in head.groups())
    pixels = data[head.end():]
    dark = bytes(49 if v < 128 else 48 for v in range(256))  # b"1" dark, b"0" light
    scale = 72 / RASTER_DPI
    min_px = round(20 / scale)
    strokes: list[list[float]] = []
    for y in range(height):
        row = pixels[y * width:(y + 1) * width].translate(dark)
        for m in re.finditer(rb"1{%d,}" % min_px, row):
            x0, x1 = m.start() * scale, m.end() * scale
            last = strokes[-1] if strokes else None
            if last and y * scale - last[0] <= 2 * scale and abs(last[1] - x0) <= 2 * scale:
                continue  # the same line, one pixel row lower
            strokes.append([y * scale, x0, x1])
    return [tuple(s) for s in strokes]


def rule_under(rules, box: Word) -> tuple[float, float, float]:
    """Return the one stroke drawn just under ``box`` and centred on it."""
    centre = (box.x0 + box.x1) / 2
    below = [r for r in rules
             if 0 <= r[0] - box.y1 <= 12 and abs((r[1] + r[2]) / 2 - centre) <= 3]
    assert len(below) == 1, f"ND30 §3.2: cần một đường kẻ liền, căn giữa dưới '{box.text}'"
    return below[0]


def test_pdf_exists(plan_pdf):
    assert plan_pdf.stat().st_size > 1000
    assert plan_pdf.read_bytes()[:5] == b"%PDF-"


def test_pdf_page_is_a4(plan_pdf):
    info = run(poppler("pdfinfo"), str(plan_pdf))
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    width_mm, height_mm = (float(v) * MM_PER_PT for v in size.groups())
    assert 209 <= width_mm <= 211 and 296 <= height_mm <= 298, (
        f"ND30 §1: khổ A4 đứng 210 × 297 mm, bản in {width_mm:.1f} × {height_mm:.1f} mm")


@pytest.mark.parametrize(
    "text",
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "KẾ HOẠCH",
     "Nơi nhận:", "Dương Xuân Huyền"],
)
def test_pdf_has_text(pdf_text, text):
    assert text in pdf_text, f"bản in thiếu '{text}'"


@pytest.mark.parametrize("opening", FOOTNOTE_OPENINGS)
def test_pdf_has_footnotes(pdf_text, opening):
    assert opening in pdf_text, f"bản in thiếu chú thích cuối trang bắt đầu bằng '{opening}'"


def test_document_spans_several_pages(plan_pdf):
    assert page_count(plan_pdf) >= 2, "ví dụ Lạng Sơn phải dài hơn một trang"


def test_first_page_shows_no_number(plan_pdf, margins_pt):
    _, words = page_words(plan_pdf, 1)
    in_margin = [wd.text for wd in words if wd.y1 <= margins_pt["top"]]
    assert not in_margin, f"ND30 §1: trang 1 không hiện số trang, lề trên có {in_margin}"
    top = first_line(page_text(plan_pdf, 1))
    assert not re.fullmatch(r"\d+", top), (
        f"ND30 §1: trang 1 không hiện số trang, dòng đầu là '{top}'")
    assert top.startswith("ỦY BAN NHÂN DÂN") and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in top, (
        f"ND30 §3.1: trang 1 mở đầu bằng tên cơ quan và Quốc hiệu, được '{top}'")


def test_second_page_starts_with_its_number(plan_pdf):
    assert first_line(page_text(plan_pdf, 2)) == "2", (
        "ND30 §1: từ trang 2, số trang ở lề trên, đứng đầu trang")


def test_later_pages_numbered_centred_in_top_margin(plan_pdf, margins_pt):
    for page in range(2, page_count(plan_pdf) + 1):
        width, words = page_words(plan_pdf, page)
        number = min(words, key=lambda wd: wd.y0)
        assert number.text == str(page), (
            f"ND30 §1: trang {page} phải mở đầu bằng số trang {page}, được '{number.text}'")
        assert number.y1 <= margins_pt["top"], (
            f"ND30 §1: số trang {page} nằm trong lề trên ({number.y1:.1f} > "
            f"{margins_pt['top']} pt)")
        centre = (margins_pt["left"] + width - margins_pt["right"]) / 2
        assert abs((number.x0 + number.x1) / 2 - centre) <= 3, (
            f"ND30 §1: số trang {page} căn giữa vùng chữ ({centre:.1f} pt), được "
            f"{(number.x0 + number.x1) / 2:.1f} pt")


def test_text_starts_at_top_margin_on_every_page(plan_pdf):
    """ND30 §1: the top margin is 20–25 mm on every page, page 1 included: the first line
    of text (the page number aside) starts inside that band."""
    for page in range(1, page_count(plan_pdf) + 1):
        _, words = page_words(plan_pdf, page)
        body = [wd for wd in words if not (page > 1 and wd.text == str(page)
                                           and wd.y1 <= 20 / MM_PER_PT)]
        top_mm = min(wd.y0 for wd in body) * MM_PER_PT
        assert 19.5 <= top_mm <= 25.5, (
            f"ND30 §1: lề trên 20–25 mm; trên trang {page} dòng chữ đầu bắt đầu ở "
            f"{top_mm:.1f} mm")


def test_rules_drawn_at_nd30_lengths(plan_pdf, tmp_path):
    _, words = page_words(plan_pdf, 1)
    rules = horizontal_rules(plan_pdf, 1, tmp_path)
    motto = phrase_box(words, MOTTO)
    _, x0, x1 = rule_under(rules, motto)
    text_w = motto.x1 - motto.x0
    assert abs((x1 - x0) - text_w) <= 0.15 * text_w, (
        f"ND30 §3.2: đường kẻ dưới Tiêu ngữ dài bằng dòng chữ ({text_w:.0f} pt), bản in "
        f"{x1 - x0:.0f} pt")
    for phrase, what in ((ISSUER_LAST_LINE, "tên cơ quan ban hành"), (TRICH_YEU, "trích yếu")):
        box = phrase_box(words, phrase)
        _, x0, x1 = rule_under(rules, box)
        text_w = box.x1 - box.x0
        assert text_w / 3 - 1 <= x1 - x0 <= text_w / 2 + 1, (
            f"ND30 §3.2: đường kẻ dưới {what} dài 1/3–1/2 dòng chữ ({text_w:.0f} pt), bản in "
            f"{x1 - x0:.0f} pt")
    assert len(rules) == 3, f"trang 1 chỉ có ba đường kẻ (cơ quan, tiêu ngữ, trích yếu): {rules}"


def test_signature_block_on_one_page(plan_pdf):
    last = page_text(plan_pdf, page_count(plan_pdf))
    for text in ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH", "Dương Xuân Huyền"):
        assert text in last, f"ND30 §3.1: khối nơi nhận và chữ ký nằm cùng trang ('{text}')"
    label = next(line for line in last.splitlines() if "Nơi nhận:" in line)
    assert "TM. ỦY BAN NHÂN DÂN" in label, (
        "ND30 §3.2: 'Nơi nhận:' ngang dòng đầu của quyền hạn người ký")


def embedded_fonts(pdf: Path) -> list[dict[str, str]]:
    """Return pdffonts' table as rows keyed by its column names (name, type, emb, ...)."""
    lines = run(poppler("pdffonts"), str(pdf)).splitlines()
    header, rule = lines[0], lines[1]
    spans = [m.span() for m in re.finditer(r"-+", rule)]

    def cells(line: str) -> list[str]:
        return [line[a:b if i < len(spans) - 1 else None].strip()
                for i, (a, b) in enumerate(spans)]

    names = cells(header)
    return [dict(zip(names, cells(line), strict=True)) for line in lines[2:]]


def test_times_new_roman_compatible_font_embedded(plan_pdf):
    fonts = embedded_fonts(plan_pdf)
    embedded = [f["name"] for f in fonts if TNR_COMPATIBLE.search(f["name"]) and f["emb"] == "yes"]
    assert embedded, (
        f"ND30 §2: bản in phải nhúng Times New Roman hoặc Liberation Serif, có {fonts}")


def test_no_other_font_family_in_pdf(plan_pdf):
    others = [f["name"] for f in embedded_fonts(plan_pdf) if not TNR_COMPATIBLE.search(f["name"])]
    assert not others, f"ND30 §2: mọi chữ dùng Times New Roman, bản in còn phông {others}"
