"""vbhc.model.layout.plan_blocks keeps each part of a plan's body (căn cứ, purposes and
requirements, a task, a body's responsibilities, the reporting regime, the closing
paragraphs) laid out by its content (issue 21, session 30): the same blocks with the memo
cold, warm and off, on the example plan, the plans derive --all makes and random changes
of them; the memo is bounded and counts its bytes."""

from __future__ import annotations

import copy
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import loader
from vbhc.model import layout
from vbhc.model.classes import model_class
from vbhc.yaml_in import load_file

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def _forget() -> None:
    layout._PARTS.clear()
    layout._PART_BYTES[0] = 0
    layout._SEEN_PARTS.clear()


def _without_memo(doc: object) -> list[layout.Block]:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(layout, "_kept", lambda key, make: tuple(make()))
        return layout.body_blocks(doc)


def _same(doc: object) -> None:
    expected = _without_memo(doc)
    assert layout.body_blocks(doc) == expected
    assert layout.body_blocks(doc) == expected  # met again: kept
    assert layout.body_blocks(doc) == expected  # warm


def test_example_and_derived_plans_lay_out_the_same(derived_plans: list[Path]) -> None:
    _forget()
    docs = [loader.load(p) for p in [PLAN, *derived_plans]]
    for doc in docs:
        _same(doc)
    assert layout._PARTS  # the memo was used
    _forget()
    for doc in reversed(docs):
        _same(doc)


def test_a_kept_part_is_handed_out_again() -> None:
    _forget()
    doc = loader.load(PLAN)
    _forget()
    first, second = layout.body_blocks(doc), layout.body_blocks(doc)
    assert first == second
    assert not any(a is b for a, b in zip(first, second, strict=True))  # met once: not kept
    third = layout.body_blocks(doc)
    assert third == second
    assert any(a is b for a, b in zip(second, third, strict=True))


_DATA, _ = load_file(PLAN)


@st.composite
def _plans(draw: st.DrawFn) -> dict:
    data = copy.deepcopy(_DATA)
    for name in ("can_cu", "muc_dich", "yeu_cau", "ket_luan", "nhiem_vu", "to_chuc_thuc_hien"):
        items = data.get(name) or []
        if items and draw(st.booleans()):
            keep = draw(st.lists(st.sampled_from(range(len(items))), max_size=len(items)))
            data[name] = [items[i] for i in keep]
    for task in data.get("nhiem_vu", []):
        if draw(st.booleans()):
            task.pop("thoi_gian", None)
        if draw(st.booleans()):
            task.pop("co_quan_thuc_hien", None)
        if draw(st.booleans()) and task.get("noi_dung"):
            task["noi_dung"] = task["noi_dung"][:1]
    for body in data.get("to_chuc_thuc_hien", []):
        if draw(st.booleans()):
            body["de_nghi"] = not body.get("de_nghi", False)
    if draw(st.booleans()):
        data.pop("che_do_bao_cao", None)
    elif draw(st.booleans()) and data.get("che_do_bao_cao"):
        data["che_do_bao_cao"]["han"] = data["che_do_bao_cao"].get("han", [])[:1]
    if draw(st.booleans()):
        data["trich_yeu"] = draw(st.sampled_from(["Kế hoạch *một*", "Hai [^x]"]))
    data.pop("chu_thich", None)
    return data


@settings(max_examples=60, deadline=None)
@given(_plans())
def test_random_plans_lay_out_the_same(data: dict) -> None:
    try:
        doc = model_class("ke-hoach").model_validate(data)
    except ValueError:
        return
    _same(doc)


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layout, "MAX_KEPT_PARTS", 8)
    monkeypatch.setattr(layout, "MAX_KEPT_PART_BYTES", 64 * 2000)
    _forget()
    for i in range(40):
        for _ in range(2):
            blocks = layout._kept(("x", f"văn bản {i}" * 20), lambda i=i: [
                layout.Block("than", f"đoạn {i}" * 30, f"p[{i}]")])
            assert blocks[0].text == f"đoạn {i}" * 30
        assert len(layout._PARTS) <= 8
        assert layout._PART_BYTES[0] <= 64 * 2000
        assert layout._PART_BYTES[0] == sum(size for _, size in layout._PARTS.values())
    for _ in range(2):
        big = layout._kept(("y", "z" * 10_000),
                           lambda: [layout.Block("than", "t" * 10_000, "p")])
    assert big and ("y", "z" * 10_000) not in layout._PARTS  # over 1/64 of the bytes
    assert ("x", "văn bản 39" * 20) in layout._PARTS


def test_a_part_counts_its_bytes() -> None:
    key = ("nhiem_vu", 1, "tên", (("a", "b"),), ("c",), None)
    blocks = (layout.Block("khoan", "1. tên", "nhiem_vu[0].ten"),)
    held = sys.getsizeof(blocks) + sum(sys.getsizeof(b) + sys.getsizeof(b.text)
                                       + sys.getsizeof(b.path) for b in blocks)
    held += sum(sys.getsizeof(x) for x in (key, *key, *key[3], *key[3][0], *key[4]))
    assert layout._part_size(key, blocks) >= held
