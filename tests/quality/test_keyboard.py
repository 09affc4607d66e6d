"""Keyboard only: an UMKM owner signs up, completes the business profile and submits it, and
the demo owner answers a firm's interest, with Tab, Shift+Tab, arrows, Space, Enter and typing
and never a mouse click. Every element that takes the focus on the way shows it (an outline or
a box shadow, read from the computed style), and a form sent back with errors says so: focus
moves to its error summary and each invalid field names its message in aria-describedby."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from partnerships.demo import DEMO_PASSWORD
from tests.quality.checks import described_errors, focus_indicator
from tests.quality.page_inventory import ACCOUNTS, OWNER

REGISTRANT = "keyboard.pemilik@umkm.kemitraan.test"
PASSWORD = "Tenun-dengan-keyboard-2021"
MOST_TABS = 120


class Keyboard:
    """Moves through a page as a keyboard user does, and notes every focus stop without a
    visible focus indicator."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.unseen_focus: list[str] = []

    def active_matches(self, selector: str) -> bool:
        return self.page.evaluate("s => document.activeElement.matches(s)", selector)

    def tab_to(self, selector: str) -> None:
        for _ in range(MOST_TABS):
            self.page.keyboard.press("Tab")
            if not focus_indicator(self.page):
                self.unseen_focus.append(
                    self.page.url
                    + " "
                    + self.page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
                )
            if self.active_matches(selector):
                return
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def type_into(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def choose(self, selector: str, label_start: str) -> None:
        """A <select>: focus it, then the arrow keys from its first option to the one wanted."""
        self.tab_to(selector)
        self.page.keyboard.press("Home")
        chosen = ""
        for _ in range(self.page.locator(f"{selector} option").count()):
            chosen = self.page.evaluate(
                "s => document.querySelector(s).selectedOptions[0]?.textContent.trim() || ''",
                selector,
            )
            if chosen.startswith(label_start):
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"no option of {selector} starts with {label_start}; at {chosen!r}")

    def choose_radio(self, name: str, value: str) -> None:
        self.tab_to(f"input[name={name}]")
        for _ in range(10):
            if self.active_matches(f"input[name={name}][value={value}]"):
                break
            self.page.keyboard.press("ArrowDown")
        self.page.keyboard.press("Space")
        assert self.page.locator(f"input[name={name}][value={value}]").is_checked()

    def check(self, selector: str) -> None:
        self.tab_to(selector)
        if not self.page.locator(selector).is_checked():
            self.page.keyboard.press("Space")
        assert self.page.locator(selector).is_checked()

    def activate(self, selector: str, key: str = "Enter") -> None:
        self.tab_to(selector)
        self.page.keyboard.press(key)


