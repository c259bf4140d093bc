"""Build the .docx templates in templates/ from plain OOXML parts.

Developer tool: `make templates`. The templates are committed; a clerk may edit them in
Word or LibreOffice afterwards. Writing the package by hand keeps it free of the parts
python-docx's default template carries (stylesWithEffects, a theme) that Word flags.

Jinja tags follow docxtpl: ``{%p ... %}`` in a paragraph of its own controls paragraphs,
``{{r x }}`` inserts runs built by vbhc (inline markup, footnote references).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).parent / "template_parts"  # styles.xml, theme1.xml
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)

# A4, margins 20/20/30/15 mm (ND30 lowest legal values), header 10 mm from the edge.
PAGE = {"w": 11906, "h": 16838, "top": 1134, "bottom": 1134, "left": 1701, "right": 850}
TEXT_WIDTH = PAGE["w"] - PAGE["left"] - PAGE["right"]  # 9355
HEADER_LEFT = 3742  # 40 % of the text width: issuer, number
CLOSING_LEFT = 4536  # recipients; the signer takes the rest


def para(style: str, content: str = "", *, raw: bool = False) -> str:
    """Return a paragraph of ``style`` holding ``content`` (a Jinja tag or literal text)."""
    text = content if raw else escape(content)
    run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>' if content else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{run}</w:p>'


def tag(statement: str) -> str:
    """Return a paragraph that holds only a docxtpl ``{%p ... %}`` tag."""
    return f"<w:p><w:r><w:t>{{%p {statement} %}}</w:t></w:r></w:p>"


def loop(var: str, items: str, style: str, value: str | None = None) -> str:
    """Return paragraphs repeating ``style`` for each item (plain, escaped text)."""
    return tag(f"for {var} in {items}") + para(style, f"{{{{ {value or var} }}}}") + tag("endfor")


def rich(style: str, expr: str) -> str:
    """Return a paragraph of ``style`` whose runs come from a vbhc rich-text value."""
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f"<w:r><w:t>{{{{r {expr} }}}}</w:t></w:r></w:p>")


def cell(width: int, body: str) -> str:
    """Return a table cell ``width`` twips wide holding the paragraphs ``body``."""
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{body}</w:tc>'


def table(widths: tuple[int, int], rows: list[tuple[str, str]]) -> str:
    """Return a borderless two-column table (style VBBangKhungTrong)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        f"{cell(widths[0], left)}{cell(widths[1], right)}</w:tr>"
        for left, right in rows
    )
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="VBBangKhungTrong"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def marks() -> str:
    """Ô 10a, 10b: secrecy and urgency marks, boxed, when the document has them."""
    return (tag("if do_mat") + para("VBDoMat", "{{ do_mat }}") + tag("endif")
            + tag("if do_khan") + para("VBDoKhan", "{{ do_khan }}") + tag("endif"))


def header_block(dispatch: bool = False, dated: bool = True) -> str:
    """Ô 1–4 (and 5b for a công văn): issuer with its rule, motto with its rule, number
    (with "V/v ..." under it for a công văn), marks, date (not in minutes: ``dated``)."""
    left = (
        loop("dong", "chu_quan", "VBChuQuan")
        + loop("dong", "co_quan", "VBCoQuan")
        + para("VBDuongKe")
    )
    right = (
        para("VBQuocHieu", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        + para("VBTieuNgu", "Độc lập - Tự do - Hạnh phúc")
        + para("VBDuongKe")
    )
    number = para("VBSo", "Số: {{ so_ky_hieu }}")
    if dispatch:
        number += rich("VBVv", "trich_yeu")
    number += marks()
    date = para("VBNgayThang", "{{ dia_danh }}, {{ ngay_ban_hanh|ngay_thang }}" if dated else "")
    # LibreOffice puts an empty paragraph before a table that opens the body, which pushes
    # the header 5.7 mm below the top margin; a 1-pt paragraph there keeps it in place.
    lead = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
            '<w:rPr><w:sz w:val="2"/><w:szCs w:val="2"/></w:rPr></w:pPr></w:p>')
    return lead + table((HEADER_LEFT, TEXT_WIDTH - HEADER_LEFT),
                        [(left, right), (number, date)])


def title_block() -> str:
    """Ô 5a: kind name, abstract and the short rule under it."""
    return (para("VBTenLoai", "{{ ten_loai }}") + rich("VBTrichYeu", "trich_yeu")
            + para("VBDuongKeTrichYeu"))


