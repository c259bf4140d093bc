"""docxtpl's tag preprocessing (``patch_xml``), made safe to run on an untrusted template.

docxtpl turns ``{%p %}``, ``{{r }}``, ``{%tc %}``... into plain Jinja with about twenty
regular expressions. Several backtrack badly on tags that are never closed: the
``{% colspan ... %}`` / ``{% cellbg ... %}`` rules (``\\s+([^%]*)\\s*%}``) are cubic in a
run of spaces with no closing ``%}`` (4 KB took 44 s), and every ``{{(?:(?!}}).)*`` /
``{{.*?}}`` scan is quadratic in the number of unclosed openers. All of them are linear
when every opener is closed before the next one starts (each scan then stops at its own
closer) and none of the table-cell tags (``colspan``, ``cellbg``, ``vm``, ``hm``: vbhc
builds its tables from the data and never supported them) is present.

:func:`patch_xml` therefore checks exactly that first, in one linear pass over the same
text docxtpl sees, and refuses the template with a Vietnamese message naming the tag;
otherwise it returns docxtpl's own output unchanged (identical for the shipped templates).

Before either, :func:`normalised_part` reads each templated part as a clerk's editor left
it and gives back the XML text vbhc checks, preprocesses and renders (one text for all
three, so no check looks at anything but what runs):

* entities are resolved (LibreOffice writes ``'`` and ``"`` as ``&apos;`` and ``&quot;``;
  ``&#123;`` is a ``{``), by parsing the part and writing it back;
* a tag Word or LibreOffice spread over several runs (spelling marks, bookmarks, a change
  of formatting or revision id inside it) is joined into the run where it starts, so its
  output takes that run's formatting, as docxtpl's own joining does;
* inside a tag, the quotes Word's AutoCorrect makes typographic (‘ ’ “ ” ...) are plain
  again, and no-break or thin spaces are spaces, zero-width characters are dropped.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache

from lxml import etree

from vbhc.docx.ns import W_NS, XML_NS
from vbhc.lazyre import LazyPattern

__all__ = ["TagError", "mend_tags", "normalised_part", "patch_xml", "regroup", "tag_problem",
           "tags_in"]

# docxtpl's first step, copied verbatim: "{<tags>{" -> "{{" (linear: each run of tags is
# looked at once, after the one "{" or "%}#" that precedes it).
_MERGE = LazyPattern(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", re.DOTALL)
_DELIMITER = LazyPattern(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_CELL_TAG = LazyPattern(r"\s*(colspan|cellbg|vm|hm)\b")
_XML_TAG = LazyPattern(r"<[^>]*>")


MAX_TAGS = 5000
"""Most tags one templated part may hold: the shipped templates use about 60; compiling
5000 takes a few seconds, and compile time grows with the count."""


class TagError(ValueError):
    """A template tag docxtpl cannot preprocess in bounded time; ``str()`` is Vietnamese."""


def _shown(text: str) -> str:
    """Return a tag as the clerk typed it (no XML), shortened for a message."""
    text = " ".join(_XML_TAG.sub("", text).split())
    return text if len(text) <= 60 else text[:57] + "..."


def tag_problem(xml: str) -> str | None:
    """Return why ``xml`` (a templated part) would make docxtpl backtrack, or None.

    Linear in ``len(xml)``. Problems: more than MAX_TAGS tags; an opener ``{{``, ``{%``
    or ``{#`` not closed before the next opener or the end of the part; one of docxtpl's
    table-cell tags (``colspan``, ``cellbg``, ``vm``, ``hm``), which vbhc does not support
    (its tables come from the data) and whose rules backtrack even when closed.
    """
    merged = _MERGE.sub("", xml)
    opened: tuple[str, int] | None = None
    tags = 0
    for match in _DELIMITER.finditer(merged):
        token = match.group()
        if opened is None:
            if token in _CLOSER:
                opened = (token, match.start())
                tags += 1
                if tags > MAX_TAGS:
                    return f"mẫu có hơn {MAX_TAGS} thẻ trong một phần; hãy rút gọn mẫu"
            continue
        opener, start = opened
        if token in _CLOSER:
            return (f"thẻ '{_shown(merged[start:match.end()])}' mở bằng '{opener}' nhưng chưa "
                    f"đóng bằng '{_CLOSER[opener]}' trước thẻ tiếp theo")
        if token != _CLOSER[opener]:
            continue
        inner = merged[start + 2:match.start()]
        if opener == "{%" and _CELL_TAG.match(_XML_TAG.sub("", inner)):
            return (f"thẻ '{_shown(merged[start:match.end()])}' (gộp hay tô ô bảng của "
                    "docxtpl) không được vbhc hỗ trợ; bảng do vbhc dựng từ dữ liệu")
        opened = None
    if opened is not None:
        opener, start = opened
        return (f"thẻ '{_shown(merged[start:start + 80])}' mở bằng '{opener}' nhưng không "
                f"bao giờ đóng bằng '{_CLOSER[opener]}'")
    return None


def patch_xml(xml: str) -> str:
    """Return docxtpl's preprocessing of ``xml``; raise TagError if it would backtrack.

    A part of a shipped template is looked up in ``PREPATCHED`` (docxtpl's output, stored
    when the templates were built, keyed by the SHA-256 of the part): rendering a shipped
    kind then never imports docxtpl and python-docx (most of a cold ``vbhc render``'s
    template time). Any other part goes through docxtpl."""
    problem = tag_problem(xml)
    if problem:
        raise TagError(problem)
    found = _prepatched().get(_digest(xml))
    if found is not None:
        return found
    return docxtpl_patch(xml)


def docxtpl_patch(xml: str) -> str:
    """Return docxtpl's own ``patch_xml`` of ``xml`` (no backtracking check: see patch_xml)."""
    from docxtpl import DocxTemplate

    # patch_xml reads no instance state: no need to open the package with python-docx
    return DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)


PREPATCHED = "mau-da-tien-xu-ly.json"
"""vbhc/data file: SHA-256 of a shipped template's normalised part -> docxtpl's patch_xml of
it; written by ``python -m vbhc.renderer.prepatch`` after ``make templates``."""


def _digest(xml: str) -> str:
    import hashlib

    return hashlib.sha256(xml.encode("utf-8", "surrogatepass")).hexdigest()


@cache
def _prepatched() -> dict[str, str]:
    """Return the PREPATCHED table ({} when the file is missing or unreadable)."""
    import json

    from vbhc.data import files

    try:
        return json.loads(files("vbhc.data").joinpath(PREPATCHED).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


_OPENERS = LazyPattern(r"(?=(\{\{|\{%|\{#))")
_W_T = f"{{{W_NS}}}t"
_W_P = f"{{{W_NS}}}p"
_W_R = f"{{{W_NS}}}r"
_W_RPR = f"{{{W_NS}}}rPr"
_XML_SPACE = f"{{{XML_NS}}}space"
_IN_TAG = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u2002": " ",
    "\u2003": " ", "\u200a": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\u00ad": None,
})
"""What Word's and LibreOffice's typing aids put in a tag, and what Jinja needs there."""


def tags_in(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each ``{{ ... }}``, ``{% ... %}`` and ``{# ... #}`` tag in
    ``text``.

    The same matches as the regex ``\\{\\{.*?\\}\\}|\\{%.*?%\\}|\\{#.*?#\\}``
    (leftmost opener whose closer exists, up to its first closer), found in O(n log n):
    the regex is quadratic in openers that are never closed.
    """
    closers = {"{{": [m.start() for m in re.finditer(r"(?=\}\})", text)],
               "{%": [m.start() for m in re.finditer(r"(?=%\})", text)],
               "{#": [m.start() for m in re.finditer(r"(?=#\})", text)]}
    out: list[tuple[int, int]] = []
    pos = 0
    for opener in _OPENERS.finditer(text):
        if opener.start() < pos:
            continue
        ends = closers[opener.group(1)]
        at = bisect_left(ends, opener.start() + 2)
        if at < len(ends):
            out.append((opener.start(), ends[at] + 2))
            pos = ends[at] + 2
    return out


def _own_text_nodes(root: etree._Element) -> dict[etree._Element, list[etree._Element]]:
    """Return paragraph -> its w:t elements in order (those of a nested paragraph, in a
    text box, belong to that paragraph)."""
    out: dict[etree._Element, list[etree._Element]] = {}
    for t in root.iter(_W_T):
        p = next(t.iterancestors(_W_P), None)
        if p is not None:
            out.setdefault(p, []).append(t)
    return out


def regroup(pieces: list[str]) -> list[str]:
    """Return the texts of one paragraph's w:t elements, ``pieces``, with each tag moved
    whole into the piece holding its first character (typographic quotes and odd spaces
    inside it made plain: ``_IN_TAG``); text outside tags stays in its own piece.

    ``"".join`` of the result is the joined text with only the insides of tags changed.
    Linear in the text, O(log n) per tag.
    """
    joined = "".join(pieces)
    spans = tags_in(joined) if "{" in joined else []
    if not spans:
        return list(pieces)
    starts, ends, pos = [], [], 0
    for piece in pieces:
        starts.append(pos)
        pos += len(piece)
        ends.append(pos)
    new: list[list[str]] = [[] for _ in pieces]

    def keep(start: int, end: int) -> None:
        k = max(bisect_right(starts, start) - 1, 0)
        while start < end:
            stop = min(end, ends[k])
            if stop > start:
                new[k].append(joined[start:stop])
                start = stop
            k += 1

    pos = 0
    for start, end in spans:
        keep(pos, start)
        owner = max(bisect_right(starts, start) - 1, 0)
        while ends[owner] <= start:
            owner += 1  # skip empty pieces: the one holding the opener's first character
        new[owner].append(joined[start:end].translate(_IN_TAG))
        pos = end
    keep(pos, len(joined))
    return ["".join(parts) for parts in new]


def mend_tags(root: etree._Element) -> bool:
    """Join each tag spread over several w:t of one paragraph into the w:t where it starts
    (:func:`regroup`); return whether anything changed. ``root`` is a parsed templated
    part, changed in place: a w:t left empty is removed, and so is its run when nothing
    but run properties is left in it.
    """
    changed = False
    for texts in _own_text_nodes(root).values():
        pieces = [t.text or "" for t in texts]
        for t, old, text in zip(texts, pieces, regroup(pieces), strict=True):
            if text == old:
                continue
            changed = True
            if text:
                t.text = text
                if text != text.strip():
                    t.set(_XML_SPACE, "preserve")
                continue
            run = t.getparent()
            run.remove(t)
            if run.tag == _W_R and all(child.tag == _W_RPR for child in run) \
                    and run.getparent() is not None:
                run.getparent().remove(run)
    return changed


def normalised_part(root: etree._Element) -> str:
    """Return the XML text of the templated part ``root`` (parsed; changed in place by
    :func:`mend_tags`) as vbhc checks and renders it: entities resolved, split tags
    joined, quotes and spaces inside tags plain. See the module docstring."""
    mend_tags(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                          standalone=True).decode("utf-8")
