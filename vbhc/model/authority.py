"""The signing authorities of ô 7a (TM., KT., TL., TUQ., Q.), read from data/quyen-ky.yaml.

The one definition of the prefixes: the model's ``NguoiKy`` (field type, descriptions,
messages), the template context, the importer and the checker all read them from here.
ND30, Điều 13 and Phụ lục I, Phần I (ô 7a); nd30.md §3.5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vbhc.data import data_yaml, files
from vbhc.lazyre import LazyPattern


@dataclass(frozen=True)
class Authority:
    """One row of data/quyen-ky.yaml."""

    viet_tat: str  # "KT.": printed before the title, then one space
    nghia: str  # "ký thay"
    truong: str  # the field of nguoi_ky that holds it: "thay_mat" or "quyen_han"
    khi: str = ""  # who signs so
    bo_chuc_vu: bool = False  # the block has no title line of the signer's own (Q.)


FIELDS = ("thay_mat", "quyen_han")


@cache
def authorities() -> tuple[Authority, ...]:
    """Return every signing authority, top to bottom as the lines stand in ô 7a.

    Raises ValueError when data/quyen-ky.yaml is malformed (a packaging error, not input):
    an unknown ``truong``, a prefix without its final dot, or not exactly one ``thay_mat``.
    """
    text = files("vbhc.data").joinpath("quyen-ky.yaml").read_text("utf-8")
    rows = tuple(Authority(r["viet_tat"], r["nghia"], r["truong"],
                           " ".join(r.get("khi", "").split()), bool(r.get("bo_chuc_vu", False)))
                 for r in data_yaml(text))
    for row in rows:
        if row.truong not in FIELDS or not re.fullmatch(r"[A-Z]+\.", row.viet_tat):
            raise ValueError(f"quyen-ky.yaml: dòng {row.viet_tat!r} sai (truong: {row.truong})")
    if sum(row.truong == "thay_mat" for row in rows) != 1:
        raise ValueError("quyen-ky.yaml: cần đúng một dòng có truong: thay_mat (TM.)")
    return rows


def authority(prefix: str) -> Authority:
    """Return the row of ``prefix`` ("KT."); KeyError when it is not a signing authority."""
    return {row.viet_tat: row for row in authorities()}[prefix]


AUTHORITY_PREFIXES: tuple[str, ...] = tuple(row.viet_tat for row in authorities())
"""Every prefix ô 7a may begin a line with: ("TM.", "KT.", "TL.", "TUQ.", "Q.")."""

THAY_MAT: str = next(row.viet_tat for row in authorities() if row.truong == "thay_mat")
"""The collective prefix, "TM.", printed before ``nguoi_ky.thay_mat``."""

QUYEN_HAN: tuple[str, ...] = tuple(row.viet_tat for row in authorities()
                                   if row.truong == "quyen_han")
"""The values ``nguoi_ky.quyen_han`` accepts: ("KT.", "TL.", "TUQ.", "Q.")."""

_LINE = LazyPattern("^(?P<viet_tat>{})\\s*(?P<ten>\\S.*)$".format(
    "|".join(re.escape(p) for p in AUTHORITY_PREFIXES)))


def split_authority(line: str) -> tuple[str, str] | None:
    """Return (prefix, rest) of an ô 7a line: "KT. CHỦ TỊCH" -> ("KT.", "CHỦ TỊCH");
    None when ``line`` does not start with a prefix of :data:`AUTHORITY_PREFIXES`.

    Lenient about spacing, as a reader of other people's documents must be: "KT.CHỦ TỊCH"
    splits too (the checker, not this function, says the space is missing). Case-sensitive.
    """
    m = _LINE.match(line)
    return (m["viet_tat"], m["ten"]) if m else None


def needs_title(quyen_han: str | None) -> bool:
    """Return whether a signer with authority ``quyen_han`` (None: the head signing) has a
    title line of their own (``nguoi_ky.chuc_vu``): every one but Q. (data: bo_chuc_vu)."""
    return quyen_han is None or not authority(quyen_han).bo_chuc_vu


def listing(prefixes: tuple[str, ...], last: str = "hoặc") -> str:
    """Return ``prefixes`` as a Vietnamese list for messages: "KT., TL., TUQ. hoặc Q."."""
    if len(prefixes) < 2:
        return "".join(prefixes)
    return f"{', '.join(prefixes[:-1])} {last} {prefixes[-1]}"
