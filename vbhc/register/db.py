"""Where the register lives and how it is opened: the address, the engine, the tables and
the versioned schema.

The register (sổ đăng ký văn bản đi) is a SQLite file by default (``default_path()``, in
the user's data folder via platformdirs) or any SQLite path or ``postgresql://`` URL given
with ``--csdl`` or the environment variable ``VBHC_CSDL``. SQLAlchemy 2 (Core) talks to both,
so allocation, queries and the schema are written once.

Locking: on SQLite every transaction starts with ``BEGIN IMMEDIATE`` (the write lock is taken
at once, so two allocations never read the same last number; a waiting process retries for
``BUSY_TIMEOUT`` seconds); on PostgreSQL the allocation locks the counter row of its agency,
series and year with ``SELECT ... FOR UPDATE`` (vbhc.register.store).

Schema: the tool creates and migrates it itself. Table ``vbhc_phien_ban`` holds the schema
version; ``migrate`` runs, in one locked transaction, each step of ``MIGRATIONS`` from the
stored version up to ``SCHEMA_VERSION`` and refuses a register made by a newer vbhc. Alembic
was not used: the schema is three tables, the register is opened by a command-line tool on
machines with no configuration files or migration folder, and the check has to run (cheaply)
on every open for SQLite and PostgreSQL alike; Alembic would add a package, an env.py and a
script directory for what is one integer and a list of functions here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url

from vbhc.errors import VbhcError

ENV_VAR = "VBHC_CSDL"
"""The environment variable naming the register when ``--csdl`` is not given."""

BUSY_TIMEOUT = 60.0
"""Seconds a SQLite connection waits for another process's write lock before giving up."""

CONNECT_TIMEOUT = 10
"""Seconds a PostgreSQL connection attempt may take."""

SCHEMA_VERSION = 1
"""The schema version this vbhc writes (see ``MIGRATIONS``)."""

TRANG_THAI = {
    "dang-phat-hanh": "đang phát hành (chưa xong)",
    "da-phat-hanh": "đã phát hành",
    "giu-so": "giữ số (văn bản giấy)",
    "huy": "đã hủy (bỏ trống số)",
}
"""Entry status -> how a clerk reads it. A number is taken by an entry in any status and never
given again; ``dang-phat-hanh`` is an entry whose issue has not completed (still running, or
stopped by a crash: shown as unfinished, never reissued)."""

LIVE = ("dang-phat-hanh", "da-phat-hanh", "giu-so")
"""Statuses in which an entry's content counts as issued (the same content is refused)."""

metadata = sa.MetaData()

phien_ban = sa.Table(
    "vbhc_phien_ban", metadata,
    sa.Column("phien_ban", sa.Integer, nullable=False),
)

bo_dem = sa.Table(
    "bo_dem_so", metadata,
    sa.Column("co_quan", sa.String(400), primary_key=True),
    sa.Column("he_thong_so", sa.String(120), primary_key=True),
    sa.Column("nam", sa.Integer, primary_key=True),
    sa.Column("so_cuoi", sa.Integer, nullable=False),
)
"""One counter row per agency, series and year: the last number given (0 before the first)."""

