"""What in a custom template could make Word, LibreOffice or vbhc fetch something outside it.

Refused, not stripped: removing a relationship leaves the part that uses it dangling, and a
clerk should learn that their template links outside (then remove the link in Word).
Refused: relationships with ``TargetMode="External"`` (or a target that is a URI) other
than web/mail hyperlinks, linked pictures and objects (``r:link``, ``r:href``, ``o:href``,
VML ``src``, ``o:OLEObject Type="Link"``), ``w:altChunk``, ``w:attachedTemplate``,
``w:subDoc``, ``w:mailMerge``, ``w:frameset``, embedded OLE objects, packages and
ActiveX controls (EMBEDDED_KINDS, even inside the package), and fields that include or link content
(INCLUDEPICTURE, INCLUDETEXT, INCLUDE, LINK, DDE, DDEAUTO, IMPORT). The check runs on the
template's parts when it is compiled and again on the rendered parts (a template could
assemble a field code from pieces).
"""

from __future__ import annotations

import re

from lxml import etree

from vbhc.docx.ns import O_NS, R_NS, REL_NS, REL_TYPE, V_NS, W_NS
from vbhc.lazyre import LazyPattern

__all__ = ["external_problems"]

HYPERLINK = REL_TYPE + "hyperlink"
_SAFE_LINK = LazyPattern(r"(https?|mailto):", re.IGNORECASE)
_FIELD = LazyPattern(r"(?<![A-Za-z])(INCLUDEPICTURE|INCLUDETEXT|INCLUDE|LINK|DDEAUTO|DDE|IMPORT"
                    r"|DATABASE|RD|AUTOTEXTLIST|AUTOTEXT|GLOSSARY|MACROBUTTON)"
                    r"(?![A-Za-z])", re.IGNORECASE)
EMBEDDED_KINDS = {
    "oleObject": "đối tượng OLE", "package": "gói nhúng (OLE)", "control": "điều khiển ActiveX",
    "aFChunk": "nội dung chèn (altChunk)", "subDocument": "tài liệu con",
    "frame": "khung lấy từ tệp khác", "attachedTemplate": "mẫu đính kèm",
    "mailMergeSource": "nguồn trộn thư", "mailMergeHeaderSource": "nguồn trộn thư",
    "recipientData": "dữ liệu người nhận trộn thư",
}
"""Relationship kinds refused even inside the package: LibreOffice and Word open what they
hold (an OLE package can carry a path to a local file), and no ND30 template needs them."""
_SCHEME = LazyPattern(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LINK_ATTRIBUTES = {f"{{{R_NS}}}link": "r:link", f"{{{R_NS}}}href": "r:href",
                    f"{{{O_NS}}}href": "o:href"}
_VML = V_NS
_REFUSED_ELEMENTS = {f"{{{W_NS}}}altChunk": "w:altChunk (nội dung chèn từ tệp khác)",
                     f"{{{W_NS}}}attachedTemplate": "w:attachedTemplate (mẫu đính kèm ngoài)",
                     f"{{{W_NS}}}subDoc": "w:subDoc (tài liệu con)",
                     f"{{{W_NS}}}mailMerge": "w:mailMerge (nguồn dữ liệu trộn thư)",
                     f"{{{W_NS}}}frameset": "w:frameset (khung lấy từ tệp khác)"}


_ATTRIBUTE_NAMES = (b"link", b"href", b"instr")
"""A name each attribute the loop below reports or reads contains (r:link, r:href, o:href,
w:instr; w:instrText too); XML cannot write a name with character references."""
_ELEMENTS = (*_REFUSED_ELEMENTS, f"{{{_VML}}}*", "{*}OLEObject")
"""The elements the loop below reports or reads attributes of (w:instrText aside): a part
with none of them and none of ``_ATTRIBUTE_NAMES`` in its text has nothing to say."""


def external_problems(name: str, root: etree._Element, data: bytes | None = None) -> list[str]:
    """Return what in part ``name`` (parsed) points outside the package; [] if nothing.

    ``data``, the part's XML that ``root`` was parsed from, lets a part pass without
    walking its elements in Python (a 20,000-row table has a million) when its text holds
    no attribute name the check looks for (``_ATTRIBUTE_NAMES``) and libxml2's walk finds
    none of the elements it looks at (``_ELEMENTS``): three scans of the text and one walk
    in C, not a scan per name (tests/test_speed_render3.py)."""
    if data is not None and root.tag != f"{{{REL_NS}}}Relationships" \
            and not any(word in data for word in _ATTRIBUTE_NAMES) \
            and next(root.iter(*_ELEMENTS), None) is None:
        return []
    out: list[str] = []
    if root.tag == f"{{{REL_NS}}}Relationships":
        for rel in root:
            target = rel.get("Target") or ""
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind in EMBEDDED_KINDS:
                out.append(f"{name}: có {EMBEDDED_KINDS[kind]} ('{target[:80]}')")
                continue
            if (rel.get("TargetMode") or "").lower() != "external" \
                    and not _SCHEME.match(target.strip()):
                continue
            if rel.get("Type") == HYPERLINK and _SAFE_LINK.match(target.strip()):
                continue  # a clickable web/mail link: never fetched when rendering
            out.append(f"{name}: liên kết ra ngoài '{target[:80]}' "
                       f"(kiểu {(rel.get('Type') or '').rsplit('/', 1)[-1]})")
        return out
    fields: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _REFUSED_ELEMENTS:
            out.append(f"{name}: có {_REFUSED_ELEMENTS[element.tag]}")
        for attribute, shown in _LINK_ATTRIBUTES.items():
            if element.get(attribute) is not None:
                out.append(f"{name}: hình hoặc đối tượng liên kết tới tệp ngoài ({shown})")
        if element.tag.startswith(f"{{{_VML}}}") and element.get("src"):
            out.append(f"{name}: hình VML lấy từ tệp ngoài (src)")
        if element.tag.endswith("}OLEObject") and (element.get("Type") or "") == "Link":
            out.append(f"{name}: đối tượng OLE liên kết tới tệp ngoài")
        if element.tag == f"{{{W_NS}}}instrText" and element.text:
            fields.append(element.text)
        instr = element.get(f"{{{W_NS}}}instr")
        if instr:
            fields.append(" " + instr + " ")
    for match in _FIELD.finditer("".join(fields)):
        out.append(f"{name}: trường {match.group(1).upper()} chèn hay liên kết nội dung "
                   "ngoài mẫu")
    return list(dict.fromkeys(out))
