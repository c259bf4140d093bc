"""The register itself: numbers given atomically, entries completed, released or cancelled,
listed, searched and copied to another database.

Allocation (``Register.allocate``) is one transaction: it locks the counter row of the
agency, series and year (SQLite: the whole database, ``BEGIN IMMEDIATE``; PostgreSQL:
``SELECT ... FOR UPDATE`` on that row), takes the next number, and records the entry in the
same transaction as ``dang-phat-hanh`` (or ``giu-so``). The document is rendered and written
after that commit, then ``complete`` marks the entry ``da-phat-hanh`` with the file and its
hash. So a process killed between the two leaves the entry ``dang-phat-hanh``: the number is
taken, listed as unfinished, and never given again (the counter only moves forward); no state
can hand one number out twice. The database's unique keys hold the same guarantee a second
time: (agency, series, year, number), and one live entry per content hash.

An office is counted once whatever the spelling of its name: the counter is found through
``vbhc.register.fields.name_key`` (UBND/ỦY BAN NHÂN DÂN, Uỷ/Ủy, case, spaces), and the entry
takes the spelling of the counter already there, so registers written before this rule keep
counting on from their highest number; no schema change was needed.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection

from vbhc.errors import VbhcError
from vbhc.model.common import MAX_SO
from vbhc.model.symbol import number_digits
from vbhc.register.db import (
    LIVE,
    TRANG_THAI,
    RegisterError,
    bo_dem,
    database_errors,
    describe,
    make_engine,
    migrate,
    resolve_url,
    van_ban_di,
)
from vbhc.register.fields import EntryFields, fold, name_key, number_text


class RegisterRefusal(VbhcError):
    """The register refuses what was asked (the same content again, a number that is not
    there or already cancelled, a non-empty destination): exit 1. ``existing`` is the entry
    that already holds the same content, when that is the reason."""

    existing: Entry | None = None


@dataclass(frozen=True)
class Entry:
    """One line of the register, as stored (see vbhc.register.db.van_ban_di)."""

    id: int
    co_quan: str
    he_thong_so: str
    nam: int
    so: int
    ky_hieu: str
    ngay: _dt.date
    loai: str
    ten_loai: str
    trich_yeu: str
    nguoi_ky: str
    noi_nhan: str
    don_vi_luu: str
    so_ban: int
    do_mat: str | None
    do_khan: str | None
    ghi_chu: str
    trang_thai: str
    noi_dung_hash: str | None
    nguon: str | None
    tep: str | None
    tep_hash: str | None
    ly_do_huy: str | None
    cap_luc: _dt.datetime
    xong_luc: _dt.datetime | None

    @property
    def so_ky_hieu(self) -> str:
        """The number and symbol as printed: "05/KH-UBND"."""
        return number_text(self.so, self.ky_hieu)

    @property
    def trang_thai_doc(self) -> str:
        """The status as a clerk reads it ("đã phát hành", "đã hủy (bỏ trống số)", ...)."""
        return TRANG_THAI.get(self.trang_thai, self.trang_thai)


_COLUMNS = [f.name for f in fields(Entry)]


def _entry(row: sa.Row) -> Entry:
    values = dict(row._mapping)
    for name in ("cap_luc", "xong_luc"):  # SQLite gives naive datetimes back
        value = values.get(name)
        if value is not None and value.tzinfo is None:
            values[name] = value.replace(tzinfo=_dt.timezone.utc)
    return Entry(**{name: values[name] for name in _COLUMNS})


def _has(text: str, part: str) -> bool:
    """Whether ``part`` is in ``text``, ignoring case, diacritics, tone placement and the
    short forms UBND/HĐND (vbhc.register.fields.name_key, fold)."""
    return fold(name_key(part)) in fold(name_key(text))


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


class Register:
    """An open register (``Register.open(csdl)``): a SQLite file or a PostgreSQL database.

    Every method runs its own transaction and raises ``RegisterError`` (exit 2, naming
    ``--csdl``) when the database cannot be used, ``RegisterRefusal`` (exit 1) when the
    register refuses the request.
    """

    def __init__(self, url: URL) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.created = False

    @classmethod
    def open(cls, csdl: str | os.PathLike[str] | None = None, *,
             create: bool = True) -> Register:
        """Open the register named by ``csdl`` (see vbhc.register.db.resolve_url), creating
        or migrating its schema; ``created`` tells whether it was new. With ``create`` False
        (the read-only commands) a SQLite file that does not exist is a RegisterError, not a
        new empty register (a typo in --csdl). RegisterError too when the folder of a new
        SQLite file does not exist."""
        url = resolve_url(csdl)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database)
            if not create and not path.exists():
                raise RegisterError(f"không có sổ đăng ký {path}: tệp không tồn tại. Kiểm tra "
                                    "--csdl (hoặc biến VBHC_CSDL); sổ được tạo khi phát hành "
                                    "văn bản đầu tiên (vbhc phat-hanh)")
            if not path.parent.is_dir():
                raise RegisterError(f"không tạo được sổ đăng ký {path}: thư mục {path.parent} "
                                    "không tồn tại. Kiểm tra --csdl (hoặc biến VBHC_CSDL)")
        register = cls(url)
        with register._transaction() as conn:
            register.created = migrate(conn)
        return register

    @property
    def where(self) -> str:
        """The register's address as shown to a clerk (a path, or the URL without password)."""
        return describe(self.url)

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.url.get_backend_name()

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        with database_errors(self.url), self.engine.begin() as conn:
            yield conn

    # --- numbers ----------------------------------------------------------------------

    def allocate(self, entry: EntryFields, status: str = "dang-phat-hanh") -> Entry:
        """Give ``entry`` the next number of its agency, series and year and record it with
        ``status`` (``dang-phat-hanh`` or ``giu-so``), in one locked transaction. Raises
        RegisterRefusal when live content with the same hash is in the register, or when
        the series has reached the largest number."""
        if status not in ("dang-phat-hanh", "giu-so"):
            raise ValueError(status)
        try:
            with self._transaction() as conn:
                self._refuse_same_content(conn, entry.noi_dung_hash)
                agency, series = self._counter_names(conn, entry)
                entry = replace(entry, co_quan=agency, he_thong_so=series)
                key = {"co_quan": agency, "he_thong_so": series, "nam": entry.nam}
                conn.execute(self._insert(conn).values(**key, so_cuoi=0)
                             .on_conflict_do_nothing())
                where = sa.and_(*(bo_dem.c[k] == v for k, v in key.items()))
                last = conn.execute(sa.select(bo_dem.c.so_cuoi).where(where)
                                    .with_for_update()).scalar_one()
                if last >= MAX_SO:
                    raise RegisterRefusal(f"hệ thống số {entry.he_thong_so} năm {entry.nam} "
                                          f"đã dùng hết số (đến {MAX_SO})")
                conn.execute(bo_dem.update().where(where).values(so_cuoi=last + 1))
                values = dict(vars(entry))
                new_id = conn.execute(van_ban_di.insert().values(
                    **values, so=last + 1, trang_thai=status, cap_luc=_now())
                    .returning(van_ban_di.c.id)).scalar_one()
        except sa.exc.IntegrityError:  # a concurrent issue of the same content won
            with self._transaction() as conn:
                self._refuse_same_content(conn, entry.noi_dung_hash)
            raise
        return self.get(new_id)

    @staticmethod
    def _counter_names(conn: Connection, entry: EntryFields) -> tuple[str, str]:
        """Return the agency and series under which ``entry`` is counted: those of the
        counter of its year whose names have the same ``name_key`` (another spelling of the
        same office, "UBND ..." for "ỦY BAN NHÂN DÂN ...", Uỷ/Ủy), so one office never
        gets a number twice; the entry's own when there is none. On PostgreSQL an advisory
        lock on the key makes two first issues of a new office wait for each other (SQLite
        holds the whole write lock already)."""
        agency, series = name_key(entry.co_quan), name_key(entry.he_thong_so)
        if conn.dialect.name == "postgresql":
            digest = hashlib.sha256(f"{agency}\n{series}\n{entry.nam}".encode()).digest()
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"),
                         {"k": int.from_bytes(digest[:8], "big", signed=True)})
        rows = conn.execute(sa.select(bo_dem.c.co_quan, bo_dem.c.he_thong_so, bo_dem.c.so_cuoi)
                            .where(bo_dem.c.nam == entry.nam)).all()
        same = [r for r in rows
                if name_key(r.co_quan) == agency and name_key(r.he_thong_so) == series]
        if not same:
            return entry.co_quan, entry.he_thong_so
        best = max(same, key=lambda r: (r.so_cuoi, r.co_quan, r.he_thong_so))
        return best.co_quan, best.he_thong_so

    def previous(self, entry: Entry) -> Entry | None:
        """Return the entry numbered just before ``entry`` in its agency, series and year
        (None for number 01)."""
        with self._transaction() as conn:
            row = conn.execute(sa.select(van_ban_di).where(
                van_ban_di.c.co_quan == entry.co_quan,
                van_ban_di.c.he_thong_so == entry.he_thong_so, van_ban_di.c.nam == entry.nam,
                van_ban_di.c.so < entry.so).order_by(van_ban_di.c.so.desc()).limit(1)).first()
        return None if row is None else _entry(row)

    @staticmethod
    def _insert(conn: Connection) -> sa.Insert:
        if conn.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        return insert(bo_dem)

    def _refuse_same_content(self, conn: Connection, content: str | None) -> None:
        if content is None:
            return
        row = conn.execute(sa.select(van_ban_di).where(
            van_ban_di.c.noi_dung_hash == content,
            van_ban_di.c.trang_thai.in_(LIVE))).first()
        if row is not None:
            old = _entry(row)
            hint = (" (lần phát hành đó chưa xong: nếu nó đã bị ngắt, hủy số ấy bằng "
                    f"`vbhc so-dang-ky huy {old.so_ky_hieu} --nam {old.nam} --ly-do ...` "
                    "rồi phát hành lại)" if old.trang_thai == "dang-phat-hanh" else "")
            if old.trang_thai == "da-phat-hanh" and old.tep:
                hint = (f" (tệp đã phát hành: {old.tep}; thiếu PDF thì chạy lại lệnh này với "
                        "--pdf: PDF được tạo từ tệp đã phát hành, không cấp số mới)")
            refusal = RegisterRefusal(
                f"nội dung này đã có trong sổ: số {old.so_ky_hieu} ngày "
                f"{old.ngay:%d/%m/%Y}, {old.trang_thai_doc}{hint}; không cấp số lần hai cho "
                "cùng một văn bản")
            refusal.existing = old
            raise refusal

    def complete(self, entry_id: int, tep: str, tep_hash: str) -> Entry:
        """Mark the ``dang-phat-hanh`` entry ``entry_id`` issued, with its file path and the
        file's SHA-256. RegisterRefusal if it is no longer pending (cancelled meanwhile)."""
        with self._transaction() as conn:
            done = conn.execute(van_ban_di.update().where(
                van_ban_di.c.id == entry_id, van_ban_di.c.trang_thai == "dang-phat-hanh")
                .values(trang_thai="da-phat-hanh", tep=tep, tep_hash=tep_hash,
                        xong_luc=_now())).rowcount
        if done != 1:
            raise RegisterRefusal(f"mục {entry_id} của sổ không còn ở trạng thái đang phát "
                                  "hành (đã bị hủy?); tệp đã ghi nhưng không được ghi sổ")
        return self.get(entry_id)

    def release(self, entry_id: int, reason: str) -> str:
        """Undo a ``dang-phat-hanh`` entry whose document was not written: when its number is
        still the last of the series it is given back (no gap; return "tra-lai"), else the
        entry is cancelled with ``reason`` (a recorded gap; return "huy"). An entry that is
        not pending (completed, cancelled, gone) is left alone: return "khong-doi"."""
        with self._transaction() as conn:
            row = conn.execute(sa.select(van_ban_di).where(van_ban_di.c.id == entry_id)).first()
            if row is None or row.trang_thai != "dang-phat-hanh":
                return "khong-doi"
            where = sa.and_(bo_dem.c.co_quan == row.co_quan,
                            bo_dem.c.he_thong_so == row.he_thong_so, bo_dem.c.nam == row.nam)
            last = conn.execute(sa.select(bo_dem.c.so_cuoi).where(where)
                                .with_for_update()).scalar_one()
            if last == row.so:
                conn.execute(van_ban_di.delete().where(van_ban_di.c.id == entry_id))
                conn.execute(bo_dem.update().where(where).values(so_cuoi=last - 1))
                return "tra-lai"
            conn.execute(van_ban_di.update().where(van_ban_di.c.id == entry_id).values(
                trang_thai="huy", ly_do_huy=reason, noi_dung_hash=None, xong_luc=_now()))
            return "huy"

    def cancel(self, so: int, nam: int, *, ky_hieu: str | None = None,
               co_quan: str | None = None, reason: str) -> Entry:
        """Cancel number ``so`` of year ``nam`` (symbol ``ky_hieu`` and agency ``co_quan``
        narrow it when the register holds several): the entry stays, as a gap that is never
        filled. RegisterRefusal when no entry or several match, or it is cancelled already."""
        with self._transaction() as conn:
            query = sa.select(van_ban_di).where(van_ban_di.c.so == so, van_ban_di.c.nam == nam)
            if ky_hieu:
                query = query.where(van_ban_di.c.ky_hieu == ky_hieu)
            rows = [_entry(r) for r in conn.execute(query)]
            if co_quan:
                rows = [r for r in rows if _has(r.co_quan, co_quan)]
            label = number_text(so, ky_hieu) if ky_hieu else f"số {number_digits(so)}"
            if not rows:
                raise RegisterRefusal(f"sổ không có {label} năm {nam}")
            if len(rows) > 1:
                listed = "; ".join(f"{r.so_ky_hieu} ({r.co_quan})" for r in rows)
                raise RegisterRefusal(f"có {len(rows)} mục mang {label} năm {nam}: {listed}; "
                                      "ghi đủ số và ký hiệu (05/KH-UBND) hoặc --co-quan")
            old = rows[0]
            if old.trang_thai == "huy":
                raise RegisterRefusal(f"{old.so_ky_hieu} năm {nam} đã hủy từ trước "
                                      f"({old.ly_do_huy})")
            conn.execute(van_ban_di.update().where(van_ban_di.c.id == old.id).values(
                trang_thai="huy", ly_do_huy=reason, noi_dung_hash=None))
        return self.get(old.id)

    # --- reading ----------------------------------------------------------------------

    def get(self, entry_id: int) -> Entry:
        """Return entry ``entry_id``; RegisterRefusal when there is none."""
        with self._transaction() as conn:
            row = conn.execute(sa.select(van_ban_di).where(van_ban_di.c.id == entry_id)).first()
        if row is None:
            raise RegisterRefusal(f"sổ không có mục {entry_id}")
        return _entry(row)

    def entries(self, *, nam: int | None = None, co_quan: str | None = None,
                he_thong_so: str | None = None, loai: str | None = None,
                so: int | None = None, tu: _dt.date | None = None,
                den: _dt.date | None = None, trich_yeu: str | None = None) -> list[Entry]:
        """Return the entries that match every filter given, ordered by agency, year, series,
        number. ``co_quan`` and ``trich_yeu`` match a part of the text, ignoring case and
        diacritics ("TIEP CONG DAN" finds "tiếp công dân"; UBND finds "ỦY BAN NHÂN DÂN");
        ``tu``/``den`` bound the date, both included."""
        query = sa.select(van_ban_di)
        for column, value in (("nam", nam), ("he_thong_so", he_thong_so), ("loai", loai),
                              ("so", so)):
            if value is not None:
                query = query.where(van_ban_di.c[column] == value)
        if tu is not None:
            query = query.where(van_ban_di.c.ngay >= tu)
        if den is not None:
            query = query.where(van_ban_di.c.ngay <= den)
        query = query.order_by(van_ban_di.c.co_quan, van_ban_di.c.nam,
                               van_ban_di.c.he_thong_so, van_ban_di.c.so)
        with self._transaction() as conn:
            rows = [_entry(r) for r in conn.execute(query)]
        if co_quan:
            rows = [r for r in rows if _has(r.co_quan, co_quan)]
        if trich_yeu:
            rows = [r for r in rows if _has(r.trich_yeu, trich_yeu)]
        return rows

    def counters(self) -> list[tuple[str, str, int, int]]:
        """Return every counter as (agency, series, year, last number given)."""
        with self._transaction() as conn:
            return [tuple(r) for r in conn.execute(sa.select(
                bo_dem.c.co_quan, bo_dem.c.he_thong_so, bo_dem.c.nam, bo_dem.c.so_cuoi)
                .order_by(bo_dem.c.co_quan, bo_dem.c.nam, bo_dem.c.he_thong_so))]

    # --- moving ------------------------------------------------------------------------

    def copy_to(self, other: Register) -> int:
        """Copy every counter and entry into ``other``, which must be empty, in one
        transaction there; return the number of entries copied. RegisterRefusal when
        ``other`` already holds entries."""
        with self._transaction() as conn:
            counters = [dict(r._mapping) for r in conn.execute(sa.select(bo_dem))]
            rows = [dict(r._mapping) for r in conn.execute(
                sa.select(van_ban_di).order_by(van_ban_di.c.id))]
        with other._transaction() as conn:
            present = conn.execute(sa.select(sa.func.count()).select_from(van_ban_di)).scalar()
            present += conn.execute(sa.select(sa.func.count()).select_from(bo_dem)).scalar()
            if present:
                raise RegisterRefusal(f"sổ đích {other.where} đã có dữ liệu; chỉ chuyển vào "
                                      "một sổ trống (không trộn hai sổ)")
            if counters:
                conn.execute(bo_dem.insert(), counters)
            for row in rows:
                row.pop("id")
            if rows:
                conn.execute(van_ban_di.insert(), rows)
        return len(rows)
