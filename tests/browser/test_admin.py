import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from partnerships.models import VerificationState as State
from tests.conftest import PASSWORD
from tests.partnerships.factories import make_umkm


def test_an_official_signs_in_and_searches_kbli_under_the_strict_content_policy(
    page: Page, official
):
    page.goto("/admin/")
    page.get_by_label("Alamat email").fill(official.email)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrasi program")

    page.goto("/admin/partnerships/kblicode/")
    page.locator("#searchbar").fill("10792")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="10792")).to_be_visible()
    # The admin's scripts and styles all come from files: the policy blocks nothing.
    assert page.console_errors == []


def sign_in_to_the_admin(page: Page, official) -> None:
    page.goto("/admin/")
    page.get_by_label("Alamat email").fill(official.email)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_an_official_works_through_the_verification_queue(page: Page, official):
    waiting = make_umkm(name="Kopi Gayo Mandiri", state=State.SUBMITTED)
    wrong = make_umkm(name="Sambal Roa Ibu Ani", state=State.SUBMITTED)
    make_umkm(name="Keripik Draf", state=State.DRAFT)
    sign_in_to_the_admin(page, official)

    page.goto("/admin/partnerships/umkm/?verification_state__exact=submitted")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.locator(f"input[name=_selected_action][value='{waiting.pk}']").check()
    page.locator("select[name=action]").select_option("verify_selected")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("1")

    page.goto("/admin/partnerships/umkm/?verification_state__exact=submitted")
    page.locator(f"input[name=_selected_action][value='{wrong.pk}']").check()
    page.locator("select[name=action]").select_option("reject_selected")
    page.locator("button[name=index]").click()
    page.locator("textarea").fill("NIB tidak sesuai dengan data OSS.")
    page.locator("main form [type=submit], #content form [type=submit]").first.click()
    expect(page.locator(".messagelist")).to_be_visible()

    waiting.refresh_from_db()
    wrong.refresh_from_db()
    assert waiting.verification_state == State.VERIFIED
    assert waiting.reviewed_by == official
    assert wrong.verification_state == State.REJECTED
    assert wrong.rejection_reason == "NIB tidak sesuai dengan data OSS."
    assert len(mail.outbox) == 2
    assert page.console_errors == []
