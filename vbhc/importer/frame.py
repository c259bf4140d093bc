"""The frame around the body: header block (ô 1-5), closing block (ô 7, 9b), appendices.

Finds them by content, not position, so that a header in a table with merged cells, the
motto and tagline in one paragraph, or a header lost in PDF extraction all work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from vbhc.importer.outline import numbering
from vbhc.importer.patterns import is_upper, pattern
from vbhc.importer.source import Para, Source
from vbhc.model.authority import split_authority
from vbhc.model.kinds import Kind, kinds


@dataclass
class SignatureBlock:
    """Ô 7a and 7b as found: the model's ``nguoi_ky`` before it is split into fields."""

    quyen_han_chuc_vu: list[str] = field(default_factory=list)  # ô 7a (ND30: quyền hạn, chức vụ)
    ho_ten: str | None = None  # ô 7b: the signer's name


@dataclass
class Frame:
    """Everything outside the body, as found; absent parts stay None/empty.

    Each part is named as the model field (or template context name) it becomes: the
    importer, the template context and the model share one vocabulary (ND30 components).
    """

    chu_quan: list[str] = field(default_factory=list)  # ô 2, not bold
    co_quan: list[str] = field(default_factory=list)  # ô 2, bold: the issuer's name lines
    so_ky_hieu: re.Match[str] | None = None  # ô 3, groups so, ky_hieu
    dia_danh_ngay: re.Match[str] | None = None  # ô 4, groups dia_danh, ngay, thang, nam
    quoc_hieu: bool = False  # ô 1: Quốc hiệu or Tiêu ngữ seen
    ten_loai: str | None = None  # ô 5a: the kind name as written ("KẾ HOẠCH")
    loai: Kind | None = None  # its row of the kinds table
    trich_yeu: list[Para] = field(default_factory=list)  # ô 5a, under the kind name
    trich_yeu_cong_van: str | None = None  # ô 5b: "V/v ..." of a công văn, without "V/v"
    trich_yeu_cong_van_paras: list[Para] = field(default_factory=list)  # its paragraphs
    do_mat: str | None = None  # ô 10a: MẬT, TỐI MẬT, TUYỆT MẬT
    do_khan: str | None = None  # ô 10b: KHẨN, THƯỢNG KHẨN, HỎA TỐC
    than: list[Para] = field(default_factory=list)  # ô 6 (with "Kính gửi" still at its head)
    noi_nhan: list[str] = field(default_factory=list)  # ô 9b entries
    luu: str | None = None  # ô 9b: the "Lưu: ..." line
    nguoi_ky: SignatureBlock = field(default_factory=SignatureBlock)  # ô 7a, 7b
    secretary: SignatureBlock = field(default_factory=SignatureBlock)  # left signature: minutes
    # secretary, the other party of a document two parties sign (nguoi_ky_ben_kia)
    unplaced: list[str] = field(default_factory=list)  # closing lines read as nothing
    phu_luc: list[Para] = field(default_factory=list)  # everything after the closing block
    hop_van_ban: list[str] = field(default_factory=list)  # text boxes left out (stamps, marks)
    dau_bo_qua: list[str] = field(default_factory=list)  # header lines read as nothing

    def markers(self) -> int:
        """Return how many header parts were found (an administrative text has several)."""
        return sum(bool(x) for x in (self.quoc_hieu, self.so_ky_hieu, self.dia_danh_ngay,
                                     self.ten_loai, self.trich_yeu_cong_van,
                                     self.noi_nhan or self.nguoi_ky.quyen_han_chuc_vu))


def _kind_named(text: str) -> Kind | None:
    upper = " ".join(text.split()).upper()
    for row in kinds():
        if row.co_ten_loai and upper == row.ten_in_hoa:
            return row
    return None


def _is_decoration(text: str) -> bool:
    return not any(c.isalnum() for c in text)


