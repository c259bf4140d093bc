"""`make bench` row: loading the unit data of the issuing province in a fresh process.

``python -m bench.units_load`` prints the median milliseconds, over fresh processes, that
``province_of`` takes to read data/don-vi/danh-muc.json and the issuing province's file
(Thanh Hóa: the largest file), and how many province files it parsed (always 1).
"""

from __future__ import annotations

import statistics
import subprocess
import sys

CODE = (
    "import time\n"
    "from vbhc.derivation import units\n"
    "start = time.perf_counter()\n"
    "units.province_of('UBND tỉnh Thanh Hóa', 'Thanh Hóa')\n"
    "print(time.perf_counter() - start, units.load_province.cache_info().currsize)\n"
)


def measure(repeat: int = 7) -> tuple[float, int]:
    """Return (median milliseconds, files parsed) of a cold province lookup."""
    times, files = [], 0
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True,
                             check=True).stdout.split()
        times.append(float(out[0]) * 1000)
        files = int(out[1])
    return statistics.median(times), files


if __name__ == "__main__":
    ms, count = measure()
    print(f"{ms:.1f} ms, {count} tệp tỉnh")
