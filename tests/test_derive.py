"""Deriving the Cao Lộc plan from the Lạng Sơn plan, judged on the RENDERED document text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text
from vbhc.derivation import Change, derive, load_rules
from vbhc.errors import InputError, Problem

DERIVED_EXAMPLE = EXAMPLES / "derived" / "ke-hoach-dan-chu-co-so-cao-loc-2024.yaml"


def texts(path: Path) -> list[str]:
    """Return every paragraph of the rendered document, spaces collapsed."""
    return [" ".join(para_text(p).split()) for p in Docx.open(path).paragraphs()]


def one(lines: list[str], pattern: str) -> str:
    found = [t for t in lines if re.search(pattern, t)]
    assert len(found) == 1, f"cần đúng một đoạn khớp {pattern!r}, có {found}"
    return found[0]


@pytest.fixture(scope="module")
def source():
    return vbhc.load(PLAN_EXAMPLE)


@pytest.fixture(scope="module")
def cao_loc(source):
    return derive(source, "huyện Cao Lộc")


@pytest.fixture(scope="module")
def rendered(cao_loc, tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("derive") / "cao-loc.docx"
    vbhc.render(cao_loc.plan, out)
    return texts(out)


def test_issuer_number_and_date_line(rendered):
    joined = " ".join(rendered)
    assert "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC" in joined
    assert "TỈNH LẠNG SƠN" not in joined
    one(rendered, r"^Số: /KH-UBND$")
    # ND30 §4.2: place name of the district, day and month blank for the văn thư (issue 14:
    # the district's plan is issued after the province's, so the province's month is not
    # copied; --ngay writes the date).
    one(rendered, r"^Cao Lộc, ngày tháng năm 2024$")


def test_title_and_scope(rendered):
    one(rendered, r"^Thực hiện dân chủ ở cơ sở trên địa bàn huyện Cao Lộc năm 2024$")
    lead = one(rendered, r"^Thực hiện Kế hoạch số")
    body = [t for t in rendered if t != lead]
    assert not [t for t in body if "trên địa bàn tỉnh" in t]


def test_legal_bases_kept_and_provincial_plan_cited(rendered, source):
    for basis in source.can_cu:
        assert " ".join(basis.split()) in rendered
    lead = one(rendered, r"^Thực hiện Kế hoạch số")
    assert lead.startswith("Thực hiện Kế hoạch số .../KH-UBND ngày .../5/2024 của UBND tỉnh "
                           "Lạng Sơn về thực hiện dân chủ ở cơ sở trên địa bàn tỉnh Lạng Sơn "
                           "năm 2024, UBND huyện ban hành Kế hoạch")
    assert lead.endswith("trên địa bàn huyện Cao Lộc năm 2024 như sau:")


def test_implementing_bodies_are_the_districts(rendered):
    bodies = [t for t in rendered if "Cơ quan thực hiện:" in t]
    assert len(bodies) == 3
    # issue 14: UBND huyện never implements its own plan (was "…; UBND huyện; …")
    assert bodies[0].endswith("Cơ quan thực hiện: các cơ quan, đơn vị thuộc UBND huyện; đơn vị "
                              "sự nghiệp công lập thuộc UBND huyện; UBND các xã, thị trấn.")
    assert bodies[1].endswith("Cơ quan thực hiện: UBND các xã, thị trấn.")
    for line in bodies:
        assert "sở, ban, ngành" not in line and "UBND tỉnh" not in line
        assert "huyện, thành phố" not in line and "phường" not in line
    one(rendered, r"^2\. Thực hiện dân chủ ở cơ sở tại xã, thị trấn$")


def test_organisation_rescoped_and_province_only_duties_dropped(rendered, cao_loc):
    one(rendered, r"^1\. Phòng Nội vụ$")
    one(rendered, r"^2\. Các cơ quan, đơn vị thuộc UBND huyện$")
    one(rendered, r"^3\. UBND các xã, thị trấn$")
    one(rendered, r"^4\. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện$")
    assert not [t for t in rendered if re.match(r"^\d+\. .*Sở ", t)]  # no province body heads
    assert not [t for t in rendered if "Hướng dẫn, đôn đốc các phòng, đơn vị trực thuộc" in t]
    one(rendered, r"tham mưu UBND huyện báo cáo kết quả triển khai")
    assert not [c for c in cao_loc.changes if c.kind == "drop" and "to_chuc" in c.path]
    # issue 14: the district's own duties stay with it (its Phòng Nội vụ advises), they are
    # neither dropped nor sent down to the communes; the rest goes down.
    one(rendered, r"^Tham mưu UBND huyện trình HĐND huyện ban hành Nghị quyết quyết định các "
                  r"biện pháp")
    one(rendered, r"^Tham mưu UBND huyện hướng dẫn, đôn đốc các phòng, đơn vị trực thuộc, UBND "
                  r"cấp xã")
    one(rendered, r"^Tham mưu UBND huyện chủ động phối hợp với Ủy ban Mặt trận Tổ quốc huyện")
    communes = [b for b in cao_loc.plan.to_chuc_thuc_hien if b.co_quan == "UBND các xã, thị trấn"]
    assert [len(b.nhiem_vu) for b in communes] == [1]
    assert communes[0].nhiem_vu[0].startswith("Nghiêm túc tổ chức triển khai")
    moved = [c for c in cao_loc.changes if c.rule == "vai-tro" and ".nhiem_vu[" in c.path]
    assert {c.path for c in moved} == {f"to_chuc_thuc_hien[2].nhiem_vu[{j}]" for j in (1, 2, 3)}


def test_reporting_deadlines(rendered):
    regime = one(rendered, r"định kỳ báo cáo UBND huyện")
    assert regime == ("Các cơ quan, đơn vị thuộc UBND huyện, UBND các xã, thị trấn định kỳ báo "
                      "cáo UBND huyện (qua Phòng Nội vụ) về tình hình, kết quả thực hiện dân chủ "
                      "(báo cáo 6 tháng trước ngày 10/6/2024, báo cáo năm trước ngày "
                      "15/11/2024).")
    upward = one(rendered, r"báo cáo UBND tỉnh \(qua Sở Nội vụ\)")
    assert "trước ngày 15/6/2024" in upward and "trước ngày 20/11/2024" in upward


def test_custom_reporting_margin(source):
    rules = {"huyen": {"bao_cao": {"so_ngay_truoc": 7}}}
    plan = derive(source, "huyện Cao Lộc", rules=rules).plan
    assert [h.ngay.isoformat() for h in plan.che_do_bao_cao.han] == ["2024-06-08", "2024-11-13"]


def test_recipients_and_signature(rendered):
    start = rendered.index("Nơi nhận:")
    lines = rendered[start + 1:start + 11]
    # issue 14: the province sent its plan to the Party's Ban Dân vận Tỉnh ủy: the district's
    # goes to Ban Dân vận Huyện ủy
    assert lines == ["- UBND tỉnh (b/c);", "- Sở Nội vụ (b/c);", "- TT Huyện ủy, TT HĐND huyện;",
                     "- Ban Dân vận Huyện ủy;", "- Chủ tịch, các PCT UBND huyện;",
                     "- Ủy ban MTTQ Việt Nam và các tổ chức CTXH huyện;",
                     "- Các cơ quan, đơn vị thuộc UBND huyện;", "- UBND các xã, thị trấn;",
                     "- CVP, PCVP HĐND và UBND huyện;", "- Lưu: VT, NV."]
    # ND30 §4.4: every line "- X;", the last "- Lưu: VT, UNIT."
    assert all(re.fullmatch(r"- .+;", t) for t in lines[:-1])
    assert re.fullmatch(r"- Lưu: VT(, [A-ZĐ][A-ZĐ0-9.]*)*\.", lines[-1])
    for line in ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"):
        assert line in rendered
    assert "Dương Xuân Huyền" not in " ".join(rendered)


def test_footnotes_survive(cao_loc, tmp_path):
    vbhc.render(cao_loc.plan, tmp_path / "x.docx")
    assert len(Docx.open(tmp_path / "x.docx").footnotes()) == 4


def test_unruled_provincial_phrases_are_warned(cao_loc):
    warnings = cao_loc.warnings
    assert [(w.rule, w.path) for w in warnings] == [
        ("canh-bao-cap-tinh", "nhiem_vu[0].noi_dung[0]"),
        ("canh-bao-cap-tinh", "nhiem_vu[0].noi_dung[3]"),
    ]
    assert all("của tỉnh" in w.excerpt for w in warnings)
    assert all(isinstance(w, Problem) and w.severity == "cảnh báo" and not w.is_error
               for w in warnings)


def test_change_records(cao_loc):
    kinds = {c.kind for c in cao_loc.changes}
    assert kinds == {"rewrite", "drop"}
    assert all(isinstance(c, Change) for c in cao_loc.changes)
    assert len(cao_loc.log) == len(cao_loc.changes) + len(cao_loc.warnings)
    noi_vu = [c for c in cao_loc.changes if c.rule == "so-noi-vu"]
    assert noi_vu[0].path == "to_chuc_thuc_hien[0].co_quan"
    assert (noi_vu[0].before, noi_vu[0].after) == ("Sở Nội vụ", "Phòng Nội vụ")


def test_citations_are_not_rewritten(cao_loc):
    item = cao_loc.plan.nhiem_vu[0].noi_dung[1][0]
    assert "của Ban Thường vụ Tỉnh ủy về việc ban hành Quy chế công tác dân vận của hệ thống " \
           "chính trị tỉnh Lạng Sơn" in " ".join(item.split())


def test_deterministic(source):
    from vbhc.yaml_out import dump_document

    first, second = derive(source, "Cao Lộc"), derive(source, "cao loc")
    assert dump_document(first.plan) == dump_document(second.plan)
    assert first.changes == second.changes


def test_derived_example_is_in_sync(source):
    from vbhc.commands.derive import derived_yaml
    from vbhc.derivation import find_unit, plan_date, source_province

    result = derive(source, "huyện Cao Lộc")
    unit = find_unit(source_province(source), "huyện Cao Lộc", plan_date(source))
    expected = derived_yaml(result, unit, PLAN_EXAMPLE.name, DERIVED_EXAMPLE)
    assert DERIVED_EXAMPLE.read_text("utf-8") == expected, (
        "examples/derived lệch với kết quả dẫn xuất; chạy lại: vbhc derive "
        "examples/ke-hoach-dan-chu-co-so-lang-son-2024.yaml --to 'huyện Cao Lộc' "
        "-o examples/derived/ --force")
    assert expected.startswith("# yaml-language-server: $schema=../../schemas/ke-hoach.schema.json")
    assert vbhc.load(DERIVED_EXAMPLE) == result.plan


def test_rules_override_merges_by_id():
    rules = load_rules("huyen", {"huyen": {
        "cum_tu": [{"id": "so-noi-vu", "thanh": "Phòng Nội vụ - Lao động"},
                   {"id": "hdnd-tinh", "tat": True}],
        "bien": {"noi_vu": "Phòng Nội vụ - Lao động"}}})
    ids = [r.id for r in rules.cum_tu]
    assert "hdnd-tinh" not in ids and "ubnd-tinh" in ids
    (rule,) = [r for r in rules.cum_tu if r.id == "so-noi-vu"]
    assert rule.tu == ["Sở Nội vụ"] and rule.thanh == "Phòng Nội vụ - Lao động"


def test_bad_rules_are_reported_in_vietnamese():
    with pytest.raises(InputError) as exc:
        load_rules("huyen", {"huyen": {"bao_cao": {"so_ngay_truoc": "năm"}}})
    assert "huyen.bao_cao.so_ngay_truoc" in str(exc.value)
    with pytest.raises(InputError, match="biểu thức chính quy"):
        load_rules("huyen", {"huyen": {"canh_bao": {"dau_hieu": ["("]}}})


def test_only_provincial_plans_derive(cao_loc):
    with pytest.raises(InputError, match="chỉ dẫn xuất từ kế hoạch của cấp tỉnh"):
        derive(cao_loc.plan, "huyện Cao Lộc")


@pytest.mark.slow
def test_derived_plan_opens_in_libreoffice(cao_loc, tmp_path):
    import subprocess

    from tests.conftest import soffice

    binary = soffice()
    vbhc.render(cao_loc.plan, tmp_path / "cao-loc.docx")
    subprocess.run([binary, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "cao-loc.docx")], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "cao-loc.pdf").stat().st_size > 10_000
