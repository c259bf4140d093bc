"""Shared fixtures: the rendered Lạng Sơn example and paths to the shared folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import vbhc
from tests.docx_helpers import Docx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "ke-hoach-dan-chu-co-so-lang-son-2024.txt"
PLAN_EXAMPLE = EXAMPLES / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def soffice() -> str | None:
    """Return the LibreOffice binary, or skip (fail on CI, where it must be installed)."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("LibreOffice (soffice) phải được cài trên CI: xem .ci/run")
    pytest.skip("chưa cài LibreOffice (soffice); .ci/run cài nó")


@pytest.fixture(scope="session")
def plan_model():
    return vbhc.load(PLAN_EXAMPLE)


@pytest.fixture(scope="session")
def plan_bytes() -> bytes:
    """The .docx bytes of the Lạng Sơn plan example, rendered once (bytes: shared safely)."""
    return vbhc.render_bytes(vbhc.load(PLAN_EXAMPLE))


@pytest.fixture(scope="session")
def plan_docx_path(plan_model, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("render") / "ke-hoach.docx"
    vbhc.render(plan_model, out)
    return out


@pytest.fixture(scope="session")
def plan_docx(plan_docx_path) -> Docx:
    return Docx.open(plan_docx_path)


@pytest.fixture(scope="session")
def derived_plans(tmp_path_factory) -> list[Path]:
    """The plans ``vbhc derive --all`` makes from the example plan (every commune)."""
    from click.testing import CliRunner

    from vbhc import cli

    folder = tmp_path_factory.mktemp("derived")
    result = CliRunner().invoke(cli.main, ["derive", str(PLAN_EXAMPLE), "--all", "-o",
                                           f"{folder}/"])
    assert result.exit_code == 0, result.output
    return sorted(folder.glob("*.yaml"))


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"không có tệp gốc {SEED} (thư mục ../shared vắng mặt)")
    return SEED.read_text("utf-8")
