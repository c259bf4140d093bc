"""Render a docxtpl template without a python-docx round trip, compiled once per template.

The template dialect is docxtpl's: its own ``patch_xml`` turns ``{%p %}``, ``{{r }}`` and
``{{p }}`` tags into plain Jinja once (after a linear check that it cannot backtrack,
vbhc.renderer.tags); the compiled Jinja template is then reused for every document, and
the rendered parts go straight back into the zip. Templates with pictures or ``{%tc %}``
column loops are not supported by this path.

A template is read as its editor left it: vbhc's styles are found by name when Word or
LibreOffice rewrote their ids (vbhc.renderer.template.canonical_style_ids), and each
templated part is normalised once (vbhc.renderer.tags.normalised_part: entities resolved,
split tags joined, typographic quotes plain) before anything checks, preprocesses or
compiles it, so the checks see exactly the text that runs.

Every template -- shipped or custom -- goes through :func:`analyse`, which never raises
for a bad template but lists its problems; :func:`compile_template` refuses a template
with any problem, and ``vbhc template check`` reports the same list (plus a trial render
through :func:`render_parts`), so the two always agree. What a template may do when it
runs is decided in vbhc.renderer.sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from jinja2 import Template

from vbhc.data import files
from vbhc.docx.ns import W_NS, qn
from vbhc.errors import VbhcError
from vbhc.lazyre import LazyPattern
from vbhc.renderer.sandbox import RenderLimits, jinja_env
from vbhc.renderer.tables import RowStore
from vbhc.renderer.template import TemplateInfo

TEMPLATED_PARTS = LazyPattern(r"word/(document|header\d*|footer\d*)\.xml")
REQUIRED_PARTS = {
    "[Content_Types].xml": "danh mục kiểu nội dung",
    "word/document.xml": "thân văn bản",
    "word/styles.xml": "bảng kiểu chữ (styles)",
    "word/settings.xml": "thiết lập văn bản (settings)",
    "word/_rels/document.xml.rels": "quan hệ của thân văn bản",
}
"""Parts the renderer reads or rewrites in every template."""
ROOTS = {
    "[Content_Types].xml": qn("ct:Types"),
    "word/document.xml": qn("w:document"),
    "word/styles.xml": qn("w:styles"),
    "word/settings.xml": qn("w:settings"),
    "word/_rels/document.xml.rels":
        qn("rel:Relationships"),
    "_rels/.rels": qn("rel:Relationships"),
}
"""The root element each required part must have."""
_PARAGRAPH = LazyPattern(r"<w:p([ >])")
_PARAGRAPH_BACK = LazyPattern(r"\n<w:p([ >])")


def _paragraphs_back(xml: str) -> str:
    """Return ``_PARAGRAPH_BACK.sub(r"<w:p\1", xml)``: the newline compiling put before each
    ``<w:p`` taken out again. Two plain replacements give the same text: the two patterns
    hold a newline only at their start, so no match overlaps another, and neither
    replacement can make a match of the other (tests/test_speed_render.py)."""
    return xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")


def _looks_like_xml(name: str, data: bytes) -> bool:
    """Return whether part ``name`` is XML, whatever its name's case or ending (a header
    named ``header9.XML`` is still read by Word and LibreOffice)."""
    if name.lower().endswith((".xml", ".rels", ".vml")):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


_JINJA_MESSAGES = [
    (LazyPattern(r"No filter named '([^']*)'.*"), r"bộ lọc '\1' không có hoặc không được phép"),
    (LazyPattern(r"No test named '([^']*)'.*"), r"phép thử '\1' không có"),
    (LazyPattern(r"'([^']*)' is undefined"), r"tên '\1' không có"),
    (LazyPattern(r"'[^']*' has no attribute '([^']*)'"), r"không có trường '\1'"),
    (LazyPattern(r".* has no element (.*)"), r"không có phần tử \1"),
]


def vietnamese(message: str) -> str:
    """Return Jinja's English ``message`` in Vietnamese where it is one of the usual ones."""
    for pattern, replacement in _JINJA_MESSAGES:
        if pattern.fullmatch(message):
            return pattern.sub(replacement, message)
    return message


class TemplateRejected(VbhcError):
    """A template vbhc will not render; ``problems`` are Vietnamese, one per finding."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__("\n".join(f"mẫu {path}: {p}" for p in problems)
                         + "; chạy 'vbhc template check' để xem chi tiết")


@dataclass(frozen=True)
class CompiledTemplate:
    """A template's zip entries, its templated parts compiled, and its geometry."""

    parts: dict[str, bytes]
    compiled: dict[str, Template]
    info: TemplateInfo
    path: str = ""
    used: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Analysis:
    """What :func:`analyse` found: the compiled parts (where they compiled), the names the
    tags use, and every problem (Vietnamese, without the file name)."""

    parts: dict[str, bytes]
    compiled: dict[str, Template]
    info: TemplateInfo | None
    used: set[str]
    problems: list[str]
    syntax_ok: bool


