"""Render many documents: inputs as files, folders or globs; workers; partial failure."""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from vbhc.errors import InputError, Problem, ReadError, VbhcError
from vbhc.files import os_reason

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from vbhc.model.common import VanBan
    from vbhc.model.layout import Block

YAML_SUFFIXES = (".yaml", ".yml")
T = TypeVar("T")


@dataclass
class Outcome:
    """What happened to one input: the file written, or the errors that stopped it.

    ``errors`` are ``lỗi`` Problems (empty when the file was written), ``warnings`` the
    loader's ``cảnh báo`` Problems; ``exit_code`` is the one the errors call for (0 if ok).
    """

    source: Path
    target: Path
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    exit_code: int = 0

    @property
    def ok(self) -> bool:
        """True when ``target`` was written (no errors)."""
        return not self.errors


def expand_inputs(items: Iterable[str]) -> list[Path]:
    """Return the YAML files named by ``items``: files as given, folders' *.yaml sorted,
    glob patterns expanded and sorted. A plain name matching nothing is kept (and fails
    later). Raises ``ReadError`` (exit 2) for a folder that cannot be listed or holds no
    .yaml file, and for a pattern that matches nothing: nothing to do is said, not silent."""
    out: list[Path] = []
    for item in items:
        path = Path(item)
        if path.is_dir():
            try:
                found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES)
            except OSError as exc:
                raise ReadError(f"{path}: không đọc được thư mục ({os_reason(exc)})") from None
            if not found:
                raise ReadError(f"{path}: thư mục không có tệp .yaml nào để dựng")
            out += found
        elif glob.has_magic(item):
            matched = [Path(p) for p in sorted(glob.glob(item))]
            if not matched:
                raise ReadError(f"{item}: không có tệp nào khớp mẫu này")
            out += matched
        else:
            out.append(path)
    return out


