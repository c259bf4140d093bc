"""schemas/ is generated from the models and kept in step; the CLI knows every kind."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import ROOT
from vbhc import cli
from vbhc.model.kinds import kind, known_slugs
from vbhc.model.schema import schema_text


def test_committed_schemas_are_current():
    for slug in known_slugs():
        path = ROOT / "schemas" / f"{slug}.schema.json"
        assert path.read_text("utf-8") == schema_text(slug), (
            f"{path} đã cũ: chạy `make schemas` rồi commit"
        )


def test_every_field_has_a_vietnamese_description():
    missing = []

    def walk(node, where):
        if isinstance(node, dict):
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    missing.append(f"{where}.{name}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for slug in known_slugs():
        walk(json.loads(schema_text(slug)), slug)
    assert not missing


def test_cli_refuses_an_unknown_kind():
    result = CliRunner().invoke(cli.main, ["schema", "bao-gia"])
    assert result.exit_code == 1
    assert "'bao-gia'" in result.output and "ke-hoach" in result.output


def test_schema_command_prints_the_schema():
    result = CliRunner().invoke(cli.main, ["schema", "ke-hoach"])
    assert result.exit_code == 0
    assert json.loads(result.output)["properties"]["loai"]["const"] == "ke-hoach"


def test_kind_table_gives_name_and_code():
    row = kind("ke-hoach")
    assert (row.ten_in_hoa, row.ky_hieu) == ("KẾ HOẠCH", "KH")


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_examples_validate_against_their_schema(example):
    """What an editor checks with the $schema line must agree with what vbhc accepts."""
    data = json.loads(json.dumps(yaml.safe_load(example.read_text("utf-8")), default=str))
    schema = json.loads((ROOT / "schemas" / f"{data['loai']}.schema.json").read_text("utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors]
    first = example.read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{data['loai']}.schema.json"
