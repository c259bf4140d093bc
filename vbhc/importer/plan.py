"""Body of a kế hoạch -> the plan's semantic fields, inverting vbhc.model.layout.

A section maps onto its field only when its shape is one the renderer would print the
same way (or nearly: then a warning says what changes). Anything else becomes a free
section (``muc_khac``) that keeps its text and numbers, with a warning naming it.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.outline import Node, build, literal, numbering
from vbhc.importer.patterns import data
from vbhc.importer.result import Warn
from vbhc.importer.sections import PLAN, flatten, latin_letter, section
from vbhc.importer.source import Para, drop_chars, emphasised, to_markup
from vbhc.importer.tables import TableBlock, as_paragraphs, group_tables, table_name, task_roles
from vbhc.lang.outline import letter
from vbhc.model.layout import labels

FIELDS = {"muc_dich_yeu_cau": "muc_dich", "muc_dich_rieng": "muc_dich",
          "yeu_cau_rieng": "muc_dich", "noi_dung_thuc_hien": "nhiem_vu",
          "to_chuc_thuc_hien": "to_chuc_thuc_hien"}
RANK = {"muc_dich": 0, "nhiem_vu": 1, "muc_khac": 2, "to_chuc_thuc_hien": 3}


class Misfit(Exception):
    """A section whose shape its semantic field cannot hold; the message says why."""


def _norm(text: str) -> str:
    return " ".join(text.split()).rstrip(":.").casefold()


def _markup(paras: list[Para]) -> list[str]:
    return [to_markup(p.spans) for p in paras]


class PlanMapper:
    """Fills plan fields from the body outline, collecting warnings."""

    def __init__(self, warn: Warn) -> None:
        self.warn = warn
        self.lb = labels("ke-hoach")
        self.titles = data("ke-hoach")
        self.out: dict[str, Any] = {}
        self.order: list[str] = []

    def map(self, body: list[Para]) -> dict[str, Any]:
        """Return the plan's body fields for ``body``."""
        body = list(body)
        closing = self._closing_paragraphs(body)
        root = build(body)
        self._bases(root.paras)
        sections = root.children
        if sections and any(s.level != 1 for s in sections):
            self.warn("thân văn bản không chia mục I., II., ...; các phần được đưa vào muc_khac "
                      "và sẽ được đánh số La Mã khi dựng")
        for node in sections:
            self._section(node)
        if self.order != sorted(self.order, key=RANK.__getitem__):
            self.warn("thứ tự các mục khác thứ tự vbhc dựng (mục đích, nội dung, mục khác, tổ "
                      "chức thực hiện): khi dựng lại, các mục sẽ đổi chỗ")
        self.out["ket_luan"] = self.out.get("ket_luan", []) + closing
        return {k: v for k, v in self.out.items() if v}

    # --- before and after the numbered sections
    def _closing_paragraphs(self, body: list[Para]) -> list[str]:
        """Take the closing paragraphs off the end: the last one ends with "./."."""
        starts = [re.compile(p) for p in self.titles["ket_luan_mo_dau"]]
        tail: list[Para] = []
        while body and numbering(body[-1]) is None:
            text = body[-1].text
            if not tail and not text.endswith("/."):
                break
            if tail and not any(p.match(text) for p in starts):
                break
            tail.insert(0, body.pop())
        return _markup(tail)

    def _bases(self, paras: list[Para]) -> None:
        can_cu, others = [], []
        for para in paras:
            if isinstance(para, TableBlock):
                self.warn(f"bảng '{table_name(para)}' đứng trước mục I., nơi không đặt bảng "
                          "được: mỗi hàng nhập thành một đoạn của loi_dan")
                others += as_paragraphs(para)
            elif is_basis(para):
                can_cu.append(to_markup(para.spans, plain_emphasis=True))
            else:
                others.append(to_markup(para.spans))
        self.out["can_cu"] = can_cu
        if len(others) > 1:
            self.warn(f"{len(others)} đoạn dẫn trước mục I. được gộp thành một đoạn loi_dan "
                      "(ngắt dòng giữa các đoạn)")
        if others:
            self.out["loi_dan"] = "\n".join(others)

    # --- sections
    def _section(self, node: Node) -> None:
        title = _norm(node.plain_title())
        kinds = [k for k in FIELDS if title in (_norm(n) for n in self.titles[k])]
        kind = kinds[0] if kinds else None
        field = FIELDS.get(kind)
        tables = [p for p in flatten(node) if isinstance(p, TableBlock)]
        if field and tables:
            self.warn(f"mục '{node.plain_title()}' có bảng ('{table_name(tables[0])}'), trường "
                      f"{field} không chứa bảng được; giữ nguyên văn trong muc_khac")
        elif field and field not in self.order and node.level == 1:
            try:
                {"muc_dich": self._purposes, "nhiem_vu": self._tasks,
                 "to_chuc_thuc_hien": self._organisation}[field](node, kind)
                self.order.append(field)
                return
            except Misfit as why:
                self.warn(f"mục '{node.plain_title()}': {why}; giữ nguyên văn trong muc_khac")
        else:
            self.warn(f"mục '{node.plain_title()}' không ứng với trường nào của kế hoạch; "
                      "giữ nguyên văn trong muc_khac")
        self.order.append("muc_khac")
        self.out.setdefault("muc_khac", []).append(
            task_tables(tagged(section(node, self.warn, PLAN))))

    def _items(self, node: Node, level: int, prefix: str) -> list[list[str]]:
        """Return the numbered items under ``node`` (or its paragraphs as one item)."""
        if not node.children:
            return [_markup(node.paras)] if node.paras else []
        if node.paras:
            raise Misfit("có đoạn không đánh số trước các mục đánh số")
        points = all(child.level == 5 for child in node.children)
        if points:  # "1. Mục đích" then a), b): the items of the field, numbered 1.1., 1.2.
            self.warn(f"các điểm {', '.join(c.number + ')' for c in node.children[:3])}"
                      f"{', ...' if len(node.children) > 3 else ''} dưới mục "
                      f"'{node.plain_title()}' sẽ được đánh số lại thành {prefix}1., ...")
        items = []
        for i, child in enumerate(node.children):
            if not points and child.level != level:
                raise Misfit(f"mục '{child.number}' không đúng cấp")
            if not points and child.number != f"{prefix}{i + 1}":
                self.warn(f"mục {child.number} sẽ được đánh lại số thành {prefix}{i + 1}")
            rest = [line for grand in child.children for line in literal(grand)]
            items.append([to_markup(child.head), *_markup(child.paras), *rest])
        return items

    def _purposes(self, node: Node, kind: str) -> None:
        if kind != "muc_dich_yeu_cau":
            self.out[kind.removesuffix("_rieng")] = self._items(node, 2, "")
            return
        names = [_norm(self.lb["muc_dich"]), _norm(self.lb["yeu_cau"])]
        got = [_norm(c.plain_title()) for c in node.children]
        if node.paras or got != names:
            raise Misfit(f"cần đúng hai khoản '1. {self.lb['muc_dich']}' và "
                         f"'2. {self.lb['yeu_cau']}'")
        self.out["muc_dich"] = self._items(node.children[0], 3, "1.")
        self.out["yeu_cau"] = self._items(node.children[1], 3, "2.")

    def _tasks(self, node: Node, kind: str) -> None:
        if node.paras:
            raise Misfit("có đoạn không đánh số trước nhiệm vụ đầu tiên")
        tasks = []
        for k, child in enumerate(node.children, start=1):
            if child.level != 2:
                raise Misfit(f"'{child.number}' không phải khoản 1., 2., ...")
            tasks.append(self._task(child, k))
        self.out["nhiem_vu"] = tasks

    def _task(self, node: Node, k: int) -> dict[str, Any]:
        task: dict[str, Any] = {"ten": node.title()}
        subs = node.children
        content_label = _norm(self.lb["noi_dung"])
        bodies_label = self.lb["co_quan_thuc_hien"] + ":"
        time_label = self.lb["thoi_gian_thuc_hien"] + ":"
        if node.paras and subs:
            raise Misfit(f"nhiệm vụ {k} có đoạn không đánh số trước các mục con")
        if node.paras or (subs and all(s.level == 5 for s in subs)):
            self.warn(f"nhiệm vụ {k} không có tiêu đề '{k}.1. {self.lb['noi_dung']}'; khi dựng "
                      "sẽ thêm dòng này")
            task["noi_dung"] = ([_markup(node.paras)] if node.paras
                                else self._points(subs))
            return task
        order = []
        for sub in subs:
            plain = sub.plain_title()
            if sub.level != 3:
                raise Misfit(f"nhiệm vụ {k}: mục '{sub.number}' không đúng cấp")
            if _norm(plain) == content_label:
                if sub.paras and sub.children:
                    raise Misfit(f"nhiệm vụ {k}: có đoạn không đánh số trước điểm a)")
                task["noi_dung"] = self._points(sub.children) if sub.children else [
                    _markup(sub.paras)]
                order.append(0)
            elif plain.startswith(bodies_label) and not (sub.paras or sub.children):
                value = plain[len(bodies_label):].strip().removesuffix(".")
                task["co_quan_thuc_hien"] = [b.strip() for b in value.split("; ") if b.strip()]
                order.append(1)
            elif plain.startswith(time_label) and not (sub.paras or sub.children):
                text = to_markup(drop_chars(sub.head, len(time_label)))
                task["thoi_gian"] = text.removesuffix(".")
                order.append(2)
            else:
                raise Misfit(f"nhiệm vụ {k}: mục '{sub.number}. {plain[:40]}' không phải nội "
                             "dung, cơ quan thực hiện hay thời gian thực hiện")
            if sub.number != f"{k}.{len(order)}":
                self.warn(f"mục {sub.number} sẽ được đánh lại số thành {k}.{len(order)}")
        if order != sorted(order):
            self.warn(f"nhiệm vụ {k}: nội dung, cơ quan, thời gian sẽ được dựng theo thứ tự này")
        return task

    def _points(self, points: list[Node]) -> list[list[str]]:
        items = []
        for i, point in enumerate(points):
            if point.level != 5:
                raise Misfit(f"'{point.number}' không phải điểm a), b), ...")
            if len(points) > 1 and point.number != letter(i):
                self.warn(f"điểm {point.number}) sẽ được đánh lại thành {letter(i)})")
            rest = [line for grand in point.children for line in literal(grand)]
            items.append([to_markup(point.head), *_markup(point.paras), *rest])
        if len(points) == 1:
            self.warn(f"điểm {points[0].number}) là điểm duy nhất: khi dựng sẽ không có chữ cái")
        return items

    def _organisation(self, node: Node, kind: str) -> None:
        if node.paras:
            raise Misfit("có đoạn không đánh số trước khoản đầu tiên")
        bodies = []
        last = len(node.children) - 1
        for k, child in enumerate(node.children):
            if child.level != 2:
                raise Misfit(f"'{child.number}' không phải khoản 1., 2., ...")
            if k == last and _norm(child.plain_title()) == _norm(self.lb["che_do_bao_cao"]):
                regime = reporting(child)
                if regime is not None:
                    self.out["che_do_bao_cao"], extra = regime
                    self.out["ket_luan"] = extra
                    continue
                self.warn("câu chế độ báo cáo không theo mẫu của vbhc; giữ nguyên văn như "
                          "trách nhiệm của một cơ quan tên 'Chế độ báo cáo'")
            bodies.append(self._body(child))
        self.out["to_chuc_thuc_hien"] = bodies

    def _body(self, node: Node) -> dict[str, Any]:
        name, first = self._body_name(node)
        if (len(name) > 150 or name.endswith((".", ";"))
                or not re.match(self.titles["co_quan_mo_dau"], name)):
            raise Misfit(f"khoản '{node.number}. {node.plain_title()[:50]}' không phải tên "
                         "một cơ quan")
        if first is not None:
            self.warn(f"khoản {node.number}: '{name}:' và nhiệm vụ viết cùng dòng; khi dựng, "
                      "tên cơ quan đứng một dòng (không có dấu ':'), nhiệm vụ xuống dòng")
        out: dict[str, Any] = {"co_quan": name}
        prefix = self.lb["de_nghi"] + " "
        if name.startswith(prefix):
            out["co_quan"], out["de_nghi"] = name[len(prefix):], True
        out["nhiem_vu"] = ([first] if first else []) + _markup(node.paras) + self._duties(node)
        return out

    def _duties(self, node: Node) -> list[str]:
        """Return the numbered items under a body as paragraphs keeping their numbers; points
        lettered a, b, c, d, e (no đ) are relettered as ND30 letters them (else vbhc check
        refuses "e)" after "d)"), with a warning."""
        kids = node.children
        latin = len(kids) > 4 and all(k.level == 5 and k.number == latin_letter(i)
                                      for i, k in enumerate(kids))
        out: list[str] = []
        for i, child in enumerate(kids):
            lines = literal(child)
            if latin and child.number != letter(i):
                self.warn(f"khoản {node.number}: điểm {child.number}) sẽ được đánh lại thành "
                          f"{letter(i)}) (thứ tự chữ cái tiếng Việt có 'đ')")
                lines[0] = f"{letter(i)}) {to_markup(child.head)}"
            out += lines
        return out

    def _body_name(self, node: Node) -> tuple[str, str | None]:
        """Return (the body's name, the duty written after it on the same line, as markup)
        for "2. Sở Tư pháp: Chủ trì ..." (and "" as the duty for "1. Sở Nội vụ:"); the
        whole title and None when the part before the first colon is no body's name."""
        title = node.plain_title()
        raw = "".join(getattr(s, "text", "") for s in node.head)
        cut = raw.find(":")
        name = " ".join(raw[:cut].split()) if cut > 0 else ""
        if not name or len(name) > 150 or not re.match(self.titles["co_quan_mo_dau"], name):
            return title, None
        return name, to_markup(drop_chars(node.head, cut + 1))


