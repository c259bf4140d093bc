"""The document models: Pydantic v2 classes whose field names are the YAML's (ND30 terms).

``from vbhc.model import KeHoach, CoQuan, NgayBanHanh`` builds a document in code. The
classes are imported on first use (``vbhc --help`` and the kinds table stay light).

Documents: ``KeHoach`` (kế hoạch), ``VanBanChung`` (báo cáo, thông báo and every kind whose
``mo_hinh`` is ``chung``), ``CongVan``, ``QuyetDinh`` (with ``Dieu``, ``Khoan``); their
base ``VanBan``. Shared parts: ``CoQuan``,
``SoKyHieu``, ``NgayBanHanh``, ``NguoiKy``, ``NoiNhan``; body parts: ``Muc``, ``Bang``,
``PhuLuc``, ``NhiemVu``, ``TrachNhiem``, ``CheDoBaoCao``, ``HanBaoCao``; field types
``PlainText``, ``RichText``, ``Paragraphs``, ``Ngay``; ``model_class(slug)`` for a kind.

Building a model directly (``KeHoach(**fields)``) raises Pydantic's ``ValidationError`` with
Pydantic's English wording. To get the Vietnamese problems a YAML file gets (field path and
message; ``InputError.problems``), pass the data to ``vbhc.validate(data)``, which also
applies organisation profiles and the footnote checks.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vbhc.model.bang import Bang
    from vbhc.model.chung import PhuLuc, VanBanChung
    from vbhc.model.classes import model_class
    from vbhc.model.common import CoQuan, NgayBanHanh, NguoiKy, NoiNhan, Part, SoKyHieu, VanBan
    from vbhc.model.cong_van import CongVan
    from vbhc.model.ke_hoach import CheDoBaoCao, HanBaoCao, KeHoach, NhiemVu, TrachNhiem
    from vbhc.model.muc import Muc
    from vbhc.model.ngay import Ngay
    from vbhc.model.quyet_dinh import Dieu, Khoan, QuyetDinh
    from vbhc.model.text import Paragraphs, PlainText, RichText

_WHERE = {
    "KeHoach": "ke_hoach", "NhiemVu": "ke_hoach", "TrachNhiem": "ke_hoach",
    "CheDoBaoCao": "ke_hoach", "HanBaoCao": "ke_hoach",
    "VanBanChung": "chung", "PhuLuc": "chung",
    "CongVan": "cong_van",
    "QuyetDinh": "quyet_dinh", "Dieu": "quyet_dinh", "Khoan": "quyet_dinh",
    "VanBan": "common", "Part": "common", "CoQuan": "common", "SoKyHieu": "common",
    "NgayBanHanh": "common", "NguoiKy": "common", "NoiNhan": "common",
    "Muc": "muc", "Bang": "bang", "Ngay": "ngay",
    "PlainText": "text", "RichText": "text", "Paragraphs": "text",
    "model_class": "classes",
}
"""Exported name -> the submodule of vbhc.model that defines it."""

__all__ = [
    "Bang",
    "CheDoBaoCao",
    "CoQuan",
    "CongVan",
    "Dieu",
    "HanBaoCao",
    "KeHoach",
    "Khoan",
    "Muc",
    "Ngay",
    "NgayBanHanh",
    "NguoiKy",
    "NhiemVu",
    "NoiNhan",
    "Paragraphs",
    "Part",
    "PhuLuc",
    "PlainText",
    "QuyetDinh",
    "RichText",
    "SoKyHieu",
    "TrachNhiem",
    "VanBan",
    "VanBanChung",
    "model_class",
]


def __getattr__(name: str) -> Any:
    """Return the exported class ``name``, importing its module on first use; AttributeError
    for any other name (PEP 562)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'vbhc.model' has no attribute {name!r}")
    value = getattr(import_module(f"vbhc.model.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Return the exported names with the module's own."""
    return sorted({*globals(), *__all__})
