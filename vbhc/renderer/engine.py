"""Render a docxtpl template without a python-docx round trip, compiled once per template.

The template dialect is docxtpl's: its own ``patch_xml`` turns ``{%p %}``, ``{{r }}`` and
``{{p }}`` tags into plain Jinja once; the compiled Jinja template is then reused for every
document, and the rendered parts go straight back into the zip. docxtpl recompiles the
template and re-parses the package on every render; in a batch that is most of the time.
Templates with pictures or ``{%tc %}`` column loops are not supported by this path.
"""

from __future__ import annotations

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
    from jinja2 import TemplateSyntaxError

    from vbhc.errors import VbhcError
    from vbhc.nd30.package import read_package
    from vbhc.renderer.pipeline import jinja_env

    read_package(path)  # a template is input too: bounded, safe, or a ReadError
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
        try:
            compiled[name] = env.from_string(xml)
        except TemplateSyntaxError as exc:
            raise VbhcError(f"mẫu {path}: thẻ sai cú pháp trong {name} ({exc.message}); "
                            "chạy 'vbhc template check' để xem chi tiết") from None
    return CompiledTemplate(parts, compiled, template_info(Path(path)))


def render_parts(template: CompiledTemplate, context: dict) -> dict[str, bytes]:
    """Return the package parts with every templated part rendered for ``context``.

    A template that reaches outside its data (sandbox) or names nothing vbhc provides
    fails with a message, not a traceback; the rendered XML must parse.
    """
    from jinja2 import TemplateError
    from jinja2.sandbox import SecurityError
    from lxml import etree

    from vbhc.errors import VbhcError

    parts = dict(template.parts)
    for name, compiled in template.compiled.items():
        try:
            xml = _PARAGRAPH_BACK.sub(r"<w:p\1", compiled.render(context))
        except SecurityError as exc:
            raise VbhcError(f"mẫu dùng thẻ không được phép ({exc}); mẫu chỉ được đọc dữ liệu "
                            "văn bản") from None
        except (TemplateError, ArithmeticError, TypeError, ValueError) as exc:
            raise VbhcError(f"mẫu lỗi khi dựng {name}: {exc}; chạy 'vbhc template check'"
                            ) from None
        data = xml.encode("utf-8")
        try:
            etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise VbhcError(f"mẫu tạo ra {name} không hợp lệ ({exc.msg}); kiểm tra các thẻ "
                            "{%p %} và {{r }} của mẫu") from None
        parts[name] = data
    return parts

