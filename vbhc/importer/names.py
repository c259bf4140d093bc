"""Capitals undone: headings vbhc prints in capitals, and the issuer's name as written in a
sentence (co_quan.ten_rut_gon). Word lists live in data/nhap-chung.yaml."""

from __future__ import annotations

import re
import unicodedata

from vbhc.importer.patterns import data, is_upper

VOWELS = set("AEIOUY")
ROMAN = re.compile(r"^[IVXLC]+$")
PART_BREAK = re.compile(r"(,\s*|\s+VÀ\s+|\s*[-–]\s*)")


def _has_vowel(word: str) -> bool:
    bare = unicodedata.normalize("NFD", word.upper())
    return any(c in VOWELS for c in bare)


def _keeps_capitals(word: str) -> bool:
    """Return whether a capitalised word is an abbreviation: HĐND, CCHC, PAR, II."""
    core = word.strip("()[]{}.,;:!?\"'“”*\\/")
    letters = [c for c in core if c.isalpha()]
    return bool(letters) and (not _has_vowel(core) or bool(ROMAN.match(core))
                              or core.upper() in data("chung")["giu_in_hoa"])


def _capitalise(text: str) -> str:
    """Return ``text`` with its first letter in capitals."""
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1:]
    return text


def sentence_case(text: str) -> str:
    """Return an all-capitals heading as a sentence: "KẾT QUẢ THỰC HIỆN CCHC" ->
    "Kết quả thực hiện CCHC". Text with small letters is returned as it is."""
    if not is_upper(text):
        return text
    words = [w if _keeps_capitals(w) else w.lower() for w in text.split(" ")]
    return _capitalise(" ".join(words))


def _proper(words: str) -> str:
    """Return a place name with each syllable capitalised: "LẠNG SƠN" -> "Lạng Sơn"."""
    return " ".join(_capitalise(w.lower()) for w in words.split())


def _name_part(words: str) -> str:
    """Return the specific part of a name as written: each component capitalised
    ("VĂN HÓA, THỂ THAO VÀ DU LỊCH" -> "Văn hóa, Thể thao và Du lịch")."""
    pieces = PART_BREAK.split(words)
    out = []
    for k, piece in enumerate(pieces):
        if k % 2:
            out.append(piece.lower())
        else:
            out.append(" ".join(w if _keeps_capitals(w) else w.lower() for w in piece.split()))
            out[-1] = _capitalise(out[-1])
    return "".join(out)


def _locality(name: str) -> tuple[str, str] | None:
    """Split ``name`` before its locality word (TỈNH, HUYỆN, XÃ...): (before, locality)."""
    words = "|".join(sorted(data("chung")["rut_gon"]["dia_ban"], key=len, reverse=True))
    m = re.search(rf"(?:^|\s)({words})(?!\s+HỘI\b)\s+(\S.*)$", name)  # not XÃ HỘI
    if not m:
        return None
    return name[:m.start()].strip(), f"{m.group(1).lower()} {_proper(m.group(2))}"


def short_name(name: str, governing: str | None = None) -> str | None:
    """Return the issuer as written in a sentence: "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC" ->
    "UBND huyện Cao Lộc"; "SỞ NỘI VỤ" under "UBND TỈNH LẠNG SƠN" -> "Sở Nội vụ tỉnh
    Lạng Sơn". None when the name does not start with a known kind of body."""
    name = " ".join(name.split()).upper()
    kinds = data("chung")["rut_gon"]["loai"]
    head = next((k for k in sorted(kinds, key=len, reverse=True)
                 if name == k or name.startswith(k + " ")), None)
    if head is None:
        return None
    rest = name[len(head):].strip()
    split = _locality(rest) if rest else None
    specific, place = split if split else (rest, "")
    if not place and governing:
        found = _locality(" ".join(governing.split()).upper())
        place = found[1] if found else ""
    parts = [kinds[head], _name_part(specific) if specific else "", place]
    return " ".join(p for p in parts if p) if specific or place else None
