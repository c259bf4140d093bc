"""Custom templates: sandboxed, checked, and never a traceback or a half-written file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE, ROOT
from tests.docx_helpers import Docx, para_text
from vbhc import cli

TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
NUMBER_TAG = "Số: {{ so_ky_hieu }}"


def custom(tmp_path: Path, old: str, new: str, name: str = "mau.docx") -> Path:
    """Return a copy of the plan template with ``old`` replaced in document.xml."""
    target = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new).encode("utf-8")
            dst.writestr(info, data)
    return target


def render_with(template: Path, tmp_path: Path):
    out = tmp_path / "ra.docx"
    result = CliRunner().invoke(cli.main, ["render", str(PLAN_EXAMPLE), "-o", str(out),
                                           "--template", str(template)])
    return result, out


def template_check(template: Path, *extra: str):
    return CliRunner().invoke(cli.main, ["template", "check", str(template), *extra])


def test_a_custom_template_renders(tmp_path):
    template = custom(tmp_path, NUMBER_TAG, "Số: {{ so_ky_hieu }}{# mẫu của văn phòng #}")
    result, out = render_with(template, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Số:      /KH-UBND" in [para_text(p) for p in Docx.open(out).paragraphs()]


def test_a_custom_template_whose_output_breaks_nd30_writes_nothing(tmp_path):
    """Issue 17's invariant: render never writes what check calls an error. "Số hiệu:" is
    not the ND30 number line (ô 3), so the rendered plan fails rule so-ky-hieu."""
    template = custom(tmp_path, NUMBER_TAG, "Số hiệu: {{ so_ky_hieu }}")
    result, out = render_with(template, tmp_path)
    assert result.exit_code == 1
    assert "vbhc check thấy lỗi thể thức trong văn bản vừa dựng nên không ghi tệp" in result.output
    assert "[so-ky-hieu]" in result.output
    assert not out.exists() and not list(tmp_path.glob(".vbhc-*"))


@pytest.mark.parametrize("tag", [
    "{{ so_ky_hieu.__class__.__mro__ }}",
    "{{ co_quan.__class__.__init__.__globals__ }}",
    "{{ ngay_ban_hanh.model_dump.__func__.__globals__ }}",
])
def test_template_code_is_sandboxed(tmp_path, tag):
    result, out = render_with(custom(tmp_path, NUMBER_TAG, f"Số: {tag}"), tmp_path)
    assert result.exit_code == 1
    assert "không được phép" in result.output and "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("tag, needle", [
    ("{{ ten_khong_co }}", "ten_khong_co"),
    ("{% for x in %}", "cú pháp"),
    ("{{ range(10**9)|list }}", "mẫu"),
])
def test_broken_templates_give_a_message(tmp_path, tag, needle):
    result, out = render_with(custom(tmp_path, NUMBER_TAG, f"Số: {tag}"), tmp_path)
    assert result.exit_code == 1, result.output
    assert needle in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_template_check_passes_the_shipped_templates():
    for slug in ("ke-hoach", "bao-cao", "cong-van", "thong-bao"):
        result = template_check(ROOT / "templates" / f"{slug}.docx", "--loai", slug)
        assert result.exit_code == 0, result.output
        assert "0 lỗi, 0 cảnh báo" in result.output


def test_template_check_names_unknown_tags(tmp_path):
    result = template_check(custom(tmp_path, NUMBER_TAG, "Số: {{ so_hieu }}"))
    assert result.exit_code == 1
    assert "'so_hieu'" in result.output and "số, ký hiệu" in result.output


def test_template_check_accepts_tags_word_split(tmp_path):
    """Issue 17: a tag Word spread over runs is joined (vbhc.renderer.tags), not a warning."""
    split = "Số: {{ so_</w:t></w:r><w:r><w:t xml:space=\"preserve\">ky_hieu }}"
    result = template_check(custom(tmp_path, NUMBER_TAG, split))
    assert result.exit_code == 0, result.output
    assert "0 lỗi, 0 cảnh báo" in result.output


def test_template_check_lists_missing_components(tmp_path):
    recipients_loop = (
        "<w:p><w:r><w:t>{%p for dong in noi_nhan %}</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="VBNoiNhan"/></w:pPr><w:r><w:t xml:space="preserve">'
        "{{ dong }}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>")
    result = template_check(custom(tmp_path, recipients_loop, ""))
    assert result.exit_code == 1
    assert [x for x in result.output.splitlines() if not x.startswith("Gợi ý:")][:-1] == [
        f"{tmp_path / 'mau.docx'}: lỗi: mẫu thiếu nơi nhận (ô 9b) (tên 'noi_nhan')"]


def test_template_check_reports_a_syntax_error_alone(tmp_path):
    result = template_check(custom(tmp_path, "{%p endfor %}", "", name="hong.docx"))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 2 and "cú pháp thẻ sai" in lines[0]


def test_template_check_refuses_unreadable_files(tmp_path):
    bad = tmp_path / "mau.docx"
    bad.write_text("không phải docx", encoding="utf-8")
    result = template_check(bad)
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_context_names_match_what_the_renderer_provides():
    import vbhc
    from vbhc.renderer.context import CONTEXT_NAMES, DEPRECATED_NAMES, MAPPINGS, build_context
    from vbhc.renderer.template import template_info

    context, _ = build_context(vbhc.load(PLAN_EXAMPLE), template_info(TEMPLATE))
    assert set(context) == set(CONTEXT_NAMES) | set(DEPRECATED_NAMES)
    for name, keys in MAPPINGS.items():
        assert set(context[name]) == set(keys)
    for old, new in DEPRECATED_NAMES.items():  # an alias is the same value as its new name
        head, key = new.split(".")
        assert context[old] == context[head][key]


def test_signer_is_one_mapping_in_the_models_words():
    import vbhc
    from vbhc.renderer.context import build_context
    from vbhc.renderer.template import template_info

    context, _ = build_context(vbhc.load(PLAN_EXAMPLE), template_info(TEMPLATE))
    assert context["nguoi_ky"] == {"quyen_han_chuc_vu": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
                                                 "PHÓ CHỦ TỊCH"],
                                   "ho_ten": "Dương Xuân Huyền"}


OLD_SIGNER_TAGS = ("{%p for dong in quyen_han %}", "{{ ho_ten }}")
NEW_SIGNER_TAGS = ("{%p for dong in nguoi_ky.quyen_han_chuc_vu %}", "{{ nguoi_ky.ho_ten }}")


def old_names_template(tmp_path: Path) -> Path:
    """Return the plan template as clerks' copies made before nguoi_ky was a mapping."""
    first = custom(tmp_path, NEW_SIGNER_TAGS[0], OLD_SIGNER_TAGS[0], name="mot.docx")
    target = tmp_path / "mau-cu.docx"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.decode("utf-8").replace(NEW_SIGNER_TAGS[1], OLD_SIGNER_TAGS[1]
                                                    ).encode("utf-8")
            dst.writestr(info, data)
    return target


