"""One section model (Muc) for plans and typed documents; ``doan`` read for one release."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

import vbhc
from tests.conftest import EXAMPLES, PLAN_EXAMPLE, SHARED
from vbhc.errors import InputError, Problem
from vbhc.model.chung import VanBanChung
from vbhc.model.ke_hoach import KeHoach
from vbhc.model.layout import body_blocks
from vbhc.model.muc import Muc, renamed_fields
from vbhc.model.schema import schema

REPORT_EXAMPLE = EXAMPLES / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
SECTIONS = [{"tieu_de": "KINH PHÍ THỰC HIỆN",
             "noi_dung": ["Kinh phí do ngân sách bảo đảm."],
             "muc_con": [{"tieu_de": "Nguồn ngân sách", "noi_dung": ["Theo dự toán."]},
                         {"tieu_de": "Nguồn khác", "noi_dung": ["Huy động hợp pháp."]}]}]


def _old(sections: list[dict]) -> list[dict]:
    """Return ``sections`` spelled the old way: ``doan`` for ``noi_dung``."""
    return [{("doan" if k == "noi_dung" else k): (_old(v) if k == "muc_con" else v)
             for k, v in s.items()} for s in sections]


def _write_plan(folder: Path, name: str, sections: list[dict]) -> Path:
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["muc_khac"] = sections
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_plans_and_typed_documents_share_the_section_model():
    assert KeHoach.model_fields["muc_khac"].annotation == list[Muc]
    assert VanBanChung.model_fields["muc"].annotation == list[Muc]


def test_old_name_doan_loads_with_a_warning_and_renders_the_same(tmp_path):
    new = _write_plan(tmp_path, "moi.yaml", SECTIONS)
    old = _write_plan(tmp_path, "cu.yaml", _old(SECTIONS))
    warnings: list[Problem] = []
    plan_old = vbhc.load(old, warnings)
    plan_new = vbhc.load(new)
    renamed = [w for w in warnings if "tên trường cũ" in str(w)]
    assert len(renamed) == 3
    assert str(renamed[0]).endswith("muc_khac[0].doan: tên trường cũ, hãy đổi thành noi_dung")
    assert renamed[0].file == str(old) and renamed[0].line and renamed[0].severity == "cảnh báo"
    assert str(renamed[1]).endswith("muc_khac[0].muc_con[0].doan: tên trường cũ, hãy đổi thành "
                               "noi_dung")
    assert plan_old == plan_new
    assert plan_old.muc_khac[0].noi_dung == ["Kinh phí do ngân sách bảo đảm."]
    assert vbhc.render_bytes(plan_old) == vbhc.render_bytes(plan_new)
    from vbhc.yaml_out import dump_document

    assert "doan:" not in dump_document(plan_old)  # written back with today's name


def test_renamed_fields_are_problems_with_a_rule():
    plan = vbhc.validate({**yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8")),
                          "muc_khac": _old(SECTIONS[:1])})
    (first, *_) = renamed_fields(plan)
    assert (first.path, first.severity, first.rule) == ("muc_khac[0].doan", "cảnh báo",
                                                        "ten-truong-cu")
    assert renamed_fields(vbhc.load(PLAN_EXAMPLE)) == []


def test_doan_and_noi_dung_together_are_refused(tmp_path):
    both = [{**SECTIONS[0], "doan": ["Đoạn cũ."]}]
    with pytest.raises(InputError, match="muc_khac.0.*có cả 'doan' .*và 'noi_dung'|"
                       "muc_khac\\[0\\].*có cả 'doan'"):
        vbhc.load(_write_plan(tmp_path, "ca-hai.yaml", both))


def test_typed_documents_read_doan_too():
    from vbhc.loader import validate_data

    data = yaml.safe_load(REPORT_EXAMPLE.read_text("utf-8"))
    new = validate_data(data, base=REPORT_EXAMPLE.parent)
    data["muc"] = _old(data["muc"])
    warnings: list[str] = []
    assert validate_data(data, base=REPORT_EXAMPLE.parent, warnings=warnings) == new
    assert any(str(w).endswith("muc[0].muc_con[0].doan: tên trường cũ, hãy đổi thành noi_dung")
               for w in warnings)


def test_schema_accepts_doan_as_deprecated():
    for slug in ("ke-hoach", "bao-cao"):
        body = schema(slug)
        props = body["$defs"]["Muc"]["properties"]
        assert props["doan"]["deprecated"] is True and "noi_dung" in props["doan"]["description"]
        example = PLAN_EXAMPLE if slug == "ke-hoach" else REPORT_EXAMPLE
        data = json.loads(json.dumps(yaml.safe_load(example.read_text("utf-8")), default=str))
        if slug == "ke-hoach":
            data["muc_khac"] = _old(SECTIONS)
        else:
            data["muc"] = _old(data["muc"])
        jsonschema.Draft202012Validator(body).validate(data)


def test_plan_sections_number_on_from_the_plans_own_and_hold_tables():
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    table = {"cot": ["Nguồn", "Số tiền"], "hang": [["Ngân sách", 120]]}
    data["muc_khac"] = [{**SECTIONS[0], "noi_dung": [*SECTIONS[0]["noi_dung"], table]},
                        {"tieu_de": "Khen thưởng"}]
    plan = vbhc.validate(data)
    blocks = body_blocks(plan)
    headings = [(b.text, b.path) for b in blocks if b.kieu == "muc"]
    assert [t.split(". ")[0] for t, _ in headings] == ["I", "II", "III", "IV", "V"]
    assert headings[2:4] == [("III. KINH PHÍ THỰC HIỆN", "muc_khac[0].tieu_de"),
                             ("IV. Khen thưởng", "muc_khac[1].tieu_de")]
    at = [b.path for b in blocks].index("muc_khac[0].tieu_de")
    assert [(b.kieu, b.text, b.path) for b in blocks[at + 1:at + 5]] == [
        ("than", "Kinh phí do ngân sách bảo đảm.", "muc_khac[0].noi_dung[0]"),
        ("bang", "", "muc_khac[0].noi_dung[1]"),
        ("khoan", "1. Nguồn ngân sách", "muc_khac[0].muc_con[0].tieu_de"),
        ("than", "Theo dự toán.", "muc_khac[0].muc_con[0].noi_dung[0]"),
    ]
    assert vbhc.render_bytes(plan)  # the plan template prints tables


def test_imported_plan_sections_use_noi_dung():
    source = SHARED / "corpus" / "kh_ubnd-tinh-lam-dong_2025_cchc-nam-2026.docx"
    if not source.exists():
        pytest.skip("không có ../shared/corpus")
    from vbhc.yaml_out import dump_document

    result = vbhc.import_document(source)
    text = dump_document(result.document)
    assert "noi_dung:" in text and "doan:" not in text
    assert not [w for w in result.warnings if "tên trường cũ" in w.message]
