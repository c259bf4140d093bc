"""A cold ``vbhc render`` imports and builds only what it needs, and what it no longer imports
up front gives the same answers (issue 21; the speed itself is measured in ``make bench``,
row group ``cold``, never here)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.resources import files as resource_files
from pathlib import Path

import pytest

from tests.test_speed_cold_render import _RENDER, SMALL
from vbhc import data

ROOT = Path(__file__).resolve().parents[1]


def _cold_render_modules(tmp_path: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", _RENDER, str(SMALL), str(tmp_path / "x.docx")],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return set(done.stdout.split())


def test_a_cold_render_does_not_import_importlib_resources(tmp_path):
    loaded = _cold_render_modules(tmp_path)
    assert "vbhc.data" in loaded
    assert not {m for m in loaded if m.startswith("importlib.resources")}
    assert "importlib.readers" not in loaded


@pytest.mark.parametrize("package", ["vbhc", "vbhc.data", "vbhc.renderer", "vbhc.checker.rules"])
def test_files_is_importlib_resources_files_for_vbhc_packages(package):
    ours, theirs = data.files(package), resource_files(package)
    assert type(ours) is type(theirs)
    assert ours == theirs
    assert ours.joinpath("__init__.py").read_bytes() == theirs.joinpath("__init__.py").read_bytes()


def test_files_of_a_module_or_a_missing_package_fails_as_importlib_resources_does():
    for name in ("vbhc.errors", "vbhc.no_such_package"):
        with pytest.raises(Exception) as ours:
            data.files(name)
        with pytest.raises(Exception) as theirs:
            resource_files(name)
        assert type(ours.value) is type(theirs.value)
        assert str(ours.value) == str(theirs.value)


def test_files_of_a_zipped_package_is_importlib_resources_own(tmp_path, monkeypatch):
    archive = tmp_path / "zipped.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("zpkg_s30/__init__.py", "")
        out.writestr("zpkg_s30/bang.yaml", "a: 1\n")
    monkeypatch.syspath_prepend(str(archive))
    try:
        found = data.files("zpkg_s30")
        assert not isinstance(found, Path)
        assert found.joinpath("bang.yaml").read_text("utf-8") == "a: 1\n"
    finally:
        sys.modules.pop("zpkg_s30", None)
