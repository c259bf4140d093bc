"""vbhc check, rule by rule: each mutation of the rendered Lạng Sơn plan (one XML change)
makes exactly its rule fire; rule data and code agree; rule data is validated at load."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.docx_helpers import NS, w
from vbhc.checker import check
from vbhc.checker.rules import REGISTRY, RuleDataError, load_rules, validate, verify_registry

Parts = dict[str, etree._Element]


def style(parts: Parts, style_id: str):
    return parts["word/styles.xml"].find(f"w:style[@w:styleId='{style_id}']", NS)


def set_rpr(parts: Parts, style_id: str, tag: str, **attrs) -> None:
    """Set (or replace) ``w:tag`` in a style's rPr, keeping schema order loosely."""
    st = style(parts, style_id)
    rpr = st.find("w:rPr", NS)
    if rpr is None:
        rpr = etree.SubElement(st, w("rPr"))
    old = rpr.find(f"w:{tag}", NS)
    if old is not None:
        rpr.remove(old)
    el = etree.Element(w(tag), {w(k): v for k, v in attrs.items()})
    rpr.insert(0, el)


def set_ppr(parts: Parts, style_id: str, tag: str, **attrs) -> None:
    st = style(parts, style_id)
    ppr = st.find("w:pPr", NS)
    el = ppr.find(f"w:{tag}", NS)
    if el is None:
        el = etree.SubElement(ppr, w(tag))
    for k, v in attrs.items():
        el.set(w(k), v)


def body_paras(parts: Parts) -> list:
    return list(parts["word/document.xml"].find("w:body", NS).iter(w("p")))


def para_with(parts: Parts, text: str):
    for p in body_paras(parts):
        if text in "".join(t.text or "" for t in p.iter(w("t"))):
            return p
    raise AssertionError(text)


def replace_text(parts: Parts, old: str, new: str) -> None:
    for t in parts["word/document.xml"].iter(w("t")):
        if t.text and old in t.text:
            t.text = t.text.replace(old, new, 1)
            return
    raise AssertionError(old)


def next_rule_para(parts: Parts, after_text: str):
    paras = body_paras(parts)
    i = paras.index(para_with(parts, after_text))
    return paras[i + 1]


def drop(el) -> None:
    el.getparent().remove(el)


def sect(parts: Parts):
    return parts["word/document.xml"].find("w:body/w:sectPr", NS)


def doc_defaults_rpr(parts: Parts):
    return parts["word/styles.xml"].find("w:docDefaults/w:rPrDefault/w:rPr", NS)


def _fonts(parts: Parts) -> None:
    fonts = doc_defaults_rpr(parts).find("w:rFonts", NS)
    for attr in ("ascii", "hAnsi"):
        fonts.set(w(attr), "Arial")


def _colour(parts: Parts) -> None:
    doc_defaults_rpr(parts).find("w:color", NS).set(w("val"), "FF0000")


def _chu_quan(parts: Parts) -> None:
    p = para_with(parts, "ỦY BAN NHÂN DÂN")
    r = p.find("w:r", NS)
    rpr = etree.SubElement(r, w("rPr"))
    r.insert(0, rpr)
    etree.SubElement(rpr, w("b"), {w("val"): "0"})
    etree.SubElement(rpr, w("sz"), {w("val"): "28"})


def _issuer_rule(parts: Parts) -> None:
    ind = next_rule_para(parts, "TỈNH LẠNG SƠN").find("w:pPr/w:ind", NS)
    ind.set(w("left"), "100")
    ind.set(w("right"), "100")


def _vv(parts: Parts) -> None:
    p = para_with(parts, "Số:")
    vv = etree.fromstring(
        f'<w:p xmlns:w="{NS["w"]}"><w:pPr><w:pStyle w:val="VBSo"/></w:pPr><w:r><w:rPr><w:b/>'
        '</w:rPr><w:t>V/v thử nghiệm</w:t></w:r></w:p>')
    p.addnext(vv)


def _justify(parts: Parts) -> None:
    p = para_with(parts, "1.1. Tăng cường nhận thức")
    etree.SubElement(p.find("w:pPr", NS), w("jc"), {w("val"): "left"})


def _landscape(parts: Parts) -> None:
    # only the orientation flag: swapping the sides would also lengthen the abstract's
    # rule (a border as wide as the text), which duong-ke-trich-yeu rightly reports
    sect(parts).find("w:pgSz", NS).set(w("orient"), "landscape")


