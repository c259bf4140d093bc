"""Appendices paginated on their own (ND30 Phụ lục I [M], nd30.md §1): inside one document
each appendix is a section whose page numbers restart at 1 (same header, page number not on
its first page); with `vbhc render --phu-luc-rieng` each appendix is a .docx of its own
(Mẫu 2.1) with its "(Kèm theo ...)" line and page numbers from 1."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.docx_helpers import NS, Docx, para_text, w
from tests.test_pdf import page_count, page_text
from vbhc import cli
from vbhc.importer import import_document
from vbhc.loader import validate_data

REPORT = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
DECISION = EXAMPLES / "quyet-dinh-kien-toan-ban-chi-dao-dan-chu-co-so-2024.yaml"
LONG = [f"Đoạn thứ {k} của phụ lục: danh sách đơn vị, số liệu và ghi chú kèm theo để phụ lục "
        "dài hơn một trang khi in ra giấy khổ A4 theo đúng thể thức." for k in range(1, 40)]


def two_appendices() -> dict:
    source = yaml.safe_load(REPORT.read_text("utf-8"))
    source["phu_luc"].append({"tieu_de": "Danh sách hội nghị đối thoại", "noi_dung": LONG})
    source["phu_luc"].append({"tieu_de": "Kiến nghị của cử tri", "noi_dung": LONG[:3]})
    return source


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    doc = validate_data(two_appendices(), str(REPORT), base=EXAMPLES)
    return vbhc.render(doc, tmp_path_factory.mktemp("pl") / "bc.docx")


def breaks(doc: Docx) -> list:
    return [p for p in doc.document.findall("w:body/w:p", NS)
            if p.find("w:pPr/w:sectPr", NS) is not None]


def start(sect) -> str | None:
    num = sect.find("w:pgNumType", NS)
    return None if num is None else num.get(w("start"))


def test_each_appendix_is_a_section_restarting_at_1(rendered):
    doc = Docx.open(rendered)
    found = breaks(doc)
    assert len(found) == 3
    body = doc.document.find("w:body", NS)
    children = list(body)
    for k, p in enumerate(found):  # each break stands right before an appendix heading
        after = children[children.index(p) + 1]
        assert para_text(after) == f"Phụ lục {'I' * (k + 1) if k < 3 else ''}".strip()
        assert para_text(p) == ""
    sects = [p.find("w:pPr/w:sectPr", NS) for p in found] + [body.find("w:sectPr", NS)]
    # The body's section keeps its numbering; appendix I, II, III each restart at 1.
    assert [start(s) for s in sects] == [None, "1", "1", "1"]
    for s in sects:
        assert s.find("w:titlePg", NS) is not None  # no number on each first page
        assert {r.get(w("type")) for r in s.findall("w:headerReference", NS)} == \
            {"default", "first"}
        assert s.find("w:pgSz", NS).get(w("w")) == "11906"
        names = [x.tag.split("}")[1] for x in s]
        assert names.index("pgNumType") < names.index("cols") if "pgNumType" in names else True
    assert not [p for p in vbhc.check(rendered) if p.is_error]


def test_document_without_appendix_has_one_section(tmp_path):
    doc = Docx.open(vbhc.render(vbhc.load(DECISION), tmp_path / "qd.docx"))
    assert breaks(doc) == []
    assert doc.document.find("w:body/w:sectPr/w:pgNumType", NS) is None


def test_editor_section_with_content_is_left_alone():
    from lxml import etree

    from vbhc.renderer.package import fill_sections

    xml = (f'<w:document xmlns:w="{NS["w"]}"><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w="16838"'
           ' w:h="11906" w:orient="landscape"/></w:sectPr></w:pPr></w:p><w:sectPr><w:pgSz '
           'w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    root = etree.fromstring(xml)
    assert fill_sections(root) == 0
    assert root.find(".//w:pgNumType", NS) is None


def test_import_reads_the_appendices_across_section_breaks(rendered):
    again = import_document(rendered).document
    assert [a.tieu_de for a in again.phu_luc][1:] == ["Danh sách hội nghị đối thoại",
                                                      "Kiến nghị của cử tri"]
    assert len(again.phu_luc[1].noi_dung) == len(LONG)


def invoke(*args: str):
    return CliRunner().invoke(cli.main, ["render", *args])


def test_render_phu_luc_rieng_writes_each_appendix_file(tmp_path):
    source = tmp_path / "bc.yaml"
    data = two_appendices()
    shutil.copytree(EXAMPLES / "ho-so", source.parent / "ho-so")
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke(str(source), "--phu-luc-rieng")
    assert result.exit_code == 0, result.output
    names = ["bc.docx", "bc-phu-luc-I.docx", "bc-phu-luc-II.docx", "bc-phu-luc-III.docx"]
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == sorted(names)
    for name in names:
        assert f"Đã ghi {tmp_path / name}" in result.output
    main = Docx.open(tmp_path / "bc.docx")
    texts = [para_text(p) for p in main.paragraphs()]
    assert "Nơi nhận:" in texts and not [t for t in texts if t.startswith("Phụ lục")]
    assert breaks(main) == [] and start(main.document.find("w:body/w:sectPr", NS)) is None
    for k, numeral in enumerate(["I", "II", "III"]):
        path = tmp_path / f"bc-phu-luc-{numeral}.docx"
        doc = Docx.open(path)
        texts = [para_text(p) for p in doc.document.findall("w:body/w:p", NS) if para_text(p)]
        assert texts[0] == f"Phụ lục {numeral}"
        assert texts[2].startswith("(Kèm theo Báo cáo số 125/BC-UBND ngày 10 tháng 6 năm 2024")
        assert "Nơi nhận:" not in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in texts
        sect = doc.document.find("w:body/w:sectPr", NS)
        assert start(sect) == "1" and sect.find("w:titlePg", NS) is not None
        assert breaks(doc) == []
        assert not [p for p in vbhc.check(path) if p.is_error], k
    # Nothing overwritten without --force, and nothing written at all then.
    for name in names:
        (tmp_path / name).unlink()
    (tmp_path / "bc-phu-luc-II.docx").write_bytes(b"ban cua van thu")
    again = invoke(str(source), "--phu-luc-rieng")
    assert again.exit_code == 1 and "bc-phu-luc-II.docx đã có" in again.output
    assert sorted(p.name for p in tmp_path.glob("*.docx")) == ["bc-phu-luc-II.docx"]
    assert (tmp_path / "bc-phu-luc-II.docx").read_bytes() == b"ban cua van thu"
    forced = invoke(str(source), "--phu-luc-rieng", "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "bc-phu-luc-II.docx").read_bytes()[:2] == b"PK"


def test_render_phu_luc_rieng_one_appendix_and_none(tmp_path):
    result = invoke(str(REPORT), "-o", str(tmp_path / "bc.docx"), "--phu-luc-rieng")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bc-phu-luc.docx").is_file()
    texts = [para_text(p) for p in Docx.open(tmp_path / "bc-phu-luc.docx").paragraphs()]
    assert texts[0] == "Phụ lục"
    result = invoke(str(DECISION), "-o", str(tmp_path / "qd.docx"), "--phu-luc-rieng")
    assert result.exit_code == 0, result.output
    assert "không có phụ lục nào để tách" in result.output
    assert sorted(p.name for p in tmp_path.glob("qd*")) == ["qd.docx"]


@pytest.mark.slow
def test_libreoffice_restarts_page_numbers_in_each_appendix(rendered, tmp_path):
    binary = soffice()
    split = tmp_path / "rieng"
    split.mkdir()
    source = split / "bc.yaml"
    data = two_appendices()
    shutil.copytree(EXAMPLES / "ho-so", source.parent / "ho-so")
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert invoke(str(source), "--phu-luc-rieng").exit_code == 0
    files = [rendered, split / "bc-phu-luc-II.docx"]
    subprocess.run([binary, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), *map(str, files)], capture_output=True, timeout=300,
                   check=True)

    def lines(pdf: Path, page: int) -> list[str]:
        return [x.strip() for x in page_text(pdf, page).splitlines() if x.strip()]

    whole = tmp_path / "bc.pdf"
    pages = page_count(whole)
    heads = {lines(whole, k)[0]: k for k in range(1, pages + 1)}
    assert {"Phụ lục I", "Phụ lục II", "Phụ lục III"} <= set(heads)  # no number on page 1
    second = heads["Phụ lục II"] + 1  # appendix II runs over several pages
    assert lines(whole, second)[0] == "2", "số trang của phụ lục II tính lại từ 1"
    last = heads["Phụ lục III"] - 1
    assert lines(whole, last)[0] == str(last - heads["Phụ lục II"] + 1)
    alone = tmp_path / "bc-phu-luc-II.pdf"
    assert page_count(alone) == heads["Phụ lục III"] - heads["Phụ lục II"]
    assert lines(alone, 1)[0] == "Phụ lục II" and lines(alone, 2)[0] == "2"
