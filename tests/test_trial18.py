"""Faults a clerk-and-attacker trial of the new kinds found (quyết định Mẫu 1.3, appendices,
vbhc sao): each with the small input that showed it and the value it must give."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from vbhc import cli
from vbhc.lang.outline import letter

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DECISION = EXAMPLES / "quyet-dinh-ban-hanh-quy-che-ban-chi-dao-dan-chu-co-so-2024.yaml"


def _decision(tmp_path: Path, change) -> Path:
    """Copy the Mẫu 1.3 example (and its profiles) into ``tmp_path`` changed by ``change``."""
    import shutil

    shutil.copytree(EXAMPLES / "ho-so", tmp_path / "ho-so")
    data = yaml.safe_load(DECISION.read_text("utf-8"))
    change(data)
    source = tmp_path / "qd.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return source


def test_point_letters_go_on_past_yy():
    assert [letter(i) for i in (0, 4, 22, 23, 551, 552, 553)] == [
        "a", "đ", "y", "aa", "yy", "aaa", "aab"]


def test_a_clause_with_600_points_renders_without_an_internal_error(tmp_path):
    def many_points(data):
        data["van_ban_kem_theo"]["chuong"][0]["dieu"][0]["khoan"] = [
            {"noi_dung": "Các việc:", "diem": [f"việc {i};" for i in range(600)]}]

    source = _decision(tmp_path, many_points)
    result = CliRunner().invoke(cli.main, ["render", str(source), "-o", str(tmp_path / "q.docx")])
    assert result.exit_code == 0, result.output
    from docx import Document

    texts = [p.text for p in Document(str(tmp_path / "q.docx")).paragraphs]
    assert "aaa) việc 552;" in texts


def test_rule_candidates_are_those_of_the_sibling_xpath(tmp_path):
    """The paragraphs _size_rules looks at, now found without the quadratic
    preceding-sibling::*[1] XPath, are exactly the ones that XPath finds (body, cells, a
    comment between two paragraphs), in the same order."""
    import copy
    import zipfile

    from lxml import etree

    from tests.test_speed_render3 import _old_size_rules
    from vbhc.renderer.package import KEEP_STYLE, MARK_STYLES, NS, RULE_STYLE, _nd30, _size_rules

    source = _decision(tmp_path, lambda data: None)
    CliRunner().invoke(cli.main, ["render", str(source), "-o", str(tmp_path / "q.docx")])
    root = etree.fromstring(zipfile.ZipFile(tmp_path / "q.docx").read("word/document.xml"))
    root.find("w:body", NS).insert(3, etree.Comment("x"))
    nd30 = _nd30()
    named = " or ".join(f"@w:val = '{s}'" for s in
                        (KEEP_STYLE, *MARK_STYLES, *sorted(nd30["co_chu_toi_thieu"])))
    old = etree.XPath(f"//w:p[w:pPr/w:pStyle[starts-with(@w:val, '{RULE_STYLE}') or {named}]"
                      " or preceding-sibling::*[1][self::w:p]]", namespaces=NS)(root)
    assert len(old) > 10
    # rule sizing walks every paragraph once now: it changes what it changed on these
    styles = zipfile.ZipFile(tmp_path / "q.docx").read("word/styles.xml")
    assert _size_rules(copy.deepcopy(root), styles) == _old_size_rules(root, styles)


def test_a_copy_past_the_limits_is_blamed_on_the_copy_not_the_input(tmp_path, monkeypatch):
    """A copy block too big to read back (100,000 nơi nhận) was reported as «không đọc
    được <input>.docx», exit 2, as if the input were damaged; it is the copy's fault."""
    import vbhc.docx.package as package

    source = _decision(tmp_path, lambda data: None)
    docx = tmp_path / "qd.docx"
    assert CliRunner().invoke(cli.main, ["render", str(source), "-o", str(docx)]).exit_code == 0
    data = yaml.safe_load((EXAMPLES / "sao" / next(
        p.name for p in (EXAMPLES / "sao").glob("*.yaml"))).read_text("utf-8"))
    data["noi_nhan"]["danh_sach"] = [f"Cơ quan {i}" for i in range(200)]
    copy_data = tmp_path / "sy.yaml"
    copy_data.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    size = len(__import__("zipfile").ZipFile(docx).read("word/document.xml"))
    monkeypatch.setattr(package, "MAX_PART_BYTES", size + 1000)  # the input fits, the copy not
    out = tmp_path / "sy.docx"
    result = CliRunner().invoke(cli.main, ["sao", str(docx), str(copy_data), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert "bản sao vượt giới hạn" in result.output and "không đọc được" not in result.output
    assert not out.exists()
