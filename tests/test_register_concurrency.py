"""Numbers that never collide (issue 19), on SQLite and on PostgreSQL: 8 processes × 50
issues on one series give 400 distinct, gap-free numbers; two clerks issuing from two
terminals at once never get the same number; the year rolls over to 01; a process killed
with SIGKILL between taking a number and finishing leaves a recorded unfinished entry or a
completed one, never a duplicate and never an unrecorded gap."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.register_backends import (  # noqa: F401 - fixtures
    csdl_fixture,
    postgres_server_fixture,
)
from tests.test_register import DAY, variant
from vbhc.register import Register, issue
from vbhc.register.fields import EntryFields

WORKER = """
import os, sys, time, datetime
from pathlib import Path
from vbhc.register import Register
from vbhc.register.fields import EntryFields

url, count, tag, start = sys.argv[1], int(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
register = Register.open(url)
while not start.exists():
    time.sleep(0.005)
for i in range(count):
    fields = EntryFields(co_quan="UBND TỈNH THỬ", he_thong_so="KH-UBND", nam=2024,
                         ngay=datetime.date(2024, 6, 1), ky_hieu="KH-UBND", loai="ke-hoach",
                         ten_loai="Kế hoạch", trich_yeu=f"{tag} {i}", nguoi_ky="CHỦ TỊCH",
                         noi_nhan="Như trên", don_vi_luu="VT", so_ban=1,
                         noi_dung_hash=f"{tag}-{i}")
    entry = register.allocate(fields)
    if os.environ.get("VBHC_TEST_HOLD"):
        print(entry.so, flush=True)
        time.sleep(600)
    register.complete(entry.id, f"/tmp/{tag}-{i}.docx", "0" * 64)
    print(entry.so, flush=True)
"""


def start_workers(csdl: str, tmp_path: Path, processes: int, count: int,
                  env: dict[str, str] | None = None) -> tuple[list[subprocess.Popen], Path]:
    gate = tmp_path / "bat-dau"
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, csdl, str(count), f"w{n}",
                                 str(gate)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env={**os.environ, **(env or {})})
               for n in range(processes)]
    return workers, gate


def test_8_processes_x_50_issues_give_400_distinct_gap_free_numbers(csdl, tmp_path):
    Register.open(csdl).close()  # the schema exists before the race (its creation is locked too)
    workers, gate = start_workers(csdl, tmp_path, 8, 50)
    time.sleep(1.0)  # every worker has opened the register and waits at the gate
    gate.touch()
    numbers = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        numbers += [int(line) for line in out.split()]
    assert sorted(numbers) == list(range(1, 401))
    register = Register.open(csdl)
    entries = register.entries()
    assert sorted(e.so for e in entries) == list(range(1, 401))
    assert {e.trang_thai for e in entries} == {"da-phat-hanh"}
    assert register.counters() == [("UBND TỈNH THỬ", "KH-UBND", 2024, 400)]


def test_two_terminals_issuing_at_once_never_share_a_number(csdl, tmp_path):
    """Three `vbhc phat-hanh` commands started together, four documents each."""
    runs = []
    for t in range(3):
        sources = [str(variant(tmp_path, f"t{t}-{i}", trich_yeu=f"Thông báo {t}.{i}"))
                   for i in range(4)]
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "vbhc", "phat-hanh", *sources, "--csdl", csdl, "--ngay",
             "10/6/2024", "-o", str(tmp_path / f"ra{t}") + "/"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in runs:
        _out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    entries = Register.open(csdl).entries()
    assert sorted(e.so for e in entries) == list(range(1, 13))
    files = sorted(p.name.rsplit("_", 1)[1] for p in tmp_path.glob("ra*/*.docx"))
    assert files == sorted(f"{n:02d}-TB-UBND.docx" for n in range(1, 13))
    for entry in entries:
        assert hashlib.sha256(Path(entry.tep).read_bytes()).hexdigest() == entry.tep_hash


def test_the_year_rolls_over_to_01(csdl, tmp_path):
    register = Register.open(csdl)
    december = [issue(register, variant(tmp_path, f"d{i}", trich_yeu=f"Tháng 12 số {i}"),
                      day=_dt.date(2024, 12, 31)).entry for i in range(3)]
    january = issue(register, variant(tmp_path, "j", trich_yeu="Đầu năm"),
                    day=_dt.date(2025, 1, 1)).entry
    late = issue(register, variant(tmp_path, "l", trich_yeu="Vào sổ muộn năm cũ"),
                 day=_dt.date(2024, 12, 31)).entry
    assert [e.so_ky_hieu for e in december] == ["01/TB-UBND", "02/TB-UBND", "03/TB-UBND"]
    assert (january.so_ky_hieu, january.nam) == ("01/TB-UBND", 2025)
    assert (late.so, late.nam) == (4, 2024)


def test_sigkill_after_taking_a_number_leaves_a_recorded_unfinished_entry(csdl, tmp_path):
    """A process killed right after the allocation's commit, before rendering."""
    Register.open(csdl).close()
    (worker,), gate = start_workers(csdl, tmp_path, 1, 1, env={"VBHC_TEST_HOLD": "1"})
    gate.touch()
    line = worker.stdout.readline()
    assert line.strip() == "1", worker.stderr.read()
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    register = Register.open(csdl)
    (pending,) = register.entries()
    assert (pending.so, pending.trang_thai) == (1, "dang-phat-hanh")
    nxt = register.allocate(_fields("sau", series="KH-UBND", agency="UBND TỈNH THỬ"))
    assert nxt.so == 2  # never the killed one's number
    assert register.release(pending.id, "x") == "huy"  # not the last: a recorded gap
    assert [(e.so, e.trang_thai) for e in register.entries()] == [(1, "huy"),
                                                                   (2, "dang-phat-hanh")]


def test_sigkill_at_random_moments_of_phat_hanh_never_duplicates(csdl, tmp_path):
    """`vbhc phat-hanh` killed with SIGKILL at several moments (start-up, loading, after the
    number, rendering, writing, after writing): every number in the register is distinct,
    numbers run 1..n with no unrecorded gap, a completed entry's file has its hash, and no
    two files carry one number."""
    rng = random.Random(19)
    delays = sorted(rng.uniform(0.2, 2.5) for _ in range(4)) + [120.0]
    for i, delay in enumerate(delays):
        source = variant(tmp_path, f"k{i}", trich_yeu=f"Thử ngắt {i}")
        proc = subprocess.Popen([sys.executable, "-m", "vbhc", "phat-hanh", str(source),
                                 "--csdl", csdl, "--ngay", "10/6/2024"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            proc.wait(delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait(30)
    entries = Register.open(csdl).entries()
    numbers = [e.so for e in entries]
    assert numbers == list(range(1, len(numbers) + 1))
    assert entries[-1].trang_thai == "da-phat-hanh"  # the last run was left to finish
    for entry in entries:
        assert entry.trang_thai in ("da-phat-hanh", "dang-phat-hanh")
        if entry.trang_thai == "da-phat-hanh":
            assert hashlib.sha256(Path(entry.tep).read_bytes()).hexdigest() == entry.tep_hash
    on_disk = [p.name.rsplit("_", 1)[1] for p in tmp_path.glob("k*_*.docx")]
    assert len(on_disk) == len(set(on_disk))
    assert {int(name.split("-")[0]) for name in on_disk} <= set(numbers)


def _fields(tag: str, series: str = "KH-X", agency: str = "X") -> EntryFields:
    return EntryFields(co_quan=agency, he_thong_so=series, nam=2024, ngay=DAY, ky_hieu="KH-X",
                       loai="ke-hoach", ten_loai="Kế hoạch", trich_yeu=tag, nguoi_ky="",
                       noi_nhan="", don_vi_luu="VT", so_ban=1, noi_dung_hash=tag)


def test_same_content_from_two_places_at_once_is_refused_by_the_database(csdl):
    """The unique index on live content: even a second allocation that passed the check
    (simulated by inserting directly) cannot record the same content twice."""
    import pytest
    import sqlalchemy as sa

    from vbhc.register.db import van_ban_di

    register = Register.open(csdl)
    first = register.allocate(_fields("giong"))
    row = {k: v for k, v in vars(_fields("giong")).items()}
    with pytest.raises(sa.exc.IntegrityError), register.engine.begin() as conn:
        conn.execute(van_ban_di.insert().values(**row, so=99, trang_thai="da-phat-hanh",
                                                cap_luc=_dt.datetime.now(_dt.timezone.utc)))
    assert [e.id for e in register.entries()] == [first.id]
