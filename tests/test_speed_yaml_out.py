"""yaml_out's fast paths in PyYAML's emitter give PyYAML's own bytes (issue 21: same input,
byte-identical output; the speed itself is measured in `make bench`, never here)."""

from __future__ import annotations

import glob
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import vbhc
from vbhc.yaml_out import WIDTH, _decimal, _Dumper, document_data

ROOT = Path(__file__).resolve().parents[1]


class _Reference(yaml.SafeDumper):
    """yaml_out's dumper as it was: PyYAML's emitter untouched."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


_Reference.add_representer(Decimal, _decimal)


def _dump(data: object, dumper: type) -> str:
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=WIDTH)


def test_every_example_dumps_as_pyyaml_does():
    for path in sorted(glob.glob(str(ROOT / "examples" / "*.yaml"))):
        data = document_data(vbhc.load(path))
        assert _dump(data, _Dumper) == _dump(data, _Reference), path


def test_a_derived_plan_dumps_as_pyyaml_does():
    plan = vbhc.load(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    data = document_data(vbhc.derive(plan, "huyện Cao Lộc").plan)
    assert _dump(data, _Dumper) == _dump(data, _Reference)


_TEXT = st.lists(st.sampled_from(
    list(" ,:#-.?[]{}'\"!|>%@`&*\t\nabcĐđộ1234567890\u00a0\u2028\x85\ufeff\U0001f600")
    + ["Ủy ban nhân dân", "  ", ": ", " #", "---", "...", "tỉnh Lạng Sơn " * 4]),
    max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, max_size=6), _TEXT)
def test_random_text_dumps_as_pyyaml_does(items, key):
    data = {"a": items, key or "k": {"b": items[:1], "c": " ".join(items)}}
    assert _dump(data, _Dumper) == _dump(data, _Reference)


def test_analysis_matches_pyyaml_on_awkward_text():
    dumper, reference = _Dumper(None, allow_unicode=True), _Reference(None, allow_unicode=True)
    for text in ["a", "a:", "a: b", "a #b", "a#b", "x,y", "Đơn, kiến nghị", "1.105",
                 "a - b", "a -", "tab\there", "end ", "?x", "x?", "{x}", "a\u2028b",
                 "Lưu: VT, NC", "50%", "KH-UBND", "12:30"]:
        mine, theirs = dumper.analyze_scalar(text), reference.analyze_scalar(text)
        assert vars(mine) == vars(theirs), text
