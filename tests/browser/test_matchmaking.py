"""Matchmaking end to end in Chromium: a firm sends interest to an UMKM it was recommended,
the owner accepts on a phone, and the pair appears in the officials' queue for the session."""

import re

import pytest
from django.db.models import Model
from playwright.sync_api import Browser, Page, expect

from partnerships.models import Interest, InterestState, KbliCode, Match, QueueState, Umkm
from partnerships.officials import OfficialRole
from tests.browser.conftest import VIEWPORTS, serious_accessibility_violations
from tests.conftest import PASSWORD
from tests.partnerships.factories import (
    make_firm,
    make_need,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
    refresh_search_document,
    regency,
)

VERIFIED = "verified"


def sign_in(page: Page, person) -> None:
    page.goto("/accounts/login/?next=/dashboard/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def with_kbli(record: Model, *codes: str) -> Model:
    record_codes = KbliCode.objects.filter(version="2020", code__in=codes)
    (record.kbli_codes if hasattr(record, "kbli_codes") else record.sectors).set(record_codes)
    # An UMKM's row keeps its codes' prefixes for recommendations, as the services write them.
    return refresh_search_document(record) if isinstance(record, Umkm) else record


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_a_firm_sends_interest_from_a_recommendation_the_owner_accepts_and_it_is_queued(
    page: Page, browser: Browser, live_server, axe
):
    firm = make_firm(state=VERIFIED, name="PT Pangan Karawang Sejahtera", locations=["3215"])
    representative = make_representative(firm, name="Andi Pratama").user
    need = with_kbli(
        make_need(firm, title="Keripik singkong untuk gerai", locations=["3215"]), "10794"
    )
    owner = make_owner(name="Sari Wulandari")
    nearby = with_kbli(
        make_umkm(
            state=VERIFIED,
            owner=owner,
            name="Keripik Singkong Sari Rasa",
            regency=regency("3215"),
            email="sarirasa@example.test",
        ),
        "10794",
    )
    far_away = with_kbli(
        make_umkm(state=VERIFIED, name="Bakpia Jogja Manis", regency=regency("3471")), "10710"
    )
    official = make_official(OfficialRole.CENTRAL)

    # 1. The firm's representative opens the need's recommendations: the keripik maker in
    #    Karawang comes first, with its reasons.
    sign_in(page, representative)
    page.goto(f"/dashboard/recommendations/?need={need.pk}")
    cards = page.locator(".recommendation-card")
    expect(cards.first).to_contain_text(nearby.name)
    expect(cards.first).to_contain_text("10794")
    expect(cards.first).to_contain_text("Karawang")
    expect(page.locator("main")).not_to_contain_text(nearby.email)  # no contacts before a match
    assert serious_accessibility_violations(axe, page) == []
    cards.first.locator("a[href*='/dashboard/interests/new/']").click()

    # 2. ... and writes a short message.
    page.locator("textarea[name=message]").fill(
        "Kami ingin bertemu untuk membahas pasokan 5.000 bungkus per bulan."
    )
    assert serious_accessibility_violations(axe, page) == []
    page.locator("main form [type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/dashboard/interests/\d+/$"))
    interest = Interest.objects.get(umkm=nearby, firm=firm, need=need)
    assert interest.state == InterestState.PENDING
    assert not Interest.objects.filter(umkm=far_away).exists()

    # 3. The owner, on a phone, finds it on the dashboard and accepts.
    owner_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["phone"])
    phone = owner_context.new_page()
    sign_in(phone, owner)
    phone.locator(f"a[href$='/dashboard/interests/{interest.pk}/']").first.click()
    expect(phone.locator("main")).to_contain_text("5.000 bungkus")
    assert serious_accessibility_violations(axe, phone) == []
    phone.locator(
        f"form[action$='/dashboard/interests/{interest.pk}/accept/'] [type=submit]"
    ).click()
    # Now matched: the owner sees the firm's contact person.
    expect(phone.locator("main")).to_contain_text(representative.email)
    owner_context.close()
    interest.refresh_from_db()
    assert interest.state == InterestState.ACCEPTED

    # 4. The match waits in the officials' queue.
    admin_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["desktop"])
    admin = admin_context.new_page()
    admin.goto("/admin/")
    admin.locator("input[name=username]").fill(official.email)
    admin.locator("input[name=password]").fill(PASSWORD)
    admin.locator("[type=submit]").click()
    admin.goto("/admin/partnerships/match/")
    row = admin.locator("#result_list tbody tr").first
    expect(row).to_contain_text(nearby.name)
    expect(row).to_contain_text(firm.name)
    admin_context.close()
    match = Match.objects.get()
    assert match.queue_state == QueueState.WAITING
    assert (match.umkm, match.firm) == (nearby, firm)

    # 5. The firm now sees the owner's contacts on the profile.
    page.goto(f"/umkm/{nearby.pk}/")
    expect(page.locator("main")).to_contain_text(nearby.email)
    assert page.console_errors == []
