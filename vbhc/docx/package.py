"""Reading a .docx safely: a bounded zip, a parser that never resolves entities or fetches.

The one reader for every .docx vbhc is handed: the checker, the importer and custom
templates all come through ``read_package``.

Everything a clerk might hand us (a renamed .doc, an encrypted file, a zip bomb, a
half-downloaded file) ends here as one ReadError with a Vietnamese message, never a
traceback.
"""

from __future__ import annotations

import hashlib
import io
import os
import posixpath
import stat
import threading
import zipfile
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from vbhc.docx import limits
from vbhc.docx.ns import CT_NS, MAIN_TYPES, REL_NS, REL_TYPE, W_NS
from vbhc.errors import ReadError
from vbhc.files import read_reason

MAX_ENTRIES = 2000
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_MAGIC = b"PK"

OFFICE_DOC_REL = REL_TYPE + "officeDocument"

BROKEN_ZIP = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError)
"""What zipfile raises on damaged data: bad CRC, corrupt deflate stream, offsets past the
end of the file (OSError EINVAL on seek), truncated entries."""

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
    huge_tree=False, remove_comments=True, remove_pis=True,
)


def parse_xml(data: bytes, name: str) -> etree._Element:
    """Return the root of ``data``; a DTD or broken XML is a ReadError naming the part."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReadError(f"phần {name} trong tệp không phải XML hợp lệ ({_why(exc.msg)})") \
            from None
    tree = root.getroottree()
    if tree.docinfo.doctype:
        raise ReadError(f"phần {name} có khai báo DTD; vbhc không đọc loại XML này")
    return root


def _why(msg: str | None) -> str:
    """Return libxml2's reason, in Vietnamese where it is one of the resource limits."""
    msg = msg or "lỗi cú pháp"
    if "depth" in msg.lower():
        return "các phần tử lồng nhau quá 256 cấp"
    if "too long" in msg.lower() or "huge" in msg.lower():
        return "một đoạn chữ hoặc thuộc tính quá dài (trên 10 MB)"
    return msg


@dataclass
class Package:
    """The parts of a .docx that the checker reads, parsed once."""

    path: Path
    document: etree._Element
    main_name: str
    styles: etree._Element | None = None
    settings: etree._Element | None = None
    footnotes: etree._Element | None = None
    numbering: etree._Element | None = None
    theme: etree._Element | None = None
    app: etree._Element | None = None
    headers: dict[str, etree._Element] = field(default_factory=dict)  # rId -> hdr/ftr root
    header_kinds: dict[str, str] = field(default_factory=dict)  # rId -> "header" | "footer"
    digests: dict[str, str] = field(default_factory=dict)
    """SHA-256 (hex) of the raw bytes of the styles, theme and numbering parts read, by
    attribute name ("styles", "theme", "numbering")."""
    document_bytes: bytes | None = None
    """The bytes ``document`` was parsed from (or handed over with: read_package_parts'
    ``trees``), when read by this module; None for a package put together otherwise. The
    tree is exactly what parsing them gives (the package's trees are not to be changed)."""
    paragraphs: int | None = None
    """The number of w:p elements in ``document`` (vbhc.docx.limits.part_counts, counted
    for the limits), None when not counted."""

    def style_key(self) -> str:
        """Return a key naming the exact bytes of the styles and theme parts: documents
        rendered from one template share it (vbhc.docx.styles.StyleSheet's ``key``)."""
        return f"{self.digests.get('styles', '-')}/{self.digests.get('theme', '-')}"


MAX_SHARED_PARTS = 16
"""Parsed styles, theme and numbering parts kept for ``share=True`` readers, by the SHA-256
of their bytes (least recently used ones go)."""
_SHARED_PARTS: OrderedDict[str, etree._Element] = OrderedDict()
_PASSED: OrderedDict[tuple, None] = OrderedDict()
"""(check, SHA-256, limits) of styles and numbering parts that passed their limits check: the check
depends on the bytes alone, so the same bytes pass again without the walk."""


_QUICK: OrderedDict[str, int] = OrderedDict()
"""SHA-256 of a part hashed before -> its element count read from the bytes
(limits.quick_count), when that count could be read."""
_RELS: OrderedDict[tuple[str | None, str], dict[str, tuple[str, str]]] = OrderedDict()
"""(SHA-256 of a shared relationships part, the part it describes) -> what _rels made of
it (rId -> (type, target part name))."""
_COUNTS: OrderedDict[str, tuple[int, ...]] = OrderedDict()
"""SHA-256 of a shared header, footer or footnotes part -> its limits.part_counts."""

