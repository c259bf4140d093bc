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
with the project's one YAML reader (vbhc.yaml_in.parse: no tags, no code, a key given twice
refused naming its line, ``no``/``off``/``yes`` kept as the text written, not YAML 1.1
booleans), at most MAX_CONFIG_BYTES. A file that changes nothing (empty, only comments,
or an empty ``quy_tac``) is accepted with a warning in ``CheckConfig.notes``.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from vbhc.checker.rules import load_rules
from vbhc.errors import InputError, Problem, ReadError
from vbhc.files import check_regular, read_input_bytes
from vbhc.yaml_in import parse

MAX_CONFIG_BYTES = 64 * 1024
"""The largest settings file read (a list of every rule is under 4 KB)."""
VALUES = {"loi": "lỗi", "lỗi": "lỗi", "canh-bao": "cảnh báo", "cảnh báo": "cảnh báo",
          "canh_bao": "cảnh báo", "tat": None, "tắt": None}
"""Accepted values -> the severity findings get (None: the rule is off)."""
KEY = "quy_tac"
OFF_WORDS = {"no", "off", "false", "n", "khong", "không"}
"""Values a clerk may write meaning "off": refused (not guessed), the message says ``tat``."""


@dataclass(frozen=True)
class CheckConfig:
    """Per-rule severity overrides: rule id -> "lỗi" | "cảnh báo" | None (off); ``notes``:
    warnings about the file itself (it changes nothing), for the command to print."""

    rules: dict[str, str | None] = field(default_factory=dict)
    source: str = ""
    notes: tuple[Problem, ...] = ()

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
    pre = "" if source else "tệp cấu hình: "  # a Problem with a file names it already
    data, lines = parse(text, source or "tệp cấu hình")  # InputError naming the line
    if data is None:
        return CheckConfig(source=source, notes=(_changes_nothing(source),))
    if not isinstance(data, dict) or set(data) - {KEY}:
        extra = sorted(str(k) for k in data) if isinstance(data, dict) else []
        raise InputError([Problem(KEY, f"{pre}chỉ có một khóa «{KEY}» (quy tắc -> "
                                  f"loi | canh-bao | tat); gặp {extra or type(data).__name__}",
                                  file=source or None, line=lines.line((KEY,)))])
    table = data[KEY]
    if table is None or table == {}:
        return CheckConfig(source=source, notes=(_changes_nothing(source),))
    if not isinstance(table, dict):
        raise InputError([Problem(KEY, f"{pre}«{KEY}» phải là một bảng mã quy tắc -> "
                                  "loi | canh-bao | tat", file=source or None,
                                  line=lines.line((KEY,)))])
    known = list(load_rules())
    problems: list[Problem] = []
    rules: dict[str, str | None] = {}
    for rid, value in table.items():
        name = str(rid)
        if name not in known:
            near = difflib.get_close_matches(name, known, n=3)
            hint = f"; có phải {', '.join(near)}?" if near else \
                "; xem danh sách quy tắc trong vbhc/data/nd30-rules.yaml"
            problems.append(Problem(f"{KEY}.{name}", f"{pre}không có quy tắc «{name}»"
                                    + hint, file=source or None,
                                    line=lines.line((KEY, rid))))
            continue
        key = value.strip().lower() if isinstance(value, str) else None
        if key not in VALUES:
            shown = value if isinstance(value, str) else "(trống)" if value is None \
                else str(value).lower() if isinstance(value, bool) else str(value)
            off = "; muốn tắt quy tắc thì viết tat" if key in OFF_WORDS or value is False \
                else ""
            problems.append(Problem(f"{KEY}.{name}", f"{pre}giá trị «{shown}» không hợp lệ;"
                                    f" phải là loi, canh-bao hoặc tat{off}",
                                    file=source or None,
                                    line=lines.line((KEY, rid))))
            continue
        rules[name] = VALUES[key]
    if problems:
        raise InputError(problems)
    return CheckConfig(rules, source)


def _changes_nothing(source: str) -> Problem:
    """Return the warning for a settings file that sets no rule."""
    return Problem(KEY, "tệp cấu hình không đặt quy tắc nào (trống hoặc «{KEY}» "
                   "trống) nên không thay đổi gì; mọi quy tắc giữ mức mặc định",
                   file=source or None, severity="cảnh báo")


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
