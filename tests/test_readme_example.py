"""The README's library example runs as written (review of issue 13 found it could not)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_integrators_example_runs(tmp_path, monkeypatch):
    text = (ROOT / "README.md").read_text("utf-8")
    section = text[text.index("## For integrators"):]
    start = section.index("```python") + len("```python")
    code = section[start:section.index("```", start)]
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - our own README
    assert scope["district"].co_quan.ten.endswith("HUYỆN CAO LỘC")
    assert (tmp_path / "out" / "ke-hoach.docx").exists()
