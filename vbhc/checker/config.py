"""An agency's own settings for vbhc check: a rule's severity changed or the rule turned
off, in a small YAML file (yamllint's model), named with ``vbhc check --cau-hinh FILE``.

The file::

    # .vbhc-check.yaml của Văn phòng UBND tỉnh
    quy_tac:
      le-trang: canh-bao        # lỗi -> cảnh báo
      than-khoang-cach: tat     # không kiểm tra
      tieu-de-muc: loi          # cảnh báo -> lỗi

Each value is ``loi`` (lỗi), ``canh-bao`` (cảnh báo) or ``tat`` (off); the Vietnamese
spellings "lỗi", "cảnh báo", "tắt" are accepted too. A rule id the checker does not have, a
value that is none of these or any other key is refused with a Vietnamese message naming it
(exit 1), never ignored: a typo must not silently switch a check back on. The file is read
as plain YAML data (yaml.safe_load: no tags, no code), at most MAX_CONFIG_BYTES.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

import yaml

from vbhc.checker.rules import load_rules
from vbhc.errors import InputError, Problem, ReadError
from vbhc.files import check_regular, read_input_bytes

MAX_CONFIG_BYTES = 64 * 1024
"""The largest settings file read (a list of every rule is under 4 KB)."""
VALUES = {"loi": "lỗi", "lỗi": "lỗi", "canh-bao": "cảnh báo", "cảnh báo": "cảnh báo",
          "canh_bao": "cảnh báo", "tat": None, "tắt": None}
"""Accepted values -> the severity findings get (None: the rule is off)."""
KEY = "quy_tac"


@dataclass(frozen=True)
class CheckConfig:
    """Per-rule severity overrides: rule id -> "lỗi" | "cảnh báo" | None (off)."""

    rules: dict[str, str | None] = field(default_factory=dict)
    source: str = ""

    def enabled(self, rule_id: str) -> bool:
        """Return whether rule ``rule_id`` runs."""
        return self.rules.get(rule_id, "") is not None

    def severity(self, rule_id: str, default: str) -> str:
        """Return the severity findings of ``rule_id`` get (``default``: the rule data's)."""
        value = self.rules.get(rule_id)
        return value if value else default


def parse_config(text: str, source: str = "") -> CheckConfig:
    """Return the settings in YAML ``text`` (``source`` names the file in messages).

    Raises InputError listing every problem: not YAML, not a mapping with only
    ``quy_tac``, an unknown rule id (with the nearest known ones), an unknown value."""
    where = source or "tệp cấu hình"
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputError([Problem("", "không đọc được YAML của tệp cấu hình kiểm tra",
                                  file=source or None, line=line)]) from None
    if data is None:
        return CheckConfig(source=source)
    if not isinstance(data, dict) or set(data) - {KEY}:
        extra = sorted(str(k) for k in data) if isinstance(data, dict) else []
        raise InputError([Problem(KEY, f"{where}: chỉ có một khóa «{KEY}» (quy tắc -> "
                                  f"loi | canh-bao | tat); gặp {extra or type(data).__name__}")])
    table = data[KEY] or {}
    if not isinstance(table, dict):
        raise InputError([Problem(KEY, f"{where}: «{KEY}» phải là một bảng mã quy tắc -> "
                                  "loi | canh-bao | tat")])
    known = list(load_rules())
    problems: list[Problem] = []
    rules: dict[str, str | None] = {}
    for rid, value in table.items():
        name = str(rid)
        if name not in known:
            near = difflib.get_close_matches(name, known, n=3)
            hint = f"; có phải {', '.join(near)}?" if near else \
                "; xem danh sách quy tắc trong vbhc/data/nd30-rules.yaml"
            problems.append(Problem(f"{KEY}.{name}", f"{where}: không có quy tắc «{name}»"
                                    + hint))
            continue
        key = str(value).strip().lower() if isinstance(value, str) else value
        if key not in VALUES:
            problems.append(Problem(f"{KEY}.{name}", f"{where}: giá trị «{value}» không hợp lệ;"
                                    " phải là loi, canh-bao hoặc tat"))
            continue
        rules[name] = VALUES[key]
    if problems:
        raise InputError(problems)
    return CheckConfig(rules, source)


def load_config(path: str | os.PathLike) -> CheckConfig:
    """Return the settings in the file ``path`` (ReadError, exit 2, when it cannot be read
    or is larger than MAX_CONFIG_BYTES; InputError as parse_config)."""
    size = check_regular(path).stat().st_size
    if size > MAX_CONFIG_BYTES:
        raise ReadError(f"{os.fspath(path)}: tệp cấu hình kiểm tra lớn quá "
                        f"{MAX_CONFIG_BYTES // 1024} KB")
    data = read_input_bytes(path, MAX_CONFIG_BYTES)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("", f"{os.fspath(path)}: tệp cấu hình phải mã hóa UTF-8")]
                         ) from None
    return parse_config(text, os.fspath(path))
