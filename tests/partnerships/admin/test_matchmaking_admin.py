"""The officials' matchmaking admin: the queue of matches waiting for a bridging session (its
order, columns, filters, the two decisions, the regional scope, the query count), the
interests to read, and the programme settings."""

import random
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.messages import get_messages
from django.contrib.messages.constants import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone, translation

from partnerships.admin.matchmaking import MatchAdmin
from partnerships.models import (
    Firm,
    Interest,
    InterestDirection,
    InterestState,
    KbliCode,
    Match,
    ProgrammeSettings,
    QueueState,
)
from partnerships.officials import OfficialRole
from partnerships.queue_priority import queue_priority
from tests.partnerships.factories import make_firm, make_need, make_official, make_umkm, regency
from tests.partnerships.factories_queue import make_interest, make_match, make_pair

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:partnerships_match_changelist")
INTERESTS = reverse("admin:partnerships_interest_changelist")
SETTINGS_LIST = reverse("admin:partnerships_programmesettings_changelist")
BANDUNG, KARAWANG, SEMARANG, SURABAYA = "3273", "3215", "3374", "3578"


def listed(client, url: str = QUEUE, **params) -> list:
    response = client.get(url, params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def pks(rows) -> set[int]:
    return {row.pk for row in rows}


def python_waiting_days(match: Match, now) -> int:
    return (now - match.matched_at) // timedelta(days=1)


def python_priority(match: Match, now) -> int:
    return queue_priority(
        is_mutual=match.is_mutual, score=match.score, waiting_days=python_waiting_days(match, now)
    ).points


def messages_of(response) -> list:
    return list(get_messages(response.wsgi_request))


def with_codes(umkm, *codes: str):
    umkm.kbli_codes.set(KbliCode.objects.filter(code__in=codes))
    return umkm


def action(name: str, *matches, **data) -> dict:
    return {"action": name, ACTION_CHECKBOX_NAME: [match.pk for match in matches], **data}


def object_url(view: str, match: Match) -> str:
    return reverse(f"admin:partnerships_match_{view}", args=[match.pk])


# --- the order of the queue ----------------------------------------------------------------


def test_the_queue_is_in_the_order_of_queue_priority(client, official):
    umkm = make_umkm()
    generator = random.Random(2021)
    for _number in range(30):
        make_match(
            umkm,
            make_firm(),
            is_mutual=generator.random() < 0.3,
            score=generator.randint(0, 100),
            # Whole days plus some hours, so the day count cannot change during the test.
            waiting_days=generator.randint(0, 200) + generator.randint(2, 20) / 24,
        )
    client.force_login(official)
    shown = listed(client)
    now = timezone.now()
    expected = sorted(
        Match.objects.all(),
        key=lambda match: (-python_priority(match, now), match.matched_at, match.pk),
    )
    assert [match.pk for match in shown] == [match.pk for match in expected]
    assert [match.priority for match in shown] == [python_priority(m, now) for m in expected]


def test_ties_go_to_the_match_that_waited_longer(client, official):
    umkm = make_umkm()
    # 101 + 49 + 0, 0 + 90 + 60 and 0 + 100 + 50: all three stand at 150.
    fresh_mutual = make_match(umkm, make_firm(), is_mutual=True, score=49, waiting_days=0.1)
    oldest = make_match(umkm, make_firm(), score=90, waiting_days=60.1)
    high = make_match(umkm, make_firm(), score=100, waiting_days=50.2)
    client.force_login(official)
    assert listed(client) == [oldest, high, fresh_mutual]
    assert {match.priority for match in listed(client)} == {150}


def test_the_database_priority_equals_the_pure_function_for_many_matches():
    """The annotation the queue is ordered by and queue_priority agree, to the day, also at
    whole-day boundaries. SQLite's julianday counts whole milliseconds, so the boundaries
    are probed a millisecond either side (PostgreSQL would agree to the microsecond)."""
    umkm, firm = make_pair()
    now = timezone.now()
    generator = random.Random(18012021)
    offsets = [timedelta(days=day) for day in range(0, 400, 7)]  # exactly whole days
    offsets += [timedelta(days=day, milliseconds=1) for day in range(1, 60, 3)]
    offsets += [timedelta(days=day, milliseconds=-1) for day in range(1, 60, 3)]
    offsets += [
        timedelta(
            seconds=generator.randint(0, 400 * 86_400), microseconds=generator.randint(0, 999_999)
        )
        for _number in range(150)
    ]
    for offset in offsets:
        # Left the queue: the one-waiting-per-pair rule does not stop a pair from holding
        # many rows, and the formula does not look at the state.
        Match.objects.create(
            umkm=umkm,
            firm=firm,
            matched_at=now - offset,
            is_mutual=generator.random() < 0.5,
            score=generator.randint(0, 100),
            queue_state=QueueState.LEFT,
            left_at=now,
        )
    annotated = list(Match.objects.with_priority(now))
    assert len(annotated) == len(offsets)
    for match in annotated:
        assert match.waiting_days == python_waiting_days(match, now), match.matched_at
        assert match.priority == python_priority(match, now), match.matched_at
    ordered = list(Match.objects.by_priority(now).values_list("pk", flat=True))
    assert ordered == [
        match.pk
        for match in sorted(annotated, key=lambda m: (-python_priority(m, now), m.matched_at, m.pk))
    ]


# --- the columns --------------------------------------------------------------------------


def test_each_row_says_who_where_what_and_why_it_stands_where_it_does(client, official):
    umkm, firm = make_pair(KARAWANG, (BANDUNG, SEMARANG), name="Kopi Tanjung Pura")
    with_codes(umkm, "10761", "46206")
    need = make_need(firm, title="Pasokan kopi sangrai")
    match = make_match(umkm, firm, is_mutual=True, score=72, waiting_days=42.5)
    make_interest(umkm, firm, need=need, state=InterestState.ACCEPTED, match=match)
    Match.objects.filter(pk=match.pk).update(
        matched_at=timezone.now().replace(year=2021, month=1, day=18, hour=12)
    )
    client.force_login(official)
    [row] = listed(client)
    model_admin = client.get(QUEUE).context["cl"].model_admin
    assert model_admin.umkm_province(row) == "Jawa Barat"
    assert model_admin.firm_provinces(row) == "Jawa Barat, Jawa Tengah"
    assert model_admin.matched_on(row) == "Pasokan kopi sangrai"
    assert model_admin.sector(row) == "C · 10 Industri Makanan"
    assert model_admin.waiting_since(row) == "18 Januari 2021"
    html = client.get(QUEUE).content.decode()
    assert "Kopi Tanjung Pura" in html
    assert "18 Januari 2021" in html
    assert f"<strong>{row.priority}</strong>" in html
    with translation.override("en"):
        explained = model_admin.priority_explained(row)
    assert explained.startswith(f"<strong>{row.priority}</strong>: both sides reached out;")
    assert f"match score 72; waiting {row.waiting_days} days" in explained


def test_a_match_on_interest_in_general_and_an_umkm_without_codes_say_so(client, official):
    make_match()
    client.force_login(official)
    response = client.get(QUEUE)
    [row] = response.context["cl"].result_list
    model_admin = response.context["cl"].model_admin
    with translation.override("en"):
        assert model_admin.matched_on(row) == "interest in general"
    assert model_admin.sector(row) is None  # the admin's empty value


def test_the_priority_column_sorts_both_ways(client, official):
    umkm = make_umkm()
    low = make_match(umkm, make_firm(), score=10)
    high = make_match(umkm, make_firm(), score=90)
    client.force_login(official)
    response = client.get(QUEUE)
    column = response.context["cl"].list_display.index("priority_explained")
    assert listed(client, o=f"-{column}") == [high, low]
    assert listed(client, o=str(column)) == [low, high]


# --- the filters --------------------------------------------------------------------------


@pytest.fixture
def queue():
    """Waiting matches in and around Jawa Barat, with every kind of filterable difference,
    and two that no longer wait."""
    made = {}
    umkm_bandung = with_codes(make_umkm(regency=regency(BANDUNG)), "10792", "10761")
    umkm_semarang = with_codes(make_umkm(regency=regency(SEMARANG)), "01131")
    umkm_surabaya = with_codes(make_umkm(regency=regency(SURABAYA)), "46206", "10773")
    firm_bandung = make_firm(locations=[BANDUNG], name="PT Bandung Makmur")
    firm_karawang_semarang = make_firm(locations=[KARAWANG, SEMARANG], name="PT Dua Kota")
    firm_surabaya = make_firm(locations=[SURABAYA], name="PT Surabaya Jaya")
    made["here"] = make_match(umkm_bandung, firm_bandung, score=85, waiting_days=2.5)
    made["umkm_here"] = make_match(umkm_bandung, firm_surabaya, score=65, waiting_days=10.5)
    made["firm_here"] = make_match(
        umkm_semarang, firm_karawang_semarang, score=45, is_mutual=True, waiting_days=40.5
    )
    made["there"] = make_match(umkm_surabaya, firm_surabaya, score=20, waiting_days=120.5)
    made["met"] = make_match(
        umkm_surabaya, firm_bandung, queue_state=QueueState.MET_DIRECTLY, waiting_days=5
    )
    made["left"] = make_match(
        umkm_semarang, firm_bandung, queue_state=QueueState.LEFT, left_reason="Pindah usaha"
    )
    return made


WAITING = ("here", "umkm_here", "firm_here", "there")


def names(queue, rows) -> set[str]:
    by_pk = {match.pk: name for name, match in queue.items()}
    return {by_pk[row.pk] for row in rows}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, set(WAITING)),
        ({"queue": QueueState.WAITING}, set(WAITING)),
        ({"queue": QueueState.MET_DIRECTLY}, {"met"}),
        ({"queue": QueueState.LEFT}, {"left"}),
        ({"queue": "all"}, {*WAITING, "met", "left"}),
        ({"province": "32"}, {"here", "umkm_here", "firm_here"}),
        ({"province": "33"}, {"firm_here"}),
        ({"province": "35"}, {"umkm_here", "there"}),
        ({"province": "35", "queue": "all"}, {"umkm_here", "there", "met"}),
        ({"sector": "C"}, {"here", "umkm_here", "there"}),
        ({"sector": "A"}, {"firm_here"}),
        ({"sector": "G"}, {"there"}),
        ({"sector": "F"}, set()),
        ({"waiting": "week"}, {"here"}),
        ({"waiting": "weeks"}, {"umkm_here"}),
        ({"waiting": "months"}, {"firm_here"}),
        ({"waiting": "long"}, {"there"}),
        ({"score": "80"}, {"here"}),
        ({"score": "60"}, {"umkm_here"}),
        ({"score": "40"}, {"firm_here"}),
        ({"score": "0"}, {"there"}),
        ({"is_mutual__exact": "1"}, {"firm_here"}),
        ({"is_mutual__exact": "0"}, {"here", "umkm_here", "there"}),
        ({"province": "32", "sector": "C", "score": "60"}, {"umkm_here"}),
        ({"q": "Dua Kota"}, {"firm_here"}),
        ({"q": "Surabaya Jaya"}, {"umkm_here", "there"}),
    ],
)
def test_each_filter_returns_exactly_its_rows(client, official, queue, params, expected):
    client.force_login(official)
    rows = listed(client, **params)
    assert names(queue, rows) == expected
    assert len(rows) == len(expected)  # no row twice


