import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_accessibility_violations


def test_the_home_page_reads_in_indonesian_and_switches_to_english(page: Page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kemitraan usaha besar dan UMKM")
    expect(page.get_by_text("Rp1,5 triliun").first).to_be_visible()

    page.get_by_role("navigation", name="Bahasa").get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Partnerships between large firms and UMKM"
    )
    expect(page.get_by_text("Rp1.5 trillion").first).to_be_visible()

    page.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Bahasa Indonesia"
    ).click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/", "/en/", "/privacy/", "/en/privacy/", "/tidak-ada/"])
def test_the_page_has_no_serious_accessibility_violations(page: Page, axe, path):
    page.goto(path)
    assert serious_accessibility_violations(axe, page) == []
    assert page.console_errors == [] or path == "/tidak-ada/"


def test_the_page_fits_the_screen_without_sideways_scrolling(page: Page):
    page.goto("/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_a_keyboard_user_can_skip_straight_to_the_content(page: Page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Langsung ke isi utama")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_accessibility_check_catches_a_planted_flaw(page: Page, axe):
    page.set_content(
        '<!DOCTYPE html><html lang="id"><title>Cacat</title><body><main>'
        '<img src="/static/img/favicon.svg"><input type="text"></main></body></html>'
    )
    violations = serious_accessibility_violations(axe, page)
    assert any(violation.startswith("image-alt (critical)") for violation in violations)
    assert any(violation.startswith("label (critical)") for violation in violations)
