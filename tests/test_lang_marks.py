"""vbhc.lang.marks.unmarked: the one Vietnamese fold the search and name matches share."""

import unicodedata

from vbhc.derivation.names import fold as name_fold
from vbhc.derivation.names import slug
from vbhc.lang.marks import unmarked
from vbhc.register.fields import fold as search_fold


def test_unmarked_keeps_case_and_spaces_and_writes_d_for_dj() -> None:
    assert unmarked("Đồng  Tiến đảo") == "Dong  Tien dao"
    assert unmarked("ỦY BAN NHÂN DÂN") == "UY BAN NHAN DAN"


def test_unmarked_reads_decomposed_input_the_same() -> None:
    word = "Kế hoạch Lạng Sơn"
    assert unmarked(unicodedata.normalize("NFD", word)) == unmarked(word) == "Ke hoach Lang Son"


def test_the_callers_keep_their_answers() -> None:
    assert name_fold("Thành phố  Lạng Sơn.") == "thanh pho lang son"
    assert slug("thành phố Lạng Sơn") == "thanh-pho-lang-son"
    assert search_fold("Tiếp công dân") == search_fold("TIEP  CONG DAN") == "tiep cong dan"
