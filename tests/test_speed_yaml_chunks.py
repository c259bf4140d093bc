"""yaml_in.read_chunked (issue 21, session 30): a document is read field by field, and a
top-level field's list at column 2 item by item, each piece's reading kept by its text.
Chunked or whole, parse must give the same data (types included), line map, numeric-looking
values, comment notes, string values, duplicates and errors: compared here on every example
and test YAML, the plans derive --all makes, edge snippets at the cuts, random documents
made of hostile lines, with the memo cold and warm; the memo is bounded and its data never
shared with a caller."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vbhc import loader, yaml_in
from vbhc.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def _outcome(text: str) -> object:
    """Everything parse gives for ``text`` (or its error's problems)."""
    try:
        data, lines = yaml_in.parse(text, "t.yaml")
    except InputError as exc:
        return ("error", [(p.path, p.message, p.line) for p in exc.problems])
    return (repr(data), _types(data), lines.looks_numeric,
            [(p.path, p.message, p.line, p.severity, p.file) for p in lines.notes],
            lines.texts, lines.duplicates, dict(lines.lines), lines.line(("a", "b", "c")),
            lines.line(("nhiem_vu", 1, "noi_dung", 0)), lines.path_at(3, 4))


def _types(data: object) -> object:
    """The type of every value, so that 1, 1.0 and True are told apart."""
    if isinstance(data, dict):
        return {repr(k): _types(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_types(v) for v in data]
    return type(data).__name__


def _whole(text: str) -> object:
    with pytest.MonkeyPatch.context() as m:
        m.setattr(yaml_in, "read_chunked", lambda text: None)
        return _outcome(text)


def _forget() -> None:
    yaml_in._CHUNKS.clear()
    yaml_in._CHUNK_BYTES[0] = 0
    yaml_in._SEEN.clear()


def _same(text: str) -> None:
    """Read as never met (whole, when mostly new), then again (in pieces, each read alone
    and kept), then with the memo warm: what the whole read gives, each time."""
    _forget()
    whole = _whole(text)
    assert _outcome(text) == whole
    assert _outcome(text) == whole
    assert _outcome(text) == whole


_YAML = sorted({*(ROOT / "examples").rglob("*.yaml"), *(ROOT / "tests").rglob("*.yaml")})


@pytest.mark.parametrize("path", _YAML, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_example_and_test_yaml_reads_the_same(path: Path) -> None:
    _same(path.read_text("utf-8"))


def test_the_plan_is_read_in_pieces_and_its_items_alone() -> None:
    """The common case really is chunked (else the tests compare nothing)."""
    text = PLAN.read_text("utf-8")
    _forget()
    assert yaml_in.read_chunked(text) is None  # never met: read whole
    assert not yaml_in._CHUNKS
    assert yaml_in.read_chunked(text) is not None  # met before: in pieces, kept
    kept = list(yaml_in._CHUNKS)
    assert any(k.startswith("loai:") for k in kept)
    assert sum(k.startswith("  - ") for k in kept) > 10  # list items, each alone
    assert yaml_in.read_chunked(text) is not None
    crlf = text.replace("\n", "\r\n")
    assert yaml_in.read_chunked(crlf) is None
    assert yaml_in.read_chunked(crlf) is not None


def test_a_document_mostly_new_is_read_whole_and_a_like_one_in_pieces() -> None:
    """A batch's next document, which shares most of its pieces, is read in pieces; the
    pieces it does not share are read alone and kept only when they come again."""
    text = PLAN.read_text("utf-8")
    _forget()
    assert yaml_in.read_chunked(text) is None
    other = text.replace("\ntrich_yeu: ", "\ntrich_yeu: Cao Bằng ", 1)
    assert other != text
    assert yaml_in.read_chunked(other) is not None
    assert all("Cao Bằng" not in k for k in yaml_in._CHUNKS)
    assert any("Cao Bằng" in k for k in yaml_in._CHUNKS) is False
    yaml_in.read_chunked(other)
    assert any("Cao Bằng" in k for k in yaml_in._CHUNKS)


def test_derived_plans_read_the_same(derived_plans: list[Path]) -> None:
    assert len(derived_plans) > 5
    for path in derived_plans:
        _same(path.read_text("utf-8"))
    _forget()
    for path in derived_plans:  # one memo for all of them, as in a batch
        text = path.read_text("utf-8")
        assert _outcome(text) == _whole(text)


def _loaded(path: Path) -> object:
    warnings: list = []
    try:
        doc = loader.load(path, warnings)
    except InputError as exc:
        return [(p.path, p.message, p.line) for p in exc.problems]
    return doc.model_dump(), [(p.path, p.message, p.line, p.severity) for p in warnings]


def test_derived_and_example_documents_load_the_same(derived_plans: list[Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [*sorted((ROOT / "examples").glob("*.yaml")), *derived_plans]
    chunked = [_loaded(p) for p in paths]
    monkeypatch.setattr(yaml_in, "read_chunked", lambda text: None)
    assert chunked == [_loaded(p) for p in paths]


_PLAN_TEXT = PLAN.read_text("utf-8")

SNIPPETS = [
    # a quoted text or a bracket left open before a field line: read whole
    "a: 'một\nb: hai'\n",
    'a: "một\nb: hai"\nc: 1\n',
    "a: [1,\nb: 2]\n",
    "a: {x: 1,\nb: 2}\n",
    "l:\n  - 'một\n  - hai'\n",
    "l:\n  - [1,\n  - 2]\n",
    # block texts ending at a field line, trailing blank lines kept or not
    "a: |\n  x\n\n\nb: 1\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: >-\n  x\n  y\n\nb: 1\n",
    "l:\n  - |+\n    x\n\n  - y\n",
    "l:\n  - |1\n     x\n  - y\n",
    # document markers and directives, odd line breaks
    "a: 1\n...\nb: 2\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\r...\nb: 2\n",
    "a: 1\rb: 2\n",
    "a: 1\x85b: 2\n",
    "a: 1\u2028b: 2\n",
    "a: x\r\nb: y # chú\r\nl:\r\n  - một # c\r\n  - hai\r\n",
    # keys: twice across pieces, non-text keys, a list under null/true
    "a: 1\nb: 2\na: 3\n",
    "l:\n  - x\nl: 2\n",
    "a: 1\nl:\n  - x\na: 2\n",
    "null:\n  - x\ntrue:\n  - y\nn: 1\n",
    "1: a\ntrue: b\nTrue: c\n",
    # items: comments, empty items, nested lists, mixing a mapping at column 2
    "l: # danh sách\n  # chú\n\n  - x # c\n  -\n  - - a\n    - b\n  - k: 012\n    v: 7:30\n",
    "l:\n  - x\n  k: v\n",
    "l:\n  - x\n k: v\n",
    "l:\n  - x\n- y\n",
    "l:\n  - x\nAbc: y\n",
    "l:\n  - x\n  y\n",
    "l:\n  - x\n   y\n",
    "l:\n    - x\n  - y\n",
    "l:\n  -\tx\n",
    "l:\t\n  - x\n",
    "l: \t# c\n  - x\n",
    "l:\n\t\n  - x\n",
    # anchors, tags, merge keys
    "a: &x 1\nb: *x\n",
    "l:\n  - &x {k: 1}\n  - *x\n",
    "a: !!str 5\nl:\n  - !!int 7\n  - !x y\n",
    "a: {k: 1}\nb:\n  <<: {z: 2}\n",
    # comments after values in later pieces (lines and columns after Vietnamese text)
    "a: ừ\nb: văn bản tiếng Việt có dấu # chú thích\nl:\n  - mục một đã sửa # hai\n",
    "đầu: ừ\nb: văn bản # chú thích\n",
    "# đầu tệp\n\n# nữa\na: x # c\n",
    "  # thụt\na: 1\n",
    "\ufeffa: 1\n",
    "A: 1\nb: 2\n",
    "a:b\nc: 1\n",
    "a: 1\nb:\n",
    "a: 1\nb:",
    "l:\n  - x",
    "",
    "# chỉ có chú thích\n",
    "a",
    "- x\n- y\n",
    # depth and size limits inside a piece
    "l:\n  - " + "[" * 37 + "1" + "]" * 37 + "\n",
    "l:\n  - " + "[" * 38 + "1" + "]" * 38 + "\n",
    "l:\n  - " + "[" * 39 + "1" + "]" * 39 + "\n",
    "a: " + "[" * 39 + "1" + "]" * 39 + "\n",
    "a:\n  " + "k" * 201 + ": 1\n",
    "l:\n" + "  - x\n" * (yaml_in.MAX_PIECES + 3),
    # characters YAML cannot hold, in a piece, before the first field, in a list's line
    "a: 1\nb: x\x0cy\nc: 2\n",
    "a: 1\nb: x\x01y\n",
    "# \x0c\na: 1\nb: 2\n",
    "# \x02\na: 1\n",
    "l: \x0c\n  - x\n  - y\n",
    "l: # \x7f\n  - x\n",
    "l:\n  - x\x0b\n  - y\n",
    "l:\n  - x\ufffe\n",
    # the plan itself, whole and changed at the cuts
    _PLAN_TEXT.replace("\nket_luan:", "\nket_luan: \x0c").replace("Nhân dân", "Nhân\x0cdân"),
    _PLAN_TEXT.replace("\nnhiem_vu:", "\nnhiem_vu: # \x0c"),
    _PLAN_TEXT,
    _PLAN_TEXT.replace("\n", "\r\n"),
    _PLAN_TEXT.replace("\nnhiem_vu:\n", "\nnhiem_vu: # các nhiệm vụ\n\n"),
    _PLAN_TEXT.replace("\nket_luan:", "\nket_luan: x # c\nket_luan:"),
    _PLAN_TEXT.replace("\nket_luan:", "\n...\nket_luan:"),
    _PLAN_TEXT + "\nmuc_dich: 1\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_snippets_read_the_same(text: str) -> None:
    _same(text)


_LINES = st.sampled_from([
    "a: 1", "b: x # c", "c: 'q", 'd: "q', "  more'", 'more"', "e: [1,", "  2]", "f: |",
    "  block", "g: |+", "", "  ", "# c", "h:", "  - x", "  - y # c", "  -", "    z: 1",
    "  - k: v", "    k2: 012", "- top", "i: {a: 1,", "b}", "...", "---", "j: >-",
    "   folded", "null:", "true: t", "k: &a 1", "l: *a", "m: !!str 5", "  n: 1", "o: 7:30",
    "p: văn bản # chú", "q:\t1", "r: x\\", "  -  - nested", "? y", ": z", "t:  ", "u: -",
    "  # chú", "v: ''", "w: x:y", "h: 2", "  - 'a", "  b'", "    - c", " x: 1", "A: 1",
    "a: 1\r", "  - <<: {x: 1}", "  - [1, 2]", "c: a\x0cb", "  - \x01", "# \x0b",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINES, max_size=12), st.sampled_from(["\n", "\r\n"]))
def test_random_documents_read_the_same(lines: list[str], end: str) -> None:
    _same(end.join(lines) + end)


@pytest.mark.parametrize("limit", range(1, 40))
def test_the_values_are_counted_as_the_whole_read_counts_them(
        limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_NODES values, Lines.texts is None (check_data_size words the refusal)."""
    monkeypatch.setattr(yaml_in, "MAX_NODES", limit)
    _same("a: 1\nl:\n  - x\n  - [y, z]\n  - {k: v, w: [1, 2]}\nm: {n: [3]}\n"
          "o:\n  - p\nq: r\n")


@pytest.mark.parametrize("change", [
    ("Nhân dân", "Nhân\x0cdân"), ("Nhân dân", "Nhân\x01dân"), ("\nnhiem_vu:", "\nnhiem_vu: #\x0c"),
    ("\nket_luan:", "\n#\x7f\nket_luan:"), ("\nket_luan:", "\n...\nket_luan:"),
    ("\nket_luan:", "\n---\nket_luan:"), ("\nket_luan:", "\n%YAML 1.1\nket_luan:"),
    ("Nhân dân", "Nhân\rdân"), ("Nhân dân", "Nhân\u2028dân"), ("Nhân dân", "Nhân\x85dân"),
    ("\nnhiem_vu:", "\nnhiem_vu: # \u2029"), ("\nnhiem_vu:", "\n# \r\nnhiem_vu:")])
def test_a_control_character_beside_kept_pieces(change: tuple[str, str]) -> None:
    """The plan's pieces kept, then the plan with a control character, a document marker,
    a directive or an odd line break in one piece or between pieces: what the whole read
    makes of it (warning or refusal), as whole."""
    _forget()
    for _ in range(3):
        yaml_in.parse(_PLAN_TEXT, "t.yaml")
    text = _PLAN_TEXT.replace(*change)
    whole = _whole(text)
    assert _outcome(text) == whole
    assert _outcome(text) == whole


def test_the_data_is_new_every_time() -> None:
    """A caller may change what parse gave: the next reading is not changed by it."""
    text = PLAN.read_text("utf-8")
    first, _ = yaml_in.parse(text, "t.yaml")
    expected = repr(first)
    first["nhiem_vu"][0]["noi_dung"].append("thêm")
    first["co_quan"]["ten"] = "khác"
    first["can_cu"].clear()
    second, _ = yaml_in.parse(text, "t.yaml")
    assert repr(second) == expected


def test_the_memo_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_in, "MAX_KEPT_CHUNKS", 20)
    monkeypatch.setattr(yaml_in, "MAX_KEPT_CHUNK_BYTES", 60_000)
    _forget()
    for i in range(60):
        text = f"a: {i}\nb: {'x' * 3000}{i}\nl:\n" + "".join(f"  - {i} {j}\n" for j in range(5))
        yaml_in.read_chunked(text)
        assert yaml_in.read_chunked(text) is not None
        assert len(yaml_in._CHUNKS) <= 20
        assert yaml_in._CHUNK_BYTES[0] <= 60_000
        assert yaml_in._CHUNK_BYTES[0] == sum(v[-1] for v in yaml_in._CHUNKS.values())
    long = "a: " + "x" * yaml_in.MAX_KEPT_CHUNK + "\n"
    yaml_in.read_chunked(long)
    assert yaml_in.read_chunked(long) is not None
    assert long not in yaml_in._CHUNKS


def test_a_reading_counts_its_bytes() -> None:
    """The size kept for a piece covers its text and everything its reading holds."""
    import sys

    piece = "  - k: văn bản\n    l: [1, 2.5, true, null]\n"
    found = yaml_in._read_chunk(piece)
    assert found is not None
    objects = []
    stack = [found[:-1]]
    while stack:
        item = stack.pop()
        objects.append(item)
        if isinstance(item, dict):
            stack += [*item.keys(), *item.values()]
        elif isinstance(item, list | tuple):
            stack += item
    assert found[-1] >= sum(sys.getsizeof(o) for o in objects) + sys.getsizeof(piece)
