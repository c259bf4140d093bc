"""What the register records of a document: agency, series, kind, symbol, trích yếu, signer,
recipients, unit keeping the file, copies, and the content hash that refuses a second issue.

ND30 Điều 15 (nd30.md §4.1): the number is the yearly ordinal at the agency's văn thư, from
01 on 1 January; advisory bodies using the agency's seal keep their own series, and secret
documents have their own. ``series_key`` makes the series explicit: the document's kind code
and issuer (``KH-UBND``; ``CV-UBND`` for every công văn of the issuer, whatever the drafting
unit), `` (mật)`` added for a secret document; an advisory body's documents carry its own
issuer abbreviation, so they fall in their own series. ``--he-thong-so`` names another.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from vbhc.lang.marks import unmarked
from vbhc.model.common import VanBan
from vbhc.model.kinds import kind
from vbhc.model.markup import plain
from vbhc.model.symbol import number_digits, symbol

_ABBREVIATIONS = ((re.compile(r"(?<!\w)UBND(?!\w)"), "ỦY BAN NHÂN DÂN"),
                  (re.compile(r"(?<!\w)HĐND(?!\w)"), "HỘI ĐỒNG NHÂN DÂN"))
"""Short forms of a body's name written out in ``name_key`` (capitals, after one_spelling)."""

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Characters a register line must not hold: C0/C1 controls (line break and tab apart),
lone surrogates and the two non-characters that XML (.xlsx, .docx) cannot carry."""

SERIES_PATTERN = re.compile(r"[\w() -]{1,60}")
"""What ``--he-thong-so`` may be: letters, digits, hyphen, brackets, spaces; 60 at most."""

SECRET_SUFFIX = " (mật)"
"""Added to a secret document's series key (ND30 Điều 15: secret documents numbered apart)."""


@dataclass
class EntryFields:
    """The register columns of one document, before it has a number.

    ``co_quan`` is the agency key (governing body / issuer name, one line); ``he_thong_so``
    the series key; ``nam`` the year the number belongs to; ``ky_hieu`` the symbol after the
    number ("KH-UBND"); ``noi_nhan`` recipients one per line; ``so_ban`` copies (a count);
    ``noi_dung_hash`` the SHA-256 (hex) of the content without number and date (None for a
    number kept for a document not made by vbhc).
    """

    co_quan: str
    he_thong_so: str
    nam: int
    ngay: _dt.date
    ky_hieu: str
    loai: str
    ten_loai: str
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    don_vi_luu: str
    so_ban: int
    do_mat: str | None = None
    do_khan: str | None = None
    ghi_chu: str = ""
    noi_dung_hash: str | None = None
    nguon: str | None = None


def one_line(text: str) -> str:
    """Return ``text`` with every run of white space (line breaks too) as one space."""
    return " ".join(text.split())


def name_key(text: str) -> str:
    """Return the comparison key of an agency or series name: NFC, one tone placement
    (Uỷ/Ủy, hoà/hòa), UBND and HĐND written out, dashes as "-", spaces collapsed, case
    folded. "UBND HUYỆN CAO LỘC", "UỶ BAN NHÂN DÂN HUYỆN CAO LỘC" and "Ủy ban nhân dân
    huyện Cao Lộc" give one key, so they share one counter."""
    from vbhc.lang.ten_co_quan import one_spelling

    text = one_spelling(unicodedata.normalize("NFC", text).replace("\u00d0", "Đ"))
    for pattern, full in _ABBREVIATIONS:
        text = pattern.sub(full, text)
    text = re.sub(r"\s*[-\u2013\u2014]\s*", " - ", text)
    return " ".join(text.split()).casefold()


def fold(text: str) -> str:
    """Return ``text`` for a search that ignores case and diacritics: "Tiếp công dân" and
    "TIEP CONG DAN" both give "tiep cong dan"."""
    return " ".join(unmarked(text).split()).casefold()


def bad_characters(text: str) -> list[str]:
    """Return the control characters (and others XML cannot hold) in ``text``, as U+XXXX."""
    return sorted({f"U+{ord(ch):04X}" for ch in _CONTROL.findall(text)})


