"""The code stored for what dataclasses, namedtuple and typing compile from text on a cold
``vbhc render`` (vbhc.commands._ahead, issue 21) is the code the builtins make, changes no
class, function or message, and is fresh. The speed itself is measured in ``make bench``
(row group ``cold``), never here."""

from __future__ import annotations

import collections
import dataclasses
import marshal
import sys
import typing
from pathlib import Path
from types import CodeType

import pytest

from tests.test_speed_cold_patterns import same_on_and_off
from vbhc.commands import _ahead

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
with open(_ahead.store_path(), "rb") as _stored:
    HEAD = _stored.readline().rstrip(b"\n")
    SAME_PYTHON = _ahead.python_key() == HEAD
    STORED = marshal.loads(_stored.read()) if SAME_PYTHON else {"exec": {}, "eval": {}}
needs_same_python = pytest.mark.skipif(not SAME_PYTHON,
                                       reason="the store was made by another Python build")

def _same_code(a: CodeType, b: CodeType) -> bool:
    """Equal code (bytecode, constants, names, line table...) with the same file and
    qualified names all the way down (code equality leaves those two out)."""
    return a == b and a.co_filename == b.co_filename and a.co_qualname == b.co_qualname \
        and all(_same_code(x, y) for x, y in zip(a.co_consts, b.co_consts, strict=True)
                if isinstance(x, CodeType))


@pytest.fixture
def installed():
    was = _ahead._EXEC or _ahead._EVAL
    _ahead.uninstall()
    assert _ahead.install()
    yield
    _ahead.uninstall()
    if was:
        _ahead.install()


@pytest.fixture
def plain():
    was = _ahead._EXEC or _ahead._EVAL
    _ahead.uninstall()
    yield
    if was:
        _ahead.install()


@needs_same_python
def test_every_stored_code_is_what_the_builtins_compile():
    assert len(STORED["exec"]) > 200 and len(STORED["eval"]) > 100
    for mode in ("exec", "eval"):
        for text, code in STORED[mode].items():
            assert _same_code(code, compile(text, "<string>", mode, 0, True)), text
            assert code.co_filename == "<string>"


@needs_same_python
def test_the_store_holds_every_text_vbhc_s_classes_compile_on_a_cold_render():
    """Stale when a dataclass or named tuple of vbhc's changed: run ``make templates``. (A
    library's text missing from the store only costs its compile.)"""
    plain = _ahead.cold_render_texts(str(SMALL))
    ours = [(mode, text) for mode in plain for text, module in plain[mode]
            if module == "vbhc" or module.startswith("vbhc.")]
    assert len(ours) > 50
    assert [(mode, text) for mode, text in ours if text not in STORED[mode]] == []
    assert _ahead.cold_render_texts(str(SMALL), installed=True) == {"exec": [], "eval": []}


def _made() -> dict:
    """A dataclass (frozen, defaults, a factory), a named tuple and forward references,
    made by whatever dataclasses, collections and typing call."""

    @dataclasses.dataclass(frozen=True)
    class Hop:
        ten: str
        so: int = 2
        ds: tuple = dataclasses.field(default_factory=tuple)

    @dataclasses.dataclass
    class LanDau:  # a text no store holds
        khong_co_trong_kho_s30: int | None = None

    Diem = collections.namedtuple("Diem", "x y")  # noqa: PYI024
    return {"Hop": Hop, "LanDau": LanDau, "Diem": Diem,
            "ref": typing.ForwardRef("list[CoreSchema]"), "ref2": typing.ForwardRef("int")}


