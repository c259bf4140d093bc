"""The environment a template runs in: it reads plain data and nothing else, within limits.

A custom template is untrusted input (an office e-mails its .docx to another). What it may
do is decided here, in one place:

* **Data, not objects.** :func:`plain` turns the render context into plain values
  (``str``, ``int``, ``Decimal``, ``date``, ``bool``, ``None``, lists and dicts of those,
  and vbhc's own pre-rendered run XML as :class:`markupsafe.Markup`). Models, bound
  methods, modules and classes never reach a template.
* **Reading only.** :class:`TemplateSandbox` allows ``x.key`` / ``x[key]`` on dicts,
  indexing and slicing of lists and strings, the ``loop.index``-style loop variables,
  comparisons and tests, a short list of built-in filters that cannot reach attributes
  or amplify a string, and vbhc's own filters. Every method and every call is refused
  (``x.format``, ``loop.cycle()``, ``range()``, macros), and there are no globals.
* **No loaders.** ``{% include %}``, ``{% import %}``, ``{% from %}``, ``{% extends %}``,
  calls, macros and ``{% autoescape %}`` are refused when the template is parsed, with a
  Vietnamese message naming the tag.
* **Bounded.** Every ``{% for %}`` iterable is wrapped (an AST rewrite before code
  generation) so each iteration ticks a per-render budget, even with an empty loop
  body; arithmetic and ``~`` check the size of what they would build *before* building
  it; output is streamed and counted; wall time is checked at each tick.
  :class:`RenderLimits` holds the limits (environment variables ``VBHC_TEMPLATE_MAX_STEPS``,
  ``VBHC_TEMPLATE_MAX_CHARS``, ``VBHC_TEMPLATE_MAX_SECONDS`` raise them); exceeding one
  raises :class:`TemplateLimitError` (a :class:`vbhc.errors.VbhcError`, exit 1).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cache
from importlib.machinery import SourceFileLoader
from io import StringIO
from pathlib import Path
from types import CodeType
from typing import Any, ClassVar

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2 import __version__ as JINJA_VERSION
from jinja2.compiler import CodeGenerator, optimizeconst
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import LoopContext, Undefined, markup_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from vbhc.data import files
from vbhc.errors import VbhcError

__all__ = ["RenderLimits", "TemplateLimitError", "TemplateSandbox", "budget", "plain"]

SCALARS = (str, bool, int, Decimal, _dt.date, type(None))
"""The leaf types a template may see (Markup is a str)."""

LOOP_ATTRIBUTES = frozenset({"index", "index0", "revindex", "revindex0", "first", "last",
                             "length", "depth", "depth0", "previtem", "nextitem"})
"""The data attributes of ``loop`` inside ``{% for %}``; its methods (cycle, changed) are not."""

SAFE_BUILTIN_FILTERS = ("length", "count", "first", "last", "upper", "lower", "capitalize",
                        "title", "trim", "default", "d", "e", "escape", "list", "reverse",
                        "wordcount")
"""Jinja's own filters a template keeps: none takes an attribute name, a format or a
width, none builds more than its input. ``join`` is vbhc's bounded version."""

GUARD_FILTER = "_vbhc_lap"
BOUNDED_FILTER = "_vbhc_gioi_han"
CONCAT_FILTER = "_vbhc_noi"

REFUSED_TAGS: dict[type[nodes.Node], str] = {
    nodes.Include: "include",
    nodes.Import: "import",
    nodes.FromImport: "from ... import",
    nodes.Extends: "extends",
    nodes.Macro: "macro",
    nodes.CallBlock: "call",
    nodes.ScopedEvalContextModifier: "autoescape",
    nodes.EvalContextModifier: "autoescape",
    nodes.AssignBlock: "set ... endset",
    nodes.FilterBlock: "filter",
}
"""Tags a template may not use: loaders reach files, macros and calls run code."""


