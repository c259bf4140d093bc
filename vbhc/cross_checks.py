"""Checks across fields that a single field validator cannot see: footnote references."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from vbhc.errors import Problem
from vbhc.model.layout import appendix_blocks, body_blocks
from vbhc.model.markup import footnote_keys, unmatched_markers

if TYPE_CHECKING:
    from vbhc.model.common import VanBan


def rich_texts(doc: VanBan) -> list[tuple[str, str]]:
    """Return (field path, markup text) for every text that is printed as markup, footnotes
    excepted: the abstract, then the body and appendix paragraphs in reading order."""
    blocks = body_blocks(doc) + appendix_blocks(doc, "")
    return [("trich_yeu", doc.trich_yeu)] + [(b.path, b.text) for b in blocks]


def footnote_problems(doc: VanBan) -> list[Problem]:
    """Return one ``lỗi`` Problem (field path, no file or line) per footnote cited without
    text (one per key and field, with how many times the field cites it), written but
    never cited, or whose text cites another footnote; [] when the footnotes match.
    Never raises."""
    problems = []
    cited: set[str] = set()
    for path, text in rich_texts(doc):
        missing = Counter(key for key in footnote_keys(text) if key not in doc.chu_thich)
        cited.update(footnote_keys(text))
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


def markup_warnings(doc: VanBan) -> list[Problem]:
    """Return one ``cảnh báo`` Problem (field path, no file or line) per text whose ``*`` or
    ``**`` has no partner (it is printed as written). Never raises."""
    texts = rich_texts(doc) + [(f"chu_thich.{key}", t) for key, t in doc.chu_thich.items()]
    out = []
    for path, text in texts:
        for marker in unmatched_markers(text):
            style = "đậm" if marker == "**" else "nghiêng"
            out.append(Problem(path, f"dấu {marker} không có cặp nên được in nguyên văn "
                                     f"(viết \\* nếu muốn dấu sao; bao chữ bằng "
                                     f"{marker}...{marker} nếu muốn chữ {style})",
                               severity="cảnh báo"))
    return out
