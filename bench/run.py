"""`make bench`: vbhc's speed and memory against its targets (issue 21), like against like.

Every row prints its measure, its target and PASS/FAIL; ratios (vbhc against plain docxtpl
and python-docx writing the same document, growth with table size, cold start against
``python -c "import docxtpl"``) are taken within this one run, so a busy machine moves both
sides. The rows and the machine go to ``out/bench/bench-<UTC time>.json`` (``BENCH_JSON``
names another file) so runs can be compared.

Environment: ``BENCH_BATCH`` limits the commune batch (default: all 3,321 communes);
``BENCH_QUICK=1`` skips the 20,000-row check and the per-document PDF calls;
``ROWS`` (``make bench ROWS=batch,derive``) runs only the groups named (a comma-separated
list of the names in GROUPS: fair, yaml, cold, render, check, import, long, derive,
batch, pdf, units).
Child processes run with bytecode caching on (``PYTHONDONTWRITEBYTECODE`` dropped), as an
installed vbhc and the docxtpl baseline do: otherwise every vbhc module is compiled
from source on each cold start and the baseline's are not.
Inputs are generated into ``out/bench/inputs`` once (bench/inputs.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import inputs
from bench.units_load import measure as units_load

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "out" / "bench"
WORK = OUT / "inputs"
PLAN = inputs.PLAN
VBHC = str(Path(sys.executable).parent / "vbhc")
PY = sys.executable
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Environment of the timed processes: .pyc files written and used, as when installed."""


@dataclass
class Row:
    """One measure: what, its value (unit in ``shown``), the target and whether it is met
    (None: nothing to compare, e.g. no LibreOffice)."""

    name: str
    value: float | None
    shown: str
    target: str
    ok: bool | None


ROWS: list[Row] = []


def row(name: str, value: float | None, shown: str, target: str, ok: bool | None) -> None:
    """Record a row and print it at once (the slow rows come one by one)."""
    ROWS.append(Row(name, value, shown, target, ok))
    verdict = {True: "PASS", False: "FAIL", None: "—"}[ok]
    print(f"{verdict:4} | {name:58} | {shown:>22} | {target}", flush=True)


def best_time(func, repeat: int) -> float:
    """Median seconds of ``repeat`` calls after one warm-up call."""
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


LAST_CPU = 0.0
"""CPU seconds (user + system) of the last ``process`` call: on a machine other work keeps
busy, wall time says little and CPU time still compares runs."""


def process(args: list[str], timeout: float | None = None,
            errors: list[str] | None = None) -> tuple[float, float]:
    """Return (seconds, peak MB of the largest process it ran) of one command; raises
    subprocess.TimeoutExpired past ``timeout`` and RuntimeError when it fails, unless
    ``errors`` is given: its error lines are added there (a batch with failures)."""
    code = ("import resource, subprocess, sys, time\n"
            "start = time.perf_counter()\n"
            "done = subprocess.run(sys.argv[2:], capture_output=True)\n"
            "took = time.perf_counter() - start\n"
            "sys.stderr.buffer.write(done.stderr)\n"
            "if done.returncode and sys.argv[1] == 'strict': sys.exit(1)\n"
            "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
            "print(took, use.ru_maxrss / 1024, use.ru_utime + use.ru_stime)\n")
    mode = "strict" if errors is None else "lenient"
    done = subprocess.run([PY, "-c", code, mode, *args], capture_output=True, text=True,
                          timeout=timeout, check=False, cwd=ROOT, env=CHILD_ENV)
    if errors is not None:
        errors += [line for line in done.stderr.splitlines() if line.startswith("Lỗi")]
    if done.returncode:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip()
                           else f"{args[0]} thất bại")
    seconds, peak, cpu = done.stdout.split()
    global LAST_CPU
    LAST_CPU = float(cpu)
    return float(seconds), float(peak)


def process_time(args: list[str], repeat: int = 7) -> float:
    """Median seconds of a fresh process running ``args``."""
    return statistics.median(process(args)[0] for _ in range(repeat))


def in_child(code: str, timeout: float | None = None) -> list[str]:
    """Run ``code`` in a fresh Python process; return the words it printed."""
    done = subprocess.run([PY, "-c", code], capture_output=True, text=True, timeout=timeout,
                          check=True, cwd=ROOT, env=CHILD_ENV)
    return done.stdout.split()


