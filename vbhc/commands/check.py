"""`vbhc check`: lint .docx files against ND30; text for people, --json for machines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from vbhc.commands._report import report as report_problems
from vbhc.commands._report import report_errors


def _text_report(path: Path, findings: list) -> None:
    from vbhc.checker import collapse

    shown, more = collapse(findings)
    errors = sum(f.is_error for f in findings)
    warnings = len(findings) - errors
    if not findings:
        click.echo(f"{path}: đạt, không có lỗi thể thức.")
        return
    click.echo(f"{path}:")
    last_of_rule = {f.rule: i for i, f in enumerate(shown)}
    for i, f in enumerate(shown):
        click.echo(f"  {f}")
        if last_of_rule[f.rule] == i and more.get(f.rule):
            click.echo(f"    … và {more[f.rule]} chỗ khác cùng quy tắc [{f.rule}]")
    click.echo(f"  Tổng cộng: {errors} lỗi, {warnings} cảnh báo.")


def _json_entry(path: Path, findings: list) -> dict:
    """Return one file's --json entry: every finding (the text output folds repeats; a
    machine reading --json gets them all)."""
    from vbhc.checker import finding_dict

    errors = sum(f.is_error for f in findings)
    return {"tep": str(path), "loi": errors, "canh_bao": len(findings) - errors,
            "phat_hien": [finding_dict(f) for f in findings]}


def _check_one(path: Path, config=None) -> list:
    """Return the findings for ``path``; every failure to read it is a ``VbhcError`` whose
    message names the file (exit 2 when the file cannot be read as a .docx)."""
    import zipfile

    from lxml import etree

    from vbhc.checker import check as check_file
    from vbhc.errors import ReadError, VbhcError
    from vbhc.files import check_regular

    try:
        if path.exists():  # a missing file is reported by the checker itself
            check_regular(path)
        return check_file(path, config)
    except VbhcError as exc:
        if str(path) in str(exc):
            raise
        named = ReadError(f"{path}: {exc}")
        named.exit_code = exc.exit_code
        raise named from None
    except (OSError, zipfile.BadZipFile, etree.LxmlError, ValueError, KeyError,
            IndexError, RecursionError, MemoryError) as exc:
        raise ReadError(f"không đọc được {path}: tệp hỏng hoặc không phải .docx "
                        f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]})") from None


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON (cho máy đọc).")
@click.option("--annotate", "annotate_to", type=click.Path(path_type=Path),
              help="Ghi bản sao có ghi chú (comment) của Word tại từng chỗ sai (một tệp vào).")
@click.option("--force", is_flag=True, help="Ghi đè tệp --annotate nếu đã có.")
@click.option("--cau-hinh", "config_path", type=click.Path(path_type=Path),
              help="Tệp YAML của cơ quan: đổi mức độ hoặc tắt quy tắc "
                   "(quy_tac: {le-trang: canh-bao, so-trang: tat}).")
@report_errors
def check(files: tuple[Path, ...], as_json: bool, annotate_to: Path | None,
          force: bool, config_path: Path | None) -> None:
    """Kiểm tra thể thức tệp .docx theo NĐ 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi (có thể có cảnh báo); 1 có lỗi (hoặc tệp --cau-hinh sai);
    2 không đọc được tệp.
    Một tệp hỏng không làm dừng các tệp khác; mã thoát là của tệp tệ nhất.
    """
    from vbhc.checker import annotate, load_config
    from vbhc.errors import VbhcError

    if annotate_to is not None and len(files) != 1:
        click.echo("Lỗi: --annotate chỉ dùng với đúng một tệp cần kiểm tra.", err=True)
        sys.exit(2)
    config = load_config(config_path) if config_path is not None else None
    if config is not None and config.notes:
        report_problems(config.notes)  # "Cảnh báo: ..." on stderr: the file changes nothing
    status, report = 0, []
    for path in files:
        try:
            findings = _check_one(path, config)
        except VbhcError as exc:
            message = " ".join(str(exc).split())
            click.echo(f"Lỗi: {message}", err=True)
            status = max(status, exc.exit_code)
            if as_json:
                report.append({"tep": str(path), "loi_doc_tep": message,
                               "ma_thoat": exc.exit_code})
            continue
        if any(f.is_error for f in findings):
            status = max(status, 1)
        if as_json:
            report.append(_json_entry(path, findings))
        else:
            _text_report(path, findings)
        if annotate_to is not None:
            try:
                out = annotate(path, annotate_to, force=force, findings=findings)
            except VbhcError as exc:
                click.echo(f"Lỗi: {exc}", err=True)
                status = max(status, exc.exit_code)
            else:
                click.echo(f"Đã ghi bản có ghi chú: {out}", err=as_json)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    sys.exit(status)
