"""The benchmarks' loader of synthetic records (benchmarks/synthetic_data.py): PostgreSQL
only, since it loads through COPY."""

from collections import Counter

import pytest
from django.db import connection

from benchmarks import synthetic_data
from partnerships.business_size import classify_business
from partnerships.models import (
    Certification,
    Firm,
    KbliCode,
    Need,
    NeedState,
    Product,
    Umkm,
    VerificationState,
)
from tests.partnerships.factories import make_firm, make_umkm

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the loader uses PostgreSQL's COPY"
    ),
]


def load(umkm: int, firms: int = 0) -> synthetic_data.LoadReport:
    connection.ensure_connection()
    report = synthetic_data.load(connection.connection, umkm=umkm, firms=firms, analyze=False)
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

    with pytest.raises(synthetic_data.RealRecordsPresent):
        synthetic_data.load(connection.connection, umkm=5, firms=1)
    assert Umkm.objects.count() == (1 if real == "umkm" else 0)
