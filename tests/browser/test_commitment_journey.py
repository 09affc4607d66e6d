"""A commitment end to end in Chromium: an official records it in the admin (the add form, with
the signed statement as a PDF), the UMKM owner finds it on the dashboard on a phone and
downloads the document, and the public statistics count it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from partnerships.demo_commitments import signed_pdf
from partnerships.models import Commitment, CommitmentStage
from partnerships.officials import OfficialRole
from tests.browser.conftest import VIEWPORTS, serious_accessibility_violations
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_firm, make_official, make_owner, make_umkm, regency

VERIFIED = "verified"
FIRM = "PT Pangan Karawang Sejahtera"
UMKM = "Keripik Singkong Sari Rasa"


def sign_in_to_the_admin(page: Page, person) -> None:
    page.goto("/admin/")
    page.locator("input[name=username]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#user-tools")).to_be_visible()


def sign_in(page: Page, person) -> None:
    page.goto("/accounts/login/?next=/dashboard/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def choose(page: Page, field: str, typed: str, option: str) -> None:
    """Picks an option of the admin's autocomplete (select2) widget by typing."""
    page.locator(f"#id_{field} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def committed_figure(page: Page):
    """The statistics page's first figure: the value committed, in words."""
    return page.locator(".statistics-figures .figure").first.locator("dd data")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_an_official_records_a_commitment_the_owner_sees_it_and_the_statistics_count_it(
    page: Page, browser: Browser, live_server, axe
):
    official = make_official(OfficialRole.CENTRAL)
    firm = make_firm(state=VERIFIED, name=FIRM, locations=["3215"])
    owner = make_owner(name="Sari Wulandari")
    umkm = make_umkm(state=VERIFIED, owner=owner, name=UMKM, regency=regency("3215"))
    today = timezone.localdate()
    signed_on = today - timedelta(days=3)

    # 0. Nothing recorded yet: the public statistics say so.
    page.goto("/en/statistics/")
    expect(page.locator("main .alert-info")).to_contain_text("No commitments have been recorded")

    # 1. The official records what was signed, with the signed statement as a PDF.
    sign_in_to_the_admin(page, official)
    page.goto("/admin/partnerships/commitment/add/")
    choose(page, "firm", "Pangan Karawang", FIRM)
    choose(page, "umkm", "Sari Rasa", UMKM)
    page.locator("input[name=signing_event]").fill(
        "Penandatanganan Komitmen Kemitraan, DPMPTSP Kabupaten Karawang"
    )
    page.locator("input[name=value]").fill("2.500.000.000")
    page.locator("select[name=pattern]").select_option("rantai_pasok")
    page.locator("textarea[name=scope]").fill(
        "Pasokan keripik singkong balado 5.000 kg per bulan ke gudang Karawang."
    )
    page.locator("input[name=period_start]").fill(f"{today + timedelta(days=14):%Y-%m-%d}")
    page.locator("input[name=period_end]").fill(f"{today + timedelta(days=379):%Y-%m-%d}")
    page.locator("input[name=firm_signatory]").fill("Hendra Wijaya")
    page.locator("input[name=firm_signatory_title]").fill("Direktur Utama")
    page.locator("input[name=umkm_signatory]").fill("Sari Wulandari")
    page.locator("input[name=umkm_signatory_title]").fill("Pemilik")
    page.locator("input[name=statement_signed_on]").fill(f"{signed_on:%Y-%m-%d}")
    document = signed_pdf(
        "SURAT PERNYATAAN KOMITMEN KEMITRAAN",
        signed_on,
        {
            "firm": FIRM,
            "umkm": UMKM,
            "value": "Rp2.500.000.000",
            "scope": "Pasokan keripik singkong balado 5.000 kg per bulan.",
            "firm_signatory": "Hendra Wijaya, Direktur Utama",
            "umkm_signatory": "Sari Wulandari, Pemilik",
        },
    )
    page.locator("input[name=statement_document]").set_input_files(
        {"name": "pernyataan-komitmen.pdf", "mimeType": "application/pdf", "buffer": document}
    )
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    commitment = Commitment.objects.get(firm=firm, umkm=umkm)
    assert commitment.value == 2_500_000_000
    assert commitment.stage == CommitmentStage.STATEMENT
    assert commitment.statement_signed_on == signed_on
    assert commitment.recorded_by == official
    assert commitment.statement_document.name.startswith("private/commitments/")
    assert commitment.follow_ups.count() == 6
    assert page.console_errors == []

    # 2. The owner, on a phone, finds it on the dashboard and downloads the signed statement.
    owner_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["phone"])
    phone = owner_context.new_page()
    sign_in(phone, owner)
    commitments = phone.locator("section[aria-labelledby=commitments-heading]")
    expect(commitments).to_contain_text(FIRM)
    expect(commitments).to_contain_text("Rp2.500.000.000")
    assert serious_accessibility_violations(axe, phone) == []
    commitments.get_by_role("link", name=FIRM).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(FIRM)
    download = phone.request.get(f"/commitments/{commitment.pk}/documents/statement/")
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.body() == document
    owner_context.close()

    # 3. The public statistics count it: Rp2,5 miliar committed, pre-contract.
    visitor_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["phone"])
    visitor = visitor_context.new_page()
    visitor.goto("/statistics/")
    expect(committed_figure(visitor)).to_have_text("Rp2,5 miliar")
    expect(committed_figure(visitor)).to_have_attribute("value", "2500000000")
    expect(visitor.locator("main")).not_to_contain_text("Sari Wulandari")
    # An anonymous visitor cannot fetch the document.
    refused = visitor.request.get(
        f"/commitments/{commitment.pk}/documents/statement/", max_redirects=0
    )
    assert refused.status in (302, 403, 404)
    visitor_context.close()
