"""vbhc.docx is the one .docx layer: namespaces, style resolution, the paragraph walker,
list labels and the package reader are each written once, and the checker and the importer
read the same document the same way (issue 13)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from vbhc.checker.document import Document, normalize
from vbhc.docx.ns import NSMAP, W_NS, qn, w, xmlns
from vbhc.docx.numbering import Numbering
from vbhc.docx.styles import StyleSheet
from vbhc.docx.text import paragraph_text
from vbhc.importer import NotImportable
from vbhc.importer.docx_reader import read_docx
from vbhc.importer.source import CONTROL
from vbhc.model.markup import TextSpan

PACKAGE = Path(__file__).resolve().parent.parent / "vbhc"
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
NAMESPACE_URI = re.compile(r"schemas\.openxmlformats\.org|schemas\.microsoft\.com"
                           r"|schemas-microsoft-com|purl\.org/dc|www\.w3\.org/(XML|2001)"
                           r"|openoffice\.org/2001")
DECL = xmlns("w", "mc", "wp", "a")


# --- namespaces -------------------------------------------------------------------------
def test_no_module_outside_docx_spells_a_namespace_uri():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "docx" and path.parent.parent == PACKAGE:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if NAMESPACE_URI.search(line):
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{n}")
    assert offenders == []


def test_qn_and_w_build_clark_names():
    assert qn("w:b") == w("b") == f"{{{W_NS}}}b"
    assert qn("mc:Fallback") == f"{{{NSMAP['mc']}}}Fallback"
    assert qn("plain") == "plain"
    with pytest.raises(KeyError):
        qn("zz:b")


# --- a tiny .docx built in the test ----------------------------------------------------
def make_docx(path: Path, body: str, *, styles: str = "", numbering: str = "") -> Path:
    """Write a minimal .docx whose w:body holds ``body``."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml",
                    f"<w:document {DECL}><w:body>{body}</w:body></w:document>")
        if styles:
            zf.writestr("word/styles.xml", f"<w:styles {DECL}>{styles}</w:styles>")
        if numbering:
            zf.writestr("word/numbering.xml", f"<w:numbering {DECL}>{numbering}</w:numbering>")
    return path


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def cell_table(paragraph: str, style: str) -> str:
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/></w:tblPr>'
            f'<w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc>{paragraph}</w:tc>'
            "</w:tr></w:tbl>")


# --- toggles: the importer and the checker give one answer ------------------------------
STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    "</w:style>"
    '<w:style w:type="paragraph" w:styleId="Dam"><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="DamCon"><w:basedOn w:val="Dam"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="KhongDam"><w:basedOn w:val="Dam"/>'
    '<w:rPr><w:b w:val="0"/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="KyTuDam"><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="KyTuTat"><w:rPr><w:b w:val="false"/></w:rPr>'
    "</w:style>"
    '<w:style w:type="table" w:styleId="BangDam"><w:rPr><w:b/></w:rPr></w:style>'
)
BOLD_DEFAULTS = '<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>'
BOLD_NORMAL = STYLES.replace('<w:name w:val="Normal"/>', '<w:name w:val="Normal"/>'
                             "<w:rPr><w:b/></w:rPr>")

# (case, styles, body, bold as Word shows it)
TOGGLE_CASES = [
    ("paragraph style on", STYLES, p(r("x"), ppr='<w:pStyle w:val="Dam"/>'), True),
    ("basedOn chain is inheritance, not XOR", STYLES,
     p(r("x"), ppr='<w:pStyle w:val="DamCon"/>'), True),
    ("basedOn child turns it off", STYLES, p(r("x"), ppr='<w:pStyle w:val="KhongDam"/>'),
     False),
    ("character style flips a bold paragraph style", STYLES,
     p(r("x", '<w:rStyle w:val="KyTuDam"/>'), ppr='<w:pStyle w:val="Dam"/>'), False),
    ("character style off leaves it unchanged", STYLES,
     p(r("x", '<w:rStyle w:val="KyTuTat"/>'), ppr='<w:pStyle w:val="Dam"/>'), True),
    ("direct 0 is absolute", STYLES, p(r("x", '<w:b w:val="0"/>'), ppr='<w:pStyle w:val="Dam"/>'),
     False),
    ("direct off is absolute", STYLES,
     p(r("x", '<w:b w:val="off"/>'), ppr='<w:pStyle w:val="Dam"/>'), False),
    ("direct on beats two style toggles", STYLES,
     p(r("x", '<w:rStyle w:val="KyTuDam"/><w:b/>'), ppr='<w:pStyle w:val="Dam"/>'), True),
    # the measured disagreement: the importer started from the defaults and let the
    # character style flip them (not bold); the checker said bold. ECMA-376 §17.7.3: when
    # the document defaults say true, the result is true.
    ("document defaults true win over a character style", BOLD_DEFAULTS + STYLES,
     p(r("x", '<w:rStyle w:val="KyTuDam"/>')), True),
    # the importer ignored table styles (not bold); the checker and Word apply them
    ("table style on", STYLES, cell_table(p(r("x")), "BangDam"), True),
    # the checker XORed table and paragraph style (not bold); Word resets the value at the
    # paragraph style ([MS-OI29500] 2.1.258), as the importer (no table styles) had it
    ("paragraph style resets the table style", STYLES,
     cell_table(p(r("x"), ppr='<w:pStyle w:val="Dam"/>'), "BangDam"), True),
    # an unknown paragraph style id: Word uses the default paragraph style (the importer
    # used no style at all)
    ("unknown style id falls back to Normal", BOLD_NORMAL,
     p(r("x"), ppr='<w:pStyle w:val="KhongCo"/>'), True),
]


