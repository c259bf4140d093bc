"""Administrative units by era, read from data/don-vi/: who sits one level below a province.

Each province is one YAML file under ``data/don-vi/tinh/``; an era (``thoi_ky``) lists the
units directly below the province from its ``tu_ngay`` on: districts before 1 July 2025,
communes after. Units are found by name with or without the kind word and diacritics.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import yaml

from vbhc.derivation.names import fold, slug, upper_first
from vbhc.errors import InputError, Problem


@dataclass(frozen=True)
class Unit:
    """One unit directly below a province (a district before 2025, a commune after)."""

    ma: str
    loai: str  # huyện, thành phố, thị xã, quận, xã, phường, đặc khu
    ten: str  # "Cao Lộc", without the kind word
    cap: str  # huyen | xa
    cap_xa: tuple[str, ...] = ()  # its commune-level units, "xã Hợp Thành"
    ten_rieng: bool = False  # named after a person/number/event: kind word capitalised too

    @property
    def ten_day_du(self) -> str:
        """Return the name as written in running text: "huyện Cao Lộc", "Phường Lương Văn Tri"."""
        kind = upper_first(self.loai) if self.ten_rieng else self.loai
        return f"{kind} {self.ten}"

    @property
    def dia_danh(self) -> str:
        """Return the place name of the date line (ND30 Phụ lục I, II.4)."""
        return self.ten_day_du if self.ten_rieng else self.ten

    @property
    def slug(self) -> str:
        """Return the file-name slug: "cao-loc"."""
        return slug(self.ten)

    def sub_kinds(self, order: list[str]) -> list[str]:
        """Return the kinds of this unit's communes in ``order``: ["xã", "thị trấn"]."""
        known = sorted(kinds(), key=len, reverse=True)
        present = {next((k for k in known if name.startswith(k + " ")), name.split(" ")[0])
                   for name in self.cap_xa}
        return [k for k in order if k in present] + sorted(present - set(order))


@dataclass(frozen=True)
class Era:
    """The units below a province from ``tu_ngay`` until the next era."""

    tu_ngay: _dt.date
    cap: str
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class Province:
    """A province and its eras, oldest first."""

    ma: str
    loai: str
    ten: str
    eras: tuple[Era, ...] = field(default=())

    @property
    def ten_day_du(self) -> str:
        """Return "tỉnh Lạng Sơn"."""
        return f"{self.loai} {self.ten}"

    def era(self, as_of: _dt.date) -> Era:
        """Return the era in force on ``as_of`` (the first era for earlier dates)."""
        chosen = self.eras[0]
        for era in self.eras:
            if era.tu_ngay <= as_of:
                chosen = era
        return chosen


@cache
def kinds() -> dict[str, dict]:
    """Return unit kind -> {cap, viet_tat} from data/don-vi/loai-don-vi.yaml."""
    text = files("vbhc.data").joinpath("don-vi", "loai-don-vi.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _province(data: dict) -> Province:
    eras = []
    for era in data["thoi_ky"]:
        units = tuple(
            Unit(str(u["ma"]), u["loai"], u["ten"], era["cap"], tuple(u.get("cap_xa", ())),
                 bool(u.get("ten_rieng", False)))
            for u in era["don_vi"]
        )
        eras.append(Era(era["tu_ngay"], era["cap"], units))
    eras.sort(key=lambda e: e.tu_ngay)
    info = data["tinh"]
    return Province(str(info["ma"]), info["loai"], info["ten"], tuple(eras))


@cache
def provinces() -> tuple[Province, ...]:
    """Return every province with packaged unit data, by file name."""
    folder = files("vbhc.data").joinpath("don-vi", "tinh")
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".yaml")),
                     key=lambda e: e.name)
    return tuple(_province(yaml.safe_load(e.read_text("utf-8"))) for e in entries)


def province_of(issuer: str, place: str) -> Province:
    """Return the province whose People's Committee is ``issuer`` (or whose name is ``place``)."""
    issuer_f, place_f = fold(issuer), fold(place)
    for prov in provinces():
        if fold(prov.ten_day_du) in issuer_f or fold(prov.ten) == place_f:
            return prov
    known = ", ".join(p.ten_day_du for p in provinces())
    raise InputError([Problem("co_quan", f"chưa có danh mục đơn vị hành chính cho cơ quan "
                              f"'{issuer}'; hiện có: {known}. Thêm một tệp vào "
                              "vbhc/data/don-vi/tinh/ để dẫn xuất cho tỉnh khác")])


def _split_kind(query: str) -> tuple[str | None, str]:
    """Return (kind, name) from a folded query: "huyen cao loc" -> ("huyện", "cao loc")."""
    words = []
    for kind, info in kinds().items():
        words.append((fold(kind), kind))
        words.extend((fold(abbr), kind) for abbr in info.get("viet_tat", ()))
    for word, kind in sorted(words, key=lambda w: -len(w[0])):
        if query.startswith(word + " "):
            return kind, query[len(word) + 1:].strip()
    return None, query


def find_unit(province: Province, name: str, as_of: _dt.date) -> Unit:
    """Return the unit called ``name`` in the era of ``as_of``; InputError with suggestions."""
    era = province.era(as_of)
    kind, rest = _split_kind(fold(name))
    found = [u for u in era.units if fold(u.ten) == rest and (kind is None or u.loai == kind)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        names = ", ".join(u.ten_day_du for u in found)
        raise InputError([Problem("", f"'{name}' trùng tên nhiều đơn vị: {names}; ghi rõ loại "
                                  f"đơn vị, ví dụ: '{found[0].ten_day_du}'")])
    raise InputError([Problem("", _not_found(province, era, name, kind, rest))])


def _not_found(province: Province, era: Era, name: str, kind: str | None, rest: str) -> str:
    """Return the Vietnamese message for an unknown unit, with the closest names."""
    pool = [u for u in era.units if kind is None or u.loai == kind] or list(era.units)
    names: dict[str, list[str]] = {}
    for u in pool:
        names.setdefault(fold(u.ten), []).append(u.ten_day_du)
    close = difflib.get_close_matches(rest, list(names), n=3, cutoff=0.6)
    suggestions = [full for c in close for full in names[c]]
    message = (f"không tìm thấy đơn vị hành chính '{name}' thuộc {province.ten_day_du} "
               f"(danh mục từ ngày {era.tu_ngay:%d/%m/%Y})")
    other = [e for e in province.eras if e is not era
             and any(fold(u.ten) == rest and (kind is None or u.loai == kind) for u in e.units)]
    parents = [(sub, u) for u in era.units for sub in u.cap_xa
               if fold(_split_kind(fold(sub))[1]) == rest]
    if parents:
        sub, parent = parents[0]
        message += (f"; {sub} thuộc {parent.ten_day_du}: kế hoạch của tỉnh trong thời kỳ này "
                    f"dẫn xuất cho đơn vị cấp huyện ({parent.ten_day_du})")
    if other:
        message += (f"; '{name}' có trong danh mục từ ngày {other[0].tu_ngay:%d/%m/%Y}: đổi "
                    "ngày của kế hoạch hoặc dùng --as-of")
    if suggestions:
        message += "; có phải: " + ", ".join(suggestions) + "?"
    return message
