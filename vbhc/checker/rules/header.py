"""Header block: national name and motto (ô 1), issuer (ô 2), number line and date line look.

ND30 Phụ lục I, Phần I, mục 1-4; the look each must have is in the rule's data.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from vbhc.checker.components import Components, HorizontalLine, Part
from vbhc.checker.document import Para
from vbhc.checker.rules import Hit, RuleSpec, rule
from vbhc.checker.rules._common import look_hits, register_looks, written_as
from vbhc.docx.measure import text_width

QUOC_HIEU = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


@rule("quoc-hieu")
def quoc_hieu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Quốc hiệu (ô 1): present, spelt exactly, and looking as the rule's data says."""
    if comp.quoc_hieu is None:
        yield Hit(None, "không tìm thấy ở đầu văn bản")
    yield from look_hits(spec, [comp.quoc_hieu], lead=written_as(*QUOC_HIEU))


@rule("tieu-ngu")
def tieu_ngu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Tiêu ngữ (ô 1): under the quốc hiệu, spelt exactly, looking as the data says."""
    if comp.tieu_ngu is None and comp.quoc_hieu is not None:
        yield Hit(comp.quoc_hieu, "không tìm thấy dưới quốc hiệu")
    yield from look_hits(spec, [comp.tieu_ngu], lead=written_as(TIEU_NGU))


register_looks({
    "co-quan-chu-quan": lambda comp: comp.chu_quan,
    "co-quan-ban-hanh": lambda comp: comp.co_quan,
    "so-ky-hieu-trinh-bay": lambda comp: [comp.so_ky_hieu],
    "dia-danh-ngay-trinh-bay": lambda comp: [comp.dia_danh_ngay],
})


def line_ratio(line: HorizontalLine | None, parts: Sequence[Part], lo: float,
               hi: float) -> str | None:
    """Return what is wrong with a line's length against the widest of ``parts`` (each
    part's text width, at most the room of its line): "không có" when there is no line,
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
    if not widths or not max(widths):
        return None
    ratio = line.length / max(widths)
    if lo <= ratio <= hi:
        return None
    return f"dài {ratio:.0%} dòng chữ"


def line_room(p: Para) -> int:
    """Return the width a line of ``p`` can take before it wraps (twips, at least 1)."""
    if p.cell_width:
        room = p.cell_width
    else:
        sect = p.doc.sections[min(p.section, len(p.doc.sections) - 1)]
        room = (sect.width or 11906) - (sect.margin("left") or 0) - (sect.margin("right") or 0)
    return max(1, room - p.props.left - p.props.right)


def line_hits(spec: RuleSpec, line: HorizontalLine | None,
              parts: Sequence[Part]) -> Iterator[Hit]:
    """Yield a Hit on the last of ``parts`` when the line under them is missing or its
    length is outside the rule's ``ti_le`` (ratio to the text); nothing when ``parts`` is
    empty (the component itself is missing)."""
    if not parts:
        return
    lo, hi = spec.params["ti_le"]
    problem = line_ratio(line, parts, lo, hi)
    if problem:
        yield Hit(parts[-1], problem)


@rule("duong-ke-tieu-ngu")
def duong_ke_tieu_ngu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The line under the tiêu ngữ (ô 1): as long as the tiêu ngữ."""
    return line_hits(spec, comp.duong_ke_tieu_ngu, [comp.tieu_ngu] if comp.tieu_ngu else [])


@rule("duong-ke-co-quan")
def duong_ke_co_quan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The line under the issuer's name (ô 2): a third to a half of its text."""
    return line_hits(spec, comp.duong_ke_co_quan, comp.co_quan)
