"""`vbhc derive`: write a district's or commune's plan derived from the province's plan."""

from __future__ import annotations

import datetime as _dt
import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from vbhc.commands._common import profile_dirs_option, write_pdfs
from vbhc.commands._report import report, report_errors
from vbhc.errors import Problem

if TYPE_CHECKING:
    from vbhc.derivation.changes import Derivation
    from vbhc.derivation.units import Unit


def _schema_ref(target: Path) -> str:
    """Return the $schema path as seen from ``target``'s folder (relative when possible)."""
    return _schema_ref_from(str(target.parent))


@lru_cache(maxsize=16)
def _schema_ref_from(folder: str) -> str:
    """_schema_ref for the folder ``folder``: worked out once for all files of --all."""
    from vbhc.renderer.template import templates_dir

    schema = (templates_dir().parent / "schemas" / "ke-hoach.schema.json").resolve()
    try:
        return os.path.relpath(schema, Path(folder).resolve()).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return schema.as_uri()


def derived_yaml(result: Derivation, unit: Unit, source_name: str, target: Path) -> str:
    """Return the YAML text of a derived plan, with a header naming its source and warnings."""
    from vbhc.derivation.placeholders import in_plan
    from vbhc.yaml_out import dump_document

    lines = [f"Kế hoạch của UBND {unit.ten_day_du}, dẫn xuất bằng `vbhc derive` từ "
             f"{source_name}.",
             "Số, ngày ban hành và họ tên người ký (nguoi_ky.ho_ten) để trống cho văn thư."]
    if result.warnings:
        lines.append(f"Cần xem lại {len(result.warnings)} chỗ (cảnh báo khi dẫn xuất):")
        lines += [f"- {p.path}: {' '.join(p.excerpt.split())}" for p in result.warnings]
    marked = list(in_plan(result.plan.model_dump()))
    if marked:
        lines.append(f"Cần bổ sung {len(marked)} chỗ đánh dấu [CẦN BỔ SUNG: ...]:")
        lines += [f"- {path}" for path, _ in marked]
    return dump_document(result.plan, _schema_ref(target), "\n".join(lines))


def _write(result, unit, source: Path, target: Path, docx: bool, force: bool,
           inputs: list[Path | None]) -> None:
    """Write the derived YAML (and its .docx); neither may be one of ``inputs`` (the plan,
    the rules file), ``--force`` or not."""
    import vbhc
    from vbhc.files import refuse_input_as_output, write_atomic

    text = derived_yaml(result, unit, source.name, target)
    refuse_input_as_output(target, inputs)
    if docx:
        refuse_input_as_output(target.with_suffix(".docx"), inputs)
    if docx and os.path.lexists(target.with_suffix(".docx")) and not force:
        from vbhc.errors import OutputExistsError

        raise OutputExistsError(f"tệp {target.with_suffix('.docx')} đã có; dùng --force để ghi đè")
    write_atomic(target, text.encode("utf-8"), force=force, inputs=inputs)
    if docx:
        vbhc.render(result.plan, target.with_suffix(".docx"), force=force)


def _derive_unit(plan: Any, stem: str, rules: Any, day: _dt.date | None, unit: Unit,
                 issued: _dt.date | None, ho_so: Path | None, source: Path, out: Path,
                 docx: bool, force: bool, inputs: list[Path | None], diff: bool
                 ) -> tuple[str | None, int, list[str]]:
    """Derive the plan of one unit of ``derive --all`` and write it (YAML, and .docx with
    ``docx``) at ``out``: run in this process or in a worker (vbhc.batch.run_in_workers;
    every argument pickles). Return (the error's one-line message or None, how many
    warnings, the --diff lines)."""
    from vbhc.derivation import derive_many, describe
    from vbhc.errors import VbhcError

    (outcome,) = derive_many(plan, stem, rules, day, [unit], issued, ho_so)
    error, result = outcome.error, outcome.derivation
    if error is None:
        try:
            _write(result, unit, source, out, docx, force, inputs)
        except VbhcError as exc:
            error = exc
    if error is not None:
        return " ".join(str(error).split()), 0, []
    return None, len(result.warnings), [describe(r) for r in result.log] if diff else []


