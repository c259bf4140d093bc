"""Batch rendering and PDF output: partial failure, one LibreOffice process for a batch,
a clear message when LibreOffice is missing (the .docx files still written)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import EXAMPLES, PLAN_EXAMPLE, soffice
from vbhc import cli
from vbhc.batch import expand_inputs
from vbhc.pdf import SOFFICE_ENV

FAKE_SOFFICE = """#!{python}
import pathlib, sys
args = sys.argv[1:]
with open({log!r}, "a", encoding="utf-8") as log:
    log.write(repr(args) + "\\n")
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in [a for a in args if a.endswith(".docx")]:
    (out / (pathlib.Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
"""


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env)


def copies(tmp_path: Path, n: int) -> list[Path]:
    out = []
    for i in range(n):
        path = tmp_path / "vao" / f"kh-{i}.yaml"
        path.parent.mkdir(exist_ok=True)
        shutil.copy(PLAN_EXAMPLE, path)
        out.append(path)
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_bad_input_does_not_stop_the_others(tmp_path, jobs):
    good = copies(tmp_path, 2)
    bad = tmp_path / "vao" / "hong.yaml"
    bad.write_text("loai: ke-hoach\ntrich_yeu: [\n", encoding="utf-8")
    result = run("render", *map(str, [good[0], bad, good[1]]), "-o", f"{tmp_path}/ra/",
                 "-j", jobs)
    assert result.exit_code == 1
    written = sorted(p.name for p in (tmp_path / "ra").iterdir())
    assert written == ["kh-0.docx", "kh-1.docx"]
    assert "Đã dựng 2/3 văn bản; không dựng được: " in result.output
    assert "hong.yaml" in result.output.splitlines()[-1]
    assert not list((tmp_path / "ra").glob(".*"))  # no temp files left behind


def test_folder_and_glob_inputs(tmp_path):
    copies(tmp_path, 3)
    assert [p.name for p in expand_inputs([str(tmp_path / "vao")])] == [
        "kh-0.yaml", "kh-1.yaml", "kh-2.yaml"]
    assert [p.name for p in expand_inputs([str(tmp_path / "vao" / "kh-[12].yaml")])] == [
        "kh-1.yaml", "kh-2.yaml"]
    result = run("render", str(tmp_path / "vao"), "-o", f"{tmp_path}/ra/")
    assert result.exit_code == 0 and "Đã dựng 3/3 văn bản." in result.output


def test_two_inputs_never_overwrite_each_other(tmp_path):
    first, second = tmp_path / "a" / "kh.yaml", tmp_path / "b" / "kh.yaml"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copy(PLAN_EXAMPLE, path)
    result = run("render", str(first), str(second), "-o", f"{tmp_path}/ra/")
    assert result.exit_code == 1
    assert "cùng ghi ra" in result.output
    assert not (tmp_path / "ra" / "kh.docx").exists()


def test_missing_libreoffice_is_explained_and_docx_kept(tmp_path):
    result = run("render", str(PLAN_EXAMPLE), "-o", str(tmp_path / "kh.docx"), "--pdf",
                 env={SOFFICE_ENV: str(tmp_path / "khong-co-soffice")})
    assert result.exit_code == 1
    assert "chưa cài LibreOffice" in result.output and "Traceback" not in result.output
    assert (tmp_path / "kh.docx").exists() and not (tmp_path / "kh.pdf").exists()


def test_one_libreoffice_process_serves_a_batch(tmp_path):
    log = tmp_path / "soffice.log"
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log)), encoding="utf-8")
    fake.chmod(0o755)
    sources = copies(tmp_path, 3)
    result = run("render", *map(str, sources), "-o", f"{tmp_path}/ra/", "--pdf",
                 env={SOFFICE_ENV: str(fake)})
    assert result.exit_code == 0, result.output
    calls = log.read_text("utf-8").splitlines()
    assert len(calls) == 1, "một tiến trình LibreOffice cho cả lô"
    assert calls[0].count(".docx") == 3
    assert "-env:UserInstallation=file://" in calls[0], "hồ sơ LibreOffice riêng"
    assert sorted(p.name for p in (tmp_path / "ra").glob("*.pdf")) == [
        "kh-0.pdf", "kh-1.pdf", "kh-2.pdf"]


@pytest.mark.slow
def test_real_pdf_names_its_font(tmp_path):
    soffice()
    target = tmp_path / "kh.docx"
    result = run("render", str(EXAMPLES / PLAN_EXAMPLE.name), "-o", str(target), "--pdf")
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(target.with_suffix(".pdf"))], capture_output=True,
                          text=True, check=True).stdout
    font = "Times New Roman" if "Times New Roman" in result.output else "Liberation Serif"
    assert f"Phông chữ in: {font}" in info
    assert f"PDF in bằng phông {font}." in result.output


def test_derive_all_to_pdf_uses_one_libreoffice_process(tmp_path):
    log = tmp_path / "soffice.log"
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log)), encoding="utf-8")
    fake.chmod(0o755)
    result = run("derive", str(PLAN_EXAMPLE), "--all", "-o", f"{tmp_path}/ra/", "--pdf",
                 env={SOFFICE_ENV: str(fake)})
    assert result.exit_code == 0, result.output
    calls = log.read_text("utf-8").splitlines()
    assert len(calls) == 1 and calls[0].count(".docx") == 11
    assert len(list((tmp_path / "ra").glob("*.pdf"))) == 11
