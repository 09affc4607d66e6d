"""The officials' bridging sessions admin: the session's form and its rules, the buttons of each
step (happy paths and refusals, nothing changed on a refusal), the list and its query count,
the list action, statistics, meetings and invitations, and who may do what where."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.admin.sessions import build_report_message
from partnerships.models import (
    Attendance,
    BridgingSession,
    InvitationAnswer,
    Match,
    Meeting,
    MeetingOutcome,
    QueueState,
    SessionInvitation,
    SessionScope,
    SessionState,
)
from partnerships.officials import OfficialRole
from partnerships.services.sessions import BuildReport
from tests.partnerships.factories import make_official, province
from tests.partnerships.factories_queue import make_match, make_pair
from tests.partnerships.factories_session_admin import queued_session, session_form_data
from tests.partnerships.factories_sessions import (
    invitation_factory,
    meeting_factory,
    session_factory,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:partnerships_bridgingsession_add")
SESSIONS = reverse("admin:partnerships_bridgingsession_changelist")
MEETINGS = reverse("admin:partnerships_meeting_changelist")
INVITATIONS = reverse("admin:partnerships_sessioninvitation_changelist")
WEST_JAVA, CENTRAL_JAVA = "32", "33"
BANDUNG, SEMARANG = "3273", "3374"


def change_url(session: BridgingSession) -> str:
    return reverse("admin:partnerships_bridgingsession_change", args=[session.pk])


def step_url(session: BridgingSession, step: str) -> str:
    return reverse("admin:partnerships_bridgingsession_step", args=[session.pk, step])


def said(response) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


def in_indonesian(text: str, **params) -> str:
    """``text`` as the admin (always Indonesian: it is outside the i18n URL patterns) says it."""
    with translation.override("id"):
        message = translation.gettext(text)
    return message % params if params else message


def state_of(session: BridgingSession) -> str:
    return BridgingSession.objects.get(pk=session.pk).state


@pytest.fixture
def regional(client):
    person = make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])
    client.force_login(person)
    return person


@pytest.fixture
def auditor(client):
    person = make_official(OfficialRole.AUDITOR)
    client.force_login(person)
    return person


# --- the form ----------------------------------------------------------------------------------


def test_adding_a_session_creates_it_planned(client, official):
    client.force_login(official)
    response = client.post(ADD, session_form_data())
    assert response.status_code == 302
    session = BridgingSession.objects.get()
    assert session.state == SessionState.PLANNED
    assert session.scope == SessionScope.NATIONAL
    assert (session.slot_count, session.slot_minutes, session.table_count) == (6, 30, 10)
    assert session.opened_at is None
    assert session.published_at is None


def _day() -> str:
    return (timezone.localdate() + timedelta(days=30)).isoformat()


BAD_INPUTS = {
    "zero slots": ({"slot_count": "0"}, "slot_count", "zero"),
    "zero tables": ({"table_count": "0"}, "table_count", "zero"),
    "zero meetings per party": ({"meetings_per_party": "0"}, "meetings_per_party", "zero"),
    "a slot shorter than five minutes": ({"slot_minutes": "4"}, "slot_minutes", "slot_too_short"),
    "slots past midnight": (
        {"first_slot_starts_at": "20:00", "slot_count": "6", "slot_minutes": "45"},
        "slot_minutes",
        "past_midnight",
    ),
    "a deadline after the start": (
        {"registration_deadline_0": _day(), "registration_deadline_1": "09:01"},
        "registration_deadline",
        "deadline_after_start",
    ),
    "a provincial session without its province": (
        {"scope": "provincial"},
        "province",
        "province_missing",
    ),
    "a national session with a province": (None, "province", "province_on_national"),
    "in person without a venue": ({"venue": "   "}, "venue", "no_venue"),
    "online without a link": (
        {"format": "online", "venue": "", "meeting_link": ""},
        "meeting_link",
        "no_link",
    ),
    "a date in the past": (
        {
            "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "registration_deadline_0": (timezone.localdate() - timedelta(days=5)).isoformat(),
        },
        "date",
        "date_past",
    ),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_a_bad_session_is_refused_beside_its_field_and_nothing_is_saved(client, official, case):
    overrides, field, code = BAD_INPUTS[case]
    if overrides is None:
        overrides = {"province": str(province(WEST_JAVA).pk)}
    client.force_login(official)
    response = client.post(ADD, session_form_data(**overrides))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors[field]] == [code], errors
    assert list(errors) == [field]
    assert not BridgingSession.objects.exists()


def test_slots_past_midnight_are_refused_naming_the_numbers(client, official):
    client.force_login(official)
    response = client.post(
        ADD,
        session_form_data(first_slot_starts_at="20:00", slot_count="6", slot_minutes="45"),
    )
    [error] = response.context["adminform"].form.errors.as_data()["slot_minutes"]
    assert error.params == {
        "count": 6,
        "minutes": 45,
        "start": "20.00",  # formatted as the (Indonesian) admin shows times
        "needed": 270,
        "left": 240,
        "most": 40,
    }
    with translation.override("en"):
        text = str(error.message) % error.params
    assert text == (
        "6 slots of 45 minutes from 20.00 take 270 minutes, but only 240 are left before "
        "midnight: choose at most 40 minutes per slot, fewer slots or an earlier start."
    )


def test_slots_that_end_exactly_at_midnight_fit(client, official):
    client.force_login(official)
    response = client.post(
        ADD, session_form_data(first_slot_starts_at="21:00", slot_count="6", slot_minutes="30")
    )
    assert response.status_code == 302
    assert BridgingSession.objects.get().ends_at.time().hour == 0


def test_zero_everything_gets_an_error_on_each_field(client, official):
    client.force_login(official)
    response = client.post(
        ADD, session_form_data(slot_count="0", table_count="0", meetings_per_party="0")
    )
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"slot_count", "table_count", "meetings_per_party"}
    assert not BridgingSession.objects.exists()


def test_an_online_session_with_its_link_needs_no_venue(client, official):
    client.force_login(official)
    response = client.post(
        ADD,
        session_form_data(format="online", venue="", meeting_link="meet.example.test/sesi-april"),
    )
    assert response.status_code == 302
    assert BridgingSession.objects.get().meeting_link == "https://meet.example.test/sesi-april"


def test_a_provincial_session_keeps_its_province(client, official):
    client.force_login(official)
    west_java = province(WEST_JAVA)
    response = client.post(ADD, session_form_data(scope="provincial", province=str(west_java.pk)))
    assert response.status_code == 302
    assert BridgingSession.objects.get().province == west_java


def test_the_grid_cannot_change_once_the_schedule_is_published(client, official):
    session = session_factory(state=SessionState.SCHEDULED)
    client.force_login(official)
    response = client.get(change_url(session))
    form = response.context["adminform"].form
    for field in ("slot_count", "slot_minutes", "table_count", "date", "first_slot_starts_at"):
        assert field not in form.fields
    assert "title" in form.fields
    assert "venue" in form.fields
    data = session_form_data(
        title="Sesi yang diganti namanya",
        registration_deadline_0=(session.date - timedelta(days=3)).isoformat(),
        slot_count="12",
        table_count="1",
    )
    response = client.post(change_url(session), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Sesi yang diganti namanya"
    assert (session.slot_count, session.table_count) == (6, 4)


def test_the_scope_is_fixed_once_the_parties_are_invited(client, official):
    session = session_factory(state=SessionState.OPEN)
    client.force_login(official)
    form = client.get(change_url(session)).context["adminform"].form
    assert "scope" not in form.fields
    assert "province" not in form.fields
    assert "slot_count" in form.fields  # not published yet


def test_a_closed_session_is_read_only(client, official):
    session = session_factory(state=SessionState.CLOSED, days_ahead=-3)
    client.force_login(official)
    form = client.get(change_url(session)).context["adminform"].form
    assert list(form.fields) == []


def test_the_grid_cannot_shrink_under_meetings_of_the_built_schedule(client, official):
    session = session_factory(state=SessionState.OPEN)
    meeting_factory(session, slot=5, table=1)
    client.force_login(official)
    data = session_form_data(
        date=session.date.isoformat(),
        registration_deadline_0=(session.date - timedelta(days=3)).isoformat(),
        slot_count="4",
        table_count="4",
    )
    response = client.post(change_url(session), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["slot_count"]] == ["meetings_outside_grid"]
    assert BridgingSession.objects.get(pk=session.pk).slot_count == 6


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_meetings_and_confirmed_parties(client, official):
    session, matches = queued_session(pairs=3)
    meeting_factory(session, matches[0], slot=0)
    meeting_factory(session, matches[1], slot=1)
    meeting_factory(session, matches[2], slot=2, attendance=Attendance.CANCELLED)
    invitation_factory(session, make_pair()[0], answer=InvitationAnswer.DECLINED)
    client.force_login(official)
    response = client.get(SESSIONS)
    [row] = response.context["cl"].result_list
    model_admin = response.context["cl"].model_admin
    assert model_admin.meetings(row) == 2  # the cancelled one holds no place
    assert model_admin.confirmed_parties(row) == "4 / 5"  # one firm and three UMKM confirmed
    assert model_admin.where(row) == in_indonesian("national")


def test_a_provincial_session_is_listed_with_its_province(client, official):
    session_factory(province=province(WEST_JAVA))
    client.force_login(official)
    response = client.get(SESSIONS)
    [row] = response.context["cl"].result_list
    assert response.context["cl"].model_admin.where(row) == "Jawa Barat"


def test_the_list_filters_by_state_and_by_what_is_to_do(client, official):
    planned = session_factory(state=SessionState.PLANNED)
    to_build = session_factory(state=SessionState.OPEN)
    to_publish = session_factory(state=SessionState.OPEN)
    meeting_factory(to_publish)
    client.force_login(official)

    def listed(**params) -> set[int]:
        return {row.pk for row in client.get(SESSIONS, params).context["cl"].result_list}

    assert listed(state__exact="planned") == {planned.pk}
    assert listed(task="to_build") == {to_build.pk}
    assert listed(task="to_publish") == {to_publish.pk}


def make_busy_sessions(count: int) -> None:
    for _number in range(count):
        session, matches = queued_session(pairs=2)
        for slot, match in enumerate(matches):
            meeting_factory(session, match, slot=slot)


@pytest.mark.parametrize(("role", "queries"), [("superuser", 8), (OfficialRole.REGIONAL, 13)])
def test_the_list_runs_a_fixed_number_of_queries(
    client, official, role, queries, django_assert_num_queries
):
    user = official if role == "superuser" else make_official(role, provinces=[WEST_JAVA])
    client.force_login(user)
    make_busy_sessions(2)
    session_factory(province=province(WEST_JAVA))
    with django_assert_num_queries(queries):
        client.get(SESSIONS)
    make_busy_sessions(8)
    for _number in range(4):
        session_factory(province=province(WEST_JAVA))
    with django_assert_num_queries(queries):
        response = client.get(SESSIONS)
    assert len(response.context["cl"].result_list) == (15 if role == "superuser" else 5)


# --- the steps: buttons on the session's page ---------------------------------------------------


def test_the_page_offers_the_steps_of_the_sessions_state(client, official):
    client.force_login(official)
    offered = {}
    for state in SessionState.values:
        session = session_factory(state=state)
        steps = client.get(change_url(session)).context["session_steps"]
        offered[state] = [step["name"] for step in steps]
    assert offered == {
        "planned": ["open"],
        "open": ["invite", "build", "publish"],
        "scheduled": ["unpublish"],  # held only from the session's day on
        "held": ["close"],
        "closed": [],
    }
    on_the_day = session_factory(state=SessionState.SCHEDULED, days_ahead=0)
    steps = client.get(change_url(on_the_day)).context["session_steps"]
    assert [step["name"] for step in steps] == ["unpublish", "held"]


def test_each_button_is_a_post_form_with_its_csrf_token(client, official):
    session = session_factory(state=SessionState.OPEN)
    client.force_login(official)
    html = client.get(change_url(session)).content.decode()
    for step in ("invite", "build", "publish"):
        form_start = html.index(f'action="{step_url(session, step)}"')
        form = html[html.rindex("<form", 0, form_start) : html.index("</form>", form_start)]
        assert 'method="post"' in form
        assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="include_unconfirmed"' in html


def test_a_step_asked_for_with_get_only_asks(client, official):
    session = session_factory(state=SessionState.PLANNED)
    make_match()
    client.force_login(official)
    response = client.get(step_url(session, "open"))
    assert response.status_code == 200
    assert response.context["explanation"]
    assert state_of(session) == SessionState.PLANNED
    assert not SessionInvitation.objects.exists()


def test_an_unknown_step_is_not_found(client, official):
    session = session_factory()
    client.force_login(official)
    assert client.post(step_url(session, "explode")).status_code == 404


def test_opening_registration_invites_the_parties_of_the_queue(client, official):
    session = session_factory(state=SessionState.PLANNED)
    match = make_match()
    client.force_login(official)
    response = client.post(step_url(session, "open"))
    assert response.status_code == 302
    assert response.url == change_url(session)
    assert state_of(session) == SessionState.OPEN
    assert {(i.umkm_id, i.firm_id) for i in SessionInvitation.objects.all()} == {
        (match.umkm_id, None),
        (None, match.firm_id),
    }
    [(level, _text)] = said(response)
    assert level == SUCCESS


def test_opening_after_the_deadline_is_refused_with_the_services_message(client, official):
    session = session_factory(
        state=SessionState.PLANNED, registration_deadline=timezone.now() - timedelta(hours=1)
    )
    make_match()
    client.force_login(official)
    response = client.post(step_url(session, "open"))
    assert said(response) == [
        (
            ERROR,
            in_indonesian("The registration deadline has passed; move it to a later date first."),
        )
    ]
    assert state_of(session) == SessionState.PLANNED
    assert not SessionInvitation.objects.exists()


def test_inviting_newly_queued_parties(client, official):
    session, [match] = queued_session(pairs=1)
    newcomer = make_match(firm=match.firm)
    client.force_login(official)
    response = client.post(step_url(session, "invite"))
    assert said(response)[0][0] == SUCCESS
    assert SessionInvitation.objects.filter(session=session, umkm=newcomer.umkm).exists()
    assert SessionInvitation.objects.filter(session=session).count() == 3


def test_building_places_the_confirmed_queue_and_reports_it(client, official):
    session, matches = queued_session(pairs=3)
    client.force_login(official)
    response = client.post(step_url(session, "build"))
    assert response.url == change_url(session)
    assert set(session.meetings.values_list("match", flat=True)) == {m.pk for m in matches}
    report = BuildReport(
        placed=3,
        kept_locked=0,
        queue_size=3,
        left_in_queue=0,
        unplaceable_because_of_locks=0,
        total_priority=0,
        greedy_would_place=3,
    )
    with translation.override("id"):
        expected = build_report_message(session, report)
    assert said(response) == [(SUCCESS, expected)]
    assert state_of(session) == SessionState.OPEN


def test_parties_who_did_not_confirm_are_placed_only_when_the_official_ticks_the_box(
    client, official
):
    session, _matches = queued_session(pairs=2, confirmed=False)
    client.force_login(official)
    client.post(step_url(session, "build"))
    assert not session.meetings.exists()
    client.post(step_url(session, "build"), {"include_unconfirmed": "on"})
    assert session.meetings.count() == 2
    assert BridgingSession.objects.get(pk=session.pk).included_unconfirmed


def test_a_build_from_the_grid_returns_to_the_grid(client, official):
    session, _matches = queued_session(pairs=1)
    client.force_login(official)
    response = client.post(step_url(session, "build"), {"back": "grid"})
    assert response.url == reverse("admin:partnerships_bridgingsession_grid", args=[session.pk])


def test_building_a_session_that_is_not_open_is_refused(client, official):
    session, _matches = queued_session(pairs=2, state=SessionState.PLANNED)
    client.force_login(official)
    response = client.post(step_url(session, "build"))
    [(level, text)] = said(response)
    assert level == ERROR
    with translation.override("id"):
        assert text == translation.gettext(
            "%(action)s is not possible: the session is %(state)s."
        ) % {
            "action": translation.gettext("Building the schedule"),
            "state": SessionState.PLANNED.label,
        }
    assert not Meeting.objects.exists()


def test_publishing_a_built_schedule(client, official):
    session, _matches = queued_session(pairs=2)
    client.force_login(official)
    client.post(step_url(session, "build"))
    response = client.post(step_url(session, "publish"))
    assert said(response)[0][0] == SUCCESS
    session.refresh_from_db()
    assert session.state == SessionState.SCHEDULED
    assert session.published_at is not None


def test_publishing_without_a_schedule_is_refused(client, official):
    session = session_factory(state=SessionState.OPEN)
    client.force_login(official)
    response = client.post(step_url(session, "publish"))
    assert said(response) == [
        (ERROR, in_indonesian("There is no schedule to publish yet: build it first."))
    ]
    assert state_of(session) == SessionState.OPEN


def test_unpublishing_opens_the_session_again(client, official):
    session = session_factory(state=SessionState.SCHEDULED)
    meeting_factory(session)
    client.force_login(official)
    response = client.post(step_url(session, "unpublish"))
    assert said(response)[0][0] == SUCCESS
    session.refresh_from_db()
    assert session.state == SessionState.OPEN
    assert session.published_at is None


def test_marking_held_before_the_day_is_refused_and_on_the_day_works(client, official):
    future = session_factory(state=SessionState.SCHEDULED)
    today = session_factory(state=SessionState.SCHEDULED, days_ahead=0)
    client.force_login(official)
    response = client.post(step_url(future, "held"))
    assert said(response) == [(ERROR, in_indonesian("The session has not taken place yet."))]
    assert state_of(future) == SessionState.SCHEDULED
    response = client.post(step_url(today, "held"))
    assert said(response)[-1][0] == SUCCESS
    assert state_of(today) == SessionState.HELD


def test_closing_waits_for_every_attendance(client, official):
    session = session_factory(state=SessionState.HELD, days_ahead=-1)
    meeting = meeting_factory(session)
    client.force_login(official)
    response = client.post(step_url(session, "close"))
    assert said(response)[0][0] == ERROR
    assert state_of(session) == SessionState.HELD
    Meeting.objects.filter(pk=meeting.pk).update(
        attendance=Attendance.BOTH_CAME, attendance_recorded_at=timezone.now()
    )
    response = client.post(step_url(session, "close"))
    assert said(response)[-1][0] == SUCCESS
    assert state_of(session) == SessionState.CLOSED


def test_each_step_is_logged_in_the_sessions_history(client, official):
    from django.contrib.admin.models import LogEntry

    session, _matches = queued_session(pairs=1)
    client.force_login(official)
    client.post(step_url(session, "build"))
    assert LogEntry.objects.filter(object_id=str(session.pk), user=official).count() == 1


def test_the_list_action_builds_each_selected_session(client, official):
    ready, _matches = queued_session(pairs=2)
    planned = session_factory(state=SessionState.PLANNED)
    client.force_login(official)
    response = client.post(
        SESSIONS,
        {"action": "build_schedule", ACTION_CHECKBOX_NAME: [ready.pk, planned.pk]},
    )
    assert response.status_code == 302
    levels = sorted(level for level, _text in said(response))
    assert levels == [SUCCESS, ERROR]
    assert ready.meetings.count() == 2
    assert not planned.meetings.exists()


def test_statistics_on_the_sessions_page(client, official):
    session = session_factory(state=SessionState.HELD, days_ahead=-1, queue_size_at_build=10)
    meeting_factory(
        session,
        slot=0,
        attendance=Attendance.BOTH_CAME,
        umkm_outcome=MeetingOutcome.READY_TO_SIGN,
        firm_outcome=MeetingOutcome.CONTINUE_TALKING,
    )
    meeting_factory(session, slot=1, attendance=Attendance.UMKM_ABSENT)
    meeting_factory(session, slot=2, attendance=Attendance.CANCELLED)
    meeting_factory(session, slot=3)
    client.force_login(official)
    response = client.get(change_url(session))
    figures = response.context["statistics"]
    assert (figures.queue_size, figures.scheduled, figures.cancelled) == (10, 3, 1)
    assert (figures.attended, figures.umkm_absent, figures.not_recorded) == (1, 1, 1)
    assert str(figures.attendance_rate) == "50.0"
    rows = {label: (umkm, firm) for label, umkm, firm in response.context["outcome_rows"]}
    assert rows[MeetingOutcome.READY_TO_SIGN.label] == (1, 0)
    assert rows[MeetingOutcome.CONTINUE_TALKING.label] == (0, 1)
    assert "session-statistics" in response.content.decode()


def test_only_a_planned_session_can_be_deleted(client, official):
    planned = session_factory(state=SessionState.PLANNED)
    opened = session_factory(state=SessionState.OPEN)
    client.force_login(official)
    delete = "admin:partnerships_bridgingsession_delete"
    assert client.get(reverse(delete, args=[planned.pk])).status_code == 200
    assert client.post(reverse(delete, args=[opened.pk]), {"post": "yes"}).status_code == 403
    assert BridgingSession.objects.filter(pk=opened.pk).exists()


# --- who may do what, where ----------------------------------------------------------------------


def test_an_auditor_reads_the_session_but_has_no_buttons(client, auditor):
    session, _matches = queued_session(pairs=2)
    response = client.get(change_url(session))
    assert response.status_code == 200
    assert response.context["session_steps"] == []
    assert 'action="' + step_url(session, "build") not in response.content.decode()
    for step in ("build", "publish", "invite"):
        assert client.post(step_url(session, step)).status_code == 403
        assert client.get(step_url(session, step)).status_code == 403
    assert not session.meetings.exists()
    assert state_of(session) == SessionState.OPEN


def test_an_auditor_cannot_run_the_list_action(client, auditor):
    session, _matches = queued_session(pairs=1)
    response = client.post(
        SESSIONS, {"action": "build_schedule", ACTION_CHECKBOX_NAME: [session.pk]}
    )
    assert response.status_code == 403
    assert not session.meetings.exists()


def test_a_regional_official_sees_only_their_provinces_sessions(client, regional):
    mine = session_factory(province=province(WEST_JAVA))
    theirs = session_factory(province=province(CENTRAL_JAVA))
    national = session_factory()
    assert [row.pk for row in client.get(SESSIONS).context["cl"].result_list] == [mine.pk]
    assert client.get(change_url(mine)).status_code == 200
    for session in (theirs, national):
        assert client.get(change_url(session)).status_code == 404
        assert client.post(step_url(session, "publish")).status_code == 404
        assert (
            client.get(
                reverse("admin:partnerships_bridgingsession_grid", args=[session.pk])
            ).status_code
            == 404
        )


def test_a_regional_official_runs_their_provinces_session(client, regional):
    session, _matches = queued_session(pairs=2, province=province(WEST_JAVA))
    response = client.post(step_url(session, "build"))
    assert said(response)[0][0] == SUCCESS
    assert session.meetings.count() == 2


def test_a_regional_official_plans_only_sessions_of_their_provinces(client, regional):
    response = client.get(ADD)
    form = response.context["adminform"].form
    assert form.initial["scope"] == SessionScope.PROVINCIAL
    assert list(form.fields["province"].queryset) == [province(WEST_JAVA)]

    response = client.post(ADD, session_form_data())
    errors = response.context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["scope"]] == ["national_not_allowed"]

    elsewhere = session_form_data(scope="provincial", province=str(province(CENTRAL_JAVA).pk))
    errors = client.post(ADD, elsewhere).context["adminform"].form.errors.as_data()
    assert [error.code for error in errors["province"]] == ["invalid_choice"]
    assert not BridgingSession.objects.exists()

    own = session_form_data(scope="provincial", province=str(province(WEST_JAVA).pk))
    assert client.post(ADD, own).status_code == 302
    assert BridgingSession.objects.get().province == province(WEST_JAVA)


def test_a_regional_official_sees_only_meetings_and_invitations_of_their_sessions(client, regional):
    mine = session_factory(province=province(WEST_JAVA), state=SessionState.SCHEDULED)
    national = session_factory(state=SessionState.SCHEDULED)
    here = meeting_factory(mine, invite=True)
    meeting_factory(national, invite=True)  # a Bandung pair, at a national session
    assert [row.pk for row in client.get(MEETINGS).context["cl"].result_list] == [here.pk]
    invited = {row.session_id for row in client.get(INVITATIONS).context["cl"].result_list}
    assert invited == {mine.pk}


# --- meetings and invitations -------------------------------------------------------------------


def test_meetings_are_searched_by_party_names_and_filtered_by_session(client, official):
    session = session_factory(state=SessionState.SCHEDULED)
    other = session_factory(state=SessionState.SCHEDULED)
    wanted = meeting_factory(session, make_match(make_pair(name="Batik Sekar Jagad")[0]))
    meeting_factory(session, slot=1)
    meeting_factory(other)
    client.force_login(official)

    def listed(**params) -> set[int]:
        return {row.pk for row in client.get(MEETINGS, params).context["cl"].result_list}

    assert listed(q="Sekar Jagad") == {wanted.pk}
    assert len(listed(session__id__exact=session.pk)) == 2


def test_recording_attendance_from_the_meeting_list(client, official):
    session = session_factory(state=SessionState.HELD, days_ahead=-1)
    met = meeting_factory(session, slot=0)
    absent = meeting_factory(session, slot=1)
    client.force_login(official)
    response = client.post(MEETINGS, {"action": "record_both_came", ACTION_CHECKBOX_NAME: [met.pk]})
    assert said(response)[0][0] == SUCCESS
    client.post(MEETINGS, {"action": "record_umkm_absent", ACTION_CHECKBOX_NAME: [absent.pk]})
    met.refresh_from_db()
    absent.refresh_from_db()
    assert met.attendance == Attendance.BOTH_CAME
    assert Match.objects.get(pk=met.match_id).queue_state == QueueState.MET_AT_SESSION
    assert absent.attendance == Attendance.UMKM_ABSENT
    assert Match.objects.get(pk=absent.match_id).queue_state == QueueState.WAITING


def test_attendance_before_the_session_is_refused_and_nothing_changes(client, official):
    meeting = meeting_factory(session_factory(state=SessionState.SCHEDULED))
    client.force_login(official)
    response = client.post(
        MEETINGS, {"action": "record_both_came", ACTION_CHECKBOX_NAME: [meeting.pk]}
    )
    [(level, text)] = said(response)
    assert level == ERROR
    assert text.endswith(in_indonesian("The session has not taken place yet."))
    meeting.refresh_from_db()
    assert meeting.attendance == Attendance.NOT_RECORDED


def test_an_auditor_cannot_record_attendance(client, auditor):
    meeting = meeting_factory(session_factory(state=SessionState.HELD, days_ahead=-1))
    response = client.post(
        MEETINGS, {"action": "record_both_came", ACTION_CHECKBOX_NAME: [meeting.pk]}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.attendance == Attendance.NOT_RECORDED


def test_a_meeting_is_read_not_edited_or_deleted(client, official):
    meeting = meeting_factory()
    client.force_login(official)
    url = reverse("admin:partnerships_meeting_change", args=[meeting.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert list(response.context["adminform"].form.fields) == []
    assert client.post(url, {"slot": "3"}).status_code == 403
    delete = reverse("admin:partnerships_meeting_delete", args=[meeting.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:partnerships_meeting_add")).status_code == 403


def test_invitations_are_listed_with_their_answers(client, official):
    session, [_match] = queued_session(pairs=1)
    declined = invitation_factory(session, make_pair()[0], answer=InvitationAnswer.DECLINED)
    client.force_login(official)
    response = client.get(INVITATIONS, {"answer__exact": "declined"})
    assert [row.pk for row in response.context["cl"].result_list] == [declined.pk]
    response = client.get(INVITATIONS, {"session__id__exact": session.pk})
    assert response.context["cl"].result_count == 3
    url = reverse("admin:partnerships_sessioninvitation_change", args=[declined.pk])
    assert client.post(url, {"answer": "confirmed"}).status_code == 403
    assert client.get(reverse("admin:partnerships_sessioninvitation_add")).status_code == 403


def test_the_meeting_list_runs_a_fixed_number_of_queries(
    client, official, django_assert_num_queries
):
    client.force_login(official)
    session = session_factory(state=SessionState.SCHEDULED)
    meeting_factory(session)
    with django_assert_num_queries(6):
        client.get(MEETINGS)
    for slot in range(1, 6):
        meeting_factory(session, slot=slot, invite=True)
    meeting_factory(session_factory(state=SessionState.SCHEDULED))
    with django_assert_num_queries(6):
        response = client.get(MEETINGS)
    assert response.context["cl"].result_count == 7


def test_the_invitation_list_runs_a_fixed_number_of_queries(
    client, official, django_assert_num_queries
):
    client.force_login(official)
    queued_session(pairs=1)
    with django_assert_num_queries(6):
        client.get(INVITATIONS)
    queued_session(pairs=6)
    with django_assert_num_queries(6):
        response = client.get(INVITATIONS)
    assert response.context["cl"].result_count == 2 + 7


# --- merging duplicate UMKM: invitations and meetings move to the kept record ------------------


def merge_in_admin(client, kept, discarded) -> None:
    from partnerships.models import DuplicateCandidate

    first, second = sorted((kept, discarded), key=lambda umkm: umkm.pk)
    candidate = DuplicateCandidate.objects.create(first=first, second=second, similarity=0.9)
    url = reverse("admin:partnerships_duplicatecandidate_merge", args=[candidate.pk, kept.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert said(response)[-1][0] == SUCCESS


def test_a_merge_moves_the_discarded_records_invitations_and_meetings(client, official):
    from partnerships.models import Umkm

    kept, firm = make_pair(name="Kopi Tanjung Pura")
    discarded, _other = make_pair(name="Kopi Tanjung Pura Karawang")
    upcoming = session_factory(state=SessionState.SCHEDULED)
    past = session_factory(state=SessionState.HELD, days_ahead=-30)
    invitation = invitation_factory(upcoming, discarded, answer=InvitationAnswer.CONFIRMED)
    soon = meeting_factory(upcoming, make_match(discarded, firm), slot=1)
    met = meeting_factory(
        past, make_match(discarded, queue_state=QueueState.MET_AT_SESSION), slot=0
    )
    client.force_login(official)
    merge_in_admin(client, kept, discarded)
    assert not Umkm.objects.filter(pk=discarded.pk).exists()
    invitation.refresh_from_db()
    assert invitation.umkm_id == kept.pk
    assert invitation.answer == InvitationAnswer.CONFIRMED
    for meeting in (soon, met):
        meeting.refresh_from_db()
        assert meeting.umkm_id == kept.pk
        assert Match.objects.get(pk=meeting.match_id).umkm_id == kept.pk


def test_a_merge_keeps_the_kept_records_invitation_and_meeting_where_both_have_one(
    client, official
):
    kept, kept_firm = make_pair(name="Batik Sekar Jagad")
    discarded, other_firm = make_pair(name="Batik Sekar Jagad Cirebon")
    session = session_factory(state=SessionState.SCHEDULED)
    kept_invitation = invitation_factory(session, kept)
    invitation_factory(session, discarded, answer=InvitationAnswer.CONFIRMED)
    kept_meeting = meeting_factory(session, make_match(kept, kept_firm), slot=2, table=0)
    lost = meeting_factory(session, make_match(discarded, other_firm), slot=2, table=1)
    elsewhere = meeting_factory(session, make_match(discarded, make_pair()[1]), slot=3, table=1)
    client.force_login(official)
    merge_in_admin(client, kept, discarded)
    assert list(SessionInvitation.objects.filter(session=session)) == [kept_invitation]
    assert set(session.meetings.values_list("pk", "umkm")) == {
        (kept_meeting.pk, kept.pk),
        (elsewhere.pk, kept.pk),
    }
    # The lost meeting's pair waits in the queue again, now as the kept record's.
    waiting = Match.objects.get(pk=lost.match_id)
    assert waiting.umkm_id == kept.pk
    assert waiting.queue_state == QueueState.WAITING
    assert Match.objects.waiting().unscheduled().filter(pk=waiting.pk).exists()


def test_a_sessions_history_keeps_every_change(client, official):
    client.force_login(official)
    client.post(ADD, session_form_data())
    session = BridgingSession.objects.get()
    data = session_form_data(title="Sesi Temu Usaha Nasional April (diundur)")
    client.post(change_url(session), data)
    history_url = reverse("admin:partnerships_bridgingsession_history", args=[session.pk])
    response = client.get(history_url)
    assert response.status_code == 200
    assert session.history.count() == 2
    assert session.history.first().history_user == official
