"""The ND30 kinds table as data: all 29 kinds of Điều 7 with their codes (Phụ lục III, mục
I), the three forms of copy, and every renderable kind's skeleton (`vbhc new K`) rendered as
it is into a draft that `vbhc check` passes and `vbhc import` reads back as the same kind."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import vbhc
from vbhc import cli
from vbhc.errors import InputError
from vbhc.model.kinds import copy_forms, kind, kinds, known_slugs

# ND30 Phụ lục III, mục I (shared/nd30.md §5), in the decree's order.
ND30_KINDS = [
    ("Nghị quyết", "NQ"), ("Quyết định", "QĐ"), ("Chỉ thị", "CT"), ("Quy chế", "QC"),
    ("Quy định", "QyĐ"), ("Thông cáo", "TC"), ("Thông báo", "TB"), ("Hướng dẫn", "HD"),
    ("Chương trình", "CTr"), ("Kế hoạch", "KH"), ("Phương án", "PA"), ("Đề án", "ĐA"),
    ("Dự án", "DA"), ("Báo cáo", "BC"), ("Biên bản", "BB"), ("Tờ trình", "TTr"),
    ("Hợp đồng", "HĐ"), ("Công điện", "CĐ"), ("Bản ghi nhớ", "BGN"), ("Bản thỏa thuận", "BTT"),
    ("Giấy ủy quyền", "GUQ"), ("Giấy mời", "GM"), ("Giấy giới thiệu", "GGT"),
    ("Giấy nghỉ phép", "GNP"), ("Phiếu gửi", "PG"), ("Phiếu chuyển", "PC"), ("Phiếu báo", "PB"),
    ("Công văn", None), ("Thư công", None),
]

# The kinds of Mẫu 1.4 rendered by the shared model "chung".
FORM_1_4 = ["chi-thi", "quy-che", "quy-dinh", "thong-cao", "thong-bao", "huong-dan",
            "chuong-trinh", "phuong-an", "de-an", "du-an", "bao-cao", "to-trinh",
            "giay-uy-quyen", "phieu-gui", "phieu-chuyen", "phieu-bao",
            # no sample form in ND30: laid out as Mẫu 1.4 (one signer; no kind code for thư công)
            "hop-dong", "ban-ghi-nho", "ban-thoa-thuan", "thu-cong"]


def test_the_table_has_the_29_kinds_of_nd30_with_their_codes():
    assert [(k.ten, k.ky_hieu) for k in kinds()] == ND30_KINDS
    slugs = [k.slug for k in kinds() if k.slug]
    assert len(slugs) == len(set(slugs)), "mỗi slug một loại"


def test_the_three_copy_forms_are_data():
    assert [(c.ten, c.ky_hieu, c.tieu_de) for c in copy_forms()] == [
        ("Bản sao y", "SY", "SAO Y"), ("Bản sao lục", "SL", "SAO LỤC"),
        ("Bản trích sao", "TrS", "TRÍCH SAO")]
    codes = {k.ky_hieu for k in kinds()}
    assert not codes & {c.ky_hieu for c in copy_forms()}, "mã bản sao khác mã loại văn bản"


@pytest.mark.parametrize("slug", FORM_1_4)
def test_form_1_4_kinds_share_the_general_model(slug):
    assert kind(slug).mo_hinh == "chung"


@pytest.mark.parametrize("slug", known_slugs())
def test_new_skeleton_renders_checks_and_imports_as_its_kind(slug, tmp_path):
    result = CliRunner().invoke(cli.main, ["new", slug])
    assert result.exit_code == 0, result.output
    source = tmp_path / f"{slug}.yaml"
    source.write_text(result.output, encoding="utf-8")
    docx = vbhc.render(vbhc.load(source), tmp_path / f"{slug}.docx")
    errors = [p for p in vbhc.check(docx) if p.severity == "lỗi"]
    assert errors == [], [str(p) for p in errors]
    again = vbhc.import_document(docx).document
    assert again.loai == slug
    printed = kind(slug).ten_in_hoa
    if kind(slug).ky_hieu:
        assert printed in [p.text for p in _paragraphs(docx)]


def _paragraphs(path):
    from docx import Document

    return Document(str(path)).paragraphs


def test_every_kind_of_the_table_is_rendered():
    assert [k.ten for k in kinds() if not k.slug] == []


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _examples_by_kind() -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = {}
    for path in sorted(EXAMPLES.glob("*.yaml")):
        out.setdefault(vbhc.load(path).loai, []).append(path)
    return out


@pytest.mark.parametrize("row", kinds(), ids=lambda k: k.slug or k.ten)
def test_every_kind_has_an_example_that_renders_and_passes_check(row, tmp_path):
    examples = _examples_by_kind().get(row.slug, [])
    assert examples, f"không có ví dụ cho loại {row.ten} trong examples/"
    docx = vbhc.render(vbhc.load(examples[0]), tmp_path / f"{row.slug}.docx")
    errors = [p for p in vbhc.check(docx) if p.severity == "lỗi"]
    assert errors == [], [str(p) for p in errors]
    if row.co_ten_loai:
        assert row.ten_in_hoa in [p.text for p in _paragraphs(docx)]


def test_thu_cong_prints_its_name_and_abstract_without_v_v_and_a_dispatch_symbol(tmp_path):
    """Thư công has no code (Phụ lục III) but a name line (Mẫu 1.4 layout): its symbol is
    issuer-unit like a công văn's, its abstract has no "V/v", and it imports as thư công."""
    path = next(EXAMPLES.glob("thu-cong-*.yaml"))
    docx = vbhc.render(vbhc.load(path), tmp_path / "thu-cong.docx")
    from docx import Document

    texts = [p.text for p in _paragraphs(docx)]
    header = Document(str(docx)).tables[0]
    assert "THƯ CÔNG" in texts
    assert "Số: 12/UBND-NC" in [p.text for p in header.cell(1, 0).paragraphs]
    assert not any(t.startswith("V/v") for t in texts)
    assert vbhc.import_document(docx).document.loai == "thu-cong"


def test_an_unknown_kind_is_refused_naming_the_field():
    with pytest.raises(InputError) as err:
        vbhc.validate({"loai": "bien-ban-xyz"})
    assert "loai" in str(err.value)
