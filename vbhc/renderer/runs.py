"""Inline markup -> WordprocessingML runs, with footnote references numbered in order."""

from __future__ import annotations

from vbhc.model.markup import TextSpan, parse

FOOTNOTE_STYLE = "FootnoteReference"


def escape(text: str) -> str:
    """Return ``text`` with ``&``, ``<`` and ``>`` escaped for XML character data: what
    ``xml.sax.saxutils.escape`` returns, without its import of urllib, http and ssl
    (about 10 ms of every cold start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Runs:
    """Runs XML that docxtpl inserts with ``{{r value }}``; Jinja treats it as safe markup."""

    __slots__ = ("xml",)

    def __init__(self, xml: str) -> None:
        self.xml = xml

    def __html__(self) -> str:
        return self.xml

    __str__ = __html__


class FootnoteNumbering:
    """Give each footnote key its id (1, 2, ...) in the order the body first cites it."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def cite(self, key: str) -> tuple[int, bool]:
        """Return the key's id and whether this is its first citation."""
        if key in self.ids:
            return self.ids[key], False
        self.ids[key] = len(self.ids) + 1
        return self.ids[key], True


def _text_run(text: str, bold: bool, italic: bool) -> str:
    props = ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = []
    for k, line in enumerate(text.split("\n")):
        if k:
            pieces.append("<w:br/>")
        for m, chunk in enumerate(line.split("\t")):
            if m:
                pieces.append("<w:tab/>")
            if chunk:
                pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(pieces)}</w:r>"


def footnote_reference_run(note_id: int) -> str:
    """Return the body run that places footnote ``note_id``."""
    return (f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_STYLE}"/></w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>')


def runs_xml(text: str, notes: FootnoteNumbering | None, *, upper: bool = False) -> str:
    """Return the runs for markup ``text``.

    A footnote cited a second time is printed as its number in superscript: Word has one
    reference mark per footnote.
    """
    key = (text, upper)
    kept = len(text) <= MAX_KEPT_TEXT
    found = _UNCITED.get(key) if kept else None
    if found is not None:
        return found
    out = []
    cites = False
    for span in parse(text):
        if isinstance(span, TextSpan):
            out.append(_text_run(span.text.upper() if upper else span.text, span.bold,
                                 span.italic))
        else:
            cites = True
            if notes is not None:
                note_id, first = notes.cite(span.key)
                out.append(footnote_reference_run(note_id) if first else
                           f'<w:r><w:rPr><w:rStyle w:val="{FOOTNOTE_STYLE}"/></w:rPr>'
                           f"<w:t>{note_id}</w:t></w:r>")
    xml = "".join(out)
    if kept and not cites and len(xml) <= MAX_KEPT_XML:  # then they depend on the text alone
        if len(_UNCITED) >= MAX_UNCITED:
            _UNCITED.clear()
        _UNCITED[key] = xml
    return xml


MAX_UNCITED = 8192
"""Texts without footnote references whose runs are kept (the paragraphs a batch of
documents from one plan shares are converted once); past it the memo starts again."""
MAX_KEPT_TEXT = 1000
MAX_KEPT_XML = 4000
"""Only texts up to MAX_KEPT_TEXT characters whose runs are at most MAX_KEPT_XML are kept,
so the memo holds at most MAX_UNCITED x 5,000 characters (~40 MB of Vietnamese text)
whatever the documents; a longer paragraph is converted each time."""
_UNCITED: dict[tuple[str, bool], str] = {}


def runs(text: str, notes: FootnoteNumbering | None, *, upper: bool = False) -> Runs:
    """Return :class:`Runs` for markup ``text`` (see :func:`runs_xml`)."""
    return Runs(runs_xml(text, notes, upper=upper))

