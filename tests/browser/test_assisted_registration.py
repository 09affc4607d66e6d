"""Assisted registration end to end: a regional official enters an UMKM from a paper form,
issues a claim code, the owner claims the business, and a second official verifies it (the
first one may not: four eyes)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from partnerships.models import Umkm, VerificationState
from partnerships.officials import OfficialRole
from tests.browser.conftest import VIEWPORTS
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_official, make_owner


def sign_in_to_the_admin(page: Page, person) -> None:
    page.goto("/admin/")
    page.get_by_label("Alamat email").fill(person.email)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def choose(page: Page, field: str, typed: str, option: str) -> None:
    """Picks an option of the admin's autocomplete (select2) widget by typing."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_an_official_registers_the_owner_claims_and_another_official_verifies(
    page: Page, browser: Browser, live_server
):
    entering = make_official(OfficialRole.REGIONAL, provinces=["32"])
    verifying = make_official(OfficialRole.REGIONAL, provinces=["32"])
    owner = make_owner(name="Minah")

    # 1. The regional official types in the owner's paper form.
    sign_in_to_the_admin(page, entering)
    page.goto("/admin/partnerships/umkm/add/")
    page.locator("input[name=name]").fill("Dodol Betawi Ibu Minah")
    page.locator("select[name=legal_form]").select_option("individual")
    page.locator("input[name=nib]").fill("8120000000099")
    page.locator("input[name=owner_name]").fill("Minah")
    page.locator("input[name=phone]").fill("0812 3456 7890")
    choose(page, "province", "Jawa Barat", "Jawa Barat")
    choose(page, "regency", "Karawang", "Karawang")
    page.locator("textarea[name=description]").fill("Dodol Betawi, dari formulir kertas.")
    page.locator("input[name=year_founded]").fill("2001")
    page.locator("input[name=employees]").fill("3")
    page.locator("input[name=capital]").fill("20000000")
    page.locator("input[name=annual_sales]").fill("100000000")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    umkm = Umkm.objects.get(nib="8120000000099")
    assert umkm.registered_by == entering
    assert umkm.is_assisted
    assert umkm.owner is None

    # 2. ... issues a claim code to print.
    page.get_by_role("link", name="Terbitkan kode klaim").or_(
        page.get_by_role("link", name="Issue a claim code")
    ).click()
    page.locator("#content-main input[type=submit]").click()
    code = page.locator("#claim-code").inner_text().strip()
    assert code.startswith("KMT-")

    # ... and may not verify what they entered.
    page.goto("/admin/partnerships/umkm/?verification_state__exact=submitted")
    page.locator(f"input[name=_selected_action][value='{umkm.pk}']").check()
    page.locator("select[name=action]").select_option("verify_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist .error")).to_contain_text("Dodol Betawi Ibu Minah")
    umkm.refresh_from_db()
    assert umkm.verification_state == VerificationState.SUBMITTED

    # 3. The owner signs in on their phone and claims the business.
    owner_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["phone"])
    phone = owner_context.new_page()
    phone.goto("/accounts/login/?next=/dashboard/")
    phone.locator("input[name=login]").fill(owner.email)
    phone.locator("input[name=password]").fill(PASSWORD)
    phone.locator("form [type=submit]").last.click()
    phone.locator("a[href='/dashboard/umkm/claim/']").click()
    phone.locator("input[name=code]").fill(code.lower().replace("-", " "))
    phone.locator("main form [type=submit], form.claim [type=submit]").last.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Dodol Betawi Ibu Minah")
    owner_context.close()
    umkm.refresh_from_db()
    assert umkm.owner == owner

    # 4. A second official verifies it.
    other_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["desktop"])
    other = other_context.new_page()
    sign_in_to_the_admin(other, verifying)
    other.goto("/admin/partnerships/umkm/?verification_state__exact=submitted")
    other.locator(f"input[name=_selected_action][value='{umkm.pk}']").check()
    other.locator("select[name=action]").select_option("verify_selected")
    other.locator("button[name=index]").click()
    expect(other.locator(".messagelist .success")).to_be_visible()
    other_context.close()
    umkm.refresh_from_db()
    assert umkm.verification_state == VerificationState.VERIFIED
    assert umkm.reviewed_by == verifying
    assert page.console_errors == []
