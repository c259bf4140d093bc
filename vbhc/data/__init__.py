"""vbhc's own data files (YAML and JSON tables read with ``importlib.resources``)."""

from __future__ import annotations

from typing import Any


def data_yaml(text: str) -> Any:
    """Return the data of one of vbhc's own YAML files (trusted, plain YAML 1.1): the same
    objects as ``yaml.safe_load``, parsed by libyaml's C parser when PyYAML has it (several
    times faster; these tables are read on every cold start)."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
