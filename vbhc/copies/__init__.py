"""Copies of documents (ND30 Điều 25; Phụ lục I, Phần II; Mẫu 3.1): SAO Y, SAO LỤC and
TRÍCH SAO of a .docx rendered by vbhc or written elsewhere, with the copying agency's block.

An app-level package: it reads the input through vbhc.docx.package and checks its result
with the ND30 checker (vbhc.checker) before anything is written.
``load_copy_data`` reads the copying agency's YAML (vbhc.copies.model.BanSao),
``make_copy`` builds the copy, ``list_items`` numbers the paragraphs a TRÍCH SAO chooses.
"""

from __future__ import annotations

from vbhc.copies.make import (
    CopyResult,
    Item,
    list_items,
    load_copy_data,
    make_copy,
    parse_ranges,
    resolve_form,
)
from vbhc.copies.model import BanSao, forms_by_slug

__all__ = ["BanSao", "CopyResult", "Item", "forms_by_slug", "list_items", "load_copy_data",
           "make_copy", "parse_ranges", "resolve_form"]
