"""Quyết định ban hành văn bản kèm theo (ND30 Phụ lục III, Mẫu 1.3): the decision, then the
Quy chế it issues on a page (a section) of its own: kind name, trích yếu, "(Ban hành kèm
theo Quyết định số ...)" in italics with a short rule, Scheme A numbering (Chương I centred
with its title, Điều N. numbered through the chapters, khoản, điểm); import round trip."""

from __future__ import annotations

import copy
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.docx_helpers import NS, Docx, para_text, w
from tests.strategies import sentence
from tests.test_pdf import page_count, page_text, poppler, run
from vbhc.errors import InputError
from vbhc.importer import import_document
from vbhc.loader import validate_data

EXAMPLE = EXAMPLES / "quyet-dinh-ban-hanh-quy-che-ban-chi-dao-dan-chu-co-so-2024.yaml"


def data() -> dict:
    return yaml.safe_load(EXAMPLE.read_text("utf-8"))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    path = tmp_path_factory.mktemp("qd13") / "qd.docx"
    return vbhc.render(vbhc.load(EXAMPLE), path)


@pytest.fixture(scope="module")
def docx(rendered) -> Docx:
    return Docx.open(rendered)


def body_paragraphs(doc: Docx) -> list:
    return doc.document.findall("w:body/w:p", NS)


def by_text(doc: Docx, text: str):
    return next(p for p in doc.paragraphs() if para_text(p) == text)


def test_attached_text_follows_the_signature_in_a_section_of_its_own(docx):
    paras = body_paragraphs(docx)
    texts = [para_text(p) for p in paras]
    start = texts.index("QUY CHẾ")
    before = paras[start - 1]
    sect = before.find("w:pPr/w:sectPr", NS)
    assert sect is not None, "ngắt phần (section) ngay trước tên loại của văn bản kèm theo"
    assert para_text(before) == ""
    # The break ends the decision's section: no restart there; the attached text's own
    # section (the body's final sectPr) restarts at 1, same header and titlePg.
    assert sect.find("w:pgNumType", NS) is None
    final = docx.document.find("w:body/w:sectPr", NS)
    assert final.find("w:pgNumType", NS).get(w("start")) == "1"
    for s in (sect, final):
        assert s.find("w:titlePg", NS) is not None
        refs = {r.get(w("type")) for r in s.findall("w:headerReference", NS)}
        assert refs == {"default", "first"}
        assert s.find("w:pgMar", NS).get(w("left")) == "1701"
    # The decision's closing block comes before the break.
    assert texts.index("QUYẾT ĐỊNH:") < start
    assert any(para_text(p) == "Dương Xuân Huyền" for p in docx.paragraphs()[:200])


def test_title_block_of_the_attached_text(docx):
    texts = [para_text(p) for p in body_paragraphs(docx)]
    start = texts.index("QUY CHẾ")
    assert texts[start + 1] == ("Làm việc của Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh "
                                "Lạng Sơn")
    line = texts[start + 2]
    assert line == ("(Ban hành kèm theo Quyết định số 1102/QĐ-UBND ngày 14 tháng 6 năm 2024 "
                    "của UBND tỉnh Lạng Sơn)")
    p = by_text(docx, line)
    assert docx.run_props(p)["italic"] and docx.ppr_value(p, "w:jc", "val") == "center"
    rule = body_paragraphs(docx)[start + 3]
    assert para_text(rule) == "" and docx.paragraph_style_id(rule) == "VBDuongKeTrichYeu"
    title = by_text(docx, "QUY CHẾ")
    assert docx.run_props(title)["bold"] and docx.ppr_value(title, "w:jc", "val") == "center"


def test_scheme_a_chapters_centred_and_articles_numbered_through(docx):
    texts = [para_text(p) for p in body_paragraphs(docx)]
    start = texts.index("QUY CHẾ")
    chapters = [t for t in texts[start:] if t.startswith("Chương ")]
    assert chapters == ["Chương I", "Chương II", "Chương III"]
    for name, title in (("Chương I", "QUY ĐỊNH CHUNG"),
                        ("Chương III", "ĐIỀU KHOẢN THI HÀNH")):
        k = texts.index(name, start)
        assert texts[k + 1] == title
        for p in (body_paragraphs(docx)[k], body_paragraphs(docx)[k + 1]):
            assert docx.ppr_value(p, "w:jc", "val") == "center"
            assert docx.run_props(p)["bold"]
    articles = [t.split(".")[0] for t in texts[start:] if t.startswith("Điều ")]
    assert articles == [f"Điều {n}" for n in range(1, 7)]  # not restarted per chapter
    first = by_text(docx, "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng")
    runs = [r for r in first.findall("w:r", NS) if "".join(r.itertext()).strip()]
    assert runs and all(docx.run_props(first, r)["bold"] for r in runs)
    assert texts[texts.index("Điều 2. Nguyên tắc làm việc") + 3] == (
        "a) chịu trách nhiệm trước Trưởng ban về lĩnh vực được phân công;")
    # The decision's own articles still count from 1 before it.
    assert texts.index("Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc của Ban Chỉ "
                       "đạo thực hiện dân chủ ở cơ sở tỉnh Lạng Sơn.") < start


