"""Reminders: who gets one, in whose scope, once a day at most, and what the e-mail says."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone, translation

from partnerships import notifications
from partnerships.models import (
    InterestDirection,
    InterestState,
    Reminder,
    ReminderKind,
    VerificationState,
)
from partnerships.officials import OfficialRole
from partnerships.services import reminders as reminders_module
from partnerships.services.reminders import (
    Situation,
    reminder_recipient_count,
    reminder_recipients,
    reminders_send,
)
from portal.accounts.models import Role
from tests.partnerships.factories import (
    make_firm,
    make_official,
    make_owner,
    make_representative,
    make_umkm,
    make_user,
    regency,
)
from tests.partnerships.factories_queue import make_interest, make_pair

pytestmark = pytest.mark.django_db

State = VerificationState


def signed_up_days_ago(user, days: int):
    type(user).objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days))
    return user


@pytest.fixture
def cast():
    """Someone in each situation, in Jawa Barat (Bandung) and in DKI Jakarta."""
    people = {
        "draft": make_umkm(state=State.DRAFT, regency=regency("3273")).owner,
        "rejected": make_umkm(state=State.REJECTED, regency=regency("3215")).owner,
        "jakarta_draft": make_umkm(state=State.DRAFT, regency=regency("3171")).owner,
        "submitted": make_umkm(state=State.SUBMITTED, regency=regency("3273")).owner,
        "verified": make_umkm(state=State.VERIFIED, regency=regency("3273")).owner,
        "firm_draft": make_representative(make_firm(locations=["3273"])).user,
        "jakarta_firm": make_representative(make_firm(locations=["3171"])).user,
        "no_umkm": signed_up_days_ago(make_owner(), 3),
        "no_umkm_new": make_owner(),
        "no_firm": signed_up_days_ago(make_user(role=Role.FIRM_REPRESENTATIVE), 3),
    }
    inactive = make_umkm(state=State.DRAFT, regency=regency("3273")).owner
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    unconfirmed = make_umkm(state=State.DRAFT, regency=regency("3273")).owner
    unconfirmed.emailaddress_set.update(verified=False)
    people["inactive"], people["unconfirmed"] = inactive, unconfirmed
    return people


def recipients_of(official) -> dict:
    return {recipient.user.pk: recipient for recipient in reminder_recipients(official=official)}


def test_a_central_official_reaches_everyone_with_an_unfinished_registration(official, cast):
    found = recipients_of(official)
    expected = ("draft", "rejected", "jakarta_draft", "firm_draft", "jakarta_firm")
    expected += ("no_umkm", "no_firm")
    assert set(found) == {cast[name].pk for name in expected}
    assert found[cast["draft"].pk].situation == Situation.UMKM_DRAFT
    assert found[cast["rejected"].pk].situation == Situation.UMKM_REJECTED
    assert found[cast["firm_draft"].pk].situation == Situation.FIRM_DRAFT
    assert found[cast["no_umkm"].pk].situation == Situation.NO_UMKM
    assert found[cast["no_firm"].pk].situation == Situation.NO_FIRM
    assert found[cast["no_umkm"].pk].profile is None
    assert {recipient.kind for recipient in found.values()} == {ReminderKind.INCOMPLETE_PROFILE}
    assert reminder_recipient_count(official=official) == len(found)


def test_a_regional_official_reaches_only_profiles_in_their_provinces(cast):
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    found = recipients_of(regional)
    # Nobody without a profile: they have no province yet.
    assert set(found) == {cast[name].pk for name in ("draft", "rejected", "firm_draft")}
    assert reminder_recipient_count(official=regional) == 3


def test_a_person_with_two_unfinished_profiles_is_listed_once(official):
    owner = make_umkm(state=State.DRAFT).owner
    make_representative(make_firm(locations=["3273"]), user=owner)
    assert [recipient.user for recipient in reminder_recipients(official=official)] == [owner]
    assert reminder_recipient_count(official=official) == 1


def test_it_sends_one_message_per_person_and_records_it(official, cast):
    sent = reminders_send(official=official)
    assert sent == 7
    assert len(mail.outbox) == 7
    assert sorted(len(message.to) for message in mail.outbox) == [1] * 7
    reminders = Reminder.objects.all()
    assert reminders.count() == 7
    today = timezone.localdate()
    for reminder in reminders:
        assert reminder.sent_on == today
        assert reminder.sent_by == official
        assert reminder.kind == ReminderKind.INCOMPLETE_PROFILE
        assert reminder.sent_at is not None


def test_nobody_is_reminded_twice_in_a_day(official, cast):
    assert reminders_send(official=official) == 7
    mail.outbox.clear()
    assert reminder_recipients(official=official) == []
    assert reminders_send(official=official) == 0
    assert mail.outbox == []
    other = make_official(OfficialRole.CENTRAL)
    assert reminders_send(official=other) == 0
    assert Reminder.objects.count() == 7


def test_a_list_taken_before_another_official_sent_is_skipped_person_by_person(official, cast):
    stale = reminder_recipients(official=official)
    other = make_official(OfficialRole.CENTRAL)
    assert reminders_send(official=other, recipients=stale[:3]) == 3
    mail.outbox.clear()
    # The race: the same people again from a list read before the others were reminded.
    assert reminders_send(official=official, recipients=stale) == len(stale) - 3
    assert len(mail.outbox) == len(stale) - 3
    assert Reminder.objects.filter(sent_by=official).count() == len(stale) - 3


def test_a_failed_insert_skips_that_person_and_keeps_the_others(official, cast):
    recipients = reminder_recipients(official=official)[:2]
    real_create = Reminder.objects.create
    calls = []

    def create_racing(**fields):
        calls.append(fields["recipient"])
        if len(calls) == 1:
            raise IntegrityError("partnerships_reminder_once_a_day")
        return real_create(**fields)

    with mock.patch.object(Reminder.objects, "create", side_effect=create_racing):
        assert reminders_send(official=official, recipients=recipients) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [recipients[1].user.email]


def test_a_message_the_mail_server_refuses_leaves_no_record(official, cast):
    recipients = reminder_recipients(official=official)[:1]
    with mock.patch.object(notifications, "send_mail", side_effect=OSError("refused")):
        assert reminders_send(official=official, recipients=recipients) == 0
    assert not Reminder.objects.exists()


def test_yesterdays_reminder_does_not_stop_todays(official):
    owner = make_umkm(state=State.DRAFT).owner
    yesterday = timezone.now() - timedelta(days=1)
    Reminder.objects.create(
        recipient=owner,
        kind=ReminderKind.INCOMPLETE_PROFILE,
        sent_at=yesterday,
        sent_on=timezone.localdate(yesterday),
        sent_by=official,
    )
    assert reminders_send(official=official) == 1


def test_the_email_says_what_to_do_in_indonesian_with_the_dashboard_link(official, settings):
    umkm = make_umkm(state=State.REJECTED, name="Batik Sekar Jagad")
    settings.SITE_URL = "https://kemitraan.example"
    with translation.override("en"):  # the official works in English
        reminders_send(official=official)
    [message] = mail.outbox
    assert message.to == [umkm.owner.email]
    assert "Batik Sekar Jagad" in message.subject
    assert umkm.rejection_reason in message.body
    # The portal's language (Indonesian): the link has no /en/ prefix.
    assert "https://kemitraan.example/dashboard/" in message.body
    assert "/en/" not in message.body
    assert "&#x27;" not in message.body
    assert "&amp;" not in message.body


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("draft", "not finished yet"),
        ("firm_draft", "post partnership needs"),
        ("no_umkm", "have not registered your business"),
        ("no_firm", "have not registered your firm"),
    ],
)
def test_each_situation_has_its_own_message(official, cast, name, words, settings):
    settings.LANGUAGE_CODE = "en"  # the English source text, whatever the translations say
    [recipient] = [r for r in reminder_recipients(official=official) if r.user == cast[name]]
    reminders_module._send(recipient)
    [message] = mail.outbox
    assert words in message.body
    assert message.subject.strip()
    assert "\n" not in message.subject


def test_only_officials_with_the_reminder_permission_may_send(cast):
    auditor = make_official(OfficialRole.AUDITOR)
    with pytest.raises(PermissionDenied):
        reminders_send(official=auditor)
    assert not Reminder.objects.exists()
    assert mail.outbox == []


# --- interests waiting for an answer ---------------------------------------------------------


@pytest.fixture
def waiting():
    """People with interests to answer, in Jawa Barat and in DKI Jakarta, and interests that
    wait for nobody's answer any more (answered, past expiry) or for the other side's."""
    bandung_umkm, bandung_firm = make_pair("3273", ("3273",), name="Batik Sekar Jagad")
    jakarta_umkm, jakarta_firm = make_pair("3171", ("3171",))
    representatives = [make_representative(bandung_firm).user for _person in range(2)]
    jakarta_representatives = [make_representative(jakarta_firm).user]
    for firm in (make_firm(locations=["3578"]), make_firm(locations=["3578"])):
        make_interest(bandung_umkm, firm)  # two for the Bandung owner to answer
    make_interest(bandung_umkm, bandung_firm, direction=InterestDirection.FROM_UMKM)
    make_interest(jakarta_umkm, make_firm(locations=["3578"]))
    # A Bandung UMKM's interest in a Jakarta firm: the Jakarta firm's people answer it.
    make_interest(
        make_pair("3273", ("3273",))[0], jakarta_firm, direction=InterestDirection.FROM_UMKM
    )
    # Nobody's to answer: declined, withdrawn, past expiry.
    quiet_umkm = make_pair("3273", ("3273",))[0]
    make_interest(quiet_umkm, make_firm(), state=InterestState.DECLINED)
    make_interest(quiet_umkm, make_firm(), state=InterestState.WITHDRAWN)
    make_interest(quiet_umkm, make_firm(), sent_days_ago=20, expires_in_days=-1)
    return {
        "owner": bandung_umkm.owner,
        "umkm": bandung_umkm,
        "representatives": representatives,
        "firm": bandung_firm,
        "jakarta_owner": jakarta_umkm.owner,
        "jakarta_representatives": jakarta_representatives,
        "quiet_owner": quiet_umkm.owner,
    }


def test_receivers_of_interests_are_reminded_with_how_many_wait(official, waiting):
    found = recipients_of(official)
    owner = found[waiting["owner"].pk]
    assert owner.kind == ReminderKind.PENDING_INTERESTS
    assert owner.situation == Situation.PENDING_INTERESTS
    assert owner.pending_interests == 2
    assert owner.profile == waiting["umkm"]
    with translation.override("en"):
        assert owner.reason == "2 interests waiting for an answer"
    for person in waiting["representatives"]:
        representative = found[person.pk]
        assert (representative.pending_interests, representative.profile) == (1, waiting["firm"])
    with translation.override("en"):
        assert representative.reason == "1 interest waiting for an answer"
    for person in waiting["jakarta_representatives"] + [waiting["jakarta_owner"]]:
        assert found[person.pk].pending_interests == 1
    # The sender of a pending interest waits; the quiet owner has nothing to answer.
    assert waiting["quiet_owner"].pk not in found
    assert reminder_recipient_count(official=official) == len(found)


def test_a_regional_official_reminds_the_receivers_in_their_provinces(waiting):
    regional = make_official(OfficialRole.REGIONAL, provinces=["32"])
    found = recipients_of(regional)
    expected = {waiting["owner"].pk, *(user.pk for user in waiting["representatives"])}
    # Not the Jakarta people, even for an interest a Bandung UMKM sent them.
    assert set(found) == expected
    assert reminder_recipient_count(official=regional) == len(expected)


def test_a_person_with_interests_and_an_unfinished_registration_gets_one_message(official):
    umkm, firm = make_pair("3273", ("3273",))
    make_interest(umkm, firm)
    # The owner also represents a firm still in draft.
    make_representative(make_firm(locations=["3273"]), user=umkm.owner)
    [recipient] = [r for r in reminder_recipients(official=official) if r.user == umkm.owner]
    assert recipient.kind == ReminderKind.PENDING_INTERESTS
    assert recipient.situation == Situation.FIRM_DRAFT
    assert recipient.pending_interests == 1
    assert recipient.profile == umkm  # what the interests are about
    with translation.override("en"):
        assert recipient.reason == (
            "1 interest waiting for an answer; firm profile not yet submitted"
        )
    assert reminder_recipient_count(official=official) == 1
    assert reminders_send(official=official) == 1
    assert [message.to for message in mail.outbox] == [[umkm.owner.email]]
    assert Reminder.objects.get(recipient=umkm.owner).kind == ReminderKind.PENDING_INTERESTS


def test_someone_answering_for_their_umkm_and_their_firm_gets_one_count(official, settings):
    settings.LANGUAGE_CODE = "en"
    umkm, firm = make_pair("3273", ("3273",))
    make_interest(umkm, make_firm())
    make_representative(firm, user=umkm.owner)
    make_interest(make_pair()[0], firm, direction=InterestDirection.FROM_UMKM)
    make_interest(make_pair()[0], firm, direction=InterestDirection.FROM_UMKM)
    [recipient] = [r for r in reminder_recipients(official=official) if r.user == umkm.owner]
    assert (recipient.pending_interests, recipient.profile) == (3, None)
    reminders_module._send(recipient)
    [message] = mail.outbox
    assert message.body.split("\n")[2].startswith("3 expressions of interest on the Kemitraan")


def test_interest_reminders_are_sent_once_a_day_with_the_rest(official, waiting):
    expected = len(reminder_recipients(official=official))
    assert reminders_send(official=official) == expected
    assert Reminder.objects.filter(kind=ReminderKind.PENDING_INTERESTS).count() == expected
    assert reminder_recipients(official=official) == []
    assert reminders_send(official=make_official(OfficialRole.CENTRAL)) == 0
    assert Reminder.objects.count() == expected


def test_someone_reminded_of_their_profile_today_is_not_reminded_of_interests_too(
    official, waiting
):
    Reminder.objects.create(
        recipient=waiting["owner"],
        kind=ReminderKind.INCOMPLETE_PROFILE,
        sent_at=timezone.now(),
        sent_on=timezone.localdate(),
        sent_by=official,
    )
    assert waiting["owner"].pk not in recipients_of(official)


def test_the_interest_reminder_says_how_many_and_where_to_answer(official, waiting, settings):
    settings.LANGUAGE_CODE = "en"  # the English source text, whatever the translations say
    settings.SITE_URL = "https://kemitraan.example"
    [recipient] = [r for r in reminder_recipients(official=official) if r.user == waiting["owner"]]
    reminders_module._send(recipient)
    [message] = mail.outbox
    assert message.subject == "2 interests are waiting for your answer on the Kemitraan portal"
    assert "Batik Sekar Jagad has 2 expressions of interest" in message.body
    # (/en/ or not depends on how the URL resolver cached the default language.)
    [link] = [line for line in message.body.splitlines() if "/dashboard/interests/" in line]
    assert link.startswith("https://kemitraan.example/")
    assert "registration" not in message.body.split("You receive this reminder")[0]
    assert "&#x27;" not in message.body


def test_the_interest_reminder_mentions_an_unfinished_registration_too(official, settings):
    settings.LANGUAGE_CODE = "en"
    umkm, firm = make_pair("3273", ("3273",))
    make_interest(umkm, firm)
    make_representative(make_firm(locations=["3273"]), user=umkm.owner)
    [recipient] = [r for r in reminder_recipients(official=official) if r.user == umkm.owner]
    reminders_module._send(recipient)
    [message] = mail.outbox
    assert message.subject == "An interest is waiting for your answer on the Kemitraan portal"
    assert "Your registration is not finished yet either" in message.body
    assert "/dashboard/" in message.body


def test_finding_the_receivers_runs_a_fixed_number_of_queries(official):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        user = type(official).objects.get(pk=official.pk)
        with CaptureQueriesContext(connection) as queries:
            reminder_recipients(official=user)
        return len(queries)

    umkm, firm = make_pair()
    make_interest(umkm, firm)
    small = count()
    for _number in range(6):
        umkm, firm = make_pair()
        make_interest(umkm, firm)
        make_interest(umkm, make_firm(), direction=InterestDirection.FROM_UMKM)
    assert count() == small
