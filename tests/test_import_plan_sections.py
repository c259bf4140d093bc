"""Real plans land in typed fields: free sections are typed by their titles from the table of
heading synonyms (data/nhap-ke-hoach.yaml loai_muc -> Muc.loai_muc), and a test reports the
share of a real plan's body paragraphs that land in typed fields (issue 16, target 80 %).

Real plans used (see ../shared/corpus/README.md for their sources): the UBND tỉnh Lâm Đồng
plan on administrative reform 2026 (kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx) and the
seed plan of UBND tỉnh Lạng Sơn (../shared/seeds, text of the published PDF).
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest

import vbhc
from vbhc.importer import import_document
from vbhc.importer.patterns import data
from vbhc.importer.plan import section_kind
from vbhc.model.muc import LoaiMuc, Muc

SHARED = Path(__file__).parent.parent.parent / "shared"
PLANS = [SHARED / "corpus" / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx",
         SHARED / "seeds" / "ke-hoach-dan-chu-co-so-lang-son-2024.txt"]
TARGET = 0.8


def paragraphs(value: object, typed: bool) -> tuple[int, int]:
    """Return (paragraphs, of which in typed fields) under ``value``; a free section counts
    as typed when it or a section above it has a loai_muc."""
    if isinstance(value, str):
        return 1, int(typed)
    if isinstance(value, list):
        pairs = [paragraphs(v, typed) for v in value]
        return sum(p for p, _ in pairs), sum(t for _, t in pairs)
    if isinstance(value, Muc):
        typed = typed or value.loai_muc is not None
        a = paragraphs([value.tieu_de, *[c for c in value.noi_dung if isinstance(c, str)]],
                       typed)
        b = paragraphs(value.muc_con, typed)
        rows = sum(len(c.hang) for c in value.noi_dung if not isinstance(c, str))
        return a[0] + b[0] + rows, a[1] + b[1] + rows * typed
    if hasattr(type(value), "model_fields"):
        pairs = [paragraphs(getattr(value, k), typed) for k in type(value).model_fields]
        return sum(p for p, _ in pairs), sum(t for _, t in pairs)
    return 0, 0


def typed_share(plan) -> float:
    total = typed = 0
    for name in ("can_cu", "loi_dan", "muc_dich", "yeu_cau", "nhiem_vu", "muc_khac",
                 "to_chuc_thuc_hien", "che_do_bao_cao", "ket_luan"):
        p, t = paragraphs(getattr(plan, name), name != "muc_khac")
        total, typed = total + p, typed + t
    return typed / total if total else 0.0


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.name[:40])
def test_real_plan_body_lands_in_typed_fields(path, capsys):
    if not path.is_file():
        pytest.skip(f"không có tệp {path} (../shared vắng mặt)")
    share = typed_share(import_document(path).document)
    with capsys.disabled():
        print(f"\n{path.name}: {share:.0%} đoạn thân văn bản ở trường có kiểu")
    assert share >= TARGET


def test_synonyms_table_names_only_known_section_kinds():
    assert set(data("ke-hoach")["loai_muc"]) == set(typing.get_args(LoaiMuc))


@pytest.mark.parametrize(("title", "kind"), [
    ("KINH PHÍ THỰC HIỆN", "kinh-phi"), ("Kinh phí thực hiện", "kinh-phi"),
    ("MỤC TIÊU, CHỈ TIÊU", "muc-tieu"), ("Mục tiêu, nhiệm vụ", "muc-tieu"),
    ("NHIỆM VỤ VÀ GIẢI PHÁP", "nhiem-vu-giai-phap"), ("TIẾN ĐỘ THỰC HIỆN", "tien-do"),
    ("PHÂN CÔNG NHIỆM VỤ", "to-chuc-thuc-hien"), ("CHẾ ĐỘ THÔNG TIN, BÁO CÁO", "che-do-bao-cao"),
    ("Cải cách thể chế", None), ("KINH PHÍA", None),
])
def test_section_kind_from_title(title, kind):
    assert section_kind(title) == kind


def test_section_kind_does_not_change_what_is_printed():
    plan = vbhc.load(Path(__file__).parent.parent / "examples"
                     / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml")
    free = {"tieu_de": "KINH PHÍ THỰC HIỆN", "noi_dung": ["Từ ngân sách tỉnh."]}
    plain = plan.model_copy(update={"muc_khac": [Muc(**free)]})
    typed = plan.model_copy(update={"muc_khac": [Muc(**free, loai_muc="kinh-phi")]})
    assert vbhc.render_bytes(plain) == vbhc.render_bytes(typed)