van_ban_di = sa.Table(
    "van_ban_di", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("co_quan", sa.String(400), nullable=False),
    sa.Column("he_thong_so", sa.String(120), nullable=False),
    sa.Column("nam", sa.Integer, nullable=False),
    sa.Column("so", sa.Integer, nullable=False),
    sa.Column("ky_hieu", sa.String(120), nullable=False),
    sa.Column("ngay", sa.Date, nullable=False),
    sa.Column("loai", sa.String(40), nullable=False),
    sa.Column("ten_loai", sa.String(120), nullable=False),
    sa.Column("trich_yeu", sa.Text, nullable=False),
    sa.Column("nguoi_ky", sa.Text, nullable=False),
    sa.Column("noi_nhan", sa.Text, nullable=False),
    sa.Column("don_vi_luu", sa.Text, nullable=False),
    sa.Column("so_ban", sa.Integer, nullable=False),
    sa.Column("do_mat", sa.String(20)),
    sa.Column("do_khan", sa.String(20)),
    sa.Column("ghi_chu", sa.Text, nullable=False, default=""),
    sa.Column("trang_thai", sa.String(20), nullable=False),
    sa.Column("noi_dung_hash", sa.String(64)),
    sa.Column("nguon", sa.Text),
    sa.Column("tep", sa.Text),
    sa.Column("tep_hash", sa.String(64)),
    sa.Column("ly_do_huy", sa.Text),
    sa.Column("cap_luc", sa.DateTime(timezone=True), nullable=False),
    sa.Column("xong_luc", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("co_quan", "he_thong_so", "nam", "so", name="uq_van_ban_di_so"),
)
"""One row per number given: the register's lines (ND30 Phụ lục IV: sổ đăng ký văn bản đi)."""

sa.Index("ix_van_ban_di_noi_dung", van_ban_di.c.noi_dung_hash, unique=True,
         sqlite_where=van_ban_di.c.trang_thai.in_(LIVE),
         postgresql_where=van_ban_di.c.trang_thai.in_(LIVE))
# The same content is issued once: a second live entry with its hash is refused by the
# database itself, even from two machines at once.


class RegisterError(VbhcError):
    """The register cannot be opened or used (unreachable server, not a database, a schema
    from a newer vbhc): exit 2, the message names ``--csdl``/``VBHC_CSDL``."""

    exit_code = 2


def default_path() -> Path:
    """Return the default register file: ``so-dang-ky.sqlite3`` in the user's data folder
    (platformdirs: ``~/.local/share/vbhc`` on Linux, ``%LOCALAPPDATA%\\vbhc`` on Windows)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("vbhc", appauthor=False)) / "so-dang-ky.sqlite3"


def resolve_url(csdl: str | os.PathLike[str] | None) -> URL:
    """Return the SQLAlchemy URL of the register named by ``csdl``: a ``postgresql://`` URL
    (driver psycopg 3), a ``sqlite:///`` URL, or a file path (SQLite); None means
    ``VBHC_CSDL`` or else ``default_path()``. Raises RegisterError for another scheme."""
    if csdl is None:
        csdl = os.environ.get(ENV_VAR) or None
    if csdl is None:
        path = default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite", database=str(path))
    text = os.fspath(csdl)
    if "://" not in text:
        return URL.create("sqlite", database=str(Path(text).expanduser()))
    try:
        url = make_url(text)
    except sa.exc.ArgumentError:
        raise RegisterError(f"--csdl: không hiểu địa chỉ cơ sở dữ liệu «{_hide(text)}»; "
                            "ghi đường dẫn tệp SQLite hoặc postgresql://người@máy/csdl"
                            ) from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and url.database:
        return url.set(drivername="sqlite")
    raise RegisterError(f"--csdl: «{_hide(text)}» không phải SQLite hay PostgreSQL; ghi đường "
                        "dẫn tệp SQLite hoặc postgresql://người@máy/csdl")


def _hide(text: str) -> str:
    """Return ``text`` with a password in a URL replaced by ***."""
    try:
        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - any malformed URL: show none of it
        return "(địa chỉ không đọc được)"


def describe(url: URL) -> str:
    """Return the register's address as shown to a clerk: a file path, or the URL without
    its password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def make_engine(url: URL) -> Engine:
    """Return an engine for ``url`` with the register's locking: SQLite transactions begin
    ``IMMEDIATE`` (the driver's own transaction handling is turned off), wait up to
    ``BUSY_TIMEOUT`` for a lock; PostgreSQL connects within ``CONNECT_TIMEOUT``."""
    if url.get_backend_name() == "sqlite":
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT},
                                  poolclass=sa.pool.NullPool)

        @event.listens_for(engine, "connect")
        def _no_driver_transactions(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return sa.create_engine(url, connect_args={"connect_timeout": CONNECT_TIMEOUT},
                            pool_size=1, max_overflow=2)


_REASONS = {
    "unable to open database file": "không mở hay tạo được tệp (thư mục không có, hoặc không "
                                    "có quyền ghi)",
    "file is not a database": "tệp không phải cơ sở dữ liệu SQLite",
    "database is locked": "sổ đang bị một tiến trình khác khóa quá lâu",
    "attempt to write a readonly database": "tệp chỉ đọc, không ghi được",
    "disk i/o error": "lỗi đọc ghi đĩa",
    "database or disk is full": "đĩa đầy",
    "connection refused": "máy chủ từ chối kết nối (PostgreSQL chưa chạy?)",
    "password authentication failed": "sai mật khẩu hoặc người dùng PostgreSQL",
    "does not exist": "cơ sở dữ liệu hoặc người dùng PostgreSQL không tồn tại",
    "could not translate host name": "không tìm thấy máy chủ (tên máy sai?)",
    "timeout expired": "hết thời gian chờ kết nối máy chủ",
}
"""English messages of SQLite and PostgreSQL (by a part of them, lower case) -> what the
clerk reads; other messages are shown as the driver gives them."""


@contextlib.contextmanager
def database_errors(url: URL) -> Iterator[None]:
    """Turn what the database or its driver raises into a RegisterError naming the register
    and ``--csdl``: no traceback for an unreachable server or a file that is not a register.
    Other VbhcErrors pass through."""
    try:
        yield
    except sa.exc.IntegrityError:
        raise
    except (sa.exc.DBAPIError, sa.exc.NoSuchModuleError, sa.exc.ArgumentError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        why = reason[0] if reason else type(exc).__name__
        why = next((vi for en, vi in _REASONS.items() if en in why.lower()), why)
        raise RegisterError(
            f"không dùng được sổ đăng ký {describe(url)}: {why}. Kiểm tra --csdl (hoặc biến "
            f"{ENV_VAR}): đường dẫn tệp SQLite ghi được, hoặc máy chủ PostgreSQL đang chạy và "
            "cho kết nối") from None


def _create_v1(conn: Connection) -> None:
    """Schema version 1: the counters and the register lines."""
    metadata.create_all(conn, tables=[bo_dem, van_ban_di])


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _create_v1}
"""Version -> the step that brings the schema from the version before it to this one. A later
version adds its step here (ALTER TABLE ...) and changes the tables above to match."""

_PG_LOCK = 0x7662_6863  # "vbhc": the advisory lock held while the schema is migrated


def migrate(conn: Connection) -> bool:
    """Bring the schema to ``SCHEMA_VERSION`` inside the caller's transaction (SQLite: the
    write lock; PostgreSQL: an advisory lock, so two first opens do not both create tables).
    Return True when the register was empty (its tables just created). Raises RegisterError
    for a schema newer than this vbhc knows."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
    phien_ban.create(conn, checkfirst=True)
    current = conn.execute(sa.select(phien_ban.c.phien_ban)).scalar()
    created = current is None
    if created:
        current = 0
        conn.execute(phien_ban.insert().values(phien_ban=0))
    if current > SCHEMA_VERSION:
        raise RegisterError(f"sổ đăng ký có lược đồ phiên bản {current}, do một bản vbhc mới "
                            f"hơn tạo (bản này hiểu đến phiên bản {SCHEMA_VERSION}); hãy cập "
                            "nhật vbhc, sổ không bị sửa")
    for version in range(current + 1, SCHEMA_VERSION + 1):
        MIGRATIONS[version](conn)
        conn.execute(phien_ban.update().values(phien_ban=version))
    return created
