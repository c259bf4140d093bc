"""Source + frame -> a validated model, by the body mapper registered for the kind's model."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vbhc.errors import Problem
from vbhc.importer.addressees import take_addressees
from vbhc.importer.appendix import appendices
from vbhc.importer.decision import decision_body, recipients_as_article
from vbhc.importer.dispatch import dispatch_body
from vbhc.importer.errors import NotImportable
from vbhc.importer.fields import common_data
from vbhc.importer.forms import (
    introduction_body,
    invitation_body,
    leave_body,
    telegram_body,
    untitled_frame,
)
from vbhc.importer.frame import Frame
from vbhc.importer.general import general_body
from vbhc.importer.header import Policy, refine
from vbhc.importer.minutes import minutes_body, minutes_frame
from vbhc.importer.patterns import data as data_file
from vbhc.importer.plan import plan_body, task_tables
from vbhc.importer.source import Para, Source, to_markup
from vbhc.loader import validate_data
from vbhc.model.classes import model_class
from vbhc.model.kinds import Kind, kinds

if TYPE_CHECKING:
    from vbhc.importer.result import ImportResult, Warn

CITED = re.compile(r"(?<!\\)\[\^([^\]\s\\]+)\]")


def _plan(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    out = plan_body(body, warn)  # tables stay tables (plan.plan_body)
    if frame.phu_luc:  # an appendix's task tables get their roles as a section's do
        out["phu_luc"] = [task_tables(a) for a in appendices(frame.phu_luc, warn)]
    return out


@dataclass(frozen=True)
class BodyMapper:
    """How the body of one model's documents is read, and which header fields it writes."""

    body: Callable[[Frame, list[Para], Warn], dict[str, Any]]
    policy: Policy = field(default_factory=Policy)
    prepare: Callable[[Frame, list[Para]], list[Para]] | None = None  # completes the frame


# mo_hinh (data/loai-van-ban.yaml) -> body mapper; a kind is importable when its model has one.
# Plans keep their symbol and leave ten_rut_gon and the drafting unit alone, as their
# examples (and the derived plans) do.
BODIES = {
    "ke-hoach": BodyMapper(_plan, Policy(symbol_always=True, issuer_details=False)),
    "chung": BodyMapper(general_body),
    "cong-van": BodyMapper(dispatch_body),
    "quyet-dinh": BodyMapper(decision_body),
    "giay-moi": BodyMapper(invitation_body),
    "cong-dien": BodyMapper(telegram_body),
    "bien-ban": BodyMapper(minutes_body, prepare=minutes_frame),
    "giay-gioi-thieu": BodyMapper(introduction_body, prepare=untitled_frame),
    "giay-nghi-phep": BodyMapper(leave_body, prepare=untitled_frame),
}


def importable(row: Kind) -> bool:
    """Return whether documents of kind ``row`` can be imported."""
    return row.slug is not None and row.mo_hinh in BODIES


def _kind(source: Source, frame: Frame) -> Kind:
    rows = kinds()
    kind = frame.loai
    code = frame.so_ky_hieu.group("ky_hieu").split("-")[0] if frame.so_ky_hieu else None
    if kind is None and code:
        kind = next((k for k in rows if k.ky_hieu == code), None)
    if kind is None and (frame.trich_yeu_cong_van or code):
        kind = next(k for k in rows if k.slug and k.mo_hinh == "cong-van")  # no kind name
    if kind is None:
        raise NotImportable(source.name, "không thấy tên loại văn bản (ví dụ KẾ HOẠCH) hay "
                           "ký hiệu loại ở dòng 'Số:'")
    if not importable(kind):
        supported = ", ".join(sorted(k.ten for k in rows if importable(k)))
        raise NotImportable(source.name, f"chưa hỗ trợ nhập loại văn bản {kind.ten}; hiện "
                           f"nhập được: {supported}")
    return kind


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


_KEY_RUN = re.compile(r"[^\]\s\\]*")


def _cited(text: str) -> list[str]:
    """Return ``CITED.findall(text)`` in linear time: the regex retries the key at every
    ``[^`` of a run like ``[^[^[^...`` and rescans the rest of the run each time; here the
    end of a run of key characters is found once and shared by every ``[^`` inside it."""
    out: list[str] = []
    run_from = run_to = -1
    i = text.find("[^")
    while i != -1:
        start = i + 2
        if i == 0 or text[i - 1] != "\\":
            if not run_from <= start < run_to:
                run_from, run_to = start, _KEY_RUN.match(text, start).end()
            if run_to > start and run_to < len(text) and text[run_to] == "]":
                out.append(text[start:run_to])
                i = text.find("[^", run_to + 1)
                continue
        i = text.find("[^", i + 1)
    return out


def _footnotes(source: Source, data: dict[str, Any], warn: Warn) -> None:
    """Keep the footnotes the imported text cites (``chu_thich``); report the others."""
    cited: dict[str, None] = {}  # an ordered set: membership tests stay O(1)
    for text in _strings(data):
        cited.update(dict.fromkeys(_cited(text)))
    notes = {k: to_markup(v) for k, v in source.notes.items() if k in cited}
    dropped = [k for k in source.notes if k not in cited]
    if dropped:
        shown = ", ".join(dropped[:20]) + (", …" if len(dropped) > 20 else "")
        warn(f"bỏ {len(dropped)} chú thích không được dẫn trong phần đã nhập "
             f"(số {shown})")
    if notes:
        data["chu_thich"] = notes


def to_model(source: Source, frame: Frame) -> ImportResult:
    """Return the ImportResult for an administrative ``source`` whose frame was read."""
    from vbhc.importer.result import ImportResult

    kind = _kind(source, frame)
    assert kind.slug and kind.mo_hinh
    mapper = BODIES[kind.mo_hinh]
    warnings: list[str] = []
    body = frame.than
    if mapper.prepare:
        body = mapper.prepare(frame, body)
    addressees: list[str] = []
    fields = model_class(kind.slug).model_fields
    if "kinh_gui" in fields:
        addressees, body = take_addressees(body)
        if not addressees and fields["kinh_gui"].is_required():
            warnings.append("không thấy dòng 'Kính gửi:'; điền lại kinh_gui")
            addressees = [data_file("chung")["cho_trong"]["kinh_gui"]]
    data: dict[str, Any] = {"loai": kind.slug}
    data.update(common_data(frame, [p.text for p in body], warnings.append,
                            addressees=bool(addressees)))
    refine(data, frame, kind.slug, mapper.policy, warnings.append)
    if addressees:
        data["kinh_gui"] = addressees
    data.update(mapper.body(frame, body, warnings.append))
    if "nhu_dieu" in fields["noi_nhan"].annotation.model_fields:  # "- Như Điều N;"
        recipients_as_article(data)
    warnings += source.warnings
    if frame.dau_bo_qua:
        shown = "; ".join(f"'{t[:40]}'" for t in frame.dau_bo_qua[:5])
        warnings.append(f"bỏ qua {len(frame.dau_bo_qua)} dòng ở phần đầu văn bản không ứng với "
                        f"thành phần nào: {shown}")
    if frame.hop_van_ban:
        shown = "; ".join(f"'{t[:40]}'" for t in frame.hop_van_ban[:5])
        warnings.append(f"bỏ qua {len(frame.hop_van_ban)} đoạn trong hộp văn bản (text box: "
                        f"dấu, chữ dự thảo...): {shown}")
    _footnotes(source, data, warnings.append)
    document = validate_data(data, source.name)
    return ImportResult(document, [Problem("", w, source.name, severity="cảnh báo")
                                   for w in warnings])