def test_a_template_with_the_old_signer_names_still_renders_the_same(tmp_path):
    template = old_names_template(tmp_path)
    result, out = render_with(template, tmp_path)
    assert result.exit_code == 0, result.output
    shipped = tmp_path / "goc.docx"
    CliRunner().invoke(cli.main, ["render", str(PLAN_EXAMPLE), "-o", str(shipped)])
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(shipped) as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")


def test_template_check_warns_about_the_old_signer_names(tmp_path):
    result = template_check(old_names_template(tmp_path))
    assert result.exit_code == 0, result.output  # warnings only
    warnings = [line for line in result.output.splitlines() if "cảnh báo:" in line]
    assert len(warnings) == 2
    assert any("'quyen_han' đã cũ" in w and "'nguoi_ky.quyen_han_chuc_vu'" in w for w in warnings)
    assert any("'ho_ten' đã cũ" in w and "'nguoi_ky.ho_ten'" in w for w in warnings)


def test_template_check_wants_each_key_of_the_signer(tmp_path):
    result = template_check(custom(tmp_path, NEW_SIGNER_TAGS[1], "{{ dia_danh }}"))
    assert result.exit_code == 1
    assert "mẫu thiếu họ tên người ký (ô 7b) (tên 'nguoi_ky.ho_ten')" in result.output
    assert "ô 7a" not in result.output


@pytest.mark.parametrize("tag", ["{{ nguoi_ky['ho_ten'] }}",
                                 "{% set k = nguoi_ky %}{{ k.ho_ten }}"])
def test_other_ways_of_reading_the_signer_count(tmp_path, tag):
    result = template_check(custom(tmp_path, NEW_SIGNER_TAGS[1], tag))
    assert result.exit_code == 0, result.output
