"""Formatting resolution as Word does it: run, character style, paragraph style chain,
table style, document defaults; toggles (w:b, w:i) flip between style levels (the paragraph
style resets them, as Word does) and are set outright by direct formatting; complex-script
variants never count for Latin text."""

from __future__ import annotations

from lxml import etree

from vbhc.docx.styles import StyleSheet

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

STYLES = f"""<w:styles xmlns:w="{W}">
  <w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault>
  </w:docDefaults>
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:rPr><w:sz w:val="26"/>
  </w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="Dam"><w:basedOn w:val="Normal"/><w:rPr><w:b/>
  <w:sz w:val="28"/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="DamCon"><w:basedOn w:val="Dam"/><w:rPr>
  <w:i/></w:rPr></w:style>
  <w:style w:type="paragraph" w:styleId="ChiCs"><w:rPr><w:bCs/><w:iCs/><w:szCs w:val="40"/>
  </w:rPr></w:style>
  <w:style w:type="character" w:styleId="KyTuDam"><w:rPr><w:b/></w:rPr></w:style>
  <w:style w:type="table" w:styleId="BangDam"><w:rPr><w:b/><w:sz w:val="22"/></w:rPr>
  </w:style>
</w:styles>"""


def props(ppr: str = "", rpr: str = "", table: str | None = None):
    sheet = StyleSheet(etree.fromstring(STYLES), None)
    p = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{ppr}</w:pPr><w:r><w:rPr>{rpr}</w:rPr>'
                         "<w:t>x</w:t></w:r></w:p>")
    tbl = None
    if table:
        tbl = etree.fromstring(f'<w:tbl xmlns:w="{W}"><w:tblPr><w:tblStyle w:val="{table}"/>'
                               "</w:tblPr></w:tbl>")
    return sheet.run_props(p.find(f"{{{W}}}r"), p, tbl)


def test_default_paragraph_style_and_doc_defaults():
    assert props().size == 13
    assert not props().bold


def test_paragraph_style_chain():
    rp = props('<w:pStyle w:val="DamCon"/>')
    assert (rp.size, rp.bold, rp.italic) == (14, True, True)


def test_direct_off_values_turn_toggles_off():
    for val in ("0", "false", "off"):
        rp = props('<w:pStyle w:val="DamCon"/>', f'<w:b w:val="{val}"/><w:i w:val="{val}"/>')
        assert not rp.bold and not rp.italic


def test_character_style_flips_paragraph_bold():
    assert not props('<w:pStyle w:val="Dam"/>', '<w:rStyle w:val="KyTuDam"/>').bold
    assert props("", '<w:rStyle w:val="KyTuDam"/>').bold


def test_direct_formatting_wins_over_toggle():
    assert props('<w:pStyle w:val="Dam"/>', '<w:rStyle w:val="KyTuDam"/><w:b/>').bold


def test_complex_script_properties_do_not_count():
    rp = props('<w:pStyle w:val="ChiCs"/>', "<w:bCs/><w:szCs w:val='48'/>")
    assert (rp.size, rp.bold, rp.italic) == (10, False, False)


def test_table_style_applies_under_paragraph_style():
    rp = props("", "", table="BangDam")
    assert rp.bold and rp.size == 13  # Normal's size beats the table style's
    # Word resets a toggle at the paragraph style instead of XORing it with the table
    # style's ([MS-OI29500] 2.1.258 on ECMA-376 §17.7.8): bold, not "toggled twice"
    assert props('<w:pStyle w:val="Dam"/>', "", table="BangDam").bold


INDENT_STYLES = f"""<w:styles xmlns:w="{W}">
  <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:pPr>
  <w:ind w:firstLine="720"/><w:jc w:val="both"/></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="Treo"><w:basedOn w:val="Normal"/><w:pPr>
  <w:ind w:left="567" w:hanging="283"/></w:pPr></w:style>
</w:styles>"""


def indents(ppr: str) -> tuple[int, int]:
    """(first_line, hanging) of a paragraph with direct pPr ``ppr`` under INDENT_STYLES."""
    sheet = StyleSheet(etree.fromstring(INDENT_STYLES), None)
    p = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr>{ppr}</w:pPr></w:p>')
    found = sheet.para_props(p)
    return found.first_line, found.hanging


def test_direct_hanging_zero_cancels_inherited_first_line():
    """ECMA-376 §17.3.1.12: firstLine and hanging exclude each other; a direct
    w:hanging="0" (LibreOffice writes it on every centred header line of real Lâm Đồng
    plans) removes the Normal style's 720-twip first-line indent, as Word and LibreOffice
    print it."""
    assert indents("") == (720, 0)
    assert indents('<w:ind w:hanging="0"/>') == (0, 0)
    assert indents('<w:ind w:hanging="23"/>') == (0, 23)
    assert indents('<w:ind w:left="0"/>') == (720, 0)  # no first-line attribute: inherited


def test_direct_first_line_cancels_inherited_hanging():
    assert indents('<w:pStyle w:val="Treo"/>') == (0, 283)
    assert indents('<w:pStyle w:val="Treo"/><w:ind w:firstLine="0"/>') == (0, 0)
    assert indents('<w:pStyle w:val="Treo"/><w:ind w:firstLine="400"/>') == (400, 0)


def test_hanging_wins_over_first_line_in_one_element():
    assert indents('<w:ind w:firstLine="720" w:hanging="360"/>') == (0, 360)
