"""`vbhc import`: an existing .docx, digital PDF or text extracted from a PDF -> vbhc YAML."""

from __future__ import annotations

import os
from pathlib import Path

import click

from vbhc.commands._report import report, report_errors
from vbhc.errors import Problem


def _schema_ref(target: Path, loai: str) -> str:
    """Return the $schema path as seen from the output's folder (absolute URI if no path)."""
    from vbhc.renderer.template import templates_dir

    schema = templates_dir().parent / "schemas" / f"{loai}.schema.json"
    try:
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def _renders(text: str, target: Path) -> None:
    """Raise unless ``text`` (the YAML about to be written) loads and renders as ``vbhc
    render`` would: the importer never writes a file vbhc itself rejects. ImportBug (exit 3)
    when the YAML does not load (a bug); InputError (exit 1) naming the faults when the
    document renders but ``vbhc check`` finds ND30 errors carried over from the source."""
    from vbhc.batch import verified_bytes
    from vbhc.errors import InputError, VbhcError
    from vbhc.loader import parse_yaml, validate_data
    from vbhc.profiles import NO_PROFILES

    try:
        data, lines = parse_yaml(text, str(target))
        doc = validate_data(data, str(target), lines, access=NO_PROFILES)
    except VbhcError as exc:
        raise ImportBug(str(target), str(exc)) from None
    try:
        verified_bytes(doc, str(target))
    except InputError as exc:  # the source's own ND30 faults, kept verbatim (numbering...)
        raise InputError([Problem("", f"không ghi {target}: văn bản nhập về còn lỗi thể thức "
                                  "mà vbhc giữ nguyên văn từ tệp gốc (chưa tự sửa được); "
                                  "sửa các chỗ sau trong tệp gốc rồi nhập lại:"),
                          *exc.as_problems()[1:]]) from None
    except VbhcError as exc:
        raise ImportBug(str(target), str(exc)) from None


class ImportBug(Exception):
    """The importer produced YAML that vbhc cannot render (a bug; nothing is written)."""

    exit_code = 3

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(f"vbhc import đọc được tệp nhưng YAML dự định ghi vào {target} không "
                         f"dựng được văn bản, nên không ghi (lỗi của vbhc, hãy báo cho nhóm "
                         f"phát triển): {reason}")


@click.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp YAML đầu ra (mặc định: cạnh tệp vào, đuôi .yaml).")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@report_errors
def import_cmd(source: Path, output: Path | None, force: bool) -> None:
    """Nhập văn bản có sẵn (.docx, PDF có lớp chữ, hoặc .txt trích từ PDF) thành tệp YAML."""
    from vbhc.files import same_file, write_atomic
    from vbhc.importer import import_document
    from vbhc.yaml_out import dump_document

    result = import_document(source)
    warnings = [Problem.of(w, severity="cảnh báo") for w in result.warnings]
    target = output or source.with_suffix(".yaml")
    if same_file(target, source):
        target = source.with_name(f"{source.stem}.nhap.yaml")
    lines = [f"Nhập từ {source.name} bằng vbhc import; đọc lại trước khi dùng."]
    if warnings:
        lines.append("Cảnh báo khi nhập:")
        lines += [f"- {str(w).split(': ', 1)[-1]}" for w in warnings]
    text = dump_document(result.document, _schema_ref(target, result.document.loai),
                         comment="\n".join(lines))
    _renders(text, target)
    report(warnings)
    write_atomic(target, text.encode("utf-8"), force=force, inputs=[source])
    click.echo(f"Đã ghi {target}")
