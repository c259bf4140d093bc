"""vbhc import: the seed text and rendered examples come back as the same plan, field by
field; the CLI writes reloadable YAML; the real agency files import or refuse cleanly."""

from __future__ import annotations

import re
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
    assert any("suy ra 'ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN'" in m for m in seed_import.warnings)


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
def _supported_examples() -> list[Path]:
    out = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        head = path.read_text("utf-8")
        kind = re.search(r"^loai:\s*(\S+)", head, re.MULTILINE)
        if kind and kind.group(1) in BODIES:
            out.append(path)
    return out


@pytest.mark.parametrize("example", _supported_examples(), ids=lambda p: p.stem)
def test_round_trip_of_every_example(example, tmp_path):
    model = vbhc.load(example)
    docx = tmp_path / f"{example.stem}.docx"
    vbhc.render(model, docx)
    result = import_document(docx)
    assert_same(result.document, model)
    assert result.warnings == []


def test_round_trip_covers_the_plan_example():
    assert PLAN_EXAMPLE in _supported_examples()


# --- the command
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


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem[:40])
def test_corpus_file_imports_or_is_refused_clearly(path, tmp_path):
    try:
        result = import_document(path)
    except NotImportable as exc:
        assert exc.exit_code == 2
        assert "chưa hỗ trợ nhập loại văn bản" in str(exc)
        assert not path.name.startswith("kh_")
        return
    plan = result.document
    assert plan.loai == "ke-hoach"
    assert plan.co_quan.ten and plan.nguoi_ky.ho_ten and plan.noi_nhan.danh_sach
    vbhc.render(plan, tmp_path / "lai.docx")  # what was imported renders again


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.stem[:40])
def test_corpus_frame_and_footnotes(path):
    source, frame = read_document(path)
    m = re.search(r"_(\d+)fn\.docx$", path.name)
    assert len(source.notes) == (int(m.group(1)) if m else 0)
    assert frame.date is not None and frame.number is not None
    assert frame.issuer or frame.governing
    if not path.name.startswith("tb_"):  # 2008, before ND30: "TL. Hiệu trưởng", no Nơi nhận
        assert frame.signer and frame.signature


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
