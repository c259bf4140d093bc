"""What several commands share: the ``--ho-so-goc`` option, the PDF step, the kind check."""

from __future__ import annotations

import sys
from contextlib import AbstractContextManager, nullcontext
from importlib import import_module
from pathlib import Path
from typing import Any

import click

from vbhc.gcpause import gc_paused

profile_dirs_option = click.option(
    "--ho-so-goc", "profile_dirs", multiple=True, metavar="THƯ_MỤC",
    type=click.Path(path_type=Path, file_okay=False),
    help="Thư mục được phép đọc hồ sơ cơ quan (co_quan: ho-so/....yaml), ngoài thư mục của "
    "văn bản; ghi nhiều lần cho nhiều thư mục.")
"""``--ho-so-goc DIR`` for every command that loads documents (see vbhc.profiles)."""


class _NoBar:
    """What ``progress`` hands out when no bar is shown: ``update`` does nothing."""

    def update(self, n_steps: int) -> None:
        """Do nothing (no bar is shown)."""


def progress(length: int, label: str, shown: bool) -> AbstractContextManager[Any]:
    """Return click's progress bar of ``length`` steps on stderr when ``shown``, else a
    stand-in with the same ``update`` that prints nothing (click's bar, even hidden,
    imports its terminal code: ~4 ms of CPU on a one-file ``vbhc render``)."""
    if shown:
        return click.progressbar(length=length, label=label, file=sys.stderr)
    return nullcontext(_NoBar())


def write_pdfs(docx_files: list[Path], force: bool,
               inputs: list[Path | None] | None = None, pdf_a: bool = False) -> None:
    """Convert the written ``docx_files`` with one LibreOffice process, print ``Đã ghi
    <pdf>`` for each PDF and say which font it used (stderr).

    A PDF that would land on one of ``inputs`` is refused; ``pdf_a`` makes PDF/A-2b.
    Raises the ``vbhc.pdf`` errors (``PdfError``, exit 4, after naming the PDFs that were
    written; ``OutputExistsError``).
    """
    if not docx_files:
        return
    from vbhc.pdf import PdfError, convert

    try:
        pdfs, font = convert(docx_files, force=force, inputs=inputs, pdf_a=pdf_a)
    except PdfError as exc:
        for path in exc.written:
            click.echo(f"Đã ghi {path}")
        raise
    for path in pdfs:
        click.echo(f"Đã ghi {path}")
    click.echo(f"PDF{'/A-2b' if pdf_a else ''} in bằng phông {font}.", err=True)


def check_kind(loai: str) -> None:
    """Refuse a kind vbhc does not render (``VbhcError``, exit 1, naming those it does);
    ``loai`` is a slug such as ``ke-hoach``."""
    from vbhc.errors import VbhcError
    from vbhc.model.kinds import known_slugs

    if loai not in known_slugs():
        raise VbhcError(f"loại văn bản '{loai}' chưa được hỗ trợ; các loại dùng được: "
                        f"{', '.join(known_slugs())}")


def import_paused(*modules: str) -> None:
    """Import ``modules`` (dotted names) with the garbage collector paused (``gc_paused``):
    a command imports up front what its every run will need. Once they are imported (a
    process that runs commands again, as a test or a service calling ``main`` does) nothing
    is done: freezing again would keep for ever the cyclic garbage the earlier runs left."""
    if all(name in sys.modules for name in modules):
        return
    with gc_paused():
        for name in modules:
            import_module(name)
