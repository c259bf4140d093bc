"""vbhc's own data files (YAML and JSON tables read with ``importlib.resources``).

``make templates`` (``vbhc.data.main``) stores each YAML table of this folder as
read, in JSON, under ``da-doc/<SHA-256 of its text>.json``: :func:`data_yaml` then reads a
shipped table with the json module instead of PyYAML's Python constructor (~7 ms of CPU on a
cold ``vbhc render``). tests/test_speed_cold_render.py fails while a stored table is
missing or differs from the YAML.
"""

from __future__ import annotations

import hashlib
import json
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

PARSED = "da-doc"
"""The folder (in vbhc/data) of the shipped YAML tables as read, one JSON file each, named
by the SHA-256 of the table's UTF-8 text."""


def files(package: str) -> Traversable:
    """Return ``importlib.resources.files(package)`` for one of vbhc's packages: the same
    ``pathlib.Path`` of its folder when it is read from one (a source or bytecode file
    loader: importlib's FileReader gives the folder of its ``__init__`` file), without
    importing importlib.resources and its readers (~29 M instructions of a cold ``vbhc
    render``); otherwise (a zip, a namespace package, another loader) importlib.resources'
    own answer. Raises what importing ``package`` raises."""
    from importlib.machinery import SourceFileLoader, SourcelessFileLoader

    spec = import_module(package).__spec__
    loader = spec.loader if spec is not None else None
    if isinstance(loader, (SourceFileLoader, SourcelessFileLoader)) \
            and spec.submodule_search_locations is not None:
        return Path(loader.path).parent
    from importlib.resources import files as resource_files

    return resource_files(package)


def data_yaml(text: str) -> Any:
    """Return the data of one of vbhc's own YAML files (trusted, plain YAML 1.1): the same
    objects as ``yaml.safe_load``, parsed by libyaml's C parser when PyYAML has it (several
    times faster; these tables are read on every cold start), or read from the JSON copy
    stored for exactly this text (``PARSED``), fresh objects on every call either way."""
    stored = _stored(text)
    if stored is not None:
        return stored
    return _parse(text)


def _parse(text: str) -> Any:
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored(text: str) -> Any:
    """Return the stored reading of ``text`` (None when there is none)."""
    try:
        raw = files(__name__).joinpath(f"{PARSED}/{_digest(text)}.json").read_bytes()
    except OSError:
        return None
    return json.loads(raw)


def same_objects(a: Any, b: Any) -> bool:
    """Return whether ``a`` and ``b`` are equal with the same types all the way down (JSON
    would turn a date into a string, and ``1 == True`` for ``==``)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_objects(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_objects(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def stored_tables(root: Path | None = None) -> dict[str, str]:
    """Return file name -> JSON text of every YAML table under ``root`` (default: this
    folder) that JSON holds exactly (a table with a date, a number key or NaN is left to
    PyYAML, and so is a file that is not plain YAML). Raises OSError for an unreadable
    file."""
    import yaml

    root = root or Path(__file__).parent
    out = {}
    for path in sorted(root.rglob("*.yaml")):
        text = path.read_text("utf-8")
        try:
            data = _parse(text)
        except yaml.YAMLError:
            continue
        shown = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")) \
            if _jsonable(data) else None
        if shown is not None and same_objects(json.loads(shown), data):
            out[f"{_digest(text)}.json"] = shown + "\n"
    return out


def _jsonable(data: Any) -> bool:
    try:
        json.dumps(data, allow_nan=False)
    except (TypeError, ValueError):
        return False
    return True


def main() -> None:
    """Write ``PARSED`` afresh for the tables of this source tree (``make templates``)."""
    from vbhc.files import write_generated

    folder = Path(__file__).parent / PARSED
    tables = stored_tables()
    write_generated(folder, tables, "*.json")
    print(f"Đã ghi {len(tables)} bảng vào {folder}")


if __name__ == "__main__":
    main()
