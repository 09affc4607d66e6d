"""An UMKM owner registers on a phone, in Indonesian: sign up, confirm the e-mail address,
fill in the business profile, choose a KBLI code, add a product with a photo, and submit."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import Page, expect

from partnerships.models import Umkm
from partnerships.models import VerificationState as State
from tests.browser.conftest import serious_accessibility_violations
from tests.conftest import PASSWORD


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (196, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def assert_accessible(page: Page, axe) -> None:
    assert serious_accessibility_violations(axe, page) == [], page.url


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_an_owner_registers_the_business_on_a_phone(page: Page, axe):
    page.goto("/accounts/signup/")
    assert_accessible(page, axe)
    page.locator("input[name=name]").fill("Sekar Ayu")
    page.locator("input[name=email]").fill("sekar@batik.test")
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=role][value=umkm_owner]").check()
    page.locator("input[name=consent]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    link = re.search(r"https?://[^/\s]+(/\S*confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert_accessible(page, axe)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/dashboard/")
    assert_accessible(page, axe)

    page.locator("main a[href='/dashboard/umkm/profile/']").first.click()
    assert_accessible(page, axe)
    page.locator("input[name=name]").fill("Batik Tulis Sekar Jagad")
    page.locator("select[name=legal_form]").select_option("cv")
    page.locator("input[name=nib]").fill("3120000000456")
    page.locator("input[name=year_founded]").fill("2012")
    page.locator("input[name=employees]").fill("12")
    page.locator("textarea[name=description]").fill("Batik tulis dan cap dari Solo.")
    page.locator("input[name=owner_name]").fill("Sekar Ayu")
    page.locator("input[name=phone]").fill("0812 3456 7890")
    page.locator("input[name=email]").fill("sekar@example.test")
    # With JavaScript the regency list follows the province without reloading the page.
    page.locator("select[name=province]").select_option("33")
    expect(page.locator("select[name=regency] option", has_text="Kota Surakarta")).to_have_count(1)
    page.locator("select[name=regency]").select_option(label="Kota Surakarta")
    page.locator("textarea[name=address]").fill("Jl. Slamet Riyadi 10, Laweyan")
    page.locator("input[name=capital]").fill("750.000.000")
    page.locator("input[name=annual_sales]").fill("3.000.000.000")
    page.locator("main form button[type=submit]:visible").last.click()
    expect(page.get_by_text("Rp3.000.000.000").first).to_be_visible()
    assert_accessible(page, axe)

    page.goto("/dashboard/umkm/kbli/")
    page.locator("input[name=q]").fill("batik")
    page.locator("input[name=q]").press("Enter")
    page.locator("form:has(input[name=code][value='13134']) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("13134")
    assert_accessible(page, axe)

    page.goto("/dashboard/umkm/products/add/")
    page.locator("input[name=name]").fill("Kain batik tulis")
    page.locator("input[name=unit]").fill("lembar")
    page.locator("input[name=monthly_capacity]").fill("300")
    page.locator("input[name=minimum_order]").fill("10")
    page.locator("input[name=photo]").set_input_files(
        {"name": "batik.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}
    )
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main img").first).to_be_visible()
    assert_accessible(page, axe)

    page.goto("/dashboard/")
    page.locator("form[action='/dashboard/umkm/submit/'] button").click()
    expect(page.locator(".verification-badge")).to_have_text("Menunggu verifikasi")
    assert_accessible(page, axe)

    umkm = Umkm.objects.get(nib="3120000000456")
    assert umkm.verification_state == State.SUBMITTED
    assert umkm.products.get().thumbnail
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.console_errors == []
