"""Faults found by review in yaml_in.read_chunked (issue 21, session 30): documents whose
reading in pieces differed from the whole read, or took time quadratic in their size.
Each case is read as never met, again (in pieces) and warm: what the whole read gives."""

from __future__ import annotations

from tests.test_speed_yaml_chunks import _forget, _same
from vbhc import yaml_in


def test_a_text_key_and_a_number_key_alike_in_two_pieces_are_refused_as_whole() -> None:
    """'"1": x' in one piece and '1: y' in another: the whole read sees the key written
    twice (by its text) and refuses it; in pieces they were kept as '1' and 1."""
    _same('a: 1\n"1": x\nb: 2\n1: y\n')
    _same('a: 1\n"true": x\nb: 2\ntrue: y\n')
    _same('a: 1\n"null": x\nnull: y\n')


def test_a_list_field_name_past_max_key_is_checked_as_whole() -> None:
    """A list field's name (outside every piece) longer than MAX_KEY: the whole read leaves
    the refusal to check_data_size (texts None); in pieces its length was not looked at."""
    name = "x" * (yaml_in.MAX_KEY + 1)
    _same(f"a: 1\n{name}:\n  - p\n  - q\nb: 2\n")
    _same(f"a: 1\n{'y' * yaml_in.MAX_KEY}:\n  - p\n  - q\nb: 2\n")


class _Counted(str):
    """A text that adds up how many characters its ``count`` calls scan."""

    scanned = 0

    def count(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        stop = len(self) if end is None else end
        _Counted.scanned += max(0, stop - start)
        return super().count(sub, start, end)


def test_comment_notes_after_a_long_piece_count_lines_once() -> None:
    """Many comment notes in a piece after a long one: each note's line was counted from
    the start of the text again (a 20 MB field then 20,000 notes: 113 s in pieces, 0.4 s
    whole); now the text's line breaks are counted once over."""
    text = "a: " + "x" * 50_000 + "\nb:\n  - - v # c\n" + "    - v # c\n" * 200 + "c: 1\n"
    _same(text)
    _forget()
    yaml_in.parse(text, "t.yaml")  # met once (read whole: libyaml wants an exact str)
    for _ in range(2):  # in pieces: the long one read again, then with the rest kept
        _Counted.scanned = 0
        data, lines = yaml_in.parse(_Counted(text), "t.yaml")
        assert len(lines.notes) == 201
        assert _Counted.scanned <= 2 * len(text)
    assert lines._whole is not None  # the last reads were in pieces


def test_an_ampersand_outside_every_piece_reads_as_whole() -> None:
    """'&' in a comment before the first field or on a list field's lines: the whole read
    leaves such a text to the general way (aliases), which hands no string values (texts
    None: vbhc.loader gathers them again); in pieces only the pieces were looked at."""
    _same("# R&D\na: 1\nb: x\n")
    _same("a: 1\nl: # R&D\n  - x\n  - y\n")
    _same("a: 1\nl:\n# R&D\n  - x\n  - y\n")


def test_a_list_too_long_for_pieces_is_given_up_before_its_items_are_sliced():
    """A list field of far more than MAX_PIECES items sends the text to the whole read
    without first slicing every item into a piece (a 4 MB text of 1 M items made 288 MB
    of pieces before the count was checked)."""
    import tracemalloc

    from vbhc import yaml_in

    text = "loai: ke_hoach\nnoi_nhan:\n" + "  - x\n" * 200_000
    tracemalloc.start()
    try:
        assert yaml_in._pieces(text) is None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * len(text)  # the cut positions; the slices alone were ~40×
