"""Make a copy (SAO Y, SAO LỤC, TRÍCH SAO) of a .docx: the copied text, then the copy block.

ND30 Điều 25 and Phụ lục I, Phần II (nd30.md §3.7 "Bản sao"): a copy carries, after the
last part of the copied text and under a solid line across the text width, the copy form,
the copying agency, the copy's number and symbol (SY / SL / TrS), place and date, the
signer, the seal and the recipients. vbhc.copies.block lays the block out.

* SAO Y copies the whole document (from the original or the master copy, "bản chính");
* SAO LỤC copies a SAO Y: the whole input, its own copy block included, then a new block;
* TRÍCH SAO copies part of the content: the header (quốc hiệu, agency, number, date,
  kind and abstract, "Kính gửi"), the paragraphs the clerk names by number (``--doan``, the
  numbers ``vbhc sao --liet-ke`` prints), a line "…" where text was left out, the closing
  (signer and recipients) and whatever follows it (appendices) only when named.

The input is read through vbhc.docx.package (bounded zip and XML); every other part of
the package is kept byte for byte. The result is checked with the ND30 checker before it
is returned: a finding the input did not already have is refused (the input's own
findings are the original agency's, reported as one warning).
"""

from __future__ import annotations

import copy
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import ValidationError

from vbhc.checker.checker import check_bytes, check_document
from vbhc.checker.components import Components, find_components
from vbhc.checker.document import Document, normalize
from vbhc.copies.block import (
    copy_block,
    date_line,
    electronic_block,
    number_line,
    omission,
)
from vbhc.copies.model import BanSao, forms_by_slug
from vbhc.docx.ns import w
from vbhc.docx.package import deterministic_zip, read_package_entries
from vbhc.docx.text import paragraph_text
from vbhc.errors import InputError, Problem, ReadError, VbhcError
from vbhc.lang.dates import short_date
from vbhc.model.common import normalised_fields
from vbhc.model.kinds import CopyForm

DEFAULT_WIDTH = 9355
"""The text width (twips) when the last section gives none: A4 less 30 + 15 mm margins."""
MAX_RANGE_ITEMS = 100_000
"""The most paragraph numbers ``--doan`` may name (more than any real document has)."""


@dataclass
class Item:
    """One top-level element of the body (a paragraph or a table) that shows text:
    ``number`` as ``--liet-ke`` prints it, ``role`` "dau" (header, always kept by a
    TRÍCH SAO), "noi-dung" (chosen by number) or "ket" (signer and recipients, kept),
    ``text`` its first words."""

    number: int
    position: int  # index among the body's children
    role: str
    text: str


@dataclass
class CopyResult:
    """What :func:`make_copy` built: the .docx bytes, the warnings, the form and the
    number line printed ("Số: 05/SY-VP")."""

    data: bytes
    form: CopyForm
    number: str
    warnings: list[Problem] = field(default_factory=list)


