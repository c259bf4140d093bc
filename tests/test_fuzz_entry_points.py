"""Property-based fuzz of every entry point with hostile input (issues 12 and 22).

Each entry point is run in-process (click's CliRunner, ``VBHC_DEBUG`` unset) on a mutated
real input, and every run must hold the same four properties:

- exit code 0, 1 or 2 (3 is "Lỗi nội bộ", an unhandled exception), no traceback;
- no file left in the output folder but the command's own output, and that one only on
  success (``check --annotate`` also writes when the document has errors, exit 1); no new
  file next to the inputs (temp files);
- a time bound: ``VBHC_FUZZ_TIME_RATIO`` x the time of the unmutated input of the same kind
  plus ``VBHC_FUZZ_TIME_FLOOR`` seconds (a watchdog alarm stops a hang at that bound);
- canaries: a template payload never reads the secret file, runs a command or prints a
  Python object into the document.

Mutations: YAML at the text level (lines deleted, duplicated, swapped; scalars replaced by
odd values: huge numbers, ``012``, ``7:30``, ``true``, tags, aliases, deep nesting, control
characters, NFD, long strings, markup markers, template syntax); .docx at the zip and XML
level (bytes flipped or truncated, numeric attributes replaced, elements duplicated or
removed, parts removed, deep nesting, external relationships, Jinja payloads in templates).

``make test``: 200 examples per entry point; ``make test-slow``: ``VBHC_FUZZ_EXAMPLES``.
``VBHC_FUZZ_COLLECT=DIR``: report mode: failures do not stop the run; each is appended to
``DIR/findings.jsonl`` with its input saved in DIR (how tests/fuzz-findings.md was written).
Every property is strict: the failures it found on main before the fixes of issues 12 and
22 are listed, with reproducers, in tests/fuzz-findings.md.
The known-bad inputs named in the issues are explicit cases at the end of this file;
``python -m tests.test_fuzz_entry_points`` writes them to tests/data/fuzz/ as reproducers.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from lxml import etree

from vbhc import cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = ROOT / "examples"
TEMPLATES_DIR = ROOT / "templates"
RULES_DIR = ROOT / "vbhc" / "data" / "dan-xuat"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"
SEED = SHARED / "seeds" / "ke-hoach-dan-chu-co-so-lang-son-2024.txt"
PLAN = EXAMPLES_DIR / "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"
REPRO = Path(__file__).resolve().parent / "data" / "fuzz"

EXAMPLES = int(os.environ.get("VBHC_FUZZ_EXAMPLES", "200"))
TIME_RATIO = float(os.environ.get("VBHC_FUZZ_TIME_RATIO", "30"))
TIME_FLOOR = float(os.environ.get("VBHC_FUZZ_TIME_FLOOR", "5"))
COLLECT = os.environ.get("VBHC_FUZZ_COLLECT")

FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
    # No shrinking: a failing example is reported as drawn (the findings file has the
    # reduced reproducers); shrinking a hang would rerun it for minutes.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
SECRET_TEXT = "CANARY-BI-MAT-7f3a"
# JSON, so that a parser that reads it quotes it back in its error message
SECRET_FILE = json.dumps({"bi_mat": SECRET_TEXT})
PYTHON_OBJECTS = (b"FieldInfo(", b"&lt;class '", b"<class '", b"&lt;bound method",
                  b"<bound method", b"&lt;function", b"&lt;module")


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# --------------------------------------------------------------------------------------------
# Running a command and judging the outcome
# --------------------------------------------------------------------------------------------

class Overtime(BaseException):
    """Raised by the watchdog alarm; a BaseException so that vbhc's handler does not eat it."""


@dataclass
class Outcome:
    args: list[str]
    exit_code: int | None
    output: str
    elapsed: float
    limit: float
    timed_out: bool = False
    exception: BaseException | None = None
    stdout: str = ""


def invoke(args: list, limit: float) -> Outcome:
    """Run ``vbhc ARGS`` in-process, stopped by an alarm at ``limit`` seconds."""
    args = [str(a) for a in args]

    def on_alarm(signum, frame):
        raise Overtime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        result = CliRunner(env={"VBHC_DEBUG": None}).invoke(cli.main, args)
        signal.setitimer(signal.ITIMER_REAL, 0)
    except Overtime:
        return Outcome(args, None, "", time.perf_counter() - start, limit, timed_out=True)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    exc = result.exception
    if isinstance(exc, SystemExit):
        exc = None
    return Outcome(args, result.exit_code, result.output, time.perf_counter() - start, limit,
                   exception=exc, stdout=result.stdout)


def invoke_isolated(args: list, limit: float, memory: int = 2 << 30) -> Outcome:
    """Run ``vbhc ARGS`` with CliRunner in a forked child with an address-space cap, for
    inputs that may eat memory faster than the watchdog can stop them."""
    import pickle
    import resource

    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_end)
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            out = invoke(args, limit)
            out.exception = None if out.exception is None else RuntimeError(repr(out.exception))
            with os.fdopen(write_end, "wb") as fh:
                pickle.dump(out, fh)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    if data:
        return pickle.loads(data)
    return Outcome([str(a) for a in args], None, "tiến trình con chết (hết bộ nhớ?)",
                   time.perf_counter() - start, limit, timed_out=True)


