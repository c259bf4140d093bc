"""Writing outputs safely (issues 12 and 22): no output on an input, no overwrite under
concurrency, no symlink followed, write failures as per-file messages, special files and
Unicode look-alike names in batches, multi-file check that never stops at a bad file."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import unicodedata
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import PLAN_EXAMPLE, ROOT
from vbhc import cli
from vbhc.errors import OutputExistsError
from vbhc.files import OutputIsInputError, WriteError, same_file, write_atomic

TEMPLATE = ROOT / "templates" / "ke-hoach.docx"
VBHC = [sys.executable, "-m", "vbhc"]


FAKE_SOFFICE = r"""#!{python}
import os, pathlib, signal, subprocess, sys, time
log = pathlib.Path(os.environ["FAKE_SOFFICE_LOG"])
mode = os.environ.get("FAKE_SOFFICE_MODE", "ok")
args = sys.argv[1:]
def note(text):
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(text + "\n")
note(f"start {{os.getpid()}} {{os.getpgrp()}} {{os.getsid(0)}}")
note("args " + repr(args))
profile = next(a for a in args if a.startswith("-env:UserInstallation="))
xcu = pathlib.Path(profile.split("file://", 1)[1]) / "user" / "registrymodifications.xcu"
note("xcu " + xcu.read_text(encoding="utf-8").replace("\n", " "))
if mode == "crash":
    os.kill(os.getpid(), signal.SIGSEGV)
if mode in ("child-hang", "child-exit"):
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
    note(f"child {{child.pid}}")
if mode == "child-exit":
    sys.exit(0)
if mode in ("sleep", "child-hang"):
    note("waiting")
    while True:
        time.sleep(1)
out = pathlib.Path(args[args.index("--outdir") + 1])
out.mkdir(parents=True, exist_ok=True)
for name in [a for a in args if a.endswith(".docx")]:
    (out / (pathlib.Path(name).stem + ".pdf")).write_bytes(b"%PDF-1.4 fake")
note("done")
"""


class FakeSoffice:
    """A fake LibreOffice (``VBHC_SOFFICE``) that logs its process ids and behaves as
    ``mode`` says: ok, sleep (forever), crash (SIGSEGV), child-hang, child-exit."""

    def __init__(self, folder: Path, mode: str = "ok") -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "soffice"
        self.log = folder / "soffice.log"
        self.path.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
        self.path.chmod(0o755)
        self.env = {"VBHC_SOFFICE": str(self.path), "FAKE_SOFFICE_LOG": str(self.log),
                    "FAKE_SOFFICE_MODE": mode}

    def lines(self, word: str) -> list[str]:
        if not self.log.exists():
            return []
        return [line[len(word) + 1:] for line in self.log.read_text("utf-8").splitlines()
                if line == word or line.startswith(word + " ")]

    def pids(self) -> list[int]:
        """The fake's own pid (its group id) and those of the children it started."""
        return ([int(line.split()[0]) for line in self.lines("start")]
                + [int(line) for line in self.lines("child")])


@pytest.fixture()
def fake_soffice(tmp_path) -> FakeSoffice:
    return FakeSoffice(tmp_path / "gia")


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def clean(output: str) -> None:
    assert "Lỗi nội bộ" not in output and "Traceback" not in output, output


