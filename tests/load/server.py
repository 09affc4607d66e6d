"""The demo served for the load tests as the quality checks serve it (tests/quality/server.py,
whose parts this reuses: production settings, DEBUG off, static files collected, the demo
built in a process of its own), with three differences: gunicorn's workers (below); a database
of its own (suffix _load on PostgreSQL, dropped afterwards; a temporary SQLite file otherwise);
and TRUSTED_PROXY_COUNT=1, as behind one reverse proxy: each simulated visitor sends its own
address in X-Forwarded-For, so allauth's per-address sign-up limits count visitors, not the
test machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.quality.server import (
    REPOSITORY,
    QualityServer,
    _finish,
    _run,
    _stop,
    _wait_until_healthy,
    create_postgresql_database,
    drop_postgresql_database,
    free_port,
    production_environment,
)

# gunicorn's threaded worker class, which keeps connections alive (no buffering proxy stands in
# front: 32 clients connect straight to gunicorn, and the synchronous workers answer one
# connection at a time), with one thread per process and two processes per core (four on CI's
# two cores; eight at most). Few requests in progress at once, each with a core or most of
# one, and the rest waiting their turn: measured on two cores, this keeps the slowest page's
# 99th percentile near the others', where four threads per process share each process's
# interpreter lock between their requests and stretch the longest ones (the directory
# rendered with a session: about 40 ms of CPU) well past the others.
WORKERS = min(2 * (os.cpu_count() or 1), 8)
THREADS = 1


def load_database_url(workdir: Path) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        return f"sqlite:///{workdir / 'load.sqlite3'}"
    name = parts.path.lstrip("/") or "portal"
    return urlunsplit(parts._replace(path=f"/{name}_load"))


def on_postgresql() -> bool:
    return urlsplit(os.environ.get("DATABASE_URL", "")).scheme in {"postgres", "postgresql"}


@contextlib.contextmanager
def serve_for_load(workdir: Path) -> Iterator[QualityServer]:
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    database_url = load_database_url(workdir)
    environment = production_environment(workdir, database_url, base_url)
    environment["TRUSTED_PROXY_COUNT"] = "1"
    server_log, ids_file = workdir / "gunicorn.log", workdir / "ids.json"
    postgresql = not database_url.startswith("sqlite")
    if postgresql:
        create_postgresql_database(database_url)
    try:
        collecting = _run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            environment,
            workdir / "collectstatic.log",
        )
        building = _run(
            [sys.executable, "-m", "tests.quality.demo_site", str(ids_file)],
            environment,
            workdir / "build.log",
        )
        _finish(building, "Building the demo site", workdir / "build.log")
        _finish(collecting, "collectstatic", workdir / "collectstatic.log")
        gunicorn = _run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--worker-class=gthread",
                f"--workers={WORKERS}",
                f"--threads={THREADS}",
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
        if postgresql:
            drop_postgresql_database(database_url)


def query_database(server: QualityServer, code: str) -> object:
    """Runs ``code`` (Python, with Django set up in the server's settings) in a process of its
    own and returns what it assigns to ``result``, through JSON."""
    script = f"import json, django\ndjango.setup()\n{code}\nprint('RESULT=' + json.dumps(result))\n"
    finished = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPOSITORY,
        env=server.environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-4000:]
    line = next(line for line in finished.stdout.splitlines() if line.startswith("RESULT="))
    return json.loads(line.removeprefix("RESULT="))
