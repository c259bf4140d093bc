"""`vbhc derive` shows the plan's own loader warnings, as `vbhc render` does (review of
issue 13: an old field name `doan` warned on render and was silent on derive)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def test_derive_reports_the_old_field_name(tmp_path):
    plan = tmp_path / "ke-hoach-lang-son.yaml"
    plan.write_text(PLAN.read_text("utf-8") + "muc_khac:\n  - tieu_de: Kinh phí\n    doan:\n"
                    "      - Kinh phí do ngân sách bảo đảm.\n", "utf-8")
    run = subprocess.run([sys.executable, "-m", "vbhc", "derive", str(plan), "--to",
                          "huyện Cao Lộc", "-o", f"{tmp_path}/ra/"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert any(line.startswith("Cảnh báo: ") and "muc_khac[0].doan: tên trường cũ, hãy đổi "
               "thành noi_dung" in line for line in run.stderr.splitlines()), run.stderr
