"""Issue 14: every garbling case of the issue, each with the right text — derive for any
province, in both eras, rewriting whole phrases or warning, never writing wrong text."""

from __future__ import annotations

import datetime as dt

import pytest

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.derive_plans import plan_for
from vbhc.derivation import derive
from vbhc.derivation.placeholders import find, in_plan
from vbhc.derivation.units import province_named
from vbhc.errors import InputError

HA_TINH = province_named("Hà Tĩnh")
MAY_2024 = dt.date(2024, 5, 1)


def section(*paragraphs: str, title: str = "Nội dung khác") -> list[dict]:
    return [{"tieu_de": title, "noi_dung": list(paragraphs)}]


def test_all_caps_titles_are_rewritten_in_caps_or_warned():
    plan = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Sắp xếp DOANH NGHIỆP NHÀ NƯỚC THUỘC TỈNH.",
        title="KẾT QUẢ THỰC HIỆN TRÊN ĐỊA BÀN TỈNH HÀ TĨNH"))
    result = derive(plan, "huyện Cẩm Xuyên")
    assert result.plan.muc_khac[0].tieu_de == "KẾT QUẢ THỰC HIỆN TRÊN ĐỊA BÀN HUYỆN CẨM XUYÊN"
    warned = [w for w in result.warnings if w.path == "muc_khac[0].noi_dung[0]"]
    assert warned and "THUỘC TỈNH" in warned[0].excerpt


def test_enumerations_in_any_order_are_rewritten_whole():
    plan = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Giao UBND các huyện, thành phố, thị xã chủ trì.",
        "Ủy ban nhân dân các huyện, thị xã và thành phố phối hợp.",
        "UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ BÁO CÁO."),
        to_chuc_thuc_hien=[{"co_quan": "UBND các huyện, thành phố, thị xã",
                            "nhiem_vu": ["Tổ chức thực hiện Kế hoạch."]}])
    result = derive(plan, "huyện Cẩm Xuyên")
    assert result.plan.muc_khac[0].noi_dung[:3] == [
        "Giao UBND huyện chủ trì.", "Ủy ban nhân dân huyện phối hợp.", "UBND HUYỆN BÁO CÁO."]
    # the composition of Cẩm Xuyên: xã and thị trấn (no phường)
    heads = [b.co_quan for b in result.plan.to_chuc_thuc_hien]
    assert "UBND các xã, thị trấn" in heads
    text = vbhc_text(result)
    assert "UBND huyện, thị xã" not in text and "thị xã, thành phố" not in text


def test_heads_and_offices_use_the_district_titles():
    plan = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Giám đốc Sở Nội vụ, Phó Giám đốc Sở Tư pháp và Chánh Văn phòng UBND tỉnh theo dõi.",
        "Văn phòng UBND tỉnh tổng hợp; Sở Kế hoạch và Đầu tư, Sở Xây dựng phối hợp."))
    district = derive(plan, "huyện Cẩm Xuyên").plan.muc_khac[0].noi_dung
    assert district[0] == ("Trưởng phòng Nội vụ, Phó Trưởng phòng Tư pháp và Chánh Văn phòng "
                           "HĐND và UBND huyện theo dõi.")
    assert district[1] == ("Văn phòng HĐND và UBND huyện tổng hợp; Phòng Tài chính - Kế hoạch, "
                           "Phòng Kinh tế và Hạ tầng phối hợp.")
    town = derive(plan, "thị xã Kỳ Anh").plan.muc_khac[0].noi_dung
    assert town[1].endswith("Phòng Tài chính - Kế hoạch, Phòng Quản lý đô thị phối hợp.")


def test_place_names_keep_their_noun():
    plan = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "UBND tỉnh Hà Tĩnh và HĐND tỉnh Hà Tĩnh; UBND tỉnh Quảng Bình."))
    result = derive(plan, "huyện Cẩm Xuyên")
    text = result.plan.muc_khac[0].noi_dung[0]
    assert text.startswith("UBND huyện Cẩm Xuyên và HĐND huyện Cẩm Xuyên; ")
    assert "UBND tỉnh Quảng Bình" in text and "huyện Quảng Bình" not in text
    assert [w for w in result.warnings if w.path == "muc_khac[0].noi_dung[0]"]


