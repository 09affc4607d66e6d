"""Interest's state machine: sent, accepted (a match), declined, withdrawn, expired; every
refusal changes nothing; a double submit makes one row; the other side's pending interest
becomes a mutual match; reminders go out once; e-mails reach the right people."""

import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from partnerships.models import (
    MESSAGE_MAX_LENGTH,
    Interest,
    InterestDirection,
    InterestState,
    Match,
    NeedState,
    ProgrammeSettings,
    QueueState,
)
from partnerships.models import VerificationState as State
from partnerships.recommendations import match_score_for
from partnerships.services import interests as service
from partnerships.services.interests import (
    InterestError,
    Outcome,
    interest_accept,
    interest_decline,
    interest_express,
    interest_pair,
    interest_reminders_send,
    interest_send,
    interest_summary_of_party,
    interest_withdraw,
    interests_expire_due,
    interests_of_party,
)
from tests.partnerships.factories import make_firm, make_need, make_representative, make_umkm
from tests.partnerships.factories_interests import make_interest, make_match, make_pair

pytestmark = pytest.mark.django_db

FROM_FIRM = InterestDirection.FROM_FIRM
FROM_UMKM = InterestDirection.FROM_UMKM


@pytest.fixture(autouse=True)
def _messages_in_english():
    # Refusals are matched by their English source text.
    with translation.override("en"):
        yield


@pytest.fixture
def pair():
    return make_pair()


def send_from_firm(pair, need=None, message="Kami butuh pemasok keripik.", sender=None):
    return interest_send(
        sender=sender or pair.representative,
        umkm=pair.umkm,
        firm=pair.firm,
        need=need,
        message=message,
    )


def send_from_umkm(pair, need=None, message="Kami siap memasok.", sender=None):
    return interest_send(
        sender=sender or pair.owner, umkm=pair.umkm, firm=pair.firm, need=need, message=message
    )


def snapshot(interest):
    interest.refresh_from_db()
    return {
        field: getattr(interest, field)
        for field in ("state", "answered_at", "answered_by_id", "decline_reason", "match_id")
    }


def long_date(moment):
    with translation.override("id"):
        return formats.date_format(timezone.localtime(moment), "DATE_FORMAT")


class TestSending:
    def test_a_firm_representative_sends_interest_from_the_firm(self, pair):
        need = make_need(pair.firm)
        sent = send_from_firm(pair, need=need, message="  Kami butuh pemasok keripik.  ")
        interest = sent.interest
        assert sent.outcome == Outcome.SENT
        assert interest.direction == FROM_FIRM
        assert interest.sent_by == pair.representative
        assert interest.need == need
        assert interest.message == "Kami butuh pemasok keripik."
        assert interest.state == InterestState.PENDING
        assert interest.expires_at == interest.sent_at + timedelta(days=14)

    def test_an_umkm_owner_sends_interest_from_the_umkm_in_general(self, pair):
        interest = interest_express(
            sender=pair.owner, umkm=pair.umkm, firm=pair.firm, need=None, message="Halo"
        )
        assert interest.direction == FROM_UMKM
        assert interest.need is None
        assert interest.sent_by == pair.owner

    def test_the_waiting_period_is_the_one_officials_set(self, pair):
        ProgrammeSettings.objects.update_or_create(
            pk=1, defaults={"interest_validity_days": 30, "interest_reminder_days": 5}
        )
        interest = send_from_firm(pair).interest
        assert interest.expires_at - interest.sent_at == timedelta(days=30)

    def test_the_umkm_owner_is_told_at_their_account_address(
        self, pair, django_capture_on_commit_callbacks
    ):
        need = make_need(pair.firm, title="Keripik singkong 200 g")
        with django_capture_on_commit_callbacks(execute=True):
            interest = send_from_firm(pair, need=need, message="Bisa kirim 5.000 bungkus?").interest
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == [pair.owner.email]
        assert pair.umkm.email not in message.to  # the business address is not the account
        assert pair.firm.name in message.subject
        assert pair.firm.name in message.body
        assert pair.representative.name in message.body
        assert "Keripik singkong 200 g" in message.body
        assert "Bisa kirim 5.000 bungkus?" in message.body
        assert f"/dashboard/interests/{interest.pk}/" in message.body
        assert "/en/" not in message.body
        assert long_date(interest.expires_at) in message.body

    def test_a_firm_is_told_at_every_representatives_address(
        self, pair, django_capture_on_commit_callbacks
    ):
        colleague = make_representative(pair.firm).user
        with django_capture_on_commit_callbacks(execute=True):
            send_from_umkm(pair)
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == sorted([pair.representative.email, colleague.email])
        assert pair.umkm.name in mail.outbox[0].body

    def test_the_email_is_in_indonesian_whatever_language_the_sender_uses(
        self, pair, django_capture_on_commit_callbacks
    ):
        # The fixture has English active, as for a sender on /en/.
        with django_capture_on_commit_callbacks(execute=True):
            interest = send_from_firm(pair).interest
        in_english = formats.date_format(timezone.localtime(interest.expires_at), "DATE_FORMAT")
        assert long_date(interest.expires_at) in mail.outbox[0].body
        assert in_english not in mail.outbox[0].body


