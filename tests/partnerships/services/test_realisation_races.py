"""Two officials confirm realisation reports of one commitment at the same moment, with real
threads and their own PostgreSQL connections. Together the reports would take the realised
total above the committed value, and neither reporter confirmed that: the commitment's row
lock makes the confirmations take turns, so exactly one succeeds, the other is refused in
words, and the total never passes the value (the database's constraint is never what stops it).

PostgreSQL only: SQLite takes one writer at a time for the whole database, so there is no race
to test there (and its in-memory test database is not shared between threads).
"""

import pytest
from django.db import connection

from partnerships.models import Commitment, PartnershipRating, ReportState
from partnerships.services.realisation import (
    RealisationError,
    partnership_rate,
    realisation_report_confirm,
)
from tests.partnerships.factories import make_official, make_representative
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.services.test_interest_races import run_at_once

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writers; the race needs PostgreSQL's row locks.",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]


def test_two_confirmations_that_together_pass_the_value_leave_one_confirmed():
    commitment = make_commitment(value=100_000_000)
    umkm_side = make_report(commitment, side="umkm", value=70_000_000)
    firm_side = make_report(commitment, side="firm", value=60_000_000)
    first, second = make_official(), make_official()

    results = run_at_once(
        [
            lambda: realisation_report_confirm(official=first, report=umkm_side),
            lambda: realisation_report_confirm(official=second, report=firm_side),
        ]
    )

    refused = [r for r in results if isinstance(r, RealisationError)]
    unexpected = [r for r in results if isinstance(r, Exception) and r not in refused]
    assert not unexpected, unexpected
    assert len(refused) == 1
    assert refused[0].code == "over_value"
    commitment.refresh_from_db()
    assert commitment.realised_value in (70_000_000, 60_000_000)
    assert commitment.realised_value <= commitment.value
    assert not commitment.over_value_confirmed
    states = sorted(
        commitment.realisation_reports.values_list("state", flat=True).order_by("state")
    )
    assert states == [ReportState.CONFIRMED, ReportState.PENDING]


def test_many_confirmations_at_once_add_up_exactly():
    commitment = make_commitment(value=37_123_456_789_012)
    reports = [make_report(commitment, value=1_000_000_000_001) for _ in range(8)]
    official = make_official()

    results = run_at_once(
        [
            (lambda report=report: realisation_report_confirm(official=official, report=report))
            for report in reports
        ]
    )

    assert not [r for r in results if isinstance(r, Exception)], results
    assert Commitment.objects.get(pk=commitment.pk).realised_value == 8_000_000_000_008


def test_two_representatives_rating_at_once_leave_one_rating_of_the_firm():
    commitment = make_commitment()
    first = make_representative(commitment.firm).user
    second = make_representative(commitment.firm).user

    def rate(user, score):
        return lambda: partnership_rate(
            user=user,
            commitment=commitment,
            side="firm",
            quality=score,
            on_time=score,
            fair_price=score,
            would_continue=True,
        )

    results = run_at_once([rate(first, 4), rate(second, 2)])

    assert not [r for r in results if isinstance(r, Exception)], results
    [rating] = PartnershipRating.objects.filter(commitment=commitment)
    assert rating.quality in (4, 2)
