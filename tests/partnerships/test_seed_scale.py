"""``manage.py seed_scale``: synthetic data at national scale, on PostgreSQL only.

The loads here commit for real (transactional tests), so PostgreSQL checks every foreign key
and constraint as it would in a real run, and VACUUM runs as it does after a real load.
"""

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from partnerships import synthetic_data
from partnerships.models import (
    Certification,
    Commitment,
    Firm,
    Interest,
    Match,
    Need,
    RealisationReport,
    Umkm,
    VerificationState,
)
from tests.partnerships.factories import make_firm, make_umkm, make_user

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="seed_scale loads through PostgreSQL's COPY"
)


def seed(umkm: int = 300, firms: int = 20, **options) -> str:
    from io import StringIO

    output = StringIO()
    call_command("seed_scale", umkm=umkm, firms=firms, stdout=output, **options)
    return output.getvalue()


def table_sizes() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label == "partnerships"
    }


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data_after_flush")
class TestOnPostgresql:
    def test_it_loads_the_counts_asked_every_row_marked_synthetic(self):
        seed(umkm=300, firms=20)

        assert Umkm.objects.count() == 300
        assert Firm.objects.count() == 20
        assert not Umkm.objects.exclude(nib__startswith="99", email__endswith="@sintetis.invalid")
        assert not Firm.objects.exclude(
            nib__startswith="98", website__contains=".sintetis.invalid/"
        )
        for model in (Need, Interest, Match, Commitment, RealisationReport, Certification):
            assert model.objects.exists(), model
        # Everything else is synthetic through its parties.
        assert not Interest.objects.exclude(umkm__nib__startswith="99", firm__nib__startswith="98")
        assert not Commitment.objects.exclude(
            umkm__nib__startswith="99", firm__nib__startswith="98"
        )
        with connection.cursor() as cursor:
            assert synthetic_data.real_records(cursor) == []

    def test_the_rows_keep_the_constraints_once_committed(self):
        seed(umkm=300, firms=20)

        # The load committed, so PostgreSQL has checked every row; the models agree.
        for model in (Umkm, Firm, Need, Interest, Match, Commitment, RealisationReport):
            for row in model.objects.all()[:30]:
                row.full_clean()

    def test_it_prints_rows_seconds_and_rows_per_second_of_each_table(self):
        printed = seed(umkm=300, firms=20)

        assert "partnerships_umkm " in printed
        assert "partnerships_commitment " in printed
        assert "rows/s" in printed
        assert "VACUUM (ANALYZE) in" in printed
        assert "Search check:" in printed
        assert "Loaded 300 UMKM, 20 firms" in printed

    def test_the_directory_lists_and_searches_them(self, client):
        seed(umkm=300, firms=20)
        verified = Umkm.objects.filter(verification_state=VerificationState.VERIFIED)
        some = verified.prefetch_related("products").order_by("pk").first()
        word = some.products.all()[0].name.split()[0]

        with translation.override("en"):
            listed = client.get("/en/umkm/")
            searched = client.get("/en/umkm/", {"q": word})
            in_province = client.get("/en/umkm/", {"province": some.province.code})

        assert listed.status_code == 200
        assert listed.context["result_count"] == verified.count()
        assert searched.context["result_count"] >= 1
        assert some.pk in [u.pk for u in searched.context["page_obj"].paginator.object_list]
        assert (
            in_province.context["result_count"] == verified.filter(province=some.province).count()
        )

    def test_running_it_again_changes_nothing(self):
        seed(umkm=300, firms=20)
        once = table_sizes()

        printed = seed(umkm=300, firms=20)

        assert "Nothing to load" in printed
        assert table_sizes() == once

    def test_larger_figures_add_only_what_is_missing(self):
        seed(umkm=300, firms=20)
        interests = Interest.objects.count()

        printed = seed(umkm=350, firms=25)

        assert "Loading 50 UMKM and 5 firms" in printed
        assert (Umkm.objects.count(), Firm.objects.count()) == (350, 25)
        assert Umkm.objects.values("nib").distinct().count() == 350
        assert Interest.objects.count() >= interests

    @pytest.mark.parametrize("real", ["umkm", "firm", "account"])
    def test_it_refuses_a_database_with_a_real_record_and_writes_nothing(self, real):
        {"umkm": make_umkm, "firm": make_firm, "account": make_user}[real]()
        before = table_sizes()

        with pytest.raises(CommandError) as refusal:
            seed(umkm=50, firms=5)

        message = str(refusal.value)
        assert "Refused, nothing was written" in message
        expected = {
            "umkm": "UMKM without the synthetic marks (e.g. NIB 9",
            "firm": "firm(s) without the synthetic marks",
            "account": "user account(s) that are not officials'",
        }[real]
        assert expected in message
        assert table_sizes() == before

    def test_it_refuses_a_database_that_is_not_migrated(self, monkeypatch):
        from django.db.migrations.executor import MigrationExecutor

        monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: ["0099"])

        with pytest.raises(CommandError, match="not fully migrated"):
            seed()
        assert not Umkm.objects.exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal of SQLite")
def test_it_refuses_sqlite_with_a_clear_message():
    with pytest.raises(CommandError, match="runs on PostgreSQL only; this database is sqlite"):
        seed()
    assert not Umkm.objects.exists()


@pytest.mark.django_db
def test_it_refuses_counts_below_zero():
    with pytest.raises(CommandError, match="are counts"):
        seed(umkm=-1)
