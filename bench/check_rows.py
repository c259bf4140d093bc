"""`make bench` row: seconds `vbhc check` takes on a 2-column table of 20,000 rows (issue 15:
target under 20 s; the linear growth itself is tests/test_check_linear.py)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROWS = 20_000
TARGET_S = 20


def measure(rows: int = ROWS) -> float:
    """Return the seconds check() takes on a generated table of ``rows`` rows."""
    from tests.test_check_linear import table_docx
    from vbhc.checker import check

    with tempfile.TemporaryDirectory() as out:
        path = table_docx(Path(out) / "bang.docx", rows)
        start = time.perf_counter()
        check(path)
        return time.perf_counter() - start
