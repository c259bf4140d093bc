"""The ND30 table of document kinds (data/loai-van-ban.yaml) and the models that render them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from vbhc.data import data_yaml, files


@dataclass(frozen=True)
class Kind:
    """One row of the ND30 kinds table."""

    ten: str  # "Kế hoạch"
    ky_hieu: str | None  # "KH"; None for công văn
    slug: str | None  # "ke-hoach" when vbhc can render it
    mo_hinh: str | None = None  # which model renders it (see vbhc.model.classes.MODELS)
    ngay_thang: bool = True  # ô 4 (place and date) printed in the header; not in minutes
    trich_yeu: bool = True  # an abstract under the kind name; not in Giấy giới thiệu
    ve_viec: bool = False  # the abstract opens with "Về việc" (Quyết định, Mẫu 1.2)
    hai_ben: bool = False  # signed by two parties side by side (hợp đồng, bản ghi nhớ ...)

    @property
    def ten_in_hoa(self) -> str:
        """Return the kind name as printed in ô 5a: "KẾ HOẠCH"."""
        return self.ten.upper()

    @property
    def co_ten_loai(self) -> bool:
        """Return whether ô 5a prints the kind name (every kind but công văn, Mẫu 1.5): its
        trích yếu then sits under the name, without "V/v". Thư công has no code either
        (Phụ lục III) yet prints its name (Mẫu 1.4 layout), so the code does not tell."""
        return self.mo_hinh != "cong-van"


@dataclass(frozen=True)
class CopyForm:
    """One form of copy (ND30 Điều 25, Phụ lục III mục I): bản sao y, sao lục, trích sao."""

    ten: str  # "Bản sao y"
    ky_hieu: str  # "SY": the symbol of the copy's number (Số: 05/SY-UBND)
    tieu_de: str  # "SAO Y": the capital line that opens the copy block


MO_HINH = ("ke-hoach", "chung", "cong-van", "quyet-dinh", "giay-moi", "cong-dien", "bien-ban",
           "giay-gioi-thieu", "giay-nghi-phep")
"""The content models a kind can use (vbhc.model.classes.MODELS maps each to its class)."""


@cache
def _table() -> dict:
    """Return data/loai-van-ban.yaml: {"loai": [rows], "ban_sao": [rows]}."""
    return data_yaml(files("vbhc.data").joinpath("loai-van-ban.yaml").read_text("utf-8"))


@cache
def kinds() -> tuple[Kind, ...]:
    """Return every row of the table (the 29 kinds of ND30 Điều 7), in the decree's order."""
    rows = _table()["loai"]
    out = tuple(Kind(r["ten"], r.get("ky_hieu"), r.get("slug"), r.get("mo_hinh"),
                     r.get("ngay_thang", True), r.get("trich_yeu", True),
                     r.get("ve_viec", False), r.get("hai_ben", False)) for r in rows)
    for row in out:
        if row.slug and row.mo_hinh not in MO_HINH:
            raise ValueError(f"loai-van-ban.yaml: '{row.slug}' có mo_hinh lạ: {row.mo_hinh}")
    return out


def kind(slug: str) -> Kind:
    """Return the kind named by ``slug``; KeyError when vbhc cannot render it."""
    for row in kinds():
        if row.slug == slug:
            return row
    raise KeyError(slug)


def known_slugs() -> list[str]:
    """Return the slugs vbhc renders, sorted."""
    return sorted(row.slug for row in kinds() if row.slug)


def slugs_for_model(mo_hinh: str) -> list[str]:
    """Return the slugs rendered by the model named ``mo_hinh``."""
    return sorted(row.slug for row in kinds() if row.slug and row.mo_hinh == mo_hinh)


@cache
def copy_forms() -> tuple[CopyForm, ...]:
    """Return the three forms of copy (SY, SL, TrS), in the decree's order."""
    return tuple(CopyForm(r["ten"], r["ky_hieu"], r["tieu_de"]) for r in _table()["ban_sao"])


def uses_model(slug: str, mo_hinh: str) -> str:
    """Return ``slug`` when its kind is rendered by the model ``mo_hinh`` (a validator's
    check on ``loai``); ValueError naming the kinds that model renders otherwise."""
    allowed = slugs_for_model(mo_hinh)
    if slug not in allowed:
        raise ValueError(f"loại '{slug}' không dùng mô hình này; dùng: {', '.join(allowed)}")
    return slug
