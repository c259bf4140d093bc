"""Thin commands, one report: every command lives in vbhc/commands/, every outcome becomes
output and an exit code in vbhc.commands._report, every reported item is a Problem."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, ROOT
from vbhc import cli
from vbhc.commands._report import (
    EXIT_CODES,
    Failed,
    Stopped,
    exit_with,
    failure,
    problem_lines,
    report_errors,
)
from vbhc.errors import InputError, Problem, ReadError, VbhcError

NOTICE = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
COMMANDS = {"bang-chu", "check", "derive", "import", "ky", "new", "phat-hanh", "render", "sao",
            "schema", "so-dang-ky", "template"}


def warned_notice(folder: Path) -> Path:
    """The notice example with three warnings: NFD text, ``so: 012``, an unpaired ``*``."""
    text = NOTICE.read_text("utf-8").replace("  so: 7", "  so: 012", 1)
    text = text.replace("trich_yeu:", 'trich_yeu: "Lịch *tiếp" #', 1)
    text = text.replace("Thông báo", unicodedata.normalize("NFD", "Thông báo"))
    source = folder / "tb.yaml"
    source.write_text(text, encoding="utf-8")
    shutil.copytree(EXAMPLES / "ho-so", folder / "ho-so")
    return source


# --- where the commands live -------------------------------------------------------------

def test_every_command_lives_in_vbhc_commands():
    ctx = click.Context(cli.main)
    names = set(cli.main.list_commands(ctx))
    assert names == COMMANDS
    for name in names:
        command = cli.main.get_command(ctx, name)
        assert command is not None and command.name == name
        module = (command.callback.__module__ if command.callback else "")
        assert module.startswith("vbhc.commands."), (name, module)


def test_cli_module_keeps_only_the_group_registration_and_run():
    tree = ast.parse((ROOT / "vbhc" / "cli.py").read_text("utf-8"))
    defined = {node.name for node in tree.body
               if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assigned = {target.id for node in tree.body if isinstance(node, ast.AnnAssign | ast.Assign)
                for target in ([node.target] if isinstance(node, ast.AnnAssign)
                               else node.targets) if isinstance(target, ast.Name)}
    assert defined == {"LazyGroup", "main", "run"}
    assert assigned == {"LAZY_COMMANDS"}


def test_console_script_and_python_m_vbhc():
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "vbhc"]
    assert script.value == "vbhc.cli:run" and script.load() is cli.run
    done = subprocess.run([sys.executable, "-m", "vbhc", "bang-chu", "21"],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "hai mươi mốt\n")
    refused = subprocess.run([sys.executable, "-m", "vbhc", "new", "xyz"],
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr.startswith("Lỗi: loại văn bản 'xyz' chưa được hỗ trợ; ")


# --- the one place: lines and exit codes ----------------------------------------------------

def test_readme_documents_every_exit_code():
    readme = (ROOT / "README.md").read_text("utf-8")
    paragraph = readme[readme.index("Mã thoát: 0 thành công"):]
    paragraph = paragraph[:paragraph.index("\n\n")]
    for code in EXIT_CODES:
        assert re.search(rf"\b{code}\b", paragraph), code


def test_problem_lines_warnings_whole_errors_one_line_each():
    problems = [Problem("so", "cảnh báo một", "a.yaml", 3, severity="cảnh báo"),
                Problem("loai", "hai\nba", "a.yaml", 1), "bốn", Problem("", "")]
    assert problem_lines(problems) == [
        "Cảnh báo: a.yaml:3: so: cảnh báo một",
        "Lỗi: a.yaml:1: loai: hai", "Lỗi: ba", "Lỗi: bốn"]


def test_problem_lines_of_an_input_error_are_its_text_line_by_line():
    """Errors in a row are one message: exactly the lines of InputError's text."""
    exc = InputError([Problem("a", "x", "f.yaml", 2), Problem("", "y\n"), Problem("b", "z")])
    assert problem_lines(exc.as_problems()) == [f"Lỗi: {line}"
                                                for line in str(exc).splitlines()]


