"""The renderer's character pattern written as a short positive class (issue 21: the negated
class over all of Unicode cost 6.6 ms of every cold start) still matches exactly the
characters outside XML's tab, line feed, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF."""

from __future__ import annotations

import re
from pathlib import Path

from vbhc.renderer import engine


def test_the_pattern_matches_the_same_characters_as_the_negated_class():
    negated = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
    for code in range(0x110000):
        char = chr(code)
        assert (engine._NOT_AS_WRITTEN.search(char) is None) == (negated.search(char) is None), \
            hex(code)


def test_the_stored_names_are_what_the_renderer_finds_in_each_shipped_part():
    import json
    from importlib.resources import files

    from vbhc.renderer import ahead, precompile
    from vbhc.renderer.sandbox import COMPILED

    stored = json.loads(files("vbhc.data").joinpath(f"{COMPILED}/{ahead.NAMES}")
                        .read_text("utf-8"))
    assert stored == precompile.stored_names(), "chạy: make templates"
    assert len(stored["names"]) == len(precompile.shipped_sources())


def test_a_shipped_template_taken_ahead_is_the_template_analysed_from_its_parts():
    from vbhc.renderer.sandbox import jinja_env
    from vbhc.renderer.template import templates_dir

    env = jinja_env()
    for path in sorted(templates_dir().glob("*.docx"))[:6]:
        fast = engine.analyse(path)
        env.recorded = []  # what precompile does: every part parsed and compiled
        try:
            slow = engine.analyse(path)
        finally:
            env.recorded = None
        assert (fast.used, fast.problems, fast.syntax_ok) == \
            (slow.used, slow.problems, slow.syntax_ok)
        assert list(fast.compiled) == list(slow.compiled)
        for name, template in fast.compiled.items():
            assert template.root_render_func.__code__ == \
                slow.compiled[name].root_render_func.__code__
            assert template.debug_info == slow.compiled[name].debug_info


def _full(path):
    """analyse(path) the long way: every part parsed, mended, checked and compiled."""
    from vbhc.renderer.sandbox import jinja_env

    env = jinja_env()
    env.recorded = []
    try:
        return engine.analyse(path)
    finally:
        env.recorded = None


def test_every_shipped_template_taken_whole_is_the_template_analysed_in_full():
    """A shipped template known by its parts (ahead.shipped_template) gives what the full
    analysis gives: parts, info, names, problems and the same code for each part."""
    from vbhc.docx.package import read_package_entries
    from vbhc.renderer import ahead
    from vbhc.renderer.template import canonical_style_ids, templates_dir

    for path in sorted(templates_dir().glob("*.docx")):
        package, parts = read_package_entries(path)
        assert ahead.shipped_template(package.main_name, canonical_style_ids(parts)), path
        fast, slow = engine.analyse(path), _full(path)
        assert (fast.parts, fast.info, fast.used, fast.problems, fast.syntax_ok) == \
            (slow.parts, slow.info, slow.used, slow.problems, slow.syntax_ok), path
        assert list(fast.compiled) == list(slow.compiled)
        for name, template in fast.compiled.items():
            assert template.root_render_func.__code__ == \
                slow.compiled[name].root_render_func.__code__
            assert template.debug_info == slow.compiled[name].debug_info


def test_a_changed_template_or_analysis_code_is_analysed_in_full(tmp_path, monkeypatch):
    """One byte changed in a part, or another analysis code (ANALYSIS_MODULES' digest),
    and nothing stored is taken: the template is analysed as any user's."""
    import zipfile

    from vbhc.renderer import ahead
    from vbhc.renderer.template import template_path

    source = template_path("thong-bao")
    changed = tmp_path / "thong-bao.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(changed, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body> ", 1)
            zout.writestr(info, data)
    calls = []
    original = ahead.shipped_part
    monkeypatch.setattr(ahead, "shipped_part", lambda s: calls.append(s) or original(s))
    assert engine.analyse(changed).problems == []
    assert calls  # the parts went the long way
    calls.clear()
    engine.analyse(source)
    assert not calls  # taken whole
    monkeypatch.setattr(ahead, "analysis_digest", lambda: "khác")
    ahead._templates.cache_clear()
    try:
        assert engine.analyse(source).problems == []
        assert calls
    finally:
        ahead._templates.cache_clear()


def test_a_shipped_template_is_not_taken_whole_under_another_jinja(monkeypatch):
    """The stored code of a whole shipped template was made by one Jinja version: under
    another (an upgraded jinja2) it is not taken, as a shipped part's code is not
    (compiled_key holds the version; shipped_template trusted ten.json's keys without it)."""
    from vbhc.docx.package import read_package_entries
    from vbhc.renderer import ahead, sandbox
    from vbhc.renderer.template import canonical_style_ids, template_path

    package, parts = read_package_entries(template_path("thong-bao"))
    parts = canonical_style_ids(parts)
    assert ahead.shipped_template(package.main_name, parts) is not None
    monkeypatch.setattr(sandbox, "JINJA_VERSION", "0.0.khac")
    ahead.analysis_digest.cache_clear()
    ahead._templates.cache_clear()
    try:
        assert ahead.shipped_template(package.main_name, parts) is None
    finally:
        ahead.analysis_digest.cache_clear()
        ahead._templates.cache_clear()


def test_the_filters_and_required_names_are_in_the_analysis_digest():
    """What analyse checks a template's names against -- the filters it may use
    (lang/filters.py) and the names each kind's template must use (data/mau-bat-buoc.yaml) --
    is in analysis_digest: an edited copy of either takes no stored template."""
    from vbhc.renderer import ahead

    assert {"lang/filters.py", "data/mau-bat-buoc.yaml"} <= set(ahead.ANALYSIS_MODULES)
    root = Path(ahead.__file__).resolve().parents[1]
    assert all((root / name).is_file() for name in ahead.ANALYSIS_MODULES)
