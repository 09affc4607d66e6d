"""The "Send reminders" page and the read-only record of reminders, in the official's scope."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partnerships.admin import reminders as reminder_admin
from partnerships.models import Reminder, ReminderKind, VerificationState
from partnerships.officials import OfficialRole
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_representative,
    make_umkm,
    regency,
)

pytestmark = pytest.mark.django_db

SEND = reverse("admin:partnerships_reminder_send")
CHANGELIST = reverse("admin:partnerships_reminder_changelist")


def make_drafts(count: int, place: str = "3273"):
    return [make_umkm(state=VerificationState.DRAFT, regency=regency(place)) for _ in range(count)]


def remind(person, official):
    today = timezone.localdate()
    return Reminder.objects.create(
        recipient=person,
        kind=ReminderKind.INCOMPLETE_PROFILE,
        sent_at=timezone.now(),
        sent_on=today,
        sent_by=official,
    )


def test_the_page_lists_who_would_get_a_reminder_and_why(client, official):
    [draft] = make_drafts(1)
    make_umkm(state=VerificationState.VERIFIED)
    client.force_login(official)
    response = client.get(SEND)
    assert response.status_code == 200
    assert response.context["recipients_count"] == 1
    html = response.content.decode()
    assert draft.owner.name in html
    assert draft.name in html
    assert "<caption>" in html
    assert 'method="post"' in html


def test_the_list_is_paginated_and_a_bad_page_number_is_no_error(client, official, monkeypatch):
    monkeypatch.setattr(reminder_admin, "RECIPIENTS_PER_PAGE", 2)
    make_drafts(3)
    client.force_login(official)
    assert len(client.get(SEND).context["page"].object_list) == 2
    assert client.get(SEND, {"page": "2"}).context["page"].number == 2
    for page in ("abc", "999999999999999999999", "\x00", "-1"):
        assert client.get(SEND, {"page": page}).status_code == 200


def test_posting_sends_the_reminders_and_shows_them_in_the_list(client, official):
    drafts = make_drafts(2)
    client.force_login(official)
    response = client.post(SEND, follow=True)
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert len(mail.outbox) == 2
    assert response.context["cl"].result_count == 2
    html = response.content.decode()
    for draft in drafts:
        assert draft.owner.name in html
    # Again the same day: nothing more goes out.
    client.post(SEND)
    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2


def test_the_changelist_links_to_the_send_page_and_the_dashboard_does_too(client, official):
    client.force_login(official)
    assert SEND in client.get(CHANGELIST).content.decode()
    assert SEND in client.get(reverse("admin:index")).content.decode()


def test_a_regional_official_sees_and_reminds_only_their_provinces(client, official):
    west_java = make_drafts(1, "3273")[0].owner
    jakarta = make_drafts(1, "3171")[0].owner
    firm_rep_in_west_java = make_firm(locations=["3215"])

    representative = make_representative(firm_rep_in_west_java).user
    for person in (west_java, jakarta, representative):
        remind(person, official)
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    client.force_login(regional)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    shown = {reminder.recipient_id for reminder in response.context["cl"].result_list}
    assert shown == {west_java.pk, representative.pk}
    Reminder.objects.all().delete()
    client.post(SEND)
    assert {reminder.recipient_id for reminder in Reminder.objects.all()} == {
        west_java.pk,
        representative.pk,
    }


def test_the_record_is_read_only(client, official):
    reminder = remind(make_drafts(1)[0].owner, official)
    client.force_login(official)
    change = reverse("admin:partnerships_reminder_change", args=[reminder.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()
    assert client.post(change, {"kind": "pending_interests"}).status_code == 403
    assert client.get(reverse("admin:partnerships_reminder_add")).status_code == 403
    delete = reverse("admin:partnerships_reminder_delete", args=[reminder.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Reminder.objects.get().kind == ReminderKind.INCOMPLETE_PROFILE


def test_an_auditor_may_read_the_record_but_not_send(client, official):
    make_drafts(1)
    auditor = make_official(OfficialRole.AUDITOR)
    client.force_login(auditor)
    assert client.get(SEND).status_code == 403
    assert client.post(SEND).status_code == 403
    assert mail.outbox == []
    assert not Reminder.objects.exists()
    assert SEND not in client.get(CHANGELIST).content.decode()


def test_staff_without_the_add_reminder_permission_are_refused(client):
    make_drafts(1)
    staff = make_official(OfficialRole.CENTRAL)
    staff.groups.clear()
    staff.user_permissions.add(
        Permission.objects.get(codename="view_reminder", content_type__app_label="partnerships")
    )
    client.force_login(staff)
    assert client.get(SEND).status_code == 403
    assert client.post(SEND).status_code == 403
    assert not Reminder.objects.exists()


def test_a_regional_official_may_send(client):
    make_drafts(1)
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    client.force_login(regional)
    assert client.get(SEND).status_code == 200
    client.post(SEND)
    assert len(mail.outbox) == 1


def test_other_methods_and_outsiders_are_refused_without_errors(client, official, umkm_owner):
    client.force_login(official)
    assert client.put(SEND).status_code == 405
    client.force_login(umkm_owner)
    assert client.get(SEND).status_code == 302  # to the admin's sign-in
    client.logout()
    assert client.post(SEND).status_code == 302


def test_the_changelist_runs_a_fixed_number_of_queries(
    client, official, django_assert_max_num_queries
):
    client.force_login(official)
    for draft in make_drafts(2):
        remind(draft.owner, official)
    with django_assert_max_num_queries(20) as small:
        client.get(CHANGELIST)
    for draft in make_drafts(10):
        remind(draft.owner, official)
    with django_assert_max_num_queries(20) as large:
        client.get(CHANGELIST)
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_send_page_runs_a_fixed_number_of_queries(
    client, official, django_assert_max_num_queries
):
    client.force_login(official)
    make_drafts(2)
    with django_assert_max_num_queries(20) as small:
        client.get(SEND)
    make_drafts(10)
    make_firm(locations=["3273"])
    with django_assert_max_num_queries(20) as large:
        client.get(SEND)
    assert len(small.captured_queries) == len(large.captured_queries)
