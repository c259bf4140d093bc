"""A batch's load + render, made cheaper without changing an answer:

- the loader hands the body blocks it laid out (and whose footnotes it checked) to
  render_bytes (``layout`` -> ``body=``): the bytes are those of a render that lays the
  document out and checks it again;
- the YAML resolver answers as PyYAML's BaseResolver.resolve does, without its path
  resolver bookkeeping.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.resolver import BaseResolver

from vbhc import yaml_in
from vbhc.batch import load_checked, render_one
from vbhc.errors import InputError
from vbhc.loader import load
from vbhc.model.layout import body_blocks
from vbhc.renderer.pipeline import render_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_handed_layout_renders_the_same_bytes(path: Path) -> None:
    layout: list = []
    doc = load(path, [], layout=layout)
    assert layout == [body_blocks(doc)]
    assert render_bytes(doc, body=layout[0]) == render_bytes(doc)


def test_batch_writes_the_bytes_render_bytes_gives(tmp_path: Path) -> None:
    for i, path in enumerate(EXAMPLES[:6]):
        target = tmp_path / f"{i}.docx"
        outcome = render_one(path, target, force=False)
        assert outcome.ok, outcome.errors
        assert target.read_bytes() == render_bytes(load(path))


def test_layout_not_handed_when_the_footnotes_fail(tmp_path: Path) -> None:
    source = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
    text = source.read_text("utf-8").replace("loi_dan: \"Thực", "loi_dan: \"Thực[^khong-co]", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, "utf-8")
    layout: list = []
    with pytest.raises(InputError) as caught:
        load_checked(bad, tmp_path / "bad.docx", None, (), [], layout)
    assert "khong-co" in str(caught.value.as_problems())
    assert layout == []
    outcome = render_one(bad, tmp_path / "bad.docx", force=False)
    assert not outcome.ok and not (tmp_path / "bad.docx").exists()


SCALARS = ["", "~", "null", "Null", "NULL", "nul", "true", "True", "TRUE", "tru", "false",
           "False", "0", "12", "-3", "+4", "1.5", ".5", "1e3", "1_000", "012", "<<", "<", "n",
           "x", "7:30", "abc", "-", "+", ".", "nan", ".inf", "-.inf", "0x1F", "1.", "-0",
           "yes", "no", "on", "off", "2024-05-01", "Thục Phán"]


def _both(kind: type, value: object, implicit: tuple[bool, bool]) -> tuple[str, str]:
    resolver = yaml_in._Resolver()
    return (resolver.resolve(kind, value, implicit),
            BaseResolver.resolve(resolver, kind, value, implicit))


@pytest.mark.parametrize("value", SCALARS)
def test_resolver_answers_as_pyyaml(value: str) -> None:
    for implicit in ((True, False), (False, True), (False, False), (True, True)):
        fast, pyyaml = _both(yaml.ScalarNode, value, implicit)
        assert fast == pyyaml
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        for implicit in (True, False):
            fast, pyyaml = _both(kind, None, implicit)
            assert fast == pyyaml


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="01239_+-.:eExtrueTRUEfalsnNul~< ", max_size=8),
       st.booleans(), st.booleans())
def test_resolver_answers_as_pyyaml_on_random_scalars(value: str, plain: bool,
                                                      quoted: bool) -> None:
    fast, pyyaml = _both(yaml.ScalarNode, value, (plain, quoted))
    assert fast == pyyaml
