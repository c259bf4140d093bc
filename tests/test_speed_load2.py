"""The loader's cheaper walks give the same answers (issue 21, session 29).

- the loader's look at a document's strings (all NFC? any that normalise_chars changes?)
  is answered string by string from a memo kept by content: the same answers as the
  joined text, for exact strings and for str subclasses, memo cold or warm;
- the parts of a document are walked for the warnings of normalised input and old field
  names only when a model validated kept one (or took a model built elsewhere): every
  document whose validation noted nothing has neither warning when walked;
- a plain YAML document's size is checked by the parse's own walk (Lines.texts): the same
  string values as check_data_size gathers, and anything near a limit (nesting, a long
  key, the node count) goes to check_data_size, which refuses it with the same message;
- a list entry or archive line is searched for end punctuation only when it ends in ";",
  "," or ".": the same match as END_PUNCTUATION.search on every stripped text.
"""

from __future__ import annotations

import copy
import random
import tempfile
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import loader, yaml_in
from vbhc.loader import NOT_NFC, NOT_PLAIN, strings_flags, text_flags
from vbhc.model.classes import model_class
from vbhc.model.common import NoiNhan, normalised_fields, noted_parts
from vbhc.model.muc import renamed_fields
from vbhc.model.text import (
    END_PUNCTUATION,
    MAX_KEPT_TEXT,
    clean_entry,
    end_punctuation,
    needs_normalising,
)
from vbhc.profiles import ProfileAccess, apply_profile
from vbhc.yaml_in import load_file

_TEXTS = st.lists(st.text(alphabet=st.sampled_from(
    ["a", "e", "ê", "\u0301", "\u0323", "\u0302", "\u00a0", "\u200b", " ", "\n", "A",
     "\u1100", "\u1161", "\u0b47", "\u0b3e", "\u00ad", "ế"]), max_size=6), max_size=6)


def _expected(texts: list[str]) -> int:
    joined = "\n".join(texts)
    return ((0 if unicodedata.is_normalized("NFC", joined) else NOT_NFC)
            | (NOT_PLAIN if needs_normalising(joined) else 0))


class _Text(str):
    """A str subclass: looked at each time, never through the memo."""


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
def test_string_flags_answer_as_the_joined_text(texts: list[str]) -> None:
    want = _expected(texts)
    assert strings_flags(texts) == want  # memo cold or warm, in any order
    assert strings_flags(list(reversed(texts))) == want
    assert strings_flags([_Text(t) for t in texts]) == want
    assert [text_flags(t) for t in texts] == [loader._kept_flags(t) for t in texts]


def test_long_texts_and_the_memo_bound() -> None:
    long_nfd = "a\u0301" * MAX_KEPT_TEXT
    assert strings_flags(["ok", long_nfd]) == NOT_NFC
    assert strings_flags(["x\u00a0y" * MAX_KEPT_TEXT]) == NOT_PLAIN
    assert strings_flags([]) == 0
    for i in range(5000):
        strings_flags([f"văn bản {i}"])
    assert loader._kept_flags.cache_info().currsize <= 4096


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
_SLIPS = ["\u00a0", "\u200b", ";", ".", "- ", "V/v ", "Lưu: ", "Như trên", "Kính gửi: ",
          "\u2013 ", "\ufeff", "Nơi nhận:", "\u3000", "+ "]


def _slipped(rng: random.Random, data: object) -> object:
    """Return ``data`` with some strings given a typing slip the models undo, and the
    first ``noi_dung`` of a section sometimes under its old name ``doan``."""
    if isinstance(data, dict):
        out = {k: v if k == "loai" else _slipped(rng, v) for k, v in data.items()}
        if "noi_dung" in out and "tieu_de" in out and rng.random() < 0.3:
            out["doan"] = out.pop("noi_dung")
        return out
    if isinstance(data, list):
        return [_slipped(rng, v) for v in data]
    if isinstance(data, str) and rng.random() < 0.1:
        slip = rng.choice(_SLIPS)
        return rng.choice([slip + data, data + slip])
    return data


def _validated(data: dict) -> tuple[object, bool]:
    with noted_parts() as noted:
        doc = model_class(data["loai"]).model_validate(data)
    return doc, noted[0]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem[:30])
def test_nothing_noted_means_no_warning_when_walked(path: Path) -> None:
    data, _lines = load_file(path)
    data = apply_profile(data, ProfileAccess.of(path.parent, ()), str(path))
    rng = random.Random(path.stem)
    seen = set()
    for i in range(12):
        variant = data if i == 0 else _slipped(rng, copy.deepcopy(data))
        try:
            doc, noted = _validated(variant)
        except ValueError:  # a slip the model refuses (pydantic's ValidationError)
            continue
        walked = normalised_fields(doc) + renamed_fields(doc)
        assert noted or not walked
        seen.add(bool(walked))
    assert seen


