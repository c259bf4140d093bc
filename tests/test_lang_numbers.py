"""Số thành chữ: bảng giá trị soát tay theo quy tắc đọc số tiếng Việt."""

import datetime
from decimal import Decimal

import jinja2
import num2words
import pytest

from vbhc.lang import (
    FILTERS,
    SoKhongHopLe,
    bang_chu,
    number_to_words,
    ordinal,
    parse_number,
    register_filters,
    register_num2words,
    unregister_num2words,
)

CARDINALS = [
    # 0–20
    (0, "không"),
    (1, "một"),
    (2, "hai"),
    (3, "ba"),
    (4, "bốn"),
    (5, "năm"),
    (6, "sáu"),
    (7, "bảy"),
    (8, "tám"),
    (9, "chín"),
    (10, "mười"),
    (11, "mười một"),
    (12, "mười hai"),
    (13, "mười ba"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (16, "mười sáu"),
    (17, "mười bảy"),
    (18, "mười tám"),
    (19, "mười chín"),
    (20, "hai mươi"),
    # 21–99: every units ending after "mươi"
    (21, "hai mươi mốt"),
    (22, "hai mươi hai"),
    (23, "hai mươi ba"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (26, "hai mươi sáu"),
    (27, "hai mươi bảy"),
    (28, "hai mươi tám"),
    (29, "hai mươi chín"),
    (30, "ba mươi"),
    (31, "ba mươi mốt"),
    (34, "ba mươi bốn"),
    (35, "ba mươi lăm"),
    (40, "bốn mươi"),
    (41, "bốn mươi mốt"),
    (44, "bốn mươi bốn"),
    (45, "bốn mươi lăm"),
    (50, "năm mươi"),
    (51, "năm mươi mốt"),
    (55, "năm mươi lăm"),
    (61, "sáu mươi mốt"),
    (70, "bảy mươi"),
    (77, "bảy mươi bảy"),
    (84, "tám mươi bốn"),
    (88, "tám mươi tám"),
    (95, "chín mươi lăm"),
    (99, "chín mươi chín"),
    # hundreds, with and without tens
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (109, "một trăm linh chín"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (120, "một trăm hai mươi"),
    (121, "một trăm hai mươi mốt"),
    (200, "hai trăm"),
    (305, "ba trăm linh năm"),
    (555, "năm trăm năm mươi lăm"),
    (999, "chín trăm chín mươi chín"),
    # thousands: inner group always has its hundreds ("không trăm")
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1100, "một nghìn một trăm"),
    (2005, "hai nghìn không trăm linh năm"),
    (2024, "hai nghìn không trăm hai mươi bốn"),
    (10_000, "mười nghìn"),
    (15_000, "mười lăm nghìn"),
    (21_000, "hai mươi mốt nghìn"),
    (100_000, "một trăm nghìn"),
    (105_000, "một trăm linh năm nghìn"),
    (250_000, "hai trăm năm mươi nghìn"),
    (999_999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
    # millions: an entirely empty inner group is dropped with its unit
    (1_000_000, "một triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (1_001_000, "một triệu không trăm linh một nghìn"),
    (1_000_100, "một triệu một trăm"),
    (1_250_000, "một triệu hai trăm năm mươi nghìn"),
    (2_050_000, "hai triệu không trăm năm mươi nghìn"),
    (10_000_001, "mười triệu không trăm linh một"),
    (25_300_000, "hai mươi lăm triệu ba trăm nghìn"),
    # billions and "nghìn tỷ"
    (1_000_000_000, "một tỷ"),
    (1_000_000_005, "một tỷ không trăm linh năm"),
    (1_000_250_000, "một tỷ hai trăm năm mươi nghìn"),
    (1_200_000_000, "một tỷ hai trăm triệu"),
    (3_000_021_000, "ba tỷ không trăm hai mươi mốt nghìn"),
    (10**12, "một nghìn tỷ"),
    (10**12 + 1, "một nghìn tỷ không trăm linh một"),
    (1_000_001_000_000, "một nghìn tỷ không trăm linh một triệu"),
    (1_001_000_000_000, "một nghìn không trăm linh một tỷ"),
    (2_500_000_000_000, "hai nghìn năm trăm tỷ"),
    (100_000_000_000_000, "một trăm nghìn tỷ"),
    (
        999_999_999_999_999,
        "chín trăm chín mươi chín nghìn chín trăm chín mươi chín tỷ "
        "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn "
        "chín trăm chín mươi chín",
    ),
    # negatives
    (-1, "âm một"),
    (-5, "âm năm"),
    (-15, "âm mười lăm"),
    (-2024, "âm hai nghìn không trăm hai mươi bốn"),
]

DECIMALS_AND_STRINGS = [
    ("1.250.000", "một triệu hai trăm năm mươi nghìn"),
    ("1 250 000", "một triệu hai trăm năm mươi nghìn"),
    ("1\u00a0250\u00a0000", "một triệu hai trăm năm mươi nghìn"),
    ("2024", "hai nghìn không trăm hai mươi bốn"),
    ("1.000", "một nghìn"),
    ("3,5", "ba phẩy năm"),
    ("12,05", "mười hai phẩy không năm"),
    ("3,25", "ba phẩy hai mươi lăm"),
    ("0,5", "không phẩy năm"),
    ("3,50", "ba phẩy năm"),
    ("5,00", "năm"),
    ("1.250,75", "một nghìn hai trăm năm mươi phẩy bảy mươi lăm"),
    ("2,105", "hai phẩy một trăm linh năm"),
    ("-5", "âm năm"),
    ("-1.000", "âm một nghìn"),
    ("\u22123,5", "âm ba phẩy năm"),
    ("+7", "bảy"),
    ("-0", "không"),
    (Decimal("3.5"), "ba phẩy năm"),
    (Decimal("12.05"), "mười hai phẩy không năm"),
    (Decimal("0.001"), "không phẩy không không một"),
    (Decimal("-2.5"), "âm hai phẩy năm"),
    (Decimal("1.10"), "một phẩy một"),
    (Decimal("1E+3"), "một nghìn"),
    (Decimal("-0.0"), "không"),
    (3.5, "ba phẩy năm"),
    (12.05, "mười hai phẩy không năm"),
    (2024.0, "hai nghìn không trăm hai mươi bốn"),
    (-0.25, "âm không phẩy hai mươi lăm"),
]


@pytest.mark.parametrize(("value", "words"), CARDINALS)
def test_cardinal(value, words):
    assert number_to_words(value) == words


@pytest.mark.parametrize(("value", "words"), DECIMALS_AND_STRINGS)
def test_decimals_and_strings(value, words):
    assert number_to_words(value) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (105, "một trăm lẻ năm"),
        (101, "một trăm lẻ một"),
        (2005, "hai nghìn không trăm lẻ năm"),
        (1_000_005, "một triệu không trăm lẻ năm"),
        (10**12 + 1, "một nghìn tỷ không trăm lẻ một"),
        (110, "một trăm mười"),
    ],
)
def test_le_style(value, words):
    assert number_to_words(value, linh="lẻ") == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (24, "hai mươi tư"),
        (44, "bốn mươi tư"),
        (2024, "hai nghìn không trăm hai mươi tư"),
        (14, "mười bốn"),
        (4, "bốn"),
        (104, "một trăm linh bốn"),
        (40, "bốn mươi"),
    ],
)
def test_tu(value, words):
    assert number_to_words(value, tu=True) == words


