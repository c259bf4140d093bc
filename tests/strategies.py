"""Hypothesis strategies for vbhc documents: realistic structure, hostile text.

The words are Vietnamese administrative vocabulary mixed with what pasted text brings:
template syntax, XML, quotes, emoji, right-to-left marks, lone markup characters.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from vbhc.model.markup import escape

WORDS = (
    "thực", "hiện", "dân", "chủ", "ở", "cơ", "sở", "cán", "bộ", "công", "chức", "viên", "chức",
    "Nhân", "dân", "UBND", "tỉnh", "huyện", "xã", "phường", "thị", "trấn", "Sở", "Nội", "vụ",
    "kế", "hoạch", "báo", "cáo", "tuyên", "truyền", "kiểm", "tra", "giám", "sát", "năm",
    "2024", "quý", "I", "đối", "thoại", "tiếp", "công", "dân", "kiến", "nghị", "đơn", "thư",
    "ngân", "sách", "công", "khai",
)
HOSTILE = ["{{ 7*7 }}", "{% for x in y %}", "<w:p>", "&amp;", "]]>", '"nháy"', "'đơn'",
           "\u200f", "€ ₫ …", "a*b", "[^", "\\", "100%", "C&T", "<script>", "x > y"]
TOKEN = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(HOSTILE))


@st.composite
def sentence(draw, min_words: int = 2, max_words: int = 14, ending: str = "",
             plain: bool = False) -> str:
    """Return a clean sentence; markers in hostile tokens are escaped half the time (always
    when ``plain``: two lone ``*`` pair up into italics, which some components forbid)."""
    first = draw(st.sampled_from(WORDS))  # a paragraph starts with a word, not a symbol
    words = [first, *draw(st.lists(TOKEN, min_size=min_words - 1, max_size=max_words - 1))]
    text = " ".join(words).strip()
    text = text[:1].upper() + text[1:]
    if plain or draw(st.booleans()):
        text = escape(text)
    return (text or "Nội dung") + ending


def paragraphs(max_size: int = 4):
    return st.lists(sentence(ending="."), min_size=1, max_size=max_size)


NAMES = st.sampled_from(["Sở Nội vụ", "Sở Tài chính", "UBND các huyện, thành phố",
                         "Ban Dân vận Tỉnh ủy", "Các sở, ban, ngành"])


@st.composite
def common(draw, loai: str) -> dict:
    """Return the shared fields, valid by construction."""
    year = draw(st.integers(2020, 2030))
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.none() | st.integers(1, 28)) if month else None
    return {
        "loai": loai,
        "co_quan": {"ten": draw(st.sampled_from(["ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN",
                                                  "ỦY BAN NHÂN DÂN HUYỆN CAO LỘC"])),
                    "viet_tat": "UBND", "dia_danh": draw(st.sampled_from(["Lạng Sơn",
                                                                        "Cao Lộc"]))},
        "so_ky_hieu": {"so": draw(st.none() | st.integers(1, 9999))},
        "ngay_ban_hanh": {"ngay": day, "thang": month, "nam": year},
        "do_khan": draw(st.none() | st.sampled_from(["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"])),
        "do_mat": draw(st.none() | st.sampled_from(["MẬT", "TỐI MẬT", "TUYỆT MẬT"])),
        "trich_yeu": draw(sentence(max_words=10, plain=True)),
        "nguoi_ky": draw(st.sampled_from([
            {"thay_mat": "ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn An"},
            {"thay_mat": "ỦY BAN NHÂN DÂN", "quyen_han": "KT.", "thu_truong": "CHỦ TỊCH",
             "chuc_vu": "PHÓ CHỦ TỊCH"},
            {"quyen_han": "TL.", "thu_truong": "CHỦ TỊCH", "chuc_vu": "CHÁNH VĂN PHÒNG"},
        ])),
        "noi_nhan": {"danh_sach": draw(st.lists(NAMES, min_size=1, max_size=4)),
                     "luu": draw(st.sampled_from(["VT", "VT, NC", "VT, NC_(PVD)"]))},
    }


@st.composite
def plans(draw) -> dict:
    data = draw(common("ke-hoach"))
    data["can_cu"] = draw(st.lists(sentence(ending=";"), max_size=3))
    data["muc_dich"] = draw(st.lists(paragraphs(2), max_size=3))
    data["yeu_cau"] = draw(st.lists(paragraphs(1), max_size=3))
    data["nhiem_vu"] = draw(st.lists(st.fixed_dictionaries({
        "ten": sentence(max_words=8),
        "noi_dung": st.lists(paragraphs(2), min_size=1, max_size=4),
        "co_quan_thuc_hien": st.lists(NAMES, min_size=1, max_size=3),
        "thoi_gian": st.sampled_from(["thường xuyên", "quý II năm 2024", "trước 30/6"]),
    }), max_size=3))
    data["to_chuc_thuc_hien"] = draw(st.lists(st.fixed_dictionaries({
        "co_quan": NAMES, "nhiem_vu": paragraphs(2)}), max_size=3))
    if draw(st.booleans()):
        data["che_do_bao_cao"] = {
            "don_vi": ["Các sở, ban, ngành"], "noi_nhan": "UBND tỉnh (qua Sở Nội vụ)",
            "noi_dung": "kết quả thực hiện",
            "han": [{"ky": "năm", "ngay": draw(st.dates(dt.date(2020, 1, 1),
                                                        dt.date(2030, 12, 31)))}]}
    data["ket_luan"] = [draw(sentence(ending="./."))]
    return data


@st.composite
def tables(draw) -> dict:
    columns = draw(st.integers(2, 5))
    rows = draw(st.lists(st.tuples(sentence(max_words=3), st.lists(
        st.integers(0, 10**7), min_size=columns - 1, max_size=columns - 1)), min_size=1,
        max_size=6))
    table = {"cot": ["Nội dung"] + [f"Cột {i}" for i in range(1, columns)],
             "hang": [[label, *values] for label, values in rows]}
    if draw(st.booleans()):
        table["dong_tong"] = "Tổng cộng"
    return table


@st.composite
def reports(draw) -> dict:
    data = draw(common(draw(st.sampled_from(["bao-cao", "thong-bao"]))))
    content = st.lists(st.one_of(sentence(ending="."), tables()), min_size=1, max_size=3)
    data["muc"] = draw(st.lists(st.fixed_dictionaries({
        "tieu_de": sentence(max_words=6, plain=True), "noi_dung": content,
        "muc_con": st.lists(st.fixed_dictionaries({"tieu_de": sentence(max_words=6),
                                                   "noi_dung": content}), max_size=2)}),
        min_size=1, max_size=3))
    data["ket_luan"] = [draw(sentence(ending="./."))]
    if draw(st.booleans()):
        data["phu_luc"] = [{"tieu_de": draw(sentence(max_words=6)), "noi_dung": [draw(tables())]}]
    return data


@st.composite
def dispatches(draw) -> dict:
    data = draw(common("cong-van"))
    data["don_vi_soan_thao"] = "NC"
    data["trich_yeu"] = "v" + draw(sentence(max_words=8, plain=True))[1:]
    data["kinh_gui"] = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
    data["noi_dung"] = draw(paragraphs(4)) + [draw(sentence(ending="./."))]
    return data


documents = st.one_of(plans(), reports(), dispatches())
