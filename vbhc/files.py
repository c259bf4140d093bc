"""Writing outputs safely: an unpredictable temp file created exclusively in the target
folder, then an exclusive link (or, with --force, a rename) to the final name; reading inputs
only when they are regular files."""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from vbhc.errors import OutputExistsError, VbhcError


class WriteError(VbhcError):
    """An output file could not be written (disk full, read-only folder, name too long...).

    The message is Vietnamese and names the file; nothing was left behind."""


class OutputIsInputError(VbhcError):
    """The output path is one of the command's own inputs; refused even with ``--force``."""


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Return whether ``a`` and ``b`` are one file: the same real path (symlinks followed) or,
    when both exist, the same device and inode (hard links)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        sa, sb = os.stat(a), os.stat(b)
    except (OSError, ValueError):
        return False
    return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)


_READS: contextvars.ContextVar[list[Path] | None] = contextvars.ContextVar("vbhc_reads",
                                                                       default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[list[Path]]:
    """Collect, while the block runs, the files a document led vbhc to read besides the ones
    on the command line (agency profiles, signature and seal images: vbhc.profiles
    ProfileAccess.find): inputs an output may not overwrite, even with --force. Yields the
    list, filled as files are found (real paths)."""
    found: list[Path] = []
    token = _READS.set(found)
    try:
        yield found
    finally:
        _READS.reset(token)


def note_read(path: Path) -> None:
    """Record ``path`` as read for the innermost :func:`recording_reads` block (if any)."""
    found = _READS.get()
    if found is not None:
        found.append(path)


def refuse_input_as_output(target: str | os.PathLike,
                           inputs: Iterable[str | os.PathLike | None]) -> None:
    """Raise ``OutputIsInputError`` if ``target`` is (or links to) one of ``inputs``.

    ``None`` entries are skipped, so optional inputs can be passed as they are. The check
    holds with ``--force`` too: a command never writes over a file it reads.
    """
    InputGuard(inputs).check(target)


class InputGuard:
    """The inputs of one command, indexed so that each output is checked against all of them
    in constant time (a batch of thousands of files): ``guard.check(target)`` raises
    ``OutputIsInputError`` when ``target`` is, or links to, one of them."""

    def __init__(self, inputs: Iterable[str | os.PathLike | None]) -> None:
        self._paths: dict[str, str] = {}
        self._inodes: dict[tuple[int, int], str] = {}
        for source in inputs:
            if source is None:
                continue
            self._paths.setdefault(os.path.realpath(source), os.fspath(source))
            with contextlib.suppress(OSError, ValueError):
                info = os.stat(source)
                self._inodes.setdefault((info.st_dev, info.st_ino), os.fspath(source))

    def check(self, target: str | os.PathLike, real: str | None = None) -> None:
        """Raise ``OutputIsInputError`` if ``target`` is one of the inputs. ``real``:
        ``os.path.realpath(target)`` when the caller has it already."""
        source = self._paths.get(os.path.realpath(target) if real is None else real)
        if source is None:
            with contextlib.suppress(OSError, ValueError):
                info = os.stat(target)
                source = self._inodes.get((info.st_dev, info.st_ino))
        if source is not None:
            raise OutputIsInputError(
                f"tệp đầu ra {target} chính là tệp vào {source}; vbhc không bao giờ ghi lên "
                "tệp vào — chọn tên tệp đầu ra khác (-o)"
            )


_WRITE_REASONS = {
    errno.ENOSPC: "đĩa đã đầy, không còn chỗ trống",
    errno.EDQUOT: "đã hết hạn ngạch dung lượng của người dùng",
    errno.EROFS: "thư mục nằm trên ổ chỉ đọc",
    errno.EACCES: "không có quyền ghi vào thư mục này",
    errno.EPERM: "không có quyền ghi vào thư mục này",
    errno.EFBIG: "tệp vượt giới hạn kích thước tệp của hệ thống (ulimit -f)",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.EISDIR: "đó là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EEXIST: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.ELOOP: "đường dẫn có vòng liên kết tượng trưng",
    errno.EIO: "lỗi vào/ra của ổ đĩa",
}


def os_reason(exc: OSError) -> str:
    """Return the Vietnamese reason for an ``OSError`` (disk full, read-only, name too long,
    ...), the system's own text when vbhc has none."""
    return _WRITE_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


_READ_REASONS = {
    errno.ENOENT: "không có tệp này",
    errno.EACCES: "không có quyền đọc tệp này",
    errno.EPERM: "không có quyền đọc tệp này",
    errno.EISDIR: "đó là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ELOOP: "đường dẫn có vòng liên kết tượng trưng",
    errno.EIO: "lỗi vào/ra của ổ đĩa",
}


def read_reason(exc: OSError) -> str:
    """Return the Vietnamese reason an input could not be read ("không có tệp này", "không có
    quyền đọc tệp này", ...), the system's own text when vbhc has none. One wording for
    every command (render, check, import, derive, template)."""
    return _READ_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__


def write_error(target: str | os.PathLike, exc: OSError) -> WriteError:
    """Return the Vietnamese ``WriteError`` for an ``OSError`` raised while writing ``target``."""
    return WriteError(f"không ghi được {target}: {os_reason(exc)}")


STOP_SIGNALS = {getattr(signal, n) for n in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, n)}
"""The signals that stop vbhc (held by :func:`signals_held`)."""


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGTERM, SIGINT and SIGHUP for the block (POSIX ``pthread_sigmask``; elsewhere a
    no-op): one that arrives meanwhile is delivered, and its handler runs, when it ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


