"""Files and readers: atomic writes, inputs never touched, hostile packages refused with
exit 2 and one line — through check, import, template check and render --template."""

from __future__ import annotations

import hashlib
import os
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE, ROOT
from vbhc import cli
from vbhc.files import write_atomic

GOOD = ROOT / "templates" / "ke-hoach.docx"


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def digest(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def test_interrupted_write_leaves_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "kh.docx"
    target.write_bytes(b"ban cu")

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"ban moi", force=True)
    assert target.read_bytes() == b"ban cu"
    assert list(tmp_path.iterdir()) == [target]


def test_interrupted_first_write_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda _fd: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "kh.docx", b"x")
    assert list(tmp_path.iterdir()) == []


def test_commands_never_modify_their_inputs(tmp_path):
    plan = tmp_path / "kh.yaml"
    shutil.copy(PLAN_EXAMPLE, plan)
    before = digest(plan)
    assert run("render", str(plan)).exit_code == 0
    docx = tmp_path / "kh.docx"
    docx_before = digest(docx)
    run("check", str(docx), "--annotate", str(tmp_path / "gop-y.docx"))
    assert run("import", str(docx), "-o", str(tmp_path / "nhap.yaml")).exit_code == 0
    assert run("derive", str(plan), "--to", "huyện Cao Lộc", "-o", f"{tmp_path}/ra/"
               ).exit_code == 0
    assert digest(plan) == before and digest(docx) == docx_before


def zip_with(path: Path, parts: dict[str, bytes], base: Path = GOOD) -> Path:
    """Return ``path``: the good package with ``parts`` replaced, added or (b"") removed."""
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in parts:
                dst.writestr(info, src.read(info.filename))
        for name, data in parts.items():
            if data:
                dst.writestr(name, data)
    return path


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")


def bad_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    files["rong"] = tmp_path / "rong.docx"
    files["rong"].write_bytes(b"")
    files["van-ban"] = tmp_path / "van-ban.docx"
    files["van-ban"].write_text("không phải docx", encoding="utf-8")
    files["doc-cu"] = tmp_path / "cu.docx"
    files["doc-cu"].write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    files["zip-hong"] = tmp_path / "hong.docx"
    files["zip-hong"].write_bytes(GOOD.read_bytes()[:700])
    files["thieu-phan"] = zip_with(tmp_path / "thieu.docx", {"word/document.xml": b""})
    files["xxe"] = zip_with(tmp_path / "xxe.docx", {"word/document.xml": XXE})
    with zipfile.ZipFile(tmp_path / "nhieu.docx", "w") as zf:
        for i in range(2100):
            zf.writestr(f"x/{i}.xml", b"<a/>")
    files["qua-nhieu-phan"] = tmp_path / "nhieu.docx"
    bomb = tmp_path / "bom.docx"
    zip_with(bomb, {})
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/bom.xml", "w") as h:
        chunk = b"\0" * (1 << 20)
        for _ in range(300):
            h.write(chunk)
    files["bom-zip"] = bomb
    dup = zip_with(tmp_path / "trung.docx", {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(dup, "a") as zf:
            zf.writestr("word/document.xml", XXE)
    files["trung-ten"] = dup
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    return bad_files(tmp_path_factory.mktemp("hong"))


COMMANDS = {
    "check": lambda f, out: ["check", str(f)],
    "import": lambda f, out: ["import", str(f), "-o", str(out / "x.yaml")],
    "template check": lambda f, out: ["template", "check", str(f)],
    "render --template": lambda f, out: ["render", str(PLAN_EXAMPLE), "-o", str(out / "x.docx"),
                                         "--template", str(f)],
}
KINDS = ["rong", "van-ban", "doc-cu", "zip-hong", "thieu-phan", "xxe", "qua-nhieu-phan",
         "bom-zip", "trung-ten"]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", KINDS)
def test_hostile_package_refused_with_one_line(hostile, tmp_path, command, kind):
    result = run(*COMMANDS[command](hostile[kind], tmp_path))
    assert result.exit_code == 2, (kind, result.output)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi:"), result.output
    assert "Traceback" not in result.output and "root:" not in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("x.")]
