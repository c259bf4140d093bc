"""The ND30 table of document kinds (data/loai-van-ban.yaml) and the models that render them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from importlib.resources import files

import yaml


@dataclass(frozen=True)
class Kind:
    """One row of the ND30 kinds table."""

    ten: str  # "Kế hoạch"
    ky_hieu: str | None  # "KH"; None for công văn
    slug: str | None  # "ke-hoach" when vbhc can render it

    @property
    def ten_in_hoa(self) -> str:
        """Return the kind name as printed in ô 5a: "KẾ HOẠCH"."""
        return self.ten.upper()


# slug -> "module:Class"; a new kind adds a row here and a template.
MODELS = {"ke-hoach": "vbhc.model.ke_hoach:KeHoach"}


@cache
def kinds() -> tuple[Kind, ...]:
    """Return every row of the table, in the decree's order."""
    rows = yaml.safe_load(files("vbhc.data").joinpath("loai-van-ban.yaml").read_text("utf-8"))
    return tuple(Kind(r["ten"], r.get("ky_hieu"), r.get("slug")) for r in rows)


def kind(slug: str) -> Kind:
    """Return the kind named by ``slug``; KeyError when vbhc cannot render it."""
    for row in kinds():
        if row.slug == slug:
            return row
    raise KeyError(slug)


def known_slugs() -> list[str]:
    """Return the slugs vbhc renders, sorted."""
    return sorted(MODELS)


def model_class(slug: str) -> type:
    """Return the Pydantic model class for ``slug``."""
    module, name = MODELS[slug].split(":")
    return getattr(import_module(module), name)
