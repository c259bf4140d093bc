"""Body paragraphs -> a tree by their numbers: I. > 1. > 1.1. > 1.1.1. > a).

Unnumbered paragraphs (and "- " bullets) continue the item above them, as in the plan
model where an item is a list whose first string carries the number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vbhc.importer.source import Para, drop_chars, to_markup
from vbhc.model.markup import Span

LEVELS = [
    (1, re.compile(r"^(?P<n>[IVXL]+)\s*[./]\s+")),
    (4, re.compile(r"^(?P<n>\d+\.\d+\.\d+)\.?\s+")),
    (3, re.compile(r"^(?P<n>\d+\.\d+)\.?\s+")),
    (2, re.compile(r"^(?P<n>\d+)\s*\.\s+")),
    (5, re.compile(r"^(?P<n>[a-zđ])\)\s+")),
]


@dataclass
class Node:
    """A numbered paragraph, the unnumbered paragraphs after it, and its sub-items."""

    level: int  # 0 root, 1 I., 2 1., 3 1.1., 4 1.1.1., 5 a)
    number: str
    head: list[Span]  # the paragraph after its number
    source: Para | None = None
    paras: list[Para] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def title(self) -> str:
        """Return the heading text as markup, emphasis of the whole line left to the style."""
        return to_markup(self.head, plain_emphasis=True)

    def plain_title(self) -> str:
        """Return the heading's visible text, white space collapsed."""
        return " ".join("".join(getattr(s, "text", "") for s in self.head).split())

    def descendants(self) -> list[Node]:
        """Return every node below this one, in reading order."""
        return [d for child in self.children for d in (child, *child.descendants())]


def numbering(para: Para) -> tuple[int, str, list[Span]] | None:
    """Return (level, number, text after it) of a numbered paragraph, else None."""
    text = para.plain.lstrip()
    for level, regex in LEVELS:
        m = regex.match(text)
        if m:
            skipped = len(para.plain) - len(text) + m.end()
            return level, m.group("n"), drop_chars(para.spans, skipped)
    return None


def build(paras: list[Para]) -> Node:
    """Return the tree of ``paras`` under a root node (level 0)."""
    root = Node(0, "", [])
    stack = [root]
    for para in paras:
        found = numbering(para)
        if found is None:
            stack[-1].paras.append(para)
            continue
        level, number, head = found
        while stack[-1].level >= level:
            stack.pop()
        node = Node(level, number, head, para)
        stack[-1].children.append(node)
        stack.append(node)
    return root


def literal(node: Node) -> list[str]:
    """Return the node and everything under it as paragraphs that keep their numbers and
    emphasis: for free text, where the template's numbering does not apply."""
    out = [to_markup(node.source.spans)] if node.source else []
    out += [to_markup(p.spans) for p in node.paras]
    for child in node.children:
        out += literal(child)
    return out
