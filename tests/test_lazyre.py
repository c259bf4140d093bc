"""vbhc.lazyre: a pattern compiled on first use answers as re.compile's."""

import copy
import re

import pytest

from vbhc.lang import numbers
from vbhc.lazyre import LazyPattern
from vbhc.model import text


def test_same_answers_as_compiled():
    lazy = LazyPattern(r"(\d+)-(\d+)", re.IGNORECASE)
    eager = re.compile(r"(\d+)-(\d+)", re.IGNORECASE)
    assert "search" not in vars(lazy)  # nothing compiled before the first use
    for value in ("12-34", "a 1-2 b 3-4", "", "x"):
        assert [m.groups() for m in lazy.finditer(value)] == \
            [m.groups() for m in eager.finditer(value)]
        assert bool(lazy.fullmatch(value)) == bool(eager.fullmatch(value))
        assert lazy.sub("#", value) == eager.sub("#", value)
    assert (lazy.pattern, lazy.flags) == (eager.pattern, eager.flags)
    assert "search" not in vars(lazy) and "finditer" in vars(lazy)  # kept once used


def test_bad_pattern_fails_on_first_use_and_dunders_are_not_forwarded():
    with pytest.raises(re.error):
        LazyPattern("(").search("x")
    lazy = LazyPattern("a")
    assert copy.copy(lazy).search("ba")  # copy works (no forwarded __reduce_ex__ lookups)
    with pytest.raises(AttributeError):
        lazy._missing  # noqa: B018


def test_module_patterns_still_answer():
    assert numbers._MO_HO_RE.fullmatch("1,250")
    assert text.normalise_chars("a\u00a0b\u200bc") == \
        ("a bc", ["đổi 1 dấu cách không ngắt (NBSP, U+00A0) thành dấu cách thường",
                  "bỏ 1 dấu cách độ rộng 0 (ZWSP, U+200B)"])
