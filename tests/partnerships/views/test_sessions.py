"""The public side of bridging sessions: the list, a session's page for each kind of visitor,
answering an invitation, recording a meeting's outcome, and the dashboard's session section."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.models import (
    Attendance,
    InvitationAnswer,
    MeetingOutcome,
    SessionFormat,
    SessionState,
)
from partnerships.models import VerificationState as State
from tests.partnerships.factories import (
    make_firm,
    make_representative,
    make_umkm,
    province,
)
from tests.partnerships.factories_queue import make_match
from tests.partnerships.factories_sessions import (
    MEETING_LINK,
    invitation_factory,
    invite_both,
    meeting_factory,
    session_factory,
)

pytestmark = pytest.mark.django_db


def en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.fixture
def pair(umkm_owner, firm_representative):
    """The cast's UMKM and firm, verified and matched."""
    umkm = make_umkm(owner=umkm_owner, state=State.VERIFIED, name="Keripik Tempe Sari")
    firm = make_firm(state=State.VERIFIED, name="PT Mitra Pangan Nusantara", locations=("3273",))
    make_representative(firm, user=firm_representative, job_title="Kepala Pengadaan")
    return SimpleNamespace(umkm=umkm, firm=firm, match=make_match(umkm, firm))


@pytest.fixture
def other_firm_representative():
    firm = make_firm(state=State.VERIFIED, name="PT Lain Sekali")
    return make_representative(firm).user


# The list


def test_the_list_shows_sessions_past_planning_upcoming_first_then_past(client):
    later = session_factory(title="Sesi Maret", days_ahead=40)
    sooner = session_factory(title="Sesi Februari", days_ahead=10)
    recent = session_factory(title="Sesi Januari", days_ahead=-20, state=SessionState.HELD)
    older = session_factory(title="Sesi Desember", days_ahead=-50, state=SessionState.CLOSED)
    session_factory(title="Sesi Rahasia", state=SessionState.PLANNED)

    response = client.get(reverse("session_list"))

    assert response.status_code == 200
    assert [s.pk for s in response.context["results"]] == [
        sooner.pk,
        later.pk,
        recent.pk,
        older.pk,
    ]
    assert "Sesi Rahasia" not in response.text


def test_the_list_shows_date_scope_place_state_and_deadline(client):
    session_factory(
        title="Sesi Temu Usaha Jawa Barat",
        date=timezone.localdate() + timedelta(days=30),
        province=province("32"),
        venue="Gedung Sate, Bandung",
    )
    session_factory(title="Sesi Daring", format=SessionFormat.ONLINE)

    text = client.get(en("session_list")).text

    assert "Province of Jawa Barat" in text
    assert "In person: Gedung Sate, Bandung" in text
    assert "Online" in text
    assert MEETING_LINK not in text
    assert "Open for registration" in text
    assert "Registration until" in text


def test_dates_read_as_indonesian_dates(client):
    session_factory(title="Sesi", date=timezone.localdate().replace(year=2031, month=1, day=18))
    assert "18 Januari 2031" in client.get(reverse("session_list")).text


def test_the_list_filters_by_when_scope_and_province(client):
    national = session_factory(title="Nasional", days_ahead=5)
    west_java = session_factory(title="Jabar", days_ahead=6, province=province("32"))
    central_java = session_factory(title="Jateng", days_ahead=7, province=province("33"))
    past = session_factory(title="Lalu", days_ahead=-5, state=SessionState.HELD)

    def listed(**params):
        response = client.get(reverse("session_list"), params)
        assert response.status_code == 200
        return {session.pk for session in response.context["results"]}

    assert listed(when="past") == {past.pk}
    assert listed(when="upcoming") == {national.pk, west_java.pk, central_java.pk}
    assert listed(scope="provincial") == {west_java.pk, central_java.pk}
    assert listed(scope="national", when="upcoming") == {national.pk}
    # A province's parties can attend its own sessions and the national ones.
    assert listed(province="32") == {national.pk, west_java.pk, past.pk}
    assert listed(province="32", scope="provincial") == {west_java.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"when": "tomorrow"},
        {"scope": "galactic"},
        {"province": "99"},
        {"province": "abc\x00"},
        {"page": "abc"},
        {"page": "999999999999999999999"},
    ],
)
def test_bad_filter_values_get_a_message_and_never_a_server_error(client, params):
    session_factory()
    response = client.get(en("session_list"), params)
    assert response.status_code == 200
    assert "could not be used" in response.text or "is shown" in response.text


