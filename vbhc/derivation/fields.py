"""The per-field table of a derivation: what a unit's plan does with each field of the
province's plan (``KeHoach``) — kept as it is, rewritten by a step whose Changes name the
rule ids of data/dan-xuat, or dropped with a reason (a recorded ``Change`` of kind "drop").

The table is in processing order (a step may read the fields rewritten before it: the lead
paragraph cites the new title, the reporting regime adds to the new organisation, the
footnotes follow what is still cited), and it names every field of KeHoach: the engine
refuses a plan with a field the table does not decide (a test keeps the two equal).
Sub-fields are decided by the step that rewrites their field (see vbhc.derivation.engine).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Keep:
    """Copied as it is. ``review``: when the field is set, a warning (rule ``rule``) asks a
    clerk to confirm it for the unit's own plan."""

    why: str
    rule: str = ""
    review: str = ""


@dataclass(frozen=True)
class Rewrite:
    """Rewritten by the engine's ``step`` (a method of the deriver); ``rules`` names the
    part of data/dan-xuat/<cấp>.yaml whose rule ids its Changes carry."""

    step: str
    rules: str


@dataclass(frozen=True)
class Drop:
    """Left out of the unit's plan; when the province's plan sets it, a Change of kind
    "drop" with rule ``rule`` and note ``why`` records it."""

    rule: str
    why: str


Treatment = Keep | Rewrite | Drop

PLAN_FIELDS: dict[str, Treatment] = {
    "loai": Keep("kế hoạch thực hiện kế hoạch vẫn là kế hoạch"),
    "co_quan": Rewrite("issuer", "co_quan"),
    "so_ky_hieu": Rewrite("number", "so_ky_hieu"),
    "ngay_ban_hanh": Rewrite("date", "ngay_ban_hanh"),
    # ND30 Điều 10 khoản 2 điểm a: the unit that drafts a document proposes its urgency and
    # the signer decides it. The unit's plan is usually as urgent as the province's (the
    # province's deadlines drive it), so the mark is kept and the clerk asked to confirm it:
    # dropping it would lose it silently where it matters.
    "do_khan": Keep("kế hoạch cấp dưới thường gấp như kế hoạch của tỉnh", rule="do-khan",
                    review="giữ độ khẩn của kế hoạch tỉnh; đơn vị soạn thảo đề xuất, người ký "
                    "quyết định độ khẩn của kế hoạch này (Nghị định 30/2020/NĐ-CP, Điều 10 "
                    "khoản 2 điểm a)"),
    # Luật Bảo vệ bí mật nhà nước 2018, Điều 10: the head of the unit decides the secrecy of
    # what it issues; but the unit's plan carries the province's classified content, so the
    # mark is kept (never declassified by default) and the clerk is asked to confirm it.
    "do_mat": Keep("kế hoạch cấp dưới mang lại nội dung của kế hoạch mật", rule="do-mat",
                   review="giữ độ mật của kế hoạch tỉnh vì nội dung được dẫn lại; người đứng "
                   "đầu cơ quan ban hành xác định độ mật của kế hoạch này (Luật Bảo vệ bí mật "
                   "nhà nước 2018, Điều 10)"),
    # The drafting unit is the province's (e.g. NC of its office); the unit's plan is drafted
    # by one of its own units (ND30 Điều 10): taken from the target's profile (the unit whose
    # name is the advising office of rule vai_tro), else kept with a warning to confirm.
    "don_vi_soan_thao": Rewrite("drafting", "don_vi_soan_thao"),
    "trich_yeu": Rewrite("title", "cum_tu"),
    "can_cu": Keep("căn cứ pháp lý là văn bản được dẫn, không thay cụm từ"),
    "loi_dan": Rewrite("lead", "loi_dan"),
    "muc_dich": Rewrite("purposes", "cum_tu, bo"),
    "yeu_cau": Rewrite("requirements", "cum_tu, bo"),
    "nhiem_vu": Rewrite("tasks", "cum_tu, bo"),
    "muc_khac": Rewrite("sections", "cum_tu"),
    "to_chuc_thuc_hien": Rewrite("organisation", "cum_tu, bo"),
    "che_do_bao_cao": Rewrite("reporting", "bao_cao"),
    "ket_luan": Rewrite("closing", "cum_tu, bo"),
    "nguoi_ky": Rewrite("signer", "nguoi_ky"),
    "noi_nhan": Rewrite("recipients", "noi_nhan"),
    # An appendix is attached to the province's plan ("Kèm theo Kế hoạch số ... của UBND
    # tỉnh"). One holding a task-assignment table (the usual "Phụ lục: Phân công nhiệm vụ")
    # is the unit's task list too: derived as the tasks are, its table row by row, and
    # printed "(Kèm theo Kế hoạch ... của UBND huyện ...)" from the unit's plan. Any other
    # (figures, lists, forms of the province) is dropped with a record (rule phu-luc): the
    # unit adds its own when it needs one (vbhc.derivation.sections.derive_appendices).
    "phu_luc": Rewrite("appendices", "cum_tu, bo"),
    "chu_thich": Rewrite("footnotes", "chu-thich-khong-con-dan"),
}
"""Field of KeHoach -> its treatment, in processing order."""
