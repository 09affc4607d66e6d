"""Lighthouse (pinned in package.json) in Debian's Chromium, with its default mobile emulation
and simulated throttling (a mid-range phone on slow 4G), on the pages people land on from a
search or a shared link, served by gunicorn with DEBUG off and WhiteNoise: performance at
least 90, accessibility 100, best practices 100, SEO at least 95.

The pages and the run are in conftest.py (one Lighthouse run for them all). The scores go to
build/quality/lighthouse.json (the full reports to build/quality/lighthouse/) and to the end of
pytest's output, also under -q, so the CI log shows them.
"""

import pytest

from tests.quality.conftest import LIGHTHOUSE_PAGES


@pytest.mark.parametrize("name", list(LIGHTHOUSE_PAGES))
def test_lighthouse_scores_meet_the_thresholds(name, lighthouse_reports):
    report = lighthouse_reports[name]
    assert report.shortfalls() == [], report.failed_audits
