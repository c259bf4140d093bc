"""Appendices as files of their own (ND30 Phụ lục III, Mẫu 2.1): a rendered .docx cut at its
section breaks into the document and one .docx per appendix.

vbhc renders each appendix in a section of its own whose page numbers restart at 1
(vbhc.renderer.package.fill_sections), so an appendix file is that section alone: its
heading, title and "(Kèm theo ...)" line, its content, the section's page setup (the
body's margins, page number centred in the header and not on the first page, numbering
from 1). The document keeps everything before the first appendix (a decision's attached
text of Mẫu 1.3 included: it is not an appendix).
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

from vbhc.docx.ns import W_NS
from vbhc.docx.package import deterministic_zip
from vbhc.errors import VbhcError

NS = {"w": W_NS}
_SECT = f"{{{W_NS}}}sectPr"
_PPR = f"{{{W_NS}}}pPr"


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _break_sect(el: etree._Element) -> etree._Element | None:
    """Return the w:sectPr of body paragraph ``el`` (a section break), or None."""
    if el.tag != f"{{{W_NS}}}p":
        return None
    ppr = el.find(_PPR)
    return ppr.find(_SECT) if ppr is not None else None


def split_appendices(data: bytes, count: int) -> tuple[bytes, list[bytes]]:
    """Return (the document without its last ``count`` sections, one .docx per such
    section) for the rendered .docx ``data``, whose last ``count`` sections are its
    appendices. Each part keeps the package's styles, headers and settings; footnotes not
    cited in a part are dropped from it. Raises VbhcError when the document has fewer
    section breaks than that (a custom template without vbhc's break before each
    appendix)."""
    parts = _parts(data)
    root = etree.fromstring(parts["word/document.xml"])
    body = root.find("w:body", NS)
    children = list(body)
    final = children[-1] if children and children[-1].tag == _SECT else None
    breaks = [k for k, el in enumerate(children) if _break_sect(el) is not None]
    if final is None or len(breaks) < count:
        raise VbhcError("không tách được phụ lục thành tệp riêng: mẫu không ngắt phần (section) "
                        "trước mỗi phụ lục; dùng mẫu có sẵn của vbhc hoặc dựng lại mẫu riêng từ "
                        "mẫu mới")
    if count == 0:
        return data, []
    # Sections: [0 .. breaks[0]], (breaks[0] .. breaks[1]], ..., (breaks[-1] .. final).
    ends = [*breaks, len(children) - 1]
    first_appendix = len(ends) - count  # index of the first appendix's section
    cut = breaks[first_appendix - 1]  # the break paragraph ending the kept part
    main = _document(root, children[:cut], _break_sect(children[cut]))
    out = []
    for s in range(first_appendix, len(ends)):
        start = breaks[s - 1] + 1
        end = ends[s]
        if s < len(breaks):  # closed by a break paragraph: its sectPr, the paragraph not kept
            content, sect = children[start:end], _break_sect(children[end])
        else:
            content, sect = children[start:end], final
        out.append(_document(root, content, sect))
    return _package(parts, main), [_package(parts, doc) for doc in out]


def _document(root: etree._Element, content: list[etree._Element],
              sect: etree._Element) -> etree._Element:
    """Return a copy of ``root`` whose body is ``content`` then ``sect``."""
    doc = etree.Element(root.tag, nsmap=root.nsmap)
    for name, value in root.attrib.items():
        doc.set(name, value)
    body = etree.SubElement(doc, f"{{{W_NS}}}body")
    body.extend(copy.deepcopy(el) for el in content)
    body.append(copy.deepcopy(sect))
    return doc


def _package(parts: dict[str, bytes], document: etree._Element) -> bytes:
    """Return the .docx of ``parts`` with ``document`` as its body and only the footnotes
    it cites."""
    out = dict(parts)
    out["word/document.xml"] = etree.tostring(document, xml_declaration=True,
                                              encoding="UTF-8", standalone=True)
    if "word/footnotes.xml" in out:
        cited = {ref.get(f"{{{W_NS}}}id")
                 for ref in document.iter(f"{{{W_NS}}}footnoteReference")}
        notes = etree.fromstring(out["word/footnotes.xml"])
        for note in list(notes):
            note_id = note.get(f"{{{W_NS}}}id")
            if note.get(f"{{{W_NS}}}type") is None and note_id not in cited:
                notes.remove(note)
        out["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True,
                                                   encoding="UTF-8", standalone=True)
    return deterministic_zip(out)
