"""A bridging session end to end in Chromium: an official builds and publishes the schedule in
the admin, and an UMKM owner, on a phone, finds the meeting's time, table and the firm on the
session's page."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from partnerships.models import BridgingSession, Meeting, SessionState
from partnerships.officials import OfficialRole
from tests.browser.conftest import VIEWPORTS, serious_accessibility_violations
from tests.conftest import PASSWORD
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
    regency,
)
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import invite_both, session_factory

VERIFIED = "verified"


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


def demo_like_session() -> tuple[BridgingSession, object, object]:
    """An open national session and its queue: two firms near Karawang and Bandung, four UMKM,
    every party invited and confirmed; the owner's keripik business waits for both firms."""
    session = session_factory(
        state=SessionState.OPEN, title="Sesi Temu Usaha Nasional Januari", table_count=3
    )
    pangan = make_firm(state=VERIFIED, name="PT Pangan Karawang Sejahtera", locations=["3215"])
    tekstil = make_firm(state=VERIFIED, name="PT Tekstil Priangan Jaya", locations=["3273"])
    make_representative(pangan, name="Andi Pratama")
    owner = make_owner(name="Sari Wulandari")
    keripik = make_umkm(
        state=VERIFIED, owner=owner, name="Keripik Singkong Sari Rasa", regency=regency("3215")
    )
    others = [
        make_umkm(state=VERIFIED, name=name, regency=regency(code))
        for name, code in (
            ("Konveksi Putri Bandung", "3273"),
            ("Bengkel Bubut Maju Karawang", "3215"),
            ("Batik Sekar Jagad", "3273"),
        )
    ]
    for umkm, firm, score in (
        (keripik, pangan, 88),
        (keripik, tekstil, 41),
        (others[0], tekstil, 80),
        (others[1], pangan, 70),
        (others[2], tekstil, 65),
    ):
        invite_both(session, make_match(umkm, firm, score=score, waiting_days=20))
    return session, owner, keripik


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_an_official_builds_and_publishes_and_the_owner_sees_the_agenda(
    page: Page, browser: Browser, live_server, axe
):
    session, owner, keripik = demo_like_session()
    official = make_official(OfficialRole.CENTRAL)

    # 1. The official opens the session in the admin and builds its schedule.
    sign_in_to_the_admin(page, official)
    page.goto(f"/admin/partnerships/bridgingsession/{session.pk}/change/")
    expect(page.locator(".session-panel")).to_be_visible()
    page.locator("input[data-step=build]").click()
    expect(page.locator(".messagelist .success")).to_contain_text(session.title)
    assert Meeting.objects.filter(session=session).count() == 5

    # 2. ... checks the grid: every meeting in its cell, the owner's among them.
    page.goto(f"/admin/partnerships/bridgingsession/{session.pk}/grid/")
    grid = page.locator("table.session-grid")
    expect(grid.locator("td.meeting")).to_have_count(5)
    expect(grid).to_contain_text(keripik.name)
    assert serious_accessibility_violations(axe, page) == []

    # 3. ... and publishes it from the grid.
    page.locator("input[data-step=publish]").click()
    expect(page).to_have_url(re.compile(rf"/bridgingsession/{session.pk}/grid/$"))
    expect(page.locator(".messagelist .success")).to_be_visible()
    session.refresh_from_db()
    assert session.state == SessionState.SCHEDULED
    assert page.console_errors == []
    assert any(owner.email in message.to for message in mail.outbox)

    # 4. The owner, on a phone, opens the session's page and finds the agenda.
    meetings = list(
        Meeting.objects.filter(session=session, umkm=keripik)
        .select_related("firm", "session")
        .order_by("slot")
    )
    assert len(meetings) == 2  # both firms, in two different slots
    owner_context = browser.new_context(base_url=live_server.url, **VIEWPORTS["phone"])
    phone = owner_context.new_page()
    sign_in(phone, owner)
    phone.goto(f"/sessions/{session.pk}/")
    agenda = phone.locator("#agenda")
    expect(agenda).to_be_visible()
    items = agenda.locator(".agenda-list > li")
    expect(items).to_have_count(2)
    for item, meeting in zip(items.all(), meetings, strict=True):
        start = timezone.localtime(meeting.starts_at)
        expect(item).to_contain_text(f"{start:%H.%M}")
        expect(item).to_contain_text(meeting.firm.name)
        expect(item).to_contain_text(str(meeting.table_number))
    assert serious_accessibility_violations(axe, phone) == []
    owner_context.close()
