"""The code the standard library compiles from text on a cold start, compiled ahead (issue 21).

Three places of the standard library make code from source text on every start: dataclasses
writes each generated method (``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__``...) as text and ``exec``s it, collections.namedtuple ``eval``s its
``__new__``, and typing.ForwardRef ``compile``s every annotation written as a string
(pydantic-core's TypedDicts hold ~800). A cold ``vbhc render`` of one small file parses
and compiles ~1,200 such texts (the dataclasses of vbhc, pydantic, annotated-types...):
~200 M instructions, a fifth of the run.

``make templates`` (``python -m vbhc.commands._ahead``) records those texts during one cold
render and stores, for each, the code object ``compile(text, "<string>", mode)`` gives,
in ``vbhc/data/ma-bien-dich.marshal`` (marshal: the format of Python's own .pyc files),
after a first line naming the Python build it was made by. :func:`install` gives those
three modules an ``exec``/``eval``/``compile`` of their own (a global of the module, which
their calls find before the builtin) that takes the stored code for a text it holds and
hands everything else to the builtin unchanged: the same code objects (same bytecode,
names, constants, line table, file name "<string>"), so the same functions and classes
(tests/test_speed_cold_ahead.py). Another Python build, an unreadable store or a text not
stored: compiled as before.

This module has no ``from __future__`` import on purpose: a builtin ``exec``/``eval``/
``compile`` of a text called from here takes this module's compiler flags, which are then
the same as those of the modules it stands in for (none).
"""

import builtins
import os
import sys
from types import CodeType

from vbhc.commands import _patterns

STORE = "ma-bien-dich.marshal"
"""The file (in vbhc/data) of the stored code: its first line is :func:`python_key`, the
rest ``marshal.dumps({"exec": {text: code}, "eval": {text: code}})`` and the CRC-32 of
those bytes (4 bytes, big-endian; marshal.loads leaves bytes after its object alone): a
changed byte, which marshal may read as other code or answer with a SystemError, makes the
store unused."""

PATCHED = (("dataclasses", "exec"), ("collections", "eval"), ("typing", "compile"))
"""(module, builtin) pairs :func:`install` stands in for: each module calls that builtin
on generated text, and nowhere else."""

_EXEC: dict = {}
_EVAL: dict = {}


