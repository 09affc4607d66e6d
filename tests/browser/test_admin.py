from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


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