def test_commune_plan_from_a_2026_plan_worded_xa_phuong():
    lang_son = province_named("Lạng Sơn")
    plan = plan_for(lang_son, dt.date(2026, 1, 1), chu_thich={},
                    nhiem_vu=[{"ten": "Tuyên truyền", "noi_dung": ["UBND các xã, phường tuyên "
                                                                   "truyền."],
                               "co_quan_thuc_hien": ["Sở Nội vụ", "UBND các xã, phường"]}],
                    to_chuc_thuc_hien=[
                        {"co_quan": "Sở Nội vụ", "nhiem_vu": ["Theo dõi, tổng hợp."]},
                        {"co_quan": "UBND các xã, phường",
                         "nhiem_vu": ["Trình HĐND cùng cấp ban hành Nghị quyết.",
                                      "Phối hợp với Ủy ban MTTQ Việt Nam cùng cấp."]}])
    result = derive(plan, "xã Đồng Đăng")
    text = vbhc_text(result)
    assert "các xã, phường" not in text
    assert [b.co_quan for b in result.plan.to_chuc_thuc_hien] == ["Phòng Văn hóa - Xã hội"]
    assert result.plan.to_chuc_thuc_hien[0].nhiem_vu[1:3] == [
        "Tham mưu UBND xã trình HĐND xã ban hành Nghị quyết.",
        "Tham mưu UBND xã phối hợp với Ủy ban MTTQ Việt Nam xã."]
    assert result.plan.nhiem_vu[0].co_quan_thuc_hien == ["Phòng Văn hóa - Xã hội"]


def test_a_centrally_run_city():
    hanoi = province_named("Hà Nội")
    plan = plan_for(hanoi, MAY_2024, muc_khac=section(
        "UBND Thành phố giao UBND các quận, huyện, thị xã và Sở Nội vụ Thành phố thực hiện "
        "trên địa bàn Thành phố."))
    result = derive(plan, "quận Ba Đình")
    assert result.plan.co_quan.ten == "ỦY BAN NHÂN DÂN QUẬN BA ĐÌNH"
    assert result.plan.muc_khac[0].noi_dung[0].startswith(
        "UBND quận giao UBND quận và Phòng Nội vụ")
    assert "trên địa bàn quận" in result.plan.muc_khac[0].noi_dung[0]
    assert "Thực hiện Kế hoạch số .../KH-UBND ngày .../5/2024 của UBND thành phố Hà Nội" in \
        result.plan.loi_dan


def test_a_so_plan_is_cited_as_the_so_s():
    plan = plan_for(province_named("Lâm Đồng"), dt.date(2024, 3, 1))
    data = plan.model_dump(exclude_none=True)
    data["co_quan"] = {"chu_quan": "UBND TỈNH LÂM ĐỒNG", "ten": "SỞ NỘI VỤ", "viet_tat": "SNV",
                       "dia_danh": "Lâm Đồng"}
    data["so_ky_hieu"] = {"so": 42, "ky_hieu": "KH-SNV"}
    result = derive(vbhc.validate(data), "thành phố Đà Lạt")
    assert "Kế hoạch số 42/KH-SNV ngày .../3/2024 của Sở Nội vụ tỉnh Lâm Đồng" in \
        result.plan.loi_dan
    assert "của UBND tỉnh" not in result.plan.loi_dan


def test_month_not_copied_and_ngay():
    source = vbhc.load(PLAN_EXAMPLE)
    blank = derive(source, "huyện Cao Lộc").plan.ngay_ban_hanh
    assert (blank.ngay, blank.thang, blank.nam) == (None, None, 2024)
    given = derive(source, "huyện Cao Lộc", ngay="2024-05-20")
    assert (given.plan.ngay_ban_hanh.ngay, given.plan.ngay_ban_hanh.thang) == (20, 5)
    with pytest.raises(InputError, match="ngay: ngày ban hành 01/04/2024 trước ngày"):
        derive(source, "huyện Cao Lộc", ngay="2024-04-01")


