"""`vbhc bang-chu SO [--tien]`: a number read out in Vietnamese words."""

from __future__ import annotations

import click

from vbhc.commands._report import report_errors


@click.command("bang-chu")
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
