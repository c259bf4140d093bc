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
from dataclasses import dataclass

from vbhc.model.common import VanBan
from vbhc.model.kinds import kind
from vbhc.model.markup import plain
from vbhc.model.symbol import number_digits, symbol

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
    """Return the signer as the register names them: "KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC, Nguyễn
    Văn A" (the authority lines, then the name when given)."""
    parts = [*doc.nguoi_ky.authority_lines()]
    if doc.nguoi_ky.ho_ten:
        parts.append(doc.nguoi_ky.ho_ten)
    return ", ".join(parts)


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
        co_quan=agency_key(doc), he_thong_so=one_line(series) if series else series_key(doc),
        nam=issued_on.year, ngay=issued_on, ky_hieu=symbol(doc), loai=doc.loai,
        ten_loai=kind(doc.loai).ten, trich_yeu=one_line(plain(doc.trich_yeu)),
        nguoi_ky=signer(doc), noi_nhan="\n".join(recipients(doc)),
        don_vi_luu=doc.noi_nhan.luu, so_ban=default_copies(doc) if copies is None else copies,
        do_mat=doc.do_mat, do_khan=doc.do_khan, ghi_chu=note,
        noi_dung_hash=content_hash(doc), nguon=source)


def number_text(so: int, ky_hieu: str) -> str:
    """Return the number and symbol as printed after "Số: ": "05/KH-UBND"."""
    return f"{number_digits(so)}/{ky_hieu}"
