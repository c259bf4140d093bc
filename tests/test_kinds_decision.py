"""Quyết định cá biệt (ND30 Phụ lục III, Mẫu 1.2): the authority line, căn cứ, "Theo đề nghị
của ...", "QUYẾT ĐỊNH:", articles with khoản and điểm, "- Như Điều N;" in Nơi nhận; import of
a rendered and of a real decision."""

from __future__ import annotations

import copy

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES, SHARED
from tests.docx_helpers import NS, Docx, para_text, w
from vbhc.errors import InputError
from vbhc.loader import validate_data

DECISION = EXAMPLES / "quyet-dinh-kien-toan-ban-chi-dao-dan-chu-co-so-2024.yaml"
CORPUS_QD = SHARED / "corpus" / "qd_ubnd-tinh-lam-dong_2026_cong-bo-chi-so-cchc-2025.docx"


def data() -> dict:
    return yaml.safe_load(DECISION.read_text("utf-8"))


def render(tmp_path, changes: dict | None = None) -> Docx:
    source = data()
    source.update(changes or {})
    doc = validate_data(source, str(DECISION), base=EXAMPLES)
    return Docx.open(vbhc.render(doc, tmp_path / "qd.docx", force=True))


@pytest.fixture(scope="module")
def decision(tmp_path_factory) -> Docx:
    return render(tmp_path_factory.mktemp("qd"))


def texts(doc: Docx) -> list[str]:
    return [para_text(p) for p in doc.paragraphs()]


def test_sample_form_order(decision):
    t = texts(decision)
    assert "Số: 1050/QĐ-UBND" in t
    order = ["QUYẾT ĐỊNH",
             "Về việc kiện toàn Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh Lạng Sơn",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
             "Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10/11/2022;",
             "Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 96/TTr-SNV ngày 20/5/2024.",
             "QUYẾT ĐỊNH:"]
    assert [t.index(x) for x in order] == sorted(t.index(x) for x in order)
    assert t[t.index("QUYẾT ĐỊNH:") + 1].startswith("Điều 1. Kiện toàn Ban Chỉ đạo")
    assert t.index("Điều 4. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Nội vụ, Thủ trưởng các cơ "
                   "quan, đơn vị có liên quan và các thành viên Ban Chỉ đạo tại Điều 1 chịu trách "
                   "nhiệm thi hành Quyết định này./.") < t.index("Nơi nhận:")


def test_authority_line_and_decides_line_are_centred_bold(decision):
    for text in ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "QUYẾT ĐỊNH:"):
        p = next(p for p in decision.paragraphs() if para_text(p) == text)
        props = decision.run_props(p)
        assert props["bold"] and props["size"] == 14, text
        assert decision.ppr_value(p, "w:jc", "val") == "center", text
        assert p.find("w:pPr/w:pStyle", NS).get(w("val")) in ("VBThamQuyen", "VBQuyetDinh")


def test_bases_and_request_are_italic(decision):
    p = next(p for p in decision.paragraphs() if para_text(p).startswith("Theo đề nghị của"))
    assert decision.run_props(p)["italic"]


def test_article_label_bold_text_regular(decision):
    p = next(p for p in decision.paragraphs() if para_text(p).startswith("Điều 2."))
    runs = p.findall("w:r", NS)
    label = [r for r in runs if "Điều 2." in "".join(r.itertext())]
    rest = [r for r in runs if "Nhiệm vụ" in "".join(r.itertext())]
    assert label and decision.run_props(p, label[0])["bold"]
    assert rest and not decision.run_props(p, rest[0])["bold"]


def test_clauses_and_points_numbered(decision):
    t = texts(decision)
    i = t.index("3. Các ủy viên:")
    assert t[i - 2:i] == ["1. Trưởng ban: Phó Chủ tịch UBND tỉnh phụ trách lĩnh vực nội chính.",
                          "2. Phó Trưởng ban thường trực: Giám đốc Sở Nội vụ."]
    assert [x[:3] for x in t[i + 1:i + 6]] == ["a) ", "b) ", "c) ", "d) ", "đ) "]