def files_in(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def problems_of(out: Outcome, out_dir: Path | None, outputs: set[str] = frozenset(),
                written_on: frozenset[int] = frozenset({0})) -> list[str]:
    """Return what is wrong with one run (empty when every property holds)."""
    found = []
    if out.timed_out:
        found.append(f"quá giới hạn thời gian {out.limit:.1f}s (treo hoặc quá chậm)")
    else:
        if out.exit_code not in (0, 1, 2):
            found.append(f"mã thoát {out.exit_code}")
        if "Traceback" in out.output:
            found.append("có traceback")
        if "Lỗi nội bộ" in out.output:
            found.append("Lỗi nội bộ: " + _internal(out.output))
        if out.exception is not None:
            found.append(f"ngoại lệ lọt ra: {type(out.exception).__name__}: {out.exception}")
        if out.elapsed > out.limit:
            found.append(f"chậm: {out.elapsed:.1f}s > {out.limit:.1f}s")
    if out_dir is not None:
        present = files_in(out_dir)
        leftovers = sorted(present - set(outputs))
        if leftovers:
            found.append(f"tệp sót lại trong thư mục ra: {leftovers}")
        if out.exit_code not in written_on and present & set(outputs):
            written = sorted(present & set(outputs))
            found.append(f"ghi tệp ra dù mã thoát {out.exit_code}: {written}")
    return found


def new_files(folder: Path, before: set[str]) -> list[str]:
    """Files that appeared next to the inputs (temp files, partial outputs)."""
    extra = sorted(files_in(folder) - before)
    return [f"tệp mới cạnh tệp vào: {extra}"] if extra else []


def _internal(output: str) -> str:
    match = re.search(r"Lỗi nội bộ của vbhc \(([^:)]+)", output)
    return match.group(1) if match else output.strip()[-200:]


def debug_location(args: list[str]) -> str:
    """Rerun with VBHC_DEBUG=1 and return where the exception was raised inside vbhc."""
    result = CliRunner(env={"VBHC_DEBUG": "1"}).invoke(cli.main, args)
    if result.exc_info is None or isinstance(result.exception, SystemExit):
        return ""
    frames = [f for f in traceback.extract_tb(result.exc_info[2]) if "/vbhc/" in f.filename]
    last = frames[-1] if frames else traceback.extract_tb(result.exc_info[2])[-1]
    module = last.filename.split("/vbhc/", 1)[-1]
    return f"{type(result.exception).__name__} in vbhc/{module}:{last.lineno} ({last.name})"


def verdict(entry: str, out: Outcome, found: list[str], inputs: dict[str, bytes]) -> None:
    """Fail the example, or (report mode) record the failure and go on."""
    if COLLECT:
        Path(COLLECT).mkdir(parents=True, exist_ok=True)
        with (Path(COLLECT) / "timings.jsonl").open("a", encoding="utf-8") as fh:
            fh.write(json.dumps({"entry": entry, "elapsed": round(out.elapsed, 3),
                                 "limit": round(out.limit, 3), "exit": out.exit_code}) + "\n")
    if not found:
        return
    if not COLLECT:
        raise AssertionError(f"{entry}: {found}\nlệnh: vbhc {' '.join(out.args)}\n"
                             f"{out.output[-1500:]}")
    folder = Path(COLLECT)
    folder.mkdir(parents=True, exist_ok=True)
    saved = {}
    for name, data in inputs.items():
        digest = hashlib.sha1(data).hexdigest()[:12]
        target = folder / f"{entry}-{digest}-{name}"
        target.write_bytes(data)
        saved[name] = str(target)
    where = ""
    if not out.timed_out and any(p.startswith("Lỗi nội bộ") for p in found):
        where = debug_location(out.args)
    record = {"entry": entry, "problems": found, "where": where, "args": out.args,
              "inputs": saved, "elapsed": round(out.elapsed, 2),
              "output": out.output[-600:]}
    with (folder / "findings.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")


@functools.cache
def baseline(key: tuple) -> float:
    """Time of the unmutated input of one kind (one run; a cold run only raises the bound)."""
    kind, *rest = key
    with tempfile.TemporaryDirectory() as tmp:
        args = BASELINE_ARGS[kind](Path(tmp), *rest)
        start = time.perf_counter()
        CliRunner(env={"VBHC_DEBUG": None}).invoke(cli.main, [str(a) for a in args])
        return time.perf_counter() - start


def limit_for(*key) -> float:
    return TIME_RATIO * baseline(tuple(key)) + TIME_FLOOR


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------

def yaml_examples() -> list[Path]:
    return sorted(EXAMPLES_DIR.glob("*.yaml"))


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []


@functools.cache
def rendered_examples() -> dict[str, bytes]:
    """The examples rendered once, as extra real .docx sources."""
    from vbhc import load, render_bytes

    return {p.stem + ".docx": render_bytes(load(p)) for p in yaml_examples()}


@functools.cache
def docx_source(name: str) -> bytes:
    rendered = rendered_examples()
    if name in rendered:
        return rendered[name]
    return (CORPUS / name).read_bytes()


# The two largest corpus files take ~0.5 s per check; `make test` leaves them to `make test-slow`
# (tests/test_check_corpus.py checks them unmutated in every run).
SLOW_CORPUS = {"bc_ubnd-tinh-lam-dong_2025_cong-tac-cchc-nam-2025_17fn.docx",
               "qd_ubnd-tinh-lam-dong_2026_cong-bo-chi-so-cchc-2025.docx"}


def docx_names() -> list[str]:
    corpus = [p.name for p in corpus_files() if EXAMPLES > 200 or p.name not in SLOW_CORPUS]
    return corpus + sorted(rendered_examples())


TEMPLATE_KINDS = {
    "ke-hoach.docx": ("ke-hoach", "ke-hoach-dan-chu-co-so-lang-son-2024.yaml"),
    "bao-cao.docx": ("bao-cao", "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"),
    "cong-van.docx": ("cong-van", "cong-van-don-doc-bao-cao-dan-chu-co-so-2024.yaml"),
    "thong-bao.docx": ("thong-bao", "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"),
}


def rules_text(level: str = "huyen") -> str:
    """A province rules file: the shipped rules of ``level`` under its section key."""
    body = (RULES_DIR / f"{level}.yaml").read_text("utf-8")
    body = "\n".join(line for line in body.splitlines() if not line.startswith("cap:"))
    return f"{level}:\n" + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())


def stage_inputs(tmp: Path) -> tuple[Path, Path]:
    """Return (input folder with the shared profiles, empty output folder)."""
    src, out = tmp / "vao", tmp / "ra"
    src.mkdir()
    out.mkdir()
    shutil.copytree(EXAMPLES_DIR / "ho-so", src / "ho-so")
    return src, out


def _render_base(tmp, name):
    src, out = stage_inputs(tmp) if not (tmp / "vao").exists() else (tmp / "vao", tmp / "ra")
    shutil.copy(EXAMPLES_DIR / name, src / name)
    return ["render", src / name, "-o", out / "vb.docx", "--force"]


def _check_base(tmp, name, mode):
    path = tmp / name
    path.write_bytes(docx_source(name))
    return check_args(mode, path, tmp / "ghi-chu.docx") + ["--force"] * (mode == "annotate")


def _import_base(tmp, name):
    path = tmp / name
    path.write_bytes(docx_source(name) if name.endswith(".docx") else SEED.read_bytes())
    return ["import", path, "-o", tmp / "ra.yaml", "--force"]


def _derive_base(tmp):
    rules = tmp / "quy-tac.yaml"
    rules.write_text(rules_text(), "utf-8")
    return ["derive", PLAN, "--to", "huyện Cao Lộc", "--rules", rules, "-o", tmp / "ra.yaml",
            "--force"]


def _template_check_base(tmp, name):
    return ["template", "check", TEMPLATES_DIR / name, "--loai", TEMPLATE_KINDS[name][0]]


def _template_render_base(tmp, name):
    return ["render", EXAMPLES_DIR / TEMPLATE_KINDS[name][1], "--template", TEMPLATES_DIR / name,
            "-o", tmp / "vb.docx", "--force"]


BASELINE_ARGS = {
    "render": _render_base, "check": _check_base, "import": _import_base,
    "derive": _derive_base, "template-check": _template_check_base,
    "template-render": _template_render_base,
}


def check_args(mode: str, path: Path, annotated: Path) -> list:
    if mode == "json":
        return ["check", "--json", path]
    if mode == "annotate":
        return ["check", "--annotate", annotated, path]
    return ["check", path]


# --------------------------------------------------------------------------------------------
# Mutations: YAML and plain text
# --------------------------------------------------------------------------------------------

def alias_bomb(levels: int, width: int = 9) -> str:
    """The "billion laughs" of YAML: ``width ** levels`` strings from a few hundred bytes."""
    lines = [f"bom0: &b0 [{', '.join(['lol'] * width)}]"]
    for i in range(1, levels + 1):
        lines.append(f"bom{i}: &b{i} [{', '.join([f'*b{i - 1}'] * width)}]")
    return "\n".join(lines) + "\n"


def nested(depth: int, flow: str = "[") -> str:
    close = {"[": "]", "{": "}"}[flow]
    inner = "[x]" if flow == "[" else "{a: x}"
    return (flow + ("a: " if flow == "{" else "")) * depth + inner + close * depth


ODD_SCALARS = [
    "012", "0105", "08", "7:30", "14:00", "190:20:30", "true", "no", "off", "null", "~", "",
    "1e999", "-1e999", ".nan", ".inf", "-0", "0x1F", "0o17", "0b101", "1_000", "+5", "-1",
    "1" * 100, "9" * 310, "-" + "9" * 40, "0.1e-400", "2024-13-45", "2024-02-30",
    "!!set {a, b, c}", "!!int abc", "!!float x", "!!binary AAAA", "!!bool maybe",
    "!!timestamp 2024-99-99", "!!str", "!!map {a: 1}", "!!seq [1]", "!!omap [a: 1]",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "!custom x",
    "*khong_co_neo", "&neo gia tri", "[*neo]", "{a: *neo}", nested(40), nested(40, "{"),
    '"\\x00\\x07\\x1b\\u200f\\ufeff"', '"a\\u0000b"', '"\\ud800"', "\"\\t\\r\\n\"",
    "**", "*", "***", "\\", "[^x]", "[^", "[^x]" * 50, "]", "[^ ]", "[^x][^x][^y]",
    "{{ 7*7 }}", "{% for x in y %}", "{{", "}}", "{#", "<w:p>", "]]>", "&amp;",
    "|", ">", "|-\n  a", "'", '"', "'unterminated", "- - -", "? x", "@x", "`x`", "%YAML 1.1",
    "Hà Nội".encode().decode(), unicodedata.normalize("NFD", "Ủy ban nhân dân Hà Nội"),
    "x" * 20000, "Đ" * 5000, "😀" * 1000, "a" * 60 + "b", "1.105.000.000.000.000.000",
    "1,5", "1.234,5", "(1.234)", "-", "—", "%", "100%", "[1, 2, 3]", "{}", "[]",
]


