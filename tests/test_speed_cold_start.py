"""What the ``vbhc`` command does once at start to spare a cold ``vbhc render`` work, and that
it changes no answer (issue 21; the speed itself is measured in ``make bench``, row group
``cold``, never here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from vbhc.commands import _startup

ROOT = Path(__file__).resolve().parents[1]

_ALL = "".join(map(chr, range(0x110000)))  # every code point, surrogates included

_RUN = """
import sys
from vbhc.commands import _startup
if sys.argv[1] == "plain":
    _startup.seed_yaml_unprintable = lambda: None
sys.argv = ["vbhc", *sys.argv[2:]]
from vbhc.cli import run
try:
    run()
finally:
    import yaml.reader
    print("PATTERN", ascii(yaml.reader.Reader.NON_PRINTABLE.pattern))
"""


def _vbhc(mode: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _RUN, mode, *args], capture_output=True,
                          text=True, cwd=ROOT, check=False)


def test_the_listed_yaml_class_matches_the_same_characters():
    long, listed = re.compile(_startup.YAML_UNPRINTABLE), re.compile(
        _startup.YAML_UNPRINTABLE_LISTED)
    assert long.findall(_ALL) == listed.findall(_ALL)
    assert len(listed.findall(_ALL)) == 2111
    for text in ("", "a\x00b", "ok\tline\r\n", "\ud800x", "\ufffe\uffff\U0010ffff",
                 "Tiếng Việt \x85\x84\x86", "\x7f\x9f\xa0"):
        assert long.search(text) == listed.search(text) or (
            long.search(text).span() == listed.search(text).span())
        assert long.sub("?", text) == listed.sub("?", text)


def test_pyyaml_compiles_the_class_the_seed_is_keyed_by():
    done = subprocess.run([sys.executable, "-c", "import yaml.reader as r; "
                           "print(ascii(r.Reader.NON_PRINTABLE.pattern))"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ascii(_startup.YAML_UNPRINTABLE)


def test_a_cold_render_takes_the_listed_class_with_the_same_result(tmp_path):
    small = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
    seeded = _vbhc("seeded", "render", str(small), "-o", str(tmp_path / "a.docx"))
    plain = _vbhc("plain", "render", str(small), "-o", str(tmp_path / "b.docx"))
    assert seeded.returncode == plain.returncode == 0, seeded.stderr + plain.stderr
    assert f"PATTERN {ascii(_startup.YAML_UNPRINTABLE_LISTED)}" in seeded.stdout
    assert f"PATTERN {ascii(_startup.YAML_UNPRINTABLE)}" in plain.stdout
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_control_characters_are_refused_with_the_same_messages(tmp_path):
    small = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
    text = small.read_text("utf-8").replace("\n", "\n# chú thích \x07 \x0c trang\n", 3)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("\n", " \x01\x9f\n", 1), "utf-8")
    seeded = _vbhc("seeded", "render", str(bad), "-o", str(tmp_path / "a.docx"))
    plain = _vbhc("plain", "render", str(bad), "-o", str(tmp_path / "b.docx"))
    assert seeded.returncode == plain.returncode != 0
    assert seeded.stderr.replace("a.docx", "b.docx") == plain.stderr
    assert "U+0001" in seeded.stderr and "U+0007" in seeded.stderr


def test_the_seed_waits_for_nothing_once_yaml_is_imported():
    import yaml.reader  # noqa: F401 - imported: the seed must leave re's cache alone

    key = (str, _startup.YAML_UNPRINTABLE, 0)
    before = re._cache.get(key)  # type: ignore[attr-defined]
    _startup.seed_yaml_unprintable()
    assert re._cache.get(key) is before  # type: ignore[attr-defined]
