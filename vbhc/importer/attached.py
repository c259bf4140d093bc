"""The text a decision issues (Mẫu 1.3), after the signature -> ``van_ban_kem_theo``,
inverting vbhc.model.layout.attached_blocks: the kind name in capitals, the abstract, the
"(Ban hành kèm theo ...)" line (left out: vbhc prints it from the decision), then "Chương I"
and its title, "Mục 1" and its title, "Điều N. <title>" with its paragraphs, khoản "1."
and điểm "a)". What follows it from the first "Phụ lục" heading on is the appendices'.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.names import sentence_case
from vbhc.importer.patterns import is_upper, pattern
from vbhc.importer.result import Warn
from vbhc.importer.source import Para, to_markup

TITLE_LOOKAHEAD = 4
"""Lines of abstract between the kind name and the "(Ban hành kèm theo ...)" line."""
_CHAPTER = re.compile(r"^Chương\s+([IVXLC]+|\d+)\s*[.:]?$", re.IGNORECASE)
_SECTION = re.compile(r"^Mục\s+(\d+)\s*[.:]?$")
_ARTICLE = re.compile(r"^(?:\*\*)?Điều\s+(\d+)\s*\.\s*")
_CLAUSE = re.compile(r"^(\d+)\.\s+")
_POINT = re.compile(r"^([a-zđ])\)\s+")


def split_attached(paras: list[Para]) -> tuple[list[Para], list[Para]]:
    """Return (the attached text's paragraphs, the rest) of the paragraphs after the
    signature: the attached text opens with a line in capitals that is not a "Phụ lục"
    heading, with a "(Ban hành kèm theo ...)" line a few lines under it, and runs up to the
    first "Phụ lục" heading; ([], paras) when there is none."""
    if not paras or pattern("phu_luc_tieu_de").match(paras[0].text) \
            or not is_upper(paras[0].text):
        return [], paras
    if not any(pattern("kem_theo").match(p.text)
               for p in paras[1:TITLE_LOOKAHEAD + 2]):
        return [], paras
    end = next((k for k, p in enumerate(paras) if k and p.cell is None
                and pattern("phu_luc_tieu_de").match(p.text)), len(paras))
    return paras[:end], paras[end:]


def attached_text(paras: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the ``van_ban_kem_theo`` data of ``paras`` (from :func:`split_attached`)."""
    out: dict[str, Any] = {"ten_loai": sentence_case(paras[0].text)}
    k = 1
    abstract = []
    while k < len(paras) and not pattern("kem_theo").match(paras[k].text):
        abstract.append(to_markup(paras[k].spans, plain_emphasis=True))
        k += 1
    while k < len(paras) and not paras[k].text.endswith(")"):
        k += 1  # the "(Ban hành kèm theo ...)" line, however it wrapped
    k += 1
    if not abstract:
        warn(f"văn bản kèm theo «{paras[0].text}» không có trích yếu; điền lại "
             "van_ban_kem_theo.trich_yeu")
    out["trich_yeu"] = " ".join(abstract) or "Trích yếu"
    chapters: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []  # articles outside any chapter
    target = loose
    body = paras[k:]
    j = 0
    while j < len(body):
        para = body[j]
        text = to_markup(para.spans)
        heading = _CHAPTER.match(para.text) or _SECTION.match(para.text)
        if heading:
            title = (to_markup(body[j + 1].spans, plain_emphasis=True)
                     if j + 1 < len(body) else "")
            if not title or _ARTICLE.match(body[j + 1].text):
                title = para.text
                warn(f"«{para.text}» không có tên; tạm lấy chính dòng này làm tên")
            else:
                j += 1
            entry = {"tieu_de": sentence_case(title), "dieu": []}
            if _CHAPTER.match(para.text):
                chapters.append(entry)
            elif chapters:
                chapters[-1].setdefault("muc", []).append(entry)
            else:
                warn(f"«{para.text}» đứng ngoài chương nào; các điều của nó được đặt vào "
                     "các điều không chia chương")
                entry = {"dieu": loose}
            target = entry["dieu"]
            j += 1
            continue
        article = _ARTICLE.match(para.text)
        if article:  # "**Điều N. <title>**": the title as markup, without the article's bold
            title = _ARTICLE.sub("", to_markup(para.spans, plain_emphasis=True),
                                 count=1).strip()
            target.append({"tieu_de": title, "noi_dung": [], "khoan": []})
        elif not target:
            warn(f"đoạn «{para.text[:60]}» của văn bản kèm theo đứng trước Điều 1. nên được "
                 "bỏ qua")
        else:
            _clause_or_text(target[-1], text)
        j += 1
    for chapter in chapters:
        if chapter.get("muc") and not chapter["dieu"]:
            del chapter["dieu"]
        elif chapter.get("muc"):  # articles before the first Mục: kept in a Mục of their own
            warn(f"chương «{chapter['tieu_de']}» có điều đứng trước Mục 1; các điều ấy được "
                 "đặt vào một mục riêng, điền lại tên mục")
            chapter["muc"].insert(0, {"tieu_de": "Mục (điền lại)", "dieu": chapter.pop("dieu")})
    chapters = [c for c in chapters if c.get("dieu") or c.get("muc")]
    for chapter in chapters:
        for section in chapter.get("muc", []):
            if not section["dieu"]:
                section["dieu"] = [_placeholder(warn, section["tieu_de"])]
    if chapters:
        out["chuong"] = [_tidy_chapter(c) for c in chapters]
        if loose:
            warn(f"bỏ qua {len(loose)} điều đứng ngoài các chương của văn bản kèm theo")
    else:
        out["dieu"] = [_tidy(a) for a in loose] or [_placeholder(warn, out["ten_loai"])]
    return out


def add_to_clauses(clauses: list[Any], text: str) -> None:
    """Add paragraph ``text`` of an article (Điều) to its clauses (khoản), in place: a point
    ("a) ...", điểm) under the last clause, else a clause (its "1." number dropped: vbhc
    numbers clauses itself). Shared by the decision's articles and the attached text's."""
    point = _POINT.match(text)
    if point and clauses:
        last = clauses[-1]
        if isinstance(last, str):
            clauses[-1] = last = {"noi_dung": last, "diem": []}
        last["diem"].append(text[point.end():])
        return
    clause = _CLAUSE.match(text)
    clauses.append(text[clause.end():] if clause else text)


def _clause_or_text(article: dict[str, Any], text: str) -> None:
    """Add paragraph ``text`` to ``article``: a point under its last clause, a clause, or
    (before any clause) a paragraph of its own."""
    if article["khoan"] or _CLAUSE.match(text):
        add_to_clauses(article["khoan"], text)
    else:
        article["noi_dung"].append(text)


def _placeholder(warn: Warn, where: str) -> dict[str, Any]:
    warn(f"«{where}» của văn bản kèm theo không có điều nào (Điều 1., ...); điền lại")
    return {"tieu_de": "Tên điều (điền lại)"}


def _tidy(article: dict[str, Any]) -> dict[str, Any]:
    """Return ``article`` without its empty lists (the YAML a clerk would write)."""
    return {k: v for k, v in article.items() if v or k == "tieu_de"}


def _tidy_chapter(chapter: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"tieu_de": chapter["tieu_de"]}
    if chapter.get("dieu"):
        out["dieu"] = [_tidy(a) for a in chapter["dieu"]]
    if chapter.get("muc"):
        out["muc"] = [{"tieu_de": m["tieu_de"], "dieu": [_tidy(a) for a in m["dieu"]]}
                      for m in chapter["muc"]]
    return out
