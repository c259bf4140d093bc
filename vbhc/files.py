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
