"""Benchmark: requests per second of the supplier directory against a bare Django view, served
side by side by the same gunicorn, with a million UMKM on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/throughput.py

Needs wrk (Debian: ``apt-get install wrk``). Seeds the database first if it holds fewer records
(``manage.py seed_scale``, idempotent). Then it collects the static files into a temporary
folder and starts gunicorn on 127.0.0.1 as production runs it (``--workers`` sync workers,
DEBUG off, WhiteNoise, persistent database connections, the local-memory cache), with
benchmarks.bench_settings: the portal's settings plus ``/bench/constant/``, a view that
returns a constant through the same middleware. wrk loads each target in turn, ``--rounds``
times (after a warm-up of each), ``--connections`` connections for ``--duration`` seconds:

- ``/bench/constant/``: the yardstick;
- ``/umkm/``: the directory's first page;
- the directory's filter mix: every combination of benchmarks/directory.py in rotation.

Directory pages for visitors without a session are kept in the cache for
DIRECTORY_CACHE_SECONDS (production's default: 60; see partnerships/views/directory.py);
``--directory-cache-seconds 0`` measures every page rendered.

It prints requests per second, latency percentiles and errors of each, and the directory's
requests per second as a share of the bare view's. PASS (exit status 0) when the first page
reaches ``--target`` (40%) with no errors, else FAIL (1).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scale_database import (
    DEFAULT_DATABASE_URL,
    DEFAULT_FIRMS,
    DEFAULT_UMKM,
    ROOT,
    describe_machine,
    prepare,
    production_environment,
    setup_django,
)

TARGET_SHARE = 0.40
BARE = "/bench/constant/"
DIRECTORY = "/umkm/"


@dataclass
class Target:
    name: str
    paths: list[str]
    rounds: list[dict] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return statistics.mean(run["rps"] for run in self.rounds)

    @property
    def errors(self) -> int:
        return sum(run["errors"] for run in self.rounds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(base_url + "/healthz", timeout=2) as response,  # noqa: S310
        ):
            if response.status == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz:\n{log.read_text()[-3000:]}")


def _lua_script(paths: list[str], folder: Path) -> Path:
    """A wrk script that requests ``paths`` in rotation."""
    script = folder / "rotate.lua"
    quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    script.write_text(
        f"local paths = {{{quoted}}}\n"
        "local i = 0\n"
        "request = function()\n"
        "  i = i + 1\n"
        "  return wrk.format('GET', paths[(i % #paths) + 1])\n"
        "end\n",
        encoding="utf-8",
    )
    return script


_LATENCY = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)


def _seconds_to_ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(base_url: str, paths: list[str], *, connections: int, threads: int, seconds: int,
            folder: Path) -> dict:  # fmt: skip
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if len(paths) > 1:
        command += ["-s", str(_lua_script(paths, folder))]
    output = subprocess.run(  # noqa: S603 (our own command line)
        [*command, base_url + paths[0]], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    latency = {f"p{p}": _seconds_to_ms(v, u) for p, v, u in _LATENCY.findall(output)}
    return {"rps": rps, "requests": requests, "errors": errors, **latency}


@contextlib.contextmanager
def serve(database_url: str, *, workers: int, threads: int, folder: Path, cache_seconds):
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "PYTEST_"))
    }
    environment.update(production_environment(database_url, hosts="127.0.0.1"))
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "benchmarks.bench_settings",
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_ROOT": str(folder / "media"),
            "SITE_URL": base_url,
            "PYTHONUNBUFFERED": "1",
        }
    )
    if cache_seconds is not None:
        environment["DIRECTORY_CACHE_SECONDS"] = str(cache_seconds)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    print(f"Static files collected in {time.perf_counter() - started:.1f} s.", flush=True)
    log = folder / "gunicorn.log"
    with log.open("ab") as output:
        gunicorn = subprocess.Popen(  # noqa: S603 (our own command line)
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi", f"--workers={workers}",
                f"--threads={threads}", f"--bind=127.0.0.1:{port}", "--graceful-timeout=5",
                "--log-level=warning",
            ],
            cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_until_healthy(gunicorn, base_url, log)
        yield base_url
    finally:
        if gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()


def _cache_setting(seconds) -> str:
    if seconds is None:
        return "production's default (DIRECTORY_CACHE_SECONDS=60)"
    return f"DIRECTORY_CACHE_SECONDS={seconds}" + (" (every page rendered)" if not seconds else "")


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--umkm", type=int, default=DEFAULT_UMKM, help="UMKM the database holds")
    parser.add_argument("--firms", type=int, default=DEFAULT_FIRMS, help="firms it holds")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--connections", type=int, default=16, help="wrk's open connections")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--duration", type=int, default=20, help="seconds per measurement")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per target")
    parser.add_argument("--rounds", type=int, default=2, help="measurements per target")
    parser.add_argument("--target", type=float, default=TARGET_SHARE, help="share to reach")
    parser.add_argument(
        "--directory-cache-seconds",
        type=int,
        default=None,
        help="DIRECTORY_CACHE_SECONDS for the server (default: production's, 60; 0 renders "
        "every page)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"default: $DATABASE_URL, else {DEFAULT_DATABASE_URL}",
    )
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = _parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk")
        return 2
    setup_django(args.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    prepare(umkm=args.umkm, firms=args.firms)
    print(f"\n{describe_machine()}")
    connection.close()
    from benchmarks.directory import CASES

    targets = [
        Target("bare view (constant)", [BARE]),
        Target("directory, first page", [DIRECTORY]),
        Target("directory, filter mix", [case.url for case in CASES]),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-throughput-") as temporary:
        folder = Path(temporary)
        with serve(
            args.database_url,
            workers=args.workers,
            threads=args.threads,
            folder=folder,
            cache_seconds=args.directory_cache_seconds,
        ) as base_url:
            print(
                f"gunicorn: {args.workers} workers x {args.threads} thread(s), DEBUG off, on "
                f"{base_url}; wrk: {args.wrk_threads} threads, {args.connections} connections, "
                f"{args.duration} s x {args.rounds} rounds per target; directory pages kept "
                f"for visitors: {_cache_setting(args.directory_cache_seconds)}"
            )
            common = {
                "connections": args.connections,
                "threads": args.wrk_threads,
                "folder": folder,
            }
            for target in targets:  # warm-up: imports, connections, caches of every worker
                run_wrk(base_url, target.paths, seconds=args.warmup, **common)
            for number in range(args.rounds):
                for target in targets:
                    result = run_wrk(base_url, target.paths, seconds=args.duration, **common)
                    target.rounds.append(result)
                    print(
                        f"  round {number + 1}: {target.name:<24} {result['rps']:8.1f} req/s  "
                        f"p50 {result.get('p50', 0):7.1f} ms  p99 {result.get('p99', 0):7.1f} ms"
                        f"  errors {result['errors']}"
                    )
    bare, first_page, mix = targets
    print(f"\n=== Throughput, {args.rounds} rounds of {args.duration} s each ===")
    print(f"{'target':<26} {'req/s':>9} {'share':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for target in targets:
        share = target.rps / bare.rps if bare.rps else 0.0
        p50 = statistics.mean(run.get("p50", 0) for run in target.rounds)
        p99 = statistics.mean(run.get("p99", 0) for run in target.rounds)
        print(
            f"{target.name:<26} {target.rps:9.1f} {share:7.1%} {p50:8.1f} {p99:8.1f} "
            f"{target.errors:7}"
        )
    share = first_page.rps / bare.rps
    errors = sum(target.errors for target in targets)
    ok = share >= args.target and not errors
    print(
        f"\n{'PASS' if ok else 'FAIL'}: the directory's first page serves {share:.1%} of the "
        f"bare view's requests per second (target {args.target:.0%}); the filter mix "
        f"{mix.rps / bare.rps:.1%}; {errors} errors."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
