"""Every .docx vbhc writes, and the templates it starts from, must open in Word without a
repair dialog: no schema or semantic finding from openxml-audit, and its Word verdict
"opens clean".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openxml_audit import (
    AppPrediction,
    FileFormat,
    OpenXmlValidator,
    ValidationErrorType,
    ValidationSeverity,
    predict,
)

import vbhc
from tests.conftest import EXAMPLES, ROOT
from vbhc.cli import main
from vbhc.loader import parse_yaml, validate_data

TEMPLATES = sorted((ROOT / "templates").glob("*.docx"))
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
# Word 2010 is the oldest release that reads the tblLook attributes (firstRow, noHBand...)
# Word itself writes; 2007's first-edition schema predates them.
FORMATS = [FileFormat.OFFICE_2010, FileFormat.OFFICE_2019, FileFormat.MICROSOFT_365]


@pytest.fixture(scope="module")
def skeleton_docx(tmp_path_factory) -> Path:
    """Render the YAML skeleton printed by `vbhc new ke-hoach`, unedited."""
    result = CliRunner().invoke(main, ["new", "ke-hoach"])
    assert result.exit_code == 0, result.output
    data, lines = parse_yaml(result.output, "vbhc new ke-hoach")
    model = validate_data(data, "vbhc new ke-hoach", lines)
    out = tmp_path_factory.mktemp("skeleton") / "ke-hoach-moi.docx"
    vbhc.render(model, out)
    return out


@pytest.fixture(scope="module")
def example_docx(tmp_path_factory) -> dict[str, Path]:
    out_dir = tmp_path_factory.mktemp("examples")
    rendered = {}
    for source in EXAMPLE_FILES:
        out = out_dir / f"{source.stem}.docx"
        vbhc.render(vbhc.load(source), out)
        rendered[source.stem] = out
    return rendered


def audit(path: Path, file_format: FileFormat) -> None:
    validator = OpenXmlValidator(file_format=file_format, max_errors=0, strict=True,
                                 security_validation=True)
    result = validator.validate(path)
    errors = [e for e in result.errors if e.severity is ValidationSeverity.ERROR]
    structural = [e for e in result.errors
                  if e.error_type in (ValidationErrorType.SCHEMA, ValidationErrorType.SEMANTIC,
                                      ValidationErrorType.PACKAGE,
                                      ValidationErrorType.RELATIONSHIP)]
    listing = "\n".join(str(e) for e in errors + structural)
    assert not errors and not structural, (
        f"{path.name} ({file_format.value}): OOXML không hợp lệ, Word có thể đòi sửa tệp:\n"
        f"{listing}")
    assert result.is_valid
    verdict = predict(result)
    assert verdict.app == "Microsoft Word"
    assert verdict.prediction is AppPrediction.OPENS_CLEAN, (
        f"{path.name}: {verdict.headline}; {verdict.basis}")


def test_templates_exist():
    assert TEMPLATES, "templates/ phải có mẫu .docx"
    assert EXAMPLE_FILES, "examples/ phải có ví dụ .yaml"


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.value)
def test_plan_example_is_valid(plan_docx_path, file_format):
    audit(plan_docx_path, file_format)


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.value)
def test_every_example_is_valid(example_docx, file_format):
    for path in example_docx.values():
        audit(path, file_format)


@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.value)
def test_skeleton_is_valid(skeleton_docx, file_format):
    audit(skeleton_docx, file_format)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
@pytest.mark.parametrize("file_format", FORMATS, ids=lambda f: f.value)
def test_template_is_valid(template, file_format):
    audit(template, file_format)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<w:footnoteReference w:id="4"/>', b'<w:footnoteReference w:id="99"/>'),
        (b"<w:tblGrid>", b"<w:tblGrid><w:bogus/>"),
    ],
    ids=["footnote-missing", "unknown-element"],
)
def test_audit_catches_a_broken_package(tmp_path, plan_docx_path, old, new):
    """The check itself must bite: a dangling footnote reference or an element outside the
    schema is refused."""
    broken = tmp_path / "hong.docx"
    with zipfile.ZipFile(plan_docx_path) as src, zipfile.ZipFile(broken, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                assert old in data
                data = data.replace(old, new, 1)
            dst.writestr(name, data)
    with pytest.raises(AssertionError):
        audit(broken, FileFormat.OFFICE_2019)
