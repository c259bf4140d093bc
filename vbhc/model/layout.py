"""Model -> body blocks: the ND30 numbering (I., 1., 1.1., a)) decided in one place.

Each block is one paragraph: its kind (which template style it takes), its text in vbhc
inline markup, and the model path it came from (for messages and for the import round
trip). Rendering, the footnote checks and the checker all read the same blocks.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from vbhc.data import data_yaml, files
from vbhc.lang.dates import ngay_ngan
from vbhc.lang.numbers import ordinal
from vbhc.lang.outline import letter, roman
from vbhc.model.bang import Bang
from vbhc.model.markup import escape

if TYPE_CHECKING:  # the kinds' classes: imported by the loader for the kind it reads
    from vbhc.model.bien_ban import BienBan
    from vbhc.model.chung import VanBanChung
    from vbhc.model.common import VanBan
    from vbhc.model.cong_dien import CongDien
    from vbhc.model.cong_van import CongVan
    from vbhc.model.giay_gioi_thieu import GiayGioiThieu
    from vbhc.model.giay_moi import GiayMoi
    from vbhc.model.giay_nghi_phep import GiayNghiPhep
    from vbhc.model.ke_hoach import KeHoach, NhiemVu, TrachNhiem
    from vbhc.model.muc import Muc
    from vbhc.model.quyet_dinh import QuyetDinh


@dataclass(frozen=True)
class Block:
    """One body paragraph: ``kieu`` picks the template style, ``text`` is inline markup."""

    kieu: str  # can_cu | muc | phan | khoan | tieu_khoan | than | bang | phu_luc | ...
    text: str
    path: str
    upper: bool = False  # print text in capitals (Roman-numbered headings)
    bang: Bang | None = None  # the table, for kieu == "bang"


@cache
def labels(kind: str) -> dict[str, str]:
    """Return the fixed wording for ``kind`` from data/<kind>.yaml."""
    return data_yaml(files("vbhc.data").joinpath(f"{kind}.yaml").read_text("utf-8"))


def _items(prefix: str, items: list[list[str]], path: str, number) -> Iterator[Block]:
    """Yield numbered items (numbered only when there are two or more) with continuations."""
    numbered = len(items) > 1
    for i, paragraphs in enumerate(items):
        for j, text in enumerate(paragraphs):
            mark = f"{prefix}{number(i)} " if numbered and j == 0 else ""
            yield Block("than", mark + text, f"{path}[{i}]" + (f"[{j}]" if j else ""))


MAX_KEPT_PARTS = 2048
MAX_KEPT_PART_BYTES = 8 * 1024 * 1024
"""At most this many parts of a plan's body (its căn cứ, its purposes and requirements, one
task, one body's responsibilities, the reporting regime, its closing paragraphs) are kept
as laid out, taking at most this many bytes (their keys' texts and their blocks, as
``sys.getsizeof`` counts them); the oldest go first."""
_PARTS: OrderedDict[tuple[Any, ...], tuple[tuple[Block, ...], int]] = OrderedDict()
_PART_BYTES = [0]
_PART_LOCK = threading.Lock()
MAX_SEEN_PARTS = 8192
_SEEN_PARTS: dict[int, None] = {}
"""The hashes of the last MAX_SEEN_PARTS parts laid out and not kept: a part is kept only
once it comes again (a part naming one commune never does). A hash met by chance only
keeps a part that will not be asked for again."""


def _part_size(key: tuple[Any, ...], blocks: tuple[Block, ...]) -> int:
    """Return the bytes a kept part holds: its key (texts and tuples) and its blocks."""
    total, stack = sys.getsizeof(blocks), [key]
    while stack:
        item = stack.pop()
        total += sys.getsizeof(item)
        if item.__class__ is tuple:
            stack += item
    return total + sum(sys.getsizeof(b) + sys.getsizeof(b.text) + sys.getsizeof(b.path)
                       for b in blocks)


def _kept(key: tuple[Any, ...], make: Callable[[], list[Block]]) -> tuple[Block, ...]:
    """Return ``make()``'s blocks, kept by ``key``: everything they are made of (the part's
    texts and dates, its number and its place), the wording of data/ke-hoach.yaml aside
    (read once), once the key comes a second time (``_SEEN_PARTS``). Commune plans of one
    batch share most parts word for word; a Block is frozen and holds no table here, so a
    kept one is handed out again as it is."""
    found = _PARTS.get(key)
    if found is not None:
        return found[0]
    blocks = tuple(make())
    seen = hash(key)
    if seen not in _SEEN_PARTS:
        _SEEN_PARTS[seen] = None
        while len(_SEEN_PARTS) > MAX_SEEN_PARTS:
            try:
                del _SEEN_PARTS[next(iter(_SEEN_PARTS))]
            except (KeyError, RuntimeError, StopIteration):  # changed by another thread
                break
        return blocks
    size = _part_size(key, blocks)
    if size <= MAX_KEPT_PART_BYTES // 64:
        with _PART_LOCK:
            if key not in _PARTS:
                _PARTS[key] = (blocks, size)
                _PART_BYTES[0] += size
            while _PARTS and (len(_PARTS) > MAX_KEPT_PARTS
                              or _PART_BYTES[0] > MAX_KEPT_PART_BYTES):
                _PART_BYTES[0] -= _PARTS.popitem(last=False)[1][1]
    return blocks


def _paragraphs(items: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(map(tuple, items))


def plan_blocks(plan: KeHoach) -> list[Block]:
    """Return the body of a plan, căn cứ to closing paragraphs, in reading order. Each part
    is laid out once for all the plans that share it word for word (``_kept``)."""
    lb = labels("ke-hoach")
    out: list[Block] = list(_kept(("can_cu", *plan.can_cu), lambda: [
        Block("can_cu", t, f"can_cu[{i}]") for i, t in enumerate(plan.can_cu)]))
    if plan.loi_dan:
        out.append(Block("than", plan.loi_dan, "loi_dan"))
    section = 0
    parts = [(plan.muc_dich, "muc_dich"), (plan.yeu_cau, "yeu_cau")]
    present = [(items, name) for items, name in parts if items]
    if present:
        section += 1
        out += _kept(("muc_dich_yeu_cau", section, _paragraphs(plan.muc_dich),
                      _paragraphs(plan.yeu_cau)),
                     lambda: _purposes(present, section, lb))
    if plan.nhiem_vu:
        section += 1
        out.append(Block("muc", f"{roman(section)}. {lb['noi_dung_thuc_hien']}", "nhiem_vu",
                         upper=True))
        for k, task in enumerate(plan.nhiem_vu, start=1):
            out += _kept(("nhiem_vu", k, task.ten, _paragraphs(task.noi_dung),
                          tuple(task.co_quan_thuc_hien), task.thoi_gian),
                         lambda k=k, task=task: _task(k, task, lb))

    out.extend(_sections(plan.muc_khac, "muc_khac", 0, first=section + 1))
    section += len(plan.muc_khac)

    if plan.to_chuc_thuc_hien or plan.che_do_bao_cao:
        section += 1
        out.append(Block("muc", f"{roman(section)}. {lb['to_chuc_thuc_hien']}",
                         "to_chuc_thuc_hien", upper=True))
        k = 0
        for k, body in enumerate(plan.to_chuc_thuc_hien, start=1):
            out += _kept(("to_chuc_thuc_hien", k, body.co_quan, body.de_nghi,
                          tuple(body.nhiem_vu)), lambda k=k, body=body: _body(k, body, lb))
        regime = plan.che_do_bao_cao
        if regime:
            out += _kept(("che_do_bao_cao", k + 1, tuple(regime.don_vi), regime.noi_nhan,
                          regime.noi_dung, tuple((h.ky, h.ngay) for h in regime.han)),
                         lambda k=k: [Block("khoan", f"{k + 1}. {lb['che_do_bao_cao']}",
                                            "che_do_bao_cao"),
                                      Block("than", reporting_sentence(plan),
                                            "che_do_bao_cao.han")])
    out += _kept(("ket_luan", *plan.ket_luan), lambda: [
        Block("than", t, f"ket_luan[{i}]") for i, t in enumerate(plan.ket_luan)])
    return out


def _purposes(present: list[tuple[list[list[str]], str]], section: int,
              lb: dict[str, str]) -> list[Block]:
    """Return the plan's section of purposes and requirements (``present``: the ones
    given, with their field names), numbered ``section``."""
    title = lb["muc_dich_yeu_cau"] if len(present) == 2 else lb[f"{present[0][1]}_rieng"]
    out = [Block("muc", f"{roman(section)}. {title}", present[0][1], upper=True)]
    for k, (items, name) in enumerate(present, start=1):
        if len(present) == 2:
            out.append(Block("khoan", f"{k}. {lb[name]}", name))
        prefix = f"{k}." if len(present) == 2 else ""
        out.extend(_items(prefix, items, name, lambda i: f"{i + 1}."))
    return out


def _task(k: int, task: NhiemVu, lb: dict[str, str]) -> list[Block]:
    """Return task ``k`` (1-based) of a plan's "NỘI DUNG THỰC HIỆN"."""
    path = f"nhiem_vu[{k - 1}]"
    out = [Block("khoan", f"{k}. {task.ten}", f"{path}.ten")]
    sub = 0
    if task.noi_dung:
        sub += 1
        out.append(Block("tieu_khoan", f"{k}.{sub}. {lb['noi_dung']}", f"{path}.noi_dung"))
        out.extend(_items("", task.noi_dung, f"{path}.noi_dung", lambda i: f"{letter(i)})"))
    if task.co_quan_thuc_hien:
        sub += 1
        bodies = "; ".join(escape(b) for b in task.co_quan_thuc_hien)
        out.append(Block("than", f"{k}.{sub}. *{lb['co_quan_thuc_hien']}:* {bodies}.",
                         f"{path}.co_quan_thuc_hien"))
    if task.thoi_gian:
        sub += 1
        out.append(Block("than", f"{k}.{sub}. *{lb['thoi_gian_thuc_hien']}:* "
                         f"{task.thoi_gian}.", f"{path}.thoi_gian"))
    return out


