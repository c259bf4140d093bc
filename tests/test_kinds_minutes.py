"""Biên bản (ND30 Phụ lục III, Mẫu 1.9): no place and date line in the header, the body's
fixed lines, two signatures side by side (secretary left, chair right), recipients under
them; `vbhc check` accepts it and `vbhc import` reads it back, both names included."""

from __future__ import annotations

import yaml

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import NS, Docx, para_text, w
from vbhc.loader import validate_data

MINUTES = EXAMPLES / "bien-ban-hoi-nghi-so-ket-dan-chu-co-so-2024.yaml"


def render(tmp_path, **changes):
    data = yaml.safe_load(MINUTES.read_text("utf-8"))
    data.update(changes)
    doc = validate_data(data, str(MINUTES), base=EXAMPLES)
    return doc, vbhc.render(doc, tmp_path / "bb.docx", force=True)


def test_header_has_no_place_and_date_line(tmp_path):
    _, path = render(tmp_path)
    t = [para_text(p) for p in Docx.open(path).paragraphs()]
    assert "Số: 15/BB-UBND" in t and "BIÊN BẢN" in t
    assert not [x for x in t if x.startswith("Lạng Sơn, ngày")]
    assert [p for p in vbhc.check(path) if p.is_error] == []


def test_body_lines_in_the_order_of_the_form(tmp_path):
    _, path = render(tmp_path)
    t = [para_text(p) for p in Docx.open(path).paragraphs()]
    heads = ["Thời gian bắt đầu:", "Địa điểm:", "Thành phần tham dự:", "Chủ trì (chủ tọa):",
             "Thư ký (người ghi biên bản):", "Nội dung (theo diễn biến cuộc họp):",
             "Cuộc họp kết thúc vào"]
    where = [next(i for i, x in enumerate(t) if x.startswith(h)) for h in heads]
    assert where == sorted(where)
    assert t[where[2] + 1].startswith("- Đại diện lãnh đạo Ban Dân vận")


def test_two_signatures_side_by_side_then_recipients(tmp_path):
    _, path = render(tmp_path, ho_ten_thu_ky="Nguyễn Văn An")
    doc = Docx.open(path)
    paragraphs = doc.paragraphs()
    secretary = next(p for p in paragraphs if para_text(p) == "THƯ KÝ")
    chair = next(p for p in paragraphs if para_text(p) == "CHỦ TỌA")
    row = next(secretary.iterancestors(w("tr")))
    assert row is next(chair.iterancestors(w("tr"))), "hai chữ ký cùng một hàng"
    cells = row.findall("w:tc", NS)
    assert next(secretary.iterancestors(w("tc"))) is cells[0]
    assert next(chair.iterancestors(w("tc"))) is cells[1]
    t = [para_text(p) for p in paragraphs]
    assert t.index("Nơi nhận:") > t.index("Dương Xuân Huyền") > t.index("CHỦ TỌA")
    assert "Nguyễn Văn An" in t


def test_import_reads_both_signatures_and_the_date_from_the_body(tmp_path):
    model, path = render(tmp_path, ho_ten_thu_ky="Nguyễn Văn An")
    result = vbhc.import_document(path)
    assert result.warnings == []
    got = result.document
    assert got.ho_ten_thu_ky == "Nguyễn Văn An"
    assert (got.nguoi_ky.chuc_vu, got.nguoi_ky.ho_ten) == ("CHỦ TỌA", "Dương Xuân Huyền")
    assert got.ngay_ban_hanh == model.ngay_ban_hanh and got.co_quan.dia_danh == "Lạng Sơn"
    assert got.thanh_phan == model.thanh_phan and got.noi_dung == model.noi_dung
