"""What a custom .docx template would get wrong before a clerk renders with it: tags
naming nothing vbhc provides, required components missing, Jinja syntax errors, content
pointing outside the package, and any failure of a trial render.

This is the renderer's half of ``vbhc template check``: exactly what makes ``vbhc render
--template`` refuse a template. The other half -- rendering the kind's sample document
(:func:`sample_document`) and running ``vbhc check`` on the result -- needs the checker, a
wing the renderer does not import; it lives in vbhc.commands.template.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from vbhc.errors import Problem, Severity
from vbhc.model.common import VanBan
from vbhc.renderer.tags import tags_in

__all__ = ["check_template", "provided_names", "render_sample", "sample_document", "tags_in",
           "trial_render"]


def provided_names() -> set[str]:
    """Return every top-level name the renderer puts in a template's context
    (``so_ky_hieu``, ``nguoi_ky``, ...; vbhc.renderer.context.CONTEXT_NAMES), and the
    deprecated ones still accepted (DEPRECATED_NAMES)."""
    from vbhc.renderer.context import CONTEXT_NAMES, DEPRECATED_NAMES

    return set(CONTEXT_NAMES) | set(DEPRECATED_NAMES)


def check_template(path: str | Path, loai: str) -> list[Problem]:
    """Return the problems of the template at ``path`` for documents of kind ``loai``
    (a slug such as ``ke-hoach``), each a ``Problem`` with ``file=str(path)``, a severity
    and a Vietnamese message (no field path, no line).

    Errors are exactly what makes ``vbhc render --template`` refuse the template: the
    problems vbhc.renderer.engine.analyse finds, missing components, and any failure of a
    trial render of the kind's skeleton (vbhc/data/mau) through the renderer's own path.
    Tags Word or LibreOffice split over runs, wrote with entities or typographic quotes
    are no problem: they are read as typed (vbhc.renderer.tags). Raises ReadError if
    ``path`` is not a readable .docx.
    """
    from vbhc.renderer.context import deprecation_warnings
    from vbhc.renderer.engine import analyse, missing_components

    def problem(severity: Severity, message: str) -> Problem:
        return Problem("", message, str(path), severity=severity)

    found = analyse(path)
    problems = [problem("lỗi", p) for p in found.problems]
    if not found.syntax_ok:
        return problems  # names are unknowable until the syntax is mended
    problems += [problem("cảnh báo", p) for p in deprecation_warnings(found.used)]
    problems += [problem("lỗi", p) for p in missing_components(found.used, loai)]
    if not any(p.is_error for p in problems):
        failure = trial_render(Path(path), loai)
        if failure:
            problems.append(problem("lỗi", f"dựng thử khung {loai} thất bại: {failure}"))
    return problems


def trial_render(path: Path, loai: str) -> str | None:
    """Render the kind's skeleton (what ``vbhc new LOAI`` prints) with the template at
    ``path`` through the renderer's own code path; return the failure message or None."""
    from vbhc.loader import validate_data
    from vbhc.renderer.template import skeleton_text

    text = skeleton_text(loai).replace("{loai}", loai)
    return _failure(validate_data(yaml.safe_load(text), f"khung {loai}"), path)


def sample_document(loai: str) -> VanBan:
    """Return the sample document of kind ``loai`` (a slug) that ``vbhc template check``
    renders through a template and checks: templates/mau-thu/<model>.yaml, every component
    of the kind filled in; rendered with the kind's shipped template it has no check
    finding. Raises KeyError for a kind the kinds table does not list."""
    from vbhc.loader import validate_data
    from vbhc.renderer.template import sample_text

    return validate_data(yaml.safe_load(sample_text(loai).replace("{loai}", loai)),
                         f"văn bản mẫu {loai}")


def render_sample(path: Path, loai: str) -> bytes | str:
    """Return the .docx bytes of the kind's sample document rendered with the template at
    ``path``, or the failure message (Vietnamese, one line) when rendering fails."""
    from vbhc.renderer.pipeline import render_bytes

    try:
        return render_bytes(sample_document(loai), path)
    except Exception as exc:  # noqa: BLE001 - any failure is a verdict on the template
        return _message(exc)


def _failure(doc: VanBan, path: Path) -> str | None:
    """Return why rendering ``doc`` with the template at ``path`` fails, or None."""
    from vbhc.renderer.pipeline import render_bytes

    try:
        render_bytes(doc, path)
    except Exception as exc:  # noqa: BLE001 - any crash of render is a verdict on the template
        return _message(exc)
    return None


def _message(exc: Exception) -> str:
    """Return a render failure as one line: vbhc's own message, or what crashed."""
    from vbhc.errors import VbhcError

    if isinstance(exc, VbhcError):
        return " ".join(str(exc).split("\n"))
    return f"vbhc gặp lỗi khi dựng ({type(exc).__name__}: {str(exc)[:200]})"
