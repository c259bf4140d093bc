"""`vbhc new LOAI`: a commented YAML skeleton of a kind, ready to render as a draft."""

from __future__ import annotations

import click

from vbhc.commands._common import check_kind
from vbhc.commands._report import report_errors


@click.command()
@click.argument("loai")
@report_errors
def new(loai: str) -> None:
    """In khung YAML có chú thích cho loại văn bản LOAI (ke-hoach, bao-cao, cong-van, ...);
    khung dựng được ngay thành bản nháp."""
    from vbhc.renderer.template import skeleton_text, templates_dir

    check_kind(loai)
    text = skeleton_text(loai)
    schema = templates_dir().parent / "schemas" / f"{loai}.schema.json"
    click.echo(text.replace("{schema}", schema.as_uri()).replace("{loai}", loai), nl=False)
