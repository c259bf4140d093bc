"""The importer's view of a .docx: the main parts, read through the project's one safe
reader (vbhc.docx.package: bounded zip, no entities, no DTD)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from vbhc.errors import ReadError
from vbhc.importer.errors import NotImportable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


def read_parts(path: Path) -> dict[str, etree._Element]:
    """Return the parsed main parts of the .docx at ``path`` by their usual names
    (absent optional parts left out); NotImportable, with the reader's reason, otherwise."""
    from vbhc.docx.package import read_package

    try:
        package = read_package(path)
    except ReadError as exc:
        reason = str(exc).removeprefix(f"không đọc được {path}: ")
        raise NotImportable(str(path), reason) from None
    parts = {"word/document.xml": package.document, "word/styles.xml": package.styles,
             "word/numbering.xml": package.numbering, "word/footnotes.xml": package.footnotes}
    return {name: root for name, root in parts.items() if root is not None}