def test_deadlines_are_checked_against_the_issue_date():
    source = vbhc.load(PLAN_EXAMPLE)  # province's deadlines 15/6/2024 and 20/11/2024
    late = derive(source, "huyện Cao Lộc", ngay="2024-06-12")
    warned = [(w.rule, w.path) for w in late.warnings if w.rule == "han-bao-cao"]
    assert warned == [("han-bao-cao", "che_do_bao_cao.han[0].ngay")]
    assert not [w for w in derive(source, "huyện Cao Lộc").warnings if w.rule == "han-bao-cao"]


def test_a_unit_from_july_2025_gets_no_2024_plan_silently():
    source = vbhc.load(PLAN_EXAMPLE)  # May 2024
    result = derive(source, "xã Đồng Đăng", as_of="2025-07-01")
    assert result.plan.ngay_ban_hanh.nam == 2025
    rules = {w.rule for w in result.warnings}
    assert {"ngay-ban-hanh", "han-bao-cao", "thoi-gian"} <= rules
    with pytest.raises(InputError, match="dùng --ngay từ ngày đó"):
        derive(source, "xã Đồng Đăng", as_of="2025-07-01", ngay="2024-06-01")


def test_a_district_after_the_reform_is_refused_with_its_successors():
    source = vbhc.load(PLAN_EXAMPLE)
    with pytest.raises(InputError) as exc:
        derive(source, "huyện Cao Lộc", ngay="2025-08-01")
    assert "nay là: xã Đồng Đăng" in str(exc.value) and "xã Cao Lộc" in str(exc.value)


def test_placeholders_are_marked_and_listed():
    result = derive(vbhc.load(PLAN_EXAMPLE), "huyện Cao Lộc")
    marked = dict(in_plan(result.plan.model_dump()))
    assert set(marked) == {"nhiem_vu[3].ten"}  # no funding section in the province's plan
    assert all(find(text) == [text] for text in marked.values())
    assert {c.path for c in result.changes if c.rule == "cho-trong"} == set(marked)


def vbhc_text(result) -> str:
    """Return every string of the derived plan, joined."""
    out: list[str] = []

    def walk(value):
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
    walk(result.plan.model_dump())
    return "\n".join(out)


def test_clerk_trial_imported_lam_dong_plan(tmp_path):
    """A real provincial plan (Lâm Đồng, 2026, imported from .docx) derived for a ward with
    a long name: it renders with no check error, the province's name is gone from the title
    and issuer, placeholders sit in the plan's own sections, and every leftover provincial
    phrase is a warning."""
    from tests.conftest import SHARED
    from vbhc.importer import import_document

    source = SHARED / "corpus" / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx"
    if not source.exists():
        pytest.skip("không có ../shared/corpus")
    plan = import_document(source).document
    result = derive(plan, "phường Xuân Hương - Đà Lạt")
    assert result.plan.trich_yeu.endswith("năm 2026 phường Xuân Hương - Đà Lạt")
    assert result.plan.co_quan.ten == "ỦY BAN NHÂN DÂN PHƯỜNG XUÂN HƯƠNG - ĐÀ LẠT"
    out = tmp_path / "xuan-huong.docx"
    vbhc.render(result.plan, out)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    marked = dict(in_plan(result.plan.model_dump()))
    assert "muc_khac[0].noi_dung[0]" in marked  # the plan's own tasks section
    assert any(".muc_con[" in path and "kinh phí" in text for path, text in marked.items())
    assert len(result.warnings) >= 20 and all(w.path for w in result.warnings)


def test_closing_addresses_the_right_heads():
    lang_son = province_named("Lạng Sơn")
    closing = ["UBND tỉnh yêu cầu Giám đốc các sở, ban, ngành tỉnh, Chủ tịch UBND các huyện, "
               "thành phố nghiêm túc thực hiện./."]
    district = derive(plan_for(lang_son, MAY_2024, ket_luan=closing), "huyện Cao Lộc")
    assert district.plan.ket_luan == [
        "UBND huyện yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc UBND huyện, Chủ tịch UBND các "
        "xã, thị trấn nghiêm túc thực hiện./."]
    closing = ["UBND tỉnh yêu cầu Giám đốc các sở, ban, ngành tỉnh, Chủ tịch UBND các xã, "
               "phường nghiêm túc thực hiện./."]
    commune = derive(plan_for(lang_son, dt.date(2026, 1, 1), ket_luan=closing), "xã Đồng Đăng")
    assert commune.plan.ket_luan == [
        "UBND xã yêu cầu Thủ trưởng các cơ quan, đơn vị thuộc UBND xã nghiêm túc thực hiện./."]