class TemplateLimitError(VbhcError):
    """A template went past a render limit (loop steps, size, time); exit 1."""


@dataclass(frozen=True)
class RenderLimits:
    """Per-render limits of the Jinja step, far above what a 300-page document needs.

    ``steps``: loop iterations plus operator evaluations plus output chunks;
    ``chars``: characters of output per part; ``value_chars``: of any one string or list
    an operator, ``~`` or ``join`` builds; ``seconds``: wall time of rendering one part;
    ``int_bits``: size of any integer an operator builds.
    """

    steps: int = 2_000_000
    chars: int = 100_000_000
    seconds: float = 60.0
    value_chars: int = 10_000_000
    int_bits: int = 1024

    ENV: ClassVar[dict[str, str]] = {"steps": "VBHC_TEMPLATE_MAX_STEPS",
                                     "chars": "VBHC_TEMPLATE_MAX_CHARS",
                                     "seconds": "VBHC_TEMPLATE_MAX_SECONDS"}

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> RenderLimits:
        """Return the defaults, raised or lowered by ``VBHC_TEMPLATE_MAX_*``.

        Raises VbhcError when a variable is not a positive number.
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for field in fields(cls):
            name = cls.ENV.get(field.name)
            if name is None or not environ.get(name, "").strip():
                continue
            raw = environ[name].strip()
            try:
                value = float(raw) if field.name == "seconds" else int(raw)
            except ValueError:
                value = 0
            if not value > 0 or value != value or value == float("inf"):
                raise VbhcError(f"biến môi trường {name}={raw!r} phải là một số dương")
            values[field.name] = value
        return cls(**values)


class _Budget:
    """What one render has spent; :meth:`tick` raises TemplateLimitError past a limit."""

    def __init__(self, limits: RenderLimits, where: str) -> None:
        self.limits = limits
        self.where = where
        self.steps = 0
        self.built = 0  # characters of every value built so far (memory kept by {% set %})
        self.deadline = time.monotonic() + limits.seconds

    def tick(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.limits.steps:
            raise TemplateLimitError(
                f"{self.where}: mẫu chạy quá {self.limits.steps:,} bước (vòng lặp, phép tính); "
                "có thể mẫu có vòng lặp lồng nhau hoặc vô tận. Nếu văn bản thật sự lớn, đặt "
                "VBHC_TEMPLATE_MAX_STEPS lớn hơn")
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"{self.where}: dựng mẫu quá {self.limits.seconds:g} giây; có thể mẫu có "
                "vòng lặp quá lớn. Nếu văn bản thật sự lớn, đặt VBHC_TEMPLATE_MAX_SECONDS "
                "lớn hơn")

    def size(self, chars: int, limit: int | None = None) -> None:
        if limit is None:
            self.built += chars
            if self.built > self.limits.chars:
                raise TemplateLimitError(
                    f"{self.where}: mẫu tạo ra tổng cộng quá {self.limits.chars:,} ký tự; "
                    "nếu văn bản thật sự lớn, đặt VBHC_TEMPLATE_MAX_CHARS lớn hơn")
        if chars > (limit or self.limits.value_chars):
            raise TemplateLimitError(
                f"{self.where}: mẫu tạo ra chuỗi quá dài (hơn {limit or self.limits.value_chars:,} "
                "ký tự); "
                "nếu văn bản thật sự lớn, đặt VBHC_TEMPLATE_MAX_CHARS lớn hơn")


_BUDGET: ContextVar[_Budget | None] = ContextVar("vbhc_template_budget", default=None)


@contextmanager
def budget(limits: RenderLimits | None = None, where: str = "mẫu") -> Iterator[_Budget]:
    """Give the renders inside the ``with`` block a fresh budget (``where`` names the part)."""
    token = _BUDGET.set(_Budget(limits or RenderLimits.from_env(), where))
    try:
        yield _BUDGET.get()  # type: ignore[misc]
    finally:
        _BUDGET.reset(token)


def _current() -> _Budget:
    spent = _BUDGET.get()
    if spent is None:  # rendering outside budget(): each operation bounded by the defaults
        spent = _Budget(RenderLimits(), "mẫu")
    return spent


_KEPT = frozenset({type(None), str, bool, int, Decimal, _dt.date, Markup})
"""The types :func:`plain` passes on as they are (exactly these, not subclasses): an exact
Markup is a str whose text is already safe markup (vbhc.renderer.context builds its run
XML as Markup), the same value plain made of it before, without a copy."""


_STR = frozenset({str})


def _markup(text: str) -> Markup:
    """Return ``Markup(text)`` for an exact str ``text``: what Markup's constructor makes of
    it (``str.__new__(Markup, text)``: a str has no ``__html__``), without its Python frame."""
    return str.__new__(Markup, text)


def plain(value: Any) -> Any:
    """Return ``value`` as plain template data; the one conversion every context goes through.

    Shapes: str/int/bool/Decimal/date/None and Markup stay as they are (other str
    subclasses become str); Markup subclasses and objects with ``__html__`` (vbhc's Runs)
    become Markup; lists and tuples
    become lists, dicts dicts with str keys; a Pydantic model becomes the dict of its
    fields. Raises TypeError for anything else (a programming error in vbhc, not input).
    """
    kind = type(value)
    if kind in _KEPT:
        return value
    kept = _KEPT
    if kind is list:  # the common containers first, answered as below; a scalar item
        if kept.issuperset(map(type, value)):  # all kept: copied in C, no frame per item
            return list(value)
        return [item if type(item) in kept else plain(item)  # without a call
                for item in value]
    if kind is dict:
        if _STR.issuperset(map(type, value)) and kept.issuperset(map(type, value.values())):
            return dict(value)  # str keys, kept values: the copy the comprehension makes
        for key in value:
            if not isinstance(key, str):
                raise TypeError("khóa của ngữ cảnh mẫu phải là chuỗi")
        return {key if type(key) is str else str.__str__(key):
                item if type(item) in kept else plain(item) for key, item in value.items()}
    if isinstance(value, Markup):
        return _markup(str.__str__(value))
    if hasattr(type(value), "__html__"):
        return _markup(str.__str__(type(value).__html__(value)))
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise TypeError("khóa của ngữ cảnh mẫu phải là chuỗi")
        return {str.__str__(key): plain(item) for key, item in value.items()}
    model_fields = getattr(type(value), "model_fields", None)
    if isinstance(model_fields, dict):
        return {name: plain(getattr(value, name)) for name in model_fields}
    raise TypeError(f"ngữ cảnh mẫu không nhận kiểu {type(value).__name__}")


def _size(value: Any, depth: int = 0) -> int:
    """Return about how many characters ``value`` holds (nested lists counted through).

    Every list or dict item visited ticks the render's budget: a list that holds itself
    many times over (``[a, a, a, a]`` nested twenty deep) is a handful of objects but
    billions of items to walk, and is stopped by the step limit.
    """
    if isinstance(value, str):
        return len(value)
    if isinstance(value, (list, tuple, dict)):
        if depth > 20:
            raise SecurityError("danh sách lồng quá sâu")
        _current().tick(len(value) + 1)
        items = value.values() if isinstance(value, dict) else value
        return len(value) + sum(_size(item, depth + 1) for item in items)
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    return 1


def _bounded(value: Any) -> Any:
    """Pass ``value`` on once its size has been walked within the budget: guards the
    comparisons and tests Python runs in C (``a == b``, ``x in a``), where no limit and
    no signal handler can interrupt them."""
    if isinstance(value, (list, tuple, dict)):
        _size(value)
    return value


def _divisible(value: Any, num: Any) -> bool:
    """``x is divisibleby n`` for whole numbers only (Jinja's test formats strings with
    ``%``, which a template could use to build gigabytes)."""
    for side in (value, num):
        if isinstance(side, Undefined):
            side._fail_with_undefined_error()
        if not isinstance(side, int) or isinstance(side, bool):
            raise SecurityError("phép thử divisibleby chỉ dùng với số nguyên")
    if num == 0:
        raise SecurityError("phép thử divisibleby không chia cho 0")
    return value % num == 0


def _list(value: Any) -> list[Any]:
    """``x|list``: a list of the items of ``x``, each ticking the budget."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, (str, list, tuple)):
        _current().tick(len(value) + 1)
        _current().size(len(value))
        return list(value)
    raise SecurityError(f"bộ lọc list không dùng được với {_kind(value)}")


def _guard(value: Any) -> Iterator[Any]:
    """Yield the items of a ``{% for %}`` iterable, ticking the budget once per item."""
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, dict):
        raise SecurityError("vòng lặp {% for %} chỉ chạy trên danh sách hoặc chuỗi, không "
                            "trên một nhóm trường")
    if not isinstance(value, (list, tuple, str, Iterator)):
        raise SecurityError(f"vòng lặp {{% for %}} không chạy được trên giá trị kiểu "
                            f"{type(value).__name__}")
    spent = _current()
    most, deadline, monotonic = spent.limits.steps, spent.deadline, time.monotonic
    for item in value:
        spent.steps += 1  # spent.tick(), without a call per item
        if spent.steps > most or monotonic() > deadline:
            spent.tick(0)  # raises
        yield item


