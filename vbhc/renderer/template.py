"""Finding a kind's template and reading the geometry the renderer needs from it."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from vbhc.data import files
from vbhc.renderer.package import NS, StyleFonts, _w

ISSUER_STYLE = "VBCoQuan"
GOVERNING_STYLE = "VBChuQuan"

STYLE_NAMES: dict[str, tuple[str, str]] = {
    "VBBangKhungTrong": ("table", "VB Bảng không viền"),
    "VBChuQuan": ("paragraph", "VB Cơ quan chủ quản"),
    "VBCoQuan": ("paragraph", "VB Cơ quan ban hành"),
    "VBQuocHieu": ("paragraph", "VB Quốc hiệu"),
    "VBTieuNgu": ("paragraph", "VB Tiêu ngữ"),
    "VBDuongKe": ("paragraph", "VB Đường kẻ"),
    "VBDuongKeTrichYeu": ("paragraph", "VB Đường kẻ dưới trích yếu"),
    "VBSo": ("paragraph", "VB Số, ký hiệu"),
    "VBNgayThang": ("paragraph", "VB Địa danh, ngày tháng"),
    "VBTenLoai": ("paragraph", "VB Tên loại văn bản"),
    "VBTrichYeu": ("paragraph", "VB Trích yếu"),
    "VBThan": ("paragraph", "VB Thân văn bản"),
    "VBCanCu": ("paragraph", "VB Căn cứ"),
    "VBMuc": ("paragraph", "VB Mục (I., II.)"),
    "VBKhoan": ("paragraph", "VB Khoản (1., 2.)"),
    "VBTieuKhoan": ("paragraph", "VB Tiểu khoản (1.1.)"),
    "VBTruocKy": ("paragraph", "VB Trước khối chữ ký"),
    "VBQuyenHan": ("paragraph", "VB Quyền hạn, chức vụ người ký"),
    "VBHoTen": ("paragraph", "VB Họ tên người ký"),
    "VBNoiNhanNhan": ("paragraph", "VB Nơi nhận (nhãn)"),
    "VBNoiNhan": ("paragraph", "VB Nơi nhận"),
    "VBVv": ("paragraph", "VB Trích yếu công văn (V/v)"),
    "VBDoMat": ("paragraph", "VB Độ mật"),
    "VBDoKhan": ("paragraph", "VB Độ khẩn"),
    "VBKinhGui": ("paragraph", "VB Kính gửi"),
    "VBKinhGuiNhieu": ("paragraph", "VB Kính gửi (nhiều nơi)"),
    "VBKinhGuiDong": ("paragraph", "VB Kính gửi (từng nơi)"),
    "VBPhuLuc": ("paragraph", "VB Phụ lục"),
    "VBPhuLucTen": ("paragraph", "VB Tên phụ lục"),
    "VBPhuLucKemTheo": ("paragraph", "VB Phụ lục kèm theo"),
    "VBBangSoLieu": ("table", "VB Bảng số liệu"),
    "VBBangTen": ("paragraph", "VB Tên bảng"),
    "VBBangDonVi": ("paragraph", "VB Đơn vị tính"),
    "VBBangTieuDe": ("paragraph", "VB Bảng: tiêu đề cột"),
    "VBBangChu": ("paragraph", "VB Bảng: chữ"),
    "VBBangSo": ("paragraph", "VB Bảng: số"),
    "VBBangTong": ("paragraph", "VB Bảng: hàng tổng"),
    "VBBangTongSo": ("paragraph", "VB Bảng: số hàng tổng"),
    "VBSauBang": ("paragraph", "VB Sau bảng"),
    "Header": ("paragraph", "header"),
    "FootnoteText": ("paragraph", "footnote text"),
    "FootnoteReference": ("character", "footnote reference"),
}
"""Style id -> (type, name) of every style the renderer names by id (in rule sizing,
geometry, generated tables and footnotes), as tools/template_parts/styles.xml defines
them. LibreOffice rewrites style ids from the names ("VB Đường kẻ" becomes ``VBngk``)
and Word may too; :func:`canonical_style_ids` finds the styles again by name."""
_STYLE_REFERENCES = frozenset(f"{{{NS['w']}}}{name}" for name in (
    "pStyle", "rStyle", "tblStyle", "basedOn", "next", "link", "numStyleLink", "styleLink"))


def _style_key(kind: str | None, name: str | None) -> tuple[str, str]:
    """Return how a style is recognised: its type and its name, case and spacing aside
    (Word writes "footnote text", LibreOffice "Footnote Text")."""
    return (kind or "paragraph",
            " ".join(unicodedata.normalize("NFC", name or "").split()).casefold())


def style_renames(styles: etree._Element) -> dict[str, str]:
    """Return old id -> vbhc's id for each style of STYLE_NAMES that the styles part
    ``styles`` holds under its name but another id. A style keeps its id when that id is
    vbhc's already or is one vbhc uses for another style."""
    ids: set[str] = set()
    by_key: dict[tuple[str, str], str] = {}
    for style in styles.iter(_w("style")):
        style_id = style.get(_w("styleId"))
        if style_id is None:
            continue
        ids.add(style_id)
        name = style.find("w:name", NS)
        key = _style_key(style.get(_w("type")),
                         name.get(_w("val")) if name is not None else None)
        by_key.setdefault(key, style_id)
    renames: dict[str, str] = {}
    for canonical, (kind, name) in STYLE_NAMES.items():
        old = by_key.get(_style_key(kind, name))
        if canonical in ids or old is None or old in STYLE_NAMES or old in renames:
            continue
        renames[old] = canonical
    return renames


