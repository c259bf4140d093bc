"""The compiled regular expressions stored for a cold ``vbhc render`` (vbhc.commands._patterns,
issue 21) are the ones ``re`` compiles, change no answer, and are fresh. The speed itself is
measured in ``make bench`` (row group ``cold``), never here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vbhc.commands import _patterns

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
STORED = json.loads(Path(_patterns.store_path()).read_text("utf-8"))
SAME_PYTHON = STORED["python"] == _patterns.python_key()
needs_same_python = pytest.mark.skipif(not SAME_PYTHON,
                                       reason="the store was made by another Python build")

_RUN = """
import sys
if sys.argv[1] == "plain":
    exec(sys.argv[2])  # the statement turning a cold-start store off
sys.argv = ["vbhc", *sys.argv[3:]]
from vbhc.cli import run
run()
"""
SEED_OFF = "from vbhc.commands import _patterns; _patterns.seed = lambda: None"


def vbhc_run(mode: str, off: str, *args: str) -> subprocess.CompletedProcess[str]:
    """``vbhc *args`` in a fresh process; with ``mode`` "plain", ``off`` runs first."""
    return subprocess.run([sys.executable, "-c", _RUN, mode, off, *args],
                          capture_output=True, text=True, cwd=ROOT, check=False)


def same_on_and_off(off: str, bad_text: str, tmp_path: Path) -> None:
    """A cold render of SMALL, of a refused input ``bad_text`` and a check of the result
    give the same bytes, messages and exit codes with a store used and turned off by
    ``off``."""
    def run(mode: str, *args: str) -> subprocess.CompletedProcess[str]:
        return vbhc_run(mode, off, *args)

    used = run("used", "render", str(SMALL), "-o", str(tmp_path / "a.docx"))
    plain = run("plain", "render", str(SMALL), "-o", str(tmp_path / "b.docx"))
    assert used.returncode == plain.returncode == 0, used.stderr + plain.stderr
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()
    assert used.stdout.replace("a.docx", "b.docx") == plain.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text(bad_text, "utf-8")
    used = run("used", "render", str(bad), "-o", str(tmp_path / "c.docx"))
    plain = run("plain", "render", str(bad), "-o", str(tmp_path / "d.docx"))
    assert used.returncode == plain.returncode != 0
    assert used.stderr.replace("c.docx", "d.docx") == plain.stderr
    checked = run("used", "check", str(tmp_path / "a.docx"))
    assert checked.stdout == run("plain", "check", str(tmp_path / "a.docx")).stdout


def _seeded(monkeypatch: pytest.MonkeyPatch) -> dict:
    cache: dict = {}
    monkeypatch.setattr(re, "_cache", cache)
    _patterns.seed()
    return cache


def test_the_store_is_in_the_package_and_sorted():
    assert Path(_patterns.store_path()) == ROOT / "vbhc" / "data" / _patterns.STORE
    entries = STORED["patterns"]
    assert len(entries) > 50
    keys = [(e[1], e[0], e[2]) for e in entries]
    assert keys == sorted(set(keys))


@needs_same_python
def test_every_stored_pattern_is_the_one_re_compiles(monkeypatch):
    from re import _compiler  # type: ignore[attr-defined]

    cache = _seeded(monkeypatch)
    assert len(cache) == len(STORED["patterns"])
    for (kind, text, flags), stored in cache.items():
        fresh = _compiler.compile(text, flags)
        assert stored is not fresh
        assert stored == fresh, text  # same text, flags and program
        assert (stored.pattern, stored.flags, stored.groups, stored.groupindex) == (
            fresh.pattern, fresh.flags, fresh.groups, fresh.groupindex)
        assert kind is type(text)
        sample = text if isinstance(text, str) else text.decode("latin-1")
        probe = sample + " Tiếng Việt 12/2024 ☎ \x00 \ud800" if kind is str else (
            text + b" 12/2024 <?xml \x00")
        assert [m.span() for m in stored.finditer(probe)] == [
            m.span() for m in fresh.finditer(probe)]


@needs_same_python
def test_the_store_holds_every_pattern_vbhc_compiles_on_a_cold_render():
    """Stale when a pattern of vbhc's own changed: run ``make templates``. (A library's
    pattern missing from the store only costs its compile.)"""
    plain = _patterns.cold_render_patterns(str(SMALL))
    ours = [p for p in plain if str(ROOT / "vbhc") in p[2]]
    assert len(ours) > 30
    stored = {(e[0] if e[1] == "s" else e[0].encode("latin-1"), e[2])
              for e in STORED["patterns"]}
    assert [p for p in ours if (p[0], p[1]) not in stored] == []
    assert _patterns.cold_render_patterns(str(SMALL), seeded=True) == []  # nothing left to compile


def test_nothing_is_seeded_for_another_python_or_an_unreadable_store(monkeypatch, tmp_path):
    monkeypatch.setattr(_patterns, "python_key", lambda: "another Python")
    assert _seeded(monkeypatch) == {}
    monkeypatch.undo()
    monkeypatch.setattr(_patterns, "store_path", lambda: str(tmp_path / "missing.json"))
    assert _seeded(monkeypatch) == {}
    (tmp_path / "bad.json").write_text('{"python": 1', "utf-8")
    monkeypatch.setattr(_patterns, "store_path", lambda: str(tmp_path / "bad.json"))
    assert _seeded(monkeypatch) == {}


@needs_same_python
def test_a_pattern_already_in_the_cache_is_left_alone(monkeypatch):
    text, kind, flags = STORED["patterns"][-1][:3]
    key = (str if kind == "s" else bytes, text if kind == "s" else text.encode("latin-1"),
           flags)
    mine = object()
    monkeypatch.setattr(re, "_cache", {key: mine})
    _patterns.seed()
    assert re._cache[key] is mine  # type: ignore[attr-defined]
    assert len(re._cache) == len(STORED["patterns"])  # type: ignore[attr-defined]


def test_a_cold_render_gives_the_same_bytes_and_messages_seeded_or_not(tmp_path):
    same_on_and_off(SEED_OFF, SMALL.read_text("utf-8").replace("\n", " \x01 ✓ ☎\n", 2),
                    tmp_path)
