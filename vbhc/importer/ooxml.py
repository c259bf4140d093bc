"""Safe access to a .docx package: bounded zip reading and XML parsing without entities."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from vbhc.importer.errors import NotImportable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_ENTRIES = 5000
MAX_PART = 64 * 1024 * 1024  # one XML part, uncompressed
MAX_TOTAL = 512 * 1024 * 1024  # the whole package, uncompressed
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PARTS = ("word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml")


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True)


def read_parts(path: Path) -> dict[str, etree._Element]:
    """Return the parsed main parts of the .docx at ``path`` (absent optional parts left out).

    Raises NotImportable with a Vietnamese message for anything that is not a readable
    Word package: an old .doc, a non-zip file, a zip bomb, a missing document part.
    """
    name = str(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise NotImportable(name, f"không đọc được tệp ({exc.strerror or exc})") from None
    if not head:
        raise NotImportable(name, "tệp rỗng")
    if head == OLE2:
        raise NotImportable(name, "đây là tệp Word 97-2003 (.doc), chưa đọc được; mở bằng Word "
                           "hoặc LibreOffice và lưu lại dưới dạng .docx")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise NotImportable(name, "không phải tệp .docx (không mở được dạng nén zip)") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise NotImportable(name, f"tệp nén có quá nhiều mục ({len(infos)}), không đọc")
        if sum(i.file_size for i in infos) > MAX_TOTAL:
            raise NotImportable(name, "tệp nén quá lớn khi giải nén, không đọc")
        names = {i.filename for i in infos}
        if PARTS[0] not in names:
            raise NotImportable(name, "tệp .docx thiếu phần nội dung word/document.xml")
        out = {}
        for part in PARTS:
            if part in names:
                out[part] = _parse(archive, part, name)
        return out


def _parse(archive: zipfile.ZipFile, part: str, name: str) -> etree._Element:
    try:
        with archive.open(part) as handle:
            data = handle.read(MAX_PART + 1)
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise NotImportable(name, f"không giải nén được {part} ({exc})") from None
    if len(data) > MAX_PART:
        raise NotImportable(name, f"phần {part} quá lớn, không đọc")
    try:
        return etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise NotImportable(name, f"{part} không phải XML hợp lệ ({exc.msg})") from None
