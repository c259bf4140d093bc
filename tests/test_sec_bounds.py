"""Hostile .docx and text for check, import and annotate, and hostile markup: each input
that once crashed (exit 3) or ran for minutes is refused or read, with a Vietnamese
message naming the file, within bounded work (issues 12 and 22)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import PLAN_EXAMPLE
from vbhc import cli
from vbhc.checker import check
from vbhc.cross_checks import footnote_problems
from vbhc.docx import limits
from vbhc.docx.limits import xml_float, xml_int
from vbhc.docx.numbering import _format
from vbhc.errors import ReadError
from vbhc.importer import read_source
from vbhc.importer.build import CITED, _cited
from vbhc.importer.source import to_markup
from vbhc.importer.text_reader import BOLD, ENDS, _Joined
from vbhc.loader import validate_data
from vbhc.model.markup import _TOKEN, _tokens, parse

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def make_docx(path: Path, body: str, *, styles: str = "", numbering: str = "") -> Path:
    """Write a minimal .docx with ``body`` inside w:body, and optional styles/numbering."""
    rels = []
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    f"<w:document {W}><w:body>{body}</w:body></w:document>")
        if styles:
            zf.writestr("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")
            rels.append(("styles", "styles.xml"))
        if numbering:
            zf.writestr("word/numbering.xml", f"<w:numbering {W}>{numbering}</w:numbering>")
            rels.append(("numbering", "numbering.xml"))
        xml = "".join(f'<Relationship Id="r{k}" Type="{REL}/{kind}" Target="{target}"/>'
                      for k, (kind, target) in enumerate(rels))
        zf.writestr("word/_rels/document.xml.rels",
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    f'relationships">{xml}</Relationships>')
    return path


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def numbered_list(start: str = "1", fmt: str = "decimal", ilvl: str = "0",
                  para_ilvl: str = "0", num_id: str = "1", items: int = 3) -> tuple[str, str]:
    numbering = (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                 f'<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
                 f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="0"/></w:num>')
    body = "".join(f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{para_ilvl}"/>'
                   f'<w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
                   f"<w:r><w:t>Mục {k}</w:t></w:r></w:p>" for k in range(items))
    return body, numbering


# --- numbers in XML ---------------------------------------------------------------------

@pytest.mark.parametrize(("value", "want"), [
    (None, 7), ("", 7), ("abc", 7), ("12", 12), (" 12 ", 12), ("1e9", 7), ("nan", 7),
    ("-5", 0), ("999999999", 100), ("9" * 400, 100), ("-" + "9" * 400, 0), ("+3", 3),
])
def test_xml_int_is_defensive_and_clamped(value, want):
    assert xml_int(value, 7, 0, 100) == want


@pytest.mark.parametrize(("value", "want"), [
    (None, None), ("abc", None), ("nan", None), ("inf", None), ("1e400", None),
    ("567.0", 567.0), ("1e300", 1e6), ("-1e300", -1e6),
])
def test_xml_float_is_finite_and_clamped(value, want):
    assert xml_float(value, None, 1e6) == want


@pytest.mark.parametrize(("start", "fmt", "first"), [
    ("999999999", "upperRoman", "32767."),  # Word's own maximum start; no 999999 M's
    ("999999999", "lowerLetter", "32767."),  # a..z repeated 38 million times: no
    ("9" * 30, "decimal", "32767."),
    ("abc", "decimal", "1."),
    ("-5", "upperRoman", "0."),
    ("4", "upperRoman", "IV."),
    ("27", "lowerLetter", "aa."),
])
def test_list_start_values_are_bounded(tmp_path, start, fmt, first):
    body, numbering = numbered_list(start=start, fmt=fmt)
    source = read_source(make_docx(tmp_path / "a.docx", body, numbering=numbering))
    assert source.paras[0].text == f"{first} Mục 0"


@pytest.mark.parametrize("attrs", [
    {"ilvl": "abc"}, {"para_ilvl": "abc"}, {"num_id": "abc"}, {"ilvl": "99999999999"},
    {"para_ilvl": "99999999999"}, {"para_ilvl": "-1"}, {"ilvl": "-1"},
])
def test_non_numeric_or_huge_list_levels_do_not_crash(tmp_path, attrs):
    body, numbering = numbered_list(**attrs)
    path = make_docx(tmp_path / "b.docx", body, numbering=numbering)
    assert len(read_source(path).paras) == 3
    for args in (["import", str(path), "-o", str(tmp_path / "b.yaml")], ["check", str(path)]):
        result = run(*args)
        assert result.exit_code in (0, 1, 2) and "Lỗi nội bộ" not in result.output


def test_roman_and_letters_fall_back_to_digits_when_long():
    assert _format(3999, "upperRoman") == "MMMCMXCIX"
    assert _format(4000, "upperRoman") == "4000"
    assert _format(26 * 5, "lowerLetter") == "zzzzz"
    assert _format(26 * 5 + 1, "lowerLetter") == "131"


@pytest.mark.parametrize("cell_props", [
    '<w:gridSpan w:val="abc"/>', '<w:gridSpan w:val="999999999"/>',
    '<w:gridSpan w:val="-3"/><w:tcW w:w="1e999" w:type="dxa"/>',
    '<w:vMerge w:val="restart"/><w:tcW w:w="abc" w:type="dxa"/>',
])
def test_garbage_table_numbers_give_findings_not_crashes(tmp_path, cell_props):
    cell = f"<w:tc><w:tcPr>{cell_props}</w:tcPr><w:p><w:r><w:t>ô</w:t></w:r></w:p></w:tc>"
    body = ('<w:tbl><w:tblGrid><w:gridCol w:w="nan"/><w:gridCol w:w="1e400"/></w:tblGrid>'
            '<w:tr><w:trPr><w:gridBefore w:val="zz"/></w:trPr>' + cell * 3 + "</w:tr></w:tbl>")
    path = make_docx(tmp_path / "t.docx", body)
    assert isinstance(check(path), list)
    assert read_source(path).paras[0].text == "ô"


def test_garbage_sizes_indents_symbols_and_shapes(tmp_path):
    body = ('<w:p><w:pPr><w:ind w:left="99999999999999999999" w:firstLine="1e308" '
            'w:hanging="nan"/><w:spacing w:line="inf" w:before="-1e400"/>'
            '<w:sectPr><w:pgSz w:w="abc" w:h="1e999"/><w:pgMar w:top="nan"/></w:sectPr>'
            '</w:pPr><w:r><w:rPr><w:sz w:val="1e309"/></w:rPr><w:t>x</w:t>'
            '<w:sym w:char="FFFFFFFFFFFFFFFFFFFFFFFF"/><w:sym w:char="zz"/></w:r>'
            '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
            'drawingml/2006/wordprocessingDrawing"><wp:extent cx="abc" cy="1e9"/>'
            '</wp:inline></w:drawing></w:r></w:p>')
    path = make_docx(tmp_path / "n.docx", body)
    assert isinstance(check(path), list)
    result = run("check", str(path))
    assert result.exit_code in (0, 1) and "Lỗi nội bộ" not in result.output


# --- limits on work per file ------------------------------------------------------------

@pytest.mark.parametrize(("limit", "body", "what"), [
    ("MAX_PARAGRAPHS", "<w:p/>" * 6, "đoạn văn"),
    ("MAX_RUNS", "<w:p>" + "<w:r><w:t>a</w:t></w:r>" * 6 + "</w:p>", "đoạn chữ (run)"),
    ("MAX_TABLE_CELLS", "<w:tbl><w:tr>" + "<w:tc><w:p/></w:tc>" * 6 + "</w:tr></w:tbl>",
     "ô bảng"),
    ("MAX_TABLE_ROWS", "<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * 6 + "</w:tbl>",
     "hàng bảng"),
    ("MAX_TEXT_CHARS", "<w:p><w:r><w:t>abcdefgh</w:t></w:r></w:p>", "ký tự"),
    ("MAX_SECTIONS", "<w:p><w:pPr><w:sectPr/></w:pPr></w:p>" * 6, "phần (section)"),
    ("MAX_TABLE_NESTING", "<w:tbl><w:tr><w:tc>" * 6 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 6,
     "bảng lồng"),
])
def test_each_limit_refuses_with_the_file_and_part_named(tmp_path, monkeypatch, limit,
                                                         body, what):
    monkeypatch.setattr(limits, limit, 5)
    path = make_docx(tmp_path / "lon.docx", body)
    with pytest.raises(ReadError) as err:
        check(path)
    message = str(err.value)
    assert str(path) in message and "word/document.xml" in message and what in message
    for args in (["check", str(path)], ["check", "--annotate", str(tmp_path / "g.docx"),
                                        str(path)],
                 ["import", str(path), "-o", str(tmp_path / "o.yaml")]):
        result = run(*args)
        assert result.exit_code == 2, result.output
        assert str(path) in result.output and what in result.output
    assert not (tmp_path / "g.docx").exists() and not (tmp_path / "o.yaml").exists()


def test_limits_count_every_story_together(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARAGRAPHS", 5)
    totals: dict[str, int] = {}
    root = etree_of(f"<w:body {W}>" + "<w:p/>" * 3 + "</w:body>")
    limits.check_part(root, "x.docx", "word/document.xml", totals)
    with pytest.raises(ReadError, match="word/header1.xml"):
        limits.check_part(root, "x.docx", "word/header1.xml", totals)


def etree_of(xml: str):
    from lxml import etree

    return etree.fromstring(xml)


@pytest.mark.parametrize("cycle", [False, True])
def test_long_or_cyclic_style_chains_are_refused(tmp_path, cycle):
    n = limits.MAX_STYLE_CHAIN + 5
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{k}"><w:basedOn '
        f'w:val="S{(k + 1) % n if cycle else k + 1}"/></w:style>' for k in range(n))
    body = '<w:p><w:pPr><w:pStyle w:val="S0"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    path = make_docx(tmp_path / "s.docx", body, styles=styles)
    for args in (["check", str(path)], ["import", str(path), "-o", str(tmp_path / "o.yaml")]):
        result = run(*args)
        assert result.exit_code == 2 and "basedOn" in result.output and str(path) in \
            result.output


def test_short_style_cycle_is_still_read(tmp_path):
    styles = ('<w:style w:type="paragraph" w:styleId="A"><w:basedOn w:val="B"/>'
              '<w:rPr><w:b/></w:rPr></w:style>'
              '<w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/></w:style>')
    body = '<w:p><w:pPr><w:pStyle w:val="A"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    path = make_docx(tmp_path / "c.docx", body, styles=styles)
    assert isinstance(check(path), list)
    assert read_source(path).paras[0].spans[0].bold


def test_deep_nesting_is_refused_by_the_parser_in_vietnamese(tmp_path):
    body = "<w:sdt><w:sdtContent>" * 300 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 300
    path = make_docx(tmp_path / "sau.docx", body)
    result = run("check", str(path))
    assert result.exit_code == 2
    assert str(path) in result.output and "lồng nhau quá 256 cấp" in result.output


# --- XML errors name the file and the part ------------------------------------------------

@pytest.mark.parametrize("part", ["word/document.xml", "word/styles.xml",
                                  "word/_rels/document.xml.rels"])
def test_broken_part_names_file_and_part_for_every_entry_point(tmp_path, part):
    path = make_docx(tmp_path / "hong.docx", "<w:p/>", styles="<w:style/>")
    with zipfile.ZipFile(path) as zf:
        entries = {n: zf.read(n) for n in zf.namelist()}
    entries[part] = b"<w:broken"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    for args in (["check", str(path)], ["check", "--json", str(path)],
                 ["check", "--annotate", str(tmp_path / "g.docx"), str(path)],
                 ["import", str(path), "-o", str(tmp_path / "o.yaml")]):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "Lỗi nội bộ" not in result.output
        if "--json" not in args:
            assert str(path) in result.output and part in result.output, result.output


# --- text extracted from a PDF ------------------------------------------------------------

LINE = st.lists(st.sampled_from(["*", "**", "***", "a", ".", " ", ";", "/", "x", "”"]),
                max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=5))
def test_joined_paragraph_decides_like_the_regex(lines):
    joined = _Joined(lines[0])
    for line in lines[1:]:
        joined.add(line)
    assert joined.text == " ".join(lines)
    assert joined.ends_sentence() == bool(ENDS.search(BOLD.sub(r"\1", " ".join(lines))))


def test_lowercase_lines_join_into_one_paragraph(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("Số: 1/KH-UBND.\n" + "tiếp tục dòng\n" * 3000, encoding="utf-8")
    paras = read_source(path).paras
    assert len(paras) == 2 and paras[1].text.count("tiếp tục dòng") == 3000


# --- markup -----------------------------------------------------------------------------

MARKUP = st.lists(st.sampled_from(["[", "^", "]", "*", "**", "\\", " ", "a", "[^k]", "\n",
                                   "[^", "x]", "\t"]), max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(MARKUP)
def test_tokenizer_matches_the_regex(text):
    assert _tokens(text) == _TOKEN.findall(text)


@settings(max_examples=500, deadline=None)
@given(MARKUP)
def test_importer_citation_scan_matches_the_regex(text):
    assert _cited(text) == CITED.findall(text)


def test_many_footnote_openers_parse_as_text():
    text = "[^" * 50_000
    assert parse(text)[0].text == text


def test_undefined_footnote_cited_many_times_is_one_problem_per_field():
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["trich_yeu"] = "Trích yếu" + "[^khong-co]" * 50_000
    doc = validate_data({**data, "trich_yeu": "Trích yếu"})
    doc = doc.model_copy(update={"trich_yeu": data["trich_yeu"]})
    problems = [p for p in footnote_problems(doc) if "khong-co" in p.message]
    assert len(problems) == 1
    assert problems[0].path == "trich_yeu" and "50000 lần" in problems[0].message


def test_to_markup_of_imported_spans_round_trips_large_text():
    from vbhc.model.markup import TextSpan

    spans = [TextSpan("[^" * 10_000 + "*" * 10_000)]
    assert parse(to_markup(spans))[0].text == spans[0].text


@pytest.mark.skipif(not CORPUS.is_dir(), reason="không có corpus")
def test_corpus_files_still_pass_the_limits():
    for path in sorted(CORPUS.glob("*.docx")):
        assert isinstance(check(path), list)
        assert read_source(path).paras


def test_messages_are_vietnamese_with_thousands_dots(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_RUNS", 1000)
    path = make_docx(tmp_path / "r.docx", "<w:p>" + "<w:r/>" * 1001 + "</w:p>")
    with pytest.raises(ReadError, match=re.escape("1.001 đoạn chữ (run), giới hạn 1.000")):
        check(path)