_LOCK = threading.Lock()

MAX_DIGEST_KEY = 1024 * 1024
"""Largest part whose bytes _sha256 keeps as the key of its digest."""
MAX_DIGEST_KEYS_TOTAL = 16 * 1024 * 1024
"""Bytes _sha256 keeps in all (its keys), at most, besides at most 4 × MAX_SHARED_PARTS keys."""
_DIGESTS: OrderedDict[bytes, str] = OrderedDict()
_DIGEST_BYTES = [0]


def _sha256(data: bytes) -> str:
    """Return the SHA-256 (hex) of ``data``; the digests of parts up to MAX_DIGEST_KEY
    bytes are kept keyed by the bytes themselves (a dict lookup hashes them once per bytes
    object and compares contents, several times cheaper than SHA-256; a renderer hands the
    same objects for the parts a template fixes)."""
    if len(data) > MAX_DIGEST_KEY:
        return hashlib.sha256(data).hexdigest()
    found = _DIGESTS.get(data)
    if found is not None:
        return found
    found = hashlib.sha256(data).hexdigest()
    with _LOCK:
        if data not in _DIGESTS:
            _DIGESTS[data] = found
            _DIGEST_BYTES[0] += len(data)
        while _DIGESTS and (len(_DIGESTS) > MAX_SHARED_PARTS * 4
                            or _DIGEST_BYTES[0] > MAX_DIGEST_KEYS_TOTAL):
            old, _digest = _DIGESTS.popitem(last=False)
            _DIGEST_BYTES[0] -= len(old)
    return found


def _remember(cache: OrderedDict, key: object, value: object) -> None:
    """Put ``key`` last in the LRU ``cache`` (thread-safe; at most 4 × MAX_SHARED_PARTS)."""
    with _LOCK:
        cache[key] = value
        cache.move_to_end(key)
        while len(cache) > MAX_SHARED_PARTS * 4:
            cache.popitem(last=False)


def _fail(path: Path, why: str) -> ReadError:
    return ReadError(f"không đọc được {path}: {why}")


