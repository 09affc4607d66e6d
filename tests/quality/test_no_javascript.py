"""The public journeys work with JavaScript off (a Playwright context with
java_script_enabled=False), on a phone, against the demo site served as in production: a new
UMKM owner registers and submits the business, and a visitor filters the directory and opens
a profile."""

import re

import pytest
from playwright.sync_api import Page, expect

REGISTRANT = "nojs.pemilik@umkm.kemitraan.test"
PASSWORD = "Kripik-tanpa-JS-2021"


@pytest.fixture
def page(contexts):
    context = contexts.new_context("anonymous", "phone", java_script_enabled=False)
    page = context.new_page()
    yield page
    context.close()


def submit(page: Page, form: str = "main form") -> None:
    page.locator(f"{form} button[type=submit]:visible").last.click()


def test_a_new_owner_registers_and_submits_the_business_without_javascript(
    page: Page, quality_server
):
    page.goto("/accounts/signup/")
    page.locator("input[name=name]").fill("Wulan Sari")
    page.locator("input[name=email]").fill(REGISTRANT)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("input[name=role][value=umkm_owner]").check()
    page.locator("input[name=consent]").check()
    submit(page)
    page.wait_for_url("**/accounts/confirm-email/")

    page.goto(quality_server.link_in_last_email(REGISTRANT, "/accounts/confirm-email/"))
    submit(page)
    page.wait_for_url("**/dashboard/")

    page.locator("main a[href='/dashboard/umkm/profile/']").first.click()
    page.locator("input[name=name]").fill("Kerajinan Bambu Wulan")
    page.locator("select[name=legal_form]").select_option("cv")
    page.locator("input[name=nib]").fill("3120000000789")
    page.locator("input[name=year_founded]").fill("2015")
    page.locator("input[name=employees]").fill("6")
    page.locator("textarea[name=description]").fill("Anyaman bambu untuk kemasan dan dekorasi.")
    page.locator("input[name=owner_name]").fill("Wulan Sari")
    page.locator("input[name=phone]").fill("0812 3456 7800")
    page.locator("input[name=email]").fill("bambu.wulan@umkm.kemitraan.test")
    page.locator("select[name=province]").select_option("34")
    # Without JavaScript the regencies come with a reload of the form, which keeps the answers.
    page.locator("button[name=refresh_regencies]").click()
    expect(page.locator("input[name=name]")).to_have_value("Kerajinan Bambu Wulan")
    page.locator("select[name=regency]").select_option(label="Kabupaten Sleman")
    page.locator("textarea[name=address]").fill("Jl. Kaliurang km 12, Ngaglik")
    page.locator("input[name=capital]").fill("60.000.000")
    page.locator("input[name=annual_sales]").fill("400.000.000")
    submit(page, "main form.umkm-form")
    expect(page.locator("main")).to_contain_text("Rp400.000.000")

    page.goto("/dashboard/umkm/kbli/")
    page.locator("input[name=q]").fill("1629")
    page.locator("input[name=q]").press("Enter")
    page.locator("form:has(input[name=code][value='16291']) button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("16291")

    page.goto("/dashboard/umkm/products/add/")
    page.locator("input[name=name]").fill("Besek bambu")
    page.locator("input[name=unit]").fill("buah")
    page.locator("input[name=monthly_capacity]").fill("2000")
    page.locator("input[name=minimum_order]").fill("100")
    submit(page)
    expect(page.locator("main")).to_contain_text("Besek bambu")

    page.goto("/dashboard/")
    page.locator("form[action='/dashboard/umkm/submit/'] button").click()
    expect(page.locator(".verification-badge")).to_have_text("Menunggu verifikasi")


def test_a_visitor_filters_the_directory_and_opens_a_profile_without_javascript(page: Page):
    page.goto("/umkm/")
    filters = page.locator("details.directory-filters__fold")
    # No script opens the filters: the browser's own <details> does, on a tap.
    expect(filters).not_to_have_attribute("open", "")
    page.locator("details.directory-filters__fold summary").click()
    page.locator("select[name=province]").select_option("32")
    page.locator("select[name=kbli]").select_option("10")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/umkm/\?.*province=32.*"))
    first = page.locator(".directory-results h3 a").first
    name = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(name)
    expect(page.locator("main")).to_contain_text("Jawa Barat")

    page.goto("/needs/")
    page.locator("details.directory-filters__fold summary").click()
    page.locator("select[name=province]").select_option("32")
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator(".directory-results h3 a").first.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.rstrip("/").split("/")[-2] == "needs"
