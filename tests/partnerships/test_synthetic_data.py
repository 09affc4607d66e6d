"""The loader of synthetic records (partnerships/synthetic_data.py), behind seed_scale and the
benchmarks: PostgreSQL only, since it loads through COPY.

These tests run in the test's transaction, which never commits: the deferred foreign-key
checks are forced with SET CONSTRAINTS ALL IMMEDIATE; the CHECK and UNIQUE constraints are
checked by PostgreSQL row by row as COPY writes.
"""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.utils import timezone

from partnerships import synthetic_data
from partnerships.business_size import classify_business
from partnerships.models import (
    Certification,
    Commitment,
    CommitmentStage,
    Firm,
    Interest,
    InterestState,
    KbliCode,
    Match,
    Need,
    NeedState,
    Product,
    QueueState,
    RealisationReport,
    ReportState,
    Umkm,
    VerificationState,
)
from partnerships.recommendations import (
    capacity_by_unit_of,
    certified_until_of,
    kbli_prefix_text,
)
from partnerships.services.search_documents import need_search_text, umkm_search_text
from tests.partnerships.factories import make_firm, make_umkm

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the loader uses PostgreSQL's COPY"
    ),
]


def load(umkm: int, firms: int = 0, **options) -> synthetic_data.LoadReport:
    connection.ensure_connection()
    report = synthetic_data.load(
        connection.connection, umkm=umkm, firms=firms, analyze=False, **options
    )
    with connection.cursor() as cursor:
        # Foreign keys are checked at commit, which a test never reaches: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return report


def test_it_loads_umkm_firms_and_needs_that_the_models_accept():
    report = load(300, firms=10)

    assert (report.umkm, report.firms) == (300, 10)
    assert Umkm.objects.count() == 300
    assert Firm.objects.count() == 10
    assert Need.objects.count() == report.needs > 0
    assert report.rows["partnerships_umkm_kbli_codes"] >= 300
    assert Product.objects.count() >= 300
    for umkm in Umkm.objects.prefetch_related("kbli_codes", "products")[:25]:
        umkm.full_clean()
        assert 1 <= len(umkm.kbli_codes.all()) <= 3
        assert {kbli.level for kbli in umkm.kbli_codes.all()} == {"subclass"}
        for product in umkm.products.all():
            product.full_clean()
    for certification in Certification.objects.all()[:25]:
        certification.full_clean()
    for firm in Firm.objects.all():
        firm.full_clean()
    for need in Need.objects.all()[:25]:
        need.full_clean()


def test_each_size_class_follows_the_figures_and_each_verification_has_its_times():
    load(300)

    for umkm in Umkm.objects.all():
        size = classify_business(capital=umkm.capital, annual_sales=umkm.annual_sales)
        assert (umkm.size_class, umkm.size_criterion) == (size.size, size.criterion)
        assert umkm.size_class != "large"
        if umkm.verification_state != VerificationState.DRAFT:
            assert umkm.created_at <= umkm.submitted_at
        if umkm.reviewed_at:
            assert umkm.submitted_at <= umkm.reviewed_at
        assert umkm.year_founded <= umkm.created_at.year


def test_the_records_are_spread_roughly_as_in_indonesia():
    load(300, firms=10)
    umkm = list(Umkm.objects.select_related("province"))
    share = Counter(u.province.code[0] for u in umkm)
    states = Counter(u.verification_state for u in umkm)
    sections = Counter(
        KbliCode.objects.filter(umkm__isnull=False).values_list("section", flat=True)
    )

    assert 0.45 <= share["3"] / 300 <= 0.65  # Jawa
    assert 0.14 <= (share["1"] + share["2"]) / 300 <= 0.30  # Sumatera, with Kepulauan Riau
    assert 0.70 <= states[VerificationState.VERIFIED] / 300 <= 0.90
    assert Umkm.objects.filter(size_class="micro").count() / 300 >= 0.75
    assert [section for section, _ in sections.most_common(2)] == ["C", "G"]
    assert len(sections) >= 8
    assert Need.objects.filter(state=NeedState.OPEN).exists()


def test_every_record_carries_the_synthetic_marks():
    load(20, firms=3)

    assert all(nib.startswith("99") for nib in Umkm.objects.values_list("nib", flat=True))
    assert all(nib.startswith("98") for nib in Firm.objects.values_list("nib", flat=True))
    with connection.cursor() as cursor:
        assert synthetic_data.real_record_counts(cursor) == (0, 0)
        assert synthetic_data.real_records(cursor) == []
        assert synthetic_data.synthetic_counts(cursor) == (20, 3)


def test_loading_again_continues_the_series_of_nibs():
    load(10, firms=2)
    load(10, firms=2)

    assert Umkm.objects.values("nib").distinct().count() == 20
    assert max(Umkm.objects.values_list("nib", flat=True)) == "9900000000020"
    assert Firm.objects.count() == 4
    # The identity continues after the ids the loader chose.
    assert make_umkm().pk == 21


