"""Recognition patterns loaded from data/nhap-*.yaml (edit the data, not the code)."""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

import yaml


@cache
def data(name: str) -> dict[str, Any]:
    """Return data/nhap-<name>.yaml."""
    return yaml.safe_load(files("vbhc.data").joinpath(f"nhap-{name}.yaml").read_text("utf-8"))


@cache
def pattern(key: str) -> re.Pattern[str]:
    """Return the compiled pattern ``key`` of data/nhap-chung.yaml."""
    return re.compile(data("chung")[key])


def is_upper(text: str) -> bool:
    """Return whether ``text`` has letters and all of them are capitals."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)
