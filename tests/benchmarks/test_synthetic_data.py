"""The benchmarks load their records with the portal's loader (partnerships/synthetic_data.py,
tested in tests/partnerships/test_synthetic_data.py), imported through benchmarks/."""

from benchmarks import synthetic_data as benchmark_loader
from partnerships import synthetic_data


def test_the_benchmarks_use_the_portals_loader():
    assert benchmark_loader.load is synthetic_data.load
    assert benchmark_loader.RealRecordsPresent is synthetic_data.RealRecordsPresent
    assert benchmark_loader.synthetic_counts is synthetic_data.synthetic_counts
    assert benchmark_loader.refuse_real_records is synthetic_data.refuse_real_records
    assert benchmark_loader.UMKM_NIB_PREFIX == "99"
