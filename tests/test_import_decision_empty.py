"""A Quyết định with no article (Điều) imports to YAML that renders: the model needs one
article, so the importer writes a visible placeholder and warns (found by
tests/test_import_invariant.py once Quyết định became importable)."""

from __future__ import annotations

import vbhc
from vbhc.importer import import_document

LINES = ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
         "Số: 0/QĐ-UBND"]


def test_decision_without_articles_imports_with_a_placeholder_article(tmp_path):
    source = tmp_path / "qd.txt"
    source.write_text("\n".join(LINES) + "\n", "utf-8")
    result = import_document(source)
    assert result.document.loai == "quyet-dinh"
    assert result.document.dieu == ["Nội dung điều (điền lại)."]
    assert any("không thấy điều nào" in w.message for w in result.warnings)
    assert vbhc.render_bytes(result.document)
