"""JSON Schema for each kind, generated from the models (``python -m vbhc.model.schema DIR``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vbhc.model.classes import model_class
from vbhc.model.kinds import kind, known_slugs

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema(slug: str) -> dict:
    """Return the JSON Schema of the model for ``slug``."""
    body = model_class(slug).model_json_schema()
    loai = body["properties"]["loai"]
    loai.pop("type", None)
    loai["const"] = slug  # one model may serve several kinds: pin this schema to one
    body["title"] = kind(slug).ten
    _allow_profiles(body)
    return {"$schema": DRAFT, **body}


def _allow_profiles(body: dict) -> None:
    """Let the schema accept what a profile resolves (vbhc.profiles): ``co_quan`` as a path
    or ``{ho_so: path, ...}``, ``nguoi_ky`` as a signer's key, ``noi_nhan`` left out."""
    props = body["properties"]
    props["co_quan"] = {
        "description": props["co_quan"]["description"],
        "anyOf": [
            {"$ref": "#/$defs/CoQuan"},
            {"type": "string", "description": "Đường dẫn tới hồ sơ cơ quan (.yaml), tính từ "
             "thư mục của văn bản."},
            {"type": "object", "required": ["ho_so"],
             "properties": {"ho_so": {"type": "string", "description": "Đường dẫn hồ sơ."}},
             "description": "Hồ sơ cơ quan kèm các trường ghi đè."},
        ],
    }
    props["nguoi_ky"] = {
        "description": props["nguoi_ky"]["description"],
        "anyOf": [{"$ref": "#/$defs/NguoiKy"},
                  {"type": "string", "description": "Khóa người ký trong hồ sơ cơ quan."}],
    }
    body["required"] = [f for f in body.get("required", []) if f != "noi_nhan"]


def schema_text(slug: str) -> str:
    """Return the schema as stable text: sorted keys, Unicode kept, final newline."""
    return json.dumps(schema(slug), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def write_all(folder: Path) -> list[Path]:
    """Write <slug>.schema.json for every kind into ``folder``; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for slug in known_slugs():
        path = folder / f"{slug}.schema.json"
        path.write_text(schema_text(slug), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "schemas")):
        print(f"đã ghi {path}")
