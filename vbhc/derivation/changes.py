"""What a derivation did: one record per rewrite, drop or warning, for review and --diff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from vbhc.model.ke_hoach import KeHoach

Kind = Literal["rewrite", "drop", "warning"]
KIND_LABELS = {"rewrite": "thay", "drop": "bỏ", "warning": "cảnh báo"}


@dataclass(frozen=True)
class Change:
    """One decision: which rule, where (field path in the source plan), before and after.

    Paths name the field in the provincial plan; text added by a rule (``before`` None)
    names its place in the derived plan.
    """

    rule: str
    path: str
    before: str | None
    after: str | None
    kind: Kind = "rewrite"
    note: str = ""


class Derivation(NamedTuple):
    """The derived plan (validated) and every change made to get it."""

    plan: KeHoach
    changes: list[Change]

    @property
    def warnings(self) -> list[Change]:
        """Return the changes a clerk must review by hand."""
        return [c for c in self.changes if c.kind == "warning"]


def _short(text: str | None, width: int) -> str:
    if text is None:
        return "∅"
    text = " ".join(text.split())
    return f"“{text if len(text) <= width else text[: width - 1] + '…'}”"


def describe(change: Change, width: int = 90) -> str:
    """Return one line for --diff: ``[rule] (kind) path: “before” → “after” — note``."""
    line = f"[{change.rule}] ({KIND_LABELS[change.kind]}) {change.path}: "
    if change.kind == "warning":
        line += _short(change.before, width)
    else:
        line += f"{_short(change.before, width)} → {_short(change.after, width)}"
    return line + (f" — {change.note}" if change.note else "")
