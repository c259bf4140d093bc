"""Agency names in ô 2: line breaks at Vietnamese word-group boundaries, and the rule under
the name sized by the renderer and measured by the checker with one measure (issue 17)."""

from __future__ import annotations

import copy
import subprocess
from pathlib import Path

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.docx_helpers import NS, Docx, para_text, w
from vbhc.docx.measure import balanced_lines, rule_basis, rule_length, rule_ratio, text_width
from vbhc.lang.ten_co_quan import AFTER_HYPHEN, BAD, GOOD, NEVER, WEAK, break_levels

ROOM = 3742  # the issuer column of the shipped templates, twips
SIZE = 13.0

ISSUE_NAMES = [
    "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "ỦY BAN NHÂN DÂN XÃ TÂN AN",
    "PHÒNG VĂN HÓA - THÔNG TIN",
    "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    "SỞ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
    "VĂN PHÒNG HỘI ĐỒNG NHÂN DÂN VÀ ỦY BAN NHÂN DÂN HUYỆN CAO LỘC",
    "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG CÁC CÔNG TRÌNH GIAO THÔNG",
    "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH LẠNG SƠN",
]


def levels(name: str) -> list[int]:
    return break_levels(name.split())


def lines_of(name: str, room: int = ROOM) -> list[str]:
    return balanced_lines(name, SIZE, room, bold=True)


# --- where a name may break --------------------------------------------------------------


def test_levels_of_a_hyphenated_name():
    # gaps: SỞ|LAO LAO|ĐỘNG ĐỘNG|- -|THƯƠNG THƯƠNG|BINH BINH|VÀ VÀ|XÃ XÃ|HỘI
    assert levels("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == [
        WEAK, BAD, NEVER, AFTER_HYPHEN, BAD, GOOD, BAD, BAD]


def test_levels_of_a_people_committee():
    assert levels("ỦY BAN NHÂN DÂN XÃ TÂN AN") == [BAD, BAD, BAD, GOOD, BAD, BAD]


def test_old_tone_placement_and_trailing_comma_are_the_same_compound():
    assert levels("VĂN HOÁ, THỂ THAO") == [BAD, GOOD, BAD]
    assert levels("UỶ BAN NHÂN DÂN") == [BAD, BAD, BAD]


def test_unknown_words_break_weakly():
    assert break_levels(["DUY", "TÂN"]) == [WEAK]
    assert break_levels(["A"]) == []


@pytest.mark.parametrize("name", ISSUE_NAMES)
def test_breaks_follow_word_groups(name):
    lines = lines_of(name)
    assert " ".join(lines) == name
    assert all(text_width(x, SIZE, bold=True) <= ROOM for x in lines), lines
    for line in lines:
        assert not line.startswith(("-", "–")), lines
        assert not line.endswith((" VÀ", " CÁC")), lines
    for whole in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "THƯƠNG BINH", "KẾ HOẠCH", "XÃ HỘI",
                  "LAO ĐỘNG", "XÃ TÂN AN", "THÀNH PHỐ HỒ CHÍ MINH", "HUYỆN CAO LỘC",
                  "TỈNH LẠNG SƠN"):
        if whole in name:
            assert any(whole in x for x in lines), (whole, lines)


@pytest.mark.parametrize("name, expected", [
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", ["SỞ LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"]),
    ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", ["PHÒNG TÀI CHÍNH -", "KẾ HOẠCH"]),
    ("ỦY BAN NHÂN DÂN XÃ TÂN AN", ["ỦY BAN NHÂN DÂN", "XÃ TÂN AN"]),
    ("SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG", ["SỞ TÀI NGUYÊN", "VÀ MÔI TRƯỜNG"]),
    ("TRƯỜNG ĐẠI HỌC SƯ PHẠM KỸ THUẬT HƯNG YÊN", ["TRƯỜNG ĐẠI HỌC SƯ PHẠM", "KỸ THUẬT HƯNG YÊN"]),
])
def test_issue_cases(name, expected):
    """Before: "ỦY BAN NHÂN / DÂN XÃ TÂN AN", "SỞ LAO ĐỘNG - THƯƠNG / BINH VÀ XÃ HỘI",
    "PHÒNG TÀI CHÍNH / - KẾ HOẠCH"."""
    assert lines_of(name) == expected


def test_break_before_va_is_preferred_to_after_the_hyphen():
    name = "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"
    room = text_width("SỞ LAO ĐỘNG - THƯƠNG BINH", SIZE, bold=True) + 10
    assert lines_of(name, room) == ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]


def test_explicit_break_is_kept():
    assert lines_of("SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI") == [
        "SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"]


