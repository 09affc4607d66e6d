"""Lighthouse sometimes fails to record a page's trace (NO_NAVSTART) and says to run it again:
the check runs such a page again, up to three times in all, and fails only when every attempt
failed. Lighthouse itself is replaced here by a stand-in that writes its reports."""

import json

import pytest

from tests.quality import checks

GOOD = {
    "categories": {
        category: {"score": 1, "auditRefs": []}
        for category in ("performance", "accessibility", "best-practices", "seo")
    },
    "audits": {},
}
BROKEN = {"runtimeError": {"code": "NO_NAVSTART", "message": "Please run Lighthouse again."}}


def _stand_in(monkeypatch, outcomes: dict[str, list[dict]]):
    """Lighthouse as a list of reports per URL, one per attempt; records the runs."""
    runs: list[list[str]] = []

    def run(node, urls, folder):
        runs.append(list(urls))
        folder.mkdir(parents=True, exist_ok=True)
        for index, url in enumerate(urls):
            report = outcomes[url].pop(0)
            (folder / f"{index}.json").write_text(json.dumps(report), encoding="utf-8")

    monkeypatch.setattr(checks, "_run_lighthouse", run)
    monkeypatch.setattr(checks, "require_node_tool", lambda path: "node")
    monkeypatch.setattr(checks, "CHROMIUM", checks.Path(__file__))
    return runs


def test_a_page_whose_trace_failed_once_is_run_again_alone(monkeypatch, tmp_path):
    runs = _stand_in(monkeypatch, {"/a": [GOOD], "/b": [BROKEN, GOOD], "/c": [GOOD]})
    reports = checks.lighthouse(["/a", "/b", "/c"], tmp_path)
    assert runs == [["/a", "/b", "/c"], ["/b"]]
    assert {url: report.shortfalls() for url, report in reports.items()} == {
        "/a": [],
        "/b": [],
        "/c": [],
    }
    assert json.loads((tmp_path / "1.json").read_text(encoding="utf-8")) == GOOD


def test_a_page_that_fails_every_attempt_fails_the_check(monkeypatch, tmp_path):
    _stand_in(monkeypatch, {"/a": [GOOD], "/b": [BROKEN, BROKEN, BROKEN]})
    with pytest.raises(AssertionError, match="could not load /b in 3 attempts"):
        checks.lighthouse(["/a", "/b"], tmp_path)
