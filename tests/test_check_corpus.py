"""vbhc check on real Word-made documents (../shared/corpus): no crash, and the findings
confirmed by eye (against the PDF LibreOffice makes of each file) are reported, while the
false alarms fixed during development stay fixed."""

from __future__ import annotations

from collections import defaultdict

import pytest

from tests.conftest import SHARED
from vbhc.checker import check

CORPUS = SHARED / "corpus"

# file prefix -> (rule, phrase in the message) pairs that must be found
CONFIRMED = {
    "bc_phong-vhxh": [("so-trang", "chân trang"), ("so-trang-trang-dau", "trang 1"),
                      ("le-trang", "trái 25,0"), ("tieu-ngu", "–"),
                      ("noi-nhan-dong", "- Lưu VT."), ("phong-chu", "Calibri")],
    "bc_so-noi-vu": [("so-trang", "không có"), ("le-trang", "dưới 10,0"),
                     ("le-trang", "trái 25,0")],
    "bc_ubnd-tinh": [("kho-giay", "279 × 216"),
                     ("quyen-han-chuc-vu", "cỡ 14.5"), ("phong-chu", "Calibri")],
    "cv_bo-tai-chinh": [("le-trang", "dưới 5,0"), ("le-trang", "trên 16,0")],
    "cv_so-noi-vu": [("noi-nhan", "cỡ 11"), ("mau-chu", "FFFFFF"),
                     ("co-quan-ban-hanh", "cỡ 14"), ("trich-yeu-cong-van", "cỡ 14")],
    "cv_ubnd-tinh": [("phong-chu", "Times New Roman Bold")],
    "kh_ubnd-tinh": [("can-cu", "không in nghiêng")],
    "tb_truong": [("kho-giay", "216 × 279"), ("so-ky-hieu", "Số : 363"),
                  ("noi-nhan", "không tìm thấy"), ("quoc-hieu", "không đậm")],
    "ttr_cong-an": [("so-ky-hieu", "409 /TTr"), ("duong-ke-trich-yeu", "không có")],
}

# file prefix -> rules that must NOT fire (false alarms found and fixed)
FIXED = {
    "bc_ubnd-tinh": {"duong-ke-tieu-ngu", "danh-so",  # line anchored in another row
                     "noi-nhan-dong"},  # «- Lưu: VT, NC.Châu»: the drafter's mark (nd30.md §4.4)
    "bc_phong-vhxh": {"danh-so"},  # "PHẦN THỨ HAI" restarts the numbering
    "cv_bo-tai-chinh": {"quoc-hieu", "so-trang", "noi-nhan-dong", "can-cu"},
    "cv_so-noi-vu": {"duong-ke-co-quan"},  # drawn line anchored in the number paragraph
    "cv_ubnd-tinh": {"can-cu", "noi-nhan-dong"},  # "Căn cứ ..." prose in a công văn
    "kh_ubnd-tinh": {"noi-nhan-dong"},  # «- Lưu: VT, NC.Châu» (drafter's mark, subscript)
    "ttr_cong-an": {"can-cu"},
    "qd_ubnd-tinh": {"duong-ke-trich-yeu"},  # wrapped abstract
}
CLEAN = {"qd_ubnd-tinh"}


def corpus_files():
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.docx"))


@pytest.fixture(scope="module")
def results():
    if not corpus_files():
        pytest.skip(f"không có thư mục tài liệu thật {CORPUS} (../shared vắng mặt)")
    return {p.name: check(p) for p in corpus_files()}


def _by_prefix(results, prefix):
    names = [n for n in results if n.startswith(prefix)]
    assert len(names) == 1, prefix
    return results[names[0]]


def test_every_file_is_read(results):
    assert len(results) >= 10
    for findings in results.values():
        for f in findings:
            assert f.severity in ("lỗi", "cảnh báo") and f.message and f.reference


@pytest.mark.parametrize("prefix", sorted(CONFIRMED))
def test_confirmed_findings(results, prefix):
    findings = _by_prefix(results, prefix)
    got = defaultdict(list)
    for f in findings:
        got[f.rule].append(f.message + " " + f.excerpt)
    for rule, phrase in CONFIRMED[prefix]:
        assert any(phrase in m for m in got[rule]), (rule, phrase, got.get(rule))


@pytest.mark.parametrize("prefix", sorted(FIXED))
def test_fixed_false_alarms_stay_fixed(results, prefix):
    rules = {f.rule for f in _by_prefix(results, prefix)}
    assert not rules & FIXED[prefix]


@pytest.mark.parametrize("prefix", sorted(CLEAN))
def test_clean_files(results, prefix):
    assert _by_prefix(results, prefix) == []
