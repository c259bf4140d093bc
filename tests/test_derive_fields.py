"""Derivation starts from the whole plan: every field of a fully populated KeHoach is kept,
rewritten or dropped, and nothing differs or disappears without a recorded Change."""

from __future__ import annotations

import datetime as dt
import re
import typing
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

import vbhc
from tests.conftest import PLAN_EXAMPLE
from vbhc.derivation import PLAN_FIELDS, Change, Derivation, derive, derive_many, file_stem
from vbhc.derivation import engine as derivation_engine
from vbhc.derivation.fields import Drop, Keep, Rewrite
from vbhc.errors import InputError
from vbhc.loader import validate_data
from vbhc.model.ke_hoach import KeHoach


def full_plan(month: int = 5, year: int = 2024) -> KeHoach:
    """Return the Lạng Sơn plan with every optional field set (checked below)."""
    data = yaml.safe_load(PLAN_EXAMPLE.read_text("utf-8"))
    data["co_quan"].update(chu_quan="CHÍNH PHỦ", ten_rut_gon="UBND tỉnh Lạng Sơn")
    data["so_ky_hieu"]["so"] = 5
    data["ngay_ban_hanh"].update(ngay=14, thang=month, nam=year)
    data.update(don_vi_soan_thao="NC", do_mat="MẬT", do_khan="KHẨN")
    data["noi_nhan"]["nhu_tren"] = True
    data["nguoi_ky"]["ho_ten"] = data["nguoi_ky"].get("ho_ten") or "Dương Xuân Huyền"
    data["nguoi_ky"].update(chu_ky_anh="ky-so/chu-ky.png", dau_anh="ky-so/dau.png",
                            dau_duong_kinh_mm=36)
    if data["nguoi_ky"].get("quyen_han"):  # a chain of authorities (ND30 Điều 13)
        data["nguoi_ky"]["quyen_han_them"] = ["KT. CHÁNH VĂN PHÒNG"]
    data["nhiem_vu"][0]["thoi_gian"] = "Thường xuyên trong năm"
    data["to_chuc_thuc_hien"][0]["de_nghi"] = True
    data["muc_khac"] = [{
        "tieu_de": "KINH PHÍ THỰC HIỆN",
        "loai_muc": "kinh-phi",
        "phan": "phan-so",  # a part (issue 16): the one section model's top level
        "cap_muc_dau": "1",  # its sections 1., 2. (no I. level)
        "noi_dung": [
            "Kinh phí thực hiện trên địa bàn tỉnh Lạng Sơn do ngân sách bảo đảm.",
            {"tieu_de": "Dự toán", "don_vi_tinh": "triệu đồng", "cot": ["Nguồn", "Số tiền"],
             "hang": [["Ngân sách", 120], ["Khác", 30]], "dong_tong": "Tổng cộng"},
            {"cot": ["STT", "Nội dung", "Cơ quan chủ trì", "Phối hợp", "Thời gian"],
             "vai_tro_cot": ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian"],
             "hang": [[1, "Lập dự toán kinh phí", "Sở Tài chính", "Sở Nội vụ",
                       "Trước ngày 15/12/2024"]]},
        ],
        "muc_con": [{"tieu_de": "Nguồn ngân sách", "noi_dung": ["Theo dự toán được giao."]}],
    }]
    data["phu_luc"] = [{"tieu_de": "Số liệu", "trang_ngang": True,
                        "noi_dung": ["Theo bảng.", {"cot": ["Đơn vị", "Số cuộc"],
                                                    "hang": [["Sở Nội vụ", 3]]}]}]
    return validate_data(data, str(PLAN_EXAMPLE), base=PLAN_EXAMPLE.parent)