def _facts(made: dict) -> dict:
    hop, lan_dau, diem = made["Hop"], made["LanDau"], made["Diem"]
    facts = {}
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        facts[name] = hop.__dict__[name].__code__
    facts["init2"] = lan_dau.__init__.__code__
    facts["new"] = diem.__new__.__code__
    facts["refs"] = (made["ref"].__forward_code__, made["ref2"].__forward_code__)
    value = hop("a", ds=(1,))
    facts["behaviour"] = (repr(value), value == hop("a", 2, (1,)), hash(hop("b")) == hash(
        hop("b")), repr(lan_dau()), diem(1, 2), hop.__init__.__annotations__,
        lan_dau.__init__.__annotations__, hop.__init__.__defaults__)
    for call in (lambda: hop(), lambda: setattr(value, "so", 3), lambda: diem(1),
                 lambda: typing.ForwardRef("1 +")):
        with pytest.raises(Exception) as error:
            call()
        facts.setdefault("errors", []).append((type(error.value), str(error.value)))
    return facts


def test_classes_functions_and_errors_are_the_same_installed_or_not(installed):
    with_store = _facts(_made())
    _ahead.uninstall()
    without = _facts(_made())
    for key, value in with_store.items():
        if isinstance(value, CodeType):
            assert _same_code(value, without[key]), key
        elif key == "refs":
            assert all(_same_code(a, b) for a, b in zip(value, without[key], strict=True))
        else:
            assert value == without[key], key


@needs_same_python
def test_install_takes_the_stored_code_and_uninstall_gives_the_builtins_back(installed):
    assert dataclasses.exec is _ahead._exec  # type: ignore[attr-defined]
    assert collections.eval is _ahead._eval  # type: ignore[attr-defined]
    assert typing.compile is _ahead._compile  # type: ignore[attr-defined]
    text = next(iter(STORED["eval"]))
    assert typing.compile(text, "<string>", "eval") is STORED["eval"][text] or \
        _same_code(typing.compile(text, "<string>", "eval"), STORED["eval"][text])
    _ahead.uninstall()
    for module, name in _ahead.PATCHED:
        assert name not in sys.modules[module].__dict__


def test_nothing_is_installed_for_another_python_or_an_unreadable_store(plain, monkeypatch,
                                                                        tmp_path):
    monkeypatch.setattr(_ahead, "python_key", lambda: b"another Python")
    assert not _ahead.install()
    assert "exec" not in dataclasses.__dict__
    monkeypatch.undo()
    for content in (None, b"", _ahead.python_key() + b"\nnot marshal data"):
        path = tmp_path / "store"
        if content is not None:
            path.write_bytes(content)
        monkeypatch.setattr(_ahead, "store_path", lambda p=path: str(p))
        assert not _ahead.install()
        assert "exec" not in dataclasses.__dict__ and not _ahead._EXEC


def test_a_cold_render_gives_the_same_bytes_and_messages_installed_or_not(tmp_path):
    off = "from vbhc.commands import _ahead; _ahead.install = lambda: False"
    bad = SMALL.read_text("utf-8").replace("so_ky_hieu", "so_ky_hieu_sai", 1) \
        .replace("\n", " \x01\n", 1)
    same_on_and_off(off, bad, tmp_path)


def test_each_patched_module_calls_its_builtin_in_one_place_only():
    """What :data:`_ahead.PATCHED` says of this Python's standard library: dataclasses
    execs only in _create_fn, collections evals only in namedtuple, typing compiles only in
    ForwardRef (a module global stands in for the builtin in the whole module)."""
    import inspect
    import re

    where = {"dataclasses": "_create_fn", "collections": "namedtuple", "typing": "__init__"}
    for module, name in _ahead.PATCHED:
        source = inspect.getsource(sys.modules[module])
        calls = [m.start() for m in re.finditer(rf"(?<![\w.]){name}\(", source)
                 if not source[:m.start()].rsplit("\n", 1)[-1].lstrip().startswith("#")]
        calls = [c for c in calls if "`" not in source[c - 1:c]]
        assert len(calls) == 1, (module, len(calls))
        defs = re.findall(r"\n\s*def (\w+)", source[:calls[0]])
        assert defs[-1] == where[module], (module, defs[-1])
