"""A damaged cold-start store (vbhc/data/ma-bien-dich.marshal, re-bien-dich.json: a changed,
lost or added byte) is not used: ``vbhc`` compiles from text as without it, never runs code
or a regular-expression program other than what a fresh compile gives, and never stops with
a traceback or a crash (marshal and ``_sre.compile`` check no more than the format: one
changed byte can give other code, a SystemError, or a program that crashes Python)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from types import CodeType

from vbhc.commands import _ahead, _patterns

_TEXTS = {"exec": ["def __create_fn__(__dataclass_type_x__, MISSING):\n"
                   " def __init__(self, x:__dataclass_type_x__=1, y=2):\n"
                   "  self.x=x\n  self.y=y\n return __init__",
                   "x = (1, 'a', 2.5)"],
          "eval": ["lambda _cls, a, b: _tuple_new(_cls, (a, b))", "dict[str, int]"]}


def test_no_changed_byte_of_the_code_store_installs_other_code_or_raises(tmp_path,
                                                                        monkeypatch):
    store = _ahead.store_bytes(_TEXTS)
    path = tmp_path / "store"
    monkeypatch.setattr(_ahead, "store_path", lambda: str(path))
    was = _ahead._EXEC or _ahead._EVAL
    _ahead.uninstall()
    try:
        path.write_bytes(store)
        assert _ahead.install()  # whole: installed
        _ahead.uninstall()
        start = store.index(b"\n") + 1
        for cut in range(start, len(store), 7):
            path.write_bytes(store[:cut])
            assert not _ahead.install() and "exec" not in dataclasses.__dict__, cut
        for at in range(start, len(store)):
            for new in {store[at] ^ 1, store[at] ^ 0x40, 0}:
                path.write_bytes(store[:at] + bytes([new]) + store[at + 1:])
                if _ahead.install():
                    for mode, codes in (("exec", _ahead._EXEC), ("eval", _ahead._EVAL)):
                        for text, code in codes.items():
                            assert type(code) is CodeType, at
                            assert code == _ahead.compiled(text, mode), at
                _ahead.uninstall()
    finally:
        _ahead.uninstall()
        monkeypatch.undo()
        if was:
            _ahead.install()


_SEED = """
import json, re, sys
from vbhc.commands import _patterns
path = sys.argv[1]
_patterns.store_path = lambda: path
store = open(path, "rb").read()
fresh = {}
def seeded():
    re._cache.clear()
    _patterns.seed()
    got = dict(re._cache)
    re._cache.clear()
    for (kind, text, flags), p in got.items():
        f = fresh.setdefault((kind, text, flags), re._compiler.compile(text, flags))
        assert (p, p.groups, p.groupindex) == (f, f.groups, f.groupindex), text
    return len(got)
print(seeded())
for at in range(len(store)):
    for new in {store[at] ^ 1, ord("0"), ord("1"), ord("9")}:
        with open(path, "wb") as out:
            out.write(store[:at] + bytes([new]) + store[at + 1:])
        seeded()
print("held")
"""


def test_no_changed_byte_of_the_pattern_store_seeds_another_program_or_crashes(tmp_path):
    store = _patterns.store_text([("^[-+] \\S.*;$", 0), (b"([*?[])", 0), ("(?P<a>x)|y", 2)])
    path = tmp_path / "re.json"
    path.write_text(store, "utf-8")
    done = subprocess.run([sys.executable, "-c", _SEED, str(path)], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["3", "held"]


def test_the_first_changed_code_word_found_to_crash_python_is_not_seeded(tmp_path):
    """One code word of ``^[-+] \\S.*;$`` changed from 4 to 1 (a flipped hex digit of the
    store): ``_sre.compile`` accepted it and Python crashed (SIGSEGV)."""
    store = _patterns.store_text([("^[-+] \\S.*;$", 0)])
    data = json.loads(store)
    code = data["patterns"][0][4]
    words = [code[i:i + 8] for i in range(0, len(code), 8)]
    assert words[17] == "04000000"
    damaged = store.replace(code, "".join(words[:17] + ["01000000"] + words[18:]))
    assert damaged != store
    path = tmp_path / "re.json"
    path.write_text(damaged, "utf-8")
    done = subprocess.run([sys.executable, "-c", _SEED.split("for at")[0], str(path)],
                          capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.split()) == (0, ["0"]), done.stderr[-2000:]
