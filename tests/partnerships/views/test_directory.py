"""The public lists /umkm/, /needs/ and /firms/: shareable GET filters, counts, empty states,
pagination that keeps the filters, hostile input, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import CertificationKind, KbliCode, Need, NeedState
from partnerships.models import VerificationState as State
from tests.partnerships.factories import PMA_FROM_JAPAN, make_firm, make_need
from tests.partnerships.factories_directory import make_listed_umkm

pytestmark = pytest.mark.django_db

LISTS = ["umkm_list", "need_list", "firm_list"]


def page_text(response) -> str:
    return response.content.decode()


def test_the_directory_shows_a_listed_umkm_with_its_facts(client):
    umkm = make_listed_umkm(
        name="Kopi Tanjung Pura",
        place="3215",
        kbli=["10761", "46206"],
        certifications=[(CertificationKind.HALAL, None)],
        products=[("Kopi robusta", "Sangrai sedang.")],
        thumbnail=True,
        capital=100_000_000,
        annual_sales=1_000_000_000,
    )
    text = page_text(client.get(reverse("umkm_list")))
    assert reverse("umkm_detail", args=[umkm.pk]) in text
    assert "Kabupaten Karawang, Jawa Barat" in text
    assert "10761" in text  # the first code
    assert "halal" in text
    product = umkm.products.get()
    assert f'src="{reverse("product_thumbnail", args=[product.pk])}"' in text
    assert 'loading="lazy"' in text
    assert 'width="96"' in text
    # Private contacts never show in the directory.
    assert umkm.phone.as_international not in text
    assert umkm.email not in text


def test_only_verified_umkm_are_listed(client):
    make_listed_umkm(name="Verified One")
    for state in (State.DRAFT, State.SUBMITTED, State.REJECTED):
        make_listed_umkm(name=f"Hidden {state}", state=state)
    text = page_text(client.get(reverse("umkm_list")))
    assert "Verified One" in text
    assert "Hidden" not in text


def test_the_count_uses_the_plural_and_filters_narrow_it(client):
    make_listed_umkm(name="A", place="3215")
    make_listed_umkm(name="B", place="3578")
    response = client.get("/en/umkm/")
    assert "2 UMKM found" in page_text(response)
    response = client.get("/en/umkm/", {"province": "32"})
    assert "1 UMKM found" in page_text(response)
    assert response.context["result_count"] == 1


def test_the_empty_state_offers_links_that_drop_one_filter_each(client):
    make_listed_umkm(name="Kerupuk Karawang", place="3215", kbli=["10794"])
    response = client.get("/en/umkm/", {"province": "35", "kbli": "10"})
    text = page_text(response)
    assert "0 UMKM found" in text
    assert "No verified UMKM matches these filters." in text
    assert 'href="?kbli=10"' in text  # without the province
    assert 'href="?province=35"' in text  # without the KBLI


def test_pagination_keeps_the_filters_and_not_the_page(client):
    for number in range(23):
        make_listed_umkm(name=f"Usaha {number:02d}", place="3215")
    make_listed_umkm(name="Elsewhere", place="3578")
    response = client.get(reverse("umkm_list"), {"province": "32", "sort": "name"})
    assert len(response.context["results"]) == 20
    assert 'href="?province=32&amp;sort=name&amp;page=2"' in page_text(response)
    second = client.get(reverse("umkm_list"), {"province": "32", "sort": "name", "page": "2"})
    assert [u.name for u in second.context["results"]] == ["Usaha 20", "Usaha 21", "Usaha 22"]
    assert 'href="?province=32&amp;sort=name&amp;page=1"' in page_text(second)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(
    "params",
    [
        {"province": "abc"},
        {"kbli": "99999999"},
        {"regency": "32a5"},
        {"page": "-1"},
        {"page": "999999"},
        {"page": "9" * 400},
        {"page": "abc"},
        {"q": "x" * 10_000},
        {"q": "kopi\x00", "province": "\x00", "kbli": "\x00", "regency": "\x00", "page": "\x00"},
        {"sort": "' OR 1=1 --", "type": "<script>", "pattern": "🙂", "scale": "huge"},
        {"certification": "1e309", "export": "\x00"},
    ],
)
def test_bad_input_never_breaks_a_list(client, name, params):
    make_listed_umkm(name="Kopi Tanjung Pura")
    make_need()
    response = client.get(reverse(name), params)
    assert response.status_code == 200


def test_repeated_parameters_use_the_last_value(client):
    make_listed_umkm(name="Karawang", place="3215")
    make_listed_umkm(name="Surabaya", place="3578")
    response = client.get(reverse("umkm_list") + "?province=35&province=32")
    assert [u.name for u in response.context["results"]] == ["Karawang"]


def test_a_bad_filter_is_reported_and_left_out(client):
    make_listed_umkm(name="Karawang", place="3215")
    response = client.get("/en/umkm/", {"province": "abc", "kbli": "99999999"})
    text = page_text(response)
    assert "Some filters could not be used and were left out:" in text
    assert "A KBLI filter is a section letter" in text
    assert "1 UMKM found" in text


def test_a_page_beyond_the_last_shows_the_last_page_with_a_notice(client):
    make_listed_umkm(name="Only One")
    response = client.get("/en/umkm/", {"page": "999999"})
    assert response.context["page_obj"].number == 1
    assert "There is no page 999999; the last page, 1, is shown." in page_text(response)


def test_a_long_search_is_cut_with_a_notice(client):
    response = client.get("/en/umkm/", {"q": "kopi " * 2_000})
    assert "only its first 200 characters were used" in page_text(response)
    assert len(response.context["form"].cleaned_data["q"]) <= 200


def test_the_filter_form_is_a_labelled_get_form_with_a_reset_link(client):
    text = page_text(client.get("/en/umkm/"))
    assert 'method="get"' in text
    for name in ("q", "province", "regency", "kbli", "scale", "certification", "export", "sort"):
        assert f'for="id_{name}"' in text
    assert 'type="submit"' in text
    assert 'href="/en/umkm/">Reset filters' in text


def test_the_regency_select_lists_the_chosen_provinces_regencies(client):
    text = page_text(client.get(reverse("umkm_list"), {"province": "32"}))
    assert '<option value="3215"' in text
    assert '<option value="3578"' not in text


def test_the_header_marks_the_current_list(client):
    text = page_text(client.get(reverse("need_list")))
    assert f'href="{reverse("need_list")}" aria-current="page"' in text
    assert f'href="{reverse("umkm_list")}"' in text
    assert f'href="{reverse("firm_list")}"' in text


# Needs


def test_the_needs_list_shows_open_needs_with_their_facts(client):
    firm = make_firm(state=State.VERIFIED, name="PT Pangan Nusantara")
    need = make_need(
        firm,
        title="Kerupuk for Karawang",
        kbli=["10794"],
        locations=["3215"],
        certifications=[CertificationKind.HALAL],
        volume=5_000,
        unit="bungkus",
        estimated_value=75_000_000,
        deadline=timezone.localdate() + timedelta(days=3),
    )
    anywhere = make_need(firm, title="Software from anywhere")
    closed = make_need(firm, title="Closed need")
    Need.objects.filter(pk=closed.pk).update(state=NeedState.CLOSED, closed_at=timezone.now())
    response = client.get("/en/needs/")
    text = page_text(response)
    assert reverse("need_detail", args=[need.pk]) in text
    assert "PT Pangan Nusantara" in text
    assert "Kabupaten Karawang" in text
    assert "Rp75" in text
    assert "10794" in text
    assert "3 days left" in text
    assert "5,000 bungkus" in text
    assert "anywhere in Indonesia" in text
    assert anywhere.title in text
    assert "Closed need" not in text
    assert "2 open needs found" in text


def test_needs_filters_come_from_the_url(client):
    make_need(title="West", locations=["3215"])
    make_need(title="East", locations=["3578"])
    response = client.get(reverse("need_list"), {"province": "35"})
    assert [n.title for n in response.context["results"]] == ["East"]


# Firms


def test_the_firms_list_shows_type_country_sectors_places_and_open_needs(client):
    firm = make_firm(
        state=State.VERIFIED, name="Nippon Motor Indonesia", locations=["3215"], **PMA_FROM_JAPAN
    )
    firm.sectors.set(KbliCode.objects.filter(code="29300"))
    make_need(firm, title="Open one")
    make_need(firm, title="Open two")
    old = make_need(firm, title="Past")
    Need.objects.filter(pk=old.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    make_firm(state=State.SUBMITTED, name="PT Belum")
    response = client.get("/en/firms/")
    text = page_text(response)
    assert reverse("firm_detail", args=[firm.pk]) in text
    assert "Japan" in text
    assert "PMA" in text
    assert "29300" in text
    assert "Jawa Barat" in text
    assert "PT Belum" not in text
    assert [f.open_need_count for f in response.context["results"]] == [2]


# Query counts


def _umkm(count: int):
    for number in range(count):
        make_listed_umkm(
            name=f"Usaha {number}",
            place="3215",
            kbli=["10794", "10761"],
            certifications=[(CertificationKind.HALAL, None)],
            products=[("Kerupuk", "Kerupuk udang."), ("Keripik", "")],
            thumbnail=True,
        )


def _needs(count: int):
    firm = make_firm(state=State.VERIFIED)
    for number in range(count):
        make_need(
            firm,
            title=f"Need {number}",
            kbli=["10794"],
            locations=["3215", "3578"],
            certifications=[CertificationKind.HALAL],
        )


def _firms(count: int):
    for number in range(count):
        firm = make_firm(state=State.VERIFIED, name=f"Firm {number}", locations=["3215", "3578"])
        firm.sectors.set(KbliCode.objects.filter(code__in=["10794", "29300"]))
        make_need(firm)


@pytest.mark.parametrize("size", [3, 25])
@pytest.mark.parametrize(
    ("name", "make", "params"),
    [
        ("umkm_list", _umkm, {"province": "32", "regency": "3215", "kbli": "10", "q": "kerupuk"}),
        ("need_list", _needs, {"province": "32", "kbli": "10794", "certification": "halal"}),
        ("firm_list", _firms, {"province": "32", "kbli": "C", "type": "pmdn"}),
    ],
)
def test_a_list_runs_a_fixed_number_of_queries_whatever_its_size(
    client, django_assert_max_num_queries, name, make, params, size
):
    make(size)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(name), params)
    assert len(response.context["results"]) == min(size, 20)


def test_the_filters_arrive_folded_and_open_when_one_of_them_is_wrong(client):
    # Folded, the results come first on a phone with nothing moving after the first paint
    # (static/js/filters.js opens them on wide screens); with an error the form arrives open.
    folded = client.get(reverse("umkm_list"), {"province": "32"}).text
    assert '<details class="directory-filters__fold">' in folded
    wrong = client.get(reverse("umkm_list"), {"province": "abc"}).text
    assert '<details class="directory-filters__fold" open>' in wrong
