"""Benchmark: the top 20 UMKM recommended for a need, with a million UMKM on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/recommendations.py --umkm 1000000 --needs 50 --nearby

Migrates the database if needed and tops it up with synthetic records (benchmarks/
synthetic_data.py) until it holds ``--umkm`` of them; it refuses a database holding real
(non-synthetic) UMKM or firms. Then, for ``--needs`` open needs of varied shapes (one subclass,
several, a class, a group, a whole division; with and without locations; with required
certifications), it calls recommend_umkm(firm=..., need=..., limit=20) once to warm up and
``--runs`` times on the clock, and prints p50/p95/max over every timed call, the figures per
need, how many candidates each call scored, and EXPLAIN (ANALYZE, BUFFERS) of the slowest
queries. PASS when p95 <= 200 ms (exit status 0), FAIL otherwise (exit status 1).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/portal_bench"
TARGET_P95_MS = 200.0
LIMIT = 20


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--umkm", type=int, default=1_000_000, help="UMKM the database holds")
    parser.add_argument("--firms", type=int, default=1_000, help="firms the database holds")
    parser.add_argument("--needs", type=int, default=50, help="needs to time")
    parser.add_argument("--runs", type=int, default=5, help="timed calls per need")
    parser.add_argument("--nearby", action="store_true", help="also time nearby_only=True")
    parser.add_argument(
        "--slow-ms", type=float, default=5_000, help="a need slower than this is timed once"
    )
    parser.add_argument("--explain", type=int, default=3, help="slowest queries to EXPLAIN")
    parser.add_argument("--seed", type=int, default=5, help="chooses the needs")
    parser.add_argument(
        "--need", type=int, action="append", default=[], help="time this need (repeatable)"
    )
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
    import gc

    import django

    django.setup()
    gc.freeze()  # as the server does once the portal is loaded (portal/wsgi.py)


# --- Figures --------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: the smallest value with at least ``share`` of them at or
    below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]


@dataclass
class Query:
    sql: str
    params: tuple | list | None
    ms: float


@dataclass
class Timing:
    label: str
    need_id: int | None
    shape: str
    runs_ms: list[float] = field(default_factory=list)
    results: int = 0
    scored: int | None = None
    queries: list[Query] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.runs_ms)


class _QueryRecorder:
    """An execute_wrapper keeping each statement, its parameters and its duration."""

    def __init__(self):
        self.queries: list[Query] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(Query(sql, params, (time.perf_counter() - started) * 1000))


class _ScoreCounter:
    """Counts the candidates a call scores by wrapping, for the call, the scoring entry the
    recommendations module uses (MatchScorer.rank_value, else score_match): nothing is asked
    of that module, and when neither is there the count stays unknown."""

    def __init__(self, module):
        self.count = 0
        scorer = getattr(module, "MatchScorer", None)
        if scorer is not None and hasattr(scorer, "rank_value"):
            self.owner, self.name = scorer, "rank_value"
        elif hasattr(module, "score_match"):
            self.owner, self.name = module, "score_match"
        else:
            self.owner, self.name = None, ""

    def __enter__(self):
        if self.owner is not None:
            original = self.original = getattr(self.owner, self.name)

            def counting(*args, **kwargs):
                self.count += 1
                return original(*args, **kwargs)

            setattr(self.owner, self.name, counting)
        return self

    def __exit__(self, *exc):
        if self.owner is not None:
            setattr(self.owner, self.name, self.original)

    @property
    def scored(self) -> int | None:
        return self.count if self.owner is not None else None


# --- Preparing the database -----------------------------------------------------------------


def prepare_database(*, umkm: int, firms: int) -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connection, connections
    from django.db.migrations.executor import MigrationExecutor

    from benchmarks import synthetic_data

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        print("Migrating the database...", flush=True)
        call_command("migrate", interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        synthetic_data.refuse_real_records(cursor)
        have_umkm, have_firms = synthetic_data.synthetic_counts(cursor)
    missing_umkm, missing_firms = max(0, umkm - have_umkm), max(0, firms - have_firms)
    print(f"The database holds {have_umkm:,} synthetic UMKM and {have_firms:,} firms.")
    if missing_umkm or missing_firms:
        _load(missing_umkm, missing_firms)
    _vacuum_if_never_vacuumed()


def _load(missing_umkm: int, missing_firms: int) -> None:
    from django.db import connection, transaction

    from benchmarks import synthetic_data

    print(f"Loading {missing_umkm:,} UMKM and {missing_firms:,} firms...", flush=True)

    def progress(done, total):
        if done % 100_000 == 0 or done == total:
            print(f"  {done:,} / {total:,} UMKM", flush=True)

    started = time.perf_counter()
    with transaction.atomic():
        connection.ensure_connection()
        report = synthetic_data.load(
            connection.connection, umkm=missing_umkm, firms=missing_firms, progress=progress
        )
    print(report.summary())
    print(f"Committed after {time.perf_counter() - started:.1f} s in all.", flush=True)


VACUUMED_TABLES = (
    "partnerships_umkm",
    "partnerships_umkm_kbli_codes",
    "partnerships_product",
    "partnerships_certification",
)


def _vacuum_if_never_vacuumed() -> None:
    """Autovacuum would have run on a live database by now: its visibility map is what lets
    PostgreSQL answer from an index alone, so a freshly loaded one is vacuumed once."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s)"
            " AND last_vacuum IS NULL AND last_autovacuum IS NULL",
            [list(VACUUMED_TABLES)],
        )
        tables = [row[0] for row in cursor.fetchall()]
        if tables:
            started = time.perf_counter()
            for table in tables:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            print(f"Vacuumed {', '.join(tables)} in {time.perf_counter() - started:.1f} s.")