@pytest.mark.parametrize("exc,code,first", [
    (VbhcError("một\nhai"), 1, "Lỗi: một"),
    (ReadError("x.docx: không đọc được"), 2, "Lỗi: x.docx: không đọc được"),
    (InputError([Problem("loai", "sai", "a.yaml", 1)]), 1, "Lỗi: a.yaml:1: loai: sai"),
    (MemoryError(), 1, "Lỗi: không đủ bộ nhớ để xử lý tệp vào này"),
    (KeyboardInterrupt(), 130, "Đã dừng theo yêu cầu; không có tệp nào bị ghi dở."),
    (Stopped(15), 143, "Đã dừng vì nhận tín hiệu kết thúc"),
    (Stopped(1), 129, "Đã dừng vì nhận tín hiệu kết thúc"),
    (FileNotFoundError(2, "No such file or directory", "ra/x.docx"), 1, "Lỗi: ra/x.docx: "),
    (ZeroDivisionError("chia cho 0"), 3, "Lỗi nội bộ của vbhc (ZeroDivisionError: chia cho 0)"),
])
def test_failure_turns_each_outcome_into_lines_and_a_code(monkeypatch, exc, code, first):
    monkeypatch.delenv("VBHC_DEBUG", raising=False)
    failed = failure(exc)
    assert isinstance(failed, click.ClickException)
    assert failed.exit_code == code and failed.lines[0].startswith(first)


def test_a_bug_is_reraised_with_vbhc_debug(monkeypatch):
    monkeypatch.setenv("VBHC_DEBUG", "1")
    assert failure(ZeroDivisionError()) is None
    assert failure(VbhcError("vẫn báo")) is not None


def _command(raise_what):
    @click.command()
    @report_errors
    def command() -> None:
        raise_what()

    return command


def test_click_shows_a_failure_as_the_clerk_sees_it():
    def broken() -> None:
        raise ReadError("a.docx: hỏng\nthử lại")

    result = CliRunner().invoke(_command(broken), [])
    assert result.exit_code == 2
    assert result.stderr == "Lỗi: a.docx: hỏng\nLỗi: thử lại\n" and result.stdout == ""
    assert isinstance(Failed(["x"], 4), click.ClickException)


@pytest.mark.parametrize("raised,code,text", [
    (click.UsageError("thiếu tham số"), 2, "thiếu tham số"),
    (click.exceptions.Exit(5), 5, ""),
    (SystemExit(6), 6, ""),
])
def test_click_exits_and_usage_errors_pass_through(raised, code, text):
    def go() -> None:
        raise raised

    result = CliRunner().invoke(_command(go), [])
    assert result.exit_code == code and text in result.output
    assert "Lỗi nội bộ" not in result.output


def test_exit_with_ends_with_the_worst_status():
    def go() -> None:
        exit_with(4)

    assert CliRunner().invoke(_command(go), []).exit_code == 4


# --- one report type ------------------------------------------------------------------------

def test_loader_warnings_are_problems_with_the_old_text(tmp_path):
    source = warned_notice(tmp_path)
    warnings: list[Problem] = []
    vbhc.load(source, warnings)
    assert warnings and all(isinstance(w, Problem) and w.severity == "cảnh báo"
                            and not w.is_error and w.file == str(source) for w in warnings)
    texts = [str(w) for w in warnings]
    assert f"{source}:6: so_ky_hieu.so: '012' được đọc là số 12 (hệ thập phân), không phải " \
           f"10 (số bát phân như YAML 1.1); nếu là mã, đặt trong ngoặc kép" in texts
    assert any(t.startswith(f"{source}:11: trich_yeu: dấu * không có cặp") for t in texts)
    assert any("(NFD); đã chuẩn hóa sang dạng dựng sẵn (NFC)" in t for t in texts)
    numeric = next(w for w in warnings if w.path == "so_ky_hieu.so")
    assert (numeric.line, numeric.rule, numeric.paragraph) == (6, "", None)


