"""PDF through LibreOffice: one headless process converts a whole batch, in a profile of
its own so a clerk's open LibreOffice window neither blocks nor is disturbed by it.

LibreOffice is kept under control:

- it runs in its own process group (session), and the whole group is killed when the
  conversion ends, times out, fails or is interrupted — no ``soffice.bin`` survives;
- a time limit scales with the batch (see ``estimate_timeout``; ``VBHC_PDF_TIMEOUT``
  overrides it, ``0`` means no limit);
- its profile (``registrymodifications.xcu``) blocks macros, linked and remote content and
  the online update check (see ``PROFILE_SETTINGS``);
- the staged copies of the documents and the profile live in a ``vbhc-pdf-*`` folder that is
  removed on every exit vbhc can catch, by a small watchdog process when vbhc is killed
  outright, and by a sweep at the next start when even that could not run.

Failures are ``PdfError`` (exit code 4) with a Vietnamese message; the .docx files stay.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from vbhc.errors import VbhcError

SOFFICE_ENV = "VBHC_SOFFICE"
TIMEOUT_ENV = "VBHC_PDF_TIMEOUT"
TIMEOUT_START = 60.0
"""Seconds for LibreOffice to start (first start in a fresh profile is the slow one)."""
TIMEOUT_PER_DOCUMENT = 30.0
"""Seconds added per document of the batch."""
TIMEOUT_PER_MB = 60.0
"""Seconds added per MB of document XML (uncompressed word/*.xml: text, footnotes, tables);
a 400-page report is about 4 MB of XML and gets about five minutes."""
WORK_PREFIX = "vbhc-pdf-"
OWNER_FILE = "vbhc.pid"
_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([A-Za-z0-9#,\-]+)")

PROFILE_SETTINGS: tuple[tuple[str, str, str, str], ...] = (
    # (configuration path, property, xs type, value)
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "int", "3"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution",
     "boolean", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "OfficeBasic", "int", "0"),
    ("/org.openoffice.Office.Common/Security/Scripting", "ExecutePlugins", "boolean",
     "false"),
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks",
     "boolean", "true"),
    # LibreOffice 24.2 and later; older versions ignore an unknown property.
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableActiveContent", "boolean",
     "true"),
    # Writer: update links when loading — 0 never, 1 on request, 2 always.
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", "0"),
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "boolean", "false"),
    ("/org.openoffice.Office.Writer/Content/Update", "Chart", "boolean", "false"),
    # Calc's own numbering: 0 always, 1 never, 2 on request.
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "1"),
    ("/org.openoffice.Office.Jobs/Jobs/org.openoffice.Office.Jobs:Job['UpdateCheck']"
     "/Arguments", "AutoCheckEnabled", "boolean", "false"),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "boolean", "false"),
)
"""The LibreOffice settings vbhc's private profile fixes: no macros of any kind, no
updating of linked content (links, fields, charts) on load, no referer-less remote
fetches, no online update check, no lock files beside the staged copies."""


class PdfError(VbhcError):
    """LibreOffice did not produce the PDFs (crash, time limit, refusal); the .docx stay."""

    exit_code = 4

    def __init__(self, message: str, written: list[Path] | None = None,
                 exit_code: int = 4) -> None:
        super().__init__(message)
        self.written: list[Path] = list(written or [])
        """The PDFs of the batch that were written before the failure was reported."""
        self.exit_code = exit_code


class LibreOfficeMissingError(VbhcError):
    """LibreOffice is not installed (or VBHC_SOFFICE is not a program): the .docx files
    are written, the PDFs are not. Exit code 1."""


def find_soffice() -> str | None:
    """Return the LibreOffice binary: $VBHC_SOFFICE (None if that is not a file), else
    soffice/libreoffice on PATH, else None. Never raises."""
    configured = os.environ.get(SOFFICE_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def _runnable_soffice() -> str:
    """Return a LibreOffice binary that can be executed, or raise LibreOfficeMissingError."""
    configured = os.environ.get(SOFFICE_ENV)
    binary = find_soffice()
    if binary is None:
        where = f" ({SOFFICE_ENV}={configured} không phải tệp)" if configured else ""
        raise LibreOfficeMissingError(
            f"chưa cài LibreOffice nên chưa tạo được PDF{where} (tệp .docx vẫn đã được ghi). "
            "Cài gói libreoffice-writer-nogui (Debian/Ubuntu) hoặc LibreOffice, hoặc đặt "
            f"{SOFFICE_ENV} trỏ tới chương trình soffice."
        )
    if not os.access(binary, os.X_OK):
        raise LibreOfficeMissingError(
            f"{binary} (từ {SOFFICE_ENV}) không chạy được: tệp không có quyền thực thi; "
            "chưa tạo được PDF (tệp .docx vẫn đã được ghi)."
        )
    return binary


def serif_font() -> str:
    """Return the font LibreOffice will print Times New Roman text with on this machine."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        done = subprocess.run([fc_list, ":family=Times New Roman"], capture_output=True,
                              text=True, check=False)
        if done.stdout.strip():
            return "Times New Roman"
    return "Liberation Serif"


def _xml_megabytes(docx: Path) -> float:
    """Return the uncompressed size of the .docx's word/*.xml parts in MB (0 if unreadable)."""
    try:
        with zipfile.ZipFile(docx) as zf:
            size = sum(i.file_size for i in zf.infolist()
                       if i.filename.startswith("word/") and i.filename.endswith(".xml"))
    except (OSError, zipfile.BadZipFile):
        return 0.0
    return size / (1024 * 1024)


def estimate_timeout(docx_files: list[Path]) -> float | None:
    """Return the time limit in seconds for converting ``docx_files`` in one process.

    ``TIMEOUT_START`` + ``TIMEOUT_PER_DOCUMENT`` per file + ``TIMEOUT_PER_MB`` per MB of
    document XML. ``VBHC_PDF_TIMEOUT`` (seconds for the whole batch) overrides it; ``0``
    there means no limit (``None``). Raises ``PdfError`` for a value that is not a number.
    """
    configured = os.environ.get(TIMEOUT_ENV, "").strip()
    if configured:
        try:
            seconds = float(configured)
        except ValueError:
            raise PdfError(f"{TIMEOUT_ENV}={configured!r} không phải số giây") from None
        if seconds != seconds or seconds < 0:
            raise PdfError(f"{TIMEOUT_ENV}={configured!r} không phải số giây hợp lệ")
        return None if seconds == 0 else seconds
    return TIMEOUT_START + sum(TIMEOUT_PER_DOCUMENT + TIMEOUT_PER_MB * _xml_megabytes(d)
                               for d in docx_files)


def _stamp_font(docx: Path, target: Path, font: str) -> None:
    """Copy ``docx`` to ``target`` with the print font named in its subject, which
    LibreOffice carries into the PDF's document information (Subject)."""
    note = f"Phông chữ in: {font}"
    if font != "Times New Roman":
        note += " (cùng kích thước chữ với Times New Roman, máy này chưa cài Times New Roman)"
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _with_subject(data, note)
            dst.writestr(info, data)


def _with_subject(core: bytes, note: str) -> bytes:
    from xml.sax.saxutils import escape

    text = core.decode("utf-8")
    text = re.sub(r"<dc:subject>.*?</dc:subject>", "", text, flags=re.DOTALL)
    return text.replace("</cp:coreProperties>",
                        f"<dc:subject>{escape(note)}</dc:subject></cp:coreProperties>"
                        ).encode("utf-8")


def profile_xcu() -> str:
    """Return the registrymodifications.xcu text that fixes ``PROFILE_SETTINGS``."""
    from xml.sax.saxutils import quoteattr

    from vbhc.docx.ns import xmlns

    items = "\n".join(
        f'<item oor:path={quoteattr(path)}><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, _type, value in PROFILE_SETTINGS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<oor:items {xmlns("oor", "xs", "xsi")}>\n'
            f"{items}\n</oor:items>\n")


# ---------------------------------------------------------------------------- temp folders

def _start_time(pid: int) -> str | None:
    """Return the kernel start time of process ``pid`` (Linux), None if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None if sys.platform.startswith("linux") else "?"
    return stat.rsplit(")", 1)[1].split()[19]


def _alive(pid: int, started: str) -> bool:
    if started not in ("", "?") and sys.platform.startswith("linux"):
        return _start_time(pid) == started
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _make_work_dir() -> Path:
    """Create a private ``vbhc-pdf-*`` folder recording this process as its owner."""
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    (work / OWNER_FILE).write_text(f"{os.getpid()} {_start_time(os.getpid()) or '?'}\n",
                                   encoding="ascii")
    return work


def sweep_stale(folder: str | os.PathLike | None = None, *, min_age: float = 3600) -> list[Path]:
    """Remove ``vbhc-pdf-*`` folders in ``folder`` (default: the temp folder) whose owner
    process is gone; return them. A folder without an owner record is removed once older
    than ``min_age`` seconds. Only the current user's folders are touched."""
    base = Path(folder or tempfile.gettempdir())
    removed = []
    try:
        candidates = [p for p in base.iterdir() if p.name.startswith(WORK_PREFIX)]
    except OSError:
        return []
    for work in candidates:
        try:
            info = work.lstat()
            if not work.is_dir() or work.is_symlink() or info.st_uid != os.getuid():
                continue
            owner = (work / OWNER_FILE).read_text("ascii").split()
        except (OSError, UnicodeDecodeError):
            owner = []
            try:
                info = work.lstat()
            except OSError:
                continue
            if time.time() - info.st_mtime < min_age:
                continue
        if owner:
            try:
                pid = int(owner[0])
            except ValueError:
                pid = -1
            if pid > 0 and _alive(pid, owner[1] if len(owner) > 1 else "?"):
                continue
        shutil.rmtree(work, ignore_errors=True)
        removed.append(work)
    return removed


_WATCHDOG = r"""
import os, shutil, signal, sys
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGHUP, signal.SIG_IGN)
pgid = None
for line in sys.stdin:
    word = line.split()
    if word[:1] == ["pgid"]:
        pgid = int(word[1])
    elif word[:1] == ["done"]:
        sys.exit(0)
if pgid:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""


class _Watchdog:
    """A tiny process in its own session that outlives a vbhc killed with SIGKILL: when its
    stdin (a pipe from vbhc) closes without "done", it kills LibreOffice's process group and
    removes the work folder."""

    def __init__(self, work: Path) -> None:
        self.proc: subprocess.Popen | None
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", _WATCHDOG, str(work)],
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, text=True)
        except OSError:  # no watchdog: the startup sweep still cleans up next time
            self.proc = None

    def tell(self, line: str) -> None:
        if self.proc and self.proc.stdin:
            with contextlib.suppress(OSError, ValueError):
                self.proc.stdin.write(line + "\n")
                self.proc.stdin.flush()

    def release(self) -> None:
        """vbhc cleaned up itself: let the watchdog exit without doing anything."""
        if self.proc is None:
            return
        self.tell("done")
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin:
                self.proc.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=5)


# ---------------------------------------------------------------------------- the process

def _kill_group(pgid: int) -> None:
    killpg = getattr(os, "killpg", None)
    if killpg is None:  # Windows: no process groups; the caller kills the process itself
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        killpg(pgid, signal.SIGKILL)


def _exited(proc: subprocess.Popen) -> bool:
    """Return whether ``proc`` has exited, without reaping it where the system allows (the
    zombie keeps its process-group id reserved until the group is killed)."""
    if hasattr(os, "waitid"):
        return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    return proc.poll() is not None


def _run_group(args: list[str], timeout: float | None, log: Path,
               watchdog: _Watchdog, tmpdir: Path) -> int:
    """Run ``args`` in a new session with ``tmpdir`` as its TMPDIR; return its exit status.
    Every process of the session is killed before this returns or raises (normal end, time
    limit, Ctrl-C, SIGTERM). Raises ``PdfError`` on the time limit or when the program
    cannot be started."""
    env = {**os.environ, "TMPDIR": str(tmpdir), "TMP": str(tmpdir), "TEMP": str(tmpdir)}
    with open(log, "wb") as out:
        try:
            proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                    start_new_session=True, env=env)
        except OSError as exc:
            raise PdfError(f"không chạy được LibreOffice ({args[0]}): "
                           f"{exc.strerror or exc}; tệp .docx vẫn đã được ghi") from None
    watchdog.tell(f"pgid {proc.pid}")
    deadline = None if timeout is None else time.monotonic() + timeout
    try:
        while True:
            if _exited(proc):
                break
            if deadline is not None and time.monotonic() > deadline:
                raise PdfError(
                    f"LibreOffice chạy quá {timeout:.0f} giây nên đã bị dừng; chưa tạo được "
                    f"PDF (tệp .docx vẫn đã được ghi). Đặt {TIMEOUT_ENV}=SỐ_GIÂY để cho "
                    "thêm thời gian (0: không giới hạn).")
            time.sleep(0.05)
    finally:
        _kill_group(proc.pid)
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return proc.returncode


PDF_A_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
"""LibreOffice's export filter asked for PDF/A-2b (``SelectPdfVersion`` 2; the options in
JSON, LibreOffice 7.4 and later): every font embedded, XMP metadata with ``pdfaid:part=2``,
``conformance=B``, no encryption, no JavaScript. The document's title (the trích yếu) and
author (the agency) come from the .docx core properties vbhc writes."""


def convert(docx_files: list[Path], *, force: bool = False,
            inputs: list[Path | None] | None = None,
            timeout: float | None = None, pdf_a: bool = False) -> tuple[list[Path], str]:
    """Write ``X.pdf`` beside each ``X.docx`` with one LibreOffice process; return the PDFs
    and the font they are printed in.

    Each PDF appears whole, through an unpredictable temporary name created exclusively in
    its folder (``vbhc.files.write_atomic``); an existing PDF is kept unless ``force``; a PDF
    that would land on one of ``inputs`` (or on a .docx of the batch) is refused.
    ``timeout`` (seconds) defaults to ``estimate_timeout``. ``pdf_a`` asks for PDF/A-2b
    (:data:`PDF_A_FILTER`), the form an electronic original is kept and signed in.

    Raises ``LibreOfficeMissingError`` (exit 1) when there is no usable LibreOffice,
    ``OutputExistsError``/``OutputIsInputError`` before LibreOffice starts, ``PdfError``
    (exit 4) when LibreOffice fails, crashes or runs out of time — and after writing the
    PDFs that could be written, naming those that could not.
    """
    from vbhc.errors import OutputExistsError
    from vbhc.files import InputGuard, write_atomic

    binary = _runnable_soffice()
    targets = [docx.with_suffix(".pdf") for docx in docx_files]
    guard = InputGuard([*(inputs or []), *docx_files])
    for target in targets:
        guard.check(target)
    existing = [t for t in targets if os.path.lexists(t)]
    if existing and not force:
        raise OutputExistsError(f"tệp {existing[0]} đã có; dùng --force để ghi đè")
    limit = estimate_timeout(docx_files) if timeout is None else timeout
    sweep_stale()
    font = serif_font()
    work = _make_work_dir()
    watchdog: _Watchdog | None = None
    try:
        watchdog = _Watchdog(work)
        profile = work / "ho-so"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(profile_xcu(), "utf-8")
        inputs_dir = work / "vao"
        inputs_dir.mkdir()
        soffice_tmp = work / "tam"  # LibreOffice's own temp files (lu*.tmp) live here too
        soffice_tmp.mkdir()
        staged = []
        for i, docx in enumerate(docx_files):
            copy = inputs_dir / f"{i:05d}.docx"
            _stamp_font(docx, copy, font)
            staged.append(copy)
        status = _run_group(
            [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--norestore", "--nologo", "--nolockcheck", "--convert-to",
             PDF_A_FILTER if pdf_a else "pdf", "--outdir",
             str(work / "ra"), *map(str, staged)],
            limit, work / "soffice.log", watchdog, soffice_tmp)
        produced = [work / "ra" / f"{copy.stem}.pdf" for copy in staged]
        missing = [docx for docx, pdf in zip(docx_files, produced, strict=True)
                   if not pdf.is_file()]
        problems, code = [], 0
        if status != 0 or missing:
            code = PdfError.exit_code
            log = (work / "soffice.log").read_bytes().decode("utf-8", "replace")
            names = ", ".join(str(m) for m in missing) or "(không rõ)"
            problems.append(f"LibreOffice không chuyển được sang PDF: {names} "
                            f"(mã {status}) {' '.join(log.split())[:200]}".rstrip())
        written = []
        for pdf, target in zip(produced, targets, strict=True):
            if not pdf.is_file():
                continue
            try:
                write_atomic(target, pdf.read_bytes(), force=force)
            except VbhcError as exc:  # exists (a concurrent run), disk full, ...
                problems.append(str(exc))
                code = max(code, exc.exit_code)
            else:
                written.append(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if watchdog is not None:
            watchdog.release()
    if problems:
        raise PdfError("\n".join(problems), written, code)
    return targets, font


def pdf_fonts(pdf: Path) -> list[str]:
    """Return the font names a PDF embeds or references (its /BaseFont entries, sorted,
    without the ``ABCDEF+`` subset prefix). Raises OSError when ``pdf`` cannot be read."""
    names = {m.group(1).decode("latin-1") for m in _BASEFONT.finditer(pdf.read_bytes())}
    return sorted(names)


def pdf_a_problems(pdf: Path | bytes) -> list[str]:
    """Return what keeps ``pdf`` (a path or the bytes) from being the PDF/A-2b vbhc asked
    LibreOffice for, in Vietnamese; [] when every check passes.

    Checked with pikepdf: the XMP declares ``pdfaid:part`` 2 and ``conformance`` B, there is
    an output intent (GTS_PDFA1), every font used on a page or in a form is embedded
    (FontFile, FontFile2 or FontFile3, through Type0 descendants and Type3 resources), no
    encryption, no JavaScript (name tree, open action, additional actions, link
    actions). Not checked (veraPDF's job): the whole ISO 19005-2 rule set, colour spaces of
    every image, font widths against the embedded programs. Raises pikepdf.PdfError (or
    OSError) when the file is not a PDF at all.
    """
    import io

    import pikepdf

    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    problems: list[str] = []
    with pikepdf.open(source) as doc:
        if doc.is_encrypted:
            problems.append("tệp bị mã hóa (PDF/A cấm mã hóa)")
        meta = doc.open_metadata()
        part = meta.get("pdfaid:part")
        conformance = meta.get("pdfaid:conformance")
        if part != "2" or (conformance or "").upper() != "B":
            problems.append(f"siêu dữ liệu XMP khai báo PDF/A part={part}, conformance="
                            f"{conformance} (cần part=2, conformance=B)")
        intents = doc.Root.get("/OutputIntents")
        if not intents or not any(i.get("/S") == "/GTS_PDFA1" for i in intents):
            problems.append("thiếu output intent GTS_PDFA1 (hồ sơ màu)")
        missing = sorted(_unembedded_fonts(doc))
        if missing:
            problems.append("phông chữ không được nhúng: " + ", ".join(missing))
        if _has_javascript(doc):
            problems.append("có JavaScript (PDF/A cấm)")
    return problems


def _unembedded_fonts(doc: object) -> set[str]:
    """Return the names of the fonts used by ``doc``'s pages (and their forms) that carry
    no embedded font program."""
    import pikepdf

    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def font(f: pikepdf.Dictionary) -> None:
        if f.objgen in seen and f.objgen != (0, 0):
            return
        seen.add(f.objgen)
        subtype = f.get("/Subtype")
        if subtype == "/Type0":
            for d in f.get("/DescendantFonts", []):
                font(d)
            return
        if subtype == "/Type3":
            resources(f.get("/Resources"))
            return
        desc = f.get("/FontDescriptor")
        if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2",
                                                       "/FontFile3")):
            missing.add(str(f.get("/BaseFont", "?")).lstrip("/"))

    def resources(res: pikepdf.Dictionary | None) -> None:
        if res is None or (res.objgen in seen and res.objgen != (0, 0)):
            return
        seen.add(res.objgen)
        for f in (res.get("/Font") or {}).values():
            font(f)
        for x in (res.get("/XObject") or {}).values():
            if x.get("/Subtype") == "/Form":
                resources(x.get("/Resources"))

    for page in doc.pages:
        resources(page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots", []):
            ap = annot.get("/AP")
            normal = ap.get("/N") if ap is not None else None
            if isinstance(normal, pikepdf.Stream):
                resources(normal.get("/Resources"))
    return missing


def _has_javascript(doc: object) -> bool:
    """Return whether ``doc`` has JavaScript where a viewer runs it."""
    names = doc.Root.get("/Names")
    if names is not None and "/JavaScript" in names:
        return True
    if "/AA" in doc.Root:
        return True
    opening = doc.Root.get("/OpenAction")
    if opening is not None and not isinstance(opening, list) and \
            opening.get("/S") == "/JavaScript":
        return True
    for page in doc.pages:
        if "/AA" in page.obj:
            return True
        for annot in page.obj.get("/Annots", []):
            action = annot.get("/A")
            if (action is not None and action.get("/S") == "/JavaScript") or "/AA" in annot:
                return True
    return False