def test_the_sector_filter_lists_a_match_once_when_several_codes_fit(client, official, queue):
    client.force_login(official)
    # The Bandung UMKM has two codes in section C.
    rows = listed(client, sector="C", province="32")
    assert sorted(row.pk for row in rows) == sorted([queue["here"].pk, queue["umkm_here"].pk])


@pytest.mark.parametrize(
    "params",
    [
        {"province": "99"},
        {"province": "9" * 400},
        {"province": "3\x002"},
        {"sector": "CC"},
        {"sector": "\x00"},
        {"waiting": "forever"},
        {"score": "-1"},
        {"queue": "nonsense"},
        {"o": "abc"},
    ],
)
def test_a_value_no_filter_offers_is_ignored_never_a_server_error(client, official, queue, params):
    client.force_login(official)
    response = client.get(QUEUE, params)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert names(queue, response.context["cl"].result_list) == set(WAITING)


def test_a_regional_official_is_offered_only_their_provinces(client, queue):
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
    response = client.get(QUEUE)
    [province_filter] = [
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "province"
    ]
    assert [code for code, _name in province_filter.lookup_choices] == ["32"]
    # Asking for another province gives their own queue, unfiltered.
    assert names(queue, listed(client, province="35")) == {"here", "umkm_here", "firm_here"}