def canonical_style_ids(parts: dict[str, bytes]) -> dict[str, bytes]:
    """Return the package ``parts`` (name -> bytes) with vbhc's styles under vbhc's ids
    again, wherever an editor renamed them (see STYLE_NAMES): the styles part and every
    reference to a style (paragraphs, runs, tables, basedOn/next/link, numbering) in the
    XML parts under word/. Parts with nothing to change are returned as they were; parts
    that do not parse are left for the caller to report."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        styles = etree.fromstring(parts["word/styles.xml"], parser)
    except (KeyError, etree.XMLSyntaxError):
        return parts
    renames = style_renames(styles)
    if not renames:
        return parts
    out = dict(parts)
    for name, data in parts.items():
        if not (name.startswith("word/") and name.lower().endswith(".xml")):
            continue
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError:
            continue
        changed = False
        for element in root.iter(_w("style"), *_STYLE_REFERENCES):
            attribute = _w("styleId") if element.tag == _w("style") else _w("val")
            new = renames.get(element.get(attribute) or "")
            if new is not None:
                element.set(attribute, new)
                changed = True
        if changed:
            out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                       standalone=True)
    return out


@cache
def templates_dir() -> Path:
    """Return the folder holding the .docx templates (in the wheel, or the source tree):
    where vbhc is installed, so it is looked up once per process."""
    packaged = Path(str(files("vbhc"))) / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def skeleton_text(slug: str, nam: int | None = None) -> str:
    """Return the commented YAML skeleton of the kind ``slug`` (``vbhc/data/mau/<slug>.yaml``,
    else its model's ``<mo_hinh>.yaml``), placeholders ``{loai}`` and ``{schema}`` unfilled,
    ``{nam}`` filled with the year ``nam`` (default: this year's, so a new draft is dated
    the year it is written): what ``vbhc new`` prints and ``vbhc template check`` renders
    on trial. Raises KeyError for a kind the kinds table does not list."""
    import datetime as _dt

    from vbhc.model.kinds import kind

    skeletons = files("vbhc.data").joinpath("mau")
    own = skeletons.joinpath(f"{slug}.yaml")
    text = (own if own.is_file() else skeletons.joinpath(f"{kind(slug).mo_hinh}.yaml")
            ).read_text("utf-8")
    return text.replace("{nam}", str(nam or _dt.date.today().year))


def sample_text(slug: str) -> str:
    """Return the YAML of the sample document of the kind ``slug`` that ``vbhc template
    check`` renders through a template (``templates/mau-thu/<slug>.yaml``, else its model's
    ``<mo_hinh>.yaml``), placeholder ``{loai}`` unfilled. Raises KeyError for a kind the
    kinds table does not list."""
    from vbhc.model.kinds import kind

    samples = templates_dir() / "mau-thu"
    own = samples / f"{slug}.yaml"
    return (own if own.is_file() else samples / f"{kind(slug).mo_hinh}.yaml"
            ).read_text("utf-8")


def template_path(slug: str) -> Path:
    """Return the shipped template ``templates/<slug>.docx`` of the kind ``slug`` (the path
    only: it is not checked to exist)."""
    return templates_dir() / f"{slug}.docx"


@dataclass(frozen=True)
class TemplateInfo:
    """What the renderer reads from a template: the issuer column and its fonts."""

    issuer_width: int  # twips
    text_width: int  # twips between the page margins
    issuer_font: tuple[float, bool]  # size in pt, bold
    governing_font: tuple[float, bool]
    landscape_width: int = 0  # twips between the margins of a landscape page (0: text_width)


MAX_TWIPS = 31680  # 22 inches: Word's largest page side
"""Largest page, margin or column measure a template may give (twips)."""


def twips(element: etree._Element | None, attribute: str, where: str, *,
          default: int | None = None) -> int:
    """Return the twips in ``attribute`` of ``element`` (0..MAX_TWIPS).

    Raises TemplateGeometryError naming ``where`` if the element or attribute is missing
    (and there is no ``default``), not a whole number, or out of range.
    """
    raw = element.get(_w(attribute)) if element is not None else None
    if raw is None:
        if default is not None:
            return default
        raise TemplateGeometryError(f"thiếu {where}")
    text = raw.strip()
    if not (text.isascii() and text.lstrip("-").isdigit()) or len(text) > 7:
        raise TemplateGeometryError(f"{where} không phải số nguyên ({raw[:20]!r})")
    value = int(text)
    if not 0 <= value <= MAX_TWIPS:
        raise TemplateGeometryError(f"{where} = {value} nằm ngoài khoảng 0..{MAX_TWIPS}")
    return value


class TemplateGeometryError(ValueError):
    """The page or column geometry of a template is missing or unusable (Vietnamese)."""


def _body_sect(document: etree._Element) -> etree._Element | None:
    """Return ``document.find(".//w:body/w:sectPr")``: the first w:sectPr child of a w:body
    below ``document``, in document order. lxml's iterators look one match ahead, so
    ``iter(w:body)`` walks the whole body to answer its first item: the usual body, a
    child of ``document``, is looked at before anything below it is walked."""
    body_tag, sect_tag = _w("body"), _w("sectPr")
    for child in document:
        if child.tag == body_tag:
            sect = next(child.iterchildren(sect_tag), None)
            if sect is not None:
                return sect
            below = (body for body in child.iter(body_tag) if body is not child)
        elif isinstance(child.tag, str):
            below = child.iter(body_tag)
        else:
            continue
        for body in below:
            sect = next(body.iterchildren(sect_tag), None)
            if sect is not None:
                return sect
    return None


def page_text_width(document: etree._Element) -> int:
    """Return the width between the margins of the body's sectPr; TemplateGeometryError."""
    sect = _body_sect(document)
    if sect is None:
        raise TemplateGeometryError("word/document.xml thiếu w:sectPr (khổ giấy, lề) ở cuối "
                                    "thân văn bản")
    page = twips(next(sect.iterchildren(_w("pgSz")), None), "w",
                 "w:pgSz/@w:w (chiều rộng trang)")
    margins = next(sect.iterchildren(_w("pgMar")), None)
    left = twips(margins, "left", "w:pgMar/@w:left (lề trái)")
    right = twips(margins, "right", "w:pgMar/@w:right (lề phải)")
    width = page - left - right
    if width < 1440:  # one inch of text at the very least
        raise TemplateGeometryError(f"khổ giấy trừ lề chỉ còn {width} twip cho chữ")
    return width


def landscape_text_width(document: etree._Element) -> int:
    """Return the width between the margins of the body's page turned landscape, as the
    renderer turns a landscape appendix's section (vbhc.renderer.package.fill_sections:
    the page's height across, the top margin on the left, the right margin kept); 0 when
    the body's sectPr gives no height or leaves less than an inch (the portrait width is
    used then)."""
    sect = document.find(".//w:body/w:sectPr", NS)
    size = sect.find("w:pgSz", NS) if sect is not None else None
    margins = sect.find("w:pgMar", NS) if sect is not None else None
    try:
        width = (twips(size, "h", "w:pgSz/@w:h (chiều cao trang)")
                 - twips(margins, "top", "w:pgMar/@w:top (lề trên)")
                 - twips(margins, "right", "w:pgMar/@w:right (lề phải)"))
    except TemplateGeometryError:
        return 0
    return width if width >= 1440 else 0


_W_TYPE, _W_W = _w("type"), _w("w")


_W_TCW, _W_TCPR = _w("tcW"), _w("tcPr")


def _plain_twips(raw: str) -> bool:
    """Return whether ``raw`` is a width ``twips`` accepts: digits, 0..MAX_TWIPS."""
    text = raw.strip()
    return text.isascii() and text.isdigit() and len(text) <= 7 and int(text) <= MAX_TWIPS


def check_cell_widths(document: etree._Element) -> None:
    """Raise TemplateGeometryError if a table cell's w:tcW/@w:w is not a usable number."""
    pairs = {(cell_width.get(_W_TYPE), cell_width.get(_W_W))
             for cell_width in document.iter(_W_TCW) if cell_width.getparent().tag == _W_TCPR}
    if all(kind in (None, "dxa", "auto") and (width is None or _plain_twips(width))
           for kind, width in pairs):
        return  # every width a usable number: nothing to say, in one pass over the table
    seen: set[tuple[str | None, str | None]] = set()  # a 20,000-row table repeats a few
    for cell_width in document.iterfind(".//w:tcPr/w:tcW", NS):
        key = (cell_width.get(_W_TYPE), cell_width.get(_W_W))
        if key in seen:
            continue  # same attributes, same verdict
        seen.add(key)
        if (cell_width.get(_w("type")) or "dxa") in ("dxa", "auto"):
            twips(cell_width, "w", "w:tcW/@w:w (chiều rộng ô bảng)", default=0)
        else:
            raise TemplateGeometryError(
                f"chiều rộng ô bảng w:tcW kiểu '{cell_width.get(_w('type'))}' chưa được hỗ "
                "trợ; đặt độ rộng cố định cho ô (dxa)")


def info_from_parts(document: bytes, styles: bytes) -> TemplateInfo:
    """Return the geometry from the raw document.xml and styles.xml of a template.

    Raises TemplateGeometryError (Vietnamese, names the element) or etree.XMLSyntaxError.
    """
    document_root = etree.fromstring(document)
    styles_root = etree.fromstring(styles)
    col = document_root.find(".//w:tbl/w:tblGrid/w:gridCol", NS)
    width = twips(col, "w", "w:gridCol/@w:w (cột cơ quan ban hành)", default=3742) \
        if col is not None else 3742
    if width == 0:
        raise TemplateGeometryError("cột cơ quan ban hành (w:gridCol) rộng 0")
    text_width = page_text_width(document_root)
    check_cell_widths(document_root)
    for size in styles_root.iterfind(".//w:rPr/w:sz", NS):
        raw = size.get(_w("val")) or ""
        if not (raw.isascii() and raw.isdigit() and 1 <= int(raw[:6]) <= 3276):
            raise TemplateGeometryError(f"word/styles.xml có cỡ chữ w:sz='{raw[:20]}' không "
                                        "dùng được (cần số nguyên 1..3276 nửa điểm)")
    fonts = StyleFonts(styles_root)
    try:
        issuer, governing = fonts(ISSUER_STYLE), fonts(GOVERNING_STYLE)
    except (ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateGeometryError(f"word/styles.xml có cỡ chữ hay kiểu chữ không đọc được "
                                    f"({exc})") from None
    for size, _bold in (issuer, governing):
        if not 1 <= size <= 400:
            raise TemplateGeometryError(f"cỡ chữ {size} trong word/styles.xml không dùng được")
    return TemplateInfo(width, text_width, issuer, governing,
                        landscape_text_width(document_root))


@cache
def template_info(path: Path) -> TemplateInfo:
    """Return the geometry of the template at ``path`` (first table's first column), cached
    per path. Raises ReadError (not a readable .docx), KeyError (no document.xml or
    styles.xml) and what ``info_from_parts`` raises."""
    from vbhc.docx.package import read_entries

    parts = canonical_style_ids(read_entries(path))
    return info_from_parts(parts["word/document.xml"], parts["word/styles.xml"])