def _models(annotation: Any) -> list[type[BaseModel]]:
    """Return the models named inside a field's type (list[X], X | None, Annotated...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models(arg)]


def unset_fields(value: Any, seen: dict[str, bool], path: str = "") -> dict[str, bool]:
    """Return model.field -> whether some instance in ``value`` sets it (not None/empty/
    false), over every model class reachable from ``value``."""
    if isinstance(value, BaseModel):
        cls = type(value)
        for name, info in cls.model_fields.items():
            key = f"{cls.__name__}.{name}"
            item = getattr(value, name)
            seen[key] = seen.get(key, False) or item not in (None, "", [], {}, False)
            for model in _models(info.annotation):  # a model type never instantiated
                for sub in model.model_fields:
                    seen.setdefault(f"{model.__name__}.{sub}", False)
            unset_fields(item, seen)
    elif isinstance(value, list | tuple):
        for item in value:
            unset_fields(item, seen)
    elif isinstance(value, dict):
        for item in value.values():
            unset_fields(item, seen)
    return seen


def leaves(value: Any, path: str = "") -> dict[str, Any]:
    """Return field path -> value for every leaf of dumped data (empty lists are leaves)."""
    if isinstance(value, dict) and value:
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(leaves(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list) and value:
        out = {}
        for i, item in enumerate(value):
            out.update(leaves(item, f"{path}[{i}]"))
        return out
    return {path: value}


def _related(change: str, leaf: str) -> bool:
    """A change on ``change`` accounts for ``leaf`` when one path contains the other."""
    def under(inner: str, outer: str) -> bool:
        return inner == outer or inner.startswith((outer + ".", outer + "["))
    return under(leaf, change) or under(change, leaf)


INDEX = re.compile(r"\[(\d+)\]")


def _removed(changes: list[Change]) -> set[str]:
    """Return the source paths of the list elements the drops removed: a drop names the
    element ("to_chuc_thuc_hien[2]") or a field of it whose loss removes it
    ("to_chuc_thuc_hien[2].co_quan"); drops outside lists ("do_khan") remove none."""
    out = set()
    for change in changes:
        ends = [m.end() for m in INDEX.finditer(change.path)]
        if change.kind == "drop" and ends:
            out.add(change.path[:ends[-1]])
    return out


def derived_path(path: str, removed: set[str]) -> str | None:
    """Return where the source field ``path`` sits in the derived plan, list indexes moved
    up past removed elements; None when an element holding it was removed."""
    out, pos = "", 0
    for m in INDEX.finditer(path):
        parent = path[:m.start()]
        if path[:m.end()] in removed:
            return None
        index = int(m.group(1))
        gone = sum(f"{parent}[{k}]" in removed for k in range(index))
        out += path[pos:m.start()] + f"[{index - gone}]"
        pos = m.end()
    return out + path[pos:]


def silent_losses(source: KeHoach, result: Derivation) -> list[str]:
    """Return every source field whose value differs or disappears in the derived plan
    with no Change (rewrite or drop) recorded on its path."""
    before, after = leaves(source.model_dump()), leaves(result.plan.model_dump())
    changed = [c.path for c in result.changes]
    removed = _removed(result.changes)
    out = []
    for path, value in before.items():
        where = derived_path(path, removed)
        now = after.get(where, "<mất>") if where is not None else "<bỏ>"
        if now != value and not any(_related(c, path) for c in changed):
            out.append(f"{path}: {value!r} -> {now!r}")
    return out


@pytest.fixture(scope="module")
def province_plan() -> KeHoach:
    return full_plan()


@pytest.fixture(scope="module")
def commune_plan() -> KeHoach:
    return full_plan(month=8, year=2025)


def test_the_table_decides_every_field_of_the_plan():
    assert list(PLAN_FIELDS) != [] and set(PLAN_FIELDS) == set(KeHoach.model_fields)
    for name, how in PLAN_FIELDS.items():
        assert isinstance(how, Keep | Rewrite | Drop), name
        if isinstance(how, Drop):
            assert how.rule and how.why, name
        if isinstance(how, Rewrite):
            assert callable(getattr(derivation_engine._Deriver, how.step)), name


def test_the_fixture_sets_every_optional_field(province_plan):
    seen = unset_fields(province_plan, {})
    assert "Bang.dong_tong" in seen and "NoiNhan.nhu_tren" in seen and "Muc.muc_con" in seen
    assert [key for key, is_set in seen.items() if not is_set] == []


@pytest.mark.parametrize("plan, target", [("province_plan", "huyện Cao Lộc"),
                                          ("province_plan", "thành phố Lạng Sơn"),
                                          ("commune_plan", "xã Đồng Đăng")])
def test_no_field_is_lost_without_a_change(plan, target, request):
    source = request.getfixturevalue(plan)
    result = derive(source, target)
    assert silent_losses(source, result) == []


def test_the_walk_catches_a_silent_loss(province_plan, monkeypatch):
    """Sabotage one step (the short name vanishes unrecorded): the walk must notice."""
    real = derivation_engine._Deriver.issuer

    def forgetful(self, old, path, data):
        new = real(self, old, path, data)
        self.log[:] = [c for c in self.log if getattr(c, "path", "") != "co_quan.ten_rut_gon"]
        return {**new, "ten_rut_gon": None}

    monkeypatch.setattr(derivation_engine._Deriver, "issuer", forgetful)
    losses = silent_losses(province_plan, derive(province_plan, "huyện Cao Lộc"))
    assert losses == ["co_quan.ten_rut_gon: 'UBND tỉnh Lạng Sơn' -> None"]


def test_the_walk_follows_list_items_past_a_drop():
    removed = {"to_chuc_thuc_hien[2]", "nhiem_vu[0].co_quan_thuc_hien[0]"}
    assert derived_path("to_chuc_thuc_hien[3].nhiem_vu[1]", removed) == \
        "to_chuc_thuc_hien[2].nhiem_vu[1]"
    assert derived_path("to_chuc_thuc_hien[2].co_quan", removed) is None
    assert derived_path("nhiem_vu[0].co_quan_thuc_hien[2]", removed) == \
        "nhiem_vu[0].co_quan_thuc_hien[1]"
    assert derived_path("nhiem_vu[1].co_quan_thuc_hien[2]", removed) == \
        "nhiem_vu[1].co_quan_thuc_hien[2]"


def test_a_field_without_a_decision_is_refused(province_plan, monkeypatch):
    fields = {k: v for k, v in PLAN_FIELDS.items() if k != "do_khan"}
    monkeypatch.setattr(derivation_engine, "PLAN_FIELDS", fields)
    with pytest.raises(RuntimeError, match="do_khan"):
        derive(province_plan, "huyện Cao Lộc")


@pytest.fixture(scope="module")
def cao_loc(province_plan) -> Derivation:
    return derive(province_plan, "huyện Cao Lộc")


def _one(result: Derivation, path: str) -> Change:
    (found,) = [c for c in result.changes if c.path == path]
    return found


def test_urgency_and_drafting_unit_are_kept_with_a_warning(cao_loc):
    """Issue 14: do_khan, do_mat and don_vi_soan_thao never disappear. ND30 Điều 10: the
    drafting unit proposes the urgency and the signer decides; the drafting unit is the
    issuer's own: both kept, each with a warning naming the field."""
    assert (cao_loc.plan.do_khan, cao_loc.plan.don_vi_soan_thao) == ("KHẨN", "NC")
    urgency = [w for w in cao_loc.warnings if w.rule == "do-khan"]
    unit = [w for w in cao_loc.warnings if w.rule == "don-vi-soan-thao"]
    assert [(w.path, w.excerpt) for w in urgency] == [("do_khan", "KHẨN")]
    assert [(w.path, w.excerpt) for w in unit] == [("don_vi_soan_thao", "NC")]
    assert "Điều 10" in urgency[0].message and "Điều 10" in unit[0].message


