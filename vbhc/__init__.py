"""vbhc: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured content.

Library calls: ``load(path)`` returns the validated model, ``render(model, path)`` writes
the .docx, ``derive(plan, "huyện Cao Lộc")`` rewrites a provincial plan for a unit below,
``import_document(path)`` reads an existing .docx or extracted text back into a model,
``check(path)`` lists what a .docx does against ND30.
Heavy imports happen on first use so that ``vbhc --help`` starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["check", "derive", "import_document", "load", "render", "render_bytes"]


def load(path, warnings=None):
    """Return the validated model in the YAML file at ``path`` (see vbhc.loader.load)."""
    from vbhc.loader import load as _load

    return _load(path, warnings)


def render(model, path, *, force: bool = False, template=None):
    """Write ``model`` as a .docx at ``path``; see vbhc.renderer.pipeline.render."""
    from vbhc.renderer.pipeline import render as _render

    return _render(model, path, force=force, template=template)


def render_bytes(model, template=None) -> bytes:
    """Return the .docx bytes of ``model``."""
    from vbhc.renderer.pipeline import render_bytes as _render_bytes

    return _render_bytes(model, template)


def derive(plan, target, rules=None, as_of=None):
    """Return ``Derivation(plan, changes)``: ``plan`` rewritten for the unit ``target``
    ("huyện Cao Lộc", "xã Đồng Đăng"); see vbhc.derivation.derive."""
    from vbhc.derivation import derive as _derive

    return _derive(plan, target, rules=rules, as_of=as_of)


def import_document(path):
    """Return ``ImportResult(document, warnings)`` for a .docx or extracted-text file;
    see vbhc.importer.import_document."""
    from vbhc.importer import import_document as _import

    return _import(path)


def check(path):
    """Return the ND30 findings for the .docx at ``path``; see vbhc.nd30.check."""
    from vbhc.nd30 import check as _check

    return _check(path)
