"""The checker's findings do not change when it is made faster (issue 21).

tests/data/check-golden.json.gz holds the findings (rule, severity, paragraph, excerpt, message,
reference) the checker gave, before its speed work, on: every .docx of ../shared/corpus and
tests/data; every example rendered; and four damaged copies of each rendered example (the
template's styles.xml with another default font and size, without its alignments, without
its bold; the document without its paragraph styles), so the style, numbering and theme
caches see several different style sheets in one process. All are checked in one process,
in one order, as a batch would.

A rendered example whose bytes differ from the ones the golden file was made from (the
renderer changed on purpose) is skipped with its name, never compared against stale
findings; regenerate with ``.venv/bin/python -m tests.test_check_golden --write`` on a checker
whose findings are known good.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from lxml import etree

from tests.docx_helpers import rewrite_part
from vbhc.checker import check, check_bytes, finding_dict

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLDEN = ROOT / "tests" / "data" / "check-golden.json.gz"
"""gzip (1.4 MB of JSON, most of it repeated messages); ``zcat`` reads it."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _files() -> list[tuple[str, Path]]:
    """(name in the golden file, path) of every stored .docx checked."""
    out = [(f"corpus/{p.relative_to(SHARED / 'corpus')}", p)
           for p in sorted((SHARED / "corpus").rglob("*.docx"))]
    out += [(f"tests/{p.relative_to(ROOT / 'tests' / 'data')}", p)
            for p in sorted((ROOT / "tests" / "data").rglob("*.docx"))]
    return out


def _examples() -> list[Path]:
    out = []
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and data.get("loai"):
            out.append(path)
    return out


def _other_defaults(styles: etree._Element) -> None:
    """docDefaults: Arial 12 pt instead of the template's font and size."""
    rpr = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    if rpr is None:
        return
    for tag in ("rFonts", "sz", "szCs"):
        for el in rpr.findall(_w(tag)):
            rpr.remove(el)
    etree.SubElement(rpr, _w("rFonts"), {_w("ascii"): "Arial", _w("hAnsi"): "Arial"})
    etree.SubElement(rpr, _w("sz"), {_w("val"): "24"})


def _drop(tag: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        for el in list(root.iter(_w(tag))):
            el.getparent().remove(el)
    return change


DAMAGES: dict[str, tuple[str, Callable[[etree._Element], None]]] = {
    "arial-12": ("word/styles.xml", _other_defaults),
    "kieu-khong-jc": ("word/styles.xml", _drop("jc")),
    "kieu-khong-b": ("word/styles.xml", _drop("b")),
    "khong-pStyle": ("word/document.xml", _drop("pStyle")),
}


def _findings(findings: list) -> list[dict]:
    return [finding_dict(f) for f in findings]


def _rendered() -> Iterator[tuple[str, str, bytes]]:
    """(name, sha256 of the rendered bytes, bytes) of each example and its damaged copies."""
    import vbhc

    for path in _examples():
        data = vbhc.render_bytes(vbhc.load(path))
        sha = hashlib.sha256(data).hexdigest()
        name = f"examples/{path.relative_to(ROOT / 'examples')}"
        yield name, sha, data
        for label, (part, change) in DAMAGES.items():
            yield f"{name}#{label}", sha, rewrite_part(data, part, change)


def golden_now() -> dict:
    """Return what the checker finds now on every input, as the golden file holds it."""
    out: dict = {"files": {}, "rendered": {}}
    for name, path in _files():
        try:
            out["files"][name] = _findings(check(path))
        except Exception as exc:  # noqa: BLE001 - a refused file: its error is the finding
            out["files"][name] = {"error": type(exc).__name__,
                                  "message": str(exc).replace(str(ROOT), "")}
    for name, sha, data in _rendered():
        out["rendered"][name] = {"sha256": sha, "findings": _findings(check_bytes(data, name))}
    return out


def _golden() -> dict:
    return json.loads(gzip.decompress(GOLDEN.read_bytes()).decode("utf-8"))


def test_findings_are_the_golden_ones():
    if not (SHARED / "corpus").is_dir():
        pytest.skip("không có ../shared/corpus")
    golden = _golden()
    now = golden_now()
    assert set(now["files"]) == set(golden["files"])
    for name, found in now["files"].items():
        assert found == golden["files"][name], name
    stale = []
    for name, entry in now["rendered"].items():
        old = golden["rendered"].get(name)
        if old is None or old["sha256"] != entry["sha256"]:
            stale.append(name)
            continue
        assert entry["findings"] == old["findings"], name
    compared = len(now["rendered"]) - len(stale)
    assert compared >= len(now["rendered"]) // 2, (
        "phần lớn ví dụ dựng ra đã khác lúc tạo tệp vàng; tạo lại nó: " + ", ".join(stale))


def test_the_golden_inputs_have_findings():
    """The comparison means something: the inputs trip many rules, errors and warnings."""
    golden = _golden()
    found = [f for v in golden["files"].values() if isinstance(v, list) for f in v]
    found += [f for v in golden["rendered"].values() for f in v["findings"]]
    assert len(found) > 500
    assert len({f["rule"] for f in found}) > 25
    assert {f["severity"] for f in found} == {"lỗi", "cảnh báo"}


if __name__ == "__main__":
    if sys.argv[1:] == ["--write"]:
        text = json.dumps(golden_now(), ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        GOLDEN.write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
        print(f"đã ghi {GOLDEN}")