# --- the two decisions --------------------------------------------------------------------


def test_taking_a_match_out_of_the_queue_asks_for_a_reason_first(client, official):
    match = make_match()
    client.force_login(official)
    response = client.post(QUEUE, action("take_out_of_queue", match))
    assert response.status_code == 200
    assert response.templates[0].name == "admin/partnerships/match/leave_queue_confirmation.html"
    response = client.post(QUEUE, action("take_out_of_queue", match, post="yes", reason="  "))
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    match.refresh_from_db()
    assert match.queue_state == QueueState.WAITING


def test_taking_matches_out_with_a_reason_records_who_when_and_why(client, official):
    first, second = make_match(), make_match()
    client.force_login(official)
    response = client.post(
        QUEUE,
        action("take_out_of_queue", first, second, post="yes", reason="Sudah bermitra sejak 2020"),
    )
    assert response.status_code == 302
    for match in (first, second):
        match.refresh_from_db()
        assert match.queue_state == QueueState.LEFT
        assert match.left_by == official
        assert match.left_reason == "Sudah bermitra sejak 2020"
        assert match.left_at is not None
        entry = LogEntry.objects.get(object_id=str(match.pk), action_flag=CHANGE)
        assert entry.user == official
        assert "Sudah bermitra sejak 2020" in entry.change_message
    assert [message.level for message in messages_of(response)] == [SUCCESS]


