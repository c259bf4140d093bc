"""ND30 rules: the registry (vbhc.checker.rules.registry: rule data from
vbhc/data/nd30-rules.yaml, one check function per id) and the rule modules, imported here so
that every check is registered once this package is imported."""

from __future__ import annotations

from vbhc.checker.rules import (  # registers them
    anh_ky,  # signature and seal images (ô 7c, 8)
    body,
    closing,
    header,
    page,
    strings,
    title,
)
from vbhc.checker.rules.registry import (
    ALIGNMENTS,
    DATA_FILE,
    KEYS,
    LOOK_FLAGS,
    REGISTRY,
    SEVERITIES,
    TAG_SEVERITY,
    Check,
    Hit,
    RuleDataError,
    RuleSpec,
    load_rules,
    rule,
    validate,
)

__all__ = ["ALIGNMENTS", "DATA_FILE", "KEYS", "LOOK_FLAGS", "REGISTRY", "SEVERITIES",
           "TAG_SEVERITY", "Check", "Hit", "RuleDataError", "RuleSpec", "load_rules", "rule",
           "validate", "verify_registry"]
_CHECK_MODULES = (body, closing, header, page, strings, title, anh_ky)


def verify_registry() -> None:
    """Raise RuleDataError when a rule id has data but no check, or a check but no data."""
    data, code = set(load_rules()), set(REGISTRY)
    if data != code:
        raise RuleDataError(f"quy tắc chỉ có dữ liệu: {sorted(data - code)}; "
                            f"chỉ có mã kiểm tra: {sorted(code - data)}")

