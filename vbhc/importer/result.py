"""What an import returns: the validated model and the warnings a clerk should review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from vbhc.errors import Problem
from vbhc.model.common import VanBan

Warn = Callable[[str], None]
"""Records one guess of the importer, in Vietnamese, for the clerk to review."""


@dataclass
class ImportResult:
    """The imported document and what the importer guessed or could not place."""

    document: VanBan
    warnings: list[Problem] = field(default_factory=list)
    """Severity ``cảnh báo``, ``file`` the source's name; ``str()`` reads "name: message"."""