def compile_template(path: Path, loai: str | None = None) -> CompiledTemplate:
    """Return ``path`` compiled (cached while the file is unchanged).

    With ``loai``, a template missing a component that kind requires is refused too.
    Raises ReadError (not a readable .docx) or TemplateRejected (every problem listed).
    """
    stat = path.stat()
    return _compile(str(path), stat.st_mtime_ns, stat.st_size, loai)


@lru_cache(maxsize=32)
def _compile(path: str, _mtime: int, _size: int, loai: str | None) -> CompiledTemplate:
    found = analyse(path)
    problems = list(found.problems)
    if loai is not None and found.syntax_ok:
        problems += missing_components(found.used, loai)
    if problems or found.info is None:
        raise TemplateRejected(path, problems)
    return CompiledTemplate(found.parts, found.compiled, found.info, path,
                            frozenset(found.used))


def analyse(path: str | Path) -> Analysis:
    """Return what vbhc makes of the template at ``path``; raise only ReadError.

    Problems found: missing parts, content pointing outside the package, tags docxtpl
    cannot preprocess in bounded time, Jinja syntax and refused tags, names vbhc does not
    provide, unusable page geometry.
    """
    from jinja2 import TemplateSyntaxError
    from lxml import etree

    from vbhc.docx.package import read_package_entries
    from vbhc.renderer.ahead import shipped_part, shipped_template
    from vbhc.renderer.context import names_used, unknown_names
    from vbhc.renderer.external import external_problems
    from vbhc.renderer.tags import TagError, normalised_part, patch_xml
    from vbhc.renderer.template import (
        TemplateGeometryError,
        canonical_style_ids,
        info_from_parts,
    )

    package, parts = read_package_entries(path)  # a template is input too: bounded, safe
    parts = canonical_style_ids(parts)  # styles an editor renamed, found by name
    shipped = shipped_template(package.main_name, parts)  # as make templates analysed it
    if shipped is not None:
        info = info_from_parts(parts["word/document.xml"], parts["word/styles.xml"])
        return Analysis(parts, shipped[0], info, set(shipped[1]), [], True)
    problems = [f"thiếu phần {name} ({what})" for name, what in REQUIRED_PARTS.items()
                if name not in parts]
    if package.main_name != "word/document.xml":
        problems.append(f"phần văn bản chính là {package.main_name}; vbhc cần "
                        "word/document.xml (lưu lại mẫu bằng Word)")
    env = jinja_env()
    compiled: dict[str, Template] = {}
    used: set[str] = set()
    syntax_ok = True
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    for name, data in parts.items():
        if not _looks_like_xml(name, data):
            continue
        try:
            root = etree.fromstring(data, parser)
        except etree.XMLSyntaxError as exc:
            problems.append(f"phần {name} không phải XML hợp lệ ({exc.msg})")
            syntax_ok = syntax_ok and not TEMPLATED_PARTS.fullmatch(name)
            continue
        expected = ROOTS.get(name) or (qn('w:hdr' if 'header' in name else 'w:ftr')
                                       if TEMPLATED_PARTS.fullmatch(name) else None)
        if expected and root.tag != expected:
            problems.append(f"phần {name} không đúng loại (phần tử gốc "
                            f"<{etree.QName(root).localname}>)")
            syntax_ok = syntax_ok and not TEMPLATED_PARTS.fullmatch(name)
            continue
        if name == "word/document.xml" and root.find(qn("w:body")) is None:
            problems.append("word/document.xml không có phần thân (w:body)")
        problems += external_problems(name, root)
        if not TEMPLATED_PARTS.fullmatch(name):
            continue
        if b"{" not in data and b"&#" not in data:
            continue  # no tag, not even one written as character references
        xml = normalised_part(root)
        if "{{" not in xml and "{%" not in xml and "{#" not in xml:
            continue
        try:
            source = _PARAGRAPH.sub(r"\n<w:p\1", patch_xml(xml))
            ahead = shipped_part(source)  # a shipped part, compiled by make templates
            if ahead is not None:
                compiled[name], names = ahead
                used |= names
                continue
            tree = env.parse(source)
            used |= names_used(tree)
            compiled[name] = env.from_string(tree)
        except TagError as exc:
            problems.append(f"{name}: {exc}")
            syntax_ok = False
        except TemplateSyntaxError as exc:
            problems.append(f"{name}: cú pháp thẻ sai ({vietnamese(exc.message or '')})")
            syntax_ok = False
        except (RecursionError, SyntaxError, MemoryError, OverflowError):
            problems.append(f"{name}: thẻ lồng nhau quá sâu hoặc mẫu quá phức tạp")
            syntax_ok = False
        except ValueError:  # Jinja's lexer: int() of a literal over Python's 4300 digits
            problems.append(f"{name}: cú pháp thẻ sai (số quá dài trong thẻ)")
            syntax_ok = False
    if syntax_ok:
        problems += [f"thẻ dùng tên '{unknown}', không ứng với trường nào vbhc cung cấp"
                     for unknown in unknown_names(used)]
    info = None
    if "word/document.xml" in parts and "word/styles.xml" in parts:
        try:
            info = info_from_parts(parts["word/document.xml"], parts["word/styles.xml"])
        except TemplateGeometryError as exc:
            problems.append(f"word/document.xml: {exc}")
        except etree.XMLSyntaxError:
            pass  # reported above
    return Analysis(parts, compiled, info, used, problems, syntax_ok)


