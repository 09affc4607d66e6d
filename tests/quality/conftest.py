"""The quality checks run against one demo site served as in production (server.py), built
once per run, with one Chromium shared by every check.

The fixtures live as long as the tests/quality package (scope "package"): the server stops
and Chromium closes when its last test has run. Playwright's sync API runs one instance per
thread at a time, so the browser tests' Chromium (tests/browser) must likewise be closed when
their package ends, before this one starts.

Each role of the inventory signs in once, through the real sign-in form, and its cookies are
reused by every browser context of that role (phone or desktop, Indonesian or English).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from partnerships.demo import DEMO_PASSWORD
from tests.browser.conftest import CHROMIUM_ARGS, VIEWPORTS
from tests.quality import page_inventory as inventory
from tests.quality.checks import CHROMIUM, MINIMUM_SCORES, LighthouseReport, lighthouse, require
from tests.quality.planted import PlantedSite, serve_planted_pages
from tests.quality.server import QualityServer, serve_demo

LANGUAGES = ("id", "en")
# Where the checks leave their reports (gitignored), e.g. build/quality/lighthouse.json.
REPORTS = Path(__file__).resolve().parents[2] / "build" / "quality"


@pytest.fixture(scope="package")
def quality_server(tmp_path_factory) -> Iterator[QualityServer]:
    with serve_demo(tmp_path_factory.mktemp("quality")) as server:
        yield server


@pytest.fixture(scope="package")
def planted_site() -> Iterator[PlantedSite]:
    with serve_planted_pages() as site:
        yield site


# The pages people arrive on from a search or a shared link, for Lighthouse (test_lighthouse.py).
# The statistics page joins this list when it lands.
LIGHTHOUSE_PAGES = {
    "home": "/",
    "directory, filtered": "/umkm/?province=32&kbli=10",
    "an UMKM's profile": "/umkm/{umkm}/",
    "a need": "/needs/{need}/",
    "statistics": "/statistics/",
}
# A page with an image without alt text, to prove the accessibility score notices it.
LIGHTHOUSE_PLANTED_FLAW = "image without alt"
# Filled by lighthouse_reports and test_weight.py; pytest_terminal_summary prints them.
LIGHTHOUSE_SCORES: dict[str, dict[str, object]] = {}
WEIGHTS: dict[str, tuple[int, int]] = {}


@pytest.fixture(scope="package")
def lighthouse_reports(quality_server, planted_site) -> dict[str, LighthouseReport]:
    """One Lighthouse run over the portal's landing pages and the planted-flaw page; the
    portal's scores go to build/quality/lighthouse.json and to the end of pytest's output."""
    paths = {name: path.format(**quality_server.ids) for name, path in LIGHTHOUSE_PAGES.items()}
    urls = {name: quality_server.url(path) for name, path in paths.items()}
    urls[LIGHTHOUSE_PLANTED_FLAW] = planted_site.url(LIGHTHOUSE_PLANTED_FLAW)
    by_url = lighthouse(list(urls.values()), REPORTS / "lighthouse")
    reports = {name: by_url[url] for name, url in urls.items()}
    for name, path in paths.items():
        LIGHTHOUSE_SCORES[name] = {"path": path, **reports[name].scores}
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "lighthouse.json").write_text(
        json.dumps({"minimum": MINIMUM_SCORES, "pages": LIGHTHOUSE_SCORES}, indent=2),
        encoding="utf-8",
    )
    return reports


@pytest.fixture(scope="package")
def quality_browser() -> Iterator[Browser]:
    require(CHROMIUM.exists(), f"No Chromium at {CHROMIUM}: install Debian's chromium.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def sign_in(page: Page, role: str) -> None:
    """Through the form people use: the admin's for officials, the portal's for everyone else."""
    email = inventory.ACCOUNTS[role]
    if role in inventory.STAFF:
        page.goto("/admin/login/")
        page.locator("input[name=username]").fill(email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("input[type=submit]").click()
        page.wait_for_url("**/admin/")
    else:
        page.goto("/accounts/login/")
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_url("**/dashboard/")


@pytest.fixture(scope="package")
def signed_in_states(quality_server, quality_browser) -> Callable[[str], dict | None]:
    """role -> the storage state (cookies) of a session signed in as that role."""
    states: dict[str, dict | None] = {inventory.ANONYMOUS: None}

    def state(role: str) -> dict | None:
        if role not in states:
            context = quality_browser.new_context(base_url=quality_server.base_url)
            sign_in(context.new_page(), role)
            states[role] = context.storage_state()
            context.close()
        return states[role]

    return state


class Contexts:
    """One browser context (and page) per role, viewport and language, made when first asked
    for and kept for the session: pages of the same kind reuse it."""

    def __init__(self, browser: Browser, server: QualityServer, states) -> None:
        self.browser, self.server, self.states = browser, server, states
        self.pages: dict[tuple[str, str, str], Page] = {}

    def page(self, role: str, viewport: str = "desktop", language: str = "id") -> Page:
        key = (role, viewport, language)
        if key not in self.pages:
            context = self.new_context(role, viewport, language)
            page = context.new_page()
            page.console_errors = []
            page.on(
                "console",
                lambda message, errors=page.console_errors: (
                    message.type == "error" and errors.append(message.text)
                ),
            )
            page.on(
                "pageerror", lambda error, errors=page.console_errors: errors.append(str(error))
            )
            self.pages[key] = page
        return self.pages[key]

    def new_context(
        self, role: str, viewport: str = "desktop", language: str = "id", **options
    ) -> BrowserContext:
        # The locale sets Accept-Language, which picks the admin's language (it has no /en/).
        return self.browser.new_context(
            base_url=self.server.base_url,
            storage_state=self.states(role),
            locale=language,
            **VIEWPORTS[viewport],
            **options,
        )

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="package")
def contexts(quality_browser, quality_server, signed_in_states) -> Iterator[Contexts]:
    kept = Contexts(quality_browser, quality_server, signed_in_states)
    yield kept
    kept.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """Lighthouse's scores and the pages' weights at the end of the output (shown under -q
    too), for the CI log."""
    if LIGHTHOUSE_SCORES:
        terminalreporter.section("Lighthouse (mobile, simulated slow 4G)")
        terminalreporter.write_line(
            f"{'page':<22} {'perf':>5} {'a11y':>5} {'best':>5} {'seo':>5}  path"
        )
        for name, scores in LIGHTHOUSE_SCORES.items():
            terminalreporter.write_line(
                f"{name:<22} {scores['performance']!s:>5} {scores['accessibility']!s:>5} "
                f"{scores['best-practices']!s:>5} {scores['seo']!s:>5}  {scores['path']}"
            )
        terminalreporter.write_line(f"Reports: {REPORTS / 'lighthouse.json'}")
    if WEIGHTS:
        terminalreporter.section("First visit on a phone, bytes transferred (budget 200 KB)")
        for path, (total, responses) in WEIGHTS.items():
            terminalreporter.write_line(
                f"{total / 1024:>7.1f} KB  {responses:>3} responses  {path}"
            )
