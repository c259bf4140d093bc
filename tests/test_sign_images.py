"""Signature and seal images in the .docx (issue 20, ND30 Phụ lục I ô 7c and 8):
anchored drawings between title and name, the seal over the left third of the signature,
validated as untrusted input, same bytes for the same input, checked by ``vbhc check``."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image, ImageDraw

import vbhc
from tests.conftest import EXAMPLES
from vbhc.errors import InputError, Problem

WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DEMO = EXAMPLES / "ky-so"


def png(size: tuple[int, int] = (590, 236), *, mode: str = "RGBA",
        dpi: int | None = 300) -> bytes:
    """Return a PNG with a blue stroke (``mode`` RGB: opaque white background)."""
    img = Image.new(mode, size, (0, 0, 0, 0) if mode == "RGBA" else (255, 255, 255))
    ImageDraw.Draw(img).line([(5, 5), (size[0] - 5, size[1] - 5)], fill=(20, 40, 170), width=4)
    out = io.BytesIO()
    img.save(out, format="PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()


def document(folder: Path, **signer: str) -> Path:
    """Write the demo báo cáo into ``folder`` with ``signer`` fields replacing the images."""
    text = (DEMO / "bao-cao-ky-so.yaml").read_text("utf-8")
    text = re.sub(r"  chu_ky_anh: .*\n  dau_anh: .*\n", "", text)
    extra = "".join(f"  {key}: {value}\n" for key, value in signer.items())
    text = text.replace("  ho_ten: Nguyễn Văn Mẫu\n", "  ho_ten: Nguyễn Văn Mẫu\n" + extra)
    path = folder / "vb.yaml"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "chu-ky.png").write_bytes(png())
    (tmp_path / "dau.png").write_bytes(png((425, 425)))
    return tmp_path


def anchors(data: bytes) -> list[etree._Element]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return root.findall(f".//{{{WP}}}anchor")


def test_images_are_anchored_between_title_and_name(folder: Path) -> None:
    data = vbhc.render_bytes(vbhc.load(document(folder, chu_ky_anh="chu-ky.png",
                                                dau_anh="dau.png")))
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.read("word/media/vbhc-chu-ky.png") == (folder / "chu-ky.png").read_bytes()
    assert zf.read("word/media/vbhc-dau.png") == (folder / "dau.png").read_bytes()
    assert b'Extension="png"' in zf.read("[Content_Types].xml")
    assert b"media/vbhc-dau.png" in zf.read("word/_rels/document.xml.rels")
    sig, seal = anchors(data)
    for pic in (sig, seal):
        assert pic.find(f"{{{WP}}}wrapNone") is not None
        para = next(pic.iterancestors(f"{{{W}}}p"))
        assert para.find(f"{{{W}}}pPr/{{{W}}}pStyle").get(f"{{{W}}}val") == "VBHoTen"
        assert "Nguyễn Văn Mẫu" in "".join(para.itertext())
    # real size: 590 × 236 px at 300 dpi = 49.95 × 19.98 mm; seal 425 px = 35.98 mm
    # (PNG stores dots per metre: 11,811 = 299.9994 dpi; a few EMU apart)
    assert abs(int(sig.find(f"{{{WP}}}extent").get("cx")) - 590 / 300 * 25.4 * 36000) < 50
    assert abs(int(seal.find(f"{{{WP}}}extent").get("cx")) - 425 / 300 * 25.4 * 36000) < 50
    # vertically inside the 1,800-twip space above the name
    top = int(sig.find(f"{{{WP}}}positionV/{{{WP}}}posOffset").text)
    height = int(sig.find(f"{{{WP}}}extent").get("cy"))
    assert top >= 0 and top + height <= 1800 * 635
    # the seal's right edge a third into the signature, in front of it
    sig_x = int(sig.find(f"{{{WP}}}positionH/{{{WP}}}posOffset").text)
    seal_x = int(seal.find(f"{{{WP}}}positionH/{{{WP}}}posOffset").text)
    sig_w = int(sig.find(f"{{{WP}}}extent").get("cx"))
    seal_w = int(seal.find(f"{{{WP}}}extent").get("cx"))
    assert seal_x < sig_x and abs(seal_x + seal_w - (sig_x + sig_w / 3)) < 2
    assert int(seal.get("relativeHeight")) > int(sig.get("relativeHeight"))
    # the signer's column is 4,819 twips: the signature is centred in it
    assert abs(sig_x - (4819 * 635 - sig_w) / 2) < 2
    assert vbhc.render_bytes(vbhc.load(document(folder, chu_ky_anh="chu-ky.png",
                                                dau_anh="dau.png"))) == data


def test_no_image_keeps_the_blank_space_and_the_bytes(folder: Path) -> None:
    plain = vbhc.render_bytes(vbhc.load(document(folder)))
    assert anchors(plain) == []
    assert b"word/media" not in plain
    signed = vbhc.render_bytes(vbhc.load(document(folder, chu_ky_anh="chu-ky.png")))
    xml = zipfile.ZipFile(io.BytesIO(signed)).read("word/document.xml")
    without = re.sub(rb"<w:r><w:drawing>.*?</w:drawing></w:r>", b"", xml)
    assert b"xmlns:wp" in without  # namespaces declared on the root: only they differ
    assert re.sub(rb' xmlns:(wp|a|pic)="[^"]*"', b"", without) == \
        zipfile.ZipFile(io.BytesIO(plain)).read("word/document.xml")


def test_check_passes_with_images_and_flags_a_misplaced_seal(folder: Path,
                                                             tmp_path: Path) -> None:
    data = vbhc.render_bytes(vbhc.load(document(folder, chu_ky_anh="chu-ky.png",
                                                dau_anh="dau.png")))
    good = tmp_path / "tot.docx"
    good.write_bytes(data)
    assert [p for p in vbhc.check(good) if p.rule == "anh-chu-ky-dau"] == []
    parts = {n: zipfile.ZipFile(io.BytesIO(data)).read(n)
             for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    xml = parts["word/document.xml"].decode()
    offsets = re.findall(r'<wp:positionH relativeFrom="column"><wp:posOffset>(-?\d+)<', xml)
    moved = xml.replace(f"<wp:posOffset>{offsets[1]}<", f"<wp:posOffset>{offsets[0]}<", 1) \
        .replace('<wp:posOffset>' + offsets[0] + '<', '<wp:posOffset>9<', 1)
    inline = xml.replace("<wp:wrapNone/>", '<wp:wrapSquare wrapText="bothSides"/>', 1)
    for name, text, expect in (("phai.docx", moved, "ảnh dấu trùm"),
                               ("bao.docx", inline, "bao quanh chữ")):
        bad = tmp_path / name
        with zipfile.ZipFile(bad, "w") as zf:
            for part, content in parts.items():
                zf.writestr(part, text if part == "word/document.xml" else content)
        hits = [p for p in vbhc.check(bad) if p.rule == "anh-chu-ky-dau"]
        assert hits and expect in hits[0].message, hits


def test_profile_seal_goes_with_a_signature_image(folder: Path) -> None:
    (folder / "ho-so").mkdir()
    shutil.move(folder / "dau.png", folder / "ho-so" / "dau.png")
    (folder / "ho-so" / "co-quan.yaml").write_text(
        "co_quan: {ten: ỦY BAN NHÂN DÂN HUYỆN CAO LỘC, viet_tat: UBND, dia_danh: Cao Lộc}\n"
        "dau_anh: dau.png\ndau_duong_kinh_mm: 40\n"
        "nguoi_ky:\n  chu-tich: {thay_mat: ỦY BAN NHÂN DÂN, chuc_vu: CHỦ TỊCH, "
        "ho_ten: Nguyễn Văn A, chu_ky_anh: ../chu-ky.png}\n", "utf-8")
    text = document(folder).read_text("utf-8")
    text = re.sub(r"co_quan:\n(  .*\n)+", "co_quan: ho-so/co-quan.yaml\n", text)
    text = re.sub(r"nguoi_ky:\n(  .*\n)+", "nguoi_ky: chu-tich\n", text)
    (folder / "vb.yaml").write_text(text, "utf-8")
    doc = vbhc.load(folder / "vb.yaml")
    images = doc.nguoi_ky.images()
    assert set(images) == {"chu_ky_anh", "dau_anh"}
    assert round(images["dau_anh"].rong_mm) == 40


def refused(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        vbhc.load(path)
    return info.value.problems


@pytest.mark.parametrize(("content", "said"), [
    (b"GIF89a not a png", "không phải ảnh PNG"),
    (png(mode="RGB"), "nền trong suốt"),
    (png((5000, 20)), "mỗi chiều phải"),
    (png()[:200], "hỏng"),
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "hỏng"),
])
def test_bad_images_are_refused_naming_the_field(folder: Path, content: bytes,
                                                 said: str) -> None:
    (folder / "chu-ky.png").write_bytes(content)
    problems = refused(document(folder, chu_ky_anh="chu-ky.png"))
    assert problems[0].path == "nguoi_ky.chu_ky_anh", problems
    assert said in problems[0].message and problems[0].line


def test_image_files_are_read_only_where_the_user_allowed(folder: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("ngoai") / "ky.png"
    outside.write_bytes(png())
    for value in (str(outside), "../" + outside.parent.name + "/ky.png", "khong-co.png"):
        problems = refused(document(folder, chu_ky_anh=value))
        assert problems[0].path == "nguoi_ky.chu_ky_anh"
    (folder / "lon.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024))
    assert "MB" in refused(document(folder, chu_ky_anh="lon.png"))[0].message
    assert refused(document(folder, chu_ky_anh="ky.jpg"))[0].path == "nguoi_ky.chu_ky_anh"
    assert "chu_ky_anh" in refused(document(folder, dau_anh="dau.png"))[0].message
    with pytest.raises(InputError) as info:  # data not from a file: no file is read
        vbhc.validate({**vbhc.load(document(folder)).model_dump(exclude_none=True),
                       "nguoi_ky": {"chuc_vu": "CHỦ TỊCH", "chu_ky_anh": "chu-ky.png"}})
    assert info.value.problems[0].path == "nguoi_ky.chu_ky_anh"


def test_seal_without_resolution_gets_the_default_size_with_a_warning(folder: Path) -> None:
    (folder / "dau.png").write_bytes(png((400, 400), dpi=None))
    warnings: list[Problem] = []
    doc = vbhc.load(document(folder, chu_ky_anh="chu-ky.png", dau_anh="dau.png"), warnings)
    assert round(doc.nguoi_ky.images()["dau_anh"].rong_mm) == 36
    assert any(w.path == "nguoi_ky.dau_anh" and "dau_duong_kinh_mm" in w.message
               for w in warnings)
    sized = vbhc.load(document(folder, chu_ky_anh="chu-ky.png", dau_anh="dau.png",
                               dau_duong_kinh_mm="42"))
    assert round(sized.nguoi_ky.images()["dau_anh"].rong_mm) == 42


def test_a_signature_too_large_for_the_space_is_made_smaller(folder: Path) -> None:
    (folder / "chu-ky.png").write_bytes(png((1200, 600), dpi=300))  # 102 × 51 mm
    warnings: list[Problem] = []
    doc = vbhc.load(document(folder, chu_ky_anh="chu-ky.png"), warnings)
    image = doc.nguoi_ky.images()["chu_ky_anh"]
    assert image.cao_mm <= 28.01 and image.rong_mm <= 70.01
    assert any(w.path == "nguoi_ky.chu_ky_anh" for w in warnings)


@pytest.mark.parametrize("file_format", ["OFFICE_2010", "MICROSOFT_365"])
def test_word_opens_the_document_with_images_clean(folder: Path, tmp_path: Path,
                                                   file_format: str) -> None:
    from openxml_audit import FileFormat

    from tests.test_openxml_audit import audit

    out = tmp_path / "anh.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(document(folder, chu_ky_anh="chu-ky.png",
                                                         dau_anh="dau.png"))))
    audit(out, getattr(FileFormat, file_format))


def test_an_implausible_dpi_is_named_and_the_default_size_used(folder: Path) -> None:
    """A seal saved at 1 DPI records one: the warning says it is implausible (not "no DPI")."""
    (folder / "dau.png").write_bytes(png((400, 400), dpi=1))
    (folder / "chu-ky.png").write_bytes(png(dpi=5000))
    warnings: list[Problem] = []
    doc = vbhc.load(document(folder, chu_ky_anh="chu-ky.png", dau_anh="dau.png"), warnings)
    assert round(doc.nguoi_ky.images()["dau_anh"].rong_mm) == 36
    (seal,) = [w for w in warnings if w.path == "nguoi_ky.dau_anh"]
    assert "1 DPI, không hợp lý" in seal.message and "không ghi" not in seal.message
    assert "72–2400" in seal.message and seal.severity == "cảnh báo"
    (sign,) = [w for w in warnings if w.path == "nguoi_ky.chu_ky_anh"]
    assert "5000 DPI, không hợp lý" in sign.message
    assert round(doc.nguoi_ky.images()["chu_ky_anh"].cao_mm) == 20


def test_an_image_with_no_visible_pixel_is_refused(folder: Path) -> None:
    blank = io.BytesIO()
    Image.new("RGBA", (3999, 3999), (200, 0, 0, 0)).save(blank, format="PNG")
    (folder / "dau.png").write_bytes(blank.getvalue())
    (problem,) = refused(document(folder, chu_ky_anh="chu-ky.png", dau_anh="dau.png"))
    assert problem.path == "nguoi_ky.dau_anh" and "trong suốt hoàn toàn" in problem.message
    faint = io.BytesIO()  # alpha 3 of 255: nothing a reader would see
    Image.new("RGBA", (100, 100), (0, 0, 200, 3)).save(faint, format="PNG")
    (folder / "chu-ky.png").write_bytes(faint.getvalue())
    assert "trong suốt hoàn toàn" in refused(document(folder, chu_ky_anh="chu-ky.png"))[0].message


@pytest.mark.parametrize("name", ["chu_ky_anh", "dau_anh"])
def test_an_empty_image_path_is_called_empty(folder: Path, name: str) -> None:
    fields = {"chu_ky_anh": "chu-ky.png", name: "''"}
    problems = refused(document(folder, **fields))
    assert problems[0].path == f"nguoi_ky.{name}"
    assert "đường dẫn ảnh để trống" in problems[0].message
    assert "phần tử" not in problems[0].message
