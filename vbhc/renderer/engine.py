"""Render a docxtpl template without a python-docx round trip, compiled once per template.

The template dialect is docxtpl's: its own ``patch_xml`` turns ``{%p %}``, ``{{r }}`` and
``{{p }}`` tags into plain Jinja once; the compiled Jinja template is then reused for every
document, and the rendered parts go straight back into the zip. docxtpl recompiles the
template and re-parses the package on every render; in a batch that is most of the time.
Templates with pictures or ``{%tc %}`` column loops are not supported by this path.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jinja2 import Template

from vbhc.renderer.template import TemplateInfo, template_info

TEMPLATED_PARTS = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_PARAGRAPH = re.compile(r"<w:p([ >])")
_PARAGRAPH_BACK = re.compile(r"\n<w:p([ >])")


@dataclass(frozen=True)
class CompiledTemplate:
    """A template's zip entries, its templated parts compiled, and its geometry."""

    parts: dict[str, bytes]
    compiled: dict[str, Template]
    info: TemplateInfo


def compile_template(path: Path) -> CompiledTemplate:
    """Return ``path`` compiled (cached while the file is unchanged)."""
    stat = path.stat()
    return _compile(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _compile(path: str, _mtime: int, _size: int) -> CompiledTemplate:
    from docxtpl import DocxTemplate

    from vbhc.renderer.pipeline import jinja_env

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    patcher = DocxTemplate(path)
    env = jinja_env()
    compiled = {}
    for name, data in parts.items():
        if not TEMPLATED_PARTS.fullmatch(name):
            continue
        xml = data.decode("utf-8")
        if "{{" not in xml and "{%" not in xml:
            continue
        xml = _PARAGRAPH.sub(r"\n<w:p\1", patcher.patch_xml(xml))
        compiled[name] = env.from_string(xml)
    return CompiledTemplate(parts, compiled, template_info(Path(path)))


def render_parts(template: CompiledTemplate, context: dict) -> dict[str, bytes]:
    """Return the package parts with every templated part rendered for ``context``."""
    parts = dict(template.parts)
    for name, compiled in template.compiled.items():
        xml = _PARAGRAPH_BACK.sub(r"<w:p\1", compiled.render(context))
        parts[name] = xml.encode("utf-8")
    return parts


def template_key(path: str | os.PathLike) -> Path:
    """Return the absolute path a template is cached under."""
    return Path(path).resolve()