@cache
def required_names(mo_hinh: str) -> dict[str, str]:
    """Return template name -> ND30 component (Vietnamese) that a template for the model
    ``mo_hinh`` ("ke_hoach", "chung", ...) must use, from data/mau-bat-buoc.yaml. Raises
    KeyError for a model the table does not list."""
    text = files("vbhc.data").joinpath("mau-bat-buoc.yaml").read_text("utf-8")
    from vbhc.yaml_in import data_file

    return data_file(text)[mo_hinh]


def missing_components(used: set[str] | frozenset[str], loai: str) -> list[str]:
    """Return a Vietnamese problem per component documents of kind ``loai`` (a slug) need
    and no name in ``used`` (the names a template's tags use) provides; KeyError for an
    unknown kind."""
    from vbhc.model.kinds import kind

    return [f"mẫu thiếu {component} (tên '{name}')"
            for name, component in required_names(kind(loai).mo_hinh).items()
            if name not in used]


class NotLean(Exception):  # noqa: N818 - a signal, not an error
    """The lean path (RowStore) cannot promise the full path's answer for this document;
    the caller renders it again without a store."""


ROW_CHUNK = 1000
"""Rows of a big table parsed and serialised together (a small lxml tree each)."""


def render_parts(template: CompiledTemplate, context: dict,
                 limits: RenderLimits | None = None,
                 trees: dict[str, object] | None = None,
                 store: RowStore | None = None) -> dict[str, bytes]:
    """Return the package parts with every templated part rendered for ``context``.

    ``trees``, when given, receives the parsed tree (an lxml element) of the rendered
    word/document.xml in place of its bytes in the answer (the caller finishes from the
    tree, vbhc.renderer.package.finish: a big document is parsed once, not twice).
    ``store``: the RowStore ``context`` was built with; the rows of its tables are checked
    as the rendered part is (well-formed, nothing external, usable cell widths) and
    serialised into ``store.serialised``. Raises NotLean when that could differ from
    rendering with the rows in the context (the caller then does so).

    ``context`` is made plain data (vbhc.renderer.sandbox.plain) before any template sees
    it; rendering is bounded by ``limits`` (default: RenderLimits.from_env()). A template
    that reaches outside its data, runs past a limit or produces XML that is not valid (or
    points outside the package) fails with a VbhcError message, never a traceback.
    """
    from jinja2 import TemplateError
    from jinja2.sandbox import SecurityError
    from lxml import etree

    from vbhc.renderer.external import external_problems
    from vbhc.renderer.sandbox import TemplateLimitError, render_bounded
    from vbhc.renderer.template import (
        TemplateGeometryError,
        check_cell_widths,
        page_text_width,
    )

    limits = limits or RenderLimits.from_env()
    where = f"mẫu {template.path}" if template.path else "mẫu"
    parts = dict(template.parts)
    for name, compiled in template.compiled.items():
        try:
            xml = _paragraphs_back(render_bounded(compiled, context, limits,
                                                  f"{where}, {name}"))
        except TemplateLimitError:
            raise
        except SecurityError as exc:
            raise VbhcError(f"{where}: {name} dùng thẻ không được phép ({exc}); mẫu chỉ được "
                            "đọc dữ liệu văn bản") from None
        except MemoryError:
            raise VbhcError(f"{where}: dựng {name} cần nhiều bộ nhớ hơn máy có; mẫu tạo ra quá "
                            "nhiều dữ liệu") from None
        except (TemplateError, ArithmeticError, TypeError, ValueError, LookupError,
                RecursionError) as exc:
            message = vietnamese(getattr(exc, "message", None) or str(exc))
            raise VbhcError(f"{where}: lỗi khi dựng {name} ({message}); chạy "
                            "'vbhc template check'") from None
        try:
            data = xml.encode("utf-8")
        except UnicodeEncodeError:
            raise VbhcError(f"{where}: mẫu tạo ra {name} có ký tự không hợp lệ (nửa cặp "
                            "surrogate, ví dụ \\ud800); sửa chuỗi trong thẻ của mẫu") from None
        if store is not None and store.tables and len(xml) + sum(
                len(row) for rows in store.tables for row in rows) > limits.chars:
            raise NotLean  # the full path says how far past the limit it is
        try:
            root = etree.fromstring(data)
        except etree.XMLSyntaxError as exc:
            raise VbhcError(f"{where}: mẫu tạo ra {name} không hợp lệ ({exc.msg}); kiểm tra "
                            "các thẻ {%p %} và {{r }} của mẫu") from None
        problems = external_problems(name, root, data)
        try:
            if name == "word/document.xml":
                page_text_width(root)
            check_cell_widths(root)
        except TemplateGeometryError as exc:
            problems.append(f"{name}: {exc}")
        if problems:
            raise VbhcError("\n".join(f"{where}: {p}" for p in problems))
        if store is not None and store.tables:
            if name != "word/document.xml":
                raise NotLean  # a table in a header: not a place vbhc puts one
            _serialise_rows(root, store)
        if trees is None or name != "word/document.xml":
            parts[name] = data
        else:
            trees[name] = root
            parts[name] = b""
        del data, xml
    return parts


