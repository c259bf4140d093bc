"""Templates: every tag names something the renderer provides; styles carry formatting."""

from __future__ import annotations

import zipfile

import pytest
from docxtpl import DocxTemplate

from tests.conftest import PLAN_EXAMPLE
from vbhc import load
from vbhc.model.kinds import known_slugs
from vbhc.renderer.context import build_context
from vbhc.renderer.pipeline import jinja_env
from vbhc.renderer.template import template_info, template_path


@pytest.mark.parametrize("slug", known_slugs())
def test_template_tags_match_the_context(slug):
    path = template_path(slug)
    context, _ = build_context(load(PLAN_EXAMPLE), template_info(path))
    used = DocxTemplate(path).get_undeclared_template_variables(jinja_env())
    assert used <= set(context), f"mẫu dùng tên không có trong ngữ cảnh: {used - set(context)}"


def test_plan_date_line_uses_the_ngay_thang_filter():
    with zipfile.ZipFile(template_path("ke-hoach")) as zf:
        assert "ngay_ban_hanh|ngay_thang" in zf.read("word/document.xml").decode("utf-8")


def test_body_formatting_lives_in_styles_not_runs():
    with zipfile.ZipFile(template_path("ke-hoach")) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert "<w:r><w:rPr>" not in document, "định dạng chữ phải nằm trong kiểu (style)"
