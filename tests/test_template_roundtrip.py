"""Issue 17: templates survive Word and LibreOffice.

Every shipped template, opened and saved unchanged by LibreOffice (``soffice --convert-to
docx``) or by python-docx, or edited the way Word edits (tags split over runs with spelling
marks and bookmarks between them, typographic quotes, revision ids), renders the kind's
example with no ``vbhc check`` error and the same text as the shipped template renders, and
passes ``vbhc template check``. A template whose rules an editor did break is caught by
``vbhc template check``, which renders a sample and checks it.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import vbhc
from tests.conftest import soffice
from tests.docx_helpers import Docx, para_text
from tests.test_template import EXAMPLE_BY_KIND
from vbhc import cli
from vbhc.model.kinds import known_slugs
from vbhc.renderer.template import template_path

SLUGS = known_slugs()


def rewrite(template: Path, target: Path, edit) -> Path:
    """Copy ``template`` to ``target`` with ``edit(name, text) -> text`` applied to each
    XML part."""
    with zipfile.ZipFile(template) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = edit(info.filename, data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return target


@pytest.fixture(scope="session")
def libreoffice_resaved(tmp_path_factory) -> dict[str, Path]:
    """Every shipped template opened and saved as .docx by LibreOffice, once per session,
    in a private profile with vbhc's locked-down settings (no macros, no links)."""
    from vbhc.pdf import profile_xcu

    binary = soffice()
    work = tmp_path_factory.mktemp("libreoffice")
    profile = work / "ho-so"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(profile_xcu(), "utf-8")
    out = work / "ra"
    done = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--nologo", "--nolockcheck", "--convert-to", "docx", "--outdir", str(out),
         *(str(template_path(slug)) for slug in SLUGS)],
        capture_output=True, timeout=300, check=False)
    saved = {slug: out / f"{slug}.docx" for slug in SLUGS}
    missing = [slug for slug, path in saved.items() if not path.is_file()]
    assert not missing, (missing, done.stdout, done.stderr)
    return saved


@pytest.fixture(scope="session")
def python_docx_resaved(tmp_path_factory) -> dict[str, Path]:
    """Every shipped template opened and saved by python-docx (Document(path).save)."""
    from docx import Document

    work = tmp_path_factory.mktemp("python-docx")
    saved = {}
    for slug in SLUGS:
        saved[slug] = work / f"{slug}.docx"
        Document(str(template_path(slug))).save(str(saved[slug]))
    return saved


_TAGGED_RUN = re.compile(r'<w:r><w:t(?: xml:space="preserve")?>([^<]*\{[{%][^<]*)</w:t></w:r>')


