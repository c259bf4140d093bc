"""Slips a clerk trial found in the new kinds: each is undone with a warning naming the
field and the line where it was typed, or refused with a Vietnamese message."""

from __future__ import annotations

import datetime as _dt
import shutil

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import Docx, para_text
from vbhc import cli
from vbhc.errors import InputError
from vbhc.model.kinds import kind, known_slugs

INVITATION = EXAMPLES / "giay-moi-hoi-nghi-so-ket-dan-chu-co-so-2024.yaml"
DECISION = EXAMPLES / "quyet-dinh-kien-toan-ban-chi-dao-dan-chu-co-so-2024.yaml"
MINUTES = EXAMPLES / "bien-ban-hoi-nghi-so-ket-dan-chu-co-so-2024.yaml"


def edited(tmp_path, example, *pairs: tuple[str, str]):
    """Copy ``example`` (and its profiles) into ``tmp_path`` with each (old, new) text
    replaced once; return the new file."""
    shutil.copytree(EXAMPLES / "ho-so", tmp_path / "ho-so", dirs_exist_ok=True)
    text = example.read_text("utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    out = tmp_path / example.name
    out.write_text(text, encoding="utf-8")
    return out


def loaded(source):
    """Return (model, warnings) as `vbhc render` reads them."""
    warnings: list = []
    return vbhc.load(source, warnings), warnings


def printed(model, tmp_path) -> list[str]:
    out = vbhc.render(model, tmp_path / "vb.docx", force=True)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    return [para_text(p) for p in Docx.open(out).paragraphs()]


def line_of(source, needle: str) -> int:
    return next(i for i, line in enumerate(source.read_text("utf-8").splitlines(), 1)
                if needle in line)


# --- 2. giấy mời
def test_invitation_slips_are_undone_with_warnings(tmp_path):
    source = edited(
        tmp_path, INVITATION,
        ("nguoi_moi: Ủy ban nhân dân tỉnh Lạng Sơn",
         'nguoi_moi: "UBND huyện Cao Lộc trân trọng kính mời:"'),
        ("  - Đại diện lãnh đạo Ban Dân vận Tỉnh ủy, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
         '  - "Kính mời: Đại diện lãnh đạo Ban Dân vận Tỉnh ủy, Ủy ban Mặt trận Tổ quốc Việt '
         'Nam tỉnh"'),
        ("trich_yeu: Dự Hội nghị", "trich_yeu: Giấy mời dự Hội nghị"))
    model, warnings = loaded(source)
    assert model.nguoi_moi == "UBND huyện Cao Lộc"
    assert model.kinh_moi[0].startswith("Đại diện lãnh đạo")
    assert model.trich_yeu.startswith("Dự Hội nghị sơ kết")
    said = {(w.path, w.line): w.message for w in warnings}
    assert "trân trọng kính mời" in said[("nguoi_moi", line_of(source, "nguoi_moi:"))]
    assert "Kính mời:" in said[("kinh_moi[0]", line_of(source, "Kính mời: Đại"))]
    assert "Giấy mời" in said[("trich_yeu", line_of(source, "trich_yeu:"))]
    t = printed(model, tmp_path)
    assert "UBND huyện Cao Lộc trân trọng kính mời:" in t
    assert not [p for p in t if "kính mời trân trọng" in p.lower() or "Kính mời: " in p]
    assert t[t.index("GIẤY MỜI") + 1].startswith("Dự Hội nghị")


@pytest.mark.parametrize("typed", ["Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời",
                                   "Ủy ban nhân dân tỉnh Lạng Sơn, xin trân trọng kính mời:",
                                   "Ủy ban nhân dân tỉnh Lạng Sơn kính mời",
                                   "Ủy ban nhân dân tỉnh Lạng Sơn trân trọng mời:"])
def test_every_way_of_typing_the_invitation_verb(typed, tmp_path):
    source = edited(tmp_path, INVITATION, ("nguoi_moi: Ủy ban nhân dân tỉnh Lạng Sơn",
                                           f'nguoi_moi: "{typed}"'))
    model, warnings = loaded(source)
    assert model.nguoi_moi == "Ủy ban nhân dân tỉnh Lạng Sơn"
    assert [w.path for w in warnings] == ["nguoi_moi"]


@pytest.mark.parametrize("when", ["08 giờ 00, thứ Tư, ngày 32/12/2026.",
                                  "08 giờ 00, ngày 29/2/2026.",
                                  "08 giờ 00, ngày 31 tháng 4 năm 2026."])
def test_invitation_time_on_a_day_not_in_the_calendar_is_refused(when, tmp_path):
    source = edited(tmp_path, INVITATION, ("thoi_gian: 08 giờ 00, thứ Tư, ngày 17/7/2024.",
                                           f"thoi_gian: {when}"))
    with pytest.raises(InputError) as caught:
        vbhc.load(source)
    problem = caught.value.problems[0]
    assert problem.path == "thoi_gian" and problem.line == line_of(source, "thoi_gian:")
    assert "không có trong lịch" in problem.message


def test_minutes_time_on_a_day_not_in_the_calendar_is_refused(tmp_path):
    data = yaml.safe_load(MINUTES.read_text("utf-8"))
    data["thoi_gian_bat_dau"] = "08 giờ 00, ngày 30/2/2024."
    with pytest.raises(InputError, match="30/2/2024 không có trong lịch"):
        vbhc.validate(data, base_dir=EXAMPLES)


def test_blank_dates_in_a_draft_time_pass(tmp_path):
    source = edited(tmp_path, INVITATION, ("thoi_gian: 08 giờ 00, thứ Tư, ngày 17/7/2024.",
                                           "thoi_gian: 08 giờ 00, thứ ..., ngày .../.../2026."))
    assert loaded(source)[0].thoi_gian.endswith(".../.../2026.")


# --- 3. a warning names the entry where it was typed
def test_recipient_warnings_name_the_entry_and_line_as_typed(tmp_path):
    source = edited(tmp_path, DECISION,
                    ("    - Chủ tịch, các PCT UBND tỉnh\n",
                     '    - "- Như Điều 4;"\n    - "- Lưu: VT, VHXH."\n'
                     "    - Chủ tịch, các PCT UBND tỉnh\n"),
                    ("  luu: VT, NC\n", ""))
    model, warnings = loaded(source)
    assert model.noi_nhan.luu == "VT, VHXH"
    moved = [w for w in warnings if "Lưu: VT, VHXH" in w.message]
    assert [(w.path, w.line) for w in moved] == [("noi_nhan.danh_sach[1]",
                                                  line_of(source, "Lưu: VT, VHXH"))]
    dropped = [w for w in warnings if "Như Điều 4" in w.message]
    assert [(w.path, w.line) for w in dropped] == [("noi_nhan.danh_sach[0]",
                                                    line_of(source, "Như Điều 4"))]


# --- 4. "V/v" on a kind with a kind name
@pytest.mark.parametrize(("slug", "expected"), [
    ("quyet-dinh", "Về việc thành lập Tổ giúp việc"),
    ("nghi-quyet", "Thành lập Tổ giúp việc"),
])
def test_vv_on_a_titled_kind_follows_its_nd30_form(slug, expected, tmp_path):
    source = edited(tmp_path, DECISION,
                    ("trich_yeu: Về việc kiện toàn Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh "
                     "Lạng Sơn", "trich_yeu: V/v thành lập Tổ giúp việc"),
                    ("loai: quyet-dinh", f"loai: {slug}"))
    model, warnings = loaded(source)
    assert model.trich_yeu == expected
    said = [w for w in warnings if w.path == "trich_yeu"]
    assert len(said) == 1 and "V/v" in said[0].message
    assert said[0].line == line_of(source, "trich_yeu:")
    t = printed(model, tmp_path)
    assert t[t.index(kind(slug).ten_in_hoa) + 1] == expected


def test_vv_on_a_decision_already_saying_ve_viec_is_not_doubled():
    from vbhc.model.text import vv_in_titled

    assert vv_in_titled("V/v về việc thành lập", True)[0] == "Về việc thành lập"
    assert vv_in_titled("V/v: **thành lập**", False)[0] == "**Thành lập**"
    assert vv_in_titled("Thành lập", False) == ("Thành lập", [])


def test_only_the_decision_opens_its_abstract_with_ve_viec():
    """ND30 Phụ lục III: Mẫu 1.2 (Quyết định) writes "Về việc ..."; Mẫu 1.1, 1.4, 1.6, 1.7,
    1.9 a noun phrase."""
    assert [s for s in known_slugs() if kind(s).ve_viec] == ["quyet-dinh"]


def test_dispatch_keeps_its_lower_case_after_vv(tmp_path):
    from vbhc.model.common import _titled

    assert _titled("cong-van") is None and _titled("khong-co") is None


# --- 5. the skeleton's year
def test_skeleton_is_dated_the_year_it_is_written(monkeypatch, tmp_path):
    from vbhc.commands import new

    for slug in known_slugs():
        text = new.skeleton(slug, _dt.date(2031, 5, 4))
        assert "nam: 2031" in text and "2025" not in text and "{nam}" not in text, slug
    monkeypatch.setattr(new, "today", lambda: _dt.date(2027, 1, 2))
    result = CliRunner().invoke(cli.main, ["new", "giay-moi"])
    assert result.exit_code == 0 and "nam: 2027" in result.output
    source = tmp_path / "gm.yaml"
    source.write_text(result.output, encoding="utf-8")
    assert vbhc.load(source).ngay_ban_hanh.nam == 2027


@pytest.mark.parametrize(("kind_line", "symbol", "expected"), [
    ("QUYẾT ĐỊNH", "QĐ", "Về việc thành lập Tổ giúp việc"),
    ("TỜ TRÌNH", "TTr", "Thành lập Tổ giúp việc"),
])
def test_import_of_vv_under_a_kind_name_follows_its_nd30_form(kind_line, symbol, expected,
                                                              tmp_path):
    path = tmp_path / "vb.txt"
    path.write_text(f"""ỦY BAN NHÂN DÂN
HUYỆN CAO LỘC
Số: 12/{symbol}-UBND
Cao Lộc, ngày 05 tháng 3 năm 2025
{kind_line}
V/v thành lập Tổ giúp việc
CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN CAO LỘC
Căn cứ Luật Tổ chức chính quyền địa phương;
Điều 1. Thành lập Tổ giúp việc.
Điều 2. Quyết định có hiệu lực từ ngày ký./.
Nơi nhận:
- Như Điều 2;
- Lưu: VT, NV.
CHỦ TỊCH
Nguyễn Văn A
""", encoding="utf-8")
    result = vbhc.import_document(path)
    assert result.document.trich_yeu == expected
    assert any("V/v" in w.message for w in result.warnings)
