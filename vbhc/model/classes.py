"""Which Pydantic class renders a kind: the kinds table's ``mo_hinh`` -> model class.

Kept apart from vbhc.model.kinds (the table itself), which the models import: the classes
import the table, this module imports the classes.
"""

from __future__ import annotations

from importlib import import_module

from vbhc.model.kinds import kind

# mo_hinh (from the kinds table) -> "module:Class". A new kind of the shape "chung"
# needs only its row in data/loai-van-ban.yaml and a template.
MODELS = {
    "ke-hoach": "vbhc.model.ke_hoach:KeHoach",
    "chung": "vbhc.model.chung:VanBanChung",
    "cong-van": "vbhc.model.cong_van:CongVan",
    "quyet-dinh": "vbhc.model.quyet_dinh:QuyetDinh",
    "giay-moi": "vbhc.model.giay_moi:GiayMoi",
    "cong-dien": "vbhc.model.cong_dien:CongDien",
    "bien-ban": "vbhc.model.bien_ban:BienBan",
    "giay-gioi-thieu": "vbhc.model.giay_gioi_thieu:GiayGioiThieu",
    "giay-nghi-phep": "vbhc.model.giay_nghi_phep:GiayNghiPhep",
}


def model_class(slug: str) -> type:
    """Return the Pydantic model class for ``slug`` (KeHoach, VanBanChung, CongVan); raises
    KeyError for a slug the kinds table does not know."""
    module, name = MODELS[kind(slug).mo_hinh].split(":")
    return getattr(import_module(module), name)