@st.composite
def odd_scalar(draw) -> str:
    return draw(st.one_of(
        st.sampled_from(ODD_SCALARS),
        st.sampled_from(ODD_SCALARS),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30).map(
            lambda s: json.dumps(s, ensure_ascii=False)),
        st.integers(min_value=-(10 ** 40), max_value=10 ** 40).map(str),
    ))


KEY_VALUE = re.compile(r"^(\s*(?:- )?[\w\-]+:[ \t]*)(\S.*)$")
ITEM = re.compile(r"^(\s*- )(\S.*)$")


@st.composite
def line_mutations(draw, text: str, yaml_values: bool) -> str:
    lines = text.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(
            ["delete", "duplicate", "swap", "scalar", "scalar", "scalar", "insert", "append"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "scalar":
            value = draw(odd_scalar())
            match = KEY_VALUE.match(lines[i]) or ITEM.match(lines[i])
            if match and yaml_values:
                lines[i] = match.group(1) + value
            else:
                cut = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:cut] + value + lines[i][cut:]
        elif op == "insert":
            lines.insert(i, draw(odd_scalar()))
        else:
            lines[i] = lines[i] + " " + draw(odd_scalar())
    out = "\n".join(lines) + "\n"
    whole = draw(st.sampled_from(["", "", "", "nfd", "crlf", "bom", "truncate", "prefix"]))
    if whole == "nfd":
        out = unicodedata.normalize("NFD", out)
    elif whole == "crlf":
        out = out.replace("\n", "\r\n")
    elif whole == "bom":
        out = "\ufeff" + out
    elif whole == "truncate":
        out = out[:draw(st.integers(0, len(out)))]
    elif whole == "prefix" and yaml_values:
        out = draw(st.sampled_from([alias_bomb(2), alias_bomb(4), "%YAML 1.1\n---\n",
                                    "--- !!map\n", "x: &a [1]\ny: *a\n", "--- |\n"])) + out
    return out


def to_bytes(text: str, raw: bool) -> bytes:
    data = text.encode("utf-8", "surrogatepass")
    return data[: len(data) // 2] + b"\xff\xfe\xc3" + data[len(data) // 2:] if raw else data


# --------------------------------------------------------------------------------------------
# Mutations: .docx (zip and XML)
# --------------------------------------------------------------------------------------------

def read_parts(data: bytes) -> dict[str, bytes]:
    return dict(_read_parts(data))


@functools.lru_cache(maxsize=64)
def _read_parts(data: bytes) -> tuple[tuple[str, bytes], ...]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return tuple((name, zf.read(name)) for name in zf.namelist())


def write_parts(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts.items():  # fixed dates: the same parts give the same bytes
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                        compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


ODD_NUMBERS = ["999999999", "-1", "-999999999", "abc", "", "1e9", "9" * 30, "0x10", "1.5",
               " 3", "NaN", "2147483648", "-0", "١٢", "00000000000000000001"]
XML_PARTS = ["word/document.xml", "word/numbering.xml", "word/styles.xml", "word/settings.xml",
             "word/footnotes.xml", "word/_rels/document.xml.rels", "[Content_Types].xml",
             "_rels/.rels", "docProps/core.xml", "word/header1.xml", "word/footer1.xml"]
EXTERNAL_TARGETS = ["file:///etc/passwd", "http://127.0.0.1:9/x.png", "\\\\may-chu\\chia-se\\x",
                    "../../../../etc/passwd", "/etc/passwd", "https://example.invalid/t.dotx"]
HOSTILE_TEXT = ["[^" * 3000, "**" * 3000, "{{ 7*7 }}", "{%p if x %}", "Điều 999999999999.",
                "a" * 60 + "b", "Số: 012/KH-UBND", "x" * 30000, "\u200f\ufeff\u00ad" * 100,
                "¹²³⁴⁵" * 200]
JINJA_PAYLOADS = [
    "{{ 7*7 }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}",
    "{{ joiner.__init__.__globals__ }}", "{{ namespace.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}",
    "{{ self.__init__.__globals__ }}", "{{ self._TemplateReference__context }}",
    "{% include '{secret}' %}", "{% import '{secret}' as x %}", "{% extends '{secret}' %}",
    "{% from '{secret}' import x %}",
    "{{ ngay_ban_hanh.parse_file('{secret}') }}",
    "{{ (ngay_ban_hanh|attr('parse_file'))('{secret}') }}",
    "{{ ngay_ban_hanh.parse_raw(\"cos\\nsystem\\n(S'touch {marker}'\\ntR.\", "
    "content_type='pickle', allow_pickle=True) }}",
    "{{ ngay_ban_hanh.model_fields }}", "{{ ngay_ban_hanh.model_json_schema() }}",
    "{{ ngay_ban_hanh|map(attribute='__class__')|list }}", "{{ '%s'|format(ngay_ban_hanh) }}",
    "{{ '{0.__class__}'.format(ngay_ban_hanh) }}", "{{ dia_danh.format_map(ngay_ban_hanh) }}",
    "{% for i in range(10**6) %}{% for j in range(10**6) %}x{% endfor %}{% endfor %}",
    "{{ 'x' * 10**8 }}", "{{ (('x' * 10**4) ~ 'y') * 10**4 }}",
    "{% set x = [1] %}{% for i in range(40) %}{% set x = x + x %}{% endfor %}{{ x|length }}",
    "{% for %}", "{{", "}}", "{%p endfor %}", "{%tr for x in y %}", "{% raw %}", "{#",
    "{{ dong|safe }}", "{{ doan.xml }}", "{%p for doan in than %}{%p endfor %}",
]


def _numeric_attrs(root) -> list[tuple[etree._Element, str]]:
    return [(el, name) for el in root.iter() if isinstance(el.tag, str)
            for name, value in el.attrib.items() if re.fullmatch(r"-?\d+", value)]


def _elements(root) -> list:
    return [el for el in root.iter() if isinstance(el.tag, str) and el is not root]


def _xml_mutation(draw, root, name: str, payload_mode: bool, canaries: dict) -> None:
    op = draw(st.sampled_from(["attr", "attr", "dup", "drop", "nest", "text", "numbering"]
                              + ["jinja"] * (3 if payload_mode else 0)))
    elements = _elements(root)
    if op == "attr":
        attrs = _numeric_attrs(root)
        if attrs:
            el, attr = attrs[draw(st.integers(0, len(attrs) - 1))]
            el.set(attr, draw(st.sampled_from(ODD_NUMBERS)))
    elif op == "numbering":
        targets = [el for el in root.iter(w("start"), w("ilvl"), w("numId"), w("lvl"),
                                          w("startOverride"), w("abstractNumId"))]
        for el in targets[: draw(st.integers(1, 5))]:
            attr = w("ilvl") if el.get(w("ilvl")) is not None else w("val")
            el.set(attr, draw(st.sampled_from(ODD_NUMBERS)))
    elif op == "dup" and elements:
        el = elements[draw(st.integers(0, len(elements) - 1))]
        parent = el.getparent()
        for _ in range(draw(st.sampled_from([1, 2, 50]))):
            parent.insert(parent.index(el) + 1, copy.deepcopy(el))
    elif op == "drop" and elements:
        el = elements[draw(st.integers(0, len(elements) - 1))]
        el.getparent().remove(el)
    elif op == "nest":
        depth = draw(st.sampled_from([20, 100, 240]))
        kind = draw(st.sampled_from(["sdt", "tbl", "r"]))
        parent = root.find(f".//{w('body')}")
        if parent is None:
            parent = root
        top = cur = etree.SubElement(parent, w("p" if kind == "r" else kind))
        for _ in range(depth):
            if kind == "sdt":
                cur = etree.SubElement(etree.SubElement(cur, w("sdtContent")), w("sdt"))
            elif kind == "tbl":
                cur = etree.SubElement(etree.SubElement(etree.SubElement(cur, w("tr")),
                                                        w("tc")), w("tbl"))
            else:
                cur = etree.SubElement(cur, w("ins"))
        etree.SubElement(etree.SubElement(etree.SubElement(cur, w("p")), w("r")), w("t")).text = "x"
        if kind != "r":
            parent.remove(top)
            parent.insert(0, top)
    elif op in ("text", "jinja"):
        texts = list(root.iter(w("t")))
        if op == "jinja":
            value = draw(st.sampled_from(JINJA_PAYLOADS)).replace(
                "{secret}", canaries["secret"]).replace("{marker}", canaries["marker"])
        else:
            value = draw(st.sampled_from(HOSTILE_TEXT))
        if texts:
            texts[draw(st.integers(0, len(texts) - 1))].text = value
        else:
            body = root.find(f".//{w('body')}")
            if body is not None:
                p = etree.SubElement(body, w("p"))
                etree.SubElement(etree.SubElement(p, w("r")), w("t")).text = value


def _add_external(draw, parts: dict[str, bytes]) -> None:
    rels_name = "word/_rels/document.xml.rels"
    if rels_name not in parts:
        return
    try:
        rels = etree.fromstring(parts[rels_name])
    except etree.XMLSyntaxError:
        return
    kind = draw(st.sampled_from(["image", "hyperlink", "attachedTemplate", "subDocument",
                                 "oleObject", "footnotes"]))
    rel = etree.SubElement(rels, f"{{{PKG_REL_NS}}}Relationship")
    rel.set("Id", "rIdFuzz1")
    rel.set("Type", f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}")
    rel.set("Target", draw(st.sampled_from(EXTERNAL_TARGETS)))
    if draw(st.booleans()):
        rel.set("TargetMode", "External")
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
    doc = parts.get("word/document.xml")
    if doc and b"<w:body>" in doc:
        link = (f'<w:p><w:hyperlink xmlns:r="{R_NS}" r:id="rIdFuzz1"><w:r><w:t>x</w:t></w:r>'
                f'</w:hyperlink><w:subDoc xmlns:r="{R_NS}" r:id="rIdFuzz1"/></w:p>').encode()
        parts["word/document.xml"] = doc.replace(b"<w:body>", b"<w:body>" + link, 1)


@st.composite
def docx_mutation(draw, data: bytes, payload_mode: bool = False,
                  canaries: dict | None = None) -> bytes:
    canaries = canaries or {"secret": "/etc/passwd", "marker": "/tmp/khong-co"}
    parts = read_parts(data)
    container_ops = []
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(
            ["xml", "xml", "xml", "xml", "flip", "truncate_part", "remove", "external",
             "zip_flip", "zip_truncate"] + ["xml"] * (3 if payload_mode else 0)))
        names = list(parts)
        if op == "xml":
            candidates = [n for n in XML_PARTS if n in parts] or names
            name = draw(st.sampled_from(candidates))
            try:
                root = etree.fromstring(parts[name])
            except etree.XMLSyntaxError:
                continue
            _xml_mutation(draw, root, name, payload_mode, canaries)
            parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)
        elif op == "flip" and names:
            name = draw(st.sampled_from(names))
            blob = bytearray(parts[name])
            for _ in range(draw(st.integers(1, 8))):
                if blob:
                    blob[draw(st.integers(0, len(blob) - 1))] = draw(st.integers(0, 255))
            parts[name] = bytes(blob)
        elif op == "truncate_part" and names:
            name = draw(st.sampled_from(names))
            parts[name] = parts[name][: draw(st.integers(0, len(parts[name])))]
        elif op == "remove" and names:
            candidates = [n for n in XML_PARTS if n in parts] or names
            del parts[draw(st.sampled_from(candidates))]
        elif op == "external":
            _add_external(draw, parts)
        else:
            container_ops.append(op)
    out = write_parts(parts)
    for op in container_ops:
        if op == "zip_flip":
            blob = bytearray(out)
            for _ in range(draw(st.integers(1, 16))):
                if blob:
                    blob[draw(st.integers(0, len(blob) - 1))] = draw(st.integers(0, 255))
            out = bytes(blob)
        else:
            out = out[: draw(st.integers(0, len(out)))]
    return out


# --------------------------------------------------------------------------------------------
# (a) render on mutated example YAML
# --------------------------------------------------------------------------------------------

def run_render(name: str, text: bytes, entry: str = "render") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = stage_inputs(Path(tmp))
        source = src / name
        source.write_bytes(text)
        before = files_in(src)
        out = invoke(["render", source, "-o", out_dir / "vb.docx"], limit_for("render", name))
        found = problems_of(out, out_dir, {"vb.docx"}) + new_files(src, before)
        verdict(entry, out, found, {name: text})


@FUZZ
@given(name=st.sampled_from([p.name for p in yaml_examples()]), data=st.data())
def test_render_mutated_yaml(name, data):
    text = (EXAMPLES_DIR / name).read_text("utf-8")
    mutated = data.draw(line_mutations(text, yaml_values=True))
    run_render(name, to_bytes(mutated, raw=data.draw(st.integers(0, 19)) == 0))


# --------------------------------------------------------------------------------------------
# (b) check, check --json, check --annotate on mutated .docx; (c) import of the same
# --------------------------------------------------------------------------------------------

def run_check(name: str, blob: bytes, mode: str, entry: str = "check") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / name
        path.write_bytes(blob)
        before = files_in(src)
        annotated = out_dir / "ghi-chu.docx"
        out = invoke(check_args(mode, path, annotated), limit_for("check", name, mode))
        written_on = frozenset({0, 1}) if mode == "annotate" else frozenset()
        found = problems_of(out, out_dir, {"ghi-chu.docx"} if mode == "annotate" else set(),
                            written_on) + new_files(src, before)
        if mode == "json" and out.exit_code in (0, 1, 2):
            try:
                json.loads(out.stdout)
            except ValueError:
                found.append(f"--json không in JSON hợp lệ (mã thoát {out.exit_code})")
        verdict(f"{entry}-{mode}", out, found, {name: blob})


def run_import(name: str, blob: bytes, entry: str = "import") -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / name
        path.write_bytes(blob)
        before = files_in(src)
        out = invoke(["import", path, "-o", out_dir / "ra.yaml"], limit_for("import", name))
        found = problems_of(out, out_dir, {"ra.yaml"}) + new_files(src, before)
        verdict(entry, out, found, {name: blob})


@FUZZ
@given(name=st.sampled_from(docx_names()), mode=st.sampled_from(["plain", "json", "annotate"]),
       data=st.data())
def test_check_mutated_docx(name, mode, data):
    run_check(name, data.draw(docx_mutation(docx_source(name))), mode)


@FUZZ
@given(name=st.sampled_from(docx_names()), data=st.data())
def test_import_mutated_docx(name, data):
    run_import(name, data.draw(docx_mutation(docx_source(name))))


@pytest.mark.skipif(not SEED.exists(), reason="không có tệp gốc ../shared/seeds")
@FUZZ
@given(data=st.data())
def test_import_mutated_text(data):
    text = SEED.read_text("utf-8")
    mutated = data.draw(line_mutations(text, yaml_values=False))
    extra = data.draw(st.sampled_from(["", "", "", "lower", "markers", "super"]))
    if extra == "lower":
        mutated += "\n".join(["các cơ quan, đơn vị thực hiện"] * 300) + "\n"
    elif extra == "markers":
        mutated += "[^" * 2000 + "\n"
    elif extra == "super":
        mutated += "¹²³" * 2000 + "\n"
    run_import(SEED.name, to_bytes(mutated, raw=data.draw(st.integers(0, 19)) == 0),
               "import-text")


# --------------------------------------------------------------------------------------------
# (d) derive with mutated rules
# --------------------------------------------------------------------------------------------

REGEX_PAYLOADS = ["(a+)+$", "(", "[", "\\", "(?P<x>a)(?P<x>b)", "a{99999999}", "(?<=a+)b",
                  "(.*)*", "\\p{L}", "(?i)", "", ".*", "(x|x|x|x)*y", "\\1", "[^\\W]++"]


def run_derive(rules: bytes, plan: Path = PLAN, entry: str = "derive",
               extra: tuple = ()) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / "quy-tac.yaml"
        path.write_bytes(rules)
        before = files_in(src)
        out = invoke(["derive", plan, "--to", "huyện Cao Lộc", "--rules", path,
                      "-o", out_dir / "ra.yaml", *extra], limit_for("derive"))
        found = problems_of(out, out_dir, {"ra.yaml"}) + new_files(src, before)
        verdict(entry, out, found, {"quy-tac.yaml": rules})


@FUZZ
@given(data=st.data())
def test_derive_mutated_rules(data):
    text = rules_text(data.draw(st.sampled_from(["huyen", "xa"])))
    if data.draw(st.booleans()):
        lines = text.splitlines()
        pattern_lines = [i for i, line in enumerate(lines) if line.strip().startswith("- '")]
        i = data.draw(st.sampled_from(pattern_lines or [0]))
        payload = data.draw(st.sampled_from(REGEX_PAYLOADS)).replace("'", "''")
        lines[i] = lines[i].split("- ", 1)[0] + f"- '{payload}'"
        text = "\n".join(lines) + "\n"
    mutated = data.draw(line_mutations(text, yaml_values=True))
    run_derive(to_bytes(mutated, raw=data.draw(st.integers(0, 19)) == 0),
               extra=data.draw(st.sampled_from([(), (), ("--diff",)])))


# --------------------------------------------------------------------------------------------
# (e) template check and render --template on mutated shipped templates
# --------------------------------------------------------------------------------------------

def run_template(name: str, blob: bytes, command: str, entry: str | None = None,
                 isolated: bool = False) -> None:
    loai, example_name = TEMPLATE_KINDS.get(name, ("ke-hoach", TEMPLATE_KINDS["ke-hoach.docx"][1]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src, out_dir = tmp / "vao", tmp / "ra"
        src.mkdir()
        out_dir.mkdir()
        secret = tmp / "bi-mat.txt"
        secret.write_text(SECRET_FILE, "utf-8")
        marker = tmp / "da-chay-lenh"
        path = src / name
        path.write_bytes(with_canaries(blob, secret, marker))
        before = files_in(src)
        if command == "check":
            out = invoke(["template", "check", path, "--loai", loai],
                         limit_for("template-check", name))
            found = problems_of(out, out_dir)
        else:
            target = out_dir / "vb.docx"
            out = (invoke_isolated if isolated else invoke)(
                ["render", EXAMPLES_DIR / example_name, "--template", path, "-o", target],
                limit_for("template-render", name))
            found = problems_of(out, out_dir, {"vb.docx"})
            if command == "render+check" and not found:
                checked = invoke(["template", "check", path, "--loai", loai],
                                 limit_for("template-check", name))
                # issue 17: both now run `vbhc check` on what they render, but on different
                # documents (render: the example; template check: its sample), so one may
                # find an ND30 error the other's document does not show
                only_nd30 = (out.exit_code == 0 and checked.exit_code == 1 and all(
                    "văn bản mẫu dựng bằng mẫu này sai thể thức" in line
                    for line in checked.output.splitlines() if ": lỗi: " in line)) or (
                    checked.exit_code == 0 and out.exit_code == 1
                    and "vbhc check thấy lỗi thể thức trong văn bản vừa dựng" in out.output)
                if checked.exit_code in (0, 1) and not only_nd30 \
                        and (checked.exit_code == 0) != (out.exit_code == 0):
                    found.append(f"template check thoát {checked.exit_code} nhưng render "
                                 f"--template thoát {out.exit_code} (issue 22: phải khớp nhau)")
            if target.exists():
                text = _all_text(target.read_bytes())
                if SECRET_TEXT.encode() in text:
                    found.append("mẫu đọc được tệp bí mật")
                if any(marker in text for marker in PYTHON_OBJECTS):
                    found.append("mẫu với tới đối tượng/lớp Python (in ra trong văn bản)")
        found += new_files(src, before)
        if SECRET_TEXT in out.output:
            found.append("thông báo lộ nội dung tệp bí mật")
        if marker.exists():
            found.append("mẫu chạy được lệnh hệ thống")
        verdict(entry or f"template-{command}", out, found, {name: blob})


def with_canaries(blob: bytes, secret: Path, marker: Path) -> bytes:
    """Point the payloads' placeholders at this example's secret file and marker."""
    try:
        parts = read_parts(blob)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zipfile.LargeZipFile):
        return blob
    except Exception:  # a mutated container may fail in any way; then it has no payload
        return blob
    if not any(b"@@SECRET@@" in d or b"@@MARKER@@" in d for d in parts.values()):
        return blob
    return write_parts({name: data.replace(b"@@SECRET@@", str(secret).encode())
                        .replace(b"@@MARKER@@", str(marker).encode())
                        for name, data in parts.items()})


def _all_text(docx: bytes) -> bytes:
    try:
        return b"".join(read_parts(docx).values())
    except (zipfile.BadZipFile, OSError):
        return docx


TEMPLATE_CANARIES = {"secret": "@@SECRET@@", "marker": "@@MARKER@@"}


@FUZZ
@given(name=st.sampled_from(sorted(TEMPLATE_KINDS)), data=st.data())
def test_template_check_mutated(name, data):
    blob = (TEMPLATES_DIR / name).read_bytes()
    run_template(name, data.draw(docx_mutation(blob, True, TEMPLATE_CANARIES)), "check")


@FUZZ
@given(name=st.sampled_from(sorted(TEMPLATE_KINDS)), data=st.data())
def test_render_with_mutated_template(name, data):
    blob = (TEMPLATES_DIR / name).read_bytes()
    run_template(name, data.draw(docx_mutation(blob, True, TEMPLATE_CANARIES)), "render")


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 1))
@given(name=st.sampled_from(sorted(TEMPLATE_KINDS)), data=st.data())
def test_template_check_agrees_with_render(name, data):
    """Issue 22: `template check` fails exactly the templates that render rejects."""
    blob = (TEMPLATES_DIR / name).read_bytes()
    mutated = data.draw(docx_mutation(blob, False))
    run_template(name, mutated, "render+check", entry="template-agree")


