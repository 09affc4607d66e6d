"""The load tests share one demo site served by gunicorn (tests/load/server.py), started when
the first of them needs it and stopped after the last; their figures are printed at the end
of pytest's output (under -q too), for the CI log.

They are marked ``load``: `pytest -m "not load"` leaves them out of a quick local run.
LOAD_SECONDS shortens the read load for a local try (CI runs the full 60 seconds).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.load.server import serve_for_load
from tests.quality.server import QualityServer

# Filled by the tests; pytest_terminal_summary prints them.
LOAD_FIGURES: dict[str, list[str]] = {}


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "load: drives the demo served by gunicorn with concurrent clients"
    )


@pytest.fixture(scope="package")
def load_server(tmp_path_factory) -> Iterator[QualityServer]:
    with serve_for_load(tmp_path_factory.mktemp("load")) as server:
        yield server


def pytest_terminal_summary(terminalreporter) -> None:
    for title, lines in LOAD_FIGURES.items():
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)