def _concat(items: list[Any]) -> str:
    """``a ~ b``: join scalars, refusing containers and anything past the size limit."""
    spent = _current()
    spent.tick()
    for item in items:
        _require_scalar(item, "~")
    spent.size(sum(len(str(i)) if isinstance(i, str) else 40 for i in items))
    return markup_join(items)


def _join(value: Any, d: str = "") -> str:
    """``items|join(sep)`` for a list of scalars, bounded like ``~``."""
    spent = _current()
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if isinstance(value, str):
        value = list(value)
    if not isinstance(value, (list, tuple, Iterator)):
        raise SecurityError("bộ lọc join chỉ dùng cho danh sách")
    items = list(value)
    spent.tick(len(items) + 1)
    _require_scalar(d, "join")
    for item in items:
        _require_scalar(item, "join")
    spent.size(sum(len(i) if isinstance(i, str) else 40 for i in items)
               + len(d) * len(items))
    if any(hasattr(i, "__html__") for i in [*items, d]):
        return Markup(d).join(items)  # escapes the plain strings
    return str(d).join(str(i) for i in items)


def _require_scalar(value: Any, what: str) -> None:
    if isinstance(value, Undefined):
        value._fail_with_undefined_error()
    if not isinstance(value, SCALARS):
        raise SecurityError(f"'{what}' chỉ nhận chữ hoặc số, không nhận {_kind(value)}")