# -- the rows ------------------------------------------------------------------------------

def fair_render() -> None:
    """vbhc against plain docxtpl and python-docx writing the same document (small plan with
    footnotes and appendix; the 1,000-row table report), text compared."""
    import vbhc
    from bench.baselines import docxtpl_renderer, python_docx_renderer, visible_text
    from vbhc.renderer.pipeline import render_bytes

    for label, path, repeat in (("kế hoạch Lạng Sơn (chú thích, phụ lục)", PLAN, 20),
                                ("báo cáo, bảng 1.000 hàng", inputs.table_report(WORK, 1000),
                                 5)):
        doc = vbhc.load(path)
        ours = render_bytes(doc)
        docxtpl, python_docx = docxtpl_renderer(doc), python_docx_renderer(doc, ours)
        same = visible_text(ours) == visible_text(docxtpl()) == visible_text(python_docx())
        row(f"cùng chữ hiển thị: vbhc = docxtpl = python-docx ({label})", None,
            f"{len(visible_text(ours))} đoạn", "bằng nhau", same)
        mine = best_time(lambda doc=doc: render_bytes(doc), repeat)
        checked = best_time(lambda doc=doc: vbhc.render_bytes(doc), repeat)
        plain_tpl = best_time(docxtpl, repeat)
        plain_docx = best_time(python_docx, max(repeat // 4, 2))
        row(f"render_bytes (bộ dựng) {label}", mine, f"{mine * 1000:.1f} ms", "", None)
        row(f"  kèm kiểm tra NĐ30 (vbhc.render_bytes) {label}", checked,
            f"{checked * 1000:.1f} ms", "", None)
        row(f"  vbhc / docxtpl trần, {label}", mine / plain_tpl,
            f"{mine / plain_tpl:.2f}× ({plain_tpl * 1000:.0f} ms)", "≤ 1.00×",
            mine <= plain_tpl)
        row(f"  vbhc / python-docx, {label}", mine / plain_docx,
            f"{mine / plain_docx:.2f}× ({plain_docx * 1000:.0f} ms)", "≤ 1.00×",
            mine <= plain_docx)


def yaml_rows() -> None:
    """One YAML parse per file, with libyaml's C parser."""
    import vbhc
    from vbhc import yaml_in

    fast = yaml_in.LOADER is not yaml_in._PureLoader
    row("YAML đọc bằng libyaml (CParser), một lần mỗi tệp", None,
        yaml_in.LOADER.__name__, "C", fast)
    path = inputs.table_report(WORK, 1000)
    took = best_time(lambda: vbhc.load(path), 5)
    row("nạp YAML -> mô hình, bảng 1.000 hàng", took, f"{took * 1000:.0f} ms", "", None)
    plans = inputs.commune_plans(WORK / "xa-all")[:50]
    took = best_time(lambda: [vbhc.load(p) for p in plans], 3) / len(plans)
    row("nạp kế hoạch cấp xã (YAML -> mô hình, kiểm tra chéo), mỗi văn bản", took,
        f"{took * 1000:.1f} ms", "", None)


def cold_render() -> None:
    """A fresh `vbhc render` of one small file against a fresh `import docxtpl`."""
    with tempfile.TemporaryDirectory() as out:
        small = ROOT / "examples" / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
        took = process_time([VBHC, "render", str(small), "-o", f"{out}/x.docx", "--force"])
    docxtpl = process_time([PY, "-c", "import docxtpl"])
    row("vbhc render một tệp nhỏ, tiến trình mới", took, f"{took:.3f} s", "≤ 0.25 s",
        took <= 0.25)
    row("  / python -c 'import docxtpl' (tiến trình mới)", took / docxtpl,
        f"{took / docxtpl:.2f}× ({docxtpl:.3f} s)", "≤ 2.00×", took <= 2 * docxtpl)
    help_time = process_time([VBHC, "--help"])
    row("vbhc --help, tiến trình mới", help_time, f"{help_time:.3f} s", "< 0.3 s",
        help_time < 0.3)


_RENDER_CHILD = """
import resource, sys, time
from vbhc.loader import load
from vbhc.renderer.pipeline import render_bytes
doc = load(sys.argv[1])
start = time.perf_counter()
render_bytes(doc)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def render_scale() -> None:
    """render_bytes on 5,000 rows; peak memory of load + render on 20,000 rows."""
    import vbhc
    from vbhc.renderer.pipeline import render_bytes

    doc = vbhc.load(inputs.table_report(WORK, 5000))
    took = best_time(lambda: render_bytes(doc), 3)
    row("render_bytes, bảng 5.000 hàng", took, f"{took * 1000:.0f} ms", "≤ 250 ms",
        took <= 0.25)
    big = inputs.table_report(WORK, 20000)
    code = _RENDER_CHILD.replace("sys.argv[1]", repr(str(big)))
    seconds, peak = (float(x) for x in in_child(code))
    row("bộ nhớ đỉnh nạp + dựng bảng 20.000 hàng (tiến trình)", peak,
        f"{peak:.0f} MB ({seconds:.1f} s dựng)", "≤ 200 MB", peak <= 200)


def _docx_of(yaml_path: Path) -> Path:
    target = yaml_path.with_suffix(".docx")
    if not target.exists():
        from vbhc.batch import verified_bytes
        from vbhc.files import write_atomic
        from vbhc.loader import load

        try:
            data = verified_bytes(load(yaml_path), str(target))
        except Exception:  # noqa: BLE001 - check errors on a huge table: write unchecked
            from vbhc.renderer.pipeline import render_bytes

            data = render_bytes(load(yaml_path))
        write_atomic(target, data, force=True)
    return target


def check_rows() -> None:
    """The check on the render path (per commune plan, in one process, as a batch runs it);
    `vbhc check` on 1,000 and 4,000 rows (growth) and 20,000 rows (absolute)."""
    from vbhc.checker import check_bytes
    from vbhc.checker.checker import check_parts
    from vbhc.loader import load
    from vbhc.renderer.pipeline import render_bytes

    plans = inputs.commune_plans(WORK / "xa-60", 60)
    rendered = []
    for path in plans:  # as vbhc.batch.verified_bytes: the zip's entries handed over
        parts: dict[str, bytes] = {}
        trees: dict = {}  # and the tree of document.xml
        rendered.append((render_bytes(load(path), parts_out=parts, trees_out=trees), parts,
                         trees))
    check_parts(rendered[0][1], "x.docx", rendered[0][2])  # warm: rule data, imports
    took = cpu = zipped = float("inf")
    for _round in range(3):  # the best of three passes, as a long batch runs
        start_cpu, start = time.process_time(), time.perf_counter()
        for _data, parts, trees in rendered:
            check_parts(parts, "x.docx", trees)
        took = min(took, (time.perf_counter() - start) / len(rendered))
        cpu = min(cpu, (time.process_time() - start_cpu) / len(rendered))
        start_cpu = time.process_time()
        for data, _parts, _trees in rendered:
            check_bytes(data, "x.docx")  # a file's check: unzip and all
        zipped = min(zipped, (time.process_time() - start_cpu) / len(rendered))
    row(f"kiểm tra NĐ30 một kế hoạch cấp xã vừa dựng ({len(rendered)} văn bản)", cpu,
        f"{took * 1000:.1f} ms ({cpu * 1000:.1f} ms CPU; từ tệp .docx {zipped * 1000:.1f} ms)",
        "", None)  # a share of the batch row, whose target is the issue's
    one, four = _docx_of(inputs.table_report(WORK, 1000)), _docx_of(inputs.table_report(WORK,
                                                                                         4000))
    t1 = min(process([VBHC, "check", str(one)])[0] for _ in range(3))
    t4 = min(process([VBHC, "check", str(four)])[0] for _ in range(2))
    row("vbhc check, bảng 1.000 hàng (mỗi 1.000 hàng)", t1, f"{t1:.2f} s", "", None)
    row("  tăng trưởng: 4.000 hàng / 1.000 hàng", t4 / t1, f"{t4 / t1:.2f}× ({t4:.2f} s)",
        "≤ 5.00×", t4 / t1 <= 5)
    if os.environ.get("BENCH_QUICK"):
        row("vbhc check, bảng 20.000 hàng", None, "bỏ qua (BENCH_QUICK)", "< 20 s", None)
        return
    big = _docx_of(inputs.table_report(WORK, 20000))
    try:
        t20 = process([VBHC, "check", str(big)], timeout=120)[0]
        row("vbhc check, bảng 20.000 hàng", t20, f"{t20:.1f} s", "< 20 s", t20 < 20)
    except subprocess.TimeoutExpired:
        row("vbhc check, bảng 20.000 hàng", None, "> 120 s (dừng)", "< 20 s", False)
    except RuntimeError as exc:  # refused: e.g. over vbhc.docx.limits' paragraph bound
        row("vbhc check, bảng 20.000 hàng", None, f"từ chối: {str(exc)[-70:]}", "< 20 s",
            False)


def import_rows() -> None:
    """`vbhc import` of the rendered 1,000- and 4,000-row reports."""
    one, four = _docx_of(inputs.table_report(WORK, 1000)), _docx_of(inputs.table_report(WORK,
                                                                                          4000))
    with tempfile.TemporaryDirectory() as out:
        t1 = min(process([VBHC, "import", str(one), "-o", f"{out}/a.yaml", "--force"])[0]
                 for _ in range(2))
        t4 = process([VBHC, "import", str(four), "-o", f"{out}/b.yaml", "--force"])[0]
    row("vbhc import, bảng 1.000 hàng", t1, f"{t1:.2f} s", "", None)
    row("  tăng trưởng: 4.000 hàng / 1.000 hàng", t4 / t1, f"{t4 / t1:.2f}× ({t4:.2f} s)",
        "≤ 5.00×", t4 / t1 <= 5)


def long_report() -> None:
    """A 300-page report: render (against docxtpl), check, import."""
    import vbhc
    from bench.baselines import docxtpl_renderer, visible_text
    from vbhc.renderer.pipeline import render_bytes

    path = inputs.long_report(WORK, 300)
    doc = vbhc.load(path)
    mine = best_time(lambda: render_bytes(doc), 3)
    docxtpl = docxtpl_renderer(doc)
    plain_tpl = best_time(docxtpl, 3)
    same = visible_text(render_bytes(doc)) == visible_text(docxtpl())
    row("báo cáo 300 trang: render_bytes", mine, f"{mine * 1000:.0f} ms", "", None)
    row("  / docxtpl trần (cùng chữ hiển thị)", mine / plain_tpl,
        f"{mine / plain_tpl:.2f}× ({plain_tpl * 1000:.0f} ms)", "≤ 1.00×, chữ bằng nhau",
        same and mine <= plain_tpl)
    docx = _docx_of(path)
    with tempfile.TemporaryDirectory() as out:
        rendered = process([VBHC, "render", str(path), "-o", f"{out}/r.docx", "--force"])[0]
        checked = process([VBHC, "check", str(docx)])[0]
        imported = process([VBHC, "import", str(docx), "-o", f"{out}/r.yaml", "--force"])[0]
    row("  vbhc render (tiến trình, gồm kiểm tra)", rendered, f"{rendered:.2f} s", "", None)
    row("  vbhc check", checked, f"{checked:.2f} s", "", None)
    row("  vbhc import", imported, f"{imported:.2f} s", "", None)


def batch_rows() -> None:
    """Every commune of Vietnam after 2025 (3,321 plans) through `vbhc render DIR`."""
    limit = int(os.environ.get("BENCH_BATCH", "0")) or None
    plans = inputs.commune_plans(WORK / f"xa-{limit or 'all'}", limit)
    folder = plans[0].parent
    per_job = {}
    for jobs in (1, 2):
        errors: list[str] = []
        with tempfile.TemporaryDirectory() as out:
            seconds, peak = process([VBHC, "render", str(folder), "-o", f"{out}/", "-j",
                                     str(jobs), "--force"], errors=errors)
            written = len(list(Path(out).glob("*.docx")))
        rate = len(plans) / seconds
        per_job[jobs] = rate
        row(f"lô {len(plans)} kế hoạch cấp xã (mọi xã sau 2025), -j{jobs}", rate,
            f"{rate:.1f} văn bản/s, {peak:.0f} MB", f"≥ {120 * jobs} văn bản/s "
            f"(120/lõi)", rate >= 120 * jobs)
        row("  văn bản mỗi giây CPU (mọi tiến trình)", len(plans) / LAST_CPU,
            f"{len(plans) / LAST_CPU:.1f} văn bản/s CPU", "", None)
        if written < len(plans):
            reasons = sorted({e.split(": ", 2)[-1][:90] for e in errors})
            row(f"  văn bản không dựng được (-j{jobs})", len(plans) - written,
                f"{len(plans) - written}/{len(plans)}", "; ".join(reasons[:2]), None)


def derive_all() -> None:
    """`vbhc derive --all --docx` for the 65 communes of Lạng Sơn after 2025, -j1 and -j2."""
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as out:
            seconds, peak = process([VBHC, "derive", str(PLAN), "--all", "--as-of",
                                     "2025-07-01", "-o", f"{out}/", "--docx", "--force",
                                     "-j", str(jobs)])
            count = len(list(Path(out).glob("*.docx")))
        row(f"derive --all --docx -j{jobs}, {count} xã Lạng Sơn (tiến trình)", seconds,
            f"{seconds:.2f} s ({LAST_CPU:.2f} s CPU), {peak:.0f} MB", "≤ 1.2 s", seconds <= 1.2)


def pdf_rows(n: int = 10) -> None:
    """PDF: one LibreOffice call for ``n`` documents against one call per document."""
    import vbhc
    from vbhc.pdf import convert, find_soffice

    if find_soffice() is None:
        row("PDF", None, "không có LibreOffice", "", None)
        return
    plan = vbhc.load(PLAN)
    with tempfile.TemporaryDirectory() as out:
        files = [vbhc.render(plan, Path(out) / f"kh-{i}.docx") for i in range(n)]
        start = time.perf_counter()
        convert(files, force=True)
        batch = time.perf_counter() - start
        row(f"PDF {n} văn bản, một lần gọi LibreOffice", n / batch, f"{n / batch:.2f} văn bản/s",
            "≥ 3 văn bản/s", n / batch >= 3)
        if os.environ.get("BENCH_QUICK"):
            return
        start = time.perf_counter()
        for path in files:
            convert([path], force=True)
        single = time.perf_counter() - start
    row(f"  / một lần gọi mỗi văn bản ({single:.1f} s cho {n})", single / batch,
        f"lô nhanh hơn {single / batch:.1f}×", "≥ 2×", single / batch >= 2)


def units_row() -> None:
    ms, files = units_load()
    row("nạp danh mục đơn vị tỉnh (Thanh Hóa), tiến trình mới", ms, f"{ms:.1f} ms",
        f"< 50 ms, 1 tệp tỉnh ({files})", ms < 50 and files == 1)


GROUPS = {"fair": fair_render, "yaml": yaml_rows, "cold": cold_render, "render": render_scale,
          "check": check_rows, "import": import_rows, "long": long_report,
          "derive": derive_all, "batch": batch_rows, "pdf": pdf_rows, "units": units_row}
"""The row groups, in the order they run; ``ROWS`` picks some of them."""


def machine() -> dict[str, str | int | None]:
    """The machine the numbers come from."""
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
                            check=False).stdout.strip() if soffice else None
    return {"cpu": cpu, "nproc": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}", "libreoffice": office,
            "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    WORK.mkdir(parents=True, exist_ok=True)
    about = machine()
    print("Máy: " + "; ".join(f"{k} {v}" for k, v in about.items()), flush=True)
    started = dt.datetime.now(dt.UTC)
    wanted = [name.strip() for name in os.environ.get("ROWS", "").split(",") if name.strip()]
    unknown = [name for name in wanted if name not in GROUPS]
    if unknown:
        sys.exit(f"ROWS: không có nhóm {', '.join(unknown)}; có: {', '.join(GROUPS)}")
    for name, part in GROUPS.items():
        if wanted and name not in wanted:
            continue
        try:
            part()
        except Exception as exc:  # noqa: BLE001 - one broken row must not hide the others
            row(part.__name__, None, f"lỗi: {str(exc)[:60]}", "", False)
    failed = [r.name for r in ROWS if r.ok is False]
    print(f"{len(ROWS) - len(failed)}/{len(ROWS)} hàng đạt hoặc không có mục tiêu; "
          f"{len(failed)} FAIL", flush=True)
    target = Path(os.environ.get("BENCH_JSON") or
                  OUT / f"bench-{started.strftime('%Y%m%dT%H%M%SZ')}.json")
    target.write_text(json.dumps({"started": started.isoformat(), "machine": about,
                                  "peak_mb_self": resource.getrusage(
                                      resource.RUSAGE_SELF).ru_maxrss / 1024,
                                  "rows": [asdict(r) for r in ROWS]},
                                 ensure_ascii=False, indent=1), "utf-8")
    print(f"Đã ghi {target}")


if __name__ == "__main__":
    main()
