"""A plan's free sections (``muc_khac``) derived as the typed fields they stand for.

An imported plan keeps most of its body in free sections, each tagged on import with what it
is about (``Muc.loai_muc``, from the heading synonyms of data/nhap-ke-hoach.yaml). A tagged
section — and its subsections, unless they carry a tag of their own — is rewritten by the
rules of the typed field of the same meaning (the phrase rules' ``trong`` scopes, the drop
rules ``bo``, rule ``vai_tro`` for the issuer's own level, rule ``bao_cao`` for reporting
deadlines), through the deriver's own steps (vbhc.derivation.engine), so that a rule written
for the typed field applies to the free section too:

==================  =============================  ==============================================
loai_muc            rewritten as                   also
==================  =============================  ==============================================
nhiem-vu-giai-phap  nhiem_vu.noi_dung (subsection  drop rules of nhiem_vu (subsection titles) and
                    titles: nhiem_vu.ten)          nhiem_vu.noi_dung (paragraphs)
to-chuc-thuc-hien   to_chuc_thuc_hien.nhiem_vu     subsections made of paragraphs only are bodies
                                                   (title: to_chuc_thuc_hien.co_quan), split by
                                                   rule vai_tro as organisation() splits them
che-do-bao-cao      ket_luan (the bodies asked to  a day deadline for reporting up to the
                    carry the plan out)            province moves so_ngay_truoc days earlier
tien-do             nhiem_vu.thoi_gian             dates checked as time frames
kinh-phi, muc-tieu  (the section's own path)       (the funding placeholder, engine.placeholders)
==================  =============================  ==============================================

A task-assignment table (``Bang.vai_tro_cot``), in any section, is rewritten row by row: the
lead (chu_tri), partner (phoi_hop) and follow-up (theo_doi) cells as implementing bodies
(to_chuc_thuc_hien.co_quan: the issuer's own level goes down a level, the issuer itself to
its advising offices), the time cell as a task's time frame with its day deadlines moved
earlier (rule bao_cao), the other text cells as task content; a row whose every lead body a
rule drops is left out, recorded. Any other table is kept as the province's, with a warning.
Every rewrite, move and drop is a Change in the derivation's log (``vbhc derive --diff``).

An appendix (``phu_luc``) holding a task table — real plans print their task assignment there,
"Phụ lục: Phân công thực hiện nhiệm vụ ..." — is the unit's task list as much as the body's:
it is derived as a section of kind nhiem-vu-giai-phap (title by the general phrase rules,
paragraphs as nhiem_vu.noi_dung, task tables row by row, other tables kept with a warning),
and vbhc prints its "(Kèm theo Kế hoạch ...)" line from the unit's plan. An appendix with no
task table (figures, lists, forms of the province) is dropped, recorded (rule ``phu-luc``):
the unit adds its own when it needs one.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple


class Scopes(NamedTuple):
    """The typed fields a free section of one kind is rewritten as: its paragraphs
    (``text``), its subsections' titles (``title``), the drop-rule scopes of paragraphs
    (``drop``) and subsection titles (``drop_title``); None: the section's own path."""

    text: str | None = None
    title: str | None = None
    drop: str | None = None
    drop_title: str | None = None


SCOPES: dict[str, Scopes] = {
    "nhiem-vu-giai-phap": Scopes("nhiem_vu.noi_dung", "nhiem_vu.ten", "nhiem_vu.noi_dung",
                                 "nhiem_vu"),
    "to-chuc-thuc-hien": Scopes("to_chuc_thuc_hien.nhiem_vu", "to_chuc_thuc_hien.co_quan",
                                "to_chuc_thuc_hien.nhiem_vu"),
    # the bodies that report are those asked to carry the plan out, as in the closing
    # paragraphs: the issuer's own level reports from the level below (ket_luan's rules)
    "che-do-bao-cao": Scopes("ket_luan", "ket_luan"),
    "tien-do": Scopes("nhiem_vu.thoi_gian", "nhiem_vu.ten"),
}
"""loai_muc -> the typed fields its section is rewritten as (module docstring)."""

