"""`make bench`: time vbhc against bare docxtpl, whole-process start-up, a province-wide
derivation and batch PDF conversion; print a table with the machine it ran on.

Medians of repeated runs; warm rows render in this process after one warm-up run.
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.check_rows import ROWS as CHECK_ROWS
from bench.check_rows import TARGET_S as CHECK_TARGET_S
from bench.check_rows import measure as check_rows
from bench.units_load import measure as units_load

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "examples" / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
VBHC = str(Path(sys.executable).parent / "vbhc")
TARGETS = {"ratio": 1.3, "help": 0.3, "per_minute": 1000, "memory_mb": 200, "pdf_per_s": 3}


def median_time(func, repeat: int) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def vbhc_render_warm() -> float:
    import vbhc

    plan = vbhc.load(PLAN)
    return median_time(lambda: vbhc.render_bytes(plan), 30)


def bare_docxtpl() -> float:
    """The same content through docxtpl alone: a flat context of strings and RichText built
    once, rendered into the same template; no vbhc model, layout or post-processing."""
    from docxtpl import DocxTemplate, RichText
    from jinja2 import Environment

    import vbhc
    from vbhc.renderer.context import build_context
    from vbhc.renderer.template import template_info, template_path

    plan = vbhc.load(PLAN)
    path = template_path("ke-hoach")
    context, _ = build_context(plan, template_info(path))
    flat = {k: v for k, v in context.items() if k not in ("than", "trich_yeu", "phu_luc")}
    date_line = "ngày      tháng 5 năm 2024"
    flat["trich_yeu"] = RichText(plan.trich_yeu)
    flat["than"] = [{"kieu": d["kieu"], "noi_dung": RichText(str(d["noi_dung"]))}
                    for d in context["than"]]
    flat["phu_luc"] = []
    source = path.read_bytes()
    env = Environment(autoescape=True)
    env.filters["ngay_thang"] = lambda _value: date_line  # the one filter the template uses

    def once() -> None:
        tpl = DocxTemplate(io.BytesIO(source))
        tpl.render(flat, jinja_env=env)
        tpl.save(io.BytesIO())

    return median_time(once, 30)


def process_time(args: list[str], repeat: int = 7) -> float:
    def once() -> None:
        subprocess.run(args, check=True, capture_output=True)

    return median_time(once, repeat)


def render_process() -> float:
    with tempfile.TemporaryDirectory() as out:
        return process_time([VBHC, "render", str(PLAN), "-o", f"{out}/kh.docx", "--force"])


def derive_all() -> tuple[int, float, float] | None:
    """Return (documents, seconds, peak MB) for all post-2025 communes, or None."""
    try:
        import vbhc.derivation  # noqa: F401
    except ImportError:
        return None
    done = subprocess.run([sys.executable, "-m", "bench.derive_all", "1"], cwd=ROOT,
                          check=False, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
        return None
    count, seconds, peak = done.stdout.split()
    return int(count), float(seconds), float(peak)


def pdf_batch(n: int = 20) -> float | None:
    """Return documents per second for one LibreOffice process converting ``n`` files."""
    import vbhc
    from vbhc.pdf import convert, find_soffice

    if find_soffice() is None:
        return None
    plan = vbhc.load(PLAN)
    with tempfile.TemporaryDirectory() as out:
        files = [vbhc.render(plan, Path(out) / f"kh-{i}.docx") for i in range(n)]
        start = time.perf_counter()
        convert(files, force=True)
        return n / (time.perf_counter() - start)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    soffice = shutil.which("soffice")
    office = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                            check=False).stdout.strip() if soffice else "không có LibreOffice"
    return (f"{cpu}, {os.cpu_count()} lõi; Python {platform.python_version()}; "
            f"{platform.system()} {platform.release()}; {office}")


def main() -> None:
    rows = []
    warm = vbhc_render_warm()
    bare = bare_docxtpl()
    rows.append(("1. render ví dụ Lạng Sơn, trong tiến trình, đã nóng", f"{warm * 1000:.1f} ms",
                 ""))
    ratio = warm / bare
    rows.append(("2. docxtpl trần, ngữ cảnh phẳng, cùng mẫu", f"{bare * 1000:.1f} ms",
                 f"tỷ lệ 1/2 = {ratio:.2f} (mục tiêu ≤ {TARGETS['ratio']})"))
    help_time = process_time([VBHC, "--help"])
    rows.append(("3a. vbhc --help, tiến trình mới", f"{help_time:.3f} s",
                 f"mục tiêu < {TARGETS['help']} s"))
    rows.append(("3b. vbhc render, tiến trình mới", f"{render_process():.3f} s", ""))
    derived = derive_all()
    if derived:
        count, seconds, peak = derived
        per_minute = count / seconds * 60
        rows.append((f"4. dẫn xuất + dựng {count} xã (sau 01/7/2025)",
                     f"{count / seconds:.1f} văn bản/s",
                     f"{per_minute:.0f}/phút (mục tiêu ≥ {TARGETS['per_minute']}); "
                     f"bộ nhớ đỉnh {peak:.0f} MB (mục tiêu < {TARGETS['memory_mb']})"))
    else:
        rows.append(("4. dẫn xuất + dựng mọi xã", "chưa có", "vbhc.derivation chưa có"))
    pdf = pdf_batch()
    rows.append(("5. PDF 20 văn bản, một tiến trình LibreOffice",
                 f"{pdf:.1f} văn bản/s" if pdf else "không có LibreOffice",
                 f"mục tiêu ≥ {TARGETS['pdf_per_s']}/s"))
    load_ms, load_files = units_load()
    rows.append(("6. nạp danh mục đơn vị của tỉnh ban hành (Thanh Hóa), tiến trình mới",
                 f"{load_ms:.1f} ms", f"{load_files} tệp tỉnh trong 63; mục tiêu < 50 ms"))
    rows.append((f"7. vbhc check, bảng {CHECK_ROWS:,} dòng".replace(",", "."),
                 f"{check_rows():.1f} s", f"mục tiêu < {CHECK_TARGET_S} s"))
    width = max(len(r[0]) for r in rows)
    print(f"Máy: {machine()}")
    print(f"{'phép đo'.ljust(width)} | {'kết quả':>16} | ghi chú")
    print(f"{'-' * width}-+-{'-' * 16}-+-{'-' * 40}")
    for name, value, note in rows:
        print(f"{name.ljust(width)} | {value:>16} | {note}")


if __name__ == "__main__":
    main()