def load_copy_data(path: str | os.PathLike, profile_dirs: tuple[Path, ...] = (),
                   warnings: list[Problem] | None = None, *,
                   electronic: bool = False) -> BanSao:
    """Return the copying agency's data in the YAML file at ``path`` (vbhc.copies.model)
    for a paper copy, or an electronic one (``electronic``: no signer or recipients).

    ``co_quan`` may name an agency profile read from the file's folder or ``profile_dirs``.
    Raises InputError (every problem with its field path and line; a paper copy without
    ``nguoi_ky`` or ``noi_nhan``) or ReadError; warnings (normalised input, signature
    images or, on an electronic copy, signer and recipients that are not printed) go to
    ``warnings``."""
    from vbhc.loader import parse_yaml
    from vbhc.profiles import ProfileAccess, apply_profile
    from vbhc.yaml_in import format_path, read_text, translate

    source = str(path)
    data, lines = parse_yaml(read_text(path, source), source)
    if not isinstance(data, dict):
        raise InputError([Problem("", "tệp phải là một nhóm trường (khóa: giá trị): co_quan, "
                                  "so_ky_hieu, ngay_sao, nguoi_ky, noi_nhan", source, 1)])
    access = ProfileAccess.of(Path(path).parent, profile_dirs)
    try:
        data = apply_profile(data, access, source)
    except InputError as exc:
        raise InputError([Problem(p.path, p.message, source, p.line or lines.line((p.path,)))
                          for p in exc.problems]) from None
    try:
        model = BanSao.model_validate(data)
    except ValidationError as exc:
        raise InputError([Problem(format_path(err["loc"]), translate(err, BanSao), source,
                                  lines.line(err["loc"]))
                          for err in exc.errors(include_url=False)]) from None
    notes = [*(Problem(p.path, p.message, source, p.line, severity="cảnh báo")
               for p in lines.notes),
             *(Problem(p.path, p.message, source, lines.line(_loc(p.path)),
                       severity="cảnh báo") for p in normalised_fields(model))]
    missing = [name for name in ("nguoi_ky", "noi_nhan") if getattr(model, name) is None]
    if missing and not electronic:
        raise InputError([Problem(name, "thiếu trường bắt buộc: bản sao giấy in người có "
                                  "thẩm quyền ký (ô 5) và nơi nhận (ô 7)", source, 1)
                          for name in missing])
    for name in ("nguoi_ky", "noi_nhan"):
        if electronic and getattr(model, name) is not None:
            notes.append(Problem(name, "bản sao điện tử không in trường này: chữ ký số của cơ "
                                 "quan sao thay chữ ký, dấu (vbhc ky --vai dinh-kem); đã bỏ "
                                 "qua", source, lines.line((name,)), severity="cảnh báo"))
    for name in ("chu_ky_anh", "dau_anh"):
        if model.nguoi_ky is not None and not electronic and getattr(model.nguoi_ky, name):
            notes.append(Problem(f"nguoi_ky.{name}", "bản sao không in ảnh chữ ký hay ảnh "
                                 "dấu: người có thẩm quyền ký và đóng dấu trên bản giấy, hoặc "
                                 "ký số trên tệp PDF (vbhc ky); đã bỏ qua trường này", source,
                                 lines.line(("nguoi_ky", name)), severity="cảnh báo"))
    if model.nguoi_ky is not None and not electronic and not model.nguoi_ky.ho_ten:
        notes.append(Problem("nguoi_ky.ho_ten", "chưa có họ tên người ký: để trống cho văn "
                             "thư ghi", source, lines.line(("nguoi_ky",)), severity="cảnh báo"))
    if model.so_ky_hieu.so is None:
        notes.append(Problem("so_ky_hieu.so", "chưa có số bản sao: để trống cho văn thư "
                             "ghi tay", source, lines.line(("so_ky_hieu",)),
                             severity="cảnh báo"))
    if warnings is not None:
        warnings += notes
    return model


def _loc(path: str) -> tuple[str | int, ...]:
    """Return the YAML location of a field path: "noi_nhan.danh_sach[1]" ->
    ("noi_nhan", "danh_sach", 1)."""
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\[\]]+", path) if x)


def resolve_form(option: str | None, model: BanSao, source: str = "") -> CopyForm:
    """Return the copy form named by ``--hinh-thuc`` (``option``) or by the YAML's
    ``hinh_thuc``; InputError when neither names one or they disagree."""
    given = model.hinh_thuc
    if option is not None and given is not None and option != given:
        raise InputError([Problem("hinh_thuc", f"tệp ghi hinh_thuc: {given} nhưng dòng lệnh "
                                  f"ghi --hinh-thuc {option}; chỉ ghi một chỗ hoặc cho trùng "
                                  "nhau", source or None)])
    slug = option or given
    forms = forms_by_slug()
    if slug is None:
        raise InputError([Problem("hinh_thuc", "chưa chọn hình thức sao: ghi --hinh-thuc "
                                  f"({', '.join(forms)}) hoặc hinh_thuc trong tệp",
                                  source or None)])
    if slug not in forms:
        where = ("--hinh-thuc", None) if option is not None else ("hinh_thuc", source or None)
        raise InputError([Problem(where[0], f"hình thức sao '{slug}' không có; dùng: "
                                  f"{', '.join(forms)}", where[1])])
    return forms[slug]


_RANGE = re.compile(r"^\s*(\d{1,7})\s*(?:-\s*(\d{1,7})\s*)?$")


