"""Property-based: any valid document renders to a .docx that reopens, that `vbhc check`
passes, and whose text round-trips through import.

`make test` runs a small sample; `make test-slow` (VBHC_FUZZ_EXAMPLES=2000) the long run.
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

import vbhc
from tests.docx_helpers import Docx, para_text
from tests.strategies import documents
from vbhc.loader import validate_data

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def reopen(data: bytes) -> None:
    """Every XML part of the package parses."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))


@FUZZ
@given(documents)
def test_any_document_renders_reopens_and_passes_the_checker(tmp_path_factory, data):
    doc = validate_data(data)
    rendered = vbhc.render_bytes(doc)
    reopen(rendered)
    path = tmp_path_factory.mktemp("fuzz") / "vb.docx"
    path.write_bytes(rendered)
    errors = [f for f in vbhc.check(path) if f.is_error]
    assert not errors, [(f.rule, f.excerpt, f.message) for f in errors]
    assert vbhc.render_bytes(doc) == rendered


def text_of(path) -> tuple[list[str], dict[int, str]]:
    doc = Docx.open(path)
    return [para_text(p) for p in doc.paragraphs()], doc.footnotes()


@FUZZ
@given(documents)
def test_any_document_text_round_trips_through_import(tmp_path_factory, data):
    """import(render(doc)) renders to the same text, paragraph by paragraph, footnotes too
    (the model may differ in what is implicit, e.g. a symbol given or built)."""
    folder = tmp_path_factory.mktemp("fuzz")
    first = vbhc.render(validate_data(data), folder / "a.docx")
    imported = vbhc.import_document(first).document
    second = vbhc.render(imported, folder / "b.docx")
    assert text_of(second) == text_of(first)


@pytest.mark.skipif(EXAMPLES <= 25, reason="chỉ chạy trong make test-slow")
def test_slow_mode_is_on():
    assert EXAMPLES >= 2000
