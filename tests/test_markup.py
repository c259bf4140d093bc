"""Inline markup: **đậm**, *nghiêng*, [^khoa], backslash escapes."""

from __future__ import annotations

import pytest

from vbhc.model.markup import (
    FootnoteRef,
    TextSpan,
    escape,
    parse,
    plain,
    unmatched_markers,
)


def test_bold_italic_and_footnote():
    assert parse("a **b** *c* d[^1].") == [
        TextSpan("a "), TextSpan("b", bold=True), TextSpan(" "), TextSpan("c", italic=True),
        TextSpan(" d"), FootnoteRef("1"), TextSpan("."),
    ]


def test_bold_inside_italic():
    assert parse("*a **b***") == [TextSpan("a ", italic=True),
                                  TextSpan("b", bold=True, italic=True)]


@pytest.mark.parametrize("source, shown", [
    (r"5 \* 3", "5 * 3"),
    (r"\[^1] không phải chú thích", "[^1] không phải chú thích"),
    (r"đường dẫn C:\\tmp", r"đường dẫn C:\tmp"),
    ("[xem mục 2]", "[xem mục 2]"),
    ("{{ 7*7 }}".replace("*", r"\*"), "{{ 7*7 }}"),
])
def test_escapes_and_literal_brackets(source, shown):
    assert plain(source) == shown


def test_escape_round_trips_any_text():
    text = r"a*b**c[^d]\e"
    assert plain(escape(text)) == text


@pytest.mark.parametrize("source, spans, unmatched", [
    ("**đậm chưa đóng", [TextSpan("**đậm chưa đóng")], ["**"]),
    ("{{ 7*7 }}", [TextSpan("{{ 7*7 }}")], ["*"]),
    ("*a* và 2*3", [TextSpan("a", italic=True), TextSpan(" và 2*3")], ["*"]),
    ("**a** b** c", [TextSpan("a", bold=True), TextSpan(" b** c")], ["**"]),
    ("**a** *b*", [TextSpan("a", bold=True), TextSpan(" "), TextSpan("b", italic=True)], []),
])
def test_a_marker_without_partner_prints_as_written(source, spans, unmatched):
    assert parse(source) == spans
    assert unmatched_markers(source) == unmatched


def test_yaml_writer_round_trips_the_example():
    import vbhc
    from tests.conftest import PLAN_EXAMPLE
    from vbhc.loader import parse_yaml, validate_data
    from vbhc.yaml_out import dump_document

    plan = vbhc.load(PLAN_EXAMPLE)
    text = dump_document(plan)
    assert text.startswith("# yaml-language-server: $schema=../schemas/ke-hoach.schema.json\n")
    data, lines = parse_yaml(text, "x.yaml")
    assert validate_data(data, "x.yaml", lines) == plan
    assert text.rstrip().splitlines()[-1].startswith("    ")  # chu_thich last, folded
