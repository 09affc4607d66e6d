"""The synthetic records' loader now lives in the portal (partnerships/synthetic_data.py), so
that ``manage.py seed_scale`` works where the benchmarks folder is not deployed; the
benchmarks keep importing it from here."""

from partnerships.synthetic_data import *  # noqa: F403
from partnerships.synthetic_data import (  # noqa: F401 (the names the benchmarks use)
    LoadReport,
    RealRecordsPresent,
    load,
    real_record_counts,
    real_records,
    refuse_real_records,
    synthetic_counts,
)
