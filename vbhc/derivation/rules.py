"""Rewrite rules as data: data/dan-xuat/<cap>.yaml, merged with a province's own file.

A province's file (``--rules``) has a section per target level (``huyen:``, ``xa:``) with the
same shape as the packaged file. Mappings merge key by key; rules in lists are matched by
``id``: the same id changes that rule, a new id is appended, ``tat: true`` switches it off.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vbhc.data import data_yaml
from vbhc.errors import InputError, Problem, ReadError
from vbhc.model.common import no_bool

LEVELS = ("huyen", "xa")
DROP_SCOPES = ("muc_dich", "yeu_cau", "nhiem_vu", "nhiem_vu.noi_dung", "to_chuc_thuc_hien",
               "to_chuc_thuc_hien.nhiem_vu", "ket_luan")


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


REGEX_TIMEOUT = 0.5
"""Seconds one rule pattern may spend on one field. Patterns come from a province's rules
file: the ``regex`` engine (same syntax and Unicode ``\\w``/``\\b`` as Python's ``re``, which
the packaged rules rely on) stops a search that backtracks catastrophically, and the
derivation is refused with a message naming the pattern instead of running for hours."""
REGEX_BUDGET = 5.0
"""Seconds all rule patterns together may spend on one derivation (see ``regex_budget``)."""
_deadline: ContextVar[float | None] = ContextVar("vbhc_regex_deadline", default=None)


@contextmanager
def regex_budget(seconds: float | None = None) -> Iterator[None]:
    """Bound the total time rule patterns may search inside the ``with`` block (default:
    ``REGEX_BUDGET``)."""
    token = _deadline.set(time.monotonic() + (REGEX_BUDGET if seconds is None else seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def _timeout() -> float:
    deadline = _deadline.get()
    if deadline is None:
        return REGEX_TIMEOUT
    return min(REGEX_TIMEOUT, max(deadline - time.monotonic(), 0.001))


MAX_PATTERN = 2000
MAX_REPEAT = 100
"""Bounds on a rules-file pattern before it is compiled: the regex engine unrolls counted
repeats, so ``(?:(?:a){9999}){9999}`` took gigabytes to compile (found by the fuzz)."""
_COUNTED = regex.compile(r"\{\s*(\d+)\s*(?:,\s*(\d*)\s*)?\}")


class RulePattern:
    """A regex from a rules file, searched with a time limit (``REGEX_TIMEOUT``).

    A pattern that once used a whole ``REGEX_TIMEOUT`` on one text is refused at once from
    then on (``derive --all`` does not pay the limit again for every unit).
    """

    def __init__(self, pattern: str) -> None:
        self.text = pattern
        if len(pattern) > MAX_PATTERN:
            raise ValueError(f"dài quá {MAX_PATTERN} ký tự")
        counts = [int(n) for group in _COUNTED.findall(pattern) for n in group if n]
        product = 1
        for n in counts:  # nested repeats multiply; an upper bound for them all
            product *= max(n, 1)
        if any(n > MAX_REPEAT for n in counts) or product > MAX_REPEAT ** 2:
            raise ValueError(f"số lần lặp {{n}} quá lớn (mỗi số tối đa {MAX_REPEAT}, tích các "
                             f"số tối đa {MAX_REPEAT ** 2})")
        self.compiled = regex.compile(pattern, flags=regex.VERSION0)
        self.runaway = False

    def _timed_out(self, timeout: float) -> InputError:
        if timeout >= REGEX_TIMEOUT:
            self.runaway = True
        return InputError([Problem("", f"biểu thức chính quy '{self.text[:120]}' trong quy tắc "
                                   "chạy quá lâu (lặp lồng nhau như (a+)+); viết lại biểu "
                                   f"thức (giới hạn {REGEX_TIMEOUT:g} giây mỗi đoạn văn, "
                                   f"{REGEX_BUDGET:g} giây mỗi lần dẫn xuất)")])

    def _run(self, method: Callable[..., Any], text: str) -> Any:
        if self.runaway:
            raise self._timed_out(0)
        timeout = _timeout()
        try:
            return method(text, timeout=timeout)
        except TimeoutError:
            raise self._timed_out(timeout) from None

    def finditer(self, text: str) -> Iterator[regex.Match]:
        """Return the matches in ``text``; InputError when the time limit is reached."""
        return iter(self._run(lambda t, timeout: list(self.compiled.finditer(t, timeout=timeout)),
                              text))

    def search(self, text: str) -> regex.Match | None:
        """Return the first match in ``text``; InputError when the time limit is reached."""
        return self._run(self.compiled.search, text)


@lru_cache(maxsize=4096)
def rule_pattern(pattern: str) -> RulePattern:
    """Return the compiled, time-limited form of a rules-file ``pattern``; ValueError with a
    Vietnamese message when it does not compile."""
    try:
        return RulePattern(pattern)
    except (regex.error, OverflowError, RecursionError, ValueError, MemoryError) as exc:
        raise ValueError(f"biểu thức chính quy '{pattern[:120]}' không hợp lệ ({exc})") from None


def _check_regex(patterns: list[str]) -> list[str]:
    for pattern in patterns:
        rule_pattern(pattern)
    return patterns


class PhraseRule(_Part):
    """Replace phrases (``tu``) by ``thanh``; null drops a list item that is just the phrase."""

    id: str
    tu: list[str] = Field(min_length=1)
    thanh: str | None
    trong: list[str] = Field(default_factory=list)  # field scopes; empty = every text field
    ghi_chu: str | None = None


class OfficeRule(_Part):
    """A provincial office and its counterpart at the target level, from a per-era table
    (before 1 July 2025: Nghị định 37/2014/NĐ-CP as amended by Nghị định 108/2020/NĐ-CP; from
    then: Nghị định 150/2025/NĐ-CP). ``tu``: the office's names ("Sở Tài chính");
    ``thanh``: the counterpart ("Phòng Tài chính - Kế hoạch"), by unit kind in
    ``thanh_theo_loai``; null when the level has none (the phrase is kept and warned about).
    ``thu_truong``: head titles, source -> target ("Giám đốc" -> "Trưởng phòng"), rewritten
    with the office so no "Giám đốc Phòng …" can come out."""

    id: str
    tu: list[str] = Field(min_length=1)
    thanh: str | None
    thanh_theo_loai: dict[str, str] = Field(default_factory=dict)
    thu_truong: dict[str, str] = Field(default_factory=lambda: {
        "Phó Giám đốc": "Phó Trưởng phòng", "Giám đốc": "Trưởng phòng"})
    ghi_chu: str | None = None


class RoleRule(_Part):
    """Who does what once the plan is the unit's own (issue 14, role-aware reassignment).

    ``cung_cap``: the source's names for the bodies of the new issuer's own level ("UBND các
    huyện, thành phố" in a province's plan derived for a district). In the organisation, such
    a body's duties that ``rieng`` matches (submitting to its People's Council, guiding the
    level below, working with the Fatherland Front) stay with the issuer: they go to the office
    ``giao_cho`` as ``mau`` ("Tham mưu UBND huyện trình HĐND huyện …"), "cùng cấp" becoming
    the unit's kind; the other duties go down to ``cap_duoi`` (null: to ``giao_cho`` too).
    Among implementing bodies, the issuer itself (``UBND {loai}``) is never kept (it does not
    implement its own plan); a task left without one goes to ``thay_the``."""

    id: str
    cung_cap: list[str] = Field(default_factory=list)
    rieng: list[str] = Field(default_factory=list)
    giao_cho: str
    mau: str
    cap_duoi: str | None = None
    thay_the: str

    @field_validator("rieng")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        return _check_regex(value)


class PlaceholderRule(_Part):
    """Placeholders the office fills in (vbhc.derivation.placeholders): ``nhiem_vu`` adds a
    task for its own tasks and targets, ``kinh_phi`` a paragraph under the plan's section
    titled "Kinh phí …" when it has one. Null switches one off."""

    id: str
    nhiem_vu: str | None = None
    kinh_phi: str | None = None


class DropRule(_Part):
    """Drop paragraphs, tasks or organisation items that belong only to the province."""

    id: str
    trong: list[Literal[DROP_SCOPES]]  # type: ignore[valid-type]
    co_quan: list[str] = Field(default_factory=list)  # only under these source bodies
    khop: list[str] = Field(default_factory=list)  # regexes; empty = every item in scope
    ly_do: str

    @field_validator("khop")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        return _check_regex(value)


class IssuerRule(_Part):
    """The derived plan's issuer (ô 2): the unit's UBND, its short name and symbol abbreviation,
    and the place name of the date line (ND30 Phụ lục I, mục II.2 and II.4)."""

    id: str
    chu_quan: str | None = None
    ten: str
    ten_rut_gon: str | None = None  # the short name, when the province's plan has one
    viet_tat: str
    dia_danh: str


class NumberRule(_Part):
    """The derived plan's symbol, e.g. "KH-UBND" (ND30 Phụ lục I, mục II.3); the number is
    left blank for the văn thư."""

    id: str
    ky_hieu: str


class DateRule(_Part):
    """The derived plan's date when --ngay is not given: day and month blank for the văn thư
    (the unit's plan comes after the province's, so its month is not copied); ``giu_thang``
    keeps the source's month when the year is the same."""

    id: str
    giu_thang: bool = False


