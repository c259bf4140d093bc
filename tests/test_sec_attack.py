"""What a second attacker's pass broke after the security fixes (issues 12 and 22), each
with the small input that showed it: nested-list blow-ups in comparisons and arithmetic,
memory through ``|list``, an upper-case part name hiding external links, a lone surrogate,
and derive-rule variables that double each other."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE
from tests.test_sec_template import build, check, render
from vbhc import cli


def nested(name: str, depth: int = 19) -> str:
    """A list that holds four copies of the level below, ``depth`` levels deep: a few dozen
    objects, 4**depth items to walk."""
    tags = [f'{{% set {name}0 = ["x","x","x","x"] %}}']
    tags += [f"{{% set {name}{i} = [{', '.join([f'{name}{i - 1}'] * 4)}] %}}"
             for i in range(1, depth + 1)]
    return "".join(tags)


RUNAWAY = {
    "so-sanh": nested("a") + nested("b") + "{{ a19 == b19 }}",
    "thuoc": nested("a") + "{{ 'x' in a19 }}",
    "phep-thu": nested("a") + nested("b") + "{{ a19 is sameas b19 }}",
    "cong": nested("a") + "{{ (a19 + [1])|length }}",
    "nhan": nested("a") + "{{ (a19 * 2)|length }}",
    "list": '{% set s = "x" * 9999999 %}' + "".join(
        f"{{% set l{i} = s|list %}}" for i in range(60)) + "{{ l1|length }}",
    "tong-bo-nho": "".join(f'{{% set s{i} = "x" * 9999999 %}}' for i in range(30))
                   + "{{ s1|length }}",
}


@pytest.mark.parametrize("payload", RUNAWAY.values(), ids=RUNAWAY.keys())
def test_runaway_data_structures_stop_within_the_limits(payload, tmp_path):
    result, out = render(build(tmp_path, payload), tmp_path)
    assert result.exit_code == 1, result.output
    assert "Lỗi nội bộ" not in result.output and "Traceback" not in result.output
    assert "quá" in result.output
    assert not out.exists()


def test_data_comparisons_still_work(tmp_path):
    result, out = render(build(tmp_path, "{% if than|length > 3 and 'a' in 'abc' and "
                                         "than[0] == than[0] %}OK{% endif %}"), tmp_path)
    assert result.exit_code == 0, result.output
    assert out.exists()


EXTERNAL_HEADER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                   '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
                   'main"><w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
                   ' INCLUDEPICTURE "http://127.0.0.1:9/x.png" \\d </w:instrText></w:r><w:r>'
                   '<w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>')


@pytest.mark.parametrize("part", ["word/header9.XML", "word/header9.Xml", "word/phan-dau"])
def test_external_content_in_oddly_named_parts_is_refused(part, tmp_path):
    template = build(tmp_path, add={part: EXTERNAL_HEADER})
    checked = check(template)
    assert checked.exit_code == 1 and "INCLUDEPICTURE" in checked.output, checked.output
    result, out = render(template, tmp_path)
    assert result.exit_code == 1 and "INCLUDEPICTURE" in result.output, result.output
    assert not out.exists()


def test_a_lone_surrogate_is_a_message(tmp_path):
    result, out = render(build(tmp_path, '{{ "\\ud800" }}'), tmp_path)
    assert result.exit_code == 1, result.output
    assert "surrogate" in result.output and "Lỗi nội bộ" not in result.output
    assert not out.exists()


def test_derive_rule_variables_that_double_are_refused(tmp_path: Path):
    rules = tmp_path / "quy-tac.yaml"
    lines = ["huyen:", "  bien:", '    k0: "{don_vi}{don_vi}"']
    lines += [f'    k{i}: "{{k{i - 1}}}{{k{i - 1}}}"' for i in range(1, 45)]
    rules.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "ra"
    result = CliRunner().invoke(cli.main, ["derive", str(PLAN_EXAMPLE), "--to", "huyện Cao Lộc",
                                           "--rules", str(rules), "-o", f"{out}/"])
    assert result.exit_code == 1, result.output
    assert "4,096 ký tự" in result.output and "Lỗi nội bộ" not in result.output
    assert not out.exists() or not list(out.iterdir())


@pytest.mark.parametrize("written,expect", [
    ("012", "không phải 10"), ("1_2", "'1_2' được đọc là số 12"), ("05", None),
    ("1e1", "không phải số thập phân hay"), ("10.0", "không phải số thập phân hay")])
def test_document_numbers_say_how_they_were_read(written, expect, tmp_path):
    from tests.conftest import EXAMPLES

    source = EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
    text = source.read_text("utf-8").replace("  so: 7\n", f"  so: {written}\n")
    (tmp_path / "ho-so").symlink_to(EXAMPLES / "ho-so")
    target = tmp_path / "tb.yaml"
    target.write_text(text, "utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(target), "-o", str(tmp_path / "tb.docx"),
                                           "--ho-so-goc", str(EXAMPLES / "ho-so")])
    if expect is None:
        assert result.exit_code == 0 and "Cảnh báo" not in result.output, result.output
    else:
        assert expect in result.output, result.output
    if "thập phân hay" in (expect or ""):
        assert result.exit_code == 1 and not (tmp_path / "tb.docx").exists()


def test_a_pdf_landing_on_an_input_is_refused_before_anything_is_written(tmp_path):
    from tests.conftest import EXAMPLES

    source = tmp_path / "tb.pdf"  # a YAML document that happens to be named .pdf
    source.write_text((EXAMPLES / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml")
                      .read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(cli.main, ["render", str(source), "-o", str(tmp_path / "tb.docx"),
                                           "--pdf", "--force", "--ho-so-goc",
                                           str(EXAMPLES / "ho-so")])
    assert result.exit_code == 1, result.output
    assert "chính là tệp vào" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tb.pdf"]


@pytest.mark.parametrize("signum,code", [(15, 143), (1, 129)])
def test_a_signal_while_click_exits_still_ends_quietly(monkeypatch, signum, code):
    """SIGTERM that lands after the batch finished, while click unwinds (seen in CI:
    'Đã dựng 40/40' then a traceback and exit -2)."""
    def finished_then_stopped() -> None:
        try:
            raise SystemExit(0)
        finally:
            raise cli.Stopped(signum)

    monkeypatch.setattr(cli, "main", finished_then_stopped)
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == code


@pytest.mark.parametrize("pattern", ["(?:(?:a){9999}){9999}", "a{2,999999}",
                                     "(?:(?:(?:a{100}){100}){100}){100}", "x" * 3000])
def test_rule_patterns_that_compile_to_gigabytes_are_refused(pattern):
    """The regex engine unrolls counted repeats: the fuzz's derive run reached 24 GB."""
    from vbhc.derivation.rules import rule_pattern

    with pytest.raises(ValueError, match="biểu thức chính quy"):
        rule_pattern(pattern)
    assert rule_pattern("tỉnh {0,3}x").search("tỉnh  x")


