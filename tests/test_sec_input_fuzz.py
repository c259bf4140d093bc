"""Fuzz the YAML entry point: the examples' text cut, spliced and sprinkled with YAML
punctuation, tags and anchors; loading ends in a model or InputError/ReadError, never
another exception, in bounded time (issue 12)."""

from __future__ import annotations

import contextlib
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import EXAMPLES, ROOT
from vbhc.errors import VbhcError
from vbhc.loader import validate_data
from vbhc.yaml_in import parse

DATA = ROOT / "vbhc" / "data" / "dan-xuat"
RUNS = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=RUNS, deadline=None, derandomize=RUNS <= 200,
                suppress_health_check=[HealthCheck.too_slow])
TEXTS = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.yaml"))]
PROFILES = [p.read_text("utf-8") for p in sorted((EXAMPLES / "ho-so").glob("*.yaml"))]
RULES = ["huyen:\n" + "".join(f"  {line}\n" for line in p.read_text("utf-8").splitlines())
         for p in sorted(DATA.glob("*.yaml"))]
PIECES = ["!!set ", "!!int ", "!!python/object:os.system ", "&a ", "*a ", "<<: *a\n", "? ",
          "- ", ": ", "{", "}", "[", "]", "\t", "'", '"', "012", "7:30", "yes", "1e999",
          "9" * 400, "~", "\\", "\n  ", "#", "%YAML 1.1\n---\n", "...\n", "!local ", "|\n"]


@st.composite
def mutated(draw, texts: list[str] = TEXTS) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.integers(0, 2))
        if kind == 0:
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif kind == 1:
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        else:
            text = text[:at] + draw(st.text(max_size=20)) + text[at:]
    return text


@FUZZ
@given(mutated())
def test_yaml_loading_never_crashes(text):
    start = time.perf_counter()
    try:
        data, lines = parse(text, "fuzz.yaml")
        validate_data(data, "fuzz.yaml", lines, [], base=EXAMPLES)
    except VbhcError:
        pass
    assert time.perf_counter() - start < 10


@FUZZ
@given(mutated(PROFILES))
def test_profile_loading_never_crashes(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("hs")
    (folder / "hs.yaml").write_text(text, encoding="utf-8")
    data = {"loai": "thong-bao", "co_quan": "hs.yaml"}
    with contextlib.suppress(VbhcError):
        validate_data(data, "fuzz.yaml", None, [], base=folder)


@FUZZ
@given(mutated(RULES))
def test_rules_loading_never_crashes(tmp_path_factory, text):
    from vbhc.derivation.rules import load_rules

    path = tmp_path_factory.mktemp("qt") / "qt.yaml"
    path.write_text(text, encoding="utf-8")
    with contextlib.suppress(VbhcError):
        load_rules("huyen", path)