_NOT_AS_WRITTEN = LazyPattern("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")
"""A character lxml would not write back as vbhc's table writer wrote it (a carriage
return becomes &#13;, a control character is refused): every character outside tab, line
feed, U+0020-U+D7FF, U+E000-U+FFFD and U+10000-U+10FFFF, listed directly (the negated
class over all of Unicode took 6.6 ms to compile on every cold start)."""


def _serialise_rows(root: object, store: RowStore) -> None:
    """Check and serialise ``store``'s rows as the rendered document ``root`` holds them
    (each marker alone in a w:tbl, under the root's namespaces): a thousand rows at a time,
    wrapped in an element declaring the root's namespaces, so each row's bytes are the
    ones lxml writes for it inside the whole document. Raises NotLean otherwise.

    Rows from vbhc's own table writer (``store.canonical``: vbhc.renderer.tables writes
    the elements, attributes and escapes lxml writes back, only w: names, no link of any
    kind, cell widths within the page) under the standard w: namespace are taken as
    written when they hold no character lxml would write otherwise: parsing them would
    give the same bytes (tests/test_speed_lean_rows.py renders every table both ways)."""
    from xml.sax.saxutils import quoteattr

    from lxml import etree

    from vbhc.renderer.external import external_problems
    from vbhc.renderer.template import TemplateGeometryError, check_cell_widths

    assert isinstance(root, etree._Element)
    nsmap = root.nsmap
    if None in nsmap:
        raise NotLean
    target = store.target()
    for marker in root.iter(etree.PI):
        parent = marker.getparent()
        if marker.target == target and (parent is None or parent.tag != qn("w:tbl")
                                        or parent.nsmap != nsmap):
            raise NotLean
    canonical = nsmap.get("w") == W_NS and store.canonical
    head = "<vbhc-wrap " + " ".join(f"xmlns:{k}={quoteattr(v)}" for k, v in nsmap.items()) \
        + ">"
    for index, rows in enumerate(store.tables):
        pieces = []
        for start in range(0, len(rows), ROW_CHUNK):
            text = _paragraphs_back("".join(rows[start:start + ROW_CHUNK]))
            if canonical and _NOT_AS_WRITTEN.search(text) is None:
                pieces.append(text.encode())  # vbhc's own rows: already lxml's bytes
                continue
            try:
                data = f"{head}{text}</vbhc-wrap>".encode()
                wrap = etree.fromstring(data)
                if external_problems("word/document.xml", wrap, data):
                    raise NotLean
                check_cell_widths(wrap)
            except (UnicodeEncodeError, etree.XMLSyntaxError, TemplateGeometryError):
                raise NotLean from None
            out = etree.tostring(wrap, encoding="UTF-8")
            if not out.endswith(b"</vbhc-wrap>"):
                raise NotLean
            pieces.append(out[out.index(b">") + 1:-len(b"</vbhc-wrap>")])
        store.tables[index] = []
        store.serialised.append(b"".join(pieces))
