"""The renderer's character pattern written as a short positive class (issue 21: the negated
class over all of Unicode cost 6.6 ms of every cold start) still matches exactly the
characters outside XML's tab, line feed, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF."""

from __future__ import annotations

import re

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
