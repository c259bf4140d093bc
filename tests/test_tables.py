"""Tables of figures as clerks type them (issue 17): Vietnamese and English notation, the
ambiguous "1,250", quoted figures, percentages, explicit totals, markup and footnotes in
cells. Each case renders a real report and asserts on the produced .docx."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import NS, Docx, para_text, w
from vbhc import cli
from vbhc.errors import InputError
from vbhc.lang.numbers import (
    CHU,
    DAY_SO,
    GACH,
    KIEU_ANH,
    MA_SO,
    MO_HO,
    PHAN_TRAM,
    SO,
    figure_kind,
)
from vbhc.model.bang import Bang, PhanTram
from vbhc.yaml_out import dump_document

REPORT = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
TABLE = """            cot: [Nội dung, Quý I, Quý II, Cộng]
            hang:
              - [Hội nghị đối thoại với Nhân dân, 24, 31, 55]
              - [Buổi tiếp công dân định kỳ, 66, 68, 134]
              - ["Đơn, kiến nghị tiếp nhận", "1.105", "1.248", "2.353"]
              - ["Đơn, kiến nghị đã giải quyết", "1.032", "1.179", "2.211"]
            dong_tong: Tổng cộng
"""
PATH = "muc[0].muc_con[2].noi_dung[1]"  # the first table of the report


def report(table: str) -> str:
    text = REPORT.read_text("utf-8")
    assert TABLE in text
    return text.replace(TABLE, table)


def write(tmp_path: Path, text: str) -> Path:
    if not (tmp_path / "ho-so").exists():
        shutil.copytree(EXAMPLES / "ho-so", tmp_path / "ho-so")
    path = tmp_path / "bc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path, table: str) -> tuple[vbhc.VanBan, list]:
    warnings: list = []
    doc = vbhc.load(write(tmp_path, report(table)), warnings)
    return doc, warnings


def refused(tmp_path: Path, table: str) -> list:
    with pytest.raises(InputError) as caught:
        vbhc.load(write(tmp_path, report(table)))
    return caught.value.problems


def rendered_tables(tmp_path: Path, table: str) -> tuple[Docx, list]:
    doc, warnings = load(tmp_path, table)
    out = tmp_path / "bc.docx"
    vbhc.render(doc, out, force=True)
    return Docx.open(out), warnings


def first_table(docx: Docx) -> list[list[tuple[str, str]]]:
    """Return the first table's rows as (text, paragraph style) per cell."""
    body = docx.document.find("w:body", NS)
    table = next(t for t in body.iter(w("tbl")) if t.find("w:tblPr/w:tblStyle", NS) is not None
                 and t.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "VBBangSoLieu")
    rows = []
    for tr in table.iter(w("tr")):
        row = []
        for p in tr.iter(w("p")):
            row.append((para_text(p), docx.paragraph_style_id(p)))
        rows.append(row)
    return rows


# --- reading a figure ------------------------------------------------------------------


@pytest.mark.parametrize("text, kind, value", [
    ("1.250", SO, Decimal(1250)), ("1 250", SO, Decimal(1250)),
    ("1\u00a0250", SO, Decimal(1250)), ("1\u202f250", SO, Decimal(1250)),
    ("1\u2009250", SO, Decimal(1250)), ("3,5", SO, Decimal("3.5")),
    ("12%", PHAN_TRAM, Decimal(12)), ("12,5 %", PHAN_TRAM, Decimal("12.5")),
    ("1,250", MO_HO, Decimal("1.25")), ("0,250", SO, Decimal("0.25")),
    ("1,2500", SO, Decimal("1.25")), ("1,250,000", KIEU_ANH, Decimal(1250000)),
    ("1,250.5", KIEU_ANH, Decimal("1250.5")), ("3.5", KIEU_ANH, Decimal("3.5")),
    ("204", DAY_SO, Decimal(204)), ("0105", MA_SO, None), ("-", GACH, None),
    ("—", GACH, None), ("Xã A", CHU, None), ("abc%", CHU, None),
])
def test_figure_kinds(text, kind, value):
    got_kind, got = figure_kind(text)
    assert got_kind == kind
    assert got == value


# --- the cases ---------------------------------------------------------------------