def printable(text: str) -> str:
    """Return ``text`` with every character of ``bad_characters`` replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", text)


def check_series(series: str, default: str) -> str:
    """Return ``--he-thong-so`` ``series`` on one line, or raise VbhcError (exit 1) when it
    holds other characters than letters, digits, hyphen, brackets and spaces, or only
    restates the document's default series ``default`` in another spelling ("tb-ubnd" for
    TB-UBND: it would number the same documents a second time from 01)."""
    from vbhc.errors import VbhcError

    text = one_line(series)
    if not SERIES_PATTERN.fullmatch(text) or "_" in text:
        raise VbhcError(f"--he-thong-so: «{printable(text)[:80]}» không dùng được; khóa hệ thống "
                        "số chỉ gồm chữ, chữ số, dấu gạch ngang, ngoặc đơn và dấu cách (tối đa "
                        "60 ký tự), ví dụ HĐTV-UBND")
    if text != default and name_key(text) == name_key(default):
        raise VbhcError(f"--he-thong-so: «{text}» là hệ thống số mặc định {default} của văn bản "
                        "viết khác đi; số sẽ trùng với số đã cấp. Bỏ --he-thong-so để dùng hệ "
                        f"thống {default}, hoặc đặt một khóa riêng thật sự")
    return text


def agency_key(doc: VanBan) -> str:
    """Return the agency a document is registered under: "<chu_quan> / <ten>" or "<ten>",
    one line each ("UBND TỈNH LẠNG SƠN / SỞ NỘI VỤ")."""
    name = one_line(doc.co_quan.ten.replace("\\n", " "))
    if doc.co_quan.chu_quan:
        return f"{one_line(doc.co_quan.chu_quan)} / {name}"
    return name


def series_key(doc: VanBan) -> str:
    """Return the document's number series: its symbol for a kind with a code ("KH-UBND"),
    ``CV-<issuer>`` for a công văn ("CV-UBND": one series for every drafting unit), with
    " (mật)" for a document with ``do_mat``."""
    sym = symbol(doc)
    key = sym if kind(doc.loai).ky_hieu else f"CV-{sym.split('-')[0]}"
    return key + SECRET_SUFFIX if doc.do_mat else key


def recipients(doc: VanBan) -> list[str]:
    """Return the places that receive the document, as a register lists them: the Kính gửi
    entries when "Như trên" is printed, then ``noi_nhan.danh_sach`` (the archive line is the
    "unit keeping the file" column instead)."""
    addressees = list(getattr(doc, "kinh_gui", None) or [])
    as_above = doc.noi_nhan.nhu_tren if doc.noi_nhan.nhu_tren is not None else bool(addressees)
    return (addressees if as_above else []) + list(doc.noi_nhan.danh_sach)


def signer(doc: VanBan) -> str:
    """Return the signer as the register names them (ND30 sổ văn bản đi: người ký is the
    name): "Nguyễn Văn A (KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC)"; the authority lines alone when no
    name is given (``issue`` refuses that)."""
    title = ", ".join(doc.nguoi_ky.authority_lines())
    name = one_line(doc.nguoi_ky.ho_ten or "")
    if name and title:
        return f"{name} ({title})"
    return name or title


def subject(ten_loai: str, trich_yeu: str) -> str:
    """Return the "tên loại và trích yếu" cell: "Tờ trình về việc ..." (the first word of
    the trích yếu in lower case after the kind's name, unless it is an abbreviation such as
    UBND or "V/v")."""
    if not ten_loai:
        return trich_yeu
    word = trich_yeu.split(" ", 1)[0]
    if len(word) > 1 and (word.isupper() or "/" in word or any(c.isupper() for c in word[1:])):
        return f"{ten_loai} {trich_yeu}"
    return f"{ten_loai} {trich_yeu[:1].lower()}{trich_yeu[1:]}"


_FILLER = re.compile(r"(?:^|(?<=[\s/(-]))(?:\.{3,}|…)(?!\w)")
"""Skeleton filler: "..." or "…" standing as a word ("SỞ ...", "Về việc ...", "số .../TTr")."""


@cache
def _filler_words() -> frozenset[str]:
    """The skeleton's placeholder values (vbhc/data/chung.yaml ``cho_trong`` and the
    ``vbhc new`` skeletons: "Địa danh", "CƠ QUAN BAN HÀNH", "Trích yếu" ...), case folded."""
    from importlib.resources import files

    import yaml

    data = yaml.safe_load(files("vbhc.data").joinpath("nhap-chung.yaml").read_text("utf-8"))
    words = {str(v) for v in (data.get("cho_trong") or {}).values()}
    words |= {"Địa danh", "Tên bảng", "Nội dung thứ nhất"}
    return frozenset(w.casefold() for w in words)


def _strings(value: Any, path: str) -> list[tuple[str, str]]:
    """Return every string inside ``value`` (a model dump) with its field path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items()
                for item in _strings(v, f"{path}.{k}" if path else str(k))]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _strings(v, f"{path}[{i}]")]
    return []