def _no_page_field(parts: Parts) -> None:
    hdr = parts["word/header1.xml"]
    p = hdr.find("w:p", NS)
    for r in p.findall("w:r", NS):
        p.remove(r)


def _footnote_ref(parts: Parts) -> None:
    ref = next(parts["word/document.xml"].iter(w("footnoteReference")))
    ref.set(w("id"), "99")


MUTATIONS: dict[str, Callable[[Parts], None]] = {
    "kho-giay": lambda x: (sect(x).find("w:pgSz", NS).set(w("w"), "12240"),
                           sect(x).find("w:pgSz", NS).set(w("h"), "15840")),
    "huong-giay": _landscape,
    "le-trang": lambda x: sect(x).find("w:pgMar", NS).set(w("left"), "1417"),
    "phong-chu": _fonts,
    "mau-chu": _colour,
    "quoc-hieu": lambda x: set_rpr(x, "VBQuocHieu", "sz", val="28"),
    "tieu-ngu": lambda x: set_rpr(x, "VBTieuNgu", "i"),
    "duong-ke-tieu-ngu": lambda x: drop(next_rule_para(x, "Hạnh phúc")),
    "co-quan-chu-quan": _chu_quan,
    "co-quan-ban-hanh": lambda x: set_rpr(x, "VBCoQuan", "i"),
    "duong-ke-co-quan": _issuer_rule,
    "so-ky-hieu": lambda x: replace_text(x, "Số:      /KH-UBND", "Số: 5/KH-UBND"),
    "so-ky-hieu-nam": lambda x: replace_text(x, "Số:      /KH-UBND", "Số: 05/2024/KH-UBND"),
    "so-ky-hieu-trinh-bay": lambda x: set_rpr(x, "VBSo", "b"),
    "dia-danh-ngay": lambda x: replace_text(x, "ngày       tháng", "ngày 5 tháng"),
    "dia-danh-ngay-trinh-bay": lambda x: set_rpr(x, "VBNgayThang", "i", val="0"),
    "ten-loai": lambda x: set_rpr(x, "VBTenLoai", "sz", val="24"),
    "trich-yeu": lambda x: set_rpr(x, "VBTrichYeu", "b", val="false"),
    "duong-ke-trich-yeu": lambda x: drop(next_rule_para(x, "Lạng Sơn năm 2024")),
    "trich-yeu-cong-van": _vv,
    "than-can-deu": _justify,
    "than-co-chu": lambda x: set_rpr(x, "VBThan", "sz", val="24"),
    "than-thut-dau-dong": lambda x: set_ppr(x, "VBThan", "ind", firstLine="400"),
    "than-khoang-cach": lambda x: set_ppr(x, "VBThan", "spacing", before="0"),
    "than-gian-dong": lambda x: set_ppr(x, "VBThan", "spacing", line="480"),
    "than-gian-dong-co-dinh": lambda x: set_ppr(x, "VBThan", "spacing", line="200",
                                                lineRule="exact"),
    "can-cu": lambda x: set_rpr(x, "VBCanCu", "i", val="0"),
    "can-cu-dau-cau": lambda x: replace_text(x, "ngày 10/11/2022;", "ngày 10/11/2022"),
    "danh-so": lambda x: replace_text(x, "b) Thực hiện nghiêm", "c) Thực hiện nghiêm"),
    "tieu-de-muc": lambda x: set_rpr(x, "VBMuc", "b", val="0"),
    "quyen-han-chuc-vu": lambda x: set_rpr(x, "VBQuyenHan", "sz", val="24"),
    "tien-to-quyen-han": lambda x: replace_text(x, "KT. CHỦ TỊCH", "K/T CHỦ TỊCH"),
    "ho-ten-nguoi-ky": lambda x: set_rpr(x, "VBHoTen", "b", val="0"),
    "hoc-ham-hoc-vi": lambda x: replace_text(x, "Dương Xuân Huyền", "TS. Dương Xuân Huyền"),
    "noi-nhan": lambda x: replace_text(x, "Nơi nhận:", "Nơi nhận"),
    "noi-nhan-dong": lambda x: replace_text(x, "- Ban Dân vận Tỉnh ủy;", "- Ban Dân vận Tỉnh ủy"),
    "noi-nhan-co-chu": lambda x: set_rpr(x, "VBNoiNhan", "sz", val="24"),
    "so-trang": _no_page_field,
    "so-trang-trang-dau": lambda x: drop(sect(x).find("w:titlePg", NS)),
    "so-trang-co-chu": lambda x: set_rpr(x, "Header", "b"),
    "chu-thich": _footnote_ref,
    "chua-hoan-thien": lambda x: replace_text(x, "b) Thực hiện nghiêm",
                                              "b) [CẦN BỔ SUNG: nhiệm vụ riêng] Thực hiện nghiêm"),
    "khoang-trang-cung": lambda x: replace_text(x, "b) Thực hiện nghiêm", "b) Thực\xa0hiện nghiêm"),
    "ky-tu-ngoai-phong": lambda x: replace_text(x, "b) Thực hiện nghiêm", "b) ✔ Thực hiện nghiêm"),
    "anh-chu-ky-dau": lambda x: para_with(x, "Dương Xuân Huyền").insert(1, etree.fromstring(
        f'<w:r xmlns:w="{NS["w"]}"><w:drawing><wp:inline xmlns:wp="http://schemas.'
        'openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="1800000" '
        'cy="720000"/><wp:docPr id="9" name="Chữ ký"/></wp:inline></w:drawing></w:r>')),
}