@pytest.mark.parametrize("real", ["umkm", "firm"])
def test_it_refuses_a_database_holding_a_real_record(real):
    make_umkm() if real == "umkm" else make_firm()
    connection.ensure_connection()

    with pytest.raises(synthetic_data.RealRecordsPresent, match="without the synthetic marks"):
        synthetic_data.load(connection.connection, umkm=5, firms=1)
    assert Umkm.objects.count() == (1 if real == "umkm" else 0)


def test_the_search_documents_are_the_portals_own():
    load(200, firms=10)

    for umkm in Umkm.objects.select_related("province", "regency").prefetch_related(
        "products", "kbli_codes"
    ):
        assert umkm.search_text == umkm_search_text(umkm)
        assert umkm.kbli_prefixes == kbli_prefix_text(
            (code.section, code.code) for code in umkm.kbli_codes.all()
        )
        assert umkm.certified_until == certified_until_of(
            umkm.certifications.values_list("kind", "expires_on")
        )
        assert umkm.capacity_by_unit == capacity_by_unit_of(
            umkm.products.values_list("unit", "monthly_capacity")
        )
    for need in Need.objects.select_related("firm").prefetch_related("kbli_codes", "locations"):
        assert need.search_text == need_search_text(need)


def test_firms_meet_umkm_mostly_of_their_own_provinces_and_divisions():
    load(2_000, firms=40)
    interests = list(Interest.objects.select_related("umkm", "firm"))
    firm_provinces = {
        firm.pk: {place.province_id for place in firm.locations.all()}
        for firm in Firm.objects.prefetch_related("locations")
    }
    local = [i for i in interests if i.umkm.province_id in firm_provinces[i.firm_id]]

    assert len(interests) >= 40 * 5
    assert len(local) / len(interests) >= 0.5
    assert Interest.objects.filter(need__isnull=False).exists()
    assert Interest.objects.filter(need__isnull=True).exists()
    assert set(Interest.objects.values_list("state", flat=True)) == set(InterestState.values)


def test_interests_and_matches_keep_the_models_rules():
    load(2_000, firms=40)
    now = timezone.now()

    for interest in Interest.objects.all()[:200]:
        interest.full_clean()
        assert interest.umkm.verification_state == VerificationState.VERIFIED
        assert interest.firm.verification_state == VerificationState.VERIFIED
        assert interest.need is None or interest.need.firm_id == interest.firm_id
    pending = Interest.objects.filter(state=InterestState.PENDING)
    assert pending.exists()
    assert not pending.filter(expires_at__lte=now).exists()
    assert not Interest.objects.exclude(state=InterestState.PENDING).filter(answered_at=None)
    accepted = Interest.objects.filter(state=InterestState.ACCEPTED)
    assert accepted.exists()
    assert not accepted.filter(match=None).exists()
    assert not Interest.objects.filter(answered_at__gt=now).exists()
    for match in Match.objects.all()[:200]:
        match.full_clean()
        assert match.interests.filter(state=InterestState.ACCEPTED).exists()
    assert Match.objects.filter(is_mutual=True).exists()
    assert Match.objects.filter(queue_state=QueueState.WAITING).exists()
    assert Match.objects.exclude(queue_state=QueueState.WAITING).exists()
    assert not Match.objects.filter(Q(matched_at__gt=now) | Q(left_at__gt=now)).exists()


def test_commitments_add_up_their_confirmed_reports_within_their_value():
    load(3_000, firms=60)
    today = timezone.localdate()
    commitments = Commitment.objects.annotate(
        confirmed=Sum(
            "realisation_reports__value",
            filter=Q(realisation_reports__state=ReportState.CONFIRMED),
        )
    )

    assert commitments.count() >= 20
    assert {c.stage for c in commitments} >= {
        CommitmentStage.STATEMENT,
        CommitmentStage.IN_PROGRESS,
    }
    for commitment in commitments:
        commitment.full_clean()
        assert isinstance(commitment.value, int)
        assert commitment.value % 1_000_000 == 0
        assert (commitment.confirmed or 0) == commitment.realised_value <= commitment.value
        assert commitment.statement_signed_on <= today
        assert commitment.match.umkm_id == commitment.umkm_id
        assert commitment.match.firm_id == commitment.firm_id
    for report in RealisationReport.objects.all()[:200]:
        report.full_clean()
        assert report.period_end <= today + timedelta(days=1)


def test_a_seed_gives_the_same_records():
    def fingerprint():
        return (
            list(Umkm.objects.order_by("nib").values_list("name", "regency_id", "capital")),
            list(Interest.objects.order_by("umkm_id", "firm_id", "direction").values_list(
                "umkm_id", "firm_id", "state"
            )),
            list(Commitment.objects.order_by("pk").values_list("umkm_id", "firm_id", "value")),
        )  # fmt: skip

    load(500, firms=10, seed=7)
    first = fingerprint()
    for model in (Interest, Commitment, Match, Need, Firm, Umkm):
        model.objects.all().delete()
    load(500, firms=10, seed=7)

    # The NIB series continues, so ids differ; what the records say does not.
    second = fingerprint()
    assert [row[0] for row in second[0]] == [row[0] for row in first[0]]
    assert len(second[1]) == len(first[1])
    assert len(second[2]) == len(first[2])
