"""`vbhc render`: YAML documents -> .docx (and PDF), many at a time."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from vbhc.commands._common import profile_dirs_option, write_pdfs
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
@profile_dirs_option
@report_errors
def render(inputs: tuple[str, ...], output: str | None, force: bool, pdf: bool,
           jobs: int, template: Path | None, profile_dirs: tuple[Path, ...],
           pdf_a: bool = False) -> None:
    """Dựng văn bản .docx từ tệp YAML (loại văn bản theo trường `loai`).

    INPUTS là tệp, thư mục (mọi tệp .yaml trong đó) hoặc mẫu tên như 'ho-so/*.yaml'.

    Mã thoát: 0 thành công; 1 văn bản có lỗi, tệp đầu ra đã có hoặc không ghi được; 2 không
    đọc được tệp vào; 4 LibreOffice không tạo được PDF (quá thời gian VBHC_PDF_TIMEOUT, hỏng);
    130 dừng bằng Ctrl-C; 143 bị dừng bằng SIGTERM."""
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
    with click.progressbar(length=len(sources), label="Đang dựng", file=sys.stderr,
                           hidden=not many) as bar:
        outcomes = render_many(sources, targets, force=force, jobs=jobs, template=template,
                               profile_dirs=profile_dirs, on_done=lambda _: bar.update(1))
    for outcome in outcomes:
        report([*outcome.warnings, *outcome.errors])
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
                   inputs=[*sources, template], pdf_a=pdf_a)
    if failed:
        exit_with(max(o.exit_code for o in failed))
