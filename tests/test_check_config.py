"""An agency's settings for vbhc check (issue 15, yamllint's model): rule severities
changed or rules off in a YAML file named with --cau-hinh; unknown names refused in
Vietnamese; --json lists every finding while the text output folds repeats."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.test_check_rules import mutated, set_ppr
from vbhc.checker import check, parse_config
from vbhc.commands.check import check as check_command
from vbhc.errors import InputError


def run(*args: str):
    return CliRunner().invoke(check_command, list(args))


@pytest.fixture(scope="module")
def tight(plan_docx_path, tmp_path_factory):
    """The rendered plan with no space between body paragraphs: many than-khoang-cach
    errors (one per body paragraph)."""
    out = tmp_path_factory.mktemp("cfg") / "sat.docx"
    return mutated(plan_docx_path, out, lambda x: (
        set_ppr(x, "VBThan", "spacing", before="0", after="0")))


def test_severity_override_and_off(tight, tmp_path):
    base = check(tight)
    assert {f.rule for f in base} == {"than-khoang-cach"}
    assert all(f.severity == "lỗi" for f in base)
    warn = check(tight, parse_config("quy_tac:\n  than-khoang-cach: canh-bao\n"))
    assert [f.severity for f in warn] == ["cảnh báo"] * len(base)
    assert check(tight, parse_config("quy_tac: {than-khoang-cach: tắt}")) == []


def test_cli_config_turns_errors_into_warnings(tight, tmp_path):
    cfg = tmp_path / ".vbhc-check.yaml"
    cfg.write_text("# cơ quan A\nquy_tac:\n  than-khoang-cach: canh-bao\n", "utf-8")
    assert run(str(tight)).exit_code == 1
    result = run(str(tight), "--cau-hinh", str(cfg))
    assert result.exit_code == 0, result.output
    assert "cảnh báo [than-khoang-cach]" in result.output


@pytest.mark.parametrize(("text", "phrase"), [
    ("quy_tac: {le-trangg: tat}", "không có quy tắc «le-trangg»; có phải le-trang"),
    ("quy_tac: {le-trang: nghiem-trong}", "giá trị «nghiem-trong» không hợp lệ"),
    ("rules: {le-trang: tat}", "chỉ có một khóa «quy_tac»"),
    ("quy_tac: [le-trang]", "phải là một bảng"),
    ("quy_tac: {le-trang: !!python/object:os.system x}", "không được dùng"),
    ("quy_tac: {le-trang: [tat}", "lỗi cú pháp YAML"),
    # a key given twice is refused naming the second line, never "the last one wins"
    ("quy_tac:\n  can-cu: canh-bao\n  can-cu: loi\n",
     "cau-hinh.yaml:3: quy_tac.can-cu: trường này được khai báo hai lần"),
    # YAML 1.1 booleans stay the text written: «no», not «False»; the message says tat
    ("quy_tac:\n  can-cu: no\n", "cau-hinh.yaml:2: quy_tac.can-cu: giá trị «no» không hợp lệ;"
     " phải là loi, canh-bao hoặc tat; muốn tắt quy tắc thì viết tat"),
    ("quy_tac:\n  can-cu: off\n", "giá trị «off» không hợp lệ"),
    ("quy_tac:\n  can-cu: false\n", "giá trị «false» không hợp lệ"),
    ("quy_tac:\n  can-cu: 1\n", "giá trị «1» không hợp lệ"),
    ("quy_tac:\n  can-cu:\n", "giá trị «(trống)» không hợp lệ"),
])
def test_bad_config_is_refused_in_vietnamese(text, phrase):
    with pytest.raises(InputError) as err:
        parse_config(text, "cau-hinh.yaml")
    assert phrase in str(err.value)


def test_cli_bad_config_exits_1_naming_the_rule(plan_docx_path, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("quy_tac:\n  so-trangg: tat\n", "utf-8")
    result = run(str(plan_docx_path), "--cau-hinh", str(cfg))
    assert result.exit_code == 1
    assert "so-trangg" in result.output and "Traceback" not in result.output


def test_cli_missing_config_exits_2(plan_docx_path, tmp_path):
    result = run(str(plan_docx_path), "--cau-hinh", str(tmp_path / "khong-co.yaml"))
    assert result.exit_code == 2
    assert "khong-co.yaml" in result.output


def test_json_lists_every_finding_text_folds(tight):
    findings = check(tight)
    assert len(findings) > 3
    data = json.loads(run(str(tight), "--json").stdout)
    assert len(data[0]["phat_hien"]) == len(findings) == data[0]["loi"]
    text = run(str(tight)).output
    assert "chỗ khác cùng quy tắc [than-khoang-cach]" in text


@pytest.mark.parametrize("text", ["", "# chưa đặt gì\n", "quy_tac:\n", "quy_tac: {}\n"])
def test_config_that_changes_nothing_is_a_warning(text):
    config = parse_config(text, "cau-hinh.yaml")
    assert config.rules == {}
    [note] = config.notes
    assert note.severity == "cảnh báo" and "không thay đổi gì" in str(note)
    assert str(note).startswith("cau-hinh.yaml")


def test_cli_empty_config_warns_on_stderr(plan_docx_path, tmp_path):
    cfg = tmp_path / "trong.yaml"
    cfg.write_text("", "utf-8")
    result = CliRunner().invoke(check_command, [str(plan_docx_path), "--cau-hinh", str(cfg)])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo:" in result.stderr and "không thay đổi gì" in result.stderr
    assert "trong.yaml" in result.stderr


def test_cli_duplicate_key_exits_1_naming_the_line(plan_docx_path, tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("quy_tac:\n  can-cu: canh-bao\n  can-cu: loi\n", "utf-8")
    result = run(str(plan_docx_path), "--cau-hinh", str(cfg))
    assert result.exit_code == 1
    assert "c.yaml:3" in result.output and "hai lần" in result.output
