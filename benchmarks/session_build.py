"""Benchmark: an official builds a session's schedule from a queue of 5,000 matches, through
the service (partnerships.services.sessions.session_build_schedule) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/session_build.py

Where benchmarks/schedule_build.py times the pure algorithm, this times what the official
waits for: reading the queue with its priorities and the invitations, choosing and placing the
meetings, and writing them, in one transaction. It tops the database up with synthetic UMKM and
firms (benchmarks/synthetic_data.py; it refuses a database holding real records), then, inside
a transaction that is rolled back at the end (the database is left as it was), queues
``--matches`` matches among ``--firms`` firms and ``--umkm`` UMKM, opens a session of 12 slots
x 150 tables with every party confirmed, and builds it ``--runs`` times (each a rebuild of the
last). PASS when the median build takes at most 2 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
TARGET_SECONDS = 2.0


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matches", type=int, default=5_000)
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--umkm", type=int, default=3_000)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=150)
    parser.add_argument("--cap", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        help=f"default: $DATABASE_URL, else {DEFAULT_DATABASE_URL}",
    )
    return parser.parse_args(argv)


def _setup_django(database_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


class _Rollback(Exception):
    pass


class _QueryLog:
    """Times each query of a build, to show where the time goes."""

    def __init__(self):
        self.timings: list[tuple[float, str]] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.timings.append((time.perf_counter() - started, sql))

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        return self._wrapper.__exit__(*exc)

    def slowest(self, count: int = 3) -> list[tuple[float, str]]:
        return sorted(self.timings, reverse=True)[:count]


def _queue(args, rng: random.Random):
    """Matches between synthetic parties, with the priorities of a real queue: about a third
    mutual, scores 0..100, waiting up to four months."""
    from django.utils import timezone

    from partnerships.models import Firm, Match, Umkm

    firm_ids = list(Firm.objects.order_by("pk").values_list("pk", flat=True)[: args.firms])
    umkm_ids = list(Umkm.objects.order_by("pk").values_list("pk", flat=True)[: args.umkm])
    if len(firm_ids) < args.firms or len(umkm_ids) < args.umkm:
        raise SystemExit("Not enough synthetic records were loaded.")
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < args.matches:
        pairs.add((rng.choice(firm_ids), rng.choice(umkm_ids)))
    now = timezone.now()
    Match.objects.bulk_create(
        [
            Match(
                firm_id=firm,
                umkm_id=umkm,
                is_mutual=rng.random() < 0.3,
                score=rng.randint(0, 100),
                matched_at=now - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23)),
            )
            for firm, umkm in sorted(pairs)
        ],
        batch_size=2_000,
    )
    return pairs


def _session(args, pairs):
    import datetime

    from django.utils import timezone

    from partnerships.models import (
        BridgingSession,
        InvitationAnswer,
        SessionInvitation,
        SessionState,
    )

    day = timezone.localdate() + timedelta(days=14)
    now = timezone.now()
    session = BridgingSession.objects.create(
        title="Benchmark session",
        date=day,
        venue="Gedung BKPM, Jakarta",
        registration_deadline=now + timedelta(days=7),
        first_slot_starts_at=datetime.time(8, 0),
        slot_count=args.slots,
        slot_minutes=30,
        table_count=args.tables,
        meetings_per_party=args.cap,
        state=SessionState.OPEN,
        opened_at=now,
    )
    confirmed = {"answer": InvitationAnswer.CONFIRMED, "answered_at": now}
    SessionInvitation.objects.bulk_create(
        [
            SessionInvitation(session=session, firm_id=firm, **confirmed)
            for firm in sorted({firm for firm, _ in pairs})
        ]
        + [
            SessionInvitation(session=session, umkm_id=umkm, **confirmed)
            for umkm in sorted({umkm for _, umkm in pairs})
        ],
        batch_size=2_000,
    )
    return session


def main(argv=None) -> int:
    args = _parse_args(argv)
    _setup_django(args.database_url)
    from django.db import connection, transaction

    from benchmarks.recommendations import prepare_database
    from partnerships.services.sessions import session_build_schedule
    from portal.accounts.models import User

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL (set DATABASE_URL).")
    prepare_database(umkm=max(args.umkm, 3_000), firms=max(args.firms, 500))
    rng = random.Random(args.seed)  # noqa: S311 (synthetic data, not secrets)
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    print(
        f"Queue: {args.matches:,} matches among {args.firms:,} firms and {args.umkm:,} UMKM; "
        f"session {args.slots} slots x {args.tables} tables, cap {args.cap}."
    )
    timings: list[float] = []
    reports = []
    try:
        with transaction.atomic():
            official = User.objects.create_user(
                email="benchmark.official@kemitraan.invalid", password=None, is_staff=True
            )
            pairs = _queue(args, rng)
            session = _session(args, pairs)
            # The scheduler imports SciPy's optimiser on its first build in a process; timed
            # apart, since every later build in that process is spared it.
            started = time.perf_counter()
            import scipy.optimize  # noqa: F401

            print(
                f"Importing SciPy's optimiser (once per process): "
                f"{time.perf_counter() - started:.2f} s"
            )

            for _ in range(args.runs):
                started = time.perf_counter()
                with _QueryLog() as queries:
                    report = session_build_schedule(session=session, user=official)
                timings.append(time.perf_counter() - started)
                slowest = queries.slowest()
                reports.append(report)
            raise _Rollback
    except _Rollback:
        pass
    print(
        f"Queries in the last build: {len(queries.timings)}, in the database "
        f"{sum(t for t, _ in queries.timings):.3f} s; the slowest:"
    )
    for seconds, sql in slowest:
        print(f"  {seconds * 1000:7.1f} ms  {sql[:160]}")
    last = reports[-1]
    median = statistics.median(timings)
    print(
        "Builds (s): " + ", ".join(f"{t:.3f}" for t in timings) + f"; median {median:.3f}, "
        f"best {min(timings):.3f}"
    )
    print(
        f"Placed {last.placed:,} meetings (total priority {last.total_priority:,}) from a queue "
        f"of {last.queue_size:,}; {last.left_in_queue:,} stay in the queue. Greedy first-come "
        f"would place {last.greedy_would_place:,}."
    )
    verdict = "PASS" if median <= TARGET_SECONDS else "FAIL"
    print(f"{verdict}: median build {median:.3f} s against a target of {TARGET_SECONDS:.0f} s.")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
