"""Body of a typed document (mo_hinh chung: báo cáo, thông báo...) -> VanBanChung fields,
inverting renderer.layout.general_blocks: căn cứ and lead-in paragraphs, sections I. > 1. >
a) with their paragraphs and tables, closing paragraphs, appendices.

Sub-items stay sections only when vbhc would number them the same way (1., 2. under I.;
a), b) under 1.); otherwise they stay paragraphs that keep their numbers as text.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.appendix import appendices
from vbhc.importer.figures import content, paragraphs
from vbhc.importer.frame import Frame
from vbhc.importer.names import sentence_case
from vbhc.importer.outline import Node, build, numbering
from vbhc.importer.patterns import data
from vbhc.importer.plan import is_basis
from vbhc.importer.source import Para, emphasised, to_markup
from vbhc.importer.tables import TableBlock, group_tables
from vbhc.lang.outline import letter, roman

MAX_HEADING = 150  # a longer "1." paragraph that is not bold is a numbered sentence

# depth of the parent -> (outline level of its sections, their expected numbers)
CHILDREN = {0: (2, lambda i: str(i + 1)), 1: (5, letter)}


def general_body(frame: Frame, body: list[Para], warn) -> dict[str, Any]:
    """Return the body fields of a VanBanChung (căn cứ to phụ lục)."""
    items, closing = _split_closing(group_tables(body))
    root = build(items)
    lead = list(root.paras)
    sections = root.children
    first = next((k for k, s in enumerate(sections) if s.level == 1), len(sections))
    for node in sections[:first]:
        lead += _flatten(node)
    out: dict[str, Any] = {}
    can_cu = []
    while lead and _is_basis(lead[0]):
        can_cu.append(to_markup(lead.pop(0).spans, plain_emphasis=True))
    out["can_cu"] = can_cu
    out["loi_dan"] = paragraphs(lead, warn, "phần mở đầu (loi_dan)")
    if first == len(sections) and sections:
        warn("thân văn bản không chia mục I., II., ...: các đoạn được giữ nguyên văn, kể cả số "
             "thứ tự, trong loi_dan")
    out["muc"] = [_section(node, 0, i, warn) for i, node in enumerate(sections[first:])]
    out["ket_luan"] = paragraphs(closing, warn, "phần kết (ket_luan)")
    if frame.phu_luc:
        out["phu_luc"] = appendices(frame.phu_luc, warn)
    return {k: v for k, v in out.items() if v}


def _split_closing(items: list[Para]) -> tuple[list[Para], list[Para]]:
    """Split off the closing paragraphs: from one that opens like "Trên đây là ..." to the
    end, when nothing after it is numbered or a table."""
    starts = [re.compile(p) for p in data("chung")["ket_luan_mo_dau"]]
    tail = len(items)
    while tail and not isinstance(items[tail - 1], TableBlock) \
            and numbering(items[tail - 1]) is None:
        tail -= 1
    for k in range(tail, len(items)):
        if any(p.match(items[k].text) for p in starts):
            return items[:k], items[k:]
    return items, []


def _is_basis(para: Para) -> bool:
    return not isinstance(para, TableBlock) and is_basis(para)


def _flatten(node: Node) -> list[Para]:
    """Return the node's paragraphs in order, numbers kept as text."""
    out = [node.source] if node.source else []
    out += node.paras
    for child in node.children:
        out += _flatten(child)
    return out


def _heading_like(node: Node) -> bool:
    """Return whether a "1." paragraph reads as a heading: bold, or short and unpunctuated."""
    title = node.plain_title()
    bold = node.source is not None and emphasised(node.source.spans, "bold")
    return bold or len(title) <= MAX_HEADING and not title.endswith((".", ";"))


def _structured(children: list[Node], depth: int) -> bool:
    """Return whether ``children`` are numbered as vbhc numbers sections at ``depth + 1``."""
    if not children or depth not in CHILDREN:
        return False
    level, number = CHILDREN[depth]
    for i, child in enumerate(children):
        if child.level != level or child.number != number(i):
            return False
        if depth == 0 and not _heading_like(child):
            return False
    return True


def _section(node: Node, depth: int, index: int, warn) -> dict[str, Any]:
    heading = to_markup(node.head, plain_emphasis=depth < 2)
    if depth == 0:
        heading = sentence_case(heading)
        if node.number != roman(index + 1):
            warn(f"mục {node.number}. sẽ được đánh lại số thành {roman(index + 1)}.")
    out: dict[str, Any] = {"tieu_de": heading or node.number}
    body = list(node.paras)
    if _structured(node.children, depth):
        out["muc_con"] = [_section(c, depth + 1, i, warn) for i, c in enumerate(node.children)]
    else:
        for child in node.children:
            body += _flatten(child)
    out["noi_dung"] = content(body, warn)
    return {k: v for k, v in out.items() if v}
