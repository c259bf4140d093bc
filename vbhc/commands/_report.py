"""The one place where outcomes become output and exit codes.

Every command reports through here, in click's exception model:

- ``report(problems)`` prints ``vbhc.errors.Problem`` items (loader warnings, render
  failures, import warnings...) as ``Cảnh báo: ...`` / ``Lỗi: ...`` lines on stderr;
- an exception that ends a command (a ``VbhcError``, an ``OSError`` no layer named, a
  memory error, Ctrl-C, SIGTERM, a bug) becomes a ``Failed`` (a ``click.ClickException``)
  through ``failure()``: click prints it and exits with its code; ``report_errors`` wraps
  a command's callback so that happens;
- a command that goes on past failures (several files) ends with ``exit_with(worst)``.

The codes are ``EXIT_CODES`` (the README's table).
"""

from __future__ import annotations

import functools
import os
import signal
from collections.abc import Callable, Iterable
from typing import IO, Any, NoReturn, TypeVar

import click

from vbhc.errors import Problem, VbhcError

EXIT_CODES = {
    0: "thành công (có thể có cảnh báo)",
    1: "văn bản hoặc tệp vào có lỗi nội dung; tệp đầu ra đã có hoặc không ghi được",
    2: "không đọc được tệp vào (không có, không phải tệp thường, hỏng)",
    3: "lỗi nội bộ của vbhc (một lỗi lập trình: hãy báo cho nhóm phát triển)",
    4: "LibreOffice không tạo được PDF (hỏng, quá thời gian, không chạy được); .docx vẫn ghi",
    5: "vbhc ky --kiem-tra: chữ ký còn nguyên nhưng chưa kiểm tra chuỗi chứng thư (không có "
       "--tin-cay), chưa xác minh được người ký",
    130: "dừng bằng Ctrl-C (SIGINT)",
    143: "dừng bằng SIGTERM (129: SIGHUP)",
}
"""Every exit code of the vbhc command, documented in the README."""

F = TypeVar("F", bound=Callable[..., Any])


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwind like Ctrl-C so every temp file is removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: object) -> None:
    raise Stopped(signum)


def catch_termination() -> None:
    """Turn SIGTERM and SIGHUP into ``Stopped`` in the main thread (no-op elsewhere), so a
    killed run still removes its temporary files and LibreOffice process group; ignore
    SIGXFSZ so a file-size limit is an EFBIG write error with a message."""
    try:
        for signum in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
            if signum is not None:
                signal.signal(signum, _stop)
        if hasattr(signal, "SIGXFSZ"):  # past ulimit -f: EFBIG (a message), not a core dump
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    except (ValueError, OSError):  # not the main thread
        return


def problem_lines(problems: Iterable[Problem | str]) -> list[str]:
    """Return the stderr lines for ``problems`` in order (a plain string counts as an error).

    A warning is one line, ``Cảnh báo: <problem>``. Errors that follow each other are one
    message, as ``InputError``'s text is: their texts joined by newlines, then one
    ``Lỗi: <line>`` per line of that (so a multi-line message keeps its prefix per line).
    """
    lines: list[str] = []
    errors: list[str] = []

    def flush() -> None:
        lines.extend(f"Lỗi: {line}" for line in "\n".join(errors).splitlines())
        errors.clear()

    for problem in map(Problem.of, problems):
        if problem.is_error:
            errors.append(str(problem))
        else:
            flush()
            lines.append(f"Cảnh báo: {problem}")
    flush()
    return lines


def report(problems: Iterable[Problem | str]) -> None:
    """Print ``problems`` on stderr (see ``problem_lines``); the caller decides the exit."""
    for line in problem_lines(problems):
        click.echo(line, err=True)


class Failed(click.ClickException):
    """A command ended: ``lines`` go to stderr as they are, then vbhc exits ``exit_code``."""

    def __init__(self, lines: list[str], exit_code: int) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the lines (stderr unless ``file``), nothing else: no "Error:" prefix."""
        for line in self.lines:
            click.echo(line, file=file, err=file is None)


def failure(exc: BaseException) -> Failed | None:
    """Return the ``Failed`` that reports ``exc`` to the clerk, or None when ``exc`` is a
    bug and ``VBHC_DEBUG`` is set (the caller re-raises it for the traceback).

    ``VbhcError``: its problems as ``Lỗi:`` lines, its ``exit_code`` (1, 2 or 4).
    ``MemoryError``: 1. Ctrl-C: 130. SIGTERM/SIGHUP (``Stopped``): 128 + signal.
    ``OSError`` no layer named: the file and the reason, 1. Anything else: a one-line
    internal-error message, 3. See ``EXIT_CODES``.
    """
    if isinstance(exc, VbhcError):
        return Failed(problem_lines(exc.as_problems()), exc.exit_code)
    if isinstance(exc, MemoryError):
        return Failed(["Lỗi: không đủ bộ nhớ để xử lý tệp vào này (tệp quá lớn hoặc được dựng "
                       "để làm cạn bộ nhớ); không có tệp nào bị ghi dở."], 1)
    if isinstance(exc, KeyboardInterrupt):
        return Failed(["Đã dừng theo yêu cầu; không có tệp nào bị ghi dở."], 130)
    if isinstance(exc, Stopped):
        return Failed(["Đã dừng vì nhận tín hiệu kết thúc; không có tệp nào bị ghi dở."],
                      128 + exc.signum)
    if isinstance(exc, OSError):
        from vbhc.files import os_reason

        return Failed([f"Lỗi: {exc.filename or '(không rõ tệp)'}: {os_reason(exc)}"], 1)
    if os.environ.get("VBHC_DEBUG"):
        return None
    return Failed([f"Lỗi nội bộ của vbhc ({type(exc).__name__}: {exc}). "
                   "Đặt VBHC_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển."], 3)


def report_errors(func: F) -> F:
    """Wrap a command's callback: whatever ends it (see ``failure``) is reported by click as
    a ``Failed``, with no traceback; click's own exits and usage errors pass through."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit):
            raise
        except (Exception, KeyboardInterrupt, Stopped) as exc:
            failed = failure(exc)
            if failed is None:
                raise
            raise failed from None

    return wrapper  # type: ignore[return-value]


def exit_with(status: int) -> NoReturn:
    """End the command with ``status`` (the worst outcome of its files; 0 included)."""
    raise click.exceptions.Exit(status)
