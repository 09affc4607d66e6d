"""A party's own agenda of a published session: on the session's page, as an iCalendar file
that parses back with the right times in Asia/Jakarta, and as a printable page. Nobody else
gets it."""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from partnerships.models import Attendance, SessionFormat, SessionState
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_representative, make_umkm
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import (
    MEETING_LINK,
    VENUE,
    invite_both,
    meeting_factory,
    session_factory,
)

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def agenda(umkm_owner, firm_representative):
    """A published session on 18 January (next year): the cast's UMKM meets the cast's firm
    at 10:00 (slot 2) at table 2 and a second firm at 09:00 at table 4; two other parties meet
    each other at 09:00 at table 1; and a cancelled meeting of the UMKM at 11:00."""
    umkm = make_umkm(owner=umkm_owner, state=State.VERIFIED, name="Keripik Tempe Sari")
    firm = make_firm(state=State.VERIFIED, name="PT Mitra Pangan Nusantara")
    make_representative(firm, user=firm_representative, job_title="Kepala Pengadaan")
    second_firm = make_firm(state=State.VERIFIED, name="PT Kedua Makmur")
    make_representative(second_firm, email="buyer@kedua.test", name="Rina Kedua")
    third_firm = make_firm(state=State.VERIFIED, name="PT Batal Hadir")
    stranger_umkm = make_umkm(
        state=State.VERIFIED, name="Batik Orang Lain", email="rahasia@batik.test"
    )
    stranger_firm = make_firm(state=State.VERIFIED, name="PT Pihak Ketiga")

    day = datetime.date(timezone.localdate().year + 1, 1, 18)
    session = session_factory(
        title="Sesi Temu Usaha Januari", date=day, state=SessionState.SCHEDULED
    )
    main = meeting_factory(session, make_match(umkm, firm), slot=2, table=1, invite=True)
    second = meeting_factory(session, make_match(umkm, second_firm), slot=0, table=3, invite=True)
    meeting_factory(
        session,
        make_match(umkm, third_firm),
        slot=4,
        table=0,
        attendance=Attendance.CANCELLED,
    )
    foreign = meeting_factory(
        session, make_match(stranger_umkm, stranger_firm), slot=0, table=0, invite=True
    )
    return SimpleNamespace(
        session=session,
        umkm=umkm,
        firm=firm,
        second_firm=second_firm,
        main=main,
        second=second,
        foreign=foreign,
        stranger_umkm=stranger_umkm,
        stranger_firm=stranger_firm,
    )


@pytest.fixture
def other_firm_representative():
    return make_representative(make_firm(state=State.VERIFIED, name="PT Lain Sekali")).user


# On the session's page


def test_the_owner_sees_only_their_own_meetings_in_time_order(client, umkm_owner, agenda):
    client.force_login(umkm_owner)

    response = client.get(en("session_detail", agenda.session.pk))

    items = response.context["agenda"]
    assert [item.meeting for item in items] == [agenda.second, agenda.main]
    text = response.text
    assert "09:00" in text
    assert "10:00" in text
    assert "10:30" in text
    assert "table 2" in text
    assert "table 4" in text
    assert "PT Batal Hadir" not in text  # cancelled
    for name in ("Batik Orang Lain", "PT Pihak Ketiga", "rahasia@batik.test"):
        assert name not in text


def test_the_owner_sees_the_firms_with_profile_links_and_their_contacts(client, umkm_owner, agenda):
    client.force_login(umkm_owner)
    text = client.get(en("session_detail", agenda.session.pk)).text
    assert f'href="{en("firm_detail", agenda.firm.pk)}"' in text
    assert "procurement@firm.test" in text
    assert "Kepala Pengadaan" in text
    assert "buyer@kedua.test" in text
    assert en("session_agenda_ics", agenda.session.pk) in text
    assert en("session_agenda_print", agenda.session.pk) in text


def test_the_representative_sees_the_umkm_contacts(client, firm_representative, agenda):
    client.force_login(firm_representative)
    response = client.get(en("session_detail", agenda.session.pk))
    assert [item.meeting for item in response.context["agenda"]] == [agenda.main]
    text = response.text
    assert f'href="{en("umkm_detail", agenda.umkm.pk)}"' in text
    assert agenda.umkm.email in text
    assert agenda.umkm.owner_name in text
    assert "PT Kedua Makmur" not in text


def test_nobody_else_sees_an_agenda_or_contacts(
    client, agenda, outsider, other_firm_representative, official
):
    for person in (None, outsider, other_firm_representative, official):
        client.logout()
        if person is not None:
            client.force_login(person)
        response = client.get(en("session_detail", agenda.session.pk))
        assert response.context["agenda"] == []
        text = response.text
        assert agenda.umkm.email not in text
        assert "procurement@firm.test" not in text
        assert "buyer@kedua.test" not in text
        assert "Keripik Tempe Sari" not in text


def test_before_publishing_the_page_says_the_agenda_comes_later(client, umkm_owner, agenda):
    unpublished = session_factory(state=SessionState.OPEN)
    meeting_factory(unpublished, make_match(agenda.umkm, make_firm(state=State.VERIFIED)))
    client.force_login(umkm_owner)
    response = client.get(en("session_detail", unpublished.pk))
    assert response.context["agenda"] == []
    assert "The schedule is not published yet" in response.text


def test_a_party_without_a_meeting_is_told_so(client, umkm_owner):
    umkm = make_umkm(owner=umkm_owner, state=State.VERIFIED)
    session = session_factory(state=SessionState.SCHEDULED)
    invite_both(session, make_match(umkm, make_firm(state=State.VERIFIED)))
    client.force_login(umkm_owner)
    assert (
        "You have no meeting in this session" in client.get(en("session_detail", session.pk)).text
    )


