"""Body (ô 6; model ``can_cu`` and ``noi_dung``): alignment, size, indent, spacing, legal
bases, numbering of headings.

ND30 Phụ lục I, Phần I, mục 6 (nội dung) and Phần II, mục 5 (phần, mục, khoản, điểm).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from vbhc.checker.components import Components, Part, is_upper, one_line, para_format, piece
from vbhc.checker.rules._common import JUSTIFIED, after_lead, size_range
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.docx.measure import text_width
from vbhc.lang.outline import LETTERS, letter, parse_roman, roman

ALIGN_NAMES = {None: "căn trái", "left": "căn trái", "start": "căn trái", "right": "căn phải",
               "end": "căn phải", "center": "căn giữa"}
ROMAN_RE = re.compile(r"^([IVXL]+)\.\s*(.*)$")
"""A candidate "I. TITLE" heading; roman_heading keeps it when the numeral is well formed."""
ROMAN_FIRST = frozenset("IVXL")
"""The characters a text ROMAN_RE matches can begin with."""
PART_RE = re.compile(r"^(Phần|Chương)\s+(\S+)", re.IGNORECASE)
LETTER_PART_RE = re.compile(r"^([A-H])\.\s+[A-ZĐÀ-Ỹ]")
"""A part lettered "A. KẾT QUẢ ..." / "B. Công tác ..." above I. sections (vbhc.model.layout
part_label, chu-cai)."""
DIEU_RE = re.compile(r"^Điều\s+(\d+)\s*\.")
ARABIC_RE = re.compile(r"^(\d+)\.(?!\d)\s*\S")
SUB_RE = re.compile(r"^(\d+)\.(\d+)\.?(?!\d)\s*\S")
LETTER_RE = re.compile(r"^([a-zđ])\)\s*\S")


def in_order(hits: list[tuple[int, Hit]]) -> Iterator[Hit]:
    """Yield ``hits`` ((paragraph number, hit), gathered group by group from
    Components.than_looks) in reading order, as a loop over the paragraphs yields them."""
    if len(hits) > 1:
        hits.sort(key=lambda found: found[0])
    for _index, hit in hits:
        yield hit


@rule("than-can-deu")
def than_can_deu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Body text (than) justified, unless it fits on one line."""
    hits = []
    for look in comp.than_looks:
        jc = look.props.jc
        if jc in JUSTIFIED:
            continue
        hits += [(p.index, Hit(p, ALIGN_NAMES.get(jc, jc or "căn trái")))
                 for p in look.paras if not one_line(p)]
    return in_order(hits)


@rule("than-co-chu")
def than_co_chu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Body text (than) in the rule's size range (``co_chu``, pt)."""
    lo, hi = size_range(spec.params["co_chu"])
    hits = []
    for look in comp.than_looks:
        fmt = look.fmt
        if fmt and not lo <= fmt.size <= hi:
            hits += [(p.index, Hit(p, f"{fmt.size:g}")) for p in look.paras]
    return in_order(hits)


@rule("than-thut-dau-dong")
def than_thut_dau_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """First-line indent of body text from ``twip[0]`` to ``twip[1]`` (1 cm to 1.27 cm,
    ± ``dung_sai_twip`` for Word's rounding), judged as printed: a first-line indent, or a
    leading tab or spaces that reach that far (a tab with the default stop at 720 twips is a
    1.27 cm indent), or a one-line paragraph's left indent (it looks the same); numbered
    paragraphs are skipped. ND30 Phụ lục I, Phần I, mục 6 says "lùi đầu dòng từ 1 cm đến
    1,27 cm" (nd30.md §3.3 once said "1 cm or 1.27 cm": the decree gives a range)."""
    lo, hi = spec.params["twip"]
    slack = spec.params["dung_sai_twip"]

    def fits(indent: float) -> bool:
        return lo - slack <= indent <= hi + slack

    hits = []
    for look in comp.than_looks:
        props = look.props
        if props.numbered:
            continue
        indent = props.first_line - props.hanging
        if fits(indent):
            continue
        for p in look.paras:
            lead = p.text[:1] in ("\t", " ", "\xa0")
            if lead and indent <= 0:
                fmt = look.fmt
                size = fmt.size if fmt else 13
                pos, _kind, _text = after_lead(p, p.lines[0].text, props.left + indent, size)
                step = text_width(" ", size)  # typed spaces cannot hit 1 cm closer than this
                if lo - max(slack, step) <= pos - props.left <= hi + max(slack, step):
                    continue  # typed indent that prints as a right one
                hits.append((p.index, Hit(
                    p, "bằng dấu cách hoặc phím Tab thay cho thụt lề dòng đầu")))
            elif indent == 0 and fits(props.left) and one_line(p):
                continue
            else:
                hits.append((p.index, Hit(p, f"{indent / 567:.2f} cm".replace(".", ","))))
    return in_order(hits)


