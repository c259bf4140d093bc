"""Where the signatures go on a rendered PDF, found from the PDF's own text (pypdfium2).

ND30 Phụ lục I (electronic documents): the signer's signature sits between the title lines
and the name (ô 7c), the agency's seal over about the left third of it (ô 8); on an
attachment sent as a separate file, the agency's signature is text at the top right of the
first page. vbhc does not guess from its templates' geometry (LibreOffice and Word lay out
pages themselves): it reads the PDF -- the page with the last «Nơi nhận» label, the lines
of the signer's column to the right of it, the tallest gap between two of them (the blank
space between title and name) -- and the pictures drawn in that gap (vbhc's signature and
seal images). Coordinates are PDF points from the page's lower left corner.
"""

from __future__ import annotations

from dataclasses import dataclass

from vbhc.errors import ReadError, VbhcError

MM = 72 / 25.4
"""PDF points per millimetre."""
MIN_GAP = 14 * MM
"""The smallest blank space taken for the one between title and name (vbhc's is 31.75 mm)."""
EMPTY_NAME_SPACE = 32 * MM
"""How far below the title the box reaches when the name line is blank."""
MIN_BOX_WIDTH = 80 * MM
"""Wide enough for «Thời gian ký: 2024-06-03T09:15:00+07:00» in 10 pt."""
SEAL_MM = 36
Box = tuple[float, float, float, float]
"""(left, bottom, right, top) in PDF points."""


class LayoutError(VbhcError):
    """The signature block could not be found on the PDF's pages (exit 1)."""


@dataclass(frozen=True)
class SignaturePlaces:
    """Where the signatures of a document go: ``page`` (0-based) holds the signature block;
    ``nguoi_ky`` is the signer's box (ô 7c), ``co_quan`` the agency's (ô 8, over the left
    third of the signer's; without any image, the lower half of the blank space, the
    signer's text taking the upper half); ``*_anh`` say whether a picture (signature or seal
    image) is already drawn there, in which case the signature's own appearance stays
    empty."""

    page: int
    nguoi_ky: Box
    co_quan: Box
    nguoi_ky_anh: bool
    co_quan_anh: bool


def _lines(textpage: object, min_x: float, top: float) -> list[Box]:
    """Return the text lines (boxes) of the chars whose centre is right of ``min_x`` and
    below ``top``, top to bottom."""
    boxes: list[list[float]] = []
    for i in range(textpage.count_chars()):
        left, bottom, right, high = textpage.get_charbox(i)
        if right <= left or high <= bottom or (left + right) / 2 < min_x or high > top:
            continue
        for box in boxes:  # the same line: vertical overlap of more than half a char
            overlap = min(box[3], high) - max(box[1], bottom)
            if overlap > (high - bottom) / 2:
                box[0], box[1] = min(box[0], left), min(box[1], bottom)
                box[2], box[3] = max(box[2], right), max(box[3], high)
                break
        else:
            boxes.append([left, bottom, right, high])
    return sorted((tuple(b) for b in boxes), key=lambda b: -b[3])  # type: ignore[misc]


def _pictures(page: object) -> list[Box]:
    import pypdfium2.raw as pdfium_c

    return [tuple(obj.get_bounds())
            for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)]


def _overlaps(a: Box, b: Box) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def find_places(data: bytes) -> SignaturePlaces:
    """Return where the signer's and the agency's signatures go on the PDF ``data``.

    Raises LayoutError (Vietnamese) when no page has a «Nơi nhận» label with a signer's
    column to its right, ReadError when ``data`` is not a PDF pdfium can read.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"không đọc được tệp PDF ({exc})") from None
    try:
        for index in reversed(range(len(pdf))):
            page = pdf[index]
            textpage = page.get_textpage()
            found = textpage.search("Nơi nhận", match_case=True).get_next()
            if not found:
                continue
            label = textpage.get_charbox(found[0])
            width = page.get_size()[0]
            lines = _lines(textpage, max(width * 0.52, label[2]), label[3] + 2)
            if not lines:
                continue
            return _places(index, lines, _pictures(page))
    finally:
        pdf.close()
    raise LayoutError("không tìm thấy khối chữ ký (dòng «Nơi nhận:» và chức vụ người ký ở "
                      "bên phải) trên trang nào của tệp PDF; văn bản kèm theo thì ký bằng "
                      "--vai dinh-kem")


def _places(index: int, lines: list[Box], pictures: list[Box]) -> SignaturePlaces:
    """Return the boxes for the signer's column ``lines`` (top to bottom) on page ``index``."""
    gaps = [(lines[i][1] - lines[i + 1][3], i) for i in range(len(lines) - 1)]
    wide = [(gap, i) for gap, i in gaps if gap >= MIN_GAP]
    if wide:
        _, i = wide[0]  # the first wide gap under the titles: the space above the name
        above, below = lines[i], lines[i + 1]
        bottom, top = below[3] + 1, above[1] - 1
    else:  # the name left blank: the space below the last title line
        above = lines[-1]
        bottom, top = above[1] - EMPTY_NAME_SPACE, above[1] - 1
    column = lines[: (wide[0][1] + 1) if wide else len(lines)]
    left, right = min(b[0] for b in column), max(b[2] for b in column)
    middle = (left + right) / 2
    half = max(right - left, MIN_BOX_WIDTH) / 2
    signer: Box = (middle - half, bottom, middle + half, top)
    inside = [p for p in pictures if _overlaps(p, signer)]
    seal_pic = sig_pic = None
    if len(inside) >= 2:
        inside.sort(key=lambda p: abs((p[2] - p[0]) - (p[3] - p[1])) / max(p[2] - p[0], 1))
        seal_pic, sig_pic = inside[0], inside[1]
    elif inside:
        sig_pic = inside[0]
    if seal_pic is not None and sig_pic is not None:
        signer, agency = sig_pic, seal_pic
    elif sig_pic is not None:  # a signature image, no seal image: the seal's place
        signer = sig_pic
        size = SEAL_MM * MM
        centre_y = (signer[1] + signer[3]) / 2
        right_edge = signer[0] + (signer[2] - signer[0]) / 3
        agency = (right_edge - size, centre_y - size / 2, right_edge, centre_y + size / 2)
    else:  # no image at all: two lines of text each, the signer's above the agency's
        middle_y = (signer[1] + signer[3]) / 2
        agency = (signer[0], signer[1], signer[2], middle_y)
        signer = (signer[0], middle_y, signer[2], signer[3])
    return SignaturePlaces(index, tuple(round(v, 2) for v in signer),  # type: ignore[arg-type]
                           tuple(round(v, 2) for v in agency),  # type: ignore[arg-type]
                           sig_pic is not None, seal_pic is not None)


def attachment_box(data: bytes, lines: int = 3) -> tuple[int, Box]:
    """Return page 0 and the box at the top right of the first page for the agency's
    signature on an attachment (ND30: top right corner of the first page; ``lines`` lines of
    Times New Roman 10 pt), inside the page's top margin area (20 mm from the top, 15 mm
    from the right edge: ND30's smallest margins)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
        width, height = pdf[0].get_size()
    except (pdfium.PdfiumError, IndexError) as exc:
        raise ReadError(f"không đọc được trang đầu của tệp PDF ({exc})") from None
    finally:
        with_close = locals().get("pdf")
        if with_close is not None:
            with_close.close()
    box_w, box_h = 75 * MM, lines * 12 + 3
    right, top = width - 15 * MM, height - 4 * MM
    return 0, (right - box_w, top - box_h, right, top)
