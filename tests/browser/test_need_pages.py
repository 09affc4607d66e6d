"""The needs pages (the firm's list, form and close confirmation; the public need page; the
firm page's open needs) pass axe-core in Chromium at phone and desktop sizes, fit the screen,
and log no error (CSP included)."""

import pytest
from playwright.sync_api import Page, expect

from partnerships.models import FirmRepresentative, Regency
from partnerships.models import VerificationState as State
from tests.browser.conftest import serious_accessibility_violations
from tests.browser.test_profile_pages import check, sign_in
from tests.partnerships.factories import make_firm, make_need


def test_the_firm_representatives_need_pages(page: Page, axe, firm_representative):
    firm = make_firm(state=State.VERIFIED)
    FirmRepresentative.objects.create(firm=firm, user=firm_representative)
    firm.locations.add(Regency.objects.get(code="3215"))
    need = make_need(firm, kbli=["17021"], locations=["3215"], certifications=["sni"])
    sign_in(page, firm_representative.email)
    paths = [
        "/dashboard/firm/needs/",
        "/dashboard/firm/needs/add/",
        f"/dashboard/firm/needs/{need.pk}/edit/",
        f"/dashboard/firm/needs/{need.pk}/close/",
        f"/needs/{need.pk}/",
        f"/firms/{firm.pk}/",
        "/en/dashboard/firm/needs/add/",
    ]
    assert check(page, axe, paths) == {}
    assert page.console_errors == []


def test_a_public_need_for_visitors(page: Page, axe):
    need = make_need(kbli=["17021"], locations=["3215"], certifications=["halal"])
    assert check(page, axe, [f"/needs/{need.pk}/", f"/en/needs/{need.pk}/"]) == {}
    assert page.console_errors == []


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_a_need_form_with_errors_stays_accessible(page: Page, axe, firm_representative):
    firm = make_firm(state=State.SUBMITTED)
    FirmRepresentative.objects.create(firm=firm, user=firm_representative)
    sign_in(page, firm_representative.email)
    page.goto("/dashboard/firm/needs/add/")
    page.locator("input[name=title]").fill("Kemasan karton")
    page.locator("input[name=kbli]").fill("17021 99999")
    page.locator("input[name=volume]").fill("0")
    page.locator("main form button[type=submit]").click()
    assert page.locator(".invalid-feedback, .is-invalid").count() > 0
    expect(page.locator("main form .alert-danger[role=alert]")).to_be_focused()
    expect(page.locator("input[name=title]")).to_have_value("Kemasan karton")
    assert serious_accessibility_violations(axe, page) == []