# --------------------------------------------------------------------------------------------
# Known-bad inputs from issues 12 and 22: explicit cases (also written to tests/data/fuzz/)
# --------------------------------------------------------------------------------------------

THONG_BAO = EXAMPLES_DIR / "thong-bao-lich-tiep-cong-dan-cao-loc-2024.yaml"
BAO_CAO = EXAMPLES_DIR / "bao-cao-6-thang-dan-chu-co-so-cao-loc-2024.yaml"
ROW = "[Buổi tiếp công dân định kỳ, 66, 68, 134]"


def _notice(so: str) -> str:
    return THONG_BAO.read_text("utf-8").replace("so: 7", f"so: {so}")


def _report_cell(value: str, row: str = ROW) -> str:
    return BAO_CAO.read_text("utf-8").replace(row, row.replace("66", value))


def _sums_past_float() -> str:
    big = "9" * 308   # each fits a float (< 1.8e308); their sum does not
    text = BAO_CAO.read_text("utf-8")
    text = text.replace("[Hội nghị đối thoại với Nhân dân, 24, 31, 55]",
                        f"[Hội nghị đối thoại với Nhân dân, {big}, 31, 55]")
    return text.replace(ROW, ROW.replace("66", big))


def _footnotes_10k() -> str:
    return THONG_BAO.read_text("utf-8").replace("tại Trụ sở", "tại " + "[^x]" * 10000 + " Trụ sở")