class SignerRule(_Part):
    """The derived plan's signature block (ô 7a): TM./KT. lines and the signer's title, per
    data/quyen-ky.yaml (ND30 Điều 13)."""

    id: str
    thay_mat: str | None = None
    quyen_han: str | None = None
    thu_truong: str | None = None
    chuc_vu: str | None = None


class LeadRule(_Part):
    """The lead paragraph citing the province's plan: ``mau`` with {van_ban_nguon},
    {trich_yeu_nguon}, {trich_yeu}."""

    id: str
    mau: str


class UpwardRule(_Part):
    """The target's own report to the province, added to the body that compiles it."""

    id: str
    co_quan: str
    mau: str


class ReportRule(_Part):
    """The reporting regime: deadlines ``so_ngay_truoc`` days (0-60) before the province's,
    who reports (``don_vi``) to whom (``noi_nhan``), and the report upward (``len_tren``)."""

    id: str
    so_ngay_truoc: int = Field(5, ge=0, le=60)
    don_vi: list[str] = Field(min_length=1)
    noi_nhan: str
    len_tren: UpwardRule | None = None

    _not_bool = field_validator("so_ngay_truoc", mode="before")(no_bool)


class BySourceRecipient(_Part):
    """A recipient added when the province's list has one matching ``khop`` (a regex): its
    counterpart at the target level (``thanh``), e.g. the Party's Ban Dân vận Tỉnh ủy ->
    Ban Dân vận Huyện ủy; ``sau``: inserted after this many lines of ``danh_sach``."""

    khop: str
    thanh: str
    sau: int = Field(3, ge=0, le=100)

    @field_validator("khop")
    @classmethod
    def _regex(cls, value: str) -> str:
        return _check_regex([value])[0]


