"""What a command says about its inputs: one Vietnamese wording for a missing file in every
command, and nothing to do is said, not silent (review of issue 13)."""

from __future__ import annotations

import subprocess
import sys

import pytest


def vbhc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("args", [
    ["render", "{d}/khong-co.yaml", "-o", "{d}/ra/"],
    ["check", "{d}/khong-co.docx"],
    ["import", "{d}/khong-co.docx", "-o", "{d}/ra.yaml"],
    ["derive", "{d}/khong-co.yaml", "--to", "huyện Cao Lộc"],
])
def test_a_missing_file_is_said_the_same_way_everywhere(tmp_path, args):
    run = vbhc(*[a.format(d=tmp_path) for a in args])
    assert run.returncode == 2
    assert "không có tệp này" in run.stderr and "No such file" not in run.stderr, run.stderr
    assert "Traceback" not in run.stderr


def test_an_empty_folder_is_said(tmp_path):
    (tmp_path / "vao").mkdir()
    run = vbhc("render", str(tmp_path / "vao"), "-o", f"{tmp_path}/ra/")
    assert run.returncode == 2
    assert run.stderr.strip() == f"Lỗi: {tmp_path / 'vao'}: thư mục không có tệp .yaml nào để dựng"


def test_a_pattern_matching_nothing_is_said(tmp_path):
    run = vbhc("render", f"{tmp_path}/*.yaml", "-o", f"{tmp_path}/ra/")
    assert run.returncode == 2
    assert run.stderr.strip() == f"Lỗi: {tmp_path}/*.yaml: không có tệp nào khớp mẫu này"
