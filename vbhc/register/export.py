"""The register printed in the ND30 form: .xlsx (openpyxl) and .docx (python-docx).

Columns of the outgoing-document register (ND30 Phụ lục IV, mẫu sổ đăng ký văn bản đi):
số, ký hiệu văn bản; ngày tháng văn bản; tên loại và trích yếu nội dung; người ký; nơi nhận;
đơn vị, người nhận bản lưu; số lượng bản; ghi chú. A cancelled number or one whose issue did
not complete keeps its line, with the reason in the notes, so every gap is visible.

Both files are byte-identical for the same entries: fixed document dates and zip timestamps
(``vbhc.docx.package.deterministic_zip``).
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from vbhc.errors import Problem
from vbhc.register.fields import bad_characters, printable, subject
from vbhc.register.store import Entry

COLUMNS = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ghi chú",
)
"""The register's columns, in the ND30 form's order."""

WIDTHS = (20, 17, 40, 22, 30, 14, 11, 15)
"""Column widths in the .xlsx, in characters."""

FIXED_TIME = "2000-01-01T00:00:00Z"
"""The created and modified dates of an export: the same register gives the same bytes."""


def core_xml(heading: str) -> bytes:
    """Return docProps/core.xml for an export: title ``heading``, creator vbhc, fixed dates
    (``FIXED_TIME``); namespaces from vbhc.docx.ns."""
    from lxml import etree

    from vbhc.docx.ns import CP_NS, DC_NS, DCTERMS_NS, XSI_NS

    nsmap = {"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS}
    root = etree.Element(f"{{{CP_NS}}}coreProperties", nsmap=nsmap)
    etree.SubElement(root, f"{{{DC_NS}}}title").text = heading
    etree.SubElement(root, f"{{{DC_NS}}}creator").text = "vbhc"
    for name in ("created", "modified"):
        stamp = etree.SubElement(root, f"{{{DCTERMS_NS}}}{name}")
        stamp.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        stamp.text = FIXED_TIME
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def notes(entry: Entry) -> str:
    """Return the notes column: the clerk's note, then the status when the number is not an
    issued document (kept, unfinished, cancelled with its reason), then the secrecy."""
    parts = [entry.ghi_chu] if entry.ghi_chu else []
    if entry.trang_thai == "huy":
        parts.append(f"Đã hủy: {entry.ly_do_huy}" if entry.ly_do_huy else "Đã hủy")
    elif entry.trang_thai != "da-phat-hanh":
        parts.append(entry.trang_thai_doc[:1].upper() + entry.trang_thai_doc[1:])
    if entry.do_mat:
        parts.append(f"Độ mật: {entry.do_mat}")
    return "; ".join(parts)


def row(entry: Entry) -> tuple[str, str, str, str, str, str, int, str]:
    """Return ``entry`` as the register's eight cells (see ``COLUMNS``); characters XML
    cannot hold (controls stored by an older vbhc) become U+FFFD (see ``problems``)."""
    cells = (entry.so_ky_hieu, f"{entry.ngay:%d/%m/%Y}",
             subject(entry.ten_loai, entry.trich_yeu), entry.nguoi_ky, entry.noi_nhan,
             entry.don_vi_luu, entry.so_ban, notes(entry))
    return tuple(printable(c) if isinstance(c, str) else c for c in cells)  # type: ignore[return-value]


def problems(entries: list[Entry], where: str = "") -> list[Problem]:
    """Return a warning for each line of the export that is not what the register should
    hold: characters replaced by U+FFFD (``row``), a signer without a name (ND30: the
    "người ký" column is the signer's name; an entry kept for a paper document or issued
    with --thieu-ho-ten may have only the title)."""
    out = []
    for entry in entries:
        line = f"dòng {entry.so_ky_hieu} năm {entry.nam}"
        bad = sorted({b for value in vars(entry).values() if isinstance(value, str)
                      for b in bad_characters(value)})
        if bad:
            out.append(Problem("", f"{line}: ký tự điều khiển {', '.join(bad)} trong sổ được "
                               "thay bằng � khi xuất", where, severity="cảnh báo"))
        if entry.trang_thai != "huy" and not any(c.islower() for c in entry.nguoi_ky):
            out.append(Problem("", f"{line}: cột Người ký không có họ tên người ký "
                               f"(«{printable(entry.nguoi_ky)}»)", where, severity="cảnh báo"))
    return out


def agencies(entries: list[Entry]) -> list[str]:
    """Return the agencies ``entries`` belong to, each once, in order (one register is kept
    per agency: the CLI writes one file for each)."""
    return list(dict.fromkeys(e.co_quan for e in entries))


def per_agency_path(path: str | os.PathLike[str], names: list[str]) -> dict[str, Path]:
    """Return agency -> the file of its register when one export covers several agencies:
    ``path`` with the agency's name folded into its stem ("so.xlsx" ->
    "so_ubnd-tinh-lang-son-so-noi-vu.xlsx"; a number added if two fold alike)."""
    import re

    from vbhc.register.fields import fold

    base = Path(path)
    out: dict[str, Path] = {}
    for name in names:
        slug = re.sub(r"[^a-z0-9]+", "-", fold(name))[:60].strip("-") or "co-quan"
        target = base.with_name(f"{base.stem}_{slug}{base.suffix}")
        n = 2
        while target in out.values():
            target = base.with_name(f"{base.stem}_{slug}-{n}{base.suffix}")
            n += 1
        out[name] = target
    return out


def title(entries: list[Entry]) -> list[str]:
    """Return the heading lines: "SỔ ĐĂNG KÝ VĂN BẢN ĐI", then the agencies and the years
    the entries cover."""
    names = sorted({printable(e.co_quan) for e in entries})
    years = sorted({e.nam for e in entries})
    lines = ["SỔ ĐĂNG KÝ VĂN BẢN ĐI"]
    if names:
        lines.append("Cơ quan: " + "; ".join(names))
    if years:
        lines.append("Năm: " + ", ".join(map(str, years)))
    return lines


def _fixed(data: bytes, heading: str) -> bytes:
    """Return the package ``data`` with fixed core properties and zip timestamps."""
    from vbhc.docx.package import deterministic_zip

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = core_xml(heading)
    _drop_part(parts, "word/stylesWithEffects.xml")
    return deterministic_zip(parts)


def _drop_part(parts: dict[str, bytes], name: str) -> None:
    """Remove part ``name`` from ``parts`` with its relationship and content-type override
    (python-docx's default template carries a Word 2010 ``stylesWithEffects.xml`` that no
    longer matches the styles, which Word may report as unreadable content)."""
    from lxml import etree

    if parts.pop(name, None) is None:
        return
    folder, _, base = name.rpartition("/")
    for rels_name in [n for n in parts if n.startswith(f"{folder}/_rels/")]:
        root = etree.fromstring(parts[rels_name])
        for rel in [r for r in root if r.get("Target") in (base, f"/{name}")]:
            root.remove(rel)
        parts[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
    types = etree.fromstring(parts["[Content_Types].xml"])
    for override in [o for o in types if o.get("PartName") == f"/{name}"]:
        types.remove(override)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)


def xlsx_bytes(entries: list[Entry]) -> bytes:
    """Return the register as an .xlsx workbook: heading lines, the column row, one row per
    entry (text wrapped, header row frozen)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "Sổ văn bản đi"
    heading = title(entries)
    for i, line in enumerate(heading, 1):
        sheet.cell(i, 1, line).font = Font(name="Times New Roman", bold=i == 1, size=13)
    top = len(heading) + 2
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (name, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), 1):
        cell = sheet.cell(top, col, name)
        cell.font = Font(name="Times New Roman", bold=True, size=12)
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = box
        sheet.column_dimensions[cell.column_letter].width = width
    for r, entry in enumerate(entries, top + 1):
        for col, value in enumerate(row(entry), 1):
            cell = sheet.cell(r, col, value)
            cell.font = Font(name="Times New Roman", size=12)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = box
    sheet.freeze_panes = sheet.cell(top + 1, 1)
    buf = io.BytesIO()
    book.save(buf)
    return _fixed(buf.getvalue(), heading[0])


