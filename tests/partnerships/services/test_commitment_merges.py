"""Merging two records of one UMKM carries its commitments (with their reports, follow-ups and
ratings) and its moves up a size class to the kept record; a commitment the two records both
hold with one firm on one day refuses the merge, since a signed record is never dropped."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from partnerships.models import (
    Commitment,
    DuplicateCandidate,
    DuplicateState,
    PartySide,
    RealisationReport,
    SizeClassChange,
    Umkm,
)
from partnerships.services.duplicates import DuplicateError, duplicate_merge
from tests.partnerships.factories import make_firm, make_official, make_umkm
from tests.partnerships.factories_assisted import make_candidate
from tests.partnerships.factories_commitment_records import record
from tests.partnerships.factories_commitments import make_commitment, make_report

pytestmark = pytest.mark.django_db

SIGNED_ON = datetime.date(2021, 1, 18)


@pytest.fixture
def records():
    """Two records of one business, both verified."""
    return (
        make_umkm(name="Batik Lasem", state="verified"),
        make_umkm(name="Batik Lasem", state="verified"),
    )


def test_the_discarded_records_commitments_move_with_their_reports_and_follow_ups(
    records, official
):
    kept, other = records
    ours = make_commitment(umkm=kept, statement_signed_on=SIGNED_ON)
    theirs = record(official, umkm=other, firm=make_firm(state="verified"))
    report = make_report(theirs)
    candidate = make_candidate(kept, other)
    merger = make_official()

    duplicate_merge(candidate=candidate, keep=kept, official=merger)

    assert not Umkm.objects.filter(pk=other.pk).exists()
    assert set(Commitment.objects.filter(umkm=kept)) == {ours, theirs}
    assert RealisationReport.objects.get(pk=report.pk).commitment == theirs
    assert theirs.follow_ups.count() == 6
    # The move is in the commitment's history, with who merged.
    moved = Commitment.objects.get(pk=theirs.pk).history.first()
    assert (moved.umkm_id, moved.history_user) == (kept.pk, merger)


def test_the_same_firm_on_another_day_is_another_commitment_and_moves(records):
    kept, other = records
    firm = make_firm(state="verified")
    make_commitment(umkm=kept, firm=firm, statement_signed_on=SIGNED_ON)
    make_commitment(
        umkm=other, firm=firm, statement_signed_on=SIGNED_ON + datetime.timedelta(days=1)
    )
    duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())
    assert Commitment.objects.filter(umkm=kept, firm=firm).count() == 2


def test_a_commitment_both_records_hold_with_one_firm_on_one_day_refuses_the_merge(records):
    kept, other = records
    firm = make_firm(state="verified", name="PT Pabrik Batik Nusantara")
    make_commitment(umkm=kept, firm=firm, statement_signed_on=SIGNED_ON)
    theirs = make_commitment(umkm=other, firm=firm, statement_signed_on=SIGNED_ON)
    make_report(theirs, side=PartySide.FIRM)
    candidate = make_candidate(kept, other)

    with translation.override("en"), pytest.raises(DuplicateError) as refused:
        duplicate_merge(candidate=candidate, keep=kept, official=make_official())

    assert "PT Pabrik Batik Nusantara" in refused.value.message
    assert "18 January 2021" in refused.value.message
    # Nothing changed: both records, their commitments and the pair as they were.
    assert Umkm.objects.filter(pk=other.pk).exists()
    assert Commitment.objects.get(pk=theirs.pk).umkm == other
    assert theirs.realisation_reports.count() == 1
    assert DuplicateCandidate.objects.get(pk=candidate.pk).state == DuplicateState.PENDING


def test_moves_up_a_size_class_follow_the_business(records):
    kept, other = records
    commitment = make_commitment(umkm=other)
    move = SizeClassChange.objects.create(
        umkm=other,
        commitment=commitment,
        from_class="micro",
        to_class="small",
        criterion="capital",
        changed_on=SIGNED_ON,
    )
    duplicate_merge(candidate=make_candidate(kept, other), keep=kept, official=make_official())
    move.refresh_from_db()
    assert (move.umkm, move.commitment) == (kept, commitment)


def test_the_admins_merge_page_shows_the_refusal_and_keeps_both(client, official, records):
    kept, other = records
    firm = make_firm(state="verified")
    make_commitment(umkm=kept, firm=firm, statement_signed_on=SIGNED_ON)
    make_commitment(umkm=other, firm=firm, statement_signed_on=SIGNED_ON)
    candidate = make_candidate(kept, other)
    client.force_login(official)
    url = reverse("admin:partnerships_duplicatecandidate_merge", args=[candidate.pk, kept.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert Umkm.objects.filter(pk=other.pk).exists()
    assert Commitment.objects.filter(umkm=other).count() == 1