KNOWN_YAML = {
    # name: (file text, the wording of what went wrong or None, extra check)
    "alias-bomb.yaml": (THONG_BAO.read_text("utf-8") + "\n" + alias_bomb(9).replace(
        "bom", "x_bom"), "issue 12: YAML alias bomb expands (hang)"),
    "so-012.yaml": (_notice("012"), "issue 22: so: 012 is read as octal (prints 10)"),
    "so-true.yaml": (_notice("true"), "issue 22: so: true is read as 1"),
    "so-set.yaml": (_notice("!!set {a, b}"), None),
    "so-int-abc.yaml": (_notice("!!int abc"), "issue 12: !!int abc raises ValueError (exit 3)"),
    "so-float-x.yaml": (_notice("!!float x"), "issue 12: !!float x raises ValueError (exit 3)"),
    "so-100-chu-so.yaml": (_notice("1" * 100), "issue 22: a 100-digit document number is printed"),
    "o-bang-7-30.yaml": (_report_cell("7:30"), "issue 22: 7:30 is read as sexagesimal 450"),
    "o-bang-0105.yaml": (_report_cell("0105"), "issue 22: 0105 is read as octal 69"),
    "so-lieu-310-chu-so.yaml": (_report_cell("9" * 310),
                                "issue 12: 310-digit figure raises OverflowError (exit 3)"),
    "tong-qua-float.yaml": (_sums_past_float(),
                            "issue 12: a sum past float range raises OverflowError (exit 3)"),
    "chu-thich-10000.yaml": (_footnotes_10k(),
                             "issue 22: 10,000 identical error lines for one undefined key"),
    "muc-set.yaml": (re.sub(r"noi_nhan:\n  danh_sach:\n(    - .*\n)+",
                            "noi_nhan:\n  danh_sach: !!set {Thanh tra tỉnh, Ban Tiếp công dân "
                            "tỉnh, UBND các xã, Ban Nội chính, Văn phòng}\n",
                            THONG_BAO.read_text("utf-8")),
                     "issue 22: !!set accepted, order changes between runs"),
}


