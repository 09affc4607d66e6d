"""The public lists in Chromium: a firm representative finds a supplier by province and KBLI
and opens its profile; the lists pass axe-core at phone and desktop sizes."""

from playwright.sync_api import Page, expect

from partnerships.models import CertificationKind
from partnerships.models import VerificationState as State
from tests.browser.conftest import serious_accessibility_violations
from tests.browser.test_profile_pages import check, sign_in
from tests.partnerships.factories import make_firm, make_need, make_representative
from tests.partnerships.factories_directory import make_listed_umkm


def test_a_firm_representative_filters_the_directory_and_opens_a_profile(
    page: Page, firm_representative
):
    make_representative(make_firm(state=State.VERIFIED), firm_representative)
    make_listed_umkm(name="Kerupuk Karawang", place="3215", kbli=["10794"])
    make_listed_umkm(name="Bengkel Karawang", place="3215", kbli=["25119"])
    make_listed_umkm(name="Kerupuk Surabaya", place="3578", kbli=["10794"])
    sign_in(page, firm_representative.email)
    page.goto("/umkm/")
    filters = page.locator("details.directory-filters__fold")
    if page.viewport_size["width"] < 992:
        # On a phone the filters fold away so the results come first; a tap opens them.
        expect(filters).not_to_have_attribute("open", "")
        page.locator("summary", has_text="Filter").click()
    expect(filters).to_have_attribute("open", "")
    page.locator("select[name=province]").select_option("32")
    page.locator("select[name=kbli]").select_option("10")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url("**/umkm/?*province=32*")
    results = page.locator(".directory-results")
    expect(results.get_by_role("link", name="Kerupuk Karawang")).to_be_visible()
    expect(results.get_by_role("link", name="Bengkel Karawang")).to_have_count(0)
    expect(results.get_by_role("link", name="Kerupuk Surabaya")).to_have_count(0)
    results.get_by_role("link", name="Kerupuk Karawang").click()
    expect(page.locator("h1")).to_have_text("Kerupuk Karawang")
    assert page.console_errors == []


def test_the_lists_are_accessible(page: Page, axe):
    make_listed_umkm(
        name="Kopi Tanjung Pura",
        place="3215",
        kbli=["10761"],
        certifications=[(CertificationKind.HALAL, None)],
    )
    firm = make_firm(state=State.VERIFIED, locations=["3215"])
    make_need(firm, kbli=["10761"], locations=["3215"], certifications=["halal"])
    paths = [
        "/umkm/",
        "/umkm/?province=32&kbli=99999999",
        "/umkm/?province=11",
        "/needs/",
        "/firms/",
        "/en/umkm/?q=kopi",
    ]
    assert check(page, axe, paths) == {}
    assert serious_accessibility_violations(axe, page) == []
