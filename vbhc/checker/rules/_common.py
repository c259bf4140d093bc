"""Helpers the checks share: formatting complaints in Vietnamese, alignment tests."""

from __future__ import annotations

from vbhc.checker.components import Part
from vbhc.checker.document import Para

LEFT = (None, "left", "start", "both", "distribute")
JUSTIFIED = ("both", "distribute")


def size_range(value) -> tuple[float, float]:
    if isinstance(value, (int, float)):
        return float(value), float(value)
    return float(value[0]), float(value[1])


def centered(para: Para) -> bool:
    """True when the paragraph is centred, or pushed to a centre tab stop by a leading tab."""
    if para.props.jc == "center":
        return True
    text = para.text
    return text.startswith("\t") and not text.strip("\t ").count("\t")


def format_problems(part: Part, *, size=None, bold: bool | None = None,
                    italic: bool | None = None, upper: bool | None = None,
                    align: str | None = None) -> list[str]:
    """Return what is wrong with ``part``'s look, as short Vietnamese phrases."""
    out: list[str] = []
    fmt = part.fmt
    if fmt is not None:
        if size is not None:
            lo, hi = size_range(size)
            if not lo <= fmt.size <= hi:
                out.append(f"cỡ {fmt.size:g}")
        if bold is True and not fmt.bold:
            out.append("không đậm")
        elif bold is False and fmt.bold:
            out.append("in đậm")
        if italic is True and not fmt.italic:
            out.append("không in nghiêng")
        elif italic is False and fmt.italic:
            out.append("in nghiêng")
    if upper is True and not part.shown_upper:
        out.append("không in hoa")
    elif upper is False and part.shown_upper:
        out.append("in hoa toàn bộ")
    if align == "center" and not centered(part.para):
        out.append("không căn giữa")
    elif align == "left" and part.para.props.jc not in LEFT:
        out.append("không sát lề trái")
    return out


def joined(problems: list[str]) -> str:
    return ", ".join(problems)
