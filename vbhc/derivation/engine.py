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
from string import Formatter
from typing import Any, NamedTuple

from vbhc.derivation.changes import Change, Derivation, Kind, derive_warning
from vbhc.derivation.fields import PLAN_FIELDS, Drop, Rewrite
from vbhc.derivation.names import fold, lower_first, slug
from vbhc.derivation.phrases import Phrase, Rewriter
from vbhc.derivation.rules import RuleSet, load_rules, regex_budget, rule_pattern
from vbhc.derivation.units import Province, Unit, find_unit, province_of
from vbhc.errors import InputError, Problem, VbhcError
from vbhc.lang.dates import ngay_ngan
from vbhc.model.citation import citation_parts
from vbhc.model.common import VanBan
from vbhc.model.ke_hoach import KeHoach
from vbhc.model.markup import escape, footnote_keys

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
    return province_of(plan.co_quan.ten, plan.co_quan.dia_danh)


def _as_date(value: object) -> _dt.date | None:
    """Return ``as_of`` as a date: a date, an ISO string ("2025-07-01") or None; InputError
    for anything else (library callers pass strings)."""
    if value is None or (isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)):
        return value  # type: ignore[return-value]
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InputError([Problem("as_of", f"ngày '{str(value)[:40]}' không hợp lệ; ghi dạng "
                              "YYYY-MM-DD, ví dụ 2025-07-01")])


def targets(plan: KeHoach, as_of: _dt.date | None = None) -> list[Unit]:
    """Return every unit one level below the plan's province on ``as_of`` (default: its date)."""
    province = source_province(plan)
    return list(province.era(_as_date(as_of) or plan_date(plan)).units)


def derive(plan: VanBan, target: str | Unit, rules: Rules = None,
           as_of: _dt.date | str | None = None) -> Derivation:
    """Return the plan of ``target`` (e.g. "huyện Cao Lộc") carrying out ``plan``.

    ``rules``: a province's rule file (path or data) merged over the packaged rules, or a
    loaded RuleSet. ``as_of`` picks the unit list (default: the plan's date). Raises
    InputError with a Vietnamese message for an unknown unit or invalid rules.
    """
    province = source_province(plan)
    assert isinstance(plan, KeHoach)  # source_province refused any other kind
    when = _as_date(as_of) or plan_date(plan)
    unit = target if isinstance(target, Unit) else find_unit(province, target, when)
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(unit.cap, rules)
    with regex_budget():
        return _Deriver(plan, province, unit, ruleset).run()


class Outcome(NamedTuple):
    """One unit of a derive_many() run: its file stem, and its derivation or the error that
    stopped it (exactly one of the two is set)."""

    unit: Unit
    stem: str
    derivation: Derivation | None
    error: VbhcError | None


def derive_many(plan: VanBan, stem: str = "ke-hoach", rules: Rules = None,
                as_of: _dt.date | str | None = None, units: list[Unit] | None = None
                ) -> Iterator[Outcome]:
    """Return an iterator over the plans of every unit one level below the plan's province
    (``vbhc derive --all``): one Outcome per unit, in the order of data/don-vi, each derived
    when the iterator reaches it.

    ``units``: the targets (default: targets(plan, as_of)); ``stem``: the plan's file stem,
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
    return _outcomes(plan, stem, province, units, rules, when)


def _outcomes(plan: KeHoach, stem: str, province: Province, units: list[Unit], rules: Rules,
              when: _dt.date | None) -> Iterator[Outcome]:
    """Yield derive_many()'s outcomes, deriving each unit when it is asked for."""
    for unit in units:
        name = file_stem(stem, province, unit, units)
        try:
            yield Outcome(unit, name, derive(plan, unit, rules, when), None)
        except VbhcError as exc:
            yield Outcome(unit, name, None, exc)


def file_stem(stem: str, province: Province, unit: Unit, units: list[Unit]) -> str:
    """Return the derived file's stem: the province's slug in ``stem`` replaced by the unit's."""
    name = unit.slug
    if name == slug(province.ten) or sum(u.slug == name for u in units) > 1:
        name = slug(unit.ten_day_du)
    old = slug(province.ten)
    return stem.replace(old, name) if old in stem else f"{stem}-{name}"


MAX_FILLED = 4096
"""The longest text a rule template may become once its variables are filled in (a rules
file whose variables double each other would otherwise grow without bound)."""