def test_a_repeated_filter_uses_its_last_value(client):
    past = session_factory(days_ahead=-3, state=SessionState.HELD)
    session_factory()
    response = client.get(reverse("session_list"), {"when": ["upcoming", "past"]})
    assert [session.pk for session in response.context["results"]] == [past.pk]


@pytest.mark.parametrize("size", [1, 25])
def test_the_list_runs_a_fixed_number_of_queries_whatever_its_size(
    client, django_assert_max_num_queries, size
):
    for number in range(size):
        session_factory(days_ahead=number - 10, province=province("32") if number % 2 else None)
    with django_assert_max_num_queries(4):
        response = client.get(reverse("session_list"), {"when": ""})
    assert len(response.context["results"]) == min(size, 20)


def test_the_list_works_as_a_plain_get_form_without_javascript(client):
    session_factory()
    text = client.get(reverse("session_list")).text
    assert '<form method="get"' in text
    assert 'name="when"' in text
    assert 'name="province"' in text


# The session's page


def test_anonymous_visitors_see_the_public_facts_but_no_link_or_personal_data(client, pair):
    session = session_factory(state=SessionState.SCHEDULED, format=SessionFormat.ONLINE)
    meeting_factory(session, pair.match, invite=True)

    response = client.get(en("session_detail", session.pk))

    assert response.status_code == 200
    text = response.text
    assert session.title in text
    assert MEETING_LINK not in text
    assert pair.umkm.name not in text
    assert pair.firm.name not in text
    assert pair.umkm.email not in text
    assert "procurement@firm.test" not in text
    assert "Sign in to answer the invitation" in text


def test_a_planned_session_is_not_public(client, outsider, official):
    session = session_factory(state=SessionState.PLANNED)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 404
    client.force_login(official)
    assert client.get(reverse("session_detail", args=[session.pk])).status_code == 200


@pytest.mark.parametrize("path", ["/sessions/0/", "/sessions/999999/", "/sessions/abc/"])
def test_unknown_or_malformed_ids_are_not_found(client, path):
    assert client.get(path).status_code == 404


def test_a_huge_id_is_not_found_rather_than_a_server_error(client):
    assert client.get(f"/sessions/{10**30}/").status_code == 404


def test_outsiders_and_other_firms_see_neither_the_link_nor_the_contacts(
    client, pair, outsider, other_firm_representative
):
    session = session_factory(state=SessionState.SCHEDULED, format=SessionFormat.ONLINE)
    meeting_factory(session, pair.match, invite=True)
    for person in (outsider, other_firm_representative):
        client.force_login(person)
        text = client.get(reverse("session_detail", args=[session.pk])).text
        assert MEETING_LINK not in text
        assert pair.umkm.name not in text
        assert pair.firm.name not in text
        assert pair.umkm.email not in text
        assert "procurement@firm.test" not in text
        assert 'id="agenda"' not in text
        assert 'id="invitation"' not in text


def test_an_invited_party_and_officials_see_the_meeting_link(
    client, pair, umkm_owner, firm_representative, official
):
    session = session_factory(format=SessionFormat.ONLINE)
    invite_both(session, pair.match, answer=InvitationAnswer.INVITED)
    for person in (umkm_owner, firm_representative, official):
        client.force_login(person)
        assert MEETING_LINK in client.get(reverse("session_detail", args=[session.pk])).text


def test_officials_get_a_link_to_manage_the_session(client, official, umkm_owner, pair):
    session = session_factory()
    invitation_factory(session, pair.umkm)
    client.force_login(official)
    response = client.get(en("session_detail", session.pk))
    assert (
        response.context["admin_url"] == f"/admin/partnerships/bridgingsession/{session.pk}/grid/"
    )
    assert "Manage the session" in response.text
    client.force_login(umkm_owner)
    assert client.get(en("session_detail", session.pk)).context["admin_url"] == ""