def read_frame(source: Source) -> Frame:
    """Return the frame of ``source``: header, body paragraphs, closing and appendices."""
    frame = Frame()
    paras = [piece for p in source.paras for line in p.lines() for piece in _header_pieces(line)]
    i = _header(paras, frame, source.from_text)
    i = _trich_yeu(paras, i, frame, source.from_text)
    used = {id(p) for p in frame.trich_yeu_cong_van_paras}
    frame.hop_van_ban = [p.text for p in paras if p.box is not None and id(p) not in used
                         and p.text]  # a stamp or a draft mark: left out, with a warning
    rest = [p for p in paras[i:] if p.box is None]
    end = _closing_start(rest, 0)
    if frame.loai is not None and frame.loai.hai_ben:
        rest, end = _two_signers(rest, end, frame)
    frame.than = [p for p in rest[:end] if p.text or p.merged_above]  # a merged cell: kept
    if end < len(rest):
        _closing(rest[end:], frame)
    return frame


BLANK_BEFORE = re.compile(r"(Số\s*:?|ngày|tháng)$")


def _header_pieces(para: Para) -> list[Para]:
    """Return a header line typed in two columns with a tab gap ("ỦY BAN NHÂN DÂN\t\tCỘNG
    HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 05/KH-UBND\tCao Lộc, ngày ...") as its left and
    right pieces (side 0 and 1); any other paragraph as it is."""
    if para.cell is not None or not para.columns or not para.columns[0]:
        return [para]
    left, right = (replace(para, spans=spans, side=k, columns=None)
                   for k, spans in enumerate(para.columns))
    if BLANK_BEFORE.search(left.text):  # "Số:        /KH": a blank, not a gap
        return [para]
    texts = (left.text, right.text)
    header = any(pattern(key).match(t) for t in texts for key in (
        "tieu_ngu", "so_ky_hieu", "ngay_thang")) \
        or any(pattern("quoc_hieu").match(t.upper()) for t in texts)
    return [left, right] if header else [para]


def _header(paras: list[Para], frame: Frame, from_text: bool) -> int:
    """Read ô 1-4 up to the kind name; return the index after the header."""
    subject = frame.trich_yeu_cong_van_paras
    for i, para in enumerate(paras):
        text = para.text
        if not text or _is_decoration(text):
            continue
        if para.box is not None and not (
                pattern("trich_yeu_cong_van").match(text)
                or subject and _continues(para, subject[-1])):
            continue  # a text box that is not the V/v line: a stamp, a draft mark
        kind = _kind_named(text)
        if kind:  # in a cell too: a header table may hold the kind name in a row of its own
            frame.ten_loai, frame.loai = text, kind
            return i + 1
        if pattern("quoc_hieu").match(text.upper()) or pattern("tieu_ngu").match(text):
            frame.quoc_hieu = True
        elif pattern("do_mat").match(text):
            frame.do_mat = text
        elif pattern("do_khan").match(text):
            frame.do_khan = "HỎA TỐC" if text.endswith("TỐC") else text
        elif subject and _continues(para, subject[-1]) and not _header_line(text):
            subject.append(para)  # "V/v ..." wrapped onto a second paragraph
            frame.trich_yeu_cong_van = f"{frame.trich_yeu_cong_van} {text}"
        elif pattern("so_ky_hieu").match(text):
            frame.so_ky_hieu = pattern("so_ky_hieu").match(text)
        elif pattern("ngay_thang").match(text):
            frame.dia_danh_ngay = pattern("ngay_thang").match(text)
        elif pattern("trich_yeu_cong_van").match(text):
            frame.trich_yeu_cong_van = pattern("trich_yeu_cong_van").match(text)["noi_dung"]
            subject[:] = [para]
        elif (is_upper(text) and (not frame.so_ky_hieu and not frame.dia_danh_ngay
                                  or not frame.co_quan and _kind_ahead(paras, i))
              and para.side in (None, 0) and para.box is None):
            bold = all(s.bold for s in para.spans if hasattr(s, "bold") and s.text.strip())
            (frame.co_quan if bold or from_text else frame.chu_quan).append(text)
        elif (frame.so_ky_hieu or frame.dia_danh_ngay or pattern("mo_dau_than").match(text)
              or len(text) > 120):
            if len(text) <= 120 and _kind_ahead(paras, i):
                frame.dau_bo_qua.append(text)  # a stray header line: the kind name follows
                continue
            return i  # a công văn (no kind name) or a header we cannot read: body starts
    return len(paras)


