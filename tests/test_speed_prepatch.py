"""Shipped templates are pre-patched (issue 21): the stored table is docxtpl's own output for
every templated part, and rendering a shipped kind imports neither docxtpl nor python-docx."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from vbhc.renderer.prepatch import shipped_parts, table
from vbhc.renderer.tags import PREPATCHED, _digest, _prepatched, patch_xml

ROOT = Path(__file__).resolve().parents[1]


def test_the_stored_table_is_docxtpls_output_for_the_shipped_templates():
    stored = json.loads(files("vbhc.data").joinpath(PREPATCHED).read_text("utf-8"))
    assert stored == table(), "chạy: python -m vbhc.renderer.prepatch"
    assert all(_digest(xml) in _prepatched() for xml in shipped_parts())


def test_a_part_not_in_the_table_goes_through_docxtpl():
    xml = ('<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           "<w:r><w:t>{{r ten }}</w:t></w:r></w:p>")
    assert _digest(xml) not in _prepatched()
    assert "{{ ten }}" in patch_xml(xml) or "{{ten}}" in patch_xml(xml).replace(" ", "")


def test_rendering_a_shipped_kind_imports_no_docxtpl():
    code = ("import sys, vbhc\n"
            "vbhc.render_bytes(vbhc.load(sys.argv[1]))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docxtpl', 'docx')))")
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        done = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True,
                              text=True, check=True)
        assert done.stdout.strip() == "[]", example