class TestRefusals:
    """Each refusal raises InterestError with a message and leaves no interest behind."""

    def refused(self, message_part, **kwargs):
        with pytest.raises(InterestError) as refusal:
            interest_send(**kwargs)
        assert message_part in refusal.value.message
        assert not Interest.objects.exists()

    def base(self, pair, **overrides):
        return {
            "sender": pair.representative,
            "umkm": pair.umkm,
            "firm": pair.firm,
            "need": None,
            "message": "Halo",
            **overrides,
        }

    @pytest.mark.parametrize("message", ["", "   ", "\n\t"])
    def test_a_blank_message(self, pair, message):
        self.refused("Write a short message", **self.base(pair, message=message))

    def test_a_message_over_the_limit(self, pair):
        self.refused(
            f"at most {MESSAGE_MAX_LENGTH} characters",
            **self.base(pair, message="x" * (MESSAGE_MAX_LENGTH + 1)),
        )

    def test_a_message_at_the_limit_after_stripping_is_fine(self, pair):
        message = "  " + "x" * MESSAGE_MAX_LENGTH + "  "
        assert send_from_firm(pair, message=message).interest.message == "x" * MESSAGE_MAX_LENGTH

    def test_a_nul_byte(self, pair):
        self.refused("cannot be stored", **self.base(pair, message="a\x00b"))

    def test_an_unverified_umkm_as_the_receiver(self):
        pair = make_pair(umkm_state=State.SUBMITTED)
        self.refused("This UMKM is not verified", **self.base(pair))

    def test_an_unverified_umkm_as_the_sender(self):
        pair = make_pair(umkm_state=State.SUBMITTED)
        self.refused("Your business must be verified", **self.base(pair, sender=pair.owner))

    def test_an_unverified_firm_as_the_sender(self):
        pair = make_pair(firm_state=State.REJECTED)
        self.refused("Your firm must be verified", **self.base(pair))

    def test_an_unverified_firm_as_the_receiver(self):
        pair = make_pair(firm_state=State.DRAFT)
        self.refused("This firm is not verified", **self.base(pair, sender=pair.owner))

    def test_an_umkm_nobody_has_claimed_yet(self):
        pair = make_pair(owner=None)
        self.refused("has not taken over its profile", **self.base(pair))

    def test_an_outsider(self, pair, outsider):
        self.refused("Only the owner of an UMKM", **self.base(pair, sender=outsider))

    def test_an_official(self, pair, official):
        self.refused("Only the owner of an UMKM", **self.base(pair, sender=official))

    def test_a_representative_of_another_firm(self, pair):
        stranger = make_representative(make_firm(state=State.VERIFIED)).user
        self.refused("Only the owner of an UMKM", **self.base(pair, sender=stranger))

    def test_the_owner_of_another_umkm(self, pair):
        stranger = make_umkm(state=State.VERIFIED).owner
        self.refused("Only the owner of an UMKM", **self.base(pair, sender=stranger))

    def test_a_need_of_another_firm(self, pair):
        need = make_need(make_firm(state=State.VERIFIED))
        self.refused("belongs to another firm", **self.base(pair, need=need))

    def test_a_closed_need(self, pair):
        need = make_need(pair.firm, state=NeedState.CLOSED, closed_at=timezone.now())
        self.refused("no longer open", **self.base(pair, sender=pair.owner, need=need))

    def test_a_need_past_its_deadline(self, pair):
        need = make_need(pair.firm, deadline=timezone.localdate() - timedelta(days=1))
        self.refused("no longer open", **self.base(pair, sender=pair.owner, need=need))


