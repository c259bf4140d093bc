"""The package as installed: the PEP 561 marker, the data a wheel must carry."""

from __future__ import annotations

import zipfile
from importlib.resources import files

import pytest

from tests.conftest import ROOT


def test_installed_package_has_py_typed():
    marker = files("vbhc").joinpath("py.typed")
    assert marker.is_file()


def test_built_wheel_ships_py_typed_templates_and_data(tmp_path):
    builders = pytest.importorskip("hatchling.builders.wheel")
    (wheel,) = builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path),
                                                      versions=["standard"])
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "vbhc/py.typed" in names
    assert {"vbhc/templates/ke-hoach.docx", "vbhc/templates/mau-thu/chung.yaml",
            "vbhc/schemas/ke-hoach.schema.json",
            "vbhc/data/loai-van-ban.yaml", "vbhc/commands/_report.py"} <= names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "vbhc = vbhc.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()