def test_old_tone_placement_names_the_same_body():
    """"Sở Văn hoá" (tone on a, older spelling, still common in real plans) is the body the
    rules spell "Sở Văn hóa": rewritten the same, not left as a provincial name."""
    old = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Sở Văn hoá, Thể thao và Du lịch chủ trì, phối hợp với Uỷ ban nhân dân tỉnh.",
        "Giao Sở Y tế hướng dẫn; HOÁ đơn, thuỷ lợi giữ nguyên."))
    new = plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Sở Văn hóa, Thể thao và Du lịch chủ trì, phối hợp với Ủy ban nhân dân tỉnh.",
        "Giao Sở Y tế hướng dẫn; HOÁ đơn, thuỷ lợi giữ nguyên."))
    derived_old = derive(old, "huyện Cẩm Xuyên").plan.muc_khac[0].noi_dung
    derived_new = derive(new, "huyện Cẩm Xuyên").plan.muc_khac[0].noi_dung
    assert derived_old[0] == derived_new[0]
    assert "Sở Văn" not in derived_old[0] and "tỉnh" not in derived_old[0]
    assert derived_old[1].endswith("HOÁ đơn, thuỷ lợi giữ nguyên.")


def test_commune_plan_does_not_assign_the_commune_its_own_plan():
    """A provincial sentence giving work to "các sở, ban, ngành và UBND các xã, phường" must
    not become "các cơ quan, đơn vị thuộc UBND xã và Ủy ban nhân dân xã" in the commune's
    own plan: the commune's UBND issues it (a real Lâm Đồng plan read so)."""
    plan = plan_for(province_named("Lạng Sơn"), dt.date(2026, 1, 1), muc_khac=section(
        "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường căn cứ nhiệm vụ.",
        "Các sở, ban, ngành, đoàn thể và UBND các xã, phường phối hợp.",
        "Thủ trưởng các sở, ban, ngành và Chủ tịch Ủy ban nhân dân các xã, phường chịu trách "
        "nhiệm."))
    derived = derive(plan, "xã Đồng Đăng").plan.muc_khac[0].noi_dung
    assert derived == [
        "Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã căn cứ nhiệm vụ.",
        "Các cơ quan, đơn vị thuộc UBND xã và các đoàn thể phối hợp.",
        "Thủ trưởng các cơ quan, đơn vị thuộc Ủy ban nhân dân xã chịu trách nhiệm."]
    district = derive(plan_for(HA_TINH, MAY_2024, muc_khac=section(
        "Các sở, ban, ngành và UBND các xã, thị trấn căn cứ nhiệm vụ.")), "huyện Cẩm Xuyên")
    assert "UBND các xã, thị trấn" in district.plan.muc_khac[0].noi_dung[0]


def test_bodies_listed_in_one_cell_are_named_once_after_rewriting():
    """A task table cell "Sở Tư pháp, Văn phòng UBND tỉnh, Sở Nội vụ" (one item, commas):
    two provincial bodies become the one commune office, named once, and the change is in
    the diff."""
    plan = plan_for(province_named("Lạng Sơn"), dt.date(2026, 1, 1), chu_thich={},
                    nhiem_vu=[{"ten": "Rà soát", "noi_dung": ["Rà soát văn bản."],
                               "co_quan_thuc_hien": [
                                   "Sở Tư pháp, Văn phòng UBND tỉnh, Sở Nội vụ"]}])
    result = derive(plan, "xã Đồng Đăng")
    assert result.plan.nhiem_vu[0].co_quan_thuc_hien == [
        "Văn phòng HĐND và UBND xã, Phòng Văn hóa - Xã hội"]
    assert any(c.rule == "trung-lap" for c in result.changes)
