import re
from datetime import date

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from partnerships.business_size import BusinessSize
from partnerships.models import CommitmentStage, PartnershipPattern, VerificationState
from tests.partnerships.factories import PMA_FROM_JAPAN, make_firm, make_full_umkm
from tests.partnerships.factories_commitments import make_commitment, make_report
from tests.partnerships.factories_statistics import commitment_in, moved_up, umkm_in

pytestmark = pytest.mark.django_db

TRILLION = 10**12


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def ceremony_figures():
    """Rp1,5 triliun in all: one trillion under contract in Jawa Barat, half a trillion
    pre-contract in Bali, of which Rp250 miliar realised."""
    contract = commitment_in("3273", ("10761",), value=TRILLION, stage=CommitmentStage.IN_PROGRESS)
    commitment_in(
        "5171",
        ("46206",),
        value=500_000_000_000,
        pattern=PartnershipPattern.SUBCONTRACTING,
        statement_signed_on=date(2021, 1, 18),
    )
    type(contract).objects.filter(pk=contract.pk).update(realised_value=250_000_000_000)
    moved_up(contract.umkm, BusinessSize.MICRO, BusinessSize.SMALL)


class TestTheStatisticsPage:
    def test_it_shows_the_totals_in_indonesian_words_and_in_full(self, client):
        ceremony_figures()
        page = html(client.get("/statistics/"))
        assert '<html lang="id">' in page
        assert "Rp1,5 triliun" in page
        assert "Rp1.500.000.000.000" in page
        assert "Rp250 miliar" in page  # realised
        assert "16,7%" in page  # of the value committed
        assert f"{timezone.localdate().day} " in page

    def test_it_speaks_english_under_en(self, client):
        ceremony_figures()
        page = html(client.get("/en/statistics/"))
        assert '<html lang="en">' in page
        assert "Programme statistics" in page
        assert "Rp1.5 trillion" in page
        assert "Rp1,500,000,000,000" in page
        assert "pre-contract (statement of commitment)" in page
        assert "Rp500 billion" in page
        assert "January 2021" in page
        assert "C · Manufacturing" in page
        assert "subcontracting (subkontrak)" in page
        assert "Micro → small" in page

    def test_each_breakdown_has_a_hidden_chart_beside_a_table_of_its_numbers(self, client):
        ceremony_figures()
        page = html(client.get("/en/statistics/"))
        for section in ("province", "sector", "pattern", "month", "naik-kelas"):
            assert f'id="{section}-caption"' in page
        assert page.count("<table") == 5
        assert page.count('<svg class="stat-chart"') == 5
        assert page.count('aria-hidden="true" focusable="false"') >= 5
        assert '<th scope="col">Province</th>' in page
        assert '<th scope="row">Bali</th>' in page
        assert "Rp500,000,000,000" in page
        assert 'style="' not in page
        assert "<script>" not in page

    def test_its_title_and_description_say_what_it_counts(self, client):
        page = html(client.get("/en/statistics/"))
        assert "<title>Programme statistics: partnership commitments" in page
        description = re.search(r'<meta name="description" content="([^"]+)">', page).group(1)
        assert "realised" in description
        assert 50 < len(description) <= 200

    def test_an_empty_programme_says_nothing_is_recorded_yet(self, client):
        page = html(client.get("/en/statistics/"))
        assert "No commitments have been recorded yet." in page
        assert "<table" not in page
        assert "<svg" not in page

    def test_cancelled_commitments_are_left_out(self, client):
        make_commitment(value=TRILLION)
        make_commitment(value=7 * TRILLION, stage=CommitmentStage.CANCELLED)
        page = html(client.get("/en/statistics/"))
        assert "Rp1 trillion" in page
        assert "Rp8 trillion" not in page
        assert "Rp7 trillion" not in page

    def test_a_commitment_shows_the_moment_it_is_recorded(self, client):
        make_commitment(value=TRILLION)
        assert "Rp1 trillion" in html(client.get("/en/statistics/"))
        make_commitment(value=TRILLION // 2)
        assert "Rp1.5 trillion" in html(client.get("/en/statistics/"))

    def test_it_names_nobody(self, client, settings):
        umkm = make_full_umkm(
            email="kopi.tanjung@example.test",
            phone="+6281398765432",
            state=VerificationState.VERIFIED,
        )
        firm = make_firm(name="PT Sinar Rahasia Abadi", npwp="013000666091000", **PMA_FROM_JAPAN)
        commitment = make_commitment(
            umkm=umkm,
            firm=firm,
            firm_signatory="Bambang Sutrisno",
            firm_signatory_title="Direktur Utama",
            umkm_signatory="Dewi Lestari",
            scope="Kopi robusta sangrai 400 kg sebulan untuk kantin pabrik Cikarang.",
        )
        commitment.statement_document.save("surat-komitmen-kopi.pdf", ContentFile(b"%PDF-1.4"))
        make_report(commitment, notes="Dikirim ke gudang Cikarang oleh kurir Pak Joko.")
        private = [
            umkm.name,
            umkm.owner_name,
            umkm.owner_nik,
            umkm.npwp,
            umkm.email,
            str(umkm.phone),
            "8139876543",
            umkm.address,
            umkm.owner.email,
            umkm.owner.name,
            firm.name,
            firm.npwp,
            commitment.firm_signatory,
            commitment.umkm_signatory,
            commitment.scope,
            commitment.statement_document.name,
            "surat-komitmen",
            "private/",
            "Pak Joko",
        ]
        for language in ("", "/en"):
            page = html(client.get(f"{language}/statistics/"))
            assert "Rp250" in page  # the page did count it
            for text in private:
                assert text
                assert text not in page, text

    def test_it_takes_the_same_queries_for_few_and_many_commitments(
        self, client, django_assert_num_queries
    ):
        for count in (2, 10):
            for number in range(count):
                commitment_in(
                    ("3273", "5171", "3578")[number % 3],
                    (("10761",), ("46206",), ())[number % 3],
                    value=TRILLION + number,
                    statement_signed_on=date(2021, 1 + number % 12, 18),
                )
                moved_up(umkm_in())
            with django_assert_num_queries(8):
                client.get("/statistics/")

    def test_shared_caches_may_keep_it_briefly_but_browsers_ask_again(self, client):
        response = client.get("/statistics/")
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=0", "s-maxage=300"}

    def test_a_signed_in_visitors_copy_is_for_their_browser_only(self, client, umkm_owner):
        client.force_login(umkm_owner)
        response = client.get("/statistics/")
        assert response.status_code == 200
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= cache_control
        assert "public" not in cache_control

    def test_it_only_answers_reading(self, client):
        assert client.post("/statistics/").status_code == 405
        assert client.head("/statistics/").status_code == 200


class TestTheHomePage:
    def test_it_shows_the_live_totals_beside_the_2021_ceremony(self, client):
        ceremony_figures()
        make_commitment(value=TRILLION, stage=CommitmentStage.CANCELLED)
        page = html(client.get("/en/"))
        live = page.split('id="programme-figures"')[1].split("</section>")[0]
        assert "Rp1.5 trillion" in live
        assert "Rp1,500,000,000,000" in live
        assert "Rp250 billion" in live
        assert "<dd>2</dd>" in live  # firms, and UMKM
        assert 'href="/en/statistics/"' in live
        assert "It began on 18 January 2021" in page
        assert "196 UMKM" in page

    def test_it_says_when_nothing_is_recorded_yet(self, client):
        page = html(client.get("/"))
        assert 'href="/statistics/"' in page
        assert "Rp1,5 triliun" in page  # the ceremony, still told

    @pytest.mark.parametrize("count", [2, 10])
    def test_it_takes_one_query_whatever_the_number_of_commitments(
        self, client, count, django_assert_num_queries
    ):
        for _ in range(count):
            make_commitment()
        with django_assert_num_queries(1):
            client.get("/")
