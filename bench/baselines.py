"""The same document through plain docxtpl and through python-docx, for `make bench`'s ratios.

Both baselines write what vbhc writes for a model: the same template, the same content
(vbhc's template context: paragraphs with their runs, tables, the appendices) and the
same footnotes part; neither sizes rules, checks ND30 or is deterministic. ``visible_text``
reads any of the three outputs the same way, so the bench can show they say the same.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_T, _P, _TBL, _TC, _TR = (f"{{{W}}}{n}" for n in ("t", "p", "tbl", "tc", "tr"))


def _paragraph_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(_T))


def visible_text(docx: bytes) -> list[str]:
    """Return the non-empty paragraph texts of the body (tables included, reading order)
    and then of the footnotes: what a reader sees, whatever wrote the file."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        names = package.namelist()
        notes = etree.fromstring(package.read("word/footnotes.xml")) \
            if "word/footnotes.xml" in names else None
    out = [text for p in body.iter(_P) if (text := _paragraph_text(p).strip())]
    if notes is not None:
        out += [text for p in notes.iter(_P) if (text := _paragraph_text(p).strip())]
    return out


def _replace_part(docx: bytes, name: str, data: bytes) -> bytes:
    """Return ``docx`` with part ``name`` replaced (what a docxtpl or python-docx user does to
    add footnotes, which neither library writes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, data if item.filename == name else source.read(item))
    return out.getvalue()


def docxtpl_renderer(doc) -> Callable[[], bytes]:
    """Return a function rendering ``doc`` with plain docxtpl: vbhc's template file, vbhc's
    template context (the context build is timed too, as vbhc's is), a plain Jinja
    environment with vbhc's filters, then the footnotes part put in."""
    from docxtpl import DocxTemplate
    from jinja2 import Environment

    from vbhc.lang.filters import FILTERS
    from vbhc.renderer.context import build_context
    from vbhc.renderer.footnotes import footnotes_xml
    from vbhc.renderer.sandbox import plain
    from vbhc.renderer.template import template_info, template_path

    path = template_path(doc.loai)
    source = path.read_bytes()
    info = template_info(path)
    env = Environment(autoescape=True)
    env.filters.update(FILTERS)

    def render() -> bytes:
        context, notes = build_context(doc, info)
        template = DocxTemplate(io.BytesIO(source))
        template.render(plain(context), jinja_env=env)
        out = io.BytesIO()
        template.save(out)
        by_id = sorted((i, doc.chu_thich[key]) for key, i in notes.ids.items())
        return _replace_part(out.getvalue(), "word/footnotes.xml", footnotes_xml(by_id))

    return render


def _blocks(docx: bytes) -> list[tuple]:
    """Return the body of ``docx`` as ("p", style id, text) and ("tbl", rows of cells of
    (style id, text) paragraphs) items: the content a python-docx program would write."""
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = etree.fromstring(package.read("word/document.xml")).find(f"{{{W}}}body")

    def para(p: etree._Element) -> tuple[str | None, str]:
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        return (style.get(f"{{{W}}}val") if style is not None else None, _paragraph_text(p))

    out: list[tuple] = []
    for child in body:
        if child.tag == _P:
            out.append(("p", *para(child)))
        elif child.tag == _TBL:
            out.append(("tbl", [[[para(p) for p in tc.iter(_P)] for tc in tr.iter(_TC)]
                                for tr in child.iter(_TR)]))
    return out


def python_docx_renderer(doc, vbhc_output: bytes) -> Callable[[], bytes]:
    """Return a function writing the content of ``vbhc_output`` (vbhc's rendering of
    ``doc``, read once, untimed) with python-docx: the kind's template opened, its body
    replaced by the same paragraphs, styles and tables, the footnotes part put in."""
    import docx

    from vbhc.renderer.template import template_path

    blocks = _blocks(vbhc_output)
    source = template_path(doc.loai).read_bytes()
    with zipfile.ZipFile(io.BytesIO(vbhc_output)) as package:
        notes = package.read("word/footnotes.xml")

    def render() -> bytes:
        document = docx.Document(io.BytesIO(source))
        body = document.element.body
        for child in list(body):
            if child.tag != f"{{{W}}}sectPr":
                body.remove(child)
        styles = {s.style_id: s for s in document.styles}
        for block in blocks:
            if block[0] == "p":
                document.add_paragraph(block[2], styles.get(block[1]))
                continue
            rows = block[1]
            table = document.add_table(len(rows), max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows, strict=True):
                for cell, paragraphs in zip(row.cells, cells, strict=False):
                    first = True
                    for style, text in paragraphs:
                        if first:
                            cell.paragraphs[0].text = text
                            cell.paragraphs[0].style = styles.get(style)
                            first = False
                        else:
                            cell.add_paragraph(text, styles.get(style))
        out = io.BytesIO()
        document.save(out)
        return _replace_part(out.getvalue(), "word/footnotes.xml", notes)

    return render
