"""Real Chromium (Debian's, never a download) driven by Playwright against the live server.

Where there is no Chromium the browser tests are skipped, loudly; under CI (CI=true) a missing
browser fails them instead, so a green CI run always includes them.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, sync_playwright

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
# Chromium must not try to reach Google's services from a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}

# Playwright's sync API keeps an event loop in the test's thread; the ORM calls that tests make
# to set up data are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # The live server only sees committed data, so these tests commit, and every
            # table is flushed after each of them.
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(autouse=True)
def _reference_data(reference_data_after_flush) -> None:
    """Every browser test commits, so each finds the reference data put back after a flush."""


# Package scope: Playwright's sync API allows one instance per thread, and tests/quality starts
# its own after these tests end, so this browser closes with tests/browser.
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        message = f"No Chromium at {CHROMIUM}: install Debian's chromium or set CHROMIUM."
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser: Browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.url, **VIEWPORTS[request.param])
    page = context.new_page()
    # What went wrong while the test ran: CSP violations and script errors the page logged,
    # and failed loads. Tests read it as page.console_errors.
    errors: list[str] = []

    def keep(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def keep_failed(response: Response) -> None:
        if response.status >= 400:
            errors.append(f"HTTP {response.status} {response.url}")

    page.on("console", keep)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", keep_failed)
    page.console_errors = errors
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


def serious_accessibility_violations(axe: Axe, page: Page) -> list[str]:
    """axe-core's violations of impact serious or critical, described for the failure message."""
    results = axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
