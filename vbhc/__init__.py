"""vbhc: Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) from structured content.

Library calls: ``load(path)`` returns the validated model, ``validate(data)`` checks a
document received as a dict (a web service's JSON body) and returns the model,
``render(model, path)`` writes the .docx, ``derive(plan, "huyện Cao Lộc")`` rewrites a
provincial plan for a unit below,
``import_document(path)`` reads an existing .docx or extracted text back into a model,
``check(path)`` lists what a .docx does against ND30.

Every problem vbhc reports is a ``vbhc.errors.Problem`` (field path or file and line,
Vietnamese message, severity ``lỗi``/``cảnh báo``); errors are raised as
``vbhc.errors.VbhcError`` subclasses (``InputError`` carries ``.problems``).
Heavy imports happen on first use so that ``vbhc --help`` starts fast.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
"""True only for a type checker: ``import vbhc`` imports nothing more (not even typing), so
that the ``vbhc`` command imports what it needs with the collector paused (vbhc.cli)."""

if TYPE_CHECKING:
    import datetime as _dt
    from collections.abc import Iterable
    from pathlib import Path
    from typing import Any

    from vbhc.derivation import Derivation, RuleSet, Unit
    from vbhc.errors import Problem
    from vbhc.importer import ImportResult
    from vbhc.model.common import VanBan

__version__ = "0.1.0"
__all__ = ["check", "derive", "import_document", "load", "render", "render_bytes", "validate"]

PathLike = str | os.PathLike[str]


def load(path: PathLike, warnings: list[Problem] | None = None, *,
         profile_dirs: Iterable[PathLike] = (), allow_profiles: bool = True) -> VanBan:
    """Return the validated model (a ``VanBan`` subclass chosen by ``loai``) in the UTF-8
    YAML file at ``path``.

    A profile in ``co_quan`` is read only from the document's folder tree and
    ``profile_dirs``; ``allow_profiles=False`` turns file profiles off. When ``warnings`` is
    a list, each warning is appended to it as a ``Problem`` with severity ``cảnh báo``
    (text normalised from NFD to NFC, ``so: 012`` read as a decimal number, an unpaired
    ``*``/``**``, text after `` #`` on a value's line dropped as a YAML comment, a form
    feed pasted from a PDF replaced by a space); ``str(problem)`` is
    ``file:line: field: message``.

    Raises ``vbhc.errors.InputError`` (``.problems``: field path, line, Vietnamese message;
    exit code 1) or ``vbhc.errors.ReadError`` (missing, special, oversized or unreadable
    file; exit code 2).
    """
    from vbhc.loader import load as _load

    return _load(path, warnings, profile_dirs=profile_dirs, allow_profiles=allow_profiles)


def validate(data: dict[str, Any] | VanBan, *, base_dir: PathLike | None = None,
             profile_dirs: Iterable[PathLike] = (),
             warnings: list[Problem] | None = None) -> VanBan:
    """Return the validated model for ``data``, a dict shaped like a YAML document (or a
    model built in code, checked again: Pydantic does not re-check fields assigned after
    construction).

    The way to accept documents from untrusted users (a web service's JSON body) and to
    build one in code with the messages a clerk reads: the same checks and Vietnamese
    messages as a YAML file, with every problem in ``InputError.problems`` (``path`` like
    ``nhiem_vu[2].thoi_gian`` and ``message`` exactly as for the YAML file; file
    ``<dữ liệu>``, no line). Constructing a class directly (``KeHoach(**fields)``) raises
    Pydantic's own ``ValidationError`` instead. Dates take the YAML's forms too
    (``"15/6/2024"``, ``"2024-06-15"``, a ``datetime.date``; ``ngay_ban_hanh`` also
    ``{"ngay": None, "thang": 5, "nam": 2024}`` for a draft). File profiles
    (``co_quan: ho-so/x.yaml``) are read only inside ``base_dir`` and ``profile_dirs``; with
    neither (the default) they are refused, so untrusted data never makes vbhc open a file.
    Booleans are refused where numbers are expected; nesting and shared references are
    bounded as for YAML. Warnings go to ``warnings`` as ``cảnh báo`` Problems, as for
    ``load``.

    Raises ``vbhc.errors.InputError``.
    """
    from vbhc.loader import validate_data
    from vbhc.model.common import VanBan

    if isinstance(data, VanBan):
        data = data.model_dump(mode="python", exclude_unset=True, warnings=False) | {
            "loai": data.loai}
    return validate_data(data, "<dữ liệu>", None, warnings, base_dir,
                         profile_dirs=profile_dirs)


def render(model: VanBan | dict[str, Any], path: PathLike, *, force: bool = False,
           template: PathLike | None = None) -> Path:
    """Write ``model`` (a model, or a dict checked by ``validate`` with file profiles off)
    as a .docx at ``path`` and return that path.

    The file is written atomically (a temporary file renamed into place); the bytes are
    the same for the same model on every run and machine. ``template`` is a custom .docx
    template (``vbhc template check`` lists what it needs) instead of the kind's own.

    The rendered bytes are read by the checker first: a document ``vbhc check`` reports an
    error on is never written (issue 17's invariant).

    Raises ``vbhc.errors.OutputExistsError`` when ``path`` exists and ``force`` is False,
    ``InputError`` for a dict that does not validate, footnotes that do not match, or an
    output the checker finds an ND30 error in (each finding is a Problem of the list), and
    ``VbhcError`` for a template that is refused or an output that cannot be written.
    """
    from vbhc.batch import verified_bytes
    from vbhc.files import write_atomic

    return write_atomic(path, verified_bytes(_as_model(model), str(path), template),
                        force=force)


def render_bytes(model: VanBan | dict[str, Any], template: PathLike | None = None) -> bytes:
    """Return the .docx bytes (a zip package) of ``model``: a model, or a dict checked by
    ``validate`` (file profiles off), checked like ``render``'s. Same errors as ``render``,
    except the output ones."""
    from vbhc.batch import verified_bytes

    return verified_bytes(_as_model(model), "<render_bytes>", template)


def _as_model(model: object) -> VanBan:
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


def derive(plan: VanBan, target: str | Unit,
           rules: RuleSet | dict[str, Any] | PathLike | None = None,
           as_of: _dt.date | str | None = None) -> Derivation:
    """Return ``Derivation(plan, log)``: the provincial ``plan`` rewritten for the unit
    ``target`` ("huyện Cao Lộc", "xã Đồng Đăng"), ``log`` every Change it made (rule id, field
    path, before, after) and every warning, in order; ``.changes`` are the Changes,
    ``.warnings`` the Problems (severity "cảnh báo") a clerk must review.

    ``rules``: a province's rules file (path or data) over the packaged ones, or a loaded
    ``RuleSet``; ``as_of`` (a date, or ``YYYY-MM-DD``) picks the unit list instead of the
    plan's date. Raises ``vbhc.errors.InputError`` for a plan that is not a provincial
    ``ke-hoach``, an unknown unit, invalid rules or an unreadable ``as_of``.
    See vbhc.derivation.derive.
    """
    from vbhc.derivation import derive as _derive

    return _derive(plan, target, rules=rules, as_of=as_of)


def import_document(path: PathLike) -> ImportResult:
    """Return ``ImportResult(document, warnings)`` for a .docx or UTF-8 text file (text
    extracted from a PDF): the validated model and what the importer guessed or could not
    place. Raises ``vbhc.importer.errors.NotImportable`` (a ``ReadError``, exit code 2)
    for an unreadable file, a text without administrative structure or a kind that cannot
    be imported yet. See vbhc.importer.import_document."""
    from vbhc.importer import import_document as _import

    return _import(path)


def check(path: PathLike) -> list[Problem]:
    """Return the ND30 findings for the .docx at ``path``, in reading order: rule id,
    severity (``lỗi``/``cảnh báo``), 1-based paragraph (None: the whole file), excerpt,
    Vietnamese message and ND30 reference. Raises ``vbhc.errors.ReadError`` (exit code 2)
    when the file is not a readable .docx. See vbhc.checker.check."""
    from vbhc.checker import check as _check

    return _check(path)
