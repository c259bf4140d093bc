"""LibreOffice and batch workers under control (issues 12 and 22): time limits, crashes,
Ctrl-C, SIGTERM and SIGKILL leave no process and no temporary copy behind.

Every test runs vbhc as a real process (its own session, so the test can look for
survivors by session and process-group id in /proc) with a private TMPDIR, and a fake
LibreOffice (``VBHC_SOFFICE``) that logs its process ids — or the real one where users
would meet it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from tests.conftest import PLAN_EXAMPLE, soffice
from tests.test_sec_files import VBHC, FakeSoffice, clean
from vbhc import pdf

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="đọc tiến trình trong /proc (Linux)")


def processes() -> list[tuple[int, str, int, int, int]]:
    """Return (pid, state, ppid, pgid, sid) of every process."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out.append((int(entry.name), fields[0], int(fields[1]), int(fields[2]),
                    int(fields[3])))
    return out


def alive(*, sid: int | None = None, pgid: int | None = None,
          pids: list[int] | None = None) -> list[int]:
    """Return the live (not zombie) processes of session ``sid``, group ``pgid`` or ``pids``."""
    return [pid for pid, state, _ppid, group, session in processes() if state != "Z" and (
        session == sid or group == pgid or pid in (pids or []))]


def wait_for(condition, seconds: float = 15.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def temp_copies(tmpdir: Path) -> list[Path]:
    return [p for p in tmpdir.iterdir() if p.name.startswith(pdf.WORK_PREFIX)]


class Run:
    """One ``vbhc`` process in its own session with a private TMPDIR."""

    def __init__(self, tmp_path: Path, args: list[str], env: dict[str, str]) -> None:
        self.tmpdir = tmp_path / "tmp"
        self.tmpdir.mkdir(exist_ok=True)
        full_env = {**os.environ, **env, "TMPDIR": str(self.tmpdir)}
        self.proc = subprocess.Popen([*VBHC, *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=full_env,
                                     start_new_session=True)

    def finish(self, timeout: float = 120) -> tuple[int, str]:
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out + err


def plans(tmp_path: Path, n: int) -> list[str]:
    folder = tmp_path / "vao"
    folder.mkdir(exist_ok=True)
    out = []
    for i in range(n):
        shutil.copy(PLAN_EXAMPLE, folder / f"kh-{i}.yaml")
        out.append(str(folder / f"kh-{i}.yaml"))
    return out


def assert_nothing_left(run: Run, fake: FakeSoffice | None = None) -> None:
    sid = run.proc.pid
    assert wait_for(lambda: not alive(sid=sid)), f"còn tiến trình: {alive(sid=sid)}"
    if fake is not None:
        pids = fake.pids()
        assert pids, "LibreOffice giả chưa chạy"
        assert wait_for(lambda: not alive(pgid=pids[0], pids=pids)), \
            f"còn tiến trình LibreOffice: {alive(pgid=pids[0], pids=pids)}"
    assert wait_for(lambda: not temp_copies(run.tmpdir)), temp_copies(run.tmpdir)


# ------------------------------------------------------------------ 4. LibreOffice

@pytest.mark.parametrize("mode", ["sleep", "child-hang"])
def test_hanging_libreoffice_is_stopped_at_the_limit(tmp_path, mode):
    fake = FakeSoffice(tmp_path / "gia", mode)
    out = tmp_path / "ra" / "kh.docx"
    start = time.monotonic()
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"],
              {**fake.env, pdf.TIMEOUT_ENV: "2"})
    code, text = run.finish()
    assert code == 4, text
    assert time.monotonic() - start < 30
    assert "LibreOffice chạy quá 2 giây" in text and pdf.TIMEOUT_ENV in text
    clean(text)
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert_nothing_left(run, fake)


@pytest.mark.parametrize("mode", ["crash", "child-exit"])
def test_failing_libreoffice_is_a_message_and_leaves_nothing(tmp_path, mode):
    fake = FakeSoffice(tmp_path / "gia", mode)
    out = tmp_path / "ra" / "kh.docx"
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"], fake.env)
    code, text = run.finish()
    assert code == 4, text
    assert "LibreOffice không chuyển được sang PDF" in text and str(out) in text
    clean(text)
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert_nothing_left(run, fake)


def test_non_executable_soffice_is_a_message(tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("không chạy được")
    out = tmp_path / "kh.docx"
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"],
              {pdf.SOFFICE_ENV: str(fake)})
    code, text = run.finish()
    assert code == 1 and "không có quyền thực thi" in text, text
    clean(text)
    assert out.is_file() and not temp_copies(run.tmpdir)


def test_libreoffice_runs_in_its_own_session_with_a_locked_down_profile(tmp_path):
    fake = FakeSoffice(tmp_path / "gia")
    out = tmp_path / "ra" / "kh.docx"
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"], fake.env)
    code, text = run.finish()
    assert code == 0, text
    pid, pgid, sid = map(int, fake.lines("start")[0].split())
    assert pid == pgid == sid != run.proc.pid
    xcu = fake.lines("xcu")[0]
    for _path, name, _type, value in pdf.PROFILE_SETTINGS:
        assert f'oor:name="{name}" oor:op="fuse"><value>{value}</value>' in xcu
    for key in ("MacroSecurityLevel", "BlockUntrustedRefererLinks", "DisableMacrosExecution",
                "AutoCheckEnabled", "Office.Writer/Content/Update"):
        assert key in xcu
    assert out.with_suffix(".pdf").read_bytes() == b"%PDF-1.4 fake"
    assert not list(out.parent.glob(".*"))
    assert_nothing_left(run, fake)


def test_planted_symlink_at_the_old_temp_name_is_not_followed(tmp_path):
    fake = FakeSoffice(tmp_path / "gia")
    out = tmp_path / "ra" / "kh.docx"
    out.parent.mkdir()
    victim = tmp_path / "nan-nhan.txt"
    victim.write_text("giữ nguyên")
    (out.parent / ".kh.pdf.tmp").symlink_to(victim)
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"], fake.env)
    code, text = run.finish()
    assert code == 0, text
    assert victim.read_text() == "giữ nguyên"
    assert out.with_suffix(".pdf").read_bytes() == b"%PDF-1.4 fake"
    assert sorted(p.name for p in out.parent.iterdir()) == [".kh.pdf.tmp", "kh.docx",
                                                            "kh.pdf"]


def test_existing_pdf_kept_without_force(tmp_path):
    fake = FakeSoffice(tmp_path / "gia")
    out = tmp_path / "kh.docx"
    out.with_suffix(".pdf").write_bytes(b"ban cu")
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"], fake.env)
    code, text = run.finish()
    assert code == 1 and "đã có" in text, text
    assert out.with_suffix(".pdf").read_bytes() == b"ban cu"


def test_timeout_scales_with_the_batch(tmp_path, monkeypatch, plan_docx_path):
    monkeypatch.delenv(pdf.TIMEOUT_ENV, raising=False)
    one = pdf.estimate_timeout([plan_docx_path])
    assert one == pytest.approx(pdf.TIMEOUT_START + pdf.TIMEOUT_PER_DOCUMENT, abs=30)
    assert pdf.estimate_timeout([plan_docx_path] * 20) > 20 * pdf.TIMEOUT_PER_DOCUMENT
    big = tmp_path / "lon.docx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"<w:p/>" * (700_000))  # ~4 MB: a 400-page report
    assert pdf.estimate_timeout([big]) > 240
    monkeypatch.setenv(pdf.TIMEOUT_ENV, "900")
    assert pdf.estimate_timeout([big]) == 900
    monkeypatch.setenv(pdf.TIMEOUT_ENV, "0")
    assert pdf.estimate_timeout([big]) is None
    monkeypatch.setenv(pdf.TIMEOUT_ENV, "nhanh")
    with pytest.raises(pdf.PdfError, match="không phải số giây"):
        pdf.estimate_timeout([big])


def test_sweep_removes_folders_of_dead_owners_only(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{pdf.WORK_PREFIX}cu"
    (stale / "vao").mkdir(parents=True)
    (stale / "vao" / "00000.docx").write_bytes(b"mat")
    (stale / pdf.OWNER_FILE).write_text(f"{dead.pid} 1\n")
    mine = tmp_path / f"{pdf.WORK_PREFIX}cua-toi"
    mine.mkdir()
    (mine / pdf.OWNER_FILE).write_text(f"{os.getpid()} {pdf._start_time(os.getpid())}\n")
    reused = tmp_path / f"{pdf.WORK_PREFIX}pid-dung-lai"  # same pid, another start time
    reused.mkdir()
    (reused / pdf.OWNER_FILE).write_text(f"{os.getpid()} 1\n")
    orphan = tmp_path / f"{pdf.WORK_PREFIX}khong-ghi-chu"
    orphan.mkdir()
    other = tmp_path / "khac"
    other.mkdir()
    removed = pdf.sweep_stale(tmp_path)
    assert sorted(removed) == sorted([stale, reused])
    assert mine.is_dir() and orphan.is_dir() and other.is_dir()
    old = time.time() - 2 * 3600
    os.utime(orphan, (old, old))
    assert pdf.sweep_stale(tmp_path) == [orphan]


# ------------------------------------------------------------------ 5. interrupted batches

SIGNALS = {"SIGINT": (signal.SIGINT, 130), "SIGTERM": (signal.SIGTERM, 143),
           "SIGKILL": (signal.SIGKILL, -9)}


@pytest.mark.parametrize("name", SIGNALS)
def test_interrupt_during_pdf_leaves_no_process_and_no_copy(tmp_path, name):
    signum, expected = SIGNALS[name]
    fake = FakeSoffice(tmp_path / "gia", "child-hang")
    run = Run(tmp_path, ["render", *plans(tmp_path, 3), "-o", f"{tmp_path}/ra/", "-j", "2",
                         "--pdf"], fake.env)
    assert wait_for(lambda: fake.lines("waiting") and fake.lines("child"), 60), \
        run.finish()[1]
    assert temp_copies(run.tmpdir), "LibreOffice giả đang chạy thì phải có bản sao tạm"
    run.proc.send_signal(signum)
    code, text = run.finish()
    assert code == expected, text
    if signum != signal.SIGKILL:
        assert "Đã dừng" in text
        clean(text)
    assert_nothing_left(run, fake)
    assert sorted(p.name for p in (tmp_path / "ra").iterdir()) == [
        "kh-0.docx", "kh-1.docx", "kh-2.docx"]


def _workers(parent: int) -> list[int]:
    return [pid for pid, state, ppid, _g, _s in processes() if ppid == parent and state != "Z"]


@pytest.mark.parametrize("name", SIGNALS)
def test_interrupt_during_parallel_rendering_stops_the_workers(tmp_path, name):
    signum, expected = SIGNALS[name]
    out = tmp_path / "ra"
    run = Run(tmp_path, ["render", *plans(tmp_path, 300), "-o", f"{out}/", "-j", "2"], {})
    assert wait_for(lambda: len(_workers(run.proc.pid)) >= 2, 60), run.finish()[1]
    workers = _workers(run.proc.pid)
    time.sleep(0.5)
    run.proc.send_signal(signum)
    code, text = run.finish()
    assert code == expected, text
    if signum != signal.SIGKILL:
        clean(text)
    assert wait_for(lambda: not alive(pids=workers)), f"còn tiến trình con: {workers}"
    assert_nothing_left(run)
    left = [p.name for p in out.iterdir() if p.name.startswith(".")] if out.exists() else []
    assert not left, left


# ------------------------------------------------------------------ real LibreOffice

@pytest.mark.slow
def test_real_libreoffice_stopped_at_the_limit_leaves_nothing(tmp_path):
    binary = soffice()
    out = tmp_path / "ra" / "kh.docx"
    run = Run(tmp_path, ["render", str(PLAN_EXAMPLE), "-o", str(out), "--pdf"],
              {pdf.SOFFICE_ENV: binary, pdf.TIMEOUT_ENV: "0.5"})
    code, text = run.finish()
    assert code == 4 and "LibreOffice chạy quá" in text, text
    clean(text)
    assert out.is_file() and not out.with_suffix(".pdf").exists()
    assert_nothing_left(run)
    assert wait_for(lambda: not using(run.tmpdir)), using(run.tmpdir)
    assert wait_for(lambda: not list(run.tmpdir.iterdir())), list(run.tmpdir.iterdir())


@pytest.mark.slow
@pytest.mark.parametrize("name", SIGNALS)
def test_real_libreoffice_interrupted_leaves_nothing(tmp_path, name):
    signum, expected = SIGNALS[name]
    binary = soffice()
    run = Run(tmp_path, ["render", *plans(tmp_path, 4), "-o", f"{tmp_path}/ra/", "-j", "2",
                         "--pdf"], {pdf.SOFFICE_ENV: binary})
    assert wait_for(lambda: using(run.tmpdir), 60), run.finish()[1]
    time.sleep(0.5)
    running = using(run.tmpdir)
    run.proc.send_signal(signum)
    code, text = run.finish()
    assert code == expected, text
    if signum != signal.SIGKILL:
        clean(text)
    assert wait_for(lambda: not alive(pids=running)), running
    assert_nothing_left(run)
    # LibreOffice's own temp files (lu*.tmp) went to vbhc's work folder, removed with it.
    assert wait_for(lambda: not list(run.tmpdir.iterdir())), list(run.tmpdir.iterdir())


def using(tmpdir: Path) -> list[int]:
    """Return the live processes whose command line names ``tmpdir`` (LibreOffice started
    with a profile in vbhc's work folder there)."""
    found = []
    for pid, state, _ppid, _pgid, _sid in processes():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if state != "Z" and str(tmpdir) in cmdline:
            found.append(pid)
    return found


def _png(size: int = 64) -> bytes:
    import struct
    import zlib

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0,
                                                              0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _linked_picture_docx(path: Path, targets: list[str]) -> Path:
    """Write a minimal .docx showing one picture per URL in ``targets``, each *linked*
    (r:link, TargetMode="External"), not embedded."""
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
    pictures = "".join(
        f'<w:p><w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
        f'<wp:docPr id="{i + 1}" name="p{i}"/><a:graphic><a:graphicData '
        f'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        f'<pic:nvPicPr><pic:cNvPr id="{i + 1}" name="p{i}"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="rIdL{i}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" '
        f'cy="914400"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        f"</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        for i in range(len(targets)))
    rels = "".join(
        f'<Relationship Id="rIdL{i}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="{url}" TargetMode="External"/>'
        for i, url in enumerate(targets))
    pkg = "http://schemas.openxmlformats.org/package/2006"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", (
            f'<?xml version="1.0"?><Types xmlns="{pkg}/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}/relationships"><Relationship '
            'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        zf.writestr("word/document.xml", (
            f'<?xml version="1.0"?><w:document {ns}><w:body><w:p><w:r><w:t>Ảnh liên kết'
            f"</w:t></w:r></w:p>{pictures}<w:sectPr/></w:body></w:document>"))
        zf.writestr("word/_rels/document.xml.rels", (
            f'<?xml version="1.0"?><Relationships xmlns="{pkg}/relationships">{rels}'
            "</Relationships>"))
    return path


@pytest.mark.slow
def test_real_libreoffice_profile_fetches_no_linked_picture(tmp_path):
    """A picture linked to a local file or a URL stays out of the PDF, and the URL is never
    requested (BlockUntrustedRefererLinks in vbhc's LibreOffice profile). Without the
    profile LibreOffice 7.4 embeds the local picture."""
    import http.server
    import threading

    binary = soffice()
    picture = tmp_path / "bi-mat.png"
    picture.write_bytes(_png())
    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(picture.read_bytes())

        def log_message(self, *_args) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/anh.png"
        docx = _linked_picture_docx(tmp_path / "lien-ket.docx", [picture.as_uri(), url])
        os.environ[pdf.SOFFICE_ENV] = binary
        try:
            pdfs, _font = pdf.convert([docx])
        finally:
            del os.environ[pdf.SOFFICE_ENV]
    finally:
        server.shutdown()
    listing = subprocess.run(["pdfimages", "-list", str(pdfs[0])], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    assert listing == [], "ảnh liên kết đã bị nhúng vào PDF"
    assert requests == [], "LibreOffice đã tải địa chỉ liên kết"


def test_a_killed_worker_fails_its_documents_not_the_run(tmp_path):
    out = tmp_path / "ra"
    run = Run(tmp_path, ["render", *plans(tmp_path, 40), "-o", f"{out}/", "-j", "2"], {})
    # the first document is made by vbhc itself (the workers fork with its caches warm)
    assert wait_for(lambda: _workers(run.proc.pid) and out.exists()
                    and len(list(out.glob("*.docx"))) > 1, 60), run.finish()[1]
    os.kill(_workers(run.proc.pid)[0], signal.SIGKILL)
    code, text = run.finish()
    assert code == 1, text
    clean(text)
    assert "bị dừng đột ngột" in text and "văn bản; không dựng được:" in text
    assert "Đã dựng 0/40" not in text
    assert_nothing_left(run)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@contextlib.contextmanager
def _sigterm_as_the_temp_is_made(handler):
    """Run the block with ``handler`` on SIGTERM and a SIGTERM sent to this process right
    after vbhc.files makes a temp (the file exists, not yet recorded in PENDING_TEMPS)."""
    from vbhc import files

    old = signal.signal(signal.SIGTERM, handler)
    real = files.tempfile.mkstemp

    def mkstemp_then_signal(*args, **kwargs):
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGTERM)  # lands right after the file exists
        return made

    files.tempfile.mkstemp = mkstemp_then_signal
    try:
        yield
    finally:
        files.tempfile.mkstemp = real
        signal.signal(signal.SIGTERM, old)


def test_a_stop_signal_while_the_temp_is_made_waits_until_it_is_recorded(tmp_path):
    """SIGTERM between creating the temp file and recording it in PENDING_TEMPS would leave
    the temp behind (a worker's handler removes only recorded temps): the signal is held
    until both are done. Seen as a flaky leftover .vbhc-*.tmp after SIGKILL of a -j 2 batch."""
    from vbhc import files

    seen: list[set[str]] = []

    def handler(_signum: int, _frame: object) -> None:
        seen.append(set(files.PENDING_TEMPS))

    with _sigterm_as_the_temp_is_made(handler):
        files.write_atomic(tmp_path / "ra.docx", b"x")
    assert len(seen) == 1 and len(seen[0]) == 1  # the handler saw the temp recorded
    assert (tmp_path / "ra.docx").read_bytes() == b"x"


class _Stop(BaseException):
    pass


def test_a_stop_raised_as_the_temp_is_recorded_leaves_no_temp(tmp_path):
    """vbhc's own handlers (Ctrl-C, SIGTERM, SIGHUP: vbhc.commands._report) raise: one held
    while the temp was made raised as the hold ended, before write_atomic's clean-up began,
    and the temp stayed (main -j1, any single document, the document -j N makes itself)."""
    from vbhc import files

    def handler(_signum: int, _frame: object) -> None:
        raise _Stop

    with _sigterm_as_the_temp_is_made(handler), pytest.raises(_Stop):
        files.write_atomic(tmp_path / "ra.docx", b"x")
    assert list(tmp_path.iterdir()) == [] and not files.PENDING_TEMPS
