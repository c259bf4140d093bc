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
