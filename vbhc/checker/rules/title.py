"""Kind name and abstract (ô 5a), and a công văn's "V/v" abstract (ô 5b).

ND30 Phụ lục I, Phần I, mục 5; the look each must have is in the rule's data.
"""

from __future__ import annotations

from collections.abc import Iterator

from vbhc.checker.components import Components, Part
from vbhc.checker.rules._common import look_hits, register_looks, underline_hits
from vbhc.checker.rules.registry import Hit, RuleSpec, rule

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
    """The line under the trích yếu (ô 5a): a third to a half of its last line."""
    return underline_hits(spec, comp.duong_ke_trich_yeu, comp.trich_yeu[-1:])


@rule("trich-yeu-cong-van")
def trich_yeu_cong_van(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Trích yếu of a công văn (ô 5b): opens "V/v ", looks as the rule's data says."""
    return look_hits(spec, comp.trich_yeu_cong_van, lead=_vv_missing)
