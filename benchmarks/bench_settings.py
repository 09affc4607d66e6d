"""Settings for benchmarks/throughput.py only: the portal's own settings with a URLconf that
adds a bare view beside the portal's pages. The portal never loads this module."""

from portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
