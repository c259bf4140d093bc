"""The outgoing register (issue 19): numbers, dates, the issued .docx, refusals, gaps,
search, export, schema, errors, and the move to PostgreSQL — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.docx_helpers import Docx
from tests.register_backends import (  # noqa: F401 - fixtures
    csdl_fixture,
    pg_csdl_fixture,
    postgres_server_fixture,
)
from vbhc import cli
from vbhc.register import (
    Register,
    RegisterError,
    RegisterRefusal,
    default_path,
    export,
    issue,
)
from vbhc.register.db import SCHEMA_VERSION, phien_ban
from vbhc.register.export import COLUMNS
from vbhc.register.fields import entry_fields, number_text, series_key

NOTICE = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
LETTER = EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"
DAY = _dt.date(2024, 6, 10)


def variant(folder: Path, name: str, base: Path = NOTICE, *, trich_yeu: str | None = None,
            extra: str = "") -> Path:
    """Copy example ``base`` into ``folder`` (with its profiles) as ``name``.yaml, with
    another trích yếu (new content) and ``extra`` YAML lines appended."""
    if not (folder / "ho-so").exists():
        shutil.copytree(EXAMPLES / "ho-so", folder / "ho-so")
        name_signers(folder / "ho-so")
    text = base.read_text("utf-8")
    if trich_yeu:
        start = text.index("trich_yeu:")
        end = text.index("\n", start)
        text = text[:start] + f"trich_yeu: {trich_yeu}" + text[end:]
    path = folder / f"{name}.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def name_signers(folder: Path, name: str = "Nguyễn Văn An") -> None:
    """Give every signer of the profiles in ``folder`` a name (phat-hanh refuses a document
    whose signer has none; the examples leave the names out)."""
    for profile in folder.glob("*.yaml"):
        data = yaml.safe_load(profile.read_text("utf-8"))
        for signer in (data.get("nguoi_ky") or {}).values():
            signer.setdefault("ho_ten", name)
        profile.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def texts(path: Path) -> list[str]:
    """Return the text of every paragraph of the .docx at ``path`` (table cells included)."""
    doc = Docx.open(path)
    return ["".join(p.itertext()) for p in doc.paragraphs()]


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env)


# --- numbers, the issued document ------------------------------------------------------------

def test_issue_numbers_from_01_per_series_and_the_docx_passes_check(csdl, tmp_path):
    register = Register.open(csdl)
    assert register.created
    first = issue(register, variant(tmp_path, "a", trich_yeu="Lịch tiếp dân quý III"),
                  day=DAY)
    second = issue(register, variant(tmp_path, "b", trich_yeu="Lịch tiếp dân quý IV"),
                   day=DAY)
    letter = issue(register, variant(tmp_path, "c", LETTER), day=DAY)
    assert [first.entry.so_ky_hieu, second.entry.so_ky_hieu] == ["01/TB-UBND", "02/TB-UBND"]
    assert letter.entry.so_ky_hieu == "01/SNV-CQĐP" and letter.entry.he_thong_so == "CV-SNV"
    assert first.entry.co_quan == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    assert letter.entry.co_quan == "UBND TỈNH LẠNG SƠN / SỞ NỘI VỤ"
    assert first.target == tmp_path / "a_01-TB-UBND.docx"
    data = first.target.read_bytes()
    assert first.entry.tep == str(first.target.resolve())
    assert first.entry.tep_hash == hashlib.sha256(data).hexdigest()
    assert first.entry.trang_thai == "da-phat-hanh"
    # the issued file is what `vbhc check` accepts as a numbered document
    assert [p for p in vbhc.check(first.target) if p.is_error] == []
    text = texts(first.target)
    assert "Số: 01/TB-UBND" in text and "Cao Lộc, ngày 10 tháng 6 năm 2024" in text
    assert "Số: 01/SNV-CQĐP" in texts(letter.target)
    register.close()


def test_the_register_records_the_nd30_columns(csdl, tmp_path):
    register = Register.open(csdl)
    done = issue(register, variant(tmp_path, "cv", LETTER), day=DAY, copies=12,
                 note="gửi qua hệ thống")
    entry = done.entry
    assert (entry.loai, entry.ten_loai, entry.ky_hieu) == ("cong-van", "Công văn", "SNV-CQĐP")
    assert entry.trich_yeu.startswith("đôn đốc gửi báo cáo kết quả")
    assert entry.nguoi_ky == "Nguyễn Văn An (KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC)"  # ND30: the name
    assert entry.noi_nhan.splitlines() == [
        "Các sở, ban, ngành, đơn vị trực thuộc UBND tỉnh", "UBND các huyện, thành phố",
        "UBND tỉnh (b/c)", "Giám đốc, các Phó Giám đốc Sở"]
    assert (entry.don_vi_luu, entry.so_ban, entry.ghi_chu) == ("VT, CQĐP", 12, "gửi qua hệ thống")
    assert entry.do_khan == "KHẨN" and entry.ngay == DAY and entry.nam == 2024
    default = issue(register, variant(tmp_path, "tb", trich_yeu="Lịch khác"), day=DAY).entry
    assert default.so_ban == 3 + 1  # three recipients, one archive place (VT)


def test_numbers_print_zero_padded_below_ten():
    assert [number_text(n, "KH-UBND") for n in (1, 9, 10, 345)] == [
        "01/KH-UBND", "09/KH-UBND", "10/KH-UBND", "345/KH-UBND"]


def test_series_keys_secret_and_explicit(tmp_path):
    plain_doc = vbhc.load(variant(tmp_path, "p"))
    secret = vbhc.load(variant(tmp_path, "m", extra="do_mat: MẬT\n"))
    assert series_key(plain_doc) == "TB-UBND"
    assert series_key(secret) == "TB-UBND (mật)"
    assert entry_fields(plain_doc, DAY, series="HĐTĐ  tỉnh").he_thong_so == "HĐTĐ tỉnh"


def test_secret_documents_and_explicit_series_number_apart(csdl, tmp_path):
    register = Register.open(csdl)
    one = issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY).entry
    secret = issue(register, variant(tmp_path, "m", trich_yeu="M", extra="do_mat: MẬT\n"),
                   day=DAY).entry
    council = issue(register, variant(tmp_path, "h", trich_yeu="H"), day=DAY,
                    series="HĐTĐ").entry
    two = issue(register, variant(tmp_path, "b", trich_yeu="B"), day=DAY).entry
    assert [(e.he_thong_so, e.so) for e in (one, secret, council, two)] == [
        ("TB-UBND", 1), ("TB-UBND (mật)", 1), ("HĐTĐ", 1), ("TB-UBND", 2)]


def test_number_and_date_written_in_the_yaml_are_replaced_with_warnings(csdl, tmp_path):
    register = Register.open(csdl)
    done = issue(register, variant(tmp_path, "a"), day=_dt.date(2024, 7, 1))
    said = {p.path: p.message for p in done.warnings}
    assert [(p.path, p.line) for p in done.warnings] == [("so_ky_hieu.so", 6),
                                                          ("ngay_ban_hanh", 8)]
    assert said["so_ky_hieu.so"].startswith("số 7 ghi trong tệp được thay")
    assert "(28/6/2024)" in said["ngay_ban_hanh"] and "1/7/2024" in said["ngay_ban_hanh"]
    assert all(p.severity == "cảnh báo" for p in done.warnings)


# --- refusals, reservations, gaps -------------------------------------------------------------

def test_same_content_is_refused_and_takes_no_number(csdl, tmp_path):
    register = Register.open(csdl)
    source = variant(tmp_path, "a")
    issue(register, source, day=DAY)
    again = variant(tmp_path, "a-ban-sao")  # same content, another file name
    with pytest.raises(RegisterRefusal, match="nội dung này đã có trong sổ: số 01/TB-UBND"):
        issue(register, again, day=_dt.date(2024, 6, 11))
    assert register.counters() == [("ỦY BAN NHÂN DÂN HUYỆN CAO LỘC", "TB-UBND", 2024, 1)]
    assert not (tmp_path / "a-ban-sao_02-TB-UBND.docx").exists()


def test_reserve_a_number_for_paper_then_issue_the_next(csdl, tmp_path):
    register = Register.open(csdl)
    kept = issue(register, variant(tmp_path, "giay", trich_yeu="Văn bản giấy"), day=DAY,
                 reserve=True)
    assert kept.target is None and kept.entry.trang_thai == "giu-so"
    assert list(tmp_path.glob("*.docx")) == []
    nxt = issue(register, variant(tmp_path, "b", trich_yeu="B"), day=DAY)
    assert nxt.entry.so == 2


def test_cancel_leaves_a_recorded_gap_never_reused(csdl, tmp_path):
    register = Register.open(csdl)
    first = issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY).entry
    gone = register.cancel(1, 2024, ky_hieu="TB-UBND", reason="thu hồi")
    assert (gone.trang_thai, gone.ly_do_huy, gone.id) == ("huy", "thu hồi", first.id)
    with pytest.raises(RegisterRefusal, match="đã hủy từ trước"):
        register.cancel(1, 2024, reason="lần hai")
    again = issue(register, variant(tmp_path, "a2", trich_yeu="A"), day=DAY).entry
    assert again.so == 2  # the cancelled content may be issued anew, under a new number
    assert [(e.so, e.trang_thai) for e in register.entries()] == [(1, "huy"),
                                                                   (2, "da-phat-hanh")]
    with pytest.raises(RegisterRefusal, match="sổ không có số 07 năm 2024"):
        register.cancel(7, 2024, reason="x")


def test_a_failed_write_gives_the_number_back_or_records_the_gap(csdl, tmp_path):
    register = Register.open(csdl)
    source = variant(tmp_path, "a", trich_yeu="A")
    (tmp_path / "a_01-TB-UBND.docx").write_bytes(b"a clerk's file")
    with pytest.raises(vbhc.errors.OutputExistsError):
        issue(register, source, day=DAY)
    assert register.entries() == [] and register.counters()[0][3] == 0  # given back
    assert (tmp_path / "a_01-TB-UBND.docx").read_bytes() == b"a clerk's file"
    # not the last number any more: the entry is cancelled with the reason (a recorded gap)
    fields = entry_fields(vbhc.load(source), DAY)
    pending = register.allocate(fields)
    later = issue(register, variant(tmp_path, "b", trich_yeu="B"), day=DAY).entry
    assert (pending.so, later.so) == (1, 2)
    assert register.release(pending.id, "phát hành không thành: thử") == "huy"
    gap = register.get(pending.id)
    assert (gap.trang_thai, gap.ly_do_huy) == ("huy", "phát hành không thành: thử")


def test_a_document_check_refuses_takes_no_number(csdl, tmp_path):
    register = Register.open(csdl)
    bad = variant(tmp_path, "x", extra="khong_co: 1\n")
    with pytest.raises(vbhc.errors.InputError):
        issue(register, bad, day=DAY)
    assert register.counters() == []


# --- list, search, export -------------------------------------------------------------------

def test_search_by_number_kind_date_and_trich_yeu(csdl, tmp_path):
    register = Register.open(csdl)
    issue(register, variant(tmp_path, "a", trich_yeu="Lịch tiếp công dân tháng 7"), day=DAY)
    issue(register, variant(tmp_path, "b", trich_yeu="Lịch trực Tết"),
          day=_dt.date(2024, 12, 20))
    issue(register, variant(tmp_path, "c", LETTER), day=_dt.date(2024, 8, 1))
    assert [e.so_ky_hieu for e in register.entries(loai="thong-bao")] == [
        "01/TB-UBND", "02/TB-UBND"]
    assert [e.so for e in register.entries(so=2)] == [2]
    assert [e.so_ky_hieu for e in register.entries(tu=_dt.date(2024, 7, 1),
                                                   den=_dt.date(2024, 8, 31))] == [
        "01/SNV-CQĐP"]
    assert [e.so for e in register.entries(trich_yeu="TẾT")] == [2]
    assert [e.so for e in register.entries(co_quan="sở nội vụ")] == [1]
    result = run("so-dang-ky", "danh-sach", "--csdl", csdl, "--trich-yeu", "tết")
    assert result.exit_code == 0, result.output
    assert "02/TB-UBND" in result.stdout and "01/TB-UBND" not in result.stdout
    result = run("so-dang-ky", "danh-sach", "--csdl", csdl, "--so", "01/SNV-CQĐP", "--json")
    import json

    assert [e["so_ky_hieu"] for e in json.loads(result.stdout)] == ["01/SNV-CQĐP"]


def test_export_xlsx_and_docx_in_the_nd30_form(csdl, tmp_path):
    register = Register.open(csdl)
    issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY)
    issue(register, variant(tmp_path, "b", trich_yeu="B"), day=DAY)
    register.cancel(2, 2024, reason="thu hồi")
    entries = register.entries()
    xlsx = export(entries, tmp_path / "so.xlsx")
    from openpyxl import load_workbook

    sheet = load_workbook(xlsx).active
    rows = [tuple(c.value for c in r) for r in sheet.iter_rows()]
    header = rows.index(COLUMNS)
    assert rows[0][0] == "SỔ ĐĂNG KÝ VĂN BẢN ĐI"
    assert rows[header + 1][:3] == ("01/TB-UBND", "10/06/2024", "Thông báo a")
    assert rows[header + 2][0] == "02/TB-UBND" and rows[header + 2][7] == "Đã hủy: thu hồi"
    word = export(entries, tmp_path / "so.docx")
    import docx

    table = docx.Document(word).tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == COLUMNS
    assert table.rows[1].cells[0].text == "01/TB-UBND"
    assert table.rows[1].cells[4].text.splitlines()[0] == "Thanh tra tỉnh"
    from openxml_audit import AppPrediction, OpenXmlValidator, predict

    result = OpenXmlValidator(max_errors=0, strict=True, security_validation=True).validate(word)
    assert result.is_valid, [str(e) for e in result.errors]
    assert predict(result).prediction is AppPrediction.OPENS_CLEAN
    # same register, same bytes
    assert export(entries, tmp_path / "so2.xlsx").read_bytes() == xlsx.read_bytes()
    assert export(entries, tmp_path / "so2.docx").read_bytes() == word.read_bytes()
    result = run("so-dang-ky", "xuat", str(tmp_path / "so.docx"), "--csdl", csdl)
    assert result.exit_code == 1 and "đã có" in result.stderr
    result = run("so-dang-ky", "xuat", str(tmp_path / "so.csv"), "--csdl", csdl)
    assert result.exit_code == 1 and "chỉ xuất sổ ra tệp .xlsx hoặc .docx" in result.stderr


# --- the CLI --------------------------------------------------------------------------------

def test_cli_issue_list_cancel(csdl, tmp_path):
    a = variant(tmp_path, "a", trich_yeu="A")
    b = variant(tmp_path, "b", trich_yeu="B")
    result = run("phat-hanh", str(a), str(b), "--csdl", csdl, "--ngay", "10/6/2024",
                 "-o", str(tmp_path / "ra") + "/")
    assert result.exit_code == 0, result.output
    assert "Số 01/TB-UBND ngày 10/06/2024 (TB-UBND): đã ghi" in result.stdout
    assert (tmp_path / "ra" / "b_02-TB-UBND.docx").exists()
    assert "Cảnh báo:" in result.stderr and "so_ky_hieu.so" in result.stderr
    again = run("phat-hanh", str(a), "--csdl", csdl)
    assert again.exit_code == 1
    assert again.stderr.startswith("Lỗi: nội dung này đã có trong sổ: số 01/TB-UBND")
    kept = run("phat-hanh", str(variant(tmp_path, "g", trich_yeu="G")), "--csdl", csdl,
               "--giu-so", "--ngay", "2024-06-11")
    assert kept.exit_code == 0 and "03/TB-UBND" in kept.stdout and "ký giấy" in kept.stdout
    cancelled = run("so-dang-ky", "huy", "03/TB-UBND", "--nam", "2024", "--ly-do",
                    "không dùng", "--csdl", csdl)
    assert cancelled.exit_code == 0, cancelled.output
    listed = run("so-dang-ky", "danh-sach", "--csdl", csdl)
    assert listed.exit_code == 0
    assert "03/TB-UBND" in listed.stdout and "đã hủy" in listed.stdout


def test_cli_uses_the_environment_variable_and_the_default_path(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("VBHC_CSDL", raising=False)
    assert default_path() == tmp_path / "data" / "vbhc" / "so-dang-ky.sqlite3"
    source = variant(tmp_path, "a")
    result = run("phat-hanh", str(source), "--giu-so")
    assert result.exit_code == 0, result.output
    assert default_path().exists()
    assert f"Đã tạo sổ đăng ký mới: {default_path()}" in result.stderr
    other = tmp_path / "khac.sqlite3"
    shutil.copy(default_path(), other)
    result = run("so-dang-ky", "danh-sach", env={"VBHC_CSDL": str(other)})
    assert result.exit_code == 0 and "1 mục" in result.stderr and str(other) in result.stderr
    missing = run("so-dang-ky", "danh-sach", env={"VBHC_CSDL": str(tmp_path / "typo.sqlite3")})
    assert missing.exit_code == 2 and "không có sổ đăng ký" in missing.stderr


@pytest.mark.parametrize("address", [
    "postgresql://khong-ai@127.0.0.1:1/so",
    "mysql://x@y/z",
])
def test_an_unreachable_or_unknown_database_is_a_message_not_a_traceback(address):
    result = subprocess.run([sys.executable, "-m", "vbhc", "so-dang-ky", "danh-sach",
                             "--csdl", address], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "VBHC_DEBUG": ""})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Lỗi: ") and "--csdl" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_that_is_not_a_register_is_refused(tmp_path):
    junk = tmp_path / "so.sqlite3"
    junk.write_text("không phải cơ sở dữ liệu" * 100)
    result = run("so-dang-ky", "danh-sach", "--csdl", str(junk))
    assert result.exit_code == 2 and "không dùng được sổ đăng ký" in result.stderr
    result = run("so-dang-ky", "danh-sach", "--csdl", str(tmp_path / "khong-co" / "so.db"))
    assert result.exit_code == 2 and "--csdl" in result.stderr
    assert junk.read_text() == "không phải cơ sở dữ liệu" * 100


# --- schema -----------------------------------------------------------------------------------

def test_schema_is_versioned_and_a_newer_one_is_refused(csdl):
    register = Register.open(csdl)
    with register.engine.begin() as conn:
        assert conn.execute(sa.select(phien_ban.c.phien_ban)).scalar_one() == SCHEMA_VERSION
    assert not Register.open(csdl).created  # opening again migrates nothing
    with register.engine.begin() as conn:
        conn.execute(phien_ban.update().values(phien_ban=SCHEMA_VERSION + 1))
    with pytest.raises(RegisterError, match="lược đồ phiên bản 2, do một bản vbhc mới hơn"):
        Register.open(csdl)


# --- moving to PostgreSQL ---------------------------------------------------------------------

def test_move_sqlite_to_postgresql_and_go_on_numbering(tmp_path, pg_csdl):
    lite = str(tmp_path / "so.sqlite3")
    register = Register.open(lite)
    issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY)
    issue(register, variant(tmp_path, "b", trich_yeu="B"), day=DAY)
    register.cancel(2, 2024, reason="thu hồi")
    result = run("so-dang-ky", "chuyen", "--csdl", lite, "--den", pg_csdl)
    assert result.exit_code == 0, result.output
    assert "Đã chuyển 2 mục" in result.stdout and "VBHC_CSDL" in result.stdout
    shared = Register.open(pg_csdl)
    assert [(e.so, e.trang_thai) for e in shared.entries()] == [(1, "da-phat-hanh"),
                                                                (2, "huy")]
    assert issue(shared, variant(tmp_path, "c", trich_yeu="C"), day=DAY).entry.so == 3
    with pytest.raises(RegisterRefusal, match="same|trùng|nội dung này đã có"):
        issue(shared, variant(tmp_path, "a2", trich_yeu="A"), day=DAY)
    again = run("so-dang-ky", "chuyen", "--csdl", lite, "--den", pg_csdl)
    assert again.exit_code == 1 and "đã có dữ liệu" in again.stderr


# --- PDF ---------------------------------------------------------------------------------------

def test_issue_with_pdf(tmp_path):
    soffice()
    source = variant(tmp_path, "a")
    result = run("phat-hanh", str(source), "--csdl", str(tmp_path / "so.db"), "--pdf",
                 "--ngay", "10/6/2024")
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "a_01-TB-UBND.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert io.BytesIO(pdf.read_bytes()).getbuffer().nbytes > 1000


def test_ctrl_c_while_rendering_gives_the_number_back(csdl, tmp_path, monkeypatch):
    """Stopped after the number was taken (Ctrl-C, SIGTERM): the number returns to the
    series when nobody took a later one; nothing is written."""
    import vbhc.batch

    register = Register.open(csdl)
    real = vbhc.batch.verified_bytes
    calls = []

    def interrupted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # the final render, after the number was taken
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(vbhc.batch, "verified_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY)
    assert register.entries() == [] and list(tmp_path.glob("*.docx")) == []
    monkeypatch.setattr(vbhc.batch, "verified_bytes", real)
    assert issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY).entry.so == 1


def test_the_database_refuses_a_number_twice(csdl, tmp_path):
    register = Register.open(csdl)
    entry = issue(register, variant(tmp_path, "a", trich_yeu="A"), day=DAY).entry
    from vbhc.register.db import van_ban_di

    row = {k: v for k, v in vars(entry).items() if k != "id"}
    row.update(noi_dung_hash="khac", trang_thai="da-phat-hanh")
    with pytest.raises(sa.exc.IntegrityError), register.engine.begin() as conn:
        conn.execute(van_ban_di.insert().values(**row))


@pytest.mark.parametrize("command", [["phat-hanh"], ["so-dang-ky"],
                                     ["so-dang-ky", "danh-sach"], ["so-dang-ky", "huy"],
                                     ["so-dang-ky", "xuat"], ["so-dang-ky", "chuyen"]])
def test_help_of_the_register_commands(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output
    if command != ["so-dang-ky"]:
        assert "--csdl" in result.output and "VBHC_CSDL" in result.output


def test_a_bad_date_is_a_usage_error_naming_the_option(tmp_path):
    result = run("phat-hanh", str(variant(tmp_path, "a")), "--csdl", str(tmp_path / "s.db"),
                 "--ngay", "31/2/2024")
    assert result.exit_code == 2 and "--ngay" in result.output and "31/2/2024" in result.output
    assert not (tmp_path / "s.db").exists()
