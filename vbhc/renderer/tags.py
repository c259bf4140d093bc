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
"""

from __future__ import annotations

import re

__all__ = ["TagError", "patch_xml", "tag_problem"]

# docxtpl's first step, copied verbatim: "{<tags>{" -> "{{" (linear: each run of tags is
# looked at once, after the one "{" or "%}#" that precedes it).
_MERGE = re.compile(r"(?<={)(<[^>]*>)+(?=[\{%\#])|(?<=[%\}\#])(<[^>]*>)+(?=\})", re.DOTALL)
_DELIMITER = re.compile(r"\{\{|\{%|\{#|\}\}|%\}|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_CELL_TAG = re.compile(r"\s*(colspan|cellbg|vm|hm)\b")
_XML_TAG = re.compile(r"<[^>]*>")


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
    """Return docxtpl's preprocessing of ``xml``; raise TagError if it would backtrack."""
    from docxtpl import DocxTemplate

    problem = tag_problem(xml)
    if problem:
        raise TagError(problem)
    # patch_xml reads no instance state: no need to open the package with python-docx
    return DocxTemplate.patch_xml(DocxTemplate.__new__(DocxTemplate), xml)
