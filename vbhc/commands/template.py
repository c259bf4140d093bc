"""`vbhc template check FILE.docx [--loai ke-hoach]`.

The check has two halves in two wings: what makes ``vbhc render --template`` refuse a
template (vbhc.renderer.template_check), then ND30 on what the template produces: the
kind's sample document is rendered through it and ``vbhc check`` (vbhc.checker) reads the
result. An application may call both; the renderer may not import the checker.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from vbhc.commands._common import check_kind
from vbhc.commands._report import exit_with, report_errors
from vbhc.errors import Problem


def check_template(path: str | Path, loai: str) -> list[Problem]:
    """Return every problem of the template at ``path`` for documents of kind ``loai``
    (a slug), each a ``Problem`` with ``file=str(path)``.

    First what ``vbhc render --template`` refuses (vbhc.renderer.template_check:
    tags, parts, components, a trial render of the skeleton); when that finds no error,
    the kind's sample document (templates/mau-thu) is rendered with the template and every
    ``vbhc check`` finding on it is a problem of the template, with the finding's severity,
    rule, paragraph, excerpt and ND30 reference (the sample has no finding with the shipped
    templates). Raises ReadError if ``path`` is not a readable .docx.
    """
    from vbhc.checker import check
    from vbhc.renderer.template_check import check_template as template_problems
    from vbhc.renderer.template_check import render_sample

    problems = template_problems(path, loai)
    if any(p.is_error for p in problems):
        return problems
    rendered = render_sample(Path(path), loai)
    if isinstance(rendered, str):
        return [*problems, Problem("", f"dựng thử văn bản mẫu {loai} thất bại: {rendered}",
                                   str(path))]
    with tempfile.TemporaryDirectory(prefix="vbhc-mau-") as folder:
        sample = Path(folder) / f"van-ban-mau-{loai}.docx"
        sample.write_bytes(rendered)
        findings = check(sample)
    return problems + [sample_problem(path, finding) for finding in findings]


def sample_problem(path: str | Path, finding: Problem) -> Problem:
    """Return a ``vbhc check`` ``finding`` on the sample rendered with the template at
    ``path`` as a problem of that template: same severity, rule, paragraph, excerpt and
    reference, the message saying where it was found."""
    place = f"đoạn {finding.paragraph}" if finding.paragraph else "toàn văn bản"
    if finding.excerpt:
        place += f" «{finding.excerpt}»"
    message = (f"văn bản mẫu dựng bằng mẫu này sai thể thức ({place}): [{finding.rule}] "
               f"{finding.message} ({finding.reference})")
    return Problem("", message, str(path), severity=finding.severity, rule=finding.rule,
                   paragraph=finding.paragraph, excerpt=finding.excerpt,
                   reference=finding.reference)


@click.group()
def template() -> None:
    """Làm việc với mẫu .docx riêng của cơ quan."""


@template.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--loai", default="ke-hoach", show_default=True,
              help="Loại văn bản mẫu dùng để dựng (ke-hoach, bao-cao, cong-van, ...).")
@report_errors
def check(path: Path, loai: str) -> None:
    """Kiểm tra mẫu: thẻ không ứng với trường nào, thành phần thiếu, thẻ hay liên kết ngoài
    không được phép; dựng thử khung của loại văn bản bằng mẫu; rồi dựng một văn bản mẫu đủ
    các thành phần bằng mẫu và kiểm tra thể thức bản dựng ra như 'vbhc check'. Báo lỗi mọi
    mẫu mà 'vbhc render --template' từ chối, và mọi mẫu làm ra văn bản sai thể thức.

    Mã thoát: 0 không có lỗi; 1 có lỗi; 2 không đọc được tệp."""
    check_kind(loai)
    problems = check_template(path, loai)
    for problem in problems:  # the listing is the command's output (stdout), not a report
        click.echo(f"{path}: {problem.severity}: {problem.message}")
    errors = sum(p.is_error for p in problems)
    click.echo(f"{path}: {errors} lỗi, {len(problems) - errors} cảnh báo.")
    missing = any(p.is_error and p.message.startswith("mẫu thiếu") for p in problems)
    if missing and click.get_current_context().get_parameter_source("loai") \
            == click.core.ParameterSource.DEFAULT:  # a template of another kind, likely
        click.echo(f"Gợi ý: đã kiểm tra {path} như mẫu loại {loai}; mẫu cho loại khác thì thêm "
                   "--loai, ví dụ --loai cong-van", err=True)
    if errors:
        exit_with(1)