def test_marking_met_directly_needs_no_reason(client, official):
    match = make_match()
    client.force_login(official)
    response = client.post(QUEUE, action("mark_met_directly", match, post="yes", reason=""))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.queue_state == QueueState.MET_DIRECTLY
    assert match.left_by == official
    assert match.left_reason == ""


def test_the_change_page_offers_both_decisions_for_a_waiting_match(client, official):
    match = make_match()
    client.force_login(official)
    response = client.get(reverse("admin:partnerships_match_change", args=[match.pk]))
    html = response.content.decode()
    assert object_url("met_directly", match) in html
    assert object_url("leave_queue", match) in html
    # Read only: nothing to save.
    assert 'name="_save"' not in html
    assert not response.context["has_change_permission"]


def test_the_change_page_button_asks_then_takes_the_match_out(client, official):
    match = make_match()
    client.force_login(official)
    url = object_url("met_directly", match)
    page = client.get(url)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/partnerships/match/met_directly_confirmation.html"
    match.refresh_from_db()
    assert match.queue_state == QueueState.WAITING
    response = client.post(url, {"post": "yes", "reason": "Bertemu di pameran Karawang"})
    assert response.status_code == 302
    assert response.url == reverse("admin:partnerships_match_change", args=[match.pk])
    match.refresh_from_db()
    assert match.queue_state == QueueState.MET_DIRECTLY
    assert match.left_reason == "Bertemu di pameran Karawang"
    assert match.left_by == official


