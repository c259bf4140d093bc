"""Writing outputs safely: temp file in the target folder, then rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from vbhc.errors import OutputExistsError


def write_atomic(path: str | os.PathLike, data: bytes, *, force: bool = False) -> Path:
    """Write ``data`` to ``path`` whole or not at all; return the path.

    An existing file is kept unless ``force``: a clerk's finished document is never
    overwritten by accident, and an interrupted write leaves no half file behind.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputExistsError(
            f"tệp {target} đã có; dùng --force để ghi đè (tệp cũ sẽ bị thay thế)"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


MAX_INPUT_BYTES = 256 * 1024 * 1024
"""The largest input file vbhc reads whole (YAML, text, rules); a .docx has its own limits."""


def check_regular(path: str | os.PathLike) -> Path:
    """Return ``path`` if it names a regular file (after symlinks); else raise ReadError.

    FIFOs, sockets and devices are refused before anything opens them: reading a FIFO
    blocks forever and /dev/zero never ends. Raises ``ReadError`` (exit 2) with a
    Vietnamese message naming the file.
    """
    import stat

    from vbhc.errors import ReadError

    target = Path(path)
    try:
        mode = target.stat().st_mode
    except OSError as exc:
        raise ReadError(f"{target}: không đọc được tệp ({exc.strerror or exc})") from None
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
    import stat

    from vbhc.errors import ReadError

    target = check_regular(path)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise ReadError(f"{target}: không đọc được tệp ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ReadError(f"{target}: không phải tệp thường; vbhc chỉ đọc tệp thường")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadError(f"{target}: tệp lớn quá {max_bytes // (1024 * 1024)} MB")
    return data