def test_a_held_session_shows_its_statistics_as_aggregate_numbers_only(client, pair):
    session = session_factory(days_ahead=-1, state=SessionState.HELD, queue_size_at_build=10)
    meeting_factory(
        session,
        pair.match,
        attendance=Attendance.BOTH_CAME,
        umkm_outcome=MeetingOutcome.READY_TO_SIGN,
        firm_outcome=MeetingOutcome.CONTINUE_TALKING,
    )
    meeting_factory(session, slot=1, attendance=Attendance.UMKM_ABSENT)
    meeting_factory(session, slot=2, table=1, attendance=Attendance.CANCELLED)

    response = client.get(en("session_detail", session.pk))

    statistics = response.context["statistics"]
    assert (statistics.scheduled, statistics.attended, statistics.cancelled) == (2, 1, 1)
    text = response.text
    assert "2 of 10 matches waiting in the queue" in text
    assert "50.0%: both sides came to 1 of 2 meetings" in text
    rows = {str(label): counts for label, *counts in response.context["outcome_rows"]}
    assert rows == {"no follow-up": [0, 0], "continue talking": [0, 1], "ready to sign": [1, 0]}
    assert pair.umkm.name not in text
    assert pair.firm.name not in text


def test_an_upcoming_session_shows_no_statistics(client):
    session = session_factory()
    assert client.get(reverse("session_detail", args=[session.pk])).context["statistics"] is None


# Answering the invitation


@pytest.fixture
def invited(pair):
    session = session_factory(title="Sesi Temu Usaha Februari")
    umkm_invitation, firm_invitation = invite_both(
        session, pair.match, answer=InvitationAnswer.INVITED
    )
    return SimpleNamespace(
        session=session, umkm_invitation=umkm_invitation, firm_invitation=firm_invitation
    )


def test_an_invited_owner_sees_the_invitation_with_both_answers(client, umkm_owner, invited):
    client.force_login(umkm_owner)
    text = client.get(en("session_detail", invited.session.pk)).text
    assert 'id="invitation"' in text
    assert 'name="answer" value="confirmed"' in text
    assert 'name="answer" value="declined"' in text
    assert "csrfmiddlewaretoken" in text
    assert "The schedule is not published yet" in text


def test_the_owner_confirms_attendance(client, umkm_owner, invited):
    client.force_login(umkm_owner)
    url = reverse("session_invitation_answer", args=[invited.session.pk])

    response = client.post(url, {"answer": "confirmed"})

    assert response.status_code == 302
    assert response.url.endswith(f"/sessions/{invited.session.pk}/#invitation")
    invited.umkm_invitation.refresh_from_db()
    assert invited.umkm_invitation.answer == InvitationAnswer.CONFIRMED
    assert invited.umkm_invitation.answered_by == umkm_owner


