"""Phrase rewriting in one pass: longest phrase first, cited documents untouched.

Every rule is already formatted for the target (placeholders filled). A field is rewritten
left to right; replaced text is never matched again, so rule order cannot chain rewrites.
Whatever still names a provincial body afterwards is reported, never silently kept.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from vbhc.derivation.names import upper_first

if TYPE_CHECKING:
    from vbhc.derivation.rules import RulePattern


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


@lru_cache(maxsize=8192)
def scope_of(path: str) -> str:
    """Return a field path without indices: "nhiem_vu[0].ten" -> "nhiem_vu.ten" (kept: every
    unit of ``derive --all`` asks for the same paths)."""
    return _INDEX.sub("", path) if "[" in path else path


_INDEX = re.compile(r"\[\d+\]")


KIND_GROUPS = (("huyện", "quận", "thị xã", "thành phố"), ("xã", "phường", "thị trấn", "đặc khu"))
"""Kinds of unit of one level (district-level, commune-level): an enumeration of them in a
phrase ("UBND các huyện, thị xã, thành phố") matches the same kinds in any order and number."""
FORMS = (("UBND", "Ủy ban nhân dân", "Uỷ ban nhân dân"), ("HĐND", "Hội đồng nhân dân"),
         ("MTTQ", "Mặt trận Tổ quốc"))
"""Short and full forms of the same body: a phrase written with one matches the other."""
_SEP = r"(?:\s*,\s*|\s+và\s+|\s*-\s*)"
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_ENUM = re.compile("|".join(
    "(?:" + "|".join(re.escape(k) for k in sorted(g, key=len, reverse=True)) + ")"
    + f"(?:(?:, | và )(?:{'|'.join(re.escape(k) for k in sorted(g, key=len, reverse=True))}))+"
    for g in KIND_GROUPS))


_FORMS_SORTED = sorted(((f, group) for group in FORMS for f in group), key=lambda x: -len(x[0]))
_FORM = re.compile("|".join(rf"(?<!\w){re.escape(f)}(?!\w)" for f, _ in _FORMS_SORTED), re.I)


def _words(text: str) -> str:
    """Return the regex of literal text: flexible spaces, short/full forms interchangeable."""
    out, pos = [], 0
    for m in _FORM.finditer(text):
        out.append(_literal(text[pos:m.start()]))
        group = next(g for f, g in _FORMS_SORTED if f.lower() == m.group().lower())
        out.append("(?:" + "|".join(_literal(f) for f in group) + ")")
        pos = m.end()
    out.append(_literal(text[pos:]))
    return "".join(out)


_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng
_TONE_SPELLINGS = {
    unicodedata.normalize("NFC", a + t + b): unicodedata.normalize("NFC", a + b + t)
    for a, b in (("o", "a"), ("o", "e"), ("u", "y")) for t in _TONES}
_TONE_SPELLINGS.update({new: old for old, new in _TONE_SPELLINGS.items()})
_TONE_SPOT = re.compile("|".join(_TONE_SPELLINGS), re.I)


def _tone_free(text: str) -> str:
    """Return the regex of escaped ``text`` matching either tone placement of oa, oe, uy
    ("hóa" / "hoá", "Thủy" / "Thuỷ"): both spellings are current in official documents, so
    "Sở Văn hoá, Thể thao và Du lịch" is the body the rule names "Sở Văn hóa, ..."."""
    return _TONE_SPOT.sub(
        lambda m: f"(?:{m.group()}|{_TONE_SPELLINGS[m.group().lower()]})", text)


def _literal(text: str) -> str:
    return r"\s+".join(_tone_free(re.escape(part)) for part in text.split(" "))


@lru_cache(maxsize=8192)
def _pattern(phrase: str) -> str:
    """Return the regex of a phrase: any case, flexible spaces, short or full forms (UBND /
    Ủy ban nhân dân, HĐND, MTTQ), and an enumeration of unit kinds ("huyện, thị xã, thành
    phố") matching those kinds in any order and number, so it is rewritten whole or not at
    all."""
    parts, pos = [], 0
    for m in _ENUM.finditer(phrase):
        parts.append(_words(phrase[pos:m.start()]))
        group = next(g for g in KIND_GROUPS if m.group().split(",")[0].split(" và ")[0] in g)
        kind = "(?:" + "|".join(_literal(k) for k in sorted(group, key=len, reverse=True)) + ")"
        alone = not phrase[:m.start()].strip() and not phrase[m.end():].strip()
        parts.append(f"{kind}(?:{_SEP}{kind})" + ("+" if alone else "*") + r"(?!\w)")
        pos = m.end()
    parts.append(_words(phrase[pos:]))
    start = r"(?<!\w)" if phrase[:1].isalnum() else ""
    end = r"(?!\w)" if phrase[-1:].isalnum() else ""
    if _KIND_END.search(phrase):
        end += _NAME_NEXT
    return f"{start}{''.join(parts)}{end}"


def _is_caps(text: str) -> bool:
    """Return True for ALL-CAPS text ("TRÊN ĐỊA BÀN TỈNH"), not for "UBND tỉnh"."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters) and " " in text.strip()


def _same_form(matched: str, after: str) -> str:
    """Return ``after`` in the form ``matched`` used: full names where it spelled them out
    ("Ủy ban nhân dân tỉnh" -> "Ủy ban nhân dân huyện", not "UBND huyện")."""
    for short, full, *more in FORMS:
        written_full = any(f.lower() in matched.lower() for f in (full, *more))
        if short in after and written_full and short not in matched:
            after = after.replace(short, full)
    return after


@lru_cache(maxsize=8192)
def match_case(matched: str, after: str) -> str:
    """Return ``after`` in the case of ``matched``: ALL CAPS, first letter capital, or as is.
    (Kept: the same phrases are matched in every unit's copy of the plan.)"""
    after = _same_form(matched, after)
    if _is_caps(matched):
        return after.upper()
    if matched[:1].isupper():
        return upper_first(after)
    return after


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in spans)


