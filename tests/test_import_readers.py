"""The importer's readers on small made-up files: what Word hides (smart tags, insertions,
list numbers, style toggles), what PDF extraction breaks, and files that are refused."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from vbhc import cli
from vbhc.importer import NotImportable, import_document, read_source
from vbhc.importer.source import to_markup
from vbhc.model.markup import FootnoteRef, TextSpan, parse, plain

IMPORT = "vbhc.commands.import_cmd:import_cmd"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEADER = """Số: 05/KH-UBND
Cao Lộc, ngày 05 tháng 3 năm 2025
KẾ HOẠCH
Thử nghiệm nhập văn bản
"""


def make_docx(path, body: str, *, styles: str = "", numbering: str = "", footnotes: str = ""):
    """Write a minimal .docx whose body is ``body`` (WordprocessingML inside w:body)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
        if styles:
            zf.writestr("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")
        if numbering:
            zf.writestr("word/numbering.xml", f"<w:numbering {W}>{numbering}</w:numbering>")
        if footnotes:
            zf.writestr("word/footnotes.xml", f"<w:footnotes {W}>{footnotes}</w:footnotes>")
    return path


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p><w:pPr>{ppr}</w:pPr>{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'


def texts(path) -> list[str]:
    return [to_markup(para.spans) for para in read_source(path).paras]


# --- .docx reading
def test_text_inside_smarttag_hyperlink_ins_is_kept_and_deletions_dropped(tmp_path):
    body = p(r("UBND "), f"<w:smartTag><w:smartTag>{r('tỉnh')}</w:smartTag></w:smartTag>",
             f"<w:hyperlink>{r(' Lạng')}</w:hyperlink>", f"<w:ins>{r(' Sơn')}</w:ins>",
             "<w:del><w:r><w:delText> Cao Bằng</w:delText></w:r></w:del>",
             f"<w:sdt><w:sdtContent>{r(' năm 2024')}</w:sdtContent></w:sdt>")
    assert texts(make_docx(tmp_path / "a.docx", body)) == ["UBND tỉnh Lạng Sơn năm 2024"]


def test_emphasis_follows_styles_with_toggle_semantics(tmp_path):
    styles = ('<w:style w:type="paragraph" w:styleId="Dam"><w:rPr><w:b/></w:rPr></w:style>'
              '<w:style w:type="character" w:styleId="Nghieng"><w:rPr><w:i/></w:rPr></w:style>'
              '<w:style w:type="character" w:styleId="DoiDam"><w:rPr><w:b/></w:rPr></w:style>')
    body = (p(r("cả đoạn đậm"), ppr='<w:pStyle w:val="Dam"/>')
            + p(r("thường "), r("nghiêng", '<w:rStyle w:val="Nghieng"/>'), r(" "),
                r("đậm", '<w:b w:val="1"/>'))
            + p(r("hết "), r("đậm", '<w:rStyle w:val="DoiDam"/>'), ppr='<w:pStyle w:val="Dam"/>'))
    got = texts(make_docx(tmp_path / "b.docx", body, styles=styles))
    assert got == ["**cả đoạn đậm**", "thường *nghiêng* **đậm**", "**hết** đậm"]


def test_automatic_numbering_is_read_as_text(tmp_path):
    numbering = ('<w:abstractNum w:abstractNumId="1">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                 '<w:lvlText w:val="%1."/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
                 '<w:lvlText w:val="%2)"/></w:lvl>'
                 '<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num>')

    def item(text, level):
        return p(r(text), ppr=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="7"/>'
                 '</w:numPr>')

    body = (item("Một", 0) + item("Ý a", 1) + item("Ý b", 1) + item("gạch", 2) + item("Hai", 0)
            + item("Ý a mới", 1))
    got = texts(make_docx(tmp_path / "c.docx", body, numbering=numbering))
    assert got == ["1. Một", "a) Ý a", "b) Ý b", "- gạch", "2. Hai", "a) Ý a mới"]


def test_footnotes_in_reference_order_and_a_second_citation(tmp_path):
    notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="8"><w:p>'
             '<w:r><w:footnoteRef/></w:r><w:r><w:t> Chú thích tám</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="3"><w:p><w:r><w:t>Chú thích ba</w:t></w:r></w:p></w:footnote>')
    ref = '<w:r><w:footnoteReference w:id="{}"/></w:r>'
    body = p(r("đầu"), ref.format(8), r(" giữa"), ref.format(3), r(" lại"),
             r("1", '<w:vertAlign w:val="superscript"/>'))
    source = read_source(make_docx(tmp_path / "d.docx", body, footnotes=notes))
    assert to_markup(source.paras[0].spans) == "đầu[^1] giữa[^2] lại[^1]"
    assert {k: to_markup(v) for k, v in source.notes.items()} == {
        "1": "Chú thích tám", "2": "Chú thích ba"}


# --- text extracted from a PDF
def test_text_joins_page_splits_lifts_footnotes_and_drops_page_numbers(tmp_path):
    text = ("Căn cứ Luật ngày 01/01/2024;\n\n1. Việc thứ nhất ở tỉnh¹ của đời\n\n"
            "¹ Quyết định số 1/QĐ-UBND.\n\n2\n\nsống xã hội.\n\n2. Việc thứ hai có m² đất.\n")
    path = tmp_path / "e.txt"
    path.write_text(text, encoding="utf-8")
    source = read_source(path)
    assert [to_markup(p.spans) for p in source.paras] == [
        "Căn cứ Luật ngày 01/01/2024;",
        "1. Việc thứ nhất ở tỉnh[^1] của đời sống xã hội.",
        "2. Việc thứ hai có m² đất.",
    ]
    assert to_markup(source.notes["1"]) == "Quyết định số 1/QĐ-UBND."


