"""The demo site served as in production, for the quality checks.

A database of its own (a temporary SQLite file; on PostgreSQL, when DATABASE_URL is set, a
database named after it with the suffix _quality, dropped afterwards), migrated and seeded
with the demo in a subprocess; the static files collected into a temporary STATIC_ROOT; and
gunicorn with two workers and DEBUG off, so that WhiteNoise serves the hashed, compressed
static files with their caching headers as it does in production (threaded workers, as no
buffering reverse proxy stands in front of them here). Only TLS is left out: the
server speaks plain HTTP on a free port of 127.0.0.1, so the settings that redirect to HTTPS
and mark cookies secure are off.

E-mail goes to gunicorn's console (the log file), where the keyboard journey reads the link
that confirms a new address.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

REPOSITORY = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


@dataclass
class QualityServer:
    base_url: str
    log_path: Path
    ids: dict[str, object]
    environment: dict[str, str] = field(repr=False)

    def url(self, path: str) -> str:
        return self.base_url + path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def link_in_last_email(self, to: str, path: str) -> str:
        """The path of the last link containing `path` in the last e-mail sent to `to`
        (Django's console backend prints each message, then a line of dashes)."""
        messages = [message for message in self.log().split("-" * 79) if f"\nTo: {to}\n" in message]
        assert messages, f"no e-mail to {to} in {self.log_path}"
        links = re.findall(rf"{re.escape(self.base_url)}(\S*{re.escape(path)}\S*)", messages[-1])
        assert links, f"no link with {path} in the e-mail to {to}"
        return links[-1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def quality_database_url(workdir: Path) -> str:
    """Beside the tests' own database: DATABASE_URL's name plus _quality, or an SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        return f"sqlite:///{workdir / 'quality.sqlite3'}"
    name = parts.path.lstrip("/") or "portal"
    return urlunsplit(parts._replace(path=f"/{name}_quality"))


def _maintenance_connection(database_url: str) -> psycopg.Connection:
    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def _database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def create_postgresql_database(database_url: str) -> None:
    with _maintenance_connection(database_url) as connection:
        name = sql.Identifier(_database_name(database_url))
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def drop_postgresql_database(database_url: str) -> None:
    with _maintenance_connection(database_url) as connection:
        name = sql.Identifier(_database_name(database_url))
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))


def production_environment(workdir: Path, database_url: str, base_url: str) -> dict[str, str]:
    """Production's settings (DEBUG off, WhiteNoise, gunicorn) over plain HTTP on loopback."""
    environment = {
        name: value
        for name, value in os.environ.items()
        # pytest's own variables stay out; the ones below override whatever the tests run
        # with (pytest-env's DEBUG=true, a developer's DATABASE_URL).
        if not name.startswith(("DJANGO_", "PYTEST_"))
    }
    environment.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "quality-checks-" + os.urandom(24).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": base_url,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "CACHE_URL": f"file://{workdir / 'cache'}",
            "EMAIL_BACKEND": "console",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "TRUST_X_FORWARDED_PROTO": "false",
            "LOG_LEVEL": "warning",
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def _run(command: list[str], environment: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=REPOSITORY, env=environment, stdout=output, stderr=subprocess.STDOUT
        )


def _finish(process: subprocess.Popen, what: str, log: Path) -> None:
    if process.wait() != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
        raise RuntimeError(f"{what} failed (exit {process.returncode}):\n{tail}")


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(base_url + "/healthz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.2)
    tail = log.read_text(encoding="utf-8", errors="replace")[-4000:]
    raise RuntimeError(f"gunicorn did not answer /healthz at {base_url}:\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def serve_demo(workdir: Path) -> Iterator[QualityServer]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url = quality_database_url(workdir)
    environment = production_environment(workdir, database_url, base_url)
    build_log, server_log = workdir / "build.log", workdir / "gunicorn.log"
    ids_file = workdir / "ids.json"
    on_postgresql = not database_url.startswith("sqlite")
    if on_postgresql:
        create_postgresql_database(database_url)
    try:
        # Collecting (and compressing) the static files needs no database: both run at once.
        collecting = _run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            environment,
            workdir / "collectstatic.log",
        )
        building = _run(
            [sys.executable, "-m", "tests.quality.demo_site", str(ids_file)],
            environment,
            build_log,
        )
        _finish(building, "Building the demo site", build_log)
        _finish(collecting, "collectstatic", workdir / "collectstatic.log")
        gunicorn = _run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--workers=2",
                # Threads, because no buffering proxy stands in front: a browser's idle
                # keep-alive or preconnected socket would hold a sync worker until it times out.
                "--threads=4",
                f"--bind=127.0.0.1:{port}",
                "--graceful-timeout=5",
            ],
            environment,
            server_log,
        )
        try:
            _wait_until_healthy(gunicorn, base_url, server_log)
            yield QualityServer(
                base_url=base_url,
                log_path=server_log,
                ids=json.loads(ids_file.read_text(encoding="utf-8")),
                environment=environment,
            )
        finally:
            _stop(gunicorn)
    finally:
        if on_postgresql:
            drop_postgresql_database(database_url)
