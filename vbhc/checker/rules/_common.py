"""Helpers the checks share: how a component should look (from the rule's data), what is
wrong with how it looks, in Vietnamese, alignment tests, and the length of the line drawn
under a component."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from vbhc.checker.components import (
    Components,
    HorizontalLine,
    Part,
    cell_margins,
    page_text_width,
)
from vbhc.checker.document import Para
from vbhc.checker.rules.registry import ALIGNMENTS, Hit, RuleSpec, rule
from vbhc.docx.measure import rule_ratio, text_width, wrapped_widths

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


CENTRE_SLACK = 227
"""How far (twips; 4 mm) a line's middle may sit from its column's middle and still look
centred on paper: a line centred with typed spaces is off by up to a space or two."""


def text_room(p: Para) -> int:
    """Return the width (twips) of the column ``p``'s text sits in: its cell less the
    cell margins, or the page between the margins."""
    if p.cell_width:
        return max(1, p.cell_width - cell_margins(p.doc, p))
    return page_text_width(p)


def after_lead(p: Para, raw: str, start: int, size: float) -> tuple[int, str | None, str]:
    """Return where the text of a line begins after its leading spaces and tabs (twips from
    the column's left edge, starting at ``start``), the kind of custom tab stop the last tab
    reached (None: a default stop or no tab), and the text after them."""
    if not raw or raw[0] not in " \t\xa0":
        return start, None, raw  # nothing typed before the text
    stops = p.doc.sheet.tab_stops(p.el, p.tbl)
    step = p.doc.default_tab
    pos, kind = start, None
    space = text_width(" ", size)
    i = 0
    while i < len(raw) and raw[i] in " \t\xa0":
        if raw[i] == "\t":
            nxt = next(((at, k) for at, k in stops if at > pos), None)
            if nxt is None:
                pos, kind = (pos // step + 1) * step, None
            else:
                pos, kind = nxt
        else:
            pos += space
        i += 1
    return pos, kind, raw[i:]


def centre_offset(part: Part) -> int | None:
    """Return how far (twips, + to the right) the middle of ``part``'s printed text sits
    from the middle of its column, judged as a reader sees it: the paragraph's alignment,
    left, right and first-line indents, leading spaces and tabs (custom and default tab
    stops), and the text's width in Times New Roman. 0 for a line that fills its column;
    None for a column of a line typed with tabs (its place depends on the other column)."""
    if part.column is not None:
        return None
    p = part.para
    fmt = part.fmt
    raw = part.raw
    if fmt is None or not raw.strip():
        return 0
    props = p.props
    room = text_room(p)
    first = p.lines.index(part.line) == 0 if part.line in p.lines else True
    start = props.left + ((props.first_line - props.hanging) if first else 0)
    end = room - props.right
    pos, kind, text = after_lead(p, raw.rstrip(), start, fmt.size)
    shown = text.replace("\t", " ").replace("\xa0", " ")  # inner blanks print too
    width = text_width(shown, fmt.size, bold=fmt.bold, italic=fmt.italic)
    if width >= end - start - 2 * CENTRE_SLACK:
        return 0  # fills the line (or wraps): as centred as it can be
    if kind == "center":
        middle = pos
    elif kind == "right":
        middle = pos - width / 2
    elif props.jc == "center":
        middle = (start + end) / 2 + (pos - start) / 2
    elif props.jc in ("right", "end"):
        middle = end - width / 2
    else:
        middle = pos + width / 2
    return round(middle - room / 2)


def part_centred(part: Part) -> bool:
    """True when ``part`` looks centred on paper (centre_offset within CENTRE_SLACK), or
    sits in a column of a line typed with tabs (not judged)."""
    offset = centre_offset(part)
    return offset is None or abs(offset) <= CENTRE_SLACK


def centered(para: Para) -> bool:
    """True when the paragraph's first line looks centred (see part_centred)."""
    return part_centred(Part(para, para.lines[0] if para.lines else None))


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
    if align == "center" and not part_centred(part) and _first_in_column(part):
        out.append("không căn giữa")
    elif align == "left" and part.para.props.jc not in LEFT:
        out.append("không sát lề trái")
    return out


def _first_in_column(part: Part) -> bool:
    """True the first time a part of a header or closing cell column is found not
    centred: the parts under it in the same column (Số under the issuer's name) share that
    one layout defect and are not reported again (Document.uncentred_columns)."""
    p = part.para
    if p.where != "cell":
        return True
    key = (p.table, p.col)
    seen = p.doc.uncentred_columns
    if key in seen:
        return False
    seen.add(key)
    return True


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
    """Return what is wrong with a line's length against ``parts``, measured by
    vbhc.docx.measure.rule_ratio, the measure the renderer sizes its rules with: the widest
    line of the text above as printed, each part wrapped at spaces into the room of its
    paragraph (vbhc.docx.measure.wrapped_widths: a name wrapping in a narrow cell counts its
    widest wrapped line, not the cell): "không có" when there is no line,
    "dài N% dòng chữ" when the ratio is outside [lo, hi], None when it is right."""
    if line is None:
        return "không có"
    widths = []
    for x in parts:
        fmt = x.fmt
        if fmt is None:
            continue
        widths += wrapped_widths(x.text, fmt.size, line_room(x.para), bold=fmt.bold,
                                 italic=fmt.italic)
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
