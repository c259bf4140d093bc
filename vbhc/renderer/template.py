"""Finding a kind's template and reading the geometry the renderer needs from it."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from lxml import etree

from vbhc.renderer.package import NS, StyleFonts, _w

ISSUER_STYLE = "VBCoQuan"
GOVERNING_STYLE = "VBChuQuan"


def templates_dir() -> Path:
    """Return the folder holding the .docx templates (in the wheel, or the source tree)."""
    packaged = Path(str(files("vbhc"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def template_path(slug: str) -> Path:
    """Return templates/<slug>.docx."""
    return templates_dir() / f"{slug}.docx"


@dataclass(frozen=True)
class TemplateInfo:
    """What the renderer reads from a template: the issuer column and its fonts."""

    issuer_width: int  # twips
    text_width: int  # twips between the page margins
    issuer_font: tuple[float, bool]  # size in pt, bold
    governing_font: tuple[float, bool]


@cache
def template_info(path: Path) -> TemplateInfo:
    """Return the geometry of the template at ``path`` (first table's first column)."""
    with zipfile.ZipFile(path) as zf:
        document = etree.fromstring(zf.read("word/document.xml"))
        styles = etree.fromstring(zf.read("word/styles.xml"))
    col = document.find(".//w:tbl/w:tblGrid/w:gridCol", NS)
    width = int(col.get(_w("w"))) if col is not None else 3742
    fonts = StyleFonts(styles)
    sect = document.find(".//w:body/w:sectPr", NS)
    margins = sect.find("w:pgMar", NS)
    text_width = (int(sect.find("w:pgSz", NS).get(_w("w"))) - int(margins.get(_w("left")))
                  - int(margins.get(_w("right"))))
    return TemplateInfo(width, text_width, fonts(ISSUER_STYLE), fonts(GOVERNING_STYLE))