@rule("than-khoang-cach")
def than_khoang_cach(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Space between paragraphs (before + after) at least ``toi_thieu_pt``."""
    least = spec.params["toi_thieu_pt"] * 20
    hits = []
    for look in comp.than_looks:
        props = look.props
        gap = props.before + props.after
        if gap < least:
            detail = (f"{gap / 20:g} pt (trước {props.before / 20:g}, sau "
                      f"{props.after / 20:g})")
            hits += [(p.index, Hit(p, detail)) for p in look.paras]
    return in_order(hits)


@rule("than-gian-dong")
def than_gian_dong(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Automatic line spacing within ``boi_so`` (multiples of single)."""
    lo, hi = spec.params["boi_so"]
    hits = []
    for look in comp.than_looks:
        props = look.props
        if props.line_rule != "auto":
            continue
        lines = (props.line or 240) / 240
        if not lo - 0.001 <= lines <= hi + 0.001:
            detail = f"{lines:.2f} dòng".replace(".", ",")
            hits += [(p.index, Hit(p, detail)) for p in look.paras]
    return in_order(hits)


@rule("than-gian-dong-co-dinh")
def than_gian_dong_co_dinh(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Exact or at-least line spacing within ``he_so`` times the font size (exact spacing may not be
    smaller)."""
    lo, hi = spec.params["he_so"]
    hits = []
    for look in comp.than_looks:
        rule_kind, line, fmt = look.props.line_rule, look.props.line, look.fmt
        if rule_kind == "auto" or not line or fmt is None:
            continue
        ratio = line / 20 / fmt.size
        too_small = rule_kind == "exact" and ratio < lo
        if too_small or ratio > hi:
            word = "đúng" if rule_kind == "exact" else "tối thiểu"
            detail = f"{word} {line / 20:g} pt với chữ cỡ {fmt.size:g}"
            hits += [(p.index, Hit(p, detail)) for p in look.paras]
    return in_order(hits)


@rule("can-cu")
def can_cu(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Legal bases (can_cu) in italics."""
    for p in comp.can_cu:
        fmt = para_format(p)
        if fmt and not fmt.italic:
            yield Hit(p, "không in nghiêng")


@rule("can-cu-dau-cau")
def can_cu_dau_cau(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Legal bases (can_cu) end with «;», the last with «;» or «.»."""
    for i, p in enumerate(comp.can_cu):
        last = i == len(comp.can_cu) - 1
        text = p.clean
        if not last and not text.endswith(";"):
            yield Hit(p, f"kết thúc bằng «{text[-1]}» thay cho «;»")
        elif last and not text.endswith((";", ".")):
            yield Hit(p, f"kết thúc bằng «{text[-1]}»")


def roman_number(token: str) -> int | None:
    """Return the value of a heading's Roman numeral ("XL" -> 40), or None. Only I, V, X, L
    count: "Phần C", "D." are letters (sections A, B, C, D), not 100 or 500."""
    return parse_roman(token) if token and set(token) <= set("IVXL") else None


@lru_cache(maxsize=4096)
def roman_heading(text: str) -> tuple[int, str] | None:
    """Return (number, title) of a Roman-numbered heading "II. TITLE" (ND30 Phụ lục I, Phần
    II, mục 5: mục), or None when ``text`` is not one or has no title after the numeral
    (remembered: headings repeat across a batch)."""
    m = ROMAN_RE.match(text)
    value = roman_number(m[1]) if m else None
    if m is None or value is None or not m[2]:
        return None
    return value, m[2]


@rule("danh-so")
def danh_so(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Numbering of phần/chương, mục (I.), điều, khoản (1.), 1.1. and điểm (a)) in
    noi_dung: each level counts up from 1 and restarts under its parent (ND30 Phụ lục I,
    Phần II, mục 5); điểm letters skip f, j, w, z (vbhc.lang.outline.LETTERS)."""
    state: dict[str, int | None] = dict.fromkeys(RESETS)
    resumed: set[str] = set()  # levels that may go on from any number after an omission
    for p in comp.noi_dung:
        text = p.clean
        if text in OMISSIONS:  # text left out (a TRÍCH SAO, vbhc sao): numbers go on
            state, resumed = dict.fromkeys(RESETS), set(RESETS)
            continue
        if p.props.numbered:  # Word's own numbering: the label it prints counts
            if not p.label.strip() or p.label.strip() in BULLETS:
                state["sub"] = state["letter"] = None
                continue
            text = f"{p.label.strip()} {text}"
        if text[:1] in QUOTES:
            continue  # a quoted excerpt («“a) ...») neither opens nor breaks a list
        found = _marker(text)
        if found is None:
            continue
        level, value, name = found
        if level == "sub" and state["arabic"] is not None and \
                int(text.split(".")[0]) != state["arabic"]:
            state["sub"], state["letter"] = value, None
            yield Hit(p, f"«{name(value)}» nằm dưới khoản «{state['arabic']}.»")
            continue
        prev = state[level]
        expected = 1 if prev is None else prev + 1
        if level in resumed:  # the first number of this level after an omission
            expected = value
            resumed -= {level, *RESETS[level]}
        if level == "part" and value == 0:
            value = expected
        state[level] = value
        for low in RESETS[level]:
            state[low] = None
        if value == expected:
            continue
        if value < 1:
            yield Hit(p, f"«{text[:2]}» không có trong bảng chữ cái tiếng Việt "
                         "(không dùng f, j, w, z)")
        elif prev is None:
            yield Hit(p, f"«{name(value)}» mở đầu danh sách; phải là «{name(1)}»")
        else:
            yield Hit(p, f"«{name(value)}» đứng sau «{name(prev)}»; phải là «{name(expected)}»")


OMISSIONS = frozenset({"…", "...", "[…]", "[...]", "(…)", "(...)"})
"""A paragraph that is only one of these marks text left out of an excerpt."""
QUOTES = "“\"‘'«"
"""Opening quotes: a paragraph starting with one quotes another text."""
BULLETS = "-–+•·"

LETTER_PARTS = "ABCDEGH"


def _letter_part(value: int) -> str:
    return f"{LETTER_PARTS[value - 1]}." if 0 < value <= len(LETTER_PARTS) else "?"


# A lettered part restarts the I. sections only: a text numbered 1., 2. straight through
# its parts A., B. (no I.) stays one list.
RESETS = {"part": ("roman", "arabic", "sub", "letter"), "lettered": ("roman",),
          "roman": ("arabic", "sub", "letter"),
          "dieu": ("arabic", "sub", "letter"), "arabic": ("sub", "letter"), "sub": ("letter",),
          "letter": ()}


@lru_cache(maxsize=4096)
def _marker(text: str) -> tuple[str, int, Callable[[int], str]] | None:
    """Return (level, value, value -> marker text) for a numbered heading, or None. Levels:
    part, lettered (a part "A. TITLE"), roman, dieu, arabic, sub, letter; value 0 = a part
    with a word for its number ("Phần thứ hai") or a letter not in the Vietnamese alphabet."""
    if m := PART_RE.match(text):
        word = m[1]
        num = m[2]
        if num.isdigit():
            return "part", int(num), lambda v: f"{word} {v}"
        if (value := roman_number(num)) is not None:
            return "part", value, lambda v: f"{word} {roman(v)}"
        return "part", 0, lambda v: word  # "Phần thứ hai": starts a new outline
    if (m := LETTER_PART_RE.match(text)) and roman_number(m[1]) is None:
        return "lettered", LETTER_PARTS.find(m[1]) + 1, _letter_part
    if heading := roman_heading(text):
        return "roman", heading[0], lambda v: f"{roman(v)}."
    if m := DIEU_RE.match(text):
        return "dieu", int(m[1]), lambda v: f"Điều {v}"
    if m := SUB_RE.match(text):
        major = m[1]
        return "sub", int(m[2]), lambda v: f"{major}.{v}."
    if m := ARABIC_RE.match(text):
        return "arabic", int(m[1]), lambda v: f"{v}."
    if m := LETTER_RE.match(text):
        value = LETTERS.index(m[1]) + 1 if m[1] in LETTERS else 0
        return "letter", value, lambda v: f"{letter(v - 1)})" if 0 < v <= len(LETTERS) else "?"
    return None


@rule("tieu-de-muc")
def tieu_de_muc(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Titles of mục (I., II.) in noi_dung: upper case (typed or w:caps) and bold."""
    for p in comp.noi_dung:
        if p.clean[:1] not in ROMAN_FIRST:
            continue  # ROMAN_RE cannot match
        heading = roman_heading(p.clean)
        if heading is None:
            continue
        problems = []
        title = heading[1].split(":")[0]  # "III. KIẾN NGHỊ: Không.": the heading only
        line = p.lines[0]
        part = Part(p, piece(line, 0, line.text.find(":")) if ":" in line.text else line)
        if not (is_upper(title) or (part.fmt and part.fmt.caps)):
            problems.append("không in hoa")
        if part.fmt and not part.fmt.bold:
            problems.append("không đậm")
        if problems:
            yield Hit(p, ", ".join(problems))
