"""Batch workers take their work a few items at a time (vbhc.batch.chunks, run_in_workers'
``chunked``): every item is done once, in the order handed out, and a worker killed in the
middle of a hand-over never reports a written document as failed, or a missing one as
written."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from vbhc.batch import CHUNK_MOST, Outcome, chunks, file_mark, killed_outcome, run_in_workers
from vbhc.files import write_atomic


@pytest.mark.parametrize("count", [1, 2, 7, 8, 9, 40, 129, 3321])
@pytest.mark.parametrize("jobs", [2, 3, 8])
def test_chunks_cover_the_work_in_order(count, jobs):
    work = [(i,) for i in range(count)]
    cut = chunks(work, jobs)
    assert [args for chunk in cut for args in chunk] == work
    assert all(1 <= len(chunk) <= CHUNK_MOST for chunk in cut)
    assert len(cut[-1]) == 1  # the tail is handed out one by one
    assert [len(c) for c in cut] == sorted((len(c) for c in cut), reverse=True)


def test_a_big_batch_goes_out_in_few_hand_overs():
    assert len(chunks([(i,) for i in range(3321)], 2)) < 300


def _write(source: Path, target: Path, kill_at: str) -> Outcome:
    """A stand-in for render_one: writes the target whole, and kills its own worker on the
    item named ``kill_at`` after writing it."""
    write_atomic(target, b"x", force=True)
    if source.name == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    return Outcome(source, target)


def _double(value: int) -> int:
    return 2 * value


def test_chunked_results_are_the_same_as_one_by_one(tmp_path):
    work = [(i,) for i in range(50)]
    one = run_in_workers(_double, work, 2, killed=lambda a: -1, folders=[tmp_path])
    many = run_in_workers(_double, work, 2, killed=lambda a: -1, folders=[tmp_path],
                          chunked=True)
    seen = []
    run_in_workers(_double, work, 2, killed=lambda a: -1, folders=[tmp_path], chunked=True,
                   on_done=seen.append)
    assert sorted(one) == sorted(many) == sorted(seen) == [2 * i for i in range(50)]


@pytest.mark.parametrize("kill_at", ["3", "0", "39"])
def test_a_killed_hand_over_reports_written_documents_as_written(tmp_path, kill_at):
    out = tmp_path / "ra"
    out.mkdir()
    work = [(Path(str(i)), out / f"{i}.docx", kill_at) for i in range(40)]
    (out / "5.docx").write_bytes(b"old")  # replaced with --force: written only if new
    before = {target: file_mark(target) for _s, target, _k in work}
    outcomes = run_in_workers(_write, work, 2, folders=[out], chunked=True,
                              killed=lambda args: killed_outcome(args[:2], before))
    assert sorted(int(o.source.name) for o in outcomes) == list(range(40))
    for outcome in outcomes:
        written = file_mark(outcome.target) != before[outcome.target]
        assert outcome.ok == written, (outcome.source, outcome.errors)
        if not outcome.ok:
            assert "bị dừng đột ngột" in outcome.errors[0].message
            assert outcome.exit_code == 1
    victim = next(o for o in outcomes if o.source.name == kill_at)
    assert victim.ok and "đã ghi" in victim.warnings[0].message  # written, then killed
    assert victim.warnings[0].severity == "cảnh báo"
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp left


def _late_write(source: Path, target: Path) -> Outcome:
    """A stand-in for render_one: "kill" kills its own worker; "slow" is a worker caught in
    a long write (SIGTERM cannot stop it): its file is in place a second after the pool
    broke, and it ends only when killed."""
    import time

    if source.name == "kill":
        time.sleep(0.5)  # "slow" is under way in the other worker
        os.kill(os.getpid(), signal.SIGKILL)
    if source.name == "slow":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        time.sleep(1.5)
        write_atomic(target, b"x", force=True)
        time.sleep(30)
    return Outcome(source, target)


def test_a_file_written_by_a_surviving_worker_after_the_kill_is_reported_written(tmp_path):
    """One worker killed breaks the pool at once; the others are stopped only after that.
    What each killed hand-over wrote is judged once every worker has ended: a survivor that
    put its file in place meanwhile was reported failed, its file on disk (main too)."""
    out = tmp_path / "ra"
    out.mkdir()
    work = [(Path("slow"), out / "slow.docx"), (Path("kill"), out / "kill.docx")]
    before = {target: file_mark(target) for _s, target in work}
    outcomes = run_in_workers(_late_write, work, 2, folders=[out], chunked=True,
                              killed=lambda args: killed_outcome(args, before))
    assert sorted(o.source.name for o in outcomes) == ["kill", "slow"]
    assert (out / "slow.docx").read_bytes() == b"x"
    for outcome in outcomes:
        assert outcome.ok == outcome.target.exists(), (outcome.source, outcome.errors)


def _write_then_die(source: Path, target: Path, _force: bool, kill_at: str) -> Outcome:
    """A stand-in for render_one: "empty" leaves the empty name a filesystem without hard
    links reserves (vbhc.files._create_exclusively) and is killed before the finished file
    replaces it; ``kill_at`` is written whole, then its worker killed."""
    if source.name == "empty":
        target.touch()
        os.kill(os.getpid(), signal.SIGKILL)
    return _write(source, target, kill_at)


def test_a_killed_hand_over_judges_the_file_not_its_change_time(tmp_path):
    """Two targets that were one file (hard links, --force): replacing the first changed the
    second's ctime, so the second, never written, was reported written; an empty reserved
    name left by a kill was reported written too."""
    out = tmp_path / "ra"
    out.mkdir()
    (out / "0.docx").write_bytes(b"old")
    os.link(out / "0.docx", out / "1.docx")
    for kill_at, first in (("0", "0"), ("", "empty")):
        work = [(Path(str(i)), out / f"{i}.docx", True, kill_at) for i in range(40)]
        work[0] = (Path(first), out / f"{first}.docx", True, kill_at)
        before = {args[1]: file_mark(args[1]) for args in work}
        outcomes = {o.source.name: o for o in run_in_workers(
            _write_then_die, work, 2, folders=[out], chunked=True,
            killed=lambda args, before=before: killed_outcome(args, before))}
        if first == "0":  # 1.docx came after the kill in 0's hand-over: not replaced
            assert outcomes["0"].ok and (out / "1.docx").read_bytes() == b"old"
            assert not outcomes["1"].ok
        else:
            assert (out / "empty.docx").stat().st_size == 0 and not outcomes["empty"].ok


# -------------------------------------------------- writes overlapping the next document

PLANS = Path(__file__).resolve().parents[1] / "examples"


def _work(tmp_path: Path, count: int) -> list[tuple]:
    from vbhc.batch import render_one  # noqa: F401  (the args are render_one's)

    source = PLANS / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
    inputs = tmp_path / "vao"
    inputs.mkdir()
    shutil.copytree(PLANS / "ho-so", inputs / "ho-so")  # the agency profile it names
    work = []
    for i in range(count):
        copy = inputs / f"tb-{i}.yaml"
        copy.write_bytes(source.read_bytes())
        work.append((copy, tmp_path / "ra" / f"tb-{i}.docx", False, None, (), False))
    return work


def test_series_gives_what_one_by_one_gives(tmp_path):
    from vbhc.batch import render_one, render_series

    work = _work(tmp_path, 7)
    (tmp_path / "ra").mkdir()
    (tmp_path / "ra" / "tb-3.docx").write_bytes(b"giu")  # exists, no --force: refused
    seen: list[Outcome] = []

    def done(outcome: Outcome) -> None:  # reported only once its file is in place
        assert outcome.ok == (outcome.target.read_bytes()[:2] == b"PK"), outcome.errors
        seen.append(outcome)

    series = render_series(work, done)
    assert [o.source for o in series] == [o.source for o in seen] == [a[0] for a in work]
    assert not series[3].ok and "đã có" in series[3].errors[0].message
    assert (tmp_path / "ra" / "tb-3.docx").read_bytes() == b"giu"
    data = {o.target.name: o.target.read_bytes() for o in series if o.ok}
    for outcome in series:  # the same files and messages as render_one
        if outcome.ok:
            outcome.target.unlink()
    again = [render_one(*args) for args in work]
    assert [(o.ok, o.errors, o.warnings, o.exit_code) for o in again] == \
        [(o.ok, o.errors, o.warnings, o.exit_code) for o in series]
    assert {o.target.name: o.target.read_bytes() for o in again if o.ok} == data


def test_a_failed_write_is_that_documents_error_only(tmp_path):
    from vbhc.batch import render_series

    work = _work(tmp_path, 5)
    (tmp_path / "ra").mkdir()
    (tmp_path / "ra" / "tb-2.docx").mkdir()  # a folder in the way
    outcomes = render_series(work)
    assert [o.ok for o in outcomes] == [True, True, False, True, True]
    assert "thư mục" in outcomes[2].errors[0].message and outcomes[2].exit_code == 1


def test_an_interrupt_leaves_whole_files_and_no_temp(tmp_path):
    from vbhc.batch import render_series

    work = _work(tmp_path, 12)
    done: list[Outcome] = []

    def stop(outcome: Outcome) -> None:
        done.append(outcome)
        if len(done) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_series(work, stop)
    out = tmp_path / "ra"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    for path in out.iterdir():  # the writes in flight ended whole
        assert path.read_bytes()[:2] == b"PK" and len(path.read_bytes()) > 1000


def test_writes_in_threads_keep_the_umask(tmp_path):
    """render_series writes from up to WRITES_AHEAD threads at once; os.umask can only be read
    by setting it, and two unlocked reads interleaved gave a world-writable 0666 file and
    could leave the process's umask at 0 (every later file and folder world-writable)."""
    import sys
    import threading

    from vbhc.files import _umask

    old_mask, old_switch = os.umask(0o022), sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    wrong: list[int] = []

    def read() -> None:
        wrong.extend(mask for mask in (_umask() for _ in range(20000)) if mask != 0o022)

    try:
        threads = [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(old_switch)
        assert os.umask(old_mask) == 0o022
    assert not wrong


class _Stop(BaseException):
    pass


_ARMED: list[bool] = []


def _signal_in_fork_hook() -> None:
    if _ARMED:
        _ARMED.clear()
        os.kill(os.getpid(), signal.SIGTERM)


@pytest.mark.skipif(not hasattr(os, "register_at_fork"), reason="fork only")
def test_a_stop_signal_during_the_fork_of_the_workers_stops_the_run(tmp_path):
    """A SIGTERM that lands while the workers are forked: its handler ran inside os.fork's
    at-fork hooks, where Python ignores (prints) the exception it raises, so the run went on
    and vbhc exited 0. The signals are held across the fork, then it stops the run."""
    import multiprocessing

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers are not forked from this process")

    def stop(_signum: int, _frame: object) -> None:
        raise _Stop

    os.register_at_fork(after_in_parent=_signal_in_fork_hook)
    old = signal.signal(signal.SIGTERM, stop)
    try:
        _ARMED.append(True)
        with pytest.raises(_Stop):
            run_in_workers(_double, [(i,) for i in range(40)], 2, killed=lambda a: -1,
                           folders=[tmp_path], chunked=True)
    finally:
        _ARMED.clear()
        signal.signal(signal.SIGTERM, old)


_STOPPED_WHILE_A_THREAD_MAKES_ITS_TEMP = """
import os, signal, sys, tempfile, threading, time
from vbhc import files
from vbhc.batch import _stop_worker

real = tempfile.mkstemp

def slow_mkstemp(*args, **kwargs):  # the temp exists, not yet in PENDING_TEMPS
    made = real(*args, **kwargs)
    time.sleep(0.4)
    return made

files.tempfile.mkstemp = slow_mkstemp
signal.signal(signal.SIGTERM, _stop_worker)
out = sys.argv[1]
threading.Thread(target=files.write_atomic, args=(os.path.join(out, "a.docx"), b"x")).start()
time.sleep(0.1)
os.kill(os.getpid(), signal.SIGTERM)
time.sleep(5)
"""


def test_a_stopped_worker_leaves_no_temp_a_writer_thread_was_making(tmp_path):
    """A worker writes from several threads (render_series). Its SIGTERM handler removed the
    temps listed in PENDING_TEMPS and ended; a thread that had just made its temp, not yet
    listed (the signal is held only in the thread making it), left it behind for good when
    vbhc itself was gone (kill -9 of vbhc: the workers get SIGTERM). Now the writes under way
    end first (at most a second) and no new one starts."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _STOPPED_WHILE_A_THREAD_MAKES_ITS_TEMP,
                          str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 143, run.stderr
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".vbhc")]


def test_the_document_made_before_the_workers_start_is_the_smallest(tmp_path, monkeypatch):
    """-j N makes one document in vbhc itself before forking the workers (warm caches); they
    wait for it, so it is the smallest input, not the first: a 20,000-row table named first
    kept both workers idle for its whole render."""
    import multiprocessing

    from vbhc import batch

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the workers are not forked from this process")
    sources = []
    for name, size in (("a-lon", 5000), ("b", 300), ("c-nho", 10), ("d", 400)):
        sources.append(tmp_path / f"{name}.yaml")
        sources[-1].write_bytes(b"#" * size)
    made_here: list[Path] = []
    handed: list[Path] = []
    monkeypatch.setattr(batch, "render_one", lambda source, target, *_a: (
        made_here.append(source), Outcome(source, target))[1])
    monkeypatch.setattr(batch, "run_in_workers", lambda func, work, *a, **k: (
        handed.extend(args[0] for args in work), [Outcome(*args[:2]) for args in work])[1])
    outcomes = batch.render_many(sources, batch.targets_for(sources, str(tmp_path / "ra") + "/"),
                                 jobs=2)
    assert made_here == [tmp_path / "c-nho.yaml"]
    assert handed == [s for s in sources if s.name != "c-nho.yaml"]  # in order
    assert [o.source for o in outcomes] == sources