def _body(k: int, body: TrachNhiem, lb: dict[str, str]) -> list[Block]:
    """Return body ``k`` (1-based) of a plan's "TỔ CHỨC THỰC HIỆN" and its paragraphs."""
    path = f"to_chuc_thuc_hien[{k - 1}]"
    name = f"{lb['de_nghi']} {escape(body.co_quan)}" if body.de_nghi else escape(body.co_quan)
    return [Block("khoan", f"{k}. {name}", f"{path}.co_quan"),
            *(Block("than", t, f"{path}.nhiem_vu[{j}]") for j, t in enumerate(body.nhiem_vu))]


def reporting_sentence(plan: KeHoach) -> str:
    """Return the reporting-regime sentence, deadlines in bold: "... trước ngày **15/6/2024**"."""
    lb = labels("ke-hoach")
    regime = plan.che_do_bao_cao
    deadlines = ", ".join(
        lb["han_bao_cao"].format(ky=escape(h.ky), ngay=ngay_ngan(h.ngay)) for h in regime.han
    )
    return lb["cau_bao_cao"].format(
        don_vi=", ".join(escape(u) for u in regime.don_vi),
        noi_nhan=escape(regime.noi_nhan),
        noi_dung=escape(regime.noi_dung),
        han=deadlines,
    )


