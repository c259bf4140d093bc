"""An agency profile (or image) that a document names is an input: no output of `vbhc render`,
`vbhc render --phu-luc-rieng` or `vbhc sao` may replace it, even with --force (found by the
issue-18 trial: `vbhc render bc.yaml -o ho-so/ubnd-huyen-cao-loc.yaml --force` wrote the
.docx over the profile)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "examples" / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
PROFILE = "ho-so/ubnd-huyen-cao-loc.yaml"


def vbhc(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=300)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(REPORT, tmp_path / "bc.yaml")
    shutil.copytree(ROOT / "examples" / "ho-so", tmp_path / "ho-so")
    return tmp_path


@pytest.mark.parametrize("extra", [[], ["--phu-luc-rieng"]], ids=["render", "phu-luc-rieng"])
def test_render_never_writes_over_the_profile_it_read(folder: Path, extra: list[str]) -> None:
    before = (folder / PROFILE).read_bytes()
    done = vbhc("render", "bc.yaml", "-o", PROFILE, "--force", *extra, cwd=folder)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert (folder / PROFILE).read_bytes() == before
    assert "ubnd-huyen-cao-loc.yaml" in done.stderr


def test_sao_never_writes_over_the_profile_it_read(folder: Path) -> None:
    assert vbhc("render", "bc.yaml", "-o", "bc.docx", cwd=folder).returncode == 0
    data = folder / "sao.yaml"
    source = (ROOT / "examples" / "sao" / "sao-y-ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    text = source.read_text(encoding="utf-8")
    start = text.index("co_quan:")
    end = text.index("so_ky_hieu:")
    data.write_text(text[:start] + f"co_quan: {PROFILE}\n" + text[end:], encoding="utf-8")
    before = (folder / PROFILE).read_bytes()
    done = vbhc("sao", "bc.docx", "sao.yaml", "-o", PROFILE, "--force", cwd=folder)
    assert done.returncode != 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (folder / PROFILE).read_bytes() == before
