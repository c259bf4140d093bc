"""Kind name and abstract (ô 5a), and a công văn's "V/v" abstract (ô 5b).

ND30 Phụ lục I, Phần I, mục 5; the look each must have is in the rule's data.
"""

from __future__ import annotations

from collections.abc import Iterator

from vbhc.checker.components import Components, Part
from vbhc.checker.rules._common import look_hits, register_looks, underline_hits
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.checker.rules.strings import is_cong_van_symbol

register_looks({"ten-loai": lambda comp: [comp.ten_loai]})


def _vv_in_typed(i: int, part: Part) -> str | None:
    return "có «V/v» (chỉ công văn mới dùng)" if i == 0 and \
        part.text.lower().startswith("v/v") else None


def _vv_missing(i: int, part: Part) -> str | None:
    return f"mở đầu «{part.text[:6]}»" if i == 0 and not part.text.startswith("V/v ") else None


@rule("trich-yeu")
def trich_yeu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Trích yếu of a typed document (ô 5a): its look, and no "V/v" (công văn only)."""
    return look_hits(spec, comp.trich_yeu, lead=_vv_in_typed)


@rule("duong-ke-trich-yeu")
def duong_ke_trich_yeu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The line under the trích yếu (ô 5a): a third to a half of the trích yếu's widest
    printed line, however many paragraphs it is typed in (vbhc.docx.measure.rule_basis:
    ND30's "dòng chữ" is the text as printed; the renderer sizes its rule the same way)."""
    return underline_hits(spec, comp.duong_ke_trich_yeu, comp.trich_yeu)


@rule("trich-yeu-cong-van")
def trich_yeu_cong_van(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Trích yếu of a công văn (ô 5b): opens "V/v ", looks as the rule's data says; a
    document with a header whose symbol has no kind code (a công văn: «Số: 12/UBND-VP»)
    and no kind name must have one."""
    if comp.kind is None and comp.quoc_hieu is not None and comp.so_ky_hieu is not None \
            and is_cong_van_symbol(comp.so_ky_hieu):
        yield Hit(comp.so_ky_hieu, "không có (dòng «V/v ...» dưới số, ký hiệu)",
                  excerpt=comp.so_ky_hieu.text)
    yield from look_hits(spec, comp.trich_yeu_cong_van, lead=_vv_missing)
