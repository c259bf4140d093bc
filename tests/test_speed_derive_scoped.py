"""The phrases of a scope are tried as the alternation of the phrases bound to no field (one
pattern for every scope, compiled once per province) and, before it where their order says
so, the scope's field-bound phrases (phrases._scoped, issue 21: three alternations of some
hundred phrases each were most of a first derived unit's time). It must find what one
alternation of all the scope's phrases found: compared on every text of the Lạng Sơn plan,
both eras, every scope, with texts that hold the field-bound phrases."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.test_speed_derive_phrases import _texts, first_deriver
from vbhc.derivation import phrases

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
SCOPES = ("trich_yeu", "muc_dich", "yeu_cau", "nhiem_vu.ten", "nhiem_vu.noi_dung",
          "nhiem_vu.co_quan_thuc_hien", "to_chuc_thuc_hien.co_quan",
          "to_chuc_thuc_hien.nhiem_vu", "che_do_bao_cao.noi_dung", "ket_luan",
          "noi_nhan.danh_sach")


def _one_alternation(source: str, heads: str, text: str) -> tuple:
    """What phrases._matches found before: one alternation of all the scope's phrases."""
    regex, starter = re.compile(source, re.IGNORECASE), re.compile(heads, re.IGNORECASE)
    out, pos = [], 0
    for c in starter.finditer(text):
        if c.start() < pos:
            continue
        m = regex.match(text, c.start())
        if m is not None and m.end() > m.start():
            out.append((m.start(), m.end(), int(m.lastgroup[1:]), m.group()))
            pos = m.end()
    return tuple(out)


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 7, 1)])
def test_scoped_matches_as_one_alternation(as_of: dt.date | None) -> None:
    plan, deriver = first_deriver(as_of)
    key = deriver.rewriter._key
    bound_texts = [t for tu, trong in key if trong for t in tu]
    assert bound_texts  # the rules have field-bound phrases (else this compares less)
    texts = _texts(plan.model_dump()) + bound_texts + [
        f"{a} và {b}" for a in bound_texts for b in bound_texts] + [
        "UBND tỉnh Hà Tĩnh", "các sở, ban, ngành tỉnh Lạng Sơn",
        "Chủ tịch UBND các huyện, thành phố Bắc Giang"]
    texts += [t.upper() for t in texts[-20:]]
    found = 0
    for scope in SCOPES:
        source, heads, picks = phrases._alternation(key, scope)
        if not picks:
            continue
        plan_of_scope = phrases._scoped(key, scope)
        for text in texts:
            want = _one_alternation(source, heads, text)
            assert phrases._matches(plan_of_scope[3], heads, text, plan_of_scope) == want, \
                (scope, text)
            found += len(want)
    assert found