PENDING_TEMPS: set[str] = set()
"""Temporary outputs this process is writing now; a worker stopped by a signal removes
them before it ends (see vbhc.batch)."""

TEMP_PREFIX = ".vbhc-"
"""Temporary outputs are named ``.vbhc-<pid>-<random>.tmp`` in the target folder."""
_TEMP_NAME = re.compile(r"\.vbhc-(\d+)-[^/]*\.tmp")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep_orphan_temps(folders: Iterable[str | os.PathLike], min_age: float = 0) -> list[Path]:
    """Remove the temporary outputs in ``folders`` whose writing process is gone.

    A process killed while writing (``kill -9`` of a batch worker) leaves its
    ``.vbhc-<pid>-*.tmp`` behind; the batch calls this after a worker died, and at its start
    for files older than ``min_age`` seconds (a folder shared with another machine, whose
    pids mean nothing here, keeps its young temporary files). Returns the removed paths;
    files of live processes and every other file are left alone.
    """
    import time

    now = time.time()
    removed = []
    for folder in {Path(f) for f in folders}:
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                match = _TEMP_NAME.fullmatch(entry.name)
                if match and entry.is_file(follow_symlinks=False) \
                        and now - entry.stat(follow_symlinks=False).st_mtime >= min_age \
                        and not _alive(int(match.group(1))):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)
                        removed.append(Path(entry.path))
    return removed


_UMASK_LOCK = threading.Lock()


def _umask() -> int:
    """Return the process's umask. os.umask can only be read by setting it, so the two calls
    are made under a lock: batch writes run in threads (vbhc.batch.render_series), and two
    unlocked reads interleaved read 0 (a 0666 file) and may leave the umask at 0."""
    with _UMASK_LOCK:
        umask = os.umask(0)
        os.umask(umask)
    return umask


_WRITING_LOCK = threading.Lock()
_writing = 0  # write_atomic calls under way in this process (any thread)
_stopping = False  # set by stop_writing: write_atomic refuses to start


def stop_writing(wait: float) -> None:
    """Make write_atomic refuse to start in this process from now on, then wait up to
    ``wait`` seconds for the calls under way (in any thread) to end, each whole or not at
    all. For a worker's stop-signal handler, which then removes PENDING_TEMPS and ends the
    process: a batch worker writes from several threads (vbhc.batch.render_series), and
    one of them could otherwise make a temp after the handler listed them. Never blocks on
    a lock (the handler may have interrupted a write of its own thread)."""
    global _stopping
    import time

    _stopping = True
    deadline = time.monotonic() + wait
    while _writing and time.monotonic() < deadline:
        time.sleep(0.005)