BODY_SCOPE = "to_chuc_thuc_hien.co_quan"
"""The rules a cell of bodies (chu_tri, phoi_hop, theo_doi) is rewritten by: a task table
assigns bodies as the organisation section does."""
BODY_ROLES = ("chu_tri", "phoi_hop", "theo_doi")
_SPLIT = re.compile(r"\s*;\s*|\s*\n\s*")


def derive_sections(d: Any, sections: list[dict], path: str) -> list[dict]:
    """Return the plan's free sections derived by the deriver ``d`` (engine._Deriver); a
    top-level section with no kind anywhere in it (and no task table) is rewritten by the
    general phrase rules only, with a warning naming it (rule ``muc-chua-ro-loai``)."""
    out = []
    for i, section in enumerate(sections):
        where = f"{path}[{i}]"
        if not _kinds(section):
            d.warn("muc-chua-ro-loai", where, section["tieu_de"] or "",
                   "mục không rõ loại (loai_muc trống): chỉ thay các cụm từ chung, giữ nguyên "
                   f"phần còn lại như của {d.province.loai}; xem lại cho {d.unit.ten_day_du}")
        out.append(derive_section(d, section, where))
    return out


APPENDIX_DROP = ("phụ lục kèm theo kế hoạch của tỉnh, không kèm theo kế hoạch của đơn vị; đơn "
                 "vị tự lập phụ lục riêng khi cần")
"""Why an appendix with no task table is dropped (the Change's note, rule ``phu-luc``)."""


def derive_appendices(d: Any, appendices: list[dict], path: str) -> list[dict]:
    """Return the plan's appendices (dumped PhuLuc) derived: one holding a task table (a
    Bang with ``vai_tro_cot``) as a section of tasks (module docstring); the others dropped,
    each a recorded Change — or one for the whole field when none is kept."""
    kept = [i for i, a in enumerate(appendices) if _has_task_table(a["noi_dung"])]
    if not kept:
        if appendices:
            d.note("phu-luc", path, appendices, None, "drop", APPENDIX_DROP)
        return []
    out = []
    for i, appendix in enumerate(appendices):
        where = f"{path}[{i}]"
        if i not in kept:
            d.note("phu-luc", where, appendix, None, "drop",
                   APPENDIX_DROP + " (phụ lục không có bảng phân công nhiệm vụ)")
            continue
        section = derive_section(d, {"tieu_de": appendix["tieu_de"], "muc_con": [],
                                     "noi_dung": appendix["noi_dung"],
                                     "loai_muc": "nhiem-vu-giai-phap"}, where)
        out.append({"tieu_de": section["tieu_de"], "noi_dung": section["noi_dung"],
                    "trang_ngang": appendix.get("trang_ngang", False)})  # its page: kept
    return out


def _has_task_table(content: list[Any]) -> bool:
    """Return True when ``content`` (a section's or appendix's noi_dung) holds a task table."""
    return any(isinstance(item, dict) and item.get("vai_tro_cot") for item in content)


def _kinds(section: dict) -> bool:
    """Return True when the section or one below it has a kind or holds a task table."""
    return (bool(section.get("loai_muc")) or _has_task_table(section["noi_dung"])
            or any(_kinds(child) for child in section["muc_con"]))


