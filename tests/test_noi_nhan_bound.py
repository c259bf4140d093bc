"""A Nơi nhận of more than MAX_NOI_NHAN recipients is refused before rendering, naming the
field and line (bounded time: an issue-18 trial gave `vbhc sao` 100,000 recipients and
`vbhc render` 300,000, which ran for minutes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from vbhc.model.common import MAX_NOI_NHAN

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"


def with_recipients(tmp_path: Path, count: int) -> Path:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["noi_nhan"]["danh_sach"] = [f"Nơi nhận {i}" for i in range(count)]
    shutil.copytree(ROOT / "examples" / "ho-so", tmp_path / "ho-so")  # its agency profile
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def render(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vbhc", "render", str(path), "-o",
                           str(path.with_suffix(".docx"))], capture_output=True, text=True,
                          check=False, timeout=300)


def test_too_many_recipients_are_refused_naming_the_field(tmp_path: Path) -> None:
    path = with_recipients(tmp_path, MAX_NOI_NHAN + 1)
    done = render(path)
    assert done.returncode == 1
    assert f"noi_nhan.danh_sach: nhiều nhất {MAX_NOI_NHAN} phần tử" in done.stderr
    assert not path.with_suffix(".docx").exists()


def test_a_long_but_real_list_renders(tmp_path: Path) -> None:
    assert render(with_recipients(tmp_path, 150)).returncode == 0