def parse_ranges(text: str) -> list[int]:
    """Return the paragraph numbers of ``--doan`` ("3-10,12, 15") sorted without repeats;
    InputError naming the piece that is not a number or a range a-b with a <= b."""
    numbers: set[int] = set()
    for piece in text.split(","):
        match = _RANGE.match(piece)
        if not match:
            raise InputError([Problem("--doan", f"'{piece.strip()}' không phải số đoạn hay "
                                      "khoảng đoạn (ví dụ: 3-10,12,15)")])
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if first < 1 or last < first:
            raise InputError([Problem("--doan", f"khoảng '{piece.strip()}' sai: số đoạn bắt "
                                      "đầu từ 1 và số đầu không lớn hơn số cuối")])
        if len(numbers) + last - first + 1 > MAX_RANGE_ITEMS:
            raise InputError([Problem("--doan", "quá nhiều số đoạn")])
        numbers.update(range(first, last + 1))
    return sorted(numbers)


def _top(el: etree._Element, body: etree._Element) -> int | None:
    """Return the index among ``body``'s children of the child holding ``el``."""
    node = el
    while node is not None and node.getparent() is not body:
        node = node.getparent()
    return None if node is None else body.index(node)


def _text(el: etree._Element) -> str:
    """Return the visible text of a body child (paragraphs of a table joined by spaces)."""
    paras = [el] if el.tag == w("p") else list(el.iter(w("p")))
    return normalize(" ".join(paragraph_text(p) for p in paras))


def _regions(comp: Components, body: etree._Element) -> tuple[int, int | None, int | None]:
    """Return (last header position, first and last closing positions) among the body's
    children; -1 / None when the checker found no header / closing."""
    header = [comp.quoc_hieu, comp.tieu_ngu, comp.so_ky_hieu, comp.dia_danh_ngay,
              comp.ten_loai, *comp.chu_quan, *comp.co_quan, *comp.trich_yeu,
              *comp.trich_yeu_cong_van]
    els = [x.para.el for x in header if x is not None] + [p.el for p in comp.kinh_gui]
    if comp.duong_ke_trich_yeu is not None:
        els.append(comp.duong_ke_trich_yeu.para.el)
    tops = [t for t in (_top(e, body) for e in els) if t is not None]
    header_end = max(tops, default=-1)
    closing = [comp.noi_nhan, *comp.noi_nhan_dong, *comp.nguoi_ky.quyen_han_chuc_vu,
               comp.nguoi_ky.ho_ten]
    ctops = [t for t in (_top(x.para.el, body) for x in closing if x is not None)
             if t is not None and t > header_end]
    if not ctops:
        return header_end, None, None
    return header_end, min(ctops), max(ctops)


def list_items(doc: Document) -> list[Item]:
    """Return the numbered body elements of ``doc`` (paragraphs and tables showing text),
    each with its role for a TRÍCH SAO (see :class:`Item`)."""
    body = doc.body
    header_end, first, last = _regions(find_components(doc), body)
    items = []
    for pos, el in enumerate(body):
        if el.tag == w("sectPr") or not isinstance(el.tag, str):
            continue
        text = _text(el)
        if not text:
            continue
        role = ("dau" if pos <= header_end else
                "ket" if first is not None and first <= pos <= last else "noi-dung")
        items.append(Item(len(items) + 1, pos, role, text))
    return items


def _text_width(body: etree._Element) -> int:
    """Return the text width (twips) of the body's last section: page width less the left
    and right margins; DEFAULT_WIDTH when absent or not believable."""
    sect = body.find(w("sectPr"))
    try:
        size = sect.find(w("pgSz"))
        margin = sect.find(w("pgMar"))
        width = (int(size.get(w("w"))) - int(margin.get(w("left")))
                 - int(margin.get(w("right"))))
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_WIDTH
    return width if 2000 <= width <= 30000 else DEFAULT_WIDTH


def _excerpt(body: etree._Element, items: list[Item], keep: set[int]) -> None:
    """Remove from ``body`` the content items not in ``keep`` (numbers), a "…" paragraph
    standing for each run of removed ones; empty paragraphs in the content go too. A
    paragraph carrying a section break is kept, emptied, when its section keeps something;
    a section left with nothing (a landscape table not chosen) goes whole, its break too,
    so that no empty landscape or odd-sized section remains."""
    by_pos = {it.position: it for it in items}
    content = {it.position for it in items if it.role == "noi-dung"}
    first_content = min(content, default=None)
    last_content = max(content, default=None)
    if first_content is None or last_content is None:
        return
    gap: etree._Element | None = None
    kept = False  # something kept since the last section break
    for pos, el in enumerate(list(body)):
        if el.tag == w("sectPr"):
            continue
        item = by_pos.get(pos)
        breaks = el.find(f"{w('pPr')}/{w('sectPr')}") is not None
        chosen = item is not None and (item.role != "noi-dung" or item.number in keep)
        if chosen or not first_content <= pos <= last_content:
            gap = None if chosen else gap
            kept = kept or chosen or el.tag == w("tbl") or bool(_text(el))
            kept = False if breaks else kept
            continue
        if item is not None and gap is None:
            gap = omission()
            el.addprevious(gap)
        if breaks and kept:
            for child in list(el):
                if child.tag != w("pPr"):
                    el.remove(child)
            kept = False
            continue
        body.remove(el)
    if not kept:
        _drop_last_section(body)