def section_kind(title: str) -> str | None:
    """Return the loai_muc of a free section titled ``title`` (data/nhap-ke-hoach.yaml:
    the title equals a synonym, or starts with one and a space, comma or colon), or None.
    The longest synonym that fits wins, whatever its kind ("Hình thức khen thưởng" is
    khen-thuong, not the nhiem-vu-giai-phap of "Hình thức"); on a tie, the table's order."""
    plain = _norm(re.sub(r"[*\\]", "", title))
    best: tuple[int, str] | None = None
    for kind, names in data("ke-hoach")["loai_muc"].items():
        for name in names:
            name = _norm(name)
            fits = plain == name or plain.startswith(name) and plain[len(name):][:1] in " ,:-–"
            if fits and (best is None or len(name) > best[0]):
                best = (len(name), kind)
    return best[1] if best else None


def tagged(muc: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """Set ``loai_muc`` on a free section and its subsections (two levels) from their
    titles; return the section."""
    kind = section_kind(muc.get("tieu_de", ""))
    if kind:
        muc["loai_muc"] = kind
    if depth < 1:
        for child in muc.get("muc_con", []):
            tagged(child, depth + 1)
    return muc


def task_tables(muc: dict[str, Any]) -> dict[str, Any]:
    """Set ``vai_tro_cot`` on every task-assignment table (vbhc.importer.tables.task_roles:
    columns of tasks and lead bodies, read from the column headings) in a free section and
    its subsections, at any depth; return the section."""
    for item in muc.get("noi_dung", []):
        if isinstance(item, dict):
            roles = task_roles(item["cot"])
            if roles is not None:
                item["vai_tro_cot"] = roles
    for child in muc.get("muc_con", []):
        task_tables(child)
    return muc


def is_basis(para: Para) -> bool:
    """Return whether a paragraph before section I. is a căn cứ: "Căn cứ ...", "Thực hiện
    ...;", or a whole line in italics ending with ";" (the căn cứ style)."""
    text = para.text
    return text.startswith("Căn cứ") or text.endswith(";") and (
        text.startswith("Thực hiện") or emphasised(para.spans, "italic"))


def reporting(node: Node) -> tuple[dict[str, Any], list[str]] | None:
    """Return the reporting regime parsed from the sentence pattern of data/ke-hoach.yaml,
    and the paragraphs after it; None when the sentence does not follow the pattern."""
    if node.children or not node.paras:
        return None
    lb = labels("ke-hoach")
    sentence = node.paras[0].text
    m = re.fullmatch(_template_regex(lb["cau_bao_cao"], {"han": ".+"}), sentence)
    if not m:
        return None
    deadline = _template_regex(lb["han_bao_cao"].replace("**", ""),
                               {"ngay": r"\d{1,2}/\d{1,2}/\d{4}"})
    found = list(re.finditer(deadline, m.group("han")))
    if ", ".join(f.group(0) for f in found) != m.group("han"):
        return None
    han = []
    for f in found:
        day, month, year = (int(x) for x in f.group("ngay").split("/"))
        han.append({"ky": f.group("ky"), "ngay": f"{year:04d}-{month:02d}-{day:02d}"})
    regime = {"don_vi": split_names(m.group("don_vi")), "noi_nhan": m.group("noi_nhan"),
              "noi_dung": m.group("noi_dung"), "han": han}
    return regime, _markup(node.paras[1:])


def _template_regex(template: str, groups: dict[str, str]) -> str:
    """Return a regex for a str.format template: each {name} a named group."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(re.escape(template[pos:m.start()]))
        out.append(f"(?P<{m.group(1)}>{groups.get(m.group(1), '.+?')})")
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return "".join(out)


def split_names(text: str) -> list[str]:
    """Split a comma list of bodies where a new name starts with a capital letter:
    "Các sở, ban, ngành, UBND các huyện" -> ["Các sở, ban, ngành", "UBND các huyện"]."""
    out: list[str] = []
    for piece in text.split(", "):
        if out and not piece[:1].isupper():
            out[-1] += ", " + piece
        else:
            out.append(piece)
    return out


def plan_body(body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the plan's body fields (căn cứ to closing paragraphs) for ``body`` (every
    paragraph, table cells included): each table gathered into one block (vbhc.importer.
    tables) that a free section keeps as a table, empty paragraphs left out."""
    items = [p for p in group_tables(body) if isinstance(p, TableBlock) or p.text]
    return PlanMapper(warn).map(items)
