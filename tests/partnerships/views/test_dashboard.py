"""/dashboard/ leads each kind of person through their profile and shows its state."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partnerships.models import Certification, FirmRepresentative, KbliCode, Product
from partnerships.models import VerificationState as State
from tests.partnerships.factories import make_firm, make_umkm, regency

pytestmark = pytest.mark.django_db


def complete(umkm):
    umkm.kbli_codes.add(KbliCode.objects.get(code="10794"))
    Product.objects.create(
        umkm=umkm, name="Keripik tempe", unit="kg", monthly_capacity=500, minimum_order=10
    )
    return umkm


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_new_owner_is_invited_to_start_the_business_profile(client, umkm_owner):
    client.force_login(umkm_owner)
    response = client.get("/dashboard/")
    assert response.status_code == 200
    assert "/dashboard/umkm/profile/" in response.text
    assert "Submit for verification" not in response.text


def test_an_owner_sees_the_steps_left_and_the_draft_state(client, umkm_owner):
    make_umkm(owner=umkm_owner, name="Keripik Tempe Bu Sri")
    client.force_login(umkm_owner)
    response = client.get("/en/dashboard/")
    assert "Keripik Tempe Bu Sri" in response.text
    assert "Not submitted yet" in response.text
    assert "1 of 3 required steps done" in response.text
    assert "You can submit once the required steps are done. Next: Line of business" in (
        " ".join(response.text.split())
    )


def test_the_size_class_is_shown_with_the_criterion_that_decided_it(client, umkm_owner):
    make_umkm(owner=umkm_owner, capital=150_000_000, annual_sales=3_000_000_000)
    client.force_login(umkm_owner)
    response = client.get("/en/dashboard/")
    assert "Small: annual sales of Rp3.000.000.000, above Rp2 miliar up to Rp15 miliar" in (
        response.text
    )


def test_a_large_business_is_told_the_programme_is_for_umkm_and_cannot_submit(client, umkm_owner):
    umkm = complete(make_umkm(owner=umkm_owner, capital=0, annual_sales=80_000_000_000))
    client.force_login(umkm_owner)
    response = client.get("/en/dashboard/")
    assert "the programme is for UMKM" in response.text
    assert "Submit for verification</button>" not in response.text
    client.post(reverse("umkm_submit"))
    umkm.refresh_from_db()
    assert umkm.verification_state == State.DRAFT


def test_a_complete_profile_can_be_submitted(client, umkm_owner):
    umkm = complete(make_umkm(owner=umkm_owner))
    client.force_login(umkm_owner)
    assert "Submit for verification</button>" in client.get("/en/dashboard/").text
    response = client.post(reverse("umkm_submit"), follow=True)
    umkm.refresh_from_db()
    assert umkm.verification_state == State.SUBMITTED
    assert umkm.submitted_at is not None
    assert "An official will check your profile" in response.text


def test_an_incomplete_profile_cannot_be_submitted(client, umkm_owner):
    umkm = make_umkm(owner=umkm_owner)
    client.force_login(umkm_owner)
    response = client.post(reverse("umkm_submit"), follow=True)
    umkm.refresh_from_db()
    assert umkm.verification_state == State.DRAFT
    assert response.status_code == 200


def test_a_rejected_owner_reads_the_reason_and_can_submit_again(client, umkm_owner, official):
    umkm = complete(
        make_umkm(
            owner=umkm_owner,
            state=State.REJECTED,
            official=official,
            rejection_reason="The NIB does not match OSS.",
        )
    )
    client.force_login(umkm_owner)
    response = client.get("/en/dashboard/")
    assert "The NIB does not match OSS." in response.text
    client.post(reverse("umkm_submit"))
    umkm.refresh_from_db()
    assert umkm.verification_state == State.SUBMITTED


def test_submitting_needs_post(client, umkm_owner):
    complete(make_umkm(owner=umkm_owner))
    client.force_login(umkm_owner)
    assert client.get(reverse("umkm_submit")).status_code == 405


def test_a_firm_representative_cannot_submit_an_umkm(client, firm_representative):
    client.force_login(firm_representative)
    assert client.post(reverse("umkm_submit")).status_code == 403


def test_an_owner_without_a_profile_cannot_submit(client, umkm_owner):
    client.force_login(umkm_owner)
    assert client.post(reverse("umkm_submit")).status_code == 404


def test_a_firm_representative_is_led_through_the_firm_profile(client, firm_representative):
    client.force_login(firm_representative)
    assert "/dashboard/firm/profile/" in client.get("/dashboard/").text
    firm = make_firm(name="PT Karawang Presisi")
    FirmRepresentative.objects.create(firm=firm, user=firm_representative)
    response = client.get("/en/dashboard/")
    assert "PT Karawang Presisi" in response.text
    assert "Sectors (KBLI)" in response.text


def test_a_complete_firm_can_be_submitted(client, firm_representative):
    from partnerships.models import Regency

    firm = make_firm()
    FirmRepresentative.objects.create(firm=firm, user=firm_representative)
    firm.sectors.add(KbliCode.objects.get(code="29300"))
    firm.locations.add(Regency.objects.get(code="3215"))
    client.force_login(firm_representative)
    client.post(reverse("firm_submit"))
    firm.refresh_from_db()
    assert firm.verification_state == State.SUBMITTED


def test_an_official_is_pointed_to_the_verification_queue(client, official):
    make_umkm(verification_state=State.SUBMITTED, submitted_at="2026-11-01T10:00+07:00")
    client.force_login(official)
    response = client.get("/en/dashboard/")
    assert "1 UMKM awaiting verification" in response.text
    assert "/admin/" in response.text


def test_a_person_without_a_role_sees_no_profile_steps(client, outsider):
    client.force_login(outsider)
    response = client.get("/en/dashboard/")
    assert response.status_code == 200
    assert "neither an UMKM owner" in response.text


def test_the_dashboard_links_to_the_personal_data_pages(client, umkm_owner):
    client.force_login(umkm_owner)
    response = client.get("/dashboard/")
    assert "/accounts/data/" in response.text
    assert "/accounts/delete/" in response.text


def test_the_optional_steps_do_not_block_submission(client, umkm_owner):
    umkm = complete(make_umkm(owner=umkm_owner))
    assert not Certification.objects.filter(umkm=umkm).exists()
    client.force_login(umkm_owner)
    client.post(reverse("umkm_submit"))
    umkm.refresh_from_db()
    assert umkm.verification_state == State.SUBMITTED


# --- matchmaking on the dashboard -------------------------------------------------------------


def test_a_verified_owner_sees_the_interest_to_answer_and_the_needs_that_fit(client):
    from tests.partnerships.factories_interests import make_interest, make_pair
    from tests.partnerships.factories_matching import make_seeking_firm

    pair = make_pair(name="Keripik Tempe Bu Sri")
    pair.umkm.kbli_codes.set(KbliCode.objects.filter(code="10794"))
    make_interest(pair, message="Kami ingin bertemu.")
    make_seeking_firm(sectors=["10794"], locations=["3273"], name="PT Ritel Nusantara")
    client.force_login(pair.owner)
    page = client.get(reverse("dashboard")).content.decode()
    assert f"/dashboard/interests/{pair.umkm.interests.get().pk}/" in page
    assert "PT Ritel Nusantara" in page
    assert 'id="recommendations-heading"' in page


def test_a_verified_firm_sees_the_umkm_recommended_for_it_with_reasons(client):
    from tests.partnerships.factories_interests import make_pair

    pair = make_pair(name="Keripik Tempe Bu Sri", regency=regency("3273"))
    pair.umkm.kbli_codes.set(KbliCode.objects.filter(code="10794"))
    pair.firm.sectors.set(KbliCode.objects.filter(code="10794"))
    client.force_login(pair.representative)
    response = client.get(reverse("dashboard"))
    [recommendation] = response.context["recommendations"]
    assert recommendation.umkm == pair.umkm
    page = response.content.decode()
    assert "Keripik Tempe Bu Sri" in page
    for reason in recommendation.score.reasons:
        assert str(reason) in page
    assert f"/dashboard/interests/new/?umkm={pair.umkm.pk}" in page


def test_an_unverified_party_sees_no_interests_or_recommendations_yet(client, umkm_owner):
    complete(make_umkm(owner=umkm_owner, state=State.SUBMITTED))
    client.force_login(umkm_owner)
    response = client.get(reverse("dashboard"))
    assert "recommendations" not in response.context
    assert 'id="interests-heading"' not in response.content.decode()


def test_the_firm_dashboard_runs_as_many_queries_for_one_interest_as_for_many(
    client, django_assert_num_queries
):
    from tests.partnerships.factories_interests import make_interest, make_pair

    pair = make_pair()
    make_interest(pair, direction="from_umkm")
    client.force_login(pair.representative)
    client.get(reverse("dashboard"))  # warms the session and the reference caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard"))
    for _ in range(6):
        # Awaiting verification, so the recommendations (whose queries depend on where the
        # candidates are) stay the same: only the interests grow.
        other = make_pair(umkm_state=State.SUBMITTED)
        make_interest(
            type(pair)(other.umkm, other.owner, pair.firm, pair.representative),
            direction="from_umkm",
        )
    with django_assert_num_queries(len(few)):
        client.get(reverse("dashboard"))