def test_secrecy_is_kept_with_a_warning(cao_loc):
    """The district's plan repeats the province's classified content: never declassified by
    default; the head of the issuing body confirms the level (Luật BVBMNN 2018, Điều 10)."""
    assert cao_loc.plan.do_mat == "MẬT"
    (warning,) = [w for w in cao_loc.warnings if w.rule == "do-mat"]
    assert (warning.path, warning.excerpt, warning.severity) == ("do_mat", "MẬT", "cảnh báo")
    assert "Điều 10" in warning.message


def test_short_name_recipients_and_tables(cao_loc):
    short = _one(cao_loc, "co_quan.ten_rut_gon")
    assert (short.kind, short.after) == ("rewrite", "UBND huyện Cao Lộc")
    assert cao_loc.plan.co_quan.ten_rut_gon == "UBND huyện Cao Lộc"
    as_above = _one(cao_loc, "noi_nhan.nhu_tren")
    assert (as_above.kind, as_above.before) == ("drop", "true")
    assert cao_loc.plan.noi_nhan.nhu_tren is None
    section = cao_loc.plan.muc_khac[0]
    assert section.noi_dung[0] == ("Kinh phí thực hiện trên địa bàn huyện Cao Lộc do ngân sách "
                                   "bảo đảm.")
    assert section.noi_dung[1].hang == [["Ngân sách", 120], ["Khác", 30]]
    (table,) = [w for w in cao_loc.warnings if w.rule == "bang-so-lieu"]
    assert (table.path, table.excerpt) == ("muc_khac[0].noi_dung[1]", "Dự toán")


