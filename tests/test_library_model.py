"""The library (issue 17): ``vbhc.model`` exports the document classes; data built in code
and checked with ``vbhc.validate`` gets the same Vietnamese problems (field path, message)
as the same content in a YAML file."""

from __future__ import annotations

import copy
import importlib
from pathlib import Path

import pytest

import vbhc
import vbhc.model
from vbhc.errors import InputError
from vbhc.yaml_in import parse

PLAN = Path("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml")


def test_model_exports_the_document_classes():
    from vbhc.model import CongVan, KeHoach, VanBanChung
    from vbhc.model.chung import VanBanChung as Chung
    from vbhc.model.cong_van import CongVan as Cv
    from vbhc.model.ke_hoach import KeHoach as Kh

    assert (KeHoach, VanBanChung, CongVan) == (Kh, Chung, Cv)
    for name in ("KeHoach", "VanBanChung", "CongVan", "VanBan", "CoQuan", "SoKyHieu",
                 "NgayBanHanh", "NguoiKy", "NoiNhan", "Muc", "Bang", "PhuLuc", "NhiemVu",
                 "TrachNhiem", "CheDoBaoCao", "HanBaoCao", "model_class"):
        assert name in vbhc.model.__all__
    for name in vbhc.model.__all__:
        value = getattr(vbhc.model, name)
        module = importlib.import_module(f"vbhc.model.{vbhc.model._WHERE[name]}")
        assert getattr(module, name) is value
    assert set(vbhc.model.__all__) <= set(dir(vbhc.model))
    with pytest.raises(AttributeError):
        vbhc.model.KhongCo  # noqa: B018


def test_importing_a_model_module_does_not_load_every_class():
    """The exports are lazy: ``vbhc --help`` and the kinds table stay light."""
    import subprocess
    import sys

    code = ("import sys, vbhc.model.kinds; "
            "print('vbhc.model.ke_hoach' in sys.modules, 'pydantic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


def _set(data: dict, loc: tuple, value: object) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


BAD = [
    (("nguoi_ky", "ho_ten"), 5),
    (("so_ky_hieu", "so"), True),
    (("so_ky_hieu", "so"), 0),
    (("ngay_ban_hanh",), "31/2/2024"),
    (("che_do_bao_cao", "han", 0, "ngay"), "15/6/24"),
    (("nhiem_vu", 1, "thoi_gan"), "x"),
    (("noi_nhan", "danh_sach", 0), {"Lưu": "VT, NC"}),
    (("co_quan", "cap"), "phuong"),
    (("trich_yeu",), ""),
    (("muc_dich", 0), {"Gửi kèm": "(1) x"}),
    (("can_cu",), "một chuỗi"),
]


@pytest.mark.parametrize("loc, value", BAD)
def test_data_built_in_code_gets_the_yaml_problems(tmp_path, loc, value):
    import yaml

    base, _ = parse(PLAN.read_text("utf-8"), "t")
    data = copy.deepcopy(base)
    _set(data, loc, value)
    path = tmp_path / "kh.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(InputError) as from_yaml:
        vbhc.load(path)
    with pytest.raises(InputError) as from_code:
        vbhc.validate(data)
    yaml_problems = [(p.path, p.message) for p in from_yaml.value.problems]
    code_problems = [(p.path, p.message) for p in from_code.value.problems]
    assert code_problems == yaml_problems
    assert all(p.line for p in from_yaml.value.problems)
    assert all(p.line is None and p.file == "<dữ liệu>" for p in from_code.value.problems)


def test_a_model_changed_after_construction_is_checked_again():
    doc = vbhc.load(PLAN)
    assert vbhc.validate(doc) == doc
    doc.nguoi_ky.ho_ten = 5  # Pydantic does not check assignments
    with pytest.raises(InputError) as caught:
        vbhc.validate(doc)
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("nguoi_ky.ho_ten", "phải là chuỗi văn bản")]


def test_every_example_validates_again_unchanged():
    for path in sorted(Path("examples").glob("*.yaml")):
        doc = vbhc.load(path)
        assert vbhc.validate(doc) == doc, path