def test_validate_passes_warnings_as_problems():
    import yaml

    skeleton = CliRunner().invoke(cli.main, ["new", "thong-bao"]).stdout
    data = yaml.safe_load(skeleton)
    data["trich_yeu"] = unicodedata.normalize("NFD", "Lịch tiếp công dân")
    warnings: list[Problem] = []
    vbhc.validate(data, warnings=warnings)
    assert [str(w) for w in warnings] == [
        "<dữ liệu>: trich_yeu: văn bản ở dạng Unicode tổ hợp (NFD); đã chuẩn hóa sang dạng "
        "dựng sẵn (NFC)"]


def test_render_prints_each_warning_once_with_its_prefix(tmp_path):
    source = warned_notice(tmp_path)
    warnings: list[Problem] = []
    vbhc.load(source, warnings)
    result = CliRunner().invoke(cli.main, ["render", str(source)])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [f"Cảnh báo: {w}" for w in warnings]


def test_render_outcomes_keep_the_structured_problems(tmp_path):
    from vbhc.batch import render_one

    source = tmp_path / "sai.yaml"
    source.write_text("loai: thong-bao\nso_ky_hieu: 5\n", encoding="utf-8")
    outcome = render_one(source, tmp_path / "sai.docx", force=False)
    assert not outcome.ok and outcome.exit_code == 1
    assert all(isinstance(p, Problem) and p.is_error and p.file == str(source)
               for p in outcome.errors)
    assert any(p.path == "so_ky_hieu" and p.line == 2 for p in outcome.errors)


def test_error_lines_keep_their_prefix_when_a_file_name_has_a_newline(tmp_path):
    """The one output change of the single report: an error whose text spans lines (a file
    name with a newline in it) gets ``Lỗi:`` on every line, as multi-line errors always
    did; the batch's own messages (two inputs, one output; output = input) printed the
    continuation without it."""
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x\ny.yaml").write_text("loai: thong-bao\n", encoding="utf-8")
    result = CliRunner().invoke(cli.main, [
        "render", str(tmp_path / "a" / "x\ny.yaml"), str(tmp_path / "b" / "x\ny.yaml"),
        "-o", f"{tmp_path}/ra/"])
    assert result.exit_code == 1
    errors = result.stderr.split("Đang dựng", 1)[-1].split("Đã dựng")[0].strip().splitlines()
    assert len(errors) == 6 and all(line.startswith("Lỗi: ") for line in errors)
    assert errors[:3] == [f"Lỗi: {tmp_path}/a/x",
                          f"Lỗi: y.yaml: nhiều tệp vào cùng ghi ra {tmp_path}/ra/x",
                          "Lỗi: y.docx; đổi tên một tệp"]


def test_template_check_reports_problems(tmp_path):
    from tests.test_custom_template import NUMBER_TAG, custom
    from vbhc.renderer.template_check import check_template

    template = custom(tmp_path, NUMBER_TAG, "Số: {{ so_hieu }}")
    problems = check_template(template, "ke-hoach")
    assert problems and all(isinstance(p, Problem) and p.file == str(template)
                            for p in problems)
    assert sum(p.is_error for p in problems) == 2  # the unknown name, the missing number
    result = CliRunner().invoke(cli.main, ["template", "check", str(template)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        *(f"{template}: {p.severity}: {p.message}" for p in problems),
        f"{template}: 2 lỗi, 0 cảnh báo."]


def test_import_warnings_print_as_problems(tmp_path):
    from tests.conftest import SEED

    if not SEED.exists():
        pytest.skip("không có tệp gốc ../shared/seeds")
    result = CliRunner().invoke(cli.main, ["import", str(SEED), "-o", str(tmp_path / "k.yaml")])
    assert result.exit_code == 0, result.output
    imported = vbhc.import_document(SEED)
    assert [line for line in result.stderr.splitlines() if line.startswith("Cảnh báo")] == [
        f"Cảnh báo: {w}" for w in imported.warnings]
