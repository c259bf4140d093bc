"""vbhc: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured content.

Library calls: ``load(path)`` returns the validated model, ``validate(data)`` checks a
document received as a dict (a web service's JSON body) and returns the model,
``render(model, path)`` writes the .docx, ``derive(plan, "huyện Cao Lộc")`` rewrites a
provincial plan for a unit below,
``import_document(path)`` reads an existing .docx or extracted text back into a model,
``check(path)`` lists what a .docx does against ND30.
Heavy imports happen on first use so that ``vbhc --help`` starts fast.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["check", "derive", "import_document", "load", "render", "render_bytes", "validate"]


def load(path, warnings=None, *, profile_dirs=(), allow_profiles=True):
    """Return the validated model in the YAML file at ``path`` (see vbhc.loader.load).

    A profile in ``co_quan`` is read only from the document's folder tree and
    ``profile_dirs``; ``allow_profiles=False`` turns file profiles off. Raises
    ``vbhc.errors.InputError`` (``.problems``: field path, line, Vietnamese message) or
    ``vbhc.errors.ReadError``.
    """
    from vbhc.loader import load as _load

    return _load(path, warnings, profile_dirs=profile_dirs, allow_profiles=allow_profiles)


def validate(data, *, base_dir=None, profile_dirs=(), warnings=None):
    """Return the validated model for ``data``, a dict shaped like a YAML document.

    The way to accept documents from untrusted users (a web service's JSON body): the same
    checks and Vietnamese messages as a YAML file, with every problem in
    ``InputError.problems`` (``path`` like ``nhiem_vu[2].thoi_gian``, ``message``). File
    profiles (``co_quan: ho-so/x.yaml``) are read only inside ``base_dir`` and
    ``profile_dirs``; with neither (the default) they are refused, so untrusted data never
    makes vbhc open a file. Booleans are refused where numbers are expected; nesting and
    shared references are bounded as for YAML.
    """
    from vbhc.loader import validate_data

    return validate_data(data, "<dữ liệu>", None, warnings, base_dir,
                         profile_dirs=profile_dirs)


def render(model, path, *, force: bool = False, template=None):
    """Write ``model`` as a .docx at ``path``; see vbhc.renderer.pipeline.render."""
    from vbhc.renderer.pipeline import render as _render

    return _render(_as_model(model), path, force=force, template=template)


def render_bytes(model, template=None) -> bytes:
    """Return the .docx bytes of ``model``: a model, or a dict checked by ``validate``
    (file profiles off)."""
    from vbhc.renderer.pipeline import render_bytes as _render_bytes

    return _render_bytes(_as_model(model), template)


def _as_model(model):
    """Return ``model`` validated through ``validate`` when it is a dict; InputError (and
    never KeyError) when it is neither a dict nor a vbhc model."""
    from vbhc.model.common import VanBan

    if isinstance(model, VanBan):
        return model
    if isinstance(model, dict):
        return validate(model)
    from vbhc.errors import InputError, Problem

    raise InputError([Problem("", f"cần một văn bản (dict hoặc mô hình vbhc), không phải "
                              f"{type(model).__name__}")])


def derive(plan, target, rules=None, as_of=None):
    """Return ``Derivation(plan, log)``: ``plan`` rewritten for the unit ``target``
    ("huyện Cao Lộc", "xã Đồng Đăng"), ``log`` its Changes and warnings in order (also as
    ``.changes`` and ``.warnings``); see vbhc.derivation.derive."""
    from vbhc.derivation import derive as _derive

    return _derive(plan, target, rules=rules, as_of=as_of)


def import_document(path):
    """Return ``ImportResult(document, warnings)`` for a .docx or extracted-text file;
    see vbhc.importer.import_document."""
    from vbhc.importer import import_document as _import

    return _import(path)


def check(path):
    """Return the ND30 findings for the .docx at ``path``; see vbhc.checker.check."""
    from vbhc.checker import check as _check

    return _check(path)
