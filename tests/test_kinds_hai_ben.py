"""Documents two parties sign (issue 18): Hợp đồng, Bản ghi nhớ, Bản thỏa thuận print the
other party's signature (``nguoi_ky_ben_kia``) on the left beside the issuer's, as the two
signatures of a Biên bản (Mẫu 1.9), the recipients under them; without it the output is
that of one signer, with a warning naming the field."""

from __future__ import annotations

import hashlib
import subprocess

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES, soffice
from tests.docx_helpers import Docx, para_text, w
from vbhc.errors import InputError
from vbhc.loader import validate_data

KINDS = ("hop-dong", "ban-ghi-nho", "ban-thoa-thuan")


def _data(name: str) -> tuple[dict, str]:
    path = next(EXAMPLES.glob(f"{name}-*.yaml"))
    return yaml.safe_load(path.read_text("utf-8")), str(path)


def _render(tmp_path, name: str, warnings: list | None = None, **changes):
    data, source = _data(name)
    data.update(changes)
    data = {k: v for k, v in data.items() if v is not None}
    doc = validate_data(data, source, base=EXAMPLES, warnings=warnings)
    return vbhc.render(doc, tmp_path / f"{name}.docx", force=True)


def _style(p) -> str | None:
    el = p.find(f"{w('pPr')}/{w('pStyle')}")
    return None if el is None else el.get(w("val"))


def _closing_columns(path) -> list[list[tuple[str, str | None]]]:
    doc = Docx.open(path)
    table = doc.document.find(w("body")).findall(w("tbl"))[-1]
    return [[(para_text(p), _style(p)) for p in c.findall(w("p"))]
            for c in table.findall(f"{w('tr')}/{w('tc')}")]


def test_contract_prints_both_parties_side_by_side_then_recipients(tmp_path):
    out = _render(tmp_path, "hop-dong")
    assert _closing_columns(out) == [
        [("ĐẠI DIỆN BÊN B", "VBQuyenHan"), ("Hoàng Văn Bình", "VBHoTen")],
        [("ĐẠI DIỆN BÊN A", "VBQuyenHan"), ("", "VBHoTen")]]
    texts = [para_text(p) for p in Docx.open(out).paragraphs()]
    label = texts.index("Nơi nhận:")
    assert texts.index("Hoàng Văn Bình") < label
    assert texts[label + 1] == "- Công ty TNHH In Kỳ Lừa;"
    assert [p for p in vbhc.check(out) if p.is_error] == []