FREE_NUMBERING = [lambda i: f"{i + 1}.", lambda i: f"{letter(i)})", lambda i: "-"]


def _content(items: list, path: str) -> Iterator[Block]:
    """Yield paragraphs and tables in their order."""
    for i, item in enumerate(items):
        if isinstance(item, Bang):
            yield Block("bang", "", f"{path}[{i}]", bang=item)
        else:
            yield Block("than", item, f"{path}[{i}]")


def _label(depth: int, number: int) -> str:
    """Return the number of a section numbered ``number`` (1-based) at ``depth``: 0 "I.",
    1 "1.", 2 "a)", deeper "-"."""
    if depth == 0:
        return f"{roman(number)}."
    return FREE_NUMBERING[min(depth - 1, len(FREE_NUMBERING) - 1)](number - 1)


def _heading(section: Muc, where: str, depth: int, number: int) -> Block:
    """Return the heading of a section numbered ``number`` (1-based) at ``depth``: 0 "I."
    (own style, capitals), 1 "1." (khoản style), 2 "a)", deeper "-"."""
    if depth == 0:
        return Block("muc", f"{_label(depth, number)} {section.tieu_de}", f"{where}.tieu_de",
                     upper=True)
    kind = "khoan" if depth == 1 else "than"
    return Block(kind, f"{_label(depth, number)} {section.tieu_de}", f"{where}.tieu_de")


