"""Issue 21's speed work on cold start, loading and `derive --all` gives the same results:
what a cold `vbhc render` imports, the legacy-encoding detector's fast path, `derive --all
-j 2` against -j 1 (the speed itself is measured in `make bench`, never here)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import PLAN_EXAMPLE
from vbhc import cli
from vbhc.lang import legacy

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"

_PROBE = """
import runpy, sys
sys.argv = ["vbhc", "render", sys.argv[1], "-o", sys.argv[2]]
try:
    runpy.run_module("vbhc", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print(" ".join(sorted(sys.modules)))
"""


def test_cold_render_imports_only_what_it_uses(tmp_path):
    """A cold `vbhc render` of one thông báo (model VanBanChung) writes its file without
    importing the other kinds' models, num2words, the importer, derivation, PDF or
    register code, nor xml.sax.saxutils (which pulls in urllib.request, http and ssl)."""
    done = subprocess.run([sys.executable, "-c", _PROBE, str(SMALL), str(tmp_path / "x.docx")],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    loaded = set(done.stdout.split())
    assert (tmp_path / "x.docx").is_file()
    assert "vbhc.model.chung" in loaded
    for name in ("vbhc.model.quyet_dinh", "vbhc.model.giay_moi", "vbhc.model.bien_ban",
                 "vbhc.model.cong_dien", "vbhc.model.ke_hoach", "num2words",
                 "vbhc.lang.num2words_vi", "vbhc.importer", "vbhc.derivation", "vbhc.pdf",
                 "vbhc.register", "xml.sax.saxutils", "urllib.request", "http.client"):
        assert name not in loaded, name


def _legacy_without_fast_path(text: str) -> str | None:
    """legacy_encoding as it was before its one-scan answer (the reference)."""
    if legacy._TCVN3_BOTH.search(text) or len(legacy._TCVN3_SIDE.findall(text)) >= 2:
        return "TCVN3 (ABC)"
    strong = weak = 0
    mixed = False
    for m in legacy._VNI.finditer(text):
        if m.group(1) in legacy._VNI_WEAK:
            weak += 1
        else:
            strong += 1
        mixed = mixed or bool(legacy._MIXED_CASE.match(text, m.start()))
    strong += len(legacy._VNI_D.findall(text))
    if strong or weak >= 3:
        return "TCVN3 (ABC)" if mixed else "VNI"
    return None


_ALPHABET = list("aeiouyAEIOUYgqdnhtcĐđộễốừ .,-5") + list(
    "µ¶·¸¹º»¼½¾¿®¬«©ª¨×÷¦§¤¥£¢¡ÞßÜØùøûõäåöÙÛÕÄÅÖëïüËÏñÑôÔ")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET + ["Vieät", "hoµ", "x·", "Noël", "Muñoz", "gió"]),
                max_size=40).map("".join))
def test_legacy_fast_path_gives_the_same_answer(text):
    assert legacy.legacy_encoding(text) == _legacy_without_fast_path(text)


def test_derive_all_in_two_workers_writes_what_one_process_writes(tmp_path, monkeypatch):
    """`derive --all -j 2` (11 districts, YAML and .docx): the same files, byte for byte,
    and the same messages in the same order as -j 1."""
    monkeypatch.setitem(cli.LAZY_COMMANDS, "derive", "vbhc.commands.derive:derive")
    outputs = {}
    for jobs in ("1", "2"):
        folder = tmp_path / f"j{jobs}"
        result = CliRunner().invoke(cli.main, ["derive", str(PLAN_EXAMPLE), "--all", "-o",
                                               f"{folder}/", "--docx", "-j", jobs])
        assert result.exit_code == 0, result.output
        files = {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
        outputs[jobs] = (files, result.stdout.replace(str(folder), "OUT"),
                         "\n".join(line for line in result.stderr.splitlines()
                                   if "Dẫn xuất" not in line).replace(str(folder), "OUT"))
    assert len(outputs["1"][0]) == 22
    assert outputs["1"] == outputs["2"]
