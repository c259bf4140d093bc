"""Helpers the checks share: how a component should look (from the rule's data), what is
wrong with how it looks, in Vietnamese, alignment tests, and the length of the line drawn
under a component."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from vbhc.checker.components import Components, HorizontalLine, Part, page_text_width
from vbhc.checker.document import Para
from vbhc.checker.rules.registry import ALIGNMENTS, Hit, RuleSpec, rule
from vbhc.docx.measure import rule_ratio, text_width

LEFT = (None, "left", "start", "both", "distribute")
JUSTIFIED = ("both", "distribute")

Lead = Callable[[int, Part], str | None]
"""A problem with a component's words rather than its look: (line number from 0, line) ->
phrase or None; it comes first in the finding."""


def size_range(value: float | Sequence[float]) -> tuple[float, float]:
    """Return (smallest, largest) font size in pt from a rule's ``co_chu``: one number or a
    pair [smallest, largest]."""
    if isinstance(value, (int, float)):
        return float(value), float(value)
    return float(value[0]), float(value[1])


def centered(para: Para) -> bool:
    """True when the paragraph is centred, or pushed to a centre tab stop by a leading tab."""
    if para.props.jc == "center":
        return True
    text = para.text
    return text.startswith("\t") and not text.strip("\t ").count("\t")


def format_problems(part: Part, *, size: float | Sequence[float] | None = None,
                    bold: bool | None = None, italic: bool | None = None,
                    upper: bool | None = None, align: str | None = None) -> list[str]:
    """Return what is wrong with ``part``'s look, as short Vietnamese phrases ([] = nothing).

    ``size`` is a size or [smallest, largest] in pt; ``bold``, ``italic``, ``upper``: True =
    required, False = forbidden, None = not checked; ``align`` "center" or "left" (None = not
    checked). Size, bold and italic are checked only when the part's format is known."""
    out: list[str] = []
    fmt = part.fmt
    if fmt is not None:
        if size is not None:
            lo, hi = size_range(size)
            if not lo <= fmt.size <= hi:
                out.append(f"cỡ {fmt.size:g}")
        if bold is True and not fmt.bold:
            out.append("không đậm")
        elif bold is False and fmt.bold:
            out.append("in đậm")
        if italic is True and not fmt.italic:
            out.append("không in nghiêng")
        elif italic is False and fmt.italic:
            out.append("in nghiêng")
    if upper is True and not part.shown_upper:
        out.append("không in hoa")
    elif upper is False and part.shown_upper:
        out.append("in hoa toàn bộ")
    if align == "center" and not centered(part.para):
        out.append("không căn giữa")
    elif align == "left" and part.para.props.jc not in LEFT:
        out.append("không sát lề trái")
    return out


def look_of(params: Mapping[str, Any]) -> dict[str, Any]:
    """Return format_problems' keyword arguments from a rule's parameters: ``co_chu`` ->
    size, ``dam`` -> bold, ``nghieng`` -> italic, ``in_hoa`` -> upper, ``can`` (giua, trai)
    -> align. Absent keys are not checked."""
    can = params.get("can")
    return {"size": params.get("co_chu"), "bold": params.get("dam"),
            "italic": params.get("nghieng"), "upper": params.get("in_hoa"),
            "align": ALIGNMENTS[can] if can is not None else None}


def look_hits(spec: RuleSpec, parts: Iterable[Part | None], *,
              lead: Lead | None = None) -> Iterator[Hit]:
    """Yield one Hit per part of ``parts`` (None skipped) that does not look as ``spec``'s
    parameters say (see look_of); its detail is the problems joined by ", ", ``lead``'s
    phrase first."""
    look = look_of(spec.params)
    for i, part in enumerate(x for x in parts if x is not None):
        problems = format_problems(part, **look)
        first = lead(i, part) if lead is not None else None
        if first:
            problems.insert(0, first)
        if problems:
            yield Hit(part, joined(problems))


def written_as(*allowed: str) -> Lead:
    """Return a Lead that complains «viết "<text>"» when a line's text is none of
    ``allowed``."""
    return lambda _i, part: None if part.text in allowed else f"viết «{part.text}»"


def register_looks(table: Mapping[str, Callable[[Components], Sequence[Part | None]]]) -> None:
    """Register a look check (look_hits, no Lead) for each rule id of ``table`` on the
    component(s) its function picks. Raises RuleDataError when an id is registered twice."""
    for rule_id, pick in table.items():
        rule(rule_id)(lambda comp, spec, pick=pick: look_hits(spec, pick(comp)))


def underline_ratio(line: HorizontalLine | None, parts: Sequence[Part], lo: float,
                    hi: float) -> str | None:
    """Return what is wrong with a line's length against ``parts`` (each part's text width,
    at most the room of its line), measured by vbhc.docx.measure.rule_ratio, the measure
    the renderer sizes its rules with (the widest line): "không có" when there is no line,
    "dài N% dòng chữ" when the ratio is outside [lo, hi], None when it is right."""
    if line is None:
        return "không có"
    widths = []
    for x in parts:
        fmt = x.fmt
        if fmt is None:
            continue
        width = text_width(x.text, fmt.size, bold=fmt.bold, italic=fmt.italic)
        widths.append(min(width, line_room(x.para)))
    ratio = rule_ratio(line.length, widths)
    if ratio is None or lo <= ratio <= hi:
        return None
    return f"dài {ratio:.0%} dòng chữ"


def line_room(p: Para) -> int:
    """Return the width a line of ``p`` can take before it wraps (twips, at least 1)."""
    room = p.cell_width or page_text_width(p)
    return max(1, room - p.props.left - p.props.right)


def underline_hits(spec: RuleSpec, line: HorizontalLine | None,
              parts: Sequence[Part]) -> Iterator[Hit]:
    """Yield a Hit on the last of ``parts`` when the line under them is missing or its
    length is outside the rule's ``ti_le`` (ratio to the text); nothing when ``parts`` is
    empty (the component itself is missing)."""
    if not parts:
        return
    lo, hi = spec.params["ti_le"]
    problem = underline_ratio(line, parts, lo, hi)
    if problem:
        yield Hit(parts[-1], problem)


def joined(problems: list[str]) -> str:
    """Return ``problems`` joined by ", " (one finding's detail)."""
    return ", ".join(problems)
