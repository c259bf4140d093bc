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
    template = custom(tmp_path, NUMBER_TAG, "Số hiệu: {{ so_ky_hieu }}")
    result, out = render_with(template, tmp_path)
    assert result.exit_code == 0, result.output
    assert "Số hiệu:      /KH-UBND" in [para_text(p) for p in Docx.open(out).paragraphs()]


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


def test_template_check_finds_tags_word_split(tmp_path):
    split = "Số: {{ so_</w:t></w:r><w:r><w:t xml:space=\"preserve\">ky_hieu }}"
    result = template_check(custom(tmp_path, NUMBER_TAG, split))
    assert "bị Word tách" in result.output and "{{ so_ky_hieu }}" in result.output
    assert result.exit_code == 0  # a warning: docxtpl mends this case


def test_template_check_lists_missing_components(tmp_path):
    recipients_loop = (
        "<w:p><w:r><w:t>{%p for dong in noi_nhan %}</w:t></w:r></w:p>"
        '<w:p><w:pPr><w:pStyle w:val="VBNoiNhan"/></w:pPr><w:r><w:t xml:space="preserve">'
        "{{ dong }}</w:t></w:r></w:p><w:p><w:r><w:t>{%p endfor %}</w:t></w:r></w:p>")
    result = template_check(custom(tmp_path, recipients_loop, ""))
    assert result.exit_code == 1
    assert result.output.splitlines()[:-1] == [
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
    from vbhc.renderer.context import CONTEXT_NAMES, build_context
    from vbhc.renderer.template import template_info

    context, _ = build_context(vbhc.load(PLAN_EXAMPLE), template_info(TEMPLATE))
    assert set(context) == set(CONTEXT_NAMES)