def test_memorandum_and_agreement_carry_each_agency_authority(tmp_path):
    bgn = _closing_columns(_render(tmp_path, "ban-ghi-nho"))
    assert [t for t, _ in bgn[0]][:2] == ["TM. BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM TỈNH",
                                          "CHỦ TỊCH"]
    assert [t for t, _ in bgn[1]][:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    btt = _closing_columns(_render(tmp_path, "ban-thoa-thuan"))
    assert [t for t, _ in btt[0]][:3] == ["TM. BAN THƯỜNG TRỰC ỦY BAN MTTQ VIỆT NAM HUYỆN",
                                          "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


@pytest.mark.parametrize("name", KINDS)
def test_examples_check_clean_and_round_trip_both_signers(tmp_path, name):
    out = _render(tmp_path, name)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    got = vbhc.import_document(out)
    data, _ = _data(name)
    other = got.document.nguoi_ky_ben_kia
    assert other is not None
    assert other.authority_lines() == validate_data(data, base=EXAMPLES).nguoi_ky_ben_kia \
        .authority_lines()
    assert got.document.noi_nhan.danh_sach == data["noi_nhan"]["danh_sach"]
    assert not [x for x in got.warnings if "nguoi_ky" in str(x) or "Nơi nhận" in str(x)]


@pytest.mark.parametrize("name", KINDS)
def test_one_signer_renders_as_before_and_warns_naming_the_field(tmp_path, name):
    """Without nguoi_ky_ben_kia the closing is the usual one (recipients left, signer right):
    the bytes equal those of the same document rendered through the one-signer layout."""
    warnings: list = []
    out = _render(tmp_path, name, warnings, nguoi_ky_ben_kia=None)
    assert [p.path for p in warnings if p.rule == "hai-ben"] == ["nguoi_ky_ben_kia"]
    columns = _closing_columns(out)
    assert columns[0][0] == ("Nơi nhận:", "VBNoiNhanNhan")
    # the same body under the shared one-signer template (templates/bao-cao.docx is built by
    # the same typed layout): the two-party template's else-branch leaves no trace
    data, source = _data(name)
    data.pop("nguoi_ky_ben_kia")
    doc = validate_data(data, source, base=EXAMPLES)
    plain = vbhc.render(doc, tmp_path / "plain.docx", force=True,
                        template=EXAMPLES.parent / "templates" / "bao-cao.docx")
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(
        plain.read_bytes()).digest()


def test_second_signer_refused_outside_two_party_kinds():
    data, source = _data("thong-bao")
    data["nguoi_ky_ben_kia"] = {"chuc_vu": "ĐẠI DIỆN BÊN B"}
    with pytest.raises(InputError) as exc:
        validate_data(data, source, base=EXAMPLES)
    assert "nguoi_ky_ben_kia" in str(exc.value)


def test_second_signer_images_refused():
    data, source = _data("hop-dong")
    data["nguoi_ky_ben_kia"]["chu_ky_anh"] = "ky.png"
    with pytest.raises(InputError) as exc:
        validate_data(data, source, base=EXAMPLES)
    assert "nguoi_ky_ben_kia" in str(exc.value)


def test_libreoffice_lays_out_both_signatures_on_one_line(tmp_path):
    binary = soffice()
    out = _render(tmp_path, "hop-dong")
    done = subprocess.run(
        [binary, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "hop-dong.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, timeout=60, check=True).stdout
    lines = [x.strip() for x in text.splitlines()]
    both = [x for x in lines if x.startswith("ĐẠI DIỆN BÊN B")]
    assert both and both[0].endswith("ĐẠI DIỆN BÊN A"), text[-800:]
    assert lines.index("Hoàng Văn Bình") < lines.index("Nơi nhận:")


def test_custom_template_without_the_left_signature_is_refused(tmp_path):
    """A clerk's template that prints one signature would drop the other party's: refused,
    naming nguoi_ky_ben_kia (the typed layout of templates/bao-cao.docx has no thu_ky)."""
    data, source = _data("hop-dong")
    doc = validate_data(data, source, base=EXAMPLES)
    with pytest.raises(InputError) as exc:
        vbhc.render(doc, tmp_path / "x.docx",
                    template=EXAMPLES.parent / "templates" / "bao-cao.docx")
    assert [p.path for p in exc.value.problems] == ["nguoi_ky_ben_kia"]
    assert not (tmp_path / "x.docx").exists()


def test_import_of_a_one_signer_contract_keeps_one_signer(tmp_path):
    out = _render(tmp_path, "hop-dong", nguoi_ky_ben_kia=None)
    got = vbhc.import_document(out).document
    assert got.nguoi_ky_ben_kia is None
    assert got.nguoi_ky.authority_lines() == ["ĐẠI DIỆN BÊN A"]
    assert got.noi_nhan.danh_sach == ["Công ty TNHH In Kỳ Lừa", "Phòng Kế hoạch - Tài chính"]


def test_two_signers_with_an_appendix_check_clean_and_import_back(tmp_path):
    """The recipients under the two signatures stand outside a table: the appendix heading
    on the next page is neither a recipient to vbhc check nor to vbhc import."""
    appendix = [{"tieu_de": "Danh mục tài liệu in", "noi_dung": ["Tài liệu hỏi - đáp."]}]
    out = _render(tmp_path, "hop-dong", phu_luc=appendix)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    got = vbhc.import_document(out).document
    assert got.nguoi_ky_ben_kia is not None and got.nguoi_ky_ben_kia.ho_ten == "Hoàng Văn Bình"
    assert got.noi_nhan.danh_sach == ["Công ty TNHH In Kỳ Lừa", "Phòng Kế hoạch - Tài chính"]
    assert [a.tieu_de for a in got.phu_luc] == ["Danh mục tài liệu in"]
