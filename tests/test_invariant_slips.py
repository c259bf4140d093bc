"""The invariant: `vbhc render` never writes a document that `vbhc check` reports an error on.

Documents from tests/strategies.py (clean) get a clerk's typing slips injected: a trailing
";" / "." / "," on list entries, a leading "- " or "Kính gửi:", "V/v" typed in the abstract,
"Như trên" and "Lưu: ..." typed in the recipients, no-break and zero-width characters
anywhere; or something that must be refused: an emoji or a symbol Times New Roman lacks, a
VNI or TCVN3 fragment. Each example ends one of two ways:

- refused: InputError, with a problem whose field path is the field the slip went into;
- accepted: every normalised slip has a ``cảnh báo`` naming its field, the rendered .docx
  has no ``vbhc check`` error, and it is the same file as the clean document's (a slip
  normalised is a slip undone).

`make test` runs 500 examples; VBHC_FUZZ_EXAMPLES raises it (`make test-slow`).
"""

from __future__ import annotations

import copy
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vbhc
from tests.strategies import NAMES, documents
from vbhc.errors import InputError, Problem
from vbhc.loader import validate_data
from vbhc.model.common import _titled
from vbhc.model.text import vv_in_titled
from vbhc.yaml_in import format_path

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "25"))
SLIP_EXAMPLES = max(EXAMPLES, 500)
FUZZ = settings(max_examples=SLIP_EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

Loc = tuple[Any, ...]

LONG_NAMES = st.sampled_from([
    "Thường trực Tỉnh ủy, Thường trực HĐND tỉnh (b/c)",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
    "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Chủ tịch, các Phó Chủ tịch UBND tỉnh",
    "Các sở, ban, ngành, đơn vị trực thuộc UBND tỉnh", "UBND các xã, phường, thị trấn",
    "C, PCVP UBND tỉnh, các phòng chuyên môn", "Cổng Thông tin điện tử tỉnh",
    "Báo Lạng Sơn, Đài Phát thanh và Truyền hình tỉnh"])

# Fields whose entries vbhc prints with its own "- " and end punctuation.
ENTRY_LISTS = {("kinh_gui",), ("noi_nhan", "danh_sach"), ("che_do_bao_cao", "don_vi")}
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u00ad", "\u2060", "\u200e", "\u200f"]
SPACES = ["\u00a0", "\u202f", "\u2007", "\u2009"]
REFUSED = ["😀", "✓", "✗", "☐", "★", "中文", "🇻🇳", "dòng\u2028mới", "Vieät Nam", "tØnh Laïng",
           "Céng hoµ", "ñoàng chí"]
# Fields whose text is a fixed vocabulary or a code: a slip there is refused or harmless
# but can change what the field means, so the equality with the clean render is not asked.
EXACT = {"loai", "do_khan", "do_mat", "quyen_han", "ky_hieu", "viet_tat", "luu", "ky",
         "don_vi_soan_thao", "nguoi_ky"}


def strings(data: Any, loc: Loc = ()) -> list[Loc]:
    """Return the location of every string in ``data`` except ``loai``."""
    if isinstance(data, str):
        return [loc] if loc != ("loai",) else []
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in strings(v, (*loc, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in strings(v, (*loc, i))]
    return []


def get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def put(data: Any, loc: Loc, value: Any) -> None:
    get(data, loc[:-1])[loc[-1]] = value


def entries(data: dict) -> list[Loc]:
    """Return the location of every entry of a list whose entries vbhc punctuates."""
    out = []
    for loc in ENTRY_LISTS:
        try:
            items = get(data, loc)
        except (KeyError, IndexError, TypeError):
            continue
        out += [(*loc, i) for i in range(len(items))]
    for i, task in enumerate(data.get("nhiem_vu", [])):
        out += [("nhiem_vu", i, "co_quan_thuc_hien", j)
                for j in range(len(task["co_quan_thuc_hien"]))]
    return out


@st.composite
def slipped(draw) -> tuple[dict, dict, list[tuple[str, str]], str | None]:
    """Return (clean data, data with slips, [(field path, what a warning must say)],
    field path of a refused insertion or None)."""
    clean = draw(documents)
    if clean["loai"] in ("bao-cao", "thong-bao") and draw(st.booleans()):
        clean["kinh_gui"] = draw(st.lists(NAMES | LONG_NAMES, min_size=1, max_size=3,
                                          unique=True))
    if clean["loai"] == "cong-van" and draw(st.booleans()):
        clean["kinh_gui"] = draw(st.lists(LONG_NAMES, min_size=1, max_size=4, unique=True))
    if draw(st.booleans()):
        clean["noi_nhan"]["danh_sach"] += draw(st.lists(LONG_NAMES, max_size=8))
    if draw(st.integers(0, 3)) == 0:
        clean["noi_nhan"]["nhu_tren"] = draw(st.booleans())
    data = copy.deepcopy(clean)
    expected: list[tuple[str, str]] = []
    kinds = draw(st.lists(st.sampled_from(["entry", "vv", "nhu_tren", "luu", "space", "zero"]),
                          max_size=4))
    # lines inserted first, so that the places of the later slips stay where they are
    for kind in sorted(kinds, key=lambda k: k not in ("nhu_tren", "luu")):
        if kind == "entry":
            places = entries(data)
            if not places:
                continue
            loc = draw(st.sampled_from(places))
            text = get(data, loc)
            if text != text.strip(" -;.,") or text.lower().startswith("kính gửi"):
                continue  # one slip per entry: the expected warning stays exact
            head = draw(st.sampled_from(["", "- ", "-", "+ ", "• "]))
            if loc[0] == "kinh_gui" and draw(st.booleans()):
                head = draw(st.sampled_from(["Kính gửi: ", "Kính gửi:", "kính gửi "])) + head
            tail = draw(st.sampled_from(["", ";", ".", ",", " ;", ".;"]))
            if not head and not tail:
                tail = ";"
            put(data, loc, head + text + tail)
            expected.append((format_path(loc), "bỏ «"))
        elif kind == "vv" and not data["trich_yeu"].lower().startswith("v/v"):
            data["trich_yeu"] = draw(st.sampled_from(["V/v ", "V/v: ", "v/v ", "V/V "])) \
                + data["trich_yeu"]
            titled = _titled(clean["loai"])  # a kind name: "Về việc ..." or a capital
            if titled is not None:
                clean["trich_yeu"] = vv_in_titled("V/v " + clean["trich_yeu"], titled)[0]
            expected.append(("trich_yeu", "V/v"))
        elif kind == "nhu_tren" and data.get("kinh_gui") \
                and "nhu_tren" not in data["noi_nhan"]:
            items = data["noi_nhan"]["danh_sach"]
            at = draw(st.integers(0, len(items)))
            items.insert(at, draw(st.sampled_from(["Như trên", "- Như trên;", "như trên"])))
            data["noi_nhan"]["nhu_tren"] = None  # marks that it was typed, for the next one
            expected.append(("noi_nhan.danh_sach", "Như trên"))
        elif kind == "luu" and not any(str(i).startswith(("Lưu", "- Lưu"))
                                       for i in data["noi_nhan"]["danh_sach"]):
            items = data["noi_nhan"]["danh_sach"]
            at = draw(st.integers(0, len(items)))
            luu = data["noi_nhan"]["luu"]
            items.insert(at, draw(st.sampled_from([f"Lưu: {luu}", f"- Lưu: {luu}.",
                                                   f"Lưu {luu}"])))
            expected.append(("noi_nhan.danh_sach", "Lưu"))
        elif kind in ("space", "zero"):
            loc = draw(st.sampled_from(strings(data)))
            if set(loc) & EXACT:
                continue
            text = get(data, loc)
            if kind == "space" and " " in text.strip():
                spaces = [i for i, c in enumerate(text) if c == " " and 0 < i < len(text) - 1]
                at = draw(st.sampled_from(spaces))
                put(data, loc, text[:at] + draw(st.sampled_from(SPACES)) + text[at + 1:])
                expected.append((format_path(loc), "dấu cách"))
            elif kind == "zero":
                at = draw(st.integers(0, len(text)))
                put(data, loc, text[:at] + draw(st.sampled_from(ZERO_WIDTH)) + text[at:])
                expected.append((format_path(loc), "bỏ "))
    if data["noi_nhan"].get("nhu_tren", 0) is None:
        del data["noi_nhan"]["nhu_tren"]
    refused = None
    if draw(st.integers(0, 3)) == 0:
        loc = draw(st.sampled_from(strings(data)))
        text = get(data, loc)
        at = draw(st.integers(0, len(text)))
        put(data, loc, f"{text[:at]} {draw(st.sampled_from(REFUSED))} {text[at:]}")
        refused = format_path(loc)
    return clean, data, expected, refused


def render_and_check(tmp_path_factory, doc) -> bytes:
    rendered = vbhc.render_bytes(doc)
    path = tmp_path_factory.mktemp("bat-bien") / "vb.docx"
    path.write_bytes(rendered)
    errors = [f for f in vbhc.check(path) if f.is_error]
    assert not errors, [(f.rule, f.excerpt, f.message) for f in errors]
    return rendered


def names(problem: Problem, path: str) -> bool:
    """True when ``problem`` names the field at ``path``, the list or model holding it, or
    an entry of it."""
    a, b = sorted((problem.path, path), key=len)
    return bool(a) and (a == b or b.startswith((a + ".", a + "[")))


@FUZZ
@given(slipped())
def test_render_never_writes_what_check_rejects(tmp_path_factory, case):
    clean, data, expected, refused = case
    warnings: list[Problem] = []
    try:
        doc = validate_data(data, warnings=warnings)
    except InputError as exc:
        assert refused is not None, [str(p) for p in exc.problems]
        assert any(names(p, refused) for p in exc.problems), \
            (refused, [str(p) for p in exc.problems])
        return
    assert refused is None, f"{refused}: phải bị từ chối"
    for path, needle in expected:
        assert any(names(w, path) and needle in w.message for w in warnings), \
            (path, needle, [str(w) for w in warnings])
    assert all(w.severity == "cảnh báo" for w in warnings)
    rendered = render_and_check(tmp_path_factory, doc)
    assert rendered == vbhc.render_bytes(validate_data(clean)), \
        "một lỗi gõ đã chuẩn hóa phải cho ra đúng tệp của văn bản sạch"


@pytest.mark.skipif(EXAMPLES <= 25, reason="chỉ chạy trong make test-slow")
def test_slow_mode_runs_more_slip_examples():
    assert SLIP_EXAMPLES >= 2000
