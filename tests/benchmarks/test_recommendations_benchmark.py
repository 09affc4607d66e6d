"""The figures the recommendations benchmark prints (benchmarks/recommendations.py)."""

from benchmarks.recommendations import percentile


def test_a_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]

    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile(values, 1.0) == 100.0
    assert percentile([7.0], 0.95) == 7.0
