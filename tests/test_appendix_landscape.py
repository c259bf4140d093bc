"""Issue 16: a wide appendix table printed landscape, as the original plan prints it.

An appendix set ``trang_ngang`` (imported from a landscape section of the source .docx) is
rendered in a section whose page is landscape (w:pgSz turned, w:orient="landscape", the
binding margin at the top), its tables as wide as that page; the other sections stay
portrait, vbhc check finds no error, and the rule under the abstract keeps its length."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from pydantic import ValidationError

import vbhc
from vbhc.importer import import_document
from vbhc.importer.appendix import landscape
from vbhc.importer.source import Para
from vbhc.loader import validate_data
from vbhc.model.chung import PhuLuc
from vbhc.model.markup import TextSpan

HERE = Path(__file__).parent
PLAN = HERE.parent / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
LAM_DONG = (HERE.parent.parent / "shared" / "corpus"
            / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx")

WIDE = {"cot": ["STT", "Nhiệm vụ", "Sản phẩm", "Thời gian hoàn thành", "Chủ trì thực hiện",
                "Phối hợp thực hiện", "Theo dõi, kiểm tra, đôn đốc"],
        "hang": [[1, "Tuyên truyền dân chủ ở cơ sở", "Báo cáo", "Quý I/2024", "Sở Nội vụ",
                  "Sở Tư pháp", "Văn phòng UBND tỉnh"]]}


def plan_with(appendices: list[dict]):
    data = vbhc.load(PLAN).model_dump(mode="json", exclude_none=True)
    data["phu_luc"] = appendices
    return validate_data(data)


def sections(xml: str) -> list[str]:
    return re.findall(r"<w:sectPr>.*?</w:sectPr>", xml)


def test_landscape_appendix_renders_in_a_landscape_section(tmp_path):
    plan = plan_with([{"tieu_de": "Phân công nhiệm vụ", "noi_dung": [WIDE], "trang_ngang": True},
                      {"tieu_de": "Danh mục văn bản", "noi_dung": ["Theo danh mục."]}])
    out = tmp_path / "kh.docx"
    vbhc.render(plan, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    body, first, second = sections(xml)  # closing the body, appendix I, appendix II
    assert 'w:orient="landscape"' not in body + second
    assert '<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/>' in first
    assert 'w:top="1701"' in first and 'w:left="1134"' in first  # binding edge at the top
    assert 'w:top="1134"' in body and 'w:left="1701"' in body
    widths = [int(x) for x in re.findall(r'<w:tblW w:w="(\d+)"', xml)]
    assert max(widths) == 16838 - 1134 - 850  # the landscape page's text width
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []


def test_portrait_appendices_render_as_before(tmp_path):
    plan = plan_with([{"tieu_de": "Phân công nhiệm vụ", "noi_dung": [WIDE]}])
    out = tmp_path / "kh.docx"
    vbhc.render(plan, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert "landscape" not in xml


def test_landscape_appendix_without_a_table_is_refused():
    with pytest.raises(ValidationError, match="trang_ngang: phụ lục in khổ ngang phải có bảng"):
        PhuLuc(tieu_de="Danh mục", noi_dung=["Theo danh mục."], trang_ngang=True)


def test_landscape_appendix_round_trips_through_import(tmp_path):
    plan = plan_with([{"tieu_de": "Phân công nhiệm vụ", "noi_dung": [WIDE], "trang_ngang": True},
                      {"tieu_de": "Danh mục văn bản", "noi_dung": ["Theo danh mục."]}])
    out = tmp_path / "kh.docx"
    vbhc.render(plan, out)
    back = import_document(out).document
    assert [a.trang_ngang for a in back.phu_luc] == [True, False]


def test_landscape_section_without_a_table_imports_portrait_with_a_warning():
    warnings: list[str] = []
    head = Para([TextSpan("Phụ lục")], landscape=True)
    assert landscape(head, ["Theo danh mục."], warnings.append) == {}
    assert "không có bảng" in warnings[0]
    assert landscape(head, [dict(WIDE)], warnings.append) == {"trang_ngang": True}
    assert landscape(Para([TextSpan("Phụ lục")]), [dict(WIDE)], warnings.append) == {}


def test_real_plan_appendix_is_landscape_and_stays_so_when_derived(tmp_path):
    if not LAM_DONG.is_file():
        pytest.skip(f"không có tệp {LAM_DONG} (../shared vắng mặt)")
    plan = import_document(LAM_DONG).document
    assert plan.phu_luc[0].trang_ngang  # its section: w:pgSz w:orient="landscape"
    derived = vbhc.derive(plan, "xã Đức Trọng").plan
    assert derived.phu_luc[0].trang_ngang
    out = tmp_path / "xa.docx"
    vbhc.render(derived, out)
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert 'w:orient="landscape"' in xml.rsplit("<w:sectPr>", 1)[1]  # the last section's
    assert [p for p in vbhc.check(out) if p.severity == "lỗi"] == []


def test_separate_appendix_file_keeps_its_landscape_page(tmp_path):
    from click.testing import CliRunner

    from vbhc import cli
    from vbhc.yaml_out import dump_document

    plan = plan_with([{"tieu_de": "Phân công nhiệm vụ", "noi_dung": [WIDE], "trang_ngang": True},
                      {"tieu_de": "Danh mục văn bản", "noi_dung": ["Theo danh mục."]}])
    source = tmp_path / "kh.yaml"
    source.write_text(dump_document(plan), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(source), "--phu-luc-rieng"])
    assert result.exit_code == 0, result.output
    sizes = {}
    for name in ("kh", "kh-phu-luc-I", "kh-phu-luc-II"):
        path = tmp_path / f"{name}.docx"
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        sizes[name] = "landscape" in xml
        assert [p for p in vbhc.check(path) if p.severity == "lỗi"] == []
    assert sizes == {"kh": False, "kh-phu-luc-I": True, "kh-phu-luc-II": False}
