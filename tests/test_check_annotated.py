"""vbhc check against what a careful reader finds in real agency documents (issue 15):
precision and recall over the annotated corpus (tests/data/check-annotations/, one YAML per
file of ../shared/corpus) are each at least 0.95.

A finding is a (file, rule, paragraph) triple; several findings of one rule on one
paragraph (three margins of one section) count once, as the annotation does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import SHARED
from vbhc.checker import check

ANNOTATIONS = Path(__file__).parent / "data" / "check-annotations"
CORPUS = SHARED / "corpus"
TARGET = 0.95

Triple = tuple[str, str, int | None]


def expected() -> dict[str, set[Triple]]:
    """Return file name -> the annotated (file, rule, paragraph) triples."""
    out: dict[str, set[Triple]] = {}
    for path in sorted(ANNOTATIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        name = data["tep"]
        out[name] = {(name, rule, para) for rule, paras in (data["phat_hien"] or {}).items()
                     for para in paras}
    return out


def found(name: str) -> set[Triple]:
    """Return the (file, rule, paragraph) triples vbhc check reports on corpus file name."""
    return {(name, f.rule, f.paragraph) for f in check(CORPUS / name)}


def scores(exp: set[Triple], got: set[Triple]) -> tuple[float, float]:
    """Return (precision, recall) of ``got`` against ``exp`` (1.0 when a set is empty)."""
    hits = len(exp & got)
    return (hits / len(got) if got else 1.0, hits / len(exp) if exp else 1.0)


@pytest.fixture(scope="module")
def pooled() -> tuple[set[Triple], set[Triple]]:
    if not CORPUS.is_dir():
        pytest.skip(f"không có thư mục tài liệu thật {CORPUS} (../shared vắng mặt)")
    exp = expected()
    got: set[Triple] = set()
    for name in exp:
        got |= found(name)
    return set().union(*exp.values()), got


def test_every_corpus_file_is_annotated():
    if not CORPUS.is_dir():
        pytest.skip(f"không có thư mục tài liệu thật {CORPUS}")
    assert set(expected()) == {p.name for p in CORPUS.glob("*.docx")}


def test_precision_and_recall_on_the_annotated_corpus(pooled):
    exp, got = pooled
    precision, recall = scores(exp, got)
    wrong = sorted(got - exp, key=str)
    missed = sorted(exp - got, key=str)
    assert precision >= TARGET, (precision, wrong)
    assert recall >= TARGET, (recall, missed)
