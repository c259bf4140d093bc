"""Giấy mời (Mẫu 1.7), Công điện (Mẫu 1.6), Giấy giới thiệu (Mẫu 1.8) and Giấy nghỉ phép
(Mẫu 1.10): their fixed wording, lists and slips."""

from __future__ import annotations

import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import Docx, para_text
from vbhc.errors import InputError
from vbhc.loader import validate_data

INVITATION = EXAMPLES / "giay-moi-hoi-nghi-so-ket-dan-chu-co-so-2024.yaml"
TELEGRAM = EXAMPLES / "cong-dien-ung-pho-mua-lu-lang-son-2024.yaml"


def texts(path, tmp_path, **changes) -> list[str]:
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(changes)
    doc = validate_data(data, str(path), base=EXAMPLES)
    out = vbhc.render(doc, tmp_path / f"{path.stem}.docx", force=True)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    return [para_text(p) for p in Docx.open(out).paragraphs()]


def test_invitation_layout(tmp_path):
    t = texts(INVITATION, tmp_path)
    assert "Số: 62/GM-UBND" in t
    i = t.index("GIẤY MỜI")
    assert t[i + 1] == "Dự Hội nghị sơ kết 6 tháng đầu năm 2024 thực hiện dân chủ ở cơ sở"
    j = t.index("Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời:")
    assert t[j + 1].startswith("- Đại diện lãnh đạo Ban Dân vận") and t[j + 1].endswith(";")
    assert t[j + 4] == "- Chủ tịch UBND các huyện, thành phố."
    assert t[j + 5].startswith("Tới dự Hội nghị sơ kết")
    assert t[j + 6] == "Thời gian: 08 giờ 00, thứ Tư, ngày 17/7/2024."
    assert t[j + 7] == "Địa điểm: Hội trường tầng 3, trụ sở UBND tỉnh Lạng Sơn."


def test_one_invitee_on_the_lead_line_and_typed_labels_removed(tmp_path):
    warnings: list = []
    data = yaml.safe_load(INVITATION.read_text("utf-8"))
    data.update(kinh_moi=["- Giám đốc Sở Nội vụ;"], thoi_gian="Thời gian: 14 giờ 00.",
                toi_du="Tới dự cuộc họp.")
    doc = validate_data(data, "gm.yaml", base=EXAMPLES, warnings=warnings)
    assert (doc.kinh_moi, doc.thoi_gian, doc.toi_du) == (["Giám đốc Sở Nội vụ"], "14 giờ 00.",
                                                         "cuộc họp.")
    assert {p.path for p in warnings} >= {"kinh_moi[0]", "thoi_gian", "toi_du"}
    t = [para_text(p) for p in Docx.open(vbhc.render(doc, tmp_path / "gm.docx")).paragraphs()]
    assert "Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời: Giám đốc Sở Nội vụ" in t


def test_telegram_layout(tmp_path):
    t = texts(TELEGRAM, tmp_path)
    assert "Số: 09/CĐ-UBND" in t and "HỎA TỐC" in t
    i = t.index("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN điện:")
    assert t.index("CÔNG ĐIỆN") < i
    assert t[i + 1:i + 3] == ["- Giám đốc các sở, Thủ trưởng các ban, ngành tỉnh;",
                              "- Chủ tịch UBND các huyện, thành phố."]
    assert t[t.index("Nơi nhận:") + 1] == "- Như trên;"


def test_telegram_typed_dien_is_removed_with_a_warning():
    warnings: list = []
    data = yaml.safe_load(TELEGRAM.read_text("utf-8"))
    data["dien"] = "Chủ tịch UBND tỉnh Lạng Sơn điện:"
    doc = validate_data(data, "cd.yaml", base=EXAMPLES, warnings=warnings)
    assert doc.dien == "CHỦ TỊCH UBND TỈNH LẠNG SƠN"
    assert any(p.path == "dien" for p in warnings)


