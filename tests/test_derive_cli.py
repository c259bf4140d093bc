"""`vbhc derive` through the CLI: one unit, --all with progress and failures, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text
from vbhc import cli


@pytest.fixture
def run(monkeypatch):
    """Run `vbhc ...` with the derive command registered (as vbhc.cli will list it)."""
    monkeypatch.setitem(cli.LAZY_COMMANDS, "derive", "vbhc.commands.derive:derive")

    def invoke(*args: str):
        return CliRunner().invoke(cli.main, ["derive", *map(str, args)])

    return invoke


def test_one_unit_yaml_docx_and_diff(run, tmp_path):
    out = tmp_path / "cao-loc.yaml"
    result = run(PLAN_EXAMPLE, "--to", "cao loc", "-o", out, "--docx", "--diff")
    assert result.exit_code == 0, result.output
    assert "[so-noi-vu] (thay) to_chuc_thuc_hien[0].co_quan: “Sở Nội vụ” → “Phòng Nội vụ”" \
        in result.stdout
    assert "[vai-tro] (thay) to_chuc_thuc_hien[2].nhiem_vu[2]" in result.stdout
    assert "(cảnh báo) nhiem_vu[0].noi_dung[3]" in result.stdout
    assert "Cảnh báo: nhiem_vu[0].noi_dung[0]" in result.stderr
    assert f"Đã ghi {out}" in result.stdout
    plan = vbhc.load(out)
    assert plan.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"
    text = " ".join(para_text(p) for p in Docx.open(out.with_suffix(".docx")).paragraphs())
    assert "HUYỆN CAO LỘC" in text


def test_existing_output_needs_force(run, tmp_path):
    out = tmp_path / "x.yaml"
    out.write_text("cũ", "utf-8")
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "-o", out)
    assert result.exit_code == 1 and "--force" in result.stderr
    assert out.read_text("utf-8") == "cũ"
    assert run(PLAN_EXAMPLE, "--to", "Cao Lộc", "-o", out, "--force").exit_code == 0


def test_unknown_unit_suggests_names_without_traceback(run, tmp_path):
    result = run(PLAN_EXAMPLE, "--to", "huyện Cao Lam", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 1
    assert "Lỗi: không tìm thấy đơn vị hành chính 'huyện Cao Lam'" in result.stderr
    assert "có phải: huyện Cao Lộc?" in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


def test_needs_exactly_one_target(run):
    assert "--to ĐƠN_VỊ hoặc --all" in run(PLAN_EXAMPLE).stderr
    assert run(PLAN_EXAMPLE, "--to", "Cao Lộc", "--all").exit_code == 1


def _body(plan) -> list[str]:
    """Return the plan's own scope lines: title and every body field except the lead."""
    lines = [plan.trich_yeu, *plan.ket_luan]
    for task in plan.nhiem_vu:
        lines += [task.ten, *task.co_quan_thuc_hien, *(p for item in task.noi_dung for p in item)]
    for body in plan.to_chuc_thuc_hien:
        lines += [body.co_quan, *body.nhiem_vu]
    return lines


def test_all_districts(run, tmp_path):
    result = run(PLAN_EXAMPLE, "--all", "-o", f"{tmp_path}/")
    assert result.exit_code == 0, result.output
    assert "Đã ghi 11/11 kế hoạch" in result.stdout
    assert "Dẫn xuất" in result.stderr  # the progress bar goes to stderr
    files = sorted(tmp_path.glob("*.yaml"))
    assert len(files) == 11
    assert tmp_path / "ke-hoach-dan-chu-co-so-thanh-pho-lang-son-2024.yaml" in files
    for path in files:
        plan = vbhc.load(path)
        unit = plan.co_quan.ten.removeprefix("ỦY BAN NHÂN DÂN ")
        name = unit.split(" ", 1)[0].lower() if unit.startswith("HUYỆN") else "thành phố"
        assert plan.trich_yeu == ("Thực hiện dân chủ ở cơ sở trên địa bàn "
                                  f"{name} {plan.co_quan.dia_danh} năm 2024")
        assert unit.endswith(plan.co_quan.dia_danh.upper())
        body = " ".join(" ".join(_body(plan)).split())
        assert "trên địa bàn tỉnh" not in body, path.name
        bodies = [b for t in plan.nhiem_vu for b in t.co_quan_thuc_hien]
        bodies += [b.co_quan for b in plan.to_chuc_thuc_hien]
        bodies += plan.che_do_bao_cao.don_vi + [plan.che_do_bao_cao.noi_nhan]
        assert not [b for b in bodies if "Sở Nội vụ" in b or "sở, ban, ngành" in b.lower()]
        assert "UBND tỉnh" not in " ".join(bodies)


def test_city_plan(tmp_path, run):
    out = tmp_path / "tp.yaml"
    assert run(PLAN_EXAMPLE, "--to", "thành phố Lạng Sơn", "-o", out).exit_code == 0
    plan = vbhc.load(out)
    assert plan.co_quan.ten == "ỦY BAN NHÂN DÂN THÀNH PHỐ LẠNG SƠN"
    assert plan.co_quan.dia_danh == "Lạng Sơn"
    assert plan.nhiem_vu[0].co_quan_thuc_hien[-1] == "UBND các xã, phường"
    assert "TT Thành ủy, TT HĐND thành phố" in plan.noi_nhan.danh_sach