def _word_run(text: str, n: int) -> str:
    return (f'<w:r w:rsidR="00A1{n:04d}"><w:rPr><w:lang w:val="vi-VN"/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def word_edited(name: str, xml: str) -> str:
    """Return a templated part as Word leaves it after a clerk retyped it: each tag split
    into three runs (after its opening brace and in its middle) with a spelling mark and a
    bookmark between them, typographic quotes, revision ids on paragraphs and runs."""
    if name != "word/document.xml":
        return xml
    counter = iter(range(1, 100000))

    def split(match: re.Match) -> str:
        text = match.group(1).replace("&apos;", "'")
        text = re.sub(r"'([^']*)'", "\u2018\\1\u2019", text)
        n = next(counter)
        middle = len(text) // 2
        return (_word_run(text[:1], n) + '<w:proofErr w:type="spellStart"/>'
                + _word_run(text[1:middle], n)
                + f'<w:bookmarkStart w:id="{n}" w:name="_Hlk{n}"/>'
                + '<w:proofErr w:type="spellEnd"/>'
                + _word_run(text[middle:], n) + f'<w:bookmarkEnd w:id="{n}"/>')

    xml = _TAGGED_RUN.sub(split, xml)
    return xml.replace("<w:p>", '<w:p w:rsidR="00B20000" w:rsidRDefault="00B20000">')


@pytest.fixture(scope="session")
def word_edited_templates(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("word")
    return {slug: rewrite(template_path(slug), work / f"{slug}.docx", word_edited)
            for slug in SLUGS}


@pytest.fixture(scope="session")
def original_renders(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("goc")
    out = {}
    for slug in SLUGS:
        out[slug] = work / f"{slug}.docx"
        out[slug].write_bytes(vbhc.render_bytes(vbhc.load(EXAMPLE_BY_KIND[slug])))
    return out


def texts(path: Path) -> tuple[list[str], dict[int, str]]:
    doc = Docx.open(path)
    return [para_text(p, footnote_marks=True) for p in doc.paragraphs()], doc.footnotes()


def assert_renders_like_the_original(template: Path, slug: str, original: Path,
                                     tmp_path: Path) -> None:
    out = tmp_path / f"{slug}.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(EXAMPLE_BY_KIND[slug]), template))
    errors = [str(p) for p in vbhc.check(out) if p.is_error]
    assert errors == [], "\n".join(errors)
    assert texts(out) == texts(original)
    result = CliRunner().invoke(cli.main, ["template", "check", str(template), "--loai", slug])
    assert result.exit_code == 0, result.output
    assert "0 lỗi, 0 cảnh báo" in result.output, result.output


@pytest.mark.parametrize("slug", SLUGS)
def test_a_template_libreoffice_saved_renders_as_before(slug, libreoffice_resaved,
                                                         original_renders, tmp_path):
    template = libreoffice_resaved[slug]
    with zipfile.ZipFile(template) as zf:  # what broke it: entities, and renamed style ids
        document = zf.read("word/document.xml").decode("utf-8")
        styles = zf.read("word/styles.xml").decode("utf-8")
    assert "&apos;" in document or "{%p if doan.kieu" not in document
    assert 'w:styleId="VBDuongKe"' not in styles
    assert_renders_like_the_original(template, slug, original_renders[slug], tmp_path)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_template_python_docx_saved_renders_as_before(slug, python_docx_resaved,
                                                        original_renders, tmp_path):
    assert_renders_like_the_original(python_docx_resaved[slug], slug, original_renders[slug],
                                     tmp_path)


@pytest.mark.parametrize("slug", SLUGS)
def test_a_template_word_edited_renders_as_before(slug, word_edited_templates,
                                                  original_renders, tmp_path):
    with zipfile.ZipFile(word_edited_templates[slug]) as zf:
        document = zf.read("word/document.xml").decode("utf-8")
    assert "\u2018bang\u2019" in document and "spellStart" in document
    assert_renders_like_the_original(word_edited_templates[slug], slug, original_renders[slug],
                                     tmp_path)


def test_a_libreoffice_saved_template_keeps_its_rules_short(libreoffice_resaved, tmp_path):
    """The issuer's and the abstract's rules are sized from the text again (they were full
    width: LibreOffice renamed the style VBDuongKe to VBngk)."""
    from vbhc.checker.document import Document

    out = tmp_path / "ke-hoach.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(EXAMPLE_BY_KIND["ke-hoach"]),
                                      libreoffice_resaved["ke-hoach"]))
    rules = [p for p in Document.open(out).paras if "bottom" in p.props.borders]
    assert len(rules) >= 3
    assert all(p.props.left > 0 and p.props.left == p.props.right for p in rules)


def test_template_check_catches_what_an_editor_broke(libreoffice_resaved, tmp_path):
    """The rule under the issuer deleted and the issuer's style set in 10 pt: render refuses
    to write (its output fails vbhc check) and template check fails with the findings on
    its sample: the two agree."""
    rule = '<w:p><w:pPr><w:pStyle w:val="VBngk"/>'

    def edit(name: str, xml: str) -> str:
        if name == "word/document.xml":
            start = xml.index(rule)
            return xml[:start] + xml[xml.index("</w:p>", start) + len("</w:p>"):]
        if name == "word/styles.xml":
            start = xml.index('w:styleId="VBCquanbanhnh"')
            end = xml.index("</w:style>", start)
            return xml[:start] + xml[start:end].replace('w:val="26"', 'w:val="20"') + xml[end:]
        return xml

    template = rewrite(libreoffice_resaved["ke-hoach"], tmp_path / "mau.docx", edit)
    rendered = CliRunner().invoke(cli.main, ["render", str(EXAMPLE_BY_KIND["ke-hoach"]), "-o",
                                             str(tmp_path / "ra.docx"), "--template",
                                             str(template)])
    assert rendered.exit_code == 1, rendered.output
    assert "[duong-ke-co-quan]" in rendered.output and not (tmp_path / "ra.docx").exists()
    result = CliRunner().invoke(cli.main, ["template", "check", str(template)])
    assert result.exit_code == 1, result.output
    assert "văn bản mẫu dựng bằng mẫu này sai thể thức" in result.output
    assert "[duong-ke-co-quan]" in result.output and "Traceback" not in result.output


# --- tags as editors write them ------------------------------------------------------------

NUMBER_TAG = "Số: {{ so_ky_hieu }}"


def _with_number_tag(tmp_path: Path, written: str) -> Path:
    return rewrite(template_path("ke-hoach"), tmp_path / "mau.docx",
                   lambda name, xml: xml.replace(NUMBER_TAG, written)
                   if name == "word/document.xml" else xml)


@pytest.mark.parametrize("written", [
    "Số: &#123;&#123; so_ky_hieu &#125;&#125;",                      # character references
    "Số: {{\u00a0so_ky_hieu\u200b }}",                               # no-break, zero-width
    "Số: {{ so_ky_hieu|default(\u201c\u201d) }}",                    # Word's quotes
    "Số: {{ so_ky_hieu|default(&quot;&quot;) }}",                     # LibreOffice's
    'Số: {</w:t></w:r><w:bookmarkStart w:id="1" w:name="x"/><w:r><w:t>{ so_</w:t></w:r>'
    '<w:proofErr w:type="spellStart"/><w:r><w:rPr><w:b/></w:rPr><w:t>ky_hieu }</w:t></w:r>'
    '<w:r><w:t>}',
])
def test_tags_are_read_as_typed(written, tmp_path, original_renders):
    out = tmp_path / "ra.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(EXAMPLE_BY_KIND["ke-hoach"]),
                                      _with_number_tag(tmp_path, written)))
    assert texts(out) == texts(original_renders["ke-hoach"])