def _drop_last_section(body: etree._Element) -> None:
    """Make the section before the last one the last (its properties become the body's
    final w:sectPr, its break paragraph goes when empty): the last section kept nothing of
    the original (appendices in landscape not chosen), and the copy block must not land on
    a page of their layout."""
    final = body.find(w("sectPr"))
    breaks = [p for p in body.findall(w("p")) if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]
    if final is None or not breaks:
        return
    para = breaks[-1]
    inner = para.find(f"{w('pPr')}/{w('sectPr')}")
    inner.getparent().remove(inner)
    final.addprevious(inner)
    body.remove(final)
    if not _text(para):
        body.remove(para)


def _already_copy(items: list[Item]) -> str | None:
    """Return the copy form line ("SAO Y") found after the input's own closing, if any: the
    input is itself a copy."""
    titles = {f.tieu_de for f in forms_by_slug().values()}
    seen_closing = False
    for it in items:
        seen_closing = seen_closing or it.role == "ket"
        if seen_closing and it.role != "ket":
            for title in titles:
                if it.text.startswith(title) or f" {title} " in f" {it.text} ":
                    return title
    return None


def _key(p: Problem) -> tuple[str, str]:
    """Return what makes two findings the same finding before and after the copy: the rule
    and the message with its numbers blanked (a TRÍCH SAO renumbers paragraphs and sections:
    "phần 5 của văn bản" may become "phần 3")."""
    return p.rule, re.sub(r"\d+", "#", p.message)


def agency_text(data: BanSao) -> str:
    """Return the copying agency as a sentence names it: ``co_quan.ten_rut_gon`` ("Văn
    phòng UBND tỉnh Lạng Sơn"), else the name and its parent ("VĂN PHÒNG UBND TỈNH ...")."""
    agency = data.co_quan
    if agency.ten_rut_gon:
        return agency.ten_rut_gon
    return " ".join(x for x in (agency.ten.replace("\n", " "), agency.chu_quan) if x)


