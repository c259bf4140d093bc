"""derive(): a province's plan -> the plan of one unit below it, by the rules in data/dan-xuat.

Starts from the whole plan (``model_dump``): each field is kept, rewritten or dropped as the
table in vbhc.derivation.fields says — issuer, number, date, lead paragraph, tasks and their
implementing bodies, sections, organisation, reporting, recipients, signer. Free text gets
phrase rewrites; citations and legal bases are kept. Every rewrite and drop is returned as a
Change, every point a clerk must review as a Problem (severity "cảnh báo"), in one log.
``derive_many`` derives for every unit below the province (``vbhc derive --all``).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator
from functools import lru_cache
from string import Formatter
from typing import Any, NamedTuple

from vbhc.derivation.changes import Change, Derivation, Kind, derive_warning
from vbhc.derivation.deadlines import Deadline, find_deadlines, is_report_up, shift_deadlines
from vbhc.derivation.fields import PLAN_FIELDS, Drop, Rewrite
from vbhc.derivation.names import fold, lower_first, slug
from vbhc.derivation.phrases import Phrase, Rewriter, scope_of
from vbhc.derivation.rules import RuleSet, load_rules, regex_budget, rule_pattern
from vbhc.derivation.units import Province, Unit, find_unit, province_of
from vbhc.errors import InputError, Problem, VbhcError
from vbhc.lang.dates import ngay_ngan
from vbhc.model.citation import citation_parts
from vbhc.model.common import VanBan
from vbhc.model.ke_hoach import KeHoach
from vbhc.model.markup import escape, footnote_keys
from vbhc.profiles import HoSoCoQuan

Rules = RuleSet | dict | str | os.PathLike | None


def plan_date(plan: KeHoach) -> _dt.date:
    """Return the plan's date, blank day or month read as the first one."""
    d = plan.ngay_ban_hanh
    return _dt.date(d.nam, d.thang or 1, d.ngay or 1)


def source_province(plan: VanBan) -> Province:
    """Return the province that issued ``plan``; InputError when it is not a provincial plan."""
    if not isinstance(plan, KeHoach):
        raise InputError([Problem("loai", "chỉ dẫn xuất được kế hoạch (loai: ke-hoach)")])
    if plan.co_quan.cap not in (None, "tinh"):
        raise InputError([Problem("co_quan.cap", "chỉ dẫn xuất từ kế hoạch của cấp tỉnh "
                                  f"(kế hoạch này của cấp '{plan.co_quan.cap}')")])
    issuer = " ".join(filter(None, [plan.co_quan.chu_quan, plan.co_quan.ten]))
    return province_of(issuer, plan.co_quan.dia_danh)


def is_ubnd(plan: KeHoach) -> bool:
    """Return True when the plan's issuer is the province's People's Committee itself (not one
    of its Sở or another provincial body). An imported header may split the name over its two
    lines: chu_quan "ỦY BAN NHÂN DÂN", ten "TỈNH LẠNG SƠN"."""
    committee = ("uy ban nhan dan", "ubnd")
    if fold(plan.co_quan.ten).startswith(committee):
        return True
    return fold(plan.co_quan.chu_quan or "") in committee and fold(plan.co_quan.ten).startswith(
        ("tinh ", "thanh pho "))


def issuer_name(plan: KeHoach, province: Province, rules: RuleSet) -> str:
    """Return the source issuer as running text: "UBND tỉnh Lạng Sơn", or for a Sở "Sở Nội vụ
    tỉnh Lâm Đồng" (its spelling from the office table ``co_quan_tinh`` when the name is
    there, else from ``ten_rut_gon``, else its words in lower case after the first two)."""
    if is_ubnd(plan):
        return f"UBND {province.ten_day_du}"
    ten = " ".join(plan.co_quan.ten.split())
    wanted = fold(ten)
    known = {fold(t.replace("{cap_tinh}", province.loai)): t.replace("{cap_tinh}", province.loai)
             for office in rules.co_quan_tinh for t in office.tu}
    name = known.get(wanted)
    if name is None and plan.co_quan.ten_rut_gon:
        name = plan.co_quan.ten_rut_gon
    if name is None:
        words = ten.lower().split(" ")
        name = " ".join(w[:1].upper() + w[1:] if i < 2 else w for i, w in enumerate(words))
    if fold(province.ten) not in fold(name):
        name = f"{name} {province.ten_day_du}"
    return name


def _as_date(value: object, field: str = "as_of") -> _dt.date | None:
    """Return ``as_of`` (or ``ngay``) as a date: a date, an ISO string ("2025-07-01") or None;
    InputError naming ``field`` for anything else (library callers pass strings)."""
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value  # type: ignore[return-value]
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError([Problem(field, f"ngày '{str(value)[:40]}' không hợp lệ; ghi dạng "
                              "YYYY-MM-DD, ví dụ 2025-07-01")])


def targets(plan: KeHoach, as_of: _dt.date | None = None) -> list[Unit]:
    """Return every unit one level below the plan's province on ``as_of`` (default: its date)."""
    province = source_province(plan)
    return list(province.era(_as_date(as_of) or plan_date(plan)).units)


def derive(plan: VanBan, target: str | Unit, rules: Rules = None,
           as_of: _dt.date | str | None = None, ngay: _dt.date | str | None = None,
           ho_so: HoSoCoQuan | None = None) -> Derivation:
    """Return the plan of ``target`` (e.g. "huyện Cao Lộc") carrying out ``plan``.

    ``rules``: a province's rule file (path or data) merged over the packaged rules, or a
    loaded RuleSet. ``as_of`` picks the unit list (default: the plan's date); ``ngay``: the
    derived plan's issue date (default: left blank, in the year of the plan or of ``as_of``
    when later); ``ho_so``: the target's organisation profile (vbhc.profiles), whose issuer,
    signer, standing recipients, archive line and drafting unit replace the rules' defaults.
    Raises InputError with a Vietnamese message for an unknown unit, invalid
    rules, an issue date before the province's, or a unit that did not exist on the issue
    date (naming the units it became, from the 2025 mapping).
    """
    province = source_province(plan)
    assert isinstance(plan, KeHoach)  # source_province refused any other kind
    when = _as_date(as_of) or plan_date(plan)
    issue = issue_date(plan, _as_date(as_of), _as_date(ngay, "ngay"))
    unit = target if isinstance(target, Unit) else find_unit(province, target, when)
    check_exists(province, unit, issue, ngay is not None)
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(unit.cap, rules)
    with regex_budget():
        return _Deriver(plan, province, unit, ruleset, issue,
                        _as_date(ngay, "ngay"), ho_so).run()