def _indexed(index: int, args: tuple) -> tuple:
    """Return ``(index, *_derive_unit(*args))``: a worker's result with its unit's place."""
    return (index, *_derive_unit(*args))


def _print_diff(result) -> None:
    """Print every change and warning of ``result``, in the order they were made."""
    from vbhc.derivation import describe

    for record in result.log:
        click.echo(describe(record))


def _as_dir(output: str | None, source: Path) -> Path:
    return Path(output) if output else source.parent


@click.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.option("--to", "target", metavar="ĐƠN_VỊ",
              help='Đơn vị nhận kế hoạch, ví dụ: "huyện Cao Lộc", "xã Đồng Đăng".')
@click.option("--all", "every", is_flag=True,
              help="Dẫn xuất cho mọi đơn vị cấp dưới (theo ngày của kế hoạch hoặc --as-of).")
@click.option("-o", "--output", type=click.Path(),
              help="Tệp YAML đầu ra (với --all: thư mục). Mặc định: cạnh tệp kế hoạch.")
@click.option("--docx", is_flag=True, help="Dựng thêm tệp .docx cạnh tệp YAML.")
@click.option("--pdf", is_flag=True,
              help="Dựng thêm .docx và PDF (một tiến trình LibreOffice cho cả lô).")
@click.option("--rules", type=click.Path(path_type=Path),
              help="Tệp quy tắc riêng của tỉnh (mục huyen:, xa:), ghi đè quy tắc có sẵn.")
@click.option("--diff", is_flag=True, help="In từng thay đổi: quy tắc, trường, trước, sau.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), metavar="NGÀY",
              help="Chọn danh mục đơn vị theo ngày này thay cho ngày của kế hoạch.")
@click.option("--ngay", type=click.DateTime(["%Y-%m-%d", "%d/%m/%Y"]), metavar="NGÀY",
              help="Ngày ban hành kế hoạch dẫn xuất (mặc định để trống cho văn thư); không "
              "được trước ngày của kế hoạch nguồn.")
@click.option("--ho-so", "ho_so", type=click.Path(path_type=Path), metavar="TỆP|THƯ_MỤC",
              help="Hồ sơ cơ quan của đơn vị nhận (tên, người ký, nơi nhận, đơn vị soạn "
              "thảo); với --all: thư mục chứa ubnd-<đơn vị>.yaml, ví dụ ubnd-huyen-cao-loc.yaml.")
