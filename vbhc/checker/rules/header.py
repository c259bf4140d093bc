"""Header block: national name and motto (ô 1), issuer (ô 2), number line and date line look.

ND30 Phụ lục I, Phần I, mục 1-4; the look each must have is in the rule's data.
"""

from __future__ import annotations

from collections.abc import Iterator

from vbhc.checker.components import Components
from vbhc.checker.rules._common import look_hits, register_looks, underline_hits, written_as
from vbhc.checker.rules.registry import Hit, RuleSpec, rule

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


@rule("duong-ke-tieu-ngu")
def duong_ke_tieu_ngu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The line under the tiêu ngữ (ô 1): as long as the tiêu ngữ."""
    return underline_hits(spec, comp.duong_ke_tieu_ngu, [comp.tieu_ngu] if comp.tieu_ngu else [])


@rule("duong-ke-co-quan")
def duong_ke_co_quan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The line under the issuer's name (ô 2): a third to a half of its text."""
    return underline_hits(spec, comp.duong_ke_co_quan, comp.co_quan)
