"""What a derivation did: a Change per rewrite or drop, a Problem per warning, in the order
they were made, for review and --diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from vbhc.errors import Problem
from vbhc.model.ke_hoach import KeHoach

Kind = Literal["rewrite", "drop"]
KIND_LABELS = {"rewrite": "thay", "drop": "bỏ"}
WARNING_LABEL = "cảnh báo"


@dataclass(frozen=True)
class Change:
    """One decision: which rule, where (field path in the source plan), before and after.

    Paths name the field in the provincial plan; text added by a rule (``before`` None)
    names its place in the derived plan. ``kind`` "drop" always carries the reason in
    ``note``.
    """

    rule: str
    path: str
    before: str | None
    after: str | None
    kind: Kind = "rewrite"
    note: str = ""


def derive_warning(rule: str, path: str, excerpt: str, message: str) -> Problem:
    """Return a derive warning: severity ``cảnh báo``, ``rule`` the rule id, ``path`` the
    field path in the source plan, ``excerpt`` the text concerned, ``message`` what to do."""
    return Problem(path, message, severity="cảnh báo", rule=rule, excerpt=excerpt)


class Derivation(NamedTuple):
    """The derived plan (validated) and the log of every decision, in order: Changes
    (rewrites, drops) and Problems (warnings a clerk must review by hand)."""

    plan: KeHoach
    log: list[Change | Problem]

    @property
    def changes(self) -> list[Change]:
        """Return the rewrites and drops, in order."""
        return [c for c in self.log if isinstance(c, Change)]

    @property
    def warnings(self) -> list[Problem]:
        """Return the warnings (severity ``cảnh báo``, ``rule`` the rule id, ``path`` the
        field, ``excerpt`` the text), in order."""
        return [p for p in self.log if isinstance(p, Problem)]


def _short(text: str | None, width: int) -> str:
    if text is None:
        return "∅"
    text = " ".join(text.split())
    return f"“{text if len(text) <= width else text[: width - 1] + '…'}”"


def describe(record: Change | Problem, width: int = 90) -> str:
    """Return one line for --diff: ``[rule] (kind) path: “before” → “after” — note`` for a
    Change, ``[rule] (cảnh báo) path: “excerpt” — message`` for a warning; texts longer
    than ``width`` characters are cut with "…"."""
    if isinstance(record, Problem):
        line = f"[{record.rule}] ({WARNING_LABEL}) {record.path}: {_short(record.excerpt, width)}"
        return line + (f" — {record.message}" if record.message else "")
    line = f"[{record.rule}] ({KIND_LABELS[record.kind]}) {record.path}: "
    line += f"{_short(record.before, width)} → {_short(record.after, width)}"
    return line + (f" — {record.note}" if record.note else "")