# The .ics file


def _calendar(response) -> Calendar:
    return Calendar.from_ical(response.content)


def test_the_ics_file_is_a_calendar_download(client, umkm_owner, agenda):
    client.force_login(umkm_owner)

    response = client.get(reverse("session_agenda_ics", args=[agenda.session.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert f"agenda-{agenda.session.date:%Y-%m-%d}-sesi-temu-usaha-januari.ics" in disposition
    assert "no-store" in response["Cache-Control"]


def test_the_ics_file_parses_back_with_the_slot_times_in_jakarta(client, umkm_owner, agenda):
    client.force_login(umkm_owner)

    events = _calendar(client.get(en("session_agenda_ics", agenda.session.pk))).events

    assert len(events) == 2  # own meetings, the cancelled one left out
    first, second = events
    day = agenda.session.date
    assert first.start == datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=JAKARTA)
    assert first.end == datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=JAKARTA)
    assert second.start == datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=JAKARTA)
    assert second.end == datetime.datetime.combine(day, datetime.time(10, 30), tzinfo=JAKARTA)
    assert second.start == agenda.main.starts_at
    assert (second.start.hour, second.start.utcoffset()) == (10, datetime.timedelta(hours=7))
    assert str(second["SUMMARY"]) == "Meeting with PT Mitra Pangan Nusantara"
    assert VENUE in str(second["LOCATION"])
    assert "table 2" in str(second["LOCATION"])
    description = str(second["DESCRIPTION"])
    assert "Sesi Temu Usaha Januari" in description
    assert f"/en/firms/{agenda.firm.pk}/" in description


def test_each_event_keeps_a_uid_of_its_meeting(client, umkm_owner, agenda):
    client.force_login(umkm_owner)
    url = reverse("session_agenda_ics", args=[agenda.session.pk])
    first = [str(event["UID"]) for event in _calendar(client.get(url)).events]
    again = [str(event["UID"]) for event in _calendar(client.get(url)).events]
    assert first == again
    assert first[1].startswith(f"meeting-{agenda.main.pk}@")
    assert len(set(first)) == 2


def test_the_representatives_file_names_the_umkm(client, firm_representative, agenda):
    client.force_login(firm_representative)
    events = _calendar(client.get(en("session_agenda_ics", agenda.session.pk))).events
    assert [str(event["SUMMARY"]) for event in events] == ["Meeting with Keripik Tempe Sari"]
    assert f"/en/umkm/{agenda.umkm.pk}/" in str(events[0]["DESCRIPTION"])


def test_an_online_sessions_file_gives_the_meeting_link_as_the_place(client, umkm_owner):
    umkm = make_umkm(owner=umkm_owner, state=State.VERIFIED)
    session = session_factory(state=SessionState.SCHEDULED, format=SessionFormat.ONLINE)
    meeting_factory(session, make_match(umkm, make_firm(state=State.VERIFIED)))
    client.force_login(umkm_owner)
    (event,) = _calendar(client.get(reverse("session_agenda_ics", args=[session.pk]))).events
    assert str(event["LOCATION"]) == MEETING_LINK


def test_the_ics_file_is_refused_to_anyone_not_taking_part(
    client, agenda, outsider, other_firm_representative, official
):
    url = en("session_agenda_ics", agenda.session.pk)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.url
    for person in (outsider, other_firm_representative, official):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"].startswith("text/html")
        assert "Only the businesses taking part in this session have an agenda" in response.text


def test_there_is_no_ics_file_before_publishing(client, umkm_owner, agenda):
    unpublished = session_factory(state=SessionState.OPEN)
    meeting_factory(unpublished, make_match(agenda.umkm, make_firm(state=State.VERIFIED)))
    client.force_login(umkm_owner)
    for name in ("session_agenda_ics", "session_agenda_print"):
        response = client.get(en(name, unpublished.pk))
        assert response.status_code == 404
        assert "is not published yet" in response.text


@pytest.mark.parametrize(
    "path",
    ["/sessions/999999/agenda.ics", "/sessions/abc/agenda.ics", "/sessions/999999/agenda/"],
)
def test_the_agenda_of_an_unknown_session_is_not_found(client, umkm_owner, path):
    client.force_login(umkm_owner)
    assert client.get(path).status_code == 404


def test_the_agenda_of_a_planned_session_is_not_found(client, umkm_owner, agenda):
    planned = session_factory(state=SessionState.PLANNED)
    client.force_login(umkm_owner)
    assert client.get(reverse("session_agenda_ics", args=[planned.pk])).status_code == 404


# The printable page


def test_the_printable_agenda_renders_own_meetings_with_a_print_stylesheet(
    client, umkm_owner, agenda
):
    client.force_login(umkm_owner)

    response = client.get(en("session_agenda_print", agenda.session.pk))

    assert response.status_code == 200
    text = response.text
    assert 'href="/static/css/print.css"' in text
    assert "PT Mitra Pangan Nusantara" in text
    assert "PT Kedua Makmur" in text
    assert "09:00\u201309:30" in text
    assert "10:00\u201310:30" in text
    assert "procurement@firm.test" in text
    assert "Batik Orang Lain" not in text
    assert "PT Batal Hadir" not in text
    # The content security policy allows no inline script or style.
    assert "<script" not in text
    assert "style=" not in text
    assert "<style" not in text


def test_the_printable_agenda_is_refused_to_others(client, agenda, outsider):
    url = reverse("session_agenda_print", args=[agenda.session.pk])
    assert client.get(url).status_code == 302
    client.force_login(outsider)
    assert client.get(url).status_code == 403
