"""render_bytes(): model -> context -> docxtpl -> footnotes, rules, deterministic package.

Writing is the apps layer's (vbhc.render, vbhc.batch): it checks the bytes first."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc.cross_checks import footnote_problems, rich_texts
from vbhc.errors import InputError, Problem
from vbhc.model.common import VanBan
from vbhc.model.layout import Block, appendix_blocks, body_blocks, section_landscape
from vbhc.model.markup import plain
from vbhc.renderer.context import build_context, signer_images
from vbhc.renderer.package import CoreProperties, finish
from vbhc.renderer.tables import RowStore
from vbhc.renderer.template import template_path

if TYPE_CHECKING:
    from vbhc.renderer.engine import CompiledTemplate


def render_bytes(doc: VanBan, template: str | os.PathLike | None = None,
                 parts_out: dict[str, bytes] | None = None,
                 body: list[Block] | None = None,
                 trees_out: dict[str, tuple[bytes, object]] | None = None) -> bytes:
    """Return the .docx bytes (a deterministic zip package) of ``doc``, rendered with its
    kind's template or the custom ``template``; ``parts_out``, when given, receives the
    package's entries (name -> bytes, exactly what the zip holds) for the checker
    (vbhc.checker.checker.check_parts), so it need not unzip them again. ``body``: the body
    blocks the loader laid out for ``doc`` unchanged since (vbhc.loader.load's ``layout``),
    whose footnotes it checked: ``doc`` is not laid out, nor its footnotes checked, again.
    ``trees_out``, with ``parts_out``, receives the tree word/document.xml was serialised
    from, with those bytes (vbhc.renderer.package.finish's ``tree_out``), for check_parts.

    Raises InputError if its footnotes do not match (vbhc.cross_checks), ReadError if
    ``template`` is not a readable .docx, TemplateRejected for a template vbhc refuses, and
    VbhcError (TemplateLimitError) when rendering goes past the render limits."""
    from vbhc.renderer.engine import NotLean, compile_template

    if body is None:
        body = body_blocks(doc)  # laid out once: the footnote check and the context read it
        problems = footnote_problems(doc, texts=rich_texts(doc, blocks=body + appendix_blocks(
            doc, "")))
        if problems:
            raise InputError(problems)
    compiled = compile_template(Path(template) if template else template_path(doc.loai),
                                doc.loai)
    if getattr(doc, "nguoi_ky_ben_kia", None) is not None \
            and "thu_ky.quyen_han_chuc_vu" not in compiled.used:  # not dropped silently
        raise InputError([Problem("nguoi_ky_ben_kia", "mẫu không in chữ ký bên trái (tên "
                                  "'thu_ky'), nên chữ ký của bên kia sẽ mất; dùng mẫu có sẵn "
                                  "của loại này hoặc thêm thu_ky vào mẫu")])
    if template is None:  # shipped templates place a table's marker as its rows
        try:
            return _render(doc, compiled, RowStore(), body, parts_out, trees_out)
        except NotLean:
            pass
    return _render(doc, compiled, None, body, parts_out, trees_out)


def _render(doc: VanBan, compiled: CompiledTemplate, store: RowStore | None,
            body: list | None = None, parts_out: dict[str, bytes] | None = None,
            trees_out: dict | None = None) -> bytes:
    """Return ``doc`` rendered with ``compiled``; big tables' rows through ``store`` when
    given (vbhc.renderer.tables.RowStore: the same bytes, a fraction of the memory).
    Raises NotLean when the store cannot be used, and what render_bytes raises."""
    from vbhc.renderer.engine import render_parts

    context, notes = build_context(doc, compiled.info, store, body)
    images = signer_images(doc)
    # With signature images the part is edited as bytes (vbhc.renderer.images), so the
    # rendered tree is not kept for finish.
    trees: dict | None = None if images else {}
    parts = render_parts(compiled, context, trees=trees, store=store)
    del context
    if images:  # imported here: a document without signature images never needs it
        from vbhc.renderer.images import add_images

        add_images(parts, images, compiled.info.text_width)
    by_id = sorted((note_id, doc.chu_thich[key]) for key, note_id in notes.ids.items())
    data = finish(parts, by_id, _core(doc), trees, store, section_landscape(doc),
                  trees_out if parts_out is not None else None)
    if parts_out is not None:  # finish left the zip's entries in parts
        parts_out.update(parts)
    return data


def _core(doc: VanBan) -> CoreProperties:
    date = doc.ngay_ban_hanh
    stamp = f"{date.nam:04d}-{date.thang or 1:02d}-{date.ngay or 1:02d}T00:00:00Z"
    return CoreProperties(title=plain(doc.trich_yeu),
                          creator=" ".join(doc.co_quan.ten.split()), timestamp=stamp)
