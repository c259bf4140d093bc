"""The outgoing register after the clerk/attacker trial of issue 19: each defect the trial
found, with the small input that showed it and the behaviour it must have now."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import soffice
from tests.register_backends import (  # noqa: F401 - fixtures
    csdl_fixture,
    pg_csdl_fixture,
    postgres_server_fixture,
)
from tests.test_register import DAY, LETTER, run, variant
from vbhc.register import Register, RegisterRefusal, export, issue
from vbhc.register.db import bo_dem, van_ban_di
from vbhc.register.fields import name_key

CAO_LOC = "co_quan: ho-so/ubnd-huyen-cao-loc.yaml"


def agency_variant(folder: Path, name: str, co_quan: str, trich_yeu: str) -> Path:
    """A notice of UBND huyện Cao Lộc whose ``co_quan`` line is ``co_quan``."""
    path = variant(folder, name, trich_yeu=trich_yeu)
    path.write_text(path.read_text("utf-8").replace(CAO_LOC, co_quan), "utf-8")
    return path


# --- 1. one counter per office, whatever the spelling ---------------------------------------

def test_name_key_joins_the_spellings_of_one_office():
    key = name_key("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC")
    for other in ("UỶ BAN NHÂN DÂN HUYỆN CAO LỘC", "UBND HUYỆN CAO LỘC", "Ủy ban nhân dân  huyện"
                  " Cao Lộc", "Uỷ ban nhân dân huyện Cao Lộc"):
        assert name_key(other) == key
    assert name_key("HĐND TỈNH LẠNG SƠN") == name_key("HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN")
    assert name_key("SỞ VĂN HOÁ") == name_key("SỞ VĂN HÓA")
    assert name_key("UBND HUYỆN CAO LỘC") != name_key("UBND HUYỆN VĂN LÃNG")


def test_the_same_office_spelt_another_way_never_gets_a_number_twice(csdl, tmp_path):
    register = Register.open(csdl)
    first = issue(register, variant(tmp_path, "a", trich_yeu="Lịch tiếp dân A"), day=DAY)
    old_tone = agency_variant(
        tmp_path, "b", "co_quan: {ho_so: ho-so/ubnd-huyen-cao-loc.yaml, ten: UỶ BAN NHÂN DÂN "
        "HUYỆN CAO LỘC}", "Lịch tiếp dân B")
    short = agency_variant(
        tmp_path, "c", "co_quan: {ho_so: ho-so/ubnd-huyen-cao-loc.yaml, ten: UBND HUYỆN CAO "
        "LỘC}", "Lịch tiếp dân C")
    second = issue(register, old_tone, day=DAY)
    third = issue(register, short, day=DAY)
    assert [e.entry.so_ky_hieu for e in (first, second, third)] == [
        "01/TB-UBND", "02/TB-UBND", "03/TB-UBND"]
    assert {e.entry.co_quan for e in (first, second, third)} == {first.entry.co_quan}


def test_a_register_with_a_second_spelling_counts_on_from_the_highest(csdl, tmp_path):
    register = Register.open(csdl)
    with register.engine.begin() as conn:  # what a register written before the fix holds
        conn.execute(bo_dem.insert().values(co_quan="UBND HUYỆN CAO LỘC",
                                            he_thong_so="TB-UBND", nam=2024, so_cuoi=5))
    done = issue(register, variant(tmp_path, "a", trich_yeu="Lịch A"), day=DAY)
    assert done.entry.so == 6


@pytest.mark.parametrize(("series", "why"), [
    ("tb-ubnd", "TB-UBND của văn bản viết khác"),
    ("TB - UBND", "TB-UBND của văn bản viết khác"),
    ("../x", "chỉ gồm chữ"),
    ("a/b", "chỉ gồm chữ"),
])
def test_a_series_key_restating_the_default_or_with_odd_characters_is_refused(
        tmp_path, series, why):
    db = str(tmp_path / "so.db")
    first = run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A1")), "--csdl", db,
                "--ngay", "10/6/2024")
    assert first.exit_code == 0, first.output
    result = run("phat-hanh", str(variant(tmp_path, "b", trich_yeu="B1")), "--csdl", db,
                 "--ngay", "10/6/2024", "--he-thong-so", series)
    assert result.exit_code == 1 and "--he-thong-so" in result.stderr and why in result.stderr
    assert "Số 01" not in result.stdout
    own = run("phat-hanh", str(variant(tmp_path, "c", trich_yeu="C1")), "--csdl", db,
              "--ngay", "10/6/2024", "--he-thong-so", "HĐTV-UBND")
    assert own.exit_code == 0 and "Số 01/TB-UBND" in own.stdout and "(HĐTV-UBND)" in own.stdout


# --- 2. control characters ------------------------------------------------------------------

def test_control_characters_are_refused_on_entry(tmp_path):
    db = str(tmp_path / "so.db")
    bad = run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl", db,
              "--ghi-chu", "a\x07\x1b[2Jb")
    assert bad.exit_code == 1 and "--ghi-chu" in bad.stderr and "U+0007" in bad.stderr
    assert not Path(db).exists()  # refused before the register was even opened
    assert run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl", db,
               "--ngay", "10/6/2024").exit_code == 0
    cancel = run("so-dang-ky", "huy", "01/TB-UBND", "--nam", "2024", "--csdl", db,
                 "--ly-do", "a\x07")
    assert cancel.exit_code == 1 and "--ly-do" in cancel.stderr


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_export_survives_control_characters_already_stored(tmp_path, suffix):
    db = str(tmp_path / "so.db")
    register = Register.open(db)
    issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY, note="a\x07\x1b[2Jb")
    result = run("so-dang-ky", "xuat", str(tmp_path / f"so{suffix}"), "--csdl", db)
    assert result.exit_code == 0, result.output
    assert "U+0007" in result.stderr and "U+001B" in result.stderr
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        values = [c.value for r in load_workbook(tmp_path / "so.xlsx").active.iter_rows()
                  for c in r]
    else:
        from tests.docx_helpers import Docx

        values = ["".join(p.itertext()) for p in Docx.open(tmp_path / "so.docx").paragraphs()]
    assert any(isinstance(v, str) and v.startswith("a\ufffd\ufffd[2Jb") for v in values)


# --- 3. unfinished documents ----------------------------------------------------------------

def test_a_skeleton_from_vbhc_new_is_refused_and_costs_no_number(tmp_path):
    db = str(tmp_path / "so.db")
    made = run("new", "quyet-dinh")
    assert made.exit_code == 0
    skeleton = tmp_path / "qd.yaml"
    skeleton.write_text(made.stdout, "utf-8")
    result = run("phat-hanh", str(skeleton), "--csdl", db, "--ngay", "10/6/2024")
    assert result.exit_code == 1, result.output
    for field in ("co_quan.ten", "co_quan.dia_danh", "trich_yeu", "nguoi_ky.ho_ten"):
        assert field in result.stderr
    assert "chưa hoàn thiện" in result.stderr
    assert Register.open(db).entries() == []


def test_a_placeholder_left_by_derive_is_refused(csdl, tmp_path):
    source = variant(tmp_path, "a", trich_yeu="Lịch A", extra=(
        "ket_luan:\n  - 'Kinh phí: \\[CẦN BỔ SUNG: kinh phí thực hiện]'\n"))
    register = Register.open(csdl)
    with pytest.raises(Exception, match="CẦN BỔ SUNG: kinh phí") as info:
        issue(register, source, day=DAY)
    assert "ket_luan" in str(info.value)
    assert register.entries() == []


def test_no_signer_name_is_refused_unless_asked(tmp_path):
    db = str(tmp_path / "so.db")
    source = variant(tmp_path, "a", trich_yeu="A")
    plain = source.read_text("utf-8").replace("nguoi_ky: chu-tich",
                                              "nguoi_ky: {chuc_vu: CHỦ TỊCH}")
    source.write_text(plain, "utf-8")
    refused = run("phat-hanh", str(source), "--csdl", db, "--ngay", "10/6/2024")
    assert refused.exit_code == 1 and "nguoi_ky.ho_ten" in refused.stderr
    allowed = run("phat-hanh", str(source), "--csdl", db, "--ngay", "10/6/2024",
                  "--thieu-ho-ten")
    assert allowed.exit_code == 0 and "Số 01/TB-UBND" in allowed.stdout
    assert "Cảnh báo" in allowed.stderr or "cảnh báo" in allowed.stderr
    export_run = run("so-dang-ky", "xuat", str(tmp_path / "so.xlsx"), "--csdl", db)
    assert export_run.exit_code == 0 and "không có họ tên" in export_run.stderr


# --- 4. dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["15/06/1800", "1/1/3000"])
def test_a_date_out_of_range_is_a_vietnamese_error(tmp_path, day):
    result = run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl",
                 str(tmp_path / "so.db"), "--ngay", day)
    assert result.exit_code == 1 and "ngoài khoảng năm 1945–2200" in result.stderr
    assert "ValidationError" not in result.output


def test_a_far_future_date_and_back_dating_are_warned(tmp_path):
    db = str(tmp_path / "so.db")
    future = run("phat-hanh", str(variant(tmp_path, "f", trich_yeu="F")), "--csdl", db,
                 "--ngay", "1/1/2099")
    assert future.exit_code == 0 and "sau hôm nay" in future.stderr
    register = Register.open(db)
    issue(register, variant(tmp_path, "a", trich_yeu="A"), day=_dt.date(2024, 6, 10))
    issue(register, variant(tmp_path, "b", trich_yeu="B"), day=_dt.date(2024, 6, 12))
    late = issue(register, variant(tmp_path, "c", trich_yeu="C"), day=_dt.date(2024, 6, 11))
    assert late.entry.so == 3
    assert any("số 03/TB-UBND ghi ngày 11/06/2024, sớm hơn số 02/TB-UBND" in p.message
               for p in late.warnings)


# --- 5. the reason for a cancellation ----------------------------------------------------------

@pytest.mark.parametrize("reason", [None, "", "   "])
def test_a_cancellation_needs_a_reason(tmp_path, reason):
    db = str(tmp_path / "so.db")
    assert run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl", db,
               "--ngay", "10/6/2024").exit_code == 0
    args = ["so-dang-ky", "huy", "01/TB-UBND", "--nam", "2024", "--csdl", db]
    result = run(*args, *([] if reason is None else ["--ly-do", reason]))
    assert result.exit_code == 1 and "--ly-do: phải ghi lý do" in result.stderr
    assert "Missing option" not in result.output
    assert Register.open(db).entries()[0].trang_thai == "da-phat-hanh"


# --- 6. stopped during the PDF step ------------------------------------------------------------

def test_rerun_with_pdf_makes_the_missing_pdf_and_no_new_number(tmp_path):
    soffice()
    db = str(tmp_path / "so.db")
    source = variant(tmp_path, "a", trich_yeu="A")
    register = Register.open(db)  # the .docx was issued, then SIGTERM before the PDF
    done = issue(register, source, day=DAY)
    again = run("phat-hanh", str(source), "--csdl", db, "--ngay", "10/6/2024")
    assert again.exit_code == 1 and str(done.target) in again.stderr and "--pdf" in again.stderr
    result = run("phat-hanh", str(source), "--csdl", db, "--ngay", "10/6/2024", "--pdf")
    assert result.exit_code == 0, result.output
    assert "01/TB-UBND" in result.stderr and "không cấp số mới" in result.stderr
    pdf = done.target.with_suffix(".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert len(Register.open(db).entries()) == 1


# --- 7. the exported register ---------------------------------------------------------------

def test_export_names_the_signer_and_lowercases_after_the_kind(csdl, tmp_path):
    register = Register.open(csdl)
    issue(register, variant(tmp_path, "a", trich_yeu="Về việc tiếp công dân"), day=DAY)
    issue(register, variant(tmp_path, "cv", LETTER), day=DAY)
    entries = register.entries(co_quan="CAO LỘC")
    from openpyxl import load_workbook

    sheet = load_workbook(export(entries, tmp_path / "so.xlsx")).active
    rows = [tuple(c.value for c in r) for r in sheet.iter_rows()]
    line = next(r for r in rows if r[0] == "01/TB-UBND")
    assert line[2] == "Thông báo về việc tiếp công dân"
    assert line[3] == "Nguyễn Văn An (TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH)"


def test_export_of_two_agencies_writes_one_register_each(tmp_path):
    db = str(tmp_path / "so.db")
    register = Register.open(db)
    issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY)
    issue(register, variant(tmp_path, "cv", LETTER), day=DAY)
    (tmp_path / "so_uy-ban-nhan-dan-huyen-cao-loc.docx").write_bytes(b"old")
    refused = run("so-dang-ky", "xuat", str(tmp_path / "so.docx"), "--nam", "2024",
                  "--csdl", db)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert not (tmp_path / "so_ubnd-tinh-lang-son-so-noi-vu.docx").exists()  # none written
    result = run("so-dang-ky", "xuat", str(tmp_path / "so.docx"), "--nam", "2024", "--csdl",
                 db, "--force")
    assert result.exit_code == 0 and "2 cơ quan" in result.stderr
    assert not (tmp_path / "so.docx").exists()
    from tests.docx_helpers import Docx

    for name, agency, other in (("uy-ban-nhan-dan-huyen-cao-loc", "CAO LỘC", "NỘI VỤ"),
                                ("ubnd-tinh-lang-son-so-noi-vu", "NỘI VỤ", "CAO LỘC")):
        text = "\n".join("".join(p.itertext()) for p in
                         Docx.open(tmp_path / f"so_{name}.docx").paragraphs())
        assert agency in text and other not in text
    one = run("so-dang-ky", "xuat", str(tmp_path / "so.docx"), "--co-quan", "cao loc",
              "--csdl", db)
    assert one.exit_code == 0 and "(1 mục)" in one.stdout


# --- 8. messages, searches and options ------------------------------------------------------------

def test_a_register_in_a_missing_folder_is_a_vietnamese_error(tmp_path):
    result = run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl",
                 str(tmp_path / "khong-co" / "so.db"))
    assert result.exit_code == 2 and "thư mục" in result.stderr
    assert "unable to open" not in result.output


def test_listing_refuses_a_missing_file_an_inverted_range_and_an_unknown_kind(tmp_path):
    db = str(tmp_path / "so.db")
    missing = run("so-dang-ky", "danh-sach", "--csdl", str(tmp_path / "typo.sqlite3"))
    assert missing.exit_code == 2 and not (tmp_path / "typo.sqlite3").exists()
    export_missing = run("so-dang-ky", "xuat", str(tmp_path / "x.xlsx"), "--csdl",
                         str(tmp_path / "typo.sqlite3"))
    assert export_missing.exit_code == 2 and not (tmp_path / "typo.sqlite3").exists()
    assert run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="Lịch tiếp công dân")),
               "--csdl", db, "--ngay", "10/6/2024").exit_code == 0
    inverted = run("so-dang-ky", "danh-sach", "--csdl", db, "--tu", "30/6/2024",
                   "--den", "1/1/2024")
    assert inverted.exit_code == 1 and "khoảng ngày ngược" in inverted.stderr
    unknown = run("so-dang-ky", "danh-sach", "--csdl", db, "--loai", "xyz")
    assert unknown.exit_code == 1 and "thong-bao" in unknown.stderr
    found = run("so-dang-ky", "danh-sach", "--csdl", db, "--trich-yeu", "TIEP CONG DAN",
                "--co-quan", "uy ban nhan dan huyen cao loc")
    assert found.exit_code == 0 and "01/TB-UBND" in found.stdout and "1 mục" in found.stderr


def test_issuing_a_docx_asks_for_the_yaml_and_zero_copies_are_refused(tmp_path):
    db = str(tmp_path / "so.db")
    docx = tmp_path / "x.docx"
    docx.write_bytes(b"PK\x03\x04")
    result = run("phat-hanh", str(docx), "--csdl", db)
    assert result.exit_code == 1 and "cần tệp YAML" in result.stderr
    assert "UTF-8" not in result.stderr
    zero = run("phat-hanh", str(variant(tmp_path, "a", trich_yeu="A")), "--csdl", db,
               "--so-ban", "0")
    assert zero.exit_code == 1 and "--so-ban" in zero.stderr and "từ 1" in zero.stderr
    assert not Register.open(db).entries()


def test_cancel_and_move_refuse_a_missing_register_too(tmp_path):
    result = run("so-dang-ky", "huy", "1", "--ly-do", "x", "--csdl", str(tmp_path / "t.db"))
    assert result.exit_code == 2 and not (tmp_path / "t.db").exists()
    moved = run("so-dang-ky", "chuyen", "--csdl", str(tmp_path / "t.db"), "--den",
                str(tmp_path / "moi.db"))
    assert moved.exit_code == 2 and not (tmp_path / "t.db").exists()
    assert not (tmp_path / "moi.db").exists()


def test_reserved_numbers_share_the_office_counter(csdl, tmp_path):
    register = Register.open(csdl)
    short = agency_variant(tmp_path, "c", "co_quan: {ho_so: ho-so/ubnd-huyen-cao-loc.yaml, "
                           "ten: UBND HUYỆN CAO LỘC}", "Lịch C")
    kept = issue(register, short, day=DAY, reserve=True)
    done = issue(register, variant(tmp_path, "a", trich_yeu="Lịch A"), day=DAY)
    assert (kept.entry.so, done.entry.so) == (1, 2)
    with register.engine.begin() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(bo_dem)).scalar() == 1
        assert conn.execute(sa.select(sa.func.count()).select_from(van_ban_di)).scalar() == 2
    with pytest.raises(RegisterRefusal):
        issue(register, variant(tmp_path, "a", trich_yeu="Lịch A"), day=DAY)
