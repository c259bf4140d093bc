"""Hostile derive rules files (issues 12 and 22): FIFOs, wrong shapes, tags and patterns
that backtrack catastrophically end in a Vietnamese message, exit 1 or 2, no output."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE
from vbhc import cli
from vbhc.derivation.rules import load_rules, rule_pattern
from vbhc.errors import InputError

SLOW = r"((\w|\w\w|\s)+)+\d\d\d\d\d"  # exponential on a sentence without 5 digits in a row


def derive(tmp_path: Path, rules: Path, code: int = 1) -> str:
    out = tmp_path / "ra.yaml"
    result = CliRunner().invoke(cli.main, ["derive", str(PLAN_EXAMPLE), "--to", "huyện Cao Lộc",
                                           "--rules", str(rules), "-o", str(out)])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output
    assert out.exists() == (code == 0)
    return result.output


def rules_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quy-tac.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="cần FIFO")
def test_fifo_rules_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "quy-tac.yaml"
    os.mkfifo(fifo)
    output = derive(tmp_path, fifo, code=2)
    assert "không phải tệp thường" in output


@pytest.mark.parametrize("text, needle", [
    ("huyen:\n  cum_tu:\n    - id: [a, b]\n      tu: [x]\n      thanh: y\n",
     "huyen.cum_tu[0].id: id của quy tắc phải là một chuỗi"),
    ("huyen:\n  bo:\n    - id: {a: 1}\n      trong: [muc_dich]\n      ly_do: x\n",
     "huyen.bo[0].id: id của quy tắc phải là một chuỗi"),
    ("huyen: [1, 2]\n", "huyen: mục theo cấp phải là một nhóm trường"),
    ("5\n", "tệp quy tắc phải gồm các mục theo cấp"),
    ("huyen: !!set {a}\n", "thẻ YAML '!!set' không được dùng"),
    ("huyen:\n  trich_dan: ['(unclosed']\n", "không hợp lệ"),
    ("huyen:\n  bien:\n    x: '{tinh:>999999999}'\n", "không kèm định dạng"),
    ("huyen:\n  bien:\n    x: '{'\n", "không khớp"),
    ("huyen:\n  cum_tu:\n    - id: 5\n      tu: [x]\n      thanh: y\n", "phải là chuỗi văn bản"),
    ("huyen:\n  bao_cao: {so_ngay_truoc: true}\n", "so_ngay_truoc"),
])
def test_wrong_shapes_are_messages(tmp_path, text, needle):
    assert needle in derive(tmp_path, rules_file(tmp_path, text))


def test_alias_bomb_in_rules_file(tmp_path):
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 9)]
    output = derive(tmp_path, rules_file(tmp_path, "\n".join(lines) + "\n"))
    assert "lặp lại quá nhiều" in output


@pytest.mark.parametrize("section", [
    f"  canh_bao:\n    dau_hieu: ['{SLOW}']\n",
    f"  trich_dan: ['{SLOW}']\n",
    f"  bo:\n    - id: x\n      trong: [muc_dich]\n      khop: ['{SLOW}']\n      ly_do: x\n",
])
def test_catastrophic_pattern_stops_with_a_message(tmp_path, section, monkeypatch):
    from vbhc.derivation import rules

    monkeypatch.setattr(rules, "REGEX_TIMEOUT", 0.2)
    monkeypatch.setattr(rules, "REGEX_BUDGET", 1.0)
    start = time.perf_counter()
    output = derive(tmp_path, rules_file(tmp_path, "huyen:\n" + section))
    assert "chạy quá lâu" in output
    assert time.perf_counter() - start < 4 * rules.REGEX_BUDGET + 2


def test_patterns_keep_python_semantics():
    """Unicode \\w and \\b, lookahead: the packaged rules rely on them (why not RE2)."""
    pattern = rule_pattern(r"\bSở [A-ZĐ]\w*(?: (?:và )?[a-zđ]\w*)*")
    spans = [m.group() for m in pattern.finditer("Giao Sở Nội vụ và Sở Tài chính")]
    assert spans == ["Sở Nội vụ và", "Sở Tài chính"]
    assert rule_pattern(r"số\s[^;]*?(?=;|$)").search("Kế hoạch số 12/KH-UBND; x")
    for level in ("huyen", "xa"):
        load_rules(level)


def test_library_rules_dict_with_bad_id():
    with pytest.raises(InputError, match="id của quy tắc"):
        load_rules("huyen", {"huyen": {"cum_tu": [{"id": {"x": 1}, "tu": ["a"], "thanh": "b"}]}})


def test_budget_covers_the_whole_derivation():
    from vbhc.derivation.rules import regex_budget

    pattern = rule_pattern(SLOW)
    with regex_budget(0.0), pytest.raises(InputError, match="chạy quá lâu"):
        pattern.search("Tuyên truyền phổ biến sâu rộng chủ trương của Đảng " * 4)


def test_library_rules_dict_nested_or_cyclic():
    deep: dict = {}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    loop: dict = {}
    loop["huyen"] = loop
    for rules in ({"huyen": deep}, loop):
        with pytest.raises(InputError, match="lồng nhau quá sâu"):
            load_rules("huyen", rules)


def test_runaway_pattern_is_refused_at_once_the_second_time(monkeypatch):
    from vbhc.derivation import rules

    monkeypatch.setattr(rules, "REGEX_TIMEOUT", 0.05)
    pattern = rules.RulePattern(SLOW)
    text = "Tuyên truyền phổ biến sâu rộng chủ trương của Đảng " * 4
    with pytest.raises(InputError):
        pattern.search(text)
    start = time.perf_counter()
    with pytest.raises(InputError, match="chạy quá lâu"):
        pattern.search(text)
    assert time.perf_counter() - start < 0.05
