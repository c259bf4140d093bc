"""vbhc command line: parse, call the library, report in Vietnamese. No logic of its own."""

from __future__ import annotations

import functools
import os
import signal
import sys
from pathlib import Path

import click

EXIT_CODES = {
    0: "thành công (có thể có cảnh báo)",
    1: "văn bản hoặc tệp vào có lỗi nội dung; tệp đầu ra đã có hoặc không ghi được",
    2: "không đọc được tệp vào (không có, không phải tệp thường, hỏng)",
    3: "lỗi nội bộ của vbhc (một lỗi lập trình: hãy báo cho nhóm phát triển)",
    4: "LibreOffice không tạo được PDF (hỏng, quá thời gian, không chạy được); .docx vẫn ghi",
    130: "dừng bằng Ctrl-C (SIGINT)",
    143: "dừng bằng SIGTERM (129: SIGHUP)",
}
"""Every exit code of the vbhc command, documented in the README."""


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


def report_errors(func):
    """Turn vbhc errors into one Vietnamese line per problem and an exit code, no traceback.

    Exit codes: see ``EXIT_CODES``. An ``OSError`` that no layer named (a file system
    failure) becomes a message naming the file, exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from vbhc.errors import VbhcError

        try:
            return func(*args, **kwargs)
        except VbhcError as exc:
            for line in str(exc).splitlines():
                click.echo(f"Lỗi: {line}", err=True)
            sys.exit(exc.exit_code)
        except MemoryError:
            click.echo("Lỗi: không đủ bộ nhớ để xử lý tệp vào này (tệp quá lớn hoặc được dựng "
                       "để làm cạn bộ nhớ); không có tệp nào bị ghi dở.", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("Đã dừng theo yêu cầu; không có tệp nào bị ghi dở.", err=True)
            sys.exit(130)
        except Stopped as exc:
            click.echo("Đã dừng vì nhận tín hiệu kết thúc; không có tệp nào bị ghi dở.",
                       err=True)
            sys.exit(128 + exc.signum)
        except OSError as exc:
            from vbhc.files import os_reason

            click.echo(f"Lỗi: {exc.filename or '(không rõ tệp)'}: {os_reason(exc)}", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug, not the clerk's fault: say so, briefly
            if os.environ.get("VBHC_DEBUG"):
                raise
            click.echo(f"Lỗi nội bộ của vbhc ({type(exc).__name__}: {exc}). "
                       "Đặt VBHC_DEBUG=1 để xem chi tiết và báo cho nhóm phát triển.", err=True)
            sys.exit(3)

    return wrapper


profile_dirs_option = click.option(
    "--ho-so-goc", "profile_dirs", multiple=True, metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục được phép đọc hồ sơ cơ quan (co_quan: ho-so/....yaml), ngoài thư mục của "
    "văn bản; ghi nhiều lần cho nhiều thư mục.")
"""``--ho-so-goc DIR`` for every command that loads documents (see vbhc.profiles)."""


# Commands that live in their own modules, imported only when run or listed in --help.
LAZY_COMMANDS: dict[str, str] = {
    "check": "vbhc.commands.check:check",
    "derive": "vbhc.commands.derive:derive",
    "import": "vbhc.commands.import_cmd:import_cmd",
    "template": "vbhc.commands.template:template",
}


class LazyGroup(click.Group):
    """A click group whose listed commands are imported on first use (fast start-up)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            from importlib import import_module

            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="vbhc", message="vbhc %(version)s")
def main() -> None:
    """vbhc: soạn văn bản hành chính đúng Nghị định 30/2020/NĐ-CP."""
    catch_termination()


@main.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Tệp .docx đầu ra, hoặc thư mục (kết thúc bằng /) khi có nhiều tệp vào.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@click.option("--pdf", "pdf", is_flag=True, help="Tạo thêm tệp PDF bằng LibreOffice.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Số tiến trình dựng song song.")
@click.option("--template", "template", type=click.Path(path_type=Path),
              help="Mẫu .docx riêng thay cho mẫu có sẵn của loại văn bản.")