def write_atomic(path: str | os.PathLike, data: bytes, *, force: bool = False,
                 inputs: Iterable[str | os.PathLike | None] = ()) -> Path:
    """Write ``data`` to ``path`` whole or not at all; return the path.

    An existing file (or symlink, even a dangling one) is kept unless ``force``: a clerk's
    finished document is never overwritten by accident, and an interrupted write leaves no
    half file behind. The bytes go to a short, unpredictable temporary name created
    exclusively in the target folder; without ``force`` the final name is then created
    exclusively too (a hard link, which fails atomically if the name exists), so two runs
    writing one file cannot both succeed. With ``force`` the name is replaced
    (``os.replace``): a symlink there is replaced, never followed.

    Raises ``OutputIsInputError`` if ``path`` is one of ``inputs``, ``OutputExistsError``
    if it exists and ``force`` is false, ``WriteError`` (Vietnamese, naming the file) for
    any operating-system failure: disk full, read-only folder, file-size limit, name too
    long, a folder in the way, a file where a folder should be — and for a device, FIFO or
    socket at ``path``, which is never replaced, ``force`` or not.
    """
    global _writing
    with _WRITING_LOCK:
        _writing += 1  # before the check: stop_writing sets _stopping, then reads _writing
    try:
        if _stopping:
            raise WriteError(f"không ghi được {path}: vbhc đang dừng theo yêu cầu")
        return _write_atomic(path, data, force, inputs)
    finally:
        with _WRITING_LOCK:
            _writing -= 1


def _write_atomic(path: str | os.PathLike, data: bytes, force: bool,
                  inputs: Iterable[str | os.PathLike | None]) -> Path:
    """write_atomic's work (see there)."""
    target = Path(path)
    if inputs:
        refuse_input_as_output(target, inputs)
    if os.path.isdir(target):
        raise WriteError(f"không ghi được {target}: đó là một thư mục, không phải tệp")
    with contextlib.suppress(OSError, ValueError):
        mode = os.lstat(target).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise WriteError(f"không ghi được {target}: đó không phải tệp thường (thiết bị, "
                             "FIFO hay socket); vbhc không thay thế loại tệp này")
    if not force and os.path.lexists(target):
        raise OutputExistsError(f"tệp {target} đã có; dùng --force để ghi đè (tệp cũ sẽ bị "
                                "thay thế)")
    try:
        try:
            fd, tmp = _pending_temp(target.parent)
        except FileNotFoundError:  # the folder is made only when it is not there
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = _pending_temp(target.parent)
    except OSError as exc:
        raise write_error(target, exc) from None
    renamed = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        if force:
            os.replace(tmp, target)
            renamed = True
        else:
            _create_exclusively(tmp, target)
    except OSError as exc:
        if isinstance(exc, FileExistsError) and exc.filename2 == os.fspath(target):
            raise OutputExistsError(f"tệp {target} vừa được tạo bởi một tiến trình khác; "
                                    "dùng --force để ghi đè") from None
        raise write_error(target, exc) from None
    finally:
        if not renamed:  # os.replace moved it: nothing left under the temporary name
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        PENDING_TEMPS.discard(tmp)
    return target


