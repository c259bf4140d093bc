"""Regular expressions compiled on their first use (a cold ``vbhc render`` compiles only the
patterns its document reaches: ~4 ms of CPU for the ones a plain document never uses)."""

from __future__ import annotations

import re
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``, compiled the first time one of its
    attributes is asked for (``search``, ``match``, ``fullmatch``, ``finditer``, ``sub``,
    ``pattern``...); every later look-up of that attribute finds it on the instance, with
    no further call. The same matches as the compiled pattern: it is the compiled pattern's
    own methods that answer. Raises re.error on first use for a bad pattern."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        """Keep ``pattern`` and ``flags`` (re flags) for the first use."""
        self._args = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        """Return the compiled pattern's attribute ``name``, kept on this instance."""
        if name.startswith("_"):  # copy and pickle probe dunders; _args is always set
            raise AttributeError(name)
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value