def issue_date(plan: KeHoach, as_of: _dt.date | None, ngay: _dt.date | None) -> _dt.date:
    """Return the earliest day the derived plan can be issued: ``ngay`` when given (InputError
    when it is before the province's plan), else the province's date or ``as_of`` if later."""
    start = plan_date(plan)
    if ngay is not None:
        if ngay < start:
            raise InputError([Problem("ngay", f"ngày ban hành {ngay:%d/%m/%Y} trước ngày của kế "
                                      f"hoạch nguồn ({_source_day(plan)}): kế hoạch thực hiện "
                                      "phải ban hành sau")])
        return ngay
    return max(start, as_of) if as_of else start


def _source_day(plan: KeHoach) -> str:
    d = plan.ngay_ban_hanh
    return "/".join(str(x) if x else "..." for x in (d.ngay, d.thang, d.nam))


def check_exists(province: Province, unit: Unit, day: _dt.date, exact: bool) -> None:
    """Refuse (InputError) a unit that did not exist on ``day``, the derived plan's issue date
    (``exact``: given with --ngay, else the earliest it can be), naming the units it became
    (from the 2025 mapping) or the date it exists from."""
    from vbhc.derivation.units import successors

    era = province.era(day)
    if any(u.ma == unit.ma and u.ten == unit.ten and u.loai == unit.loai for u in era.units):
        return
    when = f"ngày {day:%d/%m/%Y}" if exact else f"ngày {day:%d/%m/%Y} (ngày sớm nhất kế " \
        "hoạch này có thể ban hành)"
    message = f"{unit.ten_day_du} không còn/chưa có vào {when}"
    later = [e for e in province.eras if e.tu_ngay > day
             and any(u.ma == unit.ma and u.ten == unit.ten for u in e.units)]
    if later:
        message += f"; đơn vị có từ ngày {later[0].tu_ngay:%d/%m/%Y}: dùng --ngay từ ngày đó"
    else:
        olds = unit.cap_xa or (unit.ten_day_du,)
        found: dict[str, None] = {}
        for old in olds:
            for new, _whole in successors(province, old):
                found.setdefault(new.ten_day_du, None)
        if found:
            names = list(found)
            message += ("; nay là: " + ", ".join(names[:12])
                        + (f" và {len(names) - 12} đơn vị khác" if len(names) > 12 else "")
                        + " (theo danh mục sắp xếp từ 01/07/2025): dẫn xuất cho đơn vị mới")
    raise InputError([Problem("", message)])


def _without_repeats(text: str) -> str:
    """Return a comma-separated list of bodies with a repeated name left out (longest
    first): several provincial bodies rewritten to the one commune office ("Sở Tư pháp,
    Văn phòng UBND tỉnh, Công an tỉnh" -> "Văn phòng HĐND và UBND xã, Văn phòng HĐND và
    UBND xã, ...") name it once. A run counts only when it starts with a capital (a name,
    not the tail of one like "phường"). A long list (over 40 parts) is left as it is."""
    parts = [fold(p) for p in text.split(", ")]
    if len(parts) > 40:
        return text
    original = text.split(", ")
    size = len(parts) // 2
    while size >= 1:
        i = 0
        while i + 2 * size <= len(parts):
            run = parts[i:i + size]
            j = i + size
            while j + size <= len(parts):
                if original[j][:1].isupper() and parts[j:j + size] == run:
                    del parts[j:j + size], original[j:j + size]
                else:
                    j += 1
            i += 1
        size -= 1
    return ", ".join(original)


class Outcome(NamedTuple):
    """One unit of a derive_many() run: its file stem, and its derivation or the error that
    stopped it (exactly one of the two is set)."""

    unit: Unit
    stem: str
    derivation: Derivation | None
    error: VbhcError | None


def derive_many(plan: VanBan, stem: str = "ke-hoach", rules: Rules = None,
                as_of: _dt.date | str | None = None, units: list[Unit] | None = None,
                ngay: _dt.date | str | None = None,
                ho_so: str | os.PathLike | None = None) -> Iterator[Outcome]:
    """Return an iterator over the plans of every unit one level below the plan's province
    (``vbhc derive --all``): one Outcome per unit, in the order of data/don-vi, each derived
    when the iterator reaches it.

    ``ho_so``: a folder of target profiles, ``ubnd-<đơn vị>.yaml`` (profile_file), used
    for the units that have one. ``units``: the targets (default: targets(plan, as_of));
    ``stem``: the plan's file stem,
    from which each unit's is made (file_stem); ``rules`` as for derive(), loaded once. An
    error deriving one unit (VbhcError) is its Outcome's ``error`` and the others go on.
    InputError for a plan that is not a province's, or invalid rules, is raised by the call
    itself, before any unit is derived.
    """
    province = source_province(plan)
    assert isinstance(plan, KeHoach)  # source_province refused any other kind
    when = _as_date(as_of)
    units = targets(plan, when) if units is None else list(units)
    if not isinstance(rules, RuleSet) and units:
        rules = load_rules(units[0].cap, rules)
    issue_date(plan, when, _as_date(ngay, "ngay"))  # a bad --ngay fails before any unit
    return _outcomes(plan, stem, province, units, rules, when, ngay, ho_so)


def profile_file(folder: str | os.PathLike, unit: Unit) -> str:
    """Return the path of ``unit``'s profile in ``folder``: "ubnd-huyen-cao-loc.yaml"."""
    return os.path.join(folder, f"ubnd-{slug(unit.ten_day_du)}.yaml")


def read_profile(path: str | os.PathLike) -> HoSoCoQuan:
    """Return the organisation profile at ``path`` (a file the user named); InputError or
    ReadError with a Vietnamese message."""
    from pathlib import Path

    from vbhc.profiles import load_profile

    return load_profile(Path(path), str(path), str(path))


def _outcomes(plan: KeHoach, stem: str, province: Province, units: list[Unit], rules: Rules,
              when: _dt.date | None, ngay: _dt.date | str | None = None,
              ho_so: str | os.PathLike | None = None) -> Iterator[Outcome]:
    """Yield derive_many()'s outcomes, deriving each unit when it is asked for."""
    for unit in units:
        name = file_stem(stem, province, unit, units)
        try:
            mine = profile_file(ho_so, unit) if ho_so is not None else None
            profile = read_profile(mine) if mine and os.path.isfile(mine) else None
            yield Outcome(unit, name, derive(plan, unit, rules, when, ngay, profile), None)
        except VbhcError as exc:
            yield Outcome(unit, name, None, exc)


def file_stem(stem: str, province: Province, unit: Unit, units: list[Unit]) -> str:
    """Return the derived file's stem: the province's slug in ``stem`` replaced by the unit's."""
    name = unit.slug
    if name == slug(province.ten) or sum(u.slug == name for u in units) > 1:
        name = slug(unit.ten_day_du)
    old = slug(province.ten)
    return stem.replace(old, name) if old in stem else f"{stem}-{name}"


