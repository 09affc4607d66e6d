from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from partnerships.business_size import BusinessSize
from partnerships.charts import WIDTH, bar_chart, shorten
from partnerships.models import Commitment, CommitmentStage, PartnershipPattern
from partnerships.models.commitments import MAX_COMMITMENT_VALUE
from partnerships.statistics import programme_headline, programme_statistics
from tests.partnerships.factories import PMA_FROM_JAPAN, make_firm
from tests.partnerships.factories_commitments import make_commitment
from tests.partnerships.factories_statistics import commitment_in, moved_up, umkm_in

pytestmark = pytest.mark.django_db

TRILLION = 10**12


def realise(commitment: Commitment, value: int) -> Commitment:
    """The confirmed realisation as the services keep it (their own tests cover how)."""
    Commitment.objects.filter(pk=commitment.pk).update(realised_value=value)
    commitment.refresh_from_db()
    return commitment


def keyed(rows) -> dict[str, tuple[int, int]]:
    return {row.key: (row.commitments, row.value) for row in rows}


class TestAnEmptyProgramme:
    def test_it_counts_nothing_and_says_it_is_empty(self):
        statistics = programme_statistics()
        assert statistics.is_empty
        headline = statistics.headline
        assert (headline.committed, headline.realised, headline.commitments) == (0, 0, 0)
        assert (headline.firms, headline.umkm) == (0, 0)
        assert headline.realised_percent is None
        assert statistics.by_province == ()
        assert statistics.by_section == ()
        assert statistics.by_pattern == ()
        assert statistics.by_month == ()
        assert statistics.naik_kelas.umkm == 0
        assert statistics.naik_kelas.moves == ()

    def test_its_date_is_today_in_jakarta(self):
        from django.utils import timezone

        assert programme_statistics().as_of == timezone.localdate()


class TestTotals:
    def test_the_total_committed_is_the_exact_sum_of_the_records_at_trillion_scale(self):
        values = [MAX_COMMITMENT_VALUE, 98_765_432_101_234, 1_234_567_890_123, 1, 999_999_999]
        for value in values:
            make_commitment(value=value)
        headline = programme_headline()
        assert headline.committed == sum(values)
        assert headline.committed == sum(Commitment.objects.values_list("value", flat=True))
        assert isinstance(headline.committed, int)

    def test_cancelled_commitments_are_not_counted_anywhere(self):
        kept = commitment_in("3273", ("10761",), value=3 * TRILLION)
        commitment_in("5171", ("46206",), value=7 * TRILLION, stage=CommitmentStage.CANCELLED)
        statistics = programme_statistics()
        assert statistics.headline.committed == 3 * TRILLION
        assert statistics.headline.commitments == 1
        assert (statistics.headline.firms, statistics.headline.umkm) == (1, 1)
        assert keyed(statistics.by_province) == {"32": (1, 3 * TRILLION)}
        assert keyed(statistics.by_section) == {"C": (1, 3 * TRILLION)}
        assert [row.key for row in statistics.by_month] == [f"{kept.statement_signed_on:%Y-%m}"]

    def test_pre_contract_and_contract_values_are_told_apart(self):
        make_commitment(value=100, stage=CommitmentStage.STATEMENT)
        make_commitment(value=2_000, stage=CommitmentStage.AGREEMENT)
        make_commitment(value=30_000, stage=CommitmentStage.IN_PROGRESS)
        make_commitment(value=400_000, stage=CommitmentStage.REALISED)
        make_commitment(value=5_000_000, stage=CommitmentStage.CANCELLED)
        headline = programme_headline()
        assert headline.pre_contract == 100
        assert headline.contract == 432_000
        assert headline.committed == headline.pre_contract + headline.contract == 432_100

    def test_realised_is_the_confirmed_realisation_and_its_share_exact(self):
        realise(make_commitment(value=3 * TRILLION, stage=CommitmentStage.IN_PROGRESS), TRILLION)
        make_commitment(value=3 * TRILLION)
        realise(make_commitment(value=TRILLION, stage=CommitmentStage.CANCELLED), 500_000_000_000)
        headline = programme_headline()
        assert headline.realised == TRILLION
        assert headline.realised_percent == Decimal("16.7")  # 1 of 6 trillion

    def test_distinct_firms_and_umkm_are_counted_once_with_pma_and_pmdn_apart(self):
        japanese = make_firm(**PMA_FROM_JAPAN)
        domestic = make_firm()
        umkm = umkm_in()
        make_commitment(firm=japanese, umkm=umkm)
        make_commitment(firm=japanese, umkm=umkm_in())
        make_commitment(firm=domestic, umkm=umkm)
        headline = programme_headline()
        assert headline.commitments == 3
        assert (headline.firms, headline.pma_firms, headline.pmdn_firms) == (2, 1, 1)
        assert headline.umkm == 2


class TestByProvince:
    def test_it_counts_the_umkm_province_largest_value_first(self):
        commitment_in("3273", value=100)
        commitment_in("3273", value=250)
        commitment_in("5171", value=500)
        commitment_in("3578", value=50)
        rows = programme_statistics().by_province
        assert [(row.label, row.commitments, row.value) for row in rows] == [
            ("Bali", 1, 500),
            ("Jawa Barat", 2, 350),
            ("Jawa Timur", 1, 50),
        ]


