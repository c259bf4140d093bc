"""Errors a clerk sees: Vietnamese messages naming the field, the file and the line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in the input: where it is and what is wrong, in Vietnamese."""

    path: str
    message: str
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        field = f"{self.path}: " if self.path else ""
        return f"{where}{field}{self.message}"


class VbhcError(Exception):
    """Base of every error vbhc reports to a user; ``str()`` is the Vietnamese message."""

    exit_code = 1


class InputError(VbhcError):
    """The input document is invalid; ``problems`` lists each problem once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class OutputExistsError(VbhcError):
    """The output file exists and overwriting was not asked for."""


class ReadError(VbhcError):
    """A file could not be read at all."""

    exit_code = 2