def _section(section: Muc, where: str, depth: int, number: int) -> Iterator[Block]:
    """Yield one section: its heading, its paragraphs and tables, then its subsections. An
    untitled section (``tieu_de`` None) has no heading: its number opens its first
    paragraph, printed as a body paragraph ("1. Giảng viên ...", regular weight: how ND30
    prints a khoản whose text follows its number)."""
    content = list(_content(section.noi_dung, f"{where}.noi_dung"))
    if section.tieu_de is None:
        first = content[0]
        content[0] = Block(first.kieu, f"{_label(depth, number)} {first.text}", first.path)
    else:
        yield _heading(section, where, depth, number)
    yield from content
    yield from _sections(section.muc_con, f"{where}.muc_con", depth + 1)


def _sections(sections: list[Muc], path: str, depth: int, first: int = 1,
              top: int = 0) -> Iterator[Block]:
    """Yield numbered sections (a plan's free sections, a typed document's sections): I.
    (own style, capitals; the first numbered ``first``, after a plan's own sections), 1.,
    a), then dashes; each heading followed by its paragraphs and tables, then its
    subsections. ``top``: the depth of the outermost sections, 0 (I.) or 1 (1.: a text
    with no I. level, ND30 Phụ lục I, Phần II, mục 5: mục I. is left out, khoản 1. comes
    first; VanBanChung.cap_muc_dau). Top-level parts (``Muc.phan``): see :func:`_parts`."""
    if depth == top and any(s.phan for s in sections):
        yield from _parts(sections, path, first, top)
        return
    for i, section in enumerate(sections):
        yield from _section(section, f"{path}[{i}]", depth, first + i)


def part_label(kind: str, number: int) -> str:
    """Return the marker of part ``number`` (1-based) numbered as ``kind`` (Muc.phan):
    "Phần II" (phan-so), "Phần thứ hai" (phan-thu), "B." (chu-cai)."""
    if kind == "phan-so":
        return f"Phần {roman(number)}"
    if kind == "phan-thu":
        return f"Phần {ordinal(number)}"
    return f"{PART_LETTERS[number - 1]}." if number <= len(PART_LETTERS) else f"{number}."


PART_LETTERS = "ABCDEGHIKLMNOPQRSTUVXY"  # the Vietnamese capitals, no Đ (read as D.)


def _parts(sections: list[Muc], path: str, first: int, top: int = 0) -> Iterator[Block]:
    """Yield top-level sections some of which are parts (ND30 Phụ lục I, Phần II, mục 5:
    phần above mục). A part prints its marker ("Phần I", "Phần thứ nhất": own line, then
    the title in capitals, both centred, kind ``phan``; "A. TITLE": one line in the I.
    style), its paragraphs, then its sections I., II., ... numbered from I. again. Loose
    sections before the first part are its unnamed first part (the next part is then
    "Phần thứ hai"); loose sections after a part go on numbering from I. again.
    With ``top`` 1 (no I. level) the sections are 1., 2., ...: a "Phần" restarts them at
    1., a lettered part "A." does not (the numbers run on through A., B., as vbhc check's
    danh-so rule reads them). A part's own ``cap_muc_dau`` sets its sections' level
    ("1": 1., 2., ... from 1.) over the document's. In a text with no I. level, items
    before lettered parts are no part: they are numbered 1., 2. and the numbers run on
    through A., B. (Trường ĐH Duy Tân 363/TB-ĐHDT), so the first part is still "A."."""
    lettered = next(s.phan for s in sections if s.phan) == "chu-cai"
    count = 0 if sections[0].phan or top == 1 and lettered else 1
    number = first
    for i, section in enumerate(sections):
        where = f"{path}[{i}]"
        if not section.phan:
            yield from _section(section, where, top, number)
            number += 1
            continue
        count += 1
        label = part_label(section.phan, count)
        if section.phan == "chu-cai":
            yield Block("muc", f"{label} {section.tieu_de}", f"{where}.tieu_de", upper=True)
        else:
            yield Block("phan", label, f"{where}.phan")
            yield Block("phan", section.tieu_de, f"{where}.tieu_de", upper=True)
        yield from _content(section.noi_dung, f"{where}.noi_dung")
        inner = top if section.cap_muc_dau is None else (1 if section.cap_muc_dau == "1" else 0)
        if inner == 0 or top == 0 or section.phan != "chu-cai":
            number = 1
        yield from _sections(section.muc_con, f"{where}.muc_con", inner, number, inner)
        number = 1 if top == 0 else number + len(section.muc_con)


