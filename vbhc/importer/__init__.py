"""Import an existing administrative document (.docx, or text extracted from a PDF) into
a vbhc model, so that a plan received from above can be derived from instead of retyped.

``import_document(path)`` returns the validated model and the warnings a clerk should
review; ``read_document(path)`` returns the kind-independent frame (header, body,
closing) for kinds that have no importer yet.
"""

from __future__ import annotations

import os
from pathlib import Path

from vbhc.importer.errors import NotImportable
from vbhc.importer.frame import Frame, read_frame
from vbhc.importer.result import ImportResult
from vbhc.importer.source import Source

__all__ = ["ImportResult", "NotImportable", "import_document", "read_document", "read_source"]

ZIP_MAGIC = b"PK\x03\x04"
MIN_MARKERS = 2


def read_source(path: str | os.PathLike) -> Source:
    """Return the paragraphs and footnotes of a .docx, a digital PDF or a UTF-8 text file."""
    path = Path(path)
    if not path.is_file():
        raise NotImportable(str(path), "không có tệp này" if not path.exists()
                           else "không phải một tệp")
    with path.open("rb") as handle:
        head = handle.read(8)
    if path.suffix.lower() in (".docx", ".docm", ".doc") or head.startswith(ZIP_MAGIC) \
            or head.startswith(b"\xd0\xcf\x11\xe0"):
        from vbhc.importer.docx_reader import read_docx

        return read_docx(path)
    if path.suffix.lower() == ".pdf" or head.startswith(b"%PDF-"):
        from vbhc.importer.pdf_reader import read_pdf

        return read_pdf(path)
    from vbhc.importer.text_reader import read_text

    return read_text(path)


def read_document(path: str | os.PathLike) -> tuple[Source, Frame]:
    """Return the source and its frame; NotImportable when it is not an administrative text."""
    source = read_source(path)
    frame = read_frame(source)
    if frame.markers() < MIN_MARKERS:
        raise NotImportable(source.name, "không nhận ra văn bản hành chính: không thấy đủ các "
                           "thành phần thể thức (quốc hiệu, số ký hiệu, ngày tháng, tên loại "
                           "văn bản, nơi nhận)")
    return source, frame


def import_document(path: str | os.PathLike) -> ImportResult:
    """Return the validated model of the document at ``path`` and the importer's warnings.

    Raises NotImportable (a ReadError, exit code 2) for unreadable files, texts without
    administrative structure, and kinds that cannot be imported yet.
    """
    from vbhc.importer.build import to_model

    source, frame = read_document(path)
    return to_model(source, frame)
