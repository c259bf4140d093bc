"""The importer's one error: the file cannot be read as an administrative document."""

from __future__ import annotations

from vbhc.errors import ReadError


class NotImportable(ReadError):
    """A file that is unreadable, not administrative, or of a kind not yet importable (exit 2)."""

    def __init__(self, source: str, message: str) -> None:
        self.source = source
        super().__init__(f"{source}: {message}")
