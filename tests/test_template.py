"""Templates: every tag names something the renderer provides; styles carry formatting."""

from __future__ import annotations

import zipfile

import pytest
from docxtpl import DocxTemplate

from tests.conftest import EXAMPLES, PLAN_EXAMPLE
from vbhc import load
from vbhc.model.kinds import known_slugs
from vbhc.renderer.context import build_context
from vbhc.renderer.sandbox import jinja_env
from vbhc.renderer.template import template_info, template_path

EXAMPLE_BY_KIND = {
    "ke-hoach": PLAN_EXAMPLE,
    "bao-cao": EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml",
    "cong-van": EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml",
    "thong-bao": EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml",
}
for _path in sorted(EXAMPLES.glob("*.yaml")):  # the other kinds: the first example of each
    _loai = next((line.split(":", 1)[1].strip() for line in _path.read_text("utf-8").splitlines()
                  if line.startswith("loai:")), None)
    if _loai:
        EXAMPLE_BY_KIND.setdefault(_loai, _path)


def test_every_kind_has_an_example():
    assert sorted(EXAMPLE_BY_KIND) == known_slugs()


def test_every_shipped_profile_is_used_by_an_example():
    used = {line.split(":", 1)[1].strip() for p in EXAMPLES.glob("*.yaml")
            for line in p.read_text("utf-8").splitlines() if line.startswith("co_quan: ho-so/")}
    assert used == {f"ho-so/{p.name}" for p in (EXAMPLES / "ho-so").glob("*.yaml")}


@pytest.mark.parametrize("slug", known_slugs())
def test_template_tags_match_the_context(slug):
    path = template_path(slug)
    context, _ = build_context(load(EXAMPLE_BY_KIND[slug]), template_info(path))
    used = DocxTemplate(path).get_undeclared_template_variables(jinja_env())
    assert used <= set(context), f"mẫu dùng tên không có trong ngữ cảnh: {used - set(context)}"


def test_plan_date_line_uses_the_ngay_thang_filter():
    with zipfile.ZipFile(template_path("ke-hoach")) as zf:
        assert "ngay_ban_hanh|ngay_thang" in zf.read("word/document.xml").decode("utf-8")


def test_body_formatting_lives_in_styles_not_runs():
    with zipfile.ZipFile(template_path("ke-hoach")) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert "<w:r><w:rPr>" not in document, "định dạng chữ phải nằm trong kiểu (style)"