def _open_checked(path: Path) -> None:
    """Refuse what is not a readable .docx before zipfile sees it (ReadError)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except IsADirectoryError:
        raise _fail(path, "đây là một thư mục, không phải tệp .docx") from None
    except OSError as exc:
        raise _fail(path, read_reason(exc)) from None
    if not head:
        raise _fail(path, "tệp rỗng")
    if head.startswith(OLE2_MAGIC):
        raise _fail(path, "tệp được đặt mật khẩu (mã hóa) hoặc là tệp Word 97-2003 (.doc); "
                          "hãy bỏ mật khẩu hoặc mở bằng Word/LibreOffice và lưu lại dạng .docx")
    if not head.startswith(ZIP_MAGIC):
        raise _fail(path, "không phải tệp .docx (không phải gói zip Office Open XML)")


def _with_zip(path: str | Path, read):
    """Open the checked zip at ``path`` and return ``read(reader)``; damage is a ReadError."""
    path = Path(path)
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG  # missing or unreadable: _open_checked words it
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise _fail(path, "không phải tệp thường (FIFO, thiết bị hay socket)")
    _open_checked(path)
    try:
        with zipfile.ZipFile(path) as zf:
            return read(_Reader(path, zf))
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError):
        raise _fail(path, "tệp .docx bị hỏng hoặc nén theo cách không hỗ trợ") from None
    except BROKEN_ZIP:
        raise _fail(path, "tệp .docx bị hỏng (gói zip không đọc được)") from None


def read_package(path: str | Path, share: bool = False) -> Package:
    """Return the parsed parts of the .docx at ``path``.

    With ``share`` every part but the main document (styles, theme, numbering, settings,
    footnotes, headers, footers, relationships, app properties) byte-identical to one read
    before (with ``share``) is that part's tree, parsed once: the caller must not change it
    (the checker only reads). The limits are checked as for any part.

    Raises ReadError (exit 2, Vietnamese, naming the file) for anything that is not a
    readable .docx within the limits: a folder, FIFO or device, an empty or encrypted
    file, a damaged zip (bad CRC, corrupt deflate data, bad offsets), too many or too
    large parts, XML that does not parse, DTDs, more content than the work limits.
    """
    return _with_zip(path, lambda reader: _read_zip(reader, share))


def read_package_bytes(data: bytes, name: str, share: bool = False) -> Package:
    """Return the parsed parts of the .docx held in ``data`` (a package vbhc has just built,
    checked before it is written); ``name`` is the file it will become, for messages.
    The same limits, ``share`` and ReadError as ``read_package``."""
    path = Path(name)
    if not data.startswith(ZIP_MAGIC):
        raise _fail(path, "không phải tệp .docx (không phải gói zip Office Open XML)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return _read_zip(_Reader(path, zf), share)
    except (zipfile.LargeZipFile, NotImplementedError, RuntimeError):
        raise _fail(path, "tệp .docx bị hỏng hoặc nén theo cách không hỗ trợ") from None
    except BROKEN_ZIP:
        raise _fail(path, "tệp .docx bị hỏng (gói zip không đọc được)") from None


def read_package_parts(parts: dict[str, bytes], name: str, share: bool = False,
                       trees: dict[str, tuple[bytes, etree._Element]] | None = None
                       ) -> Package:
    """Return the parsed parts of the package whose entries are ``parts`` (entry name ->
    bytes, exactly what the zip holds): a package vbhc has just built, checked without
    zipping and unzipping it again; ``name`` is the file it will become, for messages.
    The same limits, ``share`` and ReadError as ``read_package_bytes`` of its zip.

    ``trees``: entry name -> (its bytes, the lxml tree they serialise), for a part whose
    builder still holds the tree it wrote them from (vbhc.renderer.package.finish's
    ``tree_out``: word/document.xml): that tree is taken instead of parsing the bytes when
    parsing them would give the same tree and the same refusals (see ``handed_tree``);
    otherwise the bytes are parsed as usual. The caller must not change the tree."""
    return _read_zip(_PartsReader(Path(name), parts, trees), share)


HANDED_MAX_BYTES = 10_000_000
"""The largest part whose handed-over tree is taken (read_package_parts' ``trees``): libxml2
without huge_tree refuses a text node or attribute value over 10,000,000 bytes, which a part
of fewer bytes cannot hold."""
HANDED_MAX_DEPTH = 256
"""libxml2 without huge_tree refuses elements nested deeper than this (parse_xml: "lồng
nhau quá 256 cấp"); a handed-over tree with an element deeper is parsed from its bytes."""
_TOO_DEEP = etree.XPath("boolean(" + "/".join(["*"] * HANDED_MAX_DEPTH) + ")")
"""From a root: an element HANDED_MAX_DEPTH levels below it, i.e. at depth 257 (libxml2
walks level by level; the levels of a real document are soon empty)."""
_COUNT_ELEMENTS = etree.XPath("count(descendant-or-self::*)")


def handed_tree(data: bytes, handed: tuple[bytes, etree._Element] | None,
                count: bool = True) -> int | None:
    """Return the number of elements of the tree in ``handed`` (its bytes, its root) when
    ``parse_xml(data, ...)`` would give that very tree, so the reader may take it instead
    of parsing ``data`` (0 without ``count``: not counted); None when it must parse.

    Taken only when ``data`` is the handed bytes object itself (a part edited as bytes
    afterwards, as a RowStore's rows spliced into document.xml, is a new object) and the
    tree holds nothing the parser would drop or refuse in its serialisation: an lxml
    element of the default class at the root of its tree, without a DTD, comments,
    processing instructions or entity references (the parser drops the first three and
    knows no entities), no deeper than HANDED_MAX_DEPTH, in at most HANDED_MAX_BYTES bytes
    (so no text over libxml2's limit). The builder promises the rest: ``data`` is exactly
    lxml's serialisation of the tree, made from XML lxml parsed without huge_tree (so no
    name over libxml2's length limit) and not changed since. The count stands for the
    bytes' element count (vbhc.docx.limits.count_elements)."""
    if handed is None or handed[0] is not data or len(data) > HANDED_MAX_BYTES:
        return None
    root = handed[1]
    if type(root) is not etree._Element or root.getparent() is not None:
        return None
    tree = root.getroottree()
    if tree.getroot() is not root or tree.docinfo.doctype:
        return None
    if next(root.iter(etree.Comment, etree.ProcessingInstruction, etree.Entity), None) \
            is not None or _TOO_DEEP(root):
        return None
    return int(_COUNT_ELEMENTS(root)) if count else 0


def read_entries(path: str | Path) -> dict[str, bytes]:
    """Return every entry of the .docx at ``path`` as bytes, name -> data, in zip order.

    The same limits and the same ReadError as ``read_package`` (entry count, part and
    total size, duplicate names, damaged data).
    """
    return _with_zip(path, _entries)


def read_package_entries(path: str | Path) -> tuple[Package, dict[str, bytes]]:
    """Return ``read_package(path)`` and ``read_entries(path)`` from one opening of the zip
    (custom templates are both checked as a package and copied part by part)."""
    return _with_zip(path, lambda reader: (_read_zip(reader), _entries(reader)))


def _entries(reader: _Reader) -> dict[str, bytes]:
    return {name: reader.read(name) for name in reader.infos}


class _Reader:
    """Bounded access to zip entries: size and count limits against zip bombs."""

    def __init__(self, path: Path, zf: zipfile.ZipFile) -> None:
        self.path = path
        self.zf = zf
        infos = zf.infolist()
        _check_entries(path, len(infos), sum(i.file_size for i in infos))
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            twice = sorted({n for n in names if names.count(n) > 1})[0]
            raise _fail(path, f"gói có hai phần cùng tên {twice} (tệp bị sửa hoặc hỏng)")
        self.infos = {i.filename: i for i in infos}
        self.total = sum(i.file_size for i in infos)  # bytes of all entries
        self.totals: dict[str, int] = {}  # elements of the parts read so far
        self.digests: dict[str, str] = {}  # part name -> SHA-256 of its bytes (xml())
        self.shas: dict[str, str] = {}  # the same for every part hashed (shared ones too)
        self.sizes: dict[str, int] = {}  # part name -> bytes, of the parts parsed (xml())
        self.data: dict[str, bytes] = {}  # part name -> its bytes, of the parts read unshared
        self.share = False  # _read_zip's share: small parts shared too

    def has(self, name: str) -> bool:
        """Return whether the package has an entry ``name``."""
        return name in self.infos

    def few_elements(self) -> bool:
        """Return whether the package's entries have too few bytes in all to hold more than
        limits.MAX_ELEMENTS elements (an element takes 4 bytes at least, "<a/>"): then
        counting them (limits.count_elements) could refuse nothing."""
        return self.total // 4 <= limits.MAX_ELEMENTS

    def read(self, name: str) -> bytes:
        """Return entry ``name`` as bytes (ReadError over MAX_PART_BYTES or damaged)."""
        info = self.infos[name]
        if info.file_size > MAX_PART_BYTES:
            raise _fail(self.path, f"phần {name} quá lớn")
        try:
            with self.zf.open(info) as handle:
                data = handle.read(MAX_PART_BYTES + 1)
        except (zipfile.LargeZipFile, NotImplementedError, RuntimeError):
            raise _fail(self.path, f"phần {name} nén theo cách không hỗ trợ") from None
        except BROKEN_ZIP:
            raise _fail(self.path, f"phần {name} bị hỏng (dữ liệu nén sai)") from None
        if len(data) > MAX_PART_BYTES:
            raise _fail(self.path, f"phần {name} quá lớn")
        return data

    def xml(self, name: str, digest: bool = False, share: bool = False) -> etree._Element:
        """Return entry ``name`` parsed safely, its elements counted against the limits
        (ReadError naming the file and part otherwise); with ``digest`` the SHA-256 of its
        bytes goes to ``digests``, and with ``share`` too the tree is the one parsed before
        from the same bytes, if any (read_package's ``share``). The bytes of a part read
        unshared are kept in ``data`` (the main part's go to Package.document_bytes)."""
        try:
            data = self.read(name)
            self.sizes[name] = len(data)
            if not share:
                self.data[name] = data
            few = self.few_elements()
            if not digest and not share:
                if not few:
                    limits.count_elements(data, self.path, name, self.totals)
                return parse_xml(data, name)
            sha = self.shas[name] = _sha256(data)
            if digest:
                self.digests[name] = sha
            if not few:
                known = _QUICK.get(sha)  # the same bytes counted before: the same count
                quick = limits.count_elements(data, self.path, name, self.totals, known)
                if quick is not None and known is None:
                    _remember(_QUICK, sha, quick)
            if not share:
                return parse_xml(data, name)
            root = _SHARED_PARTS.get(sha)
            if root is None:
                root = parse_xml(data, name)
            _remember(_SHARED_PARTS, sha, root)
            return root
        except zipfile.BadZipFile:
            raise _fail(self.path, f"phần {name} bị hỏng") from None
        except ReadError as exc:
            if str(exc).startswith("không đọc được "):
                raise
            raise _fail(self.path, str(exc)) from None


class _PartsReader(_Reader):
    """A _Reader over entries already in memory (read_package_parts): the same limits on
    their number and sizes as a zip's, no zip to open."""

    def __init__(self, path: Path, parts: dict[str, bytes],
                 trees: dict[str, tuple[bytes, etree._Element]] | None = None) -> None:
        self.path = path
        self.parts = parts
        self.trees = trees or {}  # read_package_parts' trees
        self.total = sum(len(data) for data in parts.values())
        _check_entries(path, len(parts), self.total)
        self.infos = dict.fromkeys(parts)  # type: ignore[assignment]  # names: has()
        self.totals = {}
        self.digests = {}
        self.shas = {}
        self.sizes = {}
        self.data = {}
        self.share = False

    def read(self, name: str) -> bytes:
        """Return entry ``name`` (ReadError over MAX_PART_BYTES, as from a zip)."""
        data = self.parts[name]
        if len(data) > MAX_PART_BYTES:
            raise _fail(self.path, f"phần {name} quá lớn")
        return data

    def xml(self, name: str, digest: bool = False, share: bool = False) -> etree._Element:
        """Return entry ``name`` as _Reader.xml does; a part handed over with its tree
        (read_package_parts' ``trees``) is that tree when handed_tree takes it, its
        elements counted against the limits as the bytes' would be."""
        handed = self.trees.get(name)
        if handed is not None and not digest and not share:
            data = self.read(name)
            few = self.few_elements()
            count = handed_tree(data, handed, count=not few)
            if count is not None:
                self.sizes[name] = len(data)
                self.data[name] = data
                if not few:
                    limits.count_elements(data, self.path, name, self.totals, count)
                return handed[1]
        return super().xml(name, digest, share)


def _check_entries(path: Path, count: int, total: int) -> None:
    """Refuse a package of more than MAX_ENTRIES entries or MAX_TOTAL_BYTES unpacked."""
    if count > MAX_ENTRIES:
        raise _fail(path, f"gói có quá nhiều phần ({count})")
    if total > MAX_TOTAL_BYTES:
        raise _fail(path, "gói quá lớn khi giải nén")


def _rels(reader: _Reader, part: str) -> dict[str, tuple[str, str]]:
    """Return rId -> (type, target part name) for ``part``."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if not reader.has(name):
        return {}
    root = reader.xml(name, share=reader.share)  # counted against the limits every time
    key = (reader.shas.get(name), part)  # a shared part's relationships, read once
    if reader.share and key[0] is not None and key in _RELS:
        return dict(_RELS[key])
    out = {}
    for rel in root.iter(f"{{{REL_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out[rel.get("Id", "")] = (rel.get("Type", ""), full)
    if reader.share and key[0] is not None:
        _remember(_RELS, key, dict(out))
    return out


def _main_part(reader: _Reader) -> str:
    for _rid, (kind, target) in _rels(reader, "").items():
        if kind == OFFICE_DOC_REL and reader.has(target):
            return target
    if reader.has("[Content_Types].xml"):
        types = reader.xml("[Content_Types].xml")
        for over in types.iter(f"{{{CT_NS}}}Override"):
            if over.get("ContentType") in MAIN_TYPES:
                name = over.get("PartName", "").lstrip("/")
                if reader.has(name):
                    return name
    if reader.has("word/document.xml"):
        return "word/document.xml"
    raise _fail(reader.path, "không có phần văn bản chính (word/document.xml); "
                             "đây không phải tệp Word .docx")


def _read_zip(reader: _Reader, share: bool = False) -> Package:
    path = reader.path
    reader.share = share  # every part but the main one (documents differ; templates not)
    main = _main_part(reader)
    document = reader.xml(main)
    if not reader.has("[Content_Types].xml"):
        raise _fail(path, "thiếu phần [Content_Types].xml; đây không phải tệp .docx hợp lệ")
    if document.find(f"{{{W_NS}}}body") is None:
        raise _fail(path, f"phần {main} không có thân văn bản (w:body)")
    pkg = Package(path=path, document=document, main_name=main,
                  document_bytes=reader.data.get(main))
    names: dict[str, str] = {}  # relationship kind (or header rId) -> part name
    for rid, (kind, target) in _rels(reader, main).items():
        if not reader.has(target):
            continue
        short = kind.removeprefix(REL_TYPE)
        names[rid if short in ("header", "footer") else short] = target
        if short == "styles":
            pkg.styles = reader.xml(target, digest=True, share=share)
        elif short == "settings":
            pkg.settings = reader.xml(target, share=share)
        elif short == "footnotes":
            pkg.footnotes = reader.xml(target, share=share)
        elif short == "numbering":
            pkg.numbering = reader.xml(target, digest=True, share=share)
        elif short == "theme":
            pkg.theme = reader.xml(target, digest=True, share=share)
        elif short in ("header", "footer"):
            pkg.headers[rid] = reader.xml(target, share=share)
            pkg.header_kinds[rid] = short
    for attr in ("styles", "settings", "footnotes", "numbering"):
        conventional = f"word/{attr}.xml"  # a package without relationships still has them
        if getattr(pkg, attr) is None and reader.has(conventional):
            kept = attr in ("styles", "numbering")
            setattr(pkg, attr, reader.xml(conventional, digest=kept, share=share))
            names[attr] = conventional
    for _rid, (kind, target) in _rels(reader, "").items():
        if kind.endswith("/extended-properties") and reader.has(target):
            pkg.app = reader.xml(target, share=share)
    for attr in ("styles", "theme", "numbering"):
        part = names.get(attr)
        if getattr(pkg, attr) is not None and part in reader.digests:
            pkg.digests[attr] = reader.digests[part]
    _check_limits(pkg, names, reader.shas, reader.sizes)
    return pkg


def _check_limits(pkg: Package, names: dict[str, str], shas: dict[str, str] | None = None,
                  sizes: dict[str, int] | None = None) -> None:
    """Refuse a package that would cost more work than any real document (vbhc.docx.limits).
    ``shas``: part name -> SHA-256 of the parts read shared; their story counts are kept
    (the counts depend on the bytes alone), so a header or footnotes part of the same
    bytes is counted once across a batch, and still added to this file's totals.
    ``sizes``: part name -> its size in bytes, for the parts read."""
    totals: dict[str, int] = {}  # the limits hold for all stories together
    shas = shas or {}
    stories = [(names.get(rid, rid), root) for rid, root in pkg.headers.items()]
    if pkg.footnotes is not None:
        stories.append((names.get("footnotes", "footnotes"), pkg.footnotes))
    # A character of text takes at least one byte of XML: stories of fewer bytes than
    # MAX_TEXT_CHARS in all cannot reach it, so the main part's text need not be counted
    # (the running total stays under the limit either way: the same outcome); an element
    # takes four ("<a/>"): stories of fewer than 4 × MAX_TABLE_ROWS bytes cannot reach the
    # run, cell or row limits, so the main part's are not counted either (never kept:
    # only the counts of shared parts are, _COUNTS, and those are whole).
    size = sum(sizes.get(part, limits.MAX_TEXT_CHARS + 1) if sizes is not None
               else limits.MAX_TEXT_CHARS + 1
               for part in [pkg.main_name, *(part for part, _root in stories)])
    few = size // 4 <= min(limits.MAX_RUNS, limits.MAX_TABLE_CELLS, limits.MAX_TABLE_ROWS)
    main = limits.part_counts(pkg.document, pkg.path, pkg.main_name,
                              chars=size > limits.MAX_TEXT_CHARS, tables=not few)
    pkg.paragraphs = main[0]
    limits.check_part(pkg.document, pkg.path, pkg.main_name, totals, main)
    for part, root in stories:
        sha = shas.get(part)
        counts = _COUNTS.get(sha) if sha else None
        if counts is None:
            counts = limits.part_counts(root, pkg.path, part)
            if sha:
                _remember(_COUNTS, sha, counts)
        limits.check_part(root, pkg.path, part, totals, counts)
    for kind, check in (("styles", limits.check_styles), ("numbering", limits.check_numbering)):
        key = (kind, pkg.digests.get(kind, ""), limits.MAX_STYLES, limits.MAX_STYLE_CHAIN,
               limits.MAX_NUMBERING_ITEMS)  # the limits as they are now (tests lower them)
        if key in _PASSED:
            continue
        check(getattr(pkg, kind), pkg.path, names.get(kind, f"word/{kind}.xml"))
        if key[1]:
            _remember(_PASSED, key, None)


FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIRST_ENTRIES = ("[Content_Types].xml", "_rels/.rels")


def deterministic_zip(parts: dict[str, bytes]) -> bytes:
    """Return a zip of ``parts`` with fixed timestamps and a fixed entry order."""
    names = [n for n in FIRST_ENTRIES if n in parts]
    names += sorted(n for n in parts if n not in FIRST_ENTRIES)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, parts[name])
    return buf.getvalue()
