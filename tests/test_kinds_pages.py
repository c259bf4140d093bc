"""Page differences against ND30's sample forms found by looking at the rendered pages
(issue 18): the resolution's session line (Mẫu 1.1), the minutes' two signatures (Mẫu 1.9),
the invitation's invitee line (Mẫu 1.7)."""

from __future__ import annotations

import yaml

import vbhc
from tests.conftest import EXAMPLES
from tests.docx_helpers import Docx, para_text, w
from vbhc.loader import validate_data


def _render(name: str, tmp_path, **changes):
    path = next(EXAMPLES.glob(f"{name}-*.yaml"))
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(changes)
    doc = validate_data(data, str(path), base=EXAMPLES)
    out = vbhc.render(doc, tmp_path / f"{name}.docx", force=True)
    assert [p for p in vbhc.check(out) if p.is_error] == []
    return out


def _style(p) -> str | None:
    el = p.find(f"{w('pPr')}/{w('pStyle')}")
    return None if el is None else el.get(w("val"))


def test_resolution_session_line_has_no_gap_under_the_authority_line(tmp_path):
    """Mẫu 1.1: "KHÓA ..., KỲ HỌP ..." sits right under the council's name; two paragraphs
    of the authority style put 12 pt between them, so they are one paragraph with a break."""
    paras = Docx.open(_render("nghi-quyet", tmp_path)).paragraphs()
    lines = [p for p in paras if para_text(p).startswith("HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN")]
    body = [p for p in lines if _style(p) == "VBThamQuyen"]
    assert len(body) == 1
    assert para_text(body[0]) == "HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN\nKHÓA XVII, KỲ HỌP THỨ MƯỜI TÁM"
    assert not [p for p in paras if para_text(p) == "KHÓA XVII, KỲ HỌP THỨ MƯỜI TÁM"]


def test_resolution_without_a_session_keeps_one_line(tmp_path):
    paras = Docx.open(_render("nghi-quyet", tmp_path, ky_hop=None)).paragraphs()
    assert [para_text(p) for p in paras if _style(p) == "VBThamQuyen"] == [
        "HỘI ĐỒNG NHÂN DÂN TỈNH LẠNG SƠN"]


def test_minutes_signatures_side_by_side_each_with_space_and_name(tmp_path):
    """Mẫu 1.9: THƯ KÝ and CHỦ TỌA side by side, each with the space for the handwritten
    signature (the sample's "(Chữ ký)", ô 7c: not printed, as on every ND30 sample) and the
    name under it."""
    doc = Docx.open(_render("bien-ban", tmp_path))
    signatures = doc.document.find(f"{w('body')}").findall(w("tbl"))[-1]
    cells = signatures.findall(f"{w('tr')}/{w('tc')}")
    columns = [[(para_text(p), _style(p)) for p in c.findall(w("p"))] for c in cells]
    assert columns == [[("THƯ KÝ", "VBQuyenHan"), ("Nguyễn Văn B", "VBHoTen")],
                       [("CHỦ TỌA", "VBQuyenHan"), ("Dương Xuân Huyền", "VBHoTen")]]
    assert not [p for p in doc.paragraphs() if "(Chữ ký" in para_text(p)]


def test_invitation_single_invitee_on_the_lead_line_several_as_a_list(tmp_path):
    """Mẫu 1.7 has one dotted line after "... trân trọng kính mời:": a single invitee is
    printed there; several (a clerk's list of groups) stay one per "- ...;" line."""
    one = [para_text(p) for p in Docx.open(_render(
        "giay-moi", tmp_path, kinh_moi=["Giám đốc Sở Nội vụ"])).paragraphs()]
    assert "Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời: Giám đốc Sở Nội vụ" in one
    assert not [x for x in one if x.startswith("- Giám đốc")]
    many = [para_text(p) for p in Docx.open(_render("giay-moi", tmp_path)).paragraphs()]
    i = many.index("Ủy ban nhân dân tỉnh Lạng Sơn trân trọng kính mời:")
    assert many[i + 1].startswith("- ") and many[i + 1].endswith(";")
