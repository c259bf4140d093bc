"""Bad input: one Vietnamese message per problem naming the field (and line), exit 1,
no output file, no traceback. Hostile text is data and comes out literally."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text
from vbhc import cli

BASE = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))


def run(args: list[str]):
    return CliRunner().invoke(cli.main, args)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vb.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def mutated(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    change(data)
    return write(tmp_path, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


def assert_refused(tmp_path: Path, source: Path, *needles: str) -> str:
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists(), "không được ghi tệp khi đầu vào sai"
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    assert list(tmp_path.glob(".*.tmp")) == []
    return result.output


def test_invalid_yaml_names_the_line(tmp_path):
    source = write(tmp_path, "loai: ke-hoach\ntrich_yeu: a: b\n")
    assert_refused(tmp_path, source, "vb.yaml:2:", "dấu ':'")


def test_tab_indentation_is_explained(tmp_path):
    source = write(tmp_path, "loai: ke-hoach\nco_quan:\n\tten: X\n")
    assert_refused(tmp_path, source, "tab")


def test_missing_field(tmp_path):
    source = mutated(tmp_path, lambda d: d["co_quan"].pop("dia_danh"))
    assert_refused(tmp_path, source, "co_quan.dia_danh: thiếu trường bắt buộc")


def test_mistyped_field_name(tmp_path):
    source = mutated(tmp_path, lambda d: d["nhiem_vu"][1].update(thoi_gan="x"))
    assert_refused(tmp_path, source, "nhiem_vu[1].thoi_gan", "viết sai tên trường")


def test_wrong_type_names_the_path_and_line(tmp_path):
    text = PLAN_EXAMPLE.read_text("utf-8").replace("nam: 2024", "nam: hai nghìn")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "nam: hai nghìn" in t)
    out = assert_refused(tmp_path, write(tmp_path, text), "ngay_ban_hanh.nam")
    assert f"vb.yaml:{line}:" in out


def test_several_problems_each_reported(tmp_path):
    def change(d):
        d["ngay_ban_hanh"]["thang"] = 13
        d["nguoi_ky"]["quyen_han"] = "KT"
    out = assert_refused(tmp_path, mutated(tmp_path, change),
                         "ngay_ban_hanh.thang", "nguoi_ky.quyen_han")
    assert out.count("Lỗi:") == 2


def test_unknown_kind(tmp_path):
    source = mutated(tmp_path, lambda d: d.update(loai="bao-gia"))
    assert_refused(tmp_path, source, "loai", "'bao-gia'", "ke-hoach")


def test_footnote_without_text(tmp_path):
    source = mutated(tmp_path, lambda d: d["chu_thich"].pop("3"))
    out = assert_refused(tmp_path, source, "[^3]", "chu_thich")
    assert "nhiem_vu[1].noi_dung[1]" in out


def test_footnote_text_never_cited(tmp_path):
    source = mutated(tmp_path, lambda d: d["chu_thich"].update({"thua": "Không dẫn ở đâu."}))
    assert_refused(tmp_path, source, "chu_thich.thua", "không được dẫn")


def test_unbalanced_markup_prints_as_written_with_a_warning(tmp_path):
    source = mutated(tmp_path, lambda d: d.update(trich_yeu="Về **việc"))
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Cảnh báo:" in result.output and "trich_yeu" in result.output
    assert "dấu ** không có cặp" in result.output
    assert "Về **việc" in [para_text(p) for p in Docx.open(out).paragraphs()]


def test_control_character_refused_with_field(tmp_path):
    source = mutated(tmp_path, lambda d: d["muc_dich"].__setitem__(0, "Có ký tự \x07 lạ"))
    assert_refused(tmp_path, source, "muc_dich[0]", "U+0007")


def test_not_utf8(tmp_path):
    source = tmp_path / "vb.yaml"
    source.write_bytes(b"loai: ke-hoach\ntrich_yeu: K\xea ho\xe1ch\n")  # Windows-1258 bytes
    assert_refused(tmp_path, source, "UTF-8")


def test_existing_output_not_overwritten_without_force(tmp_path):
    out = tmp_path / "ra.docx"
    out.write_bytes(b"ban cua van thu")
    result = run(["render", str(PLAN_EXAMPLE), "-o", str(out)])
    assert result.exit_code == 1
    assert "--force" in result.output
    assert out.read_bytes() == b"ban cua van thu"
    assert run(["render", str(PLAN_EXAMPLE), "-o", str(out), "--force"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_missing_input_file(tmp_path):
    result = run(["render", str(tmp_path / "khong-co.yaml")])
    assert result.exit_code == 2
    assert "không đọc được tệp" in result.output


def test_decomposed_text_is_normalised_with_a_warning(tmp_path):
    nfd = unicodedata.normalize("NFD", "Thực hiện dân chủ ở cơ sở")
    source = mutated(tmp_path, lambda d: d.update(trich_yeu=nfd))
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "trich_yeu" in result.output and "NFC" in result.output
    texts = [para_text(p) for p in Docx.open(out).paragraphs()]
    assert unicodedata.normalize("NFC", nfd) in texts


@pytest.mark.parametrize("hostile", [
    "{{ 7*7 }} và {% for x in y %}",
    "<w:p>chèn XML</w:p> & &amp; ]]> \"nháy\" 'đơn'",
])
def test_template_and_xml_syntax_in_content_comes_out_literally(tmp_path, hostile):
    source = mutated(tmp_path, lambda d: d["muc_dich"].__setitem__(0, hostile))
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"1.1. {hostile}" in [para_text(p) for p in Docx.open(out).paragraphs()]


@pytest.mark.parametrize("legacy, encoding", [
    ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "TCVN3"),
    ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI"),
])
def test_legacy_encodings_refused_not_printed_as_mojibake(tmp_path, legacy, encoding):
    source = mutated(tmp_path, lambda d: d["yeu_cau"].__setitem__(1, legacy))
    assert_refused(tmp_path, source, "yeu_cau[1]", encoding, "Unicode")


@pytest.mark.parametrize("text", ["Giá 5 × 3 © 2024", "Kích thước 5 µm", "Señor Muñoz",
                                  "Café naïve"])
def test_latin1_symbols_in_real_unicode_are_fine(tmp_path, text):
    source = mutated(tmp_path, lambda d: d["yeu_cau"].__setitem__(1, text))
    result = run(["render", str(source), "-o", str(tmp_path / "ra.docx")])
    assert result.exit_code == 0, result.output