def test_ngan():
    assert number_to_words(2024, nghin="ngàn") == "hai ngàn không trăm hai mươi bốn"
    assert number_to_words(10**12, nghin="ngàn") == "một ngàn tỷ"


@pytest.mark.parametrize("kwargs", [{"linh": "le"}, {"nghin": "ngan"}])
def test_bad_options(kwargs):
    with pytest.raises(ValueError):
        number_to_words(5, **kwargs)


@pytest.mark.parametrize(
    ("value", "kwargs", "words"),
    [
        (1_250_000, {}, "Một triệu hai trăm năm mươi nghìn đồng"),
        (1_250_000, {"chan": True}, "Một triệu hai trăm năm mươi nghìn đồng chẵn"),
        ("1.250.000", {}, "Một triệu hai trăm năm mươi nghìn đồng"),
        ("1.250.000,00", {"chan": True}, "Một triệu hai trăm năm mươi nghìn đồng chẵn"),
        (500_000, {"chan": True}, "Năm trăm nghìn đồng chẵn"),
        (2_005_000, {}, "Hai triệu không trăm linh năm nghìn đồng"),
        (0, {}, "Không đồng"),
        (-5000, {}, "Âm năm nghìn đồng"),
        ("1.250,5", {"chan": True}, "Một nghìn hai trăm năm mươi phẩy năm đồng"),
        (2024, {"tu": True, "linh": "lẻ"}, "Hai nghìn không trăm hai mươi tư đồng"),
    ],
)
def test_currency(value, kwargs, words):
    assert number_to_words(value, currency="đồng", **kwargs) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "thứ nhất"),
        (2, "thứ hai"),
        (3, "thứ ba"),
        (4, "thứ tư"),
        (5, "thứ năm"),
        (6, "thứ sáu"),
        (9, "thứ chín"),
        (10, "thứ mười"),
        (11, "thứ mười một"),
        (14, "thứ mười bốn"),
        (15, "thứ mười lăm"),
        (20, "thứ hai mươi"),
        (21, "thứ hai mươi mốt"),
        (24, "thứ hai mươi bốn"),
        (100, "thứ một trăm"),
        ("3", "thứ ba"),
    ],
)
def test_ordinal(n, words):
    assert ordinal(n) == words


