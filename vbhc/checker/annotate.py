"""A copy of the checked .docx with each finding as a Word comment on its paragraph.

Comments carry no date (python-docx would stamp the clock) and the package is re-zipped
with fixed timestamps, so the same input gives the same bytes. The input is never
overwritten.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from vbhc.checker.checker import check, collapse
from vbhc.errors import Problem, ReadError, VbhcError
from vbhc.files import write_atomic

AUTHOR = "vbhc check (NĐ 30/2020)"
INITIALS = "ND30"


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def comment_text(f: Problem, more: int = 0) -> str:
    """Return the Word comment for finding ``f``; ``more`` = how many more findings of its
    rule were folded into it."""
    text = f"{f.severity.capitalize()} [{f.rule}]: {f.message}. Căn cứ: {f.reference}."
    if more:
        text += f" (Còn {more} chỗ khác cùng quy tắc này.)"
    return text


def annotated_bytes(path: str | os.PathLike, findings: list[Problem]) -> bytes:
    """Return the .docx at ``path`` with ``findings`` (collapsed) as comments."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    from vbhc.docx.ns import qn as clark
    from vbhc.docx.package import deterministic_zip

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx is stricter than our reader
        raise ReadError(f"không mở được {path} để ghi chú ({type(exc).__name__})") from None
    body = document.element.body
    fallback = clark("mc:Fallback")
    paras = [p for p in body.iter(qn("w:p"))
             if not any(a.tag == fallback for a in p.iterancestors())]
    if not paras:
        paras = [body.add_p() if hasattr(body, "add_p") else None]
    shown, more = collapse(findings)
    last_of_rule = {f.rule: i for i, f in enumerate(shown)}
    for i, f in enumerate(shown):
        index = (f.paragraph or 1) - 1
        element = paras[index] if 0 <= index < len(paras) else paras[0]
        paragraph = Paragraph(element, document._body)
        runs = paragraph.runs or [paragraph.add_run()]
        extra = more.get(f.rule, 0) if last_of_rule[f.rule] == i else 0
        comment = document.add_comment(runs, text=comment_text(f, extra), author=AUTHOR,
                                       initials=INITIALS)
        comment._comment_elm.date = None
    buf = io.BytesIO()
    document.save(buf)
    import zipfile

    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    return deterministic_zip(parts)


def annotate(path: str | os.PathLike, out: str | os.PathLike, *, force: bool = False,
             findings: list[Problem] | None = None) -> Path:
    """Write a commented copy of ``path`` to ``out`` (atomically); return ``out``."""
    src, dst = Path(path), Path(out)
    if _same_file(src, dst):
        raise VbhcError(f"không ghi chú đè lên chính tệp đang kiểm tra {src}; "
                        "hãy chọn tên tệp khác cho --annotate")
    if findings is None:
        findings = check(src)
    return write_atomic(dst, annotated_bytes(src, findings), force=force)
