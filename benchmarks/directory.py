"""Benchmark: the supplier directory (/umkm/) with a million UMKM on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/directory.py

Seeds the database first if it holds fewer records (``manage.py seed_scale --umkm 1000000
--firms 10000``; idempotent, refuses a database with real records). Then, for each filter
combination in CASES (text, province, regency, KBLI at each level, size class,
certification, export, combined, deep pages), it renders the whole page through Django's test
client with production settings (DEBUG off; the page itself never from the cache:
DIRECTORY_CACHE_SECONDS=0): ``--warmup`` requests, then ``--runs`` on the
clock; it prints the first page's time (its count not yet in the cache: see
partnerships/views/directory.py), p50, p95 and max of the timed ones, the results found and
the queries per page. Then EXPLAIN (ANALYZE, BUFFERS) of every query of the first page that
reads a large table (the count among them), with the indexes each uses, and the verdict "no
sequential scan of partnerships_umkm" per combination.

FAIL (exit status 1) when a page reads partnerships_umkm by a sequential scan, or when a
combination's p95 is above ``--budget-ms``; else PASS (exit status 0).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scale_database import (
    DEFAULT_DATABASE_URL,
    DEFAULT_FIRMS,
    DEFAULT_UMKM,
    describe_machine,
    percentile,
    prepare,
    setup_django,
)

BUDGET_MS = 500.0
WATCHED = "partnerships_umkm"
# Large tables: a sequential scan of one of these is reported (of the UMKM table, it fails).
LARGE_TABLES = (
    "partnerships_umkm",
    "partnerships_umkm_kbli_codes",
    "partnerships_product",
    "partnerships_certification",
)


@dataclass(frozen=True)
class Case:
    name: str
    params: dict[str, str]

    @property
    def url(self) -> str:
        return "/umkm/" + (f"?{urlencode(self.params)}" if self.params else "")


CASES = (
    Case("everything (first page)", {}),
    Case("text", {"q": "keripik singkong"}),
    Case("text, rare word", {"q": "rengginang"}),
    Case("province", {"province": "32"}),
    Case("regency", {"regency": "3273"}),
    Case("KBLI section (1)", {"kbli": "C"}),
    Case("KBLI division (2)", {"kbli": "10"}),
    Case("KBLI group (3)", {"kbli": "107"}),
    Case("KBLI class (4)", {"kbli": "1079"}),
    Case("KBLI subclass (5)", {"kbli": "10794"}),
    Case("size class", {"scale": "medium"}),
    Case("certification", {"certification": "halal"}),
    Case("export experience", {"export": "on"}),
    Case(
        "combined",
        {
            "q": "keripik",
            "province": "35",
            "kbli": "10",
            "scale": "micro",
            "certification": "halal",
        },
    ),
    Case("combined, regency", {"regency": "3578", "kbli": "47", "scale": "small"}),
    Case("deep page", {"page": "500"}),
    Case("deep page, province", {"province": "33", "page": "500"}),
    Case("deep page, by name", {"sort": "name", "page": "500"}),
)


@dataclass
class Query:
    sql: str
    params: object
    ms: float


@dataclass
class Plan:
    query: Query
    text: str
    seq_scans: list[str]
    indexes: list[str]
    ms: float


@dataclass
class Result:
    case: Case
    runs_ms: list[float] = field(default_factory=list)
    first_ms: float = 0.0
    found: str = "?"
    queries: list[Query] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)

    @property
    def p50(self) -> float:
        return statistics.median(self.runs_ms)

    @property
    def p95(self) -> float:
        return percentile(self.runs_ms, 0.95)

    @property
    def umkm_seq_scan(self) -> bool:
        return any(WATCHED in plan.seq_scans for plan in self.plans)


class _Recorder:
    def __init__(self):
        self.queries: list[Query] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append(Query(sql, params, (time.perf_counter() - started) * 1000))


_COUNT = re.compile(r'<p class="directory-count" role="status">([^<]*)</p>')


def _found(html: str) -> str:
    match = _COUNT.search(html)
    return re.sub(r"[^\d.,]", "", match.group(1)) if match else "?"


def time_case(client, case: Case, *, warmup: int, runs: int) -> Result:
    """The first page with an empty cache (its count is computed, and its queries are
    recorded for EXPLAIN), ``warmup`` more untimed, then ``runs`` on the clock."""
    from django.core.cache import cache
    from django.db import connection

    result = Result(case)
    cache.clear()
    recorder = _Recorder()
    started = time.perf_counter()
    with connection.execute_wrapper(recorder):
        response = client.get(case.url)
    result.first_ms = (time.perf_counter() - started) * 1000
    result.queries = recorder.queries
    result.found = _found(response.content.decode())
    for number in range(warmup + runs):
        started = time.perf_counter()
        response = client.get(case.url)
        if number >= warmup:
            result.runs_ms.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{case.url} answered {response.status_code}")
    return result


def _walk(node):
    yield node
    for child in node.get("Plans", ()):
        yield from _walk(child)


def explain(query: Query) -> Plan:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {query.sql}", query.params)
        raw = cursor.fetchone()[0]
        document = raw if isinstance(raw, list) else json.loads(raw)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {query.sql}", query.params)
        text = "\n".join(row[0] for row in cursor.fetchall())
    top = document[0]
    nodes = list(_walk(top["Plan"]))
    seq_scans = sorted(
        {
            node["Relation Name"]
            for node in nodes
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE_TABLES
        }
    )
    indexes = sorted({node["Index Name"] for node in nodes if node.get("Index Name")})
    return Plan(query, text, seq_scans, indexes, top.get("Execution Time", 0.0))


def _reads_a_large_table(sql: str) -> bool:
    return sql.lstrip().upper().startswith("SELECT") and any(
        f'"{table}"' in sql for table in LARGE_TABLES
    )


def report(results: list[Result], budget_ms: float, *, show_plans: bool) -> bool:
    print(f"\n=== /umkm/: the whole page through the test client, {len(results)} combinations ===")
    print(
        f"{'combination':<26} {'found':>9} {'queries':>7} {'first ms':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'max ms':>8}  UMKM table"
    )
    ok = True
    for result in results:
        scan = "SEQUENTIAL SCAN" if result.umkm_seq_scan else "no seq scan"
        slow = result.p95 > budget_ms
        ok = ok and not result.umkm_seq_scan and not slow
        print(
            f"{result.case.name:<26} {result.found:>9} {len(result.queries):>7} "
            f"{result.first_ms:>8.1f} {result.p50:>8.1f} {result.p95:>8.1f} "
            f"{max(result.runs_ms):>8.1f}  {scan}" + ("  (over budget)" if slow else "")
        )
    every = [ms for result in results for ms in result.runs_ms]
    print(
        f"All combinations: p50 {statistics.median(every):.1f} ms, "
        f"p95 {percentile(every, 0.95):.1f} ms over {len(every)} pages"
    )
    print("\n=== EXPLAIN (ANALYZE, BUFFERS) of the queries reading a large table ===")
    for result in results:
        verdict = (
            f"SEQUENTIAL SCAN of {WATCHED}"
            if result.umkm_seq_scan
            else f"no sequential scan of {WATCHED}"
        )
        print(f"\n## {result.case.name}: {result.case.url}  ->  {verdict}")
        for number, plan in enumerate(result.plans, 1):
            others = [t for t in plan.seq_scans if t != WATCHED]
            print(
                f"  query {number}: {plan.ms:.1f} ms in the database; indexes: "
                f"{', '.join(plan.indexes) or 'none'}"
                + (f"; sequential scan of {', '.join(others)}" if others else "")
            )
            if show_plans or plan.seq_scans:
                print("    " + plan.query.sql[:600].replace("\n", " "))
                print("\n".join(f"    | {line}" for line in plan.text.splitlines()))
    return ok


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--umkm", type=int, default=DEFAULT_UMKM, help="UMKM the database holds")
    parser.add_argument("--firms", type=int, default=DEFAULT_FIRMS, help="firms it holds")
    parser.add_argument("--runs", type=int, default=15, help="timed pages per combination")
    parser.add_argument("--warmup", type=int, default=2, help="untimed pages first")
    parser.add_argument("--budget-ms", type=float, default=BUDGET_MS, help="p95 budget per page")
    parser.add_argument("--case", action="append", default=[], help="only the named case(s)")
    parser.add_argument(
        "--plans", action="store_true", help="print every plan (else only those with a scan)"
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
    # Every timed page is rendered: the pages kept for visitors are throughput.py's business.
    os.environ["DIRECTORY_CACHE_SECONDS"] = "0"
    setup_django(args.database_url)
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        print("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    prepare(umkm=args.umkm, firms=args.firms)
    print(f"\n{describe_machine()}")
    cases = [case for case in CASES if not args.case or case.name in args.case]
    client = Client()
    results = []
    for case in cases:
        result = time_case(client, case, warmup=args.warmup, runs=args.runs)
        result.plans = [explain(q) for q in result.queries if _reads_a_large_table(q.sql)]
        print(
            f"  {case.name:<26} first {result.first_ms:7.1f} ms  p50 {result.p50:7.1f} ms  "
            f"p95 {result.p95:7.1f} ms  "
            f"{len(result.queries)} queries  {result.found} found",
            flush=True,
        )
        results.append(result)
    ok = report(results, args.budget_ms, show_plans=args.plans)
    verdict = "PASS" if ok else "FAIL"
    print(
        f"\n{verdict}: {sum(not r.umkm_seq_scan for r in results)} of {len(results)} "
        f"combinations without a sequential scan of {WATCHED}; "
        f"{sum(r.p95 <= args.budget_ms for r in results)} with p95 within "
        f"{args.budget_ms:.0f} ms."
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