class _Deriver:
    """One derivation: the rules formatted for the unit, the changes and warnings logged on
    the way."""

    def __init__(self, plan: KeHoach, province: Province, unit: Unit, rules: RuleSet) -> None:
        self.src, self.province, self.unit, self.rules = plan, province, unit, rules
        self.log: list[Change | Problem] = []
        self.ctx = self._context()
        self.rewriter = Rewriter(
            [Phrase(r.id, tuple(self.fmt(t) for t in r.tu),
                    None if r.thanh is None else self.fmt(r.thanh), tuple(r.trong))
             for r in rules.cum_tu],
            rules.trich_dan, rules.canh_bao.dau_hieu, [self.fmt(k) for k in rules.canh_bao.giu])

    # --- context and templates
    def _context(self) -> dict[str, str]:
        u, p = self.unit, self.province
        ctx = {"loai": u.loai, "ten": u.ten, "don_vi": u.ten_day_du,
               "DON_VI": u.ten_day_du.upper(), "dia_danh": u.dia_danh, "tinh": p.ten_day_du,
               "ten_tinh": p.ten, "cap_duoi": ", ".join(u.sub_kinds(self.rules.thu_tu_cap_duoi))}
        self.ctx = ctx
        for key, value in {**self.rules.bien_theo_loai.get(u.loai, {}),
                           **self.rules.bien}.items():
            ctx[key] = self.fmt(value)
        return ctx

    def fmt(self, template: str, **extra: str) -> str:
        """Return ``template`` with the unit's variables filled in."""
        values = {**self.ctx, **extra}
        try:
            fields = list(Formatter().parse(template))
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

    def text(self, value: str, path: str) -> str:
        """Return ``value`` with phrase rules applied; hits and leftovers recorded."""
        return self._rewrite(value, path, whole_item=False) or value

    def item(self, value: str, path: str) -> str | None:
        """Return a list item rewritten, or None when a rule drops it."""
        return self._rewrite(value, path, whole_item=True)

    def _rewrite(self, value: str, path: str, whole_item: bool) -> str | None:
        result = self.rewriter.rewrite(value, path, whole_item)
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
        return result.text

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

    def bodies(self, names: list[str], path: str) -> list[str]:
        """Return implementing bodies mapped for the unit, dropped and duplicate ones removed."""
        out: list[str] = []
        for i, name in enumerate(names):
            new = self.item(name, f"{path}[{i}]")
            if new is None:
                continue
            if fold(new) in {fold(n) for n in out}:
                self.note("trung-lap", f"{path}[{i}]", name, None, "drop",
                          f"sau khi thay trùng với '{new}'")
                continue
            out.append(new)
        return out

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
        plan = validate_data(data, f"<kế hoạch dẫn xuất cho {self.unit.ten_day_du}>")
        return Derivation(plan, self.log)

    def issuer(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's issuer (rule co_quan): name, abbreviation, place, level; the
        province's short name (ten_rut_gon), when it has one, becomes the unit's, or is
        dropped when the rules give none."""
        rule = self.rules.co_quan
        new = {"chu_quan": None if rule.chu_quan is None else self.fmt(rule.chu_quan),
               "ten": self.fmt(rule.ten).replace("\\n", "\n"), "viet_tat": self.fmt(rule.viet_tat),
               "dia_danh": self.fmt(rule.dia_danh), "cap": self.unit.cap}
        for key, value in new.items():
            self.note(rule.id, f"{path}.{key}", old[key], value)
        if old["ten_rut_gon"] is not None:
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
        """Return the unit's date: day blank, month kept when rule ngay_ban_hanh says so,
        year kept."""
        rule = self.rules.ngay_ban_hanh
        new = {"ngay": None, "thang": old["thang"] if rule.giu_thang else None,
               "nam": old["nam"]}
        self.note(rule.id, f"{path}.ngay", old["ngay"], None)
        self.note(rule.id, f"{path}.thang", old["thang"], new["thang"])
        return new

    def source_reference(self) -> str:
        """Return "Kế hoạch số .../KH-UBND ngày .../5/2024 của UBND tỉnh Lạng Sơn": the
        parts come from vbhc.model.citation, the sentence from rule ``van_ban_nguon``."""
        c = citation_parts(self.src, short=True, blank="...")
        return self.fmt(self.rules.van_ban_nguon, ten_loai_nguon=c.ten_loai, so_nguon=c.so,
                        ky_hieu_nguon=c.ky_hieu, ngay_nguon=c.ngay)

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
        return out

    def sections(self, sections: list[dict], path: str, data: dict) -> list[dict]:
        """Return the free sections (Muc) with their text rewritten."""
        return [self.section(s, f"{path}[{i}]") for i, s in enumerate(sections)]

    def section(self, section: dict, path: str) -> dict:
        """Return one section: title and paragraphs rewritten; a table kept as it is, with
        a warning (its figures are the province's), subsections likewise."""
        content: list[Any] = []
        for j, item in enumerate(section["noi_dung"]):
            where = f"{path}.noi_dung[{j}]"
            if isinstance(item, str):
                content.append(self.text(item, where))
                continue
            content.append(item)
            self.warn("bang-so-lieu", where, item["tieu_de"] or ", ".join(item["cot"]),
                      "bảng số liệu được giữ nguyên như của tỉnh: xem lại cho "
                      f"{self.unit.ten_day_du}")
        return {"tieu_de": self.text(section["tieu_de"], f"{path}.tieu_de"),
                "noi_dung": content,
                "muc_con": [self.section(c, f"{path}.muc_con[{k}]")
                            for k, c in enumerate(section["muc_con"])],
                "loai_muc": section.get("loai_muc")}  # what the section is about: kept

    def organisation(self, bodies: list[dict], path: str, data: dict) -> list[dict]:
        """Return the organisation: bodies mapped for the unit (de_nghi kept), their
        duties rewritten; bodies and duties of drop rules left out."""
        out = []
        for i, body in enumerate(bodies):
            where = f"{path}[{i}]"
            if self.dropped("to_chuc_thuc_hien", body["co_quan"], where, body["co_quan"]):
                continue
            name = self.item(body["co_quan"], f"{where}.co_quan")
            if name is None:
                continue
            duties = [self.text(t, f"{where}.nhiem_vu[{j}]")
                      for j, t in enumerate(body["nhiem_vu"])
                      if not self.dropped("to_chuc_thuc_hien.nhiem_vu", t,
                                          f"{where}.nhiem_vu[{j}]", body["co_quan"])]
            out.append({"co_quan": name, "de_nghi": body["de_nghi"], "nhiem_vu": duties})
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

    def signer(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's signature block (rule nguoi_ky); the name left blank."""
        rule = self.rules.nguoi_ky
        new = {k: None if getattr(rule, k) is None else self.fmt(getattr(rule, k))
               for k in ("thay_mat", "quyen_han", "thu_truong", "chuc_vu")}
        new["ho_ten"] = None
        for key, value in new.items():
            self.note(rule.id, f"{path}.{key}", old[key], value)
        if old.get("quyen_han_them"):
            self.note(rule.id, f"{path}.quyen_han_them", "; ".join(old["quyen_han_them"]), None,
                      "drop", "chuỗi quyền hạn ký của cấp trên không còn áp dụng; chữ ký theo "
                      "quy tắc của đơn vị")
        return new

    def recipients(self, old: dict[str, Any], path: str, data: dict) -> dict[str, Any]:
        """Return the unit's recipients (rule noi_nhan); the province's "Như trên" choice
        is dropped with the list it belonged to."""
        rule = self.rules.noi_nhan
        new = {"danh_sach": [self.fmt(r) for r in rule.danh_sach], "luu": self.fmt(rule.luu)}
        self.note(rule.id, f"{path}.danh_sach", "; ".join(old["danh_sach"]),
                  "; ".join(new["danh_sach"]))
        self.note(rule.id, f"{path}.luu", old["luu"], new["luu"])
        if old["nhu_tren"] is not None:
            self.note(rule.id, f"{path}.nhu_tren", str(old["nhu_tren"]).lower(), None, "drop",
                      "danh sách nơi nhận được thay cả theo quy tắc; dòng 'Như trên' của tỉnh "
                      "không còn áp dụng")
        return new

    def footnotes(self, notes: dict[str, str], path: str, data: dict) -> dict[str, str]:
        """Return the footnotes still cited after drops (a footnote nobody cites is dropped)."""
        cited = set(_keys(data))
        kept = {}
        for key, text in notes.items():
            if key in cited:
                kept[key] = text
            else:
                self.note("chu-thich-khong-con-dan", f"{path}.{key}", text, None, "drop",
                          "đoạn dẫn chú thích này đã bị bỏ")
        return kept


def _empty(value: Any) -> bool:
    """Return whether a dumped field holds nothing (None, "", [], {})."""
    return value is None or value == "" or value == [] or value == {}


def _keys(value: Any):
    """Yield every footnote key cited in the strings of ``value``."""
    if isinstance(value, str):
        yield from footnote_keys(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)
