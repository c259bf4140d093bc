"""Big tables' rows kept out of the template context and the document tree (issue 21:
rendering memory) give the same bytes as rendering them inside it. Equality only: the
memory and time are measured in `make bench`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vbhc
from vbhc.errors import InputError
from vbhc.renderer import pipeline, tables
from vbhc.renderer.engine import compile_template
from vbhc.renderer.template import template_path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"


def _both(doc) -> tuple[bytes, bytes]:
    compiled = compile_template(template_path(doc.loai), doc.loai)
    return (pipeline._render(doc, compiled, tables.RowStore()),
            pipeline._render(doc, compiled, None))


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_every_example_is_the_same_with_every_table_lean(example, monkeypatch):
    monkeypatch.setattr(tables, "LEAN_ROWS", 1)
    lean, full = _both(vbhc.load(example))
    assert lean == full


def _report(tmp_path: Path, rows: list[list], columns: list[str] | None = None) -> Path:
    data = yaml.safe_load(REPORT.read_text("utf-8"))
    table = data["phu_luc"][0]["noi_dung"][0]
    table["hang"] = rows
    if columns:
        table["cot"] = columns
        table.pop("dong_tong", None)
    if any("[^nguon]" in str(cell) for row in rows for cell in row):
        data["chu_thich"] = {"nguon": "Số liệu do các xã báo cáo & tổng hợp <lần 1>."}
    path = tmp_path / "bao-cao.yaml"
    (tmp_path / "ho-so").mkdir()
    for profile in (ROOT / "examples" / "ho-so").iterdir():
        (tmp_path / "ho-so" / profile.name).write_bytes(profile.read_bytes())
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_big_table_with_markup_footnotes_and_escapes_is_the_same(tmp_path):
    rows = [[f"Xã **số {i}** & <{i}> \"Đ\"[^nguon]" if i % 97 == 0 else f"*Xã* số {i}",
             i % 7, "1.250", 100 + i, 90 + i] for i in range(tables.LEAN_ROWS + 5)]
    doc = vbhc.load(_report(tmp_path, rows))
    store = tables.RowStore()
    compiled = compile_template(template_path(doc.loai), doc.loai)
    lean = pipeline._render(doc, compiled, store)
    assert store.serialised, "the table went the lean way"
    assert lean == pipeline._render(doc, compiled, None)
    assert vbhc.render_bytes(doc) == lean


def test_a_marker_the_rows_cannot_replace_falls_back_to_the_full_path(tmp_path,
                                                                        monkeypatch):
    rows = [[f"Xã số {i}", 1, 2, 3, 4] for i in range(3)]
    doc = vbhc.load(_report(tmp_path, rows))
    monkeypatch.setattr(tables, "LEAN_ROWS", 1)
    compiled = compile_template(template_path(doc.loai), doc.loai)
    full = pipeline._render(doc, compiled, None)

    class Broken(tables.RowStore):  # rows that are not well-formed on their own
        canonical = False  # not table_xml's: every row goes through lxml

        def put(self, rows: list[str]) -> str:
            return super().put([*rows, "<w:tr>"])

    monkeypatch.setattr(pipeline, "RowStore", Broken)
    assert pipeline.render_bytes(doc) == full


def test_rows_through_lxml_give_the_bytes_taken_as_written(tmp_path, monkeypatch):
    rows = [[f"*Xã* số {i} & <b> \"c\" 'd'", i, "1.250", "12%", None] for i in range(30)]
    doc = vbhc.load(_report(tmp_path, rows))
    monkeypatch.setattr(tables, "LEAN_ROWS", 1)
    compiled = compile_template(template_path(doc.loai), doc.loai)

    class ThroughLxml(tables.RowStore):
        canonical = False

    assert pipeline._render(doc, compiled, ThroughLxml()) == \
        pipeline._render(doc, compiled, tables.RowStore())


_CELL = st.text(alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Co",
                                                                         "Cn")),
                                   st.sampled_from("\t\n\r&<>\"'*_[]^#:-đĐ ")), max_size=30)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@given(st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=4))
def test_any_cell_text_the_model_takes_gives_the_same_bytes_lean(tmp_path_factory, cells):
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(tables, "LEAN_ROWS", 1)
    try:
        path = _report(tmp_path_factory.mktemp("bang"), [list(pair) for pair in cells],
                       ["Đơn vị", "Ghi chú"])
        try:
            doc = vbhc.load(path)
        except InputError:
            assume(False)
        lean, full = _both(doc)
        assert lean == full
    finally:
        monkeypatch.undo()