def _pending_temp(folder: Path) -> tuple[int, str]:
    """Return (descriptor, path) of a new temporary output in ``folder``, created exclusively
    with an unpredictable name (``tempfile.mkstemp``) and recorded in PENDING_TEMPS; stop
    signals are held until both are done, so a stop between the two leaves nothing behind
    (one that arrived meanwhile raises as the hold ends, after the temp is removed).
    Raises OSError (FileNotFoundError when ``folder`` does not exist)."""
    made = None
    try:
        with signals_held():
            made = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=".tmp",
                                    dir=folder)
            PENDING_TEMPS.add(made[1])
    except BaseException:  # the stop signal held meanwhile raises as the hold ends
        if made is not None:  # before write_atomic could remove it: remove it here
            os.close(made[0])
            with contextlib.suppress(OSError):
                os.unlink(made[1])
            PENDING_TEMPS.discard(made[1])
        raise
    return made


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS,
                  errno.EXDEV, errno.EACCES}


def _create_exclusively(tmp: str, target: Path) -> None:
    """Give the finished temp file ``tmp`` the name ``target`` only if that name is free.

    A hard link is created atomically or fails with EEXIST; where the filesystem has no hard
    links (FAT, some network shares) the name is reserved with O_CREAT|O_EXCL|O_NOFOLLOW and
    then replaced. ``tmp`` is left for the caller to remove. Raises FileExistsError (with
    ``filename2`` = target) when the name is taken.
    """
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "exists", tmp, None, os.fspath(target)) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        os.close(os.open(target, flags, 0o600))
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "exists", tmp, None, os.fspath(target)) from None
    try:
        os.replace(tmp, target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise


MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The largest input file vbhc reads whole (YAML, text, rules); a .docx has its own limits."""


def check_regular(path: str | os.PathLike) -> Path:
    """Return ``path`` if it names a regular file (after symlinks); else raise ReadError.

    FIFOs, sockets and devices are refused before anything opens them: reading a FIFO
    blocks forever and /dev/zero never ends. Raises ``ReadError`` (exit 2) with a
    Vietnamese message naming the file.
    """
    from vbhc.errors import ReadError

    target = Path(path)
    try:
        mode = target.stat().st_mode
    except OSError as exc:
        raise ReadError(f"{target}: không đọc được tệp ({read_reason(exc)})") from None
    if stat.S_ISDIR(mode):
        raise ReadError(f"{target}: là thư mục, không phải tệp")
    if not stat.S_ISREG(mode):
        raise ReadError(f"{target}: không phải tệp thường (FIFO, thiết bị hay socket); "
                        "vbhc chỉ đọc tệp thường")
    return target


def read_input_bytes(path: str | os.PathLike, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Return the bytes of the regular file ``path``, at most ``max_bytes`` of them.

    The file is opened without blocking and checked again after opening (a FIFO swapped in
    between is still refused). Raises ``ReadError`` (exit 2) for special files, unreadable
    files and files larger than ``max_bytes``.
    """
    from vbhc.errors import ReadError

    target = check_regular(path)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"{target}: không đọc được tệp ({read_reason(exc)})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReadError(f"{target}: không phải tệp thường; vbhc chỉ đọc tệp thường")
        # Ask for the size the file has (+1), not for max_bytes + 1 at once: a read of n
        # bytes allocates n first (256 MB here, ~50 µs of CPU per small file). A file that
        # grew since fstat is read on, to max_bytes + 1 bytes in all as before.
        want = min(info.st_size, max_bytes) + 1
        data = handle.read(want)
        if len(data) == want and want <= max_bytes:
            data += handle.read(max_bytes + 1 - want)
    if len(data) > max_bytes:
        raise ReadError(f"{target}: tệp lớn quá {max_bytes // (1024 * 1024)} MB")
    return data


def write_generated(folder: Path, contents: dict[str, str], pattern: str) -> None:
    """Make ``folder`` hold exactly ``contents`` (file name -> UTF-8 text) among its files
    matching ``pattern`` (``"*.json"``): the others removed, as stale. For the generated
    folders ``make templates`` writes into the source tree (vbhc/data/da-doc,
    vbhc/data/mau-bien-dich); raises OSError as the file system does."""
    folder.mkdir(exist_ok=True)
    for old in folder.glob(pattern):
        if old.name not in contents:
            old.unlink()
    for name, text in contents.items():
        (folder / name).write_text(text, "utf-8")
