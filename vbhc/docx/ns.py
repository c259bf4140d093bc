"""Every XML namespace vbhc reads or writes, and Clark names built from prefixes.

The one place a namespace URI is spelled (python-docx's ``oxml.ns`` in spirit): the
renderer, checker and importer write ``qn("w:b")`` or ``w("b")`` and import the URI
constants from here. ``tests/test_docx_layer.py`` fails if a module outside
``vbhc/docx`` spells one.
"""

from __future__ import annotations

_OOXML = "http://schemas.openxmlformats.org"

W_NS = f"{_OOXML}/wordprocessingml/2006/main"
R_NS = f"{_OOXML}/officeDocument/2006/relationships"
"""Relationship ids inside a part (r:id, r:embed) and, with a suffix, relationship types."""
REL_NS = f"{_OOXML}/package/2006/relationships"
"""The root of a ``_rels/*.rels`` part."""
CT_NS = f"{_OOXML}/package/2006/content-types"
CP_NS = f"{_OOXML}/package/2006/metadata/core-properties"
MC_NS = f"{_OOXML}/markup-compatibility/2006"
A_NS = f"{_OOXML}/drawingml/2006/main"
WP_NS = f"{_OOXML}/drawingml/2006/wordprocessingDrawing"
PIC_NS = f"{_OOXML}/drawingml/2006/picture"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
DCMITYPE_NS = "http://purl.org/dc/dcmitype/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XS_NS = "http://www.w3.org/2001/XMLSchema"
XML_NS = "http://www.w3.org/XML/1998/namespace"
OOR_NS = "http://openoffice.org/2001/registry"
"""LibreOffice's registry (registrymodifications.xcu of the PDF profile)."""

NSMAP: dict[str, str] = {
    "w": W_NS, "r": R_NS, "rel": REL_NS, "ct": CT_NS, "cp": CP_NS, "mc": MC_NS,
    "a": A_NS, "wp": WP_NS, "v": V_NS, "o": O_NS, "dc": DC_NS, "dcterms": DCTERMS_NS,
    "dcmitype": DCMITYPE_NS, "xsi": XSI_NS, "xs": XS_NS, "xml": XML_NS, "oor": OOR_NS,
    "pic": PIC_NS,
}
"""Prefix -> namespace URI, the prefixes Word itself writes."""

REL_TYPE = f"{R_NS}/"
"""Prefix of every relationship type of a WordprocessingML package
(``REL_TYPE + "styles"``, ``+ "footnotes"``, ``+ "hyperlink"``, ``+ "officeDocument"``)."""

MAIN_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
"""Content types of a main document part."""


def qn(name: str) -> str:
    """Return the Clark name of a prefixed name: ``qn("w:b")`` -> ``"{...main}b"``.

    KeyError for an unknown prefix; a name without a prefix is returned unchanged.
    """
    prefix, sep, local = name.partition(":")
    if not sep:
        return name
    return f"{{{NSMAP[prefix]}}}{local}"


def w(name: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute (``w("b")``)."""
    return f"{{{W_NS}}}{name}"


def xmlns(*prefixes: str) -> str:
    """Return ``xmlns:p="uri"`` declarations for ``prefixes``, space-separated, for parts
    written as text (KeyError for an unknown prefix)."""
    return " ".join(f'xmlns:{p}="{NSMAP[p]}"' for p in prefixes)
