"""Fixtures for the register tests: one register per test on SQLite (a file) and on
PostgreSQL (a fresh database on a real server). A test module imports ``csdl_fixture``,
``pg_csdl_fixture`` and ``postgres_server_fixture``; its tests ask for ``csdl``, ``pg_csdl``,
``postgres_server``.

The server is the one named by ``VBHC_TEST_POSTGRES`` (``.ci/run`` starts one and sets it);
without it the tests start a throwaway one with ``tools/postgres-tam.sh`` (Debian package
postgresql). Only when no server can start are the PostgreSQL tests skipped, with the reason.
A server named by ``VBHC_TEST_POSTGRES`` that does not answer is a failure, not a skip.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

START = ROOT / "tools" / "postgres-tam.sh"
_names = itertools.count(1)


def _connect(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    with psycopg.connect(dbname=u.database, user=u.username, host=u.query.get("host") or u.host,
                         port=u.port, password=u.password, connect_timeout=10):
        pass


@pytest.fixture(scope="session", name="postgres_server")
def postgres_server_fixture() -> Iterator[str]:
    """Return the URL of a running PostgreSQL server (database ``postgres``)."""
    given = os.environ.get("VBHC_TEST_POSTGRES")
    if given:
        _connect(given)  # set but not answering: fail loudly
        yield given
        return
    folder = tempfile.mkdtemp(prefix="vbhc-pg-")
    done = subprocess.run(["bash", str(START), "start", folder], capture_output=True,
                          text=True, timeout=120, check=False)
    if done.returncode != 0:
        pytest.skip("PostgreSQL: không khởi động được máy chủ thử (cài gói postgresql hoặc "
                    f"đặt VBHC_TEST_POSTGRES): {done.stderr.strip()[-300:]}")
    try:
        yield done.stdout.strip()
    finally:
        subprocess.run(["bash", str(START), "stop", folder], capture_output=True, timeout=60,
                       check=False)


def fresh_database(server: str) -> tuple[str, str]:
    """Create an empty database on ``server``; return (its URL, its name)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(server)
    name = f"vbhc_t{os.getpid()}_{next(_names)}"
    with psycopg.connect(dbname=u.database, user=u.username,
                         host=u.query.get("host") or u.host, port=u.port,
                         password=u.password, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return u.set(database=name).render_as_string(hide_password=False), name


def drop_database(server: str, name: str) -> None:
    """Drop database ``name`` on ``server`` (connections to it are ended first)."""
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(server)
    with psycopg.connect(dbname=u.database, user=u.username,
                         host=u.query.get("host") or u.host, port=u.port,
                         password=u.password, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"], name="csdl")
def csdl_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Return the ``--csdl`` of an empty register: a SQLite file, or a new PostgreSQL
    database."""
    if request.param == "sqlite":
        yield str(tmp_path / "so-dang-ky.sqlite3")
        return
    server = request.getfixturevalue("postgres_server")
    url, name = fresh_database(server)
    try:
        yield url
    finally:
        drop_database(server, name)


@pytest.fixture(name="pg_csdl")
def pg_csdl_fixture(postgres_server: str) -> Iterator[str]:
    """Return the URL of an empty PostgreSQL register (a new database)."""
    url, name = fresh_database(postgres_server)
    try:
        yield url
    finally:
        drop_database(postgres_server, name)
