"""Review of the session's speed caches (issue 21): a memo keeps no more than its bound in
memory, whatever the texts; a memo's key holds everything its answer depends on (the type
of a text too); the answers are those of the plain computation."""

from __future__ import annotations

import sys
from pathlib import Path

from markupsafe import Markup

from vbhc import yaml_out
from vbhc.model.text import clean_text
from vbhc.renderer import package, runs
from vbhc.renderer.runs import runs_xml


def _kept_chars(memo: dict) -> int:
    """Characters a text memo holds, keys and values."""
    return sum(len(key[0]) + len(value) for key, value in memo.items())


def test_runs_memo_keeps_no_long_text() -> None:
    """A batch of documents with long distinct paragraphs: the runs memo must not keep
    them all (8,192 texts of any length would be gigabytes)."""
    runs._UNCITED.clear()
    texts = [f"{i} " + "đoạn văn dài " * 20_000 for i in range(20)]  # 260,000 characters
    for text in texts:
        fresh = runs_xml(text, None)
        assert runs_xml(text, None) == fresh
        assert runs_xml(text, None, upper=True) == runs_xml(text.upper(), None)
    assert _kept_chars(runs._UNCITED) < 1_000_000
    runs._UNCITED.clear()


def test_text_width_memo_keeps_no_long_text() -> None:
    """The same for the rule sizing's text widths (the lines above a rule are user text)."""
    package._WIDTHS.clear()
    for i in range(20):
        text = f"{i} " + "tên cơ quan dài " * 20_000
        assert package._text_width(text, 13, True) == package.text_width(text, 13, bold=True)
    assert sum(len(key[0]) for key in package._WIDTHS) < 1_000_000
    package._WIDTHS.clear()


def test_clean_text_keeps_the_type_of_its_text() -> None:
    """clean_text (public) gives what it gave before its memo, whatever was asked first: a
    str for a str, never a Markup kept from an earlier call with an equal Markup (Jinja
    would then write the text unescaped)."""
    text = f"a <b> {sys.version_info.major}-review"
    assert type(clean_text(Markup(text))) is Markup
    assert type(clean_text(text)) is str
    text2 = text + "2"
    assert type(clean_text(text2)) is str
    assert type(clean_text(Markup(text2))) is Markup


def test_yaml_field_memo_tells_a_list_item_from_a_field() -> None:
    """dump_data kept a list item of field ``a`` under the key of a field named ``a[]``:
    the second dump wrote ``a:\\n  - x`` for ``a[]: x``. Each dump is PyYAML's text."""
    first = {"a": ["x", "y"]}
    second = {"a[]": "x", "b": 1}
    for data in (first, second, first):
        assert yaml_out.dump_data(data) == yaml_out._yaml(data)


def test_render_command_run_again_freezes_nothing_more(tmp_path) -> None:
    """``vbhc render`` run many times in one process (CliRunner, a service calling main):
    the imports are frozen once; freezing on every run kept each run's cyclic garbage
    (~25 objects) for ever."""
    import gc

    from click.testing import CliRunner

    from vbhc.cli import main

    plan = Path(__file__).resolve().parents[1] / "examples" / \
        "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
    counts = []
    for i in range(4):
        result = CliRunner().invoke(main, ["render", str(plan), "-o", str(tmp_path / f"{i}.docx")])
        assert result.exit_code == 0, result.output
        counts.append(gc.get_freeze_count())
    assert counts[1] == counts[3]


def test_render_without_the_module_sources_on_disk(monkeypatch) -> None:
    """A frozen application (PyInstaller) or a .pyc-only install has no sandbox.py or
    context.py to hash: the stored template code is then not used, and the document renders
    as before (it raised FileNotFoundError: a traceback for every render)."""
    import hashlib

    import vbhc
    from vbhc.renderer import ahead, sandbox

    doc = vbhc.load(Path(__file__).resolve().parents[1] / "examples"
                    / "giay-moi-hoi-nghi-so-ket-dan-chu-co-so-2024.yaml")
    expected = vbhc.render_bytes(doc)
    monkeypatch.setattr(sandbox, "__file__", "/khong-co/vbhc/renderer/sandbox.pyc")
    monkeypatch.setattr(ahead, "__file__", "/khong-co/vbhc/renderer/ahead.pyc")
    sandbox._sandbox_digest.cache_clear()
    ahead._names.cache_clear()
    ahead.analysis_digest.cache_clear()
    ahead._templates.cache_clear()
    try:
        assert sandbox.compiled_ahead("{{ x }}") is None
        assert ahead.shipped_part("{{ x }}") is None
        assert ahead._templates() == {}
        got = vbhc.render_bytes(doc, Path(__file__).resolve().parents[1] / "templates"
                                / f"{doc.loai}.docx")
        assert hashlib.sha256(got).digest() == hashlib.sha256(expected).digest()
        assert vbhc.render_bytes(doc) == expected
    finally:
        sandbox._sandbox_digest.cache_clear()
        ahead._names.cache_clear()
        ahead.analysis_digest.cache_clear()
        ahead._templates.cache_clear()


def test_a_pydantic_plugin_in_an_egg_folder_is_seen(tmp_path, monkeypatch) -> None:
    """importlib.metadata (so pydantic) reads the EGG-INFO of a ``*.egg`` folder on
    sys.path; the plugin scan vbhc skips must see that declaration too, or the plugin is
    silently not loaded."""
    from importlib.metadata import entry_points

    from vbhc.commands import _startup

    egg = tmp_path / "probe-1.0.egg"
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: probe\n"
                                                "Version: 1.0\n")
    (egg / "EGG-INFO" / "entry_points.txt").write_text("[pydantic]\nprobe = probe:plugin\n")
    monkeypatch.setattr(sys, "path", [str(egg)])
    assert [e.name for e in entry_points(group="pydantic")] == ["probe"]
    assert _startup._declares_pydantic_plugin()
