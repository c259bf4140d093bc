"""Source + frame -> a validated model, by the importer registered for the document's kind."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from vbhc.importer.errors import NotImportable
from vbhc.importer.fields import common_data
from vbhc.importer.frame import Frame
from vbhc.importer.plan import plan_body
from vbhc.importer.source import Source, to_markup
from vbhc.loader import validate_data

if TYPE_CHECKING:
    from vbhc.importer import ImportResult

# kind slug -> body mapper; a kind is importable when it has one here.
BODIES = {"ke-hoach": plan_body}
CITED = re.compile(r"(?<!\\)\[\^([^\]\s\\]+)\]")


def _kind_slug(source: Source, frame: Frame) -> str:
    kind = frame.kind
    if kind is None and frame.number is not None:
        code = frame.number.group("ky_hieu").split("-")[0]
        from vbhc.model.kinds import kinds

        kind = next((k for k in kinds() if k.ky_hieu == code), None)
    if kind is None:
        what = "Công văn" if frame.dispatch_subject else None
        if what is None:
            raise NotImportable(source.name, "không thấy tên loại văn bản (ví dụ KẾ HOẠCH) hay "
                               "ký hiệu loại ở dòng 'Số:'")
        kind_name = what
    else:
        kind_name = kind.ten
    slug = kind.slug if kind else None
    if slug not in BODIES:
        from vbhc.model.kinds import kind as kind_of

        supported = ", ".join(kind_of(s).ten for s in sorted(BODIES))
        raise NotImportable(source.name, f"chưa hỗ trợ nhập loại văn bản {kind_name}; hiện "
                           f"nhập được: {supported}")
    return slug


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def to_model(source: Source, frame: Frame) -> ImportResult:
    """Return the ImportResult for an administrative ``source`` whose frame was read."""
    from vbhc.importer import ImportResult

    slug = _kind_slug(source, frame)
    warnings: list[str] = []
    body_text = [p.text for p in frame.body]
    data: dict[str, Any] = {"loai": slug}
    data.update(common_data(frame, body_text, warnings.append))
    data.update(BODIES[slug](frame.body, warnings.append))
    cited = []
    for text in _strings(data):
        cited += [k for k in CITED.findall(text) if k not in cited]
    notes = {k: to_markup(v) for k, v in source.notes.items() if k in cited}
    dropped = [k for k in source.notes if k not in cited]
    if dropped:
        warnings.append(f"bỏ {len(dropped)} chú thích không được dẫn trong phần đã nhập "
                        f"(số {', '.join(dropped)})")
    if notes:
        data["chu_thich"] = notes
    if frame.appendix:
        warnings.append(f"bỏ qua phần phụ lục sau chữ ký ({len(frame.appendix)} đoạn, bắt đầu "
                        f"'{frame.appendix[0].text[:60]}'): kế hoạch chưa có trường phụ lục")
    if any(p.cell is not None for p in frame.body):
        warnings.append("thân văn bản có bảng: nội dung các ô được nhập thành các đoạn văn")
    document = validate_data(data, source.name)
    return ImportResult(document, [f"{source.name}: {w}" for w in warnings])
