"""`vbhc new LOAI`: a commented YAML skeleton of a kind, ready to render as a draft."""

from __future__ import annotations

import datetime as _dt

import click

from vbhc.commands._common import check_kind
from vbhc.commands._report import report_errors


@click.command()
@click.argument("loai")
@report_errors
def new(loai: str) -> None:
    """In khung YAML có chú thích cho loại văn bản LOAI (ke-hoach, bao-cao, cong-van, ...);
    khung dựng được ngay thành bản nháp."""
    check_kind(loai)
    click.echo(skeleton(loai, today()), nl=False)


def today() -> _dt.date:
    """Return today's date (the clock; tests replace this function to fix the year)."""
    return _dt.date.today()


def skeleton(loai: str, on: _dt.date) -> str:
    """Return the skeleton of the kind ``loai`` as ``vbhc new`` prints it, written on the
    day ``on``: its issue year, and the years in its sample text, are ``on.year`` (a draft
    is dated the year it is written; day and month stay blank for the văn thư). KeyError
    for a kind the kinds table does not list."""
    from vbhc.renderer.template import skeleton_text, templates_dir

    text = skeleton_text(loai, on.year)
    schema = templates_dir().parent / "schemas" / f"{loai}.schema.json"
    return text.replace("{schema}", schema.as_uri()).replace("{loai}", loai)
