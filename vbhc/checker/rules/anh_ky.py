"""Signature and seal images in the signature block (ND30 Phụ lục I, Phần I, mục 7c and 8,
electronic documents; model ``nguoi_ky.chu_ky_anh``, ``nguoi_ky.dau_anh``).

Looked at only when the signature block holds pictures: each must be an anchored drawing
that does not wrap text (an inline picture or a wrapping one pushes the name down: the
block's layout shifts); the signature image sits in the blank space between the title and
the name (when anchored to the name's paragraph, measured from its top); the seal image is
in front of the signature and covers about the left third of it (``trum_it_nhat`` to
``trum_nhieu_nhat`` of its width, from its left edge). A drawing is the seal when its name
or description says so ("dấu", "seal", "stamp"), else the squarer of two pictures is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from vbhc.checker.components import Components, Part
from vbhc.checker.rules.registry import Hit, RuleSpec, rule
from vbhc.docx.ns import W_NS, WP_NS

_SEAL_WORDS = ("dấu", "dau", "seal", "stamp", "con dấu")


@dataclass(eq=False, repr=False)
class Picture:
    """One drawing of the signature block: its element, the part it is in, and its box."""

    el: etree._Element
    part: Part
    anchored: bool
    name: str
    cx: int
    cy: int

    def _pos(self, axis: str) -> tuple[str | None, int | None]:
        pos = self.el.find(f"{{{WP_NS}}}position{axis}")
        if pos is None:
            return None, None
        off = pos.find(f"{{{WP_NS}}}posOffset")
        try:
            value = int((off.text or "").strip()) if off is not None else None
        except ValueError:
            value = None
        return pos.get("relativeFrom"), value

    @property
    def x(self) -> tuple[str | None, int | None]:
        """(relativeFrom, offset in EMU) of the horizontal position."""
        return self._pos("H")

    @property
    def y(self) -> tuple[str | None, int | None]:
        """(relativeFrom, offset in EMU) of the vertical position."""
        return self._pos("V")

    @property
    def seal_named(self) -> bool:
        """True when the drawing's name or description says it is a seal."""
        return any(word in self.name.lower() for word in _SEAL_WORDS)

    @property
    def z(self) -> int:
        """Its z-order (wp:anchor relativeHeight; behind the text counts as lowest)."""
        if self.el.get("behindDoc") in ("1", "true"):
            return -1
        try:
            return int(self.el.get("relativeHeight") or 0)
        except ValueError:
            return 0


def _pictures(parts: list[Part]) -> list[Picture]:
    out = []
    for part in parts:
        for holder in part.para.el.iter(f"{{{W_NS}}}drawing"):
            for el in holder:
                if el.tag not in (f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline"):
                    continue
                extent = el.find(f"{{{WP_NS}}}extent")
                doc_pr = el.find(f"{{{WP_NS}}}docPr")
                name = " ".join(filter(None, (doc_pr.get("name"), doc_pr.get("descr")))) \
                    if doc_pr is not None else ""
                try:
                    cx, cy = int(extent.get("cx")), int(extent.get("cy"))
                except (AttributeError, TypeError, ValueError):
                    cx = cy = 0
                out.append(Picture(el, part, el.tag.endswith("}anchor"), name, cx, cy))
    return out


def _roles(pics: list[Picture]) -> tuple[Picture | None, Picture | None]:
    """Return (signature, seal) among the block's pictures."""
    seals = [p for p in pics if p.seal_named]
    others = [p for p in pics if not p.seal_named]
    if not seals and len(others) == 2:
        others.sort(key=lambda p: abs(p.cx - p.cy) / max(p.cx, p.cy, 1))
        seals, others = [others[0]], [others[1]]
    return (others[0] if others else None), (seals[0] if seals else None)


@rule("anh-chu-ky-dau")
def anh_chu_ky_dau(comp: Components, spec: RuleSpec) -> Iterator[Hit]:
    """Placement of the signature and seal images in nguoi_ky (ô 7c, 8)."""
    block = comp.nguoi_ky
    parts = list(block.quyen_han_chuc_vu) + ([block.ho_ten] if block.ho_ten else [])
    pics = _pictures(parts)
    if not pics:
        return
    for pic in pics:
        what = f"«{pic.name or 'hình'}»"
        if not pic.anchored:
            yield Hit(pic.part, f"{what} đặt cùng dòng chữ (inline), đẩy lệch khối chữ ký")
        elif pic.el.find(f"{{{WP_NS}}}wrapNone") is None:
            yield Hit(pic.part, f"{what} bao quanh chữ, đẩy lệch khối chữ ký")
    sig, seal = _roles([p for p in pics if p.anchored])
    if sig is None:
        if seal is not None:
            yield Hit(seal.part, "có ảnh dấu mà không có ảnh chữ ký")
        return
    if block.ho_ten is not None:
        yield from _between_title_and_name(sig, block.ho_ten)
    if seal is not None:
        yield from _seal_over_signature(sig, seal, spec)


def _between_title_and_name(sig: Picture, name: Part) -> Iterator[Hit]:
    """The signature anchored to the name's paragraph lies in its blank space before."""
    if sig.part is not name:
        return  # anchored elsewhere: its place cannot be told without laying out the page
    frame, top = sig.y
    if frame != "paragraph" or top is None:
        return
    space = name.para.props.before * 635
    if top < 0 or top + sig.cy > space:
        yield Hit(name, f"ảnh chữ ký ({sig.cy / 36000:.0f} mm cao) không nằm trong khoảng "
                  f"trống {space / 36000:.0f} mm giữa chức vụ và họ tên")


def _seal_over_signature(sig: Picture, seal: Picture, spec: RuleSpec) -> Iterator[Hit]:
    """The seal covers about the left third of the signature, in front of it."""
    (sig_from, sig_x), (seal_from, seal_x) = sig.x, seal.x
    if seal.z < sig.z:
        yield Hit(seal.part, "ảnh dấu nằm dưới ảnh chữ ký (dấu phải đóng trùm lên chữ ký)")
    if sig_from != seal_from or sig_x is None or seal_x is None or not sig.cx \
            or sig.part.para is not seal.part.para:
        return
    covered = min(seal_x + seal.cx, sig_x + sig.cx) - max(seal_x, sig_x)
    share = max(covered, 0) / sig.cx
    low, high = spec.params["trum_it_nhat"], spec.params["trum_nhieu_nhat"]
    if seal_x > sig_x or not low <= share <= high:
        side = "bên phải" if seal_x > sig_x else "bên trái"
        yield Hit(seal.part, f"ảnh dấu trùm {share:.0%} ảnh chữ ký, từ {side}")
