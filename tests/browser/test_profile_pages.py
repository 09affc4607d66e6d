"""Every page of the registration, for each kind of person, passes axe-core in Chromium at
phone and desktop sizes, fits the screen, and logs no error (CSP included)."""

import pytest
from playwright.sync_api import Page, expect

from partnerships.models import FirmRepresentative, KbliCode, Product, Regency
from partnerships.models import VerificationState as State
from tests.browser.conftest import serious_accessibility_violations
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_firm, make_umkm

UMKM_PAGES = [
    "/dashboard/",
    "/dashboard/umkm/profile/",
    "/dashboard/umkm/kbli/?q=kopi",
    "/dashboard/umkm/products/",
    "/dashboard/umkm/products/add/",
    "/dashboard/umkm/certifications/",
    "/dashboard/umkm/links/",
    "/en/dashboard/",
    "/en/dashboard/umkm/profile/",
]
FIRM_PAGES = [
    "/dashboard/",
    "/dashboard/firm/profile/",
    "/dashboard/firm/sectors/?q=otomotif",
    "/dashboard/firm/locations/",
    "/dashboard/firm/representatives/",
    "/en/dashboard/firm/profile/",
]


def sign_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")


def check(page: Page, axe, paths: list[str]) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        page.goto(path)
        found = serious_accessibility_violations(axe, page)
        if page.evaluate("document.documentElement.scrollWidth - window.innerWidth") > 0:
            found.append("the page scrolls sideways")
        if found:
            problems[path] = found
    return problems


def test_the_umkm_owners_pages(page: Page, axe, umkm_owner):
    umkm = make_umkm(owner=umkm_owner)
    umkm.kbli_codes.add(KbliCode.objects.get(code="10794"))
    Product.objects.create(umkm=umkm, name="Keripik", unit="kg", monthly_capacity=100)
    sign_in(page, umkm_owner.email)
    assert check(page, axe, [*UMKM_PAGES, f"/umkm/{umkm.pk}/"]) == {}
    assert page.console_errors == []


def test_the_firm_representatives_pages(page: Page, axe, firm_representative):
    firm = make_firm()
    FirmRepresentative.objects.create(firm=firm, user=firm_representative)
    firm.locations.add(Regency.objects.get(code="3215"))
    sign_in(page, firm_representative.email)
    assert check(page, axe, [*FIRM_PAGES, f"/firms/{firm.pk}/"]) == {}
    assert page.console_errors == []


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_a_profile_form_with_errors_stays_accessible(page: Page, axe, umkm_owner):
    sign_in(page, umkm_owner.email)
    page.goto("/dashboard/umkm/profile/")
    page.locator("input[name=nib]").fill("123")
    page.locator("input[name=capital]").fill("-5")
    page.locator("main form button[type=submit]:visible").last.click()
    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    # Keyboard and screen-reader users land on the summary of what to correct.
    expect(page.locator("main form .alert-danger[role=alert]")).to_be_focused()
    assert serious_accessibility_violations(axe, page) == []


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_a_sign_up_with_errors_takes_the_focus_to_the_error_summary(page: Page):
    page.goto("/accounts/signup/")
    page.locator("input[name=name]").fill("Sekar Ayu")
    page.evaluate("document.querySelector('main form').noValidate = true")
    page.locator("main form button[type=submit]").click()
    # The summary says what to correct and links each field; the fields stay marked.
    expect(page.locator("main form .alert-danger[role=alert]")).to_be_focused()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()
    expect(page.locator("input[name=name]")).to_have_value("Sekar Ayu")


def test_a_verified_public_profile_for_visitors(page: Page, axe):
    umkm = make_umkm(state=State.VERIFIED)
    assert check(page, axe, [f"/umkm/{umkm.pk}/", f"/en/umkm/{umkm.pk}/"]) == {}
