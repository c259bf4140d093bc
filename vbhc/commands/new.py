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
    from importlib.resources import files

    from vbhc.model.kinds import kind
    from vbhc.renderer.template import templates_dir

    check_kind(loai)
    skeletons = files("vbhc.data").joinpath("mau")
    own = skeletons.joinpath(f"{loai}.yaml")
    text = (own if own.is_file() else skeletons.joinpath(f"{kind(loai).mo_hinh}.yaml")
            ).read_text("utf-8")
    schema = templates_dir().parent / "schemas" / f"{loai}.schema.json"
    click.echo(text.replace("{schema}", schema.as_uri()).replace("{loai}", loai), nl=False)