def general_blocks(doc: VanBanChung) -> list[Block]:
    """Return the body of a typed document (báo cáo, thông báo...): căn cứ to closing."""
    out = [Block("can_cu", t, f"can_cu[{i}]") for i, t in enumerate(doc.can_cu)]
    out += [Block("than", t, f"loi_dan[{i}]") for i, t in enumerate(doc.loi_dan)]
    top = 1 if doc.cap_muc_dau == "1" else 0
    out += _sections(doc.muc, "muc", top, top=top)
    out += [Block("than", t, f"ket_luan[{i}]") for i, t in enumerate(doc.ket_luan)]
    return out


def dispatch_blocks(doc: CongVan) -> list[Block]:
    """Return the body of a công văn: its paragraphs."""
    return [Block("than", t, f"noi_dung[{i}]") for i, t in enumerate(doc.noi_dung)]


def decision_blocks(doc: QuyetDinh) -> list[Block]:
    """Return the body of a decision (Mẫu 1.2) or resolution (Mẫu 1.1): the authority line
    (and the session's), căn cứ, "Theo đề nghị của ..." ("Xét ..."), "QUYẾT ĐỊNH:"
    ("QUYẾT NGHỊ:"), then "**Điều 1.** ..." with khoản 1., 2. (numbered from two
    on) and điểm a), b)."""
    lb = labels("quyet-dinh")
    # The session line of a resolution (Mẫu 1.1) sits right under the authority line, with
    # no paragraph spacing between them: one paragraph, the two lines split by a line break.
    session = f"\n{escape(doc.ky_hop)}" if doc.ky_hop else ""
    out = [Block("tham_quyen", escape(doc.tham_quyen) + session, "tham_quyen")]
    out += [Block("can_cu", t, f"can_cu[{i}]") for i, t in enumerate(doc.can_cu)]
    if doc.theo_de_nghi:
        out.append(Block("can_cu", f"{lb['theo_de_nghi'][doc.loai]} {doc.theo_de_nghi}.",
                         "theo_de_nghi"))
    out.append(Block("quyet_dinh", lb["quyet_dinh"][doc.loai], "dieu"))
    for n, article in enumerate(doc.dieu, start=1):
        path = f"dieu[{n - 1}]"
        text = article if isinstance(article, str) else article.noi_dung
        out.append(Block("dieu", f"**{lb['dieu']} {n}.** {text}", path))
        out.extend(_clauses([] if isinstance(article, str) else article.khoan,
                            f"{path}.khoan"))
    out += [Block("than", t, f"ket_luan[{i}]") for i, t in enumerate(doc.ket_luan)]
    return out


def _dash_lines(items: list[str], path: str) -> list[Block]:
    """Return "- A;" ... "- Z." lines, one block each."""
    return [Block("than", f"- {escape(x)}{'.' if i == len(items) - 1 else ';'}", f"{path}[{i}]")
            for i, x in enumerate(items)]


