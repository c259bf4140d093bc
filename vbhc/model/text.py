"""String types for content fields: NFC, no control characters, only characters the font
has, no legacy-encoded (TCVN3/VNI) words, valid markup.

Invisible and space-like characters pasted from the web, PDF or Word (no-break spaces,
zero-width spaces, soft hyphens, direction marks) are not refused here: the models replace
them before validation and say so (:func:`normalise_chars`, used by
``vbhc.model.common.Part``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from vbhc.data import data_yaml, files
from vbhc.lang.legacy import legacy_encoding, legacy_sample
from vbhc.lazyre import LazyPattern

__all__ = ["END_PUNCTUATION", "ENTRY_LABELS", "INVISIBLE", "SPACES", "Paragraphs", "PlainText",
           "RichText",
           "capitalise", "clean_entry", "clean_text", "end_punctuation", "needs_normalising",
           "normalise_chars",
           "printable_ranges",
           "strip_kind_name", "strip_vv", "unprintable", "vv_in_titled"]

# XML 1.0 forbids C0 controls other than tab/newline/CR, and U+FFFE/U+FFFF; C1 controls
# are legal XML but never intended in an administrative text.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

SPACES = {
    "\u00a0": "dấu cách không ngắt (NBSP)", "\u2007": "dấu cách chữ số",
    "\u202f": "dấu cách hẹp không ngắt", "\u2000": "dấu cách", "\u2001": "dấu cách",
    "\u2002": "dấu cách", "\u2003": "dấu cách", "\u2004": "dấu cách", "\u2005": "dấu cách",
    "\u2006": "dấu cách", "\u2008": "dấu cách", "\u2009": "dấu cách hẹp",
    "\u200a": "dấu cách rất hẹp", "\u3000": "dấu cách toàn khổ",
}
"""Space-like characters replaced by a plain space: a no-break space (copied from the web,
PDF or Word) glues syllables so that a line breaks inside a word ("h / ộ nghèo")."""

INVISIBLE = {
    "\u200b": "dấu cách độ rộng 0 (ZWSP)", "\u200c": "ký tự không nối (ZWNJ)",
    "\u200d": "ký tự nối (ZWJ)", "\u2060": "ký tự nối từ (WJ)", "\ufeff": "dấu BOM",
    "\u00ad": "dấu gạch nối mềm", "\u200e": "dấu hướng trái-phải (LRM)",
    "\u200f": "dấu hướng phải-trái (RLM)",
}
"""Invisible characters removed: they print nothing, or a stray hyphen, and break search
and line breaking."""

_SPACE_RE = LazyPattern(f"[{''.join(SPACES)}]")
_INVISIBLE_RE = LazyPattern(f"[{''.join(INVISIBLE)}]")
_INVISIBLE_AROUND_RE = LazyPattern(f"( ?)[{''.join(INVISIBLE)}]+( ?)")
_EITHER_RE = re.compile(f"[{''.join(SPACES)}{''.join(INVISIBLE)}]")


def needs_normalising(value: str) -> bool:
    """Return True when :func:`normalise_chars` would change ``value`` (it holds a
    space-like or invisible character)."""
    return _EITHER_RE.search(value) is not None


def normalise_chars(value: str) -> tuple[str, list[str]]:
    """Return ``value`` with every space-like character (``SPACES``) turned into a plain
    space and every invisible one (``INVISIBLE``) removed (with the space on one side when
    it stood between two), and one Vietnamese sentence per
    kind of change ("đổi 2 dấu cách không ngắt (NBSP, U+00A0) thành dấu cách thường");
    ``(value, [])`` when nothing changed. Linear in ``len(value)``."""
    if not _EITHER_RE.search(value):
        return value, []
    notes = []
    for table, pattern, verb in ((SPACES, _SPACE_RE, "đổi"), (INVISIBLE, _INVISIBLE_RE, "bỏ")):
        counts: dict[str, int] = {}
        for ch in pattern.findall(value):
            counts[ch] = counts.get(ch, 0) + 1
        for ch, n in counts.items():
            name, _, abbr = table[ch].partition(" (")
            what = f"{n} {name} ({abbr[:-1] + ', ' if abbr else ''}U+{ord(ch):04X})"
            notes.append(f"đổi {what} thành dấu cách thường" if verb == "đổi"
                         else f"bỏ {what}")
    value = _INVISIBLE_AROUND_RE.sub(_join_around, _SPACE_RE.sub(" ", value))
    return value, notes


def _join_around(match: re.Match[str]) -> str:
    """One space where the invisible characters stood between two spaces, else none."""
    return " " if match.group(1) and match.group(2) else match.group(1) + match.group(2)


@lru_cache(maxsize=1)
def printable_ranges() -> tuple[tuple[int, int, str], ...]:
    """Return the characters a document may contain, as (first, last, name) code point
    ranges from ``vbhc/data/ky-tu-in-duoc.yaml``: what Times New Roman and Liberation Serif
    both draw in all four styles (ND30, Phụ lục I, I.2: Times New Roman, Unicode TCVN
    6909:2001)."""
    rows = data_yaml(files("vbhc.data").joinpath("ky-tu-in-duoc.yaml")
                          .read_text("utf-8"))
    return tuple((int(a, 16), int(b, 16), name) for a, b, name in rows)


@lru_cache(maxsize=1)
def _outside() -> re.Pattern[str]:
    ranges = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b, _ in printable_ranges())
    return re.compile(f"[^{ranges}]")


def unprintable(value: str) -> re.Match[str] | None:
    """Return the first character of ``value`` outside :func:`printable_ranges` (an
    emoji, ✓, a CJK character...), or None."""
    return _outside().search(value)


@lru_cache(maxsize=1)
def _suspect() -> re.Pattern[str]:
    """Return the pattern of every character one of clean_text's checks may look at: one
    outside :func:`printable_ranges`, a control character, or one the legacy-encoding check
    starts from. Text without any (nearly every text) passes all three: one scan instead of
    three."""
    from vbhc.lang.legacy import _ANY_LEGACY

    allowed = [c for a, b, _ in printable_ranges() for c in range(a, b + 1)
               if not (_ANY_LEGACY.match(chr(c)) or _ILLEGAL.match(chr(c)))]
    ranges: list[list[int]] = []
    for c in allowed:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1][1] = c
        else:
            ranges.append([c, c])
    return re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"«{ch}» (U+{ord(ch):04X}{' ' + name if name else ''})"


MAX_KEPT_TEXT = 1000
"""Texts up to this long that ``clean_text`` accepted are kept (at most 4,096: a batch of
plans of one province repeats most of its texts); a refused text is checked every time."""


def clean_text(value: str) -> str:
    """Return ``value`` in NFC, refusing (PydanticCustomError, Vietnamese message with the
    position) what cannot stand in a .docx or would print wrong: a word typed in TCVN3 or
    VNI (``ma_cu``), a control character (``ky_tu_dieu_khien``), a character Times New
    Roman lacks (``ky_tu_khong_in_duoc``: emoji, ✓, ✗, ☐, CJK; in a PDF such a character
    can even change how a later one prints)."""
    if len(value) <= MAX_KEPT_TEXT:
        return _clean_kept(value)
    return _clean(value)


@lru_cache(maxsize=4096)
def _clean_kept(value: str) -> str:
    """clean_text for a short text, kept by its content (``str`` only: a subclass is read
    as its text)."""
    return _clean(value)


def _clean(value: str) -> str:
    """clean_text, computed."""
    value = unicodedata.normalize("NFC", value)
    if _suspect().search(value) is None:
        return value
    legacy = legacy_encoding(value)
    if legacy:
        raise PydanticCustomError(
            "ma_cu",
            "văn bản có vẻ được gõ bằng bảng mã {ma} (ví dụ «{mau}»), sẽ in ra chữ lỗi; chuyển "
            "sang Unicode (Unikey: Công cụ chuyển mã, hoặc gõ lại) rồi chạy lại",
            {"ma": legacy, "mau": legacy_sample(value)},
        )
    bad = _ILLEGAL.search(value)
    if bad:
        raise PydanticCustomError(
            "ky_tu_dieu_khien",
            "có ký tự điều khiển U+{ma} ở vị trí {vi_tri}, không thể đưa vào văn bản",
            {"ma": f"{ord(bad.group()):04X}", "vi_tri": bad.start() + 1},
        )
    bad = unprintable(value)
    if bad:
        raise PydanticCustomError(
            "ky_tu_khong_in_duoc",
            "ký tự {ky_tu} ở vị trí {vi_tri} không có trong phông Times New Roman nên sẽ in "
            "sai (phông khác, ô vuông, hoặc làm sai ký tự khác trong PDF); bỏ đi hoặc viết "
            "bằng chữ (ví dụ «đạt», «không đạt» thay cho ✓, ✗)",
            {"ky_tu": _describe(bad.group()), "vi_tri": bad.start() + 1},
        )
    return value


PlainText = Annotated[str, AfterValidator(clean_text), Field(min_length=1)]
"""A name, title or code: NFC, no markup interpretation."""

RichText = Annotated[str, AfterValidator(clean_text), Field(min_length=1)]
"""Body text that may carry **đậm**, *nghiêng* and [^khoa] footnote references."""


def _as_list(value: object) -> object:
    return [value] if isinstance(value, str) else value


Paragraphs = Annotated[
    list[RichText],
    BeforeValidator(_as_list, json_schema_input_type=str | list[str]),
    Field(min_length=1),
]
"""One item of content: a string, or a list whose first string carries the item's
number and whose next strings are its unnumbered continuation paragraphs."""


_LEADING_MARK = re.compile(r"^[-–—+•]+\s*")
END_PUNCTUATION = re.compile(r"(?:[\s;,]|\./\.|(?<!\.)(?<!\.[^\W\d_])\.(?!\.))+$")
"""End punctuation vbhc adds itself: ";", ",", a single "." (not an ellipsis "...", nor
the dot of an abbreviation "v.v."), and the end-of-text mark "./." typed on an entry."""
_END_MARKS = frozenset(";,.")
"""The last characters END_PUNCTUATION can match in a text without white space at its end."""


def end_punctuation(text: str) -> re.Match[str] | None:
    """Return ``END_PUNCTUATION.search(text)`` for a ``text`` that ends in no white space
    (as ``str.strip`` leaves it): None, without a search, when it does not end in ";", ","
    or "." (a match ends at the end and its last piece is one of those or white space)."""
    return END_PUNCTUATION.search(text) if text[-1:] in _END_MARKS else None


_KINH_GUI = LazyPattern(r"^kính\s+gửi\s*:?\s*", re.IGNORECASE)
_VV = re.compile(r"^v\s*/\s*v(?![^\W\d_])\s*[:.,\-–]?\s*", re.IGNORECASE)


_KINH_MOI = LazyPattern(r"^(?:trân\s+trọng\s+)?kính\s+mời\s*:?\s*", re.IGNORECASE)
ENTRY_LABELS = {"Kính gửi:": _KINH_GUI, "trân trọng kính mời:": _KINH_MOI}
"""The labels vbhc prints before a list of addressees or invitees, and the pattern of the
same label typed by hand at the start of an entry."""


def clean_entry(value: str, addressee: bool = False,
                label: str | None = None) -> tuple[str, list[str]]:
    """Return one list entry that vbhc prints with its own dash and end punctuation (a
    recipient, an addressee, an implementing body) without the ones a clerk typed: a leading
    "- " (or "+", "•", "–"), a trailing ";", "." or ",", and for an addressee (``addressee``)
    a leading "Kính gửi:" (or the ``label`` of ``ENTRY_LABELS`` vbhc prints before the
    list: a typed "Kính mời:" before "trân trọng kính mời:"); with one Vietnamese sentence
    per change. ``(value, [])`` when the entry is clean."""
    notes = []
    text = value.strip()
    label = label or ("Kính gửi:" if addressee else None)
    typed = ENTRY_LABELS[label].match(text) if label else None
    if typed and typed.group().strip():
        notes.append(f"bỏ «{typed.group().strip()}» đầu dòng (vbhc tự in «{label}»)")
        text = text[typed.end():]
    lead = _LEADING_MARK.match(text)
    if lead:
        notes.append(f"bỏ «{lead.group().strip()}» đầu dòng (vbhc tự thêm gạch đầu dòng)")
        text = text[lead.end():]
    trail = end_punctuation(text)
    if trail and trail.group().strip():
        notes.append(f"bỏ «{trail.group().strip()}» cuối dòng (vbhc tự thêm dấu câu khi in)")
        text = text[:trail.start()]
    return text.strip(), notes


def strip_vv(value: str) -> tuple[str, list[str]]:
    """Return a trích yếu without a leading "V/v" (any case, with or without ":"), and the
    sentence saying so; ``(value, [])`` when there is none. Công văn get "V/v" from vbhc;
    documents with a kind name (kế hoạch, báo cáo) have none (ND30, Phụ lục I, I.5)."""
    match = _VV.match(value.lstrip())
    if not match:
        return value, []
    return value.lstrip()[match.end():], [
        f"bỏ «{match.group().strip()}» đầu trích yếu (công văn: vbhc tự in «V/v»; văn bản "
        "có tên loại không ghi «V/v»)"]


_FIRST_LETTER = LazyPattern(r"[^\W\d_]")


def capitalise(value: str) -> str:
    """Return ``value`` with its first letter upper-case ("thành lập" -> "Thành lập"; a
    leading "**" or "(" is kept in front)."""
    first = _FIRST_LETTER.search(value)
    if not first:
        return value
    i = first.start()
    return value[:i] + value[i].upper() + value[i + 1:]


_VE_VIEC = LazyPattern(r"^về\s+việc\b\s*", re.IGNORECASE)


def vv_in_titled(value: str, ve_viec: bool) -> tuple[str, list[str]]:
    """Return the trích yếu of a document with a kind name (ô 5a) written without "V/v"
    (ND30 Phụ lục I, I.5; nd30.md §4.3), and the sentence saying so; ``(value, [])``
    when there is none. A kind whose trích yếu opens with "Về việc" (``ve_viec``: a
    Quyết định, Mẫu 1.2) gets "Về việc ..." in its place; the others (a noun phrase,
    Mẫu 1.4) get the first letter capitalised: "V/v thành lập Tổ" -> "Về việc thành lập
    Tổ" or "Thành lập Tổ"."""
    match = _VV.match(value.lstrip())
    if not match:
        return value, []
    typed = match.group().strip()
    rest = value.lstrip()[match.end():]
    if ve_viec:
        rest = _VE_VIEC.sub("", rest, count=1)
        return f"Về việc {rest}", [f"đổi «{typed}» đầu trích yếu thành «Về việc» (trích yếu "
                                   "quyết định mở đầu bằng «Về việc», NĐ 30 Mẫu 1.2; văn bản "
                                   "có tên loại không ghi «V/v»)"]
    new = capitalise(rest)
    said = f"bỏ «{typed}» đầu trích yếu (văn bản có tên loại không ghi «V/v»)"
    if new != rest:
        said += "; viết hoa chữ đầu"
    return new, [said]


def strip_kind_name(value: str, ten: str) -> tuple[str, list[str]]:
    """Return a trích yếu without the kind name ``ten`` ("Giấy mời") typed at its start,
    first letter capitalised (vbhc prints the kind name in capitals above it: "GIẤY MỜI" /
    "Giấy mời dự Hội nghị" would say it twice), and the sentence saying so; ``(value, [])``
    when it does not start with it."""
    words = r"\s+".join(re.escape(w) for w in ten.split())
    match = re.match(rf"^\s*{words}\s*:?\s+(?=\S)", value, re.IGNORECASE)
    if not match:
        return value, []
    return capitalise(value[match.end():]), [
        f"bỏ «{match.group().strip()}» đầu trích yếu (vbhc đã in tên loại «{ten.upper()}» "
        "ở trên); viết hoa chữ đầu"]