@lru_cache(maxsize=4096)
def _deadlines_in(text: str, time_frame: bool) -> tuple[Deadline, ...]:
    """find_deadlines(text, time_frame), found once per text: in ``derive --all`` every unit
    reads the same source texts (the Deadlines are frozen, so they can be shared)."""
    return tuple(find_deadlines(text, time_frame))


@lru_cache(maxsize=4096)
def _template_fields(template: str) -> tuple[tuple[str, str | None, str | None, str | None], ...]:
    """Return ``Formatter().parse(template)`` (ValueError, not kept, when its braces do not
    match): parsed once per rule template, not once per unit."""
    return tuple(Formatter().parse(template))


MAX_FILLED = 4096
"""The longest text a rule template may become once its variables are filled in (a rules
file whose variables double each other would otherwise grow without bound)."""


class _Deriver:
    """One derivation: the rules formatted for the unit, the changes and warnings logged on
    the way."""

    def __init__(self, plan: KeHoach, province: Province, unit: Unit, rules: RuleSet,
                 issue: _dt.date | None = None, ngay: _dt.date | None = None,
                 profile: HoSoCoQuan | None = None) -> None:
        self.src, self.province, self.unit, self.rules = plan, province, unit, rules
        self.issue = issue or plan_date(plan)  # the earliest the derived plan can be issued
        self.ngay = ngay  # the issue date given (--ngay), or None: left blank
        self.profile = profile  # the target's organisation profile (ho-so), if any
        self.log: list[Change | Problem] = []
        self.ctx = self._context()
        phrases = [Phrase(r.id, tuple(self.fmt(t) for t in r.tu),
                          None if r.thanh is None else self.fmt(r.thanh), tuple(r.trong))
                   for r in rules.cum_tu]
        self.no_counterpart: dict[str, str] = {}
        for office in rules.co_quan_tinh:
            phrases += self._office_phrases(office)
        self.rewriter = Rewriter(
            phrases, rules.trich_dan, [self._signal(d) for d in rules.canh_bao.dau_hieu],
            [self.fmt(k) for k in rules.canh_bao.giu])

    def _office_phrases(self, office: Any) -> list[Phrase]:
        """Return the phrase rules of one row of the office table (``co_quan_tinh``): the
        office's names and its heads' titles, each to the unit's counterpart."""
        target = office.thanh_theo_loai.get(self.unit.loai, office.thanh)
        names = tuple(self.fmt(t) for t in office.tu)
        if target is None:
            for name in names:
                self.no_counterpart[fold(name)] = office.id
            return []
        target = self.fmt(target)
        out = [Phrase(office.id, names, target)]
        for head, new_head in office.thu_truong.items():
            rest = target
            if new_head.lower().endswith("phòng") and target.startswith("Phòng "):
                rest = target[len("Phòng "):]  # "Trưởng phòng Tư pháp", not "… phòng Phòng …"
            out.append(Phrase(f"{office.id}-thu-truong", tuple(f"{head} {n}" for n in names),
                              f"{new_head} {rest}"))
        return out

    def _signal(self, pattern: str) -> str:
        """Return a warning pattern with {cap_tinh} and {ten_tinh} filled in (as literal text;
        the rest of the pattern is a regex, so it is not formatted)."""
        import re

        for key in ("cap_tinh", "ten_tinh"):
            pattern = pattern.replace("{" + key + "}", re.escape(self.ctx[key]))
        return pattern

    # --- context and templates
    def _context(self) -> dict[str, str]:
        u, p = self.unit, self.province
        ctx = {"loai": u.loai, "ten": u.ten, "don_vi": u.ten_day_du,
               "DON_VI": u.ten_day_du.upper(), "dia_danh": u.dia_danh, "tinh": p.ten_day_du,
               "ten_tinh": p.ten, "cap_tinh": p.loai, "CAP_TINH": p.loai.upper(),
               # the higher authority in a recipients line: "tỉnh" (UBND tỉnh), a city by name
               "cap_tren": p.loai if p.loai == "tỉnh" else p.ten_day_du,
               "cap_duoi": ", ".join(u.sub_kinds(self.rules.thu_tu_cap_duoi))}
        self.ctx = ctx
        for key, value in {**self.rules.bien_theo_loai.get(u.loai, {}),
                           **self.rules.bien}.items():
            ctx[key] = self.fmt(value)
        return ctx

    def fmt(self, template: str, **extra: str) -> str:
        """Return ``template`` with the unit's variables filled in."""
        values = {**self.ctx, **extra}
        try:
            fields = _template_fields(template)
        except ValueError:
            raise InputError([Problem("", f"mẫu quy tắc '{template[:120]}' có dấu {{ }} không "
                                      "khớp; viết {{ hoặc }} cho dấu ngoặc nhọn")]) from None
        for _, name, spec, conversion in fields:
            if name is not None and (spec or conversion):
                raise InputError([Problem("", f"mẫu quy tắc '{template[:120]}': biến chỉ ghi "
                                          f"{{tên}}, không kèm định dạng (:, !)")])
            if name is not None and name not in values:
                raise InputError([Problem("", f"mẫu quy tắc '{template[:120]}' dùng biến "
                                          f"{{{name}}} không có; các biến: "
                                          f"{', '.join(sorted(values))}")])
        result = template.format_map(values)
        if len(result) > MAX_FILLED:
            raise InputError([Problem("", f"mẫu quy tắc '{template[:120]}' sau khi điền biến "
                                      f"dài quá {MAX_FILLED:,} ký tự (biến lồng biến?)")])
        return result

    def note(self, rule: str, path: str, before: Any, after: Any, kind: Kind = "rewrite",
             note: str = "") -> None:
        """Record a change: a drop always, a rewrite when something actually changed."""
        if before != after or kind != "rewrite":
            self.log.append(Change(rule, path, None if before is None else str(before),
                                   None if after is None else str(after), kind, note))

    def warn(self, rule: str, path: str, excerpt: str, message: str) -> None:
        """Record a warning for a clerk: ``excerpt`` is the text concerned."""
        self.log.append(derive_warning(rule, path, excerpt, message))

    # --- text
    def title(self, value: str, path: str, data: dict) -> str:
        """Return the title (trich_yeu) with phrase rules applied."""
        return self.text(value, path)

    def text(self, value: str, path: str, scope: str | None = None) -> str:
        """Return ``value`` with phrase rules applied; hits and leftovers recorded.
        ``scope``: the typed field whose rules apply (default: that of ``path``)."""
        return self._rewrite(value, path, whole_item=False, scope=scope) or value

    def item(self, value: str, path: str, scope: str | None = None) -> str | None:
        """Return a list item rewritten, or None when a rule drops it."""
        return self._rewrite(value, path, whole_item=True, scope=scope)

    def _rewrite(self, value: str, path: str, whole_item: bool, scope: str | None = None,
                 shift: str | None = None) -> str | None:
        """Return ``value`` rewritten (None: dropped) with its hits, leftovers and deadlines
        recorded; ``shift`` "up" or "all": move report-up (or all) day deadlines earlier
        (shift) before they are checked."""
        result = self.rewriter.rewrite(value, path, whole_item, scope)
        for hit in result.hits:
            kind = "drop" if hit.after is None else "rewrite"
            self.note(hit.rule, path, hit.before, hit.after, kind,
                      "quy tắc bỏ cơ quan này ở cấp dưới" if hit.after is None else "")
        for hit in result.unsafe:
            self.warn(hit.rule, path, hit.before,
                      "quy tắc bỏ cụm từ này nhưng nó nằm giữa câu: giữ nguyên, cần sửa tay")
        warn = self.rules.canh_bao.id
        for sig in result.signals:
            self.warn(warn, path, sig.excerpt,
                      f"còn '{sig.phrase}' (cấp tỉnh) mà chưa có quy tắc: giữ nguyên, cần xem lại")
        if result.text is not None and shift is not None:
            result.text = self.shift(value, result.text, path, scope, every=shift == "all")
        if result.text is not None:
            self.deadlines(value, result.text, path, scope)
        return result.text

    def shift(self, before: str, after: str, path: str, scope: str | None = None,
              every: bool = False) -> str:
        """Return ``after`` (the rewritten ``before``) with its day deadlines moved earlier by
        rule ``bao_cao`` (``so_ngay_truoc`` days), each move recorded as a Change: only
        those for reporting up to the province in ``before`` (a free section on reporting),
        or ``every`` one (the time column of a task table: the unit finishes first so that
        the province keeps its own deadline). Months and quarters are not moved."""
        rule = self.rules.bao_cao
        frame = (scope or scope_of(path)).endswith(".thoi_gian")
        only = None if every else {(d.date, d.kind) for d in _deadlines_in(before, frame)
                                   if is_report_up(d.sentence, self.province.loai)}
        new, moved = shift_deadlines(after, rule.so_ngay_truoc, frame, only)
        for old, date in moved:
            self.note(rule.id, path, old, date,
                      note=f"trước hạn của {self.province.loai} {rule.so_ngay_truoc} ngày")
        return new

    def deadlines(self, before: str, after: str, path: str, scope: str | None = None) -> None:
        """Warn about each dated deadline of the derived text ``after`` (vbhc.derivation.
        deadlines) that the unit cannot keep: one not after the derived plan's issue date
        (rule ``han-da-qua``; in a time frame, a year before the issue year is left to
        rule ``thoi-gian``), or a deadline for reporting up to the province in the source
        text ``before`` copied as it is (rule ``han-bao-cao-chep``: the unit's own must be
        earlier; the warning suggests the shift of rule ``bao_cao``, which moves the
        structured deadlines of che_do_bao_cao.han but never rewrites free text)."""
        frame = (scope or scope_of(path)).endswith(".thoi_gian")
        up = {(d.date, d.kind) for d in _deadlines_in(before, frame)
              if is_report_up(d.sentence, self.province.loai)}
        rule = self.rules.bao_cao
        for d in _deadlines_in(after, frame):
            until = "" if d.kind == "ngày" else f" (hết ngày {ngay_ngan(d.date)})"
            if d.date <= self.issue:
                if not (frame and d.date.year < self.issue.year):
                    self.warn("han-da-qua", path, d.excerpt,
                              f"hạn '{d.excerpt}'{until} không sau ngày ban hành kế hoạch này "
                              f"({self._issue_text()}): {self.unit.ten_day_du} không thể thực "
                              "hiện kịp; đặt lại hạn cho cấp này")
                continue
            if (d.date, d.kind) in up:
                shifted = d.date - _dt.timedelta(days=rule.so_ngay_truoc)
                self.warn("han-bao-cao-chep", path, d.excerpt,
                          f"hạn báo cáo lên {self.province.loai} '{d.excerpt}'{until} được chép "
                          f"nguyên từ kế hoạch của {self.province.loai}: hạn báo cáo của cấp "
                          f"này phải sớm hơn, đề nghị trước ngày {ngay_ngan(shifted)} (sớm hơn "
                          f"{rule.so_ngay_truoc} ngày, như quy tắc {rule.id} đã dời hạn trong "
                          "che_do_bao_cao.han); văn bản không tự sửa, cần sửa tay")

    def dropped(self, scope: str, text: str, path: str, body: str | None = None) -> bool:
        """Return True (and record it) when a drop rule removes this item."""
        for rule in self.rules.bo:
            if scope not in rule.trong:
                continue
            if rule.co_quan and (body is None or fold(body) not in
                                 {fold(self.fmt(b)) for b in rule.co_quan}):
                continue
            if rule.khop and not any(rule_pattern(self.fmt(k)).search(text)
                                     for k in rule.khop):
                continue
            self.note(rule.id, path, text, None, "drop", self.fmt(rule.ly_do))
            return True
        return False

    def paragraphs(self, items: list[list[str]], path: str, scope: str) -> list[list[str]]:
        """Return numbered items (each a list of paragraphs) rewritten, dropped ones left out."""
        out = []
        for i, paras in enumerate(items):
            if self.dropped(scope, " ".join(paras), f"{path}[{i}]"):
                continue
            out.append([self.text(t, f"{path}[{i}]" + (f"[{j}]" if j else ""))
                        for j, t in enumerate(paras)])
        return out

    def bodies(self, names: list[str], path: str, scope: str | None = None) -> list[str]:
        """Return implementing bodies mapped for the unit, dropped and duplicate ones removed;
        the issuer itself is never one of them (rule ``vai_tro``): a task it was the only body
        of goes to ``vai_tro.thay_the``. ``scope``: the field whose phrase rules apply
        (default: that of ``path``)."""
        out: list[str] = []
        role = self.rules.vai_tro
        itself = {fold(self.fmt("UBND {loai}")), fold(self.fmt("UBND {don_vi}"))}
        issuer_dropped = False
        for i, name in enumerate(names):
            new = self.item(name, f"{path}[{i}]", scope)
            if new is None:
                continue
            if role is not None and fold(new) in itself:
                self.note(role.id, f"{path}[{i}]", name, None, "drop",
                          f"'{new}' là cơ quan ban hành: không tự thực hiện kế hoạch của mình")
                issuer_dropped = True
                continue
            if fold(new) in {fold(n) for n in out}:
                self.note("trung-lap", f"{path}[{i}]", name, None, "drop",
                          f"sau khi thay trùng với '{new}'")
                continue
            listed = _without_repeats(new)
            if listed != new:
                self.note("trung-lap", f"{path}[{i}]", new, listed,
                          note="sau khi thay, một cơ quan được kể hai lần trong cùng một ô")
                new = listed
            out.append(new)
        if issuer_dropped and not out and role is not None:
            out.append(self.fmt(role.thay_the))
            self.note(role.id, path, None, out[0],
                      note="nhiệm vụ của chính cơ quan ban hành: giao các cơ quan tham mưu")
        return out

    def _own_level(self, name: str) -> bool:
        """Return True when ``name`` (a body in the source's organisation) is the new issuer's
        own level ("UBND các huyện, thành phố" for a district), per ``vai_tro.cung_cap``."""
        import re

        from vbhc.derivation.phrases import _pattern

        role = self.rules.vai_tro
        return role is not None and any(
            re.fullmatch(_pattern(self.fmt(c)), " ".join(name.split()), re.IGNORECASE)
            for c in role.cung_cap)

    def _own_duty(self, text: str) -> str:
        """Return a duty of the issuer itself as its advising office's: "Trình HĐND cùng cấp
        …" -> "Tham mưu UBND huyện trình HĐND huyện …" (rule ``vai_tro.mau``)."""
        import re

        role = self.rules.vai_tro
        assert role is not None
        text = re.sub(r"\bcùng cấp\b", self.unit.loai, text)
        return self.fmt(role.mau, viec="\0").replace("\0", lower_first(text))

    # --- the plan, field by field (vbhc.derivation.fields)
    def run(self) -> Derivation:
        """Return the derived plan: the province's plan dumped whole, each field kept,
        rewritten or dropped as PLAN_FIELDS says; InputError when the result is invalid."""
        from vbhc.loader import validate_data

        source = self.src.model_dump()
        undecided = set(source) - set(PLAN_FIELDS)
        if undecided:  # a field added to KeHoach needs its line in PLAN_FIELDS
            raise RuntimeError(f"PLAN_FIELDS không quyết định trường: {sorted(undecided)}")
        data: dict[str, Any] = {}
        for name, how in PLAN_FIELDS.items():
            value = source[name]
            if isinstance(how, Rewrite):
                data[name] = getattr(self, how.step)(value, name, data)
            elif isinstance(how, Drop):
                if not _empty(value):
                    self.note(how.rule, name, value, None, "drop", how.why)
            else:
                data[name] = value
                if how.review and not _empty(value):
                    self.warn(how.rule, name, str(value), how.review)
        self.placeholders(data)
        plan = validate_data(data, f"<kế hoạch dẫn xuất cho {self.unit.ten_day_du}>")
        return Derivation(plan, self.log)

    def placeholders(self, data: dict[str, Any]) -> None:
        """Add the marked placeholders of rule ``cho_trong``: the office's own tasks and
        targets (a task, or a paragraph of the plan's first free section when its tasks are
        written there), and its funding (in the plan's section titled "Kinh phí…", at any
        depth, when it has one); each recorded as a Change so --diff lists it."""
        from vbhc.derivation.placeholders import make

        rule = self.rules.cho_trong
        if rule is None:
            return
        note = "chỗ để trống: cơ quan ban hành tự viết"
        if rule.nhiem_vu:
            text = make(" ".join(self.fmt(rule.nhiem_vu).split()))
            if data["nhiem_vu"] or not data.get("muc_khac"):
                data["nhiem_vu"].append({"ten": text, "noi_dung": [], "co_quan_thuc_hien": [],
                                         "thoi_gian": None})
                where = f"nhiem_vu[{len(data['nhiem_vu']) - 1}].ten"
            else:  # an imported plan whose tasks are a free section: the placeholder goes there
                target, at = _section_of_kind(data["muc_khac"], "nhiem-vu-giai-phap",
                                              "muc_khac") or (data["muc_khac"][0], "muc_khac[0]")
                target["noi_dung"].append(text)
                where = f"{at}.noi_dung[{len(target['noi_dung']) - 1}]"
            self.note(rule.id, where, None, text, note=note)
        if rule.kinh_phi:
            text = make(" ".join(self.fmt(rule.kinh_phi).split()))
            found = (_section_of_kind(data.get("muc_khac") or [], "kinh-phi", "muc_khac")
                     or _section_titled(data.get("muc_khac") or [], "kinh phí", "muc_khac"))
            if found is None:
                return  # the province's plan says nothing of funding: neither does the unit's
            target, where = found
            at = len(target["noi_dung"])
            if not target.get("muc_con") and _ends_text(target):
                at -= 1  # the end mark "./." stays last
            target["noi_dung"].insert(at, text)
            self.note(rule.id, f"{where}.noi_dung[{at}]", None, text, note=note)

    def issuer(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's issuer (rule co_quan): name, abbreviation, place, level; the
        province's short name (ten_rut_gon), when it has one, becomes the unit's, or is
        dropped when the rules give none."""
        rule = self.rules.co_quan
        new = {"chu_quan": None if rule.chu_quan is None else self.fmt(rule.chu_quan),
               "ten": self.fmt(rule.ten).replace("\\n", "\n"), "viet_tat": self.fmt(rule.viet_tat),
               "dia_danh": self.fmt(rule.dia_danh), "cap": self.unit.cap}
        if self.profile is not None:
            mine = self.profile.co_quan
            new.update(chu_quan=mine.chu_quan, ten=mine.ten, viet_tat=mine.viet_tat,
                       dia_danh=mine.dia_danh)
            if mine.ten_rut_gon:
                new["ten_rut_gon"] = mine.ten_rut_gon
        for key, value in new.items():
            self.note(rule.id, f"{path}.{key}", old.get(key), value)
        if old["ten_rut_gon"] is not None and "ten_rut_gon" not in new:
            if rule.ten_rut_gon is None:
                self.note(rule.id, f"{path}.ten_rut_gon", old["ten_rut_gon"], None, "drop",
                          "quy tắc co_quan không có ten_rut_gon cho cấp này")
            else:
                new["ten_rut_gon"] = self.fmt(rule.ten_rut_gon)
                self.note(rule.id, f"{path}.ten_rut_gon", old["ten_rut_gon"], new["ten_rut_gon"])
        return new

    def number(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's number: blank for its văn thư, symbol from rule so_ky_hieu."""
        rule = self.rules.so_ky_hieu
        new = {"so": None, "ky_hieu": self.fmt(rule.ky_hieu)}
        self.note(rule.id, f"{path}.so", old["so"], None)
        self.note(rule.id, f"{path}.ky_hieu", old["ky_hieu"], new["ky_hieu"])
        return new

    def date(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's date: the one given (``ngay``, --ngay), else blank day and month
        in the year it can be issued (the province's month is not copied: the unit's plan
        comes later; rule ngay_ban_hanh ``giu_thang: true`` keeps it as before)."""
        rule = self.rules.ngay_ban_hanh
        if self.ngay is not None:
            new = {"ngay": self.ngay.day, "thang": self.ngay.month, "nam": self.ngay.year}
        else:
            keep = rule.giu_thang and self.issue.year == old["nam"] and old["thang"]
            new = {"ngay": None, "thang": old["thang"] if keep else None, "nam": self.issue.year}
        if new["nam"] != old["nam"]:
            self.warn("ngay-ban-hanh", f"{path}.nam", str(old["nam"]),
                      f"kế hoạch của tỉnh năm {old['nam']}, kế hoạch này năm {new['nam']} "
                      f"({self.unit.ten_day_du} theo danh mục từ "
                      f"{self.province.era(self.issue).tu_ngay:%d/%m/%Y}): xem lại nội dung, "
                      "thời gian và hạn của năm cũ")
        for key in ("ngay", "thang", "nam"):
            self.note(rule.id, f"{path}.{key}", old[key], new[key],
                      note="" if self.ngay else "để trống cho văn thư; kế hoạch thực hiện ban "
                      "hành sau kế hoạch của tỉnh")
        return new

    def _issue_text(self) -> str:
        return f"{self.issue:%d/%m/%Y}" if self.ngay else f"sớm nhất {self.issue:%d/%m/%Y}"

    def source_reference(self) -> str:
        """Return "Kế hoạch số .../KH-UBND ngày .../5/2024 của UBND tỉnh Lạng Sơn": the
        parts come from vbhc.model.citation, the sentence from rule ``van_ban_nguon``."""
        c = citation_parts(self.src, short=True, blank="...")
        return self.fmt(self.rules.van_ban_nguon, ten_loai_nguon=c.ten_loai, so_nguon=c.so,
                        ky_hieu_nguon=c.ky_hieu, ngay_nguon=c.ngay,
                        co_quan_nguon=issuer_name(self.src, self.province, self.rules))

    def lead(self, old: str | None, path: str, data: dict) -> str:
        """Return the lead paragraph of rule loi_dan, citing the province's plan and the
        new title (rewritten before it)."""
        rule = self.rules.loi_dan
        text = " ".join(self.fmt(rule.mau, van_ban_nguon=escape(self.source_reference()),
                                 trich_yeu_nguon=lower_first(self.src.trich_yeu),
                                 trich_yeu=lower_first(data["trich_yeu"])).split())
        self.note(rule.id, path, old, text)
        return text

    def purposes(self, items: list[list[str]], path: str, data: dict) -> list[list[str]]:
        """Return the purposes rewritten, those of drop rules left out."""
        return self.paragraphs(items, path, "muc_dich")

    def requirements(self, items: list[list[str]], path: str, data: dict) -> list[list[str]]:
        """Return the requirements rewritten, those of drop rules left out."""
        return self.paragraphs(items, path, "yeu_cau")

    def tasks(self, tasks: list[dict], path: str, data: dict) -> list[dict]:
        """Return the tasks: name, content items, bodies and time frame rewritten; a task
        dropped by a rule, or left with no implementing body, is left out."""
        out = []
        for i, task in enumerate(tasks):
            where, mark = f"{path}[{i}]", len(self.log)
            if self.dropped("nhiem_vu", task["ten"], where):
                continue
            bodies = self.bodies(task["co_quan_thuc_hien"], f"{where}.co_quan_thuc_hien")
            if task["co_quan_thuc_hien"] and not bodies:
                del self.log[mark:]
                self.note("khong-con-co-quan", where, task["ten"], None, "drop",
                          "không còn cơ quan thực hiện nào ở cấp này")
                continue
            out.append({
                "ten": self.text(task["ten"], f"{where}.ten"),
                "noi_dung": self.paragraphs(task["noi_dung"], f"{where}.noi_dung",
                                            "nhiem_vu.noi_dung"),
                "co_quan_thuc_hien": bodies,
                "thoi_gian": task["thoi_gian"] and self.text(task["thoi_gian"],
                                                             f"{where}.thoi_gian"),
            })
            self._old_years(task["thoi_gian"], f"{where}.thoi_gian")
        return out

    def _old_years(self, text: str | None, path: str) -> None:
        """Warn when a time frame names a year before the one the plan is issued in."""
        import re

        for year in {int(y) for y in re.findall(r"\b(20\d\d)\b", text or "")}:
            if year < self.issue.year:
                self.warn("thoi-gian", path, text or "",
                          f"thời gian ghi năm {year}, trước năm ban hành kế hoạch này "
                          f"({self.issue.year}): sửa lại")
                return

    def sections(self, sections: list[dict], path: str, data: dict) -> list[dict]:
        """Return the free sections (Muc) derived as the typed fields their kind (loai_muc)
        stands for, task tables row by row (vbhc.derivation.sections)."""
        from vbhc.derivation.sections import derive_sections

        return derive_sections(self, sections, path)

    def appendices(self, appendices: list[dict], path: str, data: dict) -> list[dict]:
        """Return the appendices holding a task table derived, the others dropped with a
        record (vbhc.derivation.sections.derive_appendices)."""
        from vbhc.derivation.sections import derive_appendices

        return derive_appendices(self, appendices, path)

    def organisation(self, bodies: list[dict], path: str, data: dict) -> list[dict]:
        """Return the organisation: bodies mapped for the unit (de_nghi kept), their
        duties rewritten; bodies and duties of drop rules left out. The section of the
        issuer's own level is split by rule ``vai_tro``: its own duties go to the advising
        office, the rest down to the level below."""
        return self.organise(bodies, path)

    def organise(self, bodies: list[dict], path: str, name_key: str = "co_quan",
                 duty_key: str = "nhiem_vu") -> list[dict]:
        """Return bodies ({co_quan, de_nghi, nhiem_vu, ...}) as organisation() does, by the
        rules of the fields to_chuc_thuc_hien.co_quan and .nhiem_vu; ``name_key`` and
        ``duty_key`` name the body's name and duties in the change paths (a free section on
        organisation: its subsections' tieu_de and noi_dung). Other keys of a body are
        carried over."""
        out: list[dict] = []
        moved: list[str] = []
        role = self.rules.vai_tro
        names, duties_at = "to_chuc_thuc_hien.co_quan", "to_chuc_thuc_hien.nhiem_vu"
        for i, body in enumerate(bodies):
            where = f"{path}[{i}]"
            if self.dropped("to_chuc_thuc_hien", body["co_quan"], where, body["co_quan"]):
                continue
            kept = [(j, t) for j, t in enumerate(body["nhiem_vu"])
                    if not self.dropped("to_chuc_thuc_hien.nhiem_vu", t,
                                        f"{where}.{duty_key}[{j}]", body["co_quan"])]
            if role is not None and self._own_level(body["co_quan"]):
                down = []
                for j, t in kept:
                    new = self.text(t, f"{where}.{duty_key}[{j}]", duties_at)
                    if role.cap_duoi is None or any(rule_pattern(r).search(t)
                                                    for r in role.rieng):
                        moved.append(self._own_duty(new))
                        self.note(role.id, f"{where}.{duty_key}[{j}]", t, moved[-1],
                                  note=f"việc của chính UBND {self.unit.loai}: giao "
                                  f"{self.fmt(role.giao_cho)} tham mưu")
                    else:
                        down.append(new)
                if down and role.cap_duoi:
                    head = self.fmt(role.cap_duoi)
                    self.note(role.id, f"{where}.{name_key}", body["co_quan"], head,
                              note="việc còn lại giao cấp dưới")
                    out.append({**body, "co_quan": head, "nhiem_vu": down})
                elif not down:
                    self.note(role.id, f"{where}.{name_key}", body["co_quan"], None, "drop",
                              "mọi việc của mục này là việc của chính cơ quan ban hành, đã "
                              "giao cơ quan tham mưu")
                continue
            name = self.item(body["co_quan"], f"{where}.{name_key}", names)
            if name is None:
                continue
            duties = [self.text(t, f"{where}.{duty_key}[{j}]", duties_at) for j, t in kept]
            out.append({**body, "co_quan": name, "nhiem_vu": duties})
        if moved and role is not None:
            office = self.fmt(role.giao_cho)
            j = next((k for k, item in enumerate(out)
                      if fold(item["co_quan"]) == fold(office)), None)
            if j is None:
                out.insert(0, {"co_quan": office, "de_nghi": False, "nhiem_vu": []})
                j = 0
            out[j]["nhiem_vu"] += moved
        return out

    def reporting(self, regime: dict | None, path: str, data: dict) -> dict | None:
        """Return the unit's reporting regime (rule bao_cao): its reporting bodies and
        recipient, the province's periods with deadlines moved earlier; with ``len_tren``,
        the unit's own report to the province is added to the new organisation."""
        rule = self.rules.bao_cao
        if regime is None:
            return None
        days = _dt.timedelta(days=rule.so_ngay_truoc)
        new = {"don_vi": [self.fmt(u) for u in rule.don_vi],
               "noi_nhan": self.fmt(rule.noi_nhan),
               "noi_dung": self.text(regime["noi_dung"], f"{path}.noi_dung"),
               "han": [{"ky": h["ky"], "ngay": h["ngay"] - days} for h in regime["han"]]}
        self.note(rule.id, f"{path}.don_vi", "; ".join(regime["don_vi"]),
                  "; ".join(new["don_vi"]))
        self.note(rule.id, f"{path}.noi_nhan", regime["noi_nhan"], new["noi_nhan"])
        for i, (old, han) in enumerate(zip(regime["han"], new["han"], strict=True)):
            self.note(rule.id, f"{path}.han[{i}].ngay", ngay_ngan(old["ngay"]),
                      ngay_ngan(han["ngay"]),
                      note=f"trước hạn của tỉnh {rule.so_ngay_truoc} ngày")
            if han["ngay"] <= self.issue:
                self.warn("han-bao-cao", f"{path}.han[{i}].ngay", ngay_ngan(han["ngay"]),
                          f"hạn báo cáo {ngay_ngan(han['ngay'])} không sau ngày ban hành kế "
                          f"hoạch này ({self._issue_text()}); hạn của tỉnh "
                          f"{ngay_ngan(old['ngay'])}: đặt lại hạn cho cấp này")
        if rule.len_tren:
            self.upward(data["to_chuc_thuc_hien"], regime)
        return new

    def upward(self, organisation: list[dict], regime: dict) -> None:
        """Add the unit's own report to the province, at the province's deadlines."""
        from vbhc.model.layout import labels

        rule = self.rules.bao_cao.len_tren
        han = ", ".join(labels("ke-hoach")["han_bao_cao"].format(ky=escape(h["ky"]),
                                                                 ngay=ngay_ngan(h["ngay"]))
                        for h in regime["han"])
        for i, h in enumerate(regime["han"]):
            if h["ngay"] <= self.issue:
                self.warn("han-bao-cao", f"che_do_bao_cao.han[{i}].ngay", ngay_ngan(h["ngay"]),
                          f"hạn báo cáo lên tỉnh {ngay_ngan(h['ngay'])} không sau ngày ban hành "
                          f"kế hoạch này ({self._issue_text()}): hỏi lại cơ quan nhận báo cáo")
        sentence = self.fmt(rule.mau, noi_nhan_nguon=escape(regime["noi_nhan"]),
                            noi_dung=escape(regime["noi_dung"]), han_nguon=han)
        body = self.fmt(rule.co_quan)
        j = next((k for k, item in enumerate(organisation)
                  if fold(item["co_quan"]) == fold(body)), None)
        if j is None:
            organisation.append({"co_quan": body, "de_nghi": False, "nhiem_vu": []})
            j = len(organisation) - 1
        organisation[j]["nhiem_vu"].append(sentence)
        path = f"to_chuc_thuc_hien[{j}].nhiem_vu[{len(organisation[j]['nhiem_vu']) - 1}]"
        self.note(rule.id, path, None, sentence, note="thêm (đường dẫn trong kế hoạch mới)")

    def closing(self, paragraphs: list[str], path: str, data: dict) -> list[str]:
        """Return the closing paragraphs rewritten, those of drop rules left out."""
        return [self.text(t, f"{path}[{i}]") for i, t in enumerate(paragraphs)
                if not self.dropped("ket_luan", t, f"{path}[{i}]")]

    def drafting(self, old: str | None, path: str, data: dict) -> str | None:
        """Return the drafting unit's abbreviation: from the target's profile (the unit named
        like the advising office of rule vai_tro, else its first), else the province's kept
        with a warning (ND30 Điều 10: the issuer's own unit drafts)."""
        units = self.profile.don_vi_soan_thao if self.profile is not None else {}
        if units:
            office = fold(self.fmt(self.rules.vai_tro.giao_cho)) if self.rules.vai_tro else ""
            code = next((k for k, v in units.items() if fold(v) == office), next(iter(units)))
            self.note("don-vi-soan-thao", path, old, code, note="theo hồ sơ cơ quan")
            return code
        if old:
            self.warn("don-vi-soan-thao", path, old,
                      "đơn vị soạn thảo là của cơ quan ban hành kế hoạch tỉnh; ghi chữ viết tắt "
                      "đơn vị soạn thảo của cơ quan ban hành kế hoạch này (Nghị định "
                      "30/2020/NĐ-CP, Điều 10)")
        return old

    def signer(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's signature block (rule nguoi_ky); the name left blank."""
        rule = self.rules.nguoi_ky
        new = {k: None if getattr(rule, k) is None else self.fmt(getattr(rule, k))
               for k in ("thay_mat", "quyen_han", "thu_truong", "chuc_vu")}
        if self.profile is not None and self.profile.nguoi_ky:
            signers = list(self.profile.nguoi_ky.values())
            chosen = next((x for x in signers if x.chuc_vu == new["chuc_vu"]), signers[0])
            new = {k: getattr(chosen, k) for k in ("thay_mat", "quyen_han", "thu_truong",
                                                    "chuc_vu")}
        new["ho_ten"] = None
        if old["chuc_vu"] == MISSING_SIGNER:
            old = {**old, "chuc_vu": None}
        for key, value in new.items():
            self.note(rule.id, f"{path}.{key}", old[key], value)
        for key in ("chu_ky_anh", "dau_anh", "dau_duong_kinh_mm"):  # ô 7c, 8 (issue 20)
            if old.get(key) is not None:
                self.note(rule.id, f"{path}.{key}", str(old[key]), None, "drop",
                          "ảnh chữ ký, ảnh dấu là của người ký và cơ quan cấp trên; đơn vị "
                          "dùng ảnh của mình")
        if old.get("quyen_han_them"):
            self.note(rule.id, f"{path}.quyen_han_them", "; ".join(old["quyen_han_them"]), None,
                      "drop", "chuỗi quyền hạn ký của cấp trên không còn áp dụng; chữ ký theo "
                      "quy tắc của đơn vị")
        return new

    def recipients(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's recipients (rule noi_nhan, or the target's profile for its
        standing recipients); the province's "Như trên" choice is dropped with the list it
        belonged to, its Party bodies (Ban Dân vận…) become the level's (``theo_nguon``)."""
        rule = self.rules.noi_nhan
        lines = [self.fmt(r) for r in rule.danh_sach]
        luu = self.fmt(rule.luu)
        if self.profile is not None and self.profile.noi_nhan:
            keep = [rule_pattern(self.fmt(k)) for k in rule.giu_khi_co_ho_so]
            up = [x for x in lines if "(b/c)" in x]
            assigned = [x for x in lines if x not in up and any(k.search(x) for k in keep)]
            lines = up + list(self.profile.noi_nhan) + assigned
            luu = self.profile.luu if not data.get("don_vi_soan_thao") else \
                f"{self.profile.luu}, {data['don_vi_soan_thao']}"
        for extra in rule.theo_nguon:
            if any(rule_pattern(extra.khop).search(x) for x in old["danh_sach"]):
                line = self.fmt(extra.thanh)
                if fold(line) not in {fold(x) for x in lines}:
                    lines.insert(min(extra.sau, len(lines)), line)
        seen: set[str] = set()
        lines = [x for x in lines if not (fold(x) in seen or seen.add(fold(x)))]
        new = {"danh_sach": lines, "luu": luu}
        before = None if old["danh_sach"] == [MISSING_RECIPIENTS] else "; ".join(
            old["danh_sach"])
        self.note(rule.id, f"{path}.danh_sach", before, "; ".join(new["danh_sach"]),
                  note="theo hồ sơ cơ quan" if self.profile else "")
        self.note(rule.id, f"{path}.luu", old["luu"], new["luu"])
        if old["nhu_tren"] is not None:
            self.note(rule.id, f"{path}.nhu_tren", str(old["nhu_tren"]).lower(), None, "drop",
                      "danh sách nơi nhận được thay cả theo quy tắc; dòng 'Như trên' của tỉnh "
                      "không còn áp dụng")
        return new

    def footnotes(self, notes: dict[str, str], path: str, data: dict) -> dict[str, str]:
        """Return the footnotes still cited after drops (a footnote nobody cites is dropped)."""
        cited = _keys(data)
        kept = {}
        for key, text in notes.items():
            if key in cited:
                kept[key] = text
            else:
                self.note("chu-thich-khong-con-dan", f"{path}.{key}", text, None, "drop",
                          "đoạn dẫn chú thích này đã bị bỏ")
        return kept


def _section_titled(sections: list[dict], words: str, path: str) -> tuple[dict, str] | None:
    """Return the first section (and its path), at any depth, whose title starts with
    ``words`` ("Kinh phí thực hiện")."""
    for i, section in enumerate(sections):
        where = f"{path}[{i}]"
        if (section["tieu_de"] or "").lower().startswith(words):
            return section, where
        found = _section_titled(section.get("muc_con", []), words, f"{where}.muc_con")
        if found is not None:
            return found
    return None


def _section_of_kind(sections: list[dict], kind: str, path: str) -> tuple[dict, str] | None:
    """Return the first section (and its path), at any depth, whose loai_muc is ``kind``."""
    for i, section in enumerate(sections):
        where = f"{path}[{i}]"
        if section.get("loai_muc") == kind:
            return section, where
        found = _section_of_kind(section.get("muc_con", []), kind, f"{where}.muc_con")
        if found is not None:
            return found
    return None


def _ends_text(section: dict) -> bool:
    """Return True when ``section``'s last paragraph carries the end mark "./."."""
    while section.get("muc_con"):
        section = section["muc_con"][-1]
    texts = [t for t in section["noi_dung"] if isinstance(t, str)]
    return bool(texts) and texts[-1].rstrip().endswith("./.")


def _empty(value: Any) -> bool:
    """Return whether a dumped field holds nothing (None, "", [], {})."""
    return value is None or value == "" or value == [] or value == {}


def _keys(value: Any) -> set[str]:
    """Return every footnote key cited in the strings of ``value`` (dicts and lists walked
    with a stack, not a generator per level: the whole derived plan, once per unit)."""
    out: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "[^" in item:  # a reference is "[^key]" (vbhc.model.markup.footnote_keys)
                out.update(footnote_keys(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


MISSING_SIGNER = "KHÔNG GHI NGƯỜI KÝ"
MISSING_RECIPIENTS = "không ghi nơi nhận"
"""Stand-ins load_plan() puts where the province's plan has no signer or no recipients
(an imported plan often lacks them): derive replaces both anyway, and records the field as
missing in the source (``before`` None) instead of citing the stand-in."""


def load_plan(path: str | os.PathLike, warnings: list[Problem] | None = None, *,
              profile_dirs: tuple = ()) -> VanBan:
    """Return the plan at ``path`` for derive: as vbhc.load, but a plan without ``nguoi_ky``
    or ``noi_nhan`` is accepted (derive replaces both), with a warning naming the field.
    Raises InputError/ReadError as vbhc.load for anything else."""
    from pathlib import Path

    from vbhc.loader import parse_yaml, validate_data
    from vbhc.profiles import ProfileAccess
    from vbhc.yaml_in import read_text

    source = str(path)
    data, lines = parse_yaml(read_text(path, source), source)
    if isinstance(data, dict) and data.get("loai") == "ke-hoach":
        stubs = {"nguoi_ky": {"chuc_vu": MISSING_SIGNER},
                 "noi_nhan": {"danh_sach": [MISSING_RECIPIENTS], "luu": "VT"}}
        for key, stub in stubs.items():
            if data.get(key) in (None, {}, ""):
                data[key] = stub
                if warnings is not None:
                    warnings.append(Problem(key, "kế hoạch không có trường này; kế hoạch dẫn "
                                            "xuất ghi lại theo quy tắc", source,
                                            severity="cảnh báo"))
    access = ProfileAccess.of(Path(path).parent, profile_dirs)
    return validate_data(data, source, lines, warnings, access=access)