def _kind_ahead(paras: list[Para], i: int, window: int = 3) -> bool:
    """Return whether a kind name stands among the next ``window`` lines after ``i``: the
    issuer's name came after the number (extracted text, a header table read by rows)."""
    ahead = [p for p in paras[i + 1:i + 1 + 3 * window] if p.text][:window]
    return any(_kind_named(p.text) for p in ahead)


def _continues(para: Para, last: Para) -> bool:
    """Return whether ``para`` goes on with the "V/v ..." line ``last``: in the same text box
    or table cell, or (both in the body) starting in lower case."""
    if para.box is not None or last.box is not None:
        return para.box == last.box
    if para.cell is not None or last.cell is not None:
        return para.cell == last.cell
    return para.text[:1].islower()


def _header_line(text: str) -> bool:
    """Return whether ``text`` is one of the header's own lines (number, date, motto...)."""
    return any(pattern(key).match(text) for key in (
        "so_ky_hieu", "ngay_thang", "tieu_ngu", "kinh_gui", "do_mat", "do_khan")) \
        or bool(pattern("quoc_hieu").match(text.upper()))


def _late_header(text: str, frame: Frame) -> bool:
    """Read a motto, tagline, number or date line found after the kind name into the
    header; return whether ``text`` was one (not the abstract)."""
    if pattern("quoc_hieu").match(text.upper()) or pattern("tieu_ngu").match(text):
        frame.quoc_hieu = True
        return True
    for key, attr in (("so_ky_hieu", "so_ky_hieu"), ("ngay_thang", "dia_danh_ngay")):
        found = pattern(key).match(text)
        if found and getattr(frame, attr) is None:
            setattr(frame, attr, found)
            return True
    return False


def _trich_yeu(paras: list[Para], i: int, frame: Frame, from_text: bool) -> int:
    """Read the abstract under the kind name (ô 5a); return the index of the body start."""
    if frame.ten_loai is None:
        return i
    while i < len(paras) and (not paras[i].text or _is_decoration(paras[i].text)):
        i += 1
    while i < len(paras):
        para = paras[i]
        text = para.text
        if not text:
            if frame.trich_yeu:
                break
            i += 1
            continue
        if para.box is not None:
            i += 1
            continue
        if _late_header(text, frame):  # extraction put a header line after the kind name
            i += 1
            continue
        starts_body = pattern("mo_dau_than").match(text) or is_upper(text)
        if pattern("kinh_gui").match(text) or pattern("noi_nhan").match(text) \
                or split_authority(text) or numbering(para) is not None \
                or frame.trich_yeu and (
                from_text or starts_body or not para.center):
            break
        frame.trich_yeu.append(para)
        i += 1
    return i


def _closing_start(paras: list[Para], start: int) -> int:
    for j in range(start, len(paras)):
        text = paras[j].text
        if pattern("noi_nhan").match(text):
            return j
        if is_upper(text) and split_authority(text) and (
                paras[j].cell is not None or paras[j].center or j + 1 < len(paras)
                and is_upper(paras[j + 1].text)):
            return j
    return len(paras)


def _two_signers(paras: list[Para], end: int, frame: Frame) -> tuple[list[Para], int]:
    """A document two parties sign (``hai_ben``): when the closing opens with, or the body
    ends with, a table of two columns that each start with an upper-case line and hold no
    "Nơi nhận", read its left column as the other party's signature (``frame.secretary``)
    and its right one as the signer's; return the paragraphs without the table and where
    the closing starts (the recipients under it). Else ``(paras, end)`` unchanged."""
    at = end if end < len(paras) and paras[end].cell else end - 1
    if at < 0 or paras[at].cell is None:
        return paras, end
    table = paras[at].cell[0]
    first = last = at
    while first > 0 and paras[first - 1].cell and paras[first - 1].cell[0] == table:
        first -= 1
    while last + 1 < len(paras) and paras[last + 1].cell and paras[last + 1].cell[0] == table:
        last += 1
    if last < end - 1:  # body text after the table: not the closing
        return paras, end
    texts = [p for p in paras[first:last + 1] if p.text]
    columns = sorted({p.cell[2] for p in texts})
    if len(columns) != 2 or any(pattern("noi_nhan").match(p.text) for p in texts) or not all(
            is_upper(next(p.text for p in texts if p.cell[2] == c)) for c in columns):
        return paras, end
    for para in texts:
        side = frame.secretary if para.cell[2] == columns[0] else frame.nguoi_ky
        if is_upper(para.text):
            side.quyen_han_chuc_vu.append(para.text)
        else:
            side.ho_ten = para.text
    return paras[:first] + paras[last + 1:], first


