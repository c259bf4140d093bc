"""Body of a typed document (mo_hinh chung: báo cáo, thông báo...) -> VanBanChung fields,
inverting vbhc.model.layout.general_blocks: căn cứ and lead-in paragraphs, sections I. > 1. >
a) with their paragraphs and tables (vbhc.importer.sections, shared with the plan's free
sections), closing paragraphs, appendices.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.appendix import appendices
from vbhc.importer.figures import paragraphs
from vbhc.importer.frame import Frame
from vbhc.importer.outline import build, numbering
from vbhc.importer.parts import part_heads, parts
from vbhc.importer.patterns import data
from vbhc.importer.plan import is_basis
from vbhc.importer.result import Warn
from vbhc.importer.sections import TYPED, arabic_items, flatten, section
from vbhc.importer.source import Para, to_markup
from vbhc.importer.tables import TableBlock, group_tables


def general_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a VanBanChung (căn cứ to phụ lục)."""
    items, closing = _split_closing(group_tables(body))
    heads = part_heads(items)  # "PHẦN THỨ NHẤT", "Phần II", "A." over the I. sections
    root = build(items[:heads[0].index] if heads else items)
    lead = list(root.paras)
    sections = root.children
    first = next((k for k, s in enumerate(sections) if s.level == 1), len(sections))
    said: list[str] = []  # why the 1., 2. items stay text (then said once, not twice)
    lettered = bool(heads) and all(h.kind == "chu-cai" for h in heads)
    run_on = None  # 1., 2. before parts A., B., numbered on through them (no I. level)
    if lettered and sections and arabic_items(sections, lambda m: None, "thân văn bản"):
        run_on = parts(items, heads, 0, lambda m: None, run_on=len(sections))  # a trial
    items_only = run_on is not None or not heads and arabic_items(
        sections, lambda m: (said.append(m), warn(m)), "thân văn bản")  # 1., 2. with no I.
    for node in [] if items_only else sections[:first]:
        lead += flatten(node)
    out: dict[str, Any] = {}
    can_cu = []
    while lead and _is_basis(lead[0]):
        can_cu.append(to_markup(lead.pop(0).spans, plain_emphasis=True))
    out["can_cu"] = can_cu
    out["loi_dan"] = paragraphs(lead, warn, "phần mở đầu (loi_dan)")
    if items_only:
        out["cap_muc_dau"] = "1"
        out["muc"] = [section(node, warn, TYPED, depth=1, index=i)
                      for i, node in enumerate(sections)]
    else:
        if first == len(sections) and sections and not said:
            warn("thân văn bản không chia mục I., II., ...: các đoạn được giữ nguyên văn, kể cả "
                 "số thứ tự, trong loi_dan")
        out["muc"] = [section(node, warn, TYPED, index=i)
                      for i, node in enumerate(sections[first:])]
    if run_on is not None:
        out["muc"] += parts(items, heads, 0, warn, run_on=len(sections)) or []
    elif heads:
        out["muc"] += parts(items, heads, len(out["muc"]), warn) or []
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
