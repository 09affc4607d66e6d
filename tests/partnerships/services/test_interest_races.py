"""Concurrent double submission: real threads, each with its own database connection, hit the
interest services at the same moment. The pair's lock serialises them and the partial unique
constraints stand behind it: one pending interest, one waiting match, no error.

PostgreSQL only: SQLite takes one writer at a time for the whole database, so there is no race
to test there (and its in-memory test database is not shared between threads).
"""

import threading

import pytest
from django.db import connection

from partnerships.models import Interest, InterestDirection, InterestState, Match, QueueState
from partnerships.services.interests import (
    InterestError,
    Outcome,
    interest_accept,
    interest_send,
)
from tests.partnerships.factories import make_need, make_representative
from tests.partnerships.factories_interests import make_interest, make_pair

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the race needs PostgreSQL's row locks.",
    ),
    # Committed rows are what the threads see; the flush after each such test also removes
    # the reference data the migrations loaded, which the fixture puts back.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]

THREADS = 20


def run_at_once(calls):
    """Runs each call in its own thread, all released together; returns results (or the
    exceptions raised) in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_identical_submits_at_once_make_one_interest():
    pair = make_pair()
    need = make_need(pair.firm)

    def submit():
        return interest_send(
            sender=pair.representative,
            umkm=pair.umkm,
            firm=pair.firm,
            need=need,
            message="Kami butuh pemasok.",
        )

    results = run_at_once([submit] * THREADS)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Interest.objects.count() == 1
    assert {r.interest.pk for r in results} == {Interest.objects.get().pk}
    assert [r.outcome for r in results].count(Outcome.SENT) == 1


def test_twenty_colleagues_and_general_submits_at_once_make_one_interest_each():
    pair = make_pair()
    colleagues = [pair.representative] + [
        make_representative(pair.firm).user for _ in range(THREADS - 1)
    ]

    def submit(sender):
        return lambda: interest_send(
            sender=sender, umkm=pair.umkm, firm=pair.firm, need=None, message="Halo"
        )

    results = run_at_once([submit(sender) for sender in colleagues])
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Interest.objects.filter(state=InterestState.PENDING).count() == 1


def test_both_sides_submitting_at_once_keep_one_pending_interest_and_one_waiting_match():
    pair = make_pair()
    need = make_need(pair.firm)

    def submit(sender):
        return lambda: interest_send(
            sender=sender, umkm=pair.umkm, firm=pair.firm, need=need, message="Mari bermitra"
        )

    calls = [submit(pair.representative), submit(pair.owner)] * (THREADS // 2)
    results = run_at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Interest.objects.filter(state=InterestState.PENDING).count() <= 1
    assert Match.objects.filter(queue_state=QueueState.WAITING).count() <= 1
    if Interest.objects.filter(state=InterestState.ACCEPTED).exists():
        assert Match.objects.get().is_mutual


def test_twenty_acceptances_at_once_make_one_match():
    pair = make_pair()
    interest = make_interest(pair, direction=InterestDirection.FROM_UMKM)
    colleagues = [pair.representative] + [
        make_representative(pair.firm).user for _ in range(THREADS - 1)
    ]
    results = run_at_once(
        [lambda user=user: interest_accept(interest=interest, user=user) for user in colleagues]
    )
    matches = [r for r in results if isinstance(r, Match)]
    refusals = [r for r in results if isinstance(r, InterestError)]
    assert len(matches) == 1
    assert len(refusals) == THREADS - 1
    assert Match.objects.count() == 1
    interest.refresh_from_db()
    assert interest.state == InterestState.ACCEPTED
