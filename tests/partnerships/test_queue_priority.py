"""The queue's priority as a pure function: mutual interest first, then the score, then the
time waiting, which keeps adding so nobody waits forever. No database."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from partnerships.queue_priority import (
    MUTUAL_INTEREST_POINTS,
    SCORE_POINTS_PER_SCORE,
    WAITING_POINTS_PER_DAY,
    queue_priority,
)

scores = st.integers(min_value=0, max_value=100)
days = st.integers(min_value=0, max_value=5_000)


def points(is_mutual: bool, score: int, waiting_days: int) -> int:
    return queue_priority(is_mutual=is_mutual, score=score, waiting_days=waiting_days).points


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_it_adds_the_three_parts_with_their_reasons():
    priority = queue_priority(is_mutual=True, score=72, waiting_days=42)
    assert priority.points == 215
    assert [part.points for part in priority.parts] == [101, 72, 42]
    assert priority.reasons == ["both sides reached out", "match score 72", "waiting 42 days"]


def test_one_sided_interest_earns_nothing_for_mutuality_and_says_so():
    priority = queue_priority(is_mutual=False, score=60, waiting_days=1)
    assert priority.points == 61
    assert priority.reasons == [
        "one side reached out, the other accepted",
        "match score 60",
        "waiting 1 day",
    ]


def test_a_match_from_the_future_has_waited_no_days():
    # A clock set wrong on one server must not lower anyone's place.
    priority = queue_priority(is_mutual=False, score=50, waiting_days=-3)
    assert priority.points == 50
    assert priority.reasons[-1] == "waiting 0 days"


def test_the_weights_are_the_documented_ones():
    assert (MUTUAL_INTEREST_POINTS, SCORE_POINTS_PER_SCORE, WAITING_POINTS_PER_DAY) == (101, 1, 1)


@given(score=scores, waiting_days=days)
def test_mutual_interest_comes_first_among_matches_that_scored_and_waited_alike(
    score, waiting_days
):
    assert points(True, score, waiting_days) > points(False, score, waiting_days)


@given(mutual_score=scores, other_score=scores, waiting_days=days)
def test_among_equal_waiting_mutual_interest_outranks_any_score(
    mutual_score, other_score, waiting_days
):
    mutual = points(True, mutual_score, waiting_days)
    one_sided = points(False, other_score, waiting_days)
    # One point more than the whole score range: even a mutual 0 beats a one-sided 100.
    assert mutual > one_sided


@given(is_mutual=st.booleans(), low=scores, high=scores, waiting_days=days)
def test_then_the_higher_score_comes_first(is_mutual, low, high, waiting_days):
    if low < high:
        assert points(is_mutual, high, waiting_days) > points(is_mutual, low, waiting_days)


@given(is_mutual=st.booleans(), score=scores, waiting_days=days)
def test_every_day_of_waiting_raises_the_priority(is_mutual, score, waiting_days):
    assert points(is_mutual, score, waiting_days + 1) > points(is_mutual, score, waiting_days)


@given(
    waiting=st.tuples(st.booleans(), scores),
    fresh=st.tuples(st.booleans(), scores, days),
)
def test_nobody_waits_forever(waiting, fresh):
    # However weak a match, waiting long enough puts it above any other that is not older.
    is_mutual, score = waiting
    other_mutual, other_score, other_days = fresh
    enough = other_days + MUTUAL_INTEREST_POINTS + 100 * SCORE_POINTS_PER_SCORE + 1
    assert points(is_mutual, score, enough) > points(other_mutual, other_score, other_days)


@given(is_mutual=st.booleans(), score=scores, waiting_days=days)
def test_the_points_are_the_sum_of_the_parts(is_mutual, score, waiting_days):
    priority = queue_priority(is_mutual=is_mutual, score=score, waiting_days=waiting_days)
    assert priority.points == sum(part.points for part in priority.parts)
    assert len(priority.reasons) == 3
    assert str(score) in priority.reasons[1]
    assert str(waiting_days) in priority.reasons[2]
