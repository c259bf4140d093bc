"""The cyclic garbage collector paused around a block, in any thread (issue 21).

One document's work (load, render, check) makes next to no cyclic garbage and is bounded
by the input limits, so vbhc pauses the collector while it is made: a collection in the
middle of it would walk all its live trees and tables for nothing. A command's imports are
made paused too, and then frozen. Pauses of several threads (a service rendering from a
thread pool) are counted: the first reads whether the collector was on, the last puts it
back, so none can leave it off for good.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused(freeze: bool = True) -> Iterator[None]:
    """Run the block with the cyclic garbage collector off, then (``freeze``) freeze what
    exists (``gc.freeze``: never examined again) and put the collector back as it was.

    For a command's imports: a module's classes, functions and tables all live on, so the
    collections that would run while they are made, and every later one that would walk
    them again, find nothing to free. For one document's work (``freeze=False``): bounded
    by the input limits, and it makes next to no cyclic garbage (a 20,000-row table renders
    with the same peak memory either way). Never around a batch: between documents the
    collector runs.
    """
    with _PAUSE_LOCK:  # the first pause of any thread reads the state, the last puts it back
        if not _PAUSES[0]:
            _PAUSES[1] = gc.isenabled()
        _PAUSES[0] += 1
        gc.disable()
    try:
        yield
    finally:
        with _PAUSE_LOCK:
            _PAUSES[0] -= 1
            if freeze:
                gc.freeze()
            if not _PAUSES[0] and _PAUSES[1]:
                gc.enable()


_PAUSES: list = [0, False]
"""[gc_paused blocks running now in any thread, whether the collector was on when the first
of them began]: a thread that read the collector as off because another had paused it, and
ended last, left it off for good."""
_PAUSE_LOCK = threading.Lock()


def _new_pause_lock() -> None:
    """In a forked child: a lock of its own (another thread of the parent may have held it
    when the process forked, and would never release it here)."""
    global _PAUSE_LOCK
    _PAUSE_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_new_pause_lock)