def test_recipients_open_with_as_the_executing_article(decision, tmp_path):
    t = texts(decision)
    assert t[t.index("Nơi nhận:") + 1] == "- Như Điều 4;"
    assert "- Như trên;" not in t
    source = data()
    source["noi_nhan"]["nhu_dieu"] = False
    t = texts(render(tmp_path, {"noi_nhan": source["noi_nhan"]}))
    assert t[t.index("Nơi nhận:") + 1] == "- Chủ tịch, các PCT UBND tỉnh;"


def test_one_clause_is_not_numbered(tmp_path):
    dieu = copy.deepcopy(data()["dieu"])
    dieu[1]["khoan"] = dieu[1]["khoan"][:1]
    t = texts(render(tmp_path, {"dieu": dieu}))
    i = t.index("Điều 2. Nhiệm vụ của Ban Chỉ đạo:")
    assert t[i + 1].startswith("Giúp UBND tỉnh chỉ đạo")


def test_typed_slips_are_undone_with_a_warning():
    source = data()
    source["theo_de_nghi"] = "Theo đề nghị của Giám đốc Sở Nội vụ."
    source["noi_nhan"]["danh_sach"].insert(0, "Như Điều 4")
    warnings: list = []
    doc = validate_data(source, "qd.yaml", base=EXAMPLES, warnings=warnings)
    assert doc.theo_de_nghi == "Giám đốc Sở Nội vụ"
    assert doc.noi_nhan.danh_sach[0] == "Chủ tịch, các PCT UBND tỉnh"
    said = " ".join(str(p) for p in warnings)
    assert "theo_de_nghi" in said and "noi_nhan.danh_sach[0]" in said


def test_a_decision_needs_an_article_and_an_authority():
    source = data()
    source["dieu"] = []
    del source["tham_quyen"]
    with pytest.raises(InputError) as err:
        validate_data(source, "qd.yaml", base=EXAMPLES)
    text = str(err.value)
    assert "dieu" in text and "tham_quyen" in text


def test_import_of_a_real_decision():
    if not CORPUS_QD.is_file():
        pytest.skip("không có ../shared/corpus")
    result = vbhc.import_document(CORPUS_QD)
    doc = result.document
    assert doc.loai == "quyet-dinh"
    assert doc.tham_quyen == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert len(doc.can_cu) == 4 and doc.theo_de_nghi.startswith("Chủ tịch Hội đồng thẩm định")
    assert len(doc.dieu) == 4 and len(doc.dieu[1].khoan) == 3
    assert doc.noi_nhan.nhu_dieu is None, "quyết định: «- Như Điều N;» là mặc định"
    assert doc.noi_nhan.lines()[:2] == ["- Như Điều 4;", "- Thường trực Tỉnh ủy;"]
    assert [a.tieu_de[:20] for a in doc.phu_luc] == ["Kết quả chỉ số cải c"] * 2


RESOLUTION = EXAMPLES / "nghi-quyet-giam-sat-dan-chu-co-so-lang-son-2024.yaml"


def test_resolution_shares_the_decision_model_with_its_own_wording(tmp_path):
    data = yaml.safe_load(RESOLUTION.read_text("utf-8"))
    doc = validate_data(data, str(RESOLUTION), base=EXAMPLES)
    t = texts(Docx.open(vbhc.render(doc, tmp_path / "nq.docx")))
    assert "Số: 40/NQ-HĐND" in t and "NGHỊ QUYẾT" in t
    # Mẫu 1.1: the session line right under the authority line (one paragraph, a line
    # break between them: no paragraph spacing)
    assert "HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN\nKHÓA XVII, KỲ HỌP THỨ MƯỜI TÁM" in t
    assert any(x.startswith("Xét Báo cáo kết quả giám sát") and x.endswith("tại kỳ họp.")
               for x in t)
    assert "QUYẾT NGHỊ:" in t and "QUYẾT ĐỊNH:" not in t
    assert t[t.index("Nơi nhận:") + 1] == "- Thường trực Tỉnh ủy;", "nghị quyết: không «Như Điều»"
    last = next(i for i, x in enumerate(t) if x.startswith("Nghị quyết này đã được"))
    assert t.index("2. Giao Thường trực Hội đồng nhân dân, các Ban của Hội đồng nhân dân, các Tổ "
                   "đại biểu và đại biểu Hội đồng nhân dân tỉnh giám sát việc thực hiện Nghị "
                   "quyết.") < last < t.index("Nơi nhận:")
