"""A match leaves the queue: a side of it leaves (saying why) or the pair met directly; only
the two sides and officials may, and only while it waits."""

import pytest
from django.utils import translation

from partnerships.models import QueueState
from partnerships.models import VerificationState as State
from partnerships.services.matches import MatchError, match_leave_queue, match_mark_met_directly
from tests.partnerships.factories import make_firm, make_representative, make_umkm
from tests.partnerships.factories_interests import make_match, make_pair

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _messages_in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def pair():
    return make_pair()


def snapshot(match):
    match.refresh_from_db()
    return (match.queue_state, match.left_at, match.left_by_id, match.left_reason)


@pytest.mark.parametrize("who", ["owner", "representative"])
def test_a_side_of_the_match_leaves_the_queue_saying_why(pair, who):
    match = make_match(pair)
    user = getattr(pair, who)
    match_leave_queue(match=match, user=user, reason="  Kami sudah sepakat langsung.  ")
    match.refresh_from_db()
    assert match.queue_state == QueueState.LEFT
    assert match.left_by == user
    assert match.left_at is not None
    assert match.left_reason == "Kami sudah sepakat langsung."


def test_an_official_takes_a_match_out_of_the_queue(pair, official):
    match = make_match(pair)
    match_leave_queue(match=match, user=official, reason="Duplikat.")
    assert snapshot(match)[0] == QueueState.LEFT


def test_leaving_needs_a_reason(pair):
    match = make_match(pair)
    before = snapshot(match)
    with pytest.raises(MatchError, match="Say why"):
        match_leave_queue(match=match, user=pair.owner, reason="   ")
    assert snapshot(match) == before


def test_a_reason_over_the_limit_changes_nothing(pair):
    match = make_match(pair)
    before = snapshot(match)
    with pytest.raises(MatchError, match="at most 500"):
        match_leave_queue(match=match, user=pair.owner, reason="x" * 501)
    assert snapshot(match) == before


def test_the_pair_met_directly(pair):
    match = make_match(pair)
    match_mark_met_directly(match=match, user=pair.representative)
    state, left_at, left_by, reason = snapshot(match)
    assert state == QueueState.MET_DIRECTLY
    assert left_at is not None
    assert left_by == pair.representative.pk
    assert reason == ""


@pytest.mark.parametrize("who", ["outsider", "other_owner", "other_representative"])
def test_nobody_else_may_take_a_match_out(pair, outsider, who):
    user = {
        "outsider": outsider,
        "other_owner": make_umkm(state=State.VERIFIED).owner,
        "other_representative": make_representative(make_firm(state=State.VERIFIED)).user,
    }[who]
    match = make_match(pair)
    before = snapshot(match)
    for take_out in (
        lambda: match_leave_queue(match=match, user=user, reason="Iseng"),
        lambda: match_mark_met_directly(match=match, user=user),
    ):
        with pytest.raises(MatchError, match="Only the two sides"):
            take_out()
    assert snapshot(match) == before


@pytest.mark.parametrize(
    ("state", "message"),
    [(QueueState.LEFT, "already left"), (QueueState.MET_DIRECTLY, "already marked")],
)
def test_a_match_no_longer_waiting_is_refused(pair, state, message):
    match = make_match(pair, queue_state=state, left_reason="Sebelumnya")
    before = snapshot(match)
    for take_out in (
        lambda: match_leave_queue(match=match, user=pair.owner, reason="Lagi"),
        lambda: match_mark_met_directly(match=match, user=pair.owner),
    ):
        with pytest.raises(MatchError, match=message):
            take_out()
    assert snapshot(match) == before
