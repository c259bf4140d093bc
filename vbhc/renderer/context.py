"""Model -> the context a template sees. Every field name is the model's own."""

from __future__ import annotations

from vbhc.docx.measure import balanced_lines
from vbhc.lang.dates import BLANK, ngay_thang
from vbhc.model.common import VanBan
from vbhc.model.kinds import build_symbol, kind
from vbhc.model.layout import Block, appendix_blocks, body_blocks
from vbhc.renderer.runs import FootnoteNumbering, Runs, runs
from vbhc.renderer.tables import table_xml
from vbhc.renderer.template import TemplateInfo


def symbol(doc: VanBan) -> str:
    """Return the symbol after the number: the given one, else the one the kinds table
    builds (vbhc.model.kinds.build_symbol)."""
    if doc.so_ky_hieu.ky_hieu:
        return doc.so_ky_hieu.ky_hieu
    return build_symbol(doc.loai, doc.co_quan.viet_tat, doc.don_vi_soan_thao)


def number_line(doc: VanBan) -> str:
    """Return what follows "Số: ": "05/KH-UBND", or blanks before the slash in a draft."""
    so = doc.so_ky_hieu.so
    return f"{BLANK if so is None else f'{so:02d}'}/{symbol(doc)}"


def attached_to(doc: VanBan) -> str:
    """Return what an appendix is attached to: "Báo cáo số .../BC-UBND ngày ... của ..."."""
    date = doc.ngay_ban_hanh
    issuer = f" của {doc.co_quan.ten_rut_gon}" if doc.co_quan.ten_rut_gon else ""
    return (f"{kind(doc.loai).ten} số {number_line(doc)} "
            f"{ngay_thang(date.ngay, date.thang, date.nam)}{issuer}")


def addressee_lines(names: list[str]) -> list[str]:
    """Return several addressees as printed under "Kính gửi:": "- A;" ... "- Z."."""
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def _block(block: Block, notes: FootnoteNumbering, info: TemplateInfo) -> dict:
    if block.bang is not None:
        return {"kieu": "bang", "noi_dung": Runs(table_xml(block.bang, info.text_width))}
    return {"kieu": block.kieu, "noi_dung": runs(block.text, notes, upper=block.upper)}


CONTEXT_NAMES = ("chu_quan", "co_quan", "so_ky_hieu", "do_mat", "do_khan", "dia_danh",
                 "ngay_ban_hanh", "ten_loai", "trich_yeu", "kinh_gui", "kinh_gui_dong", "than",
                 "quyen_han", "ho_ten", "noi_nhan", "phu_luc")
"""Every name a template may use (a test keeps it equal to what build_context returns)."""


def build_context(doc: VanBan, info: TemplateInfo) -> tuple[dict, FootnoteNumbering]:
    """Return the template context and the footnote numbering it used, in document order."""
    notes = FootnoteNumbering()
    issuer = doc.co_quan
    row = kind(doc.loai)
    size, bold = info.issuer_font
    gsize, gbold = info.governing_font
    addressees = list(getattr(doc, "kinh_gui", []))
    abstract = doc.trich_yeu if row.ky_hieu else f"V/v {doc.trich_yeu}"
    context = {
        "chu_quan": balanced_lines(issuer.chu_quan.upper(), gsize, info.issuer_width, bold=gbold)
        if issuer.chu_quan else [],
        "co_quan": balanced_lines(issuer.ten.upper(), size, info.issuer_width, bold=bold),
        "so_ky_hieu": number_line(doc),
        "do_mat": doc.do_mat or "",
        "do_khan": doc.do_khan or "",
        "dia_danh": issuer.dia_danh,
        "ngay_ban_hanh": doc.ngay_ban_hanh,
        "ten_loai": row.ten_in_hoa,
        "trich_yeu": runs(abstract, notes),
        "kinh_gui": addressees,
        "kinh_gui_dong": addressee_lines(addressees),
    }
    context["than"] = [_block(b, notes, info) for b in body_blocks(doc)]
    context["quyen_han"] = doc.nguoi_ky.authority_lines()
    context["ho_ten"] = doc.nguoi_ky.ho_ten or ""
    context["noi_nhan"] = doc.noi_nhan.lines(has_addressees=bool(addressees))
    context["phu_luc"] = [_block(b, notes, info) for b in appendix_blocks(doc, attached_to(doc))]
    return context, notes
