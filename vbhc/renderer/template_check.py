"""`vbhc template check`: what a custom .docx template would get wrong before a clerk
renders with it — tags naming nothing vbhc provides, tags Word split across runs,
required components missing, Jinja syntax errors."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from pathlib import Path

import yaml
from lxml import etree

from vbhc.docx.ns import W_NS
from vbhc.docx.package import read_package
from vbhc.errors import Problem, Severity

_OPENER = re.compile(r"(?=(\{\{|\{%))")
_W_T = f"{{{W_NS}}}t"
_W_P = f"{{{W_NS}}}p"


def provided_names() -> set[str]:
    """Return every top-level name the renderer puts in a template's context
    (``so_ky_hieu``, ``nguoi_ky``, ...; vbhc.renderer.context.CONTEXT_NAMES), and the
    deprecated ones still accepted (DEPRECATED_NAMES)."""
    from vbhc.renderer.context import CONTEXT_NAMES, DEPRECATED_NAMES

    return set(CONTEXT_NAMES) | set(DEPRECATED_NAMES)


def tags_in(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each ``{{ ... }}`` / ``{% ... %}`` tag in ``text``.

    The same matches as the regex ``\\{\\{.*?\\}\\}|\\{%.*?%\\}`` (leftmost opener whose
    closer exists, up to its first closer), found in O(n log n): the regex is quadratic in
    openers that are never closed.
    """
    closers = {"{{": [m.start() for m in re.finditer(r"(?=\}\})", text)],
               "{%": [m.start() for m in re.finditer(r"(?=%\})", text)]}
    out: list[tuple[int, int]] = []
    pos = 0
    for opener in _OPENER.finditer(text):
        if opener.start() < pos:
            continue
        ends = closers[opener.group(1)]
        at = bisect_left(ends, opener.start() + 2)
        if at < len(ends):
            out.append((opener.start(), ends[at] + 2))
            pos = ends[at] + 2
    return out


def split_tags(root: etree._Element) -> list[str]:
    """Return the tags whose text Word spread over several runs, as the clerk sees them."""
    out = []
    for p in root.iter(_W_P):
        pieces = [t.text or "" for t in p.iter(_W_T)]
        text = "".join(pieces)
        if "{" not in text:
            continue
        starts, pos = [], 0
        for piece in pieces:
            if piece:
                starts.append(pos)
            pos += len(piece)
        for start, end in tags_in(text):
            if bisect_right(starts, start) != bisect_right(starts, end - 1):
                out.append(text[start:end])
    return out


def check_template(path: str | Path, loai: str) -> list[Problem]:
    """Return the problems of the template at ``path`` for documents of kind ``loai``
    (a slug such as ``ke-hoach``), each a ``Problem`` with ``file=str(path)``, a severity
    and a Vietnamese message (no field path, no line).

    Errors are exactly what makes ``vbhc render --template`` refuse the template: the
    problems vbhc.renderer.engine.analyse finds, missing components, and any failure of a
    trial render of the kind's skeleton (vbhc/data/mau) through the renderer's own path.
    Tags Word split over runs are warnings (docxtpl mends them) unless rendering fails.
    Raises ReadError if ``path`` is not a readable .docx.
    """
    from vbhc.renderer.context import deprecation_warnings
    from vbhc.renderer.engine import analyse, missing_components

    def problem(severity: Severity, message: str) -> Problem:
        return Problem("", message, str(path), severity=severity)

    package = read_package(path)
    found = analyse(path)
    problems = [problem("cảnh báo", f"thẻ {tag!r} bị Word tách thành nhiều đoạn chữ; "
                                    "gõ lại cả thẻ một lần để khỏi hỏng")
                for root in [package.document, *package.headers.values()]
                for tag in split_tags(root)]
    problems += [problem("lỗi", p) for p in found.problems]
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
    from vbhc.errors import VbhcError
    from vbhc.loader import validate_data
    from vbhc.renderer.pipeline import render_bytes
    from vbhc.renderer.template import skeleton_text

    text = skeleton_text(loai).replace("{loai}", loai)
    doc = validate_data(yaml.safe_load(text), f"khung {loai}")
    try:
        render_bytes(doc, path)
    except VbhcError as exc:
        return " ".join(str(exc).split("\n"))
    except Exception as exc:  # noqa: BLE001 - any crash of render is a verdict on the template
        return f"vbhc gặp lỗi khi dựng ({type(exc).__name__}: {str(exc)[:200]})"
    return None