def test_a_name_that_fits_stays_whole_and_one_that_cannot_fit_too():
    assert lines_of("SỞ NỘI VỤ") == ["SỞ NỘI VỤ"]
    assert lines_of("A" * 80) == ["A" * 80]


def test_a_long_name_is_bounded_in_time():
    name = " ".join(["ỦY BAN NHÂN DÂN XÃ TÂN AN"] * 300)
    assert lines_of(name) == [name]  # more than four lines: left whole for Word to wrap


def test_compound_split_only_when_nothing_else_fits():
    room = text_width("THƯƠNG", SIZE, bold=True) + 10
    assert lines_of("THƯƠNG BINH", room) == ["THƯƠNG", "BINH"]


# --- one measure for the rule under the name --------------------------------------------


def test_rule_measure_is_the_widest_line():
    assert rule_basis([1000, 2500, 1200]) == 2500
    assert rule_length([1000, 2500], 0.4) == 1000
    assert rule_ratio(1000, [1000, 2500]) == 0.4
    assert rule_ratio(1000, []) is None
    assert rule_ratio(1000, [0]) is None


BASE = EXAMPLES / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"


def render_with(tmp_path: Path, ten: str, chu_quan: str | None = "UBND TỈNH LẠNG SƠN") -> Path:
    data = copy.deepcopy(yaml.safe_load(BASE.read_text("utf-8")))
    data["co_quan"] = {"ten": ten, "viet_tat": "SLĐTBXH", "dia_danh": "Lạng Sơn"}
    if chu_quan:
        data["co_quan"]["chu_quan"] = chu_quan
    data["nguoi_ky"] = {"quyen_han": "KT.", "thu_truong": "GIÁM ĐỐC", "chuc_vu": "PHÓ GIÁM ĐỐC",
                        "ho_ten": "Nguyễn Văn An"}
    data["noi_nhan"] = {"danh_sach": ["Như trên"], "luu": "VT"}
    out = tmp_path / "cv.docx"
    vbhc.render(vbhc.validate(data, base_dir=EXAMPLES), out, force=True)
    return out


def issuer_paragraphs(doc: Docx) -> tuple[list, object]:
    paras = doc.paragraphs()
    names = [p for p in paras if doc.paragraph_style_id(p) == "VBCoQuan"]
    rule = names[-1].getnext()
    assert doc.paragraph_style_id(rule) == "VBDuongKe"
    return names, rule


@pytest.mark.parametrize("ten", [
    "SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
    "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "SỞ LAO ĐỘNG -\nTHƯƠNG BINH VÀ XÃ HỘI",  # a hand break that fits (one that does not is refused)
    "ỦY BAN NHÂN DÂN XÃ TÂN AN",
    "SỞ NỘI VỤ",
])
def test_rendered_rule_passes_the_checker(tmp_path, ten):
    """Before: the rule was 40% of the last line ("KẾ HOẠCH", "VÀ XÃ HỘI") and the checker,
    measuring against the widest, said "dài 26% dòng chữ"."""
    chu_quan = None if ten.startswith("ỦY BAN") else "UBND TỈNH LẠNG SƠN"
    out = render_with(tmp_path, ten, chu_quan)
    errors = [f for f in vbhc.check(out) if f.severity == "lỗi"]
    assert errors == []
    doc = Docx.open(out)
    names, rule = issuer_paragraphs(doc)
    texts = [para_text(p) for p in names]
    assert not any(t.startswith("-") for t in texts)
    ind = rule.find("w:pPr/w:ind", NS)
    cell_w = int(next(rule.iterancestors(w("tc"))).find("w:tcPr/w:tcW", NS).get(w("w")))
    length = cell_w - 2 * int(ind.get(w("left")))
    widest = max(text_width(t, SIZE, bold=True) for t in texts)
    assert abs(length - 0.4 * min(widest, cell_w)) <= 2, (texts, length, widest)


def test_pdf_prints_the_name_on_the_chosen_lines(tmp_path):
    """LibreOffice lays the name out as vbhc broke it: no line of ô 2 starts with "- "."""
    binary = soffice()
    out = render_with(tmp_path, "PHÒNG TÀI CHÍNH - KẾ HOẠCH", "UBND HUYỆN CAO LỘC")
    done = subprocess.run(
        [binary, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "cv.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    text = subprocess.run(["pdftotext", "-layout", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    lines = [x.strip() for x in text.splitlines()]
    assert any(x.startswith("PHÒNG TÀI CHÍNH -") for x in lines), text[:600]
    assert any(x.startswith("KẾ HOẠCH") for x in lines), text[:600]
    assert not any(x.startswith("- KẾ HOẠCH") for x in lines)