def assert_errors_are_announced(page: Page) -> None:
    summary = page.locator("main .alert-danger[role=alert]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert described_errors(page) == []


@pytest.fixture
def keyboard(contexts):
    context = contexts.new_context("anonymous", "desktop")
    yield Keyboard(context.new_page())
    context.close()


def test_an_owner_signs_up_and_completes_the_profile_with_the_keyboard_alone(
    keyboard: Keyboard, quality_server
):
    page = keyboard.page
    page.goto("/accounts/signup/")
    keyboard.type_into("input[name=name]", "Ratna Dewi")
    keyboard.type_into("input[name=email]", REGISTRANT)
    keyboard.type_into("input[name=password1]", PASSWORD)
    keyboard.type_into("input[name=password2]", PASSWORD + "x")
    keyboard.choose_radio("role", "umkm_owner")
    keyboard.check("input[name=consent]")
    keyboard.activate("main form button[type=submit]")
    page.wait_for_load_state()
    assert_errors_are_announced(page)

    keyboard.type_into("input[name=password1]", PASSWORD)
    keyboard.type_into("input[name=password2]", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/")

    # Opening the link in the e-mail is the one step that is not on the page.
    page.goto(quality_server.link_in_last_email(REGISTRANT, "/accounts/confirm-email/"))
    keyboard.activate("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")

    keyboard.activate("main a[href='/dashboard/umkm/profile/']")
    page.wait_for_url("**/dashboard/umkm/profile/")
    keyboard.type_into("input[name=name]", "Tenun Ikat Ratna")
    keyboard.activate("main form button.umkm-submit")
    page.wait_for_load_state()
    assert_errors_are_announced(page)

    keyboard.choose("select[name=legal_form]", "persekutuan komanditer")
    keyboard.type_into("input[name=nib]", "3120000000912")
    keyboard.type_into("input[name=year_founded]", "2010")
    keyboard.type_into("input[name=employees]", "9")
    keyboard.type_into("textarea[name=description]", "Tenun ikat dari benang katun.")
    keyboard.type_into("input[name=owner_name]", "Ratna Dewi")
    keyboard.type_into("input[name=phone]", "0812 3456 7812")
    keyboard.type_into("input[name=email]", "tenun.ratna@umkm.kemitraan.test")
    keyboard.choose("select[name=province]", "Nusa Tenggara Timur")
    # With JavaScript the regencies follow the province without a reload.
    expect(page.locator("select[name=regency] option", has_text="Kabupaten Sikka")).to_have_count(1)
    keyboard.choose("select[name=regency]", "Kabupaten Sikka")
    keyboard.type_into("textarea[name=address]", "Jl. Nong Meak 3, Maumere")
    keyboard.type_into("input[name=capital]", "80.000.000")
    keyboard.type_into("input[name=annual_sales]", "450.000.000")
    keyboard.activate("main form button.umkm-submit")
    expect(page.locator("main")).to_contain_text("Rp450.000.000")

    keyboard.activate("main nav a[href='/dashboard/umkm/kbli/']")
    page.wait_for_url("**/dashboard/umkm/kbli/")
    keyboard.type_into("input[name=q]", "13121")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/umkm/kbli/?q=13121")
    keyboard.activate("form:has(input[name=code][value='13121']) button[type=submit]")
    expect(page.locator("main")).to_contain_text("Kode Anda")

    keyboard.activate("main nav a[href='/dashboard/umkm/products/']")
    page.wait_for_url("**/dashboard/umkm/products/")
    keyboard.activate("main a[href='/dashboard/umkm/products/add/']")
    page.wait_for_url("**/dashboard/umkm/products/add/")
    keyboard.type_into("input[name=name]", "Kain tenun ikat")
    keyboard.type_into("input[name=unit]", "lembar")
    keyboard.type_into("input[name=monthly_capacity]", "120")
    keyboard.type_into("input[name=minimum_order]", "5")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/umkm/products/")

    keyboard.activate("header a[href='/dashboard/']")
    page.wait_for_url("**/dashboard/")
    keyboard.activate("form[action='/dashboard/umkm/submit/'] button")
    expect(page.locator(".verification-badge")).to_have_text("Menunggu verifikasi")
    assert keyboard.unseen_focus == []


def test_the_demo_owner_answers_an_interest_with_the_keyboard_alone(
    keyboard: Keyboard, quality_server
):
    page = keyboard.page
    page.goto("/accounts/login/")
    keyboard.type_into("input[name=login]", ACCOUNTS[OWNER])
    keyboard.type_into("input[name=password]", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dashboard/")
    interest = quality_server.ids["interest_for_owner"]
    keyboard.activate(f"main a[href='/dashboard/interests/{interest}/']")
    page.wait_for_url(f"**/dashboard/interests/{interest}/")
    keyboard.activate(f"form[action='/dashboard/interests/{interest}/accept/'] button")
    expect(page.locator("main .lead .badge")).to_have_text("Diterima")
    expect(page.locator(f"form[action='/dashboard/interests/{interest}/accept/']")).to_have_count(0)
    assert keyboard.unseen_focus == []
