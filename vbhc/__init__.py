"""vbhc: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured content.

Library calls: ``load(path)`` returns the validated model, ``render(model, path)`` writes
the .docx. Heavy imports happen on first use so that ``vbhc --help`` starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["load", "render", "render_bytes"]


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