def store_path() -> str:
    """Return the path of :data:`STORE` (vbhc/data, next to this package)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "data", STORE)


def python_key() -> bytes:
    """Return what the stored code is valid for: this Python's version string, its cache
    tag, the magic number of its bytecode and its optimisation level (-O), one line of
    ASCII."""
    from importlib.util import MAGIC_NUMBER

    return (f"{sys.version} | {sys.implementation.cache_tag} | {MAGIC_NUMBER.hex()}"
            f" | -O{sys.flags.optimize}").encode("ascii", "replace").replace(b"\n", b" ")


def _exec(source, globals=None, locals=None, /):
    """``exec`` for dataclasses: the stored code of a text it holds, else the builtin."""
    code = _EXEC.get(source) if type(source) is str else None
    if globals is None:  # the caller's namespace, as the builtin takes it
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    return builtins.exec(source if code is None else code, globals, locals)


def _eval(source, globals=None, locals=None, /):
    """``eval`` for collections: the stored code of a text it holds, else the builtin."""
    code = _EVAL.get(source) if type(source) is str else None
    if globals is None:
        frame = sys._getframe(1)
        globals, locals = frame.f_globals, frame.f_locals if locals is None else locals
    return builtins.eval(source if code is None else code, globals, locals)


def _compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
    """``compile`` for typing: the stored code of an expression it holds, else the
    builtin (a text that is no expression raises the builtin's SyntaxError)."""
    if type(source) is str and filename == "<string>" and mode == "eval" and not flags \
            and optimize == -1:
        code = _EVAL.get(source)
        if code is not None:
            return code
    return builtins.compile(source, filename, mode, flags, dont_inherit, optimize)


_SHADOWS = {"exec": _exec, "eval": _eval, "compile": _compile}


def install() -> bool:
    """Read the stored code and let dataclasses, collections and typing take it (see the
    module's text); return whether it was installed. Nothing changes when the store was
    made by another Python build or cannot be read."""
    if _EXEC or _EVAL:
        return True
    try:
        import marshal
        import zlib

        with open(store_path(), "rb") as stored:
            head = stored.readline()
            if head.rstrip(b"\n") != python_key():
                return False
            body = memoryview(stored.read())
        if len(body) < 4 or zlib.crc32(body[:-4]) != int.from_bytes(body[-4:], "big"):
            return False  # damaged: changed, cut short or added to
        data = marshal.loads(body[:-4])
        exec_codes, eval_codes = dict(data["exec"]), dict(data["eval"])
    except Exception:  # any other unreadable store: compiled from text as before
        return False
    from importlib import import_module

    _EXEC.update(exec_codes)
    _EVAL.update(eval_codes)
    for module, name in reversed(PATCHED):  # collections first: importing dataclasses
        setattr(import_module(module), name, _SHADOWS[name])  # makes named tuples
    return True


def uninstall() -> None:
    """Undo :func:`install` (tests): the three modules call the builtins again."""
    for module, name in PATCHED:
        if sys.modules.get(module) is not None:
            sys.modules[module].__dict__.pop(name, None)
    _EXEC.clear()
    _EVAL.clear()


# -- make templates -----------------------------------------------------------------------

_RECORD = """
import builtins, json, sys
out_path, mode = sys.argv[1:3]
sys.argv = ["vbhc", *sys.argv[3:]]
seen = {"exec": [], "eval": []}
def origin(depth):
    # the module of the dataclass being made, else of the code calling the library
    frame = sys._getframe(depth)
    while frame is not None:
        if frame.f_code.co_name == "_process_class" and "cls" in frame.f_locals:
            return frame.f_locals["cls"].__module__
        frame = frame.f_back
    return sys._getframe(depth + 1).f_globals.get("__name__", "")
def _exec(source, globals=None, locals=None, /):
    if type(source) is str:
        seen["exec"].append([source, origin(1)])
    return builtins.exec(source, globals, locals)
def _eval(source, globals=None, locals=None, /):
    if type(source) is str:
        seen["eval"].append([source, origin(1)])
    return builtins.eval(source, globals, locals)
def _compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):
    if type(source) is str and filename == "<string>" and mode == "eval" and not flags:
        seen["eval"].append([source, origin(1)])
    return builtins.compile(source, filename, mode, flags, dont_inherit, optimize)
from vbhc.commands import _ahead
if mode == "plain":
    import collections
    collections.eval = _eval
    import typing
    typing.compile = _compile
    import dataclasses
    dataclasses.exec = _exec
    _ahead.install = lambda: False
else:  # installed: what is still compiled from text
    _ahead.builtins = type(sys)("builtins_probe")
    _ahead.builtins.exec, _ahead.builtins.eval, _ahead.builtins.compile = _exec, _eval, _compile
""" + _patterns.RUN_AND_RECORD


def recorded(args: list[str], installed: bool = False) -> dict[str, list[tuple[str, str]]]:
    """Return {"exec": [(text, module)], "eval": [(text, module)]}: the texts dataclasses,
    collections and typing compile while ``vbhc *args`` runs in a fresh process, once each,
    with the module they were made for (a dataclass's module, else the caller's). Nothing
    installed, or (``installed``) the texts still compiled with the store installed."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "seen.json")
        subprocess.run([sys.executable, "-c", _RECORD, out,
                        "installed" if installed else "plain", *args],
                       check=True, cwd=folder, capture_output=True)
        with open(out, encoding="utf-8") as seen:
            rows = json.load(seen)
    return {mode: list(dict.fromkeys(map(tuple, texts))) for mode, texts in rows.items()}


def cold_render_texts(source: str, installed: bool = False
                      ) -> dict[str, list[tuple[str, str]]]:
    """Return what :func:`recorded` returns for a cold ``vbhc render`` of the YAML file
    ``source`` (``make templates`` names the small example ``make bench`` times)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return recorded(["render", os.path.abspath(source), "-o",
                         os.path.join(folder, "x.docx")], installed)


def compiled(text: str, mode: str) -> CodeType:
    """Return the code ``mode`` ("exec" or "eval") makes of ``text`` with no inherited
    compiler flags, as dataclasses' ``exec``, namedtuple's ``eval`` and ForwardRef's
    ``compile`` make it; SyntaxError for a text that is not one."""
    return builtins.compile(text, "<string>", mode, 0, True)


def store_bytes(texts: dict[str, list[str]]) -> bytes:
    """Return the store's bytes for ``texts`` ({"exec": [text...], "eval": [text...]}; an
    "eval" text with leading blanks, which eval strips and compile refuses, is left
    out), as :data:`STORE` describes them."""
    import marshal
    import zlib

    data = {"exec": {t: compiled(t, "exec") for t in sorted(set(texts["exec"]))},
            "eval": {t: compiled(t, "eval") for t in sorted(set(texts["eval"]))
                     if t == t.lstrip(" \t")}}
    body = marshal.dumps(data)
    return python_key() + b"\n" + body + zlib.crc32(body).to_bytes(4, "big")


def main() -> None:
    """Write :data:`STORE` for this Python from a cold render of the YAML file named on the
    command line (``make templates``)."""
    data = store_bytes({mode: [text for text, _module in rows]
                        for mode, rows in cold_render_texts(sys.argv[1]).items()})
    with open(store_path(), "wb") as out:
        out.write(data)
    print(f"{store_path()}: {len(data)} byte")


if __name__ == "__main__":
    main()
