"""Model -> the context a template sees. Every field name is the model's own."""

from __future__ import annotations

from vbhc.lang.dates import BLANK
from vbhc.model.common import VanBan
from vbhc.model.kinds import kind
from vbhc.renderer.layout import body_blocks
from vbhc.renderer.measure import balanced_lines
from vbhc.renderer.runs import FootnoteNumbering, runs
from vbhc.renderer.template import TemplateInfo


def symbol(doc: VanBan) -> str:
    """Return the symbol after the number: the given one, or <kind code>-<issuer>."""
    if doc.so_ky_hieu.ky_hieu:
        return doc.so_ky_hieu.ky_hieu
    code = kind(doc.loai).ky_hieu
    return f"{code}-{doc.co_quan.viet_tat}" if code else doc.co_quan.viet_tat


def number_line(doc: VanBan) -> str:
    """Return what follows "Số: ": "05/KH-UBND", or blanks before the slash in a draft."""
    so = doc.so_ky_hieu.so
    return f"{BLANK if so is None else f'{so:02d}'}/{symbol(doc)}"


def build_context(doc: VanBan, info: TemplateInfo) -> tuple[dict, FootnoteNumbering]:
    """Return the template context and the footnote numbering it used, in document order."""
    notes = FootnoteNumbering()
    issuer = doc.co_quan
    size, bold = info.issuer_font
    gsize, gbold = info.governing_font
    context = {
        "chu_quan": balanced_lines(issuer.chu_quan.upper(), gsize, info.issuer_width, bold=gbold)
        if issuer.chu_quan else [],
        "co_quan": balanced_lines(issuer.ten.upper(), size, info.issuer_width, bold=bold),
        "so_ky_hieu": number_line(doc),
        "dia_danh": issuer.dia_danh,
        "ngay_ban_hanh": doc.ngay_ban_hanh,
        "ten_loai": kind(doc.loai).ten_in_hoa,
        "trich_yeu": runs(doc.trich_yeu, notes),
    }
    context["than"] = [
        {"kieu": b.kieu, "noi_dung": runs(b.text, notes, upper=b.upper)}
        for b in body_blocks(doc)
    ]
    context["quyen_han"] = doc.nguoi_ky.authority_lines()
    context["ho_ten"] = doc.nguoi_ky.ho_ten or ""
    context["noi_nhan"] = doc.noi_nhan.lines()
    return context, notes
