"""Số thành chữ tiếng Việt: số đếm, số thứ tự, dòng "Bằng chữ".

Quy tắc đọc (chuẩn, dùng trong văn bản hành chính):

- 0–20: "không", "một" ... "mười", "mười một" ... "mười lăm" ... "hai mươi";
  hàng đơn vị 1 sau "mươi" đọc "mốt" (21, 31 ...), 5 sau "mười"/"mươi" đọc "lăm"
  (15, 25 ...), 4 sau "mươi" đọc "bốn" hoặc "tư" (``tu=True``); "mười bốn" luôn là "bốn".
- Hàng chục trống giữa trăm và đơn vị: "linh" hoặc "lẻ" (105 = "một trăm linh năm").
- Một nhóm ba chữ số đứng sau nhóm khác luôn đọc đủ hàng trăm ("không trăm"):
  2024 = "hai nghìn không trăm hai mươi bốn".
- Một nhóm bên trong trống hoàn toàn (000) bị bỏ cả nhóm lẫn tên đơn vị của nó:
  1 000 005 = "một triệu không trăm linh năm",
  1 001 000 = "một triệu không trăm linh một nghìn".
- Trên tỷ, phần trước "tỷ" đọc như một số riêng rồi ghép "tỷ" (10^12 = "một nghìn tỷ";
  10^12 + 1 = "một nghìn tỷ không trăm linh một"). Cách ghép này tự nhiên cho ra
  "triệu tỷ", "tỷ tỷ", nhưng đầu vào bị giới hạn 15 chữ số phần nguyên.
- Phần thập phân (sau "phẩy") đọc như một số, mỗi chữ số 0 đứng đầu đọc "không":
  12,05 = "mười hai phẩy không năm"; 3,25 = "ba phẩy hai mươi lăm". Số 0 ở cuối phần
  thập phân không làm đổi giá trị nên bị bỏ: 3,50 = 3,5 = "ba phẩy năm".
- Số âm: "âm ..."; -0 đọc "không".

Chuỗi số theo cách viết Việt Nam: "." (hoặc khoảng trắng) ngăn hàng nghìn, mỗi nhóm
đúng ba chữ số; "," ngăn phần thập phân. "1.250.000" = một triệu hai trăm năm mươi
nghìn; "3,5" = ba phẩy năm. Chuỗi kiểu Anh như "3.5" hay "1,250.00" bị từ chối.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import NamedTuple

from vbhc.lazyre import LazyPattern

__all__ = [
    "MAX_CHU_SO",
    "SoKhongHopLe",
    "number_to_words",
    "ordinal",
    "parse_number",
]

MAX_CHU_SO = 15  # số chữ số tối đa của phần nguyên, và của phần thập phân

CHU_SO = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_TY = 10**9
_LINH = ("linh", "lẻ")
_NGHIN = ("nghìn", "ngàn")
_KHOANG_TRANG = " \u00a0\u202f\u2009"  # dấu cách, cách không ngắt, cách hẹp, cách mảnh
_SO_RE = LazyPattern(
    rf"""
    (?P<dau>[-\u2212+]?)
    (?P<nguyen>[0-9]+
      |[0-9]{{1,3}}(?:\.[0-9]{{3}})+
      |[0-9]{{1,3}}(?:[{_KHOANG_TRANG}][0-9]{{3}})+)
    (?:,(?P<le>[0-9]+))?
    """,
    re.VERBOSE,
)


class SoKhongHopLe(ValueError):
    """Raised for input that is not a readable number; the message is Vietnamese."""

    def __init__(self, value: object, ly_do: str) -> None:
        self.value = value
        self.ly_do = ly_do
        super().__init__(f"Số không hợp lệ {value!r}: {ly_do}.")


class _KieuDoc(NamedTuple):
    """How numbers are read aloud: "linh"/"lẻ" for a zero ten, "nghìn"/"ngàn" for
    thousand, and 4 after "mươi" read "tư" (``tu=True``) or "bốn". A named tuple, not a
    frozen dataclass: the same fields and immutability, made ~8x cheaper at import
    (a cold ``vbhc render`` imports this module)."""

    linh: str = "linh"
    nghin: str = "nghìn"
    tu: bool = False


# ---------------------------------------------------------------- phân tích đầu vào


def _decimal_tu_chuoi(text: str) -> Decimal:
    """Return the Decimal written in Vietnamese style in ``text`` or raise."""
    s = text.strip()
    if not s:
        raise SoKhongHopLe(text, "chuỗi rỗng")
    m = _SO_RE.fullmatch(s)
    if m is None:
        raise SoKhongHopLe(
            text,
            "không đúng dạng số (dấu '.' hoặc khoảng trắng ngăn hàng nghìn, "
            "mỗi nhóm đúng 3 chữ số; dấu ',' ngăn phần thập phân)",
        )
    nguyen = re.sub(rf"[.{_KHOANG_TRANG}]", "", m["nguyen"])
    dau = "-" if m["dau"] in ("-", "\u2212") else ""
    return Decimal(f"{dau}{nguyen}.{m['le'] or '0'}")


def _decimal(value: object) -> Decimal:
    """Return ``value`` (int, Decimal, finite float or Vietnamese numeric string) as Decimal."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, str)):
        raise SoKhongHopLe(value, f"kiểu {type(value).__name__} không phải là số")
    if isinstance(value, str):
        return _decimal_tu_chuoi(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise SoKhongHopLe(value, "không phải là số hữu hạn")
        return Decimal(int(value)) if value.is_integer() else Decimal(repr(value))
    if isinstance(value, Decimal) and not value.is_finite():
        raise SoKhongHopLe(value, "không phải là số hữu hạn")
    return Decimal(value)


def _tach(value: object) -> tuple[bool, int, str]:
    """Return (negative, integer part, fractional digits without trailing zeros)."""
    d = _decimal(value)
    if d.adjusted() >= MAX_CHU_SO:
        raise SoKhongHopLe(value, f"phần nguyên dài quá {MAX_CHU_SO} chữ số")
    if d.as_tuple().exponent < -4 * MAX_CHU_SO:  # type: ignore[operator]
        raise SoKhongHopLe(value, f"phần thập phân dài quá {MAX_CHU_SO} chữ số")
    nguyen, _, le = format(abs(d), "f").partition(".")
    le = le.rstrip("0")
    if len(le) > MAX_CHU_SO:
        raise SoKhongHopLe(value, f"phần thập phân dài quá {MAX_CHU_SO} chữ số")
    so_nguyen = int(nguyen)
    return (d < 0 and (so_nguyen > 0 or bool(le))), so_nguyen, le


def parse_number(value: object) -> Decimal:
    """Return ``value`` as a finite Decimal, validated like :func:`number_to_words`.

    Accepts int, Decimal, finite float and Vietnamese-style strings ("1.250.000,5").
    Raises :class:`SoKhongHopLe` otherwise.
    """
    am, nguyen, le = _tach(value)
    return Decimal(f"{'-' if am else ''}{nguyen}.{le or '0'}")


# ---------------------------------------------------------------- đọc số


def _don_vi_sau_muoi(u: int, kieu: _KieuDoc) -> str:
    """Return the units word after "mươi" (tens >= 2): mốt, tư, lăm or the plain digit."""
    if u == 1:
        return "mốt"
    if u == 4 and kieu.tu:
        return "tư"
    return "lăm" if u == 5 else CHU_SO[u]


def _doc_nhom(g: int, day_du: bool, kieu: _KieuDoc) -> list[str]:
    """Return the words of a group 1..999; ``day_du`` forces "không trăm"/"linh"."""
    h, t, u = g // 100, g // 10 % 10, g % 10
    words = [CHU_SO[h], "trăm"] if (h or day_du) else []
    if t == 0:
        if u:
            words += [kieu.linh, CHU_SO[u]] if words else [CHU_SO[u]]
    elif t == 1:
        words.append("mười")
        if u:
            words.append("lăm" if u == 5 else CHU_SO[u])
    else:
        words += [CHU_SO[t], "mươi"]
        if u:
            words.append(_don_vi_sau_muoi(u, kieu))
    return words


def _doc_duoi_ty(n: int, day_du: bool, kieu: _KieuDoc) -> list[str]:
    """Return the words of 1 <= n < 10^9, skipping groups that are entirely zero."""
    words: list[str] = []
    for g, ten in ((n // 10**6, "triệu"), (n // 1000 % 1000, kieu.nghin), (n % 1000, "")):
        if g:
            words += _doc_nhom(g, day_du or bool(words), kieu)
            if ten:
                words.append(ten)
    return words


def _doc_nguyen(n: int, day_du: bool, kieu: _KieuDoc) -> list[str]:
    """Return the words of n >= 1; the part above 10^9 is read on its own before "tỷ"."""
    if n < _TY:
        return _doc_duoi_ty(n, day_du, kieu)
    cao, thap = divmod(n, _TY)
    words = [*_doc_nguyen(cao, day_du, kieu), "tỷ"]
    return words + _doc_duoi_ty(thap, True, kieu) if thap else words


def _doc_thap_phan(le: str, kieu: _KieuDoc) -> list[str]:
    """Return the words after "phẩy": one "không" per leading zero, then the rest as a number."""
    phan = le.lstrip("0")
    return ["không"] * (len(le) - len(phan)) + _doc_nguyen(int(phan), False, kieu)


def _kieu_doc(linh: str, nghin: str, tu: bool) -> _KieuDoc:
    """Return validated reading options."""
    if linh not in _LINH:
        raise ValueError(f"linh phải là một trong {_LINH}, nhận được {linh!r}")
    if nghin not in _NGHIN:
        raise ValueError(f"nghin phải là một trong {_NGHIN}, nhận được {nghin!r}")
    return _KieuDoc(linh=linh, nghin=nghin, tu=tu)


def _viet_hoa_dau(text: str) -> str:
    """Return ``text`` with its first letter upper-cased (the rest untouched)."""
    return text[:1].upper() + text[1:]


def number_to_words(
    value: int | float | Decimal | str,
    *,
    currency: str | None = None,
    linh: str = "linh",
    nghin: str = "nghìn",
    tu: bool = False,
    chan: bool = False,
) -> str:
    """Return ``value`` read in Vietnamese words.

    ``linh``: "linh" or "lẻ" for an empty tens digit; ``nghin``: "nghìn" or "ngàn";
    ``tu``: read 4 after "mươi" as "tư". With ``currency`` (e.g. "đồng") the unit is
    appended and the first letter capitalised, for the "Bằng chữ:" line; ``chan`` then
    appends "chẵn" when the amount is whole. A fractional amount with a currency is read
    as given ("Ba phẩy năm đồng"), never rounded. Raises :class:`SoKhongHopLe`
    for malformed, non-finite or too long numbers.
    """
    kieu = _kieu_doc(linh, nghin, tu)
    am, nguyen, le = _tach(value)
    words = ["âm"] if am else []
    words += _doc_nguyen(nguyen, False, kieu) if nguyen else ["không"]
    if le:
        words += ["phẩy", *_doc_thap_phan(le, kieu)]
    if currency is None:
        return " ".join(words)
    words.append(currency)
    if chan and not le:
        words.append("chẵn")
    return _viet_hoa_dau(" ".join(words))


def ordinal(n: int | str, *, linh: str = "linh", nghin: str = "nghìn", tu: bool = False) -> str:
    """Return the Vietnamese ordinal: "thứ nhất", "thứ hai", "thứ tư", "thứ mười một" ...

    Only 1 ("nhất") and 4 ("tư") differ from the cardinal; ``n`` must be a whole number >= 1.
    """
    am, nguyen, le = _tach(n)
    if am or le or nguyen < 1:
        raise SoKhongHopLe(n, "số thứ tự phải là số nguyên dương")
    if nguyen in (1, 4):
        return "thứ nhất" if nguyen == 1 else "thứ tư"
    return "thứ " + number_to_words(nguyen, linh=linh, nghin=nghin, tu=tu)


def format_number(value: int | Decimal) -> str:
    """Return ``value`` as Vietnamese write it: 1.250.000 and 3,5."""
    sign = "-" if value < 0 else ""
    text = format(abs(value), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    frac = frac.rstrip("0")
    return sign + ".".join(groups) + (f",{frac}" if frac else "")


# ---------------------------------------------------------------- số liệu trong bảng

SO = "so"
"""A figure in Vietnamese notation: "1.250", "1 250", "3,5", "-12", "0,250"."""
PHAN_TRAM = "phan_tram"
"""A percentage: a figure followed by "%" ("12%", "12,5 %")."""
DAY_SO = "day_so"
"""Bare digits without a leading zero ("204", "2024"): a figure or a year/code, as the
column says."""
MA_SO = "ma_so"
"""Digits with a leading zero ("0105"): a code, never a figure."""
MO_HO = "mo_ho"
"""A comma followed by exactly three digits, whole part 1-999 ("1,250"): English thousands
(1250) or a Vietnamese decimal (1,25)? Only the column can tell."""
KIEU_ANH = "kieu_anh"
"""Certainly English notation: several comma groups ("1,250,000"), comma groups then a
decimal point ("1,250.5"), or a decimal point not followed by three digits ("3.5")."""
GACH = "gach"
"""A dash standing for "none" ("-", "–", "—"): an empty figure."""
CHU = "chu"
"""Anything else: text."""

_SP = f"[{_KHOANG_TRANG}]?"
_PHAN_TRAM_RE = LazyPattern(rf"(?P<so>.+?){_SP}%")
_MO_HO_RE = LazyPattern(r"[-\u2212+]?[1-9][0-9]{0,2},[0-9]{3}")
_ANH_RE = LazyPattern(
    r"""(?P<dau>[-\u2212+]?)
    (?P<nguyen>[0-9]{1,3}(?:,[0-9]{3}){2,}(?:\.[0-9]+)?   # 1,250,000  1,250,000.5
      |[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+                   # 1,250.5
      |[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,}))                  # 3.5  3.25  0.12345
    """,
    re.VERBOSE,
)
GACH_CHO_TRONG = frozenset({"-", "\u2013", "\u2014"})


def read_english(text: str) -> Decimal:
    """Return the value of ``text`` written in English notation (``,`` between thousands,
    ``.`` before decimals): "1,250" -> 1250, "1,250.5" -> 1250.5, "3.5" -> 3.5.
    Raises :class:`SoKhongHopLe` when ``text`` is not such a number."""
    s = text.strip()
    if not (_ANH_RE.fullmatch(s) or _MO_HO_RE.fullmatch(s)):
        raise SoKhongHopLe(text, "không phải số viết theo kiểu Anh")
    return Decimal(s.replace(",", "").replace("\u2212", "-"))


def figure_kind(text: str) -> tuple[str, Decimal | None]:
    """Return (kind, value) for a table cell typed as ``text``: kind is one of :data:`SO`,
    :data:`PHAN_TRAM`, :data:`DAY_SO`, :data:`MA_SO`, :data:`MO_HO`, :data:`KIEU_ANH`,
    :data:`GACH`, :data:`CHU`; value is the number for SO and PHAN_TRAM (the percentage
    itself, with the decimals written: "12,5%" -> 12.5, "89,0%" -> 89.0, "12%" -> 12),
    the Vietnamese reading for MO_HO ("1,250" -> 1.25), the English reading for KIEU_ANH,
    the digits for DAY_SO, else None. Never raises."""
    s = text.strip()
    if s in GACH_CHO_TRONG:
        return GACH, None
    if s.isascii() and s.isdigit():
        if len(s) > 1 and s.startswith("0"):
            return MA_SO, None
        return DAY_SO, Decimal(s)
    if _MO_HO_RE.fullmatch(s):
        return MO_HO, _decimal_tu_chuoi(s)
    if _ANH_RE.fullmatch(s):
        return KIEU_ANH, read_english(s)
    percent = _PHAN_TRAM_RE.fullmatch(s)
    if percent is not None:
        kind, value = figure_kind(percent["so"])
        if kind in (SO, DAY_SO, MO_HO) and value is not None:
            places = len(percent["so"].strip().partition(",")[2])
            return PHAN_TRAM, value.quantize(Decimal(1).scaleb(-places))
        return CHU, None
    try:
        return SO, _decimal_tu_chuoi(s)
    except SoKhongHopLe:
        return CHU, None
