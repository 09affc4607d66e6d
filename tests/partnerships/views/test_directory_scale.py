"""What keeps the supplier directory fast at a million UMKM (benchmarks/directory.py and
benchmarks/throughput.py measure it): pages for visitors without state served from the
cache, large counts kept for a while, filters the planner can estimate, the indexes of
migration 0015, and the text search's fallback to misspelt names."""

import pytest
from django.contrib.messages import constants as message_levels
from django.db import connection
from django.utils import translation

from partnerships.views import directory
from tests.partnerships.factories_directory import make_listed_umkm

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"


def names(response) -> list[str]:
    return [umkm.name for umkm in response.context["results"]]


def test_a_visitor_without_a_session_gets_the_page_kept_in_the_cache(
    client, settings, django_assert_num_queries
):
    settings.DIRECTORY_CACHE_SECONDS = 60
    make_listed_umkm(name="Keripik Tempe Bu Sri")
    first = client.get("/en/umkm/", {"q": "tempe"})
    make_listed_umkm(name="Tempe Mendoan Pak Budi")

    with django_assert_num_queries(0):
        second = client.get("/en/umkm/", {"q": "tempe"})

    assert second.status_code == 200
    assert second.content == first.content
    assert "Tempe Mendoan Pak Budi" not in second.content.decode()
    # Another URL is another page.
    assert "Tempe Mendoan Pak Budi" in client.get("/en/umkm/", {"q": "mendoan"}).content.decode()


def test_each_language_has_its_own_kept_page(client, settings):
    settings.DIRECTORY_CACHE_SECONDS = 60
    make_listed_umkm(name="Keripik Tempe Bu Sri")

    english = client.get("/en/umkm/").content.decode()
    indonesian = client.get("/umkm/").content.decode()

    assert "Supplier directory" in english
    assert "Supplier directory" not in indonesian


def test_a_signed_in_person_always_gets_a_fresh_page(client, settings, umkm_owner):
    settings.DIRECTORY_CACHE_SECONDS = 60
    make_listed_umkm(name="Keripik Tempe Bu Sri")
    client.get("/en/umkm/")  # kept for visitors
    client.force_login(umkm_owner)
    make_listed_umkm(name="Tempe Mendoan Pak Budi")

    page = client.get("/en/umkm/")

    assert "Tempe Mendoan Pak Budi" in names(page)
    assert "Sign out" in page.content.decode()


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_with_it(client, settings):
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    settings.DIRECTORY_CACHE_SECONDS = 60
    make_listed_umkm(name="Keripik Tempe Bu Sri")
    client.get("/en/umkm/")  # kept for visitors without state
    storage = CookieStorage(client.get("/en/").wsgi_request)
    storage.add(message_levels.SUCCESS, "You have signed out.")
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)

    with translation.override("en"):
        page = client.get("/en/umkm/")

    assert "You have signed out." in page.content.decode()


def test_with_the_cache_off_every_page_is_rendered(client, settings):
    settings.DIRECTORY_CACHE_SECONDS = 0
    make_listed_umkm(name="Keripik Tempe Bu Sri")
    client.get("/en/umkm/")
    make_listed_umkm(name="Tempe Mendoan Pak Budi")

    assert "Tempe Mendoan Pak Budi" in names(client.get("/en/umkm/"))


def test_a_large_count_is_kept_and_a_small_one_is_exact(client, monkeypatch):
    monkeypatch.setattr(directory, "CACHED_COUNT_FROM", 3)
    for number in range(3):
        make_listed_umkm(name=f"Keripik {number}", place="3273")
    make_listed_umkm(name="Kopi 1", place="3578")
    assert client.get("/en/umkm/", {"province": "32"}).context["result_count"] == 3
    assert client.get("/en/umkm/", {"province": "35"}).context["result_count"] == 1

    make_listed_umkm(name="Keripik 4", place="3273")
    make_listed_umkm(name="Kopi 2", place="3578")

    # Three or more: kept; the rows themselves are read afresh (newest first), within the
    # kept count. Fewer: counted again.
    kept = client.get("/en/umkm/", {"province": "32"})
    assert kept.context["result_count"] == 3
    assert names(kept)[0] == "Keripik 4"
    assert client.get("/en/umkm/", {"province": "35"}).context["result_count"] == 2


@pytest.mark.parametrize(
    ("kbli", "expected"),
    [
        ("C", ["Keripik", "Konveksi"]),
        ("10", ["Keripik"]),
        ("107", ["Keripik"]),
        ("1079", ["Keripik"]),
        ("10794", ["Keripik"]),
        ("14", ["Konveksi"]),
        ("G", ["Toko"]),
    ],
)
def test_a_kbli_filter_at_every_level_lists_the_umkm_under_it(client, kbli, expected):
    make_listed_umkm(name="Keripik", kbli=["10794"])
    make_listed_umkm(name="Konveksi", kbli=["14111"])
    make_listed_umkm(name="Toko", kbli=["47111"])

    assert sorted(names(client.get("/en/umkm/", {"kbli": kbli}))) == expected


def test_a_province_filter_lists_its_umkm_with_or_without_a_regency(client):
    make_listed_umkm(name="Bandung", place="3273")
    make_listed_umkm(name="Bekasi", place="3216")
    make_listed_umkm(name="Surabaya", place="3578")

    assert sorted(names(client.get("/en/umkm/", {"province": "32"}))) == ["Bandung", "Bekasi"]
    both = client.get("/en/umkm/", {"province": "32", "regency": "3273"})
    assert names(both) == ["Bandung"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the indexes are PostgreSQL's")
def test_migration_0015_indexes_the_directorys_orders():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'partnerships_umkm'"
            " AND indexname LIKE 'umkm_directory_%%'"
        )
        indexes = dict(cursor.fetchall())

    assert set(indexes) == {
        "umkm_directory_newest",
        "umkm_directory_name",
        "umkm_directory_province_newest",
        "umkm_directory_regency_newest",
        "umkm_directory_size_newest",
        "umkm_directory_export_newest",
    }
    for definition in indexes.values():
        # Partial: only the verified UMKM, the ones the directory lists.
        assert "(verification_state)::text = 'verified'::text" in definition.split("WHERE")[1]
    assert "has_export_experience" in indexes["umkm_directory_export_newest"]


@pytest.mark.skipif(not ON_POSTGRESQL, reason="misspellings need pg_trgm")
def test_misspelt_names_are_looked_for_only_when_no_document_holds_the_words(client):
    make_listed_umkm(name="Keripik Tempe Sanjaya", description="Camilan khas Bandung.")
    make_listed_umkm(name="Sanjaya Motor", description="Bengkel sepeda motor.")

    # "sanjya" is in no document: the names are compared, and the closest comes first.
    assert names(client.get("/en/umkm/", {"q": "Keripik Tempe Sanjya"}))[0] == (
        "Keripik Tempe Sanjaya"
    )
    # "sanjaya" is in both documents: those are the results, the name's match ranks first.
    assert names(client.get("/en/umkm/", {"q": "keripik sanjaya"})) == ["Keripik Tempe Sanjaya"]