def invitation_blocks(doc: GiayMoi) -> list[Block]:
    """Return the body of an invitation (Mẫu 1.7): "<nguoi_moi> trân trọng kính mời:" with
    the invitees (one on that line, several as dash lines), "Tới dự ...", "Thời gian: ...",
    "Địa điểm: ...", then the further paragraphs."""
    lb = labels("giay-moi")
    lead = f"{escape(doc.nguoi_moi)} {lb['kinh_moi']}"
    if len(doc.kinh_moi) == 1:
        out = [Block("than", f"{lead} {escape(doc.kinh_moi[0])}", "kinh_moi")]
    else:
        out = [Block("than", lead, "nguoi_moi"), *_dash_lines(doc.kinh_moi, "kinh_moi")]
    out.append(Block("than", f"{lb['toi_du']} {doc.toi_du}", "toi_du"))
    out.append(Block("than", f"{lb['thoi_gian']} {doc.thoi_gian}", "thoi_gian"))
    out.append(Block("than", f"{lb['dia_diem']} {doc.dia_diem}", "dia_diem"))
    out += [Block("than", t, f"ghi_chu[{i}]") for i, t in enumerate(doc.ghi_chu)]
    return out


def introduction_blocks(doc: GiayGioiThieu) -> list[Block]:
    """Return the body of a letter of introduction (Mẫu 1.8): "<nguoi_gioi_thieu> trân trọng
    giới thiệu:", "Ông (bà): ...", "Chức vụ: ...", "Được cử đến: ...", "Về việc: ...", the
    fixed request and "Giấy này có giá trị đến hết ngày ..../."."""
    lb = labels("giay-gioi-thieu")
    return [Block("than", f"{escape(doc.nguoi_gioi_thieu)} {lb['gioi_thieu']}",
                  "nguoi_gioi_thieu"),
            Block("than", f"{lb['ong_ba']} {escape(doc.ong_ba)}", "ong_ba"),
            Block("than", f"{lb['chuc_vu']} {escape(doc.chuc_vu)}", "chuc_vu"),
            Block("than", f"{lb['duoc_cu_den']} {escape(doc.duoc_cu_den)}", "duoc_cu_den"),
            Block("than", f"{lb['ve_viec']} {doc.ve_viec}", "ve_viec"),
            Block("than", lb["de_nghi"], "ve_viec"),
            Block("than", f"{lb['co_gia_tri_den']} {escape(doc.co_gia_tri_den)}./.",
                  "co_gia_tri_den")]


def leave_blocks(doc: GiayNghiPhep) -> list[Block]:
    """Return the body of a leave permit (Mẫu 1.10): "Xét Đơn đề nghị nghỉ phép ngày ... của
    ông (bà) ...,", "<nguoi_cap> cấp cho:", "Ông (bà): ...", "Chức vụ: ...", ("Đơn vị công
    tác: ..." when given), "Được nghỉ phép trong thời gian ... kể từ ngày ... đến hết ngày ...
    tại ...." and "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm ..../."."""
    lb = labels("giay-nghi-phep")
    out = [Block("than", f"{lb['xet_don']} {escape(doc.ngay_don)} {lb['cua']} "
                         f"{escape(doc.ong_ba)},", "ngay_don"),
           Block("than", f"{escape(doc.nguoi_cap)} {lb['cap_cho']}", "nguoi_cap"),
           Block("than", f"{lb['ong_ba']} {escape(doc.ong_ba)}", "ong_ba"),
           Block("than", f"{lb['chuc_vu']} {escape(doc.chuc_vu)}", "chuc_vu")]
    if doc.don_vi:
        out.append(Block("than", f"{lb['don_vi']} {escape(doc.don_vi)}", "don_vi"))
    out += [Block("than", f"{lb['duoc_nghi']} {escape(doc.thoi_gian)} {lb['tu_ngay']} "
                          f"{escape(doc.tu_ngay)} {lb['den_ngay']} {escape(doc.den_ngay)} "
                          f"{lb['tai']} {escape(doc.noi_nghi)}.", "thoi_gian"),
            Block("than", f"{lb['tinh_vao']} {escape(doc.nam)}./.", "nam")]
    return out