def make_copy(source: str | os.PathLike, data: BanSao, form: CopyForm, *,
              doan: list[int] | None = None, source_name: str | None = None,
              electronic: bool = False) -> CopyResult:
    """Return the copy of the .docx at ``source`` in the form ``form`` with the copy block
    of ``data``; ``doan`` the paragraph numbers a TRÍCH SAO keeps (required for it, refused
    for the other forms). A paper copy gets the block after the last part (Mẫu 3.1); an
    ``electronic`` one the copy lines at the top right of the first page
    (vbhc.copies.block.electronic_block), to be signed by the agency (``vbhc ky``).

    Raises ReadError (the input is not a readable .docx within vbhc.docx.package's limits),
    InputError (``--doan`` missing, out of range or given to a whole copy; a symbol that
    names another form) and VbhcError when the copy would carry an ND30 finding the input
    did not have."""
    name = source_name or str(source)
    trich = form.ky_hieu == "TrS"
    if trich and not doan:
        raise InputError([Problem("--doan", "TRÍCH SAO cần --doan: các đoạn được trích (ví "
                                  "dụ 3-10,12); xem số đoạn bằng vbhc sao --liet-ke TỆP")])
    if doan and not trich:
        raise InputError([Problem("--doan", f"--doan chỉ dùng cho TRÍCH SAO; {form.tieu_de} "
                                  "sao toàn văn")])
    if not electronic and (data.nguoi_ky is None or data.noi_nhan is None):
        raise InputError([Problem("nguoi_ky" if data.nguoi_ky is None else "noi_nhan",
                                  "thiếu trường bắt buộc của bản sao giấy")])
    try:
        symbol = data.symbol(form)
    except ValueError as exc:
        raise InputError([Problem("so_ky_hieu.ky_hieu", str(exc))]) from None
    pkg, entries = read_package_entries(source)
    doc = Document(pkg)
    before = check_document(doc)
    items = list_items(doc)
    warnings: list[Problem] = []
    found = _already_copy(items)
    if found and form.ky_hieu == "SY":
        warnings.append(Problem("--hinh-thuc", f"tệp vào đã là bản sao ({found}); sao từ bản "
                                "sao y là SAO LỤC (--hinh-thuc sao-luc)", name,
                                severity="cảnh báo"))
    if form.ky_hieu == "SL" and found != "SAO Y":
        warnings.append(Problem("--hinh-thuc", "SAO LỤC là sao từ bản sao y, nhưng tệp vào "
                                "không có khối «SAO Y»; nếu sao từ bản chính, dùng sao-y",
                                name, severity="cảnh báo"))
    root = copy.deepcopy(pkg.document)
    body = root.find(w("body"))
    if trich:
        numbers = {it.number for it in items}
        outside = [n for n in doan or [] if n not in numbers]
        if outside:
            raise InputError([Problem("--doan", f"không có đoạn số {outside[0]}; văn bản có "
                                      f"{len(items)} đoạn (xem vbhc sao --liet-ke)")])
        chosen = [it for it in items if it.number in set(doan or [])]
        if not any(it.role == "noi-dung" for it in chosen):
            raise InputError([Problem("--doan", "các đoạn đã chọn đều thuộc phần đầu hoặc "
                                      "phần kết; chọn đoạn nội dung được trích")])
        if not any(it.role == "dau" for it in items):
            warnings.append(Problem("--doan", "không nhận ra phần đầu văn bản (quốc hiệu, số, "
                                    "ngày, tên loại); bản trích sao chỉ có các đoạn đã chọn",
                                    name, severity="cảnh báo"))
        if not any(it.role == "ket" for it in items):
            warnings.append(Problem("--doan", "không nhận ra phần kết (người ký, nơi nhận) "
                                    "của văn bản gốc", name, severity="cảnh báo"))
        _excerpt(body, items, set(doan or []))
    number = number_line(data.so_ky_hieu.so, symbol)
    if electronic:
        day = data.ngay_sao
        top = electronic_block(title=form.tieu_de, agency=agency_text(data),
                               number=number.removeprefix("Số: "),
                               date=short_date(day.ngay, day.thang, day.nam, "..."))
        for el in reversed(top):
            body.insert(0, el)
    else:
        assert data.nguoi_ky is not None and data.noi_nhan is not None
        block = copy_block(width=_text_width(body), title=form.tieu_de,
                           chu_quan=data.co_quan.chu_quan, ten=data.co_quan.ten,
                           number=number, date=date_line(data.co_quan.dia_danh, data.ngay_sao),
                           signer=data.nguoi_ky, recipients=data.noi_nhan)
        end = body.find(w("sectPr"))
        for el in block:
            if end is not None:
                end.addprevious(el)
            else:
                body.append(el)
    entries[pkg.main_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                            standalone=True)
    out = deterministic_zip(entries)
    try:
        after = check_bytes(out, name)
    except ReadError as exc:  # the copy, not the input, is past vbhc's reading limits
        reason = str(exc).rsplit(": ", 1)[-1]
        raise VbhcError(f"bản sao vượt giới hạn của vbhc ({reason}) vì khối sao quá lớn "
                        "(noi_nhan.danh_sach?); chưa ghi tệp") from None
    old = Counter(_key(p) for p in before if p.is_error)
    new = [p for p in after if p.is_error and not _consume(old, _key(p))]
    if new:
        raise VbhcError("bản sao có lỗi thể thức mà văn bản gốc không có (chưa ghi tệp):\n"
                        + "\n".join(str(p) for p in new))
    original = sum(1 for p in before if p.is_error)
    if original:
        warnings.append(Problem("", f"văn bản gốc có {original} lỗi thể thức (vbhc check "
                                f"{name}); bản sao giữ nguyên nội dung gốc, không sửa",
                                name, severity="cảnh báo"))
    return CopyResult(out, form, number, warnings)


def _consume(counter: Counter[Any], key: Any) -> bool:
    """Take one ``key`` from ``counter``; False when there was none left."""
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False
