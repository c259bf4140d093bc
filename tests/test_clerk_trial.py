"""Cases from the clerk trial of issue 17: each input a clerk wrote, and the right answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONG_VAN = ROOT / "examples" / "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"


def vbhc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                          text=True, timeout=120)


def test_a_cong_van_without_drafting_unit_names_the_field(tmp_path):
    """ND30 Phụ lục I II.3.b: a công văn's symbol joins the issuer's and the drafting unit's
    abbreviations. Without don_vi_soan_thao the symbol was «845/TCKH» and render's check
    refused it naming no field; now the field is named before anything is rendered."""
    text = "".join(line for line in CONG_VAN.read_text("utf-8").splitlines(keepends=True)
                   if not line.startswith("don_vi_soan_thao"))
    shutil.copytree(ROOT / "examples" / "ho-so", tmp_path / "ho-so")
    source = tmp_path / "cv.yaml"
    source.write_text(text, "utf-8")
    run = vbhc("render", str(source), "-o", str(tmp_path / "cv.docx"))
    assert run.returncode == 1
    assert "don_vi_soan_thao: công văn cần chữ viết tắt đơn vị soạn thảo" in run.stderr
    assert not (tmp_path / "cv.docx").exists()


def test_the_advice_for_an_ambiguous_figure_is_a_form_that_is_accepted():
    from vbhc.model.bang import _ambiguous, figure_kind

    message = _ambiguous("1,105")
    assert '"1,1050"' in message and 'ghi "1,105"' not in message
    assert figure_kind("1,1050")[0] == "so"


def test_template_check_says_which_kind_it_checked_against():
    run = vbhc("template", "check", str(ROOT / "templates" / "cong-van.docx"))
    assert run.returncode == 1
    assert "như mẫu loại ke-hoach" in run.stderr and "--loai" in run.stderr
    assert vbhc("template", "check", str(ROOT / "templates" / "cong-van.docx"),
                "--loai", "cong-van").returncode == 0


def test_a_hand_break_that_leaves_a_line_too_wide_is_refused_naming_the_field():
    """"SỞ LAO ĐỘNG - THƯƠNG BINH\\nVÀ XÃ HỘI": the first line is wider than ô 2, so Word
    wrapped it again as "… THƯƠNG" / "BINH" while vbhc check passed (the trial's PDF)."""
    import pytest

    import vbhc
    from vbhc.errors import InputError

    doc = vbhc.load(CONG_VAN)
    doc.co_quan.ten = "SỞ LAO ĐỘNG - THƯƠNG BINH\nVÀ XÃ HỘI"
    with pytest.raises(InputError) as caught:
        vbhc.render_bytes(doc)
    assert str(caught.value).startswith("co_quan.ten: dòng «SỞ LAO ĐỘNG - THƯƠNG BINH»")
    doc.co_quan.ten = "SỞ LAO ĐỘNG -\nTHƯƠNG BINH VÀ XÃ HỘI"
    assert vbhc.render_bytes(doc).startswith(b"PK")


def test_the_end_mark_typed_on_an_entry_is_removed_with_a_note():
    """"- UBND các huyện, thành phố./." printed "./." at the end of a Kính gửi line: only
    the last "." was taken for end punctuation (clerk trial of issue 17)."""
    from vbhc.model.text import clean_entry

    assert clean_entry("UBND các huyện, thành phố./.") == (
        "UBND các huyện, thành phố", ["bỏ «./.» cuối dòng (vbhc tự thêm dấu câu khi in)"])
    assert clean_entry("các cơ quan, v.v.") == ("các cơ quan, v.v.", [])
    assert clean_entry("Phòng ...") == ("Phòng ...", [])
