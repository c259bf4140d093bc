"""Phrase rewriting in one pass: longest phrase first, cited documents untouched.

Every rule is already formatted for the target (placeholders filled). A field is rewritten
left to right; replaced text is never matched again, so rule order cannot chain rewrites.
Whatever still names a provincial body afterwards is reported, never silently kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vbhc.derivation.names import upper_first


@dataclass(frozen=True)
class Phrase:
    """One formatted phrase rule."""

    id: str
    tu: tuple[str, ...]
    thanh: str | None
    trong: tuple[str, ...] = ()

    def applies(self, scope: str) -> bool:
        """Return True when the rule applies to a field whose index-free path is ``scope``."""
        return not self.trong or any(scope == s or scope.startswith(s + ".") for s in self.trong)


@dataclass(frozen=True)
class Hit:
    """One phrase replaced (or, with ``after`` None, a list item to drop)."""

    rule: str
    before: str
    after: str | None


@dataclass(frozen=True)
class Signal:
    """A provincial phrase left in place: the phrase and a short excerpt around it."""

    phrase: str
    excerpt: str


@dataclass
class Result:
    """The rewritten text (None when the whole item is dropped), hits and leftovers."""

    text: str | None
    hits: list[Hit]
    signals: list[Signal]
    unsafe: list[Hit]  # drop rules that matched inside a sentence: kept, to edit by hand


def scope_of(path: str) -> str:
    """Return a field path without indices: "nhiem_vu[0].ten" -> "nhiem_vu.ten"."""
    return re.sub(r"\[\d+\]", "", path)


def _pattern(phrase: str) -> str:
    """Return the regex of a literal phrase: first letter in either case, flexible spaces."""
    head, rest = phrase[:1], phrase[1:]
    head_re = f"[{re.escape(head.upper())}{re.escape(head.lower())}]" if head.isalpha() else (
        re.escape(head))
    body = r"\s+".join(re.escape(part) for part in rest.split(" "))
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return f"{start}{head_re}{body}{end}"


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


class Rewriter:
    """Apply phrase rules to one field at a time; cited documents and keep-phrases stay."""

    def __init__(self, phrases: list[Phrase], citations: list[str], signals: list[str],
                 keep: list[str]) -> None:
        self.phrases = phrases
        from vbhc.derivation.rules import rule_pattern

        # patterns from rules files: searched with a time limit (see rules.RulePattern)
        self.citations = [rule_pattern(c) for c in citations]
        self.signals = rule_pattern("|".join(f"(?:{s})" for s in signals)) if signals else None
        self.keep = [rule_pattern(k) for k in keep]
        self._compiled: dict[str, tuple[re.Pattern, list[tuple[Phrase, str]]]] = {}

    def _regex(self, scope: str) -> tuple[re.Pattern | None, list[tuple[Phrase, str]]]:
        if scope not in self._compiled:
            order = sorted(
                ((-len(text), 0 if rule.trong else 1, i), rule, text)
                for i, rule in enumerate(self.phrases) if rule.applies(scope)
                for text in rule.tu
            )
            alts = [(rule, text) for _, rule, text in order]
            source = "|".join(f"(?P<a{i}>{_pattern(t)})" for i, (_, t) in enumerate(alts))
            self._compiled[scope] = (re.compile(source) if alts else None, alts)
        return self._compiled[scope]

    def protected(self, text: str) -> list[tuple[int, int]]:
        """Return the spans of cited documents and keep-phrases in ``text``."""
        spans = [m.span() for c in self.citations for m in c.finditer(text)]
        return spans + [m.span() for k in self.keep for m in k.finditer(text)]

    def rewrite(self, text: str, path: str, whole_item: bool = False) -> Result:
        """Rewrite ``text`` (field ``path``); ``whole_item``: a list item that may be dropped."""
        regex, alts = self._regex(scope_of(path))
        guarded = self.protected(text)
        out, hits, unsafe, replaced, pos = [], [], [], [], 0
        for m in regex.finditer(text) if regex else ():
            if _overlaps(m.span(), guarded):
                continue
            rule = alts[int(m.lastgroup[1:])][0]
            if rule.thanh is None:
                if whole_item and m.span() == (0, len(text)):
                    return Result(None, [Hit(rule.id, text, None)], [], [])
                unsafe.append(Hit(rule.id, m.group(), None))
                continue
            after = rule.thanh
            if m.group()[:1].isupper():
                after = upper_first(after)
            out.append(text[pos:m.start()] + after)
            pos = m.end()
            replaced.append(m.span())
            hits.append(Hit(rule.id, m.group(), after))
        out.append(text[pos:])
        signals = self._signals(text, replaced + guarded)
        new = "".join(out)
        if new.startswith(", "):  # a phrase deleted at the start of an item
            new = upper_first(new[2:])
        return Result(new, hits, signals, unsafe)

    def _signals(self, text: str, skip: list[tuple[int, int]]) -> list[Signal]:
        """Return provincial phrases in ``text`` outside the replaced and protected spans."""
        if self.signals is None:
            return []
        found = []
        for m in self.signals.finditer(text):
            if _overlaps(m.span(), skip):
                continue
            start = max(0, text.rfind(" ", 0, max(0, m.start() - 30)) + 1)
            end = text.find(" ", min(len(text), m.end() + 30))
            end = len(text) if end < 0 else end
            excerpt = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            found.append(Signal(m.group(), excerpt))
        return found
