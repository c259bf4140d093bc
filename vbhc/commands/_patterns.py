"""The regular expressions a cold ``vbhc render`` compiles, stored compiled (issue 21).

Python compiles every regular expression from its text on every start: ``re``'s parser and
code generator are Python code, and a character class is walked code point by code point
(a class spanning a few thousand letters costs 4-12 M instructions). A cold ``vbhc render``
of one small file compiles ~120 patterns (its own, and those of click, PyYAML, Jinja,
pydantic and the standard library it imports): ~80 M instructions, 7 % of the run.

``make templates`` (``python -m vbhc.commands._patterns``) runs one cold render and stores
the compiled program of each pattern it compiles in ``vbhc/data/re-bien-dich.json``: the
pattern's text and flags, and what ``re._compiler.compile`` hands to ``_sre.compile`` (the
code words, group count and names). :func:`seed` puts those compiled patterns in ``re``'s
cache before anything is imported, so ``re.compile`` of the same text and flags returns
them: the same program, the same matches (Pattern objects compare equal when their text,
flags and code are; tests/test_speed_cold_patterns.py checks every stored one). Stored for
exactly one Python build (its version string, ``_sre.MAGIC`` and code size): any other
Python, a missing or unreadable file, or a ``re`` without the cache compiles as before.
"""

from __future__ import annotations

import os
import sys
from typing import Any

STORE = "re-bien-dich.json"
"""The file (in vbhc/data) of the stored compiled patterns: one JSON object whose first key,
``{"crc32":"xxxxxxxx",`` (8 hex digits), is the CRC-32 of the file's bytes after it. A
changed byte, which could make another program (``_sre.compile`` checks the code's form
only: a changed word can crash Python) or give a text a program it has not, makes the store
unused."""

_CHECK = b'{"crc32":"'
_BODY = len(_CHECK) + 10  # where the checked bytes start: after the 8 digits and '",'

RUN_AND_RECORD = """
try:
    from vbhc.cli import run
    run()
except SystemExit as exc:
    assert not exc.code, exc.code
finally:
    with open(out_path, "w") as out:
        json.dump(seen, out)
"""
"""The end of a recorder script (here and vbhc.commands._ahead): one vbhc run with the
arguments left in sys.argv, then what it recorded (``seen``) written to ``out_path``."""

_RECORD = """
import json, os, sys
import re._compiler as compiler
out_path, mode = sys.argv[1:3]
sys.argv = ["vbhc", *sys.argv[3:]]
here = os.path.dirname(os.path.dirname(os.path.abspath(compiler.__file__)))
seen = []
_compile = compiler.compile
def compile(p, flags=0):
    if isinstance(p, (str, bytes)):
        frame = sys._getframe(1)
        while frame.f_code.co_filename.startswith(here + os.sep + "re" + os.sep):
            frame = frame.f_back
        seen.append([p if isinstance(p, str) else p.decode("latin-1"),
                     "b" if isinstance(p, bytes) else "s", flags,
                     frame.f_code.co_filename])
    return _compile(p, flags)
compiler.compile = compile
from vbhc.commands import _patterns
if mode == "plain":
    _patterns.seed = lambda: None
""" + RUN_AND_RECORD


def store_path() -> str:
    """Return the path of :data:`STORE` (vbhc/data, next to this package; read without
    importing vbhc.data, which itself compiles patterns)."""
    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                        "data", STORE)


def python_key() -> str:
    """Return what the stored programs are valid for: this Python's version string, the
    regular-expression engine's MAGIC and code word size (a program is only ever handed to
    the engine that made it)."""
    import _sre

    return (f"{sys.version} | {sys.implementation.cache_tag} | {_sre.MAGIC} | {_sre.CODESIZE}"
            f" | {sys.byteorder}")