@click.option("--force", is_flag=True, help="Ghi đè tệp đầu ra nếu đã có.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Với --all: số tiến trình dẫn xuất song song.")
@profile_dirs_option
@report_errors
def derive(plan: Path, target: str | None, every: bool, output: str | None, docx: bool,
           pdf: bool, rules: Path | None, diff: bool, as_of: _dt.datetime | None,
           ngay: _dt.datetime | None, ho_so: Path | None, force: bool,
           profile_dirs: tuple[Path, ...], jobs: int = 1) -> None:
    """Dẫn xuất kế hoạch của huyện/xã từ kế hoạch của tỉnh theo quy tắc (xem --diff)."""
    docx = docx or pdf
    from vbhc.batch import names_folder
    from vbhc.derivation import derive as derive_plan
    from vbhc.derivation import (
        derive_many,
        file_stem,
        find_unit,
        load_plan,
        load_rules,
        plan_date,
        read_profile,
        source_province,
        targets,
    )
    from vbhc.errors import VbhcError
    from vbhc.files import refuse_input_as_output

    if bool(target) == every:
        raise VbhcError("cần đúng một trong hai: --to ĐƠN_VỊ hoặc --all")
    day = as_of.date() if as_of else None
    issued = ngay.date() if ngay else None
    inputs: list[Path | None] = [plan, rules]
    if output and not names_folder(output):
        refuse_input_as_output(output, inputs)
    loaded: list[Problem] = []
    source = load_plan(plan, loaded, profile_dirs=profile_dirs)
    report(loaded)  # the plan's own warnings (old field names, NFD text...), as render shows them
    province = source_province(source)
    overrides = str(rules) if rules else None
    units = targets(source, day)

    if target:
        unit = find_unit(province, target, day or plan_date(source))
        profile = read_profile(ho_so) if ho_so else None
        result = derive_plan(source, unit, overrides, day, issued, profile)
        name = f"{file_stem(plan.stem, province, unit, units)}.yaml"
        if output and names_folder(output):
            out = Path(output) / name
        else:
            out = Path(output) if output else plan.parent / name
        if diff:
            _print_diff(result)
        _write(result, unit, plan, out, docx, force, inputs)
        for warning in result.warnings:
            click.echo(f"Cảnh báo: {warning.path}: {warning.excerpt} — {warning.message}",
                       err=True)
        click.echo(f"Đã ghi {out} ({len(result.changes)} thay đổi, "
                   f"{len(result.warnings)} cảnh báo)")
        if pdf:
            write_pdfs([out.with_suffix(".docx")], force, inputs=inputs)
        return

    folder = _as_dir(output, plan)
    failed: list[str] = []
    notes: list[str] = []
    written: list[Path] = []
    if ho_so is not None and not ho_so.is_dir():
        raise VbhcError(f"--ho-so với --all phải là thư mục (chứa ubnd-<đơn vị>.yaml): {ho_so}")
    derive_many(source, plan.stem, overrides, day, units, issued, ho_so)  # checks only
    ruleset = load_rules(units[0].cap, overrides) if units else None
    outs = [folder / f"{file_stem(plan.stem, province, u, units)}.yaml" for u in units]
    work = [(source, out.stem, ruleset, day, unit, issued, ho_so, plan, out, docx, force,
             inputs, diff) for unit, out in zip(units, outs, strict=True)]
    with click.progressbar(length=len(units), label="Dẫn xuất", file=sys.stderr) as bar:
        if jobs > 1 and len(work) > 1:
            from vbhc.batch import run_in_workers

            def killed(args: tuple) -> tuple[str | None, int, list[str]]:
                return (f"{args[8]}: tiến trình dẫn xuất bị dừng đột ngột (hết bộ nhớ hoặc bị "
                        "dừng từ bên ngoài) trước khi ghi xong", 0, [])

            # The first unit here: the workers (forked where the platform forks) then start
            # with its caches warm (the province's phrase patterns, template, check rules).
            first = _derive_unit(*work[0])
            bar.update(1)
            done = run_in_workers(_indexed, list(enumerate(work))[1:], jobs,
                                  folders=[folder],
                                  killed=lambda args: (args[0], *killed(args[1])),
                                  on_done=lambda _: bar.update(1))
            results = iter([first, *(r[1:] for r in sorted(done, key=lambda r: r[0]))])
        else:
            results = (_derive_unit(*args) for args in work)
        for unit, out, (error, warned, lines) in zip(units, outs, results, strict=True):
            if jobs == 1:
                bar.update(1)
            if error is not None:
                failed.append(f"{unit.ten_day_du}: {error}")
                continue
            written.append(out.with_suffix(".docx"))
            if diff:
                click.echo(f"== {unit.ten_day_du} ({out})")
                for line in lines:
                    click.echo(line)
            if warned:
                notes.append(f"{unit.ten_day_du}: {warned} cảnh báo (xem đầu "
                             f"tệp {out.name})")
    for line in notes:
        click.echo(f"Cảnh báo: {line}", err=True)
    click.echo(f"Đã ghi {len(units) - len(failed)}/{len(units)} kế hoạch vào {folder}")
    if pdf:
        write_pdfs(written, force, inputs=inputs)
    if failed:
        click.echo("Không dẫn xuất được:", err=True)
        for line in failed:
            click.echo(f"- {line}", err=True)
        sys.exit(1)