@pytest.mark.parametrize("written", [
    "Số: &#123;&#123; so_ky_hieu.__class__ &#125;&#125;",
    "Số: {{ so_ky_hieu.__class__ }&#125;",
    "Số: {</w:t></w:r><w:r><w:t>{ so_ky_hieu.__cl</w:t></w:r><w:r><w:t>ass__ }}",
])
def test_security_checks_see_the_tag_that_runs(written, tmp_path):
    """A tag hidden in character references or split runs is sandboxed like any other."""
    template = _with_number_tag(tmp_path, written)
    result = CliRunner().invoke(cli.main, ["render", str(EXAMPLE_BY_KIND["ke-hoach"]), "-o",
                                           str(tmp_path / "ra.docx"), "--template",
                                           str(template)])
    assert result.exit_code == 1 and "không được phép" in result.output, result.output
    assert not (tmp_path / "ra.docx").exists()
    checked = CliRunner().invoke(cli.main, ["template", "check", str(template)])
    assert checked.exit_code == 1 and "Traceback" not in checked.output


def test_an_unclosed_tag_in_character_references_is_refused(tmp_path):
    template = _with_number_tag(tmp_path, "Số: &#123;&#123; so_ky_hieu")
    result = CliRunner().invoke(cli.main, ["template", "check", str(template)])
    assert result.exit_code == 1 and "đóng bằng '}}'" in result.output, result.output


pieces = st.lists(st.text(alphabet="{}%#ab \u2018\u201d", max_size=6), max_size=8)


@settings(max_examples=300, deadline=None)
@given(parts=pieces)
def test_regroup_moves_whole_tags_and_keeps_the_rest(parts):
    from vbhc.renderer.tags import _IN_TAG, regroup, tags_in

    joined = "".join(parts)
    out = regroup(parts)
    assert len(out) == len(parts)
    expected, pos = [], 0
    for start, end in tags_in(joined):
        expected += [joined[pos:start], joined[start:end].translate(_IN_TAG)]
        pos = end
    assert "".join(out) == "".join(expected) + joined[pos:]
    regrouped = "".join(out)
    starts, at = [], 0
    for piece_text in out:
        starts.append((at, at + len(piece_text)))
        at += len(piece_text)
    for start, end in tags_in(regrouped):  # no tag is left spread over two pieces
        assert any(a <= start and end <= b for a, b in starts), (parts, out)


def test_mend_tags_removes_runs_it_emptied():
    from vbhc.renderer.tags import mend_tags

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    root = etree.fromstring(
        f'<w:p {w}><w:r><w:t>a {{{{ x</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t> }}}}</w:t>'
        '</w:r><w:r><w:t> b</w:t></w:r></w:p>')
    assert mend_tags(root)
    assert ["".join(r.itertext()) for r in root] == ["a {{ x }}", " b"]
    assert not mend_tags(root)


# --- styles found by name -------------------------------------------------------------------

def test_style_table_matches_the_shipped_styles():
    from vbhc.renderer.template import STYLE_NAMES

    root = etree.parse(str(Path(__file__).resolve().parents[1] / "tools" / "template_parts"
                           / "styles.xml")).getroot()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    shipped = {s.get(f"{w}styleId"): (s.get(f"{w}type"), s.find(f"{w}name").get(f"{w}val"))
               for s in root.iter(f"{w}style")}
    assert {k: shipped[k] for k in STYLE_NAMES} == STYLE_NAMES
    assert {k for k, (kind, _) in shipped.items()
            if k.startswith("VB") and kind in ("paragraph", "table")} <= set(STYLE_NAMES)