@pytest.mark.parametrize("path, field", [(INVITATION, "kinh_moi"), (TELEGRAM, "gui")])
def test_an_empty_list_is_refused_naming_the_field(path, field):
    data = yaml.safe_load(path.read_text("utf-8"))
    data[field] = []
    with pytest.raises(InputError) as err:
        validate_data(data, "x.yaml", base=EXAMPLES)
    assert field in str(err.value)


INTRODUCTION = EXAMPLES / "giay-gioi-thieu-bo-noi-vu-dan-chu-co-so-2024.yaml"


def test_introduction_has_no_abstract(tmp_path):
    t = texts(INTRODUCTION, tmp_path)
    assert "Số: 27/GGT-UBND" in t
    i = t.index("GIẤY GIỚI THIỆU")
    assert t[i + 1:i + 8] == [
        "Ủy ban nhân dân tỉnh Lạng Sơn trân trọng giới thiệu:",
        "Ông (bà): Dương Xuân Huyền",
        "Chức vụ: Phó Chủ tịch UBND tỉnh, Trưởng Ban Chỉ đạo thực hiện dân chủ ở cơ sở tỉnh",
        "Được cử đến: Bộ Nội vụ",
        "Về việc: Báo cáo kết quả thực hiện dân chủ ở cơ sở 6 tháng đầu năm 2024 của tỉnh Lạng "
        "Sơn.",
        "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành nhiệm vụ.",
        "Giấy này có giá trị đến hết ngày 31/7/2024./."]


def test_introduction_refuses_an_abstract():
    data = yaml.safe_load(INTRODUCTION.read_text("utf-8"))
    data["trich_yeu"] = "Về việc công tác"
    with pytest.raises(InputError) as err:
        validate_data(data, "ggt.yaml", base=EXAMPLES)
    assert "trich_yeu" in str(err.value)


LEAVE = EXAMPLES / "giay-nghi-phep-can-bo-van-phong-2024.yaml"


def test_leave_permit_follows_form_1_10_without_abstract(tmp_path):
    t = texts(LEAVE, tmp_path)
    assert "Số: 12/GNP-UBND" in t
    i = t.index("GIẤY NGHỈ PHÉP")
    assert t[i + 1:i + 7] == [
        "Xét Đơn đề nghị nghỉ phép ngày 10/7/2024 của ông (bà) Nguyễn Văn A,",
        "Ủy ban nhân dân tỉnh Lạng Sơn cấp cho:",
        "Ông (bà): Nguyễn Văn A",
        "Chức vụ: Chuyên viên Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn",
        "Được nghỉ phép trong thời gian 05 ngày kể từ ngày 22/7/2024 đến hết ngày 26/7/2024 "
        "tại xã Hợp Thành, huyện Cao Lộc, tỉnh Lạng Sơn.",
        "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2024./."]


def test_leave_permit_prints_the_unit_only_when_given(tmp_path):
    """Mẫu 1.10 has no unit line (its note (5) puts name, position and unit on the lines
    of the person): vbhc prints "Đơn vị công tác: ..." only for a ``don_vi``, and reads it
    back."""
    t = texts(LEAVE, tmp_path, don_vi="Phòng Tổng hợp")
    assert t[t.index("Chức vụ: Chuyên viên Văn phòng Ủy ban nhân dân tỉnh Lạng Sơn") + 1] == \
        "Đơn vị công tác: Phòng Tổng hợp"
    again = vbhc.import_document(tmp_path / f"{LEAVE.stem}.docx").document
    assert again.don_vi == "Phòng Tổng hợp" and again.noi_nghi.endswith("tỉnh Lạng Sơn")


@pytest.mark.parametrize("field, value", [("trich_yeu", "Về việc nghỉ phép"), ("noi_nghi", ""),
                                          ("tu_ngay", None)])
def test_leave_permit_refuses_an_abstract_or_a_missing_line(field, value):
    data = yaml.safe_load(LEAVE.read_text("utf-8"))
    data[field] = value
    with pytest.raises(InputError) as err:
        validate_data(data, "gnp.yaml", base=EXAMPLES)
    assert field in str(err.value)