_KIND_END = re.compile(r"(?:tỉnh|huyện|quận|thị xã|thành phố|xã|phường|thị trấn|đặc khu)$",
                       re.IGNORECASE)
_NAME_NEXT = rf"(?!\s+(?-i:[{UPPER}])[^\W\d_]*(?-i:[{UPPER.lower()}]))"
"""After a phrase ending in a kind word ("UBND tỉnh"): not followed by a proper name ("Hà
Tĩnh"), which the match would cut off its noun; an ALL-CAPS word does not count as a name
(titles capitalise every word, and a longer phrase with the name comes first)."""


@lru_cache(maxsize=8192)
def sort_length(text: str) -> int:
    """Return the length a phrase is ordered by: short forms counted as their full form, so
    "UBND tỉnh Hà Tĩnh" comes before "Ủy ban nhân dân tỉnh"."""
    for short, full, *_ in FORMS:
        text = text.replace(short, full)
    return len(text)


@lru_cache(maxsize=8192)
def _first_words(phrase: str) -> frozenset[str]:
    """Return the words a match of ``phrase`` can start with: its first word, every form of
    a body's name (UBND / Ủy ban nhân dân), every kind of an enumeration's level."""
    head = phrase.split(" ")[0]
    head = re.sub(r"\W+$", "", head) or phrase[:1]
    words = {head}  # (cached: the same phrases come back for every unit)
    for group in (*FORMS, *KIND_GROUPS):
        firsts = {f.split(" ")[0] for f in group}
        if head.lower() in {f.lower() for f in firsts}:
            words |= firsts
    return frozenset(words)


@lru_cache(maxsize=8192)
def _starter(word: str) -> str:
    """Return the regex of a first word, bounded like the phrase's own pattern."""
    escaped = _tone_free(re.escape(word))
    return rf"(?<!\w){escaped}" if word[:1].isalnum() else escaped


@lru_cache(maxsize=512)
def _compile(source: str) -> re.Pattern:
    """Return the compiled alternation of a scope's phrases: the same for every unit of a
    province (phrases hold the province's names, not the unit's), so compiled once."""
    return re.compile(source, re.IGNORECASE)