def test_a_drop_is_shown_by_diff(cao_loc):
    from vbhc.derivation import describe

    lines = [describe(r) for r in cao_loc.log]
    assert any(line.startswith("[do-khan] (cảnh báo) do_khan: “KHẨN” — giữ độ khẩn")
               for line in lines)
    assert any(line.startswith("[do-mat] (cảnh báo) do_mat: “MẬT” — giữ độ mật")
               for line in lines)


def test_derive_many_is_derive_for_every_unit():
    plan = vbhc.load(PLAN_EXAMPLE)
    outcomes = list(derive_many(plan, PLAN_EXAMPLE.stem))
    units = derivation_engine.targets(plan)
    province = derivation_engine.source_province(plan)
    assert [o.unit for o in outcomes] == units and len(units) == 11
    for outcome in outcomes:
        alone = derive(plan, outcome.unit)
        assert outcome.error is None
        assert outcome.derivation.plan == alone.plan and outcome.derivation.log == alone.log
        assert outcome.stem == file_stem(PLAN_EXAMPLE.stem, province, outcome.unit, units)


def test_derive_many_goes_on_after_one_unit_fails(monkeypatch):
    plan = vbhc.load(PLAN_EXAMPLE)
    real = derivation_engine.derive

    def failing(source, unit, rules=None, as_of=None, ngay=None, ho_so=None):
        if unit.ten == "Cao Lộc":
            raise InputError([])
        return real(source, unit, rules, as_of, ngay, ho_so)

    monkeypatch.setattr(derivation_engine, "derive", failing)
    outcomes = list(derive_many(plan))
    failed = [o.unit.ten for o in outcomes if o.error is not None]
    assert failed == ["Cao Lộc"] and len(outcomes) == 11
    assert all(o.derivation is not None for o in outcomes if o.error is None)


def test_derive_many_refuses_a_non_provincial_plan_before_deriving(cao_loc):
    with pytest.raises(InputError, match="cấp tỉnh"):
        derive_many(cao_loc.plan)
    with pytest.raises(InputError, match="so_ngay_truoc"):
        derive_many(vbhc.load(PLAN_EXAMPLE), rules={"huyen": {"bao_cao": {"so_ngay_truoc": "x"}}})


def test_derive_many_reads_dates_like_derive():
    plan = vbhc.load(PLAN_EXAMPLE)
    for as_of in ("2025-07-01", dt.date(2025, 7, 1)):
        first = next(derive_many(plan, as_of=as_of))
        assert first.unit.cap == "xa" and first.error is None
        assert first.derivation.plan.co_quan.cap == "xa"