class RecipientsRule(_Part):
    """"Nơi nhận" of the derived plan (ô 9b): the list and the archive line ``luu``; lines
    added by the province's own recipients (``theo_nguon``). With a target profile (its
    ``noi_nhan``, ``luu``), the lines of ``danh_sach`` naming the level above (``(b/c)``) and
    the bodies the plan assigns (``giu_khi_co_ho_so``, regexes) are kept, the rest comes
    from the profile."""

    id: str
    danh_sach: list[str] = Field(min_length=1)
    luu: str
    theo_nguon: list[BySourceRecipient] = Field(default_factory=list)
    giu_khi_co_ho_so: list[str] = Field(default_factory=list)

    @field_validator("giu_khi_co_ho_so")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        return _check_regex(value)


class WarningRule(_Part):
    """Text a clerk must review: regexes ``dau_hieu`` that flag a paragraph, ``giu`` those
    that clear it."""

    id: str
    dau_hieu: list[str]
    giu: list[str] = Field(default_factory=list)

    @field_validator("dau_hieu", "giu")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        return _check_regex(value)


class RuleSet(_Part):
    """Every rule for one target level."""

    cap: Literal["huyen", "xa"]
    thu_tu_cap_duoi: list[str] = Field(default_factory=list)
    bien: dict[str, str] = Field(default_factory=dict)
    bien_theo_loai: dict[str, dict[str, str]] = Field(default_factory=dict)
    van_ban_nguon: str
    co_quan: IssuerRule
    so_ky_hieu: NumberRule
    ngay_ban_hanh: DateRule
    nguoi_ky: SignerRule
    loi_dan: LeadRule
    cum_tu: list[PhraseRule]
    co_quan_tinh: list[OfficeRule] = Field(default_factory=list)
    vai_tro: RoleRule | None = None
    cho_trong: PlaceholderRule | None = None
    bo: list[DropRule] = Field(default_factory=list)
    bao_cao: ReportRule
    noi_nhan: RecipientsRule
    canh_bao: WarningRule
    trich_dan: list[str] = Field(default_factory=list)

    @field_validator("trich_dan")
    @classmethod
    def _regex(cls, value: list[str]) -> list[str]:
        return _check_regex(value)

    @model_validator(mode="after")
    def _unique_ids(self) -> RuleSet:
        seen: set[str] = set()
        for rule in [*self.cum_tu, *self.bo, *self.co_quan_tinh]:
            if rule.id in seen:
                raise ValueError(f"id quy tắc '{rule.id}' bị trùng")
            seen.add(rule.id)
        return self