def plan_copy(folder: Path, name: str = "kh.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copy(PLAN_EXAMPLE, path)
    return path


# ------------------------------------------------------------------ 2. output == an input

def test_same_file_sees_symlinks_and_hard_links(tmp_path):
    a = tmp_path / "a"
    a.write_text("x")
    (tmp_path / "sym").symlink_to(a)
    os.link(a, tmp_path / "hard")
    assert same_file(a, tmp_path / "sym") and same_file(a, tmp_path / "hard")
    assert same_file(a, tmp_path / "." / "a")
    assert not same_file(a, tmp_path / "khac")


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
@pytest.mark.parametrize("force", [False, True])
def test_render_never_writes_over_its_yaml(tmp_path, how, force):
    plan = plan_copy(tmp_path)
    before = digest(plan)
    out = {"same": plan, "symlink": tmp_path / "ra.docx", "hardlink": tmp_path / "ra.docx"}[how]
    if how == "symlink":
        out.symlink_to(plan)
    elif how == "hardlink":
        os.link(plan, out)
    result = run("render", str(plan), "-o", str(out), *(["--force"] if force else []))
    assert result.exit_code == 1, result.output
    assert "chính là tệp vào" in result.output and "--force" not in result.output
    clean(result.output)
    assert digest(plan) == before


def test_render_never_writes_over_its_template(tmp_path):
    plan = plan_copy(tmp_path)
    template = tmp_path / "mau.docx"
    shutil.copy(TEMPLATE, template)
    before = digest(template)
    result = run("render", str(plan), "-o", str(template), "--template", str(template),
                 "--force")
    assert result.exit_code == 1 and "chính là tệp vào" in result.output, result.output
    assert "--force" not in result.output
    assert digest(template) == before


def test_batch_target_equal_to_an_input_fails_alone(tmp_path):
    folder = tmp_path / "vao"
    a, b = plan_copy(folder, "a.yaml"), plan_copy(folder, "b.yaml")
    (folder / "a.docx").symlink_to(b)  # the output of a.yaml would land on b.yaml
    before = digest(b)
    result = run("render", str(a), str(b), "--force")
    assert result.exit_code == 1, result.output
    assert "chính là tệp vào" in result.output and "Đã dựng 1/2" in result.output
    assert digest(b) == before and (folder / "b.docx").is_file()


def test_pdf_target_equal_to_an_input_is_refused(tmp_path, fake_soffice):
    # The source is named kh.pdf: its PDF would be written over it.
    source = tmp_path / "kh.pdf"
    shutil.copy(PLAN_EXAMPLE, source)
    before = digest(source)
    result = run("render", str(source), "--pdf", "--force", env=fake_soffice.env)
    assert result.exit_code == 1 and "chính là tệp vào" in result.output, result.output
    assert digest(source) == before
    # -o x.pdf: the PDF would replace the .docx just written.
    result = run("render", str(plan_copy(tmp_path)), "-o", str(tmp_path / "x.pdf"), "--pdf",
                 env=fake_soffice.env)
    assert result.exit_code == 1 and "chính là tệp vào" in result.output, result.output
    assert zipfile.is_zipfile(tmp_path / "x.pdf")


@pytest.mark.parametrize("force", [False, True])
def test_derive_never_writes_over_plan_or_rules(tmp_path, force):
    plan = plan_copy(tmp_path)
    rules = tmp_path / "quy-tac.yaml"
    rules.write_text("huyen: []\n", encoding="utf-8")
    flags = ["--force"] if force else []
    for out in (plan, rules):
        before = digest(out)
        result = run("derive", str(plan), "--to", "huyện Cao Lộc", "--rules", str(rules),
                     "-o", str(out), *flags)
        assert result.exit_code == 1 and "chính là tệp vào" in result.output, result.output
        assert "--force" not in result.output
        clean(result.output)
        assert digest(out) == before
    link = tmp_path / "lien-ket.yaml"
    link.symlink_to(plan)
    result = run("derive", str(plan), "--to", "huyện Cao Lộc", "-o", str(link), "--docx",
                 *flags)
    assert result.exit_code == 1 and "chính là tệp vào" in result.output


def test_derive_all_output_equal_to_the_plan_is_refused(tmp_path):
    plan = plan_copy(tmp_path)
    before = digest(plan)
    result = run("derive", str(plan), "--all", "-o", str(plan), "--force")
    assert result.exit_code == 1 and "chính là tệp vào" in result.output, result.output
    assert digest(plan) == before


def test_derive_all_skips_a_unit_whose_file_is_the_plan(tmp_path):
    first = run("derive", str(PLAN_EXAMPLE), "--all", "-o", f"{tmp_path}/thu/")
    assert first.exit_code == 0, first.output
    names = sorted(p.name for p in (tmp_path / "thu").glob("*.yaml"))
    plan = plan_copy(tmp_path / "ra", PLAN_EXAMPLE.name)
    os.link(plan, tmp_path / "ra" / names[0])  # a unit's output is a hard link to the plan
    before = digest(plan)
    result = run("derive", str(plan), "--all", "--force")
    assert result.exit_code == 1, result.output
    assert "chính là tệp vào" in result.output
    assert f"Đã ghi {len(names) - 1}/{len(names)}" in result.output
    assert digest(plan) == before


def test_check_annotate_refuses_a_hard_link_to_its_input(tmp_path):
    docx = tmp_path / "kh.docx"
    shutil.copy(TEMPLATE, docx)
    os.link(docx, tmp_path / "gop-y.docx")
    before = digest(docx)
    result = run("check", str(docx), "--annotate", str(tmp_path / "gop-y.docx"), "--force")
    assert result.exit_code == 1 and "không ghi chú đè" in result.output, result.output
    assert "--force" not in result.output
    assert digest(docx) == before


# ------------------------------------------------------------------ 3. no overwrite, ever

def test_write_atomic_threads_exactly_one_wins(tmp_path):
    target = tmp_path / "kh.docx"
    results: list[str] = []

    def write(i: int) -> None:
        try:
            write_atomic(target, f"ban {i}".encode())
            results.append(f"ok {i}")
        except OutputExistsError:
            results.append("exists")

    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [r for r in results if r.startswith("ok")]
    assert len(winners) == 1, results
    assert target.read_text() == f"ban {winners[0].split()[1]}"
    assert [p.name for p in tmp_path.iterdir()] == ["kh.docx"]


def test_ten_pairs_of_simultaneous_renders_one_success_each(tmp_path):
    plan = plan_copy(tmp_path)
    for i in range(10):
        out = tmp_path / f"ra-{i}" / "kh.docx"
        procs = [subprocess.Popen([*VBHC, "render", str(plan), "-o", str(out)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        done = [(p.wait(120), p.stdout.read() + p.stderr.read()) for p in procs]
        for p in procs:
            p.stdout.close()
            p.stderr.close()
        codes = sorted(rc for rc, _ in done)
        assert codes == [0, 1], done
        loser = next(text for rc, text in done if rc == 1)
        assert "đã có" in loser or "vừa được tạo" in loser, loser
        assert sorted(p.name for p in out.parent.iterdir()) == ["kh.docx"]


def test_without_hard_links_the_name_is_still_taken_exclusively(tmp_path, monkeypatch):
    import errno

    def no_links(*_args, **_kwargs):
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    target = tmp_path / "kh.docx"
    write_atomic(target, b"mot")
    with pytest.raises(OutputExistsError):
        write_atomic(target, b"hai")
    assert target.read_bytes() == b"mot" and [p.name for p in tmp_path.iterdir()] == [
        "kh.docx"]
    target.unlink()
    target.symlink_to(tmp_path / "khong-co")  # O_NOFOLLOW: a dangling link is not followed
    with pytest.raises(OutputExistsError):
        write_atomic(target, b"ba")
    assert not (tmp_path / "khong-co").exists()


def test_dangling_symlink_is_refused_without_force_and_replaced_with(tmp_path):
    target = tmp_path / "kh.docx"
    victim = tmp_path / "khong-co" / "dich"
    target.symlink_to(victim)
    with pytest.raises(OutputExistsError):
        write_atomic(target, b"moi")
    assert target.is_symlink() and not victim.exists()
    write_atomic(target, b"moi", force=True)
    assert not target.is_symlink() and target.read_bytes() == b"moi"
    assert not victim.exists()


def test_force_replaces_a_symlink_instead_of_following_it(tmp_path):
    victim = tmp_path / "quan-trong.txt"
    victim.write_text("giu nguyen")
    target = tmp_path / "kh.docx"
    target.symlink_to(victim)
    write_atomic(target, b"moi", force=True)
    assert victim.read_text() == "giu nguyen" and not target.is_symlink()


def test_existing_file_kept_without_force(tmp_path):
    target = tmp_path / "kh.docx"
    target.write_bytes(b"cu")
    with pytest.raises(OutputExistsError):
        write_atomic(target, b"moi")
    assert target.read_bytes() == b"cu" and len(list(tmp_path.iterdir())) == 1


def test_input_list_refused_even_with_force(tmp_path):
    source = tmp_path / "kh.yaml"
    source.write_text("a: 1")
    with pytest.raises(OutputIsInputError):
        write_atomic(source, b"x", force=True, inputs=[None, source])
    assert source.read_text() == "a: 1"


# ------------------------------------------------------------------ 6. write failures

def test_parent_is_a_file(tmp_path):
    (tmp_path / "tep").write_text("x")
    with pytest.raises(WriteError, match="tep/con/kh.docx.*không phải thư mục"):
        write_atomic(tmp_path / "tep" / "con" / "kh.docx", b"x")


def test_target_is_a_folder_with_and_without_force(tmp_path):
    (tmp_path / "kh.docx").mkdir()
    for force in (False, True):
        with pytest.raises(WriteError, match="là một thư mục"):
            write_atomic(tmp_path / "kh.docx", b"x", force=force)


def test_special_files_are_never_replaced(tmp_path):
    os.mkfifo(tmp_path / "fifo.docx")
    for force in (False, True):
        with pytest.raises(WriteError, match="không phải tệp thường"):
            write_atomic(tmp_path / "fifo.docx", b"x", force=force)
    result = run("render", str(PLAN_EXAMPLE), "-o", "/dev/null", "--force")
    assert result.exit_code == 1 and "không phải tệp thường" in result.output, result.output
    assert Path("/dev/null").is_char_device()


def test_long_name_fits_because_temp_names_are_short(tmp_path):
    name = "k" * 250 + ".docx"  # 255 bytes: the longest name the file system allows
    assert write_atomic(tmp_path / name, b"x").read_bytes() == b"x"
    with pytest.raises(WriteError, match="quá dài"):
        write_atomic(tmp_path / ("k" * 300 + ".docx"), b"x")
    assert len(list(tmp_path.iterdir())) == 1


def test_batch_goes_on_after_write_failures(tmp_path):
    folder = tmp_path / "vao"
    plans = [plan_copy(folder, f"kh-{i}.yaml") for i in range(3)]
    out = tmp_path / "ra"
    (out / "kh-1.docx").mkdir(parents=True)  # a folder where a file should go
    result = run("render", *map(str, plans), "-o", f"{out}/", "-j", "2")
    assert result.exit_code == 1, result.output
    clean(result.output)
    assert "kh-1.docx: đó là một thư mục" in result.output
    assert "Đã dựng 2/3 văn bản; không dựng được: " in result.output
    assert (out / "kh-0.docx").is_file() and (out / "kh-2.docx").is_file()
    # -o below a file: every document fails with a message, none with an internal error.
    (tmp_path / "tep").write_text("x")
    result = run("render", *map(str, plans), "-o", f"{tmp_path / 'tep' / 'ra'}/")
    assert result.exit_code == 1 and result.output.count("không phải thư mục") == 3, \
        result.output
    clean(result.output)


def _limited(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_file_size_limit_is_a_message_and_leaves_nothing(tmp_path):
    plans = [plan_copy(tmp_path / "vao", f"kh-{i}.yaml") for i in range(2)]
    out = tmp_path / "ra"
    done = subprocess.run([*VBHC, "render", *map(str, plans), "-o", f"{out}/"],
                          capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited(8_000))
    text = done.stdout + done.stderr
    assert done.returncode == 1, text
    clean(text)
    assert text.count("ulimit -f") == 2 and "Đã dựng 0/2" in text
    assert list(out.iterdir()) == []


def _mount_tmpfs(path: Path, options: str) -> bool:
    path.mkdir(exist_ok=True)
    if not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.parametrize(("options", "why"), [("size=8k", "đĩa đã đầy"),
                                              ("ro,size=1m", "ổ chỉ đọc")])
def test_full_or_read_only_disk(tmp_path, options, why):
    disk = tmp_path / "dia"
    if not _mount_tmpfs(disk, options):
        pytest.skip("không gắn được tmpfs (cần quyền root)")
    try:
        plans = [plan_copy(tmp_path / "vao", f"kh-{i}.yaml") for i in range(2)]
        result = run("render", *map(str, plans), "-o", f"{disk}/")
        assert result.exit_code == 1, result.output
        clean(result.output)
        assert result.output.count(why) == 2, result.output
        assert [p for p in disk.iterdir()] == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


# ------------------------------------------------------------------ 7. batch inputs

def test_fifo_in_a_folder_is_refused_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "vao"
    plan_copy(folder, "a.yaml")
    os.mkfifo(folder / "b.yaml")
    done = subprocess.run([*VBHC, "render", str(folder), "-o", f"{tmp_path}/ra/"],
                          capture_output=True, text=True, timeout=120)
    text = done.stdout + done.stderr
    assert done.returncode == 2, text
    assert "b.yaml: không phải tệp thường" in text and "Đã dựng 1/2" in text
    clean(text)
    assert [p.name for p in (tmp_path / "ra").iterdir()] == ["a.docx"]


def test_device_named_directly_is_refused_and_the_batch_goes_on(tmp_path):
    good = plan_copy(tmp_path / "vao")
    result = run("render", "/dev/zero", str(good), "-o", f"{tmp_path}/ra/")
    assert result.exit_code == 2, result.output
    assert "/dev/zero: không phải tệp thường" in result.output and "Đã dựng 1/2" in result.output
    clean(result.output)


def test_nfc_and_nfd_names_collide(tmp_path):
    name = "kế-hoạch.yaml"
    nfc = plan_copy(tmp_path / "a", unicodedata.normalize("NFC", name))
    nfd = plan_copy(tmp_path / "b", unicodedata.normalize("NFD", name))
    result = run("render", str(nfc), str(nfd), "-o", f"{tmp_path}/ra/")
    assert result.exit_code == 1 and result.output.count("cùng ghi ra") == 2, result.output
    assert not (tmp_path / "ra").exists() or not list((tmp_path / "ra").iterdir())


def test_nfd_name_gives_an_nfc_output(tmp_path):
    nfd = plan_copy(tmp_path, unicodedata.normalize("NFD", "kế-hoạch.yaml"))
    result = run("render", str(nfd))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.docx")] == [
        unicodedata.normalize("NFC", "kế-hoạch.docx")]


# ------------------------------------------------------------------ 8. multi-file check

@pytest.fixture()
def check_files(tmp_path) -> list[Path]:
    good = tmp_path / "tot.docx"
    assert run("render", str(PLAN_EXAMPLE), "-o", str(good)).exit_code == 0
    not_zip = tmp_path / "khong-zip.docx"
    not_zip.write_text("không phải docx")
    fifo = tmp_path / "fifo.docx"
    os.mkfifo(fifo)
    bad_xml = tmp_path / "xml-hong.docx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad_xml, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data[:200] if info.filename == "word/document.xml" else data)
    return [not_zip, fifo, bad_xml, tmp_path / "khong-co.docx", good]


def test_check_goes_on_after_bad_files(check_files):
    done = subprocess.run([*VBHC, "check", *map(str, check_files)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    clean(done.stdout + done.stderr)
    errors = [line for line in done.stderr.splitlines() if line.startswith("Lỗi:")]
    assert len(errors) == 4
    for path, line in zip(check_files[:4], errors, strict=True):
        assert str(path) in line
    assert f"{check_files[4]}:" in done.stdout


def test_check_json_is_whole_with_an_entry_per_bad_file(check_files):
    done = subprocess.run([*VBHC, "check", "--json", *map(str, check_files)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    report = json.loads(done.stdout)
    assert [e["tep"] for e in report] == [str(p) for p in check_files]
    assert all("loi_doc_tep" in e and e["ma_thoat"] == 2 for e in report[:4])
    assert "XML" in report[2]["loi_doc_tep"] and str(check_files[2]) in report[2]["loi_doc_tep"]
    assert "phat_hien" in report[4]


def test_check_exit_code_is_the_worst(tmp_path, check_files):
    good = check_files[4]
    assert run("check", str(good), str(good)).exit_code in (0, 1)
    assert run("check", str(good), str(check_files[0])).exit_code == 2


def test_sweep_removes_only_temps_of_dead_writers(tmp_path):
    """A batch worker killed mid-write leaves .vbhc-<pid>-*.tmp; the batch removes it after."""
    import subprocess
    import sys

    from vbhc.files import sweep_orphan_temps

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    orphan = tmp_path / f".vbhc-{dead.stdout.strip()}-abc.tmp"
    live = tmp_path / f".vbhc-{os.getpid()}-def.tmp"
    other = tmp_path / ".vbhc-notapid.tmp"
    for path in (orphan, live, other):
        path.write_bytes(b"x")
    assert sweep_orphan_temps([tmp_path]) == [orphan]
    assert live.exists() and other.exists() and not orphan.exists()
