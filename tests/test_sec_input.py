"""Hostile YAML input (issues 12 and 22): no type guessing, no tags, no alias bombs, bounded
nesting and figures. Each case: exit 1 or 2, a Vietnamese message naming the line or field,
no output file, no traceback, in bounded time."""

from __future__ import annotations

import gc
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES
from vbhc import cli
from vbhc.errors import InputError
from vbhc.loader import parse_yaml
from vbhc.yaml_in import LOADER, MAX_ALIAS_NODES

NOTICE = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
REPORT = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
LAST_ROW = "[Xã Tân Liên, 3, 6, 88, 84]"


def run(args: list[str]):
    return CliRunner().invoke(cli.main, [str(a) for a in args])


def write(tmp_path: Path, text: str, name: str = "vb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def notice(**replace: str) -> str:
    text = NOTICE.read_text("utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def render(tmp_path: Path, text: str, *extra: str, code: int = 1):
    """Render ``text`` (profiles from the examples); return the CLI result."""
    source = write(tmp_path, text)
    out = tmp_path / "ra.docx"
    result = run(["render", source, "-o", out, "--ho-so-goc", EXAMPLES, *extra])
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "Lỗi nội bộ" not in result.output
    assert out.exists() == (code == 0), "không được ghi tệp khi đầu vào sai"
    return result


def refused(tmp_path: Path, text: str, *needles: str) -> str:
    output = render(tmp_path, text).output
    for needle in needles:
        assert needle in output, output
    return output


# --- YAML 1.2-like typing: nothing in a signed document changes meaning


@pytest.mark.parametrize("text, value", [
    ("012", "012"), ("0105", "0105"), ("7:30", "7:30"), ("14:00", "14:00"), ("yes", "yes"),
    ("no", "no"), ("on", "on"), ("off", "off"), ("0x1F", "0x1F"), ("0o17", "0o17"),
    ("1_000", "1_000"), ("2024-05-01", "2024-05-01"), (".inf", ".inf"), ("=", "="),
    ("123", 123), ("-5", -5), ("0", 0), ("1.5", 1.5), ("true", True), ("False", False),
    ("null", None), ("~", None), ("'012'", "012"),
])
def test_plain_scalars_are_not_guessed(text, value):
    data, _ = parse_yaml(f"x: {text}\n", "t.yaml")
    assert data["x"] == value and type(data["x"]) is type(value)


def test_table_cells_keep_codes_and_times_as_written(tmp_path):
    from tests.docx_helpers import Docx, para_text

    text = REPORT.read_text("utf-8").replace(LAST_ROW, "[Xã Tân Liên, 0105, 7:30, 14:00, 84]")
    render(tmp_path, text, code=0)
    shown = [para_text(p) for p in Docx.open(tmp_path / "ra.docx").paragraphs()]
    for cell in ("0105", "7:30", "14:00"):
        assert cell in shown, f"ô {cell} phải in nguyên văn"
    assert not {"69", "450", "840"} & set(shown)


def test_zero_padded_number_is_decimal_with_a_warning(tmp_path):
    result = render(tmp_path, notice(**{"  so: 7": "  so: 012"}), code=0)
    assert "so_ky_hieu.so: '012' được đọc là số 12" in result.output
    assert "vb.yaml:6:" in result.output
    doc = vbhc.load(tmp_path / "vb.yaml", profile_dirs=[EXAMPLES])
    assert doc.so_ky_hieu.so == 12


def test_padded_number_that_octal_reads_the_same_gives_no_warning(tmp_path):
    result = render(tmp_path, notice(**{"  so: 7": "  so: 05"}), code=0)
    assert "Cảnh báo: " not in result.output or "so_ky_hieu.so" not in result.output


@pytest.mark.parametrize("value, needle", [
    ("true", "so_ky_hieu.so: phải là số, không phải true/false"),
    ("9" * 100, "so_ky_hieu.so: phải nhỏ hơn hoặc bằng 999999"),
    ('"' + "9" * 100 + '"', "so_ky_hieu.so: phải nhỏ hơn hoặc bằng 999999"),
    ("9" * 5000, "số quá dài (5000 chữ số)"),
    ("7:30", "so_ky_hieu.so: phải là số nguyên"),
])
def test_document_number_refusals(tmp_path, value, needle):
    refused(tmp_path, notice(**{"  so: 7": f"  so: {value}"}), "vb.yaml:6:", needle)


@pytest.mark.parametrize("field, value", [("ngay", "true"), ("thang", "yes"), ("nam", "false")])
def test_booleans_refused_for_date_numbers(tmp_path, field, value):
    text = NOTICE.read_text("utf-8")
    old = {"ngay": "  ngay: 28", "thang": "  thang: 6", "nam": "  nam: 2024"}[field]
    refused(tmp_path, text.replace(old, f"  {field}: {value}"), f"ngay_ban_hanh.{field}")


# --- tags


@pytest.mark.parametrize("value, tag", [
    ("!!set {a, b}", "!!set"),
    ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
    ("!!python/name:os.system", "!!python/name:os.system"),
    ("!!binary aGVsbG8=", "!!binary"),
    ("!!timestamp 2024-01-01", "!!timestamp"),
    ("!!omap [a: 1]", "!!omap"),
    ("!foo 7", "!foo"),
])
def test_tags_other_than_plain_ones_are_refused(tmp_path, value, tag):
    refused(tmp_path, notice(**{"  so: 7": f"  so: {value}"}), "vb.yaml:6:",
            f"thẻ YAML '{tag}' không được dùng")


@pytest.mark.parametrize("value, needle", [
    ("!!int abc", "gắn thẻ !!int nhưng không phải số nguyên"),
    ("!!int {a: 1}", "không hợp với giá trị"),
    ("!!float x", "gắn thẻ !!float nhưng không phải số"),
    ("!!bool maybe", "gắn thẻ !!bool"),
    ("!!null x", "gắn thẻ !!null"),
])
def test_plain_tag_on_a_value_that_does_not_fit(tmp_path, value, needle):
    refused(tmp_path, notice(**{"  so: 7": f"  so: {value}"}), "vb.yaml:6:", needle)


def test_plain_tags_that_fit_are_accepted(tmp_path):
    render(tmp_path, notice(**{"  so: 7": "  so: !!int 012"}), code=0)
    data, _ = parse_yaml("a: !!str 012\nb: !!float 1\nc: !!bool true\n", "t")
    assert data == {"a": "012", "b": 1.0, "c": True}


def test_set_tag_never_reaches_the_output_order():
    with pytest.raises(InputError, match="!!set"):
        parse_yaml("x: !!set {b, a, c}\n", "t.yaml")


# --- aliases and nesting


def lol_bomb(levels: int = 9) -> str:
    lines = ['l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\nloai: thong-bao\n"


def test_billion_laughs_is_refused_quickly(tmp_path):
    start = time.perf_counter()
    output = refused(tmp_path, lol_bomb(), "bí danh YAML (*) lặp lại quá nhiều")
    assert time.perf_counter() - start < 5
    assert "vb.yaml:1:" in output


def test_small_alias_use_still_works():
    data, _ = parse_yaml("a: &x [1, 2]\nb: *x\nc: {<<: {d: 1}, e: 2}\n", "t")
    assert data == {"a": [1, 2], "b": [1, 2], "c": {"d": 1, "e": 2}}


def test_alias_budget_counts_expanded_nodes():
    text = lol_bomb(6)  # 9**6 = 531,441 expanded scalars: beyond the budget
    with pytest.raises(InputError, match="lặp lại quá nhiều"):
        parse_yaml(text, "t")
    assert 9**4 < MAX_ALIAS_NODES < 9**6
    parse_yaml(lol_bomb(4), "t")  # 9**4 = 6,561: a little repetition is fine


def test_self_containing_alias_is_refused(tmp_path):
    refused(tmp_path, notice(**{"  luu: VT": "  luu: VT\n  x: &a [*a]"}),
            "bí danh YAML (*) trỏ vào chính nhóm chứa nó")


@pytest.mark.parametrize("depth", [60, 100_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    text = "loai: thong-bao\nx: " + "[" * depth + "]" * depth + "\n"
    refused(tmp_path, text, "cấu trúc lồng nhau quá sâu")


def test_deep_nesting_through_aliases_is_refused():
    lines = ["a0: &a0 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(1, 60)]
    with pytest.raises(InputError, match="lồng nhau quá sâu"):
        parse_yaml("\n".join(lines) + "\n", "t")


def test_unhashable_key_is_a_message(tmp_path):
    refused(tmp_path, notice(**{"  luu: VT": "  luu: VT\n  ? [a]\n  : b"}),
            "cú pháp YAML không hợp lệ")


def test_syntax_errors_keep_the_pure_parser_wording(tmp_path):
    refused(tmp_path, "loai: ke-hoach\ntrich_yeu: a: b\n", "vb.yaml:2:", "dấu ':'")


def test_c_parser_is_used_when_available():
    if getattr(yaml, "__with_libyaml__", False):
        assert LOADER.__name__ == "_FastLoader"


# --- figures


def test_310_digit_figure_names_the_cell(tmp_path):
    text = REPORT.read_text("utf-8").replace(LAST_ROW, f"[Xã Tân Liên, 3, 6, 88, {'9' * 310}]")
    refused(tmp_path, text, "phu_luc[0].noi_dung[0].hang[3][4]", "310 chữ số")


def test_sum_past_the_bound_names_the_column(tmp_path):
    text = REPORT.read_text("utf-8").replace(LAST_ROW, "[Xã Tân Liên, 3, 6, 88, 999999999999999]")
    refused(tmp_path, text, "phu_luc[0].noi_dung[0]", "tổng cột 'Đã giải quyết'")


@pytest.mark.parametrize("cell", ["1e400", "-1e400", ".nan"])
def test_infinite_figures(tmp_path, cell):
    text = REPORT.read_text("utf-8").replace(LAST_ROW, f"[Xã Tân Liên, 3, 6, 88, {cell}]")
    output = render(tmp_path, text, code=1 if cell != ".nan" else 0).output
    if cell != ".nan":  # .nan is text under the 1.2 rules
        assert "hang[3][4]" in output


def test_sums_are_exact_in_decimal():
    from decimal import Decimal

    from vbhc.model.bang import Bang

    table = Bang(cot=["a", "b"], hang=[["x", "0,000000000000001"], ["y", "99.999.999.999.999"]],
                 dong_tong="Tổng")  # 29 significant digits: beyond Decimal's default 28
    assert table.totals()[1] == Decimal("99999999999999.000000000000001")
    big = Bang(cot=["a", "b"], hang=[["x", 10**14], ["y", 10**14]], dong_tong="T")
    assert big.totals()[1] == 2 * 10**14 and isinstance(big.totals()[1], int)


def test_figures_from_code_report_like_yaml():
    from pydantic import ValidationError

    from vbhc.model.bang import Bang

    for cell in (10**310, True, float("inf")):
        with pytest.raises(ValidationError):
            Bang(cot=["a", "b"], hang=[["x", cell]])


@pytest.mark.parametrize("text, needle", [
    ("x: !!set {a}\n", "!!set"),
    ("x: &a [*a]\n", "chính nhóm chứa nó"),
    ("x: !!int abc\n", "!!int"),
    ("loai: ke-hoach\ntrich_yeu: a: b\n", "dấu ':'"),
    ("x: " + "[" * 5000 + "]" * 5000 + "\n", "lồng nhau quá sâu"),
])
def test_pure_python_parser_gives_the_same_answers(monkeypatch, text, needle):
    """Where PyYAML was built without libyaml, the pure parser applies the same rules."""
    from vbhc import yaml_in

    monkeypatch.setattr(yaml_in, "LOADER", yaml_in._PureLoader)
    with pytest.raises(InputError, match=needle):
        parse_yaml(text, "t")
    data, _ = parse_yaml("so: 012\nt: 7:30\nb: yes\n", "t")
    assert data == {"so": "012", "t": "7:30", "b": "yes"}


def test_loading_time_grows_linearly():
    """Bounded resources (issue 22): 4x the rows takes at most ~6x the time (a ratio against
    a smaller input of the same kind, never an absolute limit)."""
    def table(rows: int) -> str:
        return "hang:\n" + "".join(f"  - [Xã {i}, {i}, \"1.{i % 1000:03d}\", 0105]\n"
                                   for i in range(rows))

    def best(text: str) -> float:
        times = []
        gc.collect()
        gc.disable()  # the collector's passes grow with live objects: noise, not our cost
        try:
            for _ in range(5):
                start = time.perf_counter()
                parse_yaml(text, "t")
                times.append(time.perf_counter() - start)
        finally:
            gc.enable()
        return min(times)

    small_text, large_text = table(1000), table(4000)
    for _attempt in range(2):  # one retry: another process may have taken the core
        small, large = best(small_text), best(large_text)
        if large < 6 * small:
            break
    assert large < 6 * small, (small, large)
