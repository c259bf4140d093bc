"""Header block: national name and motto (ô 1), issuer (ô 2), number line and date line look."""

from __future__ import annotations

from collections.abc import Iterator

from vbhc.checker.components import Components, Part, Rule
from vbhc.checker.rules import Hit, RuleSpec, rule
from vbhc.checker.rules._common import format_problems, joined
from vbhc.docx.measure import text_width

QUOC_HIEU = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@rule("quoc-hieu")
def quoc_hieu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.quoc_hieu
    if part is None:
        yield Hit(None, "không tìm thấy ở đầu văn bản")
        return
    problems = [] if part.text in QUOC_HIEU else [f"viết «{part.text}»"]
    problems += format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                                upper=True, align="center")
    if problems:
        yield Hit(part, joined(problems))


@rule("tieu-ngu")
def tieu_ngu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.tieu_ngu
    if part is None:
        if comp.quoc_hieu is not None:
            yield Hit(comp.quoc_hieu, "không tìm thấy dưới quốc hiệu")
        return
    problems = [] if part.text == TIEU_NGU else [f"viết «{part.text}»"]
    problems += format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                                align="center")
    if problems:
        yield Hit(part, joined(problems))


def rule_ratio(rule_found: Rule | None, parts: list[Part], lo: float, hi: float) -> str | None:
    """Return what is wrong with a rule's length against the widest of ``parts``."""
    if rule_found is None:
        return "không có"
    widths = []
    for x in parts:
        fmt = x.fmt
        if fmt is None:
            continue
        width = text_width(x.text, fmt.size, bold=fmt.bold, italic=fmt.italic)
        widths.append(min(width, line_room(x.para)))
    if not widths or not max(widths):
        return None
    ratio = rule_found.length / max(widths)
    if lo <= ratio <= hi:
        return None
    return f"dài {ratio:.0%} dòng chữ"


def line_room(p) -> int:
    """Return the width a line of ``p`` can take before it wraps (twips)."""
    if p.cell_width:
        room = p.cell_width
    else:
        sect = p.doc.sections[min(p.section, len(p.doc.sections) - 1)]
        room = (sect.width or 11906) - (sect.margin("left") or 0) - (sect.margin("right") or 0)
    return max(1, room - p.props.left - p.props.right)


@rule("duong-ke-tieu-ngu")
def duong_ke_tieu_ngu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if comp.tieu_ngu is None:
        return
    lo, hi = spec.params["ti_le"]
    problem = rule_ratio(comp.rule_tieu_ngu, [comp.tieu_ngu], lo, hi)
    if problem:
        yield Hit(comp.tieu_ngu, problem)


@rule("co-quan-chu-quan")
def co_quan_chu_quan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for part in comp.chu_quan:
        problems = format_problems(part, size=spec.params["co_chu"], italic=False,
                                   upper=True, align="center")
        if problems:
            yield Hit(part, joined(problems))


@rule("co-quan-ban-hanh")
def co_quan_ban_hanh(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for part in comp.issuer:
        problems = format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                                   upper=True, align="center")
        if problems:
            yield Hit(part, joined(problems))


@rule("duong-ke-co-quan")
def duong_ke_co_quan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if not comp.issuer:
        return
    lo, hi = spec.params["ti_le"]
    problem = rule_ratio(comp.rule_issuer, comp.issuer, lo, hi)
    if problem:
        yield Hit(comp.issuer[-1], problem)


@rule("so-ky-hieu-trinh-bay")
def so_ky_hieu_trinh_bay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if comp.so is None:
        return
    problems = format_problems(comp.so, size=spec.params["co_chu"], bold=False, italic=False,
                               align="center")
    if problems:
        yield Hit(comp.so, joined(problems))


@rule("dia-danh-ngay-trinh-bay")
def dia_danh_ngay_trinh_bay(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if comp.ngay is None:
        return
    problems = format_problems(comp.ngay, size=spec.params["co_chu"], bold=False, italic=True,
                               align="center")
    if problems:
        yield Hit(comp.ngay, joined(problems))
