"""Kind name and abstract (ô 5a), and a công văn's "V/v" abstract (ô 5b)."""

from __future__ import annotations

from collections.abc import Iterator

from vbhc.checker.components import Components
from vbhc.checker.rules import Hit, RuleSpec, rule
from vbhc.checker.rules._common import format_problems, joined
from vbhc.checker.rules.header import rule_ratio


@rule("ten-loai")
def ten_loai(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.ten_loai
    if part is None:
        return
    problems = format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                               upper=True, align="center")
    if problems:
        yield Hit(part, joined(problems))


@rule("trich-yeu")
def trich_yeu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for i, part in enumerate(comp.trich_yeu):
        problems = format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                                   align="center")
        if i == 0 and part.text.lower().startswith("v/v"):
            problems.insert(0, "có «V/v» (chỉ công văn mới dùng)")
        if problems:
            yield Hit(part, joined(problems))


@rule("duong-ke-trich-yeu")
def duong_ke_trich_yeu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if not comp.trich_yeu:
        return
    lo, hi = spec.params["ti_le"]
    problem = rule_ratio(comp.rule_trich_yeu, comp.trich_yeu[-1:], lo, hi)
    if problem:
        yield Hit(comp.trich_yeu[-1], problem)


@rule("trich-yeu-cong-van")
def trich_yeu_cong_van(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for i, part in enumerate(comp.trich_yeu_cv):
        problems = format_problems(part, size=spec.params["co_chu"], bold=False, italic=False,
                                   align="center")
        if i == 0 and not part.text.startswith("V/v "):
            problems.insert(0, f"mở đầu «{part.text[:6]}»")
        if problems:
            yield Hit(part, joined(problems))