class TestPair:
    def test_an_umkm_writes_to_a_firm_and_a_firm_to_an_umkm(self, pair):
        assert interest_pair(party=pair.umkm, other=pair.firm) == (pair.umkm, pair.firm)
        assert interest_pair(party=pair.firm, other=pair.umkm) == (pair.umkm, pair.firm)

    @pytest.mark.parametrize(
        ("own", "target", "message"),
        [
            ("umkm", "same", "your own business"),
            ("umkm", "other", "not to another UMKM"),
            ("firm", "same", "your own firm"),
            ("firm", "other", "not to another firm"),
        ],
    )
    def test_it_refuses_ones_own_party_and_a_party_of_the_same_kind(
        self, pair, own, target, message
    ):
        party = pair.umkm if own == "umkm" else pair.firm
        if target == "same":
            other = party
        else:
            other = make_umkm(state=State.VERIFIED) if own == "umkm" else make_firm()
        with pytest.raises(InterestError, match=message):
            interest_pair(party=party, other=other)


class TestOnePendingPerPairAndNeed:
    def test_a_second_submit_returns_the_first_unchanged(
        self, pair, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first = send_from_firm(pair, message="Pertama").interest
            second = send_from_firm(pair, message="Kedua")
        assert second.outcome == Outcome.ALREADY_SENT
        assert second.interest.pk == first.pk
        assert second.interest.message == "Pertama"
        assert Interest.objects.count() == 1
        assert len(mail.outbox) == 1

    def test_a_colleagues_submit_returns_the_firms_pending_interest(self, pair):
        colleague = make_representative(pair.firm).user
        first = send_from_firm(pair).interest
        second = send_from_firm(pair, sender=colleague)
        assert second.outcome == Outcome.ALREADY_SENT
        assert second.interest.pk == first.pk

    def test_interest_about_a_need_and_in_general_are_separate(self, pair):
        need = make_need(pair.firm)
        send_from_firm(pair, need=need)
        send_from_firm(pair, need=None)
        send_from_firm(pair, need=make_need(pair.firm))
        assert Interest.objects.count() == 3

    def test_an_expired_interest_does_not_block_a_new_one(self, pair):
        old = make_interest(pair, sent_days_ago=20, valid_days=14)
        sent = send_from_firm(pair)
        assert sent.outcome == Outcome.SENT
        assert sent.interest.pk != old.pk
        old.refresh_from_db()
        assert old.state == InterestState.EXPIRED
        assert old.answered_at == old.expires_at

    @pytest.mark.parametrize(
        "state", [InterestState.DECLINED, InterestState.WITHDRAWN, InterestState.EXPIRED]
    )
    def test_an_ended_interest_does_not_block_a_new_one(self, pair, state):
        make_interest(pair, state=state)
        assert send_from_firm(pair).outcome == Outcome.SENT


class TestMutualInterest:
    def test_sending_while_the_other_side_waits_accepts_theirs(
        self, pair, django_capture_on_commit_callbacks
    ):
        need = make_need(pair.firm)
        theirs = make_interest(pair, direction=FROM_FIRM, need=need)
        with django_capture_on_commit_callbacks(execute=True):
            sent = send_from_umkm(pair, need=need, message="Kami juga tertarik!")
        assert sent.outcome == Outcome.ACCEPTED_THEIRS
        assert sent.interest.pk == theirs.pk
        theirs.refresh_from_db()
        assert theirs.state == InterestState.ACCEPTED
        assert theirs.answered_by == pair.owner
        assert theirs.match.is_mutual
        assert theirs.match.queue_state == QueueState.WAITING
        assert Interest.objects.count() == 1
        # The firm hears of the acceptance, with what the owner wrote.
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [pair.representative.email]
        assert "Kami juga tertarik!" in mail.outbox[0].body

    def test_accepting_when_both_sides_reached_out_makes_a_mutual_match(self, pair):
        need = make_need(pair.firm)
        from_firm = make_interest(pair, direction=FROM_FIRM, need=need)
        make_interest(pair, direction=FROM_UMKM, need=None)
        match = interest_accept(interest=from_firm, user=pair.owner)
        assert match.is_mutual

    def test_accepting_what_only_one_side_sent_is_not_mutual(self, pair):
        interest = make_interest(pair, direction=FROM_UMKM)
        assert not interest_accept(interest=interest, user=pair.representative).is_mutual


class TestAccepting:
    def test_the_receiver_accepts_and_the_pair_waits_in_the_queue(
        self, pair, django_capture_on_commit_callbacks
    ):
        need = make_need(pair.firm)
        interest = make_interest(pair, direction=FROM_FIRM, need=need)
        # As it stands before the match (having met a firm changes the fairness part).
        score = match_score_for(firm=pair.firm, umkm=pair.umkm, need=need).score
        with django_capture_on_commit_callbacks(execute=True):
            match = interest_accept(interest=interest, user=pair.owner)
        interest.refresh_from_db()
        assert interest.state == InterestState.ACCEPTED
        assert interest.answered_by == pair.owner
        assert interest.answered_at is not None
        assert interest.match == match
        assert (match.umkm, match.firm) == (pair.umkm, pair.firm)
        assert match.queue_state == QueueState.WAITING
        assert match.score == score
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [pair.representative.email]
        assert pair.umkm.name in mail.outbox[0].subject
        assert f"/dashboard/interests/{interest.pk}/" in mail.outbox[0].body

    def test_any_representative_of_the_firm_accepts_for_it(self, pair):
        colleague = make_representative(pair.firm).user
        interest = make_interest(pair, direction=FROM_UMKM)
        interest_accept(interest=interest, user=colleague)
        assert Interest.objects.get().answered_by == colleague

    def test_a_second_accepted_interest_of_the_pair_joins_its_waiting_match(self, pair):
        first = make_interest(pair, direction=FROM_FIRM, need=make_need(pair.firm))
        second = make_interest(pair, direction=FROM_FIRM, need=None)
        match = interest_accept(interest=first, user=pair.owner)
        assert interest_accept(interest=second, user=pair.owner) == match
        assert Match.objects.count() == 1
        assert set(match.interests.all()) == {first, second}

    def test_a_match_that_left_the_queue_is_not_reused(self, pair):
        old = make_match(pair, queue_state=QueueState.LEFT, left_reason="Sudah bertemu.")
        interest = make_interest(pair, direction=FROM_UMKM)
        match = interest_accept(interest=interest, user=pair.representative)
        assert match != old
        assert match.queue_state == QueueState.WAITING

    def test_joining_a_waiting_match_as_mutual_marks_it_mutual(self, pair):
        match = make_match(pair, is_mutual=False)
        make_interest(pair, direction=FROM_UMKM, state=InterestState.ACCEPTED, match=match)
        interest = make_interest(pair, direction=FROM_FIRM, need=make_need(pair.firm))
        assert interest_accept(interest=interest, user=pair.owner) == match
        match.refresh_from_db()
        assert match.is_mutual

    @pytest.mark.parametrize(
        ("direction", "who"),
        [(FROM_FIRM, "representative"), (FROM_UMKM, "owner"), (FROM_FIRM, "outsider")],
    )
    def test_only_the_receiving_side_accepts(self, pair, outsider, direction, who):
        interest = make_interest(pair, direction=direction)
        before = snapshot(interest)
        user = outsider if who == "outsider" else getattr(pair, who)
        with pytest.raises(InterestError, match="Only the side that received"):
            interest_accept(interest=interest, user=user)
        assert snapshot(interest) == before
        assert not Match.objects.exists()

    @pytest.mark.parametrize(
        ("state", "message"),
        [
            (InterestState.ACCEPTED, "already accepted"),
            (InterestState.DECLINED, "already declined"),
            (InterestState.WITHDRAWN, "withdrew"),
            (InterestState.EXPIRED, "expired"),
        ],
    )
    def test_an_interest_no_longer_pending_cannot_be_answered(self, pair, state, message):
        fields = {"match": make_match(pair)} if state == InterestState.ACCEPTED else {}
        interest = make_interest(pair, direction=FROM_FIRM, state=state, **fields)
        before = snapshot(interest)
        matches = Match.objects.count()
        for answer in (
            lambda: interest_accept(interest=interest, user=pair.owner),
            lambda: interest_decline(interest=interest, user=pair.owner, reason="Tidak"),
            lambda: interest_withdraw(interest=interest, user=pair.representative),
        ):
            with pytest.raises(InterestError, match=message):
                answer()
        assert snapshot(interest) == before
        assert Match.objects.count() == matches

    def test_a_pending_interest_past_its_expiry_cannot_be_accepted(self, pair):
        interest = make_interest(pair, direction=FROM_FIRM, sent_days_ago=15)
        with pytest.raises(InterestError, match="expired on"):
            interest_accept(interest=interest, user=pair.owner)
        assert not Match.objects.exists()

    def test_the_score_is_kept_within_the_range(self, pair, monkeypatch):
        class Score:
            score = 140

        monkeypatch.setattr(service, "match_score_for", lambda **kwargs: Score())
        interest = make_interest(pair, direction=FROM_UMKM)
        assert interest_accept(interest=interest, user=pair.representative).score == 100


class TestDeclining:
    def test_the_receiver_declines_and_the_sender_reads_why(
        self, pair, django_capture_on_commit_callbacks
    ):
        colleague = make_representative(pair.firm).user
        interest = make_interest(pair, direction=FROM_FIRM)
        with django_capture_on_commit_callbacks(execute=True):
            interest_decline(interest=interest, user=pair.owner, reason="  Kapasitas penuh.  ")
        interest.refresh_from_db()
        assert interest.state == InterestState.DECLINED
        assert interest.decline_reason == "Kapasitas penuh."
        assert interest.answered_by == pair.owner
        assert interest.match is None
        assert len(mail.outbox) == 1
        assert sorted(mail.outbox[0].to) == sorted([pair.representative.email, colleague.email])
        assert "Kapasitas penuh." in mail.outbox[0].body

    def test_a_reason_is_optional(self, pair):
        interest = make_interest(pair, direction=FROM_UMKM)
        interest_decline(interest=interest, user=pair.representative)
        assert Interest.objects.get().state == InterestState.DECLINED

    def test_a_reason_over_the_limit_changes_nothing(self, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        before = snapshot(interest)
        with pytest.raises(InterestError, match="at most 500 characters"):
            interest_decline(interest=interest, user=pair.owner, reason="x" * 501)
        assert snapshot(interest) == before

    def test_the_sender_cannot_decline(self, pair):
        interest = make_interest(pair, direction=FROM_FIRM)
        with pytest.raises(InterestError, match="Only the side that received"):
            interest_decline(interest=interest, user=pair.representative)
        assert Interest.objects.get().state == InterestState.PENDING


class TestWithdrawing:
    def test_the_sending_side_withdraws_while_pending(self, pair):
        colleague = make_representative(pair.firm).user
        interest = make_interest(pair, direction=FROM_FIRM)
        interest_withdraw(interest=interest, user=colleague)
        interest.refresh_from_db()
        assert interest.state == InterestState.WITHDRAWN
        assert interest.answered_by == colleague

    def test_the_receiver_cannot_withdraw(self, pair):
        interest = make_interest(pair, direction=FROM_UMKM)
        with pytest.raises(InterestError, match="Only the side that sent"):
            interest_withdraw(interest=interest, user=pair.representative)
        assert Interest.objects.get().state == InterestState.PENDING


class TestExpiry:
    def test_pending_interests_past_their_expiry_expire(self, pair):
        due = make_interest(pair, sent_days_ago=15)
        fresh = make_interest(pair, need=make_need(pair.firm), sent_days_ago=13)
        declined = make_interest(
            pair, need=make_need(pair.firm), state=InterestState.DECLINED, sent_days_ago=30
        )
        assert interests_expire_due() == 1
        due.refresh_from_db()
        assert due.state == InterestState.EXPIRED
        assert due.answered_at == due.expires_at
        assert Interest.objects.get(pk=fresh.pk).state == InterestState.PENDING
        assert Interest.objects.get(pk=declined.pk).state == InterestState.DECLINED
        assert interests_expire_due() == 0

    def test_it_expires_as_of_the_moment_given(self, pair):
        interest = make_interest(pair, sent_days_ago=0)
        assert interests_expire_due(now=timezone.now() + timedelta(days=13)) == 0
        assert interests_expire_due(now=interest.expires_at) == 1


class TestReminders:
    def test_the_receiver_is_reminded_once_before_expiry(
        self, pair, django_capture_on_commit_callbacks
    ):
        due = make_interest(pair, direction=FROM_FIRM, sent_days_ago=12)  # 2 days left
        make_interest(pair, need=make_need(pair.firm), sent_days_ago=5)  # 9 days left
        make_interest(pair, need=make_need(pair.firm), sent_days_ago=15)  # expired
        make_interest(
            pair, need=make_need(pair.firm), state=InterestState.DECLINED, sent_days_ago=12
        )
        assert interest_reminders_send() == 1
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [pair.owner.email]
        assert pair.firm.name in mail.outbox[0].subject
        assert f"/dashboard/interests/{due.pk}/" in mail.outbox[0].body
        assert long_date(due.expires_at) in mail.outbox[0].body
        due.refresh_from_db()
        assert due.reminded_at is not None
        assert interest_reminders_send() == 0
        assert len(mail.outbox) == 1

    def test_the_reminder_window_is_the_one_officials_set(self, pair):
        ProgrammeSettings.objects.update_or_create(
            pk=1, defaults={"interest_validity_days": 14, "interest_reminder_days": 10}
        )
        make_interest(pair, direction=FROM_UMKM, sent_days_ago=5)  # 9 days left
        assert interest_reminders_send() == 1
        assert sorted(mail.outbox[0].to) == [pair.representative.email]

    def test_a_refused_message_is_tried_again_next_time(self, pair, monkeypatch):
        interest = make_interest(pair, direction=FROM_FIRM, sent_days_ago=12)

        def refuse(*args, **kwargs):
            raise smtplib.SMTPException("mail server down")

        monkeypatch.setattr(service, "send_portal_email", refuse)
        assert interest_reminders_send() == 0
        interest.refresh_from_db()
        assert interest.reminded_at is None
        monkeypatch.undo()
        assert interest_reminders_send() == 1


class TestSelectors:
    def test_each_side_lists_what_it_received_and_sent(self, pair):
        received_by_umkm = make_interest(pair, direction=FROM_FIRM)
        sent_by_umkm = make_interest(pair, direction=FROM_UMKM, need=make_need(pair.firm))
        other = make_pair()
        make_interest(other)
        umkm_lists = interests_of_party(party=pair.umkm)
        assert umkm_lists.received == [received_by_umkm]
        assert umkm_lists.sent == [sent_by_umkm]
        firm_lists = interests_of_party(party=pair.firm)
        assert firm_lists.received == [sent_by_umkm]
        assert firm_lists.sent == [received_by_umkm]

    def test_the_state_filter_counts_a_pending_interest_past_expiry_as_expired(self, pair):
        waiting = make_interest(pair)
        overdue = make_interest(pair, need=make_need(pair.firm), sent_days_ago=15)
        ended = make_interest(pair, need=make_need(pair.firm), state=InterestState.EXPIRED)
        assert interests_of_party(party=pair.umkm, state="pending").received == [waiting]
        expired = interests_of_party(party=pair.umkm, state="expired").received
        assert set(expired) == {overdue, ended}

    def test_the_summary_counts_what_waits(self, pair):
        make_interest(pair, direction=FROM_FIRM)
        soonest = make_interest(
            pair, direction=FROM_FIRM, need=make_need(pair.firm), sent_days_ago=10
        )
        make_interest(pair, direction=FROM_UMKM, need=make_need(pair.firm))
        make_interest(pair, direction=FROM_FIRM, need=make_need(pair.firm), sent_days_ago=20)
        make_match(pair)
        summary = interest_summary_of_party(party=pair.umkm)
        assert summary.received_pending == 2
        assert summary.sent_pending == 1
        assert summary.waiting_matches == 1
        assert summary.to_answer[0] == soonest
        firm_summary = interest_summary_of_party(party=pair.firm)
        assert (firm_summary.received_pending, firm_summary.sent_pending) == (1, 2)
