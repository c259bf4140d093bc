"""`vbhc template check`: what a custom .docx template would get wrong before a clerk
renders with it — tags naming nothing vbhc provides, tags Word split across runs,
required components missing, Jinja syntax errors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

import yaml
from jinja2 import TemplateSyntaxError, meta

from vbhc.nd30.package import W_NS, read_package

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
_W_T = f"{{{W_NS}}}t"
_W_P = f"{{{W_NS}}}p"


@dataclass(frozen=True)
class TemplateProblem:
    """One finding about a template: severity (lỗi / cảnh báo) and a Vietnamese message."""

    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.message}"


@cache
def required_names(mo_hinh: str) -> dict[str, str]:
    """Return name -> component for the model ``mo_hinh`` (data/mau-bat-buoc.yaml)."""
    text = files("vbhc.data").joinpath("mau-bat-buoc.yaml").read_text("utf-8")
    return yaml.safe_load(text)[mo_hinh]


def provided_names() -> set[str]:
    """Return every name the renderer puts in a template's context."""
    from vbhc.renderer.context import CONTEXT_NAMES

    return set(CONTEXT_NAMES)


def split_tags(root) -> list[str]:
    """Return the tags whose text Word spread over several runs, as the clerk sees them."""
    out = []
    for p in root.iter(_W_P):
        pieces = [t.text or "" for t in p.iter(_W_T)]
        text = "".join(pieces)
        if "{" not in text:
            continue
        bounds, pos = [], 0
        for piece in pieces:
            bounds.append((pos, pos + len(piece)))
            pos += len(piece)
        for match in _TAG.finditer(text):
            inside = [b for b in bounds if b[0] < match.end() and b[1] > match.start()]
            if len(inside) > 1:
                out.append(match.group())
    return out


def check_template(path: str | Path, loai: str) -> list[TemplateProblem]:
    """Return the problems of the template at ``path`` for documents of kind ``loai``."""
    from docxtpl import DocxTemplate

    from vbhc.model.kinds import kind
    from vbhc.renderer.pipeline import jinja_env

    package = read_package(path)
    problems = [TemplateProblem("cảnh báo", f"thẻ {tag!r} bị Word tách thành nhiều đoạn chữ; "
                                            "gõ lại cả thẻ một lần để khỏi hỏng")
                for root in [package.document, *package.headers.values()]
                for tag in split_tags(root)]
    patcher = DocxTemplate(path)
    used: set[str] = set()
    for name, xml in _templated_parts(path):
        try:
            used |= meta.find_undeclared_variables(jinja_env().parse(patcher.patch_xml(xml)))
        except TemplateSyntaxError as exc:
            problems.append(TemplateProblem("lỗi", f"{name}: cú pháp thẻ sai ({exc.message})"))
    if any(p.severity == "lỗi" for p in problems):
        return problems  # names are unknowable until the syntax is mended
    for unknown in sorted(used - provided_names()):
        problems.append(TemplateProblem("lỗi", f"thẻ dùng tên '{unknown}', không ứng với "
                                               "trường nào vbhc cung cấp"))
    for name, component in required_names(kind(loai).mo_hinh).items():
        if name not in used:
            problems.append(TemplateProblem("lỗi", f"mẫu thiếu {component} (tên '{name}')"))
    return problems


def _templated_parts(path: str | Path) -> list[tuple[str, str]]:
    import zipfile

    from vbhc.renderer.engine import TEMPLATED_PARTS

    with zipfile.ZipFile(path) as zf:
        return [(n, zf.read(n).decode("utf-8")) for n in zf.namelist()
                if TEMPLATED_PARTS.fullmatch(n)]