def derive_section(d: Any, section: dict, path: str, kind: str | None = None,
                   title_scope: str | None = None) -> dict:
    """Return one free section derived: its kind (own, else ``kind`` from the section
    above) chooses the rules (SCOPES); ``title_scope``: the rules of its title, given by
    the section above."""
    kind = section.get("loai_muc") or kind
    scopes = SCOPES.get(kind or "", Scopes())
    shift = "up" if kind == "che-do-bao-cao" else None
    content: list[Any] = []
    for j, item in enumerate(section["noi_dung"]):
        where = f"{path}.noi_dung[{j}]"
        if isinstance(item, str):
            if scopes.drop and d.dropped(scopes.drop, item, where):
                continue
            content.append(d._rewrite(item, where, False, scopes.text, shift) or item)
        elif item.get("vai_tro_cot"):
            content.append(task_table(d, item, where))
        else:
            content.append(item)
            d.warn("bang-so-lieu", where, item["tieu_de"] or ", ".join(item["cot"]),
                   "bảng số liệu được giữ nguyên như của tỉnh: xem lại cho "
                   f"{d.unit.ten_day_du}")
    subs = section["muc_con"]
    if kind == "to-chuc-thuc-hien" and subs and all(_body_like(c) for c in subs):
        muc_con = _bodies(d, subs, f"{path}.muc_con")
    else:
        muc_con = []
        for k, child in enumerate(subs):
            where = f"{path}.muc_con[{k}]"
            if (scopes.drop_title and not child.get("loai_muc") and child["tieu_de"]
                    and d.dropped(scopes.drop_title, child["tieu_de"], where)):
                continue
            muc_con.append(derive_section(d, child, where, kind, scopes.title))
    title = section["tieu_de"]  # None: an untitled section (Muc.tieu_de), kept so
    return {"tieu_de": None if title is None else d.text(title, f"{path}.tieu_de", title_scope),
            "noi_dung": content, "muc_con": muc_con,
            "loai_muc": section.get("loai_muc"),  # what the section is about: kept
            "phan": section.get("phan"),  # a part's numbering (Muc.phan): kept
            "cap_muc_dau": section.get("cap_muc_dau")}  # its sections' level: kept


def _body_like(section: dict) -> bool:
    """Return True for a subsection that reads as one body's duties: paragraphs only, and
    no kind of its own other than organisation."""
    return (section["tieu_de"] is not None and not section["muc_con"]
            and section.get("loai_muc") in (None, "to-chuc-thuc-hien")
            and all(isinstance(item, str) for item in section["noi_dung"]))


def _bodies(d: Any, subs: list[dict], path: str) -> list[dict]:
    """Return an organisation section's subsections derived as the bodies of the typed
    organisation (engine organise(): drops, rule vai_tro), back as sections."""
    bodies = [{"co_quan": c["tieu_de"], "de_nghi": False, "nhiem_vu": c["noi_dung"],
               "loai_muc": c.get("loai_muc")} for c in subs]
    return [{"tieu_de": b["co_quan"], "noi_dung": b["nhiem_vu"], "muc_con": [],
             "loai_muc": b.get("loai_muc")}
            for b in d.organise(bodies, path, "tieu_de", "noi_dung")]


def _uncited(d: Any, text: str) -> str:
    """Return ``text`` without the documents it cites ("Nghị định số 52/2015/NĐ-CP ngày
    28/5/2015"): their years are not the time frame's."""
    for start, end in sorted(d.rewriter.protected(text), reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def task_table(d: Any, table: dict, path: str) -> dict:
    """Return a task-assignment table (a dumped Bang with ``vai_tro_cot``) derived row by
    row (module docstring)."""
    roles = table["vai_tro_cot"]
    rows = []
    for i, row in enumerate(table["hang"]):
        where, mark = f"{path}.hang[{i}]", len(d.log)
        new = list(row)
        for c, (role, cell) in enumerate(zip(roles, row, strict=True)):
            at = f"{where}[{c}]"
            if not isinstance(cell, str) or not cell.strip() or role == "stt":
                continue
            if role in BODY_ROLES:
                names = [n for n in _SPLIT.split(cell.strip()) if n]
                bodies = d.bodies(names, at, BODY_SCOPE)
                if role == "chu_tri" and not bodies:
                    break
                new[c] = "; ".join(bodies) or None
            elif role == "thoi_gian":
                new[c] = d._rewrite(cell, at, False, "nhiem_vu.thoi_gian", "all") or cell
                d._old_years(_uncited(d, cell), at)
            else:
                new[c] = d.text(cell, at, "nhiem_vu.noi_dung")
        else:
            rows.append(new)
            continue
        del d.log[mark:]
        d.note("khong-con-co-quan", where, " | ".join(str(x) for x in row if x), None, "drop",
               "không còn cơ quan chủ trì nào ở cấp này")
    if not rows:
        d.warn("khong-con-co-quan", path, ", ".join(table["cot"]),
               "mọi hàng của bảng phân công đã bị bỏ; giữ một hàng trống để điền")
        rows = [[None] * len(table["cot"])]
    return {**table, "hang": rows}
