"""Outline and wording in the model/lang layer: padding (lang.dates), number and symbol
(model.symbol), the citation sentence (model.citation) and the signing authorities
(data/quyen-ky.yaml via model.authority), each defined once and used by every wing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE, ROOT
from vbhc.lang.dates import BLANK, day_digits, month_digits, ngay_thang, short_date
from vbhc.model.authority import (
    AUTHORITY_PREFIXES,
    QUYEN_HAN,
    THAY_MAT,
    authorities,
    listing,
    needs_title,
    split_authority,
)
from vbhc.model.citation import citation, citation_parts
from vbhc.model.symbol import build_symbol, number_digits, number_line, symbol

VBHC = ROOT / "vbhc"

# ----------------------------------------------------------------------------- padding


@pytest.mark.parametrize(("value", "day", "month"), [
    (1, "01", "01"), (2, "02", "02"), (3, "03", "3"), (9, "09", "9"), (10, "10", "10"),
    (12, "12", "12"), (31, "31", None),
])
def test_days_under_10_and_months_1_2_take_a_zero(value, day, month):
    assert day_digits(value) == day
    if month:
        assert month_digits(value) == month


def test_a_blank_day_or_month_is_the_blank_asked_for():
    assert day_digits(None) == month_digits(None) == BLANK
    assert day_digits(None, "...") == "..."
    assert short_date(None, 5, 2024, "...") == ".../5/2024"
    assert short_date(5, 2, 2024) == "05/02/2024"
    assert short_date(10, 5, 2024) == "10/5/2024"
    assert ngay_thang(None, 2, 2024, blank="...") == "ngày ... tháng 02 năm 2024"


def test_no_other_module_pads_numbers_by_hand():
    """Only lang.dates and model.symbol write a two-digit pad, apart from places that are
    not ND30 wording (ISO dates, Word's decimalZero list format)."""
    allowed = {"lang/dates.py", "model/symbol.py",
               "renderer/pipeline.py",  # the ISO timestamp of docProps/core.xml
               "importer/plan.py",  # an ISO date (YYYY-MM-DD) for che_do_bao_cao.han
               "docx/numbering.py",  # Word's decimalZero list labels
               }
    found = {str(p.relative_to(VBHC)) for p in VBHC.rglob("*.py")
             if re.search(r":0?2d\}|zfill\(", p.read_text("utf-8"))}
    assert found <= allowed, found - allowed


# ----------------------------------------------------------------------------- symbol


def test_number_under_10_takes_a_zero_and_a_draft_stays_blank():
    assert [number_digits(n) for n in (1, 5, 10, 345)] == ["01", "05", "10", "345"]
    assert number_digits(None) == BLANK and number_digits(None, "...") == "..."


def test_symbol_is_built_from_the_kinds_table():
    assert build_symbol("bao-cao", "UBND") == "BC-UBND"
    assert build_symbol("ke-hoach", "SNV") == "KH-SNV"
    assert build_symbol("cong-van", "SNV", "CQĐP") == "SNV-CQĐP"
    assert build_symbol("cong-van", "UBND") == "UBND"
    assert build_symbol("quyet-dinh", "UBND") == "QĐ-UBND"
    with pytest.raises(KeyError):
        build_symbol("hop-dong-xyz", "UBND")  # not on the table
    assert build_symbol("hop-dong", "SNV") == "HĐ-SNV"
    assert build_symbol("thu-cong", "UBND", "NC") == "UBND-NC"  # no kind code (Phụ lục III)


def test_number_line_of_the_examples():
    plan = vbhc.load(PLAN_EXAMPLE)
    assert number_line(plan) == f"{BLANK}/KH-UBND"
    numbered = plan.model_copy(update={"so_ky_hieu": plan.so_ky_hieu.model_copy(
        update={"so": 5, "ky_hieu": None})})
    assert symbol(numbered) == "KH-UBND" and number_line(numbered) == "05/KH-UBND"
    dispatch = vbhc.load(EXAMPLES / "cong-van-trien-khai-ke-hoach-dan-chu-co-so-2024.yaml")
    assert number_line(dispatch).endswith(f"/{symbol(dispatch)}")


# ----------------------------------------------------------------------------- citation


def _dated(doc, so, ngay, thang, ten_rut_gon="UBND tỉnh Lạng Sơn"):
    return doc.model_copy(update={
        "co_quan": doc.co_quan.model_copy(update={"ten_rut_gon": ten_rut_gon}),
        "so_ky_hieu": doc.so_ky_hieu.model_copy(update={"so": so}),
        "ngay_ban_hanh": doc.ngay_ban_hanh.model_copy(update={"ngay": ngay, "thang": thang})})


def test_the_citation_sentence():
    plan = _dated(vbhc.load(PLAN_EXAMPLE), 5, 10, 5)
    assert citation(plan) == ("Kế hoạch số 05/KH-UBND ngày 10 tháng 5 năm 2024 "
                              "của UBND tỉnh Lạng Sơn")
    assert citation(plan, short=True) == "Kế hoạch số 05/KH-UBND ngày 10/5/2024 của UBND " \
                                         "tỉnh Lạng Sơn"
    assert citation(_dated(plan, None, None, 2), short=True, blank="...") == \
        "Kế hoạch số .../KH-UBND ngày .../02/2024 của UBND tỉnh Lạng Sơn"
    assert citation(_dated(plan, 5, 10, 5, None)).endswith("ngày 10 tháng 5 năm 2024")


def test_an_appendix_cites_its_document_with_the_model_citation():
    report = vbhc.load(EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml")
    from vbhc.model.layout import appendix_blocks

    lines = [b.text for b in appendix_blocks(report, citation(report))
             if b.kieu == "phu_luc_kem_theo"]
    assert lines and all(line == f"(Kèm theo {citation(report)})" for line in lines)


@pytest.mark.parametrize(("so", "ngay", "thang"), [(None, None, 5), (5, 3, 2), (12, 10, 11)])
def test_the_short_citation_is_what_derivation_prints(so, ngay, thang):
    """The derivation's lead sentence cites the source plan; citation_parts(short=True,
    blank="...") gives the same parts, so derivation can call it instead of its copy."""
    from vbhc.derivation.engine import derive

    plan = _dated(vbhc.load(PLAN_EXAMPLE), so, ngay, thang)
    parts = citation_parts(plan, short=True, blank="...")
    cited = f"{parts.ten_loai} số {parts.so}/{parts.ky_hieu} ngày {parts.ngay} của"
    assert cited in derive(plan, "huyện Cao Lộc").plan.loi_dan


# ----------------------------------------------------------------------------- authorities


def test_the_authorities_come_from_data():
    assert AUTHORITY_PREFIXES == ("TM.", "KT.", "TL.", "TUQ.", "Q.")
    assert THAY_MAT == "TM." and QUYEN_HAN == ("KT.", "TL.", "TUQ.", "Q.")
    meanings = {row.viet_tat: row.nghia for row in authorities()}
    assert meanings == {"TM.": "thay mặt", "KT.": "ký thay", "TL.": "thừa lệnh",
                        "TUQ.": "thừa ủy quyền", "Q.": "quyền"}
    assert [p for p in QUYEN_HAN if not needs_title(p)] == ["Q."]
    assert needs_title(None) and listing(QUYEN_HAN) == "KT., TL., TUQ. hoặc Q."


def test_the_schema_offers_exactly_the_data_prefixes():
    for path in (ROOT / "schemas").glob("*.schema.json"):
        signer = json.loads(path.read_text("utf-8"))["$defs"]["NguoiKy"]["properties"]
        enum = signer["quyen_han"]["anyOf"][0]["enum"]
        assert tuple(enum) == QUYEN_HAN, path.name
        assert all(f"{p} ({m})" in signer["quyen_han"]["description"]
                   for p, m in [("KT.", "ký thay"), ("Q.", "quyền")])


@pytest.mark.parametrize(("line", "parts"), [
    ("KT. CHỦ TỊCH", ("KT.", "CHỦ TỊCH")),
    ("TM. ỦY BAN NHÂN DÂN", ("TM.", "ỦY BAN NHÂN DÂN")),
    ("TUQ.GIÁM ĐỐC", ("TUQ.", "GIÁM ĐỐC")),
    ("Q. GIÁM ĐỐC", ("Q.", "GIÁM ĐỐC")),
    ("PHÓ CHỦ TỊCH", None),
    ("KT CHỦ TỊCH", None),
    ("kt. chủ tịch", None),
    ("KT. ", None),
])
def test_split_authority(line, parts):
    assert split_authority(line) == parts


def test_the_model_refuses_a_prefix_not_in_the_data():
    from vbhc.model.common import NguoiKy

    with pytest.raises(ValueError, match="KT., TL., TUQ. hoặc Q."):
        NguoiKy(thu_truong="CHỦ TỊCH", chuc_vu="PHÓ CHỦ TỊCH")
    with pytest.raises(ValueError):
        NguoiKy(quyen_han="TM.", thu_truong="CHỦ TỊCH", chuc_vu="PHÓ CHỦ TỊCH")
    assert NguoiKy(quyen_han="Q.", thu_truong="GIÁM ĐỐC").authority_lines() == ["Q. GIÁM ĐỐC"]


def test_no_code_spells_the_prefixes_again():
    """The prefixes live in data/quyen-ky.yaml; code and importer data read them from
    vbhc.model.authority. (The checker's two patterns are being switched by its owner.)"""
    spelled = re.compile(r"TM\|KT|\"TUQ\.\"|'TUQ\.'|\(TM\||TUQ\|Q")
    allowed = {"model/authority.py"}  # docstrings
    found = {str(p.relative_to(VBHC)) for p in list(VBHC.rglob("*.py")) + list(
        (VBHC / "data").glob("nhap-*.yaml")) if spelled.search(p.read_text("utf-8"))}
    assert found <= allowed, found - allowed


# ----------------------------------------------------------------------------- one vocabulary


def test_the_import_frame_uses_the_models_names():
    from dataclasses import fields

    from vbhc.importer.frame import Frame, SignatureBlock
    from vbhc.model.common import VanBan

    names = {f.name for f in fields(Frame)}
    model = set(VanBan.model_fields)
    assert {"co_quan", "so_ky_hieu", "trich_yeu", "nguoi_ky", "noi_nhan", "do_mat",
            "do_khan"} <= names & model
    assert {f.name for f in fields(SignatureBlock)} == {"quyen_han_chuc_vu", "ho_ten"}
    assert not names & {"issuer", "governing", "number", "date", "signature", "signer",
                        "recipients", "archive", "abstract", "body", "appendix"}


def test_one_field_name_is_found_in_every_layer():
    """`grep nguoi_ky` finds the signer's definition, rendering, import and derivation."""
    where = {str(p.relative_to(VBHC)).split("/")[0] for p in VBHC.rglob("*.py")
             if "nguoi_ky" in p.read_text("utf-8")}
    assert {"model", "renderer", "importer", "derivation"} <= where
    templates = [Path(p) for p in (ROOT / "templates").glob("*.docx")]
    import zipfile

    for path in templates:
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/document.xml").decode("utf-8")
        assert "nguoi_ky.quyen_han_chuc_vu" in xml and "nguoi_ky.ho_ten" in xml, path.name
        assert "in quyen_han" not in xml and "{{ ho_ten }}" not in xml, path.name