class TestBySection:
    def test_each_commitment_counts_once_under_the_umkm_lowest_code(self):
        # Coffee roasting (C) and fish wholesale (G): the main line is C.
        commitment_in(kbli=("46206", "10761"), value=1_000)
        commitment_in(kbli=("46206",), value=300)
        commitment_in(kbli=(), value=20)
        statistics = programme_statistics()
        assert keyed(statistics.by_section) == {"C": (1, 1_000), "G": (1, 300), "": (1, 20)}
        assert sum(row.value for row in statistics.by_section) == statistics.headline.committed

    def test_the_sections_are_named_in_the_active_language(self):
        commitment_in(kbli=("10761",), value=2)
        commitment_in(kbli=(), value=1)
        with translation.override("en"):
            labels = [row.label for row in programme_statistics().by_section]
        assert labels == ["C · Manufacturing", "not stated"]
        labels = [row.label for row in programme_statistics().by_section]
        assert labels[0] == "C · Industri Pengolahan"

    def test_an_umkm_with_several_commitments_counts_each_under_its_main_section(self):
        umkm = umkm_in(kbli=("41011", "10761"))
        make_commitment(umkm=umkm, value=10)
        make_commitment(umkm=umkm, value=5, statement_signed_on=date(2021, 1, 18))
        assert keyed(programme_statistics().by_section) == {"C": (2, 15)}


class TestByPattern:
    def test_it_names_each_pattern_largest_value_first(self):
        make_commitment(pattern=PartnershipPattern.SUPPLY_CHAIN, value=10)
        make_commitment(pattern=PartnershipPattern.SUPPLY_CHAIN, value=15)
        make_commitment(pattern=PartnershipPattern.SUBCONTRACTING, value=40)
        with translation.override("en"):
            rows = programme_statistics().by_pattern
        assert [(row.key, row.label, row.commitments, row.value) for row in rows] == [
            ("subkontrak", "subcontracting (subkontrak)", 1, 40),
            ("rantai_pasok", "supply chain (rantai pasok)", 2, 25),
        ]


class TestByMonth:
    def test_months_run_in_order_and_read_like_januari_2021(self):
        make_commitment(statement_signed_on=date(2021, 3, 2), value=7)
        make_commitment(statement_signed_on=date(2021, 1, 18), value=5)
        make_commitment(statement_signed_on=date(2021, 1, 31), value=6)
        make_commitment(statement_signed_on=date(2020, 12, 1), value=1)
        rows = programme_statistics().by_month
        assert [(row.key, row.label, row.commitments, row.value) for row in rows] == [
            ("2020-12", "Desember 2020", 1, 1),
            ("2021-01", "Januari 2021", 2, 11),
            ("2021-03", "Maret 2021", 1, 7),
        ]
        with translation.override("en"):
            assert programme_statistics().by_month[1].label == "January 2021"


class TestNaikKelas:
    def test_each_umkm_counts_once_and_each_move_by_its_classes(self):
        twice = umkm_in()
        moved_up(twice, BusinessSize.MICRO, BusinessSize.SMALL, changed_on=date(2022, 1, 1))
        moved_up(twice, BusinessSize.SMALL, BusinessSize.MEDIUM, changed_on=date(2023, 1, 1))
        moved_up(umkm_in(), BusinessSize.MICRO, BusinessSize.SMALL)
        moved_up(umkm_in(), BusinessSize.MICRO, BusinessSize.MEDIUM)
        with translation.override("en"):
            naik_kelas = programme_statistics().naik_kelas
        assert naik_kelas.umkm == 3
        assert [(move.label, move.umkm) for move in naik_kelas.moves] == [
            ("micro → small", 2),
            ("micro → medium", 1),
            ("small → medium", 1),
        ]


class TestQueries:
    @pytest.mark.parametrize("count", [3, 30])
    def test_the_statistics_take_eight_queries_whatever_their_size(
        self, count, django_assert_num_queries
    ):
        for number in range(count):
            commitment_in(
                ("3273", "5171", "3578")[number % 3],
                (("10761",), ("46206",), ())[number % 3],
                value=TRILLION + number,
                statement_signed_on=date(2021, 1 + number % 12, 18),
            )
            moved_up(umkm_in())
        with django_assert_num_queries(8):
            statistics = programme_statistics()
        assert statistics.headline.commitments == count

    def test_the_headline_takes_one_query(self, django_assert_num_queries):
        make_commitment()
        with django_assert_num_queries(1):
            programme_headline()


class TestBarChart:
    def test_the_largest_bar_fills_the_width_and_the_others_follow_it(self):
        chart = bar_chart([("Jawa Barat", 300, "Rp300"), ("Bali", 100, "Rp100"), ("Aceh", 0, "")])
        assert [bar.bar_width for bar in chart.bars] == [str(WIDTH), "133.3", "0"]
        assert [bar.label_y for bar in chart.bars] == ["15", "55", "95"]
        assert chart.view_box == "0 0 400 120"

    def test_a_tiny_share_still_shows_and_nothing_is_a_float(self):
        chart = bar_chart([("big", 100 * TRILLION, ""), ("small", 1, "")])
        assert chart.bars[1].bar_width == "1"
        assert all("e" not in bar.bar_width.lower() for bar in chart.bars)

    def test_an_empty_chart_has_a_height(self):
        assert bar_chart([]).bars == ()
        assert bar_chart([]).height == "40"

    def test_long_labels_are_cut_for_the_chart(self):
        label = "G · Perdagangan Besar Dan Eceran; Reparasi Dan Perawatan Mobil Dan Sepeda Motor"
        short = shorten(label)
        assert len(short) <= 34
        assert short.endswith("…")
        assert shorten("Bali") == "Bali"