def test_a_representative_declines_and_goes_back_to_the_dashboard(
    client, firm_representative, invited
):
    client.force_login(firm_representative)
    response = client.post(
        reverse("session_invitation_answer", args=[invited.session.pk]),
        {"answer": "declined", "next": reverse("dashboard")},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    invited.firm_invitation.refresh_from_db()
    assert invited.firm_invitation.answer == InvitationAnswer.DECLINED


def test_an_answer_never_redirects_to_another_site(client, umkm_owner, invited):
    client.force_login(umkm_owner)
    response = client.post(
        reverse("session_invitation_answer", args=[invited.session.pk]),
        {"answer": "confirmed", "next": "https://evil.example.test/"},
    )
    assert response.status_code == 302
    assert "evil" not in response.url


def test_an_answer_after_the_deadline_is_refused_and_says_why(client, umkm_owner, pair):
    session = session_factory(registration_deadline=timezone.now() - timedelta(hours=1))
    invitation, _firm = invite_both(session, pair.match, answer=InvitationAnswer.INVITED)
    client.force_login(umkm_owner)

    page = client.get(en("session_detail", session.pk)).text
    assert "The registration deadline passed" in page
    assert 'name="answer" value="confirmed"' not in page

    response = client.post(en("session_invitation_answer", session.pk), {"answer": "confirmed"})

    assert response.status_code == 400
    assert "The registration deadline has passed." in response.text
    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.INVITED


def test_an_answer_once_the_schedule_is_published_is_refused(client, umkm_owner, pair):
    session = session_factory(state=SessionState.SCHEDULED)
    invitation, _firm = invite_both(session, pair.match, answer=InvitationAnswer.CONFIRMED)
    client.force_login(umkm_owner)
    response = client.post(en("session_invitation_answer", session.pk), {"answer": "declined"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.answer == InvitationAnswer.CONFIRMED


@pytest.mark.parametrize("value", ["maybe", "invited", "", "confirmed\x00"])
def test_a_wrong_answer_value_is_refused_beside_the_form(client, umkm_owner, invited, value):
    client.force_login(umkm_owner)
    response = client.post(en("session_invitation_answer", invited.session.pk), {"answer": value})
    assert response.status_code == 400
    assert "Choose whether you will attend." in response.text
    invited.umkm_invitation.refresh_from_db()
    assert invited.umkm_invitation.answer == InvitationAnswer.INVITED


def test_someone_not_invited_cannot_answer(
    client, invited, outsider, other_firm_representative, official
):
    url = reverse("session_invitation_answer", args=[invited.session.pk])
    anonymous = client.post(url, {"answer": "declined"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.url
    for person in (outsider, other_firm_representative, official):
        client.force_login(person)
        assert client.post(url, {"answer": "declined"}).status_code == 404
    invited.umkm_invitation.refresh_from_db()
    invited.firm_invitation.refresh_from_db()
    assert invited.umkm_invitation.answer == InvitationAnswer.INVITED
    assert invited.firm_invitation.answer == InvitationAnswer.INVITED


def test_answering_needs_a_post(client, umkm_owner, invited):
    client.force_login(umkm_owner)
    url = reverse("session_invitation_answer", args=[invited.session.pk])
    assert client.get(url, {"answer": "confirmed"}).status_code == 405


# Recording the outcome


@pytest.fixture
def held(pair):
    session = session_factory(days_ahead=-1, state=SessionState.HELD)
    meeting = meeting_factory(session, pair.match, attendance=Attendance.BOTH_CAME, invite=True)
    return SimpleNamespace(session=session, meeting=meeting)


def test_the_owner_records_the_outcome_for_the_umkm_side(client, umkm_owner, held):
    client.force_login(umkm_owner)
    page = client.get(en("session_detail", held.session.pk)).text
    assert f'action="{en("meeting_outcome", held.meeting.pk)}"' in page

    response = client.post(
        reverse("meeting_outcome", args=[held.meeting.pk]), {"outcome": "continue_talking"}
    )

    assert response.status_code == 302
    assert response.url.endswith(f"#meeting-{held.meeting.pk}")
    held.meeting.refresh_from_db()
    assert held.meeting.umkm_outcome == MeetingOutcome.CONTINUE_TALKING
    assert held.meeting.firm_outcome == ""


def test_the_representative_records_the_outcome_for_the_firm_side(
    client, firm_representative, held
):
    client.force_login(firm_representative)
    response = client.post(
        reverse("meeting_outcome", args=[held.meeting.pk]),
        {"outcome": "ready_to_sign", "next": reverse("dashboard")},
    )
    assert response.status_code == 302
    assert response.url == reverse("dashboard")
    held.meeting.refresh_from_db()
    assert held.meeting.firm_outcome == MeetingOutcome.READY_TO_SIGN
    assert held.meeting.umkm_outcome == ""


def test_the_outcome_is_refused_before_the_meeting_happened(client, umkm_owner, pair):
    session = session_factory(state=SessionState.SCHEDULED)
    meeting = meeting_factory(session, pair.match, invite=True)
    client.force_login(umkm_owner)

    response = client.post(en("meeting_outcome", meeting.pk), {"outcome": "ready_to_sign"})

    assert response.status_code == 400
    assert "The outcome is recorded once the meeting has taken place." in response.text
    meeting.refresh_from_db()
    assert meeting.umkm_outcome == ""


def test_the_outcome_is_refused_when_one_side_did_not_come(client, umkm_owner, pair):
    session = session_factory(days_ahead=-1, state=SessionState.HELD)
    meeting = meeting_factory(session, pair.match, attendance=Attendance.FIRM_ABSENT)
    client.force_login(umkm_owner)
    text = client.get(en("session_detail", session.pk)).text
    assert "Record the outcome" not in text
    response = client.post(en("meeting_outcome", meeting.pk), {"outcome": "ready_to_sign"})
    assert response.status_code == 400
    assert "The outcome is recorded once the meeting has taken place." in response.text
    meeting.refresh_from_db()
    assert meeting.umkm_outcome == ""


def test_nobody_else_records_an_outcome(
    client, held, outsider, other_firm_representative, official
):
    url = reverse("meeting_outcome", args=[held.meeting.pk])
    anonymous = client.post(url, {"outcome": "ready_to_sign"})
    assert anonymous.status_code == 302
    assert "/accounts/login/" in anonymous.url
    for person in (outsider, other_firm_representative, official):
        client.force_login(person)
        assert client.post(url, {"outcome": "ready_to_sign"}).status_code == 404
    held.meeting.refresh_from_db()
    assert (held.meeting.umkm_outcome, held.meeting.firm_outcome) == ("", "")


@pytest.mark.parametrize("value", ["signed", "", "READY_TO_SIGN"])
def test_a_wrong_outcome_is_refused_beside_the_form(client, umkm_owner, held, value):
    client.force_login(umkm_owner)
    response = client.post(en("meeting_outcome", held.meeting.pk), {"outcome": value})
    assert response.status_code == 400
    assert "Choose one of the outcomes." in response.text
    held.meeting.refresh_from_db()
    assert held.meeting.umkm_outcome == ""


@pytest.mark.parametrize(
    "path", ["/sessions/meetings/999999/outcome/", "/sessions/meetings/x/outcome/"]
)
def test_an_outcome_for_an_unknown_meeting_is_not_found(client, umkm_owner, path):
    client.force_login(umkm_owner)
    assert client.post(path, {"outcome": "ready_to_sign"}).status_code == 404


# The dashboard


def test_the_dashboard_shows_invitations_meetings_to_come_and_outcomes_to_record(
    client, umkm_owner, pair
):
    open_session = session_factory(title="Sesi Undangan")
    invitation_factory(open_session, pair.umkm)
    published = session_factory(title="Sesi Terjadwal", state=SessionState.SCHEDULED)
    meeting_factory(published, pair.match, slot=1, table=2)
    held_session = session_factory(title="Sesi Lalu", days_ahead=-7, state=SessionState.HELD)
    other_firm = make_firm(state=State.VERIFIED, name="PT Sudah Bertemu")
    met = meeting_factory(
        held_session,
        make_match(pair.umkm, other_firm),
        attendance=Attendance.BOTH_CAME,
    )
    client.force_login(umkm_owner)

    response = client.get(en("dashboard"))

    summary = response.context["session_summary"]
    assert [i.session for i in summary["invitations"]] == [open_session]
    assert [m.session for m in summary["upcoming_meetings"]] == [published]
    assert [m for m, _form in summary["outcomes_to_record"]] == [met]
    text = response.text
    assert "Invitations waiting for your answer" in text
    assert f'action="{en("session_invitation_answer", open_session.pk)}"' in text
    assert "09:30\u201310:00 WIB, table 3: PT Mitra Pangan Nusantara" in text
    assert en("session_agenda_ics", published.pk) in text
    assert f'action="{en("meeting_outcome", met.pk)}"' in text
    assert "PT Sudah Bertemu" in text


def test_the_dashboard_leaves_out_answered_and_closed_invitations_and_recorded_outcomes(
    client, firm_representative, pair
):
    invitation_factory(session_factory(), pair.firm, answer=InvitationAnswer.CONFIRMED)
    invitation_factory(
        session_factory(registration_deadline=timezone.now() - timedelta(minutes=1)), pair.firm
    )
    meeting_factory(
        session_factory(days_ahead=-3, state=SessionState.HELD),
        pair.match,
        attendance=Attendance.BOTH_CAME,
        firm_outcome=MeetingOutcome.NO_FOLLOW_UP,
    )
    client.force_login(firm_representative)
    summary = client.get(reverse("dashboard")).context["session_summary"]
    assert summary == {"invitations": [], "upcoming_meetings": [], "outcomes_to_record": []}


def test_an_unverified_party_has_no_session_section(client, umkm_owner):
    make_umkm(owner=umkm_owner, state=State.SUBMITTED)
    client.force_login(umkm_owner)
    response = client.get(reverse("dashboard"))
    assert "session_summary" not in response.context
    assert 'id="sessions-heading"' not in response.text


def test_the_dashboard_runs_as_many_queries_for_one_session_as_for_many(
    client, umkm_owner, pair, django_assert_num_queries
):
    def add_sessions(count):
        for _ in range(count):
            invitation_factory(session_factory(), pair.umkm)
            meeting_factory(
                session_factory(state=SessionState.SCHEDULED),
                make_match(pair.umkm, make_firm(state=State.SUBMITTED)),
            )

    add_sessions(1)
    client.force_login(umkm_owner)
    client.get(reverse("dashboard"))  # warms the session and the reference caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    add_sessions(5)
    with django_assert_num_queries(len(few)):
        response = client.get(reverse("dashboard"))
    assert len(response.context["session_summary"]["upcoming_meetings"]) == 6