@pytest.mark.parametrize(("case", "styles", "body", "bold"), TOGGLE_CASES,
                         ids=[c[0] for c in TOGGLE_CASES])
def test_checker_and_importer_resolve_bold_alike(tmp_path, case, styles, body, bold):
    path = make_docx(tmp_path / "t.docx", body, styles=styles)
    para = Document.open(path).paras[0]
    run = para.lines[0].runs[0][0]
    assert para.run_props(run).bold is bold, case
    spans = [s for s in read_docx(path).paras[0].spans if isinstance(s, TextSpan)]
    assert [s.bold for s in spans] == [bold], case


def test_font_named_bold_is_bold_for_the_importer_only(tmp_path):
    """An importer heuristic on top of the resolver: "Times New Roman Bold" prints bold."""
    body = p(r("x", '<w:rFonts w:ascii="Times New Roman Bold" w:hAnsi="Times New Roman Bold"/>'))
    path = make_docx(tmp_path / "f.docx", body, styles=STYLES)
    assert read_docx(path).paras[0].spans[0].bold


def test_italic_and_caps_are_toggles_too():
    styles = etree.fromstring(f"<w:styles {DECL}>{STYLES.replace('<w:b/>', '<w:i/><w:caps/>')}"
                              "</w:styles>")
    sheet = StyleSheet(styles, None)
    para = etree.fromstring(f'<w:p {DECL}><w:pPr><w:pStyle w:val="Dam"/></w:pPr><w:r>'
                            '<w:rPr><w:rStyle w:val="KyTuDam"/></w:rPr><w:t>x</w:t></w:r></w:p>')
    props = sheet.run_props(para.find(w("r")), para)
    assert (props.italic, props.caps) == (False, False)


# --- the paragraph walker ---------------------------------------------------------------
FIELD = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
         '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
         '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("7")
         + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
TEXT_BOX = ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
            "<a:graphic><a:graphicData><w:txbxContent>" + p(r("HỘP")) + "</w:txbxContent>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><w:txbxContent>" + p(r("BẢN SAO")) + "</w:txbxContent>"
            "</w:pict></mc:Fallback></mc:AlternateContent></w:r>")
WALKER_CASES = [
    ("smartTag", p(r("a"), f"<w:smartTag>{r('b')}</w:smartTag>"), "ab"),
    ("hyperlink", p(r("a"), f"<w:hyperlink>{r('b')}</w:hyperlink>"), "ab"),
    ("insertion is text", p(r("a"), f"<w:ins>{r('b')}</w:ins>"), "ab"),
    ("deletion is not text",
     p(r("a"), '<w:del><w:r><w:delText xml:space="preserve">XÓA</w:delText></w:r></w:del>',
       r("b")), "ab"),
    ("moved text counts once", p(f"<w:moveFrom>{r('X')}</w:moveFrom>", r("a"),
                                 f"<w:moveTo>{r('b')}</w:moveTo>"), "ab"),
    ("simple field shows its result", p(r("trang "), f"<w:fldSimple w:instr='PAGE'>{r('7')}"
                                        "</w:fldSimple>"), "trang 7"),
    ("complex field: result, not instruction", p(r("trang "), FIELD), "trang 7"),
    ("content control", p(f"<w:sdt><w:sdtContent>{r('a')}</w:sdtContent></w:sdt>"), "a"),
    ("tab and positional tab", p("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:ptab/><w:t>c</w:t>"
                                 "</w:r>"), "a\tb\tc"),
    ("no-break space kept, normalised later", p(r("a\u00a0b")), "a\u00a0b"),
    ("no-break hyphen and symbol", p('<w:r><w:t>a</w:t><w:noBreakHyphen/>'
                                     '<w:sym w:font="Symbol" w:char="F0B7"/></w:r>'),
     "a-\uf0b7"),
    ("line and page breaks end a line", p('<w:r><w:t>a</w:t><w:br/><w:t>b</w:t>'
                                          '<w:br w:type="page"/><w:t>c</w:t></w:r>'),
     "a\nb\nc"),
    ("text box is not the anchoring paragraph's text", p(r("a"), TEXT_BOX, r("b")), "ab"),
]


