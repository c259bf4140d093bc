"""A render's check runs only the rules whose findings are errors (issue 21).

vbhc.batch.verified_bytes refuses a document on the check's errors and ignores its warnings,
so it asks vbhc.checker.checker.check_parts for the errors only: the rules whose severity is
"cảnh báo" do not run. These tests hold that the errors are exactly those of the full check
(every .docx of ../shared/corpus and tests/data, with the rule data's severities and with an
agency's settings that swap some), and that a document the full check finds an error in is
still refused with that error.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from vbhc.checker.checker import _checked
from vbhc.checker.config import CheckConfig
from vbhc.checker.rules import load_rules
from vbhc.docx.package import read_package
from vbhc.errors import ReadError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _docx() -> list[Path]:
    return sorted([*(SHARED / "corpus").rglob("*.docx"),
                   *(ROOT / "tests" / "data").rglob("*.docx")])


def _swapped() -> CheckConfig:
    """Every warning rule raised to an error, every third error rule lowered to a warning
    and every seventh turned off."""
    rules: dict[str, str | None] = {}
    for i, (rid, spec) in enumerate(load_rules().items()):
        if spec.severity == "cảnh báo":
            rules[rid] = "lỗi"
        elif i % 7 == 0:
            rules[rid] = None
        elif i % 3 == 0:
            rules[rid] = "cảnh báo"
    return CheckConfig(rules=rules)


@pytest.mark.parametrize("config", [None, "swapped"])
def test_errors_only_gives_exactly_the_errors_of_the_full_check(config):
    files = _docx()
    if len(files) < 20:
        pytest.skip("không có ../shared/corpus")
    cfg = _swapped() if config else None
    compared = 0
    for path in files:
        try:
            full = _checked(lambda p=path: read_package(p, share=True), cfg)
        except ReadError:
            continue
        errors = _checked(lambda p=path: read_package(p, share=True), cfg, errors_only=True)
        assert errors == [f for f in full if f.is_error], path
        compared += 1
    assert compared >= 20


def test_no_warning_rule_of_the_rule_data_marks_a_column(monkeypatch):
    """What makes skipping them exact: on every stored .docx, each warning rule leaves
    Document.uncentred_columns (the one thing a rule leaves for the later ones) as it was."""
    from vbhc.checker import checker

    files = _docx()
    if len(files) < 20:
        pytest.skip("không có ../shared/corpus")
    ran = []
    for rid, spec in load_rules().items():
        if spec.severity != "cảnh báo":
            continue

        def watched(comp, spec, real=checker.REGISTRY[rid], rid=rid):
            before = set(comp.doc.uncentred_columns)
            hits = list(real(comp, spec))
            assert comp.doc.uncentred_columns == before, rid
            ran.append(rid)
            return hits

        monkeypatch.setitem(checker.REGISTRY, rid, watched)
    for path in files:
        try:
            _checked(lambda p=path: read_package(p, share=True))
        except ReadError:
            continue
    assert len(set(ran)) == sum(s.severity == "cảnh báo" for s in load_rules().values())


def test_a_warning_rule_does_not_run_for_errors_only(monkeypatch):
    from vbhc.checker import checker

    warning = next(rid for rid, spec in load_rules().items() if spec.severity == "cảnh báo")
    ran = []
    real = checker.REGISTRY[warning]
    monkeypatch.setitem(checker.REGISTRY, warning, lambda *a: ran.append(1) or real(*a))
    path = _docx()[0]
    _checked(lambda: read_package(path, share=True), None, errors_only=True)
    assert ran == []
    _checked(lambda: read_package(path, share=True), None)
    assert ran == [1]


def test_render_still_refuses_a_document_with_a_check_error(tmp_path, monkeypatch):
    """A check error still stops the render (the error rules run), a warning does not."""
    from vbhc import batch
    from vbhc.checker import checker
    from vbhc.checker.rules import Hit
    from vbhc.errors import InputError
    from vbhc.loader import load

    source = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
    doc = load(source, [])
    error = next(rid for rid, spec in load_rules().items() if spec.severity == "lỗi")
    warning = next(rid for rid, spec in load_rules().items() if spec.severity == "cảnh báo")
    monkeypatch.setitem(checker.REGISTRY, warning, lambda comp, spec: [Hit(None, "x")])
    assert batch.verified_bytes(doc, "x.docx")[:2] == b"PK"
    monkeypatch.setitem(checker.REGISTRY, error, lambda comp, spec: [Hit(None, "x")])
    with pytest.raises(InputError) as raised:
        batch.verified_bytes(doc, "x.docx")
    assert any(p.rule == error for p in raised.value.as_problems())
