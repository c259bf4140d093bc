"""Errors a clerk sees: Vietnamese messages naming the field, the file and the line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["lỗi", "cảnh báo"]
"""How serious a Problem is: ``lỗi`` stops the command, ``cảnh báo`` is reported."""


@dataclass(frozen=True)
class Problem:
    """One problem vbhc reports, of any origin: loader error or warning, check finding,
    derive warning. Where it is (a field path in the input, a file and line, or a paragraph
    of a .docx), what is wrong in Vietnamese, and the ND30 source when there is one.

    ``path`` is a field path such as ``nguoi_ky.ho_ten`` ("" when not about one field);
    ``paragraph`` is 1-based in reading order (None = the whole file or not a .docx);
    ``rule`` is the rule id of a check or derive rule ("" for input problems).
    """

    path: str
    message: str
    file: str | None = None
    line: int | None = None
    severity: Severity = "lỗi"
    rule: str = ""
    paragraph: int | None = None
    excerpt: str = ""
    reference: str = ""

    @property
    def is_error(self) -> bool:
        """True for ``lỗi``, False for ``cảnh báo``."""
        return self.severity == "lỗi"

    @classmethod
    def of(cls, item: Problem | str, severity: Severity = "lỗi") -> Problem:
        """Return ``item`` if it is a Problem, else a Problem of ``severity`` whose text
        (``str()``) is exactly ``item`` (no path, file or line): how a message from a layer
        that still speaks in strings joins the one report."""
        if isinstance(item, Problem):
            return item
        return cls("", str(item), severity=severity)

    def __str__(self) -> str:
        """The line a clerk reads. A check finding (``rule`` set, no field ``path``, no
        ``file``) reads ``đoạn N «excerpt»: lỗi [rule] message (reference)`` ("toàn văn bản"
        when ``paragraph`` is None); anything else ``file:line: path: message``."""
        if self.rule and not self.path and self.file is None:
            place = f"đoạn {self.paragraph}" if self.paragraph else "toàn văn bản"
            if self.excerpt:
                place += f" «{self.excerpt}»"
            return f"{place}: {self.severity} [{self.rule}] {self.message} ({self.reference})"
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        field = f"{self.path}: " if self.path else ""
        return f"{where}{field}{self.message}"


class VbhcError(Exception):
    """Base of every error vbhc reports to a user; ``str()`` is the Vietnamese message
    (possibly several lines), ``exit_code`` the command's exit status for it."""

    exit_code = 1

    def as_problems(self) -> list[Problem]:
        """Return this error as report items: one ``lỗi`` Problem whose text is the whole
        message (``InputError`` returns its own problems)."""
        return [Problem("", str(self))]


class InputError(VbhcError):
    """The input document is invalid; ``problems`` lists each problem once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    def as_problems(self) -> list[Problem]:
        """Return ``problems``, in order."""
        return list(self.problems)


class OutputExistsError(VbhcError):
    """The output file exists and overwriting was not asked for."""


class ReadError(VbhcError):
    """A file could not be read at all."""

    exit_code = 2