# Third pass (a second attacker, after the fixes above).

@pytest.mark.parametrize("payload,expect", [
    ("{{ " + "9" * 5000 + " }}", "số quá dài"),
    ("{% if '%1500000000d' is divisibleby 7 %}x{% endif %}", "divisibleby"),
])
def test_more_template_payloads_are_messages(payload, expect, tmp_path):
    template = build(tmp_path, payload)
    result, out = render(template, tmp_path)
    assert result.exit_code == 1 and expect in result.output, result.output
    assert not out.exists()
    checked = check(template)
    assert checked.exit_code == 1 and "Lỗi nội bộ" not in checked.output, checked.output


@pytest.mark.parametrize("field", ['DATABASE \\d "\\\\127.0.0.1\\share\\x.mdb"',
                                   'RD "\\\\127.0.0.1\\share\\a.docx" \\f',
                                   "MACROBUTTON X y", "AUTOTEXT z"])
def test_fields_that_reach_outside_are_refused(field, tmp_path):
    instr = (f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>{field}'
             '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    template = build(tmp_path, replace={"word/document.xml": {"<w:body>": "<w:body>" + instr}})
    checked = check(template)
    assert checked.exit_code == 1 and field.split()[0] in checked.output, checked.output


@pytest.mark.parametrize("value", ["1E-100000000", "1E+100000000", "NaN", "Infinity"])
def test_validate_refuses_decimals_that_would_take_minutes(value):
    from decimal import Decimal

    from tests.conftest import EXAMPLES
    from vbhc.errors import InputError
    from vbhc.loader import parse_yaml

    source = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
    data, _ = parse_yaml(source.read_text("utf-8"), str(source))
    data["so_ky_hieu"]["so"] = Decimal(value)
    with pytest.raises(InputError, match="không dùng được"):  # before: minutes, then
        cli_validate(data)                                   # "phải là số nguyên"


def cli_validate(data):
    import vbhc

    return vbhc.validate(data)


def test_validate_does_not_echo_huge_keys():
    import vbhc
    from vbhc.errors import InputError

    with pytest.raises(InputError) as raised:
        vbhc.validate({"loai": "cong-van", "k" * 1_000_000: "x"})
    assert len(str(raised.value)) < 2000


@pytest.mark.parametrize("as_of", ["9999-99-99", "hôm nay", 5])
def test_derive_as_of_must_be_a_date(as_of):
    import vbhc
    from vbhc.errors import InputError

    plan = vbhc.load(PLAN_EXAMPLE)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        vbhc.derive(plan, "huyện Cao Lộc", as_of=as_of)
