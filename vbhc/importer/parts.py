"""Parts of a report or notice ("PHẦN THỨ NHẤT", "Phần II", "A. KẾT QUẢ ...") above its I.
sections -> top-level ``Muc`` data with ``phan`` (vbhc.model.muc), inverting
vbhc.model.layout._parts: the part's title (same line or the next), its paragraphs and
tables, then its I. sections numbered from I. again. Patterns: data/nhap-chung.yaml
(phan_tieu_de, phan_chu_cai, thu_tu).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vbhc.importer.figures import content
from vbhc.importer.names import sentence_case
from vbhc.importer.outline import build, numbering
from vbhc.importer.patterns import data, pattern
from vbhc.importer.result import Warn
from vbhc.importer.sections import TYPED, arabic_items, flatten, section
from vbhc.importer.source import Para, to_markup
from vbhc.importer.tables import TableBlock
from vbhc.lang.outline import parse_roman
from vbhc.model.layout import PART_LETTERS, part_label

MAX_TITLE = 200


@dataclass(frozen=True)
class PartHead:
    """A part's heading: where it stands, how it is numbered, its number and title."""

    index: int  # in the items
    kind: str  # phan-so | phan-thu | chu-cai (Muc.phan)
    number: int  # 0 when the word is not understood
    title: str | None  # None: on the next paragraph
    text: str


def _head(item: Para, k: int) -> PartHead | None:
    if isinstance(item, TableBlock) or item.cell is not None or numbering(item):
        return None
    text = item.text
    m = pattern("phan_tieu_de").match(text)
    if m:
        if m.group("thu"):
            words = data("chung")["thu_tu"]
            word = m.group("thu").lower()
            number = words.index(word) + 1 if word in words else 0
            return PartHead(k, "phan-thu", number, m.group("ten"), text)
        so = m.group("so")
        number = int(so) if so.isdigit() else parse_roman(so) or 0
        return PartHead(k, "phan-so", number, m.group("ten"), text)
    m = pattern("phan_chu_cai").match(text)
    if m and len(text) <= MAX_TITLE:
        return PartHead(k, "chu-cai", PART_LETTERS.find(m.group("chu")) + 1, m.group("ten"),
                        text)
    return None


def part_heads(items: list[Para]) -> list[PartHead]:
    """Return the part headings among ``items``: every "Phần ..." line; "A.", "B." lines
    only when they run A, B, ... (two at least), so that one "A. ..." sentence is not a
    part."""
    heads = [h for k, item in enumerate(items) if (h := _head(item, k))]
    lettered = [h for h in heads if h.kind == "chu-cai"]
    if len(lettered) < 2 or [h.number for h in lettered] != list(range(1, len(lettered) + 1)):
        heads = [h for h in heads if h.kind != "chu-cai"]
    return heads


def _title(items: list[Para], head: PartHead) -> tuple[str, int]:
    """Return the part's title (as markup) and where its body starts."""
    if head.title:
        return head.title, head.index + 1
    nxt = items[head.index + 1] if head.index + 1 < len(items) else None
    if nxt is not None and not isinstance(nxt, TableBlock) and nxt.cell is None \
            and numbering(nxt) is None and len(nxt.text) <= MAX_TITLE:
        return to_markup(nxt.spans, plain_emphasis=True), head.index + 2
    return head.text, head.index + 1


def parts(items: list[Para], heads: list[PartHead], loose: int, warn: Warn,
          run_on: int | None = None) -> list[dict[str, Any]] | None:
    """Return the ``Muc`` data of each part under ``heads`` (from part_heads); ``loose``:
    how many I. sections stand before the first part (they are its unnamed first part, so
    the parts count from two). Warnings: a part numbered otherwise than vbhc numbers it, a
    part whose items are not I. sections (kept verbatim, numbers as text).

    ``run_on``: the body has no I. level and ``run_on`` items 1., 2. stand before lettered
    parts (Trường ĐH Duy Tân 363/TB-ĐHDT): each part's items must go on numbering from
    there (they import as sections at the 1. level, the parts count from A.); None
    (nothing warned) when one part's do not."""
    out = []
    kind = heads[0].kind
    for k, head in enumerate(heads):
        title, start = _title(items, head)
        end = heads[k + 1].index if k + 1 < len(heads) else len(items)
        number = k + 1 + (1 if loose and run_on is None else 0)
        printed = part_label(kind, number)
        if head.kind != kind:
            warn(f"phần '{head.text}' đánh số kiểu khác phần đầu; sẽ in thành '{printed}'")
        elif head.number != number:
            warn(f"phần '{head.text}' sẽ được đánh lại số thành '{printed}'")
        elif kind != "chu-cai" and not head.text.startswith(printed):
            warn(f"dòng '{head.text[:40]}' sẽ in thành '{printed}' (Nghị định 30: chữ thường, "
                 "đậm, căn giữa; tên phần in hoa ở dòng dưới)")
        part: dict[str, Any] = {"tieu_de": sentence_case(title), "phan": kind}
        root = build(items[start:end])
        first = next((i for i, s in enumerate(root.children) if s.level == 1),
                     len(root.children))
        lead = list(root.paras)
        said: list[str] = []  # why the 1., 2. items stay text (then said once, not twice)
        where = f"phần '{head.text[:40]}'"
        if run_on is not None:  # numbers running on through A., B.: all or nothing
            if not arabic_items(root.children, lambda m: None, where, start=run_on):
                return None
            part["noi_dung"] = content(lead, warn)
            part["muc_con"] = [section(node, warn, TYPED, depth=1, index=i)
                               for i, node in enumerate(root.children)]
            run_on += len(root.children)
            out.append({key: v for key, v in part.items() if v})
            continue
        if first == len(root.children) and arabic_items(
                root.children, lambda m, said=said: (said.append(m), warn(m)), where):
            part["noi_dung"] = content(lead, warn)  # 1., 2. with no I.: sections from 1.
            part["cap_muc_dau"] = "1"
            part["muc_con"] = [section(node, warn, TYPED, depth=1, index=i)
                               for i, node in enumerate(root.children)]
            out.append({key: v for key, v in part.items() if v})
            continue
        for node in root.children[:first]:
            lead += flatten(node)
        if root.children[:first] and not said:
            warn(f"phần '{head.text[:40]}': các mục không đánh số I., II., ... nên được giữ "
                 "nguyên văn, kể cả số thứ tự, trong noi_dung của phần")
        part["noi_dung"] = content(lead, warn)
        part["muc_con"] = [section(node, warn, TYPED, index=i)
                           for i, node in enumerate(root.children[first:])]
        out.append({key: v for key, v in part.items() if v})
    return out
