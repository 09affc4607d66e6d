"""Benchmark: building a bridging session's schedule from the queue (issue 6).

    .venv/bin/python benchmarks/schedule_build.py
    .venv/bin/python benchmarks/schedule_build.py --caps 12 6 --locks 150 --runs 5

No database: partnerships.schedule_building is pure. A seeded queue of ``--matches`` matches
among ``--firms`` firms and ``--umkm`` UMKM (some firms far more sought after than others;
priorities as the real queue's: 101 if mutual, about 30%, + a score 0..100 + 0..120 days
waited; first come is the longest waiting) goes into a session of ``--slots`` slots and
``--tables`` tables, once per cap in ``--caps``, and once more with ``--locks`` meetings
locked beforehand when that is above 0. For each it prints the time of build_schedule (best
and median of ``--runs``; selection and placement apart), the meetings placed and their total
priority, what greedy_first_come places on the same input, and whether both schedules are
valid. PASS when every build is valid and its median is within ``--budget-ms`` (2,000 ms: the
database writes of the real build must fit in the rest), exit status 0; FAIL otherwise, 1.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from partnerships.schedule_building import (  # noqa: E402 (after the path is set)
    Candidate,
    Placement,
    SessionShape,
    build_schedule,
    greedy_first_come,
    place_meetings,
    schedule_problems,
    select_meetings,
)

MUTUAL_SHARE = 0.30
MUTUAL_POINTS = 101


def _parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--matches", type=int, default=5_000, help="queued matches")
    parser.add_argument("--firms", type=int, default=500)
    parser.add_argument("--umkm", type=int, default=3_000)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--tables", type=int, default=150)
    parser.add_argument("--caps", type=int, nargs="+", default=[12, 6], help="meetings a party")
    parser.add_argument("--locks", type=int, default=150, help="also time with N locked (0: no)")
    parser.add_argument("--runs", type=int, default=5, help="timed builds per case")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--budget-ms", type=float, default=2_000.0)
    return parser.parse_args(argv)


def queue(*, matches: int, firms: int, umkm: int, seed: int) -> list[Candidate]:
    """Seeded queued matches. A firm's share of them falls with its rank (weight 1/sqrt(rank)),
    as a few large firms draw many UMKM: those hit the cap. Arrival follows the days waited."""
    if matches > firms * umkm:
        raise ValueError("more matches than (firm, UMKM) pairs")
    rng = random.Random(seed)  # noqa: S311 (a reproducible queue, no secret)
    popularity = [1 / (rank + 1) ** 0.5 for rank in range(firms)]
    pairs: set[tuple[int, int]] = set()
    drawn = []
    while len(drawn) < matches:
        firm = rng.choices(range(firms), popularity)[0] + 1
        party = rng.randrange(umkm) + 1
        if (firm, party) in pairs:
            continue
        pairs.add((firm, party))
        waited = rng.randint(0, 120)
        mutual = MUTUAL_POINTS if rng.random() < MUTUAL_SHARE else 0
        drawn.append((firm, party, mutual + rng.randint(0, 100) + waited, waited))
    first_come = sorted(range(matches), key=lambda i: (-drawn[i][3], rng.random()))
    arrival = {index: order for order, index in enumerate(first_come)}
    return [
        Candidate(key=i + 1, firm=f, umkm=u, priority=p, arrival=arrival[i])
        for i, (f, u, p, _) in enumerate(drawn)
    ]


def locks(candidates: list[Candidate], shape: SessionShape, count: int, seed: int):
    """``count`` meetings an official promised beforehand: matches of the queue, each in a
    random slot and table that keeps the schedule valid. Returns (locked, the rest)."""
    rng = random.Random(seed + 1)  # noqa: S311 (a reproducible choice, no secret)
    locked: list[Placement] = []
    busy, seats = set(), set()
    per_party: dict[tuple[str, int], int] = {}
    for c in rng.sample(candidates, len(candidates)):
        if len(locked) == count:
            break
        slot, table = rng.randrange(shape.slots), rng.randrange(shape.tables)
        if ("f", c.firm, slot) in busy or ("u", c.umkm, slot) in busy or (slot, table) in seats:
            continue
        if max(per_party.get(("f", c.firm), 0), per_party.get(("u", c.umkm), 0)) >= (
            shape.per_party
        ):
            continue
        busy |= {("f", c.firm, slot), ("u", c.umkm, slot)}
        seats.add((slot, table))
        for party in (("f", c.firm), ("u", c.umkm)):
            per_party[party] = per_party.get(party, 0) + 1
        locked.append(Placement(c.key, c.firm, c.umkm, slot, table))
    keys = {p.key for p in locked}
    return locked, [c for c in candidates if c.key not in keys]


def run_case(label, candidates, shape, locked, runs: int) -> dict:
    builds, selects, places = [], [], []
    for _ in range(runs):
        started = time.perf_counter()
        schedule = build_schedule(candidates, shape=shape, locked=locked)
        builds.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        aside = {c.key for c in schedule.unplaceable_because_of_locks}
        chosen = select_meetings(
            [c for c in candidates if c.key not in aside],
            shape=shape,
            locked=locked,
        )
        selects.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        place_meetings(chosen, shape=shape, locked=locked)
        places.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    greedy = greedy_first_come(candidates, shape=shape, locked=locked)
    greedy_ms = (time.perf_counter() - started) * 1000

    by_key = {c.key: c for c in candidates}
    locked_keys = {p.key for p in locked}
    placed = len(schedule.placements) - len(locked)
    greedy_new = [p for p in greedy if p.key not in locked_keys]
    greedy_priority = sum(by_key[p.key].priority for p in greedy_new)
    problems = schedule_problems(schedule.placements, shape=shape)
    greedy_problems = schedule_problems(greedy, shape=shape)
    firm_meetings = Counter(p.firm for p in schedule.placements)
    firms_at_cap = sum(1 for count in firm_meetings.values() if count == shape.per_party)
    median = statistics.median(builds)
    print(f"\n=== {label} ===")
    print(
        f"shape: {shape.slots} slots x {shape.tables} tables = {shape.capacity} seats, "
        f"cap {shape.cap} (per party {shape.per_party}); {len(candidates):,} queued, "
        f"{len(locked)} locked"
    )
    print(
        f"build_schedule: best {min(builds):.1f} ms, median {median:.1f} ms over {runs} runs "
        f"(selection alone median {statistics.median(selects):.1f} ms, "
        f"placement alone {statistics.median(places):.1f} ms)"
    )
    print(
        f"  placed {placed:,} new meetings (+{len(locked)} locked), total priority "
        f"{schedule.total_priority:,}; left out {len(schedule.left_out):,}; unplaceable "
        f"because of locks {len(schedule.unplaceable_because_of_locks)}; firms at the cap "
        f"{firms_at_cap}; valid: {'yes' if not problems else problems[:3]}"
    )
    print(
        f"greedy_first_come: {greedy_ms:.1f} ms, placed {len(greedy_new):,} new meetings, total "
        f"priority {greedy_priority:,} ({greedy_priority - schedule.total_priority:+,}); valid: "
        f"{'yes' if not greedy_problems else greedy_problems[:3]}"
    )
    return {"median_ms": median, "valid": not problems and not greedy_problems}


def main(argv=None) -> int:
    args = _parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    candidates = queue(matches=args.matches, firms=args.firms, umkm=args.umkm, seed=args.seed)
    print(
        f"Python {platform.python_version()}, {platform.machine()}; {len(candidates):,} matches "
        f"among {args.firms:,} firms and {args.umkm:,} UMKM (seed {args.seed}), priorities "
        f"{min(c.priority for c in candidates)}..{max(c.priority for c in candidates)}"
    )
    started = time.perf_counter()
    import scipy.optimize  # noqa: F401 (its import is paid once per process, not per build)

    print(f"Importing SciPy's optimiser: {(time.perf_counter() - started) * 1000:.0f} ms (once)")
    results = []
    for cap in args.caps:
        shape = SessionShape(slots=args.slots, tables=args.tables, cap=cap)
        results.append(run_case(f"cap {cap}", candidates, shape, [], args.runs))
    if args.locks > 0:
        shape = SessionShape(slots=args.slots, tables=args.tables, cap=args.caps[0])
        locked, rest = locks(candidates, shape, args.locks, args.seed)
        results.append(
            run_case(f"cap {args.caps[0]}, {len(locked)} locked", rest, shape, locked, args.runs)
        )
    slowest = max(result["median_ms"] for result in results)
    valid = all(result["valid"] for result in results)
    verdict = "PASS" if valid and slowest <= args.budget_ms else "FAIL"
    print(
        f"\n{verdict}: slowest median build {slowest:.1f} ms against {args.budget_ms:.0f} ms; "
        f"{'every schedule valid' if valid else 'an INVALID schedule'}."
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
