"""`vbhc ky` (issue 20): PAdES signatures with a throwaway CA made here, on the PDF/A of the
demo báo cáo (signature and seal images at ô 7c/8): sign → valid; one byte changed →
invalid; signer then agency → both valid; still PDF/A after signing (incremental update);
the agency's signature on an attachment as text at the top right of page 1.

LibreOffice runs once for the module (the PDF/A); pyHanko signs and validates; pypdfium2
and pikepdf read the results. No network: the time-stamp server test uses a closed local
port.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from tests.conftest import EXAMPLES, ROOT, soffice
from tools.test_ca import DEFAULT_PASS, make_ca
from vbhc.pdf import convert, pdf_a_problems
from vbhc.signing import KeySource, SigningError, find_places, sign_pdf, verify_pdf

pytestmark = pytest.mark.slow
DEMO = EXAMPLES / "ky-so" / "bao-cao-ky-so.yaml"
MOMENT = dt.datetime(2024, 6, 3, 2, 15, 30, tzinfo=dt.timezone.utc)  # 09:15:30 in Hà Nội


@pytest.fixture(scope="module")
def ca(tmp_path_factory) -> dict[str, Path]:
    return make_ca(tmp_path_factory.mktemp("ca"))


@pytest.fixture(scope="module")
def pdf_a(tmp_path_factory) -> bytes:
    soffice()
    import vbhc

    folder = tmp_path_factory.mktemp("pdfa")
    docx = vbhc.render(vbhc.load(DEMO), folder / "bao-cao.docx")
    (pdf,), _font = convert([docx], pdf_a=True)
    return pdf.read_bytes()


def shown_text(form: pikepdf.Stream) -> list[str]:
    """Return the lines an appearance stream (and the forms it draws) shows, from their
    /ActualText marks; each is drawn in 10 pt."""
    out = []
    for operands, op in pikepdf.parse_content_stream(form):
        if str(op) == "Tf":
            assert float(operands[1]) == 10
        if str(op) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                and "/ActualText" in operands[1]:
            out.append(str(operands[1].ActualText))
    for inner in (form.get("/Resources", {}).get("/XObject") or {}).values():
        out += shown_text(inner)
    return out


def key(ca: dict[str, Path], who: str = "nguoi-ky") -> KeySource:
    return KeySource(p12=ca[who], passphrase=DEFAULT_PASS.encode())


def test_the_pdf_a_declares_and_meets_pdf_a_2b(pdf_a: bytes) -> None:
    assert pdf_a_problems(pdf_a) == []
    with pikepdf.open(io.BytesIO(pdf_a)) as doc:
        assert str(doc.docinfo["/Title"]).startswith("Kết quả thực hiện dân chủ ở cơ sở")
        assert str(doc.docinfo["/Author"]) == "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"


def test_signature_box_is_between_title_and_name(pdf_a: bytes) -> None:
    places = find_places(pdf_a)
    assert places.nguoi_ky_anh and places.co_quan_anh  # the images vbhc drew are found
    page = pdfium.PdfDocument(pdf_a)[places.page]
    text = page.get_textpage()
    name = text.get_charbox(text.search("Nguyễn Văn Mẫu").get_next()[0])
    title = text.get_charbox(text.search("PHÓ CHỦ TỊCH").get_next()[0])
    left, bottom, right, top = places.nguoi_ky
    assert name[3] <= bottom and top <= title[1]  # below the title, above the name
    seal = places.co_quan
    covered = (seal[2] - left) / (right - left)  # the seal over the signature's left third
    assert seal[0] < left and 0.25 < covered < 0.45


def test_sign_then_validate_then_tamper(pdf_a: bytes, ca: dict[str, Path]) -> None:
    signed = sign_pdf(pdf_a, key(ca), moment=MOMENT)
    assert signed.data.startswith(pdf_a)  # an incremental update: the original bytes stay
    assert signed.time == "2024-06-03T09:15:30+07:00" and signed.signer == "Nguyễn Văn Mẫu"
    with pikepdf.open(io.BytesIO(signed.data)) as doc:
        (field,) = [f for f in doc.Root.AcroForm.Fields if f.get("/FT") == "/Sig"]
        assert str(field.V.M) == "D:20240603091530+07'00'"  # /M in Vietnam time
    (report,) = verify_pdf(signed.data, [ca["ca"]])
    assert report.ok and report.intact and report.trusted
    assert report.signer == "Nguyễn Văn Mẫu" and report.time == "2024-06-03T09:15:30+07:00"
    (untrusted,) = verify_pdf(signed.data)
    assert untrusted.intact and untrusted.trusted is None
    tampered = bytearray(signed.data)
    spot = pdf_a.index(b"stream", len(pdf_a) // 3) + 40  # inside a signed content stream
    tampered[spot] ^= 0x01
    (broken,) = verify_pdf(bytes(tampered), [ca["ca"]])
    assert not broken.intact and not broken.ok
    assert any("KHÔNG còn nguyên" in note for note in broken.notes)


def test_signer_then_agency_both_valid_and_still_pdf_a(pdf_a: bytes, ca: dict[str, Path]) -> None:
    first = sign_pdf(pdf_a, key(ca), moment=MOMENT)
    second = sign_pdf(first.data, key(ca, "co-quan"), "co-quan", co_quan="UBND huyện Cao Lộc",
                      moment=MOMENT + dt.timedelta(minutes=5))
    assert second.data.startswith(first.data)
    reports = verify_pdf(second.data, [ca["ca"]])
    assert [r.field for r in reports] == ["ChuKyNguoiKy", "ChuKyCoQuan"]
    assert all(r.ok for r in reports), [r.notes for r in reports]
    assert reports[0].changes_ok and "sau đó có thêm" in reports[0].covers
    assert pdf_a_problems(second.data) == []
    with pytest.raises(SigningError, match="đã có chữ ký"):
        sign_pdf(second.data, key(ca), moment=MOMENT)


def test_attachment_signature_is_text_at_the_top_right(pdf_a: bytes, ca: dict[str, Path]) -> None:
    signed = sign_pdf(pdf_a, key(ca, "co-quan"), "dinh-kem", so_ky_hieu="12/BC-UBND",
                      co_quan="UBND huyện Cao Lộc", moment=MOMENT)
    assert signed.page == 0 and not signed.on_image
    with pikepdf.open(io.BytesIO(signed.data)) as doc:
        width, height = (float(v) for v in doc.pages[0].mediabox[2:])
        (annot,) = [a for a in doc.pages[0].get("/Annots", []) if a.get("/FT") == "/Sig"]
        x0, y0, x1, y1 = (float(v) for v in annot.Rect)
        assert x1 > width * 0.8 and y1 > height - 20 * 72 / 25.4  # in the top right corner
        lines = shown_text(annot.AP.N)
    assert lines == ["UBND huyện Cao Lộc", "Số, ký hiệu: 12/BC-UBND",
                     "Thời gian ký: 2024-06-03T09:15:30+07:00"]
    assert pdf_a_problems(signed.data) == []  # its font is embedded
    (report,) = verify_pdf(signed.data, [ca["ca"]])
    assert report.ok


def test_wrong_passphrase_and_unreachable_time_stamp_server(pdf_a: bytes,
                                                            ca: dict[str, Path]) -> None:
    with pytest.raises(SigningError, match="sai mật khẩu"):
        sign_pdf(pdf_a, KeySource(p12=ca["nguoi-ky"], passphrase=b"sai"))
    with pytest.raises(SigningError, match="không lấy được dấu thời gian"):
        sign_pdf(pdf_a, key(ca), tsa_url="http://127.0.0.1:9/tsa")


def test_cli_signs_and_verifies(pdf_a: bytes, ca: dict[str, Path], tmp_path: Path) -> None:
    source = tmp_path / "vb.pdf"
    source.write_bytes(pdf_a)
    vbhc = [sys.executable, "-m", "vbhc"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VBHC_P12_PASS": DEFAULT_PASS}

    def run(*args: str, secret: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*vbhc, *args], capture_output=True, text=True, timeout=120,
                              cwd=ROOT, check=False, stdin=subprocess.DEVNULL,
                              env=env if secret else {k: v for k, v in env.items()
                                                      if k != "VBHC_P12_PASS"})

    done = run("ky", str(source), "--p12", str(ca["nguoi-ky"]))
    assert done.returncode == 0, done.stderr
    signed = tmp_path / "vb-da-ky.pdf"
    assert "Đã ký" in done.stdout and signed.is_file()
    again = run("ky", str(source), "--p12", str(ca["nguoi-ky"]))
    assert again.returncode == 1 and "--force" in again.stderr
    checked = run("ky", "--kiem-tra", str(signed), "--tin-cay", str(ca["ca"]))
    assert checked.returncode == 0 and "HỢP LỆ" in checked.stdout
    assert "Người ký: Nguyễn Văn Mẫu" in checked.stdout and "+07:00" in checked.stdout
    data = bytearray(signed.read_bytes())
    data[pdf_a.index(b"stream", len(pdf_a) // 3) + 40] ^= 1
    (tmp_path / "sua.pdf").write_bytes(bytes(data))
    broken = run("ky", "--kiem-tra", str(tmp_path / "sua.pdf"))
    assert broken.returncode == 1 and "KHÔNG HỢP LỆ" in broken.stdout  # not 5: invalid
    unsigned = run("ky", "--kiem-tra", str(source))
    assert unsigned.returncode == 1 and "không có chữ ký" in unsigned.stderr
    no_secret = run("ky", str(source), "-o", str(tmp_path / "x.pdf"), "--p12",
                    str(ca["nguoi-ky"]), secret=False)
    assert no_secret.returncode == 1 and "VBHC_P12_PASS" in no_secret.stderr
    (tmp_path / "hong.pdf").write_bytes(b"%PDF-1.7 not really")
    unreadable = run("ky", "--kiem-tra", str(tmp_path / "hong.pdf"))
    assert unreadable.returncode == 2 and "không đọc được tệp PDF" in unreadable.stderr
    assert "Traceback" not in (no_secret.stderr + broken.stderr + unsigned.stderr
                               + unreadable.stderr)


def test_the_pdf_a_check_bites(pdf_a: bytes) -> None:
    """Declared PDF/A-1, a font program removed, JavaScript added: each is reported."""
    with pikepdf.open(io.BytesIO(pdf_a)) as doc:
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["pdfaid:part"] = "1"
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                for name in ("/FontFile", "/FontFile2", "/FontFile3"):
                    if name in obj:
                        del obj[name]
                break
        doc.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS="app.alert(1)")
        out = io.BytesIO()
        doc.save(out)
    problems = pdf_a_problems(out.getvalue())
    assert any("part=1" in p for p in problems)
    assert any("không được nhúng" in p for p in problems)
    assert any("JavaScript" in p for p in problems)


def test_a_signature_cannot_claim_another_agency(pdf_a: bytes, ca: dict[str, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """--co-quan is the certificate's O or CN (case, spaces, UBND/Ủy ban nhân dân aside),
    taken from it when not given; --kiem-tra shows subject and claim and flags a forgery."""
    with pytest.raises(SigningError, match="không khớp chứng thư.*UBND huyện Cao Lộc"):
        sign_pdf(pdf_a, key(ca, "co-quan"), "co-quan", co_quan="Bộ Quốc phòng", moment=MOMENT)
    with pytest.raises(SigningError, match="không khớp"):
        sign_pdf(pdf_a, key(ca), co_quan="Bộ Quốc phòng", moment=MOMENT)
    same = sign_pdf(pdf_a, key(ca, "co-quan"), "co-quan",
                    co_quan="Uỷ ban nhân dân  HUYỆN cao lộc", moment=MOMENT)
    (report,) = verify_pdf(same.data, [ca["ca"]])
    assert report.ok and report.location == "Uỷ ban nhân dân HUYỆN cao lộc"
    default = sign_pdf(pdf_a, key(ca, "co-quan"), "dinh-kem", so_ky_hieu="125/BC-UBND",
                       moment=MOMENT)
    (report,) = verify_pdf(default.data, [ca["ca"]])
    assert report.location == "UBND huyện Cao Lộc" and report.verified
    assert "Chứng thư cấp cho: CN=UBND huyện Cao Lộc, O=UBND huyện Cao Lộc, C=VN" in report.notes
    assert "Cơ quan ghi trong chữ ký: UBND huyện Cao Lộc" in report.notes
    import vbhc.signing.sign as signing  # a signature made by other software

    monkeypatch.setattr(signing, "_agency", lambda claim, cert, role: "Bộ Quốc phòng")
    forged = sign_pdf(pdf_a, key(ca, "co-quan"), "co-quan", moment=MOMENT)
    (report,) = verify_pdf(forged.data, [ca["ca"]])
    assert report.intact and report.trusted and not report.location_ok and not report.ok
    assert any(n.startswith("Cơ quan ghi trong chữ ký: Bộ Quốc phòng — KHÔNG KHỚP chứng thư")
               for n in report.notes)


@pytest.mark.parametrize(("value", "said"), [
    ("A" * 3000, "dài 3000 ký tự"),
    ("x\x07<script>", "ký tự điều khiển"),
    ("125/BC UBND", "không đúng dạng"),
    ("<b>12</b>/BC-UBND", "không đúng dạng"),
    ("BC-UBND", "không đúng dạng"),
])
def test_attachment_number_and_symbol_is_validated(pdf_a: bytes, ca: dict[str, Path],
                                                   value: str, said: str) -> None:
    with pytest.raises(SigningError, match=f"--so-ky-hieu.*{said}"):
        sign_pdf(pdf_a, key(ca, "co-quan"), "dinh-kem", so_ky_hieu=value, moment=MOMENT)


def test_number_and_symbol_forms_accepted() -> None:
    from vbhc.signing.sign import check_so_ky_hieu

    for value in ("125/BC-UBND", "05/KH-UBND", "12/2024/NĐ-CP", " 7/UBND-NC ", "3/TTr-SNV"):
        assert check_so_ky_hieu(value) == value.strip()


def test_library_english_stays_out_of_messages(pdf_a: bytes, ca: dict[str, Path],
                                               tmp_path: Path) -> None:
    bad = tmp_path / "hong.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    garbage = tmp_path / "rac.der"
    garbage.write_bytes(bytes(range(256)) * 2)
    for path in (bad, garbage):
        with pytest.raises(SigningError) as info:
            sign_pdf(pdf_a, KeySource(p12=ca["nguoi-ky"], passphrase=DEFAULT_PASS.encode(),
                                      chain=(path,)))
        assert str(info.value) == (f"chứng thư CA trung gian {path} hỏng hoặc không phải "
                                   "chứng thư X.509 (tệp .pem hay .cer/.der)")
        with pytest.raises(SigningError, match="chứng thư gốc tin cậy .* hỏng") as info:
            verify_pdf(pdf_a, [path])
        assert "Error" not in str(info.value)
    with pytest.raises(SigningError) as info:
        sign_pdf(pdf_a, key(ca), tsa_url="http://127.0.0.1:9/tsa")
    message = str(info.value)
    assert message.startswith("không lấy được dấu thời gian từ máy chủ http://127.0.0.1:9/tsa")
    assert "Error" not in message.split("(")[0]  # the library's words only in parentheses
    import pyhanko.sign.validation.status as status

    from vbhc.signing.verify import _modification

    assert _modification(status.ModificationLevel.OTHER) == "sửa nội dung hay cấu trúc tệp"
    assert "ModificationLevel" not in _modification(status.ModificationLevel.NONE)


def test_cli_exit_codes_of_kiem_tra_and_agency(pdf_a: bytes, ca: dict[str, Path],
                                               tmp_path: Path) -> None:
    """0 only for a chain verified against --tin-cay; 5 intact but unverified (a self-made
    CA signs as anyone); 1 invalid; --co-quan not in the certificate refused with 1."""
    source = tmp_path / "vb.pdf"
    source.write_bytes(pdf_a)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "VBHC_P12_PASS": DEFAULT_PASS}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "vbhc", *args], capture_output=True,
                              text=True, timeout=120, cwd=ROOT, check=False,
                              stdin=subprocess.DEVNULL, env=env)

    refused = run("ky", str(source), "--vai", "co-quan", "--co-quan", "Bộ Quốc phòng",
                  "--p12", str(ca["co-quan"]), "-o", str(tmp_path / "gia.pdf"))
    assert refused.returncode == 1 and "không khớp chứng thư" in refused.stderr
    assert not (tmp_path / "gia.pdf").exists()
    signed = tmp_path / "ky.pdf"
    done = run("ky", str(source), "--vai", "co-quan", "--p12", str(ca["co-quan"]), "-o",
               str(signed))
    assert done.returncode == 0, done.stderr
    unverified = run("ky", "--kiem-tra", str(signed))
    assert unverified.returncode == 5, unverified.stderr
    assert "CHƯA XÁC MINH" in unverified.stdout and "--tin-cay" in unverified.stderr
    assert "Cơ quan ghi trong chữ ký: UBND huyện Cao Lộc" in unverified.stdout
    verified = run("ky", "--kiem-tra", str(signed), "--tin-cay", str(ca["ca"]))
    assert verified.returncode == 0 and "HỢP LỆ" in verified.stdout
    other = make_ca(tmp_path / "ca-khac")  # a self-made CA: its chain does not reach ours
    wrong_root = run("ky", "--kiem-tra", str(signed), "--tin-cay", str(other["ca"]))
    assert wrong_root.returncode == 1 and "KHÔNG HỢP LỆ" in wrong_root.stdout
    bad = run("ky", str(source), "--vai", "dinh-kem", "--so-ky-hieu", "x\x07<script>",
              "--p12", str(ca["co-quan"]), "-o", str(tmp_path / "dk.pdf"))
    assert bad.returncode == 1 and "--so-ky-hieu" in bad.stderr and "\x07" not in bad.stderr
    assert "Traceback" not in refused.stderr + unverified.stderr + bad.stderr