def _docx_text(path: Path) -> str:
    root = etree.fromstring(read_parts(path.read_bytes())["word/document.xml"])
    return "".join(t.text or "" for t in root.iter(w("t")))


def _yaml_semantics(name: str, out: Outcome, target: Path, source: Path, out_dir: Path) -> list:
    """What a successful render of a known-bad YAML must not do to the document's meaning."""
    found = []
    if name == "chu-thich-10000.yaml":
        lines = [line for line in out.output.splitlines() if "[^x]" in line]
        if len(lines) > 10:
            found.append(f"{len(lines)} dòng lỗi giống nhau cho một khóa chú thích")
    if out.exit_code != 0 or not target.exists():
        return found
    text = _docx_text(target)
    # so: 012 is the number 12 (ND30 pads 01-09 only), read as decimal with a warning
    if name == "so-012.yaml" and "'012'" not in out.output:
        found.append("không có cảnh báo cho so: 012")
    expect = {"so-012.yaml": "12/", "so-true.yaml": None, "so-100-chu-so.yaml": None,
              "o-bang-7-30.yaml": "7:30", "o-bang-0105.yaml": "0105"}
    if name in expect:
        if expect[name] is None:
            found.append("giá trị vô nghĩa được chấp nhận thay vì bị từ chối")
        elif expect[name] not in text:
            found.append(f"văn bản không còn giữ '{expect[name]}' như đã viết")
    if name in ("muc-set.yaml", "so-set.yaml"):
        outputs = {seed: _render_in_subprocess(source, out_dir / f"lan-{seed}.docx", seed)
                   for seed in ("1", "2", "3")}
        if len(set(outputs.values())) > 1:
            found.append("!!set: dựng lại (PYTHONHASHSEED khác) cho tệp khác")
    return found


def _render_in_subprocess(source: Path, target: Path, hash_seed: str) -> bytes:
    """Render in a fresh interpreter (a set's order depends on the hash seed)."""
    env = {k: v for k, v in os.environ.items() if k != "VBHC_DEBUG"}
    env["PYTHONHASHSEED"] = hash_seed
    subprocess.run([sys.executable, "-m", "vbhc", "render", str(source), "-o", str(target)],
                   env=env, capture_output=True, timeout=120, check=False)
    data = target.read_bytes() if target.exists() else b""
    target.unlink(missing_ok=True)
    return data


def known(cases: dict, skip_missing: bool = False):
    params = []
    for name in cases:
        params.append(pytest.param(name, id=name))  # reason: the issue it came from
    return pytest.mark.parametrize("name", params)


@known(KNOWN_YAML)
def test_known_bad_yaml(name):
    text = KNOWN_YAML[name][0]
    sample = "bao-cao" if "bang" in name or "so-lieu" in name or "tong" in name else "thong-bao"
    example_name = BAO_CAO.name if sample == "bao-cao" else THONG_BAO.name
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = stage_inputs(Path(tmp))
        source = src / name
        source.write_text(text, "utf-8")
        target = out_dir / "vb.docx"
        out = invoke(["render", source, "-o", target], limit_for("render", example_name))
        found = _yaml_semantics(name, out, target, source, out_dir)
        found += problems_of(out, out_dir, {"vb.docx"})
        assert not found, (found, out.output[-800:])


# .docx known-bad: numbering with a huge start and a non-numeric level.

NUMBERING = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{{ilvl}}"><w:start w:val="{{start}}"/>
<w:numFmt w:val="{{fmt}}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"""
NUMBERED_PARAGRAPH = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="%s"/><w:numId w:val="1"/></w:numPr>'
                      '</w:pPr><w:r><w:t>Mục có đánh số</w:t></w:r></w:p>')


def numbered_docx(start: str, ilvl: str, fmt: str = "decimal", paragraphs: int = 3) -> bytes:
    """The rendered notice with a numbering part whose values are hostile."""
    parts = read_parts(rendered_examples()["thong-bao-lich-tiep-cong-dan-cao-loc-2024.docx"])
    parts["word/numbering.xml"] = NUMBERING.format(ilvl=ilvl, start=start, fmt=fmt).encode()
    rels = parts["word/_rels/document.xml.rels"]
    if b"numbering.xml" not in rels:
        parts["word/_rels/document.xml.rels"] = rels.replace(
            b"</Relationships>",
            b'<Relationship Id="rIdNum" Type="http://schemas.openxmlformats.org/officeDocument/'
            b'2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    types = parts["[Content_Types].xml"]
    if b"numbering.xml" not in types:
        parts["[Content_Types].xml"] = types.replace(
            b"</Types>",
            b'<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats'
            b'-officedocument.wordprocessingml.numbering+xml"/></Types>')
    body = (NUMBERED_PARAGRAPH % ilvl).encode()
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + body * paragraphs, 1)
    return write_parts(parts)


KNOWN_DOCX = {
    "danh-so-start-999999999.docx": (lambda: numbered_docx("999999999", "0", "upperRoman"),
                                     None),
    "danh-so-start-999999999-chu.docx": (lambda: numbered_docx("999999999", "0", "lowerLetter"),
                                         "issue 12: numbering w:start=999999999 as letters "
                                         "(import: minutes, GBs)"),
    "danh-so-ilvl-abc.docx": (lambda: numbered_docx("1", "abc"),
                              "issue 12: non-numeric w:ilvl raises ValueError (exit 3)"),
    "danh-so-start-abc.docx": (lambda: numbered_docx("abc", "0"),
                               "issue 12: non-numeric w:start raises ValueError (exit 3)"),
}


@pytest.mark.parametrize("name,command", [
    pytest.param(name, command, id=f"{command}-{name}")
    for name, (_, _reason) in KNOWN_DOCX.items()
    for command in ("import", "check", "check-json", "check-annotate")])
def test_known_bad_docx(name, command):
    """Issue 12 names import as the one that blows up; check must stay sound too."""
    blob = KNOWN_DOCX[name][0]()
    base = "thong-bao-lich-tiep-cong-dan-cao-loc-2024.docx"
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / name
        path.write_bytes(blob)
        if command == "import":
            out = invoke(["import", path, "-o", out_dir / "ra.yaml"], limit_for("import", base))
            found = problems_of(out, out_dir, {"ra.yaml"})
        else:
            mode = {"check": "plain", "check-json": "json", "check-annotate": "annotate"}[command]
            out = invoke(check_args(mode, path, out_dir / "ghi-chu.docx"),
                         limit_for("check", base, mode))
            found = problems_of(out, out_dir, {"ghi-chu.docx"} if mode == "annotate" else set(),
                                frozenset({0, 1}) if mode == "annotate" else frozenset())
        assert not found, (found, out.output[-800:])


# Custom templates without the parts a real Word file always has.

def stripped_template(*remove: str, no_sectpr: bool = False) -> bytes:
    parts = read_parts((TEMPLATES_DIR / "ke-hoach.docx").read_bytes())
    for name in remove:
        parts.pop(name, None)
    if no_sectpr:
        parts["word/document.xml"] = re.sub(rb"<w:sectPr\b.*?</w:sectPr>", b"",
                                            parts["word/document.xml"], flags=re.S)
    return write_parts(parts)


