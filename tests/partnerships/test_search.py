"""Free-text search (partnerships.search): full-text with the Indonesian stemmer and trigram
names on PostgreSQL, words without common suffixes on SQLite."""

import pytest
from django.db import connection

from partnerships.filters import NeedFilter, UmkmFilter
from partnerships.models import Need, Umkm
from partnerships.search import clean_search_query, fallback_words, search_umkm
from partnerships.services.products import product_create
from tests.partnerships.factories import make_need, make_umkm
from tests.partnerships.factories_directory import make_listed_umkm

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def found(query: str) -> list[str]:
    return [umkm.name for umkm in search_umkm(Umkm.objects.all(), query)]


def test_a_query_loses_nul_bytes_and_is_cut_to_200_characters():
    assert clean_search_query("kopi\x00  bubuk ") == ("kopi bubuk", False)
    text, truncated = clean_search_query("a" * 10_000)
    assert (len(text), truncated) == (200, True)


def test_the_fallback_strips_common_suffixes_from_longer_words_only():
    assert fallback_words("Kerupuknya JAHITAN kopi bajunya") == ["kerupuk", "jahit", "kopi", "baju"]


def test_a_stemmed_word_finds_an_umkm_by_its_product_description():
    # Indonesian "kerupuknya" (its crackers) and the description's "kerupuk" stem alike
    # (to_tsvector('indonesian', ...) gives 'rupuk' for both); SQLite strips "-nya".
    make_listed_umkm(
        name="Usaha Bu Tini",
        description="Usaha rumahan di Karawang.",
        products=[("Camilan udang", "Kerupuk udang mentah, dikemas 500 g.")],
    )
    make_listed_umkm(name="Bengkel Las Jaya", description="Pagar dan teralis besi.")
    assert found("kerupuknya") == ["Usaha Bu Tini"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the Indonesian stemmer is PostgreSQL's")
def test_the_indonesian_stemmer_matches_olahan_with_pengolahan():
    make_listed_umkm(name="Rumah Ikan", products=[("Ikan asap", "Pengolahan ikan tradisional.")])
    assert found("olahan ikan") == ["Rumah Ikan"]


@pytest.mark.skipif(
    not ON_POSTGRESQL, reason="misspellings need pg_trgm; SQLite matches whole words only"
)
def test_a_misspelt_name_still_finds_the_business():
    make_listed_umkm(name="Keripik Tempe Sanjaya", description="Camilan khas Bandung.")
    make_listed_umkm(name="Bengkel Las Jaya", description="Pagar dan teralis besi.")
    assert found("Keripik Tempe Sanjya")[0] == "Keripik Tempe Sanjaya"
    assert "Keripik Tempe Sanjaya" in found("Kripik Tempe Sanjaya")


def test_a_name_match_ranks_before_a_description_match():
    make_listed_umkm(name="Toko Serba Ada", description="Menjual kopi bubuk dan teh.")
    make_listed_umkm(name="Kopi Gunung Halu", description="Kebun di Bandung Barat.")
    filterset = UmkmFilter({"q": "kopi"}, queryset=Umkm.objects.all())
    assert [umkm.name for umkm in filterset.qs] == ["Kopi Gunung Halu", "Toko Serba Ada"]


def test_every_word_must_match():
    make_listed_umkm(name="Kopi Gunung Halu", description="Kopi arabika dari Bandung Barat.")
    make_listed_umkm(name="Teh Gunung Mas", description="Teh hijau dari Bogor.")
    assert found("kopi bandung") == ["Kopi Gunung Halu"]
    assert found("teh arabika") == []


def test_needs_are_searched_in_their_own_document():
    make_need(title="Pasokan kerupuk udang", description="Untuk jaringan ritel di Jawa Barat.")
    make_need(title="Jasa servis mesin", description="Perawatan mesin pabrik.")
    filterset = NeedFilter({"q": "kerupuk"}, queryset=Need.objects.open())
    assert [need.title for need in filterset.qs] == ["Pasokan kerupuk udang"]


def test_the_document_is_refreshed_when_a_product_is_added_through_the_service():
    umkm = make_umkm(name="Usaha Bu Tini", description="Usaha rumahan.")
    assert found("rendang") == []
    product_create(
        umkm=umkm,
        data={"name": "Rendang daging", "unit": "kg", "monthly_capacity": 50},
        photo=None,
    )
    umkm.refresh_from_db()
    assert "Rendang daging" in umkm.search_text
    assert found("rendang") == ["Usaha Bu Tini"]
