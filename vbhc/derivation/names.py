"""Comparing Vietnamese names the way a clerk types them: any case, with or without marks."""

from __future__ import annotations

import re
from functools import lru_cache

from vbhc.lang.marks import unmarked


@lru_cache(maxsize=8192)  # the same names come back for every unit of a derive --all
def fold(text: str) -> str:
    """Return ``text`` lower-cased, without diacritics, spaces collapsed: "Cao Lộc" -> "cao loc"."""
    text = re.sub(r"[.\s]+", " ", unmarked(text).lower())
    return text.strip()


@lru_cache(maxsize=8192)
def slug(text: str) -> str:
    """Return a file-name slug: "thành phố Lạng Sơn" -> "thanh-pho-lang-son"."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def upper_first(text: str) -> str:
    """Return ``text`` with its first letter in capitals (sentence start)."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Return ``text`` with its first letter in lower case unless the first word is an acronym."""
    word = text.split(" ", 1)[0]
    if len(word) > 1 and word.isupper():
        return text
    return text[:1].lower() + text[1:]