def telegram_blocks(doc: CongDien) -> list[Block]:
    """Return the body of a công điện (Mẫu 1.6): "<AUTHORITY> điện:" centred in capitals,
    the addressees as dash lines, then the paragraphs."""
    lb = labels("cong-dien")
    out = [Block("tham_quyen", f"{escape(doc.dien)} {lb['dien']}", "dien")]
    out += _dash_lines(doc.gui, "gui")
    out += [Block("than", t, f"noi_dung[{i}]") for i, t in enumerate(doc.noi_dung)]
    return out


def minutes_blocks(doc: BienBan) -> list[Block]:
    """Return the body of minutes (Mẫu 1.9): time, place, participants (dash lines), chair,
    secretary, "Nội dung ...:" and the proceedings, the closing time."""
    lb = labels("bien-ban")
    out = [Block("than", f"{lb['thoi_gian_bat_dau']} {doc.thoi_gian_bat_dau}",
                 "thoi_gian_bat_dau"),
           Block("than", f"{lb['dia_diem']} {doc.dia_diem}", "dia_diem"),
           Block("than", lb["thanh_phan"], "thanh_phan"), *_dash_lines(doc.thanh_phan,
                                                                      "thanh_phan"),
           Block("than", f"{lb['chu_tri']} {escape(doc.chu_tri)}", "chu_tri"),
           Block("than", f"{lb['thu_ky']} {escape(doc.thu_ky)}", "thu_ky"),
           Block("than", lb["noi_dung"], "noi_dung")]
    out += [Block("than", t, f"noi_dung[{i}]") for i, t in enumerate(doc.noi_dung)]
    out.append(Block("than", f"{lb['ket_thuc']} {doc.ket_thuc}", "ket_thuc"))
    return out


LAYOUTS = {"vbhc.model.ke_hoach.KeHoach": plan_blocks,
           "vbhc.model.chung.VanBanChung": general_blocks,
           "vbhc.model.cong_van.CongVan": dispatch_blocks,
           "vbhc.model.quyet_dinh.QuyetDinh": decision_blocks,
           "vbhc.model.giay_moi.GiayMoi": invitation_blocks,
           "vbhc.model.cong_dien.CongDien": telegram_blocks,
           "vbhc.model.bien_ban.BienBan": minutes_blocks,
           "vbhc.model.giay_gioi_thieu.GiayGioiThieu": introduction_blocks,
           "vbhc.model.giay_nghi_phep.GiayNghiPhep": leave_blocks}
"""Model class (``module.Name``, so that this module imports no kind's class) -> its
layout."""


def body_blocks(doc: VanBan) -> list[Block]:
    """Return the body blocks of any supported document; KeyError for another class."""
    cls = type(doc)
    return LAYOUTS[f"{cls.__module__}.{cls.__qualname__}"](doc)


SECTION_BREAK = "ngat_phan"
"""Block kind ending a section: the renderer prints it as a paragraph holding an empty
``w:sectPr`` (vbhc.renderer.context.SECTION_BREAK_XML), which it fills with the body's page
setup and a page numbering restarting at 1 (ND30 Phụ lục I: each appendix is paginated on its
own, nd30.md §1 [M]). One stands before each appendix and before a decision's attached
text."""


LANDSCAPE = "ngang"
"""Text of a SECTION_BREAK block opening a section printed landscape (an appendix with
``trang_ngang``); "" opens a portrait one."""


def section_landscape(doc: VanBan) -> list[bool]:
    """Return, for each section break of ``doc`` in order (appendix_blocks), whether the
    section it opens is printed landscape: the attached text's is not, an appendix's is
    when it sets ``trang_ngang``."""
    text = [False] if getattr(doc, "van_ban_kem_theo", None) is not None else []
    return text + [a.trang_ngang for a in getattr(doc, "phu_luc", [])]