def test_one_failing_unit_does_not_stop_the_others(run, tmp_path):
    rules = tmp_path / "quy-tac.yaml"
    rules.write_text("huyen:\n  bien_theo_loai:\n    thành phố: {cap_uy: '{khong_co}'}\n", "utf-8")
    out = tmp_path / "ra"
    result = run(PLAN_EXAMPLE, "--all", "-o", out, "--rules", rules)
    assert result.exit_code == 1
    assert "Đã ghi 10/11 kế hoạch" in result.stdout
    assert "- thành phố Lạng Sơn: " in result.stderr and "{khong_co}" in result.stderr
    assert len(list(out.glob("*.yaml"))) == 10


def test_rules_file_override(run, tmp_path):
    rules = tmp_path / "quy-tac.yaml"
    rules.write_text("huyen:\n  bien: {noi_vu: Phòng Nội vụ - Lao động}\n"
                     "  bao_cao: {so_ngay_truoc: 3}\n", "utf-8")
    out = tmp_path / "x.yaml"
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "-o", out, "--rules", rules)
    assert result.exit_code == 0, result.output
    plan = vbhc.load(out)
    assert plan.to_chuc_thuc_hien[0].co_quan == "Phòng Nội vụ - Lao động"
    assert str(plan.che_do_bao_cao.han[0].ngay) == "2024-06-12"


def test_bad_rules_file(run, tmp_path):
    rules = tmp_path / "quy-tac.yaml"
    rules.write_text("cap_huyen: {}\n", "utf-8")
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "-o", tmp_path / "x.yaml", "--rules", rules)
    assert result.exit_code == 1 and "huyen:, xa:" in result.stderr
    assert "Traceback" not in result.output


def test_as_of_switches_to_communes(run, tmp_path):
    result = run(PLAN_EXAMPLE, "--to", "phường Lương Văn Tri", "--as-of", "2025-07-01",
                 "-o", tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    plan = vbhc.load(tmp_path / "p.yaml")
    assert plan.co_quan.dia_danh == "Phường Lương Văn Tri"
    assert yaml.safe_load(Path(tmp_path / "p.yaml").read_text("utf-8"))["co_quan"]["cap"] == "xa"


def test_a_plan_without_recipients_or_signer_derives(run, tmp_path):
    """Issue 14: derive replaces both, so an imported plan lacking them is accepted, with a
    warning naming each field."""
    text = PLAN_EXAMPLE.read_text("utf-8")
    cut = text[:text.index("\nnguoi_ky:")] + "\n" + text[text.index("\n# Chú thích cuối"):]
    plan = tmp_path / "ke-hoach-lang-son.yaml"
    plan.write_text(cut, "utf-8")
    result = run(plan, "--to", "Cao Lộc", "--diff", "--docx", "-o", tmp_path / "cl.yaml")
    assert result.exit_code == 0, result.output
    assert "nguoi_ky: kế hoạch không có trường này" in result.stderr
    assert "noi_nhan: kế hoạch không có trường này" in result.stderr
    assert "[noi-nhan] (thay) noi_nhan.danh_sach: ∅ → “UBND tỉnh (b/c)" in result.stdout
    derived = vbhc.load(tmp_path / "cl.yaml")
    assert derived.nguoi_ky.chuc_vu == "PHÓ CHỦ TỊCH" and derived.noi_nhan.danh_sach


def test_ngay_option(run, tmp_path):
    out = tmp_path / "cl.yaml"
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "--ngay", "20/5/2024", "-o", out)
    assert result.exit_code == 0, result.output
    date = vbhc.load(out).ngay_ban_hanh
    assert (date.ngay, date.thang, date.nam) == (20, 5, 2024)
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "--ngay", "2024-01-02", "-o", out, "--force")
    assert result.exit_code == 1 and "trước ngày của kế hoạch nguồn" in result.stderr
    assert "Traceback" not in result.output


def test_target_profile(run, tmp_path):
    """Issue 14: signer, standing recipients, archive and drafting unit from the target's
    organisation profile; the lines for the level above and the assigned bodies stay."""
    out = tmp_path / "cl.yaml"
    profile = PLAN_EXAMPLE.parent / "ho-so" / "ubnd-huyen-cao-loc.yaml"
    result = run(PLAN_EXAMPLE, "--to", "Cao Lộc", "--ho-so", profile, "-o", out)
    assert result.exit_code == 0, result.output
    plan = vbhc.load(out)
    assert plan.noi_nhan.danh_sach == [
        "UBND tỉnh (b/c)", "Sở Nội vụ (b/c)", "Thường trực Huyện ủy", "Ban Dân vận Huyện ủy",
        "Thường trực HĐND huyện", "Chủ tịch, các PCT UBND huyện",
        "Ủy ban MTTQ Việt Nam và các tổ chức CTXH huyện", "Các cơ quan, đơn vị thuộc UBND huyện",
        "UBND các xã, thị trấn"]
    assert (plan.don_vi_soan_thao, plan.noi_nhan.luu) == ("NV", "VT, NV")
    assert (plan.nguoi_ky.quyen_han, plan.nguoi_ky.chuc_vu) == ("KT.", "PHÓ CHỦ TỊCH")
    every = run(PLAN_EXAMPLE, "--all", "--ho-so", profile.parent, "-o", tmp_path / "all")
    assert every.exit_code == 0, every.output
    assert vbhc.load(tmp_path / "all" / "ke-hoach-dan-chu-co-so-cao-loc-2024.yaml"
                     ).don_vi_soan_thao == "NV"
    assert vbhc.load(tmp_path / "all" / "ke-hoach-dan-chu-co-so-loc-binh-2024.yaml"
                     ).don_vi_soan_thao is None
