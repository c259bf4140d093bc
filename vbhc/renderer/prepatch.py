"""``python -m vbhc.renderer.prepatch``: store docxtpl's preprocessing of the shipped templates.

Writes vbhc/data/mau-da-tien-xu-ly.json (see vbhc.renderer.tags.PREPATCHED): for each
templated part (document, headers, footers) of each templates/*.docx, the SHA-256 of the part
as vbhc normalises it -> docxtpl's ``patch_xml`` output. Run after ``make templates``;
tests/test_speed_prepatch.py fails while the file does not match the templates.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

from vbhc.renderer.tags import PREPATCHED


def shipped_parts() -> list[str]:
    """Return every normalised templated part (XML text with tags) of the shipped templates,
    in file and part order. Raises ReadError for an unreadable template."""
    from lxml import etree

    from vbhc.docx.package import read_package_entries
    from vbhc.renderer.engine import TEMPLATED_PARTS
    from vbhc.renderer.tags import normalised_part
    from vbhc.renderer.template import canonical_style_ids, templates_dir

    out = []
    for path in sorted(templates_dir().glob("*.docx")):
        _package, parts = read_package_entries(path)
        for name, data in canonical_style_ids(parts).items():
            if not TEMPLATED_PARTS.fullmatch(name):
                continue
            xml = normalised_part(etree.fromstring(data))
            if "{{" in xml or "{%" in xml or "{#" in xml:
                out.append(xml)
    return out


def table() -> dict[str, str]:
    """Return the PREPATCHED table for the shipped templates, computed with docxtpl."""
    from vbhc.renderer.tags import _digest, docxtpl_patch

    return {_digest(xml): docxtpl_patch(xml) for xml in shipped_parts()}


def main() -> None:
    """Write the table into vbhc/data (the source tree this module runs from)."""
    target = Path(str(files("vbhc.data").joinpath(PREPATCHED)))
    target.write_text(json.dumps(table(), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                      "utf-8")
    print(f"Đã ghi {target}")


if __name__ == "__main__":
    main()
