"""Báo cáo, công văn and one more kind on the ND30 kinds table: symbols from data, V/v,
Kính gửi, tables, appendices, urgency and secrecy marks, organisation profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, ROOT
from tests.docx_helpers import NS, Docx, para_text, w
from vbhc import cli
from vbhc.docx.measure import text_width
from vbhc.errors import InputError
from vbhc.loader import validate_data
from vbhc.model.kinds import kind, known_slugs

REPORT = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
DISPATCH = EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"
NOTICE = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
MM = 56.7  # twips


def rendered(path: Path, tmp_path: Path, **changes) -> Docx:
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(changes)
    doc = validate_data(data, str(path), base=path.parent)
    return Docx.open(vbhc.render(doc, tmp_path / f"{path.stem}.docx", force=True))


def texts(doc: Docx) -> list[str]:
    return [para_text(p) for p in doc.paragraphs()]


def cell_of(p):
    return next(p.iterancestors(w("tc")), None)


def column(p) -> int:
    tc = cell_of(p)
    return list(tc.getparent().iterchildren(w("tc"))).index(tc)


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Docx:
    return rendered(REPORT, tmp_path_factory.mktemp("bc"))


@pytest.fixture(scope="module")
def dispatch(tmp_path_factory) -> Docx:
    return rendered(DISPATCH, tmp_path_factory.mktemp("cv"))


def test_symbols_come_from_the_kinds_table(report, dispatch, tmp_path):
    assert "Số: 125/BC-UBND" in texts(report)  # kind code + issuer
    assert "Số: 845/SNV-CQĐP" in texts(dispatch)  # công văn: issuer + drafting unit
    assert "Số: 07/TB-UBND" in texts(rendered(NOTICE, tmp_path))  # leading zero under 10
    assert kind("bao-cao").ky_hieu == "BC" and kind("cong-van").ky_hieu is None


def test_report_title_and_single_addressee_on_one_line(report):
    t = texts(report)
    assert t.index("BÁO CÁO") < t.index("Kính gửi: Ủy ban nhân dân tỉnh Lạng Sơn (qua Sở Nội vụ)")
    assert "V/v" not in " ".join(t)


def test_dispatch_has_no_kind_name_and_vv_under_the_number(dispatch):
    paragraphs = dispatch.paragraphs()
    number = next(p for p in paragraphs if para_text(p).startswith("Số:"))
    vv = next(p for p in paragraphs if para_text(p).startswith("V/v "))
    assert para_text(vv) == ("V/v đôn đốc gửi báo cáo kết quả thực hiện dân chủ ở cơ sở 6 tháng "
                             "đầu năm 2024")
    assert cell_of(vv) is cell_of(number) and column(vv) == 0, "V/v ở ô 5b, dưới số"
    siblings = list(cell_of(vv).iterchildren(w("p")))
    assert siblings.index(vv) == siblings.index(number) + 1
    props = dispatch.run_props(vv)
    assert 12 <= props["size"] <= 13 and not props["bold"] and not props["italic"]
    assert dispatch.ppr_value(vv, "w:jc", "val") == "center"
    assert int(dispatch.ppr_value(vv, "w:spacing", "before") or 0) >= 100  # about 6 pt below
    assert not any(para_text(p) in ("CÔNG VĂN",) for p in paragraphs)


def test_several_addressees_as_a_dash_list_under_the_colon(dispatch):
    paragraphs = dispatch.paragraphs()
    t = [para_text(p) for p in paragraphs]
    i = t.index("Kính gửi:")
    assert t[i + 1:i + 3] == ["- Các sở, ban, ngành, đơn vị trực thuộc UBND tỉnh;",
                              "- UBND các huyện, thành phố."]
    label_left = int(dispatch.ppr_value(paragraphs[i], "w:ind", "left"))
    item_left = int(dispatch.ppr_value(paragraphs[i + 1], "w:ind", "left"))
    colon_at = label_left + text_width("Kính gửi", 14)
    assert abs(item_left - colon_at) < 60, "gạch đầu dòng thẳng dưới dấu hai chấm"


def test_recipients_start_with_nhu_tren_when_there_are_addressees(dispatch, report):
    t = texts(dispatch)
    assert t[t.index("Nơi nhận:") + 1] == "- Như trên;"
    r = texts(report)
    assert r[r.index("Nơi nhận:") + 1] == "- Như trên;"


def test_table_structure_and_number_alignment(report):
    table = next(t for t in report.document.iter(w("tbl"))
                 if "Hội nghị đối thoại" in "".join(t.itertext()))
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None, "hàng tiêu đề lặp lại"
    header = [para_text(p) for p in rows[0].iter(w("p"))]
    assert header == ["Nội dung", "Quý I", "Quý II", "Cộng"]
    assert all(report.run_props(p)["bold"] for p in rows[0].iter(w("p")))
    cells = [list(r.iter(w("p"))) for r in rows[1:]]
    assert [para_text(p) for p in cells[2]] == ["Đơn, kiến nghị tiếp nhận", "1.105", "1.248",
                                                "2.353"]
    for row in cells:
        assert report.ppr_value(row[0], "w:jc", "val") in (None, "left", "start")
        for p in row[1:]:
            assert report.ppr_value(p, "w:jc", "val") == "right", para_text(p)
    totals = [para_text(p) for p in cells[-1]]
    assert totals == ["Tổng cộng", "2.227", "2.526", "4.753"]
    assert all(report.run_props(p)["bold"] for p in cells[-1])
    assert table.find("w:tblPr/w:tblStyle", NS).get(w("val")) == "VBBangSoLieu"


def test_appendix_starts_on_a_new_page(report):
    paragraphs = report.paragraphs()
    heading = next(p for p in paragraphs if para_text(p) == "Phụ lục")
    assert report.ppr_value(heading, "w:pageBreakBefore", "val") in ("1", "true", "on") or (
        report._chain(report.paragraph_style_id(heading))[0].find("w:pPr/w:pageBreakBefore", NS)
        is not None)
    i = paragraphs.index(heading)
    assert para_text(paragraphs[i + 1]).startswith("SỐ LIỆU THỰC HIỆN DÂN CHỦ")
    assert para_text(paragraphs[i + 2]) == ("(Kèm theo Báo cáo số 125/BC-UBND ngày 10 tháng 6 "
                                            "năm 2024 của UBND huyện Cao Lộc)")
    assert report.run_props(heading)["bold"] and report.run_props(heading)["size"] == 14
    signer = next(p for p in paragraphs if para_text(p) == "PHÓ CHỦ TỊCH")
    assert paragraphs.index(signer) < i, "phụ lục đứng sau chữ ký"


@pytest.mark.parametrize("field, value, style", [
    ("do_khan", "KHẨN", 20), ("do_khan", "THƯỢNG KHẨN", 40), ("do_khan", "HỎA TỐC", 30),
    ("do_mat", "MẬT", None), ("do_mat", "TUYỆT MẬT", None),
])
def test_marks_placed_and_formatted(tmp_path, field, value, style):
    doc = rendered(REPORT, tmp_path, **{field: value})
    paragraphs = doc.paragraphs()
    mark = next(p for p in paragraphs if para_text(p) == value)
    number = next(p for p in paragraphs if para_text(p).startswith("Số:"))
    assert cell_of(mark) is cell_of(number) and column(mark) == 0, "ô 10: dưới số, bên trái"
    props = doc.run_props(mark)
    assert props["bold"] and 13 <= props["size"] <= 14 and value == value.upper()
    for side in ("top", "left", "bottom", "right"):
        assert doc.ppr_value(mark, f"w:pBdr/w:{side}", "val") == "single", "dấu trong khung"
    width = int(cell_of(mark).find("w:tcPr/w:tcW", NS).get(w("w")))
    box = width - int(doc.ppr_value(mark, "w:ind", "left")) - int(
        doc.ppr_value(mark, "w:ind", "right"))
    if style:
        assert abs(box - style * MM) < MM, f"khung {value} rộng {style} mm"
    else:
        assert box > text_width(value, 14, bold=True)


def test_marks_absent_by_default(report):
    assert not {"KHẨN", "MẬT"} & set(texts(report))


def test_profile_fields_and_overrides(tmp_path):
    doc = rendered(REPORT, tmp_path, co_quan={"ho_so": "ho-so/ubnd-huyen-cao-loc.yaml",
                                              "dia_danh": "Đồng Đăng"})
    t = texts(doc)
    assert "ỦY BAN NHÂN DÂN" in t and "HUYỆN CAO LỘC" in t
    assert any(x.startswith("Đồng Đăng, ngày 10 tháng 6 năm 2024") for x in t)
    signer = ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")
    assert [x for x in t if x in signer] == list(signer)


def test_profile_recipients_used_when_document_gives_none(tmp_path):
    data = yaml.safe_load(NOTICE.read_text("utf-8"))
    data.pop("noi_nhan")
    doc = validate_data(data, "tb.yaml", base=EXAMPLES)
    assert doc.noi_nhan.danh_sach[0] == "Thường trực Huyện ủy"


@pytest.mark.parametrize("change, needle", [
    ({"nguoi_ky": "pho-bi-thu"}, "không có người ký 'pho-bi-thu'"),
    ({"co_quan": "ho-so/khong-co.yaml"}, "không đọc được hồ sơ"),
    ({"don_vi_soan_thao": "XX"}, "đơn vị 'XX' không có trong hồ sơ"),
])
def test_profile_errors_are_named(change, needle):
    data = yaml.safe_load(REPORT.read_text("utf-8"))
    data.update(change)
    with pytest.raises(InputError) as err:
        validate_data(data, "bc.yaml", base=EXAMPLES)
    assert needle in str(err.value)


def test_float_cells_refused_with_vietnamese_hint(tmp_path):
    text = REPORT.read_text("utf-8").replace('"1.105"', "1.105")
    source = tmp_path / "bc.yaml"
    source.write_text(text, encoding="utf-8")
    # a symlink leading out of the document's folder is refused: name the folder instead
    result = CliRunner().invoke(cli.main, ["render", str(source), "--ho-so-goc", str(EXAMPLES)])
    assert result.exit_code == 1
    assert "hang[2][1]" in result.output and "ngoặc kép" in result.output
    assert "function-after" not in result.output


def test_a_new_kind_is_data_and_a_template_not_code():
    """Thông báo is rendered by the shared model: its slug appears in no Python source."""
    assert "thong-bao" in known_slugs()
    assert (ROOT / "templates" / "thong-bao.docx").exists()
    sources = [p for p in (ROOT / "vbhc").rglob("*.py")]
    assert not [p for p in sources if re.search(r"thong.bao|Thông báo", p.read_text("utf-8"))]


def test_notice_renders_with_its_kind_name(tmp_path):
    t = texts(rendered(NOTICE, tmp_path))
    assert "THÔNG BÁO" in t and "Số: 07/TB-UBND" in t


@pytest.mark.parametrize("slug", ["bao-cao", "cong-van", "thong-bao"])
def test_new_skeleton_renders_as_it_is(slug, tmp_path):
    result = CliRunner().invoke(cli.main, ["new", slug])
    assert result.exit_code == 0
    source = tmp_path / f"{slug}.yaml"
    source.write_text(result.output, encoding="utf-8")
    assert f"loai: {slug}" in result.output
    rendered_ = CliRunner().invoke(cli.main, ["render", str(source)])
    assert rendered_.exit_code == 0, rendered_.output


def test_table_cells_years_codes_and_empty(tmp_path):
    """A quoted digit string is a year or code (printed as written, not summed); an empty
    cell stays empty; numbers print with dots and are summed around the gaps."""
    data = yaml.safe_load(NOTICE.read_text("utf-8"))
    data["muc"][0]["noi_dung"].append({
        "cot": ["Nội dung", "Năm", "Số lượng"],
        "hang": [["A", "2024", 1250], ["B", "2025", None], ["C", "0105", 5]],
        "dong_tong": "Cộng"})
    doc = Docx.open(vbhc.render(validate_data(data, "tb.yaml", base=EXAMPLES),
                                tmp_path / "tb.docx"))
    table = [t for t in doc.document.iter(w("tbl")) if "Năm" in "".join(t.itertext())][0]
    rows = [[para_text(p) for p in r.iter(w("p"))] for r in table.findall("w:tr", NS)]
    assert rows[1:] == [["A", "2024", "1.250"], ["B", "2025", ""], ["C", "0105", "5"],
                        ["Cộng", "", "1.255"]]


def test_every_content_model_has_a_class():
    """The kinds table's mo_hinh values and the classes that render them are one list."""
    from vbhc.model.classes import MODELS, model_class
    from vbhc.model.kinds import MO_HINH, kinds

    assert set(MODELS) == set(MO_HINH)
    for row in kinds():
        if row.slug:
            assert model_class(row.slug).__name__ == MODELS[row.mo_hinh].split(":")[1]
