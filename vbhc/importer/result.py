"""What an import returns: the validated model and the warnings a clerk should review."""

from __future__ import annotations

from dataclasses import dataclass, field

from vbhc.model.common import VanBan


@dataclass
class ImportResult:
    """The imported document and what the importer guessed or could not place."""

    document: VanBan
    warnings: list[str] = field(default_factory=list)