def test_the_leave_button_takes_the_reason_through_the_service(client, official):
    match = make_match()
    client.force_login(official)
    url = object_url("leave_queue", match)
    response = client.post(url, {"post": "yes", "reason": "x" * 501})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    response = client.post(url, {"post": "yes", "reason": "Usaha tutup"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.queue_state, match.left_reason) == (QueueState.LEFT, "Usaha tutup")


@pytest.mark.parametrize("state", [QueueState.LEFT, QueueState.MET_DIRECTLY])
def test_a_match_no_longer_waiting_is_refused_with_a_message(client, official, state):
    match = make_match(queue_state=state, left_reason="Sudah selesai")
    before = Match.objects.values().get(pk=match.pk)
    client.force_login(official)
    page = client.get(reverse("admin:partnerships_match_change", args=[match.pk]))
    assert object_url("leave_queue", match) not in page.content.decode()
    for view in ("leave_queue", "met_directly"):
        response = client.post(object_url(view, match), {"post": "yes", "reason": "Lagi"})
        assert response.status_code == 302
        assert response.url == reverse("admin:partnerships_match_change", args=[match.pk])
        [message] = messages_of(client.get(response.url))
        assert message.level == ERROR
        assert str(match) in message.message
    response = client.post(
        QUEUE + "?queue=all",
        action("take_out_of_queue", match, post="yes", reason="Lagi"),
        follow=True,
    )
    assert [message.level for message in response.context["messages"]] == [ERROR]
    assert Match.objects.values().get(pk=match.pk) == before
    assert not LogEntry.objects.exists()


def test_a_match_another_official_took_out_after_the_list_was_shown_is_refused(client, official):
    match = make_match()
    client.force_login(official)
    page = client.post(QUEUE, action("take_out_of_queue", match))
    assert page.status_code == 200
    # Between the confirmation page and the answer, another official decided; the match
    # has left the (waiting) queue the form posts back to.
    Match.objects.filter(pk=match.pk).update(
        queue_state=QueueState.MET_DIRECTLY, left_at=timezone.now()
    )
    response = client.post(
        QUEUE, action("take_out_of_queue", match, post="yes", reason="Tidak jadi"), follow=True
    )
    assert [message.level for message in response.context["messages"]] == [ERROR]
    match.refresh_from_db()
    assert (match.queue_state, match.left_reason) == (QueueState.MET_DIRECTLY, "")


def test_the_service_has_the_last_word_when_two_officials_race(client, official):
    match = make_match()
    stale = Match.objects.get(pk=match.pk)  # read while it still waited
    Match.objects.filter(pk=match.pk).update(queue_state=QueueState.LEFT, left_at=timezone.now())
    client.force_login(official)
    with mock.patch.object(MatchAdmin, "get_object", return_value=stale):
        response = client.post(
            object_url("met_directly", match), {"post": "yes", "reason": ""}, follow=True
        )
    [message] = response.context["messages"]
    assert message.level == ERROR
    match.refresh_from_db()
    assert match.queue_state == QueueState.LEFT
    assert not LogEntry.objects.exists()


def test_nobody_adds_or_deletes_a_match_here(client, official):
    match = make_match()
    client.force_login(official)
    assert client.get(reverse("admin:partnerships_match_add")).status_code == 403
    delete = reverse("admin:partnerships_match_delete", args=[match.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(QUEUE, action("delete_selected", match, post="yes"))
    assert Match.objects.filter(pk=match.pk).exists()
    assert response.status_code in (200, 302, 403)


def test_deleting_an_umkm_takes_its_matches_and_interests_with_it_for_a_central_official(client):
    umkm, firm = make_pair()
    match = make_match(umkm, firm)
    make_interest(umkm, firm, state=InterestState.ACCEPTED, match=match)
    make_interest(umkm, make_firm())
    client.force_login(make_official(OfficialRole.CENTRAL))
    page = client.get(reverse("admin:partnerships_match_change", args=[match.pk]))
    assert reverse("admin:partnerships_match_delete", args=[match.pk]) not in (
        page.content.decode()
    )
    url = reverse("admin:partnerships_umkm_delete", args=[umkm.pk])
    confirmation = client.get(url)
    assert confirmation.status_code == 200
    assert not confirmation.context["perms_lacking"]
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Match.objects.exists()
    assert not Interest.objects.exists()


def test_a_match_change_page_cannot_be_posted_to(client, official):
    match = make_match(score=40)
    client.force_login(official)
    url = reverse("admin:partnerships_match_change", args=[match.pk])
    response = client.post(url, {"score": "100", "queue_state": QueueState.LEFT})
    assert response.status_code == 403
    match.refresh_from_db()
    assert (match.score, match.queue_state) == (40, QueueState.WAITING)


@pytest.mark.parametrize("object_id", ["abc", "9" * 30, "0", "1\x00"])
def test_hostile_ids_are_never_a_server_error(client, official, object_id):
    client.force_login(official)
    for view in ("change", "met_directly", "leave_queue"):
        url = reverse(f"admin:partnerships_match_{view}", args=["1"]).replace(
            "/1/", f"/{object_id}/"
        )
        response = client.post(url, {"post": "yes", "reason": "x"})
        assert response.status_code in (302, 403, 404)


# --- who may see and act --------------------------------------------------------------------


@pytest.fixture
def pairs():
    """A match of Jawa Barat (the UMKM in Bandung), one of a firm operating in Karawang with
    an UMKM of Semarang, and one wholly in Jawa Timur."""
    return {
        "umkm_here": make_match(*make_pair(BANDUNG, (SURABAYA,))),
        "firm_here": make_match(*make_pair(SEMARANG, (KARAWANG,))),
        "elsewhere": make_match(*make_pair(SURABAYA, (SURABAYA,))),
    }


def test_a_regional_official_sees_only_the_matches_of_their_provinces(client, pairs):
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
    assert pks(listed(client)) == {pairs["umkm_here"].pk, pairs["firm_here"].pk}
    for name in ("umkm_here", "firm_here"):
        page = client.get(reverse("admin:partnerships_match_change", args=[pairs[name].pk]))
        assert page.status_code == 200
        assert object_url("leave_queue", pairs[name]) in page.content.decode()


def test_a_match_outside_the_provinces_is_a_404_wherever_it_is_reached(client, pairs):
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    client.force_login(regional)
    elsewhere = pairs["elsewhere"]
    for view in ("change", "history", "met_directly", "leave_queue"):
        response = client.get(reverse(f"admin:partnerships_match_{view}", args=[elsewhere.pk]))
        assert response.status_code == 404, view
    response = client.post(object_url("leave_queue", elsewhere), {"post": "yes", "reason": "x"})
    assert response.status_code == 404
    response = client.post(
        QUEUE,
        action("take_out_of_queue", pairs["umkm_here"], elsewhere, post="yes", reason="x"),
    )
    assert response.status_code == 404
    assert set(Match.objects.values_list("queue_state", flat=True)) == {QueueState.WAITING}


def test_a_regional_official_takes_a_match_of_their_province_out(client, pairs):
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    client.force_login(regional)
    match = pairs["firm_here"]
    response = client.post(object_url("leave_queue", match), {"post": "yes", "reason": "Batal"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.queue_state, match.left_by) == (QueueState.LEFT, regional)


def test_an_auditor_reads_the_queue_but_cannot_act(client, pairs):
    client.force_login(make_official(OfficialRole.AUDITOR))
    assert pks(listed(client)) == {match.pk for match in pairs.values()}
    match = pairs["umkm_here"]
    page = client.get(reverse("admin:partnerships_match_change", args=[match.pk]))
    assert page.status_code == 200
    assert object_url("leave_queue", match) not in page.content.decode()
    for view in ("met_directly", "leave_queue"):
        assert client.get(object_url(view, match)).status_code == 403
        assert (
            client.post(object_url(view, match), {"post": "yes", "reason": "x"}).status_code == 403
        )
    for name in ("mark_met_directly", "take_out_of_queue"):
        response = client.post(QUEUE, action(name, match, post="yes", reason="x"))
        assert response.status_code == 403
    assert set(Match.objects.values_list("queue_state", flat=True)) == {QueueState.WAITING}


def test_a_staff_member_without_a_role_sees_nothing(client, pairs):
    from tests.partnerships.factories import make_user

    client.force_login(make_user(is_staff=True))
    assert client.get(QUEUE).status_code == 403
    match = pairs["umkm_here"]
    assert client.get(object_url("leave_queue", match)).status_code == 404


# --- a fixed number of queries ---------------------------------------------------------------


def make_busy_queue(count: int) -> None:
    for number in range(count):
        umkm, firm = make_pair(BANDUNG, (KARAWANG, SEMARANG))
        with_codes(umkm, "10792", "46206")
        need = make_need(firm)
        match = make_match(umkm, firm, score=number % 100, waiting_days=number + 0.5)
        make_interest(umkm, firm, need=need, state=InterestState.ACCEPTED, match=match)
        make_interest(
            umkm,
            firm,
            direction=InterestDirection.FROM_UMKM,
            state=InterestState.ACCEPTED,
            match=match,
        )


@pytest.mark.parametrize("role", ["superuser", OfficialRole.REGIONAL])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, official, role, django_assert_num_queries
):
    user = official if role == "superuser" else make_official(role, provinces=["32"])
    client.force_login(user)
    expected = 8 if role == "superuser" else 12
    make_busy_queue(5)
    with django_assert_num_queries(expected):
        assert len(client.get(QUEUE).context["cl"].result_list) == 5
    make_busy_queue(45)
    with django_assert_num_queries(expected):
        assert len(client.get(QUEUE).context["cl"].result_list) == 50


# --- interests ----------------------------------------------------------------------------


@pytest.fixture
def interests():
    umkm, firm = make_pair(BANDUNG, (BANDUNG,), name="Batik Sekar Jagad")
    other_umkm, other_firm = make_pair(SURABAYA, (SURABAYA,))
    need = make_need(firm, title="Seragam batik karyawan")
    return {
        "open": make_interest(umkm, firm, need=need, expires_in_days=10),
        "expiring": make_interest(
            umkm, other_firm, direction=InterestDirection.FROM_UMKM, expires_in_days=2
        ),
        "overdue": make_interest(other_umkm, firm, sent_days_ago=15, expires_in_days=-1),
        "declined": make_interest(other_umkm, other_firm, state=InterestState.DECLINED),
        "accepted": make_interest(umkm, firm, state=InterestState.ACCEPTED),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"open", "expiring", "overdue", "declined", "accepted"}),
        ({"state__exact": InterestState.PENDING}, {"open", "expiring", "overdue"}),
        ({"answer": "open"}, {"open", "expiring"}),
        ({"answer": "expiring"}, {"expiring"}),
        ({"answer": "overdue"}, {"overdue"}),
        ({"answer": "\x00"}, {"open", "expiring", "overdue", "declined", "accepted"}),
        ({"direction__exact": InterestDirection.FROM_UMKM}, {"expiring"}),
        ({"q": "Seragam batik"}, {"open"}),
        ({"q": "Sekar Jagad"}, {"open", "expiring", "accepted"}),
    ],
)
def test_the_interest_filters_return_exactly_their_rows(
    client, official, interests, params, expected
):
    client.force_login(official)
    rows = listed(client, INTERESTS, **params)
    by_pk = {interest.pk: name for name, interest in interests.items()}
    assert {by_pk[row.pk] for row in rows} == expected
    assert len(rows) == len(expected)


