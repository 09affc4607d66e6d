"""The portal against a PostgreSQL cluster of its own that the tests stop and start.

The shared server (DATABASE_URL) must keep running for every other test, so these tests make
a throwaway cluster with initdb in a temporary folder, migrate it and fill it with the demo,
and serve the portal from it with gunicorn (DEBUG off), as in production. They then take the
database away under the running server and bring it back, and they back it up with pg_dump and
restore it with pg_restore into a new database, comparing every table.

They run in the PostgreSQL pass of `make test` (the SQLite pass has no PostgreSQL to lose);
without PostgreSQL's server programs they are skipped, except under CI, where they must run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from tests.quality.server import (
    _finish,
    _run,
    _stop,
    _wait_until_healthy,
    free_port,
    production_environment,
)

POSTGRESQL_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _missing_reason() -> str | None:
    if not ON_POSTGRESQL:
        return "runs in the PostgreSQL pass (DATABASE_URL=postgres://...)"
    if POSTGRESQL_BIN is None or not (POSTGRESQL_BIN / "initdb").exists():
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    return None


_reason = _missing_reason()
if _reason and os.environ.get("CI") == "true" and ON_POSTGRESQL:
    raise RuntimeError(f"The database outage tests cannot run under CI: {_reason}")
pytestmark = pytest.mark.skipif(_reason is not None, reason=_reason or "")


@dataclass
class Cluster:
    directory: Path
    port: int
    log: Path

    def url(self, database: str = "portal") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _ctl(self, *arguments: str) -> None:
        pg_ctl = str(POSTGRESQL_BIN / "pg_ctl")
        _as_postgres([pg_ctl, "-D", str(self.directory), "-l", str(self.log), *arguments])

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self._ctl("-o", options, "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True)


def _as_postgres(command: list[str]) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: as root, run its programs as the postgres user."""
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def workdir() -> Iterator[Path]:
    # Not under pytest's temporary folder: that one is private to root, and the cluster's
    # files belong to the postgres user.
    directory = Path(tempfile.mkdtemp(prefix="portal-outage-"))
    if os.geteuid() == 0:
        shutil.chown(directory, user="postgres", group="postgres")
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def cluster(workdir) -> Iterator[Cluster]:
    data = workdir / "cluster"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, user="postgres", group="postgres")
    _as_postgres(
        [
            str(POSTGRESQL_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
        ]
    )
    own = Cluster(directory=data, port=free_port(), log=workdir / "postgresql.log")
    own.start()
    try:
        with own.connect() as connection:
            connection.execute("CREATE DATABASE portal")
        yield own
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            own.stop()


@pytest.fixture(scope="module")
def portal(cluster, workdir) -> Iterator[str]:
    """The demo, migrated and seeded on the cluster, served by gunicorn; yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    environment = production_environment(workdir, cluster.url(), base_url)
    environment["DEBUG"] = "true"  # seed_demo refuses to run with DEBUG off
    log = workdir / "setup.log"
    setup = (["migrate", "--noinput", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"])
    for command in setup:
        _finish(_run([sys.executable, "manage.py", *command], environment, log), command[0], log)
    environment["DEBUG"] = "false"
    server_log = workdir / "gunicorn.log"
    gunicorn = _run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--threads",
            "2",
        ],
        environment,
        server_log,
    )
    try:
        _wait_until_healthy(gunicorn, base_url, server_log)
        yield base_url
    finally:
        _stop(gunicorn)


def _get(url: str) -> tuple[int, str, dict[str, str]]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def _eventually(check, seconds: float = 20.0):
    deadline = time.monotonic() + seconds
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.3)


def test_it_answers_503_while_postgresql_is_away_and_recovers_by_itself(cluster, portal):
    # Not the supplier directory: anonymous visitors get its pages from the cache for a minute,
    # database or not.
    assert _get(portal + "/healthz")[:2] == (200, "ok")
    assert _get(portal + "/needs/")[0] == 200

    cluster.stop()
    try:
        status, body, _headers = _get(portal + "/healthz")
        assert status == 503
        assert "database unavailable" in body
        status, body, headers = _get(portal + "/needs/")
        assert status == 503
        assert headers.get("Retry-After") == "30"
        assert "<h1>" in body
        assert "Traceback" not in body
        assert "psycopg" not in body
        assert str(cluster.port) not in body
    finally:
        cluster.start()

    # Same gunicorn, no restart: the next requests find the database again.
    assert _eventually(lambda: _get(portal + "/healthz")[0] == 200)
    assert _get(portal + "/needs/")[0] == 200


def _table_fingerprints(connection: psycopg.Connection) -> dict[str, tuple[int, str]]:
    tables = connection.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    ).fetchall()
    fingerprints = {}
    for (table,) in tables:
        query = sql.SQL(
            "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
            "FROM {} AS t"
        ).format(sql.Identifier(table))
        count, digest = connection.execute(query).fetchone()
        fingerprints[table] = (count, digest)
    return fingerprints


def test_a_backup_restored_with_pg_restore_brings_back_every_record(cluster, portal, workdir):
    dump = workdir / "portal.dump"
    _as_postgres(
        [
            str(POSTGRESQL_BIN / "pg_dump"),
            "--format=custom",
            f"--file={dump}",
            cluster.url(),
        ]
    )
    with cluster.connect() as connection:
        connection.execute("DROP DATABASE IF EXISTS portal_restored")
        connection.execute("CREATE DATABASE portal_restored")
    _as_postgres(
        [
            str(POSTGRESQL_BIN / "pg_restore"),
            "--no-owner",
            "--exit-on-error",
            f"--dbname={cluster.url('portal_restored')}",
            str(dump),
        ]
    )

    with cluster.connect("portal") as original, cluster.connect("portal_restored") as restored:
        before, after = _table_fingerprints(original), _table_fingerprints(restored)
    assert after == before
    # The demo is in it: the fingerprint compares real records, not empty tables.
    assert before["partnerships_umkm"][0] >= 196
    assert before["partnerships_firm"][0] >= 56
    assert sum(1 for count, _digest in before.values() if count) > 30
