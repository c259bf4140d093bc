"""The citation of a document in running text: "Kế hoạch số 05/KH-UBND ngày 10 tháng 5
năm 2024 của UBND tỉnh Lạng Sơn".

An appendix's "(Kèm theo ...)" line and a derived plan's lead sentence cite their document
this way (ND30, Phụ lục I, mục II.6 and the samples of Phụ lục III: kind, number/symbol,
date, issuer). The parts come from vbhc.model.symbol and vbhc.lang.dates, so a citation
pads exactly as ô 3 and ô 4 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from vbhc.lang.dates import BLANK, ngay_thang, short_date
from vbhc.model.kinds import kind
from vbhc.model.symbol import number_digits, symbol

if TYPE_CHECKING:
    from vbhc.model.common import VanBan


@dataclass(frozen=True)
class Citation:
    """The parts of a citation, each as printed."""

    ten_loai: str  # "Kế hoạch" (sentence case, from data/loai-van-ban.yaml)
    so: str  # "05", or the blank of a draft
    ky_hieu: str  # "KH-UBND"
    ngay: str  # after the word "ngày": "10 tháng 5 năm 2024", or "10/5/2024" when short
    co_quan: str | None  # "UBND tỉnh Lạng Sơn" (co_quan.ten_rut_gon); None: not said

    def __str__(self) -> str:
        """Return the sentence: "<kind> số <so>/<ky_hieu> ngày <ngay>[ của <co_quan>]"."""
        issuer = f" của {self.co_quan}" if self.co_quan else ""
        return f"{self.ten_loai} số {self.so}/{self.ky_hieu} ngày {self.ngay}{issuer}"


def citation_parts(doc: VanBan, *, short: bool = False, blank: str = BLANK) -> Citation:
    """Return the parts of ``doc``'s citation.

    ``short``: the date in digits ("05/02/2024") instead of the date line's words
    ("05 tháng 02 năm 2024"); both pad as the date line does. ``blank`` stands for a
    number, day or month left empty in a draft (five spaces by default; "..." reads better
    inside a sentence). The issuer is ``co_quan.ten_rut_gon`` (None when not given).
    """
    date = doc.ngay_ban_hanh
    ngay = (short_date(date.ngay, date.thang, date.nam, blank) if short
            else ngay_thang(date.ngay, date.thang, date.nam, blank).removeprefix("ngày "))
    return Citation(kind(doc.loai).ten, number_digits(doc.so_ky_hieu.so, blank), symbol(doc),
                    ngay, doc.co_quan.ten_rut_gon)


def citation(doc: VanBan, *, short: bool = False, blank: str = BLANK) -> str:
    """Return the sentence citing ``doc``: "Kế hoạch số 05/KH-UBND ngày 10 tháng 5 năm 2024
    của UBND tỉnh Lạng Sơn" (see :func:`citation_parts` for ``short`` and ``blank``)."""
    return str(citation_parts(doc, short=short, blank=blank))