def addressees() -> str:
    """Ô 9a: "Kính gửi:" with one addressee on its line, or several as "- ...;" lines."""
    return (
        tag("if kinh_gui|length == 1")
        + para("VBKinhGui", "Kính gửi: {{ kinh_gui[0] }}")
        + tag("elif kinh_gui")
        + para("VBKinhGuiNhieu", "Kính gửi:")
        + loop("dong", "kinh_gui_dong", "VBKinhGuiDong")
        + tag("endif")
    )


def raw_block(expr: str) -> str:
    """Return a paragraph that docxtpl replaces whole by the XML of ``expr`` (a table)."""
    return f"<w:p><w:r><w:t>{{{{p {expr} }}}}</w:t></w:r></w:p>"


BODY_STYLES = {"can_cu": "VBCanCu", "muc": "VBMuc", "khoan": "VBKhoan",
               "tieu_khoan": "VBTieuKhoan"}
APPENDIX_STYLES = {"phu_luc": "VBPhuLuc", "phu_luc_ten": "VBPhuLucTen"}


def block_loop(items: str, styles: dict[str, str], extra: str = "") -> str:
    """Return a loop over blocks: the block's kind picks the style; tables come whole."""
    out = [tag(f"for doan in {items}"), tag("if doan.kieu == 'bang'"), raw_block("doan.noi_dung")]
    for kind, style in styles.items():
        out.append(tag(f"elif doan.kieu == '{kind}'"))
        out.append(rich(style, "doan.noi_dung"))
    out += [extra, tag("else"), rich("VBThan", "doan.noi_dung"), tag("endif"), tag("endfor")]
    return "".join(out)


# A part's marker and title ("Phần I" / "KẾT QUẢ ...", ND30 Phụ lục I, Phần II, mục 5:
# bold, centred, 13-14 pt) take the style of an appendix title, which is exactly that, so
# that no template gains a style (the documents without parts stay byte-identical).
PART_STYLES = {"phan": "VBPhuLucTen"}


def body_block() -> str:
    """Ô 6: the body, one paragraph (or table) per block."""
    return block_loop("than", {**BODY_STYLES, **PART_STYLES})


def appendix_block(styles: dict[str, str] | None = None) -> str:
    """Appendices after the signature: heading on a new page, title, "(Kèm theo ...)";
    ``styles`` adds block kinds (a decision's attached text). The section break before each
    comes as a raw block (kind 'bang', vbhc.renderer.context.SECTION_BREAK_XML)."""
    kem_theo = (tag("elif doan.kieu == 'phu_luc_kem_theo'")
                + rich("VBPhuLucKemTheo", "doan.noi_dung") + para("VBDuongKeTrichYeu"))
    return block_loop("phu_luc", {**APPENDIX_STYLES, **(styles or {})}, kem_theo)


KEEP_STYLE = "VBTruocKy"


def closing_block() -> str:
    """Ô 9b and 7: recipients on the left, authority, title and name on the right."""
    left = para("VBNoiNhanNhan", "Nơi nhận:") + loop("dong", "noi_nhan", "VBNoiNhan")
    right = (
        loop("dong", "nguoi_ky.quyen_han_chuc_vu", "VBQuyenHan")
        + para("VBHoTen", "{{ nguoi_ky.ho_ten }}")
    )
    spacer = para(KEEP_STYLE)  # keeps the last body paragraph and the signature together
    return spacer + table((CLOSING_LEFT, TEXT_WIDTH - CLOSING_LEFT), [(left, right)])


def section() -> str:
    """Return the section properties: A4, ND30 margins, page numbers from page 2."""
    p = PAGE
    return (
        '<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f'<w:pgSz w:w="{p["w"]}" w:h="{p["h"]}"/>'
        f'<w:pgMar w:top="{p["top"]}" w:right="{p["right"]}" w:bottom="{p["bottom"]}" '
        f'w:left="{p["left"]}" w:header="567" w:footer="567" w:gutter="0"/>'
        '<w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>'
    )