def test_renamed_style_ids_are_given_back():
    from vbhc.renderer.template import canonical_style_ids

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    styles = (f'<w:styles {w}><w:style w:type="paragraph" w:styleId="VBngk"><w:name '
              'w:val="VB Đường kẻ"/></w:style><w:style w:type="paragraph" w:styleId="X">'
              '<w:name w:val="VB Đường kẻ dưới trích yếu"/><w:basedOn w:val="VBngk"/>'
              '</w:style><w:style w:type="character" w:styleId="FootnoteAnchor"><w:name '
              'w:val="Footnote Reference"/></w:style><w:style w:type="paragraph" '
              'w:styleId="VBCoQuan"><w:name w:val="Cơ quan"/></w:style><w:style '
              'w:type="paragraph" w:styleId="Y"><w:name w:val="VB Cơ quan ban hành"/>'
              '</w:style></w:styles>')
    document = (f'<w:document {w}><w:body><w:p><w:pPr><w:pStyle w:val="VBngk"/></w:pPr></w:p>'
                '<w:p><w:pPr><w:pStyle w:val="Y"/></w:pPr></w:p></w:body></w:document>')
    parts = {"word/styles.xml": styles.encode(), "word/document.xml": document.encode(),
             "other.xml": b"<VBngk/>"}
    out = canonical_style_ids(parts)
    assert b'w:styleId="VBDuongKe"' in out["word/styles.xml"]
    assert b'w:styleId="VBDuongKeTrichYeu"' in out["word/styles.xml"]
    assert b'<w:basedOn w:val="VBDuongKe"/>' in out["word/styles.xml"]
    assert b'w:styleId="FootnoteReference"' in out["word/styles.xml"]
    # an id vbhc uses already stays with its style; the other style keeps its own id
    assert b'w:styleId="Y"' in out["word/styles.xml"]
    assert b'<w:pStyle w:val="VBDuongKe"/>' in out["word/document.xml"]
    assert out["other.xml"] == b"<VBngk/>"
    assert canonical_style_ids(out) is out or canonical_style_ids(out) == out


def test_shipped_templates_are_not_rewritten():
    from vbhc.docx.package import read_entries
    from vbhc.renderer.template import canonical_style_ids

    for slug in SLUGS:
        parts = read_entries(template_path(slug))
        assert canonical_style_ids(parts) is parts


# --- the sample template check renders -------------------------------------------------------

@pytest.mark.parametrize("slug", SLUGS)
def test_each_kind_has_a_sample_with_no_finding(slug, tmp_path):
    from vbhc.renderer.template_check import sample_document

    out = tmp_path / "mau.docx"
    out.write_bytes(vbhc.render_bytes(sample_document(slug)))
    assert [str(p) for p in vbhc.check(out)] == []


def test_template_check_lists_check_findings_with_their_rule(tmp_path):
    from vbhc.commands.template import check_template

    template = _with_number_tag(tmp_path, "Số: {{ so_ky_hieu }} {{ so_ky_hieu }}")
    problems = check_template(template, "ke-hoach")
    assert problems and all(p.file == str(template) for p in problems)
    assert [p.rule for p in problems if p.is_error] == ["so-ky-hieu"]
    assert problems[0].paragraph and problems[0].reference.startswith("NĐ 30")


BORDERED = ('<w:p><w:pPr><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" '
            'w:color="000000"/></w:pBdr><w:spacing w:line="100" w:lineRule="exact"/>'
            '<w:jc w:val="center"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def test_a_rule_rebuilt_as_a_bordered_paragraph_is_sized(tmp_path, original_renders):
    """An editor replaced both header rules (issuer, motto) by plain paragraphs with a
    bottom border: their length still comes from the text above them."""
    rule = '<w:p><w:pPr><w:pStyle w:val="VBDuongKe"/></w:pPr></w:p>'
    template = rewrite(template_path("ke-hoach"), tmp_path / "mau.docx",
                       lambda name, xml: xml.replace(rule, BORDERED)
                       if name == "word/document.xml" else xml)
    with zipfile.ZipFile(template) as zf:
        assert "VBDuongKe\"" not in zf.read("word/document.xml").decode("utf-8")
    out = tmp_path / "ra.docx"
    out.write_bytes(vbhc.render_bytes(vbhc.load(EXAMPLE_BY_KIND["ke-hoach"]), template))
    assert [str(p) for p in vbhc.check(out) if p.is_error] == []
    assert texts(out) == texts(original_renders["ke-hoach"])