# --- Choosing the needs ---------------------------------------------------------------------


def need_shape(need) -> str:
    """ "subclass, locations+certs": the KBLI level asked for (or "several" codes), whether
    the need names places, whether it requires certifications."""
    codes = [kbli.code for kbli in need.kbli_codes.all()]
    if not codes:
        kbli = "no KBLI"
    elif len(codes) > 1:
        kbli = "several"
    else:
        kbli = {5: "subclass", 4: "class", 3: "group", 2: "division"}.get(len(codes[0]), "?")
    where = "locations" if need.locations.all() else "anywhere"
    certified = "+certs" if need.required_certifications.all() else ""
    return f"{kbli}, {where}{certified}"


def choose_needs(count: int, seed: int, ids: list[int]) -> list:
    """Open needs of verified firms: one of every shape first, then the rest drawn at random,
    so the mix follows the needs' own (subclass needs are the most common)."""
    from partnerships.models import Need

    needs = list(
        Need.objects.filter(pk__in=ids)
        if ids
        else Need.objects.open()
        .select_related("firm")
        .prefetch_related("kbli_codes", "locations", "required_certifications")
        .order_by("pk")
    )
    rng = random.Random(seed)  # noqa: S311 (a reproducible choice, no secret)
    rng.shuffle(needs)
    chosen, seen = [], set()
    for need in needs:
        if need_shape(need) not in seen:
            seen.add(need_shape(need))
            chosen.append(need)
    rest = [need for need in needs if need not in chosen]
    return (chosen + rest)[:count]


# --- Timing ---------------------------------------------------------------------------------


def time_need(recommend, module, need, *, runs: int, nearby: bool, slow_ms: float) -> Timing:
    """Warm-up call (recording its queries and counting the candidates it scores), then
    ``runs`` calls on the clock; a need whose warm-up took over ``slow_ms`` is timed by that
    one call, so one pathological need cannot hold the benchmark for hours."""
    from django.db import connection

    timing = Timing("near" if nearby else "need", need.pk, need_shape(need))
    recorder = _QueryRecorder()
    with _ScoreCounter(module) as counter, connection.execute_wrapper(recorder):
        started = time.perf_counter()
        results = recommend(firm=need.firm, need=need, limit=LIMIT, nearby_only=nearby)
        warm_ms = (time.perf_counter() - started) * 1000
    timing.scored, timing.queries, timing.results = counter.scored, recorder.queries, len(results)
    if warm_ms > slow_ms:
        timing.runs_ms.append(warm_ms)
    for _ in range(runs if warm_ms <= slow_ms else 0):
        started = time.perf_counter()
        recommend(firm=need.firm, need=need, limit=LIMIT, nearby_only=nearby)
        timing.runs_ms.append((time.perf_counter() - started) * 1000)
    scored = "-" if timing.scored is None else f"{timing.scored:,}"
    print(
        f"  need {need.pk:>5} ({timing.shape}): median {timing.median:.1f} ms, "
        f"{len(timing.queries)} queries, {scored} scored",
        flush=True,
    )
    return timing


