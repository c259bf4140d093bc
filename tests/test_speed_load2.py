"""The loader's cheaper walks give the same answers (issue 21, session 29).

- the loader's look at a document's strings (all NFC? any that normalise_chars changes?)
  is answered string by string from a memo kept by content: the same answers as the
  joined text, for exact strings and for str subclasses, memo cold or warm.
"""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import loader
from vbhc.loader import NOT_NFC, NOT_PLAIN, strings_flags, text_flags
from vbhc.model.text import MAX_KEPT_TEXT, needs_normalising

_TEXTS = st.lists(st.text(alphabet=st.sampled_from(
    ["a", "e", "ê", "\u0301", "\u0323", "\u0302", "\u00a0", "\u200b", " ", "\n", "A",
     "\u1100", "\u1161", "\u0b47", "\u0b3e", "\u00ad", "ế"]), max_size=6), max_size=6)


def _expected(texts: list[str]) -> int:
    joined = "\n".join(texts)
    return ((0 if unicodedata.is_normalized("NFC", joined) else NOT_NFC)
            | (NOT_PLAIN if needs_normalising(joined) else 0))


class _Text(str):
    """A str subclass: looked at each time, never through the memo."""


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_string_flags_answer_as_the_joined_text(texts: list[str]) -> None:
    want = _expected(texts)
    assert strings_flags(texts) == want  # memo cold or warm, in any order
    assert strings_flags(list(reversed(texts))) == want
    assert strings_flags([_Text(t) for t in texts]) == want
    assert [text_flags(t) for t in texts] == [loader._kept_flags(t) for t in texts]


def test_long_texts_and_the_memo_bound() -> None:
    long_nfd = "a\u0301" * MAX_KEPT_TEXT
    assert strings_flags(["ok", long_nfd]) == NOT_NFC
    assert strings_flags(["x\u00a0y" * MAX_KEPT_TEXT]) == NOT_PLAIN
    assert strings_flags([]) == 0
    for i in range(5000):
        strings_flags([f"văn bản {i}"])
    assert loader._kept_flags.cache_info().currsize <= 4096