def test_sections_with_muc_and_text_without_chapters(tmp_path):
    source = data()
    chapter = source["van_ban_kem_theo"]["chuong"][1]
    chapter["muc"] = [{"tieu_de": "Nhiệm vụ", "dieu": chapter.pop("dieu")[:2]},
                      {"tieu_de": "Chế độ làm việc", "dieu": [{"tieu_de": "Họp"}]}]
    doc = validate_data(source, str(EXAMPLE), base=EXAMPLES)
    texts = [para_text(p) for p in body_paragraphs(Docx.open(vbhc.render(doc, tmp_path /
                                                                         "a.docx")))]
    k = texts.index("Mục 1")
    assert texts[k + 1] == "NHIỆM VỤ" and texts[k + 2].startswith("Điều 3.")
    assert texts[texts.index("Mục 2") + 2] == "Điều 5. Họp"
    flat = data()
    flat["van_ban_kem_theo"] = {"ten_loai": "Quy định", "trich_yeu": "Về tiếp nhận phản ánh",
                                "dieu": [{"tieu_de": "Phạm vi", "noi_dung": ["Quy định ..."]},
                                         {"tieu_de": "Hiệu lực"}]}
    doc = validate_data(flat, str(EXAMPLE), base=EXAMPLES)
    path = vbhc.render(doc, tmp_path / "b.docx")
    texts = [para_text(p) for p in body_paragraphs(Docx.open(path))]
    assert "QUY ĐỊNH" in texts and "Điều 2. Hiệu lực" in texts
    assert not [t for t in texts if t.startswith("Chương")]
    assert not [p for p in vbhc.check(path) if p.is_error]


@pytest.mark.parametrize("change, message", [
    ({"chuong": [], "dieu": []}, "chưa có điều nào"),
    ({"dieu": [{"tieu_de": "X"}]}, "có cả 'chuong' và 'dieu'"),
])
def test_attached_text_shape_is_refused_with_a_vietnamese_message(change, message):
    source = data()
    source["van_ban_kem_theo"].update(copy.deepcopy(change))
    with pytest.raises(InputError) as caught:
        validate_data(source, str(EXAMPLE), base=EXAMPLES)
    assert message in str(caught.value) and "van_ban_kem_theo" in str(caught.value)


def test_passes_vbhc_check(rendered):
    assert not [p for p in vbhc.check(rendered) if p.is_error]


def test_import_round_trip_gives_the_same_file(rendered, tmp_path):
    result = import_document(rendered)
    again = result.document
    original = vbhc.load(EXAMPLE)
    assert again.van_ban_kem_theo.model_dump() == original.van_ban_kem_theo.model_dump()
    assert vbhc.render_bytes(again) == rendered.read_bytes()


def test_skeleton_with_the_attached_text_uncommented_renders_and_checks(tmp_path):
    from vbhc.commands.new import skeleton

    text = skeleton("quyet-dinh", __import__("datetime").date(2024, 6, 1))
    head, found, tail = text.partition("# van_ban_kem_theo:")
    assert found
    tail = "van_ban_kem_theo:" + "\n".join(line[2:] for line in tail.split("\n"))
    source = tmp_path / "qd.yaml"
    source.write_text(head + tail, encoding="utf-8")
    path = vbhc.render(vbhc.load(source), tmp_path / "qd.docx")
    assert not [p for p in vbhc.check(path) if p.is_error]
    assert "QUY CHẾ" in [para_text(p) for p in body_paragraphs(Docx.open(path))]


