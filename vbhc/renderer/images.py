"""The signer's signature image and the agency's seal image in the rendered .docx (ND30
Phụ lục I, electronic documents: the signature image between the title and the name, ô 7c;
the seal image, real size, over about the left third of the signature image, ô 8).

Both are anchored drawings (``wp:anchor`` with ``wp:wrapNone``) in the paragraph of the
signer's name, so they take no room in the text: the blank space between title and name
is the same with or without them, and nothing moves. The signature is centred in the
signer's column and vertically in the 1,800-twip space above the name line; the seal is
centred on the signature's height, its right edge a third of the way into the signature,
in front of it. :func:`add_images` puts them into the rendered package after the template
ran (templates need no tag for them, so a document without images is byte for byte what it
always was): the drawing runs at the start of the paragraph of style ``VBHoTen`` (vbhc's
"VB Họ tên người ký", found by name in custom templates too), offsets from the signer's
column width, the media parts, their relationships and the PNG content type.
"""

from __future__ import annotations

from lxml import etree

from vbhc.docx.ns import A_NS, CT_NS, PIC_NS, R_NS, REL_NS, REL_TYPE, W_NS, WP_NS
from vbhc.model.anh import AnhKy

IMAGE_REL = REL_TYPE + "image"
SPACE_EMU = 1800 * 635
"""The blank space above the signer's name (VBHoTen: spacing before 1,800 twips), in EMU."""
SEAL_COVERS = 1 / 3
"""The part of the signature's width, from its left edge, the seal covers (ND30: about 1/3)."""
PARTS = {"chu_ky_anh": ("word/media/vbhc-chu-ky.png", "rIdVbhcChuKy", 4001, "Chữ ký",
                        "Hình ảnh chữ ký của người ký", 251659264),
         "dau_anh": ("word/media/vbhc-dau.png", "rIdVbhcDau", 4002, "Dấu",
                     "Hình ảnh con dấu của cơ quan ban hành", 251660288)}
"""Field -> (part name, relationship id, drawing id, name, description, z-order); the seal's
z-order is higher: it is drawn over the signature."""
NAME_STYLE = "VBHoTen"
"""The style of the signer's name paragraph, where the drawings are anchored."""


def _offsets(images: dict[str, AnhKy]) -> dict[str, int]:
    """Return field -> vertical offset (EMU) from the top of the name's paragraph (the top
    of its blank space before)."""
    sig = images["chu_ky_anh"]
    top = (SPACE_EMU - sig.cao_emu) // 2
    out = {"chu_ky_anh": top}
    if "dau_anh" in images:
        out["dau_anh"] = top + sig.cao_emu // 2 - images["dau_anh"].cao_emu // 2
    return out


def _anchor(field: str, image: AnhKy, x: int, y: int) -> str:
    """Return the run holding the anchored drawing of ``image`` at (x, y) EMU from the
    column's left and the paragraph's top."""
    part, rid, ident, name, descr, z = PARTS[field]
    cx, cy = image.rong_emu, image.cao_emu
    return (
        f'<w:r><w:drawing><wp:anchor xmlns:wp="{WP_NS}" distT="0" distB="0" distL="0" '
        f'distR="0" simplePos="0" relativeHeight="{z}" behindDoc="0" locked="1" '
        'layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset>'
        '</wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:wrapNone/><wp:docPr id="{ident}" name="{name}" descr="{descr}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{A_NS}"><a:graphicData '
        f'uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}"><pic:nvPicPr>'
        f'<pic:cNvPr id="{ident}" name="{part.rsplit("/", 1)[1]}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip xmlns:r="{R_NS}" r:embed="{rid}"/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
        f'<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
        '<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></w:r>'
    )


def _column_emu(anchor: etree._Element, page_text_twips: int) -> int:
    """Return the width (EMU) of the column holding ``anchor``: its table cell's width
    (vbhc's signature table has no cell margins), or the page's text width outside a table
    or when the width is not in twips."""
    cell = next((a for a in anchor.iterancestors(f"{{{W_NS}}}tc")), None)
    if cell is None:
        return page_text_twips * 635
    width = cell.find(f"{{{W_NS}}}tcPr/{{{W_NS}}}tcW")
    try:
        twips = int(width.get(f"{{{W_NS}}}w")) if width is not None \
            and width.get(f"{{{W_NS}}}type", "dxa") == "dxa" else page_text_twips
    except (TypeError, ValueError):
        twips = page_text_twips
    return twips * 635


def add_images(parts: dict[str, bytes], images: dict[str, AnhKy], page_text_twips: int) -> None:
    """Put the signer's signature image (and the seal image over it) into the rendered
    package ``parts`` (changed in place): anchored at the start of the first ``VBHoTen``
    paragraph, the signature centred in its column, the seal's right edge a third into the
    signature; then the media parts, relationships and the PNG content type. Nothing
    without a signature image. VbhcError when the template has no signer's name paragraph
    to anchor them to."""
    from vbhc.errors import VbhcError

    if "chu_ky_anh" not in images:
        return
    root = etree.fromstring(parts["word/document.xml"])
    name = next((p for p in root.iter(f"{{{W_NS}}}p")
                 if p.find(f"{{{W_NS}}}pPr/{{{W_NS}}}pStyle[@{{{W_NS}}}val='{NAME_STYLE}']")
                 is not None), None)
    if name is None:
        raise VbhcError("mẫu không có đoạn họ tên người ký (kiểu «VB Họ tên người ký») để đặt "
                        "ảnh chữ ký và ảnh dấu (nguoi_ky.chu_ky_anh)")
    sig = images["chu_ky_anh"]
    left = (_column_emu(name, page_text_twips) - sig.rong_emu) // 2
    lefts = {"chu_ky_anh": left}
    if "dau_anh" in images:
        lefts["dau_anh"] = left + round(sig.rong_emu * SEAL_COVERS) - images["dau_anh"].rong_emu
    tops = _offsets(images)
    runs = "".join(_anchor(field, images[field], lefts[field], tops[field])
                   for field in PARTS if field in images)
    holder = etree.fromstring(f'<w:p xmlns:w="{W_NS}">{runs}</w:p>')
    ppr = name.find(f"{{{W_NS}}}pPr")
    at = list(name).index(ppr) + 1 if ppr is not None else 0
    for i, run in enumerate(list(holder)):
        name.insert(at + i, run)
    etree.cleanup_namespaces(root, top_nsmap={"wp": WP_NS, "a": A_NS, "pic": PIC_NS})
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    types = etree.fromstring(parts["[Content_Types].xml"])
    for field, image in images.items():
        part, rid = PARTS[field][:2]
        parts[part] = image.data
        etree.SubElement(rels, f"{{{REL_NS}}}Relationship", Id=rid, Type=IMAGE_REL,
                         Target=part.removeprefix("word/"))
    if not any(t.get("Extension", "").lower() == "png" for t in types):
        etree.SubElement(types, f"{{{CT_NS}}}Default", Extension="png", ContentType="image/png")
    parts["word/_rels/document.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True)