def _kind(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm trường"
    return f"giá trị kiểu {type(value).__name__}"


def _finalize(value: Any) -> Any:
    """What ``{{ }}`` may print: a scalar; a list or a group of fields is refused."""
    if type(value) not in _PRINTED:  # the usual ones answered without a call
        _require_scalar(value, "{{ }}")
    return value


_PRINTED = frozenset({str, Markup, bool, int, Decimal, _dt.date, type(None)})
"""Exact types :func:`_require_scalar` passes (each is, or subclasses, one of SCALARS)."""


def _scalar_filter(func: Any, *, fields: bool = False) -> Any:
    """Wrap a filter so it takes only scalars (never str() of a container); with
    ``fields``, also a flat group of scalar fields (a date as ngay/thang/nam)."""
    def wrapped(value: Any, *args: Any, **kwargs: Any) -> Any:
        if fields and isinstance(value, dict):
            for item in value.values():
                _require_scalar(item, func.__name__)
        else:
            _require_scalar(value, func.__name__)
        for arg in [*args, *kwargs.values()]:
            _require_scalar(arg, func.__name__)
        return func(value, *args, **kwargs)
    wrapped.__name__ = func.__name__
    wrapped.__doc__ = func.__doc__
    return wrapped


class _Rewrite(NodeTransformer):
    """Refuse loader/call tags; wrap every loop iterable and every ``~`` in a budget check."""

    def __init__(self, name: str | None, filename: str | None) -> None:
        self.name = name
        self.filename = filename

    def generic_visit(self, node: nodes.Node, *args: Any, **kwargs: Any) -> Any:
        for refused, tag in REFUSED_TAGS.items():
            if isinstance(node, refused):
                raise TemplateSyntaxError(
                    f"thẻ {{% {tag} %}} không được dùng trong mẫu của vbhc (mẫu chỉ được đọc "
                    "dữ liệu văn bản)", node.lineno, self.name, self.filename)
        if isinstance(node, nodes.Call):
            raise TemplateSyntaxError("mẫu không được gọi hàm hay phương thức (dấu ngoặc "
                                      "'(...)' sau một tên)", node.lineno, self.name,
                                      self.filename)
        private = (node.attr if isinstance(node, nodes.Getattr) else
                   node.arg.value if isinstance(node, nodes.Getitem)
                   and isinstance(node.arg, nodes.Const) else None)
        if isinstance(private, str) and private.startswith("_"):
            raise TemplateSyntaxError(f"thuộc tính '{private}' không được phép trong mẫu (mẫu "
                                      "chỉ được đọc các trường dữ liệu)", node.lineno,
                                      self.name, self.filename)
        node = super().generic_visit(node, *args, **kwargs)
        if isinstance(node, nodes.Compare):
            node.expr = self._bounded(node.expr)
            for operand in node.ops:
                operand.expr = self._bounded(operand.expr)
        elif isinstance(node, nodes.Test):
            node.node = self._bounded(node.node)
            node.args = [self._bounded(arg) for arg in node.args]
        if isinstance(node, nodes.For):
            node.iter = nodes.Filter(node.iter, GUARD_FILTER, [], [], None, None,
                                     lineno=node.lineno)
        elif isinstance(node, nodes.Concat):
            return nodes.Filter(nodes.List(node.nodes, lineno=node.lineno), CONCAT_FILTER,
                                [], [], None, None, lineno=node.lineno)
        return node


    @staticmethod
    def _bounded(expr: nodes.Expr) -> nodes.Expr:
        return nodes.Filter(expr, BOUNDED_FILTER, [], [], None, None, lineno=expr.lineno)


class _CodeGenerator(CodeGenerator):
    """Jinja's code generator, printing ``{{ x }}`` with at most one call: where Jinja
    writes ``escape(environment.finalize(x))`` (autoescaping, this sandbox's finalize), it
    writes ``x`` itself when it is an exact Markup, ``escape(x)`` for an exact str, else
    ``environment.vbhc_print(x)``: what :meth:`TemplateSandbox.vbhc_print` answers for each.
    ``x.name`` of a plain local name and the size walk before a comparison answer their
    usual case inline too (:meth:`visit_Getattr`, :meth:`visit_Filter`)."""

    def _output_child_pre(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write("(_vbhc_p if type(_vbhc_p := ")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Any, finalize: Any) -> None:
        if self._one_call(frame, finalize):
            self.write(") is Markup else escape(_vbhc_p) if type(_vbhc_p) is str else "
                       "environment.vbhc_print(_vbhc_p))")
        else:
            super()._output_child_post(node, frame, finalize)

    @optimizeconst
    def visit_Getattr(self, node: nodes.Getattr, frame: Any) -> None:
        """``x.name`` of a loop or context variable ``x`` (a plain local name in the code):
        ``x[name]`` when ``x`` is a dict holding the key, answered inline, without the
        call; anything else through ``environment.getattr`` as Jinja writes it (the
        sandbox's getattr answers a dict holding the key the same way)."""
        code = self._plain_local(node.node, frame)
        if code is None or self.environment.is_async:
            super().visit_Getattr(node, frame)
            return
        self.write(f"({code}[{node.attr!r}] if type({code}) is dict and {node.attr!r} in "
                   f"{code} else environment.getattr({code}, {node.attr!r}))")

    @optimizeconst
    def visit_Filter(self, node: nodes.Filter, frame: Any) -> None:
        """``_vbhc_gioi_han`` (the size walk before a comparison or test) answers an exact
        str as it is: the value is passed on inline, without the call."""
        if node.name != BOUNDED_FILTER or node.node is None or node.args or node.kwargs \
                or node.dyn_args or node.dyn_kwargs or self.environment.is_async:
            super().visit_Filter(node, frame)
            return
        self.write("(_vbhc_v if type(_vbhc_v := ")
        self.visit(node.node, frame)
        self.write(f") is str else {self.filters[node.name]}(_vbhc_v))")

    def _plain_local(self, node: nodes.Expr, frame: Any) -> str | None:
        """Return the code Jinja writes for ``node`` when it is a Name written as a plain
        Python identifier (a loop variable, l_1_doan), else None."""
        if not isinstance(node, nodes.Name):
            return None
        stream, self.stream = self.stream, StringIO()
        try:
            self.visit(node, frame)
            code = self.stream.getvalue()
        finally:
            self.stream = stream
        return code if code.isidentifier() else None

    def _one_call(self, frame: Any, finalize: Any) -> bool:
        return (not frame.eval_ctx.volatile and frame.eval_ctx.autoescape
                and finalize.src == "environment.finalize("
                and self.environment.finalize is _finalize)


class TemplateSandbox(SandboxedEnvironment):
    """Sandboxed, autoescaping, strict; reads plain data only, bounded (see module doc)."""

    code_generator_class = _CodeGenerator
    intercepted_binops = frozenset(SandboxedEnvironment.default_binop_table)
    intercepted_unops = frozenset(SandboxedEnvironment.default_unop_table)

    def __init__(self) -> None:
        from vbhc.lang.filters import FILTERS

        super().__init__(autoescape=True, undefined=StrictUndefined, finalize=_finalize)
        self.globals.clear()
        self.filters = {name: _scalar_filter(JINJA_FILTERS[name])
                        if name in ("upper", "lower", "capitalize", "title", "trim",
                                    "wordcount", "e", "escape") else JINJA_FILTERS[name]
                        for name in SAFE_BUILTIN_FILTERS}
        self.filters.update({name: _scalar_filter(func, fields=True)
                             for name, func in FILTERS.items()})
        self.tests["divisibleby"] = _divisible  # Jinja's runs '%' on strings, unbounded
        self.filters.update({"join": _join, "list": _list, GUARD_FILTER: _guard,
                             CONCAT_FILTER: _concat, BOUNDED_FILTER: _bounded})
        self._sources: weakref.WeakKeyDictionary[nodes.Template, str] = \
            weakref.WeakKeyDictionary()
        self.recorded: list[str] | None = None
        """When a list, every template source :meth:`parse` reads is added to it
        (vbhc.renderer.precompile collects the shipped parts this way)."""

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Rewrite(name, filename).visit(super()._parse(source, name, filename))
        if name is None and filename is None:  # from_string's trees, as vbhc compiles them
            self._sources[tree] = source
            if self.recorded is not None:
                self.recorded.append(source)
        return tree

    def compile(self, source: str | nodes.Template, name: str | None = None,  # type: ignore[override]
                filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> str | CodeType:
        """Jinja's ``compile``; a template source (or a tree :meth:`parse` made from one)
        that is one of the shipped templates' parts, compiled ahead by ``make templates``
        with this very sandbox and Jinja version (vbhc.renderer.precompile), is not generated
        again: its stored code is the code this would generate."""
        if not raw and not defer_init and name is None and filename is None:
            text = source if isinstance(source, str) else self._sources.get(source)
            code = compiled_ahead(text) if text is not None else None
            if code is not None:
                return code
        return super().compile(source, name, filename, raw, defer_init)  # type: ignore[call-overload]

    @staticmethod
    def vbhc_print(value: Any) -> Markup:
        """Return what ``{{ value }}`` prints: ``escape(_finalize(value))`` (a scalar, else
        the error _finalize raises), an exact Markup or str answered without the two calls
        (escape gives a Markup of the same text for the one, of its escaped text for the
        other)."""
        kind = type(value)
        if kind is Markup:
            return value
        if kind is str:
            return escape(value)
        return escape(_finalize(value))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Only the loop variables' data attributes; dict keys never come through here."""
        return isinstance(obj, LoopContext) and attr in LOOP_ATTRIBUTES

    def is_safe_callable(self, obj: Any) -> bool:
        """Nothing is callable from a template (filters are not calls)."""
        return False

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Refuse every call (defence in depth: calls are already refused at parse time)."""
        raise SecurityError("mẫu không được gọi hàm hay phương thức")

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``x.name``: a key of a dict, a loop variable, or refused."""
        if type(obj) is dict:  # the usual case first, answered as below
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            return self.undefined(obj=obj, name=attribute)
        if self.is_safe_attribute(obj, attribute, None):
            return getattr(obj, attribute)
        raise SecurityError(f"thuộc tính '{attribute}' của {_kind(obj)} không được phép; "
                            "mẫu chỉ được đọc các trường dữ liệu")

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``x[key]``: dict key, list/str index or slice; nothing else."""
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        if isinstance(obj, LoopContext) and isinstance(argument, str):
            return self.getattr(obj, argument)
        if not isinstance(obj, (dict, list, tuple, str)):
            raise SecurityError(f"không được lấy phần tử [...] của {_kind(obj)}")
        if isinstance(obj, dict) and not isinstance(argument, str):
            return self.undefined(obj=obj, name=argument)
        try:
            return obj[argument]
        except (LookupError, TypeError, ValueError):
            return self.undefined(obj=obj, name=argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Arithmetic and ``+``/``*`` on strings and lists, refused before it grows too big."""
        spent = _current()
        spent.tick()
        for side in (left, right):
            if isinstance(side, Undefined):
                side._fail_with_undefined_error()
            if not isinstance(side, (*SCALARS, list, tuple, float)):
                raise SecurityError(f"phép '{operator}' không dùng được với {_kind(side)}")
        limits = spent.limits
        if operator == "%" and isinstance(left, str):
            raise SecurityError("mẫu không được định dạng chuỗi bằng '%'")
        if operator == "**":
            if isinstance(right, int) and isinstance(left, int) and not isinstance(left, bool):
                if abs(left) > 1 and abs(right) * max(abs(left).bit_length(), 1) > limits.int_bits:
                    raise TemplateLimitError("mẫu tính lũy thừa quá lớn")
            elif isinstance(right, (int, float, Decimal)) and abs(right) > 10_000:
                raise TemplateLimitError("mẫu tính lũy thừa quá lớn")
        elif operator == "*":
            seq, times = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                spent.size(_size(seq) * max(times, 0))
            elif (isinstance(left, int) and isinstance(right, int)
                  and abs(left).bit_length() + abs(right).bit_length() > limits.int_bits):
                raise TemplateLimitError("mẫu tính ra số quá lớn")
        elif operator == "+" and isinstance(left, (str, list, tuple)):
            spent.size(_size(left) + _size(right))
        elif (operator == "+" and isinstance(left, int) and isinstance(right, int)
              and max(abs(left).bit_length(), abs(right).bit_length()) > limits.int_bits):
            raise TemplateLimitError("mẫu tính ra số quá lớn")
        result = self.binop_table[operator](left, right)
        if isinstance(result, (str, list, tuple)) and operator != "+":
            spent.size(_size(result))
        return result

    def call_unop(self, context: Any, operator: str, arg: Any) -> Any:
        """Unary ``-``/``+`` on numbers only."""
        _current().tick()
        if isinstance(arg, Undefined):
            arg._fail_with_undefined_error()
        if not isinstance(arg, (int, float, Decimal)):
            raise SecurityError(f"phép '{operator}' chỉ dùng với số")
        return self.unop_table[operator](arg)


@cache
def jinja_env() -> TemplateSandbox:
    """Return the one environment every template renders in (shipped or custom, rendering
    or ``vbhc template check``): a ``TemplateSandbox``, made once per process."""
    return TemplateSandbox()


def render_bounded(template: Any, context: dict[str, Any], limits: RenderLimits,
                   where: str) -> str:
    """Return ``template`` rendered for ``context`` (made :func:`plain`), streamed and bounded.

    Raises TemplateLimitError past ``limits``; Jinja and sandbox errors pass through.
    """
    data = plain(context)
    with budget(limits, where) as spent:
        out: list[str] = []
        append = out.append
        total = 0
        chars, most, deadline = limits.chars, limits.steps, spent.deadline
        monotonic = time.monotonic
        for chunk in template.generate(data):
            # spent.size(total, chars) and spent.tick(), without two calls per chunk
            total += len(chunk)
            if total > chars:
                spent.size(total, chars)  # raises
            spent.steps += 1
            if spent.steps > most or monotonic() > deadline:
                spent.tick(0)  # raises
            append(chunk)
    return "".join(out)



COMPILED = "mau-bien-dich"
"""The folder (in vbhc/data) of the shipped templates' parts compiled ahead: one
``<key>.pyj`` file of Python source (what Jinja generates in this sandbox) per templated
part, ``key`` being :func:`compiled_key` of its template source. Written by
``make templates`` (vbhc.renderer.precompile); Python keeps its bytecode in ``__pycache__``
as for a module, so a cold start neither generates nor compiles a shipped template."""


@cache
def _sandbox_digest() -> str | None:
    """SHA-256 of this module's source: what the generated code depends on besides Jinja;
    None when the source is not on disk (a frozen application, a .pyc-only install): then
    no stored code is taken and every template is compiled as usual."""
    try:
        return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
    except OSError:
        return None


def compiled_key(source: str) -> str:
    """Return the name under which the code for template ``source`` is stored: SHA-256 of
    the Jinja version, this module's source and ``source``, so a changed sandbox or Jinja
    never finds code made by another one."""
    return hashlib.sha256("\0".join((JINJA_VERSION, _sandbox_digest() or "", source))
                          .encode("utf-8")).hexdigest()


def compiled_ahead(source: str) -> CodeType | None:
    """Return the code stored for template ``source`` (None when there is none: every other
    template, a user's too, is parsed, checked and compiled as usual)."""
    return stored_code(compiled_key(source))


def stored_code(key: str) -> CodeType | None:
    """Return the code stored under ``key`` (a :func:`compiled_key`) in ``COMPILED``, as
    ``compile`` would have made it from the template's source; None when there is none, or
    when this module's source is not on disk (nothing to match the key against)."""
    if _sandbox_digest() is None:
        return None
    path = Path(str(files("vbhc.data").joinpath(f"{COMPILED}/{key}.pyj")))
    if not path.is_file():
        return None
    name = f"vbhc_mau_{key[:16]}"
    return _renamed(SourceFileLoader(name, str(path)).get_code(name), "<template>")


def _renamed(code: CodeType, filename: str) -> CodeType:
    """Return ``code`` as ``compile(..., filename)`` would have made it (the file name Jinja
    gives a template compiled from a string), nested functions included."""
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c
                   for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)
