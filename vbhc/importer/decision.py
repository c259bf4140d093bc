"""Body of a Quyết định (Mẫu 1.2) -> QuyetDinh fields, inverting
vbhc.model.layout.decision_blocks: the authority line, căn cứ, "Theo đề nghị của ...",
"QUYẾT ĐỊNH:", the articles "Điều N." with khoản "1." and điểm "a)", the text it issues
(Mẫu 1.3, vbhc.importer.attached), appendices.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.appendix import appendices
from vbhc.importer.attached import add_to_clauses, attached_text, split_attached
from vbhc.importer.frame import Frame
from vbhc.importer.patterns import data, is_upper
from vbhc.importer.result import Warn
from vbhc.importer.source import Para, to_markup
from vbhc.model.layout import labels
from vbhc.model.quyet_dinh import nhu_dieu_default

_ARTICLE = re.compile(r"^(?:\*\*)?Điều\s+(\d+)\s*\.(?:\*\*)?\s*(?:\*\*)?\s*")
_AS_ARTICLE = re.compile(r"^Như\s+Điều\s+\d+$", re.IGNORECASE)


def decision_body(frame: Frame, body: list[Para], warn: Warn) -> dict[str, Any]:
    """Return the body fields of a QuyetDinh (tham_quyen to phu_luc)."""
    slug = frame.loai.slug if frame.loai and frame.loai.slug else "quyet-dinh"
    lb = {k: v[slug] if isinstance(v, dict) else v for k, v in labels("quyet-dinh").items()}
    paras = [p for p in body if p.text]
    out: dict[str, Any] = {}
    if paras and is_upper(paras[0].text) and not _ARTICLE.match(paras[0].text) \
            and paras[0].text != lb["quyet_dinh"]:
        out["tham_quyen"] = paras.pop(0).text
        if paras and is_upper(paras[0].text) and paras[0].text != lb["quyet_dinh"] \
                and not _ARTICLE.match(paras[0].text):
            out["ky_hop"] = paras.pop(0).text
    else:
        warn("không thấy dòng thẩm quyền ban hành (ví dụ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...) "
             "dưới trích yếu; điền lại tham_quyen")
        out["tham_quyen"] = "THẨM QUYỀN BAN HÀNH"
    split = next((k for k, p in enumerate(paras) if p.text.rstrip() == lb["quyet_dinh"]), None)
    if split is None:
        split = next((k for k, p in enumerate(paras) if _ARTICLE.match(p.text)), len(paras))
        warn(f"không thấy dòng «{lb['quyet_dinh']}» trước Điều 1.")
        head, rest = paras[:split], paras[split:]
    else:
        head, rest = paras[:split], paras[split + 1:]
    can_cu = []
    for para in head:
        text = to_markup(para.spans, plain_emphasis=True)
        request = text.startswith(lb["theo_de_nghi"] + " ")
        if request:
            out["theo_de_nghi"] = text[len(lb["theo_de_nghi"]) + 1:].rstrip(" .;")
        else:
            can_cu.append(text)
    if can_cu:
        out["can_cu"] = can_cu
    closing = re.compile(lb["ket_luan_mo_dau"])
    tail = next((k for k, p in enumerate(rest) if closing.match(p.text)), len(rest))
    out["dieu"] = _articles(rest[:tail], warn)
    if not out["dieu"]:  # a quyết định has at least one article: a placeholder, warned
        warn("không thấy điều nào (Điều 1., Điều 2., ...); điền lại dieu")
        out["dieu"] = [data("chung")["cho_trong"]["dieu"]]
    if rest[tail:]:
        out["ket_luan"] = [to_markup(p.spans) for p in rest[tail:]]
    attached, rest = split_attached(frame.phu_luc)
    if attached:
        out["van_ban_kem_theo"] = attached_text(attached, warn)
    if rest:
        out["phu_luc"] = appendices(rest, warn)
    return out


def _articles(paras: list[Para], warn: Warn) -> list[Any]:
    """Return the articles: a string, or {noi_dung, khoan} with khoản strings or
    {noi_dung, diem}."""
    articles: list[dict[str, Any]] = []
    for para in paras:
        text = to_markup(para.spans)
        head = _ARTICLE.match(text) or _ARTICLE.match(para.text)
        if head:
            body = _ARTICLE.sub("", text, count=1) if _ARTICLE.match(text) else text
            articles.append({"noi_dung": body.strip(), "khoan": []})
            continue
        if not articles:
            warn(f"đoạn «{para.text[:60]}» trước Điều 1. được bỏ qua")
            continue
        add_to_clauses(articles[-1]["khoan"], text)
    return [a["noi_dung"] if not a["khoan"] else a for a in articles]


def recipients_as_article(data: dict[str, Any]) -> None:
    """Turn an imported "- Như Điều N;" recipient line into ``noi_nhan.nhu_dieu`` (vbhc
    prints it from the executing article): written only when it differs from the kind's
    default (a decision has the line, a resolution not)."""
    recipients = data.get("noi_nhan")
    if not isinstance(recipients, dict):
        return
    lines = recipients.get("danh_sach", [])
    keep = [x for x in lines if not (isinstance(x, str) and _AS_ARTICLE.match(x.strip(" -;.")))]
    found = len(keep) != len(lines)
    if found != nhu_dieu_default(data.get("loai", "")):
        recipients["nhu_dieu"] = found
    recipients["danh_sach"] = keep