def test_interests_are_read_not_answered_or_changed_by_officials(client, official, interests):
    interest = interests["open"]
    client.force_login(official)
    url = reverse("admin:partnerships_interest_change", args=[interest.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(url, {"state": InterestState.ACCEPTED, "message": "x"})
    assert response.status_code == 403
    assert client.get(reverse("admin:partnerships_interest_add")).status_code == 403
    delete = reverse("admin:partnerships_interest_delete", args=[interest.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    interest.refresh_from_db()
    assert interest.state == InterestState.PENDING
    assert Interest.objects.count() == 5


def test_a_regional_official_reads_only_the_interests_of_their_provinces(client, interests):
    client.force_login(make_official(OfficialRole.REGIONAL, provinces=["32"]))
    assert pks(listed(client, INTERESTS)) == {
        interests[name].pk for name in ("open", "expiring", "overdue", "accepted")
    }
    declined = interests["declined"]
    url = reverse("admin:partnerships_interest_change", args=[declined.pk])
    assert client.get(url).status_code == 404


def test_the_interest_list_runs_a_fixed_number_of_queries(
    client, official, django_assert_max_num_queries
):
    client.force_login(official)
    umkm, firm = make_pair()
    make_interest(umkm, firm)
    with django_assert_max_num_queries(8) as small:
        client.get(INTERESTS)
    for _number in range(10):
        make_interest(*make_pair(), need=make_need())
    with django_assert_max_num_queries(8) as large:
        client.get(INTERESTS)
    assert len(small.captured_queries) == len(large.captured_queries)


# --- the programme settings ---------------------------------------------------------------


def settings_url() -> str:
    return reverse("admin:partnerships_programmesettings_change", args=[1])


def test_the_settings_list_is_the_one_row(client, official):
    client.force_login(official)
    response = client.get(SETTINGS_LIST)
    assert response.status_code == 302
    assert response.url == settings_url()
    assert client.get(response.url).status_code == 200
    assert ProgrammeSettings.objects.count() == 1


def test_the_settings_are_changed_within_their_rules(client, official):
    client.force_login(official)
    response = client.post(
        settings_url(),
        {"interest_validity_days": "21", "interest_reminder_days": "5", "_save": "Simpan"},
    )
    assert response.status_code == 302
    current = ProgrammeSettings.current()
    assert (current.interest_validity_days, current.interest_reminder_days) == (21, 5)


@pytest.mark.parametrize(("validity", "reminder"), [("10", "10"), ("10", "12"), ("2", "5")])
def test_a_reminder_not_before_expiry_is_refused_beside_the_field(
    client, official, validity, reminder
):
    client.force_login(official)
    response = client.post(
        settings_url(), {"interest_validity_days": validity, "interest_reminder_days": reminder}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    [error] = form.errors.as_data()["interest_reminder_days"]
    assert error.code == "reminder_not_before_expiry"
    assert not form.non_field_errors()
    with translation.override("en"):
        assert f"fewer days than an interest waits for an answer ({validity})" in error.messages[0]
    current = ProgrammeSettings.current()
    assert (current.interest_validity_days, current.interest_reminder_days) == (14, 3)


@pytest.mark.parametrize("validity", ["1", "91", "abc", "9" * 30])
def test_a_validity_out_of_range_is_refused(client, official, validity):
    client.force_login(official)
    response = client.post(
        settings_url(), {"interest_validity_days": validity, "interest_reminder_days": "1"}
    )
    assert response.status_code == 200
    assert "interest_validity_days" in response.context["adminform"].form.errors
    assert ProgrammeSettings.current().interest_validity_days == 14


def test_nobody_adds_or_deletes_the_settings(client, official):
    client.force_login(official)
    ProgrammeSettings.current()
    assert client.get(reverse("admin:partnerships_programmesettings_add")).status_code == 403
    delete = reverse("admin:partnerships_programmesettings_delete", args=[1])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ProgrammeSettings.objects.count() == 1


def test_a_regional_official_neither_sees_nor_changes_the_national_settings(client):
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    # Even with the permissions in hand, the settings are national.
    from django.contrib.auth.models import Permission

    regional.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_programmesettings", "change_programmesettings"]
        )
    )
    client.force_login(regional)
    assert client.get(SETTINGS_LIST).status_code == 403
    assert client.get(settings_url()).status_code == 403
    response = client.post(
        settings_url(), {"interest_validity_days": "30", "interest_reminder_days": "2"}
    )
    assert response.status_code == 403
    assert ProgrammeSettings.current().interest_validity_days == 14
    index = client.get(reverse("admin:index")).content.decode()
    assert SETTINGS_LIST not in index


def test_an_auditor_reads_the_settings_and_cannot_change_them(client):
    client.force_login(make_official(OfficialRole.AUDITOR))
    page = client.get(settings_url())
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        settings_url(), {"interest_validity_days": "30", "interest_reminder_days": "2"}
    )
    assert response.status_code == 403
    assert ProgrammeSettings.current().interest_validity_days == 14


def test_firms_in_the_queue_are_not_duplicated_by_their_many_sites(client, official):
    umkm = make_umkm(regency=regency(BANDUNG))
    firm = make_firm(locations=[BANDUNG, KARAWANG, "3201", "3204"])
    make_match(umkm, firm)
    client.force_login(official)
    assert len(listed(client, province="32")) == 1
    assert Firm.objects.count() == 1
