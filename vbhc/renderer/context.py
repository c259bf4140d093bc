"""Model -> the context a template sees. Every field name is the model's own.

The names a template may use are :data:`CONTEXT_NAMES`; ``nguoi_ky`` is a mapping whose
keys are listed in :data:`MAPPINGS`. :data:`DEPRECATED_NAMES` are the names of earlier
releases, still provided for one release so that clerks' custom templates keep rendering;
``vbhc template check`` warns about them (:func:`deprecation_warnings`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from vbhc.docx.measure import balanced_lines, text_width
from vbhc.errors import InputError, Problem
from vbhc.model.citation import citation
from vbhc.model.common import VanBan
from vbhc.model.kinds import kind
from vbhc.model.layout import (
    LANDSCAPE,
    SECTION_BREAK,
    Block,
    appendix_blocks,
    body_blocks,
    labels,
)
from vbhc.model.symbol import number_line
from vbhc.renderer.runs import FootnoteNumbering, runs_xml
from vbhc.renderer.tables import RowStore, table_xml
from vbhc.renderer.template import TemplateInfo

if TYPE_CHECKING:
    from jinja2 import nodes


def _safe(xml: str) -> Markup:
    """Return run XML ``xml`` (vbhc's own, escaped as it was written) as the Markup a
    template places as is: ``Markup(xml)``, made the way vbhc.renderer.sandbox.plain makes
    it (``str.__new__``), so plain passes it on without another copy."""
    return str.__new__(Markup, xml)


def issuer_lines(name: str, path: str, size_pt: float, width: int, bold: bool) -> list[str]:
    """Return the agency name ``name`` (ô 2) in capitals as the lines it prints on
    (vbhc.docx.measure.balanced_lines). A line the clerk broke by hand (``\\n``) that is
    wider than the column (``width`` twips at ``size_pt``) would wrap again in Word, splitting
    a word group ("THƯƠNG / BINH"): InputError naming the field ``path``."""
    lines = balanced_lines(name.upper(), size_pt, width, bold=bold)
    if "\n" in name:
        for line in lines:
            if text_width(line, size_pt, bold=bold) > width:
                raise InputError([Problem(path, f"dòng «{line}» ngắt tay bằng \\n quá dài so với "
                                                "ô tên cơ quan nên sẽ bị Word ngắt tiếp; ngắt chỗ "
                                                "khác hoặc bỏ \\n để vbhc tự ngắt")])
    return lines


def signer_images(doc: VanBan) -> dict:
    """Return the signer's checked images (field -> vbhc.model.anh.AnhKy); InputError
    naming the field when one is named but was never read (a model built in code: read it
    with vbhc.load, or vbhc.validate with base_dir)."""
    images = doc.nguoi_ky.images()
    missing = [name for name in ("chu_ky_anh", "dau_anh")
               if getattr(doc.nguoi_ky, name) and name not in images]
    if missing:
        raise InputError([Problem(f"nguoi_ky.{name}", "ảnh chưa được đọc và kiểm tra; dựng "
                                  "văn bản từ tệp YAML (vbhc.load) hoặc vbhc.validate với "
                                  "base_dir") for name in missing])
    return images


def addressee_lines(names: list[str]) -> list[str]:
    """Return several addressees as printed under "Kính gửi:": "- A;" ... "- Z."."""
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


SECTION_BREAK_XML = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" '
                     'w:lineRule="exact"/><w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr>'
                     '<w:sectPr/></w:pPr></w:p>')
"""A section break (block kind SECTION_BREAK): a 1-pt paragraph holding an empty w:sectPr,
filled when the package is finished with the body's page setup and a numbering restarting
at 1 (vbhc.renderer.package.fill_sections). It reaches the template as a raw block (kind
'bang', placed whole by ``{{p }}`` like a table), so every template that places tables
places it, and no editor can drop or rewrite it (LibreOffice moves an empty paragraph's
w:sectPr into the paragraph before it when it saves a template)."""


def _block(block: Block, notes: FootnoteNumbering, info: TemplateInfo,
           store: RowStore | None = None, width: int | None = None) -> dict:
    """Return one block of the context; ``width``: the text width (twips) its tables take,
    default the template's (a landscape appendix's tables are wider: _appendix_blocks)."""
    if block.kieu == SECTION_BREAK:
        return {"kieu": "bang", "noi_dung": _safe(SECTION_BREAK_XML)}
    if block.bang is not None:
        return {"kieu": "bang",
                "noi_dung": _safe(table_xml(block.bang, width or info.text_width, notes,
                                            store))}
    return {"kieu": block.kieu, "noi_dung": _safe(runs_xml(block.text, notes,
                                                           upper=block.upper))}


def _appendix_blocks(blocks: list[Block], notes: FootnoteNumbering, info: TemplateInfo,
                     store: RowStore | None) -> list[dict]:
    """Return the blocks after the signature for the context: the tables of a section a
    break opens landscape (vbhc.model.layout.LANDSCAPE) as wide as a landscape page
    (TemplateInfo.landscape_width)."""
    out, width = [], None
    for b in blocks:
        if b.kieu == SECTION_BREAK:
            width = (info.landscape_width or None) if b.text == LANDSCAPE else None
        out.append(_block(b, notes, info, store, width))
    return out


CONTEXT_NAMES = ("chu_quan", "co_quan", "so_ky_hieu", "do_mat", "do_khan", "dia_danh",
                 "ngay_ban_hanh", "ten_loai", "trich_yeu", "kinh_gui", "kinh_gui_dong", "than",
                 "nguoi_ky", "thu_ky", "noi_nhan", "phu_luc")
"""Every name a template may use (a test keeps it equal to what build_context returns,
less :data:`DEPRECATED_NAMES`)."""

MAPPINGS: dict[str, tuple[str, ...]] = {"nguoi_ky": ("quyen_han_chuc_vu", "ho_ten"),
                                        "thu_ky": ("quyen_han_chuc_vu", "ho_ten")}
"""The context names that are mappings, with their keys: ``nguoi_ky.quyen_han_chuc_vu`` is
the list of ô 7a lines, ND30's "quyền hạn, chức vụ của người ký" (authority prefixes and
titles, upper case: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"; the checker's
component and the importer's frame use the same name), ``nguoi_ky.ho_ten`` the signer's
name (ô 7b, "" when left blank). The model's ``nguoi_ky.quyen_han`` is the prefix alone
("KT."), so the printed lines have their own name."""

DEPRECATED_NAMES: dict[str, str] = {"quyen_han": "nguoi_ky.quyen_han_chuc_vu",
                                    "ho_ten": "nguoi_ky.ho_ten"}
"""Old top-level name -> its name now. Kept for one more release, then removed: templates
made before the vocabulary was unified used ``{%p for dong in quyen_han %}`` and
``{{ ho_ten }}``; they still render, and ``vbhc template check`` warns."""


def build_context(doc: VanBan, info: TemplateInfo, store: RowStore | None = None,
                  body: list[Block] | None = None) -> tuple[dict, FootnoteNumbering]:
    """Return the template context and the footnote numbering it used, in document order.

    ``store``: big tables' rows go there instead of into the context
    (vbhc.renderer.tables.RowStore; the pipeline uses it for the shipped templates).
    ``body``: ``body_blocks(doc)`` when the caller has laid it out already.

    Shapes: lists of str for line lists (chu_quan, co_quan, kinh_gui, kinh_gui_dong,
    noi_nhan, nguoi_ky.quyen_han_chuc_vu), Markup (run XML) for rich text, lists of
    {"kieu", "noi_dung"} for than and phu_luc, the NgayBanHanh model for ngay_ban_hanh.
    Keys: :data:`CONTEXT_NAMES` plus :data:`DEPRECATED_NAMES`.
    """
    notes = FootnoteNumbering()
    issuer = doc.co_quan
    row = kind(doc.loai)
    size, bold = info.issuer_font
    gsize, gbold = info.governing_font
    addressees = list(getattr(doc, "kinh_gui", []))
    abstract = doc.trich_yeu if row.co_ten_loai else f"V/v {doc.trich_yeu}"
    context: dict[str, Any] = {
        "chu_quan": issuer_lines(issuer.chu_quan, "co_quan.chu_quan", gsize, info.issuer_width,
                                 gbold)
        if issuer.chu_quan else [],
        "co_quan": issuer_lines(issuer.ten, "co_quan.ten", size, info.issuer_width, bold),
        "so_ky_hieu": number_line(doc),
        "do_mat": doc.do_mat or "",
        "do_khan": doc.do_khan or "",
        "dia_danh": issuer.dia_danh,
        "ngay_ban_hanh": doc.ngay_ban_hanh,
        "ten_loai": row.ten_in_hoa,
        "trich_yeu": _safe(runs_xml(abstract, notes)),
        "kinh_gui": addressees,
        "kinh_gui_dong": addressee_lines(addressees),
    }
    context["than"] = [_block(b, notes, info, store)
                       for b in (body_blocks(doc) if body is None else body)]
    context["nguoi_ky"] = {"quyen_han_chuc_vu": doc.nguoi_ky.authority_lines(),
                           "ho_ten": doc.nguoi_ky.ho_ten or ""}
    context["thu_ky"] = secretary(doc)  # the left-hand signature: minutes, two parties
    context["noi_nhan"] = doc.noi_nhan.lines(has_addressees=bool(addressees))
    context["phu_luc"] = _appendix_blocks(appendix_blocks(doc, citation(doc)), notes, info,
                                          store)
    for old, new in DEPRECATED_NAMES.items():
        head, key = new.split(".")
        context[old] = context[head][key]
    return context, notes


def secretary(doc: VanBan) -> dict[str, Any]:
    """Return the left-hand signature beside ``nguoi_ky``, shaped like it: the secretary's
    of minutes ({"quyen_han_chuc_vu": ["THƯ KÝ"], "ho_ten": name or ""}), the other party's
    of a document two parties sign (``nguoi_ky_ben_kia``: its ô 7a lines and name); empty
    lines and name for other documents."""
    other = getattr(doc, "nguoi_ky_ben_kia", None)
    if other is not None:
        return {"quyen_han_chuc_vu": other.authority_lines(), "ho_ten": other.ho_ten or ""}
    if not hasattr(doc, "ho_ten_thu_ky"):
        return {"quyen_han_chuc_vu": [], "ho_ten": ""}
    return {"quyen_han_chuc_vu": [labels("bien-ban")["ky_thu_ky"]],
            "ho_ten": doc.ho_ten_thu_ky or ""}


def names_used(tree: nodes.Template) -> set[str]:
    """Return the context names a parsed template reads.

    Each top-level name it does not define itself (as jinja2.meta finds them), plus
    "name.key" for each key read from a mapping of :data:`MAPPINGS` (``nguoi_ky.ho_ten``,
    ``nguoi_ky['ho_ten']``); a mapping used whole (``{% set k = nguoi_ky %}``) counts as
    all its keys, and a deprecated name counts as its new name too. So a required
    component (data/mau-bat-buoc.yaml) may be named "nguoi_ky.ho_ten".
    """
    from jinja2 import meta, nodes

    top = meta.find_undeclared_variables(tree)
    out = set(top)
    keyed: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        base = node.node
        if not (isinstance(base, nodes.Name) and base.name in MAPPINGS and base.name in top):
            continue
        if isinstance(node, nodes.Getattr):
            key = node.attr
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            key = node.arg.value
        else:
            continue
        out.add(f"{base.name}.{key}")
        keyed.add(id(base))
    for name in tree.find_all(nodes.Name):
        if name.ctx == "load" and name.name in MAPPINGS and name.name in top \
                and id(name) not in keyed:
            out.update(f"{name.name}.{key}" for key in MAPPINGS[name.name])
    out.update(new for old, new in DEPRECATED_NAMES.items() if old in top)
    return out


def unknown_names(used: set[str] | frozenset[str]) -> list[str]:
    """Return, sorted, the top-level names in ``used`` (from :func:`names_used`) that vbhc
    does not provide: neither in :data:`CONTEXT_NAMES` nor a deprecated alias."""
    known = set(CONTEXT_NAMES) | set(DEPRECATED_NAMES)
    return sorted(name for name in used if "." not in name and name not in known)


def deprecation_warnings(used: set[str] | frozenset[str]) -> list[str]:
    """Return one Vietnamese warning per deprecated name in ``used``, naming the new name:
    "tên 'ho_ten' đã cũ ... dùng 'nguoi_ky.ho_ten'"."""
    return [f"thẻ dùng tên '{old}' đã cũ, sẽ bị bỏ ở phiên bản sau; đổi thành '{new}'"
            for old, new in DEPRECATED_NAMES.items() if old in used]
