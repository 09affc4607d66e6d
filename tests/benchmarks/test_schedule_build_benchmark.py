"""The schedule-building benchmark (benchmarks/schedule_build.py) runs, on a tiny queue."""

from collections import Counter

from benchmarks.schedule_build import locks, main, queue
from partnerships.schedule_building import SessionShape, schedule_problems


def test_the_benchmark_runs_and_passes_on_a_tiny_queue(capsys):
    tiny = {"--matches": "60", "--firms": "6", "--umkm": "25", "--slots": "3", "--tables": "5"}
    tiny |= {"--locks": "4", "--runs": "1"}
    status = main([*(part for pair in tiny.items() for part in pair), "--caps", "3", "2"])

    printed = capsys.readouterr().out
    assert status == 0
    assert printed.count("valid: yes") == 6
    assert "PASS" in printed


def test_the_queue_is_seeded_and_shaped_like_the_real_one():
    candidates = queue(matches=300, firms=20, umkm=100, seed=1)

    assert candidates == queue(matches=300, firms=20, umkm=100, seed=1)
    assert len({(c.firm, c.umkm) for c in candidates}) == 300
    assert all(0 <= c.priority <= 101 + 100 + 120 for c in candidates)
    assert sorted(c.arrival for c in candidates) == list(range(300))
    per_firm = Counter(c.firm for c in candidates).most_common()
    assert per_firm[0][1] > 2 * per_firm[-1][1]


def test_the_locks_it_draws_are_a_valid_schedule_apart_from_the_queue():
    candidates = queue(matches=300, firms=20, umkm=100, seed=1)
    shape = SessionShape(slots=4, tables=10, cap=3)

    locked, rest = locks(candidates, shape, 25, seed=1)

    assert len(locked) == 25
    assert schedule_problems(locked, shape=shape) == []
    assert {p.key for p in locked}.isdisjoint(c.key for c in rest)
    assert len(rest) == 275
