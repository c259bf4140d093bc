"""Typing slips: what is unambiguous is normalised with a warning naming the field and line;
what is ambiguous or unprintable is refused (exit 1) naming the field. The library
(``vbhc.validate``, models built in code) and the CLI behave the same."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import vbhc
from tests.docx_helpers import Docx, para_text
from vbhc import cli
from vbhc.errors import InputError, Problem
from vbhc.model.common import NoiNhan, normalised_fields
from vbhc.model.cong_van import CongVan

ROOT = Path(__file__).resolve().parent.parent
DISPATCH = ROOT / "examples" / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"


def run(args: list[str]):
    return CliRunner().invoke(cli.main, args)


def dispatch(tmp_path: Path, **changes) -> Path:
    """Write the example dispatch with ``changes`` (dotted field -> value) to tmp_path."""
    data = yaml.safe_load(DISPATCH.read_text("utf-8"))
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        target = data
        for part in parents:
            target = target[part]
        target[last] = value
    (tmp_path / "ho-so").mkdir(exist_ok=True)
    for profile in (ROOT / "examples" / "ho-so").glob("*.yaml"):
        (tmp_path / "ho-so" / profile.name).write_bytes(profile.read_bytes())
    path = tmp_path / "cv.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def render(tmp_path: Path, source: Path) -> tuple[list[str], str]:
    """Render ``source``; return the printed paragraphs and the command's output (exit 0,
    and the output passes `vbhc check`)."""
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert [f for f in vbhc.check(out) if f.is_error] == []
    return [para_text(p) for p in Docx.open(out).paragraphs()], result.output


def line_of(source: Path, text: str) -> int:
    """Return the 1-based line of ``source`` where ``text`` first occurs."""
    return next(i for i, line in enumerate(source.read_text("utf-8").splitlines(), 1)
                if text in line)


def refused(tmp_path: Path, source: Path, *needles: str) -> str:
    out = tmp_path / "ra.docx"
    result = run(["render", str(source), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert not out.exists()
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in result.output, result.output
    return result.output


# --- normalised, with a warning naming the field and its line ------------------------------

def test_trailing_semicolon_in_kinh_gui_prints_once(tmp_path):
    source = dispatch(tmp_path, kinh_gui=["Các sở, ban, ngành;", "UBND các huyện, thành phố."])
    lines, output = render(tmp_path, source)
    assert "- Các sở, ban, ngành;" in lines
    assert "- UBND các huyện, thành phố." in lines
    assert not [line for line in lines if ";;" in line or ";." in line or ".." in line]
    assert f"cv.yaml:{line_of(source, 'Các sở, ban, ngành;')}: kinh_gui[0]: bỏ «;» cuối dòng" \
        in output
    assert f"cv.yaml:{line_of(source, 'thành phố.')}: kinh_gui[1]: bỏ «.» cuối dòng" in output


def test_vv_typed_in_the_abstract_prints_once(tmp_path):
    source = dispatch(tmp_path, trich_yeu="V/v đôn đốc gửi báo cáo")
    lines, output = render(tmp_path, source)
    assert "V/v đôn đốc gửi báo cáo" in lines
    assert not [line for line in lines if "V/v V/v" in line]
    assert f"cv.yaml:{line_of(source, 'V/v')}: trich_yeu: bỏ «V/v» đầu trích yếu" in output


def test_kinh_gui_typed_in_a_recipient_prints_once(tmp_path):
    source = dispatch(tmp_path, kinh_gui=["Kính gửi: Sở Tài chính"])
    lines, output = render(tmp_path, source)
    assert "Kính gửi: Sở Tài chính" in lines
    assert sum(line.count("Kính gửi") for line in lines) == 1
    assert "kinh_gui[0]: bỏ «Kính gửi:» đầu dòng" in output


def test_dash_typed_before_a_recipient_prints_once(tmp_path):
    source = dispatch(tmp_path, **{"noi_nhan.danh_sach": ["- UBND tỉnh (b/c);"]})
    lines, output = render(tmp_path, source)
    assert "- UBND tỉnh (b/c);" in lines
    assert "noi_nhan.danh_sach[0]: bỏ «-» đầu dòng" in output


def test_nhu_tren_typed_by_hand_appears_once_first(tmp_path):
    source = dispatch(tmp_path, **{"noi_nhan.danh_sach": ["UBND tỉnh (b/c)", "Như trên"]})
    lines, output = render(tmp_path, source)
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 4] == ["- Như trên;", "- UBND tỉnh (b/c);",
                                          "- Lưu: VT, CQĐP."]
    assert "noi_nhan.danh_sach[1]: bỏ dòng «Như trên» gõ tay" in output


def test_luu_line_in_the_middle_moves_to_the_end(tmp_path):
    """It used to print "- Lưu: VT, CQĐP;" mid-list and a second "- Lưu: VT.", a file that
    `vbhc check` rejects (noi-nhan-dong)."""
    source = dispatch(tmp_path, **{"noi_nhan": {"danh_sach": [
        "UBND tỉnh (b/c);", "Lưu: VT, CQĐP.", "Giám đốc Sở"]}})
    lines, output = render(tmp_path, source)
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 5] == ["- Như trên;", "- UBND tỉnh (b/c);",
                                          "- Giám đốc Sở;", "- Lưu: VT, CQĐP."]
    assert "noi_nhan.danh_sach[1]: chuyển dòng «Lưu: VT, CQĐP» sang noi_nhan.luu" in output


def test_luu_line_contradicting_luu_is_refused(tmp_path):
    source = dispatch(tmp_path, **{"noi_nhan": {"danh_sach": ["Lưu: VT, TCBC"],
                                                "luu": "VT, CQĐP"}})
    refused(tmp_path, source, "noi_nhan", "danh_sach[0]", "«Lưu: VT, TCBC»")


def test_nhu_tren_typed_with_nhu_tren_false_is_refused(tmp_path):
    source = dispatch(tmp_path, **{"noi_nhan": {"danh_sach": ["Như trên", "Sở Y tế"],
                                                "nhu_tren": False}})
    refused(tmp_path, source, "noi_nhan", "danh_sach[0]", "nhu_tren")


def test_no_break_and_zero_width_characters_are_normalised(tmp_path):
    text = "Đề nghị hộ\u00a0nghèo gửi\u200b báo\u00ad cáo\ufeff đúng hạn./."
    source = dispatch(tmp_path, noi_dung=[text])
    lines, output = render(tmp_path, source)
    assert "Đề nghị hộ nghèo gửi báo cáo đúng hạn./." in lines
    assert "noi_dung[0]: đổi 1 dấu cách không ngắt (NBSP, U+00A0) thành dấu cách thường" \
        in output
    for what in ("ZWSP, U+200B", "U+00AD", "BOM (U+FEFF)"):
        assert what in output


def test_ellipsis_and_abbreviation_at_the_end_of_an_entry_are_kept():
    recipients = NoiNhan(danh_sach=["Các đơn vị khác...", "Các cơ quan T.Ư."])
    assert recipients.danh_sach == ["Các đơn vị khác...", "Các cơ quan T.Ư."]
    assert normalised_fields(recipients) == []


# --- refused, naming the field -------------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("Đạt ✓ chỉ tiêu", "U+2713"),
    ("Không đạt ✗", "U+2717"),
    ("Chúc mừng 😀", "U+1F600"),
    ("☐ Chưa thực hiện", "U+2610"),
    ("Hợp tác 中国", "U+4E2D"),
])
def test_symbols_times_new_roman_lacks_are_refused(tmp_path, text, shown):
    source = dispatch(tmp_path, noi_dung=[text + "./."])
    refused(tmp_path, source, "cv.yaml:", "noi_dung[0]:", shown, "Times New Roman")


@pytest.mark.parametrize("text, encoding", [
    ("Ủy ban nhân dân tỉnh Lạng Sơn, nước Vieät Nam", "VNI"),
    ("Sở Nội vụ tØnh Lạng Sơn", "TCVN3"),
    ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "VNI"),
    ("Báo cáo của ñoàng chí Giám đốc", "VNI"),
])
def test_legacy_fragments_inside_unicode_are_refused(tmp_path, text, encoding):
    source = dispatch(tmp_path, noi_dung=[text + "./."])
    refused(tmp_path, source, "noi_dung[0]:", encoding, "Unicode")


@pytest.mark.parametrize("text", [
    "gió mùa, giùm, quí I năm 2024, giò chả, luôn luôn", "Xã Nậm Nhoóng, xã Ia Boòng",
    "Ông Noël, bà Zoë, Björn Müller, Señor Muñoz", "Windows®, Nº 5, chú thích¹",
    "phải viết «Nơi nhận:», «TM.»", "Giá 5 × 3 © 2024, 5 µm", "Café naïve",
])
def test_unicode_text_is_not_taken_for_a_legacy_encoding(text):
    from vbhc.lang.legacy import legacy_encoding

    assert legacy_encoding(text) is None


def test_no_legacy_false_alarm_on_real_vietnamese_text():
    """Every line of the examples, the packaged unit names (every commune of the country)
    and the shared corpus passes the detector."""
    from vbhc.lang.legacy import legacy_encoding

    files = [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("vbhc/data/don-vi/**/*.json"),
             *(ROOT.parent / "shared").glob("**/*.txt")]
    lines = [line for f in files for line in f.read_text("utf-8").splitlines()]
    assert len(lines) > 10_000
    assert [line for line in lines if legacy_encoding(line)] == []


def _font_charset(font: Path) -> set[int] | None:
    """Return the code points ``font`` draws: its cmap read by fontTools, or fontconfig's
    ``fc-query`` when fontTools is not installed; None when neither is there."""
    try:
        from fontTools.ttLib import TTFont
    except ImportError:
        pass
    else:
        return set(TTFont(font).getBestCmap())
    if not shutil.which("fc-query"):
        return None
    out = subprocess.run(["fc-query", "--format", "%{charset}", str(font)], check=True,
                         capture_output=True, text=True).stdout
    points: set[int] = set()
    for part in out.split():
        first, _, last = part.partition("-")
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def test_repertoire_is_drawn_by_liberation_serif():
    """Every character of vbhc/data/ky-tu-in-duoc.yaml has a glyph in all four styles of
    Liberation Serif (the font LibreOffice uses for Times New Roman)."""
    from vbhc.model.text import printable_ranges

    fonts = sorted(Path("/usr/share/fonts").glob("**/LiberationSerif-*.ttf"))
    if len(fonts) < 4:
        pytest.skip("không có phông Liberation Serif")
    for font in fonts:
        charset = _font_charset(font)
        if charset is None:
            pytest.skip("không có fontTools hay fc-query để đọc bảng mã của phông")
        missing = [f"U+{c:04X}" for a, b, _ in printable_ranges() for c in range(a, b + 1)
                   if c >= 0x20 and c not in charset]
        assert missing == [], font.name


def test_repertoire_covers_vietnamese_and_common_symbols():
    from vbhc.model.text import unprintable

    text = ("ĂÂĐÊÔƠƯăâđêôơư ÀẢÃÁẠ àảãáạ ẰẲẴẮẶ ẦẨẪẤẬ ỲỶỸÝỴ ỳỷỹýỵ “nháy” ‘đơn’ – — … • "
            "₫ € ± × ÷ ≤ ≥ ≠ ≈ → ← ° ² ³ ½ ‰ № © ® ™ α β Ω")
    assert unprintable(text) is None
    assert unprintable("✓").group() == "✓"


# --- the library and models built in code behave as the CLI --------------------------------

def test_validate_reports_the_same_warnings_as_the_cli():
    data = yaml.safe_load(DISPATCH.read_text("utf-8"))
    data["co_quan"] = {"ten": "SỞ NỘI VỤ", "viet_tat": "SNV", "dia_danh": "Lạng Sơn"}
    data["nguoi_ky"] = {"chuc_vu": "GIÁM ĐỐC"}
    data["trich_yeu"] = "V/v: đôn đốc"
    data["kinh_gui"] = ["- Sở Y tế;"]
    warnings: list[Problem] = []
    doc = vbhc.validate(data, warnings=warnings)
    assert doc.trich_yeu == "đôn đốc" and doc.kinh_gui == ["Sở Y tế"]
    assert [(w.path, w.severity) for w in warnings] == [
        ("kinh_gui[0]", "cảnh báo"), ("kinh_gui[0]", "cảnh báo"), ("trich_yeu", "cảnh báo")]


def test_models_built_in_code_are_normalised_and_say_so():
    doc = CongVan(
        loai="cong-van", don_vi_soan_thao="VP",
        co_quan={"ten": "SỞ NỘI VỤ", "viet_tat": "SNV", "dia_danh": "Lạng Sơn"},
        ngay_ban_hanh={"nam": 2024}, trich_yeu="V/v đôn\u00a0đốc",
        kinh_gui=["Kính gửi: Sở Y tế;"], noi_dung=["Nội dung./."],
        nguoi_ky={"chuc_vu": "GIÁM ĐỐC"},
        noi_nhan=NoiNhan(danh_sach=["Như trên", "UBND tỉnh;"], luu="Lưu: VT."))
    assert doc.trich_yeu == "đôn đốc"
    assert doc.kinh_gui == ["Sở Y tế"]
    assert doc.noi_nhan.lines(True) == ["- Như trên;", "- UBND tỉnh;", "- Lưu: VT."]
    paths = [w.path for w in normalised_fields(doc)]
    assert paths == ["trich_yeu", "kinh_gui[0]", "kinh_gui[0]", "trich_yeu",
                     "noi_nhan.danh_sach[1]", "noi_nhan.luu", "noi_nhan.luu",
                     "noi_nhan.danh_sach[0]"]
    with pytest.raises(ValueError, match="Times New Roman"):
        CongVan.model_validate({**doc.model_dump(), "noi_dung": ["✓"]})


def test_render_of_a_dict_refuses_an_emoji_naming_the_field():
    data = yaml.safe_load(DISPATCH.read_text("utf-8"))
    data["co_quan"] = {"ten": "SỞ NỘI VỤ", "viet_tat": "SNV", "dia_danh": "Lạng Sơn"}
    data["nguoi_ky"] = {"chuc_vu": "GIÁM ĐỐC"}
    data["kinh_gui"] = ["Sở Y tế 👍"]
    with pytest.raises(InputError) as exc:
        vbhc.render_bytes(data)
    assert [p.path for p in exc.value.problems] == ["kinh_gui[0]"]


def test_equal_models_ignore_how_the_input_was_typed():
    assert NoiNhan(danh_sach=["A;"]) == NoiNhan(danh_sach=["A"])


@pytest.mark.parametrize("typed, kept", [
    ("Thực \u200f thực", "Thực thực"),      # between two spaces: one space stays
    ("Thực\xa0\u200f thực", "Thực thực"),   # a no-break space counts as a space
    ("hộ\u00a0nghèo", "hộ nghèo"),
    ("báo\u00adcáo", "báocáo"),
    ("Kế hoạch số       /KH-UBND", "Kế hoạch số       /KH-UBND"),  # typed blanks stay
])
def test_invisible_and_space_like_characters(typed, kept):
    from vbhc.model.text import normalise_chars

    assert normalise_chars(typed)[0] == kept
    assert bool(normalise_chars(typed)[1]) == (typed != kept)


@pytest.mark.parametrize("line, luu, kept", [
    ("Lưu: VT, NC", "VT, NC", []),
    ("Lưu VT", "VT", []),
    ("Lưu:", "VT", []),
    ("Lưu trữ lịch sử tỉnh", "VT", ["Lưu trữ lịch sử tỉnh"]),  # a recipient, not the label
    ("Nơi nhận:", "VT", []),
])
def test_archive_and_label_lines_typed_among_the_recipients(line, luu, kept):
    recipients = NoiNhan(danh_sach=[line])
    assert (recipients.luu, recipients.danh_sach) == (luu, kept)
    assert bool(normalised_fields(recipients)) == (kept == [])
