"""The officials' dashboard: every figure equals the query behind it, in the official's scope,
and its link opens the admin list of exactly the rows it counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerships.admin.queue_filters import EXPIRING_SOON_DAYS
from partnerships.business_size import BusinessSize
from partnerships.models import (
    Firm,
    Interest,
    InterestDirection,
    InterestState,
    Match,
    Need,
    NeedState,
    QueueState,
    Umkm,
    VerificationState,
)
from partnerships.officials import OfficialRole, official_role
from partnerships.programme_dashboard import (
    CLOSING_SOON_DAYS,
    Figure,
    Waiting,
    programme_dashboard,
)
from partnerships.services.reminders import reminder_recipients
from tests.partnerships.factories import make_firm, make_need, make_official, make_umkm, regency
from tests.partnerships.factories_queue import make_interest, make_match, make_pair

pytestmark = pytest.mark.django_db

State = VerificationState
WEST_JAVA = "32"
BANDUNG, KARAWANG, JAKARTA, SURABAYA = "3273", "3215", "3171", "3578"


def make_programme(*, copies: int = 1) -> None:
    """Profiles and needs in Jawa Barat and elsewhere, in every state the dashboard counts."""
    today = timezone.localdate()
    for _copy in range(copies):
        for place in (BANDUNG, KARAWANG, JAKARTA, SURABAYA):
            make_umkm(state=State.SUBMITTED, days_ago=4, regency=regency(place))
            make_umkm(state=State.DRAFT, regency=regency(place))
            make_umkm(state=State.REJECTED, days_ago=2, regency=regency(place))
            make_umkm(state=State.VERIFIED, days_ago=9, regency=regency(place))
            make_umkm(
                state=State.VERIFIED,
                regency=regency(place),
                capital=3_000_000_000,
                annual_sales=None,
            )
            firm = make_firm(state=State.VERIFIED, locations=[place])
            make_firm(state=State.SUBMITTED, days_ago=6, locations=[place])
            make_firm(state=State.DRAFT, locations=[place])
            make_need(firm, deadline=today + timedelta(days=2))
            make_need(firm, deadline=today + timedelta(days=CLOSING_SOON_DAYS))
            make_need(firm, deadline=today + timedelta(days=CLOSING_SOON_DAYS + 1))
            make_need(firm, deadline=today - timedelta(days=1))
            make_need(
                firm,
                deadline=today + timedelta(days=3),
                state=NeedState.CLOSED,
                closed_at=timezone.now(),
            )
        # A firm elsewhere that wants supply from Karawang: a need in Jawa Barat's scope.
        make_need(
            make_firm(state=State.VERIFIED, locations=[SURABAYA]),
            locations=[KARAWANG],
            deadline=today + timedelta(days=1),
        )
        make_matchmaking()
    # Registered last month: not in this month's figure.
    old = make_umkm(state=State.DRAFT, regency=regency(BANDUNG))
    Umkm.objects.filter(pk=old.pk).update(
        created_at=timezone.now().replace(day=1) - timedelta(days=3)
    )


@pytest.fixture
def regional(db):
    return make_official(OfficialRole.REGIONAL, provinces=[WEST_JAVA])


@pytest.fixture(params=["superuser", "central", "regional", "auditor"])
def someone(request, official, regional):
    """Each test runs for every kind of official."""
    if request.param == "superuser":
        return official
    if request.param == "regional":
        return regional
    return make_official(OfficialRole(request.param))


def make_matchmaking() -> None:
    """Matches and interests in every state the dashboard tells apart, in each place, and a
    pair of a Surabaya UMKM with a firm operating in Karawang (in Jawa Barat's scope)."""
    for place in (BANDUNG, KARAWANG, JAKARTA, SURABAYA):
        umkm, firm = make_pair(place, (place,))
        other_firm = make_firm(state=State.VERIFIED, locations=[place])
        make_match(umkm, firm, is_mutual=True, waiting_days=9.5)
        make_match(umkm, other_firm, waiting_days=3.5)
        make_match(umkm, make_firm(locations=[place]), queue_state=QueueState.MET_DIRECTLY)
        make_interest(umkm, firm, expires_in_days=EXPIRING_SOON_DAYS - 1)
        make_interest(umkm, other_firm, direction=InterestDirection.FROM_UMKM, expires_in_days=10)
        make_interest(
            umkm, make_firm(locations=[place]), sent_days_ago=20, expires_in_days=-1
        )  # past expiry: no longer waiting, whatever its state says
        make_interest(umkm, make_firm(locations=[place]), state=InterestState.DECLINED)
    umkm, firm = make_pair(SURABAYA, (KARAWANG,))
    make_match(umkm, firm, waiting_days=1.5)
    make_interest(umkm, firm, expires_in_days=EXPIRING_SOON_DAYS + 2)


def is_regional(user) -> bool:
    return official_role(user) == OfficialRole.REGIONAL


def umkm_for(user):
    umkm = Umkm.objects.all()
    return umkm.filter(province__code=WEST_JAVA) if is_regional(user) else umkm


def firms_for(user):
    firms = Firm.objects.all()
    if not is_regional(user):
        return firms
    return firms.filter(locations__province__code=WEST_JAVA).distinct()


def needs_for(user):
    needs = Need.objects.all()
    if not is_regional(user):
        return needs
    return needs.filter(
        Q(firm__locations__province__code=WEST_JAVA) | Q(locations__province__code=WEST_JAVA)
    ).distinct()


def test_the_verification_queue_counts_waiting_profiles_and_the_oldest(someone):
    make_programme()
    make_umkm(state=State.SUBMITTED, days_ago=12, regency=regency(KARAWANG))
    queue = programme_dashboard(someone)["verification"]

    waiting_umkm = umkm_for(someone).filter(verification_state=State.SUBMITTED)
    assert queue.umkm.value == waiting_umkm.count()
    assert queue.umkm.days_waiting == 12
    assert queue.umkm.oldest_submitted_at == waiting_umkm.order_by("submitted_at")[0].submitted_at
    waiting_firms = firms_for(someone).filter(verification_state=State.SUBMITTED)
    assert queue.firms.value == waiting_firms.count()
    assert queue.firms.days_waiting == 6


def test_an_empty_queue_has_no_oldest(official):
    queue = programme_dashboard(official)["verification"]
    assert queue.umkm == Waiting(
        label=queue.umkm.label,
        value=0,
        url=queue.umkm.url,
        oldest_submitted_at=None,
        days_waiting=None,
    )


def pairs_for(user, queryset):
    """Matches or interests in ``user``'s scope: where the UMKM is or the firm operates."""
    if not is_regional(user):
        return queryset
    return queryset.filter(
        Q(umkm__province__code=WEST_JAVA) | Q(firm__locations__province__code=WEST_JAVA)
    ).distinct()


def test_the_queue_counts_waiting_matches_the_mutual_ones_and_the_oldest(someone):
    make_programme()
    make_match(*make_pair(KARAWANG, (KARAWANG,)), waiting_days=30.5)
    figures = programme_dashboard(someone)["matchmaking"]
    waiting = pairs_for(someone, Match.objects.filter(queue_state=QueueState.WAITING))
    assert figures.queue.value == waiting.count()
    assert figures.queue.days_waiting == 30
    assert figures.queue.oldest_submitted_at == waiting.order_by("matched_at")[0].matched_at
    assert figures.mutual.value == waiting.filter(is_mutual=True).count()
    assert 0 < figures.mutual.value < figures.queue.value


def test_interests_waiting_for_an_answer_and_those_expiring_soon(someone):
    make_programme()
    figures = programme_dashboard(someone)["matchmaking"]
    now = timezone.now()
    waiting = pairs_for(
        someone, Interest.objects.filter(state=InterestState.PENDING, expires_at__gt=now)
    )
    assert figures.pending_interests.value == waiting.count()
    expiring = waiting.filter(expires_at__lte=now + timedelta(days=EXPIRING_SOON_DAYS))
    assert figures.expiring_interests.value == expiring.count()
    assert 0 < figures.expiring_interests.value < figures.pending_interests.value


def test_an_empty_matchmaking_section_has_no_oldest(official):
    figures = programme_dashboard(official)["matchmaking"]
    assert (figures.queue.value, figures.queue.days_waiting) == (0, None)
    assert figures.queue.oldest_submitted_at is None
    assert (figures.pending_interests.value, figures.expiring_interests.value) == (0, 0)


def test_verified_umkm_are_counted_by_size_class(someone):
    make_programme()
    figures = programme_dashboard(someone)["umkm"]
    verified = umkm_for(someone).filter(verification_state=State.VERIFIED)
    by_size = {figure.label: figure.value for figure in figures.verified_by_size}
    for size in (BusinessSize.MICRO, BusinessSize.SMALL, BusinessSize.MEDIUM):
        assert by_size[size.label] == verified.filter(size_class=size).count()
    assert by_size[BusinessSize.SMALL.label] > 0
    assert figures.verified_total.value == verified.count()


def test_umkm_registered_this_month_leave_out_earlier_months(someone):
    make_programme()
    figure = programme_dashboard(someone)["umkm"].registered_this_month
    month_start = timezone.localdate().replace(day=1)
    assert figure.value == umkm_for(someone).filter(created_at__date__gte=month_start).count()
    assert figure.value < umkm_for(someone).count()


def test_needs_open_and_closing_within_a_week(someone):
    make_programme()
    figures = programme_dashboard(someone)["needs"]
    today = timezone.localdate()
    open_needs = needs_for(someone).filter(state=NeedState.OPEN, deadline__gte=today)
    assert figures.open.value == open_needs.count()
    closing = open_needs.filter(deadline__lte=today + timedelta(days=CLOSING_SOON_DAYS))
    assert figures.closing_soon.value == closing.count()
    assert 0 < figures.closing_soon.value < figures.open.value
    assert figures.closing_by == today + timedelta(days=CLOSING_SOON_DAYS)


def test_incomplete_profiles_and_the_people_a_reminder_would_reach(someone):
    make_programme()
    figures = programme_dashboard(someone)["incomplete"]
    assert (
        figures.umkm_drafts.value
        == umkm_for(someone).filter(verification_state=State.DRAFT).count()
    )
    assert figures.umkm_rejected.value == (
        umkm_for(someone).filter(verification_state=State.REJECTED).count()
    )
    assert (
        figures.firm_drafts.value
        == firms_for(someone).filter(verification_state=State.DRAFT).count()
    )
    assert figures.firm_rejected.value == 0
    if someone.has_perm("partnerships.add_reminder"):
        assert figures.reminders.value == len(reminder_recipients(official=someone))
        assert figures.reminders.value > 0
    else:
        assert figures.reminders is None


def test_a_regional_official_counts_only_their_provinces(official, regional):
    make_programme()
    national = programme_dashboard(official)
    west_java = programme_dashboard(regional)
    assert west_java["verification"].umkm.value == 2  # Bandung and Karawang
    assert national["verification"].umkm.value == 4
    assert west_java["verification"].firms.value == 2
    # Two firms' needs in Jawa Barat, and the Surabaya firm's need for Karawang supply.
    assert west_java["needs"].open.value == 2 * 3 + 1
    assert national["needs"].open.value == 4 * 3 + 1
    # Two waiting matches in Bandung and in Karawang, and the Surabaya UMKM's with the firm
    # of Karawang.
    assert west_java["matchmaking"].queue.value == 2 * 2 + 1
    assert national["matchmaking"].queue.value == 4 * 2 + 1
    assert west_java["matchmaking"].pending_interests.value == 2 * 2 + 1
    assert west_java["matchmaking"].expiring_interests.value == 2
    assert national["matchmaking"].expiring_interests.value == 4


def figures_of(dashboard) -> list[Figure | Waiting]:
    found = []
    for section in dashboard.values():
        for value in vars(section).values():
            candidates = value if isinstance(value, tuple) else (value,)
            found += [item for item in candidates if isinstance(item, Figure | Waiting)]
    return found


def test_every_link_opens_the_admin_list_of_exactly_the_counted_rows(client, someone):
    make_programme()
    client.force_login(someone)
    dashboard = programme_dashboard(someone)
    linked = [
        figure for figure in figures_of(dashboard) if figure.url and "/reminder/" not in figure.url
    ]
    assert any("/need/" in figure.url for figure in linked)
    assert any("/firm/" in figure.url for figure in linked)
    assert any("/match/" in figure.url for figure in linked)
    assert any("/interest/" in figure.url for figure in linked)
    if someone.is_superuser:
        assert all(figure.url for figure in figures_of(dashboard))
    for figure in linked:
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        changelist = response.context["cl"]
        assert "e=1" not in response.request.get("QUERY_STRING", ""), figure.url
        assert changelist.result_count == figure.value, figure.label
        assert len({row.pk for row in changelist.result_list}) == figure.value, figure.label


def test_the_figures_run_a_fixed_number_of_queries(official, regional):
    make_programme(copies=1)
    counts = {}
    for size in ("small", "large"):
        if size == "large":
            make_programme(copies=2)
        for user in (official, regional):
            user = type(user).objects.get(pk=user.pk)  # no cached permissions or scope
            with CaptureQueriesContext(connection) as queries:
                programme_dashboard(user)
            counts[(size, user.pk)] = len(queries)
    assert counts[("small", official.pk)] == counts[("large", official.pk)]
    assert counts[("small", regional.pk)] == counts[("large", regional.pk)]
    # The matchmaking section runs two of them, the sessions and commitments sections three.
    assert counts[("large", official.pk)] == 20
    assert counts[("large", regional.pk)] == 23


# --- bridging sessions ------------------------------------------------------------------------


def make_sessions() -> dict[str, object]:
    """Sessions in Jawa Barat and national ones, in every state the sessions section tells
    apart, with the meetings that make them so."""
    from partnerships.models import Attendance, SessionState
    from tests.partnerships.factories import province
    from tests.partnerships.factories_sessions import (
        invitation_factory,
        meeting_factory,
        session_factory,
    )

    made = {}
    for where in ("west_java", "national"):
        place = {"province": province(WEST_JAVA)} if where == "west_java" else {}
        soon = session_factory(state=SessionState.OPEN, days_ahead=10, **place)
        invitation_factory(soon, answer="confirmed")
        invitation_factory(soon)
        later = session_factory(state=SessionState.OPEN, days_ahead=30, **place)
        meeting_factory(later)  # built, to publish
        session_factory(state=SessionState.PLANNED, **place)
        published = session_factory(state=SessionState.SCHEDULED, **place)
        meeting_factory(published)  # its day has not come: nothing to record yet
        today = session_factory(state=SessionState.SCHEDULED, days_ahead=0, **place)
        meeting_factory(today, slot=0)
        meeting_factory(today, slot=1)
        meeting_factory(today, slot=2, attendance=Attendance.BOTH_CAME)
        done = session_factory(state=SessionState.HELD, days_ahead=-2, **place)
        meeting_factory(done, attendance=Attendance.FIRM_ABSENT)
        made[where] = {"soon": soon, "later": later}
    return made


def test_the_sessions_section_counts_what_waits_for_an_official(official, regional):
    made = make_sessions()
    national = programme_dashboard(official)["sessions"]
    west_java = programme_dashboard(regional)["sessions"]
    assert (west_java.open.value, national.open.value) == (2, 4)
    assert (west_java.to_build.value, national.to_build.value) == (1, 2)
    assert (west_java.to_publish.value, national.to_publish.value) == (1, 2)
    assert (west_java.attendance_sessions.value, national.attendance_sessions.value) == (1, 2)
    assert (west_java.attendance_meetings.value, national.attendance_meetings.value) == (2, 4)
    assert (west_java.to_close.value, national.to_close.value) == (1, 2)
    soon = made["west_java"]["soon"]
    assert west_java.next_deadline == soon.registration_deadline
    first = west_java.open_sessions[0]
    assert (first.title, first.confirmed, first.invited) == (soon.title, 1, 2)
    assert [row.title for row in west_java.open_sessions] == [
        soon.title,
        made["west_java"]["later"].title,
    ]
    assert first.url.endswith(f"/bridgingsession/{soon.pk}/change/")


def test_an_empty_sessions_section(official):
    section = programme_dashboard(official)["sessions"]
    assert section.open.value == 0
    assert section.next_deadline is None
    assert section.open_sessions == ()


def test_every_sessions_link_opens_exactly_the_counted_rows(client, someone):
    make_sessions()
    client.force_login(someone)
    section = programme_dashboard(someone)["sessions"]
    figures = [
        section.open,
        section.to_build,
        section.to_publish,
        section.attendance_sessions,
        section.attendance_meetings,
        section.to_close,
    ]
    assert all(figure.url for figure in figures)
    for figure in figures:
        response = client.get(figure.url)
        assert response.status_code == 200, figure.url
        assert response.context["cl"].result_count == figure.value, figure.label
        assert figure.value > 0


def test_the_sessions_section_runs_a_fixed_number_of_queries(official, regional):
    from partnerships.programme_dashboard import session_figures

    counts = []
    for copies in (1, 3):
        for _copy in range(copies):
            make_sessions()
        for user in (official, regional):
            user = type(user).objects.get(pk=user.pk)
            with CaptureQueriesContext(connection) as queries:
                session_figures(user)
            counts.append(len(queries))
    official_small, regional_small, official_large, regional_large = counts
    assert official_small == official_large == 3
    assert regional_small == regional_large


def test_the_sessions_section_renders_its_figures_and_open_sessions(official):
    from django.template.loader import render_to_string

    made = make_sessions()
    section = programme_dashboard(official)["sessions"]
    html = render_to_string(
        "admin/partnerships/bridgingsession/_dashboard.html", {"section": section}
    )
    assert "<caption>" in html
    assert f'href="{section.to_publish.url}"' in html
    assert f'href="{section.attendance_meetings.url}"' in html
    assert made["west_java"]["soon"].title in html
    assert html.count('<th scope="row">') == 6 + len(section.open_sessions)
