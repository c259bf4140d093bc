"""yaml_out's fast paths in PyYAML's emitter give PyYAML's own bytes (issue 21: same input,
byte-identical output; the speed itself is measured in `make bench`, never here)."""

from __future__ import annotations

import datetime as dt
import glob
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import vbhc
from vbhc.yaml_out import WIDTH, _decimal, _Dumper, document_data, dump_data

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


def _derived_plans() -> list[object]:
    from vbhc.derivation import derive_many

    plan = vbhc.load(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    out = []
    for as_of in (None, "2025-07-01"):
        out += [o.derivation.plan for o in derive_many(plan, as_of=as_of)
                if o.derivation is not None]
    return out


def test_fields_written_apart_join_to_the_whole_text():
    """dump_data writes a document's top-level fields (and the items of a top-level list)
    apart and keeps them: the joined text is PyYAML's text of the whole, for every example
    and every derived plan of both eras (kept fields reused across them)."""
    docs = [vbhc.load(p) for p in sorted(glob.glob(str(ROOT / "examples" / "**" / "*.yaml"),
                                                   recursive=True))
            if "ho-so" not in p and "sao" not in Path(p).parts]
    for doc in docs + _derived_plans():
        data = document_data(doc)
        assert dump_data(data) == _dump(data, _Dumper)


_VALUE = st.recursive(
    st.one_of(_TEXT, st.integers(-5, 12), st.booleans(), st.none(),
              st.sampled_from([Decimal("3.50"), Decimal("-1"), dt.date(2024, 6, 15)])),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["a", "b", "noi_dung", "x y", "- k", "", "?", "a" * 130]),
                       _VALUE, max_size=4))
def test_random_data_written_apart_joins_to_the_whole_text(data):
    assert dump_data(data) == _dump(data, _Dumper)
    assert dump_data(data) == _dump(data, _Dumper)  # again, from what was kept


def test_a_repeated_object_is_written_whole_with_its_anchor():
    shared = ["một", "hai"]
    day = dt.date(2024, 6, 15)
    for data in ({"a": shared, "b": shared}, {"a": [day, 1], "b": day}):
        assert dump_data(data) == _dump(data, _Dumper)
        assert "&id001" in dump_data(data)
