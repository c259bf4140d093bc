"""The rule registry (the checks register themselves on import; vbhc.checker.rules imports
them all): rule data from vbhc/data/nd30-rules.yaml, one check function per id.

A check function takes the document's components and its rule's data and yields Hits;
the checker turns them into findings (vbhc.errors.Problem) with the rule's severity,
reference and message.
Rule data is validated when loaded, and ``verify_registry`` fails when data and code
disagree (a test calls it).
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from vbhc.checker.components import Components, Part
from vbhc.checker.document import Para
from vbhc.data import data_yaml, files

DATA_FILE = "nd30-rules.yaml"
SEVERITIES = {"loi": "lỗi", "canh-bao": "cảnh báo"}
TAG_SEVERITY = {"C": "loi", "S": "canh-bao", "M": "canh-bao", "H": "canh-bao"}
KEYS = {"muc_do", "nhan", "tham_chieu", "thong_diep", "tham_so"}
LOOK_FLAGS = ("dam", "nghieng", "in_hoa")
"""Parameters of a look rule that are true (required), false (forbidden) or absent."""
ALIGNMENTS = {"giua": "center", "trai": "left"}
"""Values of a look rule's ``can`` parameter -> w:jc family the check accepts."""


class RuleDataError(ValueError):
    """The packaged rule data is malformed: a bug in vbhc, not the clerk's input."""


@dataclass(frozen=True)
class RuleSpec:
    """One rule as data: id, severity ("lỗi" | "cảnh báo"), trust tag (C, S, M, H), ND30
    reference, message template and parameters (units in the parameter's name)."""

    id: str
    severity: str  # "lỗi" | "cảnh báo"
    tag: str
    reference: str
    template: str
    params: dict[str, Any]

    def message(self, chi_tiet: str) -> str:
        """Return the rule's message with ``chi_tiet`` (the check's detail) filled in."""
        return self.template.format(chi_tiet=chi_tiet, **self.params)


@dataclass(frozen=True)
class Hit:
    """One problem a check found: where (a component, a paragraph, or None for the whole
    document), the detail its rule's message is filled with, and an excerpt to quote instead
    of the text found there."""

    where: Part | Para | None
    chi_tiet: str
    excerpt: str | None = None


Check = Callable[[Components, RuleSpec], Iterator[Hit]]
REGISTRY: dict[str, Check] = {}


def rule(rule_id: str) -> Callable[[Check], Check]:
    """Return a decorator registering a check function as the check of ``rule_id``; raises
    RuleDataError when ``rule_id`` already has one."""""

    def register(func: Check) -> Check:
        """Register ``func`` and return it unchanged."""
        if rule_id in REGISTRY:
            raise RuleDataError(f"quy tắc {rule_id} có hai hàm kiểm tra")
        REGISTRY[rule_id] = func
        return func

    return register


def validate(data: Any) -> dict[str, RuleSpec]:
    """Return the rule specs in ``data`` or raise RuleDataError naming what is wrong."""
    if not isinstance(data, dict) or not data:
        raise RuleDataError(f"{DATA_FILE}: phải là một bảng mã quy tắc -> thuộc tính")
    out: dict[str, RuleSpec] = {}
    for rid, body in data.items():
        where = f"{DATA_FILE}: {rid}"
        if not isinstance(body, dict):
            raise RuleDataError(f"{where}: phải là một bảng thuộc tính")
        if set(body) != KEYS:
            raise RuleDataError(f"{where}: thuộc tính phải đúng là {sorted(KEYS)}")
        if body["muc_do"] not in SEVERITIES:
            raise RuleDataError(f"{where}: muc_do phải là {sorted(SEVERITIES)}")
        if TAG_SEVERITY.get(body["nhan"]) != body["muc_do"]:
            raise RuleDataError(f"{where}: nhãn {body['nhan']} đòi mức độ "
                                f"{TAG_SEVERITY.get(body['nhan'], '?')}")
        params = body["tham_so"]
        if not isinstance(params, dict):
            raise RuleDataError(f"{where}: tham_so phải là một bảng")
        for key in LOOK_FLAGS:
            if key in params and not isinstance(params[key], bool):
                raise RuleDataError(f"{where}: {key} phải là true hoặc false")
        if "can" in params and params["can"] not in ALIGNMENTS:
            raise RuleDataError(f"{where}: can phải là {sorted(ALIGNMENTS)}")
        for key in ("tham_chieu", "thong_diep"):
            if not isinstance(body[key], str) or not body[key].strip():
                raise RuleDataError(f"{where}: {key} phải là chuỗi khác rỗng")
        names = {name.split(".")[0].split("[")[0]
                 for _, name, _, _ in string.Formatter().parse(body["thong_diep"]) if name}
        unknown = names - set(params) - {"chi_tiet"}
        if unknown or "chi_tiet" not in names:
            raise RuleDataError(f"{where}: thong_diep dùng {sorted(unknown)} không có trong "
                                "tham_so, hoặc thiếu {chi_tiet}")
        spec = RuleSpec(rid, SEVERITIES[body["muc_do"]], body["nhan"], body["tham_chieu"],
                        body["thong_diep"], params)
        try:
            spec.message("x")
        except (KeyError, IndexError, ValueError, TypeError) as exc:
            raise RuleDataError(f"{where}: thong_diep không điền được ({exc})") from None
        out[rid] = spec
    return out


@cache
def load_rules() -> dict[str, RuleSpec]:
    """Return the packaged rules, validated, in file order (parsed with libyaml's C loader
    through vbhc.data.data_yaml: the same objects as yaml.safe_load, read on every cold
    render that checks its output)."""
    text = files("vbhc.data").joinpath(DATA_FILE).read_text("utf-8")
    return validate(data_yaml(text))