def names_folder(output: str) -> bool:
    """Return whether ``-o output`` means a folder: it ends with a slash (or the OS
    separator) or names an existing folder. Never raises."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def nfc_name(path: Path, suffix: str) -> Path:
    """Return ``path``'s stem with ``suffix``, the name in Unicode NFC: "Kế hoạch" typed on
    a Mac (NFD) and on Windows (NFC) names one output file, not two that look alike."""
    return path.with_name(unicodedata.normalize("NFC", path.stem) + suffix)


def targets_for(sources: list[Path], output: str | None, suffix: str = ".docx") -> list[Path]:
    """Return each source's output path: beside it; at ``output``; or inside ``output`` when it
    is a folder (see names_folder) or several inputs share it. Generated names are NFC."""
    if output is None:
        return [nfc_name(s, suffix) for s in sources]
    if len(sources) > 1 or names_folder(output):
        return [nfc_name(Path(output) / s.name, suffix) for s in sources]
    return [Path(output)]


def _target_key(real: str) -> str:
    """Return the key under which two targets are one file: the resolved path ``real``
    (``os.path.realpath`` of the target) in NFC."""
    return unicodedata.normalize("NFC", real)


def verified_bytes(doc: VanBan, name: str, template: str | os.PathLike | None = None,
                   body: list[Block] | None = None) -> bytes:
    """Return ``doc`` rendered (vbhc.renderer.pipeline.render_bytes), after the checker has
    read the result: vbhc never hands out a document that ``vbhc check`` calls wrong.

    ``name`` is the file the bytes will become (for messages). Raises InputError (exit 1)
    listing every check error (rule, paragraph, ND30 reference) when there is one — a custom
    template that breaks the layout, or a slip no normalisation caught — and whatever
    render_bytes raises. Check warnings do not stop it. Costs one check of the entries
    render_bytes hands over, not unzipped again (~4 ms of CPU a commune plan: vbhc.docx
    keeps what the template's parts and styles decide across a batch). ``body``: the body
    blocks vbhc.loader.load laid out for ``doc`` (its ``layout``), passed to render_bytes.
    """
    from vbhc.checker.checker import check_parts
    from vbhc.renderer.pipeline import render_bytes

    parts: dict[str, bytes] = {}  # the zip's entries: checked without unzipping them
    trees: dict = {}  # and the tree document.xml was written from: not parsed again
    data = render_bytes(doc, template, parts_out=parts, body=body, trees_out=trees)
    errors = check_parts(parts, name, trees, errors_only=True)  # warnings do not stop it
    if errors:
        raise InputError([Problem("", f"{name}: vbhc check thấy lỗi thể thức trong văn bản "
                                      "vừa dựng nên không ghi tệp; sửa nội dung hoặc mẫu:"),
                          *errors])
    return data


def load_checked(source: Path, target: Path, template: Path | None,
                 profile_dirs: tuple[Path, ...], warnings: list[Problem],
                 layout: list[list[Block]] | None = None, *,
                 guarded: bool = False) -> tuple[Any, list]:
    """Return (the document loaded from ``source``, every input it was made from: source,
    template, and the profiles and images it names), refusing a ``target`` that is one of
    them (OutputIsInputError, even with --force). Raises what ``vbhc.loader.load`` raises.
    ``layout`` receives the document's body blocks (vbhc.loader.load's ``layout``).
    ``guarded``: the caller has already refused a ``target`` that is ``source`` or
    ``template`` (render_many's InputGuard over the whole batch), so only the profiles and
    images read are checked here; the loader refuses a source that is not a regular file
    with the same ReadError either way."""
    from vbhc.files import check_regular, recording_reads, refuse_input_as_output
    from vbhc.loader import load

    if not guarded:
        check_regular(source)
        refuse_input_as_output(target, [source, template])
    with recording_reads() as read:  # profiles and images the document names
        doc = load(source, warnings, profile_dirs=profile_dirs, layout=layout)
    if read:  # nothing read besides source and template: nothing more to refuse
        refuse_input_as_output(target, read)
    return doc, [source, template, *read]


def captured(outcome: Outcome, exc: VbhcError | OSError) -> Outcome:
    """Return ``outcome`` with the error ``exc`` recorded as its problems and exit code (an
    OSError no layer below named yet becomes a one-line problem, exit 1)."""
    from vbhc.files import os_reason

    if isinstance(exc, VbhcError):
        outcome.errors = exc.as_problems()
        outcome.exit_code = exc.exit_code
    else:
        name = exc.filename or outcome.target
        outcome.errors = [Problem("", f"{outcome.source}: {name}: {os_reason(exc)}")]
        outcome.exit_code = 1
    return outcome


def render_one(source: Path, target: Path, force: bool,
               template: Path | None = None, profile_dirs: tuple[Path, ...] = (),
               guarded: bool = False) -> Outcome:
    """Load and render one document; errors are captured, not raised. Profiles are read from
    the document's folder tree and ``profile_dirs`` only (see vbhc.profiles). ``target`` may
    not be ``source`` or ``template``; ``guarded``: ``render_many`` has checked that
    against the whole batch already (see :func:`load_checked`)."""
    from vbhc.files import write_atomic

    outcome, data = _made(source, target, template, profile_dirs, guarded)
    if data is not None:
        try:
            write_atomic(target, data, force=force)
        except (VbhcError, OSError) as exc:
            return captured(outcome, exc)
    return outcome


def _made(source: Path, target: Path, template: Path | None,
          profile_dirs: tuple[Path, ...], guarded: bool) -> tuple[Outcome, bytes | None]:
    """Return the Outcome of loading, rendering and checking ``source`` for ``target`` (as
    render_one) and the .docx bytes to write, None when an error stopped it.

    The document is made with the cyclic garbage collector paused (vbhc.gcpause.gc_paused,
    put back as it was): one document's work is bounded by the input limits and
    leaves no cyclic garbage (a commune plan leaves none), and a collection that ran in the
    middle of it would walk all its live trees and tables for nothing. In a batch the
    collector then runs between documents, when next to nothing of the last one is alive,
    so any cyclic garbage one leaves is still collected before the next is made."""
    from vbhc.gcpause import gc_paused

    outcome = Outcome(source, target)
    try:
        with gc_paused(freeze=False):
            layout: list[list[Block]] = []  # laid out and checked by the loader, used as is
            doc, _inputs = load_checked(source, target, template, profile_dirs,
                                        outcome.warnings, layout, guarded=guarded)
            return outcome, verified_bytes(doc, str(target), template, layout[0])
    except (VbhcError, OSError) as exc:
        return captured(outcome, exc), None


WRITES_AHEAD = 4
"""Most documents render_series has made and is still writing: their bytes are what it holds
beyond the document in hand (a commune plan's are ~15 KB)."""


def render_series(work: list[tuple], on_done: Callable[[Outcome], None] | None = None
                  ) -> list[Outcome]:
    """Return render_one(*args) for every ``args`` of ``work``, in order, made one after the
    other in this process while the finished ones are written by up to WRITES_AHEAD threads
    (vbhc.files.write_atomic: each file whole, flushed to disk, then put in place), so the
    wait for the disk overlaps the next document's work. ``on_done`` is called with each
    Outcome once its file is written (or it failed). An exception (Ctrl-C, SIGTERM in the
    main thread) propagates after the writes in flight have ended, each written whole or
    not at all."""
    from collections import deque
    from concurrent.futures import Future, ThreadPoolExecutor

    from vbhc.files import write_atomic

    outcomes: list[Outcome] = []
    pending: deque[tuple[Outcome, Future | None]] = deque()

    def settle() -> None:
        outcome, future = pending.popleft()
        if future is not None:
            try:
                future.result()
            except (VbhcError, OSError) as exc:
                outcome = captured(outcome, exc)
        outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    with ThreadPoolExecutor(max_workers=WRITES_AHEAD, thread_name_prefix="vbhc-ghi") as pool:
        for source, target, force, template, profile_dirs, guarded in work:
            outcome, data = _made(source, target, template, profile_dirs, guarded)
            pending.append((outcome, None if data is None else
                            pool.submit(write_atomic, target, data, force=force)))
            del data
            while len(pending) > WRITES_AHEAD or (pending and pending[0][1] is None):
                settle()
        while pending:
            settle()
    return outcomes


_PR_SET_PDEATHSIG = 1


def _stop_worker(_signum: int, _frame: object) -> None:
    """SIGTERM in a worker: remove the temporary output it is writing, then end at once
    (unwinding would not do: the pool's worker loop catches every exception and waits for
    more work). The writes under way in its other threads (render_series) end first, for
    at most a second: none can then make a temp after they are listed."""
    _remove_pending_temps(1.0)
    os._exit(143)


def _remove_pending_temps(wait: float) -> None:
    """Stop new writes and let those under way end (vbhc.files.stop_writing, at most
    ``wait`` seconds), then remove the temporary outputs this process is writing
    (vbhc.files.PENDING_TEMPS)."""
    from vbhc.files import PENDING_TEMPS, stop_writing

    stop_writing(wait)

    for tmp in list(PENDING_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _die_with_parent(parent: int, start_method: str) -> None:
    """Worker initializer: the worker stops when the process that started it dies, even by
    SIGKILL (Linux ``prctl(PR_SET_PDEATHSIG)`` sends SIGTERM; everywhere a thread also
    watches the parent). SIGTERM removes the temporary output the worker is writing and ends it; a
    worker still alive two seconds later ends at once. With the "fork" start method the
    parent is vbhc itself (pid ``parent``); with "forkserver" it is the fork server, which
    exits with vbhc. Ctrl-C is left to vbhc, which stops the workers itself."""
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if hasattr(signal, "SIGHUP"):  # not vbhc's handler, inherited by a forked worker
        signal.signal(signal.SIGHUP, _stop_worker)
    if hasattr(signal, "pthread_sigmask"):  # held by run_in_workers while it forked us
        from vbhc.files import STOP_SIGNALS

        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)

    watched = os.getppid()
    if start_method == "fork" and watched != parent:  # vbhc died before the signal was armed
        os._exit(1)

    def watch() -> None:
        import time

        while os.getppid() == watched:
            time.sleep(0.5)
        with contextlib.suppress(OSError):
            os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(2)
        # the SIGTERM handler has not run (the main thread is in a long call: an fsync on a
        # loaded disk): remove the temporary output from here, then end
        _remove_pending_temps(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="vbhc-cha", daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop ``pool`` now: cancel queued work and kill the workers (used on Ctrl-C, SIGTERM
    or any error in the parent; ``ProcessPoolExecutor`` has no public terminate)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:  # SIGTERM first: the worker removes its temporary output
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.join(2)
            if process.is_alive():
                process.kill()
                process.join(5)


CHUNK_MOST = 16
"""Most items a worker is handed at once (run_in_workers' ``chunked``): a batch of 3,321
commune plans goes out as ~260 hand-overs instead of 3,321, and the last hand-overs shrink
to one item, so no worker is left with a long tail while the others wait."""


def chunks(work: list[tuple], jobs: int, most: int = CHUNK_MOST) -> list[list[tuple]]:
    """Return ``work`` cut, in order, into hand-overs for ``jobs`` workers: each a quarter
    of a worker's share of what is left, at most ``most`` and at least one item."""
    out, start = [], 0
    while start < len(work):
        size = max(1, min(most, (len(work) - start) // (jobs * 4)))
        out.append(work[start:start + size])
        start += size
    return out


def _run_chunk(func: Callable[..., T], chunk: list[tuple]) -> list[T]:
    """Worker side of a hand-over: ``func(*args)`` for every ``args`` of ``chunk``."""
    return [func(*args) for args in chunk]


def run_in_workers(func: Callable[..., T], work: list[tuple], jobs: int, *,
                   killed: Callable[[tuple], T], folders: Iterable[Path],
                   on_done: Callable[[T], None] | None = None,
                   chunked: bool = False,
                   series: Callable[[list[tuple]], list[T]] | None = None) -> list[T]:
    """Return ``func(*args)`` for every ``args`` of ``work``, run by ``jobs`` worker
    processes, in the order they finish (``on_done`` is called with each as it comes).

    Workers die with this process (``_die_with_parent``); on Ctrl-C, SIGTERM or any error
    here they are stopped, the temporary outputs left in ``folders`` removed, and the
    exception propagates. Work whose worker was killed (out of memory, by hand) gets
    ``killed(args)`` as its result. ``func`` and the arguments must pickle. ``chunked``:
    items are handed to the workers a few at a time (:func:`chunks`), which spares most of
    the pool's per-item cost in this process and in the workers; the results of a hand-over
    come back together, and when its worker is killed every item of it gets
    ``killed(args)``, so ``killed`` must tell apart an item that was finished (its output
    written) before the kill. ``series`` (with ``chunked``): runs a whole hand-over in the
    worker instead of ``func`` item by item (render_series: writes overlap the next item).
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from vbhc.files import signals_held, sweep_orphan_temps

    folders = set(folders)
    context = multiprocessing.get_context()
    # The first submit forks the workers. A stop signal that lands during os.fork has its
    # handler run inside the at-fork hooks, where Python ignores the exception it raises: the
    # run went on to exit 0 with a traceback on stderr (or the new worker died of it and
    # every document failed). So stop signals are held while the workers are forked (the
    # mask is inherited; _die_with_parent releases it once the worker's handlers are set).
    forking = signals_held() if context.get_start_method() == "fork" else contextlib.nullcontext()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                               initializer=_die_with_parent,
                               initargs=(os.getpid(), context.get_start_method()))
    results: list[T] = []
    broken = False
    try:
        with forking:
            run = series or partial(_run_chunk, func)  # a hand-over's work, in the worker
            hand_overs = chunks(work, jobs) if chunked else [[args] for args in work]
            futures = {pool.submit(run, chunk): chunk for chunk in hand_overs}
        lost: list[tuple] = []  # the work of hand-overs whose worker was killed
        for future in as_completed(futures):
            try:
                done = future.result()
            except BrokenProcessPool:
                lost += futures[future]
                continue
            for result in done:
                results.append(result)
                if on_done:
                    on_done(result)
        broken = bool(lost)
        if broken:
            # the pool is broken as soon as one worker dies, before the others are stopped:
            # only once every worker has ended can ``killed`` tell what was written (a
            # survivor could still put a file in place after it was judged not written)
            _stop_pool(pool)
        for args in lost:
            results.append(killed(args))
            if on_done:
                on_done(results[-1])
    except BaseException:
        _stop_pool(pool)
        sweep_orphan_temps(folders)
        raise
    else:
        pool.shutdown()
    if broken:  # a killed worker may have left its temporary output behind
        sweep_orphan_temps(folders)
    return results


def file_mark(path: Path) -> tuple[int, int, bool] | None:
    """Return what tells the file at ``path`` from any other (device, inode, whether it holds
    any byte), or None when nothing is there: vbhc.files.write_atomic puts a new file (a new
    inode) in place whole, so a mark that changed to one with bytes means the document was
    written. Not the change time: it also moves when a hard link to the file is replaced
    (two targets that were one file) or its owner, mode or attributes change. An empty file
    is the name a filesystem without hard links reserves before the finished file replaces
    it (vbhc.files._create_exclusively), left by a kill in between: not written."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size > 0


def killed_outcome(args: tuple, before: dict[Path, tuple[int, int, bool] | None]) -> Outcome:
    """Return the Outcome of the render_one ``args`` (source, target, ...) whose worker was
    killed before it answered; ``before``: target -> its file_mark when the batch began.
    A target replaced since by a file with bytes was written whole (its document passed the
    check) and is reported written, with a warning that its own warnings were lost; any
    other is an error (exit 1)."""
    source, target, *_rest = args
    now = file_mark(target)
    if now is not None and now != before[target] and now[2]:
        return Outcome(source, target, warnings=[Problem(
            "", f"{source}: đã ghi {target} nhưng tiến trình dựng bị dừng đột ngột ngay sau "
            "đó, nên các cảnh báo của văn bản này (nếu có) không nhận được; dựng lại tệp này "
            "để xem", severity="cảnh báo")])
    return Outcome(source, target, [Problem(
        "", f"{source}: tiến trình dựng văn bản bị dừng đột ngột (hết bộ nhớ hoặc bị dừng "
        "từ bên ngoài) trước khi dựng xong văn bản này")], exit_code=1)


def _size(path: Path) -> int:
    """Return the size of ``path`` in bytes, 0 when it cannot be read (it fails later)."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def render_many(sources: list[Path], targets: list[Path], *, force: bool = False,
                jobs: int = 1, template: Path | None = None,
                profile_dirs: tuple[Path, ...] = (),
                on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Render every source to its target, ``jobs`` at a time; one failure stops nothing.

    Two inputs that would write the same file (also when their names differ only in Unicode
    normalisation) both fail rather than overwrite each other. Workers die with this
    process; on Ctrl-C or SIGTERM here they are stopped before the exception propagates.
    """
    from vbhc.files import InputGuard, sweep_orphan_temps

    reals = [os.path.realpath(target) for target in targets]  # each resolved once
    seen: dict[str, int] = {}
    for real in reals:
        seen[_target_key(real)] = seen.get(_target_key(real), 0) + 1
    guard = InputGuard([*sources, template])
    work, outcomes = [], []
    for source, target, real in zip(sources, targets, reals, strict=True):
        if seen[_target_key(real)] > 1:
            outcomes.append(Outcome(source, target, [Problem(
                "", f"{source}: nhiều tệp vào cùng ghi ra {target}; đổi tên một tệp")],
                exit_code=1))
            continue
        try:
            guard.check(target, real)
        except VbhcError as exc:
            outcomes.append(Outcome(source, target, [Problem("", f"{source}: {exc}")],
                                    exit_code=1))
        else:
            work.append((source, target, force, template, profile_dirs, True))
    folders = {target.parent for _source, target, *_rest in work}
    sweep_orphan_temps(folders, min_age=3600)  # left by an earlier run killed with kill -9
    if jobs > 1 and len(work) > 1:  # the pool's modules only then: a cold start is shorter
        import multiprocessing

        if multiprocessing.get_start_method() == "fork":
            # one document here: the workers, forked from this process, then start with its
            # caches warm (template, style sheet, check rules) instead of each warming its
            # own. The smallest input: the workers wait for it (a 20,000-row table named
            # first kept them idle for its whole render)
            first = min(range(len(work)), key=lambda i: _size(work[i][0]))
            outcomes.append(render_one(*work[first]))
            if on_done:
                on_done(outcomes[-1])
            work = work[:first] + work[first + 1:]
        before = {args[1]: file_mark(args[1]) for args in work}
        outcomes += run_in_workers(render_one, work, jobs,
                                   killed=lambda args: killed_outcome(args, before),
                                   folders=folders, on_done=on_done, chunked=True,
                                   series=render_series)
    elif len(work) > 1:
        outcomes += render_series(work, on_done)
    else:  # one document: nothing to overlap, and no threads to start on a cold start
        for args in work:
            outcomes.append(render_one(*args))
            if on_done:
                on_done(outcomes[-1])
    order = {s: i for i, s in enumerate(sources)}
    return sorted(outcomes, key=lambda o: order[o.source])
