"""Custom templates with missing parts, bad geometry, external content or tags that made
docxtpl backtrack: a Vietnamese message from render and template check alike."""

from __future__ import annotations

import contextlib
import time
import zipfile

import pytest

from tests.test_sec_template import SECRET, TEMPLATE, build, check, render

SECT = '<w:pgSz w:w="11906" w:h="16838"/>'


def _document() -> str:
    with zipfile.ZipFile(TEMPLATE) as zf:
        return zf.read("word/document.xml").decode("utf-8")


MALFORMED = {
    "no_styles": dict(drop=("word/styles.xml",)),
    "no_settings": dict(drop=("word/settings.xml",)),
    "no_rels": dict(drop=("word/_rels/document.xml.rels",)),
    "no_pgsz": dict(replace={"word/document.xml": {SECT: ""}}),
    "text_pgsz": dict(replace={"word/document.xml": {SECT: '<w:pgSz w:w="rộng" w:h="1"/>'}}),
    "huge_pgsz": dict(replace={"word/document.xml": {SECT: f'<w:pgSz w:w="{"9" * 400}"/>'}}),
    "negative_width": dict(replace={"word/document.xml": {SECT: '<w:pgSz w:w="100"/>'}}),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_templates_are_messages(case, tmp_path):
    template = build(tmp_path, **MALFORMED[case])
    result, out = render(template, tmp_path)
    assert result.exit_code == 1, result.output
    assert "mẫu" in result.output and "Traceback" not in result.output
    assert "nội bộ" not in result.output and not out.exists()
    checked = check(template)
    assert checked.exit_code == 1 and "Traceback" not in checked.output, checked.output


def test_a_template_without_sectpr_is_named(tmp_path):
    document = _document()
    start, end = document.index("<w:sectPr"), document.index("</w:sectPr>")
    sect = document[start:end + len("</w:sectPr>")]
    result, out = render(build(tmp_path, replace={"word/document.xml": {sect: ""}}), tmp_path)
    assert result.exit_code == 1 and "w:sectPr" in result.output and not out.exists()


def test_unusable_font_sizes_are_messages(tmp_path):
    with zipfile.ZipFile(TEMPLATE) as zf:
        styles = zf.read("word/styles.xml").decode("utf-8")
    import re

    size = re.search(r'<w:sz w:val="\d+"/>', styles).group()
    template = build(tmp_path, replace={"word/styles.xml": {size: '<w:sz w:val="1e999"/>'}})
    result, out = render(template, tmp_path)
    assert result.exit_code in (0, 1) and "Traceback" not in result.output
    assert "nội bộ" not in result.output


def _rels_with(rel: str) -> dict[str, dict[str, str]]:
    return {"word/_rels/document.xml.rels": {"</Relationships>": rel + "</Relationships>"}}


R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EXTERNAL = {
    "linked_image_rel": _rels_with(
        f'<Relationship Id="rIdX" Type="{R}/image" Target="file:///SECRET" '
        'TargetMode="External"/>'),
    "remote_image_rel": _rels_with(
        f'<Relationship Id="rIdX" Type="{R}/image" Target="http://example.invalid/a.png" '
        'TargetMode="External"/>'),
    "attached_template": {"word/settings.xml": {
        "</w:settings>": f'<w:attachedTemplate xmlns:r="{R}" r:id="rIdX"/></w:settings>'}},
    "include_picture": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": 'Số: {{ so_ky_hieu }}</w:t></w:r><w:r><w:instrText> INCLUDE'
        '</w:instrText></w:r><w:r><w:instrText>PICTURE "file:///SECRET" \\d </w:instrText>'
        '</w:r><w:r><w:t>'}},
    "include_text": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": 'Số: {{ so_ky_hieu }}</w:t></w:r><w:fldSimple '
        'w:instr=" INCLUDETEXT &quot;/SECRET&quot; "/><w:r><w:t>'}},
    "r_link": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": 'Số: {{ so_ky_hieu }}</w:t><w:t r:link="rIdX">'}},
    "alt_chunk": {"word/document.xml": {"<w:sectPr": '<w:altChunk r:id="rIdX"/><w:sectPr'}},
    "vml_src": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": 'Số: {{ so_ky_hieu }}</w:t></w:r><w:r><w:pict><v:imagedata '
        'xmlns:v="urn:schemas-microsoft-com:vml" src="file:///SECRET"/></w:pict></w:r>'
        '<w:r><w:t>'}},
    "vml_o_href": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": 'Số: {{ so_ky_hieu }}</w:t></w:r><w:r><w:pict><v:imagedata '
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:'
        'office" o:href="file:///SECRET"/></w:pict></w:r><w:r><w:t>'}},
    "mail_merge": {"word/settings.xml": {
        "</w:settings>": '<w:mailMerge><w:mainDocumentType w:val="formLetters"/>'
        '</w:mailMerge></w:settings>'}},
    "uri_target_internal": _rels_with(
        f'<Relationship Id="rIdX" Type="{R}/image" Target="file:///SECRET"/>'),
    "embedded_ole": _rels_with(
        f'<Relationship Id="rIdX" Type="{R}/oleObject" Target="embeddings/ole.bin"/>'),
    "embedded_package": _rels_with(
        f'<Relationship Id="rIdX" Type="{R}/package" Target="embeddings/a.xlsx"/>'),
    "built_field": {"word/document.xml": {
        "Số: {{ so_ky_hieu }}": "Số: {{ so_ky_hieu }}</w:t></w:r><w:r><w:instrText>"
        "{{ 'INCLUDEPIC' ~ 'TURE' }} x</w:instrText></w:r><w:r><w:t>"}},
}