@lru_cache(maxsize=512)
def _alternation(key: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], scope: str
                 ) -> tuple[str, str, tuple[tuple[int, str], ...]]:
    """Return (alternation source, first-words source, (phrase index, text) in the order
    tried: longest first, field-bound rules before the others, then the rules' order) for
    the phrases whose (``tu``, ``trong``) are ``key``, in the field ``scope``. The same for
    every unit of a province (the phrases hold the province's names, not the unit's), so
    worked out once for a whole ``derive --all``."""
    order = sorted(((-sort_length(text), 0 if trong else 1, i), i, text)
                   for i, (tu, trong) in enumerate(key)
                   if Phrase("", tu, None, trong).applies(scope) for text in tu)
    picks = tuple((i, text) for _, i, text in order)
    source = _joined([_pattern(t) for _, t in picks])
    heads = "|".join(sorted({_starter(h) for _, t in picks for h in _first_words(t)},
                            key=lambda w: (-len(w), w)))
    return source, heads, picks


def _joined(patterns: list[str]) -> str:
    """Return the alternation of ``patterns``, the n-th in group ``a<n>``: the match at a
    place is the first pattern, in this order, that matches there. Neighbouring patterns
    that end in the proper-name guard (``_NAME_NEXT``) share one copy of it, placed after
    their groups: ``(?:(?P<a0>A)|(?P<a1>B))G`` tries A then G, then B then G, exactly as
    ``(?P<a0>AG)|(?P<a1>BG)`` does, and the group spans are the same (G matches nothing);
    compiling the guard's letter classes once per run, not once per phrase, makes the
    pattern several times cheaper to compile (once per province and field)."""
    out: list[str] = []
    run: list[str] = []  # the guarded patterns of the current run, without their guard

    def close() -> None:
        if len(run) == 1:
            out.append(run[0][:-1] + _NAME_NEXT + ")")
        elif run:
            out.append("(?:" + "|".join(run) + ")" + _NAME_NEXT)
        run.clear()

    for n, pattern in enumerate(patterns):
        if pattern.endswith(_NAME_NEXT):
            run.append(f"(?P<a{n}>{pattern[:-len(_NAME_NEXT)]})")
        else:
            close()
            out.append(f"(?P<a{n}>{pattern})")
    close()
    return "|".join(out)


Span = tuple[int, int, int, str]
"""A phrase found: (start, end, its place in the scope's order of tries, the text matched)."""
Tries = tuple[str, tuple[int, ...], tuple[tuple[int, str], ...], str]
"""How a scope's phrases are tried (``_scoped``)."""


@lru_cache(maxsize=512)
def _scoped(key: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], scope: str) -> Tries:
    """Return how the phrases of ``key`` are tried in the field ``scope``, in the order of
    ``_alternation``: (the alternation source of the phrases bound to no field, the same
    for every scope, so compiled once per province, not once per scope; for its n-th
    phrase, its place in the scope's order; (place, pattern source) of the scope's
    field-bound phrases; a string naming all of it, the key of ``_matches``)."""
    _source, _heads, picks = _alternation(key, scope)
    base = [(place, text) for place, (i, text) in enumerate(picks) if not key[i][1]]
    bound = tuple((place, _pattern(text)) for place, (i, text) in enumerate(picks)
                  if key[i][1])
    source = _joined([_pattern(text) for _, text in base])
    places = tuple(place for place, _ in base)
    return source, places, bound, "\0".join([source, repr(places), repr(bound)])