@pytest.mark.parametrize(("case", "body", "text"), WALKER_CASES,
                         ids=[c[0] for c in WALKER_CASES])
def test_checker_and_importer_read_the_same_text(tmp_path, case, body, text):
    path = make_docx(tmp_path / "w.docx", body)
    root = etree.fromstring(f"<w:body {DECL}>{body}</w:body>")
    assert paragraph_text(root.find(w("p"))) == text, case
    assert Document.open(path).paras[0].text == text, case
    imported = read_docx(path).paras[0]
    assert imported.plain == text.replace("\t", " ").replace("\u00a0", " "), case


def test_text_box_paragraphs_are_the_checkers_own_paragraphs_and_marked_for_import(tmp_path):
    """The checker sees a text box's paragraph after its anchor (where="textbox"; its
    fallback copy once only); the importer's reader sees it there too, marked as in box 0
    (the frame takes a "V/v" line from a box and leaves other boxes out, with a warning)."""
    path = make_docx(tmp_path / "tb.docx", p(r("a"), TEXT_BOX, r("b")) + p(r("c")))
    doc = Document.open(path)
    assert [(para.text, para.where) for para in doc.paras] == [
        ("ab", "body"), ("HỘP", "textbox"), ("c", "body")]
    assert [(para.text, para.box) for para in read_docx(path).paras] == [
        ("ab", None), ("HỘP", 0), ("c", None)]


# --- list labels ------------------------------------------------------------------------
NUMBERING = (
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1.%2."/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
)


def test_list_labels_follow_numbering_xml():
    numbering = Numbering(etree.fromstring(f"<w:numbering {DECL}>{NUMBERING}</w:numbering>"))
    got = [numbering.label("5", lvl) for lvl in (0, 1, 2, 2, 1, 0, 1)]
    assert got == ["I.", "I.1.", "a)", "b)", "I.2.", "II.", "II.1."]
    assert numbering.label("9", 0) == ""


def test_list_label_starts_the_imported_paragraph(tmp_path):
    item = p(r("Mục tiêu"), ppr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>')
    path = make_docx(tmp_path / "n.docx", item + item, numbering=NUMBERING)
    assert [para.text for para in read_docx(path).paras] == ["I. Mục tiêu", "II. Mục tiêu"]
    assert all(para.props.numbered for para in Document.open(path).paras)


# --- the package reader ----------------------------------------------------------------
def test_importer_reads_through_the_safe_package_reader(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"\xd0\xcf\x11\xe0 an old .doc")
    with pytest.raises(NotImportable, match="mã hóa|97-2003"):
        read_docx(bad)


# --- the real corpus ---------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.docx")))
def test_corpus_both_wings_read_the_same_paragraphs(name):
    """Every body paragraph of every corpus file reads the same in the checker and the
    importer (the importer puts Word's list label in front; it reads text boxes apart)."""
    path = CORPUS / name
    checked = [normalize(CONTROL.sub("", para.text)) for para in Document.open(path).paras
               if para.where != "textbox"]  # the importer drops control characters (warned)
    imported = [normalize(para.plain) for para in read_docx(path).paras if para.box is None]
    assert len(checked) == len(imported)
    assert all(b == a or b.endswith(" " + a) or (not a and b)
               for a, b in zip(checked, imported, strict=True))


def test_importer_keeps_rows_and_cells_wrapped_in_content_controls(tmp_path):
    """A row or a cell inside w:sdt is read (it used to vanish: only direct w:tr and w:tc
    children were walked), with its row and grid column counted like the checker's."""
    row = '<w:tr><w:tc>{}</w:tc><w:sdt><w:sdtContent><w:tc>{}</w:tc></w:sdtContent></w:sdt></w:tr>'
    table = ('<w:tbl><w:tblGrid><w:gridCol w:w="4000"/><w:gridCol w:w="4000"/></w:tblGrid>'
             + row.format(p(r("a")), p(r("b")))
             + "<w:sdt><w:sdtContent>" + row.format(p(r("c")), p(r("d")))
             + "</w:sdtContent></w:sdt></w:tbl>")
    path = make_docx(tmp_path / "sdt.docx", p(r("trước")) + table)
    got = [(para.text, para.cell) for para in read_docx(path).paras]
    assert got == [("trước", None), ("a", (0, 0, 0)), ("b", (0, 0, 1)), ("c", (0, 1, 0)),
                   ("d", (0, 1, 1))]
    checked = [(para.text, para.row, para.col) for para in Document.open(path).paras]
    assert checked == [("trước", None, None), ("a", 0, 0), ("b", 0, 1), ("c", 1, 0),
                       ("d", 1, 1)]
