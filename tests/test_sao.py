"""`vbhc sao` (issue 18, copies): SAO Y / SAO LỤC / TRÍCH SAO of a .docx with the copy block
of ND30 Phụ lục I, Phần II (Mẫu 3.1), on a rendered example and a real agency file; the
block read back from the XML; refusals; LibreOffice conversion."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from tests.conftest import EXAMPLES, SHARED, soffice
from tests.test_hardening import bad_files
from vbhc import cli
from vbhc.checker import check
from vbhc.copies import list_items, load_copy_data, make_copy, parse_ranges, resolve_form
from vbhc.errors import InputError
from vbhc.model.kinds import copy_forms

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
COPY_DATA = EXAMPLES / "sao" / "sao-y-ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
CORPUS_FILE = SHARED / "corpus" / "qd_ubnd-tinh-lam-dong_2026_cong-bo-chi-so-cchc-2025.docx"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read("word/document.xml")).find(f"{W}body")


def text(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def block(path: Path) -> tuple[etree._Element, etree._Element]:
    """Return (the paragraph with the full-width line, the copy table after it): the last
    two elements before the final section properties."""
    kids = [k for k in body(path) if k.tag != f"{W}sectPr"]
    return kids[-2], kids[-1]


def cells(tbl: etree._Element) -> list[list[str]]:
    """Return the paragraph texts of each cell, row by row (left, right, left, right)."""
    return [[text(p) for p in tc.iter(f"{W}p")] for tc in tbl.iter(f"{W}tc")]


@pytest.fixture(scope="module")
def copy_data(tmp_path_factory) -> Path:
    """The example's data without hinh_thuc: every test names the form itself."""
    out = tmp_path_factory.mktemp("du-lieu") / "sao.yaml"
    out.write_text(COPY_DATA.read_text("utf-8").replace("hinh_thuc: sao-y\n", ""), "utf-8")
    return out