def _clauses(clauses: list, path: str) -> Iterator[Block]:
    """Yield an article's clauses (numbered 1., 2. from two on) and their points a), b)."""
    from vbhc.model.van_ban_kem_theo import Khoan  # loaded with the kind that uses it

    for k, clause in enumerate(clauses, start=1):
        where = f"{path}[{k - 1}]"
        body = clause.noi_dung if isinstance(clause, Khoan) else clause
        mark = f"{k}. " if len(clauses) > 1 else ""
        yield Block("than", mark + body, where)
        points = clause.diem if isinstance(clause, Khoan) else []
        yield from (Block("than", f"{letter(i)}) {p}", f"{where}.diem[{i}]")
                    for i, p in enumerate(points))


def attached_blocks(doc: VanBan, issued_by: str) -> list[Block]:
    """Return the text a decision issues (Mẫu 1.3; ``doc.van_ban_kem_theo``), [] when none:
    a section break, the kind name (capitals), the abstract, "(Ban hành kèm theo
    <issued_by>)" with the rule under it, then Scheme A (nd30.md §3.4): "Chương I" and its
    title in capitals on lines of their own, "Mục 1" and its title the same way, and
    "**Điều N. <title>**" numbered through the whole text, its paragraphs, khoản and điểm."""
    text = getattr(doc, "van_ban_kem_theo", None)
    if text is None:
        return []
    lb = labels("quyet-dinh")
    where = "van_ban_kem_theo"
    out = [Block(SECTION_BREAK, "", where),
           Block("kem_theo_ten_loai", escape(text.ten_loai), f"{where}.ten_loai", upper=True),
           Block("kem_theo_trich_yeu", text.trich_yeu, f"{where}.trich_yeu"),
           Block("phu_luc_kem_theo", escape(f"({lb['ban_hanh_kem_theo']} {issued_by})"),
                 where)]
    number = 0

    def articles(items: list, path: str) -> Iterator[Block]:
        nonlocal number
        for i, article in enumerate(items):
            number += 1
            at = f"{path}[{i}]"
            yield Block("dieu_kem_theo", f"**{lb['dieu']} {number}. {article.tieu_de}**",
                        f"{at}.tieu_de")
            yield from (Block("than", t, f"{at}.noi_dung[{j}]")
                        for j, t in enumerate(article.noi_dung))
            yield from _clauses(article.khoan, f"{at}.khoan")

    for c, chapter in enumerate(text.chuong):
        at = f"{where}.chuong[{c}]"
        out.append(Block("chuong", f"{lb['chuong']} {roman(c + 1)}", at))
        out.append(Block("chuong_ten", chapter.tieu_de, f"{at}.tieu_de", upper=True))
        out.extend(articles(chapter.dieu, f"{at}.dieu"))
        for m, section in enumerate(chapter.muc):
            sub = f"{at}.muc[{m}]"
            out.append(Block("chuong", f"{lb['muc']} {m + 1}", sub))
            out.append(Block("chuong_ten", section.tieu_de, f"{sub}.tieu_de", upper=True))
            out.extend(articles(section.dieu, f"{sub}.dieu"))
    out.extend(articles(text.dieu, f"{where}.dieu"))
    return out


def appendix_blocks(doc: VanBan, attached_to: str) -> list[Block]:
    """Return what follows the signature: a decision's attached text (:func:`attached_blocks`,
    cited as ``attached_to``), then the appendices: each a section break, heading ("Phụ
    lục", numbered from two on), title, the "(Kèm theo ...)" line, then content. Each
    heading starts a new page (its style) in a section of its own whose page numbers
    restart at 1."""
    appendices = getattr(doc, "phu_luc", [])
    out: list[Block] = attached_blocks(doc, attached_to)
    for i, appendix in enumerate(appendices):
        where = f"phu_luc[{i}]"
        label = "Phụ lục" + (f" {roman(i + 1)}" if len(appendices) > 1 else "")
        out.append(Block(SECTION_BREAK, LANDSCAPE if appendix.trang_ngang else "", where))
        out.append(Block("phu_luc", label, where))
        out.append(Block("phu_luc_ten", escape(appendix.tieu_de), f"{where}.tieu_de", upper=True))
        out.append(Block("phu_luc_kem_theo", escape(f"(Kèm theo {attached_to})"), where))
        out.extend(_content(appendix.noi_dung, f"{where}.noi_dung"))
    return out
