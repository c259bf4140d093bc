"""Same input, same bytes: fixed zip timestamps, entry order and core properties."""

from __future__ import annotations

import io
import zipfile

import vbhc
from tests.conftest import PLAN_EXAMPLE


def test_rendering_twice_gives_identical_bytes(plan_model, tmp_path):
    first = vbhc.render(plan_model, tmp_path / "a.docx").read_bytes()
    second = vbhc.render(vbhc.load(PLAN_EXAMPLE), tmp_path / "b.docx").read_bytes()
    assert first == second


def test_zip_entries_have_fixed_timestamps(plan_docx_path):
    with zipfile.ZipFile(plan_docx_path) as zf:
        infos = zf.infolist()
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert infos[0].filename == "[Content_Types].xml"


def test_core_properties_follow_the_document_not_the_clock(plan_model):
    data = vbhc.render_bytes(plan_model)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        core = zf.read("docProps/core.xml").decode("utf-8")
    # Draft dated "ngày … tháng 5 năm 2024": the first of the month stands in for the day.
    assert "2024-05-01T00:00:00Z" in core
    assert "Thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Lạng Sơn năm 2024" in core
