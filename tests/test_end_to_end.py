"""The whole path a district clerk takes: the province's plan as extracted text ->
import -> derive for the district -> render -> check, through the CLI."""

from __future__ import annotations

from click.testing import CliRunner

import vbhc
from tests.conftest import PLAN_EXAMPLE
from tests.docx_helpers import Docx, para_text
from vbhc import cli


def run(*args: str):
    result = CliRunner().invoke(cli.main, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_seed_text_to_district_plan(seed_text, tmp_path):
    from tests.conftest import SEED

    imported = tmp_path / "ke-hoach-tinh.yaml"
    run("import", str(SEED), "-o", str(imported))
    run("derive", str(imported), "--to", "huyện Cao Lộc", "-o", f"{tmp_path}/", "--docx")
    docx = next(tmp_path.glob("*cao-loc*.docx"))
    texts = [para_text(p) for p in Docx.open(docx).paragraphs()]
    assert texts[1:3] == ["ỦY BAN NHÂN DÂN", "HUYỆN CAO LỘC"]
    assert "Thực hiện dân chủ ở cơ sở trên địa bàn huyện Cao Lộc năm 2024" in texts
    assert len(Docx.open(docx).footnotes()) == 4
    assert not [f for f in vbhc.check(docx) if f.is_error]
    run("check", str(docx))


def test_derived_from_the_seed_equals_derived_from_the_example(seed_text):
    from tests.conftest import SEED

    from_seed = vbhc.derive(vbhc.import_document(SEED).document, "huyện Cao Lộc").plan
    from_example = vbhc.derive(vbhc.load(PLAN_EXAMPLE), "huyện Cao Lộc").plan
    assert from_seed.model_dump() == from_example.model_dump()
