"""Checks across fields that a single field validator cannot see: footnote references
(in paragraphs and table cells), unpaired markup, table cells read with a warning."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from vbhc.errors import Problem
from vbhc.model.layout import Block, appendix_blocks, body_blocks
from vbhc.model.markup import footnote_keys, unmatched_markers

if TYPE_CHECKING:
    from vbhc.model.bang import Bang
    from vbhc.model.common import VanBan


def blocks_of(doc: VanBan) -> list[Block]:
    """Return the body and appendix blocks of ``doc`` (vbhc.model.layout), which the checks
    below read; pass them as ``blocks=`` to run several checks on one computation."""
    return body_blocks(doc) + appendix_blocks(doc, "")


def rich_texts(doc: VanBan, *, blocks: list[Block] | None = None) -> list[tuple[str, str]]:
    """Return (field path, markup text) for every text that is printed as markup, footnotes
    excepted: the abstract, then the body and appendix paragraphs in reading order, a
    table's caption, column headings, text cells and totals label included
    (``muc[0].noi_dung[1].hang[3][0]``). ``blocks``: ``blocks_of(doc)`` if already made."""
    blocks = blocks_of(doc) if blocks is None else blocks
    out = [("trich_yeu", doc.trich_yeu)]
    for b in blocks:
        out += _table_texts(b.path, b.bang) if b.bang is not None else [(b.path, b.text)]
    return out


def _table_texts(path: str, table: Bang) -> list[tuple[str, str]]:
    """Return (path, markup) for a table's texts in the order they are printed."""
    out = [(f"{path}.tieu_de", table.tieu_de)] if table.tieu_de else []
    out += [(f"{path}.cot[{j}]", text) for j, text in enumerate(table.cot)]
    out += [(f"{path}.hang[{i}][{j}]", value) for i, row in enumerate(table.hang)
            for j, value in enumerate(row) if isinstance(value, str)]
    if isinstance(table.dong_tong, list):
        out += [(f"{path}.dong_tong[{j}]", value) for j, value in enumerate(table.dong_tong)
                if isinstance(value, str)]
    elif table.dong_tong:
        out.append((f"{path}.dong_tong", table.dong_tong))
    return out


def table_warnings(doc: VanBan, *, blocks: list[Block] | None = None) -> list[Problem]:
    """Return one ``cảnh báo`` Problem per table cell read with a warning (English
    notation normalised, text or a code in a column of figures, a hand-written total that
    is not the sum), its path the cell's: ``muc[0].noi_dung[1].hang[3][2]``. Never raises.
    ``blocks``: ``blocks_of(doc)`` if already made."""
    return [Problem(f"{b.path}.{where}", message, severity="cảnh báo")
            for b in (blocks_of(doc) if blocks is None else blocks) if b.bang is not None
            for where, message in b.bang.warnings()]


def footnote_problems(doc: VanBan, *, texts: list[tuple[str, str]] | None = None
                      ) -> list[Problem]:
    """Return one ``lỗi`` Problem (field path, no file or line) per footnote cited without
    text (one per key and field, with how many times the field cites it), written but
    never cited, or whose text cites another footnote; [] when the footnotes match.
    Never raises. ``texts``: ``rich_texts(doc)`` if already made."""
    problems = []
    cited: set[str] = set()
    for path, text in rich_texts(doc) if texts is None else texts:
        keys = footnote_keys(text)
        if not keys:
            continue
        missing = Counter(key for key in keys if key not in doc.chu_thich)
        cited.update(keys)
        for key, times in missing.items():
            again = f" (dẫn {times} lần)" if times > 1 else ""
            problems.append(
                Problem(path, f"chú thích [^{key}] chưa có nội dung trong chu_thich{again}"))
    for key, text in doc.chu_thich.items():
        if key not in cited:
            problems.append(Problem(f"chu_thich.{key}",
                                    f"chú thích '{key}' không được dẫn ở đâu trong văn bản "
                                    f"(thêm [^{key}] vào chỗ cần chú thích, hoặc xóa nó)"))
        if footnote_keys(text):
            problems.append(Problem(f"chu_thich.{key}",
                                    "nội dung chú thích không được dẫn một chú thích khác"))
    return problems


def markup_warnings(doc: VanBan, *, texts: list[tuple[str, str]] | None = None
                    ) -> list[Problem]:
    """Return one ``cảnh báo`` Problem (field path, no file or line) per text whose ``*`` or
    ``**`` has no partner (it is printed as written). Never raises. ``texts``:
    ``rich_texts(doc)`` if already made."""
    texts = (rich_texts(doc) if texts is None else texts) + [
        (f"chu_thich.{key}", t) for key, t in doc.chu_thich.items()]
    out = []
    for path, text in texts:
        for marker in unmatched_markers(text):
            style = "đậm" if marker == "**" else "nghiêng"
            out.append(Problem(path, f"dấu {marker} không có cặp nên được in nguyên văn "
                                     f"(viết \\* nếu muốn dấu sao; bao chữ bằng "
                                     f"{marker}...{marker} nếu muốn chữ {style})",
                               severity="cảnh báo"))
    return out


def party_warnings(doc: VanBan) -> list[Problem]:
    """Return one ``cảnh báo`` Problem (path ``nguoi_ky_ben_kia``, rule ``hai-ben``) when a
    document of a kind two parties sign (``hai_ben`` in data/loai-van-ban.yaml: hợp đồng, bản
    ghi nhớ, bản thỏa thuận) carries only the issuer's signature: it renders, with one
    signature, as the other kinds do. [] otherwise. Never raises."""
    from vbhc.model.kinds import kind

    if not kind(doc.loai).hai_ben or getattr(doc, "nguoi_ky_ben_kia", None) is not None:
        return []
    name = kind(doc.loai).ten.lower()
    return [Problem("nguoi_ky_ben_kia", f"{name} do hai bên cùng ký nhưng chỉ có chữ ký của "
                    "cơ quan ban hành (nguoi_ky); ghi người ký của bên kia ở nguoi_ky_ben_kia "
                    "để in hai chữ ký cạnh nhau", severity="cảnh báo", rule="hai-ben")]
