"""vbhc import: the seed text and every rendered example (plans, báo cáo, thông báo, công
văn) come back as the same model, field by field; the CLI writes reloadable YAML; the real
agency files import or refuse cleanly."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE, SEED, SHARED
from tests.docx_helpers import Docx, para_text, w
from tests.test_seed_fidelity import SUPERSCRIPTS, _norm, _strip_markers, seed_paragraphs
from vbhc import cli
from vbhc.importer import NotImportable, import_document, read_document
from vbhc.importer.build import BODIES
from vbhc.model.kinds import kind as kind_of

CORPUS = SHARED / "corpus"
IMPORT = "vbhc.commands.import_cmd:import_cmd"


def assert_same(got, want, path: str = "") -> None:
    """Compare two models or values field by field, naming the first field that differs."""
    if hasattr(type(want), "model_fields"):
        assert type(got) is type(want), path
        for name in type(want).model_fields:
            assert_same(getattr(got, name), getattr(want, name), f"{path}.{name}".lstrip("."))
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got!r} != {want!r}"
        for i, (g, x) in enumerate(zip(got, want, strict=True)):
            assert_same(g, x, f"{path}[{i}]")
    elif isinstance(want, dict):
        assert set(got) == set(want), f"{path}: khóa {sorted(got)} != {sorted(want)}"
        for key in want:
            assert_same(got[key], want[key], f"{path}[{key!r}]")
    else:
        assert got == want, f"{path}: {got!r} != {want!r}"


@pytest.fixture(scope="module")
def seed_import():
    if not SEED.exists():
        pytest.skip(f"không có tệp gốc {SEED} (thư mục ../shared vắng mặt)")
    return import_document(SEED)


@pytest.fixture(scope="module")
def seed_import_docx(seed_import, tmp_path_factory) -> Docx:
    out = tmp_path_factory.mktemp("nhap") / "seed.docx"
    vbhc.render(seed_import.document, out)
    return Docx.open(out)


# --- the seed (text extracted from the PDF)
def test_seed_matches_hand_made_example_semantically(seed_import, plan_model):
    plan = seed_import.document
    assert len(plan.nhiem_vu) == len(plan_model.nhiem_vu) == 3
    for got, want in zip(plan.nhiem_vu, plan_model.nhiem_vu, strict=True):
        assert got.ten == want.ten
        assert got.noi_dung == want.noi_dung
        assert got.co_quan_thuc_hien == want.co_quan_thuc_hien
        assert got.thoi_gian == want.thoi_gian
    assert_same(plan.to_chuc_thuc_hien, plan_model.to_chuc_thuc_hien, "to_chuc_thuc_hien")
    assert_same(plan.che_do_bao_cao, plan_model.che_do_bao_cao, "che_do_bao_cao")
    assert [h.ngay.isoformat() for h in plan.che_do_bao_cao.han] == ["2024-06-15", "2024-11-20"]
    assert_same(plan, plan_model)  # and every other field


def test_seed_issuer_is_derived_with_a_warning(seed_import):
    issuer = seed_import.document.co_quan
    assert (issuer.ten, issuer.viet_tat, issuer.cap) == (
        "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN", "UBND", "tinh")
    assert any("suy ra 'ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN'" in str(m) for m in seed_import.warnings)


def test_seed_import_renders_every_seed_paragraph_in_order(seed_text, seed_import_docx):
    expected, _ = seed_paragraphs(seed_text)
    rendered = [t for t in (_norm(para_text(p)) for p in seed_import_docx.paragraphs()) if t]
    position = 0
    for paragraph in expected:
        want = _norm(_strip_markers(paragraph))
        assert want in rendered[position:], f"đoạn thiếu hoặc sai thứ tự: {want[:80]!r}"
        position = rendered.index(want, position) + 1


def test_seed_import_has_four_real_footnotes_at_their_anchors(seed_text, seed_import_docx):
    body, notes = seed_paragraphs(seed_text)
    rendered = {k: _norm(v) for k, v in seed_import_docx.footnotes().items()}
    assert rendered == {k: _norm(v) for k, v in notes.items()}
    anchors = {}
    for paragraph in body:
        for m in re.finditer("[¹²³⁴]", paragraph):
            anchors[SUPERSCRIPTS[m.group()]] = _strip_markers(paragraph[: m.start()])[-25:]
    found = {}
    for p in seed_import_docx.paragraphs():
        text = para_text(p, footnote_marks=True)
        for m in re.finditer(r"\[\^(\d+)\]", text):
            found[int(m.group(1))] = re.sub(r"\[\^\d+\]", "", text[: m.start()])
    assert sorted(found) == [1, 2, 3, 4]
    for number, tail in anchors.items():
        assert found[number].endswith(tail), f"chú thích {number} không đứng sau {tail!r}"
    refs = [int(r.get(w("id"))) for r in seed_import_docx.document.iter(w("footnoteReference"))]
    assert refs == [1, 2, 3, 4]


# --- round trip: import(render(example)) == example
def _examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*.yaml")) + sorted(EXAMPLES.glob("derived/*.yaml"))


@pytest.mark.parametrize("example", _examples(), ids=lambda p: p.stem)
def test_round_trip_of_every_example(example, tmp_path):
    model = vbhc.load(example)
    docx = tmp_path / f"{example.stem}.docx"
    vbhc.render(model, docx)
    result = import_document(docx)
    assert_same(result.document, model)
    assert result.warnings == []


def test_round_trip_covers_every_importable_model():
    models = {kind_of(vbhc.load(path).loai).mo_hinh for path in _examples()}
    assert models == set(BODIES)
    assert PLAN_EXAMPLE in _examples() and len(_examples()) >= 5


# --- the command
@pytest.mark.parametrize("name", ["bao-cao-6-thang-dan-chu-co-so-cao-loc-2024",
                                  "cong-van-don-doc-bao-cao-dan-chu-co-so-2024"])
def test_cli_import_of_report_and_dispatch_loads_back(name, tmp_path, monkeypatch):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    model = vbhc.load(EXAMPLES / f"{name}.yaml")
    vbhc.render(model, tmp_path / "vb.docx")
    out = tmp_path / "vb.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(tmp_path / "vb.docx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"schemas/{model.loai}.schema.json" in out.read_text("utf-8").split("\n", 1)[0]
    assert_same(vbhc.load(out), model)


def test_cli_import_writes_yaml_that_loads_back(tmp_path, monkeypatch, plan_docx_path):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    out = tmp_path / "nhap" / "ke-hoach.yaml"
    result = CliRunner().invoke(cli.main, ["import", str(plan_docx_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert text.split("\n", 1)[0].endswith("schemas/ke-hoach.schema.json")
    assert "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN" in text  # Unicode kept, not \u escapes
    assert "- ten:" in text and "{" not in text.split("loai:", 1)[1]  # block style
    assert_same(vbhc.load(out), vbhc.load(PLAN_EXAMPLE))

    again = CliRunner().invoke(cli.main, ["import", str(plan_docx_path), "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    forced = CliRunner().invoke(cli.main, ["import", str(plan_docx_path), "-o", str(out),
                                           "--force"])
    assert forced.exit_code == 0


def test_cli_import_help_and_default_output(tmp_path, monkeypatch, seed_import):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    assert CliRunner().invoke(cli.main, ["import", "--help"]).exit_code == 0
    source = tmp_path / "kh.txt"
    source.write_text(SEED.read_text("utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["import", str(source)])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo:" in result.output
    text = (tmp_path / "kh.yaml").read_text("utf-8")
    assert "# - văn bản không có tên cơ quan ban hành" in text  # warnings kept for the clerk
    assert_same(vbhc.load(tmp_path / "kh.yaml"), seed_import.document)


# --- real agency files
def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def corpus_present():
    if not CORPUS.is_dir():
        pytest.skip(f"không có thư mục {CORPUS} (../shared vắng mặt)")


KINDS = {"kh": "ke-hoach", "bc": "bao-cao", "tb": "thong-bao", "cv": "cong-van", "ttr": "to-trinh",
         "qd": "quyet-dinh"}


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem[:40])
def test_corpus_file_imports_or_is_refused_clearly(path, tmp_path):
    prefix = path.name.split("_")[0]
    try:
        result = import_document(path)
    except NotImportable as exc:
        assert exc.exit_code == 2
        assert "chưa hỗ trợ nhập loại văn bản" in str(exc)
        assert prefix not in KINDS  # Quyết định, Tờ trình: no model yet
        return
    doc = result.document
    assert doc.loai == KINDS[prefix]
    assert doc.co_quan.ten and doc.trich_yeu
    if prefix != "tb":  # 2008, no Nơi nhận and a signature vbhc cannot place
        assert doc.nguoi_ky.ho_ten and doc.noi_nhan.danh_sach
    vbhc.render(doc, tmp_path / "lai.docx")  # what was imported renders again


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem[:40])
def test_corpus_frame_and_footnotes(path):
    source, frame = read_document(path)
    m = re.search(r"_(\d+)fn\.docx$", path.name)
    assert len(source.notes) == (int(m.group(1)) if m else 0)
    assert frame.dia_danh_ngay is not None and frame.so_ky_hieu is not None
    assert frame.co_quan or frame.chu_quan
    if not path.name.startswith("tb_"):  # 2008, before ND30: "TL. Hiệu trưởng", no Nơi nhận
        assert frame.nguoi_ky.ho_ten and frame.nguoi_ky.quyen_han_chuc_vu


def test_corpus_plan_fields(corpus_present):
    plan = import_document(CORPUS / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx").document
    assert plan.co_quan.ten == "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"
    assert (plan.co_quan.dia_danh, plan.co_quan.cap) == ("Lâm Đồng", "tinh")
    assert (plan.ngay_ban_hanh.thang, plan.ngay_ban_hanh.nam) == (12, 2025)
    assert plan.trich_yeu == "Cải cách hành chính nhà nước năm 2026 tỉnh Lâm Đồng"
    assert len(plan.can_cu) == 3
    assert (plan.nguoi_ky.quyen_han, plan.nguoi_ky.ho_ten) == ("KT.", "Nguyễn Ngọc Phúc")
    assert plan.noi_nhan.danh_sach[0] == "Bộ Nội vụ"
    # auto-numbered "1. Cải cách thể chế" (numbering.xml) keeps its structure
    assert plan.muc_khac[0].muc_con[0].tieu_de == "Cải cách thể chế"


def test_corpus_report_fields(corpus_present):
    doc = import_document(CORPUS / "bc_so-noi-vu-lam-dong_2025_chi-so-par-sipas-papi-pci_3fn.docx"
                          ).document
    issuer = doc.co_quan
    assert (issuer.chu_quan, issuer.ten, issuer.viet_tat) == ("UBND TỈNH LÂM ĐỒNG", "SỞ NỘI VỤ",
                                                               "SNV")
    assert issuer.ten_rut_gon == "Sở Nội vụ tỉnh Lâm Đồng"
    assert doc.so_ky_hieu.ky_hieu is None  # BC-SNV is what vbhc builds
    assert doc.trich_yeu == "Tình hình thực hiện các chỉ số PAR Index, SIPAS, PAPI, PCI, 766 của " \
        "tỉnh Lâm Đồng"
    assert len(doc.muc) == 6 and doc.muc[0].tieu_de == "Chỉ số cải cách hành chính (PAR index)"
    assert [m.tieu_de for m in doc.muc[0].muc_con][0] == "Kết quả Chỉ số năm 2024"
    table = doc.muc[0].muc_con[0].noi_dung[0]  # a header of two rows, merged cells
    assert table.cot[:4] == ["STT", "Nội dung", "Lâm Đồng - Điểm số", "Lâm Đồng - Chỉ số"]
    assert table.hang[0][:2] == [1, "Công tác chỉ đạo, điều hành"]
    pci = doc.muc[3].muc_con[0].noi_dung[0]
    assert pci.hang[0][2] == Decimal("6.74")  # "6,74"


def test_corpus_report_totals_row_and_sections(corpus_present):
    result = import_document(CORPUS / "bc_phong-vhxh-ubnd-xa-phu-my-bac_2026_ket-qua-thang-6.docx")
    doc = result.document
    assert doc.co_quan.ten_rut_gon == "Phòng Văn hóa-Xã hội xã Phù Mỹ Bắc"
    assert doc.ket_luan[0].startswith("Trên đây báo cáo") and doc.ket_luan[0].endswith("./.")
    # "PHẦN THỨ HAI" is a part now (issue 16): section I. keeps its 1. to 8. as subsections
    assert [m.phan for m in doc.muc] == [None, "phan-thu"]
    assert len(doc.muc[0].muc_con) == 8 and doc.muc[0].muc_con[7].tieu_de == "Lĩnh vực y tế:"
    tables = [c for c in doc.muc[0].muc_con[7].noi_dung if not isinstance(c, str)]
    assert tables[0].dong_tong == "Tổng" and len(tables[0].hang) == 3
    assert tables[1].tieu_de.startswith("Bảng 01: Tình hình khám bệnh")


def test_corpus_dispatch_fields(corpus_present):
    doc = import_document(CORPUS / "cv_ubnd-tinh-lam-dong_2025_v-v-cai-thien-chi-so-cchc_1fn.docx"
                          ).document
    assert doc.loai == "cong-van" and doc.trich_yeu.startswith("tập trung thực hiện các giải pháp")
    assert (doc.co_quan.viet_tat, doc.don_vi_soan_thao, doc.so_ky_hieu.ky_hieu) == (
        "UBND", "NC", None)
    assert doc.co_quan.ten_rut_gon == "UBND tỉnh Lâm Đồng"
    assert doc.kinh_gui == ["Các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh",
                            "Ban Quản lý các khu công nghiệp",
                            "Ủy ban nhân dân các xã, phường, đặc khu"]
    assert doc.noi_nhan.nhu_tren is False  # Kính gửi, but no "- Như trên;" line
    assert doc.noi_dung[2] == "**I. NHỮNG NHIỆM VỤ CẦN TRIỂN KHAI NGAY TRONG THÁNG 12/2025**"
    one = import_document(CORPUS / "cv_so-noi-vu-lam-dong_2025_v-v-bao-cao-quan-ly-hoi-2025.docx"
                          ).document
    assert one.kinh_gui == ["Ủy ban nhân dân tỉnh"] and one.noi_nhan.nhu_tren is None
    assert (one.co_quan.viet_tat, one.don_vi_soan_thao) == ("SNV", "TCBC")


def test_corpus_old_notice_keeps_its_numbered_paragraphs(corpus_present):
    result = import_document(
        CORPUS / "tb_truong-dh-duy-tan_2008_363-TB-DHDT_quan-ly-gvcn-cvht.docx")
    doc = result.document
    assert doc.loai == "thong-bao" and doc.so_ky_hieu.so == 363
    assert doc.kinh_gui == ["Các Thầy Cô lãnh đạo Khoa",
                            "Các Giáo viên chủ nhiệm – Cố vấn học tập (GVCN-CVHT)"]
    # issue 16: items 1.–3. and 4.–14. numbered on through the parts A., B. are sections
    # (untitled when they are sentences), no longer loi_dan text
    assert doc.cap_muc_dau == "1" and len(doc.loi_dan) == 1
    assert [(m.phan, m.tieu_de) for m in doc.muc[3:]] == [("chu-cai", "Công tác chủ nhiệm lớp."),
                                                          ("chu-cai", "Công tác tư vấn.")]
    assert doc.muc[0].tieu_de is None and doc.muc[0].noi_dung[0].startswith("Căn cứ quy định")
    assert doc.muc[3].muc_con[0].noi_dung[0].startswith("Khoa phối hợp")
    assert not any("giữ nguyên văn" in str(w) for w in result.warnings)


def test_cli_import_of_a_report_with_decimal_figures(tmp_path, monkeypatch, corpus_present):
    monkeypatch.setitem(cli.LAZY_COMMANDS, "import", IMPORT)
    source = CORPUS / "bc_so-noi-vu-lam-dong_2025_chi-so-par-sipas-papi-pci_3fn.docx"
    result = CliRunner().invoke(cli.main, ["import", str(source), "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 0, result.output
