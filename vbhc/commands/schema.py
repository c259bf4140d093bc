"""`vbhc schema LOAI`: the JSON Schema of a kind, for editors."""

from __future__ import annotations

import click

from vbhc.commands._common import check_kind
from vbhc.commands._report import report_errors


@click.command()
@click.argument("loai")
@report_errors
def schema(loai: str) -> None:
    """In JSON Schema của loại văn bản LOAI (để trình soạn thảo gợi ý và kiểm tra)."""
    from vbhc.model.schema import schema_text

    check_kind(loai)
    click.echo(schema_text(loai), nl=False)