@pytest.mark.parametrize("case", sorted(EXTERNAL))
def test_external_content_is_refused(case, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    edits = {part: {old: new.replace("SECRET", str(secret)) for old, new in subs.items()}
             for part, subs in EXTERNAL[case].items()}
    template = build(tmp_path, replace=edits)
    result, out = render(template, tmp_path)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and SECRET not in result.output
    assert not out.exists()
    assert check(template).exit_code == 1


def test_web_hyperlinks_stay_allowed(tmp_path):
    template = build(tmp_path, replace=_rels_with(
        f'<Relationship Id="rIdX" Type="{R}/hyperlink" Target="https://example.invalid/" '
        'TargetMode="External"/>'))
    result, out = render(template, tmp_path)
    assert result.exit_code == 0, result.output


def _preprocess_seconds(xml: str) -> float:
    from vbhc.renderer.tags import TagError, patch_xml

    start = time.perf_counter()
    with contextlib.suppress(TagError):
        patch_xml(xml)
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", [
    "{% colspan " + " " * 50,          # was cubic: 4 KB took 44 s
    "{% cellbg " + " " * 50 + "%x",
    "{{ ", "{%p ", "{{r ", "{% vm %}",  # quadratic in unclosed openers
    "{{p x }}", "{%- x -%}",           # closed: linear anyway
])
def test_tag_preprocessing_is_linear(unit):
    def doc(n: int) -> str:
        body = "<w:tc><w:p><w:r><w:t>" + unit * n + "</w:t></w:r></w:p></w:tc>"
        return f"<w:document><w:body>{body}</w:body></w:document>"

    _preprocess_seconds(doc(10))  # warm up
    small = min(_preprocess_seconds(doc(500)) for _ in range(3))
    large = min(_preprocess_seconds(doc(5000)) for _ in range(3))
    assert large / max(small, 1e-3) < 40  # 10x the input: linear ~10, quadratic ~100


def test_shipped_templates_preprocess_as_docxtpl_does():
    from docxtpl import DocxTemplate

    from vbhc.renderer.tags import patch_xml
    from vbhc.renderer.template import templates_dir

    for path in sorted(templates_dir().glob("*.docx")):
        with zipfile.ZipFile(path) as zf:
            xml = zf.read("word/document.xml").decode("utf-8")
        assert patch_xml(xml) == DocxTemplate(path).patch_xml(xml)


@pytest.mark.parametrize("payload, fails", [
    ("{# ghi chú của văn thư #}", False),
    ("{{ kinh_gui[5] }}", True),          # no such addressee in the skeleton: render fails
    ("{{ ngay_ban_hanh|ngay_ngan }}", True),  # skeleton date is blank: render fails
    ("{{ so_hieu }}", True),
])
def test_template_check_fails_exactly_what_render_fails(payload, fails, tmp_path):
    template = build(tmp_path, payload)
    checked = check(template)
    assert (checked.exit_code == 1) is fails, checked.output
    assert "Traceback" not in checked.output


def test_template_check_also_fails_a_template_whose_output_fails_check(tmp_path):
    """Issue 17: a template that prints the number twice is refused by both: render does
    not write (its output fails `vbhc check`), template check fails its sample."""
    template = build(tmp_path, "{{ so_ky_hieu }}")
    result, out = render(template, tmp_path)
    assert result.exit_code == 1 and "[so-ky-hieu]" in result.output, result.output
    assert not out.exists()
    checked = check(template)
    assert checked.exit_code == 1, checked.output
    assert "văn bản mẫu dựng bằng mẫu này sai thể thức" in checked.output
    assert "[so-ky-hieu]" in checked.output


@pytest.mark.parametrize("part", ["word/settings.xml", "word/styles.xml", "_rels/.rels",
                                  "[Content_Types].xml", "word/header1.xml",
                                  "word/_rels/document.xml.rels"])
def test_parts_of_the_wrong_kind_are_named(part, tmp_path):
    template = build(tmp_path, drop=(part,), add={part: "<x/>"})
    result, out = render(template, tmp_path)
    assert result.exit_code == 1 and part in result.output, result.output
    assert "Traceback" not in result.output and not out.exists()
    assert check(template).exit_code == 1


def test_a_template_with_too_many_tags_is_refused_quickly(tmp_path):
    from vbhc.renderer.tags import MAX_TAGS

    template = build(tmp_path, "{{ so_ky_hieu }}" * (MAX_TAGS + 1))
    result, out = render(template, tmp_path)
    assert result.exit_code == 1 and str(MAX_TAGS) in result.output and not out.exists()


def test_split_tag_search_matches_the_regex_and_is_linear():
    import random
    import re

    from vbhc.renderer.template_check import tags_in

    regex = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)
    rng = random.Random(7)
    pieces = ["{", "}", "%", "{{", "}}", "{%", "%}", "a", " "]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert tags_in(text) == [m.span() for m in regex.finditer(text)], text

    def seconds(n: int) -> float:
        start = time.perf_counter()
        tags_in("{{ " * n)
        return time.perf_counter() - start

    small = min(seconds(5000) for _ in range(3))
    large = min(seconds(50000) for _ in range(3))
    assert large / max(small, 1e-3) < 40  # the regex: ~100x