KNOWN_TEMPLATES = {
    "mau-khong-sectpr.docx": (lambda: stripped_template(no_sectpr=True),
                              "issue 12: template without sectPr (AttributeError)"),
    "mau-khong-styles.docx": (lambda: stripped_template("word/styles.xml"),
                              "issue 12: template without styles.xml"),
    "mau-khong-settings.docx": (lambda: stripped_template("word/settings.xml"),
                                "issue 12: template without settings.xml"),
    "mau-khong-rels.docx": (lambda: stripped_template("word/_rels/document.xml.rels"),
                            "issue 12: template without document relationships"),
    "mau-khong-gi-ca.docx": (lambda: stripped_template(
        "word/styles.xml", "word/settings.xml", "word/_rels/document.xml.rels", no_sectpr=True),
        "issue 12: template without sectPr, styles, settings, rels"),
}


@known(KNOWN_TEMPLATES)
@pytest.mark.parametrize("command", ["check", "render"])
def test_known_bad_template(name, command):
    blob = KNOWN_TEMPLATES[name][0]()
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / name
        path.write_bytes(blob)
        if command == "check":
            out = invoke(["template", "check", path], limit_for("template-check", "ke-hoach.docx"))
            found = problems_of(out, out_dir)
            rendered = invoke(["render", PLAN, "--template", path, "-o", out_dir / "vb.docx"],
                              limit_for("template-render", "ke-hoach.docx"))
            (out_dir / "vb.docx").unlink(missing_ok=True)
            if (out.exit_code == 0) != (rendered.exit_code == 0):
                found.append(f"template check thoát {out.exit_code} mà render thoát "
                             f"{rendered.exit_code}")
        else:
            out = invoke(["render", PLAN, "--template", path, "-o", out_dir / "vb.docx"],
                         limit_for("template-render", "ke-hoach.docx"))
            found = problems_of(out, out_dir, {"vb.docx"})
        assert not found, (found, out.output[-800:])


