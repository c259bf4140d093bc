"""Closing block: signer's authority, title and name (ô 7a, 7b; model ``nguoi_ky``) and
"Nơi nhận" (ô 9b; model ``noi_nhan``).

ND30 Phụ lục I, Phần I, mục 7 and 9; the look each must have is in the rule's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc.checker.components import Components
from vbhc.checker.rules._common import look_hits, register_looks, written_as
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.lazyre import LazyPattern
from vbhc.model.common import AUTHORITY_PREFIXES

SIGNING_PREFIXES = AUTHORITY_PREFIXES
"""How a signature block may open (ND30 Điều 13 and Phụ lục I, mục 7a): TM., KT., TL., TUQ.,
Q., as data/quyen-ky.yaml lists them (vbhc.model.authority)."""
PREFIX_RE = re.compile(
    "^(?:" + "|".join(re.escape(p.rstrip(".")) for p in SIGNING_PREFIXES) + r")\. \S")
LOOSE_PREFIX_RE = re.compile(
    "^(?:" + "|".join(r"\s*[./]?\s*".join(p.rstrip(".")) for p in SIGNING_PREFIXES)
    + r")(?=[\s./]|$)", re.IGNORECASE)
"""A prefix typed loosely: "K.T.", "T/M", "kt", "Q " (letters of SIGNING_PREFIXES with stray
dots, slashes or spaces between them)."""
LUU_RE = re.compile(r"^- Lưu: VT(?:, ?\S.*)?\.$")
"""«- Lưu: VT.» or «- Lưu: VT, <unit>.»: a comma after VT, not a period («- Lưu: VT. NC.»)."""
DRAFTER_RE = LazyPattern(
    r"^- Lưu: VT(?:, ?[^,]+)*, ?[A-ZĐ][A-ZĐ0-9]*\.[^\W\d_]+"
    r"(?:,? ?\(?\d+b?\)?(?: bản)?)?\.?$")
"""«- Lưu: VT, NC.Châu»: the drafting unit, a dot and the drafter's name or initials (ND30
Phụ lục III: «A.XX», ký hiệu người soạn thảo, often typed as subscript; nd30.md §3.7, §4.4
practice note), then the number of copies if any («NC.Châu(05b)», «NC.PVD 05 bản») and a
final period or none: agencies end the line with the drafter's mark."""
ENTRY_RE = re.compile(r"^[-+] \S.*;$")
SIDE_NOTE_RE = re.compile(r"\t| {3,}")
"""The gap before a side note typed after a recipient: a tab or 3+ spaces (a double space
inside a name is a typing slip, not a column)."""
AFTER_ENTRY_RE = re.compile(r"(?<=;) {2,}(?=\S)")
"""Two spaces or more after an entry's «;»: a side note follows."""

register_looks({
    "quyen-han-chuc-vu": lambda comp: comp.nguoi_ky.quyen_han_chuc_vu,
    "ho-ten-nguoi-ky": lambda comp: [comp.nguoi_ky.ho_ten],
    "noi-nhan-co-chu": lambda comp: comp.noi_nhan_dong,
})


@rule("tien-to-quyen-han")
def tien_to_quyen_han(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """nguoi_ky's authority lines (ô 7a): a prefix such as "KT" typed loosely ("KT ",
    "K.T.", "kt.") instead of one of SIGNING_PREFIXES followed by a space."""
    for part in comp.nguoi_ky.quyen_han_chuc_vu:
        text = part.text
        m = LOOSE_PREFIX_RE.match(text)
        if m and not PREFIX_RE.match(text):
            yield Hit(part, f"viết «{m[0]}»")


@rule("hoc-ham-hoc-vi")
def hoc_ham_hoc_vi(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """nguoi_ky.ho_ten (ô 7b): no academic title (the rule's ``danh_xung``) before it."""
    part = comp.nguoi_ky.ho_ten
    if part is None:
        return
    for title in spec.params["danh_xung"]:
        if part.text.startswith(title + ("" if title.endswith(".") else " ")):
            yield Hit(part, f"«{title}»")
            return


@rule("noi-nhan")
def noi_nhan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The label "Nơi nhận:" (ô 9b): present when the document has a header, spelt
    exactly, looking as the rule's data says."""
    if comp.noi_nhan is None and (comp.quoc_hieu is not None or comp.so_ky_hieu is not None):
        yield Hit(None, "không tìm thấy")
    yield from look_hits(spec, [comp.noi_nhan], lead=written_as("Nơi nhận:"))


def entry_text(text: str) -> str:
    """Return a recipient line without a side note typed after a wide gap."""
    text = SIDE_NOTE_RE.split(text.replace("\xa0", " ").strip())[0].strip()
    return AFTER_ENTRY_RE.split(text)[0].strip()


@rule("noi-nhan-dong")
def noi_nhan_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """The lines under "Nơi nhận:" (ô 9b): "- X;" each, the last "- Lưu: VT, ...."."""
    if comp.noi_nhan is None:
        return
    lines = comp.noi_nhan_dong
    if not lines:
        yield Hit(comp.noi_nhan, "không có dòng nào dưới nhãn «Nơi nhận:»")
        return
    for i, part in enumerate(lines):
        last = i == len(lines) - 1
        text = " ".join((part.raw if last else entry_text(part.raw)).split())
        if last:
            if not (LUU_RE.match(text) or DRAFTER_RE.match(text)):
                yield Hit(part, f"dòng cuối viết «{text}» (phải «- Lưu: VT, ...» kết thúc «.»)")
        elif text.startswith("- Lưu"):
            yield Hit(part, "dòng «- Lưu: ...» phải là dòng cuối")
        elif not ENTRY_RE.match(text):
            yield Hit(part, f"viết «{text}»")
