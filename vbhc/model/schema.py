"""JSON Schema for each kind, generated from the models (``python -m vbhc.model.schema DIR``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vbhc.model.kinds import kind, known_slugs, model_class

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def schema(slug: str) -> dict:
    """Return the JSON Schema of the model for ``slug``."""
    body = model_class(slug).model_json_schema()
    loai = body["properties"]["loai"]
    loai.pop("type", None)
    loai["const"] = slug  # one model may serve several kinds: pin this schema to one
    body["title"] = kind(slug).ten
    return {"$schema": DRAFT, **body}


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