def merge(base: Any, over: Any) -> Any:
    """Return ``base`` overridden by ``over``: mappings by key, rule lists by ``id``."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    if _is_rule_list(base) and _is_rule_list(over):
        out = {rule["id"]: rule for rule in base}
        for rule in over:
            out[rule["id"]] = merge(out[rule["id"]], rule) if rule["id"] in out else rule
        return [rule for rule in out.values() if not rule.get("tat")]
    return over


def _is_rule_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, dict) and "id" in v for v in value)


def _check_ids(value: Any, path: str, source: str) -> None:
    """Refuse rule ids that are not text (a list or mapping as ``id`` cannot be matched)."""
    stack = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, dict):
            if "id" in item and not isinstance(item["id"], str | int):
                raise InputError([Problem(f"{where}.id", "id của quy tắc phải là một chuỗi, "
                                          "ví dụ: id: so-noi-vu", source)])
            stack += [(v, f"{where}.{k}") for k, v in item.items()]
        elif isinstance(item, list):
            stack += [(v, f"{where}[{i}]") for i, v in enumerate(item)]


@cache
def _packaged(level: str) -> dict:
    text = files("vbhc.data").joinpath("dan-xuat", f"{level}.yaml").read_text("utf-8")
    return data_yaml(text)


def read_overrides(path: str | os.PathLike) -> dict:
    """Return a province's rule file as data; InputError/ReadError with Vietnamese messages.

    The file is read like every user YAML file (vbhc.yaml_in): regular files only (a FIFO or
    device is refused), no tags, bounded aliases and nesting.
    """
    from vbhc.yaml_in import load_file

    source = str(path)
    try:
        data, _ = load_file(path, source)
    except ReadError as exc:
        raise ReadError(f"{source}: không đọc được tệp quy tắc ({str(exc).split(': ', 1)[-1]})"
                        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict) or not set(data) <= set(LEVELS):
        raise InputError([Problem("", "tệp quy tắc phải gồm các mục theo cấp: huyen:, xa: "
                                  "(mỗi mục cùng cấu trúc với vbhc/data/dan-xuat/<cấp>.yaml)",
                                  source, 1)])
    return data


def load_rules(level: str, overrides: dict | str | os.PathLike | None = None) -> RuleSet:
    """Return the rules for ``level`` ("huyen" or "xa"), with a province's overrides applied."""
    from vbhc.yaml_in import check_data_size, format_path, translate

    source = "<quy tắc>"
    if overrides is not None and not isinstance(overrides, dict):
        source = str(overrides)
        overrides = read_overrides(overrides)
    check_data_size(overrides, source)
    data = _packaged(level)
    if isinstance(overrides, dict) and overrides.get(level):
        if not isinstance(overrides[level], dict):
            raise InputError([Problem(level, "mục theo cấp phải là một nhóm trường, cùng cấu "
                                      "trúc với vbhc/data/dan-xuat/<cấp>.yaml", source)])
        _check_ids(overrides[level], level, source)
        data = merge(data, overrides[level])
    try:
        return RuleSet.model_validate(data)
    except ValidationError as exc:
        raise InputError([
            Problem(f"{level}.{format_path(err['loc'])}", translate(err, RuleSet), source)
            for err in exc.errors(include_url=False)
        ]) from None