def seed() -> None:
    """Put every stored compiled pattern into ``re``'s cache (keyed, as ``re`` keys it, by
    the pattern's type, text and flags) unless the cache already holds that key; nothing is
    done when the store was made by another Python, cannot be read, or ``re`` keeps no such
    cache."""
    import re

    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    try:
        import _sre
        import json
        import zlib

        with open(store_path(), "rb") as stored:
            raw = stored.read()
        if raw[:len(_CHECK)] != _CHECK or raw[_BODY - 2:_BODY] != b'",' or int(
                raw[len(_CHECK):_BODY - 2], 16) != zlib.crc32(memoryview(raw)[_BODY:]):
            return  # damaged: changed, cut short or added to
        data = json.loads(raw)
        if data.get("python") != python_key():
            return
        for text, kind, flags, final, code, groups, groupindex, indexgroup in data["patterns"]:
            pattern = text if kind == "s" else text.encode("latin-1")
            key = (type(pattern), pattern, flags)
            if key not in cache:
                words = memoryview(bytes.fromhex(code)).cast("I")
                if words.itemsize != _sre.CODESIZE:
                    return
                cache[key] = _sre.compile(pattern, final, words.tolist(), groups, groupindex,
                                          tuple(indexgroup))
    except Exception:  # unreadable: compiled from their text as before
        return


def compiled_entry(text: str | bytes, flags: int) -> list[Any]:
    """Return the stored form of one pattern: [text, "s"|"b", flags, final flags, code,
    groups - 1, {name: group}, [name or None per group]], exactly what
    ``re._compiler.compile`` hands to ``_sre.compile`` (bytes patterns as Latin-1 text; the
    code words as the hex of their native unsigned ints: JSON reads one string ~20 times
    faster than thousands of numbers)."""
    from array import array
    from re import _compiler, _parser  # type: ignore[attr-defined]

    tree = _parser.parse(text, flags)
    code = _compiler._code(tree, flags)
    groupindex = dict(tree.state.groupdict)
    indexgroup: list[str | None] = [None] * tree.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    shown = text if isinstance(text, str) else text.decode("latin-1")
    return [shown, "s" if isinstance(text, str) else "b", flags, flags | tree.state.flags,
            array("I", code).tobytes().hex(), tree.state.groups - 1, groupindex, indexgroup]


def recorded(args: list[str], seeded: bool = False) -> list[tuple[str | bytes, int, str]]:
    """Return (pattern, flags, file of the code compiling it) of every pattern ``vbhc
    *args`` compiles from its text in a fresh process (nothing seeded, or the stored
    patterns seeded as ``vbhc`` does), in order, once each."""
    import json
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "seen.json")
        subprocess.run([sys.executable, "-c", _RECORD, out, "seeded" if seeded else "plain",
                        *args], check=True, cwd=folder, capture_output=True)
        with open(out, encoding="utf-8") as seen:
            rows = json.load(seen)
    found: dict[tuple[str | bytes, int, str], None] = {}
    for text, kind, flags, where in rows:
        found[(text if kind == "s" else text.encode("latin-1"), flags, where)] = None
    return list(found)


def cold_render_patterns(source: str, seeded: bool = False
                         ) -> list[tuple[str | bytes, int, str]]:
    """Return what :func:`recorded` returns for a cold ``vbhc render`` of the YAML file
    ``source`` (``make templates`` names the small example ``make bench`` times)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return recorded(["render", os.path.abspath(source), "-o",
                         os.path.join(folder, "x.docx")], seeded)


def store_text(patterns: list[tuple[str | bytes, int]]) -> str:
    """Return the JSON text of the store for ``patterns`` ((text, flags) pairs; sorted and
    once each: the same patterns give the same bytes), as :data:`STORE` describes it."""
    import json
    import zlib

    entries = sorted((compiled_entry(text, flags) for text, flags in set(patterns)),
                     key=lambda e: (e[1], e[0], e[2]))
    body = json.dumps({"python": python_key(), "patterns": entries}, ensure_ascii=True,
                      separators=(",", ":"))[1:] + "\n"
    return f"{_CHECK.decode()}{zlib.crc32(body.encode('ascii')):08x}\",{body}"


def main() -> None:
    """Write :data:`STORE` for this Python from a cold render of the YAML file named on the
    command line (``make templates``)."""
    text = store_text([(text, flags) for text, flags, _where in cold_render_patterns(
        sys.argv[1])])
    with open(store_path(), "w", encoding="utf-8") as out:
        out.write(text)
    print(f"{store_path()}: {text.count('],[') + 1} mẫu biểu thức")


if __name__ == "__main__":
    main()