def docx_bytes(entries: list[Entry]) -> bytes:
    """Return the register as a .docx: A4 landscape, Times New Roman, the heading lines and a
    table with the ND30 columns (the column row repeats on every page)."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):  # Vietnamese letters too
        fonts.set(qn(script), "Times New Roman")
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    heading = title(entries)
    for i, line in enumerate(heading):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(line)
        run.bold = i == 0
        run.font.size = Pt(14 if i == 0 else 13)
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    header._tr.get_or_add_trPr().append(repeat)
    for cell, name in zip(header.cells, COLUMNS, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for entry in entries:
        cells = table.add_row().cells
        for cell, value in zip(cells, row(entry), strict=True):
            lines = str(value).split("\n")
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    total = sum(WIDTHS)
    for col, width in enumerate(WIDTHS):
        table.columns[col].width = Mm(267 * width / total)  # the grid LibreOffice reads
        for cell in table.columns[col].cells:
            cell.width = Mm(267 * width / total)  # and each cell, which Word reads
    table.autofit = False  # w:tblLayout fixed, in its place in w:tblPr
    buf = io.BytesIO()
    document.save(buf)
    return _fixed(buf.getvalue(), heading[0])


def export(entries: list[Entry], path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write ``entries`` to ``path`` as .xlsx or .docx (by its suffix), atomically; return the
    path. Raises VbhcError for another suffix, and the errors of vbhc.files.write_atomic."""
    from vbhc.errors import VbhcError
    from vbhc.files import write_atomic

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix == ".xlsx":
        data = xlsx_bytes(entries)
    elif suffix == ".docx":
        data = docx_bytes(entries)
    else:
        raise VbhcError(f"{target}: chỉ xuất sổ ra tệp .xlsx hoặc .docx")
    return write_atomic(target, data, force=force)