@lru_cache(maxsize=8192)
def _matches(name: str, heads: str, text: str, plan: Tries) -> tuple[Span, ...]:
    """Return the phrases found in ``text`` left to right, tried only where ``heads`` (the
    first words of the scope's phrases) match: at such a place, the first phrase in the
    scope's order that matches there (``plan``, from ``_scoped``: the match of the phrases
    bound to no field, unless a field-bound phrase tried before it matches), as one
    alternation of them all would find it. Depends on nothing but its arguments (``name``
    stands for ``plan``): a plan's texts are searched once, not once per unit."""
    source, places, bound, _ = plan
    regex, starter = _compile(source) if places else None, _compile(heads)
    out: list[Span] = []
    pos = 0
    for c in starter.finditer(text):
        at = c.start()
        if at < pos:
            continue
        m = regex.match(text, at) if regex is not None else None
        place = places[int(m.lastgroup[1:])] if m is not None else len(places) + len(bound)
        for before, pattern in bound:
            if before > place:
                break
            other = _compile(pattern).match(text, at)
            if other is not None:
                m, place = other, before
                break
        if m is not None and m.end() > m.start():
            out.append((m.start(), m.end(), place, m.group()))
            pos = m.end()
    return tuple(out)


@lru_cache(maxsize=8192)
def _found(pattern: RulePattern, text: str) -> tuple[Any, ...]:
    """Return the matches of a rules-file pattern (citations, keep-phrases, signals: the
    same objects for every unit, vbhc.derivation.rules.rule_pattern) in ``text``, searched
    once per text; InputError (not cached) when its time limit is reached."""
    return tuple(pattern.finditer(text))


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
        self._compiled: dict[str, tuple[tuple | None, list[tuple[Phrase, str]]]] = {}

    @cached_property
    def _key(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        """The phrases' (``tu``, ``trong``): what the order they are tried in depends on."""
        return tuple((rule.tu, rule.trong) for rule in self.phrases)

    def _regex(self, scope: str) -> tuple[tuple | None, list[tuple[Phrase, str]]]:
        """Return (how the scope's phrases are tried, ``_scoped``; its heads' source), or None
        when no phrase applies, and the (rule, phrase) of each place in the order of tries."""
        if scope not in self._compiled:
            _source, heads, picks = _alternation(self._key, scope)
            alts = [(self.phrases[i], text) for i, text in picks]
            self._compiled[scope] = ((_scoped(self._key, scope), heads) if alts else None, alts)
        return self._compiled[scope]

    def _finditer(self, how: tuple, text: str) -> tuple[Span, ...]:
        """Return the phrases found in ``text`` as the alternation of the scope's phrases
        finds them left to right (``_matches``), tried only where one of its phrases can
        start (a first word, in any case): some hundred phrases are slow to try at every
        character."""
        plan, heads = how
        return _matches(plan[3], heads, text, plan)

    def protected(self, text: str) -> list[tuple[int, int]]:
        """Return the spans of cited documents and keep-phrases in ``text``."""
        spans = [m.span() for c in self.citations for m in _found(c, text)]
        return spans + [m.span() for k in self.keep for m in _found(k, text)]

    def rewrite(self, text: str, path: str, whole_item: bool = False,
                scope: str | None = None) -> Result:
        """Rewrite ``text`` (field ``path``); ``whole_item``: a list item that may be dropped;
        ``scope``: the index-free field whose rules apply (default: that of ``path``; a free
        section of a plan is rewritten as the typed field it stands for)."""
        scope = scope or scope_of(path)
        how, alts = self._regex(scope)
        guarded = self.protected(text)
        out, hits, unsafe, replaced, pos = [], [], [], [], 0
        for start, end, place, found in self._finditer(how, text) if how else ():
            if _overlaps((start, end), guarded):
                continue
            rule = alts[place][0]
            if rule.thanh is None:
                if whole_item and (start, end) == (0, len(text)):
                    return Result(None, [Hit(rule.id, text, None)], [], [])
                unsafe.append(Hit(rule.id, found, None))
                continue
            after = match_case(found, rule.thanh)
            out.append(text[pos:start] + after)
            pos = end
            replaced.append((start, end))
            hits.append(Hit(rule.id, found, after))
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
        for m in _found(self.signals, text):
            if _overlaps(m.span(), skip):
                continue
            start = max(0, text.rfind(" ", 0, max(0, m.start() - 30)) + 1)
            end = text.find(" ", min(len(text), m.end() + 30))
            end = len(text) if end < 0 else end
            excerpt = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            found.append(Signal(m.group(), excerpt))
        return found