def _jinja_template(payload: str) -> bytes:
    parts = read_parts((TEMPLATES_DIR / "ke-hoach.docx").read_bytes())
    doc = parts["word/document.xml"]
    para = f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>".encode()
    parts["word/document.xml"] = doc.replace(b"<w:body>", b"<w:body>" + para, 1)
    return write_parts(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


KNOWN_JINJA = {
    "jinja-parse-file.docx": ("{{ ngay_ban_hanh.parse_file('@@SECRET@@') }}",
                              "issue 12: model method parse_file reads any file"),
    "jinja-pickle.docx": ("{{ ngay_ban_hanh.parse_raw(\"cos\\nsystem\\n"
                          "(S'touch @@MARKER@@'\\ntR.\", content_type='pickle', "
                          "allow_pickle=True) }}",
                          "issue 12: model method parse_raw unpickles (runs a command)"),
    "jinja-model-fields.docx": ("{{ ngay_ban_hanh.model_fields }}",
                                "issue 12: model introspection reaches classes"),
    "jinja-include.docx": ("{% include '@@SECRET@@' %}", None),
    "jinja-range.docx": ("{% for i in range(10**5) %}{% for j in range(10**5) %}x{% endfor %}"
                         "{% endfor %}", "issue 12: runaway template loop is not bounded"),
    "jinja-big-string.docx": ("{{ 'x' * (2 * 10**7) }}", None),
    "jinja-namespace-bomb.docx": ("{% set ns = namespace(x=[1]) %}{% for i in range(40) %}"
                                  "{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x|length }}",
                                  "issue 12: a namespace list doubled 40 times: GBs, no bound"),
    "jinja-mro.docx": ("{{ ''.__class__.__mro__[1].__subclasses__() }}", None),
}


@known(KNOWN_JINJA)
def test_known_jinja_payload(name):
    payload, _ = KNOWN_JINJA[name]
    run_template("ke-hoach.docx", _jinja_template(_escape(payload)), "render", entry="known",
                 isolated="bomb" in name)


# A derive rules file with a non-scalar id; a catastrophic regex on a long 'aaaa…b' text.

def _plan_with_text(text: str) -> str:
    """The example plan with ``text`` in its title and every mention of the province's year."""
    return PLAN.read_text("utf-8").replace("Lạng Sơn năm 2024", f"Lạng Sơn {text} năm 2024")


KNOWN_RULES = {
    "quy-tac-id-danh-sach.yaml": ("huyen:\n  cum_tu:\n    - id: [a, b]\n      tu: [x]\n"
                                  "      thanh: y\n", None,
                                  "issue 22: rules file with a non-scalar id (exit 3)"),
    "quy-tac-id-bang.yaml": ("huyen:\n  cum_tu:\n    - id: {a: 1}\n      tu: [x]\n"
                             "      thanh: y\n", None, "issue 22: rules file with a mapping id"),
    "quy-tac-co-i.yaml": ("huyen:\n  canh_bao:\n    dau_hieu: ['\\btỉnh\\b', '(?i)x']\n", None,
                          "fuzz: a pattern valid alone ('(?i)x') breaks the joined canh_bao regex: "
                          "re.error in vbhc/derivation/phrases.py Rewriter (exit 3)"),
    "quy-tac-regex-no.yaml": ("huyen:\n  canh_bao:\n    dau_hieu: ['(a+)+$']\n",
                              "a" * 40 + "b",
                              "issue 12: user regex backtracks catastrophically (hang)"),
}


@known(KNOWN_RULES)
def test_known_bad_rules(name):
    rules, plan_text, _ = KNOWN_RULES[name]
    with tempfile.TemporaryDirectory() as tmp:
        plan = PLAN
        if plan_text:
            src = Path(tmp) / "ke-hoach"
            shutil.copytree(EXAMPLES_DIR, src, ignore=shutil.ignore_patterns("derived"))
            plan = src / PLAN.name
            plan.write_text(_plan_with_text(plan_text), "utf-8")
        run_derive_strict(rules.encode(), plan)


def run_derive_strict(rules: bytes, plan: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "quy-tac.yaml"
        path.write_bytes(rules)
        out_dir = Path(tmp) / "ra"
        out_dir.mkdir()
        out = invoke(["derive", plan, "--to", "huyện Cao Lộc", "--rules", path,
                      "-o", out_dir / "ra.yaml"], limit_for("derive"))
        found = problems_of(out, out_dir, {"ra.yaml"})
        assert not found, (found, out.output[-800:])


# Work that grows faster than the input (issue 22): time at 4x the size against 1x, never an
# absolute limit. Linear work gives a ratio near 4 (less, with fixed costs); quadratic near 16.

SCALE_LIMIT = 5.0


def _time_of(build, size: int, tmp: Path) -> float:
    args = build(size, tmp)
    runs = []
    for _ in range(2 if size else 1):
        out = invoke(args, 300)
        assert out.exit_code in (0, 1, 2), out.output[-500:]
        runs.append(out.elapsed)
    return min(runs)


def _markers_render(size: int, tmp: Path) -> list:
    src = tmp / f"vao-{size}"
    src.mkdir()
    shutil.copytree(EXAMPLES_DIR / "ho-so", src / "ho-so")
    source = src / "vb.yaml"
    source.write_text(THONG_BAO.read_text("utf-8").replace(
        "tại Trụ sở", "tại " + "[^" * size + " Trụ sở"), "utf-8")
    return ["render", source, "-o", src / "vb.docx", "--force"]


def _continued_lines_import(size: int, tmp: Path) -> list:
    source = tmp / f"vb-{size}.txt"
    line = "các cơ quan đơn vị thực hiện nhiệm vụ được giao"
    source.write_text(SEED.read_text("utf-8") + "\n".join([line] * size) + "\n", "utf-8")
    return ["import", source, "-o", tmp / f"ra-{size}.yaml", "--force"]


SCALING = {
    "render-danh-dau-chu-thich": (_markers_render, 2000,
                                  "issue 22: [^ markers in one field take quadratic time"),
    "import-dong-noi-tiep": (_continued_lines_import, 500,
                             "issue 22: importing long extracted text is super-linear"),
}


@known(SCALING)
def test_work_grows_linearly(name, tmp_path):
    build, size, _ = SCALING[name]
    if "import" in name and not SEED.exists():
        pytest.skip("không có tệp gốc ../shared/seeds")
    small = _time_of(build, size, tmp_path)
    large = _time_of(build, 4 * size, tmp_path)
    assert large / small < SCALE_LIMIT, f"{small:.2f}s -> {large:.2f}s ({large / small:.1f}x)"


def test_watchdog_stops_a_hang():
    """The harness itself: a hang becomes a failure at the limit, not a stuck test run."""
    def forever(*args):
        while True:
            time.sleep(0.01)

    original = cli.main.callback
    cli.main.callback = forever
    try:
        out = invoke(["bang-chu", "5"], 0.5)
    finally:
        cli.main.callback = original
    assert out.timed_out and problems_of(out, None)


@pytest.mark.skipif(EXAMPLES <= 200, reason="chỉ chạy trong make test-slow")
def test_slow_mode_is_on():
    assert EXAMPLES > 200


# --------------------------------------------------------------------------------------------
# Reduced reproducers of what the generic properties found on main (tests/fuzz-findings.md).
# Report-only like the properties they come from: flip them to strict together.
# --------------------------------------------------------------------------------------------

def _part_data_offset(blob: bytes, part: str) -> int:
    info = zipfile.ZipFile(io.BytesIO(blob)).getinfo(part)
    name_len, extra_len = struct.unpack("<HH", blob[info.header_offset + 26:
                                                    info.header_offset + 30])
    return info.header_offset + 30 + name_len + extra_len


def broken_deflate(blob: bytes, part: str) -> bytes:
    """One flipped byte at the start of a part's deflate stream (zlib.error, not a CRC error)."""
    data = bytearray(blob)
    data[_part_data_offset(blob, part)] ^= 0xFF
    return bytes(data)


def stored_with_bad_crc(blob: bytes, part: str) -> bytes:
    """The package stored uncompressed, one byte of ``part`` changed (its CRC no longer fits)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, data in read_parts(blob).items():
            zf.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    out = bytearray(buffer.getvalue())
    out[_part_data_offset(bytes(out), part) + 10] ^= 0x01
    return bytes(out)


def shifted_central_directory(blob: bytes, delta: int = 100000) -> bytes:
    """The end record points the central directory ``delta`` bytes too far."""
    data = bytearray(blob)
    end = data.rfind(b"PK\x05\x06")
    offset = struct.unpack("<I", data[end + 16:end + 20])[0]
    data[end + 16:end + 20] = struct.pack("<I", offset + delta)
    return bytes(data)


def truncated_part(blob: bytes, part: str, cut: int = 20) -> bytes:
    parts = read_parts(blob)
    parts[part] = parts[part][:-cut]
    return write_parts(parts)


def _notice_docx() -> bytes:
    return rendered_examples()["thong-bao-lich-tiep-cong-dan-cao-loc-2024.docx"]


def _plan_template() -> bytes:
    return (TEMPLATES_DIR / "ke-hoach.docx").read_bytes()


DOCX_COMMANDS = ("check", "check-json", "check-annotate", "import")
TEMPLATE_COMMANDS = ("template-check", "render-template")
FOUND = {
    # name: (builder, commands, reason)
    "zip-zlib-hong.docx": (lambda: broken_deflate(_notice_docx(), "word/document.xml"),
                           DOCX_COMMANDS + TEMPLATE_COMMANDS,
                           "fuzz: corrupt deflate data -> zlib.error in vbhc/docx/package.py "
                           "Package.read (exit 3)"),
    "zip-thu-muc-lech.docx": (lambda: shifted_central_directory(_notice_docx()),
                              DOCX_COMMANDS + TEMPLATE_COMMANDS,
                              "fuzz: central directory offset past the data -> OSError EINVAL "
                              "in vbhc/docx/package.py Package.read (exit 3)"),
    "mau-content-types-hong.docx": (lambda: truncated_part(_plan_template(),
                                                           "[Content_Types].xml"),
                                    ("render-template",),
                                    "fuzz: template with malformed [Content_Types].xml -> "
                                    "XMLSyntaxError in vbhc/renderer/package.py _wire_footnotes "
                                    "(exit 3), and template check passes it"),
    "mau-crc-content-types.docx": (lambda: stored_with_bad_crc(_plan_template(),
                                                               "[Content_Types].xml"),
                                   ("render-template",),
                                   "fuzz: template part with a bad CRC -> BadZipFile in "
                                   "vbhc/renderer/engine.py compile_template (exit 3)"),
    "mau-zlib-content-types.docx": (lambda: broken_deflate(_plan_template(),
                                                           "[Content_Types].xml"),
                                    ("render-template",),
                                    "fuzz: template part with corrupt deflate data -> zlib.error "
                                    "in vbhc/renderer/engine.py compile_template (exit 3)"),
}


def run_one(command: str, path: Path, out_dir: Path) -> list[str]:
    """Run one entry point on ``path`` and return what is wrong (for the explicit cases)."""
    base_docx = "thong-bao-lich-tiep-cong-dan-cao-loc-2024.docx"
    if command == "import":
        out = invoke(["import", path, "-o", out_dir / "ra.yaml"], limit_for("import", base_docx))
        return problems_of(out, out_dir, {"ra.yaml"})
    if command.startswith("check"):
        mode = {"check": "plain", "check-json": "json", "check-annotate": "annotate"}[command]
        out = invoke(check_args(mode, path, out_dir / "ghi-chu.docx"),
                     limit_for("check", base_docx, mode))
        return problems_of(out, out_dir, {"ghi-chu.docx"} if mode == "annotate" else set(),
                           frozenset({0, 1}) if mode == "annotate" else frozenset())
    checked = invoke(["template", "check", path], limit_for("template-check", "ke-hoach.docx"))
    if command == "template-check":
        return problems_of(checked, out_dir)
    out = invoke(["render", PLAN, "--template", path, "-o", out_dir / "vb.docx"],
                 limit_for("template-render", "ke-hoach.docx"))
    found = problems_of(out, out_dir, {"vb.docx"})
    if checked.exit_code == 0 and out.exit_code != 0:
        found.append(f"template check thoát 0 nhưng render --template thoát {out.exit_code}")
    return found


@pytest.mark.parametrize("name,command", [
    pytest.param(name, command, id=f"{command}-{name}")
    for name, (_, commands, _reason) in FOUND.items() for command in commands])
def test_fuzz_found(name, command):
    with tempfile.TemporaryDirectory() as tmp:
        src, out_dir = Path(tmp) / "vao", Path(tmp) / "ra"
        src.mkdir()
        out_dir.mkdir()
        path = src / name
        path.write_bytes(FOUND[name][0]())
        found = run_one(command, path, out_dir)
        assert not found, found


def test_missing_template_file(tmp_path):
    out = invoke(["render", PLAN, "--template", tmp_path / "khong-co.docx",
                  "-o", tmp_path / "vb.docx"], limit_for("template-render", "ke-hoach.docx"))
    found = problems_of(out, tmp_path, {"vb.docx"})
    assert not found, (found, out.output[-300:])


# --------------------------------------------------------------------------------------------
# Reproducers: python -m tests.test_fuzz_entry_points
# --------------------------------------------------------------------------------------------

def write_reproducers(folder: Path = REPRO) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLES_DIR / "ho-so", folder / "ho-so", dirs_exist_ok=True)
    written = []
    for name, (text, _) in KNOWN_YAML.items():
        (folder / name).write_text(text, "utf-8")
        written.append(folder / name)
    for cases in (KNOWN_DOCX, KNOWN_TEMPLATES):
        for name, (build, _) in cases.items():
            (folder / name).write_bytes(build())
            written.append(folder / name)
    for name, (payload, _) in KNOWN_JINJA.items():
        (folder / name).write_bytes(with_canaries(_jinja_template(_escape(payload)),
                                                  Path("/etc/passwd"),
                                                  Path("/tmp/vbhc-fuzz-da-chay-lenh")))
        written.append(folder / name)
    for name, (build, *_) in FOUND.items():
        (folder / name).write_bytes(build())
        written.append(folder / name)
    for name, (rules, plan_text, _) in KNOWN_RULES.items():
        (folder / name).write_text(rules, "utf-8")
        written.append(folder / name)
        if plan_text:
            plan = folder / "ke-hoach-aaaa-b.yaml"
            plan.write_text(_plan_with_text(plan_text), "utf-8")
            written.append(plan)
    return written


if __name__ == "__main__":
    for path in write_reproducers():
        print(path)
