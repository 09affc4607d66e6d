"""The grid of a bridging session in the admin (slots by tables): every meeting once, in its
cell; locking, moving (clashes refused with the service's message), cancelling and recording
attendance; the printable page and the CSV (its columns, file name and formula guard); the
accessible markup; permissions and scope; a fixed number of queries."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.admin.sessions import CSV_COLUMNS, csv_safe
from partnerships.models import Attendance, Match, Meeting, QueueState, SessionState
from partnerships.officials import OfficialRole
from tests.partnerships.factories import make_official, province
from tests.partnerships.factories_queue import make_match, make_pair
from tests.partnerships.factories_sessions import meeting_factory, session_factory

pytestmark = pytest.mark.django_db

WEST_JAVA, CENTRAL_JAVA = "32", "33"


def grid_url(session, view: str = "grid") -> str:
    return reverse(f"admin:partnerships_bridgingsession_{view}", args=[session.pk])


def meeting_url(meeting: Meeting, action: str) -> str:
    return reverse(
        f"admin:partnerships_bridgingsession_{action}", args=[meeting.session_id, meeting.pk]
    )


def said(response) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in get_messages(response.wsgi_request)]


def in_indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


def place_of(meeting: Meeting) -> tuple[int, int, str]:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return meeting.slot, meeting.table, meeting.attendance


@pytest.fixture
def open_session():
    """An open session (6 slots of 30 minutes from 09:00, 4 tables) with a built schedule."""
    session = session_factory(state=SessionState.OPEN)
    firm_pair = make_pair()
    return session, [
        meeting_factory(session, make_match(firm_pair[0], firm_pair[1]), slot=0, table=0),
        meeting_factory(session, slot=0, table=1),
        meeting_factory(session, slot=2, table=3),
    ]


# --- the grid ------------------------------------------------------------------------------------


def test_the_grid_shows_every_meeting_once_in_its_cell(client, official, open_session):
    session, meetings = open_session
    meeting_factory(session, slot=4, table=2, attendance=Attendance.CANCELLED)
    client.force_login(official)
    response = client.get(grid_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    for meeting in meetings:
        assert html.count(f'id="meeting-{meeting.pk}"') == 1
    assert len(re.findall(r'<td id="meeting-\d+"', html)) == 3  # the cancelled one is gone
    rows = response.context["grid"].rows
    assert [len(row.cells) for row in rows] == [4] * 6
    assert rows[0].cells[0].pk == meetings[0].pk
    assert rows[0].cells[1].pk == meetings[1].pk
    assert rows[2].cells[3].pk == meetings[2].pk
    assert sum(cell is not None for row in rows for cell in row.cells) == 3


def test_the_grid_names_both_parties_the_priority_and_a_lock(client, official, open_session):
    session, [first, *_rest] = open_session
    Meeting.objects.filter(pk=first.pk).update(locked=True, priority=87)
    client.force_login(official)
    html = client.get(grid_url(session)).content.decode()
    cell = html[html.index(f'id="meeting-{first.pk}"') :]
    cell = cell[: cell.index("</td>")]
    assert first.firm.name in cell
    assert first.umkm.name in cell
    assert "87" in cell
    assert 'role="img"' in cell
    assert f'aria-label="{in_indonesian("locked")}"' in cell


def test_the_grid_is_an_accessible_table(client, official, open_session):
    session, _meetings = open_session
    client.force_login(official)
    html = client.get(grid_url(session)).content.decode()
    start = html.index('<table class="session-grid"')
    table = html[start : html.index("</table>", start)]
    assert "<caption" in table
    assert table.count('<th scope="col">') == 1 + 4  # the time column and four tables
    assert table.count('<th scope="row">') == 6
    assert "09.00" in table
    assert "09.30" in table
    assert "style=" not in html


@pytest.mark.parametrize("view", ["grid", "grid_print", "grid_csv"])
def test_the_grid_runs_a_fixed_number_of_queries(client, official, view, django_assert_num_queries):
    client.force_login(official)
    small = session_factory(state=SessionState.OPEN, slot_count=2, table_count=2)
    meeting_factory(small)
    large = session_factory(state=SessionState.OPEN, slot_count=12, table_count=10)
    for slot in range(12):
        for table in range(3):
            meeting_factory(large, slot=slot, table=table)
    # The sign-in, the user, the session with its counts, the meetings with both parties.
    with django_assert_num_queries(4):
        client.get(grid_url(small, view))
    with django_assert_num_queries(4):
        response = client.get(grid_url(large, view))
    assert response.status_code == 200


def test_the_printable_grid_has_its_stylesheet_and_no_inline_style(client, official, open_session):
    session, meetings = open_session
    client.force_login(official)
    response = client.get(grid_url(session, "grid_print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/session-grid-print.css" in html
    assert "style=" not in html
    assert "<style" not in html
    assert "<script" not in html
    assert "<caption" in html
    assert '<th scope="row">' in html
    for meeting in meetings:
        assert meeting.firm.name in html
        assert meeting.umkm.name in html
    assert session.venue in html
    assert "csrfmiddlewaretoken" not in html  # nothing to press on paper


# --- the CSV -------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_lists_every_meeting_in_slot_and_table_order(client, official, open_session):
    session, meetings = open_session
    Meeting.objects.filter(pk=meetings[1].pk).update(locked=True, priority=42)
    client.force_login(official)
    response = client.get(grid_url(session, "grid_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"{session.date:%Y-%m-%d}" in disposition
    assert disposition.endswith('.csv"')
    header, *rows = read_csv(response)
    with translation.override("id"):
        assert header == [str(column) for column in CSV_COLUMNS]
        yes, no = translation.gettext("yes"), translation.gettext("no")
        not_recorded = str(Attendance.NOT_RECORDED.label)
    assert len(rows) == 3
    first, second, third = rows
    assert first[:4] == ["1", "09.00", "09.30", "1"]
    assert first[4:8] == [
        meetings[0].firm.name,
        meetings[0].firm.nib,
        meetings[0].umkm.name,
        meetings[0].umkm.nib,
    ]
    assert first[9:] == [no, not_recorded]
    assert second[:4] == ["1", "09.00", "09.30", "2"]
    assert second[8:10] == ["42", yes]
    assert third[:4] == ["3", "10.00", "10.30", "4"]


def test_the_csv_defuses_cells_that_look_like_formulas(client, official):
    session = session_factory(state=SessionState.OPEN)
    umkm, firm = make_pair(name='=HYPERLINK("http://evil.example","klik")')
    firm.name = "+62 Mitra"
    firm.save(update_fields=["name"])
    meeting_factory(session, make_match(umkm, firm))
    client.force_login(official)
    _header, row = read_csv(client.get(grid_url(session, "grid_csv")))
    assert row[6] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row[4] == "'+62 Mitra"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+62812", "'+62812"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("CV Maju", "CV Maju"),
        (12, "12"),
        ("", ""),
    ],
)
def test_csv_safe(value, safe):
    assert csv_safe(value) == safe


# --- single meetings ---------------------------------------------------------------------------


def test_locking_and_unlocking_a_meeting(client, official, open_session):
    session, [meeting, *_rest] = open_session
    client.force_login(official)
    response = client.post(meeting_url(meeting, "lock"), {"locked": "1"})
    assert response.status_code == 302
    assert response.url == f"{grid_url(session)}#meeting-{meeting.pk}"
    assert Meeting.objects.get(pk=meeting.pk).locked
    client.post(meeting_url(meeting, "lock"), {"locked": "0"})
    assert not Meeting.objects.get(pk=meeting.pk).locked


def test_locking_is_a_post(client, official, open_session):
    _session, [meeting, *_rest] = open_session
    client.force_login(official)
    assert client.get(meeting_url(meeting, "lock")).status_code == 405


def test_locking_after_publishing_is_refused(client, official):
    meeting = meeting_factory()  # a published session
    client.force_login(official)
    response = client.post(meeting_url(meeting, "lock"), {"locked": "1"})
    assert said(response)[0][0] == ERROR
    assert not Meeting.objects.get(pk=meeting.pk).locked


def test_the_grid_offers_locks_only_before_publishing(client, official, open_session):
    session, [meeting, *_rest] = open_session
    client.force_login(official)
    assert meeting_url(meeting, "lock") in client.get(grid_url(session)).content.decode()
    published = meeting_factory()
    html = client.get(grid_url(published.session)).content.decode()
    assert meeting_url(published, "lock") not in html
    assert meeting_url(published, "move") in html


def test_the_move_form_counts_from_one(client, official, open_session):
    _session, [_first, _second, meeting] = open_session
    client.force_login(official)
    response = client.get(meeting_url(meeting, "move"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial == {"slot": 3, "table": 4}
    assert [value for value, _label in form.fields["slot"].choices] == [1, 2, 3, 4, 5, 6]
    assert form.fields["table"].max_value == 4


def test_moving_a_meeting_to_a_free_place(client, official, open_session):
    _session, [_first, _second, meeting] = open_session
    client.force_login(official)
    response = client.post(meeting_url(meeting, "move"), {"slot": "6", "table": "1"})
    assert response.status_code == 302
    assert said(response)[0][0] == SUCCESS
    assert place_of(meeting) == (5, 0, Attendance.NOT_RECORDED)


def test_moving_into_a_clash_shows_the_services_message_and_changes_nothing(
    client, official, open_session
):
    _session, [_first, second, meeting] = open_session
    client.force_login(official)
    # Table 2 of slot 1 holds the second meeting.
    response = client.post(meeting_url(meeting, "move"), {"slot": "1", "table": "2"})
    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert second.firm.name in error
    assert second.umkm.name in error
    assert error in response.content.decode()
    assert place_of(meeting) == (2, 3, Attendance.NOT_RECORDED)


def test_moving_a_party_into_a_slot_where_it_meets_someone_else_is_refused(
    client, official, open_session
):
    _session, [first, _second, _third] = open_session
    # Another meeting of the first meeting's firm, in slot 4.
    session = first.session
    other = meeting_factory(session, make_match(firm=first.firm), slot=3, table=0)
    client.force_login(official)
    response = client.post(meeting_url(other, "move"), {"slot": "1", "table": "3"})
    [error] = response.context["form"].non_field_errors()
    assert first.firm.name in error
    assert place_of(other) == (3, 0, Attendance.NOT_RECORDED)


@pytest.mark.parametrize("data", [{"slot": "7", "table": "1"}, {"slot": "1", "table": "5"}, {}])
def test_moving_outside_the_grid_is_refused_beside_the_field(client, official, open_session, data):
    _session, [_first, _second, meeting] = open_session
    client.force_login(official)
    response = client.post(meeting_url(meeting, "move"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert place_of(meeting) == (2, 3, Attendance.NOT_RECORDED)


def test_cancelling_asks_first_then_frees_the_place(client, official, open_session):
    session, [meeting, *_rest] = open_session
    client.force_login(official)
    response = client.get(meeting_url(meeting, "cancel"))
    assert response.status_code == 200
    assert place_of(meeting)[2] == Attendance.NOT_RECORDED
    response = client.post(meeting_url(meeting, "cancel"))
    assert response.status_code == 302
    assert said(response)[0][0] == SUCCESS
    assert place_of(meeting)[2] == Attendance.CANCELLED
    assert Match.objects.get(pk=meeting.match_id).queue_state == QueueState.WAITING
    assert f'id="meeting-{meeting.pk}"' not in client.get(grid_url(session)).content.decode()


def test_recording_attendance_on_the_grid_after_the_session(client, official):
    session = session_factory(state=SessionState.HELD, days_ahead=-1)
    met = meeting_factory(session, slot=0)
    absent = meeting_factory(session, slot=1)
    client.force_login(official)
    html = client.get(grid_url(session)).content.decode()
    assert meeting_url(met, "attendance") in html
    assert f'<label class="visually-hidden" for="attendance-{met.pk}">' in html
    client.post(meeting_url(met, "attendance"), {"attendance": Attendance.BOTH_CAME})
    client.post(meeting_url(absent, "attendance"), {"attendance": Attendance.FIRM_ABSENT})
    assert place_of(met)[2] == Attendance.BOTH_CAME
    assert place_of(absent)[2] == Attendance.FIRM_ABSENT
    assert Match.objects.get(pk=met.match_id).queue_state == QueueState.MET_AT_SESSION
    assert Match.objects.get(pk=absent.match_id).queue_state == QueueState.WAITING


def test_attendance_is_not_offered_before_the_day_and_is_refused(client, official):
    meeting = meeting_factory()  # published, two weeks ahead
    client.force_login(official)
    assert (
        meeting_url(meeting, "attendance")
        not in client.get(grid_url(meeting.session)).content.decode()
    )
    response = client.post(meeting_url(meeting, "attendance"), {"attendance": "both_came"})
    assert said(response) == [(ERROR, in_indonesian("The session has not taken place yet."))]
    assert place_of(meeting)[2] == Attendance.NOT_RECORDED


def test_an_unknown_attendance_is_refused_beside_the_field(client, official):
    meeting = meeting_factory(session_factory(state=SessionState.HELD, days_ahead=-1))
    client.force_login(official)
    response = client.post(meeting_url(meeting, "attendance"), {"attendance": "not_recorded"})
    assert response.status_code == 200
    assert "attendance" in response.context["form"].errors
    assert place_of(meeting)[2] == Attendance.NOT_RECORDED


def test_a_meeting_of_another_session_is_not_found(client, official, open_session):
    session, _meetings = open_session
    elsewhere = meeting_factory()
    client.force_login(official)
    url = reverse("admin:partnerships_bridgingsession_move", args=[session.pk, elsewhere.pk])
    assert client.get(url).status_code == 404


# --- who may do what -----------------------------------------------------------------------------


def test_an_auditor_reads_the_grid_and_its_files_but_changes_nothing(client, open_session):
    session, [meeting, *_rest] = open_session
    client.force_login(make_official(OfficialRole.AUDITOR))
    response = client.get(grid_url(session))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/lock/" not in html
    assert "/move/" not in html
    assert "/steps/" not in html
    assert response.context["session_steps"] == []
    assert client.get(grid_url(session, "grid_print")).status_code == 200
    assert client.get(grid_url(session, "grid_csv")).status_code == 200
    assert client.post(meeting_url(meeting, "lock"), {"locked": "1"}).status_code == 403
    assert client.post(meeting_url(meeting, "move"), {"slot": "6", "table": "1"}).status_code == 403
    assert client.post(meeting_url(meeting, "cancel")).status_code == 403
    assert place_of(meeting) == (0, 0, Attendance.NOT_RECORDED)
    assert not Meeting.objects.get(pk=meeting.pk).locked


def test_a_regional_official_meets_only_their_provinces_grids(client):
    mine = session_factory(state=SessionState.OPEN, province=province(WEST_JAVA))
    theirs = session_factory(state=SessionState.OPEN, province=province(CENTRAL_JAVA))
    mine_meeting = meeting_factory(mine)
    their_meeting = meeting_factory(theirs)
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA]))
    for view in ("grid", "grid_print", "grid_csv"):
        assert client.get(grid_url(mine, view)).status_code == 200
        assert client.get(grid_url(theirs, view)).status_code == 404
    assert client.post(meeting_url(their_meeting, "lock"), {"locked": "1"}).status_code == 404
    assert not Meeting.objects.get(pk=their_meeting.pk).locked
    assert client.post(meeting_url(mine_meeting, "lock"), {"locked": "1"}).status_code == 302
    assert Meeting.objects.get(pk=mine_meeting.pk).locked


def test_a_missing_session_is_not_found(client, official):
    client.force_login(official)
    url = reverse("admin:partnerships_bridgingsession_grid", args=[987654])
    assert client.get(url).status_code == 404
    assert client.get("/admin/partnerships/bridgingsession/nonsense/grid/").status_code == 404


def test_the_move_page_of_a_past_meeting_still_answers(client, official):
    session = session_factory(state=SessionState.HELD, days_ahead=-2)
    meeting = meeting_factory(session, attendance=Attendance.BOTH_CAME)
    client.force_login(official)
    response = client.post(meeting_url(meeting, "move"), {"slot": "2", "table": "1"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert place_of(meeting) == (0, 0, Attendance.BOTH_CAME)
    assert timezone.localdate() - session.date == timedelta(days=2)
