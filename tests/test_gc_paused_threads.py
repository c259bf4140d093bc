"""commands.gcpause.gc_paused from several threads (a service making documents with
vbhc.batch.render_one in a thread pool): the collector is on again once every pause has
ended, whatever the order the threads read, pause and put it back in."""

from __future__ import annotations

import gc
import threading

from vbhc import gcpause


class _SlowReader:
    """gc, whose isenabled() in the thread named "B" waits, after reading, until thread A
    has put the collector back (at most a second: A may have to wait for B): the switch of
    threads between B's read and B's pause."""

    def __init__(self) -> None:
        self.a_paused = threading.Event()
        self.b_read = threading.Event()
        self.a_done = threading.Event()

    def isenabled(self) -> bool:
        on = gc.isenabled()
        if threading.current_thread().name == "B":
            self.b_read.set()
            self.a_done.wait(1)
        return on

    def __getattr__(self, name: str):
        return getattr(gc, name)


def test_the_collector_is_on_after_two_threads_paused_it(monkeypatch):
    assert gc.isenabled()
    slow = _SlowReader()
    monkeypatch.setattr(gcpause, "gc", slow)

    def a() -> None:
        with gcpause.gc_paused(freeze=False):
            slow.a_paused.set()
            slow.b_read.wait(1)  # B reads the collector's state, if it does, before A ends
        slow.a_done.set()

    def b() -> None:
        assert slow.a_paused.wait(10)
        with gcpause.gc_paused(freeze=False):
            pass

    threads = [threading.Thread(target=a, name="A"), threading.Thread(target=b, name="B")]
    try:
        threads[0].start()
        threads[1].start()
        for t in threads:
            t.join(20)
        assert gc.isenabled()  # was: left off for good (B read it off, paused after A)
    finally:
        gc.enable()


def test_nested_and_failing_pauses_put_the_collector_back():
    assert gc.isenabled()
    try:
        with gcpause.gc_paused(freeze=False):
            with gcpause.gc_paused(freeze=False):
                assert not gc.isenabled()
            assert not gc.isenabled()
            raise KeyboardInterrupt
    except KeyboardInterrupt:
        pass
    assert gc.isenabled()
    gc.disable()
    try:
        with gcpause.gc_paused(freeze=False):
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_a_child_forked_while_another_thread_pauses_can_pause():
    """A process forked while another thread was in a pause (held the pause lock) pauses and
    ends its own pauses: it was: waiting for ever for a lock no thread of it would release."""
    import os
    import time

    gcpause._PAUSE_LOCK.acquire()  # another thread, in the middle of a pause
    try:
        pid = os.fork()
        if pid == 0:  # the child
            try:
                with gcpause.gc_paused(freeze=False):
                    pass
            finally:
                os._exit(0)
        for _ in range(200):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            raise AssertionError("the child waited for the parent's pause lock")
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        gcpause._PAUSE_LOCK.release()


def test_a_check_pauses_the_collector_through_the_counted_pause():
    """vbhc.checker's check is counted with every other thread's pause (its own read-then-
    disable could leave the collector off for good, as gc_paused's could)."""
    from pathlib import Path

    from vbhc.checker.checker import _checked
    from vbhc.docx.package import read_package

    seen = []
    docx = sorted((Path(__file__).parent / "data").rglob("*.docx"))[0]

    def read():
        seen.append((gc.isenabled(), gcpause._PAUSES[0]))
        return read_package(docx, share=True)

    with gcpause.gc_paused(freeze=False):
        _checked(read)
        assert seen == [(False, 2)]
    assert gc.isenabled()
