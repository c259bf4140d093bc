"""The phrase alternation of a scope shares one copy of the proper-name guard among
neighbouring phrases (phrases._joined, issue 21: compiling it was most of a first derived
unit's time). The shared form must match exactly where, and as, one guard per phrase did:
compared at every place of every text of the Lạng Sơn plan, for both eras' units."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

import vbhc
from vbhc.derivation import engine, phrases
from vbhc.derivation.rules import load_rules

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _one_guard_each(patterns: list[str]) -> str:
    return "|".join(f"(?P<a{n}>{p})" for n, p in enumerate(patterns))


def first_deriver(as_of: dt.date | None) -> tuple:
    """Return (the seed plan, the deriver of its first unit at ``as_of``)."""
    plan = vbhc.load(PLAN)
    units = engine.targets(plan, as_of)
    province = engine.source_province(plan)
    return plan, engine._Deriver(plan, province, units[0], load_rules(units[0].cap, None))


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 7, 1)])
def test_shared_guard_matches_as_one_guard_each(as_of: dt.date | None) -> None:
    plan, deriver = first_deriver(as_of)
    rewriter = deriver.rewriter
    texts = _texts(plan.model_dump()) + ["UBND tỉnh Hà Tĩnh", "các sở, ban, ngành tỉnh Lạng "
                                         "Sơn", "Chủ tịch UBND các huyện, thành phố Bắc Giang"]
    shared_guards = 0
    for scope in ("trich_yeu", "nhiem_vu.noi_dung", "to_chuc_thuc_hien.nhiem_vu",
                  "muc_dich", "noi_nhan.danh_sach"):
        _source, _heads, picks = phrases._alternation(rewriter._key, scope)
        patterns = [phrases._pattern(t) for _, t in picks]
        if not patterns:
            continue
        shared = re.compile(phrases._joined(patterns), re.IGNORECASE)
        each = re.compile(_one_guard_each(patterns), re.IGNORECASE)
        shared_guards += shared.pattern.count(phrases._NAME_NEXT) < \
            each.pattern.count(phrases._NAME_NEXT)
        for text in texts:
            for i in range(len(text)):
                a, b = shared.match(text, i), each.match(text, i)
                assert (a and (a.span(), a.lastgroup)) == (b and (b.span(), b.lastgroup)), \
                    (scope, text, i)
    assert shared_guards  # the shared form is in use (else this compares nothing)
