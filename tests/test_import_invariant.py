"""Invariant of `vbhc import`: whatever it reads, the YAML it writes loads and renders.

Checked on every real file we hold (../shared/corpus, the seed text, tests/data), on
documents vbhc itself rendered from the fuzz strategies, and on made-up files whose lines
are drawn from the header, closing and body vocabulary in random order and layout (text
and .docx, in table cells or tab-separated). An import may refuse a file (NotImportable,
exit 2); it may never write YAML that `vbhc render` rejects.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vbhc
from tests.strategies import documents
from tests.test_import_readers import make_docx
from vbhc import cli
from vbhc.importer import NotImportable, import_document
from vbhc.lang.outline import roman
from vbhc.loader import parse_yaml, validate_data
from vbhc.profiles import NO_PROFILES
from vbhc.yaml_out import dump_document

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"
IMPORT = "vbhc.commands.import_cmd:import_cmd"
EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def real_files() -> list[Path]:
    """Every real input we hold: the corpus, the seed text, tests/data (.docx, .txt, .pdf)."""
    out = sorted((SHARED / "corpus").glob("*.docx")) + sorted((SHARED / "seeds").glob("*"))
    for ext in ("docx", "txt", "pdf"):
        out += sorted((HERE / "data").rglob(f"*.{ext}"))
    return out


def yaml_renders(path: Path) -> bool:
    """Import ``path``; return False when refused, else assert that its YAML renders."""
    try:
        result = import_document(path)
    except NotImportable as exc:
        assert exc.exit_code == 2 and str(exc)
        return False
    text = dump_document(result.document, "x.schema.json", comment="nhập")
    data, lines = parse_yaml(text, "nhap.yaml")
    doc = validate_data(data, "nhap.yaml", lines, access=NO_PROFILES)
    vbhc.render_bytes(doc)
    return True


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name[:50])
def test_every_real_file_imports_to_yaml_that_renders(path):
    yaml_renders(path)


def test_real_files_are_there():
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"không có thư mục {SHARED / 'corpus'} (../shared vắng mặt)")
    assert sum(yaml_renders(p) for p in real_files()) >= 8


def test_cli_import_writes_only_yaml_that_renders(tmp_path, monkeypatch):
    """The command itself renders what it is about to write; a corpus file goes through."""
    source = SHARED / "corpus" / "tb_truong-dh-duy-tan_2008_363-TB-DHDT_quan-ly-gvcn-cvht.docx"
    if not source.is_file():
        pytest.skip(f"không có tệp {source}")
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    out = tmp_path / "tb.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "noi_nhan" in out.read_text(encoding="utf-8")  # placeholder, not dropped
    vbhc.render_bytes(vbhc.load(out))


def test_cli_import_refuses_to_write_yaml_that_does_not_render(tmp_path, monkeypatch):
    """The safety net: if the importer ever made a model whose YAML fails, nothing is written
    and the clerk reads why (exit 3, an internal error)."""
    from vbhc.commands import import_cmd

    source = tmp_path / "cv.txt"
    source.write_text(DISPATCH, encoding="utf-8")
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    monkeypatch.setattr("vbhc.yaml_out.dump_document", lambda *a, **k: "loai: ke-hoach\n")
    assert import_cmd  # the module reads dump_document at call time
    out = tmp_path / "cv.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "không dựng được" in result.output and not out.exists()


DISPATCH = """ỦY BAN NHÂN DÂN
HUYỆN CAO LỘC
Số: 12/UBND-NV
V/v đôn đốc báo cáo
Cao Lộc, ngày 05 tháng 3 năm 2025
Kính gửi: Phòng Nội vụ.
Đề nghị báo cáo đúng hạn./.
Nơi nhận:
- Như trên;
- Lưu: VT, NV.
CHỦ TỊCH
Nguyễn Văn A
"""


@FUZZ
@given(documents)
def test_any_rendered_document_imports_to_yaml_that_renders(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bat") / "vb.docx"
    vbhc.render(validate_data(data), path)
    assert yaml_renders(path)


# --- made-up files from the vocabulary of real ones, in random order and layout
HEADER = ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-UBND", "Số:      /BC-SNV", "Số: 7/UBND-NV",
          "Cao Lộc, ngày 05 tháng 3 năm 2025", "Lạng Sơn, ngày   tháng   năm 2024",
          "V/v đôn đốc báo cáo", "(V/v triển khai",
          "kế hoạch năm 2025)", "KHẨN", "MẬT", "Thực hiện dân chủ ở cơ sở", "Kính gửi:",
          "Kính gửi: Sở Nội vụ", "- Phòng Nội vụ;", "ngày 31 tháng 13 năm 2025",
          "Số: 0/QĐ-UBND"]
KIND = ["KẾ HOẠCH", "BÁO CÁO", "THÔNG BÁO", "TỜ TRÌNH", "KẾ HOẠCH\nThực hiện dân chủ"]
# Free lines carry no outline number; numbered sections come in whole, in order (a source
# whose own numbering is broken is flagged by vbhc check, and its text is kept verbatim).
FREE = ["Căn cứ Luật Tổ chức chính quyền địa phương;", "Thực hiện Kế hoạch số 5/KH-UBND;",
        "Trên đây là Kế hoạch của UBND huyện./.", "Nội dung { x } <w:p> ** [^1] \\ *a*",
        "PHỤ LỤC I", "(Kèm theo Kế hoạch số 12/KH-UBND)", "Bảng 1. Kết quả",
        "Đơn vị tính: người", "Tổng cộng 12", "năm 20241 đã ký", "¹ Quyết định số 1.",
        "KẾT QUẢ THỰC HIỆN", "12 | Sở Nội vụ | 100", "- chi tiết;"]
SECTIONS = [["MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Tuyên truyền.", "b) Kiểm tra.",
             "2. Yêu cầu", "- chi tiết;"],
            ["NỘI DUNG THỰC HIỆN", "1. Nhiệm vụ một", "1.1. Nội dung", "a) Tuyên truyền.",
             "1.2. Cơ quan thực hiện: Sở Nội vụ.", "1.3. Thời gian thực hiện: năm 2025."],
            ["KINH PHÍ", "Kinh phí từ ngân sách huyện."],
            ["TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ", "Chủ trì, theo dõi.", "2. Chế độ báo cáo",
             "Các cơ quan báo cáo hằng quý."],
            ["KẾT QUẢ", "Đạt kết quả tốt.", "1. Việc một", "Nội dung."]]
BODY = FREE + [line for section in SECTIONS for line in section[1:]]
CLOSING = ["Nơi nhận:", "- Như trên;", "- Sở Nội vụ;", "- Lưu: VT, NV.", "Lưu: VT",
           "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG",
           "Q. GIÁM ĐỐC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn An",
           "(Đã ký)", "Đại tá Trần Văn B", "Nơi nhận:\tKT. CHỦ TỊCH", "- X;\tPHÓ CHỦ TỊCH"]
LINE = st.one_of(st.sampled_from(HEADER), st.sampled_from(FREE), st.sampled_from(CLOSING))


@st.composite
def made_up_parts(draw) -> tuple[list[str], list[str], list[str]]:
    """Return (header, body, closing) lines that mostly look like a document but not quite:
    free lines and other parts' lines turn up anywhere outside the numbered sections; the
    kind name, when there is one, closes the header (a kind name inside a công văn's body
    is out of scope: vbhc check reads it as the kind name)."""
    head = draw(st.lists(st.sampled_from(HEADER), min_size=1, max_size=10, unique=True))
    head += draw(st.lists(st.sampled_from(KIND), max_size=1))  # the kind name ends ô 1-5
    body = draw(st.lists(st.sampled_from(FREE), max_size=4))
    chosen = draw(st.lists(st.sampled_from(range(len(SECTIONS))), max_size=4, unique=True))
    for number, k in enumerate(chosen, start=1):
        title, *rest = SECTIONS[k]
        body += [f"{roman(number)}. {title}", *rest]
    tail = draw(st.lists(st.sampled_from(CLOSING), max_size=8))
    for line in draw(st.lists(LINE, max_size=4)):
        part = draw(st.sampled_from([head, tail]))
        part.insert(draw(st.integers(0, len(part))), line)
    return head, body, tail


@st.composite
def made_up(draw) -> list[str]:
    """Return the lines of :func:`made_up_parts` in one list."""
    head, body, tail = draw(made_up_parts())
    return head + body + tail


@FUZZ
@given(made_up())
def test_made_up_text_imports_to_yaml_that_renders_or_is_refused(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("txt") / "vb.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yaml_renders(path)


def _cell(lines: list[str]) -> str:
    return "<w:tc>" + "".join(_para(t) for t in lines or [""]) + "</w:tc>"


def _para(text: str, bold: bool = False, center: bool = False) -> str:
    ppr = '<w:jc w:val="center"/>' if center else ""
    rpr = "<w:b/>" if bold else ""
    runs = "<w:r><w:tab/></w:r>".join(
        f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{escape_xml(t)}</w:t></w:r>'
        for t in text.split("\t"))
    return f"<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>"


def escape_xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def made_up_docx(draw) -> str:
    """Return a w:body: the made-up header and closing lines, some runs of them in tables
    (two columns, vertically merged or nested cells), some bold or centred; the body lines
    as paragraphs between them."""
    head, body, tail = draw(made_up_parts())
    return (_laid_out(draw, head) + "".join(_para(t) for t in body)
            + _laid_out(draw, tail))


def _laid_out(draw, lines: list[str]) -> str:
    out: list[str] = []
    i = 0
    while i < len(lines):
        take = draw(st.integers(1, 4))
        chunk = lines[i:i + take]
        i += take
        shape = draw(st.sampled_from(["paras", "paras", "table", "merged", "nested"]))
        if shape == "paras":
            out += [_para(t, draw(st.booleans()), draw(st.booleans())) for t in chunk]
            continue
        half = (len(chunk) + 1) // 2
        left, right = chunk[:half], chunk[half:]
        if shape == "merged":
            out.append('<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
                       + "".join(_para(t) for t in left) + "</w:tc>" + _cell(right)
                       + "</w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
                       + _cell([]) + "</w:tr></w:tbl>")
        elif shape == "nested":
            out.append("<w:tbl><w:tr><w:tc><w:tbl><w:tr>" + _cell(left) + _cell(right)
                       + "</w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>")
        else:
            out.append(f"<w:tbl><w:tr>{_cell(left)}{_cell(right)}</w:tr></w:tbl>")
    return "".join(out)


@FUZZ
@given(made_up_docx())
def test_made_up_docx_imports_to_yaml_that_renders_or_is_refused(tmp_path_factory, body):
    path = make_docx(tmp_path_factory.mktemp("docx") / "vb.docx", body)
    yaml_renders(path)


def test_recipients_only_as_above_keep_an_empty_list_in_the_yaml(tmp_path):
    """'- Như trên; - Lưu: VT, NV.' leaves danh_sach empty: the YAML writer keeps the
    required empty list (it used to drop it, and the file failed to load)."""
    from tests.test_import_kinds import REPORT

    path = tmp_path / "bc.txt"
    path.write_text(REPORT, encoding="utf-8")
    text = dump_document(import_document(path).document)
    assert "danh_sach: []" in text
    assert yaml_renders(path)


# --- every kind: render -> import -> YAML -> render (the clerk's round trip)
def _example_files() -> list[Path]:
    return sorted((HERE.parent / "examples").glob("*.yaml"))


def _round_trip(model, tmp_path: Path, name: str) -> str:
    """Render ``model``, import the .docx, write its YAML as `vbhc import` does, load and
    render that again; return the YAML written."""
    docx = tmp_path / f"{name}.docx"
    vbhc.render(model, docx)
    result = import_document(docx)
    text = dump_document(result.document, "x.schema.json", comment="nhập")
    data, lines = parse_yaml(text, "nhap.yaml")
    again = validate_data(data, "nhap.yaml", lines, access=NO_PROFILES)
    assert again.loai == model.loai
    vbhc.render_bytes(again)
    return text


@pytest.mark.parametrize("example", _example_files(), ids=lambda p: p.stem)
def test_every_example_round_trips_through_import_yaml(example, tmp_path):
    """Render -> import -> YAML -> render for every example of every kind; the giấy giới
    thiệu one used to lose its ``danh_sach: []`` and fail with 'thiếu trường bắt buộc'."""
    text = _round_trip(vbhc.load(example), tmp_path, example.stem)
    if "noi_nhan" in text:
        assert "danh_sach:" in text


def test_examples_cover_every_kind_vbhc_renders():
    from vbhc.model.kinds import known_slugs

    assert {vbhc.load(p).loai for p in _example_files()} == set(known_slugs())


@pytest.mark.parametrize("kind", ["giay-gioi-thieu", "giay-nghi-phep"])
def test_round_trip_through_the_cli_of_the_forms_without_abstract(kind, tmp_path, monkeypatch):
    """The clerk's commands, as reported: render, import, render the import (Mẫu 1.8,
    1.10); the second rendering is the same file as the first."""
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    example = next((HERE.parent / "examples").glob(f"{kind}-*.yaml"))
    runner = CliRunner()
    steps = [["render", str(example), "-o", str(tmp_path / "g.docx")],
             ["import", str(tmp_path / "g.docx"), "-o", str(tmp_path / "i.yaml")],
             ["render", str(tmp_path / "i.yaml")]]
    for step in steps:
        result = runner.invoke(cli.main, step)
        assert result.exit_code == 0, (step, result.output)
    if kind == "giay-gioi-thieu":  # its example has no recipient but the filing line
        assert "danh_sach: []" in (tmp_path / "i.yaml").read_text("utf-8")
    assert (tmp_path / "i.docx").read_bytes() == (tmp_path / "g.docx").read_bytes()


def test_decision_header_without_articles_gets_a_warned_placeholder(tmp_path):
    """Found by the made-up text property: a "QĐ" symbol and no "Điều 1." made a decision
    with no article, which does not render; now a placeholder article, warned."""
    path = tmp_path / "qd.txt"
    path.write_text("ỦY BAN NHÂN DÂN\nHUYỆN CAO LỘC\nSỞ NỘI VỤ\n"
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 0/QĐ-UBND\n", encoding="utf-8")
    assert yaml_renders(path)
    result = import_document(path)
    assert result.document.loai == "quyet-dinh" and len(result.document.dieu) == 1
    assert any("điền lại dieu" in w.message for w in result.warnings)
