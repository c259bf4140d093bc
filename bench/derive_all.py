"""Derive and render a plan for every commune of Lạng Sơn after 1 July 2025, in one process.

Prints "<documents> <seconds> <peak resident memory in MB>" on stdout.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"


def post_2025_plan():
    """Return the Lạng Sơn example dated after the two-level reorganisation."""
    from vbhc.loader import validate_data

    data = yaml.safe_load(PLAN.read_text("utf-8"))
    data["ngay_ban_hanh"] = {"thang": 8, "nam": 2025}
    return validate_data(data, str(PLAN), base=PLAN.parent)


def main(repeat: int) -> None:
    import datetime as dt

    import vbhc
    from vbhc.derivation import derive_many

    plan = post_2025_plan()
    as_of = dt.date(2025, 7, 1)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        count = 0
        for _ in range(repeat):
            for outcome in derive_many(plan, PLAN.stem, as_of=as_of):
                if outcome.error:
                    raise outcome.error
                vbhc.render(outcome.derivation.plan, Path(out) / f"{outcome.stem}-{count}.docx")
                count += 1
        elapsed = time.perf_counter() - start
    import resource

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
    print(count, elapsed, peak_mb)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1)
