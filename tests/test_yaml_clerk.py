"""YAML as clerks type it (issue 17): an unquoted ': ' in a list item, text after ' #' on a
value's line, control characters pasted from PDF text, typo'd field names.

Each case is the small input that showed the fault, with the message or value expected.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import vbhc
from vbhc.errors import InputError, Problem
from vbhc.yaml_in import clean_controls, parse

CONG_VAN = """\
loai: cong-van
co_quan:
  ten: ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN
  viet_tat: UBND
  dia_danh: Lạng Sơn
don_vi_soan_thao: VP
ngay_ban_hanh:
  ngay: null  # để trống, điền khi ký
  thang: 5
  nam: 2024
trich_yeu: triển khai kế hoạch
kinh_gui:
  - UBND các huyện, thành phố
noi_dung:
  - Nội dung một.
nguoi_ky:
  chuc_vu: CHỦ TỊCH
  ho_ten: Nguyễn Văn A
noi_nhan:
  danh_sach:
    - Sở Tư pháp
  luu: VT
"""


def write(tmp_path: Path, text: str, name: str = "vb.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> list[Problem]:
    with pytest.raises(InputError) as caught:
        vbhc.load(write(tmp_path, text))
    return caught.value.problems


def loaded(tmp_path: Path, text: str) -> tuple[vbhc.model.VanBan, list[Problem]]:
    warnings: list[Problem] = []
    return vbhc.load(write(tmp_path, text), warnings), warnings


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if needle in line)


# --- an unquoted ': ' -------------------------------------------------------------------

def test_colon_in_a_recipient_explains_and_shows_the_quoted_line(tmp_path):
    text = CONG_VAN.replace("    - Sở Tư pháp\n", "    - Sở Nội vụ\n    - Lưu: VT, NC\n")
    (problem,) = refused(tmp_path, text)
    assert problem.path == "noi_nhan.danh_sach[1]"
    assert problem.line == line_of(text, "Lưu: VT, NC")
    assert "phải là chuỗi văn bản" in problem.message
    assert "dấu ': '" in problem.message
    assert '- "Lưu: VT, NC"' in problem.message


def test_colon_in_a_content_paragraph(tmp_path):
    text = CONG_VAN.replace("  - Nội dung một.\n",
                            "  - Nội dung một.\n  - Gửi kèm: (1) Kế hoạch số 05/KH-UBND\n")
    (problem,) = refused(tmp_path, text)
    assert problem.path == "noi_dung[1]"
    assert problem.line == line_of(text, "Gửi kèm")
    assert '- "Gửi kèm: (1) Kế hoạch số 05/KH-UBND"' in problem.message


def test_colon_in_a_plan_item_that_takes_paragraphs(tmp_path):
    """``muc_dich`` items are a string or a list of strings: the error is a list error."""
    plan = Path("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml").read_text("utf-8")
    text = plan.replace("muc_dich:\n", "muc_dich:\n  - Mục đích: nâng cao nhận thức\n", 1)
    (problem,) = refused(tmp_path, text)
    assert problem.path == "muc_dich[0]"
    assert '- "Mục đích: nâng cao nhận thức"' in problem.message


def test_colon_in_a_plain_field_and_quotes_inside(tmp_path):
    text = CONG_VAN.replace("  luu: VT\n", '  luu:\n    Lưu: VT "NC"\n')
    (problem,) = refused(tmp_path, text)
    assert problem.path == "noi_nhan.luu"
    assert 'luu: "Lưu: VT \\"NC\\""' in problem.message


def test_the_quoted_form_it_shows_is_accepted(tmp_path):
    text = CONG_VAN.replace("    - Sở Tư pháp\n", '    - "Gửi kèm: (1) Kế hoạch"\n')
    doc, _ = loaded(tmp_path, text)
    assert doc.noi_nhan.danh_sach == ["Gửi kèm: (1) Kế hoạch"]


# --- ' #' after a value ------------------------------------------------------------------

def test_text_after_hash_is_warned_with_field_line_and_quoted_form(tmp_path):
    text = CONG_VAN.replace("trich_yeu: triển khai kế hoạch",
                            "trich_yeu: triển khai kế hoạch # số 2 năm 2024")
    doc, warnings = loaded(tmp_path, text)
    assert doc.trich_yeu == "triển khai kế hoạch"  # YAML drops the comment...
    (warning,) = warnings  # ...and the clerk is told
    assert warning.severity == "cảnh báo"
    assert warning.path == "trich_yeu" and warning.line == line_of(text, "trich_yeu")
    assert warning.file == str(tmp_path / "vb.yaml")
    assert "# số 2 năm 2024" in warning.message
    assert 'trich_yeu: "triển khai kế hoạch # số 2 năm 2024"' in warning.message


def test_hash_after_a_list_item_and_after_a_folded_value(tmp_path):
    text = CONG_VAN.replace("  - UBND các huyện, thành phố\n",
                            "  - UBND các huyện, thành phố # và thị xã\n").replace(
        "  - Nội dung một.\n", "  - Nội dung một dòng\n    và dòng hai # ghi chú\n")
    doc, warnings = loaded(tmp_path, text)
    assert [(w.path, w.line) for w in warnings] == [
        ("kinh_gui[0]", line_of(text, "# và thị xã")),
        ("noi_dung[0]", line_of(text, "# ghi chú")),
    ]
    assert '- "UBND các huyện, thành phố # và thị xã"' in warnings[0].message
    assert doc.noi_dung == ["Nội dung một dòng và dòng hai"]


@pytest.mark.parametrize("line", [
    "# một dòng chú thích riêng",          # a comment on its own line
    "so_ky_hieu:\n  so: 12  # văn thư cấp",  # after a number
    "do_khan: null  # không khẩn",           # after null
    'don_vi_soan_thao: "NC"  # phòng',       # after a quoted value: the clerk knows YAML
    "don_vi_soan_thao: NC#1",                # no space before '#': part of the value
])
def test_deliberate_comments_are_not_warned(tmp_path, line):
    base = CONG_VAN.replace("don_vi_soan_thao: VP\n", "") if "don_vi_soan_thao" in line \
        else CONG_VAN
    _, warnings = loaded(tmp_path, base + line + "\n")
    assert warnings == []


def test_the_example_documents_load_without_warnings():
    for path in sorted(Path("examples").glob("*.yaml")):
        warnings: list[Problem] = []
        vbhc.load(path, warnings)
        assert [w for w in warnings if "chú thích" in w.message] == [], path


# --- control characters ------------------------------------------------------------------

def test_form_feed_from_pdf_text_becomes_a_space_with_a_warning(tmp_path):
    text = CONG_VAN.replace("trich_yeu: triển khai kế hoạch",
                            "trich_yeu: triển khai\x0ckế hoạch")
    doc, warnings = loaded(tmp_path, text)
    assert doc.trich_yeu == "triển khai kế hoạch"
    (warning,) = warnings
    assert (warning.path, warning.line) == ("trich_yeu", line_of(text, "trich_yeu"))
    assert "U+000C" in warning.message and "dấu cách" in warning.message


def test_form_feed_at_a_page_start_is_dropped(tmp_path):
    """pdftotext puts the form feed before the first line of the next page."""
    text = CONG_VAN.replace("  - Nội dung một.\n",
                            "  - Nội dung trang một\n    \x0ctiếp trang hai.\n\x0c")
    doc, warnings = loaded(tmp_path, text)
    assert doc.noi_dung == ["Nội dung trang một tiếp trang hai."]
    assert [(w.path, w.line) for w in warnings][0] == ("noi_dung[0]",
                                                      line_of(text, "tiếp trang hai"))
    assert all("đã được bỏ" in w.message for w in warnings)
    assert all(w.line for w in warnings)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x9b", "\ufffe"])
def test_other_control_characters_are_refused_with_line_and_column(tmp_path, char):
    text = CONG_VAN.replace("trich_yeu: triển khai", f"trich_yeu: triển{char} khai")
    (problem,) = refused(tmp_path, text)
    assert problem.line == line_of(text, "trich_yeu")
    assert f"U+{ord(char):04X}" in problem.message and "cột 17" in problem.message


def test_clean_controls_is_linear_and_bounded():
    text, spots = clean_controls("a\x0c" * 200_000 + "\n", "t")
    assert text == "a " * 199_999 + "a\n" and len(spots) == 20
    with pytest.raises(InputError) as caught:
        clean_controls("x\x01\n" * 100_000, "t")
    assert [p.line for p in caught.value.problems] == list(range(1, 21))


@pytest.mark.parametrize("text", [
    "loai: ke-hoach\ntrich_yeu: a: b\n",
    "loai: ke-hoach\n\ttrich_yeu: a\n",
    'loai: ke-hoach\ntrich_yeu: "chưa đóng\n',
    "loai: ke-hoach\nco_quan:\n  ten: A\n viet_tat: B\n",
    "loai: ke-hoach\nx: [a, b\n",
    "loai: ke-hoach\nx: {a: 1\n",
    "loai: ke-hoach\n? [a]\n: b\n",
    "loai: ke-hoach\nx: *khong_co\n",
    "loai: ke-hoach\ntrich_yeu: a\x0cb\x08\n",
    "- a\nb: c\n",
    "loai: ke-hoach\ntrich_yeu: 'a\n",
    "loai: ke-hoach\nx: |\n  a\n b: 1\n",
    "loai: ke-hoach\nx: " + "[" * 5000 + "]" * 5000 + "\n",
    "loai: ke-hoach\n" + "".join("  " * i + f"k{i}:\n" for i in range(60)),
])
@pytest.mark.parametrize("pure", [False, True])
def test_every_parse_error_has_a_line(monkeypatch, text, pure):
    from vbhc import yaml_in

    if pure:
        monkeypatch.setattr(yaml_in, "LOADER", yaml_in._PureLoader)
    with pytest.raises(InputError) as caught:
        parse(text, "t.yaml")
    assert all(p.line for p in caught.value.problems), caught.value.problems


# --- did you mean ------------------------------------------------------------------------

@pytest.mark.parametrize("typed, path, meant", [
    ("trich_yue: x\n", "trich_yue", "trich_yeu"),
    ("Trích yếu: x\n", "Trích yếu", "trich_yeu"),
    ("kinh-gui: [x]\n", "kinh-gui", "kinh_gui"),
])
def test_unknown_field_suggests_the_closest(tmp_path, typed, path, meant):
    problems = refused(tmp_path, CONG_VAN + typed)
    (problem,) = [p for p in problems if p.path == path]
    assert f"có phải định viết '{meant}'?" in problem.message
    assert problem.line == CONG_VAN.count("\n") + 1


def test_unknown_nested_field_suggests_a_field_of_that_part(tmp_path):
    text = CONG_VAN.replace("  ho_ten: Nguyễn Văn A", "  ho_tem: Nguyễn Văn A")
    (problem,) = refused(tmp_path, text)
    assert problem.path == "nguoi_ky.ho_tem"
    assert "có phải định viết 'ho_ten'?" in problem.message


def test_unknown_field_in_a_section_of_a_report(tmp_path):
    report = Path("examples/bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml").read_text("utf-8")
    text = report.replace("  - tieu_de:", "  - tieu_đe:", 1)
    shutil.copytree("examples/ho-so", tmp_path / "ho-so")
    problems = refused(tmp_path, text)
    assert any(p.path.endswith(".tieu_đe") and "'tieu_de'" in p.message for p in problems)


def test_nothing_close_keeps_the_plain_message(tmp_path):
    (problem,) = refused(tmp_path, CONG_VAN + "xyzw: 1\n")
    assert problem.message == "trường không có trong mẫu văn bản (viết sai tên trường?)"


def test_dict_input_gets_the_same_suggestion():
    data, _ = parse(CONG_VAN + "trich_yue: x\n", "t")
    with pytest.raises(InputError) as caught:
        vbhc.validate(data)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("trich_yue", None)
    assert "'trich_yeu'" in problem.message


def test_a_profile_field_typo_gets_a_suggestion(tmp_path):
    shutil.copytree("examples/ho-so", tmp_path / "ho-so")
    profile = tmp_path / "ho-so" / "ubnd-tinh-lang-son.yaml"
    profile.write_text(profile.read_text("utf-8").replace("  viet_tat:", "  viet_tac:"), "utf-8")
    doc = Path("examples/cong-van-trien-khai-ke-hoach-dan-chu-co-so-2024.yaml")
    problems = refused(tmp_path, doc.read_text("utf-8"))
    assert any("co_quan.viet_tac" in p.message and "'viet_tat'?" in p.message
               for p in problems)


def test_a_derive_rules_typo_gets_a_suggestion():
    plan = vbhc.load("examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    with pytest.raises(InputError) as caught:
        vbhc.derive(plan, "huyện Cao Lộc", rules={"huyen": {"cum_tuu": []}})
    (problem,) = caught.value.problems
    assert problem.path == "huyen.cum_tuu" and "'cum_tu'?" in problem.message