def test_english_thousands_without_context_are_refused_naming_the_cell(tmp_path):
    """Before: "1,250" was read as 1,25 and the total printed 2.996,25 documents."""
    problems = refused(tmp_path, TABLE.replace('"1.248"', '"1,250"'))
    assert [p.path for p in problems] == [f"{PATH}.hang[2][2]"]
    message = problems[0].message
    assert "«1,250»" in message and '"1.250"' in message and "1250" in message
    assert "một nghìn hai trăm năm mươi" in message and "một phẩy hai mươi lăm" in message
    assert problems[0].line is not None


def test_cli_render_exits_1_and_writes_nothing(tmp_path):
    source = write(tmp_path, report(TABLE.replace('"1.248"', '"1,250"')))
    out = tmp_path / "bc.docx"
    result = CliRunner().invoke(cli.main, ["render", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert f"{PATH}.hang[2][2]" in result.output and not out.exists()


def test_comma_is_a_decimal_where_the_column_has_decimals(tmp_path):
    table = TABLE.replace('"1.248"', '"1,250"').replace("31, 55", '"3,5", 55')
    doc, warnings = load(tmp_path, table)
    bang = doc.muc[0].muc_con[2].noi_dung[1]
    assert bang.hang[2][2] == Decimal("1.25") and warnings == []


def test_comma_is_english_where_the_column_is_english(tmp_path):
    table = TABLE.replace('"1.248"', '"1,250"').replace('"1.179"', '"1,179,000"')
    doc, warnings = load(tmp_path, table)
    bang = doc.muc[0].muc_con[2].noi_dung[1]
    assert bang.hang[2][2] == 1250 and bang.hang[3][2] == 1179000
    paths = [p.path for p in warnings]
    assert f"{PATH}.hang[2][2]" in paths and f"{PATH}.hang[3][2]" in paths
    assert all(p.severity == "cảnh báo" and p.line for p in warnings)
    assert any('"1.179.000"' in p.message for p in warnings)


def test_quoting_every_figure_keeps_the_totals(tmp_path):
    """Before: "204" was a code and the totals row was silently blank."""
    table = """            cot: [Nội dung, Quý I, Quý II]
            hang:
              - [Hội nghị, "204", "31"]
              - [Tiếp dân, "66", "1.068"]
            dong_tong: Tổng cộng
"""
    docx, warnings = rendered_tables(tmp_path, table)
    rows = first_table(docx)
    assert rows[-1] == [("Tổng cộng", "VBBangTong"), ("270", "VBBangTongSo"),
                        ("1.099", "VBBangTongSo")]
    assert rows[1][1] == ("204", "VBBangSo") and warnings == []


def test_a_column_of_text_keeps_years_and_codes_as_written(tmp_path):
    table = """            cot: [Nội dung, Năm, Mã, Số]
            hang:
              - [Hội nghị, "2023", "0105", 3]
              - [Tiếp dân, Năm 2024, "0106", 4]
            dong_tong: Tổng cộng
"""
    docx, warnings = rendered_tables(tmp_path, table)
    rows = first_table(docx)
    assert rows[1][1:3] == [("2023", "VBBangSo"), ("0105", "VBBangSo")]
    assert rows[-1][1:] == [("", "VBBangTong"), ("", "VBBangTong"), ("7", "VBBangTongSo")]
    assert warnings == []


def test_a_mixed_column_is_warned_naming_the_cell(tmp_path):
    table = """            cot: [Nội dung, Quý I, Quý II]
            hang:
              - [Hội nghị, 24, "0105"]
              - [Tiếp dân, 66, 12]
              - [Đơn thư, chưa có, 7]
              - [Khác, "-", 1]
            dong_tong: Tổng cộng
"""
    docx, warnings = rendered_tables(tmp_path, table)
    by_path = {p.path: p.message for p in warnings}
    assert set(by_path) == {f"{PATH}.hang[0][2]", f"{PATH}.hang[2][1]"}
    assert "mã số" in by_path[f"{PATH}.hang[0][2]"]
    assert "«chưa có»" in by_path[f"{PATH}.hang[2][1]"]
    assert "hàng tổng để trống" in by_path[f"{PATH}.hang[2][1]"]
    rows = first_table(docx)
    assert rows[-1][1:] == [("", "VBBangTong"), ("", "VBBangTong")]


def test_a_dash_counts_as_empty(tmp_path):
    table = """            cot: [Nội dung, Số]
            hang:
              - [Hội nghị, 24]
              - [Tiếp dân, "-"]
            dong_tong: Tổng cộng
"""
    docx, warnings = rendered_tables(tmp_path, table)
    assert first_table(docx)[-1][1] == ("24", "VBBangTongSo") and warnings == []


def test_numbers_in_vietnamese_notation_and_percentages(tmp_path):
    table = """            cot: [Nội dung, Số, Tỷ lệ]
            hang:
              - [Hội nghị, "1 250", "12%"]
              - [Tiếp dân, "1\u00a0250", "12,5 %"]
              - [Đơn thư, "1.250", "3,5%"]
            dong_tong: Tổng cộng
"""
    docx, warnings = rendered_tables(tmp_path, table)
    rows = first_table(docx)
    assert [r[1] for r in rows[1:4]] == [("1.250", "VBBangSo")] * 3
    assert [r[2] for r in rows[1:4]] == [("12%", "VBBangSo"), ("12,5%", "VBBangSo"),
                                         ("3,5%", "VBBangSo")]
    assert rows[-1][1:] == [("3.750", "VBBangTongSo"), ("", "VBBangTong")]  # % not summed
    # the NBSP is made a plain space on input, with the warning every NBSP gets (slips)
    assert [(w.path, w.rule) for w in warnings] == [
        ("muc[0].muc_con[2].noi_dung[1].hang[1][1]", "chuan-hoa")]


def test_totals_row_with_explicit_values(tmp_path):
    table = """            cot: [Nội dung, Tiếp nhận, Đã giải quyết, Tỷ lệ]
            hang:
              - [Xã A, 100, 90, "90%"]
              - [Xã B, 50, 48, "96%"]
            dong_tong: [Tổng cộng, null, 138, "92%"]
"""
    docx, warnings = rendered_tables(tmp_path, table)
    assert first_table(docx)[-1] == [("Tổng cộng", "VBBangTong"), ("150", "VBBangTongSo"),
                                     ("138", "VBBangTongSo"), ("92%", "VBBangTongSo")]
    assert warnings == []


def test_an_explicit_total_that_is_not_the_sum_is_warned(tmp_path):
    table = """            cot: [Nội dung, Số]
            hang:
              - [Xã A, 100]
              - [Xã B, 50]
            dong_tong: [Tổng cộng, 140]
"""
    docx, warnings = rendered_tables(tmp_path, table)
    assert [p.path for p in warnings] == [f"{PATH}.dong_tong[1]"]
    assert "150" in warnings[0].message
    assert first_table(docx)[-1][1] == ("140", "VBBangTongSo")


@pytest.mark.parametrize("dong_tong, needle", [
    ("[Tổng cộng, 1]", "dong_tong có 2 ô"),
    ("[12, 1, 2, 3]", "nhãn hàng tổng"),
])
def test_a_malformed_totals_row_is_refused(tmp_path, dong_tong, needle):
    problems = refused(tmp_path, TABLE.replace("dong_tong: Tổng cộng", f"dong_tong: {dong_tong}"))
    assert any(needle in p.message and p.path.startswith(PATH) for p in problems), problems


def test_percentages_dump_as_written():
    table = Bang(cot=["a", "b"], hang=[["x", "12,5%"]], dong_tong=["Tổng", "12,5%"])
    assert isinstance(table.hang[0][1], PhanTram)
    assert table.model_dump()["hang"] == [["x", "12,5%"]]
    again = Bang.model_validate(table.model_dump())
    assert again.hang == table.hang and isinstance(again.dong_tong[1], PhanTram)


def test_yaml_out_writes_percentages_back(tmp_path):
    doc, _ = load(tmp_path, TABLE.replace("31, 55", '"31%", 55'))
    assert "- 31%\n" in dump_document(doc)


def test_models_built_in_code_name_the_cell():
    with pytest.raises(ValidationError) as caught:
        Bang(cot=["a", "b"], hang=[["x", 1], ["y", "1,250"]])
    assert caught.value.errors()[0]["loc"] == ("hang", 1, 1)


# --- markup and footnotes inside cells ---------------------------------------------------


MARKUP_TABLE = """            cot: [Đơn vị, "Số đơn[^nguon]"]
            hang:
              - ["**Xã A**", 24]
              - ["Xã C[^dat]", 31]
            dong_tong: Tổng cộng
"""


def test_markup_and_footnotes_in_cells(tmp_path):
    """Before: "**Xã A**" and "Xã C[^dat]" printed raw, and [^dat] cited only in a cell was
    "không được dẫn ở đâu"."""
    text = report(MARKUP_TABLE).replace(
        "nguoi_ky: pho-chu-tich",
        "chu_thich:\n  nguon: Số liệu của Văn phòng.\n  dat: Xã đạt chuẩn năm 2024.\n"
        "nguoi_ky: pho-chu-tich")
    warnings: list = []
    doc = vbhc.load(write(tmp_path, text), warnings)
    assert warnings == []
    out = tmp_path / "bc.docx"
    vbhc.render(doc, out, force=True)
    docx = Docx.open(out)
    rows = first_table(docx)
    assert rows[1][0] == ("Xã A", "VBBangChu") and rows[2][0][0] == "Xã C"
    xml = docx.entries["word/document.xml"].decode()
    assert "**" not in xml and "[^" not in xml
    body = docx.document.find("w:body", NS)
    bold = [r for r in body.iter(w("r")) if r.find("w:rPr/w:b", NS) is not None
            and "".join(r.itertext()) == "Xã A"]
    assert bold
    refs = [int(r.get(w("id"))) for r in body.iter(w("footnoteReference"))]
    assert refs == [1, 2]  # heading first, then the cell: document order
    notes = docx.footnotes()
    assert notes[1] == "Số liệu của Văn phòng." and notes[2] == "Xã đạt chuẩn năm 2024."


def test_a_note_cited_only_in_a_cell_is_cited(tmp_path):
    from vbhc.cross_checks import footnote_problems, rich_texts

    text = report(MARKUP_TABLE.replace("[^nguon]", "")).replace(
        "nguoi_ky: pho-chu-tich", "chu_thich:\n  dat: Xã đạt chuẩn.\nnguoi_ky: pho-chu-tich")
    doc = vbhc.load(write(tmp_path, text))
    assert footnote_problems(doc) == []
    assert (f"{PATH}.hang[1][0]", "Xã C[^dat]") in rich_texts(doc)


def test_a_note_missing_for_a_cell_names_the_cell(tmp_path):
    problems = refused(tmp_path, MARKUP_TABLE.replace("[^nguon]", ""))
    assert [p.path for p in problems] == [f"{PATH}.hang[1][0]"]


def test_row_labels_and_year_columns_stay_as_written():
    table = Bang(cot=["Năm", "Năm ban hành", "Số"],
                 hang=[["2023", "2021", "204"], ["2024", "2022", 7], [2025, "2023", "1"]],
                 dong_tong="Tổng")
    assert [r[0] for r in table.hang] == ["2023", "2024", 2025]  # labels: no warning
    assert [r[1] for r in table.hang] == ["2021", "2022", "2023"]  # years: printed as written
    assert [r[2] for r in table.hang] == [204, 7, 1]
    assert table.totals() == ["Tổng", None, 212] and table.warnings() == []


def test_a_year_heading_with_digits_is_a_column_of_figures():
    table = Bang(cot=["Nội dung", "Năm 2023"], hang=[["a", "2000"], ["b", "1999"]],
                 dong_tong="Tổng")
    assert table.totals()[1] == 3999


@pytest.mark.parametrize("text", ["12%", "12,5%", "89,0%", "-2,50%", "1.250%"])
def test_percentages_print_with_the_decimals_written(text):
    table = Bang(cot=["a", "b"], hang=[["x", text]])
    assert table.hang[0][1].printed() == text


def test_a_column_of_text_keeps_numberings_but_refuses_1_250():
    table = Bang(cot=["STT", "Mục", "Ghi chú"],
                 hang=[["1.1", "1.2", "chưa có"], ["2.1", "x", "Quý I"]])
    assert table.hang == [["1.1", "1.2", "chưa có"], ["2.1", "x", "Quý I"]]
    assert table.warnings() == []
    with pytest.raises(ValidationError) as caught:
        Bang(cot=["a", "b"], hang=[["x", "1,250"], ["y", "chưa có"]])
    assert caught.value.errors()[0]["loc"] == ("hang", 0, 1)
