"""Fourth render speed wave (issue 21): the cheaper ways give the answers of the ways they
replace. The context holds vbhc's run XML as Markup (was Runs, made Markup by plain), and
plain passes exact Markup, and lists and dicts of kept values, on with one copy in C.
Equality only: the time is measured in `make bench`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from markupsafe import Markup

import vbhc
from tests.conftest import EXAMPLES
from tests.test_speed_render3 import _old_plain, _same
from vbhc.renderer.context import build_context
from vbhc.renderer.engine import compile_template
from vbhc.renderer.runs import Runs
from vbhc.renderer.sandbox import plain
from vbhc.renderer.template import template_path


class _Name(str):
    pass


class _Safe(Markup):
    pass


ODD = [
    [], {}, ["a", 1, True, None, Decimal("2"), dt.date(2024, 1, 2), Markup("<b/>")],
    {"a": "x", "b": Markup("<i/>")}, {_Name("k"): "v"}, {"k": _Name("v")}, [_Name("a")],
    [Runs("<w:r/>")], {"r": Runs("<w:r/>")}, [_Safe("<x/>")], {"s": _Safe("<x/>")},
    [dt.datetime(2024, 1, 2, 3)], {"t": ("a", 1)}, [["a"], {"b": "c"}], [1.5] * 0,
]


@pytest.mark.parametrize("value", ODD, ids=range(len(ODD)))
def test_plain_answers_as_before(value):
    _same(plain(value), _old_plain(value))
    if isinstance(value, (list, dict)):
        assert plain(value) is not value  # still a copy: the context is never shared


def test_plain_still_refuses():
    for bad in ({1: "x"}, [object()], {"x": object()}, {"x": 1.5}, [b"x"]):
        with pytest.raises(TypeError):
            plain(bad)


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_context_rich_text_is_the_runs_markup(example):
    """The rich text of the context is exact Markup of the run XML Runs held, and plain
    of the context is what plain made of the Runs before."""
    doc = vbhc.load(example)
    info = compile_template(template_path(doc.loai), doc.loai).info
    context, _notes = build_context(doc, info)
    assert type(context["trich_yeu"]) is Markup
    blocks = context["than"] + context["phu_luc"]
    assert all(type(b["noi_dung"]) is Markup for b in blocks)
    as_runs = {**context, "trich_yeu": Runs(str(context["trich_yeu"])),
               "than": [{**b, "noi_dung": Runs(str(b["noi_dung"]))} for b in context["than"]],
               "phu_luc": [{**b, "noi_dung": Runs(str(b["noi_dung"]))}
                           for b in context["phu_luc"]]}
    _same(plain(context), _old_plain(as_runs))


class _JinjaPrinting:
    """The sandbox as it was: Jinja's own code generator (escape(environment.finalize(x)))."""

    @staticmethod
    def env():
        from jinja2.compiler import CodeGenerator

        from vbhc.renderer.sandbox import TemplateSandbox

        class Old(TemplateSandbox):
            code_generator_class = CodeGenerator

            def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
                return super(TemplateSandbox, self).compile(source, name, filename, raw,
                                                            defer_init)

        return Old()


PRINTED = [Markup("<w:r/>"), "a < b & c > d", "", 0, 7, True, None, Decimal("1.50"),
           dt.date(2024, 1, 2), _Name("<x>"), _Safe("<y/>"), [1], {"a": 1}, 1.5]


@pytest.mark.parametrize("value", PRINTED, ids=range(len(PRINTED)))
def test_one_call_prints_what_escape_of_finalize_printed(value):
    from vbhc.renderer.sandbox import (
        RenderLimits,
        TemplateLimitError,
        jinja_env,
        render_bounded,
    )

    source = "<p>{{ x }}|{{ y.z }}|{% for i in l %}{{ i }}{% endfor %}</p>"
    new = jinja_env().from_string(source)
    old = _JinjaPrinting.env().from_string(source)
    assert "vbhc_print" in jinja_env().compile(source, raw=True)
    assert "escape(environment.finalize(" in _JinjaPrinting.env().compile(source, raw=True)
    context = {"x": value, "y": {"z": value}, "l": [value, value]}
    answers = []
    for template in (new, old):
        try:
            answers.append(render_bounded(template, context, RenderLimits(), "m"))
        except (TypeError, TemplateLimitError, Exception) as exc:  # noqa: BLE001
            answers.append((type(exc), str(exc)))
    assert answers[0] == answers[1]


def test_undefined_prints_the_same_error():
    from jinja2.exceptions import UndefinedError

    from vbhc.renderer.sandbox import RenderLimits, jinja_env, render_bounded

    for env in (jinja_env(), _JinjaPrinting.env()):
        with pytest.raises(UndefinedError, match="'missing' is undefined"):
            render_bounded(env.from_string("{{ missing }}"), {}, RenderLimits(), "m")


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.yaml"))[::4], ids=lambda p: p.stem)
def test_shipped_templates_render_as_with_jinjas_printing(example):
    """Every shipped template part, compiled with Jinja's own printing, gives the same text
    for an example's context as the code the sandbox takes (stored, one call per {{ }})."""
    from vbhc.renderer.precompile import shipped_sources
    from vbhc.renderer.sandbox import RenderLimits, compiled_ahead, jinja_env, render_bounded

    doc = vbhc.load(example)
    context, _notes = build_context(doc, compile_template(template_path(doc.loai),
                                                          doc.loai).info)
    old_env = _JinjaPrinting.env()
    for source in shipped_sources():
        assert compiled_ahead(source) is not None
        new = render_bounded(jinja_env().from_string(source), context, RenderLimits(), "m")
        old = render_bounded(old_env.from_string(source), context, RenderLimits(), "m")
        assert new == old