@pytest.mark.parametrize("n", [0, -1, "2,5", Decimal("1.5")])
def test_ordinal_rejects(n):
    with pytest.raises(SoKhongHopLe):
        ordinal(n)


@pytest.mark.parametrize(
    "value",
    [
        "1.2.3,4,5",
        "abc",
        "",
        "   ",
        "1.25.000",
        "1,250.00",
        "3.5",
        "1..000",
        "1.000.",
        ",5",
        "5,",
        "--5",
        "1.250 000",
        "12 5",
        "1 ,5",
        "٣",  # Arabic-Indic digit
        "1234567890123456",
        "1.234.567.890.123.456",
        "0,1234567890123456",
        10**15,
        -(10**15),
        1e16,
        float("nan"),
        float("inf"),
        float("-inf"),
        0.1 + 0.2,  # 0.30000000000000004: float noise, not a reading
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
        Decimal("1E+15"),
        True,
        None,
        [1],
    ],
)
def test_malformed(value):
    with pytest.raises(SoKhongHopLe) as info:
        number_to_words(value)
    message = str(info.value)
    assert message.startswith("Số không hợp lệ")
    assert repr(value) in message
    assert isinstance(info.value, ValueError)


def test_max_digits_ok():
    assert number_to_words("999.999.999.999.999").startswith("chín trăm chín mươi chín nghìn")
    assert number_to_words("0,123456789012345").startswith("không phẩy một trăm hai mươi ba")


def test_parse_number():
    assert parse_number("1.250.000,50") == Decimal("1250000.5")
    assert parse_number("1 250") == 1250
    assert parse_number(-3) == -3
    with pytest.raises(SoKhongHopLe):
        parse_number("1,2,3")


def test_bang_chu_filter():
    assert bang_chu(1_250_000) == "Một triệu hai trăm năm mươi nghìn đồng"
    assert bang_chu("1.000.000", chan=True) == "Một triệu đồng chẵn"
    assert bang_chu(25, currency=None) == "hai mươi lăm"
    assert FILTERS["bang_chu"] is bang_chu


def test_register_filters_jinja():
    env = register_filters(jinja2.Environment())
    tpl = env.from_string(
        "Bằng chữ: {{ tien | bang_chu(chan=True) }}; {{ n | thu_tu }}; {{ d | ngay_thang }}"
    )
    out = tpl.render(tien=2_005_000, n=4, d=datetime.date(2024, 2, 5))
    expected = "Bằng chữ: Hai triệu không trăm linh năm nghìn đồng chẵn; thứ tư; "
    assert out == expected + "ngày 05 tháng 02 năm 2024"


@pytest.fixture
def vi_registered():
    before = num2words.CONVERTER_CLASSES["vi"]
    register_num2words()
    yield
    unregister_num2words()
    assert num2words.CONVERTER_CLASSES["vi"] is before


def test_num2words_untouched_without_registration():
    assert type(num2words.CONVERTER_CLASSES["vi"]).__module__ == "num2words.lang_VI"


def test_num2words_registered(vi_registered):
    n2w = num2words.num2words
    assert n2w(2024, lang="vi") == "hai nghìn không trăm hai mươi bốn"
    assert n2w(2024, lang="vi", tu=True) == "hai nghìn không trăm hai mươi tư"
    assert n2w(1015, lang="vi") == "một nghìn không trăm mười lăm"
    assert n2w(3.5, lang="vi") == "ba phẩy năm"
    assert n2w(12.05, lang="vi") == "mười hai phẩy không năm"
    assert n2w("1.250.000", lang="vi") == "một triệu hai trăm năm mươi nghìn"
    assert n2w(4, lang="vi", to="ordinal") == "thứ tư"
    assert n2w(4, lang="vi", ordinal=True) == "thứ tư"
    assert n2w(2, lang="vi", to="ordinal_num") == "thứ 2"
    assert n2w(2024, lang="vi", to="year") == "hai nghìn không trăm hai mươi bốn"
    assert n2w(1_250_000, lang="vi", to="currency") == "Một triệu hai trăm năm mươi nghìn đồng"
    assert n2w(10**12, lang="vi") == "một nghìn tỷ"
    # other languages keep working
    assert n2w(5, lang="en") == "five"
    assert n2w(5, lang="fr") == "cinq"
    with pytest.raises(SoKhongHopLe):
        n2w("abc", lang="vi")


def test_register_is_idempotent(vi_registered):
    assert register_num2words() is num2words.CONVERTER_CLASSES["vi"]