def document(body: str) -> str:
    """Return word/document.xml holding ``body`` and the section properties."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}{section()}</w:body></w:document>'
    )


def typed_document() -> str:
    """A document with a kind name: kế hoạch, báo cáo, thông báo, tờ trình..."""
    return (header_block() + title_block() + addressees() + body_block() + closing_block()
            + appendix_block())


def dispatch_document() -> str:
    """A công văn: no kind name, "V/v" under the number, "Kính gửi:" before the body."""
    return header_block(dispatch=True) + addressees() + body_block() + closing_block()


def minutes_closing() -> str:
    """Mẫu 1.9: the secretary's signature on the left, the chair's on the right, side by
    side; the recipients under them."""
    def signer(name: str) -> str:
        return (loop("dong", f"{name}.quyen_han_chuc_vu", "VBQuyenHan")
                + para("VBHoTen", f"{{{{ {name}.ho_ten }}}}"))
    half = TEXT_WIDTH // 2
    recipients = para("VBNoiNhanNhan", "Nơi nhận:") + loop("dong", "noi_nhan", "VBNoiNhan")
    return (para(KEEP_STYLE) + table((half, TEXT_WIDTH - half),
                                     [(signer("thu_ky"), signer("nguoi_ky"))]) + recipients)


def minutes_document() -> str:
    """A biên bản (Mẫu 1.9): no place and date line; two signatures side by side."""
    return (header_block(dated=False) + title_block() + body_block() + minutes_closing()
            + appendix_block())


def two_party_document() -> str:
    """A document two parties sign (hợp đồng, bản ghi nhớ, bản thỏa thuận: ``hai_ben`` in
    data/loai-van-ban.yaml): a typed document whose closing, when the other party's signer
    is given (``thu_ky``, the left-hand signature), is that of minutes: both signatures side
    by side, the recipients under them; else the usual closing. The recipients then stand
    outside a table: an empty paragraph ends their list before the appendices (which open
    on a new page), so that neither vbhc check nor vbhc import reads an appendix heading
    as a recipient."""
    return (header_block() + title_block() + addressees() + body_block()
            + tag("if thu_ky.quyen_han_chuc_vu") + minutes_closing()
            + tag("if phu_luc") + "<w:p/>" + tag("endif") + tag("else")
            + closing_block() + tag("endif") + appendix_block())


def untitled_document() -> str:
    """A giấy giới thiệu (Mẫu 1.8) or giấy nghỉ phép (Mẫu 1.10): the kind name with no
    abstract and no rule under it."""
    return (header_block() + para("VBTenLoai", "{{ ten_loai }}") + body_block()
            + closing_block() + appendix_block())


DECISION_STYLES = {"tham_quyen": "VBThamQuyen", "quyet_dinh": "VBQuyetDinh"}
# The text a decision issues (Mẫu 1.3): its title block, "Chương I"/"Mục 1" and their titles.
ATTACHED_STYLES = {"kem_theo_ten_loai": "VBTenLoai", "kem_theo_trich_yeu": "VBTrichYeu",
                   "chuong": "VBThamQuyen", "chuong_ten": "VBPhuLucTen"}


def decision_document() -> str:
    """A quyết định (Mẫu 1.2): kind name and abstract, then the body with the authority line
    and "QUYẾT ĐỊNH:" centred in their own styles, the articles, signature, appendices."""
    return (header_block() + title_block() + block_loop("than", {**BODY_STYLES,
                                                                 **DECISION_STYLES})
            + closing_block() + appendix_block(ATTACHED_STYLES))


LAYOUT_BY_MODEL = {"ke-hoach": typed_document, "chung": typed_document,
                   "cong-van": dispatch_document, "quyet-dinh": decision_document,
                   "giay-moi": typed_document, "cong-dien": decision_document,
                   "bien-ban": minutes_document, "giay-gioi-thieu": untitled_document,
                   "giay-nghi-phep": untitled_document, "hai-ben": two_party_document}

# Styles only the layouts of some models use: added to those templates alone, so that the
# others stay byte-identical. Model -> style XML.
_CENTRED_BOLD = ('<w:basedOn w:val="Normal"/><w:next w:val="VBCanCu"/><w:qFormat/><w:pPr>'
                 '<w:keepNext/><w:spacing w:before="{before}" w:after="120"/><w:jc '
                 'w:val="center"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="28"/>'
                 '<w:szCs w:val="28"/></w:rPr></w:style>')
EXTRA_STYLES = {
    "quyet-dinh": (
        '<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBThamQuyen"><w:name '
        'w:val="VB Thẩm quyền ban hành"/>' + _CENTRED_BOLD.format(before=240)
        + '<w:style w:type="paragraph" w:customStyle="1" w:styleId="VBQuyetDinh"><w:name '
        'w:val="VB Quyết định:"/>' + _CENTRED_BOLD.format(before=120).replace(
            '"VBCanCu"', '"VBThan"')),
}
EXTRA_STYLES["cong-dien"] = EXTRA_STYLES["quyet-dinh"]  # "... điện:" in VBThamQuyen


def kinds() -> dict[str, str]:
    """Return slug -> layout name for every kind vbhc renders (data/loai-van-ban.yaml): its
    model's, or "hai-ben" for a kind two parties sign."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from vbhc.model.kinds import kinds as table

    return {row.slug: "hai-ben" if row.hai_ben else row.mo_hinh for row in table() if row.slug}