def mutated(source: Path, target: Path, mutate: Callable[[Parts], None]) -> Path:
    with zipfile.ZipFile(source) as zf:
        raw = {n: zf.read(n) for n in zf.namelist()}
    parts = {n: etree.fromstring(raw[n]) for n in raw if n.endswith(".xml")
             and n.startswith("word/")}
    mutate(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in raw.items():
            zf.writestr(name, etree.tostring(parts[name]) if name in parts else data)
    target.write_bytes(buf.getvalue())
    return target


def test_rendered_plan_is_clean(plan_docx_path):
    assert check(plan_docx_path) == []


def test_every_rule_has_a_mutation():
    assert set(MUTATIONS) == set(load_rules())


@pytest.mark.parametrize("rule_id", sorted(MUTATIONS))
def test_mutation_fires_only_its_rule(rule_id, plan_docx_path, tmp_path):
    path = mutated(plan_docx_path, tmp_path / f"{rule_id}.docx", MUTATIONS[rule_id])
    findings = check(path)
    assert {f.rule for f in findings} == {rule_id}, [str(f) for f in findings]
    spec = load_rules()[rule_id]
    for f in findings:
        assert f.severity == spec.severity
        assert f.reference == spec.reference
        assert f.message and f.message == f.message.strip()


def test_rule_data_and_code_agree():
    verify_registry()
    assert set(REGISTRY) == set(load_rules())


def test_divergence_is_reported(monkeypatch):
    monkeypatch.setitem(REGISTRY, "khong-co-du-lieu", lambda comp, spec: iter(()))
    with pytest.raises(RuleDataError, match="khong-co-du-lieu"):
        verify_registry()


GOOD = {"muc_do": "loi", "nhan": "C", "tham_chieu": "x", "thong_diep": "a {chi_tiet}",
        "tham_so": {}}


@pytest.mark.parametrize("change", [
    {"muc_do": "nghiem-trong"},
    {"nhan": "M"},  # an [M] rule may only warn
    {"thong_diep": "a {chi_tiet} {co_chu}"},  # parameter not declared
    {"thong_diep": "không có chỗ điền"},
    {"tham_so": []},
    {"them": 1},
    {"tham_so": {"dam": "co"}},  # look flags are true or false
    {"tham_so": {"in_hoa": 1}},
    {"tham_so": {"can": "phai"}},  # alignment is giua or trai
])
def test_rule_data_validation(change):
    with pytest.raises(RuleDataError):
        validate({"quy-tac": {**GOOD, **change}})


def test_rule_data_validation_accepts_good():
    assert validate({"quy-tac": GOOD})["quy-tac"].severity == "lỗi"


def test_rule_data_read_with_the_c_loader_is_what_safe_load_reads():
    """Issue 21: the rules are parsed with vbhc.data.data_yaml (libyaml's C loader), which
    must give the very objects yaml.safe_load gives, in file order."""
    from importlib.resources import files

    import yaml

    text = files("vbhc.data").joinpath("nd30-rules.yaml").read_text("utf-8")
    slow = validate(yaml.safe_load(text))
    assert list(slow) == list(load_rules())
    assert slow == load_rules()
