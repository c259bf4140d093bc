"""The CLI as a clerk uses it: help, new, render beside the input, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text
from vbhc import cli


@pytest.mark.parametrize("command", [[], ["render"], ["new"], ["schema"], ["bang-chu"]])
def test_help_of_every_command(command):
    result = CliRunner().invoke(cli.main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_new_skeleton_renders_as_it_is(tmp_path):
    result = CliRunner().invoke(cli.main, ["new", "ke-hoach"])
    assert result.exit_code == 0
    assert result.output.startswith("# yaml-language-server: $schema=file://")
    source = tmp_path / "moi.yaml"
    source.write_text(result.output, encoding="utf-8")
    rendered = CliRunner().invoke(cli.main, ["render", str(source)])
    assert rendered.exit_code == 0, rendered.output
    texts = [para_text(p) for p in Docx.open(tmp_path / "moi.docx").paragraphs()]
    assert "KẾ HOẠCH" in texts
    assert any(t.startswith("Số:") and t.endswith("/KH-UBND") for t in texts)


def test_render_default_output_beside_input(tmp_path):
    source = tmp_path / "kh.yaml"
    source.write_text(PLAN_EXAMPLE.read_text("utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(source)])
    assert result.exit_code == 0
    assert (tmp_path / "kh.docx").exists()
    assert f"Đã ghi {tmp_path / 'kh.docx'}" in result.output


def test_render_several_into_a_folder(tmp_path):
    other = tmp_path / "hai.yaml"
    other.write_text(PLAN_EXAMPLE.read_text("utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(PLAN_EXAMPLE), str(other),
                                           "-o", f"{tmp_path}/ra/"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == [
        "hai.docx", "ke-hoach-dan-chu-co-so-lang-son-2024.docx"]


def test_bang_chu():
    result = CliRunner().invoke(cli.main, ["bang-chu", "1.250.000", "--tien"])
    assert result.output.strip() == "Một triệu hai trăm năm mươi nghìn đồng"
    bad = CliRunner().invoke(cli.main, ["bang-chu", "1.2.3,4,5"])
    assert bad.exit_code == 1 and "Lỗi:" in bad.output


def test_console_script_reports_without_traceback(tmp_path):
    bad = tmp_path / "x.yaml"
    bad.write_text("loai: [\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "vbhc", "render", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Lỗi:") and "Traceback" not in proc.stderr


def test_library_calls_without_the_cli(tmp_path):
    plan = vbhc.load(PLAN_EXAMPLE)
    assert plan.che_do_bao_cao.han[0].ngay.isoformat() == "2024-06-15"
    assert plan.nhiem_vu[1].co_quan_thuc_hien == ["UBND các xã, phường, thị trấn"]
    path = vbhc.render(plan, tmp_path / "kh.docx")
    assert path.read_bytes() == vbhc.render_bytes(plan)
