"""The footnotes part (word/footnotes.xml): separators and one entry per cited footnote.

docxtpl cannot make footnotes, and registering a footnotes part class with python-docx
makes docxtpl's own footnote pass do nothing, so the part is written after docxtpl has
rendered, as bytes, and wired in by :mod:`vbhc.renderer.package`.
"""

from __future__ import annotations

from vbhc.docx.ns import REL_TYPE as _REL_TYPES
from vbhc.docx.ns import xmlns
from vbhc.renderer.runs import FOOTNOTE_STYLE, runs_xml

PART_NAME = "word/footnotes.xml"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
REL_TYPE = _REL_TYPES + "footnotes"
TEXT_STYLE = "FootnoteText"

_SEPARATOR = (
    '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
)


def footnotes_xml(notes: list[tuple[int, str]]) -> bytes:
    """Return the footnotes part for ``(id, markup text)`` pairs, ids ascending."""
    entries = [
        _SEPARATOR.format(kind="separator", id=-1),
        _SEPARATOR.format(kind="continuationSeparator", id=0),
    ]
    for note_id, text in notes:
        entries.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr><w:pStyle w:val="{TEXT_STYLE}"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_STYLE}"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:t xml:space="preserve"> </w:t></w:r>{runs_xml(text, None)}</w:p></w:footnote>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:footnotes {xmlns("w", "r")}>{"".join(entries)}</w:footnotes>'
    ).encode()