def unfinished(doc: VanBan) -> list[str]:
    """Return what keeps ``doc`` from being issued, one Vietnamese phrase each naming the
    field: a ``[CẦN BỔ SUNG: …]`` placeholder (vbhc.model.placeholder; ``vbhc check`` rule
    chua-hoan-thien), skeleton filler ("...", "…" as a word; "Địa danh" and the other
    placeholder values of ``vbhc new``), no signer's name (``nguoi_ky.ho_ten``)."""
    from vbhc.model.placeholder import find

    out = []
    data = doc.model_dump(mode="json", warnings=False)
    words = _filler_words()
    for path, text in _strings(data, ""):
        if find(text):
            out.append(f"{path}: còn chỗ đánh dấu {find(text)[0]}")
        elif _FILLER.search(text):
            out.append(f"{path}: còn chỗ trống của khung văn bản «{one_line(text)[:60]}»")
        elif one_line(text).casefold() in words:
            out.append(f"{path}: còn chữ điền sẵn của khung văn bản «{one_line(text)}»")
    if not one_line(doc.nguoi_ky.ho_ten or ""):
        out.append("nguoi_ky.ho_ten: chưa ghi họ tên người ký")
    return out


def default_copies(doc: VanBan) -> int:
    """Return the number of copies when ``--so-ban`` is not given: one per recipient plus
    one per place in the archive line ("VT, NC": two)."""
    kept = [p for p in doc.noi_nhan.luu.split(",") if p.strip()]
    return len(recipients(doc)) + len(kept)


def content_hash(doc: VanBan) -> str:
    """Return the SHA-256 (hex) of the document's content without its number and date of
    issue: the same text issued twice has the same hash, whatever number or date it got."""
    data = doc.model_dump(mode="json", warnings=False)
    data["loai"] = doc.loai
    data.get("so_ky_hieu", {}).pop("so", None)
    data.pop("ngay_ban_hanh", None)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_fields(doc: VanBan, issued_on: _dt.date, *, series: str | None = None,
                 copies: int | None = None, note: str = "",
                 source: str | None = None) -> EntryFields:
    """Return the register columns of ``doc`` issued on ``issued_on`` (its year is the
    number's year); ``series`` overrides ``series_key``, ``copies`` ``default_copies``."""
    return EntryFields(
        co_quan=agency_key(doc),
        he_thong_so=check_series(series, series_key(doc)) if series else series_key(doc),
        nam=issued_on.year, ngay=issued_on, ky_hieu=symbol(doc), loai=doc.loai,
        ten_loai=kind(doc.loai).ten, trich_yeu=one_line(plain(doc.trich_yeu)),
        nguoi_ky=signer(doc), noi_nhan="\n".join(recipients(doc)),
        don_vi_luu=doc.noi_nhan.luu, so_ban=default_copies(doc) if copies is None else copies,
        do_mat=doc.do_mat, do_khan=doc.do_khan, ghi_chu=note,
        noi_dung_hash=content_hash(doc), nguon=source)


def number_text(so: int, ky_hieu: str) -> str:
    """Return the number and symbol as printed after "Số: ": "05/KH-UBND"."""
    return f"{number_digits(so)}/{ky_hieu}"