def test_literal_markup_characters_are_escaped(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text(HEADER + "Căn cứ văn bản [số 1] và điểm *a* \\ b;\n\nI. NỘI DUNG\n\n"
                    "1. Cơ quan A\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn A\n",
                    encoding="utf-8")
    plan = import_document(path).document
    assert plain(plan.can_cu[0]) == "Căn cứ văn bản [số 1] và điểm *a* \\ b;"


def _chars(spans) -> list:
    """Return one (char, bold, italic) per visible character, footnotes as their key."""
    out = []
    for span in spans:
        if isinstance(span, FootnoteRef):
            out.append(span)
        else:
            out += [(c, span.bold, span.italic) for c in span.text]
    return out


def test_to_markup_round_trips_through_the_parser():
    spans = [TextSpan("a "), TextSpan("b", bold=True), TextSpan(" c", bold=True, italic=True),
             TextSpan(" d*"), FootnoteRef("k"), TextSpan(" [e]", italic=True)]
    markup = to_markup(spans)
    assert markup == "a **b *c*** d\\*[^k] *\\[e]*"
    want = _chars(spans)
    got = _chars(parse(markup))
    assert [g if isinstance(g, FootnoteRef) or g[0] != " " else g[0] for g in got] == [
        x if isinstance(x, FootnoteRef) or x[0] != " " else x[0] for x in want]


def test_plain_text_plan_maps_sections(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text(HEADER + "UBND huyện ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\n"
                    "Làm tốt.\n\nII. KINH PHÍ\n\n1. Nguồn ngân sách.\n\n2. Nguồn khác.\n\n"
                    "III. TỔ CHỨC THỰC HIỆN\n\n1. Phòng Nội vụ\n\nTheo dõi./.\n\nNơi nhận:\n"
                    "- Như trên;\n- Lưu: VT.\n\nCHỦ TỊCH\n\nNguyễn Văn A\n", encoding="utf-8")
    result = import_document(path)
    plan = result.document
    assert plan.co_quan.ten == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC" and plan.co_quan.cap == "huyen"
    assert (plan.so_ky_hieu.so, plan.ngay_ban_hanh.ngay) == (5, 5)
    assert plan.muc_dich == [["Làm tốt."]]
    assert plan.muc_khac[0].tieu_de == "KINH PHÍ"
    assert [m.tieu_de for m in plan.muc_khac[0].muc_con] == ["Nguồn ngân sách.", "Nguồn khác."]
    assert plan.to_chuc_thuc_hien[0].co_quan == "Phòng Nội vụ"
    assert plan.ket_luan == ["Theo dõi./."]  # the last paragraph, ending with "./."
    assert any("KINH PHÍ" in str(w) for w in result.warnings)


# --- refused files: a Vietnamese message and exit code 2
def _zip_with(path, entries: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


BAD = {
    "khong-phai-zip.docx": (lambda p: p.write_text("xin chào"), "không phải tệp .docx"),
    "rong.txt": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "rong.docx": (lambda p: p.write_bytes(b""), "tệp rỗng"),
    "ngau-nhien.txt": (lambda p: p.write_text("Hôm nay trời đẹp.\nChúng tôi đi chơi.\n"),
                       "không nhận ra văn bản hành chính"),
    "cu.doc": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
               "Word 97-2003"),
    "thieu.docx": (lambda p: _zip_with(p, {"word/styles.xml": b"<x/>"}), "word/document.xml"),
    "nhieu-muc.docx": (lambda p: _zip_with(p, {f"m/{i}": b"" for i in range(5001)}),
                       "quá nhiều phần"),
    "thuc-the.docx": (lambda p: _zip_with(p, {"word/document.xml": (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<w:document {W}><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body>'
        '</w:document>').encode()}), "DTD"),
    "nhi-phan.txt": (lambda p: p.write_bytes(b"\x00\x01\x02abc"), "không phải tệp văn bản"),
}


def test_a_kind_without_a_reader_is_refused_naming_it(tmp_path, monkeypatch):
    """Every kind of the table imports today (issue 18); a kind whose model has no body
    reader is still refused in Vietnamese, naming the kind (exit 2)."""
    from vbhc.importer import build

    monkeypatch.setattr(build, "BODIES", {k: v for k, v in build.BODIES.items() if k != "chung"})
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    path = tmp_path / "hop-dong.txt"
    path.write_text(HEADER.replace("KẾ HOẠCH", "HỢP ĐỒNG").replace("KH-", "HĐ-") + "Nội dung.\n")
    with pytest.raises(NotImportable) as caught:
        import_document(path)
    assert "chưa hỗ trợ nhập loại văn bản Hợp đồng" in str(caught.value)
    result = CliRunner().invoke(cli.main, ["import", str(path)])
    assert result.exit_code == 2 and "Hợp đồng" in result.output, result.output


@pytest.mark.parametrize("name", sorted(BAD))
def test_unreadable_or_unsupported_files_exit_2(name, tmp_path, monkeypatch):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    make, message = BAD[name]
    path = tmp_path / name
    make(path)
    with pytest.raises(NotImportable) as caught:
        import_document(path)
    assert message in str(caught.value)
    result = CliRunner().invoke(cli.main, ["import", str(path)])
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Lỗi: ") and message in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("*.yaml"))


def test_missing_file_exit_2(tmp_path, monkeypatch):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    result = CliRunner().invoke(cli.main, ["import", str(tmp_path / "khong-co.docx")])
    assert result.exit_code == 2 and "không có tệp này" in result.output