def report(title: str, timings: list[Timing]) -> float:
    every = [ms for timing in timings for ms in timing.runs_ms]
    p50, p95 = percentile(every, 0.50), percentile(every, 0.95)
    print(f"\n=== {title}: {len(timings)} needs, {len(every)} timed calls ===")
    print(f"{'need':>6}  {'shape':<28} {'median':>8} {'max':>8} {'found':>5} {'scored':>7} queries")
    for timing in sorted(timings, key=lambda t: -t.median):
        scored = "-" if timing.scored is None else f"{timing.scored:,}"
        slowest = max(timing.runs_ms)
        print(
            f"{timing.need_id or '-':>6}  {timing.shape:<28} {timing.median:>6.1f}ms "
            f"{slowest:>6.1f}ms {timing.results:>5} {scored:>7} {len(timing.queries):>7}"
        )
    scored = [t.scored for t in timings if t.scored is not None]
    if scored:
        print(
            f"Candidates scored per call: median {statistics.median(scored):,.0f}, "
            f"max {max(scored):,}"
        )
    by_shape = defaultdict(list)
    for timing in timings:
        by_shape[timing.shape.split(",")[0]].extend(timing.runs_ms)
    print("By KBLI shape (p50 / p95 ms): " + "; ".join(
        f"{shape} {percentile(ms, 0.5):.1f} / {percentile(ms, 0.95):.1f}"
        for shape, ms in sorted(by_shape.items())
    ))  # fmt: skip
    print(
        f"{title}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {max(every):.1f} ms "
        f"over {len(every)} calls"
    )
    return p95


def explain(timings: list[Timing], count: int) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest distinct statements seen in the calls."""
    from django.db import connection

    slowest: dict[str, Query] = {}
    for timing in timings:
        for query in timing.queries:
            if not query.sql.lstrip().upper().startswith("SELECT"):
                continue
            if query.sql not in slowest or slowest[query.sql].ms < query.ms:
                slowest[query.sql] = query
    for query in sorted(slowest.values(), key=lambda q: -q.ms)[:count]:
        print(f"\n--- {query.ms:.1f} ms ---\n{query.sql}\n  params: {query.params}")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query.sql}", query.params)
            print("\n".join(row[0] for row in cursor.fetchall()))


def cpu_pace() -> float:
    """Milliseconds for a million Python additions, best of five: this machine's speed at
    the moment, so figures taken hours (or machines) apart can be compared; a shared
    virtual machine's pace drifts."""
    best = float("inf")
    for _ in range(5):
        started, total = time.perf_counter(), 0
        for number in range(1_000_000):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def describe_machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM partnerships_umkm")
        umkm = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM partnerships_umkm WHERE verification_state = 'verified'"
        )
        verified = cursor.fetchone()[0]
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        memory = 0.0
    return (
        f"{os.cpu_count()} cores, {memory:.0f} GiB, PostgreSQL {version}, "
        f"Python {platform.python_version()}; {umkm:,} UMKM ({verified:,} verified); "
        f"CPU pace {cpu_pace():.1f} ms per million Python additions"
    )


def main(argv=None) -> int:
    args = _parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    _setup_django(args.database_url)
    from django.db import connection

    if connection.vendor != "postgresql":
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    from benchmarks.synthetic_data import RealRecordsPresent

    try:
        prepare_database(umkm=args.umkm, firms=args.firms)
    except RealRecordsPresent as refusal:
        print(f"Refused: {refusal}")
        return 2
    try:
        from partnerships import recommendations
    except ImportError as error:
        print(f"partnerships.recommendations is not there yet ({error}).")
        return 2
    recommend = recommendations.recommend_umkm

    needs = choose_needs(len(args.need) or args.needs, args.seed, args.need)
    if not needs:
        print("No open needs to time: load some firms (--firms).")
        return 2
    print(f"\n{describe_machine()}")
    print("Needs by shape: " + ", ".join(
        f"{shape} {n}" for shape, n in sorted(Counter(need_shape(need) for need in needs).items())
    ))  # fmt: skip
    started = time.perf_counter()
    print("\nrecommend_umkm(firm=..., need=..., limit=20):")
    timings = [
        time_need(
            recommend, recommendations, need, runs=args.runs, nearby=False, slow_ms=args.slow_ms
        )
        for need in needs
    ]
    p95 = report("recommend_umkm(need, limit=20)", timings)
    if args.nearby:
        print("\nrecommend_umkm(firm=..., need=..., limit=20, nearby_only=True):")
        nearby = [
            time_need(
                recommend, recommendations, need, runs=args.runs, nearby=True, slow_ms=args.slow_ms
            )
            for need in needs
        ]
        report("recommend_umkm(need, limit=20, nearby_only=True)", nearby)
        timings += nearby
    took = time.perf_counter() - started
    print(f"\n(timing took {took:.0f} s; CPU pace now {cpu_pace():.1f} ms)")
    print(f"\n=== EXPLAIN (ANALYZE, BUFFERS) of the {args.explain} slowest queries ===")
    explain(timings, args.explain)
    verdict = "PASS" if p95 <= TARGET_P95_MS else "FAIL"
    print(f"\n{verdict}: p95 {p95:.1f} ms against a target of {TARGET_P95_MS:.0f} ms.")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
