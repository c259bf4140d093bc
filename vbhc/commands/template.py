"""`vbhc template check FILE.docx [--loai ke-hoach]`."""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.commands._common import check_kind
from vbhc.commands._report import exit_with, report_errors


@click.group()
def template() -> None:
    """Làm việc với mẫu .docx riêng của cơ quan."""


@template.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--loai", default="ke-hoach", show_default=True,
              help="Loại văn bản mẫu dùng để dựng (ke-hoach, bao-cao, cong-van, ...).")
@report_errors
def check(path: Path, loai: str) -> None:
    """Kiểm tra mẫu: thẻ không ứng với trường nào, thẻ bị Word tách, thành phần thiếu, thẻ
    hay liên kết ngoài không được phép; rồi dựng thử khung của loại văn bản bằng mẫu.
    Báo lỗi đúng những mẫu mà 'vbhc render --template' từ chối.

    Mã thoát: 0 không có lỗi; 1 có lỗi; 2 không đọc được tệp."""
    from vbhc.renderer.template_check import check_template

    check_kind(loai)
    problems = check_template(path, loai)
    for problem in problems:  # the listing is the command's output (stdout), not a report
        click.echo(f"{path}: {problem.severity}: {problem.message}")
    errors = sum(p.is_error for p in problems)
    click.echo(f"{path}: {errors} lỗi, {len(problems) - errors} cảnh báo.")
    if errors:
        exit_with(1)
