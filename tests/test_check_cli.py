"""vbhc check through the CLI and the library: exit codes, unreadable inputs, --json,
--annotate (comments, determinism, never the input), folding of repeated findings."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from vbhc.checker import check, collapse
from vbhc.commands.check import check as check_command
from vbhc.errors import Problem, ReadError


def run(*args: str):
    return CliRunner().invoke(check_command, list(args))


def test_clean_file_exits_0(plan_docx_path):
    result = run(str(plan_docx_path))
    assert result.exit_code == 0, result.output
    assert "đạt" in result.output


def test_library_import():
    from vbhc.checker import check as imported

    assert imported is check


def _letter_paper(src, dst):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "word/document.xml":
                data = data.replace(b'w:w="11906" w:h="16838"', b'w:w="12240" w:h="15840"')
            zout.writestr(name, data)
    return dst


def test_errors_exit_1_and_json(plan_docx_path, tmp_path):
    bad = _letter_paper(plan_docx_path, tmp_path / "thu.docx")
    result = run(str(bad), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data[0]["loi"] == 1
    finding = data[0]["phat_hien"][0]
    assert finding["rule"] == "kho-giay"
    assert finding["severity"] == "lỗi"
    assert set(finding) == {"rule", "severity", "paragraph", "excerpt", "message", "reference"}


def _zip(path, entries: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("name,content,phrase", [
    ("rong.docx", b"", "tệp rỗng"),
    ("mat-khau.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "mật khẩu"),
    ("van-ban.docx", "Đây là văn bản thường".encode(), "không phải tệp .docx"),
    ("hong.docx", b"PK\x03\x04" + b"\0" * 40, "bị hỏng"),
])
def test_unreadable_inputs_exit_2(tmp_path, name, content, phrase):
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("Lỗi: ") and phrase in lines[0]
    assert "Traceback" not in result.output
    with pytest.raises(ReadError):
        check(path)


def test_zip_without_document_exits_2(tmp_path):
    path = _zip(tmp_path / "thieu.docx", {"[Content_Types].xml": b"<Types/>", "a.txt": b"x"})
    result = run(str(path))
    assert result.exit_code == 2
    assert "word/document.xml" in result.stderr


def test_dtd_is_refused(tmp_path):
    doc = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]>'
           b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    path = _zip(tmp_path / "dtd.docx", {"[Content_Types].xml": b"<Types/>",
                                        "word/document.xml": doc})
    assert run(str(path)).exit_code == 2


def test_missing_file_exits_2(tmp_path):
    result = run(str(tmp_path / "khong-co.docx"))
    assert result.exit_code == 2
    assert "không có tệp này" in result.stderr


def test_one_unreadable_among_many_exits_2(plan_docx_path, tmp_path):
    (tmp_path / "rong.docx").write_bytes(b"")
    result = run(str(plan_docx_path), str(tmp_path / "rong.docx"))
    assert result.exit_code == 2
    assert "đạt" in result.stdout


def _comments(path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/comments.xml").decode()
    return xml


def test_annotate_writes_comments_deterministically(plan_docx_path, tmp_path):
    bad = _letter_paper(plan_docx_path, tmp_path / "thu.docx")
    out1, out2 = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run(str(bad), "--annotate", str(out1)).exit_code == 1
    assert run(str(bad), "--annotate", str(out2)).exit_code == 1
    assert out1.read_bytes() == out2.read_bytes()
    xml = _comments(out1)
    assert "kho-giay" in xml and "w:date" not in xml
    assert check(out1)[0].rule == "kho-giay"  # still a readable .docx


def test_annotate_never_overwrites_input_or_existing(plan_docx_path, tmp_path):
    copy = tmp_path / "ban.docx"
    copy.write_bytes(plan_docx_path.read_bytes())
    before = copy.read_bytes()
    result = run(str(copy), "--annotate", str(copy), "--force")
    assert result.exit_code == 1
    assert "không ghi chú đè" in result.stderr
    assert copy.read_bytes() == before
    other = tmp_path / "co-roi.docx"
    other.write_bytes(b"x")
    assert run(str(copy), "--annotate", str(other)).exit_code == 1
    assert other.read_bytes() == b"x"


def test_annotate_needs_one_file(plan_docx_path, tmp_path):
    result = run(str(plan_docx_path), str(plan_docx_path), "--annotate", str(tmp_path / "x"))
    assert result.exit_code == 2


def test_collapse_keeps_three_per_rule():
    def f(rule: str, n: int) -> Problem:
        return Problem("", "m", severity="lỗi", rule=rule, paragraph=n, reference="r")

    findings = [f("a", i) for i in range(5)] + [f("b", 9)]
    shown, more = collapse(findings)
    assert [x.paragraph for x in shown] == [0, 1, 2, 9]
    assert more == {"a": 2}


def test_text_output_folds_repeats(plan_docx_path, tmp_path):
    from tests.test_check_rules import MUTATIONS, mutated

    path = mutated(plan_docx_path, tmp_path / "co-chu.docx", MUTATIONS["than-co-chu"])
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stdout.count("[than-co-chu]") == 4  # three shown + the "… và N" line
    assert "chỗ khác cùng quy tắc [than-co-chu]" in result.stdout