@pytest.mark.slow
def test_libreoffice_starts_the_attached_text_on_a_page_numbered_from_1(rendered, tmp_path):
    binary = soffice()
    subprocess.run([binary, f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(rendered)], capture_output=True, timeout=180,
                   check=True)
    pdf = tmp_path / f"{rendered.stem}.pdf"
    assert page_count(pdf) == 3
    first = [x.strip() for x in page_text(pdf, 2).splitlines() if x.strip()]
    assert first[0] == "QUY CHẾ", "văn bản kèm theo sang trang mới, trang đầu không in số"
    second = [x.strip() for x in page_text(pdf, 3).splitlines() if x.strip()]
    assert second[0] == "2", "số trang của văn bản kèm theo tính lại từ 1"
    assert "Chương I" in run(poppler("pdftotext"), "-layout", str(pdf), "-")
    # Imported from the PDF: the attached text is found after the signature (its kind name
    # and "(Ban hành kèm theo ...)" line), not read as more signature lines.
    again = import_document(pdf).document
    assert again.nguoi_ky.chuc_vu == "PHÓ CHỦ TỊCH" and again.nguoi_ky.ho_ten == "Dương Xuân Huyền"
    attached = again.van_ban_kem_theo
    assert attached.ten_loai == "Quy chế"
    assert [c.tieu_de for c in attached.chuong] == ["Quy định chung", "Nhiệm vụ, quyền hạn và "
                                                    "chế độ làm việc", "Điều khoản thi hành"]
    assert sum(len(c.dieu) for c in attached.chuong) == 6


@st.composite
def attached_texts(draw) -> dict:
    """A random attached text: chapters (with or without sections) or bare articles."""
    def article() -> dict:
        out = {"tieu_de": draw(sentence(max_words=6, plain=True))}
        if draw(st.booleans()):
            out["noi_dung"] = draw(st.lists(sentence(ending="."), min_size=1, max_size=2))
        clauses = draw(st.lists(st.one_of(
            sentence(ending="."),
            st.fixed_dictionaries({"noi_dung": sentence(ending=":"),
                                   "diem": st.lists(sentence(ending=";"), min_size=1,
                                                    max_size=3)})), max_size=3))
        if clauses:
            out["khoan"] = clauses
        return out

    def articles() -> list:
        return [article() for _ in range(draw(st.integers(1, 3)))]

    text = {"ten_loai": draw(st.sampled_from(["Quy chế", "Quy định", "Kế hoạch"])),
            "trich_yeu": draw(sentence(max_words=10, plain=True))}
    if draw(st.booleans()):
        text["dieu"] = articles()
    else:
        chapters = []
        for _ in range(draw(st.integers(1, 3))):
            chapter = {"tieu_de": draw(sentence(max_words=6, plain=True))}
            if draw(st.booleans()):
                chapter["muc"] = [{"tieu_de": draw(sentence(max_words=5, plain=True)),
                                   "dieu": articles()} for _ in range(draw(st.integers(1, 2)))]
            else:
                chapter["dieu"] = articles()
            chapters.append(chapter)
        text["chuong"] = chapters
    return text


@settings(max_examples=int(os.environ.get("VBHC_FUZZ_EXAMPLES", "15")), deadline=None,
          derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                   HealthCheck.data_too_large])
@given(attached_texts())
def test_any_attached_text_renders_checks_and_imports_to_the_same_file(text):
    """Render -> vbhc check -> import -> render gives the same bytes, whatever the shape of
    the attached text (chapters, sections, bare articles; clauses with and without points)."""
    source = data()
    source["van_ban_kem_theo"] = text
    doc = validate_data(source, str(EXAMPLE), base=EXAMPLES)
    first = vbhc.render_bytes(doc)  # checked: never what vbhc check calls an error
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "qd.docx"
        path.write_bytes(first)
        again = import_document(path).document
    assert vbhc.render_bytes(again) == first


def test_attached_text_then_appendices_each_in_its_own_section(tmp_path):
    """Mẫu 1.3 with appendices: decision | Quy chế | Phụ lục I | Phụ lục II, each section after
    the first numbered from 1; import reads both back (same bytes again)."""
    source = data()
    source["phu_luc"] = [{"tieu_de": "Danh sách thành viên", "noi_dung": ["Trưởng ban."]},
                         {"tieu_de": "Lịch họp", "noi_dung": ["Tháng 6 và tháng 12."]}]
    doc = validate_data(source, str(EXAMPLE), base=EXAMPLES)
    path = vbhc.render(doc, tmp_path / "qd.docx")
    docx = Docx.open(path)
    body = docx.document.find("w:body", NS)
    children = list(body)
    marks = [p for p in body.findall("w:p", NS) if p.find("w:pPr/w:sectPr", NS) is not None]
    assert [para_text(children[children.index(p) + 1]) for p in marks] == \
        ["QUY CHẾ", "Phụ lục I", "Phụ lục II"]
    sects = [p.find("w:pPr/w:sectPr", NS) for p in marks] + [body.find("w:sectPr", NS)]
    assert [None if s.find("w:pgNumType", NS) is None else s.find("w:pgNumType", NS).get(
        w("start")) for s in sects] == [None, "1", "1", "1"]
    again = import_document(path).document
    assert again.van_ban_kem_theo is not None and len(again.phu_luc) == 2
    assert vbhc.render_bytes(again) == path.read_bytes()
