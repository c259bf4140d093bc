"""A custom template is untrusted input: every known way out of the sandbox is closed,
runaway templates stop, malformed ones get a message, and template check agrees."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE, ROOT
from vbhc import cli

TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
NUMBER_TAG = "Số: {{ so_ky_hieu }}"
SECRET = "NOI-DUNG-BI-MAT-7f3a"


def build(tmp_path: Path, payload: str = "", *, name: str = "bad.docx",
          replace: dict[str, dict[str, str]] | None = None,
          drop: tuple[str, ...] = (), add: dict[str, str] | None = None) -> Path:
    """Return a copy of the plan template with ``payload`` after the number tag, parts
    edited (``replace``: part -> old -> new), removed (``drop``) or added (``add``)."""
    replace = dict(replace or {})
    if payload:
        replace.setdefault("word/document.xml", {})[NUMBER_TAG] = NUMBER_TAG + escape(payload)
    target = tmp_path / name
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            data = src.read(info.filename)
            for old, new in replace.get(info.filename, {}).items():
                text = data.decode("utf-8")
                assert old in text, (info.filename, old)
                data = text.replace(old, new).encode("utf-8")
            dst.writestr(info, data)
        for part, text in (add or {}).items():
            dst.writestr(part, text)
    return target


def render(template: Path, tmp_path: Path, env: dict[str, str] | None = None):
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(cli.main, ["render", str(PLAN_EXAMPLE), "-o", str(out),
                                           "--template", str(template)], env=env)
    return result, out


def check(template: Path):
    return CliRunner().invoke(cli.main, ["template", "check", str(template)])


@pytest.fixture
def canary(tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    return {"read": secret, "made": tmp_path / "pwned"}


ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch MADE') }}",
    "{{ cycler }}", "{{ joiner }}", "{{ namespace }}", "{{ lipsum }}", "{{ range }}",
    "{{ dict }}", "{{ request }}", "{{ config }}", "{{ config.items() }}", "{{ self }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__.__builtins__.open('READ').read() }}",
    "{{ lipsum.__globals__['os'].popen('touch MADE').read() }}",
    "{{ self.__init__.__globals__.__builtins__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ [].__class__ }}", "{{ so_ky_hieu.__class__ }}", "{{ so_ky_hieu['__class__'] }}",
    "{{ ngay_ban_hanh['__class__'] }}",
    "{{ so_ky_hieu|attr('__class__') }}", "{{ ngay_ban_hanh|attr('parse_raw') }}",
    "{{ than|map(attribute='__class__')|list }}", "{{ than|map('attr', 'kieu')|list }}",
    "{{ than|selectattr('kieu')|list }}", "{{ than|sort(attribute='kieu')|first }}",
    "{{ '%s'|format(so_ky_hieu) }}", "{{ '%s' % so_ky_hieu }}",
    "{{ '{0.__class__}'.format(so_ky_hieu) }}", "{{ '{0}'.format_map(ngay_ban_hanh) }}",
    "{{ so_ky_hieu.format }}", "{{ so_ky_hieu.upper() }}", "{{ so_ky_hieu.upper }}",
    "{{ trich_yeu.unescape() }}", "{{ trich_yeu.striptags }}",
    "{{ ngay_ban_hanh.parse_raw('x', content_type='pickle', allow_pickle=True) }}",
    "{{ ngay_ban_hanh.parse_file('READ') }}",
    "{{ ngay_ban_hanh.model_fields }}", "{{ ngay_ban_hanh.model_fields.nam.annotation.mro() }}",
    "{{ ngay_ban_hanh.model_dump() }}", "{{ ngay_ban_hanh.items() }}",
    "{{ ngay_ban_hanh.keys }}", "{{ ngay_ban_hanh.nam.bit_length }}",
    "{{ ngay_ban_hanh['model_fields'] }}",
    "{% for x in than %}{{ loop.cycle('a', 'b') }}{% endfor %}",
    "{% for x in than %}{{ loop.changed(x) }}{% endfor %}",
    "{% for x in than %}{{ loop.__class__ }}{% endfor %}",
    "{% for x in than recursive %}{{ loop(than) }}{% endfor %}",
    "{{ kinh_gui.pop() }}", "{{ {}.update(a=1) }}", "{% set d = {} %}{{ d.update }}",
    "{{ noi_nhan.append }}", "{{ ngay_ban_hanh.clear }}",
    "{% include 'READ' %}", "{% import 'READ' as m %}", "{% from 'READ' import m %}",
    "{% extends 'READ' %}", "{% macro m() %}x{% endmacro %}{{ m() }}",
    "{% call cycler() %}x{% endcall %}",
    "{% autoescape false %}{{ trich_yeu }}{% endautoescape %}",
    "{% filter upper %}{{ so_ky_hieu }}{% endfilter %}",
    "{% set x %}{{ so_ky_hieu }}{% endset %}{{ x }}",
    "{{ than }}", "{{ ngay_ban_hanh }}", "{{ so_ky_hieu ~ than }}", "{{ than|join }}",
    "{{ than|string }}", "{{ trich_yeu|safe }}", "{{ so_ky_hieu|tojson }}",
    "{{ so_ky_hieu|center(10**9) }}", "{{ so_ky_hieu|indent(10**9) }}",
    "{{ so_ky_hieu|replace('', so_ky_hieu) }}", "{{ than|sum(start=[]) }}",
    "{{ so_ky_hieu|xmlattr }}", "{{ than|groupby('kieu') }}", "{{ than|items }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_escape_payloads_are_refused(payload, tmp_path, canary):
    payload = payload.replace("READ", str(canary["read"])).replace("MADE", str(canary["made"]))
    template = build(tmp_path, payload)
    result, out = render(template, tmp_path)
    assert result.exit_code == 1, result.output
    assert "mẫu" in result.output and "Traceback" not in result.output
    assert SECRET not in result.output
    assert not out.exists()
    assert not canary["made"].exists()
    checked = check(template)  # template check rejects what render rejects
    assert checked.exit_code == 1, checked.output
    assert SECRET not in checked.output and not canary["made"].exists()


@pytest.mark.parametrize("payload", [
    "{{ ngay_ban_hanh.nam }}", "{{ ngay_ban_hanh['nam'] }}", "{{ kinh_gui|length }}",
    "{{ so_ky_hieu|upper }}", "{{ so_ky_hieu ~ '/' ~ dia_danh }}", "{{ 2 ** 10 }}",
    "{{ noi_nhan|join(', ') }}", "{{ so_ky_hieu[0:2] }}", "{{ ngay_ban_hanh|ngay_thang }}",
    "{% for d in noi_nhan %}{{ loop.index }}{% endfor %}", "{{ 'x' * 3 }}",
    "{# chú thích #}{{ ho_ten|default('') }}",
])
def test_reading_data_still_works(payload, tmp_path):
    """The sandbox lets a template read the data. (These payloads print extra text on the
    number line, which `vbhc render` now refuses as an ND30 error, so the sandbox is tried
    one level down, where the checker does not run.)"""
    import vbhc
    from vbhc.renderer.pipeline import render_bytes

    data = render_bytes(vbhc.load(PLAN_EXAMPLE), build(tmp_path, payload))
    assert data.startswith(b"PK")


RUNAWAYS = [
    "{% for a in trich_yeu|list %}{% for b in trich_yeu|list %}{% for c in trich_yeu|list %}"
    "{% for d in trich_yeu|list %}{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    "{% for a in trich_yeu|list %}{% for b in trich_yeu|list %}{% for c in trich_yeu|list %}"
    "{{ so_ky_hieu }}{% endfor %}{% endfor %}{% endfor %}",
    "{{ 'x' * 10**9 }}", "{{ 10**(10**10) }}", "{{ 7 ** (10**6) }}", "{{ 2**100000 }}",
    "{{ range(10**9)|list }}",
    "{{ [so_ky_hieu] * 10**9 }}", "{% set s = 'x' * 9000000 %}{{ s ~ s }}",
    "{% set s = 'x' * 9000000 %}{{ s + s }}",
    "{% set a = ['x' * 1000000] * 9 %}{{ (a + a)|length }}",
    "{% set a = ['x' * 1000000] * 9 %}{{ (a * 2)|length }}",
    "{% set l = ['x' * 1000000] * 9 %}{{ (l + l)|join }}",
    "{% set n = 10**300 %}{{ n * n * n * n }}",
    "{{ '9' * 5000|int }}",
]


@pytest.mark.parametrize("payload", RUNAWAYS)
def test_runaway_templates_stop_with_a_message(payload, tmp_path):
    start = time.monotonic()
    result, out = render(build(tmp_path, payload), tmp_path)
    assert result.exit_code == 1, result.output
    assert "mẫu" in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert time.monotonic() - start < 60


def test_the_time_limit_stops_a_slow_template_and_can_be_raised(tmp_path):
    loops = "".join("{% for a in trich_yeu|list %}" for _ in range(4)) + "{% endfor %}" * 4
    template = build(tmp_path, loops)
    result, out = render(template, tmp_path, env={"VBHC_TEMPLATE_MAX_STEPS": "10000000000",
                                                  "VBHC_TEMPLATE_MAX_SECONDS": "0.5"})
    assert result.exit_code == 1 and "giây" in result.output and not out.exists()
    assert "VBHC_TEMPLATE_MAX_SECONDS" in result.output


def test_output_limit_applies_and_can_be_raised(tmp_path):
    template = build(tmp_path, "")
    result, out = render(template, tmp_path, env={"VBHC_TEMPLATE_MAX_CHARS": "1000"})
    assert result.exit_code == 1 and "VBHC_TEMPLATE_MAX_CHARS" in result.output
    assert not out.exists()
    result, out = render(template, tmp_path, env={"VBHC_TEMPLATE_MAX_CHARS": "1000000000"})
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["0", "-3", "abc", "nan", "inf"])
def test_bad_limit_variables_are_messages(value, tmp_path):
    result, out = render(TEMPLATE, tmp_path, env={"VBHC_TEMPLATE_MAX_STEPS": value})
    assert result.exit_code == 1 and "VBHC_TEMPLATE_MAX_STEPS" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_the_context_is_plain_data():
    import datetime as dt
    from decimal import Decimal

    from markupsafe import Markup

    import vbhc
    from vbhc.renderer.context import build_context
    from vbhc.renderer.sandbox import plain
    from vbhc.renderer.template import template_info

    context, _ = build_context(vbhc.load(PLAN_EXAMPLE), template_info(TEMPLATE))

    def leaves(value):
        if isinstance(value, list):
            for item in value:
                yield from leaves(item)
        elif isinstance(value, dict):
            assert all(type(k) is str for k in value)
            for item in value.values():
                yield from leaves(item)
        else:
            yield value

    data = plain(context)
    for leaf in leaves(data):
        assert type(leaf) in (str, Markup, int, bool, Decimal, dt.date, type(None)), leaf
    assert data["ngay_ban_hanh"] == {"ngay": None, "thang": 5, "nam": 2024}
    with pytest.raises(TypeError):
        plain({"x": object()})


@pytest.mark.parametrize("payload", [
    "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "{{ " + "[" * 3000 + "]" * 3000 + " }}",
    "{% if so_ky_hieu %}" * 40 + "{% endif %}" * 40,
    "{% for a in noi_nhan %}" * 40 + "{% endfor %}" * 40,
    "{{ so_ky_hieu" + "|upper" * 20000 + " }}",
    "{{ 1" + " + 1" * 20000 + " }}",
])
def test_deeply_nested_templates_are_messages(payload, tmp_path):
    result, out = render(build(tmp_path, payload), tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "nội bộ" not in result.output
    assert (result.exit_code == 0) == out.exists()
    checked = check(build(tmp_path, payload, name="again.docx"))
    assert checked.exit_code == result.exit_code, checked.output


@pytest.mark.parametrize("payload", [
    "{{ 10**300|so_chu }}", "{{ 'abc'|bang_chu }}", "{{ so_ky_hieu|ngay_thang }}",
    "{{ ngay_ban_hanh|ngay_ngan }}", "{{ 1/0 }}", "{{ 1 % 0 }}", "{{ so_ky_hieu + 1 }}",
    "{{ 2.0 ** 5000 }}", "{{ -so_ky_hieu }}", "{{ so_ky_hieu|thu_tu }}",
    "{{ than[0].khong_co }}", "{{ kinh_gui[0] }}", "{% for k in ngay_ban_hanh %}{% endfor %}",
    "{% for k in 5 %}{% endfor %}", "{{ (than|first).noi_dung.xml }}",
])
def test_failing_expressions_are_messages(payload, tmp_path):
    result, out = render(build(tmp_path, payload), tmp_path)
    assert result.exit_code == 1, result.output
    assert "mẫu" in result.output and "Traceback" not in result.output
    assert "nội bộ" not in result.output and not out.exists()
