"""`vbhc render`: YAML documents -> .docx (and PDF), many at a time."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import click

from vbhc.commands._common import (
    gc_paused,
    import_paused,
    profile_dirs_option,
    progress,
    write_pdfs,
)
from vbhc.commands._report import exit_with, report, report_errors


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(),
              help="Tệp .docx đầu ra, hoặc thư mục (kết thúc bằng /) khi có nhiều tệp vào.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@click.option("--pdf", "pdf", is_flag=True, help="Tạo thêm tệp PDF bằng LibreOffice.")
@click.option("--pdf-a", "pdf_a", is_flag=True,
              help="Tạo thêm tệp PDF/A-2b (bản lưu trữ, để ký số bằng 'vbhc ky').")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Số tiến trình dựng song song.")
@click.option("--template", "template", type=click.Path(path_type=Path),
              help="Mẫu .docx riêng thay cho mẫu có sẵn của loại văn bản.")
@click.option("--phu-luc-rieng", "phu_luc_rieng", is_flag=True,
              help="Ghi mỗi phụ lục thành một tệp .docx riêng bên cạnh văn bản "
                   "(<tên>-phu-luc-I.docx, ...; NĐ 30/2020, Mẫu 2.1): dòng «(Kèm theo ...)», "
                   "số trang tính từ 1.")
@profile_dirs_option
@report_errors
def render(inputs: tuple[str, ...], output: str | None, force: bool, pdf: bool,
           jobs: int, template: Path | None, profile_dirs: tuple[Path, ...],
           pdf_a: bool = False, phu_luc_rieng: bool = False) -> None:
    """Dựng văn bản .docx từ tệp YAML (loại văn bản theo trường `loai`).

    INPUTS là tệp, thư mục (mọi tệp .yaml trong đó) hoặc mẫu tên như 'ho-so/*.yaml'.

    Mã thoát: 0 thành công; 1 văn bản có lỗi, tệp đầu ra đã có hoặc không ghi được; 2 không
    đọc được tệp vào; 4 LibreOffice không tạo được PDF (quá thời gian VBHC_PDF_TIMEOUT, hỏng);
    130 dừng bằng Ctrl-C; 143 bị dừng bằng SIGTERM."""
    import_paused("vbhc.batch", "vbhc.loader", "vbhc.checker", "vbhc.renderer.pipeline",
                  "vbhc.renderer.engine")
    from vbhc.batch import expand_inputs, render_many, targets_for

    pdf = pdf or pdf_a
    sources = expand_inputs(inputs)
    targets = targets_for(sources, output)
    if pdf:  # a PDF that would land on an input is refused before anything is written
        from vbhc.files import InputGuard

        guard = InputGuard([*sources, template])
        for target in targets:
            guard.check(target.with_suffix(".pdf"))
    many = len(sources) > 1
    # One document: the collector stays off while it is made (a cold render spends ~3 ms
    # less CPU, a 20,000-row table 9.0 -> 6.6 s, with the same peak memory); a batch keeps
    # it on between documents.
    with progress(len(sources), "Đang dựng", shown=many) as bar, \
            nullcontext() if many else gc_paused(freeze=False):
        if phu_luc_rieng:
            outcomes, extra = [], []
            for source, target in zip(sources, targets, strict=True):
                outcome, written = render_split(source, target, force, template, profile_dirs)
                outcomes.append(outcome)
                extra += written
                bar.update(1)
        else:
            outcomes = render_many(sources, targets, force=force, jobs=jobs, template=template,
                                   profile_dirs=profile_dirs, on_done=lambda _: bar.update(1))
            extra = []
    for outcome in outcomes:
        report([*outcome.warnings, *outcome.errors])
        if outcome.ok:
            click.echo(f"Đã ghi {outcome.target}")
            for path in extra:
                if path.parent == outcome.target.parent and \
                        path.name.startswith(outcome.target.stem + "-phu-luc"):
                    click.echo(f"Đã ghi {path}")
    failed = [o for o in outcomes if not o.ok]
    if many:
        summary = f"Đã dựng {len(outcomes) - len(failed)}/{len(outcomes)} văn bản"
        if failed:
            summary += "; không dựng được: " + ", ".join(str(o.source) for o in failed)
        click.echo(summary + ".", err=bool(failed))
    if pdf:
        write_pdfs([*(o.target for o in outcomes if o.ok), *extra], force,
                   inputs=[*sources, template], pdf_a=pdf_a)
    if failed:
        exit_with(max(o.exit_code for o in failed))


def appendix_targets(target: Path, count: int) -> list[Path]:
    """Return the files the ``count`` appendices of ``target`` are written to with
    --phu-luc-rieng: "<tên>-phu-luc.docx" for one, "<tên>-phu-luc-I.docx", "-II", ... for
    several (the numbering of their headings, "Phụ lục" / "Phụ lục I")."""
    from vbhc.lang.outline import roman

    if count == 1:
        return [target.with_name(f"{target.stem}-phu-luc{target.suffix}")]
    return [target.with_name(f"{target.stem}-phu-luc-{roman(i + 1)}{target.suffix}")
            for i in range(count)]


def render_split(source: Path, target: Path, force: bool, template: Path | None,
                 profile_dirs: tuple[Path, ...]) -> tuple[object, list[Path]]:
    """Render ``source`` to ``target`` without its appendices, and each appendix to a file
    of its own (:func:`appendix_targets`; vbhc.renderer.split): its heading, title, "(Kèm
    theo ...)" line and page numbers from 1. Every file is checked (vbhc check) and every
    name is free (or ``force``) before any is written. Return the batch Outcome (errors
    captured, as ``vbhc.batch.render_one``) and the appendix files written."""
    from vbhc.batch import Outcome, captured, load_checked, verified_bytes
    from vbhc.checker import check_bytes
    from vbhc.errors import InputError, OutputExistsError, Problem, VbhcError
    from vbhc.files import refuse_input_as_output, write_atomic
    from vbhc.renderer.split import split_appendices

    outcome = Outcome(source, target)
    try:
        doc, inputs = load_checked(source, target, template, profile_dirs, outcome.warnings)
        data = verified_bytes(doc, str(target), template)
        count = len(getattr(doc, "phu_luc", []))
        if not count:
            outcome.warnings.append(Problem("phu_luc", "văn bản không có phụ lục nào để tách "
                                            "(--phu-luc-rieng); ghi cả văn bản vào một tệp",
                                            severity="cảnh báo"))
        main, pieces = split_appendices(data, count)
        names = appendix_targets(target, count)
        errors = [p for name, piece in zip([target, *names], [main, *pieces], strict=True)
                  for p in check_bytes(piece, str(name)) if p.is_error]
        if errors:
            raise InputError([Problem("", f"{target}: vbhc check thấy lỗi thể thức khi tách "
                                          "phụ lục nên không ghi tệp nào:"), *errors])
        for name in names:
            refuse_input_as_output(name, inputs)
            if not force and name.exists():
                raise OutputExistsError(f"tệp {name} đã có; dùng --force để ghi đè (chưa ghi "
                                        "tệp nào)")
        write_atomic(target, main, force=force)
        for name, piece in zip(names, pieces, strict=True):
            write_atomic(name, piece, force=force)
        return outcome, names
    except (VbhcError, OSError) as exc:
        return captured(outcome, exc), []
