"""A failure in the middle of merging two duplicate UMKM leaves both records as they were.

The merge moves, in one transaction, everything of the discarded record onto the kept one
(matches, products, certifications, links, interests, invitations, meetings, KBLI codes,
claim codes, other duplicate pairs), deletes the discarded record, hands its owner's account
to the kept one and refreshes the kept one's search text. The failure is injected after each
of several of those steps has really written its rows; every table then holds exactly what it
held before, and the official reads the short "try again" page or the error page, never a
stack trace.

Real transactions (``transaction=True``), as in production.
"""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import translation

from partnerships.models import (
    Certification,
    CertificationKind,
    DuplicateCandidate,
    InterestState,
    KbliCode,
    LinkKind,
    Match,
    Product,
    Umkm,
    UmkmLink,
)
from partnerships.services import duplicates
from partnerships.services.duplicates import duplicate_merge
from tests.faults.database_state import database_rows, differences
from tests.partnerships.factories import make_firm, make_full_umkm, make_official, make_umkm
from tests.partnerships.factories_assisted import make_candidate, make_claim_code
from tests.partnerships.factories_queue import make_interest, make_match
from tests.partnerships.factories_sessions import invitation_factory, session_factory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data_after_flush"),
]

LOST = OperationalError("server closed the connection unexpectedly (injected)")
BUG = RuntimeError("a bug in the middle of the merge (injected)")


@contextmanager
def failing_after(function: str, error: Exception, call: int = 1):
    """The ``call``-th call of ``duplicates.<function>`` does its work, then raises ``error``."""
    real = getattr(duplicates, function)
    calls = []

    def wrapped(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(result)
        if len(calls) == call:
            raise error
        return result

    with mock.patch.object(duplicates, function, wrapped):
        yield calls


# Where the failure strikes, in the order the merge goes: after the matches moved; after the
# fourth kind of related rows (interests: products, certifications and links moved before);
# after the other duplicate pairs moved; after the discarded record was deleted and the owner
# moved over, at the very last step.
STEPS = {
    "after the matches": ("_merge_matches", 1),
    "after four kinds of rows": ("_move_rows", 4),
    "after the other pairs": ("_move_duplicate_candidates", 1),
    "at the last step": ("umkm_search_document_refresh", 1),
}


def _pair_with_everything():
    """The kept record has no account yet (an official entered it); the discarded one has its
    owner's account and a bit of everything, some of it also on the kept record."""
    kept = make_full_umkm(name="Kopi Tanjung Pura", owner=None)
    other = make_full_umkm(name="Kopi Tanjung Pura Karawang")
    Certification.objects.create(umkm=other, kind=CertificationKind.SNI, number="SNI-1")
    UmkmLink.objects.create(umkm=other, kind=LinkKind.WEBSITE, url="https://kopi.test")
    other.kbli_codes.add(KbliCode.objects.get(version="2020", code="10773"))
    Product.objects.create(umkm=other, name="Kopi bubuk", unit="kg", monthly_capacity=5)
    make_claim_code(other)
    firm = make_firm(state="verified", locations=["3215"])
    # Both wait in the queue with the same firm: the merge keeps one match for the pair.
    make_match(kept, firm, waiting_days=2)
    make_match(other, firm, waiting_days=5, is_mutual=True)
    make_interest(other, make_firm(state="verified"), state=InterestState.PENDING)
    make_interest(other, firm, state=InterestState.DECLINED)
    invitation_factory(session_factory(), other)
    # Another possible duplicate of the discarded record, which the merge hands to the kept one.
    third = make_umkm(name="Kopi Tanjung Pura Jaya", regency=other.regency)
    make_candidate(other, third)
    return make_candidate(kept, other), kept, other


@pytest.mark.parametrize("step", list(STEPS))
def test_a_merge_that_fails_part_way_leaves_both_records_as_they_were(step):
    candidate, kept, other = _pair_with_everything()
    official = make_official()
    before = database_rows()
    function, call = STEPS[step]

    with failing_after(function, LOST, call) as calls, pytest.raises(OperationalError):
        duplicate_merge(candidate=candidate, keep=kept, official=official)

    assert len(calls) == call  # the step really ran and wrote before the failure
    assert differences(before, database_rows()) == {}
    assert Umkm.objects.filter(pk__in=[kept.pk, other.pk]).count() == 2
    assert Match.objects.filter(umkm=other).count() == 1
    assert DuplicateCandidate.objects.get(pk=candidate.pk).state == "pending"


def test_without_a_failure_the_same_merge_goes_through():
    # The control: each injection point is on the merge's path, and the merge writes.
    candidate, kept, other = _pair_with_everything()
    before = database_rows()

    duplicate_merge(candidate=candidate, keep=kept, official=make_official())

    assert not Umkm.objects.filter(pk=other.pk).exists()
    assert Umkm.objects.get(pk=kept.pk).owner_id == other.owner_id
    changed = differences(before, database_rows())
    for table in ("partnerships_umkm", "partnerships_product", "partnerships_match"):
        assert table in changed


# --- what the official sees ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("error", "status", "says"),
    [
        (LOST, 503, "The portal is briefly unavailable"),
        (BUG, 500, "Something went wrong"),
    ],
    ids=["database lost", "bug"],
)
def test_the_official_sees_a_short_error_page_and_both_records_stay(client, error, status, says):
    candidate, kept, _other = _pair_with_everything()
    official = make_official()
    client.force_login(official)
    client.raise_request_exception = False
    before = database_rows(leave_out=("django_session",))

    with failing_after("_move_rows", error, call=4):
        response = client.post(
            reverse("admin:partnerships_duplicatecandidate_merge", args=[candidate.pk, kept.pk])
        )

    assert response.status_code == status
    page = response.content.decode()
    with translation.override("id"):
        assert translation.gettext(says) in page
    assert "Traceback" not in page
    assert type(error).__name__ not in page
    assert differences(before, database_rows(leave_out=("django_session",))) == {}
