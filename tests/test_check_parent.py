"""A governing body (chủ quản, ND30 ô 2) written in full wraps onto two lines, printed upright
over the bold issuer (issue 15, clerk trial): vbhc renders each line as its own paragraph, and
the checker must take both for the parent, not the second for an unbold issuer. A really
unbold issuer under the same parent is still reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES
from tests.test_check_rules import set_rpr
from tests.test_check_triggers import build
from vbhc.checker import check
from vbhc.checker.components import find_components
from vbhc.checker.document import Document

CV = "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"
CASES = {
    # province: a department under the provincial people's committee
    "tinh": ("ho-so/so-noi-vu-lang-son.yaml", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "SỞ NỘI VỤ"),
    # district: a district office under the district people's committee
    "huyen": ("ho-so/so-noi-vu-lang-son.yaml", "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
              "PHÒNG NỘI VỤ"),
    # commune: the commune's people's committee under the district's, both in full
    "xa": ("ho-so/so-noi-vu-lang-son.yaml", "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
           "ỦY BAN NHÂN DÂN XÃ HỢP THÀNH"),
}


def _render(tmp_path: Path, profile: str, parent: str, issuer: str,
            example: str = CV) -> Path:
    """Render ``example`` with its profile's chu_quan and ten replaced; return the .docx."""
    shutil.copytree(EXAMPLES / "ho-so", tmp_path / "ho-so")
    path = tmp_path / profile
    data = yaml.safe_load(path.read_text("utf-8"))
    data["co_quan"]["chu_quan"], data["co_quan"]["ten"] = parent, issuer
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    source = tmp_path / example
    shutil.copy(EXAMPLES / example, source)
    out = tmp_path / "ra.docx"
    vbhc.render(vbhc.load(source), out)  # refuses to write what check calls an error
    return out


@pytest.mark.parametrize("level", sorted(CASES))
def test_full_form_parent_renders_and_checks_clean(level, tmp_path):
    profile, parent, issuer = CASES[level]
    out = _render(tmp_path, profile, parent, issuer)
    assert check(out) == []
    comp = find_components(Document.open(out))
    assert len(comp.chu_quan) == 2  # "ỦY BAN NHÂN DÂN" / "TỈNH LẠNG SƠN": both the parent
    assert " ".join(x.text for x in comp.chu_quan) == parent
    assert " ".join(x.text for x in comp.co_quan) == issuer


@pytest.mark.parametrize("level", sorted(CASES))
def test_unbold_issuer_under_full_form_parent_is_still_reported(level, tmp_path):
    profile, parent, issuer = CASES[level]
    good = _render(tmp_path, profile, parent, issuer)
    bad = build(good, tmp_path / "khong-dam.docx",
                lambda parts: set_rpr(parts, "VBCoQuan", "b", val="0"))
    found = [f for f in check(bad) if f.rule == "co-quan-ban-hanh"]
    assert found and all(f.is_error for f in found)
    assert any("không đậm" in f.message for f in found)
    # the finding points at the issuer, not at the parent's second line
    assert all(f.excerpt and f.excerpt in issuer for f in found), [str(f) for f in found]


def test_issuer_with_its_first_line_unbold_is_reported(tmp_path):
    """A two-line issuer whose first line lost its bold is not taken for a parent line."""
    good = _render(tmp_path, "ho-so/so-noi-vu-lang-son.yaml", "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
                   "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG TỈNH LẠNG SƠN")

    def unbold_first_issuer_line(parts):
        from lxml import etree

        from tests.docx_helpers import NS, w
        body = parts["word/document.xml"]
        p = next(p for p in body.iter(w("p"))
                 if p.find("w:pPr/w:pStyle[@w:val='VBCoQuan']", NS) is not None)
        for r in p.findall("w:r", NS):
            rpr = r.find("w:rPr", NS)
            if rpr is None:
                rpr = etree.SubElement(r, w("rPr"))
                r.insert(0, rpr)
            etree.SubElement(rpr, w("b"), {w("val"): "0"})

    bad = build(good, tmp_path / "mot-dong.docx", unbold_first_issuer_line)
    comp = find_components(Document.open(bad))
    assert " ".join(x.text for x in comp.chu_quan) == "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN"
    assert any(f.rule == "co-quan-ban-hanh" and f.is_error for f in check(bad))


def test_a_commune_name_wrapped_after_its_kind_word_is_one_issuer(tmp_path):
    """The 3,321-commune bench batch (issue 21) found it: "ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG LONG
    HÒA" (Cần Thơ after 2025) wraps as "ỦY BAN NHÂN DÂN PHƯỜNG" / "TRƯỜNG LONG HÒA"; the
    second line begins like a school ("TRƯỜNG …"), so the checker took the first for a
    governing body, measured the rule under "TRƯỜNG LONG HÒA" alone (56 %) and vbhc refused
    its own plan. A line ending in a unit's kind word goes on below: one issuer."""
    data = yaml.safe_load((EXAMPLES / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
                          .read_text("utf-8"))
    data["co_quan"] = {"ten": "ỦY BAN NHÂN DÂN PHƯỜNG TRƯỜNG LONG HÒA", "viet_tat": "UBND",
                       "dia_danh": "Trường Long Hòa", "cap": "xa"}
    shutil.copytree(EXAMPLES / "ho-so", tmp_path / "ho-so")
    source = tmp_path / "ke-hoach.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    out = vbhc.render(vbhc.load(source), tmp_path / "ra.docx")  # refused before the fix
    comp = find_components(Document.open(out))
    assert comp.chu_quan == []
    assert [x.text for x in comp.co_quan] == ["ỦY BAN NHÂN DÂN PHƯỜNG", "TRƯỜNG LONG HÒA"]
    assert [p for p in check(out) if p.is_error] == []