def styles_xml() -> str:
    """Return styles.xml with the "Kính gửi" indents measured: the dashes of several
    addressees stand under the colon of "Kính gửi:" (ND30 Phụ lục I, TT01 practice)."""
    from vbhc.docx.measure import text_width

    left = 2268  # 4 cm
    item = left + text_width("Kính gửi", 14)
    text = (HERE / "styles.xml").read_text("utf-8")
    return text.replace("{KG_LEFT}", str(left)).replace("{KG_ITEM}", str(item))

HEADER_DEFAULT = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" '
    f'xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr>'
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:hdr>'
)
HEADER_FIRST = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr xmlns:w="{W}" '
    f'xmlns:r="{R}"><w:p><w:pPr><w:pStyle w:val="Header"/></w:pPr></w:p></w:hdr>'
)


def package(model: str) -> dict[str, str]:
    """Return the package parts of a template laid out for ``model``, by part name."""
    parts = dict(STATIC_PARTS)
    parts["word/styles.xml"] = styles_xml().replace("</w:styles>",
                                                     EXTRA_STYLES.get(model, "") + "</w:styles>")
    parts["word/theme/theme1.xml"] = (HERE / "theme1.xml").read_text("utf-8")
    parts["word/document.xml"] = document(LAYOUT_BY_MODEL[model]())
    parts["word/header1.xml"] = HEADER_DEFAULT
    parts["word/header2.xml"] = HEADER_FIRST
    return parts


XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STATIC_PARTS = {
    "[Content_Types].xml": XML
    + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/word/document.xml" ContentType="{DOCX_CT}.document.main+xml"/>'
    f'<Override PartName="/word/styles.xml" ContentType="{DOCX_CT}.styles+xml"/>'
    f'<Override PartName="/word/settings.xml" ContentType="{DOCX_CT}.settings+xml"/>'
    f'<Override PartName="/word/fontTable.xml" ContentType="{DOCX_CT}.fontTable+xml"/>'
    f'<Override PartName="/word/theme/theme1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    f'<Override PartName="/word/footnotes.xml" ContentType="{DOCX_CT}.footnotes+xml"/>'
    f'<Override PartName="/word/header1.xml" ContentType="{DOCX_CT}.header+xml"/>'
    f'<Override PartName="/word/header2.xml" ContentType="{DOCX_CT}.header+xml"/>'
    '<Override PartName="/docProps/core.xml" '
    'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>",
    "_rels/.rels": XML
    + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
    'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    f'<Relationship Id="rId3" Type="{DOC_RELS}/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>",
    "word/_rels/document.xml.rels": XML
    + f'<Relationships xmlns="{PKG_RELS}">'
    f'<Relationship Id="rIdStyles" Type="{DOC_RELS}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{DOC_RELS}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFontTable" Type="{DOC_RELS}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdTheme" Type="{DOC_RELS}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rIdFootnotes" Type="{DOC_RELS}/footnotes" Target="footnotes.xml"/>'
    f'<Relationship Id="rIdHeaderDefault" Type="{DOC_RELS}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdHeaderFirst" Type="{DOC_RELS}/header" Target="header2.xml"/>'
    "</Relationships>",
    "word/settings.xml": XML
    + f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/>'
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/><w:decimalSymbol w:val=","/>'
    '<w:listSeparator w:val=";"/></w:settings>',
    "word/fontTable.xml": XML
    + f'<w:fonts xmlns:w="{W}"><w:font w:name="Times New Roman">'
    '<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>',
    "word/footnotes.xml": XML
    + f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
    'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote></w:footnotes>",
    "docProps/core.xml": XML
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Mẫu vbhc</dc:title>'
    "<dc:creator>vbhc</dc:creator><cp:lastModifiedBy>vbhc</cp:lastModifiedBy>"
    "<cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>",
    "docProps/app.xml": XML
    + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    'extended-properties"><Application>vbhc</Application></Properties>',
}

ORDER = ["[Content_Types].xml", "_rels/.rels", "word/document.xml"]


def write(parts: dict[str, str], path: Path) -> None:
    """Write ``parts`` (part name -> XML) to the .docx at ``path``, in a fixed order with
    fixed timestamps, so that a rebuild gives the same bytes."""
    names = [n for n in ORDER if n in parts] + sorted(n for n in parts if n not in ORDER)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, parts[name].encode("utf-8"))


def main(out_dir: Path) -> None:
    """Write one template per kind vbhc renders into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for slug, model in kinds().items():
        write(package(model), out_dir / f"{slug}.docx")
        print(f"đã ghi {out_dir / f'{slug}.docx'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "templates"))
