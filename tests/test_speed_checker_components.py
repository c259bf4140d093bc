"""find_components' fewer passes (issue 21, session 30) find what the passes they replace
found: the four header lines in one pass over lines made as far as needed, a table's cell
paragraphs listed once (Components.cells) for the header's end, the issuer's lines, the
closing block and the lines drawn under components, the «Nơi nhận» search passing over
paragraphs without "Nơi", the body's end from the closing table's first paragraph. The code
they replace is kept here (the _old_* functions, as they were) and every component compared
on the corpus, tests/data, every example and copies of the plan made to reach the other
paths (no quốc hiệu, a header and a closing typed with tabs, «Nơi nhận» spelt with a no-break
space or decomposed, a text box in the closing table, «Kính gửi» lines)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from lxml import etree

import vbhc
from tests.conftest import SHARED
from tests.docx_helpers import rewrite_part
from vbhc.checker import components as C
from vbhc.checker.document import Document, Para
from vbhc.docx.package import read_package_bytes

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --- the code the passes replace, as it was ----------------------------------------------

def _old_lines(paras: list[Para]) -> list[C.Part]:
    """Return the lines of ``paras`` as Parts, a line typed as two columns as two Parts."""
    out = []
    for p in paras:
        for ln in p.lines:
            cols = C.split_columns(ln) if p.where != "cell" else None
            if cols is None:
                out.append(C.Part(p, ln))
            else:
                out += [C.Part(p, col, column=k) for k, col in enumerate(cols)]
    return out


def _old_find_components(doc: Document) -> C.Components:
    """Return the ND30 components of ``doc``, found by text and position: the header in the
    first C.HEADER_SCAN paragraphs (page headers excluded), the closing block from "Nơi nhận".
    Never raises on odd documents: what is not found stays None or []."""
    comp = C.Components(doc)
    top = [p for p in doc.paras[:C.HEADER_SCAN] if p.where != "header"]
    parts = _old_lines(top)
    comp.quoc_hieu = next((x for x in parts if C.QUOC_HIEU_RE.match(x.text)), None)
    comp.tieu_ngu = next((x for x in parts if C.TIEU_NGU_RE.match(x.text)), None)
    comp.so_ky_hieu = next((x for x in parts if C.SO_RE.match(x.text)), None)
    comp.dia_danh_ngay = next(
        (x for x in parts if C.NGAY_RE.search(x.text) and len(x.text) < 80), None)
    comp.phu_luc_rieng = (comp.quoc_hieu is None and comp.so_ky_hieu is None
                          and C._appendix_file(top))
    _old_co_quan(comp)
    header_end = _old_header_end(comp)
    comp.trich_yeu_cong_van = [x for x in parts
                               if x.para.index <= header_end + 2 and C.VV_RE.match(x.text)]
    if comp.trich_yeu_cong_van:
        header_end = max(header_end, max(x.para.index for x in comp.trich_yeu_cong_van))
    body_start = C._title(comp, header_end)
    _old_closing(comp)
    _old_noi_dung(comp, body_start)
    comp.duong_ke_tieu_ngu = _old_line_under(comp, [comp.quoc_hieu, comp.tieu_ngu])
    comp.duong_ke_co_quan = _old_line_under(comp, comp.co_quan)
    comp.duong_ke_trich_yeu = _old_line_under(comp, comp.trich_yeu)
    return comp


def _old_co_quan(comp: C.Components) -> None:
    """Find the issuer's lines (ô 2) in the header cell above "Số:"; a first line not bold
    above bold ones is the governing body (chu_quan)."""
    so = comp.so_ky_hieu
    if so is not None and so.column == 0:
        C._co_quan_columns(comp, so)
        return
    if so is None or so.para.where != "cell":
        return
    lines = []
    for p in comp.doc.paras:
        if p.index >= so.para.index:
            break
        if p.table == so.para.table and p.col == so.para.col and p.where == "cell" \
                and (p.row or 0) <= (so.para.row or 0):
            lines += [C.Part(p, ln) for ln in p.lines if C.has_letters(ln.text)]
    lines = [x for x in lines if not C.QUOC_HIEU_RE.match(x.text)
             and not C.TIEU_NGU_RE.match(x.text) and not C.VV_RE.match(x.text)]
    C._issuer_lines(comp, lines)


def _old_header_end(comp: C.Components) -> int:
    found = [x.para for x in (comp.quoc_hieu, comp.tieu_ngu, comp.so_ky_hieu,
                              comp.dia_danh_ngay) if x]
    end = max((p.index for p in found), default=0)
    tables = {p.table for p in found if p.where == "cell"}
    for p in comp.doc.paras:
        if p.where == "cell" and p.table in tables:
            end = max(end, p.index)
    return end


def _old_closing(comp: C.Components) -> None:
    """Find "Nơi nhận:" (ô 9b) and its lines, and when they sit in a table the signature
    block (ô 7) beside them, in the same row."""
    doc = comp.doc
    start = comp.ten_loai.para.index if comp.ten_loai else 1
    label = None
    for p in doc.paras[start:]:
        for ln in p.lines:
            if C.NOI_NHAN_RE.match(C.normalize(ln.text)):
                label = C.Part(p, ln)
                break
        if label:
            break
    if label is None:
        C._signature_alone(comp, start)
        return
    if label.para.where != "cell" and C._closing_columns(comp, label):
        return
    comp.noi_nhan = label
    lp = label.para
    after = lp.lines[lp.lines.index(label.line) + 1:]
    recips = [C.Part(lp, ln) for ln in after if C.normalize(ln.text)]
    for p in doc.paras[lp.index:]:
        if lp.where == "cell":
            if p.where != "cell" or p.table != lp.table or p.col != lp.col:
                if p.table != lp.table:
                    break
                continue
        elif p.where != lp.where or (not p.clean and recips):
            break
        recips += [C.Part(p, ln) for ln in p.lines if C.normalize(ln.text)]
    comp.noi_nhan_dong = recips
    if lp.where != "cell":
        return
    block = [C.Part(p, ln) for p in doc.paras if p.where == "cell" and p.table == lp.table
             and p.col != lp.col and p.index > lp.index - 40 for ln in p.lines
             if C.normalize(ln.text)]
    block = [x for x in block if x.para.row == lp.row]
    nguoi_ky = comp.nguoi_ky
    for x in block:
        if x.shown_upper and nguoi_ky.ho_ten is None and len(nguoi_ky.quyen_han_chuc_vu) < 4:
            nguoi_ky.quyen_han_chuc_vu.append(x)
        else:
            break
    rest = block[len(nguoi_ky.quyen_han_chuc_vu):]
    if rest and not rest[-1].shown_upper:
        nguoi_ky.ho_ten = rest[-1]


def _old_noi_dung(comp: C.Components, body_start: int) -> None:
    """Sort the body paragraphs (ô 6) between the title and the closing block: "Kính gửi"
    lines, headings and text (noi_dung), body text (than) and the legal bases (can_cu)."""
    end = comp.noi_nhan.para.index if comp.noi_nhan else len(comp.doc.paras) + 1
    if comp.noi_nhan and comp.noi_nhan.para.where == "cell":
        end = min(p.index for p in comp.doc.paras if p.table == comp.noi_nhan.para.table)
    addressees = False
    for p in comp.doc.paras[body_start - 1:end - 1]:
        if p.where != "body" or not p.clean:
            continue
        if C.KINH_GUI_RE.match(p.clean) or (addressees and p.clean.startswith("-")):
            comp.kinh_gui.append(p)  # "Kính gửi:" and its "- ..." lines (ô 9a), however
            addressees = True        # each line ends: a stray "." does not end the list
            continue
        addressees = False
        comp.noi_dung.append(p)
        if p.props.jc == "center" or (p.props.jc in ("right", "end") and C.one_line(p)):
            continue  # headings, captions, "Đơn vị tính" lines: placed, not body text
        comp.than.append(p)
    if comp.kind != "typed":
        return  # a công văn opening "Căn cứ ..." is prose, not a block of legal bases
    for p in comp.than:  # legal bases open the body, one per paragraph
        if not p.clean.startswith("Căn cứ"):
            break
        comp.can_cu.append(p)


def _old_line_under(comp: C.Components, parts: Sequence[C.Part | None]
                    ) -> C.HorizontalLine | None:
    """Return the line under the last of ``parts`` (None when it is None or ``parts`` is
    empty): a bottom border on its paragraph, an empty bordered paragraph just below, or a
    horizontal shape drawn in one of the paragraphs of ``parts`` or just below."""
    anchor = parts[-1] if parts else None
    if anchor is None:
        return None
    doc = comp.doc
    paras: list[Para] = []
    for x in parts:
        if x is not None and x.para not in paras:
            paras.append(x.para)
    last = anchor.para
    if "bottom" in last.props.borders:
        return C.HorizontalLine(C._border_length(doc, last), last)
    following = []
    for p in doc.paras[last.index:last.index + 3]:
        if p.where != last.where or p.table != last.table or p.col != last.col:
            break
        if p.clean:  # a line drawn as a shape is often anchored in the next text
            following.append(p)
            break
        following.append(p)
        if p.props.borders & {"top", "bottom"}:
            return C.HorizontalLine(C._border_length(doc, p), p)
    if last.where == "cell":  # Word users anchor drawn lines anywhere in the column
        following += [p for p in doc.paras if p.where == "cell" and p.table == last.table
                      and p.col == last.col and p.index > last.index]
    for p in paras + following:
        length = C._drawn_line(p.el)
        if length:
            return C.HorizontalLine(length, p)
    return None


# --- comparing ---------------------------------------------------------------------------

def _part(x: C.Part | Para | None) -> tuple | int | None:
    if x is None:
        return None
    if isinstance(x, Para):
        return x.index
    return (x.para.index, x.raw, x.column, x.text)


def _line(x: C.HorizontalLine | None) -> tuple | None:
    return None if x is None else (x.length, x.para.index)


def _signature(comp: C.Components) -> dict:
    out = {}
    for name in ("quoc_hieu", "tieu_ngu", "so_ky_hieu", "dia_danh_ngay", "ten_loai",
                 "noi_nhan"):
        out[name] = _part(getattr(comp, name))
    for name in ("chu_quan", "co_quan", "trich_yeu", "trich_yeu_cong_van", "kinh_gui",
                 "can_cu", "noi_dung", "than", "noi_nhan_dong"):
        out[name] = [_part(x) for x in getattr(comp, name)]
    for name in ("duong_ke_tieu_ngu", "duong_ke_co_quan", "duong_ke_trich_yeu"):
        out[name] = _line(getattr(comp, name))
    out["nguoi_ky"] = ([_part(x) for x in comp.nguoi_ky.quyen_han_chuc_vu],
                       _part(comp.nguoi_ky.ho_ten))
    out["phu_luc_rieng"] = comp.phu_luc_rieng
    return out


def _text(p: etree._Element, text: str) -> None:
    """Make ``text`` the only text of paragraph ``p`` (its first w:t keeps it)."""
    ts = list(p.iter(_w("t")))
    ts[0].text = text
    ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for t in ts[1:]:
        t.text = ""


def _paras_with(root: etree._Element, start: str) -> list[etree._Element]:
    return [p for p in root.iter(_w("p"))
            if "".join(t.text or "" for t in p.iter(_w("t"))).startswith(start)]


def _label(spelt: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        _text(_paras_with(root, "Nơi nhận")[0], spelt)
    return change


def _no_quoc_hieu(root: etree._Element) -> None:
    _text(_paras_with(root, "CỘNG HÒA")[0], "")


def _flatten(start: str, right: str) -> Callable[[etree._Element], None]:
    """Put the table holding the paragraph starting ``start`` as typed lines: its first
    column's lines, the first with ``right`` after two tabs (a header or closing typed with
    tabs instead of a table)."""
    def change(root: etree._Element) -> None:
        p = _paras_with(root, start)[0]
        tbl = next(p.iterancestors(_w("tbl")))
        firsts = [next(tr.iterchildren(_w("tc"))) for tr in tbl.iterchildren(_w("tr"))]
        left = ["".join(t.text or "" for t in q.iter(_w("t")))
                for tc in firsts for q in tc.iter(_w("p"))]
        new = []
        for k, t in enumerate(left):
            q = etree.fromstring(f'<w:p xmlns:w="{W}"><w:r><w:t xml:space="preserve">'
                                 f'</w:t></w:r></w:p>')
            q[0][0].text = t + ("\t\t" + right if k == 0 else "")
            new.append(q)
        for q in reversed(new):
            tbl.addnext(q)
        tbl.getparent().remove(tbl)
    return change


def _textbox_in_closing(root: etree._Element) -> None:
    p = _paras_with(root, "- Lưu")[0]
    box = etree.fromstring(
        f'<w:r xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape>'
        '<v:textbox><w:txbxContent><w:p><w:r><w:t>Nơi nhận: hộp</w:t></w:r></w:p>'
        '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')
    p.append(box)


def _kinh_gui(root: etree._Element) -> None:
    body = _paras_with(root, "Căn cứ")[0]
    for text in ("- Phòng Nội vụ;", "Kính gửi: Các thôn", "Kính gởi:"):
        q = etree.fromstring(etree.tostring(body))
        _text(q, text)
        body.addprevious(q)


CHANGES: dict[str, Callable[[etree._Element], None]] = {
    "nbsp": _label("Nơi\xa0nhận:"),
    "tach dau": _label("No\u031bi nha\u0323\u0302n:"),
    "khong co nhan": _label("Nơi  gửi:"),
    "khong quoc hieu": _no_quoc_hieu,
    "dau tab": _flatten("CỘNG HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    "ket tab": _flatten("Nơi nhận", "TM. ỦY BAN NHÂN DÂN"),
    "hop chu": _textbox_in_closing,
    "kinh gui": _kinh_gui,
}


def _documents(plan: bytes) -> list[bytes]:
    docs = [plan] + [rewrite_part(plan, "word/document.xml", change)
                     for change in CHANGES.values()]
    paths = sorted((SHARED / "corpus").rglob("*.docx")) if SHARED.is_dir() else []
    paths += sorted((ROOT / "tests" / "data").rglob("*.docx"))
    docs += [p.read_bytes() for p in paths]
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        try:
            docs.append(vbhc.render_bytes(vbhc.load(path)))
        except vbhc.errors.VbhcError:
            continue  # an example that needs a profile or files of its own
    return docs


def test_components_are_found_as_the_passes_they_replace_found_them(plan_bytes):
    compared = 0
    kinds = set()
    for data in _documents(plan_bytes):
        try:
            pkg = read_package_bytes(data, "x.docx", share=True)
        except vbhc.errors.ReadError:
            continue  # the damaged packages of tests/data/fuzz
        new = _signature(C.find_components(Document(pkg)))
        old = _signature(_old_find_components(Document(pkg)))
        assert new == old
        compared += 1
        kinds.add((new["noi_nhan"] is not None, bool(new["nguoi_ky"][0]),
                   new["quoc_hieu"] is not None, bool(new["kinh_gui"])))
    assert compared > 40 and len(kinds) >= 4


def test_the_plan_copies_reach_the_other_paths(plan_bytes):
    def comp(name: str) -> C.Components:
        data = rewrite_part(plan_bytes, "word/document.xml", CHANGES[name])
        return C.find_components(Document(read_package_bytes(data, "x.docx")))

    assert comp("nbsp").noi_nhan.text == "Nơi nhận:"
    assert comp("tach dau").noi_nhan.text == "Nơi nhận:"
    assert comp("khong co nhan").noi_nhan is None
    assert comp("khong quoc hieu").quoc_hieu is None
    assert comp("dau tab").quoc_hieu.column == 1
    assert comp("ket tab").noi_nhan.column == 0
    assert [p.text for p in comp("kinh gui").kinh_gui][:2] == ["Kính gửi: Các thôn",
                                                              "Kính gởi:"]


def test_cells_list_each_tables_cell_paragraphs_in_order(plan_bytes):
    for data in _documents(plan_bytes)[:12]:
        doc = Document(read_package_bytes(data, "x.docx"))
        cells = C.find_components(doc).cells
        assert {t: [p.index for p in ps] for t, ps in cells.items()} == {
            t: [p.index for p in doc.paras if p.where == "cell" and p.table == t]
            for t in {p.table for p in doc.paras if p.where == "cell"}}