@pytest.fixture(scope="module")
def sao_y(plan_docx_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sao") / "ke-hoach_SY.docx"
    result = run("sao", str(plan_docx_path), str(COPY_DATA), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.output and "05/SY-VP" in result.output
    return out


def test_full_width_line_opens_the_block(sao_y):
    line, tbl = block(sao_y)
    bottom = line.find(f"{W}pPr/{W}pBdr/{W}bottom")
    assert bottom is not None and bottom.get(f"{W}val") == "single"
    ind = line.find(f"{W}pPr/{W}ind")
    assert ind.get(f"{W}left") == "0" and ind.get(f"{W}right") == "0"  # margin to margin
    assert not text(line)
    assert tbl.tag == f"{W}tbl"
    width = int(tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w"))
    assert width == 11906 - 1701 - 850  # the rendered plan's text width


def test_block_text_in_its_boxes(sao_y):
    agency, heading, number, date, recipients, signer = cells(block(sao_y)[1])
    assert agency == ["UBND TỈNH LẠNG SƠN", "VĂN PHÒNG", ""]  # "" : the short rule
    assert heading == ["SAO Y"]
    assert number == ["Số: 05/SY-VP"]  # ô 3 and ô 4 on one row, as in a header
    assert date == ["Lạng Sơn, ngày 03 tháng 6 năm 2024"]
    assert recipients == ["Nơi nhận:", "- Sở Nội vụ;", "- Ban Dân vận Tỉnh ủy;",
                          "- UBND các huyện, thành phố;", "- Lưu: VT."]
    assert signer == ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Hoàng Văn Minh"]


def test_block_formatting(sao_y):
    tbl = block(sao_y)[1]
    paras = {text(p): p for p in tbl.iter(f"{W}p") if text(p)}

    def rpr(label: str, tag: str) -> str | None:
        el = paras[label].find(f"{W}r/{W}rPr/{W}{tag}")
        return None if el is None else el.get(f"{W}val")

    assert rpr("SAO Y", "b") == "1" and rpr("SAO Y", "sz") == "28"
    assert rpr("VĂN PHÒNG", "b") == "1" and rpr("UBND TỈNH LẠNG SƠN", "b") == "0"
    assert rpr("Lạng Sơn, ngày 03 tháng 6 năm 2024", "i") == "1"
    assert rpr("Nơi nhận:", "i") == "1" and rpr("Nơi nhận:", "sz") == "24"
    assert rpr("- Sở Nội vụ;", "sz") == "22"
    assert rpr("Hoàng Văn Minh", "b") == "1"
    assert all(rpr(label, "color") == "000000" for label in paras)
    name = paras["Hoàng Văn Minh"].find(f"{W}pPr/{W}spacing")
    assert int(name.get(f"{W}before")) >= 1440  # room for signature and seal


def test_copy_keeps_the_original_and_passes_check(plan_docx_path, sao_y):
    original = [text(k) for k in body(plan_docx_path) if k.tag != f"{W}sectPr"]
    copied = [text(k) for k in body(sao_y) if k.tag != f"{W}sectPr"]
    assert copied[:len(original)] == original and len(copied) == len(original) + 2
    assert [f for f in check(sao_y) if f.is_error] == []


def test_same_input_same_bytes(plan_docx_path, sao_y, tmp_path):
    again = tmp_path / "lai.docx"
    assert run("sao", str(plan_docx_path), str(COPY_DATA), "-o", str(again)).exit_code == 0
    assert hashlib.sha256(again.read_bytes()).digest() == \
        hashlib.sha256(sao_y.read_bytes()).digest()


@pytest.mark.parametrize(("form", "code", "title"), [("sao-luc", "SL", "SAO LỤC"),
                                                     ("trich-sao", "TrS", "TRÍCH SAO")])
def test_number_and_title_per_form(plan_docx_path, copy_data, tmp_path, form, code, title):
    out = tmp_path / "ban-sao.docx"
    extra = ["--doan", "8-12"] if form == "trich-sao" else []
    result = run("sao", str(plan_docx_path), str(copy_data), "--hinh-thuc", form, "-o",
                 str(out), *extra)
    assert result.exit_code == 0, result.output
    _, heading, number, _, _, _ = cells(block(out)[1])
    assert number == [f"Số: 05/{code}-VP"] and heading == [title]
    assert [f for f in check(out) if f.is_error] == []


def test_copy_forms_come_from_the_kinds_table():
    from vbhc.copies import forms_by_slug

    assert [f.ky_hieu for f in forms_by_slug().values()] == [f.ky_hieu for f in copy_forms()]
    assert list(forms_by_slug()) == ["sao-y", "sao-luc", "trich-sao"]


def test_trich_sao_keeps_header_chosen_paragraphs_and_closing(plan_docx_path, copy_data,
                                                               tmp_path):
    from vbhc.checker.document import Document

    items = list_items(Document.open(plan_docx_path))
    roles = {it.role for it in items}
    assert roles == {"dau", "noi-dung", "ket"}
    chosen = [it for it in items if it.number in (9, 10)]
    out = tmp_path / "trich.docx"
    result = run("sao", str(plan_docx_path), str(copy_data), "--hinh-thuc", "trich-sao",
                 "--doan", "9-10", "-o", str(out))
    assert result.exit_code == 0, result.output
    texts = [text(k) for k in body(out) if k.tag != f"{W}sectPr" and text(k)]
    header = [it.text for it in items if it.role == "dau"]
    assert texts[:len(header)] == [text(k) for k in body(plan_docx_path)
                                   if text(k)][:len(header)]
    assert texts[len(header)] == "…"  # the legal bases and the opening left out
    assert texts[len(header) + 1:len(header) + 3] == [it.text for it in chosen]
    assert texts[len(header) + 3] == "…"
    assert texts[len(header) + 4].startswith("Nơi nhận:")  # the original's closing
    assert "TRÍCH SAO" in texts[-1]
    assert "Căn cứ Luật" not in " ".join(texts)


def test_liet_ke_numbers_paragraphs(plan_docx_path):
    result = run("sao", "--liet-ke", str(plan_docx_path))
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.split()[0] == "1" and "[phần đầu, luôn giữ]" in first
    assert "[phần kết, luôn giữ] Nơi nhận:" in result.output


def test_sao_luc_of_a_sao_y_keeps_both_blocks(sao_y, copy_data, tmp_path):
    out = tmp_path / "sao-luc.docx"
    result = run("sao", str(sao_y), str(copy_data), "--hinh-thuc", "sao-luc", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" not in result.output
    titles = [text(p) for p in body(out).iter(f"{W}p") if text(p) in ("SAO Y", "SAO LỤC")]
    assert titles == ["SAO Y", "SAO LỤC"]


def test_sao_y_of_a_copy_warns(sao_y, copy_data, tmp_path):
    result = run("sao", str(sao_y), str(copy_data), "--hinh-thuc", "sao-y", "-o",
                 str(tmp_path / "x.docx"))
    assert result.exit_code == 0
    assert "đã là bản sao (SAO Y)" in result.output


@pytest.mark.skipif(not CORPUS_FILE.exists(), reason="thiếu ../shared/corpus")
def test_real_agency_file(copy_data, tmp_path):
    out = tmp_path / "qd-sao-y.docx"
    result = run("sao", str(CORPUS_FILE), str(copy_data), "--hinh-thuc", "sao-y", "-o",
                 str(out))
    assert result.exit_code == 0, result.output
    _, heading, number, _, _, signer = cells(block(out)[1])
    assert heading == ["SAO Y"] and number == ["Số: 05/SY-VP"]
    assert signer[-1] == "Hoàng Văn Minh"
    before = [(f.rule, f.message) for f in check(CORPUS_FILE) if f.is_error]
    after = [(f.rule, f.message) for f in check(out) if f.is_error]
    assert after == before  # the block adds no finding
    with zipfile.ZipFile(CORPUS_FILE) as a, zipfile.ZipFile(out) as b:
        for name in a.namelist():  # every other part kept byte for byte
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name


def test_block_colour_does_not_inherit(copy_data, tmp_path):
    """A real file whose default run colour is blue: the block is still black (found on
    cv_ubnd-tinh-lam-dong, whose Normal style is #0000FF)."""
    source = SHARED / "corpus" / "cv_ubnd-tinh-lam-dong_2025_v-v-cai-thien-chi-so-cchc_1fn.docx"
    if not source.exists():
        pytest.skip("thiếu ../shared/corpus")
    out = tmp_path / "cv.docx"
    result = run("sao", str(source), str(copy_data), "--hinh-thuc", "sao-y", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not [f for f in check(out) if f.rule == "mau-chu" and f.is_error
                and "Hoàng Văn Minh" in f.excerpt]


def test_libreoffice_converts_the_copy(sao_y, tmp_path):
    binary = soffice()
    shutil.copy(sao_y, tmp_path / "sy.docx")
    subprocess.run([binary, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "sy.docx")],
                   check=True, capture_output=True, timeout=180)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(tmp_path / "sy.pdf"))
    last = pdf[len(pdf) - 1].get_textpage().get_text_range()
    for line in ("SAO Y", "Số: 05/SY-VP", "VĂN PHÒNG", "KT. CHÁNH VĂN PHÒNG", "Hoàng Văn Minh"):
        assert line in last


# --- refusals ---------------------------------------------------------------------------

def test_refuses_output_on_input(plan_docx_path, tmp_path):
    src = tmp_path / "kh.docx"
    shutil.copy(plan_docx_path, src)
    before = src.read_bytes()
    result = run("sao", str(src), str(COPY_DATA), "-o", str(src), "--force")
    assert result.exit_code == 1 and "chính là tệp vào" in result.output
    assert src.read_bytes() == before


def test_refuses_existing_output_without_force(plan_docx_path, tmp_path):
    out = tmp_path / "co-roi.docx"
    out.write_bytes(b"cu")
    result = run("sao", str(plan_docx_path), str(COPY_DATA), "-o", str(out))
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_bytes() == b"cu"
    assert run("sao", str(plan_docx_path), str(COPY_DATA), "-o", str(out), "--force"
               ).exit_code == 0


def test_default_output_beside_input(plan_docx_path, tmp_path):
    src = tmp_path / "kh.docx"
    shutil.copy(plan_docx_path, src)
    assert run("sao", str(src), str(COPY_DATA)).exit_code == 0
    assert (tmp_path / "kh-sao-y.docx").exists()


@pytest.mark.parametrize(("yaml_text", "field"), [
    ("co_quan: {ten: VP, viet_tat: VP, dia_danh: X}\nngay_sao: 3/6/2024\n"
     "noi_nhan: {danh_sach: [A]}\n", "nguoi_ky"),
    ("co_quan: {ten: VP, viet_tat: VP, dia_danh: X}\nngay_sao: 3/6/2024\nhinh_thuc: sao-z\n"
     "nguoi_ky: {chuc_vu: CHÁNH VĂN PHÒNG}\nnoi_nhan: {danh_sach: [A]}\n", "hinh_thuc"),
    ("co_quan: {ten: VP, viet_tat: VP, dia_danh: X}\nngay_sao: 31/2/2024\n"
     "nguoi_ky: {chuc_vu: CHÁNH VĂN PHÒNG}\nnoi_nhan: {danh_sach: [A]}\n", "ngay_sao"),
    ("co_quan: {ten: VP, viet_tat: VP, dia_danh: X}\nngay_sao: 3/6/2024\n"
     "so_ky_hieu: {so: 5, ky_hieu: KH-VP}\n"
     "nguoi_ky: {chuc_vu: CHÁNH VĂN PHÒNG}\nnoi_nhan: {danh_sach: [A]}\n", "so_ky_hieu"),
])
def test_refuses_bad_data_naming_the_field(plan_docx_path, tmp_path, yaml_text, field):
    data = tmp_path / "sai.yaml"
    data.write_text(yaml_text, "utf-8")
    out = tmp_path / "ra.docx"
    result = run("sao", str(plan_docx_path), str(data), "--hinh-thuc", "sao-y", "-o", str(out))
    assert result.exit_code == 1, result.output
    assert f"{field}" in result.output and "Lỗi:" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_refuses_unknown_form_in_vietnamese(plan_docx_path, copy_data, tmp_path):
    result = run("sao", str(plan_docx_path), str(copy_data), "--hinh-thuc", "sao-x", "-o",
                 str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert "Lỗi: --hinh-thuc: hình thức sao 'sao-x' không có; dùng: sao-y, sao-luc, " \
        "trich-sao" in result.output


def test_refuses_form_disagreeing_with_the_file(plan_docx_path, tmp_path):
    result = run("sao", str(plan_docx_path), str(COPY_DATA), "--hinh-thuc", "sao-luc", "-o",
                 str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "hinh_thuc: sao-y nhưng dòng lệnh" in result.output


def test_refuses_symbol_of_another_form(plan_docx_path, tmp_path):
    data = tmp_path / "sl.yaml"
    data.write_text(COPY_DATA.read_text("utf-8").replace("  so: 5\n", "  so: 5\n  ky_hieu: "
                                                         "SL-VP\n"), "utf-8")
    result = run("sao", str(plan_docx_path), str(data), "-o", str(tmp_path / "x.docx"))
    assert result.exit_code == 1 and "so_ky_hieu.ky_hieu" in result.output


@pytest.mark.parametrize(("args", "words"), [
    (["--hinh-thuc", "trich-sao"], "cần --doan"),
    (["--hinh-thuc", "trich-sao", "--doan", "3-x"], "'3-x' không phải số đoạn"),
    (["--hinh-thuc", "trich-sao", "--doan", "9-4"], "khoảng '9-4' sai"),
    (["--hinh-thuc", "trich-sao", "--doan", "999"], "không có đoạn số 999"),
    (["--hinh-thuc", "trich-sao", "--doan", "1-2"], "phần đầu hoặc phần kết"),
    (["--hinh-thuc", "sao-y", "--doan", "9"], "chỉ dùng cho TRÍCH SAO"),
    ([], "chưa chọn hình thức sao"),
])
def test_refuses_bad_options(plan_docx_path, copy_data, tmp_path, args, words):
    out = tmp_path / "x.docx"
    result = run("sao", str(plan_docx_path), str(copy_data), "-o", str(out), *args)
    assert result.exit_code == 1, result.output
    assert words in result.output and not out.exists()


def test_refuses_missing_data_file(plan_docx_path):
    result = run("sao", str(plan_docx_path))
    assert result.exit_code == 1 and "DU_LIEU" in result.output


@pytest.mark.parametrize("kind", ["rong", "van-ban", "doc-cu", "zip-hong", "xxe",
                                  "qua-nhieu-phan", "bom-zip", "trung-ten"])
def test_hostile_docx_refused_with_exit_2(tmp_path_factory, kind, tmp_path):
    files = _hostile(tmp_path_factory)
    out = tmp_path / "x.docx"
    result = run("sao", str(files[kind]), str(COPY_DATA), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: không đọc được") and "Traceback" not in result.output
    assert not out.exists()


_FILES: dict[str, Path] = {}


def _hostile(factory) -> dict[str, Path]:
    if not _FILES:
        _FILES.update(bad_files(factory.mktemp("hong")))
    return _FILES


def test_library_api(plan_docx_path):
    warnings: list = []
    data = load_copy_data(COPY_DATA, warnings=warnings)
    assert warnings == []
    form = resolve_form(None, data)
    assert form.ky_hieu == "SY"
    result = make_copy(plan_docx_path, data, form)
    assert result.number == "Số: 05/SY-VP" and result.data.startswith(b"PK")
    assert parse_ranges("3-5, 9,4") == [3, 4, 5, 9]
    with pytest.raises(InputError):
        parse_ranges("")


# --- electronic copy ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def electronic(plan_docx_path, tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("dien-tu")
    soffice()
    out = folder / "ke-hoach_SY.docx"
    result = run("sao", str(plan_docx_path), str(COPY_DATA), "--dien-tu", "-o", str(out))
    assert result.exit_code == 0, result.output
    return out, result.output


def test_electronic_copy_lines_top_right_of_page_one(plan_docx_path, electronic):
    out, output = electronic
    kids = [k for k in body(out) if k.tag != f"{W}sectPr"]
    top = kids[:4]
    assert [text(p) for p in top] == ["SAO Y", "Văn phòng UBND tỉnh Lạng Sơn",
                                      "Số, ký hiệu: 05/SY-VP", "Thời gian sao: 03/6/2024"]
    for p in top:
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == "right"
        assert p.find(f"{W}r/{W}rPr/{W}sz").get(f"{W}val") == "20"  # 10 pt
    original = [text(k) for k in body(plan_docx_path) if k.tag != f"{W}sectPr"]
    assert [text(k) for k in kids[4:]] == original  # no block at the end
    assert [f for f in check(out) if f.is_error] == []
    # signer and recipients are not printed: said so, field by field
    assert "nguoi_ky: bản sao điện tử không in trường này" in output
    assert "noi_nhan: bản sao điện tử không in trường này" in output
    assert out.with_suffix(".pdf").exists()
    assert "--vai dinh-kem --so-ky-hieu 05/SY-VP" in output


def test_electronic_copy_signed_by_the_agency(electronic, tmp_path):
    import sys

    from tests.conftest import ROOT

    out, _ = electronic
    subprocess.run([sys.executable, str(ROOT / "tools" / "test_ca.py"), str(tmp_path / "ca")],
                   check=True, capture_output=True, timeout=120)
    signed = tmp_path / "da-ky.pdf"
    env_run = CliRunner(env={"VBHC_P12_PASS": "thu-nghiem"}).invoke(
        cli.main, ["ky", str(out.with_suffix(".pdf")), "--vai", "dinh-kem", "--so-ky-hieu",
                   "05/SY-VP", "--co-quan", "UBND huyện Cao Lộc", "--p12",
                   str(tmp_path / "ca" / "co-quan.p12"), "-o", str(signed)])
    assert env_run.exit_code == 0, env_run.output
    check_run = run("ky", "--kiem-tra", str(signed), "--tin-cay", str(tmp_path / "ca" / "ca.pem"))
    assert check_run.exit_code == 0 and "HỢP LỆ" in check_run.output
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(signed))[0]
    textpage = page.get_textpage()
    found = textpage.search("SAO Y").get_next()
    assert found is not None
    left, bottom, right, top = textpage.get_charbox(found[0])
    height = page.get_size()[1]
    assert height - top > 20 * 72 / 25.4 - 1  # below the top margin: the signature's box
    assert left > page.get_size()[0] / 2  # right half of the page


def test_paper_copy_needs_signer_and_recipients(plan_docx_path, tmp_path):
    data = tmp_path / "thieu.yaml"
    data.write_text("co_quan: {ten: VP, viet_tat: VP, dia_danh: X}\nngay_sao: 3/6/2024\n",
                    "utf-8")
    result = run("sao", str(plan_docx_path), str(data), "--hinh-thuc", "sao-y", "-o",
                 str(tmp_path / "x.docx"))
    assert result.exit_code == 1
    assert "nguoi_ky: thiếu trường bắt buộc: bản sao giấy" in result.output
    assert "noi_nhan: thiếu trường bắt buộc" in result.output
    ok = run("sao", str(plan_docx_path), str(data), "--hinh-thuc", "sao-y", "--dien-tu",
             "-o", str(tmp_path / "y.docx"))
    assert ok.exit_code == 0, ok.output


# --- TRÍCH SAO and the checker -------------------------------------------------------------

def test_numbering_goes_on_after_an_omission(plan_docx_path, copy_data, tmp_path):
    """"1. Mục đích", then "…" for 1.1., then "1.2.": the excerpt keeps the original's
    numbers and vbhc check accepts them after the omission mark (rule danh-so)."""
    out = tmp_path / "trich.docx"
    result = run("sao", str(plan_docx_path), str(copy_data), "--hinh-thuc", "trich-sao",
                 "--doan", "8-9,11-12", "-o", str(out))
    assert result.exit_code == 0, result.output
    texts = [text(k) for k in body(out) if text(k)]
    start = texts.index("1. Mục đích")
    assert texts[start + 1] == "…" and texts[start + 2].startswith("1.2. ")
    assert not [f for f in check(out) if f.rule == "danh-so"]


@pytest.mark.skipif(not (SHARED / "corpus").exists(), reason="thiếu ../shared/corpus")
def test_excerpt_drops_sections_left_empty(copy_data, tmp_path):
    """The Lâm Đồng report has landscape sections for its wide tables: an excerpt of the
    first part keeps none of them (no empty landscape page, no new finding)."""
    source = SHARED / "corpus" / "bc_ubnd-tinh-lam-dong_2025_cong-tac-cchc-nam-2025_17fn.docx"
    out = tmp_path / "trich.docx"
    result = run("sao", str(source), str(copy_data), "--hinh-thuc", "trich-sao", "--doan",
                 "10-20", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert not [f for f in check(out) if f.rule in ("huong-giay", "kho-giay", "danh-so")]
    sections = list(body(out).iter(f"{W}sectPr"))
    assert all(s.find(f"{W}pgSz").get(f"{W}orient") != "landscape" for s in sections)


def test_agency_profile_and_named_signer(plan_docx_path, tmp_path):
    """co_quan names an agency profile and nguoi_ky a signer in it, as a document may."""
    data = tmp_path / "sao.yaml"
    data.write_text("hinh_thuc: sao-y\nco_quan: ho-so/so-noi-vu-lang-son.yaml\n"
                    "so_ky_hieu: {so: 12}\nngay_sao: 5/6/2024\nnguoi_ky: pho-giam-doc\n"
                    "noi_nhan:\n  danh_sach: [Phòng Nội vụ các huyện]\n", "utf-8")
    out = tmp_path / "sy.docx"
    refused = run("sao", str(plan_docx_path), str(data), "-o", str(out))
    assert refused.exit_code == 1 and "co_quan" in refused.output  # outside allowed folders
    result = run("sao", str(plan_docx_path), str(data), "-o", str(out), "--ho-so-goc",
                 str(EXAMPLES))
    assert result.exit_code == 0, result.output
    assert "nguoi_ky.ho_ten: chưa có họ tên người ký" in result.output
    agency, _, number, _, recipients, signer = cells(block(out)[1])
    assert agency[:2] == ["UBND TỈNH LẠNG SƠN", "SỞ NỘI VỤ"] and number == ["Số: 12/SY-SNV"]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ""]
    assert recipients == ["Nơi nhận:", "- Phòng Nội vụ các huyện;", "- Lưu: VT."]
