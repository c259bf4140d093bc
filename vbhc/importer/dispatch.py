"""Body of a công văn -> ``noi_dung``: its paragraphs in order, numbers and emphasis kept
as text (vbhc prints a công văn's paragraphs as they are)."""

from __future__ import annotations

from typing import Any

from vbhc.importer.figures import paragraphs
from vbhc.importer.frame import Frame
from vbhc.importer.patterns import data
from vbhc.importer.result import Warn
from vbhc.importer.source import Para
from vbhc.importer.tables import group_tables


def dispatch_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a CongVan."""
    text = paragraphs(group_tables(body), warn, "công văn")
    if not text:
        warn("công văn không có đoạn nội dung nào; điền lại noi_dung")
        text = [data("chung")["cho_trong"]["noi_dung"]]
    if frame.phu_luc:
        warn(f"bỏ qua phần sau chữ ký ({len(frame.phu_luc)} đoạn, bắt đầu "
             f"'{frame.phu_luc[0].text[:60]}'): công văn không có phụ lục")
    return {"noi_dung": text}