def _closing(paras: list[Para], frame: Frame) -> None:
    """Read recipients, archive line, authority lines and the signer's name.

    Where the columns are known (table cells, tabs) the left column holds the label, the
    recipients and the archive line, the right one the signature: a closing table in two
    rows, nested in an outer cell, or typed with tabs reads the same as one in one row.
    Where they are not (extracted text), a line after the label that starts with a dash
    is a recipient, and the first other line ends the list.
    """
    in_list = False
    label_cell = None
    table = paras[0].cell[0] if paras[0].cell else None
    for k, para in enumerate(paras):
        text = para.text
        if not text or _is_decoration(text):
            continue
        left_table = table is not None and (para.cell is None or para.cell[0] != table)
        if k and (left_table or para.cell is None and (pattern("phu_luc").match(text)
                                                       or opens_attached_text(paras, k))):
            frame.phu_luc = [p for p in paras[k:] if p.text]
            return
        for piece in _pieces(para):
            text = piece.text
            if not text or _is_decoration(text):
                continue
            right = piece.side is not None and piece.side > 0
            if pattern("noi_nhan").match(text) and not right:
                in_list, label_cell = True, piece.cell
                rest = pattern("noi_nhan").sub("", text).strip()
                if rest:
                    frame.noi_nhan.append(rest)
                continue
            if pattern("luu").match(text) and not right:
                frame.luu, in_list = text, False
                continue
            listed = piece.side == 0 or piece.cell is not None and piece.cell == label_cell \
                or text[:1] in "-+•"
            if in_list and listed and not right:
                frame.noi_nhan.append(text.lstrip("-+• ").strip())
                continue
            if not right:
                in_list = False
            if is_upper(text):
                frame.nguoi_ky.quyen_han_chuc_vu.append(text)
            elif _looks_like_name(text):
                frame.nguoi_ky.ho_ten = text
            else:
                frame.unplaced.append(text)


ATTACHED_LOOKAHEAD = 5
"""Lines between an attached text's kind name and its "(Ban hành kèm theo ...)" line."""


def opens_attached_text(paras: list[Para], k: int) -> bool:
    """Return whether ``paras[k]`` opens the text a decision issues (Mẫu 1.3): a kind name
    in capitals ("QUY CHẾ", data/loai-van-ban.yaml) with a "(Ban hành kèm theo ...)" line
    within the next ATTACHED_LOOKAHEAD lines."""
    if paras[k].text not in {row.ten_in_hoa for row in kinds()}:
        return False
    return any(pattern("kem_theo").match(p.text)
               for p in paras[k + 1:k + 1 + ATTACHED_LOOKAHEAD])


def _pieces(para: Para) -> list[Para]:
    """Return ``para`` as its column pieces: a line typed with a tab gap outside a table
    ("- Sở Nội vụ;\tPHÓ CHỦ TỊCH") as a left (side 0) and a right (side 1) piece."""
    if para.cell is None and para.columns and para.columns[0]:
        return [replace(para, spans=spans, side=k, columns=None)
                for k, spans in enumerate(para.columns)]
    return [para]


def _looks_like_name(text: str) -> bool:
    if pattern("khong_phai_ten").match(text):
        return False
    words = pattern("truoc_ho_ten").sub("", text).split()
    return 2 <= len(words) <= 6 and all(
        word.isalpha() and word[0].isupper() and (len(word) == 1 or word[1:].islower())
        for word in words)