def test_a_model_built_elsewhere_is_walked() -> None:
    data, _lines = load_file(ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    recipients = NoiNhan.model_validate({"danh_sach": ["- Sở Nội vụ;", "UBND tỉnh"]})
    assert normalised_fields(recipients)
    doc, noted = _validated({**data, "noi_nhan": recipients})
    assert noted and normalised_fields(doc)
    old = copy.deepcopy(data)
    old.setdefault("muc_khac", []).append({"tieu_de": "Mục thêm", "doan": ["Đoạn."]})
    doc, noted = _validated(old)
    assert noted and renamed_fields(doc)


def test_the_loader_warns_as_the_full_walk(tmp_path: Path) -> None:
    rng = random.Random(7)
    for path in EXAMPLES[:12]:
        data, _lines = load_file(path)
        for _ in range(4):
            variant = _slipped(rng, copy.deepcopy(data))
            warnings: list = []
            try:
                doc = loader.validate_data(variant, "x.yaml", warnings=warnings,
                                           base=path.parent)
            except loader.InputError:
                continue
            full = {(p.path, p.message) for p in normalised_fields(doc) + renamed_fields(doc)}
            said = {(p.path, p.message) for p in warnings if p.rule in ("chuan-hoa",
                                                                          "ten-truong-cu")}
            assert said == full


def _plain_parse(text: str) -> tuple[object, yaml_in.Lines]:
    return yaml_in.parse(text, "x.yaml")


def _sorted_texts(data: object) -> list[str]:
    texts: list[str] = []
    yaml_in.check_data_size(data, "x", texts)
    return sorted(texts)


@pytest.mark.parametrize("path", EXAMPLES + sorted(
    (ROOT / "tests" / "data").glob("**/*.yaml")), ids=lambda p: p.stem[:30])
def test_the_parse_gathers_the_size_checks_texts(path: Path) -> None:
    try:
        data, lines = yaml_in.load_file(path)
    except loader.InputError:
        return
    if lines.texts is not None:
        assert sorted(lines.texts) == _sorted_texts(data)


def _nested(levels: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(levels)) + f"{'  ' * levels}x: v\n"


@pytest.mark.parametrize("text", [
    _nested(36), _nested(37), _nested(38), _nested(39), _nested(40),
    "- " * 38 + "a\n", "- " * 39 + "a\n", "- " * 40 + "a\n",
    "[" * 38 + "a" + "]" * 38 + "\n", "[" * 39 + "a" + "]" * 39 + "\n",
    "[" * 39 + "]" * 39 + "\n",
    f"{'k' * 200}: v\n", f"{'k' * 201}: v\n", f"a:\n  {'k' * 201}: 1\n",
    "a: [1, 2, b, {c: d}]\nb: null\n",
])
def test_the_parse_leaves_whatever_nears_a_limit_to_the_size_check(text: str) -> None:
    try:
        data, lines = _plain_parse(text)
    except loader.InputError as exc:  # refused by the parse itself (deeper than plain)
        with pytest.raises(loader.InputError):
            yaml_in.check_data_size(yaml.safe_load(text), "x.yaml")
        assert exc.problems
        return
    try:
        want = _sorted_texts(data)
    except loader.InputError as exc:
        assert lines.texts is None
        with pytest.raises(loader.InputError) as got:
            loader.load(_write(text))
        assert [p.message for p in got.value.problems] == [p.message for p in exc.problems]
        return
    assert lines.texts is None or sorted(lines.texts) == want


def test_the_node_count_limit_is_checked(monkeypatch) -> None:
    text = "loai: ke-hoach\na: [1, 2, 3, 4, 5, 6, 7]\n"
    assert _plain_parse(text)[1].texts == ["ke-hoach"]
    monkeypatch.setattr(yaml_in, "MAX_NODES", 9)
    assert _plain_parse(text)[1].texts is None
    with pytest.raises(loader.InputError, match="quá nhiều phần tử"):
        loader.load(_write(text))


def _write(text: str) -> Path:
    path = Path(_TMP.name) / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    return path


_TMP = tempfile.TemporaryDirectory()


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(list(" ;,./\n\u00a0\u2003\tav…") + ["v.v"]),
                max_size=10).map("".join))
def test_end_punctuation_answers_as_the_search(text: str) -> None:
    stripped = text.strip()
    got, want = end_punctuation(stripped), END_PUNCTUATION.search(stripped)
    assert (got and got.span()) == (want and want.span())
    assert clean_entry(text) == clean_entry(text + " ")