@profile_dirs_option
@report_errors
def render(inputs: tuple[str, ...], output: str | None, force: bool, pdf: bool,
           jobs: int, template: Path | None, profile_dirs: tuple[Path, ...]) -> None:
    """Dựng văn bản .docx từ tệp YAML (loại văn bản theo trường `loai`).

    INPUTS là tệp, thư mục (mọi tệp .yaml trong đó) hoặc mẫu tên như 'ho-so/*.yaml'.

    Mã thoát: 0 thành công; 1 văn bản có lỗi, tệp đầu ra đã có hoặc không ghi được; 2 không
    đọc được tệp vào; 4 LibreOffice không tạo được PDF (quá thời gian VBHC_PDF_TIMEOUT, hỏng);
    130 dừng bằng Ctrl-C; 143 bị dừng bằng SIGTERM."""
    from vbhc.batch import expand_inputs, render_many, targets_for

    sources = expand_inputs(inputs)
    targets = targets_for(sources, output)
    if pdf:  # a PDF that would land on an input is refused before anything is written
        from vbhc.files import InputGuard

        guard = InputGuard([*sources, template])
        for target in targets:
            guard.check(target.with_suffix(".pdf"))
    many = len(sources) > 1
    with click.progressbar(length=len(sources), label="Đang dựng", file=sys.stderr,
                           hidden=not many) as bar:
        outcomes = render_many(sources, targets, force=force, jobs=jobs, template=template,
                               profile_dirs=profile_dirs, on_done=lambda _: bar.update(1))
    for outcome in outcomes:
        for line in outcome.warnings:
            click.echo(f"Cảnh báo: {line}", err=True)
        for line in outcome.errors:
            click.echo(f"Lỗi: {line}", err=True)
        if outcome.ok:
            click.echo(f"Đã ghi {outcome.target}")
    failed = [o for o in outcomes if not o.ok]
    if many:
        summary = f"Đã dựng {len(outcomes) - len(failed)}/{len(outcomes)} văn bản"
        if failed:
            summary += "; không dựng được: " + ", ".join(str(o.source) for o in failed)
        click.echo(summary + ".", err=bool(failed))
    if pdf:
        write_pdfs([o.target for o in outcomes if o.ok], force,
                   inputs=[*sources, template])
    if failed:
        sys.exit(max(o.exit_code for o in failed))


def write_pdfs(docx_files: list[Path], force: bool,
               inputs: list[Path | None] | None = None) -> None:
    """Convert the written files with one LibreOffice process and say which font it used.

    A PDF that would land on one of ``inputs`` is refused. Raises the ``vbhc.pdf`` errors
    (after naming the PDFs that were written)."""
    if not docx_files:
        return
    from vbhc.pdf import PdfError, convert

    try:
        pdfs, font = convert(docx_files, force=force, inputs=inputs)
    except PdfError as exc:
        for path in exc.written:
            click.echo(f"Đã ghi {path}")
        raise
    for path in pdfs:
        click.echo(f"Đã ghi {path}")
    click.echo(f"PDF in bằng phông {font}.", err=True)


def check_kind(loai: str) -> None:
    """Refuse a kind vbhc does not render, naming those it does."""
    from vbhc.errors import VbhcError
    from vbhc.model.kinds import known_slugs

    if loai not in known_slugs():
        raise VbhcError(f"loại văn bản '{loai}' chưa được hỗ trợ; các loại dùng được: "
                        f"{', '.join(known_slugs())}")


@main.command()
@click.argument("loai")
@report_errors
def new(loai: str) -> None:
    """In khung YAML có chú thích cho loại văn bản LOAI (ke-hoach, bao-cao, cong-van, ...);
    khung dựng được ngay thành bản nháp."""
    from importlib.resources import files

    from vbhc.model.kinds import kind
    from vbhc.renderer.template import templates_dir

    check_kind(loai)
    skeletons = files("vbhc.data").joinpath("mau")
    own = skeletons.joinpath(f"{loai}.yaml")
    text = (own if own.is_file() else skeletons.joinpath(f"{kind(loai).mo_hinh}.yaml")
            ).read_text("utf-8")
    schema = templates_dir().parent / "schemas" / f"{loai}.schema.json"
    click.echo(text.replace("{schema}", schema.as_uri()).replace("{loai}", loai), nl=False)


@main.command()
@click.argument("loai")
@report_errors
def schema(loai: str) -> None:
    """In JSON Schema của loại văn bản LOAI (để trình soạn thảo gợi ý và kiểm tra)."""
    from vbhc.model.schema import schema_text

    check_kind(loai)
    click.echo(schema_text(loai), nl=False)


@main.command("bang-chu")
@click.argument("so")
@click.option("--tien", is_flag=True, help="Đọc như số tiền: viết hoa chữ đầu, thêm 'đồng'.")
@report_errors
def bang_chu(so: str, tien: bool) -> None:
    """Đọc số thành chữ tiếng Việt, ví dụ: vbhc bang-chu 1.250.000 --tien"""
    from vbhc.errors import VbhcError
    from vbhc.lang.numbers import SoKhongHopLe, number_to_words

    try:
        click.echo(number_to_words(so, currency="đồng" if tien else None))
    except SoKhongHopLe as exc:
        raise VbhcError(str(exc)) from None


def run() -> None:
    """The ``vbhc`` console entry point: ``main``, and a signal that arrives after the
    command's own handling (while click is already exiting) still ends the process with
    its documented code (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP) and no traceback."""
    try:
        main()
    except Stopped as exc:
        sys.exit(128 + exc.signum)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    run()
