"""An outline node -> ``Muc`` data (vbhc.model.muc), inverting vbhc.model.layout's sections:
the one reading of numbered sections for plans (``muc_khac``) and typed documents (``muc``).

Sub-items stay sections only when vbhc would number them the same way (1., 2. under I.;
a), b) under 1.); otherwise they stay paragraphs that keep their numbers as text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vbhc.importer.figures import content
from vbhc.importer.names import sentence_case
from vbhc.importer.outline import Node
from vbhc.importer.source import Para, emphasised, to_markup
from vbhc.lang.outline import letter, roman

MAX_HEADING = 150  # a longer "1." paragraph that is not bold is a numbered sentence

# depth of the parent (0 = an I. section) -> (outline level of its sections, their numbers)
CHILDREN: dict[int, tuple[int, Callable[[int], str]]] = {
    0: (2, lambda i: str(i + 1)), 1: (5, letter)}


@dataclass(frozen=True)
class Reading:
    """Where a plan's free sections and a typed document's sections are read differently.

    ``top_level``: the I. sections are the whole body (typed documents): their titles,
    printed in capitals, are stored in sentence case, a number out of sequence is warned
    about, and a "1." child must read as a heading (bold, or short and unpunctuated) to
    become a subsection. A plan's free sections share the Roman sequence with the plan's own
    sections, so none of this applies: titles are kept as written, numbers not compared.
    """

    top_level: bool


TYPED = Reading(top_level=True)
PLAN = Reading(top_level=False)


def flatten(node: Node) -> list[Para]:
    """Return the node's paragraphs in order (its own numbered paragraph first), numbers
    kept as text."""
    out = [node.source] if node.source else []
    out += node.paras
    for child in node.children:
        out += flatten(child)
    return out


def heading_like(node: Node) -> bool:
    """Return whether a "1." paragraph reads as a heading: bold, or short and unpunctuated."""
    title = node.plain_title()
    bold = node.source is not None and emphasised(node.source.spans, "bold")
    return bold or len(title) <= MAX_HEADING and not title.endswith((".", ";"))


def arabic_items(nodes: list[Node], warn: Callable[[str], None], where: str,
                 start: int = 0) -> bool:
    """Return whether ``nodes`` (the top items of a body or a part that has no I. level) are
    numbered 1., 2., ... from 1 in order: then vbhc numbers them itself (``cap_muc_dau:
    "1"``) and they import as sections at the 1. level (``section(..., depth=1)``); an item
    that reads as a sentence ("1. Khoa phối hợp ... .", not a heading) becomes an untitled
    section whose first paragraph is the sentence. ``start``: how many items came before
    (numbers running on through lettered parts: then they are ``start + 1``, ...).
    Otherwise warn, naming ``where`` and the item out of sequence, and return False: they
    stay text."""
    if not nodes or any(node.level != 2 for node in nodes):
        return False
    for i, node in enumerate(nodes):
        line = f"'{node.number}. {node.plain_title()[:40]}'"
        if node.number != str(start + i + 1):
            warn(f"{where}: mục {line} đứng thứ {start + i + 1}, các mục 1., 2., ... không "
                 "liên tục nên được giữ nguyên văn, kể cả số thứ tự")
            return False
    return True


def latin_letter(index: int) -> str:
    """Return the index-th point letter of the Latin alphabet (a, b, c, d, e, ...): how
    points are often typed, without the đ that ND30's Vietnamese order has after d."""
    return "abcdefghijklmnopqrstuvwxyz"[index] if index < 26 else ""


def _structured(children: list[Node], depth: int, reading: Reading) -> bool:
    """Return whether ``children`` are numbered as vbhc numbers sections at ``depth + 1``.
    Points lettered in Latin order (a, b, c, d, e: no đ) count too: kept as text, "e)"
    after "d)" is refused by vbhc check; :func:`section` warns that they are relettered."""
    if not children or depth not in CHILDREN:
        return False
    level, number = CHILDREN[depth]
    latin = level == 5 and all(c.number == latin_letter(i) for i, c in enumerate(children))
    for i, child in enumerate(children):
        if child.level != level or child.number != number(i) and not latin:
            return False
        if depth == 0 and reading.top_level and not heading_like(child):
            return False
    return True


def section(node: Node, warn: Callable[[str], None], reading: Reading, depth: int = 0,
            index: int = 0) -> dict[str, Any]:
    """Return the ``Muc`` data of ``node`` (``depth`` 0 for an I. section, ``index`` its
    place among its siblings): ``tieu_de`` (the number when the title is empty),
    ``noi_dung`` (paragraphs as markup, tables as Bang data) and ``muc_con``; empty fields
    left out. Warnings (renumbering, tables kept as paragraphs) go to ``warn``."""
    sentence = depth == 1 and reading.top_level and not heading_like(node)
    heading = to_markup(node.head, plain_emphasis=depth < 2 and not sentence)
    if depth == 0 and reading.top_level:
        heading = sentence_case(heading)
        if node.number != roman(index + 1):
            warn(f"mục {node.number}. sẽ được đánh lại số thành {roman(index + 1)}.")
    out: dict[str, Any] = {"tieu_de": heading or node.number}
    body = list(node.paras)
    if sentence:  # "1. Giảng viên có trách nhiệm ...": an untitled section (Muc.tieu_de)
        out["tieu_de"] = None
    if _structured(node.children, depth, reading):
        number = CHILDREN[depth][1]
        moved = [f"{c.number}) thành {number(i)})" for i, c in enumerate(node.children)
                 if c.number != number(i)]
        if moved:
            warn(f"mục '{node.plain_title()[:40]}': các điểm theo thứ tự chữ cái không có 'đ' "
                 f"sẽ được đánh lại: {', '.join(moved[:3])}{', ...' if len(moved) > 3 else ''}")
        out["muc_con"] = [section(c, warn, reading, depth + 1, i)
                          for i, c in enumerate(node.children)]
    else:
        for child in node.children:
            body += flatten(child)
    out["noi_dung"] = content(body, warn)
    if sentence:
        out["noi_dung"].insert(0, heading)
    return {k: v for k, v in out.items() if v}
