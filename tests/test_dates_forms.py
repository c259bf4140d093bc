"""Dates the way clerks write them (issue 17): 15/6/2024, 15/06/2024, 2024-06-15 in every
date field; the issue date also as {ngay, thang, nam} with blanks for a draft. The schema
describes the forms; YAML written back keeps the canonical forms."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest

import vbhc
from vbhc.errors import InputError
from vbhc.lang.dates import DATE_PATTERN, DRAFT_DATE_PATTERN, date_parts, parse_date
from vbhc.model.schema import schema
from vbhc.yaml_in import parse
from vbhc.yaml_out import dump_document

PLAN = Path("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
PLAN_TEXT = PLAN.read_text("utf-8")
ISSUE = "ngay_ban_hanh:\n  ngay: null  # để trống, điền khi ký\n  thang: 5\n  nam: 2024\n"
DEADLINE = "      ngay: 2024-06-15\n"
assert ISSUE in PLAN_TEXT and DEADLINE in PLAN_TEXT


def plan_with(tmp_path: Path, issue: str | None = None, deadline: str | None = None) -> Path:
    text = PLAN_TEXT
    if issue is not None:
        text = text.replace(ISSUE, f"ngay_ban_hanh: {issue}\n")
    if deadline is not None:
        text = text.replace(DEADLINE, f"      ngay: {deadline}\n")
    path = tmp_path / "kh.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text, parts", [
    ("15/6/2024", (15, 6, 2024)),
    ("15/06/2024", (15, 6, 2024)),
    ("05/02/2024", (5, 2, 2024)),
    ("2024-06-15", (15, 6, 2024)),
    (" 1 / 2 / 2024 ", (1, 2, 2024)),
])
def test_date_parts(text, parts):
    assert date_parts(text) == parts
    assert parse_date(text) == datetime.date(parts[2], parts[1], parts[0])


@pytest.mark.parametrize("text, parts", [
    ("…/5/2024", (None, 5, 2024)), ("../../2024", (None, None, 2024)),
    ("/5/2024", (None, 5, 2024)), ("___/5/2024", (None, 5, 2024)),
])
def test_blank_day_and_month_for_a_draft(text, parts):
    assert date_parts(text, blanks=True) == parts
    with pytest.raises(ValueError, match="cần đủ ngày, tháng, năm"):
        parse_date(text)


@pytest.mark.parametrize("text, needle", [
    ("31/2/2024", "ngày 31/2/2024 không có trong lịch"),
    ("29/2/2023", "ngày 29/2/2023 không có trong lịch"),
    ("6/15/2024", "ngày viết trước tháng: 15/6/2024?"),
    ("15/6/24", "năm viết đủ bốn chữ số"),
    ("15.6.2024", "viết dạng 15/6/2024, 15/06/2024 hoặc 2024-06-15"),
    ("ngày 15", "không phải ngày tháng"),
    ("2024/06/15", "không phải ngày tháng"),
    ("15/6/２０２４", "không phải ngày tháng"),  # full-width digits
])
def test_bad_dates_are_vietnamese_messages(text, needle):
    with pytest.raises(ValueError, match=needle.replace("?", r"\?").replace(".", r"\.")):
        parse_date(text)


@pytest.mark.parametrize("issue", ["15/6/2024", "15/06/2024", "2024-06-15",
                                   "{ngay: 15, thang: 6, nam: 2024}"])
def test_issue_date_forms(tmp_path, issue):
    doc = vbhc.load(plan_with(tmp_path, issue=issue))
    assert (doc.ngay_ban_hanh.ngay, doc.ngay_ban_hanh.thang, doc.ngay_ban_hanh.nam) == (15, 6,
                                                                                         2024)


@pytest.mark.parametrize("issue, parts", [
    ("…/5/2024", (None, 5, 2024)),
    ('"../../2024"', (None, None, 2024)),
    ("{thang: 5, nam: 2024}", (None, 5, 2024)),
    ("{ngay: null, thang: null, nam: 2024}", (None, None, 2024)),
])
def test_issue_date_of_a_draft(tmp_path, issue, parts):
    date = vbhc.load(plan_with(tmp_path, issue=issue)).ngay_ban_hanh
    assert (date.ngay, date.thang, date.nam) == parts


@pytest.mark.parametrize("deadline", ["15/6/2024", "15/06/2024", "2024-06-15", "'2024-06-15'"])
def test_deadline_forms(tmp_path, deadline):
    doc = vbhc.load(plan_with(tmp_path, deadline=deadline))
    assert doc.che_do_bao_cao.han[0].ngay == datetime.date(2024, 6, 15)


@pytest.mark.parametrize("issue, deadline, path, needle", [
    ("31/2/2024", None, "ngay_ban_hanh", "ngày 31/2/2024 không có trong lịch"),
    ("{ngay: 31, thang: 2, nam: 2024}", None, "ngay_ban_hanh",
     "ngày 31/2/2024 không có trong lịch"),
    ("15/6/24", None, "ngay_ban_hanh", "năm viết đủ bốn chữ số"),
    ("15/…/2024", None, "ngay_ban_hanh", "có ngày mà thiếu tháng"),
    ("15/6/1900", None, "ngay_ban_hanh.nam", "phải lớn hơn hoặc bằng 1945"),
    ("2024", None, "ngay_ban_hanh", "hoặc nhóm trường ngay, thang, nam"),
    (None, "31/2/2024", "che_do_bao_cao.han[0].ngay", "ngày 31/2/2024 không có trong lịch"),
    (None, "…/6/2024", "che_do_bao_cao.han[0].ngay", "cần đủ ngày, tháng, năm"),
    (None, "20240615", "che_do_bao_cao.han[0].ngay", "phải là ngày tháng, viết dạng"),
    (None, "0", "che_do_bao_cao.han[0].ngay", "phải là ngày tháng"),  # not 1970-01-01
    (None, "true", "che_do_bao_cao.han[0].ngay", "phải là ngày tháng"),
])
def test_invalid_dates_name_the_field_and_line(tmp_path, issue, deadline, path, needle):
    with pytest.raises(InputError) as caught:
        vbhc.load(plan_with(tmp_path, issue, deadline))
    (problem,) = caught.value.problems
    assert problem.path == path and needle in problem.message
    text = (tmp_path / "kh.yaml").read_text("utf-8").split("\n")
    key = "ngay_ban_hanh:" if issue else f"ngay: {deadline}"
    assert key in text[problem.line - 1]


def test_dates_from_code():
    data, _ = parse(PLAN_TEXT, "t")
    data["ngay_ban_hanh"] = datetime.date(2024, 6, 15)
    data["che_do_bao_cao"]["han"][0]["ngay"] = datetime.date(2024, 6, 30)
    doc = vbhc.validate(data)
    assert doc.ngay_ban_hanh.as_date() == datetime.date(2024, 6, 15)
    assert doc.che_do_bao_cao.han[0].ngay == datetime.date(2024, 6, 30)


def test_written_back_in_the_canonical_forms(tmp_path):
    doc = vbhc.load(plan_with(tmp_path, issue="15/6/2024", deadline="30/6/2024"))
    text = dump_document(doc)
    assert "ngay_ban_hanh:\n  ngay: 15\n  thang: 6\n  nam: 2024\n" in text
    assert "    ngay: 2024-06-30\n" in text
    again = tmp_path / "again.yaml"
    again.write_text(text, encoding="utf-8")
    assert vbhc.load(again) == doc


def test_the_date_line_of_a_document_written_with_a_slash_date(tmp_path):
    from tests.docx_helpers import Docx, para_text

    doc = vbhc.load(plan_with(tmp_path, issue="5/2/2024"))
    out = vbhc.render(doc, tmp_path / "kh.docx")
    texts = [para_text(p) for p in Docx.open(out).paragraphs()]
    assert any("Lạng Sơn, ngày 05 tháng 02 năm 2024" in t for t in texts), texts[:12]


@pytest.mark.parametrize("slug", ["ke-hoach", "cong-van", "bao-cao"])
def test_schema_describes_the_issue_date_forms(slug):
    validator = jsonschema.Draft202012Validator({**schema(slug)["$defs"]["NgayBanHanh"],
                                                 "$defs": schema(slug)["$defs"]})
    for good in ("15/6/2024", "15/06/2024", "2024-06-15", "…/5/2024", "../../2024",
                 {"thang": 5, "nam": 2024}):
        assert validator.is_valid(good), good
    for bad in ("15/6/24", "ngày 15", "15.6.2024", {"ngay": 1}):
        assert not validator.is_valid(bad), bad


def test_schema_describes_the_deadline_forms():
    field = schema("ke-hoach")["$defs"]["HanBaoCao"]["properties"]["ngay"]
    assert field["pattern"] == DATE_PATTERN and "format" not in field
    validator = jsonschema.Draft202012Validator(field)
    for good in ("15/6/2024", "15/06/2024", "2024-06-15"):
        assert validator.is_valid(good)
    for bad in ("…/6/2024", "15/6/24", "June 15"):
        assert not validator.is_valid(bad)


def test_patterns_accept_what_the_reader_accepts():
    import re

    for text in ("15/6/2024", " 1 / 2 / 2024 ", "2024-6-5"):
        assert re.search(DATE_PATTERN, text) and re.search(DRAFT_DATE_PATTERN, text)
        date_parts(text)
    for text in ("…/5/2024", "/5/2024", " … / … /2024"):
        assert re.search(DRAFT_DATE_PATTERN, text) and not re.search(DATE_PATTERN, text)
        date_parts(text, blanks=True)


def test_committed_schema_has_the_forms():
    body = json.loads(Path("schemas/ke-hoach.schema.json").read_text("utf-8"))
    assert body["$defs"]["NgayBanHanh"]["anyOf"][1]["pattern"] == DRAFT_DATE_PATTERN
