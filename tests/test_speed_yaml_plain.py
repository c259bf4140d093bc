"""yaml_in.parse reads a plain document (no anchors, merge keys, odd tags, duplicates) in one
walk of the node tree (``Lines.plain``); anything else goes the general way (inspect_nodes,
Lines, the constructor). Both ways must give the same data, line map, numeric-looking
values, comment warnings and errors: compared here on every example and on small inputs
that reach each branch."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import yaml_in
from vbhc.errors import InputError

ROOT = Path(__file__).resolve().parents[1]

SNIPPETS = [
    "a: 1\nb: 012\nc: 7:30\nd: 1_000\ne: -5\nf: +3\ng: 1.5\nh: true\ni: ~\nj:\n",
    "a: x # nhận xét\nb: 'y' # quoted\nc: 3 # number\nd:\n  - mục một # chú\n  - hai\n",
    "1: một\ntrue: đúng\nTrue: Đúng\nnull: rỗng\n1.0: một chấm\n",
    "a: !!str 123\nb: !!int '42'\nc: !!float 1\nd: !!bool true\ne: !!null ''\n",
    "a: !!int abc\n",
    "a: !!bool maybe\n",
    "a: !!map {b: 1}\nc: !!seq [1, 2]\nd: !!str {x: 1}\n",
    "a: b\na: c\n",
    "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n",
    "a: <<\n",
    "<<: {x: 1}\ny: 2\n",
    "? [1, 2]\n: list key\n",
    "? {a: 1}\n: map key\n",
    "a: !!set {x}\n",
    "a: !local x\n",
    "- a\n- b: 1\n  c: [1, {d: e}]\n- - nested\n  - '012'\n",
    "just text\n",
    "'(x)': 1\n'<y>': 2\n'': 3\nz: {'(w)': 4}\n",
    "a: Sở Văn hóa & Thể thao\n",
    "a:\n  b:\n    c: 1  # cuối\n",
    "[" * 45 + "]" * 45 + "\n",
    "a: " + "[" * 39 + "1" + "]" * 39 + "\n",
    "a: " + "[" * 40 + "1" + "]" * 40 + "\n",
    "a: 1\n---\nb: 2\n",
    "a: [1, 2\n",
    "a: 'x\x0cy'\nb: c\x0cd\n",
    "a: 99999999999999999999999999999\nb: -0\nc: 00\n",
]


def _outcome(text: str) -> object:
    """Return everything parse gives for ``text``: data, line map, numeric-looking values,
    notes, duplicates; or the error's problems."""
    try:
        data, lines = yaml_in.parse(text, "t.yaml")
    except InputError as exc:
        return ("error", [(p.path, p.message, p.line) for p in exc.problems])
    return (repr(data), dict(lines.lines), lines.looks_numeric,
            [(p.path, p.message, p.line, p.severity) for p in lines.notes],
            lines.duplicates, lines.line(("a", "b", "c")), lines.path_at(2, 3))


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _outcome(text)
    with monkeypatch.context() as m:
        m.setattr(yaml_in.Lines, "plain", classmethod(lambda cls, *args: None))
        m.setattr(yaml_in, "read_chunked", lambda text: None)  # read whole, the general way
        general = _outcome(text)
    return fast, general


@pytest.mark.parametrize("text", SNIPPETS)
def test_plain_walk_matches_general_way(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, general = _both(text, monkeypatch)
    assert fast == general


@pytest.mark.parametrize("path", sorted((ROOT / "examples").rglob("*.yaml")),
                         ids=lambda p: p.name)
def test_examples_read_the_same(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, general = _both(path.read_text("utf-8"), monkeypatch)
    assert fast == general


def test_plain_document_takes_the_one_walk() -> None:
    """The common case really is the fast one (else the test above compares nothing)."""
    text = (ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml").read_text("utf-8")
    loader = yaml_in.LOADER(text)
    try:
        assert yaml_in.Lines.plain(loader, loader.get_single_node(), text) is not None
    finally:
        loader.dispose()


_KEYS = st.sampled_from(["a", "b", "1", "true", "True", "012", "x y", "<<", "'q'", "~"])
_VALUES = st.sampled_from(["1", "012", "7:30", "1_000", "true", "null", "~", "'012'",
                           "x # c", "\"y\" # c", "1.5", "!!str 5", "!!int 5", "!!int x",
                           "văn bản", "-", "''", "[1, 2]", "{k: v}"])


@st.composite
def _documents(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        key, value = draw(_KEYS), draw(_VALUES)
        if draw(st.booleans()):
            lines.append(f"{key}:")
            lines += [f"  - {draw(_VALUES)}" for _ in range(draw(st.integers(0, 3)))]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(_documents())
def test_random_documents_read_the_same(text: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        fast, general = _both(text, m)
    assert fast == general
