"""Driving a server with concurrent visitors and summing up what they saw.

Closed loop, as wrk or locust run it: each of N connections sends its next request as soon
as the last one's answer has arrived, so N requests are always in flight and the latency
measured includes every wait in the server's queues.
"""

from __future__ import annotations

import contextlib
import gc
import math
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tests.load.http_client import Client


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest rank: the smallest value with at least ``share`` of the values at or below it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


@contextlib.contextmanager
def collector_paused():
    """Python's cycle collector paused while the visitors run. Inside pytest the client process
    holds Django, the test suite and their objects; a full collection walks all of them and
    stops every visitor's thread meanwhile, which would add the client's pauses to the
    server's latencies. Responses hold no cycles: reference counting frees them as before."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@dataclass
class PageFigures:
    seconds: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    # Requests that got no answer (the connection failed), and a few of the answers not 200.
    errors: list[str] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + len(self.errors)

    @property
    def failures(self) -> int:
        return self.requests - self.statuses[200]

    def p(self, share: float) -> float:
        return percentile(self.seconds, share)


@dataclass
class LoadReport:
    title: str
    connections: int
    elapsed: float
    pages: dict[str, PageFigures]
    reconnects: int = 0

    @property
    def requests(self) -> int:
        return sum(page.requests for page in self.pages.values())

    @property
    def failures(self) -> int:
        return sum(page.failures for page in self.pages.values())

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed

    @property
    def all_seconds(self) -> list[float]:
        return [second for page in self.pages.values() for second in page.seconds]

    def lines(self) -> list[str]:
        every = PageFigures(seconds=self.all_seconds)
        rows = [(name, page) for name, page in self.pages.items()]
        lines = [
            f"{self.title}: {self.requests} requests in {self.elapsed:.1f} s over "
            f"{self.connections} connections = {self.rps:.1f} requests/s, "
            f"{self.failures} not 200, {self.reconnects} kept-alive connections reopened",
            f"{'page':<30} {'requests':>8} {'not 200':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'p99 ms':>8} {'max ms':>8}",
        ]
        for name, page in [*rows, ("all", every)]:
            count = page.requests if name != "all" else self.requests
            failures = page.failures if name != "all" else self.failures
            lines.append(
                f"{name:<30} {count:>8} {failures:>8} {page.p(0.50) * 1000:>8.0f} "
                f"{page.p(0.95) * 1000:>8.0f} {page.p(0.99) * 1000:>8.0f} "
                f"{max(page.seconds, default=math.nan) * 1000:>8.0f}"
            )
        for name, page in rows:
            for status, count in sorted(page.statuses.items()):
                if status != 200:
                    lines.append(f"  {name}: {count} x HTTP {status}")
            for error in [*page.errors[:5], *page.samples[:5]]:
                lines.append(f"  {name}: {error}")
        return lines


def read_load(
    base_url: str,
    plan: Sequence[tuple[str, str]],
    *,
    connections: int,
    seconds: float,
    title: str,
    headers: dict[str, dict[str, str]] | None = None,
) -> LoadReport:
    """``connections`` visitors walk round the ``plan`` of (kind of page, path) visits, each
    from its own place in it, until ``seconds`` have passed; ``headers`` adds headers to the
    requests of some kinds. The figures are per kind of page."""
    headers = headers or {}
    figures = {kind: PageFigures() for kind, _path in plan}
    lock = threading.Lock()
    clients = [Client(base_url) for _ in range(connections)]
    start = threading.Barrier(connections + 1)
    deadline: list[float] = []

    def visit(index: int) -> None:
        client = clients[index]
        start.wait()
        turn = index * len(plan) // connections
        while time.monotonic() < deadline[0]:
            kind, path = plan[turn % len(plan)]
            turn += 1
            try:
                response = client.get(path, headers.get(kind))
            except OSError as error:
                with lock:
                    figures[kind].errors.append(f"{path}: {error!r}")
                client.close()
                continue
            with lock:
                figures[kind].statuses[response.status] += 1
                figures[kind].seconds.append(response.seconds)
                if response.status != 200 and len(figures[kind].samples) < 20:
                    figures[kind].samples.append(f"{path}: HTTP {response.status}")
        client.close()

    threads = [threading.Thread(target=visit, args=(i,)) for i in range(connections)]
    with collector_paused():
        for thread in threads:
            thread.start()
        began = time.monotonic()
        deadline.append(began + seconds)
        start.wait()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
    return LoadReport(
        title=title,
        connections=connections,
        elapsed=elapsed,
        pages=figures,
        reconnects=sum(client.reconnects for client in clients),
    )


@dataclass
class Journey:
    """What one simulated visitor's run of steps recorded: each step's time, and the first
    failure (if any)."""

    index: int
    steps: dict[str, float] = field(default_factory=dict)
    failure: str | None = None


def run_journeys(
    count: int, concurrency: int, journey: Callable[[int, dict[str, float]], None]
) -> tuple[list[Journey], float]:
    """Runs ``journey(index, steps)`` for every index in ``range(count)``, ``concurrency`` at
    a time; a journey times its steps into ``steps`` and raises on the first thing that is
    wrong. Returns every journey and the seconds the whole run took."""
    journeys = [Journey(index) for index in range(count)]
    next_index = iter(range(count))
    lock = threading.Lock()

    def work() -> None:
        while True:
            with lock:
                index = next(next_index, None)
            if index is None:
                return
            try:
                journey(index, journeys[index].steps)
            except Exception as error:  # every failure is reported, not only the first
                journeys[index].failure = f"{type(error).__name__}: {error}"

    threads = [threading.Thread(target=work) for _ in range(concurrency)]
    with collector_paused():
        began = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return journeys, time.monotonic() - began
