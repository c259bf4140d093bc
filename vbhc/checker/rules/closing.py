"""Closing block: signer's authority, title and name (ô 7a, 7b) and "Nơi nhận" (ô 9b)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from vbhc.checker.components import Components
from vbhc.checker.rules import Hit, RuleSpec, rule
from vbhc.checker.rules._common import format_problems, joined

PREFIX_RE = re.compile(r"^(?:TM|KT|TL|TUQ|Q)\. \S")
LOOSE_PREFIX_RE = re.compile(
    r"^(?:T\s*[./]?\s*M|K\s*[./]?\s*T|T\s*[./]?\s*L|T\s*[./]?\s*U\s*[./]?\s*Q)(?=[\s./]|$)",
    re.IGNORECASE)
LUU_RE = re.compile(r"^- Lưu: VT\b.*\.$")
ENTRY_RE = re.compile(r"^[-+] \S.*;$")
SIDE_NOTE_RE = re.compile(r"\s{2,}|\t")


@rule("quyen-han-chuc-vu")
def quyen_han_chuc_vu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for part in comp.signer_titles:
        problems = format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                                   upper=True, align="center")
        if problems:
            yield Hit(part, joined(problems))


@rule("tien-to-quyen-han")
def tien_to_quyen_han(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for part in comp.signer_titles:
        text = part.text
        m = LOOSE_PREFIX_RE.match(text)
        if m and not PREFIX_RE.match(text):
            yield Hit(part, f"viết «{m[0]}»")


@rule("ho-ten-nguoi-ky")
def ho_ten_nguoi_ky(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.signer_name
    if part is None:
        return
    problems = format_problems(part, size=spec.params["co_chu"], bold=True, italic=False,
                               upper=False, align="center")
    if problems:
        yield Hit(part, joined(problems))


@rule("hoc-ham-hoc-vi")
def hoc_ham_hoc_vi(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.signer_name
    if part is None:
        return
    for title in spec.params["danh_xung"]:
        if part.text.startswith(title + ("" if title.endswith(".") else " ")):
            yield Hit(part, f"«{title}»")
            return


@rule("noi-nhan")
def noi_nhan(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    part = comp.noi_nhan
    if part is None:
        if comp.quoc_hieu is not None or comp.so is not None:
            yield Hit(None, "không tìm thấy")
        return
    problems = [] if part.text == "Nơi nhận:" else [f"viết «{part.text}»"]
    problems += format_problems(part, size=spec.params["co_chu"], bold=True, italic=True,
                                align="left")
    if problems:
        yield Hit(part, joined(problems))


def entry_text(text: str) -> str:
    """Return a recipient line without a side note typed after a wide gap."""
    return SIDE_NOTE_RE.split(text.replace("\xa0", " ").strip())[0].strip()


@rule("noi-nhan-dong")
def noi_nhan_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    if comp.noi_nhan is None:
        return
    lines = comp.recipients
    if not lines:
        yield Hit(comp.noi_nhan, "không có dòng nào dưới nhãn «Nơi nhận:»")
        return
    for i, part in enumerate(lines):
        last = i == len(lines) - 1
        text = " ".join((part.raw if last else entry_text(part.raw)).split())
        if last:
            if not LUU_RE.match(text):
                yield Hit(part, f"dòng cuối viết «{text}» (phải «- Lưu: VT, ...» kết thúc «.»)")
        elif text.startswith("- Lưu"):
            yield Hit(part, "dòng «- Lưu: ...» phải là dòng cuối")
        elif not ENTRY_RE.match(text):
            yield Hit(part, f"viết «{text}»")


@rule("noi-nhan-co-chu")
def noi_nhan_co_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    for part in comp.recipients:
        problems = format_problems(part, size=spec.params["co_chu"], bold=False, italic=False,
                                   align="left")
        if problems:
            yield Hit(part, joined(problems))
